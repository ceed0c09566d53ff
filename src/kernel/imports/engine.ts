// The one bulk-import mechanism (ARCHITECTURE.md "Data flow of one bulk import"): the upload is
// stored on disk and answered at once; a pg-boss job streams it, checks rows in batches against the
// database, stages the prepared rows and records every row's problems (the preview); on the user's
// confirmation a second job writes the staged rows in batches inside one transaction (all or
// nothing per upload), audited, ending with a report of what was created, updated and left unchanged.
import { randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { and, asc, desc, eq, gt, lte, sql, type SQL } from 'drizzle-orm';
import { insertMany } from '../../db/bulk.js';
import type { Executor, Tx } from '../../db/index.js';
import type { Actor } from '../access.js';
import { appendAudit } from '../audit.js';
import type { AppContext } from '../context.js';
import { sendJob, type JobQueue } from '../jobs.js';
import { conflict, notFound, Problem } from '../problem.js';
import {
  matchHeader,
  readHeader,
  readSheetRows,
  receiveUpload,
  type ImportColumn,
  type ImportFormat,
  type ImportLimits,
} from './files.js';
import { bulkImportProblems, bulkImportRows, bulkImports, type BulkImportStatus } from './schema.js';

export const IMPORT_QUEUE = 'imports';
/** Rows checked, staged or written per statement: large enough for throughput, small enough to yield often. */
export const IMPORT_BATCH = 1000;
/** Staged rows written per batch at commit: one transaction's statements are fewer and larger. */
const COMMIT_BATCH = 5000;
/** A preview lists this many problems per page; all of them are stored. */
const MAX_PAGE = 200;

export interface RowProblem {
  field: string;
  message: string;
}

export interface CheckedRow {
  rowNo: number;
  problems: RowProblem[];
  /** The row prepared for writing (personal data sealed); absent when the row has problems. */
  data?: Record<string, unknown>;
  /** What committing the row would do (created / updated / unchanged …), for the preview's counts. */
  outcome?: string;
  /** Further counters the row adds to the preview (e.g. linked to a registered worker). */
  tallies?: string[];
}

export interface ImportKind<State = unknown> {
  /** Stable name, e.g. `legacy.certificates`. */
  name: string;
  /** Its segment in the URL, e.g. `certificates`. */
  slug: string;
  /** What one row is, in Chinese (for messages and the page). */
  label: string;
  columns: readonly ImportColumn[];
  limits: ImportLimits;
  /** Permission and scope, checked before anything else. */
  authorise(actor: Actor): void;
  /** Per-run memory of the check (e.g. keys seen, for duplicates inside the file). */
  newCheckState(upload: ImportRow): State;
  /**
   * The kind's own reading of the header row, instead of matching `columns` (e.g. a vendor's saved
   * column names, read from the upload's params); it throws the one problem that refuses the file.
   */
  mapHeader?(
    ctx: AppContext,
    actor: Actor,
    header: string[],
    params: Record<string, string>,
  ): Promise<Map<number, string>>;
  /**
   * Problems only visible once every row was read (e.g. a group of rows that must be complete):
   * called after the last batch; any problem it returns refuses the upload like a row's own.
   */
  finishCheck?(ctx: AppContext, actor: Actor, state: State): Promise<Array<{ rowNo: number; problems: RowProblem[] }>>;
  /** Checks one batch of rows (keyed by column key) against the rules and the database. */
  checkBatch(
    ctx: AppContext,
    actor: Actor,
    rows: Array<{ rowNo: number; values: Record<string, string> }>,
    state: State,
  ): Promise<CheckedRow[]>;
  /**
   * A standing that forbids committing at all (e.g. SUP-4: a suspended employer hires nobody): checked
   * when the user confirms (answering the refusal at once) and again at the start of the commit.
   */
  commitGuard?(db: Executor, ctx: AppContext, actor: Actor): Promise<void>;
  /** Runs once at the start of the commit, in its transaction (e.g. the record the rows point at). */
  openCommit?(tx: Tx, ctx: AppContext, actor: Actor, upload: ImportRow): Promise<void>;
  /** Writes one batch of staged rows inside the commit's transaction; adds its outcomes to `report`. */
  commitBatch(
    tx: Tx,
    ctx: AppContext,
    actor: Actor,
    rows: Array<{ rowNo: number; data: Record<string, unknown> }>,
    report: Record<string, number>,
    upload: ImportRow,
  ): Promise<void>;
  /**
   * Writes one batch of staged rows set-based, instead of `commitBatch`: `batch.rows` is a query
   * yielding the batch's `row_no` and `data` (jsonb), for INSERT … SELECT in the database with no round
   * trip of the rows through the process; `batch.read()` fetches them when some need deciding here.
   */
  commitStaged?(
    tx: Tx,
    ctx: AppContext,
    actor: Actor,
    batch: StagedBatch,
    report: Record<string, number>,
    upload: ImportRow,
  ): Promise<void>;
  /** A staged row as the preview lists it (what the row will write or link to); no list without it. */
  presentRow?(data: Record<string, unknown>): unknown;
  /** The audit action of a committed upload (SEC-1); `import.committed` when the kind names none. */
  committedAction?: string;
  /** Runs once at the end of the commit, in its transaction (e.g. invalidating a cache). */
  afterCommit?(tx: Tx, ctx: AppContext): Promise<void>;
}

export type ImportRow = typeof bulkImports.$inferSelect;

/** One batch of an upload's staged rows, as the commit hands it to a kind's `commitStaged`. */
export interface StagedBatch {
  /** `select row_no, data from …` of the batch's rows. */
  rows: SQL;
  /** How many rows the batch has. */
  size: number;
  read(): Promise<Array<{ rowNo: number; data: Record<string, unknown> }>>;
}

export function presentImport(row: ImportRow) {
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    format: row.format,
    sizeBytes: row.sizeBytes,
    status: row.status,
    processed: row.processed,
    total: row.total,
    committedRows: row.committedRows,
    problemCount: row.problemCount,
    message: row.message,
    report: row.report ?? null,
    createdByName: row.createdByName,
    createdAt: row.createdAt.toISOString(),
    checkedAt: row.checkedAt?.toISOString() ?? null,
    committedAt: row.committedAt?.toISOString() ?? null,
  };
}

