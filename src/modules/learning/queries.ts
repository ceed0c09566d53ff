// Reads and writes of online learning; no business decisions here.
import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/index.js';
import { groupCommitter, type GroupCommitter } from '../../db/group-commit.js';
import { isEmbedded, preparedRows } from '../../db/prepared.js';
import { sessionGuardCondition, sessionGuardOn, sessionGuardValues, type SessionGuard } from '../accounts/index.js';
import { onlineCreditUpsertText, onlineSecondsOfSourceText, onlineSecondsText } from '../training/index.js';
import { courseClasses, courses, learningCaptures, learningSessions, lessons } from './schema.js';

export type CourseRow = typeof courses.$inferSelect;
export type LessonRow = typeof lessons.$inferSelect;
export type LearningSessionRow = typeof learningSessions.$inferSelect;

export async function insertCourse(db: Executor, v: typeof courses.$inferInsert) {
  return (await db.insert(courses).values(v).returning())[0];
}
export async function findCourse(db: Executor, id: string) {
  return (await db.select().from(courses).where(eq(courses.id, id)))[0];
}
export async function coursesOfOrg(db: Executor, orgId: string) {
  return db.select().from(courses).where(eq(courses.orgId, orgId)).orderBy(asc(courses.createdAt));
}
export async function insertLesson(db: Executor, v: typeof lessons.$inferInsert) {
  return (await db.insert(lessons).values(v).returning())[0];
}
export async function findLesson(db: Executor, id: string) {
  return (await db.select().from(lessons).where(eq(lessons.id, id)))[0];
}
export async function lessonsOfCourses(db: Executor, courseIds: string[]) {
  return courseIds.length
    ? db.select().from(lessons).where(inArray(lessons.courseId, courseIds)).orderBy(asc(lessons.ordinal))
    : [];
}
export async function assign(db: Executor, courseId: string, classId: string) {
  await db.insert(courseClasses).values({ courseId, classId }).onConflictDoNothing();
}
export async function courseIdsOfClass(db: Executor, classId: string) {
  return (await db.select().from(courseClasses).where(eq(courseClasses.classId, classId))).map((r) => r.courseId);
}
export async function classIdsOfCourses(db: Executor, courseIds: string[]) {
  return courseIds.length ? db.select().from(courseClasses).where(inArray(courseClasses.courseId, courseIds)) : [];
}
export async function insertSession(db: Executor, v: typeof learningSessions.$inferInsert) {
  return (await db.insert(learningSessions).values(v).returning())[0];
}
export async function findLearningSession(db: Executor, id: string, forUpdate = false) {
  const q = db.select().from(learningSessions).where(eq(learningSessions.id, id));
  return (forUpdate ? await q.for('update') : await q)[0];
}
/** TRN-3: the session locked for one heartbeat, with its lesson's length, in one statement. */
export async function lockSessionForBeat(db: Executor, id: string) {
  const [row] = await db
    .select({ session: learningSessions, durationSeconds: lessons.durationSeconds })
    .from(learningSessions)
    .innerJoin(lessons, eq(lessons.id, learningSessions.lessonId))
    .where(eq(learningSessions.id, id))
    .for('update', { of: learningSessions });
  return row;
}
export async function updateLearningSession(
  db: Executor,
  id: string,
  v: Partial<typeof learningSessions.$inferInsert>,
) {
  return (await db.update(learningSessions).set(v).where(eq(learningSessions.id, id)).returning())[0];
}
/** No multiple simultaneous logins: every other open session of the learner stops crediting. */
export async function supersedeOpenSessions(db: Executor, workerId: string, at: Date) {
  return db
    .update(learningSessions)
    .set({ state: 'superseded', endedAt: at })
    .where(and(eq(learningSessions.workerId, workerId), inArray(learningSessions.state, ['active', 'idle_locked'])))
    .returning({ id: learningSessions.id });
}
/** TRN-3 resume: the learner's last session of a lesson in a class, and the furthest point any of them reached. */
export async function previousProgress(db: Executor, workerId: string, classId: string, lessonId: string) {
  const of = and(
    eq(learningSessions.workerId, workerId),
    eq(learningSessions.classId, classId),
    eq(learningSessions.lessonId, lessonId),
  );
  const [last] = await db
    .select({ lastPosition: learningSessions.lastPosition })
    .from(learningSessions)
    .where(of)
    .orderBy(desc(learningSessions.startedAt))
    .limit(1);
  if (!last) return undefined;
  const [{ furthest }] = await db
    .select({ furthest: max(learningSessions.furthestPosition) })
    .from(learningSessions)
    .where(of);
  return { lastPosition: last.lastPosition, furthestPosition: furthest ?? 0 };
}
export async function sessionsOfClass(db: Executor, classId: string, workerId?: string) {
  const where = workerId
    ? and(eq(learningSessions.classId, classId), eq(learningSessions.workerId, workerId))
    : eq(learningSessions.classId, classId);
  return db.select().from(learningSessions).where(where);
}
export async function insertCapture(db: Executor, v: typeof learningCaptures.$inferInsert) {
  await db.insert(learningCaptures).values(v);
}
export async function capturesOfSessions(db: Executor, ids: string[]) {
  return ids.length
    ? db
        .select({ sessionId: learningCaptures.sessionId, outcome: learningCaptures.outcome, at: learningCaptures.at })
        .from(learningCaptures)
        .where(inArray(learningCaptures.sessionId, ids))
    : [];
}

