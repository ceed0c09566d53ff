// Legacy import (issue 16): a province's existing workers and certificates brought onto the platform
// through the shared streaming import mechanism (kernel/imports); imported certificates are first-class.
export { legacyRoutes } from './routes.js';
export { LEGACY_LIMITS, legacyCertificatesImport, legacyWorkersImport } from './service.js';
export {
  LEGACY_IMPORTS,
  legacyInstitutionsImport,
  legacySitesImport,
  legacyLedgersImport,
  legacyReviewsImport,
} from './kinds.js';
export {
  CERTIFICATE_COLUMNS,
  WORKER_COLUMNS,
  INSTITUTION_COLUMNS,
  SITE_COLUMNS,
  LEDGER_COLUMNS,
  REVIEW_COLUMNS,
  OUTCOME_LABELS,
} from './rules.js';
