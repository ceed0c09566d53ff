import { and, asc, desc, eq, gt, inArray, isNull, like, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { institutionFilings, institutionTeachers } from './schema.js';

export type InstitutionFilingRow = typeof institutionFilings.$inferSelect;
export type TeacherRow = typeof institutionTeachers.$inferSelect;

export async function insertFiling(
  db: Executor,
  values: typeof institutionFilings.$inferInsert,
): Promise<InstitutionFilingRow> {
  const [row] = await db.insert(institutionFilings).values(values).returning();
  return row;
}

export async function updateFiling(
  db: Executor,
  id: string,
  values: Partial<typeof institutionFilings.$inferInsert>,
): Promise<InstitutionFilingRow> {
  const [row] = await db.update(institutionFilings).set(values).where(eq(institutionFilings.id, id)).returning();
  return row;
}

/** Row-locked read, so two reviewers cannot both act on one filing. */
export async function findFilingForUpdate(db: Executor, id: string): Promise<InstitutionFilingRow | undefined> {
  const [row] = await db.select().from(institutionFilings).where(eq(institutionFilings.id, id)).for('update');
  return row;
}

export async function findFiling(db: Executor, id: string): Promise<InstitutionFilingRow | undefined> {
  const [row] = await db.select().from(institutionFilings).where(eq(institutionFilings.id, id));
  return row;
}

/** The institution's current filing in force, if any. */
export async function findFiledFiling(db: Executor, orgId: string): Promise<InstitutionFilingRow | undefined> {
  const [row] = await db
    .select()
    .from(institutionFilings)
    .where(and(eq(institutionFilings.orgId, orgId), eq(institutionFilings.status, 'filed')))
    .orderBy(desc(institutionFilings.filedAt))
    .limit(1);
  return row;
}

/** INS-6: the operation items a filed institution may train; null when it is not filed. */
export async function filedScopeOf(db: Executor, orgId: string): Promise<string[] | null> {
  return (await findFiledFiling(db, orgId))?.scope ?? null;
}

export async function listFilings(
  db: Executor,
  f: { orgId?: string; regionPrefix?: string; statuses?: string[] },
): Promise<InstitutionFilingRow[]> {
  const where: (SQL | undefined)[] = [
    f.orgId ? eq(institutionFilings.orgId, f.orgId) : undefined,
    f.regionPrefix ? like(institutionFilings.regionCode, `${f.regionPrefix}%`) : undefined,
    f.statuses?.length ? inArray(institutionFilings.status, f.statuses) : undefined,
  ];
  return db
    .select()
    .from(institutionFilings)
    .where(and(...where))
    .orderBy(desc(institutionFilings.submittedAt))
    .limit(500);
}

export async function listTeachers(db: Executor, orgId: string): Promise<TeacherRow[]> {
  return db
    .select()
    .from(institutionTeachers)
    .where(and(eq(institutionTeachers.orgId, orgId), isNull(institutionTeachers.removedAt)))
    .orderBy(asc(institutionTeachers.createdAt), asc(institutionTeachers.name));
}

export async function insertTeacher(
  db: Executor,
  values: typeof institutionTeachers.$inferInsert,
): Promise<TeacherRow> {
  const [row] = await db.insert(institutionTeachers).values(values).returning();
  return row;
}

export async function removeTeacher(
  db: Executor,
  p: { id: string; orgId: string; at: Date },
): Promise<TeacherRow | undefined> {
  const [row] = await db
    .update(institutionTeachers)
    .set({ removedAt: p.at })
    .where(
      and(
        eq(institutionTeachers.id, p.id),
        eq(institutionTeachers.orgId, p.orgId),
        isNull(institutionTeachers.removedAt),
      ),
    )
    .returning();
  return row;
}

/** EXM-2: every teacher record (current or removed) of anyone with this ID number, newest first. */
export async function teacherRecordsByIdHash(db: Executor, idNumberHash: string): Promise<TeacherRow[]> {
  return db
    .select()
    .from(institutionTeachers)
    .where(eq(institutionTeachers.idNumberHash, idNumberHash))
    .orderBy(asc(institutionTeachers.createdAt));
}

/**
 * EXM-2: every time this ID number was a manager of an institution, per filing that listed it: `until`
 * is null while that filing is pending or in force, else when the next filing replaced it.
 */
export async function managerRecordsByIdHash(
  db: Executor,
  idNumberHash: string,
): Promise<Array<{ orgId: string; name: string; filingId: string; until: Date | null }>> {
  const listed = await db
    .select()
    .from(institutionFilings)
    .where(
      and(
        inArray(institutionFilings.status, ['submitted', 'reviewed', 'filed', 'superseded']),
        sql`${institutionFilings.facts} -> 'managers' @> ${JSON.stringify([{ idNumberHash }])}::jsonb`,
      ),
    );
  const out: Array<{ orgId: string; name: string; filingId: string; until: Date | null }> = [];
  for (const f of listed) {
    const name = f.facts!.managers.find((m) => m.idNumberHash === idNumberHash)!.name;
    if (f.status !== 'superseded') {
      out.push({ orgId: f.orgId, name, filingId: f.id, until: null });
      continue;
    }
    // Superseded when the institution's next filing was recorded.
    const [next] = await db
      .select({ filedAt: institutionFilings.filedAt })
      .from(institutionFilings)
      .where(
        and(
          eq(institutionFilings.orgId, f.orgId),
          inArray(institutionFilings.status, ['filed', 'superseded']),
          gt(institutionFilings.filedAt, f.filedAt ?? f.submittedAt),
        ),
      )
      .orderBy(asc(institutionFilings.filedAt))
      .limit(1);
    out.push({ orgId: f.orgId, name, filingId: f.id, until: next?.filedAt ?? f.filedAt ?? f.submittedAt });
  }
  return out;
}
