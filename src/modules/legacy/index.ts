// Legacy import (issue 16): a province's existing workers and certificates brought onto the platform
// through the shared streaming import mechanism (kernel/imports); imported certificates are first-class.
export { legacyRoutes } from './routes.js';
export { LEGACY_IMPORTS, LEGACY_LIMITS, legacyCertificatesImport, legacyWorkersImport } from './service.js';
export { CERTIFICATE_COLUMNS, WORKER_COLUMNS, OUTCOME_LABELS } from './rules.js';
