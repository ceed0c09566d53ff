// The one streaming bulk-import mechanism every import uses (ARCHITECTURE.md "Data flow of one bulk import").
export {
  commitImport,
  drainImportJobs,
  getImport,
  importProblems,
  importStagedRows,
  problemsOfImport,
  IMPORT_BATCH,
  IMPORT_QUEUE,
  IMPORT_QUEUE_SPEC,
  listImports,
  pendingImportJobs,
  presentImport,
  registerImportJobs,
  runImportInline,
  runImportJob,
  STATUS_LABELS,
  uploadImport,
  type CheckedRow,
  type ImportKind,
  type ImportRow,
  type RowProblem,
} from './engine.js';
export {
  checkArchive,
  inspectUpload,
  matchHeader,
  readSheetRows,
  receiveUpload,
  storeUpload,
  tooLarge,
  type ImportColumn,
  type ImportFormat,
  type ImportLimits,
} from './files.js';
export { importTemplateCsv, importTemplateXlsx } from './templates.js';
export { importRoutes } from './routes.js';
