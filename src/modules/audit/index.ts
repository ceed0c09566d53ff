// Reading, verifying and anchoring the audit chain (SEC-1); writing it is the kernel's appendAudit.
export { auditRoutes } from './routes.js';
export { AUDIT_CHECKPOINT_QUEUE, registerAuditJobs } from './jobs.js';
