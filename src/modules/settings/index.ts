// Per-province settings (CAT-2, EXM-7, INS-5, SUP-1, SUP-4, CER-1): what the national rules leave to a province, versioned and audited.
export { settingsRoutes } from './routes.js';
export { getProvinceSettings, recordSetting } from './service.js';
export { KINDS, SETTING_GROUPS, nationalValue, valueProblems } from './kinds.js';
