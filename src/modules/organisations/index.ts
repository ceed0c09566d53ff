// Organisations of every kind, each seated in a GB/T 2260 region (regulators' jurisdictions).
export { organisationRoutes } from './routes.js';
export {
  createOrganisation,
  createOrganisationInTransaction,
  getOrganisation,
  organisationScope,
  presentOrganisation,
} from './service.js';
export { findOrganisation, findOrganisationByCreditCode, listOrganisations, type OrganisationRow } from './queries.js';
export { organisationsByCreditCodes, organisationIdsInRegion } from './queries.js';