interface JobData {
  importId: string;
  phase: 'check' | 'commit';
  actor: Actor;
}

const uploadDir = (ctx: AppContext) => path.join(ctx.config.dataDir, 'imports');

/**
 * Stores an upload and queues its check. The file is refused at once (problem+json, nothing stored)
 * when it is too large, an absurd archive, or its header is not the template's.
 */
export async function uploadImport(
  ctx: AppContext,
  actor: Actor,
  kind: ImportKind,
  input: { fileName: string; format: ImportFormat; body: Readable; params?: Record<string, string> },
  options: { queue?: boolean } = {},
) {
  kind.authorise(actor);
  const params = input.params ?? {};
  const id = randomUUID();
  const { file: storedPath, sizeBytes } = await receiveUpload(
    input.body,
    uploadDir(ctx),
    `${id}.${input.format}`,
    input.format,
    kind.limits,
  );
  try {
    const header = await readHeader(storedPath, input.format);
    if (kind.mapHeader) await kind.mapHeader(ctx, actor, header, params);
    else matchHeader(header, kind.columns);
    const row = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(bulkImports)
        .values({
          id,
          kind: kind.name,
          orgId: actor.orgId,
          regionCode: actor.regionCode,
          createdBy: actor.userId,
          createdByName: actor.displayName,
          fileName: input.fileName.slice(0, 200),
          format: input.format,
          storedPath,
          sizeBytes,
          status: 'checking',
          params: Object.keys(params).length ? params : null,
          createdAt: ctx.clock.now(),
        })
        .returning();
      await appendAudit(tx, ctx.clock, actor, {
        action: 'import.uploaded',
        entityType: 'bulk_import',
        entityId: id,
        regionCode: actor.regionCode,
        after: { kind: kind.name, fileName: row.fileName, sizeBytes },
      });
      if (options.queue !== false)
        await sendJob(tx, IMPORT_QUEUE, { importId: id, phase: 'check', actor } satisfies JobData);
      return row;
    });
    return presentImport(row);
  } catch (err) {
    await unlink(storedPath).catch(() => undefined);
    throw err;
  }
}

