import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  ilike,
  inArray,
  isNotNull,
  isNull,
  like,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { organisationIdsInRegion } from '../organisations/index.js';
import type { Executor } from '../../db/index.js';
import { insertMany } from '../../db/bulk.js';
import { archiveEvents, healthDeclarations, workerOrgLinks, workers } from './schema.js';
import { RELATION_ACCESS_DAYS } from './rules.js';

export type WorkerRow = typeof workers.$inferSelect;
export type HealthDeclarationRow = typeof healthDeclarations.$inferSelect;
export type ArchiveEventRow = typeof archiveEvents.$inferSelect;
export type WorkerOrgLinkRow = typeof workerOrgLinks.$inferSelect;

/** Which workers a caller may see (SEC-2), as SQL; built by the service from the actor. */
export type WorkerScope =
  | { kind: 'region'; prefix: string }
  | { kind: 'organisation'; orgId: string; at: Date }
  | { kind: 'self'; workerId: string }
  | { kind: 'none' };

export function scopeCondition(scope: WorkerScope): SQL {
  switch (scope.kind) {
    case 'region':
      // Several provinces: a person registered in one province and now employed in another is seen by
      // the regulators of both (one national record, one archive), not registered twice.
      return or(
        like(workers.regionCode, `${scope.prefix}%`),
        exists(
          sql`(select 1 from ${workerOrgLinks} where ${workerOrgLinks.workerId} = ${workers.id} and ${workerOrgLinks.relation} = 'employee' and ${workerOrgLinks.until} is null and ${workerOrgLinks.orgId} in ${organisationIdsInRegion(scope.prefix)})`,
        ),
      ) as SQL;
    case 'organisation':
      return exists(
        sql`(select 1 from ${workerOrgLinks} where ${workerOrgLinks.workerId} = ${workers.id} and ${workerOrgLinks.orgId} = ${scope.orgId} and ${relationGrantsAccess(scope.at)})`,
      );
    case 'self':
      return eq(workers.id, scope.workerId);
    case 'none':
      return sql`false`;
  }
}

const DAY_MS = 86_400_000;

/**
 * SEC-2 (issue 21): an organisation's access to a person lasts as long as the relationship that gave
 * it, and the retention stated in `RELATION_ACCESS_DAYS` (rules.ts), re-checked on every read: an
 * employment or a class while it runs and for a while after it ends; a registration, a link or a
 * candidacy for a fixed time from its start — enough to enrol, hire or examine, not a lifelong view.
 */
function relationGrantsAccess(at: Date): SQL {
  const after = (days: number) => new Date(at.getTime() - days * DAY_MS);
  const ended = Object.entries(RELATION_ACCESS_DAYS.afterEnd).map(
    ([relation, days]) =>
      sql`(${workerOrgLinks.relation} = ${relation} and (${workerOrgLinks.until} is null or ${workerOrgLinks.until} > ${after(days)}))`,
  );
  const fixed = Object.entries(RELATION_ACCESS_DAYS.fromStart).map(
    ([relation, days]) =>
      sql`(${workerOrgLinks.relation} = ${relation} and ${workerOrgLinks.since} > ${after(days)} and (${workerOrgLinks.until} is null or ${workerOrgLinks.until} > ${after(0)}))`,
  );
  return sql`(${sql.join([...ended, ...fixed], sql` or `)})`;
}

export interface WorkerSearch {
  scope: WorkerScope;
  /** SEC-3: every hash the value may be stored under (vault.lookupHashes), during a rotation too. */
  idNumberHash?: string[];
  phoneHash?: string[];
  name?: string;
  regionPrefix?: string;
  page: number;
  pageSize: number;
}

export async function searchWorkers(db: Executor, p: WorkerSearch) {
  const where = and(
    scopeCondition(p.scope),
    p.idNumberHash ? inArray(workers.idNumberHash, p.idNumberHash) : undefined,
    p.phoneHash ? inArray(workers.phoneHash, p.phoneHash) : undefined,
    p.name ? ilike(workers.name, `%${p.name.replace(/[%_\\]/g, '\\$&')}%`) : undefined,
    p.regionPrefix ? like(workers.regionCode, `${p.regionPrefix}%`) : undefined,
  );
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(workers)
      .where(where)
      .orderBy(desc(workers.registeredAt), asc(workers.id))
      .limit(p.pageSize)
      .offset((p.page - 1) * p.pageSize),
    db.select({ total: count() }).from(workers).where(where),
  ]);
  return { items, total };
}

export async function findVisibleWorker(db: Executor, scope: WorkerScope, id: string): Promise<WorkerRow | undefined> {
  const [row] = await db
    .select()
    .from(workers)
    .where(and(eq(workers.id, id), scopeCondition(scope)));
  return row;
}

/** `hash`: one hash, or every hash the number may be stored under while `vault:rotate` runs (vault.lookupHashes). */
export async function findWorkerByIdNumberHash(db: Executor, hash: string | string[]): Promise<WorkerRow | undefined> {
  const [row] = await db
    .select()
    .from(workers)
    .where(inArray(workers.idNumberHash, typeof hash === 'string' ? [hash] : hash))
    .limit(1);
  return row;
}

export async function insertWorker(db: Executor, values: typeof workers.$inferInsert): Promise<WorkerRow> {
  const [row] = await db.insert(workers).values(values).returning();
  return row;
}

export async function insertHealthDeclaration(
  db: Executor,
  values: typeof healthDeclarations.$inferInsert,
): Promise<HealthDeclarationRow> {
  const [row] = await db.insert(healthDeclarations).values(values).returning();
  return row;
}

