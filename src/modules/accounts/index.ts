// Accounts, log-in, sessions (argon2id, lockout, idle and absolute expiry, CSRF tokens).
export { accountRoutes, sessionHook, SESSION_COOKIE } from './routes.js';
export { createUser, login } from './service.js';
export { countUsers, findUserByUsername } from './queries.js';