async function findOwnImport(db: Executor, actor: Actor, id: string, kinds: readonly string[]) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('导入记录');
  const [row] = await db.select().from(bulkImports).where(eq(bulkImports.id, id));
  // SEC-2: an import is its organisation's; another's is a 404.
  if (!row || row.orgId !== actor.orgId || !kinds.includes(row.kind)) throw notFound('导入记录');
  return row;
}

export async function getImport(ctx: AppContext, actor: Actor, kinds: readonly ImportKind[], id: string) {
  kinds[0].authorise(actor);
  return presentImport(
    await findOwnImport(
      ctx.db,
      actor,
      id,
      kinds.map((k) => k.name),
    ),
  );
}

export async function listImports(ctx: AppContext, actor: Actor, kinds: readonly ImportKind[]) {
  kinds[0].authorise(actor);
  const rows = await ctx.db
    .select()
    .from(bulkImports)
    .where(eq(bulkImports.orgId, actor.orgId ?? '00000000-0000-0000-0000-000000000000'))
    .orderBy(desc(bulkImports.createdAt))
    .limit(20);
  return { items: rows.filter((r) => kinds.some((k) => k.name === r.kind)).map(presentImport) };
}

export async function importProblems(
  ctx: AppContext,
  actor: Actor,
  kinds: readonly ImportKind[],
  id: string,
  page: { page: number; pageSize: number },
) {
  kinds[0].authorise(actor);
  const row = await findOwnImport(
    ctx.db,
    actor,
    id,
    kinds.map((k) => k.name),
  );
  const pageSize = Math.min(page.pageSize, MAX_PAGE);
  const items = await ctx.db
    .select({ row: bulkImportProblems.rowNo, field: bulkImportProblems.field, message: bulkImportProblems.message })
    .from(bulkImportProblems)
    .where(eq(bulkImportProblems.importId, id))
    .orderBy(asc(bulkImportProblems.rowNo), asc(bulkImportProblems.seq))
    .limit(pageSize)
    .offset((page.page - 1) * pageSize);
  return { items, total: row.problemCount, page: page.page, pageSize };
}

/** The preview's staged rows of an upload that passed its check, page by page, as its kind presents them. */
export async function importStagedRows(
  ctx: AppContext,
  actor: Actor,
  kinds: readonly ImportKind[],
  id: string,
  page: { page: number; pageSize: number },
) {
  kinds[0].authorise(actor);
  const row = await findOwnImport(
    ctx.db,
    actor,
    id,
    kinds.map((k) => k.name),
  );
  const kind = kinds.find((k) => k.name === row.kind);
  if (!kind?.presentRow) throw notFound('预览');
  const pageSize = Math.min(page.pageSize, MAX_PAGE);
  const staged = await ctx.db
    .select({ data: bulkImportRows.data })
    .from(bulkImportRows)
    .where(eq(bulkImportRows.importId, id))
    .orderBy(asc(bulkImportRows.rowNo))
    .limit(pageSize)
    .offset((page.page - 1) * pageSize);
  const present = kind.presentRow;
  return {
    items: staged.map((s) => present(s.data)),
    total: row.status === 'ready' ? (row.total ?? 0) : 0,
    page: page.page,
    pageSize,
  };
}