export async function latestHealthDeclaration(
  db: Executor,
  workerId: string,
): Promise<HealthDeclarationRow | undefined> {
  const [row] = await db
    .select()
    .from(healthDeclarations)
    .where(eq(healthDeclarations.workerId, workerId))
    .orderBy(desc(healthDeclarations.issuedAt), desc(healthDeclarations.recordedAt))
    .limit(1);
  return row;
}

/** Idempotent: a repeated link keeps the original `since`. Returns true when the link is new. */
export async function insertOrgLink(db: Executor, values: typeof workerOrgLinks.$inferInsert): Promise<boolean> {
  const rows = await db.insert(workerOrgLinks).values(values).onConflictDoNothing().returning();
  return rows.length > 0;
}

/**
 * SEC-2: claiming a person again renews a registration or link whose access has lapsed (a worker who
 * comes back to an institution years later); an active link is left as it is.
 */
export async function renewOrgLink(
  db: Executor,
  values: { workerId: string; orgId: string; relation: 'registrar' | 'linked'; since: Date },
): Promise<boolean> {
  const lapsedBefore = new Date(values.since.getTime() - RELATION_ACCESS_DAYS.fromStart[values.relation] * DAY_MS);
  const rows = await db
    .insert(workerOrgLinks)
    .values(values)
    .onConflictDoUpdate({
      target: [workerOrgLinks.workerId, workerOrgLinks.orgId, workerOrgLinks.relation],
      set: { since: values.since, until: null },
      setWhere: sql`${workerOrgLinks.since} <= ${lapsedBefore} or ${workerOrgLinks.until} is not null`,
    })
    .returning();
  return rows.length > 0;
}

export async function listOrgLinks(db: Executor, workerId: string): Promise<WorkerOrgLinkRow[]> {
  return db
    .select()
    .from(workerOrgLinks)
    .where(eq(workerOrgLinks.workerId, workerId))
    .orderBy(asc(workerOrgLinks.since));
}

export async function hasOrgLink(
  db: Executor,
  p: { workerId: string; orgId: string; relations: string[] },
): Promise<boolean> {
  const [row] = await db
    .select({ n: count() })
    .from(workerOrgLinks)
    .where(
      and(
        eq(workerOrgLinks.workerId, p.workerId),
        eq(workerOrgLinks.orgId, p.orgId),
        inArray(workerOrgLinks.relation, p.relations),
        isNull(workerOrgLinks.until),
      ),
    );
  return row.n > 0;
}

/** Ends a link (an employment ended): access through it stops; the row stays as history. */
export async function endOrgLink(
  db: Executor,
  p: { workerId: string; orgId: string; relation: string; until: Date },
): Promise<void> {
  await db
    .update(workerOrgLinks)
    .set({ until: p.until })
    .where(
      and(
        eq(workerOrgLinks.workerId, p.workerId),
        eq(workerOrgLinks.orgId, p.orgId),
        eq(workerOrgLinks.relation, p.relation),
        isNull(workerOrgLinks.until),
      ),
    );
}

/** Reopens ended links of these workers (rehired): the link counts again from `since`. */
export async function reopenOrgLinks(
  db: Executor,
  p: { workerIds: string[]; orgId: string; relation: string; since: Date },
): Promise<void> {
  for (let i = 0; i < p.workerIds.length; i += 1000) {
    await db
      .update(workerOrgLinks)
      .set({ until: null, since: p.since })
      .where(
        and(
          inArray(workerOrgLinks.workerId, p.workerIds.slice(i, i + 1000)),
          eq(workerOrgLinks.orgId, p.orgId),
          eq(workerOrgLinks.relation, p.relation),
          isNotNull(workerOrgLinks.until),
        ),
      );
  }
}

export async function insertArchiveEvent(
  db: Executor,
  values: typeof archiveEvents.$inferInsert,
): Promise<ArchiveEventRow> {
  const [row] = await db.insert(archiveEvents).values(values).returning();
  return row;
}

export async function listArchiveEvents(db: Executor, workerId: string): Promise<ArchiveEventRow[]> {
  return db
    .select()
    .from(archiveEvents)
    .where(eq(archiveEvents.workerId, workerId))
    .orderBy(asc(archiveEvents.occurredAt), asc(archiveEvents.seq));
}

export async function insertWorkers(db: Executor, values: (typeof workers.$inferInsert)[]) {
  return insertMany(db, workers, values, { returning: ['id', 'idNumberHash'] });
}

export async function insertOrgLinks(db: Executor, values: (typeof workerOrgLinks.$inferInsert)[]): Promise<void> {
  await insertMany(db, workerOrgLinks, values, { onConflictDoNothing: true });
}

export async function insertArchiveEvents(db: Executor, values: (typeof archiveEvents.$inferInsert)[]): Promise<void> {
  await insertMany(db, archiveEvents, values);
}

/** Worker ids by ID-number hash, for a batch of hashes (bulk imports). */
export async function workerIdsByIdNumberHash(
  db: Executor,
  hashes: string[],
): Promise<Map<string, { id: string; name: string }>> {
  const found = new Map<string, { id: string; name: string }>();
  for (let i = 0; i < hashes.length; i += 1000) {
    const rows = await db
      .select({ id: workers.id, name: workers.name, hash: workers.idNumberHash })
      .from(workers)
      // One array parameter, not one per hash: 1,000 placeholders cost more to build and to plan.
      .where(sql`${workers.idNumberHash} = any(${sql.param(hashes.slice(i, i + 1000))}::text[])`);
    for (const r of rows) found.set(r.hash, { id: r.id, name: r.name });
  }
  return found;
}

/** A worker by id without a scope: for modules that checked access themselves or act as the system (CER-1). */
export async function findWorkerById(db: Executor, id: string): Promise<WorkerRow | undefined> {
  const [row] = await db.select().from(workers).where(eq(workers.id, id));
  return row;
}
