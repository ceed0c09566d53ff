// Workers from a province's earlier system (issue 16 legacy import): registered in bulk with their
// personal data sealed beforehand (the import stages sealed rows), one archive event each (REG-1).
// A person already on the platform is matched by ID number and kept as registered (REG-2).
import type { Actor } from '../../kernel/access.js';
import type { Tx } from '../../db/index.js';
import { sql, type SQL } from 'drizzle-orm';
import { insertMany, jsonColumnsOf } from '../../db/bulk.js';
import { insertArchiveEvents, workerIdsByIdNumberHash } from './queries.js';
import { type archiveEvents, workers } from './schema.js';

const PREPARED_KEYS = [
  'name',
  'gender',
  'birthDate',
  'idNumberSealed',
  'idNumberHash',
  'idNumberMasked',
  'phoneSealed',
  'phoneHash',
  'phoneMasked',
  'education',
  'originalRetirementAge',
  'regionCode',
  'householdRegionCode',
] as const satisfies readonly (keyof PreparedWorker)[];

export type PreparedWorker = Omit<typeof workers.$inferInsert, 'id' | 'registeredByOrgId' | 'registeredAt'>;

/** Registers the workers not yet on the platform; returns every given hash's worker id and how many were new. */
export async function registerImportedWorkers(
  tx: Tx,
  actor: Actor,
  now: Date,
  rows: PreparedWorker[],
  summary: string,
): Promise<{ ids: Map<string, string>; created: number }> {
  const unique = [...new Map(rows.map((r) => [r.idNumberHash, r])).values()];
  const inserted = await insertMany(
    tx,
    workers,
    unique.map((r) => ({ ...r, registeredByOrgId: actor.orgId, registeredAt: now })),
    { onConflictDoNothing: true, returning: ['id', 'idNumberHash'] },
  );
  const ids = new Map(inserted.map((w) => [w.idNumberHash, w.id]));
  const rest = unique.filter((r) => !ids.has(r.idNumberHash)).map((r) => r.idNumberHash);
  for (const [hash, w] of await workerIdsByIdNumberHash(tx, rest)) ids.set(hash, w.id);
  await insertArchiveEvents(
    tx,
    inserted.map((w) => ({
      workerId: w.id,
      occurredAt: now,
      kind: 'registered',
      summary,
      detail: { imported: true },
      actorUserId: actor.userId,
      actorName: actor.displayName,
      orgId: actor.orgId,
      orgName: actor.orgName,
    })),
  );
  return { ids, created: inserted.length };
}

/** REG-1: archive events of many workers in one statement (an import's certificates, say). */
export async function appendArchiveEvents(tx: Tx, rows: (typeof archiveEvents.$inferInsert)[]): Promise<void> {
  await insertArchiveEvents(tx, rows);
}

/**
 * `registerImportedWorkers` for rows already in the database (an import's staged rows): `source`
 * yields `row_no` and `w`, a PreparedWorker as jsonb. One statement registers the new ones with their
 * REG-1 archive event; a person twice in `source` is registered once, from the later row (as the
 * in-process version does). Nothing travels through the process: at 1 M rows the round trip of the
 * rows (read, decode, re-encode) was most of the commit's own time (issue 18).
 */
export async function registerStagedWorkers(
  tx: Tx,
  actor: Actor,
  now: Date,
  source: SQL,
  summary: string,
): Promise<{ created: number; distinct: number }> {
  const { names, exprs } = jsonColumnsOf(workers, PREPARED_KEYS, 'w');
  const at = now.toISOString();
  const result = (await tx.execute(sql`
    with src as (
      select distinct on (s.w->>'idNumberHash') s.w from (${source}) s order by s.w->>'idNumberHash', s.row_no desc
    ), ins as (
      insert into workers (${sql.raw(names)}, registered_by_org_id, registered_at)
      select ${sql.raw(exprs)}, ${actor.orgId}::uuid, ${at}::timestamptz from src
      on conflict do nothing returning id
    ), ev as (
      insert into archive_events (worker_id, occurred_at, kind, summary, detail, actor_user_id, actor_name, org_id, org_name)
      select id, ${at}::timestamptz, 'registered', ${summary}::text, '{"imported":true}'::jsonb, ${actor.userId}::uuid,
             ${actor.displayName}::text, ${actor.orgId}::uuid, ${actor.orgName}::text
      from ins
    )
    select (select count(*) from ins)::int as created, (select count(*) from src)::int as "distinct"`)) as unknown as {
    rows: Array<{ created: number; distinct: number }>;
  };
  return { created: Number(result.rows[0].created), distinct: Number(result.rows[0].distinct) };
}

/**
 * Workers' ids by ID-number hash as a relation `(id, id_number_hash)` to join (set-based imports): a
 * join, not a subquery per row, which the planner ran as a scan per row on a table just written.
 */
export const workerIdsByHashSql = (): SQL => sql`select id, id_number_hash from workers`;
