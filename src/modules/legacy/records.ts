// The other kinds of the legacy import (issue 16) share one shape: a row is parsed into a record with a
// natural key, a digest of its content and the source system's record date; the record of where earlier
// imports came from (legacy_records) and the platform's own entities decide newer-wins; the commit writes
// created and updated records through the owning module and remembers each record's origin.
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import {
  mapSliced,
  type CheckedRow,
  type ImportColumn,
  type ImportKind,
  type RowProblem,
} from '../../kernel/imports/index.js';
import { decideRecord, type RecordOutcome } from './rules.js';
import { legacyRecords } from './schema.js';
import { LEGACY_LIMITS, legacyAuthorise } from './service.js';

export interface ParsedRecord<P> {
  key: string;
  digest: string;
  recordedOn: string;
  payload: P;
}

export interface StagedRecord<P> extends ParsedRecord<P> {
  outcome: RecordOutcome;
}

export interface WriteItem<P> extends StagedRecord<P> {
  /** The entity an earlier import made (updated), or the platform's own (matched). */
  entityId: string | null;
}

export interface RecordKindSpec<P, S> {
  name: string;
  slug: string;
  label: string;
  columns: readonly ImportColumn[];
  newState(): S;
  /** Reads what the rows' checks need once per run (e.g. the catalogue's items) into the state. */
  prepare?(ctx: AppContext, state: S): Promise<void>;
  /** The row's own checks (pure, plus the per-file state for duplicates); null when it has problems. */
  parse(
    ctx: AppContext,
    actor: Actor,
    values: Record<string, string>,
    rowNo: number,
    state: S,
    problems: RowProblem[],
  ): ParsedRecord<P> | null;
  /** Checks of the batch against the platform (adds problems to the rows it finds wrong). */
  checkAgainstPlatform?(
    db: Executor,
    ctx: AppContext,
    actor: Actor,
    rows: Array<{ record: ParsedRecord<P>; problems: RowProblem[] }>,
    state: S,
  ): Promise<void>;
  /** The platform's own entities under these keys (a record the platform made, not an import). */
  native(db: Executor, records: ParsedRecord<P>[]): Promise<Map<string, string>>;
  /** Writes the batch; returns the entity id of every created, updated or matched key. */
  write(
    tx: Tx,
    ctx: AppContext,
    actor: Actor,
    items: WriteItem<P>[],
    report: Record<string, number>,
  ): Promise<Map<string, string>>;
  afterCommit?(tx: Tx, ctx: AppContext): Promise<void>;
}

/** SHA-256 of a record's normalised content (the record date left out: the same content is unchanged). */
export function digestOf(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}

async function importedRecords(db: Executor, kind: string, keys: string[]) {
  if (keys.length === 0) return new Map<string, typeof legacyRecords.$inferSelect>();
  const rows = await db
    .select()
    .from(legacyRecords)
    .where(and(eq(legacyRecords.kind, kind), inArray(legacyRecords.key, keys)));
  return new Map(rows.map((r) => [r.key, r]));
}

async function outcomesOf<P>(db: Executor, spec: RecordKindSpec<P, unknown>, records: ParsedRecord<P>[]) {
  const imported = await importedRecords(
    db,
    spec.name,
    records.map((r) => r.key),
  );
  const native = await spec.native(db, records);
  return records.map((r) => {
    const earlier = imported.get(r.key) ?? null;
    const outcome = decideRecord(earlier, native.has(r.key), r);
    return { outcome, entityId: earlier?.entityId ?? native.get(r.key) ?? null };
  });
}

const bump = (report: Record<string, number>, key: string, n = 1) => {
  report[key] = (report[key] ?? 0) + n;
};

export function recordKind<P, S>(spec: RecordKindSpec<P, S>): ImportKind<S> {
  return {
    name: spec.name,
    slug: spec.slug,
    label: spec.label,
    columns: spec.columns,
    limits: LEGACY_LIMITS,
    authorise: legacyAuthorise,
    newCheckState: spec.newState,
    async checkBatch(ctx, actor, rows, state): Promise<CheckedRow[]> {
      await spec.prepare?.(ctx, state);
      const parsed = await mapSliced(rows, ({ rowNo, values }) => {
        const problems: RowProblem[] = [];
        const record = spec.parse(ctx, actor, values, rowNo, state, problems);
        return { rowNo, problems, record };
      });
      const good = parsed.filter((p) => p.record) as Array<{
        rowNo: number;
        problems: RowProblem[];
        record: ParsedRecord<P>;
      }>;
      await spec.checkAgainstPlatform?.(ctx.db, ctx, actor, good, state);
      const outcomes = await outcomesOf(
        ctx.db,
        spec as RecordKindSpec<P, unknown>,
        good.map((g) => g.record),
      );
      const outcomeOf = new Map(good.map((g, i) => [g.rowNo, outcomes[i].outcome]));
      return mapSliced(parsed, ({ rowNo, problems, record }) => {
        if (problems.length || !record) return { rowNo, problems };
        const outcome = outcomeOf.get(rowNo)!;
        const data: StagedRecord<P> = { ...record, outcome };
        return { rowNo, problems, data: data as unknown as Record<string, unknown>, outcome };
      });
    },
    async commitBatch(tx, ctx, actor, staged, report, upload) {
      const records = staged.map((s) => s.data as unknown as StagedRecord<P>);
      // Decided again inside the transaction: the platform may have changed since the preview.
      const outcomes = await outcomesOf(tx, spec as RecordKindSpec<P, unknown>, records);
      const items: WriteItem<P>[] = records.map((r, i) => ({ ...r, ...outcomes[i] }));
      for (const item of items) bump(report, item.outcome);
      const written = await spec.write(tx, ctx, actor, items, report);
      const now = ctx.clock.now();
      const remembered = items.filter(
        (i) => (i.outcome === 'created' || i.outcome === 'updated' || i.outcome === 'matched') && written.has(i.key),
      );
      if (remembered.length === 0) return;
      await tx
        .insert(legacyRecords)
        .values(
          remembered.map((i) => ({
            kind: spec.name,
            key: i.key,
            entityId: written.get(i.key)!,
            recordedOn: i.recordedOn,
            digest: i.digest,
            importId: upload.id,
            writtenAt: now,
          })),
        )
        .onConflictDoUpdate({
          target: [legacyRecords.kind, legacyRecords.key],
          set: {
            entityId: sql`excluded.entity_id`,
            recordedOn: sql`excluded.recorded_on`,
            digest: sql`excluded.digest`,
            importId: sql`excluded.import_id`,
            writtenAt: sql`excluded.written_at`,
          },
        });
    },
    afterCommit: spec.afterCommit,
  };
}
