// The one streaming bulk-import mechanism every import uses (ARCHITECTURE.md "Data flow of one bulk import").
export {
  commitImport,
  drainImportJobs,
  getImport,
  importProblems,
  IMPORT_BATCH,
  IMPORT_QUEUE,
  IMPORT_QUEUE_SPEC,
  listImports,
  presentImport,
  registerImportJobs,
  runImportJob,
  STATUS_LABELS,
  uploadImport,
  type CheckedRow,
  type ImportKind,
  type RowProblem,
} from './engine.js';
export {
  checkArchive,
  matchHeader,
  readSheetRows,
  storeUpload,
  type ImportColumn,
  type ImportFormat,
  type ImportLimits,
} from './files.js';
export { importTemplateCsv, importTemplateXlsx } from './templates.js';
export { importRoutes } from './routes.js';
