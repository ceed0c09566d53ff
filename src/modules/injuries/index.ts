// Work injuries (ANA-2): import of injury records and their link to certification.
export { injuryCountsByEmployer } from './queries.js';
export type { InjurySeverity, CertificateStandingAtInjury } from './schema.js';
export { injuryRoutes } from './routes.js';
export { previewInjuryImport, commitInjuryImport, injuryTemplate, INJURY_IMPORTS, injuryImport } from './imports.js';
export { injuryAnalysis, injuryRecordList, exportInjuryAnalysis } from './service.js';
export {
  refreshInjuryDenominators,
  registerInjuryJobs,
  REFRESH_QUEUE as INJURY_REFRESH_QUEUE,
} from './denominators.js';
