// Reads and writes of the exams module as functions of (db, params); no business decisions here.
import { and, asc, count, desc, eq, inArray, isNull, like, lte, max, ne, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/index.js';
import { groupCommitter, type GroupCommitter } from '../../db/group-commit.js';
import { isEmbedded, preparedRows, type PreparedRows } from '../../db/prepared.js';
import { sessionGuardOn, sessionGuardValues, type SessionGuard } from '../accounts/index.js';
import {
  examAnswerEvents,
  examBlueprintVersions,
  examBookings,
  examFinalAnswers,
  examIncidents,
  examPapers,
  examPlans,
  examPracticalSheets,
  examQuestions,
  examResults,
  examSessionArchive,
  examSessions,
  examSites,
  examVendorItems,
} from './schema.js';

export type QuestionRow = typeof examQuestions.$inferSelect;
export type BlueprintRow = typeof examBlueprintVersions.$inferSelect;
export type SiteRow = typeof examSites.$inferSelect;
export type PlanRow = typeof examPlans.$inferSelect;
export type SessionRow = typeof examSessions.$inferSelect;
export type BookingRow = typeof examBookings.$inferSelect;
export type PaperRow = typeof examPapers.$inferSelect;
export type AnswerEventRow = typeof examAnswerEvents.$inferSelect;

// ---- question bank -------------------------------------------------------------------------

/** The province whose bank and blueprints apply: the national rows (null) plus the province's own. */
const bankOf = (provinceCode: string | null) =>
  provinceCode
    ? or(isNull(examQuestions.provinceCode), eq(examQuestions.provinceCode, provinceCode))
    : isNull(examQuestions.provinceCode);

/** A province's version of a key replaces the national one in that province; other keys are shared. */
function provinceFirst<T extends { itemCode: string; key: string; provinceCode: string | null }>(rows: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const r of rows) {
    const k = `${r.itemCode}\u0000${r.key}`;
    const seen = byKey.get(k);
    if (!seen || (!seen.provinceCode && r.provinceCode)) byKey.set(k, r);
  }
  return [...byKey.values()];
}

/** EXM-6: the current questions a paper in `provinceCode` is drawn from (national ∪ the province's own). */
export async function currentQuestions(
  db: Executor,
  itemCode: string,
  provinceCode: string | null = null,
): Promise<QuestionRow[]> {
  const rows = await db
    .select()
    .from(examQuestions)
    .where(and(eq(examQuestions.itemCode, itemCode), eq(examQuestions.current, true), bankOf(provinceCode)))
    .orderBy(asc(examQuestions.key));
  return provinceFirst(rows);
}

/** The current version of a key in the bank of exactly this province (null: the national bank). */
export async function currentQuestionByKey(
  db: Executor,
  itemCode: string,
  key: string,
  provinceCode: string | null = null,
): Promise<QuestionRow | undefined> {
  const [row] = await db
    .select()
    .from(examQuestions)
    .where(
      and(
        eq(examQuestions.itemCode, itemCode),
        eq(examQuestions.key, key),
        eq(examQuestions.current, true),
        provinceCode ? eq(examQuestions.provinceCode, provinceCode) : isNull(examQuestions.provinceCode),
      ),
    );
  return row;
}

export async function retireQuestion(db: Executor, id: string): Promise<void> {
  await db.update(examQuestions).set({ current: false }).where(eq(examQuestions.id, id));
}

export async function insertQuestion(db: Executor, values: typeof examQuestions.$inferInsert): Promise<QuestionRow> {
  const [row] = await db.insert(examQuestions).values(values).returning();
  return row;
}

export async function questionsByIds(db: Executor, ids: string[]): Promise<QuestionRow[]> {
  if (!ids.length) return [];
  return db.select().from(examQuestions).where(inArray(examQuestions.id, ids));
}

