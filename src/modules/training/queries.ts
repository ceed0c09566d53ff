import { and, asc, desc, eq, gte, inArray, like, lt } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { attendance, classEnrolments, classSessions, trainingClasses } from './schema.js';

export type ClassRow = typeof trainingClasses.$inferSelect;
export type SessionRow = typeof classSessions.$inferSelect;
export type AttendanceRow = typeof attendance.$inferSelect;
export type EnrolmentRow = typeof classEnrolments.$inferSelect;

export async function insertClass(db: Executor, values: typeof trainingClasses.$inferInsert): Promise<ClassRow> {
  const [row] = await db.insert(trainingClasses).values(values).returning();
  return row;
}

export async function findClass(db: Executor, id: string, forUpdate = false): Promise<ClassRow | undefined> {
  const q = db.select().from(trainingClasses).where(eq(trainingClasses.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function updateClass(
  db: Executor,
  id: string,
  values: Partial<typeof trainingClasses.$inferInsert>,
): Promise<ClassRow> {
  const [row] = await db.update(trainingClasses).set(values).where(eq(trainingClasses.id, id)).returning();
  return row;
}

export async function listClasses(
  db: Executor,
  f: { orgId?: string; regionPrefix?: string; ids?: string[] },
): Promise<ClassRow[]> {
  if (f.ids && !f.ids.length) return [];
  return db
    .select()
    .from(trainingClasses)
    .where(
      and(
        f.orgId ? eq(trainingClasses.orgId, f.orgId) : undefined,
        f.regionPrefix ? like(trainingClasses.regionCode, `${f.regionPrefix}%`) : undefined,
        f.ids ? inArray(trainingClasses.id, f.ids) : undefined,
      ),
    )
    .orderBy(desc(trainingClasses.opensAt))
    .limit(500);
}

export async function insertEnrolment(db: Executor, values: typeof classEnrolments.$inferInsert): Promise<boolean> {
  return (await db.insert(classEnrolments).values(values).onConflictDoNothing().returning()).length > 0;
}

export async function listEnrolments(db: Executor, classId: string): Promise<EnrolmentRow[]> {
  return db
    .select()
    .from(classEnrolments)
    .where(eq(classEnrolments.classId, classId))
    .orderBy(asc(classEnrolments.enrolledAt));
}

export async function enrolmentsOfWorker(db: Executor, workerId: string): Promise<EnrolmentRow[]> {
  return db.select().from(classEnrolments).where(eq(classEnrolments.workerId, workerId));
}

export async function isEnrolled(db: Executor, classId: string, workerId: string): Promise<boolean> {
  const rows = await db
    .select()
    .from(classEnrolments)
    .where(and(eq(classEnrolments.classId, classId), eq(classEnrolments.workerId, workerId)));
  return rows.length > 0;
}

export async function insertSession(db: Executor, values: typeof classSessions.$inferInsert): Promise<SessionRow> {
  const [row] = await db.insert(classSessions).values(values).returning();
  return row;
}

export async function findSession(db: Executor, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(classSessions).where(eq(classSessions.id, id));
  return row;
}

export async function listSessions(db: Executor, classId: string): Promise<SessionRow[]> {
  return db.select().from(classSessions).where(eq(classSessions.classId, classId)).orderBy(asc(classSessions.startsAt));
}

export async function findAttendance(
  db: Executor,
  sessionId: string,
  workerId: string,
  forUpdate = false,
): Promise<AttendanceRow | undefined> {
  const q = db
    .select()
    .from(attendance)
    .where(and(eq(attendance.sessionId, sessionId), eq(attendance.workerId, workerId)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function insertAttendance(db: Executor, values: typeof attendance.$inferInsert): Promise<boolean> {
  return (await db.insert(attendance).values(values).onConflictDoNothing().returning()).length > 0;
}

export async function updateAttendance(
  db: Executor,
  sessionId: string,
  workerId: string,
  values: Partial<typeof attendance.$inferInsert>,
): Promise<AttendanceRow> {
  const [row] = await db
    .update(attendance)
    .set(values)
    .where(and(eq(attendance.sessionId, sessionId), eq(attendance.workerId, workerId)))
    .returning();
  return row;
}

export async function attendanceOfClass(db: Executor, classId: string): Promise<AttendanceRow[]> {
  const sessions = await listSessions(db, classId);
  if (!sessions.length) return [];
  return db
    .select()
    .from(attendance)
    .where(
      inArray(
        attendance.sessionId,
        sessions.map((s) => s.id),
      ),
    );
}

/** INS-5: classes of the institutions opened in [from, to), with their filing facts (TRN-1), for the annual rating. */
export async function classFilingsOfInstitutions(db: Executor, orgIds: string[], from: Date, to: Date) {
  if (!orgIds.length) return [];
  return db
    .select({
      id: trainingClasses.id,
      orgId: trainingClasses.orgId,
      name: trainingClasses.name,
      opensAt: trainingClasses.opensAt,
      filedAt: trainingClasses.filedAt,
      filedLate: trainingClasses.filedLate,
    })
    .from(trainingClasses)
    .where(
      and(inArray(trainingClasses.orgId, orgIds), gte(trainingClasses.opensAt, from), lt(trainingClasses.opensAt, to)),
    );
}

/** The initial-training classes these workers were enrolled in (ANA-2: where a certificate's holder was trained). */
export async function initialClassesOfWorkers(db: Executor, workerIds: string[]) {
  const out: Array<{ workerId: string; classId: string; institutionOrgId: string; itemCode: string; opensAt: Date }> =
    [];
  for (let i = 0; i < workerIds.length; i += 1000) {
    out.push(
      ...(await db
        .select({
          workerId: classEnrolments.workerId,
          classId: trainingClasses.id,
          institutionOrgId: trainingClasses.orgId,
          itemCode: trainingClasses.itemCode,
          opensAt: trainingClasses.opensAt,
        })
        .from(classEnrolments)
        .innerJoin(trainingClasses, eq(trainingClasses.id, classEnrolments.classId))
        .where(
          and(inArray(classEnrolments.workerId, workerIds.slice(i, i + 1000)), eq(trainingClasses.kind, 'initial')),
        )),
    );
  }
  return out;
}
