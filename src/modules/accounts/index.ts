// Accounts, log-in, sessions (argon2id, lockout, idle and absolute expiry, CSRF tokens).
export { accountRoutes, sessionHook, SESSION_COOKIE } from './routes.js';
export {
  forgetSession,
  sessionGuardOf,
  sessionGuardCondition,
  sessionGuardOn,
  sessionGuardSql,
  sessionGuardValues,
  type SessionGuard,
} from './hot-session.js';
export {
  createUser,
  createUserInTransaction,
  linkWorkerAccount,
  login,
  loginNewAccount,
  phoneUsername,
  setInitialPassword,
} from './service.js';
export {
  countUsers,
  findUser,
  findUserByUsername,
  findUserLinkedToWorker,
  listUsersOfOrganisation,
} from './queries.js';
export {
  challengePhone,
  completeSecondFactor,
  preparePassword,
  resetPasswordByVerifiedPhone,
  setSmsFactor,
} from './factors.js';