export async function bankSummary(db: Executor, provinceCode: string | null = null) {
  const rows = await db
    .select({
      itemCode: examQuestions.itemCode,
      key: examQuestions.key,
      provinceCode: examQuestions.provinceCode,
      kind: examQuestions.kind,
      knowledgePoint: examQuestions.knowledgePoint,
    })
    .from(examQuestions)
    .where(and(eq(examQuestions.current, true), bankOf(provinceCode)));
  const counts = new Map<string, { itemCode: string; kind: string; knowledgePoint: string; n: number }>();
  for (const r of provinceFirst(rows)) {
    const k = `${r.itemCode}\u0000${r.kind}\u0000${r.knowledgePoint}`;
    const c = counts.get(k) ?? { itemCode: r.itemCode, kind: r.kind, knowledgePoint: r.knowledgePoint, n: 0 };
    c.n += 1;
    counts.set(k, c);
  }
  return [...counts.values()];
}

/**
 * EXM-6 / EXM-8: the blueprint in force for an exam of `itemCode` on `day` in `provinceCode`: the
 * province's latest version effective by that day, else the national default's.
 */
export async function blueprintInForce(
  db: Executor,
  itemCode: string,
  provinceCode: string | null,
  day: string,
): Promise<BlueprintRow | undefined> {
  const rows = await db
    .select()
    .from(examBlueprintVersions)
    .where(
      and(
        eq(examBlueprintVersions.itemCode, itemCode),
        lte(examBlueprintVersions.effectiveFrom, day),
        provinceCode
          ? or(isNull(examBlueprintVersions.provinceCode), eq(examBlueprintVersions.provinceCode, provinceCode))
          : isNull(examBlueprintVersions.provinceCode),
      ),
    )
    .orderBy(
      sql`${examBlueprintVersions.provinceCode} is null`,
      desc(examBlueprintVersions.effectiveFrom),
      desc(examBlueprintVersions.version),
    )
    .limit(1);
  return rows[0];
}

/** Every version of an item's blueprint in a province (and the national default), newest first. */
export async function blueprintVersions(
  db: Executor,
  itemCode: string,
  provinceCode: string | null,
): Promise<BlueprintRow[]> {
  return db
    .select()
    .from(examBlueprintVersions)
    .where(
      and(
        eq(examBlueprintVersions.itemCode, itemCode),
        provinceCode
          ? or(isNull(examBlueprintVersions.provinceCode), eq(examBlueprintVersions.provinceCode, provinceCode))
          : isNull(examBlueprintVersions.provinceCode),
      ),
    )
    .orderBy(desc(examBlueprintVersions.effectiveFrom), desc(examBlueprintVersions.version));
}

export async function latestBlueprintVersionNumber(
  db: Executor,
  itemCode: string,
  provinceCode: string | null,
): Promise<number> {
  const [row] = await db
    .select({ v: max(examBlueprintVersions.version) })
    .from(examBlueprintVersions)
    .where(
      and(
        eq(examBlueprintVersions.itemCode, itemCode),
        provinceCode
          ? eq(examBlueprintVersions.provinceCode, provinceCode)
          : isNull(examBlueprintVersions.provinceCode),
      ),
    );
  return Number(row?.v ?? 0);
}

export async function insertBlueprintVersion(
  db: Executor,
  values: typeof examBlueprintVersions.$inferInsert,
): Promise<BlueprintRow> {
  const [row] = await db.insert(examBlueprintVersions).values(values).returning();
  return row;
}

// ---- sites -----------------------------------------------------------------------------------

export async function insertSite(db: Executor, values: typeof examSites.$inferInsert): Promise<SiteRow> {
  const [row] = await db.insert(examSites).values(values).returning();
  return row;
}

export async function findSite(db: Executor, id: string): Promise<SiteRow | undefined> {
  const [row] = await db.select().from(examSites).where(eq(examSites.id, id));
  return row;
}

export async function updateSite(
  db: Executor,
  id: string,
  set: Partial<typeof examSites.$inferInsert>,
): Promise<SiteRow> {
  const [row] = await db.update(examSites).set(set).where(eq(examSites.id, id)).returning();
  return row;
}

/** Issue 16 (legacy exam sites): the sites of these exam centres, to match a record by centre and name. */
export async function sitesOfCentres(db: Executor, centreOrgIds: string[]): Promise<SiteRow[]> {
  if (centreOrgIds.length === 0) return [];
  return db.select().from(examSites).where(inArray(examSites.centreOrgId, centreOrgIds));
}