/** The problems of an upload (the first `limit`), ordered by row: for callers running an import in-line. */
export async function problemsOfImport(db: Executor, id: string, limit: number) {
  return db
    .select({ row: bulkImportProblems.rowNo, field: bulkImportProblems.field, message: bulkImportProblems.message })
    .from(bulkImportProblems)
    .where(eq(bulkImportProblems.importId, id))
    .orderBy(asc(bulkImportProblems.rowNo), asc(bulkImportProblems.seq))
    .limit(limit);
}

/** The user's confirmation: queues the all-or-nothing commit of an upload that passed its check. */
export async function commitImport(
  ctx: AppContext,
  actor: Actor,
  kinds: readonly ImportKind[],
  id: string,
  options: { queue?: boolean } = {},
) {
  kinds[0].authorise(actor);
  return ctx.db.transaction(async (tx) => {
    const row = await findOwnImport(
      tx,
      actor,
      id,
      kinds.map((k) => k.name),
    );
    if (row.status === 'ready') await kinds.find((k) => k.name === row.kind)?.commitGuard?.(tx, ctx, actor);
    if (row.status !== 'ready')
      throw conflict(
        row.status === 'rejected'
          ? '该文件未通过检查，不能导入；请按问题清单修改后重新上传。'
          : `该导入当前状态为"${STATUS_LABELS[row.status]}"，不能再次确认。`,
      );
    const [updated] = await tx
      .update(bulkImports)
      .set({ status: 'committing', processed: 0 })
      .where(and(eq(bulkImports.id, id), eq(bulkImports.status, 'ready')))
      .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: 'import.commit_requested',
      entityType: 'bulk_import',
      entityId: id,
      regionCode: row.regionCode,
      after: { kind: row.kind, rows: row.total },
    });
    if (options.queue !== false)
      await sendJob(tx, IMPORT_QUEUE, { importId: id, phase: 'commit', actor } satisfies JobData);
    return presentImport(updated);
  });
}

export const STATUS_LABELS: Record<BulkImportStatus, string> = {
  checking: '检查中',
  rejected: '未通过检查',
  ready: '待确认导入',
  committing: '导入中',
  committed: '已导入',
  failed: '导入失败',
};

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Issue 18: an import shares the process with every other request, so no stretch of its JavaScript
 * may hold the event loop for long. Returns a function to call often (per row); it yields to the
 * event loop (pending I/O, other requests) once `budgetMs` have passed since the last yield.
 */
export function timeSlicer(budgetMs = 8): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await yieldToEventLoop();
    since = performance.now();
  };
}

/** `items.map(fn)` in time slices (see `timeSlicer`): a batch's per-row checks in several turns. */
export async function mapSliced<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => R,
  budgetMs = 8,
): Promise<R[]> {
  const slice = timeSlicer(budgetMs);
  const out: R[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    out[i] = fn(items[i], i);
    await slice();
  }
  return out;
}

async function setImport(db: Executor, id: string, values: Partial<ImportRow>) {
  await db.update(bulkImports).set(values).where(eq(bulkImports.id, id));
}

async function dropStaged(db: Executor, id: string) {
  await db.delete(bulkImportRows).where(eq(bulkImportRows.importId, id));
}

