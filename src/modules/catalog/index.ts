// The national catalogue of special operations and its reference data (CAT-1..3).
export { catalogRoutes } from './routes.js';
export { ensureCatalogue, countOperationItems } from './queries.js';
export type { OperationItemRow } from './queries.js';
export { getCatalogue, getOperationItem, itemDetailsIn, presentItem, setSyllabusHours } from './service.js';
export { EDUCATION_MIN_LABELS } from './service.js';