export async function listSites(
  db: Executor,
  p: { centreOrgId?: string; regionPrefix?: string; filedOnly?: boolean },
): Promise<SiteRow[]> {
  return db
    .select()
    .from(examSites)
    .where(
      and(
        p.centreOrgId ? eq(examSites.centreOrgId, p.centreOrgId) : undefined,
        p.regionPrefix ? like(examSites.regionCode, `${p.regionPrefix}%`) : undefined,
        p.filedOnly ? sql`${examSites.filedAt} is not null` : undefined,
      ),
    )
    .orderBy(asc(examSites.regionCode), asc(examSites.name))
    .limit(1000);
}

/** EXM-11: the start of the latest session each site held (sessions dated today or earlier). */
export async function lastSessionStarts(db: Executor, siteIds: string[], before: Date): Promise<Map<string, Date>> {
  if (!siteIds.length) return new Map();
  const rows = await db
    .select({ siteId: examSessions.siteId, last: max(examSessions.startsAt) })
    .from(examSessions)
    .where(and(inArray(examSessions.siteId, siteIds), sql`${examSessions.startsAt} <= ${before.toISOString()}`))
    .groupBy(examSessions.siteId);
  return new Map(rows.filter((r) => r.last).map((r) => [r.siteId, new Date(r.last as unknown as string)]));
}

// ---- plans and sessions ------------------------------------------------------------------------

export async function insertPlan(db: Executor, values: typeof examPlans.$inferInsert): Promise<PlanRow> {
  const [row] = await db.insert(examPlans).values(values).returning();
  return row;
}

export async function findPlan(db: Executor, id: string): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(examPlans).where(eq(examPlans.id, id));
  return row;
}

export async function updatePlan(
  db: Executor,
  id: string,
  set: Partial<typeof examPlans.$inferInsert>,
): Promise<PlanRow> {
  const [row] = await db.update(examPlans).set(set).where(eq(examPlans.id, id)).returning();
  return row;
}

export async function listPlans(
  db: Executor,
  p: { centreOrgId?: string; regionPrefix?: string; q?: string; status?: string; page?: number; pageSize?: number },
): Promise<{ rows: PlanRow[]; total: number }> {
  const q = p.q?.trim();
  const where = and(
    p.centreOrgId ? eq(examPlans.centreOrgId, p.centreOrgId) : undefined,
    p.regionPrefix ? like(examPlans.regionCode, `${p.regionPrefix}%`) : undefined,
    q ? like(examPlans.title, `%${escapeLike(q)}%`) : undefined,
    p.status ? eq(examPlans.status, p.status as PlanRow['status']) : undefined,
  );
  const pageSize = p.pageSize ?? 500;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select()
      .from(examPlans)
      .where(where)
      .orderBy(desc(examPlans.submittedAt))
      .limit(pageSize)
      .offset(((p.page ?? 1) - 1) * pageSize),
    db.select({ total: count() }).from(examPlans).where(where),
  ]);
  return { rows, total };
}

export function escapeLike(s: string): string {
  return s.replace(/[%_\\]/g, '\\$&');
}