/** The check phase: streams the file, checks it in batches, stages good rows, records every problem. */
async function checkPhase(ctx: AppContext, kind: ImportKind, row: ImportRow, actor: Actor) {
  const state = kind.newCheckState(row);
  const preview: Record<string, number> = {};
  let mapping: Map<number, string> | null = null;
  let batch: Array<{ rowNo: number; values: Record<string, string> }> = [];
  let processed = 0;
  let problemCount = 0;
  // The previous batch's write runs while the next batch is read and checked (on PostgreSQL they use
  // two connections; the CPU-bound check and the database's write overlap instead of taking turns).
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.length === 0) return;
    const checked = await kind.checkBatch(ctx, actor, batch, state);
    batch = [];
    await writing;
    const problems = checked.flatMap((c) =>
      c.problems.map((p, seq) => ({
        importId: row.id,
        rowNo: c.rowNo,
        seq,
        field: p.field,
        message: p.message.slice(0, 500),
      })),
    );
    // Once a row is bad the upload cannot be committed: stop staging, keep listing problems.
    const staged =
      problemCount + problems.length === 0
        ? checked.map((c) => ({ importId: row.id, rowNo: c.rowNo, data: c.data ?? {} }))
        : [];
    for (const c of checked) {
      if (c.problems.length) continue;
      for (const key of c.outcome ? [c.outcome, ...(c.tallies ?? [])] : (c.tallies ?? []))
        preview[key] = (preview[key] ?? 0) + 1;
    }
    processed += checked.length;
    problemCount += problems.length;
    const progress = { processed, problemCount };
    writing = ctx.db.transaction(async (tx) => {
      await insertMany(tx, bulkImportProblems, problems);
      await insertMany(tx, bulkImportRows, staged);
      await setImport(tx, row.id, progress);
    });
    // Kept from an unhandled rejection until it is awaited (next batch, or the end of the file).
    writing.catch(() => undefined);
    if (problemCount > 0) {
      await writing;
      await dropStaged(ctx.db, row.id);
    }
    await yieldToEventLoop();
  };
  const slice = timeSlicer();
  try {
    for await (const sheetRow of readSheetRows(row.storedPath, row.format, kind.limits.maxRows)) {
      await slice();
      if (!mapping) {
        mapping = kind.mapHeader
          ? await kind.mapHeader(ctx, actor, sheetRow.cells, row.params ?? {})
          : matchHeader(sheetRow.cells, kind.columns);
        continue;
      }
      const values: Record<string, string> = {};
      for (const [i, key] of mapping) values[key] = sheetRow.cells[i] ?? '';
      if (Object.values(values).every((v) => v === '')) continue;
      batch.push({ rowNo: sheetRow.rowNo, values });
      if (batch.length >= IMPORT_BATCH) await flush();
    }
    await flush();
    await writing;
    // Problems of groups of rows, known only at the end (the kind's finishCheck): they refuse the upload.
    const late = kind.finishCheck ? await kind.finishCheck(ctx, actor, state) : [];
    const lateProblems = late.flatMap((c) =>
      c.problems.map((p, i) => ({
        importId: row.id,
        rowNo: c.rowNo,
        seq: 100 + i,
        field: p.field,
        message: p.message.slice(0, 500),
      })),
    );
    if (lateProblems.length) {
      await insertMany(ctx.db, bulkImportProblems, lateProblems, { onConflictDoNothing: true });
      problemCount += lateProblems.length;
      await dropStaged(ctx.db, row.id);
    }
  } catch (err) {
    await writing.catch(() => undefined);
    // The whole file is refused (row cap passed, unreadable): nothing staged stays behind.
    if (!(err instanceof Problem)) throw err;
    await dropStaged(ctx.db, row.id);
    await setImport(ctx.db, row.id, { status: 'rejected', message: err.detail, processed, checkedAt: ctx.clock.now() });
    await unlink(row.storedPath).catch(() => undefined);
    return;
  }
  const empty = processed === 0;
  const status: BulkImportStatus = problemCount > 0 || empty ? 'rejected' : 'ready';
  await setImport(ctx.db, row.id, {
    status,
    total: processed,
    processed,
    problemCount,
    report: preview,
    message: empty ? `文件中没有${kind.label}数据。` : null,
    checkedAt: ctx.clock.now(),
  });
  if (status === 'rejected') await unlink(row.storedPath).catch(() => undefined);
}

