// Tables of the one bulk-import mechanism (ARCHITECTURE.md "Data flow of one bulk import"): an upload
// and its progress, every problem of every row, and the checked rows staged for the all-or-nothing commit.
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type BulkImportStatus = 'checking' | 'rejected' | 'ready' | 'committing' | 'committed' | 'failed';

export const bulkImports = pgTable(
  'bulk_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Which import (e.g. legacy.certificates); its module owns the rows' meaning. */
    kind: text('kind').notNull(),
    orgId: uuid('org_id'),
    /** The importer's jurisdiction: who may read the import. */
    regionCode: text('region_code'),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').$type<'csv' | 'xlsx'>().notNull(),
    /** Where the upload lies on disk until it is committed or given up. */
    storedPath: text('stored_path').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    status: text('status').$type<BulkImportStatus>().notNull(),
    /** Rows read so far (check phase) or written so far (commit phase). */
    processed: integer('processed').notNull().default(0),
    /** Rows in the file, known once the check has read it all. */
    total: integer('total'),
    committedRows: integer('committed_rows').notNull().default(0),
    problemCount: integer('problem_count').notNull().default(0),
    /** Why the whole file was refused or the job failed (a row's problems are in bulk_import_problems). */
    message: text('message'),
    /** What the commit did: counts per outcome (created / updated / unchanged …). */
    report: jsonb('report').$type<Record<string, number>>(),
    /** What the uploader chose with the file (e.g. the exam vendor), read by its kind's check and commit. */
    params: jsonb('params').$type<Record<string, string>>(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true, mode: 'date' }),
    committedAt: timestamp('committed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('bulk_imports_kind_idx').on(t.kind, t.createdAt)],
);

export const bulkImportProblems = pgTable(
  'bulk_import_problems',
  {
    importId: uuid('import_id').notNull(),
    /** The sheet's row number (the header is row 1). */
    rowNo: integer('row_no').notNull(),
    seq: integer('seq').notNull(),
    field: text('field').notNull(),
    message: text('message').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNo, t.seq] })],
);

/** Checked rows, prepared for writing (personal data already sealed), kept until the commit. */
export const bulkImportRows = pgTable(
  'bulk_import_rows',
  {
    importId: uuid('import_id').notNull(),
    rowNo: integer('row_no').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNo] })],
);