/** Names of sites by id, for labels (a plan's lines name sites by id). */
export async function siteNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: examSites.id, name: examSites.name })
    .from(examSites)
    .where(inArray(examSites.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function insertSession(db: Executor, values: typeof examSessions.$inferInsert): Promise<SessionRow> {
  const [row] = await db.insert(examSessions).values(values).returning();
  return row;
}

export async function findSession(db: Executor, id: string, forUpdate = false): Promise<SessionRow | undefined> {
  const q = db.select().from(examSessions).where(eq(examSessions.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function sessionsOfPlanLine(
  db: Executor,
  p: { planId: string; siteId: string; itemCode: string; date: string },
): Promise<SessionRow[]> {
  return db
    .select()
    .from(examSessions)
    .where(
      and(
        eq(examSessions.planId, p.planId),
        eq(examSessions.siteId, p.siteId),
        eq(examSessions.itemCode, p.itemCode),
        eq(examSessions.date, p.date),
      ),
    );
}

/** Newest first (the day's sessions are at the top, not under months of past ones). */
export async function listSessions(
  db: Executor,
  p: {
    centreOrgId?: string;
    regionPrefix?: string;
    fromDate?: string;
    toDate?: string;
    itemCode?: string;
    q?: string;
    page?: number;
    pageSize?: number;
  },
) {
  const q = p.q?.trim();
  const where = and(
    p.centreOrgId ? eq(examSessions.centreOrgId, p.centreOrgId) : undefined,
    p.regionPrefix ? like(examSessions.regionCode, `${p.regionPrefix}%`) : undefined,
    p.fromDate ? sql`${examSessions.date} >= ${p.fromDate}` : undefined,
    p.toDate ? sql`${examSessions.date} <= ${p.toDate}` : undefined,
    p.itemCode ? eq(examSessions.itemCode, p.itemCode) : undefined,
    q ? like(examSites.name, `%${escapeLike(q)}%`) : undefined,
  );
  const pageSize = p.pageSize ?? 500;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        session: examSessions,
        siteName: examSites.name,
        allocated: sql<number>`(select count(*)::int from ${examBookings} where ${examBookings.sessionId} = ${examSessions.id} and ${examBookings.status} = 'allocated')`,
        booked: sql<number>`(select count(*)::int from ${examBookings} where ${examBookings.sessionId} = ${examSessions.id})`,
      })
      .from(examSessions)
      .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
      .where(where)
      .orderBy(desc(examSessions.startsAt))
      .limit(pageSize)
      .offset(((p.page ?? 1) - 1) * pageSize),
    db
      .select({ total: count() })
      .from(examSessions)
      .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
      .where(where),
  ]);
  return { rows, total };
}

/** EXM-3: sessions at the same site for the same item starting at the same moment (an exact duplicate). */
export async function sessionsAt(
  db: Executor,
  p: { siteId: string; itemCode: string; startsAt: Date; exceptId?: string },
): Promise<SessionRow[]> {
  return db
    .select()
    .from(examSessions)
    .where(
      and(
        eq(examSessions.siteId, p.siteId),
        eq(examSessions.itemCode, p.itemCode),
        eq(examSessions.startsAt, p.startsAt),
        p.exceptId ? ne(examSessions.id, p.exceptId) : undefined,
      ),
    );
}

export async function updateSessionStart(db: Executor, id: string, startsAt: Date): Promise<SessionRow> {
  const [row] = await db.update(examSessions).set({ startsAt }).where(eq(examSessions.id, id)).returning();
  return row;
}

export async function deleteSessionRow(db: Executor, id: string): Promise<void> {
  await db.delete(examSessions).where(eq(examSessions.id, id));
}

export async function countBookings(db: Executor, sessionId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(examBookings).where(eq(examBookings.sessionId, sessionId));
  return row.n;
}

// ---- bookings, door, incidents ------------------------------------------------------------------

export async function countAllocated(db: Executor, sessionId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(examBookings)
    .where(and(eq(examBookings.sessionId, sessionId), eq(examBookings.status, 'allocated')));
  return row.n;
}

export async function insertBooking(db: Executor, values: typeof examBookings.$inferInsert): Promise<BookingRow> {
  const [row] = await db.insert(examBookings).values(values).returning();
  return row;
}

export async function findBooking(db: Executor, id: string): Promise<BookingRow | undefined> {
  const [row] = await db.select().from(examBookings).where(eq(examBookings.id, id));
  return row;
}

export async function updateBooking(
  db: Executor,
  id: string,
  set: Partial<typeof examBookings.$inferInsert>,
): Promise<BookingRow> {
  const [row] = await db.update(examBookings).set(set).where(eq(examBookings.id, id)).returning();
  return row;
}

export async function bookingsOfSession(db: Executor, sessionId: string): Promise<BookingRow[]> {
  return db.select().from(examBookings).where(eq(examBookings.sessionId, sessionId)).orderBy(asc(examBookings.seq));
}

/** A worker's theory results for an item, oldest first (EXM-8 counts attempts from these). */
export async function theoryHistory(db: Executor, workerId: string, itemCode: string) {
  return db
    .select({
      bookingId: examBookings.id,
      attempt: examBookings.attempt,
      date: examSessions.date,
      submittedAt: examPapers.submittedAt,
      passed: examPapers.passed,
      resultPassed: examResults.passed,
    })
    .from(examBookings)
    .innerJoin(examSessions, eq(examSessions.id, examBookings.sessionId))
    .leftJoin(examPapers, eq(examPapers.bookingId, examBookings.id))
    .leftJoin(examResults, eq(examResults.bookingId, examBookings.id))
    .where(
      and(
        eq(examBookings.workerId, workerId),
        eq(examSessions.itemCode, itemCode),
        ne(examBookings.attempt, 'return'), // Order 30 art. 32: not a certification attempt
      ),
    )
    .orderBy(asc(examBookings.seq));
}

export async function insertIncident(db: Executor, values: typeof examIncidents.$inferInsert) {
  const [row] = await db.insert(examIncidents).values(values).returning();
  return row;
}

export async function incidentsOfSession(db: Executor, sessionId: string) {
  return db.select().from(examIncidents).where(eq(examIncidents.sessionId, sessionId)).orderBy(asc(examIncidents.at));
}

// ---- papers, events, final answers --------------------------------------------------------------

export async function insertPaper(db: Executor, values: typeof examPapers.$inferInsert): Promise<PaperRow> {
  const [row] = await db.insert(examPapers).values(values).returning();
  return row;
}

export async function findPaper(db: Executor, id: string, forUpdate = false): Promise<PaperRow | undefined> {
  const q = db.select().from(examPapers).where(eq(examPapers.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findPaperByBooking(db: Executor, bookingId: string): Promise<PaperRow | undefined> {
  const [row] = await db.select().from(examPapers).where(eq(examPapers.bookingId, bookingId));
  return row;
}

export async function updatePaper(
  db: Executor,
  id: string,
  set: Partial<typeof examPapers.$inferInsert>,
): Promise<PaperRow> {
  const [row] = await db.update(examPapers).set(set).where(eq(examPapers.id, id)).returning();
  return row;
}

/** Idempotent on (paper, clientSeq): a batch resent after a dropped connection records nothing twice. */
export async function insertAnswerEvents(
  db: Executor,
  values: Array<typeof examAnswerEvents.$inferInsert>,
): Promise<void> {
  if (values.length) await db.insert(examAnswerEvents).values(values).onConflictDoNothing();
}

/** A paper's parts that never change once drawn: whose it is and how many options each question shows. */
export async function paperShape(
  db: Executor,
  id: string,
): Promise<{ workerId: string; optionCounts: number[] } | undefined> {
  const [row] = await db
    .select({ workerId: examPapers.workerId, questions: examPapers.questions })
    .from(examPapers)
    .where(eq(examPapers.id, id));
  return row && { workerId: row.workerId, optionCounts: row.questions.map((q) => q.optionOrder.length) };
}

/** A PostgreSQL array literal of nullable text elements (one parameter, so the statement's text never varies). */
const arrayLiteral = (values: Array<string | number | null>) =>
  `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;

/**
 * EXM-6: appends answer events only while the paper is the worker's, unsubmitted and within
 * `acceptUntil` of its deadline — the state read in the same statement as the insert. Idempotent on
 * (paper, clientSeq). Reports the state it found (no row: no such paper of this worker), and inserts
 * nothing when refused. With a session guard (issue 18: the route did not read the session first),
 * the session and its account are checked in the same statement too: `sessionOk` false = nothing
 * written.
 *
 * Issue 18, group commit: the batches of every request arriving in one turn of the event loop are
 * written by ONE statement (db/group-commit.ts) that makes the same checks row by row, per request,
 * and reports each request's own outcome; the promise settles only once that statement has returned
 * (committed: it runs outside any transaction), so an acknowledged event is still a durable one.
 * A fixed text sent as a named prepared statement (db/prepared.ts): no query building per request.
 */
export async function appendAnswerEventsIfOpen(db: Db, params: AppendRequest): Promise<AppendOutcome> {
  let committer = appendCommitters.get(db);
  if (!committer) {
    const run = preparedRows<AppendRow>(db, 'exm6_append_answer_events_group', APPEND_SQL);
    committer = groupCommitter<AppendRequest, AppendOutcome>({
      run: (requests) => appendGroup(run, requests),
      // PGlite has one connection; PostgreSQL's pool is shared with every other request.
      maxInFlight: isEmbedded(db) ? 1 : 3,
      maxBatch: 500,
    });
    appendCommitters.set(db, committer);
  }
  return committer.submit(params);
}

/** How many statements wrote how many requests' batches so far, in this process (benches, tests). */
export function answerEventGroupStats(db: Db): { statements: number; items: number } {
  return { ...(appendCommitters.get(db)?.stats ?? { statements: 0, items: 0 }) };
}

export interface AppendRequest {
  paperId: string;
  workerId: string;
  serverAt: Date;
  /** Events are taken only while deadline >= this instant (now minus the grace). */
  deadlineNotBefore: Date;
  deviceId: string | null;
  clientIp: string | null;
  events: Array<{
    clientSeq: number;
    kind: string;
    position: number | null;
    selected: number[] | null;
    clientAt: Date | null;
  }>;
  session?: SessionGuard | null;
}
export interface AppendOutcome {
  sessionOk: boolean;
  paper: { submitted: boolean; late: boolean } | undefined;
}

async function appendGroup(run: PreparedRows<AppendRow>, requests: AppendRequest[]): Promise<AppendOutcome[]> {
  const r: Array<Array<string | number | null>> = Array.from({ length: 14 }, () => []);
  const e: Array<Array<string | number | null>> = Array.from({ length: 6 }, () => []);
  requests.forEach((q, i) => {
    const g = sessionGuardValues(q.session) as Array<string | null>;
    const row = [
      i,
      q.paperId,
      q.workerId,
      q.deadlineNotBefore.toISOString(),
      q.serverAt.toISOString(),
      q.deviceId,
      q.clientIp,
      ...g,
    ];
    for (let k = 0; k < 14; k++) r[k].push(row[k]);
    for (const v of q.events) {
      e[0].push(i);
      e[1].push(v.clientSeq);
      e[2].push(v.kind);
      e[3].push(v.position);
      e[4].push(v.selected ? JSON.stringify(v.selected) : null);
      e[5].push(v.clientAt?.toISOString() ?? null);
    }
  });
  const rows = await run([...r.map(arrayLiteral), ...e.map(arrayLiteral)]);
  const outcomes: AppendOutcome[] = new Array(requests.length);
  for (const row of rows)
    outcomes[row.i] = {
      sessionOk: row.session_ok,
      paper: row.found ? { submitted: row.submitted, late: row.late } : undefined,
    };
  return outcomes;
}

interface AppendRow {
  i: number;
  session_ok: boolean;
  found: boolean;
  submitted: boolean;
  late: boolean;
}
const appendCommitters = new WeakMap<object, GroupCommitter<AppendRequest, AppendOutcome>>();
// r: one row per request (its paper, clock and session guard); e: one row per event, naming its
// request. Every check is per request, as when each request had its own statement; a refused
// request's events are not written, the others' are.
const APPEND_SQL = `
  with r as (
    select * from unnest($1::int[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::text[],
      $7::text[], $8::text[], $9::uuid[], $10::text[], $11::uuid[], $12::uuid[], $13::timestamptz[], $14::timestamptz[])
      as r(i, paper_id, worker_id, deadline_not_before, server_at, device_id, client_ip,
        token_hash, user_id, role, g_worker, g_org, g_now, g_idle)
  ), g as (
    select r.*, ${sessionGuardOn({
      tokenHash: 'r.token_hash',
      userId: 'r.user_id',
      role: 'r.role',
      workerId: 'r.g_worker',
      orgId: 'r.g_org',
      now: 'r.g_now',
      idleCutoff: 'r.g_idle',
    })} as session_ok
    from r
  ), c as (
    select g.i, g.paper_id, g.server_at, g.device_id, g.client_ip, g.session_ok, p.id is not null as found,
      p.submitted_at is not null as submitted, coalesce(p.deadline < g.deadline_not_before, false) as late
    from g left join exam_papers p on g.session_ok and p.id = g.paper_id and p.worker_id = g.worker_id
  ), ins as (
    insert into exam_answer_events (paper_id, client_seq, kind, position, selected, client_at, server_at, device_id, client_ip)
    select c.paper_id, e.client_seq, e.kind, e.position, e.selected::jsonb, e.client_at, c.server_at, c.device_id, c.client_ip
    from unnest($15::int[], $16::int[], $17::text[], $18::int[], $19::text[], $20::timestamptz[])
      as e(i, client_seq, kind, position, selected, client_at)
    join c on c.i = e.i
    where c.found and not c.submitted and not c.late
    order by c.paper_id, e.client_seq
    on conflict do nothing
  )
  select i, session_ok, found, submitted, late from c`;

export async function answerEvents(db: Executor, paperId: string): Promise<AnswerEventRow[]> {
  return db
    .select()
    .from(examAnswerEvents)
    .where(eq(examAnswerEvents.paperId, paperId))
    .orderBy(asc(examAnswerEvents.clientSeq));
}

export async function insertFinalAnswers(
  db: Executor,
  values: Array<typeof examFinalAnswers.$inferInsert>,
): Promise<void> {
  if (values.length) await db.insert(examFinalAnswers).values(values);
}

export async function finalAnswers(db: Executor, paperId: string) {
  return db
    .select()
    .from(examFinalAnswers)
    .where(eq(examFinalAnswers.paperId, paperId))
    .orderBy(asc(examFinalAnswers.position));
}

/** A candidate's own bookings with their session, site and paper, newest first. */
export async function bookingsOfWorker(db: Executor, workerId: string) {
  return db
    .select({
      booking: examBookings,
      session: examSessions,
      siteName: examSites.name,
      siteAddress: examSites.address,
      paperId: examPapers.id,
      submittedAt: examPapers.submittedAt,
      score: examPapers.score,
      passed: examPapers.passed,
      result: examResults,
    })
    .from(examBookings)
    .innerJoin(examSessions, eq(examSessions.id, examBookings.sessionId))
    .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
    .leftJoin(examPapers, eq(examPapers.bookingId, examBookings.id))
    .leftJoin(examResults, eq(examResults.bookingId, examBookings.id))
    .where(eq(examBookings.workerId, workerId))
    .orderBy(desc(examSessions.startsAt))
    .limit(100);
}

// ---- practical sheets, session archive, results (EXM-7, EXM-8, EXM-10) ---------------------------

export async function insertSheet(db: Executor, values: typeof examPracticalSheets.$inferInsert) {
  const [row] = await db.insert(examPracticalSheets).values(values).returning();
  return row;
}

export async function sheetsOfSession(db: Executor, sessionId: string) {
  return db
    .select({ sheet: examPracticalSheets })
    .from(examPracticalSheets)
    .innerJoin(examBookings, eq(examBookings.id, examPracticalSheets.bookingId))
    .where(eq(examBookings.sessionId, sessionId))
    .then((rows) => rows.map((r) => r.sheet));
}

export async function insertArchiveRef(db: Executor, values: typeof examSessionArchive.$inferInsert) {
  const [row] = await db.insert(examSessionArchive).values(values).returning();
  return row;
}

export async function archiveRefs(db: Executor, sessionId: string) {
  return db
    .select()
    .from(examSessionArchive)
    .where(eq(examSessionArchive.sessionId, sessionId))
    .orderBy(asc(examSessionArchive.recordedAt));
}

export async function papersOfSession(db: Executor, sessionId: string): Promise<PaperRow[]> {
  return db.select().from(examPapers).where(eq(examPapers.sessionId, sessionId));
}

export async function resultsOfSession(db: Executor, sessionId: string) {
  return db.select().from(examResults).where(eq(examResults.sessionId, sessionId));
}

export async function insertResults(db: Executor, values: Array<typeof examResults.$inferInsert>) {
  if (values.length) await db.insert(examResults).values(values);
}

export async function latestResult(db: Executor, workerId: string, itemCode: string) {
  const [row] = await db
    .select()
    .from(examResults)
    .where(
      and(eq(examResults.workerId, workerId), eq(examResults.itemCode, itemCode), ne(examResults.attempt, 'return')),
    )
    .orderBy(desc(examResults.publishedAt))
    .limit(1);
  return row;
}

/**
 * Order 30 art. 32: the last passed return-to-work practical exam of each worker and item, as the
 * China date it was published — employers check it before putting a returning holder back to work.
 */
export async function returnToWorkPasses(db: Executor, workerIds: string[]): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  const rows = [];
  for (let i = 0; i < workerIds.length; i += 1000)
    rows.push(
      ...(await db
        .select({
          workerId: examResults.workerId,
          itemCode: examResults.itemCode,
          on: sql<string>`max((${examResults.publishedAt} at time zone 'Asia/Shanghai')::date)::text`,
        })
        .from(examResults)
        .where(
          and(
            inArray(examResults.workerId, workerIds.slice(i, i + 1000)),
            eq(examResults.attempt, 'return'),
            eq(examResults.passed, true),
          ),
        )
        .groupBy(examResults.workerId, examResults.itemCode)),
    );
  for (const r of rows) {
    const items = out.get(r.workerId) ?? new Map<string, string>();
    items.set(r.itemCode, r.on);
    out.set(r.workerId, items);
  }
  return out;
}

export async function passedResults(db: Executor, p: { regionPrefix?: string; since?: Date; limit: number }) {
  return db
    .select()
    .from(examResults)
    .where(
      and(
        eq(examResults.passed, true),
        ne(examResults.attempt, 'return'), // a return-to-work exam confirms a certificate, it does not lead to one
        p.regionPrefix ? like(examResults.regionCode, `${p.regionPrefix}%`) : undefined,
        p.since ? sql`${examResults.publishedAt} > ${p.since.toISOString()}` : undefined,
      ),
    )
    .orderBy(asc(examResults.publishedAt))
    .limit(p.limit);
}

/** INS-5: first-attempt results of the candidates each institution applied for, published in [from, to). */
export async function firstAttemptResultsOfInstitutions(db: Executor, orgIds: string[], from: string, to: string) {
  if (!orgIds.length) return new Map<string, { sat: number; passed: number }>();
  const rows = await db
    .select({
      orgId: examBookings.applicantOrgId,
      sat: count(),
      passed: sql<number>`count(*) filter (where ${examResults.passed})`.mapWith(Number),
    })
    .from(examResults)
    .innerJoin(examBookings, eq(examBookings.id, examResults.bookingId))
    .innerJoin(examSessions, eq(examSessions.id, examResults.sessionId))
    .where(
      and(
        inArray(examBookings.applicantOrgId, orgIds),
        eq(examResults.attempt, 'first'),
        sql`${examSessions.date} >= ${from}`,
        sql`${examSessions.date} < ${to}`,
      ),
    )
    .groupBy(examBookings.applicantOrgId);
  return new Map(rows.map((r) => [r.orgId!, { sat: Number(r.sat), passed: r.passed }]));
}

/** CER-1: the published results behind issuance tasks (a task's resultId is the booking's id). */
export async function resultsByBookingIds(db: Executor, bookingIds: string[]) {
  if (!bookingIds.length) return [];
  return db
    .select({
      bookingId: examResults.bookingId,
      theoryScore: examResults.theoryScore,
      practicalScore: examResults.practicalScore,
      theoryPassMark: examResults.theoryPassMark,
      practicalPassMark: examResults.practicalPassMark,
      theoryPassed: examResults.theoryPassed,
      practicalPassed: examResults.practicalPassed,
      passed: examResults.passed,
      attempt: examResults.attempt,
      seq: examBookings.seq,
      date: examSessions.date,
      siteName: examSites.name,
    })
    .from(examResults)
    .innerJoin(examBookings, eq(examBookings.id, examResults.bookingId))
    .innerJoin(examSessions, eq(examSessions.id, examResults.sessionId))
    .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
    .where(inArray(examResults.bookingId, bookingIds));
}

/**
 * EXM-6: the vendor's items of an import, stored once per (vendor, vendor item id, item code); the ids
 * (new and existing) are added to `ids` under `itemCode|vendorItemId`.
 */
export async function upsertVendorItems(
  db: Executor,
  vendor: string,
  items: Array<Pick<typeof examVendorItems.$inferInsert, 'itemCode' | 'vendorItemId' | 'answer'>>,
  now: Date,
  ids: Map<string, string>,
): Promise<void> {
  for (let k = 0; k < items.length; k += 1000) {
    const stored = await db
      .insert(examVendorItems)
      .values(items.slice(k, k + 1000).map((r) => ({ vendor, ...r, createdAt: now })))
      .onConflictDoUpdate({
        target: [examVendorItems.vendor, examVendorItems.vendorItemId, examVendorItems.itemCode],
        set: { vendorItemId: sql`excluded.vendor_item_id` },
      })
      .returning({
        id: examVendorItems.id,
        vendorItemId: examVendorItems.vendorItemId,
        itemCode: examVendorItems.itemCode,
      });
    for (const s of stored) ids.set(`${s.itemCode}|${s.vendorItemId}`, s.id);
  }
}