/** The commit phase: every staged row written in batches inside one transaction, or none. */
async function commitPhase(ctx: AppContext, kind: ImportKind, row: ImportRow, actor: Actor) {
  const report: Record<string, number> = {};
  try {
    await ctx.db.transaction(async (tx) => {
      await kind.commitGuard?.(tx, ctx, actor);
      await kind.openCommit?.(tx, ctx, actor, row);
      let after = 0;
      let written = 0;
      for (;;) {
        // The batch's bounds only (the primary key's index): a kind that writes set-based never reads
        // its rows into the process.
        const bounds = (await tx.execute(sql`
          select count(*)::int as n, max(row_no) as upto from (
            select row_no from bulk_import_rows where import_id = ${row.id} and row_no > ${after}
            order by row_no limit ${COMMIT_BATCH}) b`)) as unknown as { rows: Array<{ n: number; upto: number }> };
        const size = Number(bounds.rows[0].n);
        if (size === 0) break;
        const from = after;
        const upto = Number(bounds.rows[0].upto);
        const batch: StagedBatch = {
          rows: sql`select row_no, data from bulk_import_rows where import_id = ${row.id} and row_no > ${from} and row_no <= ${upto}`,
          size,
          read: () =>
            tx
              .select({ rowNo: bulkImportRows.rowNo, data: bulkImportRows.data })
              .from(bulkImportRows)
              .where(
                and(
                  eq(bulkImportRows.importId, row.id),
                  gt(bulkImportRows.rowNo, from),
                  lte(bulkImportRows.rowNo, upto),
                ),
              )
              .orderBy(asc(bulkImportRows.rowNo)),
        };
        if (kind.commitStaged) await kind.commitStaged(tx, ctx, actor, batch, report, row);
        else await kind.commitBatch(tx, ctx, actor, await batch.read(), report, row);
        after = upto;
        written += size;
        // Progress is visible to other connections only on PostgreSQL (PGlite has one session).
        if (ctx.dbKind === 'postgres') await setImport(ctx.db, row.id, { processed: written });
        await yieldToEventLoop();
      }
      // The staging table is unlogged (written once, read once): after a crash of the database it is
      // empty, and a commit that found fewer rows than were checked must write none of them.
      if (written !== (row.total ?? 0))
        throw new Error(`暂存的检查结果不完整（${written}/${row.total ?? 0} 行），请重新上传该文件。`);
      await kind.afterCommit?.(tx, ctx);
      await dropStaged(tx, row.id);
      await setImport(tx, row.id, {
        status: 'committed',
        processed: written,
        committedRows: written,
        report,
        committedAt: ctx.clock.now(),
      });
      // SEC-1: one audit record for the upload, with what it did.
      await appendAudit(tx, ctx.clock, actor, {
        action: kind.committedAction ?? 'import.committed',
        entityType: 'bulk_import',
        entityId: row.id,
        regionCode: row.regionCode,
        after: { kind: row.kind, fileName: row.fileName, rows: written, ...report },
      });
    });
  } catch (err) {
    // A rule that refused the commit (a certificate revoked since the check, say) names its rows in the
    // preview's problem list; the rule's own Chinese detail is the message.
    const rows =
      err instanceof Problem
        ? (err.options.errors ?? (err.options.extra?.errors as RowProblem[] | undefined) ?? [])
        : [];
    const problems = rows.flatMap((e, seq) => {
      const rowNo = Number((e as { row?: unknown }).row);
      return Number.isInteger(rowNo)
        ? [{ importId: row.id, rowNo, seq, field: e.field, message: e.message.slice(0, 500) }]
        : [];
    });
    await insertMany(ctx.db, bulkImportProblems, problems, { onConflictDoNothing: true });
    await dropStaged(ctx.db, row.id);
    await setImport(ctx.db, row.id, {
      status: 'failed',
      problemCount: problems.length,
      message: `导入失败，未写入任何数据：${err instanceof Problem ? `${err.detail}${err.options.rule ? `（${err.options.rule}）` : ''}` : String((err as Error)?.message ?? err).slice(0, 300)}`,
    });
    await unlink(row.storedPath).catch(() => undefined);
    if (err instanceof Problem) return;
    throw err;
  }
  await unlink(row.storedPath).catch(() => undefined);
}