// ---- Issue 18: heartbeats grouped (db/group-commit.ts) -------------------------------------------
// The beats arriving in one turn of the event loop are read by one statement and their credits written
// by one statement; each beat is still judged alone (rules.ts judgeHeartbeat) and gets its own answer.

export interface BeatRead {
  /** False: the session guard failed (logged out, expired, idle, disabled, changed): nothing to do. */
  sessionOk: boolean;
  session: LearningSessionRow | undefined;
  durationSeconds: number;
  allSeconds: number;
  ownSeconds: number;
}

type Cell = string | number | null;
const arrayLiteral = (values: Cell[]) =>
  `{${values.map((v) => (v === null ? 'NULL' : `"${String(v).replace(/["\\]/g, '\\$&')}"`)).join(',')}}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const toDate = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

const guardColumns = {
  tokenHash: 'r.token_hash',
  userId: 'r.user_id',
  role: 'r.role',
  workerId: 'r.g_worker',
  orgId: 'r.g_org',
  now: 'r.g_now',
  idleCutoff: 'r.g_idle',
};
const GUARD_ARRAYS = (first: number) =>
  `$${first}::text[], $${first + 1}::uuid[], $${first + 2}::text[], $${first + 3}::uuid[], $${first + 4}::uuid[], $${first + 5}::timestamptz[], $${first + 6}::timestamptz[]`;
const GUARD_NAMES = 'token_hash, user_id, role, g_worker, g_org, g_now, g_idle';

const READ_SQL = `
  with r as (
    select * from unnest($1::int[], $2::uuid[], ${GUARD_ARRAYS(3)}) as r(i, id, ${GUARD_NAMES})
  )
  select r.i, ${sessionGuardOn(guardColumns)} as session_ok,
    s.id, s.worker_id, s.class_id, s.lesson_id, s.state, s.started_at, s.last_beat_at, s.last_interaction_at,
    s.last_position, s.furthest_position, s.credited_ms::float8 as credited_ms, s.refused_beats, s.capture_due_at,
    s.ended_at, l.duration_seconds,
    ${onlineSecondsText('s.class_id', 's.worker_id')}::float8 as all_seconds,
    ${onlineSecondsOfSourceText('s.id')}::float8 as own_seconds
  from r left join learning_sessions s on s.id = r.id left join learning_lessons l on l.id = s.lesson_id`;

interface ReadRow {
  i: number;
  session_ok: boolean;
  id: string | null;
  worker_id: string;
  class_id: string;
  lesson_id: string;
  state: string;
  started_at: unknown;
  last_beat_at: unknown;
  last_interaction_at: unknown;
  last_position: number;
  furthest_position: number;
  credited_ms: number;
  refused_beats: number;
  capture_due_at: unknown;
  ended_at: unknown;
  duration_seconds: number;
  all_seconds: number;
  own_seconds: number;
}

const readers = new WeakMap<object, GroupCommitter<{ id: string; guard: SessionGuard | null }, BeatRead>>();

/**
 * A heartbeat's read without a lock or a transaction — the session, its lesson's length and the
 * trainee's online seconds in the class (all, and this session's own) — with the session guard.
 */
export function readSessionForBeatGrouped(db: Db, id: string, guard: SessionGuard | null): Promise<BeatRead> {
  let reader = readers.get(db);
  if (!reader) {
    const run = preparedRows<ReadRow>(db, 'trn3_read_beats', READ_SQL);
    reader = groupCommitter({
      maxBatch: 500,
      maxInFlight: isEmbedded(db) ? 1 : 3,
      run: async (items) => {
        const cols: Cell[][] = Array.from({ length: 9 }, () => []);
        items.forEach((it, i) => {
          const row: Cell[] = [i, it.id, ...(sessionGuardValues(it.guard) as Cell[])];
          for (let k = 0; k < 9; k++) cols[k].push(row[k]);
        });
        const rows = await run(cols.map(arrayLiteral));
        const out: BeatRead[] = new Array(items.length);
        for (const r of rows)
          out[r.i] = {
            sessionOk: r.session_ok,
            session: r.id
              ? {
                  id: r.id,
                  workerId: r.worker_id,
                  classId: r.class_id,
                  lessonId: r.lesson_id,
                  state: r.state,
                  startedAt: toDate(r.started_at)!,
                  lastBeatAt: toDate(r.last_beat_at)!,
                  lastInteractionAt: toDate(r.last_interaction_at)!,
                  lastPosition: Number(r.last_position),
                  furthestPosition: Number(r.furthest_position),
                  creditedMs: Number(r.credited_ms),
                  refusedBeats: Number(r.refused_beats),
                  captureDueAt: toDate(r.capture_due_at),
                  endedAt: toDate(r.ended_at),
                }
              : undefined,
            durationSeconds: Number(r.duration_seconds),
            allSeconds: Number(r.all_seconds),
            ownSeconds: Number(r.own_seconds),
          };
        return out;
      },
    });
    readers.set(db, reader);
  }
  return reader.submit({ id, guard });
}

