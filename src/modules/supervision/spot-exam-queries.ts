// Reads and writes of spot exams (SUP-3) as functions of (db, params).
import { and, desc, eq, gte, like, or } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { spotExams } from './schema.js';

export type SpotExamRow = typeof spotExams.$inferSelect;

export async function insertSpotExam(db: Executor, values: typeof spotExams.$inferInsert): Promise<SpotExamRow> {
  const [row] = await db.insert(spotExams).values(values).returning();
  return row;
}

export async function lockSpotExamByCode(db: Executor, code: string): Promise<SpotExamRow | undefined> {
  const [row] = await db.select().from(spotExams).where(eq(spotExams.code, code)).for('update');
  return row;
}

export async function updateSpotExam(
  db: Executor,
  id: string,
  values: Partial<typeof spotExams.$inferInsert>,
): Promise<SpotExamRow> {
  const [row] = await db.update(spotExams).set(values).where(eq(spotExams.id, id)).returning();
  return row;
}

export async function spotExamsOfInspection(db: Executor, inspectionId: string): Promise<SpotExamRow[]> {
  return db.select().from(spotExams).where(eq(spotExams.inspectionId, inspectionId)).orderBy(desc(spotExams.issuedAt));
}

export async function spotExamsWithin(db: Executor, regionPrefix: string): Promise<SpotExamRow[]> {
  return db
    .select()
    .from(spotExams)
    .where(like(spotExams.regionCode, `${regionPrefix}%`))
    .orderBy(desc(spotExams.issuedAt))
    .limit(2000);
}

export async function failedSpotExamsOfEmployer(db: Executor, employerOrgId: string): Promise<SpotExamRow[]> {
  return db
    .select()
    .from(spotExams)
    .where(and(eq(spotExams.employerOrgId, employerOrgId), eq(spotExams.passed, false)))
    .orderBy(desc(spotExams.submittedAt));
}

/**
 * SUP-3 → INS-5 / ANA-3: finished spot exams attributed to an organisation — as the training
 * institution, the exam centre of the site, or the employer — since a date, for ratings and analytics.
 */
export async function spotExamTallyOf(db: Executor, orgId: string, since: Date) {
  const rows = await db
    .select({
      institutionOrgId: spotExams.institutionOrgId,
      centreOrgId: spotExams.centreOrgId,
      employerOrgId: spotExams.employerOrgId,
      passed: spotExams.passed,
    })
    .from(spotExams)
    .where(
      and(
        eq(spotExams.status, 'submitted'),
        gte(spotExams.submittedAt, since),
        or(eq(spotExams.institutionOrgId, orgId), eq(spotExams.centreOrgId, orgId), eq(spotExams.employerOrgId, orgId)),
      ),
    );
  const tally = (as: 'institutionOrgId' | 'centreOrgId' | 'employerOrgId') => {
    const mine = rows.filter((r) => r[as] === orgId);
    return { taken: mine.length, failed: mine.filter((r) => !r.passed).length };
  };
  return {
    asInstitution: tally('institutionOrgId'),
    asExamCentre: tally('centreOrgId'),
    asEmployer: tally('employerOrgId'),
  };
}
