// Reads and writes of the integrity module as functions of (db, params); no business decisions here.
import { and, count, desc, eq, gte, inArray, like, sql } from 'drizzle-orm';
import { insertMany } from '../../db/bulk.js';
import type { Executor } from '../../db/index.js';
import {
  integrityCompromisedItems,
  integrityScores,
  type ScoreGrade,
  type ScoreLevel,
  integrityFlags,
  integrityPatrolActions,
  integrityProposals,
  integrityScans,
  integritySiteRegisters,
  integrityVisits,
  type FlagStatus,
} from './schema.js';

export type FlagRow = typeof integrityFlags.$inferSelect;
export type ScanRow = typeof integrityScans.$inferSelect;

export async function insertScan(db: Executor, values: typeof integrityScans.$inferInsert): Promise<ScanRow> {
  const [row] = await db.insert(integrityScans).values(values).returning();
  return row;
}
export async function findScan(db: Executor, id: string): Promise<ScanRow | undefined> {
  const [row] = await db.select().from(integrityScans).where(eq(integrityScans.id, id));
  return row;
}
export async function updateScan(db: Executor, id: string, set: Partial<typeof integrityScans.$inferInsert>) {
  await db.update(integrityScans).set(set).where(eq(integrityScans.id, id));
}
export async function latestScans(db: Executor, limit: number) {
  return db.select().from(integrityScans).orderBy(desc(integrityScans.createdAt)).limit(limit);
}
/** Session ids already covered by a finished or running session scan. */
export async function scannedSessionIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: sql<string>`s.value` })
    .from(
      sql`${integrityScans}, jsonb_array_elements_text(coalesce(${integrityScans.scope}->'sessionIds', '[]'::jsonb)) as s`,
    )
    .where(and(eq(integrityScans.trigger, 'session'), inArray(sql`s.value`, ids)));
  return new Set(rows.map((r) => r.id));
}

