// Work injuries (ANA-2): import of injury records and their link to certification.
export { injuryCountsByEmployer } from './queries.js';
export type { InjurySeverity, CertificateStandingAtInjury } from './schema.js';
