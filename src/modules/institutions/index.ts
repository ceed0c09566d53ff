// Training institutions: filing (INS-1), basic conditions (INS-2, INS-3), trainer certificates (INS-4), scope (INS-6).
export { institutionRoutes } from './routes.js';
export {
  filedScopeOf,
  findFiledFiling,
  listTeachers,
  insertFiling,
  updateFiling,
  teacherRecordsByIdHash,
  managerRecordsByIdHash,
  type InstitutionFilingRow,
  type TeacherRow,
} from './queries.js';
export {
  submitFiling,
  reviewFiling,
  recordFiling,
  addTeacher,
  deleteTeacher,
  basicConditionsOf,
  type NewTeacher,
} from './service.js';
export type { Condition } from './rules.js';
export type { FilingFacts } from './rules.js';
export type { SubmittedFacts } from './service.js';
export { compliantFacts, compliantTeachers } from './examples.js';
// SUP-4: sanctions decided by supervision take effect here.
export {
  suspendInstitution,
  eliminateInstitution,
  restoreInstitution,
  institutionSanctions,
  requireInstitutionNotSanctioned,
  publishInstitutionRating,
  institutionRatings,
} from './sanctions.js';
// INS-4 when teaching happens: training asks it per session and per check-in.
export { teachingVerdict, type TeachingVerdict } from './teaching.js';
// Issue 19 item 4: the 工作台's queue.
export { filingReviewQueue } from './queue.js';
