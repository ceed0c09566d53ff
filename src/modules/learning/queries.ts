// Reads and writes of online learning; no business decisions here.
import { and, asc, desc, eq, inArray, max, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { onlineSecondsOfSourceSql, onlineSecondsSql } from '../training/index.js';
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
/**
 * Issue 18: a heartbeat's read without a lock or a transaction — the session, its lesson's length and
 * the trainee's online seconds in the class (all, and this session's own) — for the write below.
 */
export async function readSessionForBeat(db: Executor, id: string) {
  const [row] = await db
    .select({
      session: learningSessions,
      durationSeconds: lessons.durationSeconds,
      allSeconds: onlineSecondsSql(sql`${learningSessions.classId}`, sql`${learningSessions.workerId}`).mapWith(Number),
      ownSeconds: onlineSecondsOfSourceSql(sql`${learningSessions.id}`).mapWith(Number),
    })
    .from(learningSessions)
    .innerJoin(lessons, eq(lessons.id, learningSessions.lessonId))
    .where(eq(learningSessions.id, id));
  return row;
}

/**
 * Issue 18: a credited heartbeat as one statement: the session is updated only if it is still exactly
 * as read (every column a beat is judged on, and the trainee's online total), and then the credit
 * `upsert` (a CTE body taking its row from `upd`) is written in the same statement. False: something
 * changed in between (a concurrent beat, a capture, a resume, a supersede) and nothing was written —
 * the caller judges again under the row lock.
 */
export async function creditBeatIfUnchanged(
  db: Executor,
  read: LearningSessionRow,
  allSecondsRead: number,
  set: {
    lastBeatAt: Date;
    lastPosition: number;
    furthestPosition: number;
    creditedMs: number;
    lastInteractionAt: Date;
  },
  upsert: SQL,
): Promise<boolean> {
  const ts = (d: Date | null) => (d ? d.toISOString() : null);
  const result = (await db.execute(sql`
    with upd as (
      update learning_sessions set last_beat_at = ${ts(set.lastBeatAt)}::timestamptz,
        last_position = ${set.lastPosition}::real, furthest_position = ${set.furthestPosition}::real,
        credited_ms = ${set.creditedMs}::bigint, last_interaction_at = ${ts(set.lastInteractionAt)}::timestamptz
      where id = ${read.id}::uuid and state = ${read.state} and last_beat_at = ${ts(read.lastBeatAt)}::timestamptz
        and last_interaction_at = ${ts(read.lastInteractionAt)}::timestamptz
        and last_position = ${read.lastPosition}::real and furthest_position = ${read.furthestPosition}::real
        and credited_ms = ${read.creditedMs}::bigint and refused_beats = ${read.refusedBeats}::int
        and capture_due_at is not distinct from ${ts(read.captureDueAt)}::timestamptz
        and ${onlineSecondsSql(sql`${read.classId}::uuid`, sql`${read.workerId}::uuid`)} = ${allSecondsRead}::bigint
      returning id
    ), credit as (${upsert})
    select count(*)::int as n from upd`)) as unknown as { rows: Array<{ n: number }> };
  return Number(result.rows[0]?.n) === 1;
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