export interface BeatCredit {
  read: LearningSessionRow;
  allSecondsRead: number;
  set: {
    lastBeatAt: Date;
    lastPosition: number;
    furthestPosition: number;
    creditedMs: number;
    lastInteractionAt: Date;
  };
  /** The session's credited seconds for training's ledger (TRN-4). */
  seconds: number;
  guard: SessionGuard | null;
}

// v: one row per beat — the session as read, what to set, the trainee's online total as read, the
// session guard. A session is updated only if every column its beat was judged on and the total are
// still as read and the guard holds; the ledger's row is written from the updated rows only.
const CREDIT_SQL = `
  with r as (
    select * from unnest($1::int[], $2::uuid[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::real[],
      $7::real[], $8::bigint[], $9::int[], $10::timestamptz[], $11::bigint[], $12::timestamptz[], $13::real[],
      $14::real[], $15::bigint[], $16::timestamptz[], $17::int[], ${GUARD_ARRAYS(18)})
      as r(i, id, state, last_beat_at, last_interaction_at, last_position, furthest_position, credited_ms,
        refused_beats, capture_due_at, all_seconds, n_last_beat_at, n_last_position, n_furthest_position,
        n_credited_ms, n_last_interaction_at, seconds, ${GUARD_NAMES})
  ), upd as (
    update learning_sessions s set last_beat_at = r.n_last_beat_at, last_position = r.n_last_position,
      furthest_position = r.n_furthest_position, credited_ms = r.n_credited_ms,
      last_interaction_at = r.n_last_interaction_at
    from r
    where s.id = r.id and s.state = r.state and s.last_beat_at = r.last_beat_at
      and s.last_interaction_at = r.last_interaction_at and s.last_position = r.last_position
      and s.furthest_position = r.furthest_position and s.credited_ms = r.credited_ms
      and s.refused_beats = r.refused_beats and s.capture_due_at is not distinct from r.capture_due_at
      and ${onlineSecondsText('s.class_id', 's.worker_id')} = r.all_seconds
      and ${sessionGuardOn(guardColumns)}
    returning r.i, s.id as source_id, s.class_id, s.worker_id, r.seconds, r.n_last_beat_at as at
  ), credit as (${onlineCreditUpsertText('upd')})
  select i from upd`;

const crediters = new WeakMap<object, GroupCommitter<BeatCredit, boolean>>();

/**
 * A credited heartbeat (no new whole 学时) written with the others of its turn: true = the session
 * and the ledger were written (committed); false = something changed since the read (a concurrent
 * beat, a capture, a resume, a supersede, the session guard) and nothing was written — the caller
 * judges again under the row lock.
 */
export function creditBeatGrouped(db: Db, credit: BeatCredit): Promise<boolean> {
  let crediter = crediters.get(db);
  if (!crediter) {
    const run = preparedRows<{ i: number }>(db, 'trn3_credit_beats', CREDIT_SQL);
    crediter = groupCommitter({
      maxBatch: 500,
      maxInFlight: isEmbedded(db) ? 1 : 3,
      run: async (items) => {
        // One beat per trainee and class per statement: the totals check of each row sees the
        // statement's snapshot, not the other rows' credits. Later ones take the locked path.
        const seen = new Set<string>();
        const cols: Cell[][] = Array.from({ length: 24 }, () => []);
        items.forEach((c, i) => {
          const key = `${c.read.classId}/${c.read.workerId}`;
          if (seen.has(key)) return;
          seen.add(key);
          const row: Cell[] = [
            i,
            c.read.id,
            c.read.state,
            iso(c.read.lastBeatAt),
            iso(c.read.lastInteractionAt),
            c.read.lastPosition,
            c.read.furthestPosition,
            c.read.creditedMs,
            c.read.refusedBeats,
            iso(c.read.captureDueAt),
            c.allSecondsRead,
            iso(c.set.lastBeatAt),
            c.set.lastPosition,
            c.set.furthestPosition,
            c.set.creditedMs,
            iso(c.set.lastInteractionAt),
            c.seconds,
            ...(sessionGuardValues(c.guard) as Cell[]),
          ];
          for (let k = 0; k < 24; k++) cols[k].push(row[k]);
        });
        const written = new Set((await run(cols.map(arrayLiteral))).map((r) => Number(r.i)));
        return items.map((_, i) => written.has(i));
      },
    });
    crediters.set(db, crediter);
  }
  return crediter.submit(credit);
}

/** The session guard alone (the locked path of a beat, inside its transaction, before it writes). */
export async function sessionGuardHolds(db: Executor, guard: SessionGuard | null): Promise<boolean> {
  if (!guard) return true;
  const result = (await db.execute(sql`select ${sessionGuardCondition(guard)} as ok`)) as unknown as {
    rows: Array<{ ok: boolean }>;
  };
  return result.rows[0]?.ok === true;
}