/** Inserts a finding or refreshes its open flag; a decided flag stays as decided. */
export async function upsertFlag(db: Executor, values: typeof integrityFlags.$inferInsert): Promise<void> {
  const { id: _id, createdAt: _c, status: _s, dedupeKey: _k, ...refresh } = values;
  await db
    .insert(integrityFlags)
    .values(values)
    .onConflictDoUpdate({
      target: integrityFlags.dedupeKey,
      set: refresh,
      setWhere: eq(integrityFlags.status, 'open'),
    });
}
export async function findFlag(db: Executor, id: string, forUpdate = false): Promise<FlagRow | undefined> {
  const q = db.select().from(integrityFlags).where(eq(integrityFlags.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}
export async function updateFlag(db: Executor, id: string, set: Partial<typeof integrityFlags.$inferInsert>) {
  const [row] = await db.update(integrityFlags).set(set).where(eq(integrityFlags.id, id)).returning();
  return row;
}
export interface FlagFilter {
  regionPrefix: string | null;
  centreOrgId?: string;
  status?: FlagStatus;
  siteId?: string;
  sessionIds?: string[];
  rule?: string;
  page: number;
  pageSize: number;
}
export async function listFlags(db: Executor, f: FlagFilter) {
  const where = and(
    f.regionPrefix ? like(integrityFlags.regionCode, `${f.regionPrefix}%`) : undefined,
    f.centreOrgId ? eq(integrityFlags.centreOrgId, f.centreOrgId) : undefined,
    f.status ? eq(integrityFlags.status, f.status) : undefined,
    f.siteId ? eq(integrityFlags.siteId, f.siteId) : undefined,
    f.rule ? eq(integrityFlags.rule, f.rule) : undefined,
    f.sessionIds
      ? inArray(integrityFlags.sessionId, f.sessionIds.length ? f.sessionIds : ['00000000-0000-0000-0000-000000000000'])
      : undefined,
  );
  const [{ total }] = await db.select({ total: count() }).from(integrityFlags).where(where);
  const items = await db
    .select()
    .from(integrityFlags)
    .where(where)
    .orderBy(desc(integrityFlags.score), desc(integrityFlags.createdAt))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items, total: Number(total) };
}

export async function insertProposal(db: Executor, values: typeof integrityProposals.$inferInsert) {
  const [row] = await db.insert(integrityProposals).values(values).returning();
  return row;
}
export async function listProposals(db: Executor, regionPrefix: string | null) {
  return db
    .select()
    .from(integrityProposals)
    .where(regionPrefix ? like(integrityProposals.regionCode, `${regionPrefix}%`) : undefined)
    .orderBy(desc(integrityProposals.createdAt))
    .limit(200);
}

export async function findRegisters(db: Executor, siteIds: string[]) {
  if (!siteIds.length) return new Map<string, typeof integritySiteRegisters.$inferSelect>();
  const rows = await db.select().from(integritySiteRegisters).where(inArray(integritySiteRegisters.siteId, siteIds));
  return new Map(rows.map((r) => [r.siteId, r]));
}
export async function upsertRegister(db: Executor, values: typeof integritySiteRegisters.$inferInsert) {
  const { siteId: _s, ...set } = values;
  await db
    .insert(integritySiteRegisters)
    .values(values)
    .onConflictDoUpdate({ target: integritySiteRegisters.siteId, set });
}

export async function insertPatrolAction(db: Executor, values: typeof integrityPatrolActions.$inferInsert) {
  const [row] = await db.insert(integrityPatrolActions).values(values).returning();
  return row;
}
export async function patrolCounts(db: Executor, regionPrefix: string | null, since: Date) {
  const rows = await db
    .select({
      kind: integrityPatrolActions.kind,
      n: count(),
      sessions: sql<number>`count(distinct ${integrityPatrolActions.sessionId})`,
    })
    .from(integrityPatrolActions)
    .where(
      and(
        regionPrefix ? like(integrityPatrolActions.regionCode, `${regionPrefix}%`) : undefined,
        gte(integrityPatrolActions.at, since),
      ),
    )
    .groupBy(integrityPatrolActions.kind);
  const by = new Map(rows.map((r) => [r.kind, r]));
  return {
    sessionsPatrolled: Number(by.get('patrolled')?.sessions ?? 0),
    warnings: Number(by.get('warning')?.n ?? 0),
    cancellations: Number(by.get('cancellation')?.n ?? 0),
  };
}
export async function patrolActionsOfSession(db: Executor, sessionId: string) {
  return db
    .select()
    .from(integrityPatrolActions)
    .where(eq(integrityPatrolActions.sessionId, sessionId))
    .orderBy(desc(integrityPatrolActions.at));
}

export async function insertVisits(db: Executor, values: Array<typeof integrityVisits.$inferInsert>) {
  if (!values.length) return [];
  return db.insert(integrityVisits).values(values).returning();
}
export async function findVisit(db: Executor, id: string) {
  const [row] = await db.select().from(integrityVisits).where(eq(integrityVisits.id, id));
  return row;
}
export async function updateVisit(db: Executor, id: string, set: Partial<typeof integrityVisits.$inferInsert>) {
  const [row] = await db.update(integrityVisits).set(set).where(eq(integrityVisits.id, id)).returning();
  return row;
}
export async function listVisits(db: Executor, regionPrefix: string | null) {
  return db
    .select()
    .from(integrityVisits)
    .where(regionPrefix ? like(integrityVisits.regionCode, `${regionPrefix}%`) : undefined)
    .orderBy(desc(integrityVisits.drawnAt))
    .limit(100);
}

export type ScoreRow = typeof integrityScores.$inferSelect;
export type CompromisedRow = typeof integrityCompromisedItems.$inferSelect;

/** Replaces each subject's score with this scan's (one row per level and subject). */
export async function replaceScores(db: Executor, rows: Array<typeof integrityScores.$inferInsert>): Promise<void> {
  for (const level of ['attempt', 'session', 'site'] as const) {
    const ids = rows.filter((r) => r.level === level).map((r) => r.subjectId);
    for (let k = 0; k < ids.length; k += 5000)
      await db
        .delete(integrityScores)
        .where(and(eq(integrityScores.level, level), inArray(integrityScores.subjectId, ids.slice(k, k + 5000))));
  }
  await insertMany(db, integrityScores, rows);
}

export interface ScoreFilter {
  regionPrefix: string | null;
  centreOrgId?: string;
  level: ScoreLevel;
  siteId?: string;
  grade?: ScoreGrade;
  page: number;
  pageSize: number;
}

function scoreWhere(f: Omit<ScoreFilter, 'page' | 'pageSize'>) {
  return and(
    eq(integrityScores.level, f.level),
    f.regionPrefix ? like(integrityScores.regionCode, `${f.regionPrefix}%`) : undefined,
    f.centreOrgId ? eq(integrityScores.centreOrgId, f.centreOrgId) : undefined,
    f.siteId ? eq(integrityScores.siteId, f.siteId) : undefined,
    f.grade ? eq(integrityScores.grade, f.grade) : undefined,
  );
}

/** Scores ranked by evidence (−log10 p, highest first). */
export async function listScores(db: Executor, f: ScoreFilter) {
  const where = scoreWhere(f);
  const items = await db
    .select()
    .from(integrityScores)
    .where(where)
    .orderBy(desc(integrityScores.log10P), integrityScores.subjectId)
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  const [{ total }] = await db.select({ total: count() }).from(integrityScores).where(where);
  return { items, total: Number(total) };
}

/** A scan's compromised items replace the earlier findings of the same site and form. */
export async function replaceCompromised(
  db: Executor,
  scopes: Array<{ siteId: string; itemCode: string }>,
  rows: Array<typeof integrityCompromisedItems.$inferInsert>,
): Promise<void> {
  for (const s of scopes)
    await db
      .delete(integrityCompromisedItems)
      .where(and(eq(integrityCompromisedItems.siteId, s.siteId), eq(integrityCompromisedItems.itemCode, s.itemCode)));
  await insertMany(db, integrityCompromisedItems, rows);
}

export async function listCompromised(
  db: Executor,
  f: { regionPrefix: string | null; centreOrgId?: string; siteId?: string },
) {
  return db
    .select()
    .from(integrityCompromisedItems)
    .where(
      and(
        f.regionPrefix ? like(integrityCompromisedItems.regionCode, `${f.regionPrefix}%`) : undefined,
        f.centreOrgId ? eq(integrityCompromisedItems.centreOrgId, f.centreOrgId) : undefined,
        f.siteId ? eq(integrityCompromisedItems.siteId, f.siteId) : undefined,
      ),
    )
    .orderBy(integrityCompromisedItems.siteName, integrityCompromisedItems.itemCode, integrityCompromisedItems.pValue)
    .limit(2000);
}
