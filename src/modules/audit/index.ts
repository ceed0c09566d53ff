// Reading and verifying the audit chain (SEC-1); writing it is the kernel's appendAudit.
export { auditRoutes } from './routes.js';
