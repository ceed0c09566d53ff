// Training institutions: filing (INS-1), basic conditions (INS-2, INS-3), trainer certificates (INS-4), scope (INS-6).
export { filedScopeOf, findFiledFiling, insertFiling, type InstitutionFilingRow } from './queries.js';