/** Runs one phase of one import (the job's body; tests call it directly to run the job in-line). */
export async function runImportJob(ctx: AppContext, kinds: readonly ImportKind[], data: JobData): Promise<void> {
  const [row] = await ctx.db.select().from(bulkImports).where(eq(bulkImports.id, data.importId));
  if (!row) return;
  const kind = kinds.find((k) => k.name === row.kind);
  if (!kind) throw new Error(`imports: no import kind ${row.kind}`);
  if (data.phase === 'check' && row.status === 'checking') {
    try {
      await checkPhase(ctx, kind, row, data.actor);
    } catch (err) {
      await dropStaged(ctx.db, row.id);
      await setImport(ctx.db, row.id, {
        status: 'failed',
        message: `检查中断：${String((err as Error)?.message ?? err).slice(0, 300)}`,
      });
      throw err;
    }
  }
  if (data.phase === 'commit' && row.status === 'committing') await commitPhase(ctx, kind, row, data.actor);
}

/**
 * A whole import in this process, without the queue (the demo seed, tests of a module's rules): the
 * upload, its check, and — when asked and the check passed — the commit. Returns the import as the
 * page would see it at the end.
 */
export async function runImportInline(
  ctx: AppContext,
  actor: Actor,
  kind: ImportKind,
  input: { fileName: string; format: ImportFormat; buffer: Buffer; params?: Record<string, string> },
  options: { commit: boolean },
) {
  const body = Readable.from([input.buffer]);
  const uploaded = await uploadImport(ctx, actor, kind, { ...input, body }, { queue: false });
  await runImportJob(ctx, [kind], { importId: uploaded.id, phase: 'check', actor });
  const [checked] = await ctx.db.select().from(bulkImports).where(eq(bulkImports.id, uploaded.id));
  if (!options.commit || checked.status !== 'ready') return presentImport(checked);
  await commitImport(ctx, actor, [kind], uploaded.id, { queue: false });
  await runImportJob(ctx, [kind], { importId: uploaded.id, phase: 'commit', actor });
  const [done] = await ctx.db.select().from(bulkImports).where(eq(bulkImports.id, uploaded.id));
  return presentImport(done);
}

/** The pending jobs of the import queue (tests and the bench drain them in-line). */
export async function pendingImportJobs(db: Executor): Promise<Array<{ id: string; data: JobData }>> {
  return (
    (await db.execute(
      sql`select id, data from pgboss.job where name = ${IMPORT_QUEUE} and state = 'created' order by created_on`,
    )) as unknown as { rows: Array<{ id: string; data: JobData }> }
  ).rows;
}

/** Runs every queued import job now, in this process (tests; the bench without a running pg-boss). */
export async function drainImportJobs(ctx: AppContext, kinds: readonly ImportKind[]): Promise<number> {
  let n = 0;
  for (;;) {
    const jobs = await pendingImportJobs(ctx.db);
    if (jobs.length === 0) return n;
    for (const job of jobs) {
      await ctx.db.execute(sql`update pgboss.job set state = 'completed', completed_on = now() where id = ${job.id}`);
      await runImportJob(ctx, kinds, job.data).catch(() => undefined);
      n += 1;
    }
  }
}

/** No retry: a failed commit wrote nothing and the user re-uploads; a 1 M-row commit may take a while. */
export const IMPORT_QUEUE_SPEC = { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 4 * 3600 };

/** The import queue and its worker, in the serving process. */
export async function registerImportJobs(jobs: JobQueue, ctx: AppContext, kinds: readonly ImportKind[]) {
  await jobs.defineQueue(IMPORT_QUEUE, IMPORT_QUEUE_SPEC);
  await jobs.work<JobData>(IMPORT_QUEUE, async (job) => runImportJob(ctx, kinds, job.data), {
    batchSize: 1,
    pollingIntervalSeconds: 1,
  });
}
