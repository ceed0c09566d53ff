// The people registry and every worker's life-cycle archive (REG-1..4); later modules append here.
export { registryRoutes } from './routes.js';
export { appendArchiveEvent, ARCHIVE_EVENT_LABELS, type ArchiveEventInput } from './archive.js';
export { insertOrgLink as linkWorkerToOrganisation, hasOrgLink, findWorkerByIdNumberHash } from './queries.js';
export { registerWorker, getWorker, workerScope, checkEligibility } from './service.js';
export { checkApplicantConditions, statutoryRetirementDate, EDUCATION_LABELS, type Education } from './rules.js';
