// The people registry and every worker's life-cycle archive (REG-1..4); later modules append here.
export { registryRoutes } from './routes.js';
export { appendArchiveEvent, ARCHIVE_EVENT_LABELS, type ArchiveEventInput } from './archive.js';
export {
  insertOrgLink as linkWorkerToOrganisation,
  hasOrgLink,
  findWorkerByIdNumberHash,
  findWorkerById,
  workerIdsByIdNumberHash,
  insertOrgLinks as linkWorkersToOrganisation,
  endOrgLink,
  reopenOrgLinks,
} from './queries.js';
export {
  registerWorker,
  getWorker,
  workerScope,
  checkEligibility,
  linkRegisteredWorker,
  newWorkerProblems,
  registerWorkersInBulk,
  registerPreparedWorkersInBulk,
  prepareBulkWorker,
  type PreparedBulkWorker,
  type BulkNewWorker,
} from './service.js';
export {
  checkApplicantConditions,
  statutoryRetirementDate,
  EDUCATION_LABELS,
  EDUCATIONS,
  type Education,
} from './rules.js';
export {
  registerImportedWorkers,
  registerStagedWorkers,
  workerIdsByHashSql,
  appendArchiveEvents,
  type PreparedWorker,
} from './legacy.js';
export { defaultOriginalRetirementAge } from './rules.js';
