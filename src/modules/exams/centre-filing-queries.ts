// Reads and writes of exam centres' own filings (EXM-1, 考试机构备案) as functions of (db, params).
import { and, desc, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { rowsOf } from '../../db/read.js';
import {
  examCentreApplications,
  examCentreFilings,
  examSites,
  type CentreLevel,
  type SiteApplicationStatus,
} from './schema.js';

export type CentreApplicationRow = typeof examCentreApplications.$inferSelect;
export type CentreFilingRow = typeof examCentreFilings.$inferSelect;

export async function insertCentreApplication(
  db: Executor,
  values: typeof examCentreApplications.$inferInsert,
): Promise<CentreApplicationRow> {
  const [row] = await db.insert(examCentreApplications).values(values).returning();
  return row;
}

export async function findCentreApplication(
  db: Executor,
  id: string,
  forUpdate = false,
): Promise<CentreApplicationRow | undefined> {
  const q = db.select().from(examCentreApplications).where(eq(examCentreApplications.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function updateCentreApplication(
  db: Executor,
  id: string,
  set: Partial<typeof examCentreApplications.$inferInsert>,
): Promise<CentreApplicationRow> {
  const [row] = await db.update(examCentreApplications).set(set).where(eq(examCentreApplications.id, id)).returning();
  return row;
}

export async function listCentreApplications(
  db: Executor,
  p: { regionPrefix?: string; centreOrgId?: string; statuses?: SiteApplicationStatus[] },
): Promise<CentreApplicationRow[]> {
  return db
    .select()
    .from(examCentreApplications)
    .where(
      and(
        p.regionPrefix ? like(examCentreApplications.regionCode, `${p.regionPrefix}%`) : undefined,
        p.centreOrgId ? eq(examCentreApplications.centreOrgId, p.centreOrgId) : undefined,
        p.statuses?.length ? inArray(examCentreApplications.status, p.statuses) : undefined,
      ),
    )
    .orderBy(desc(examCentreApplications.submittedAt))
    .limit(500);
}

export async function openApplicationOfCentre(
  db: Executor,
  centreOrgId: string,
): Promise<CentreApplicationRow | undefined> {
  const [row] = await db
    .select()
    .from(examCentreApplications)
    .where(
      and(
        eq(examCentreApplications.centreOrgId, centreOrgId),
        inArray(examCentreApplications.status, ['submitted', 'city_approved']),
      ),
    );
  return row;
}

export async function findCentreFiling(
  db: Executor,
  centreOrgId: string,
  forUpdate = false,
): Promise<CentreFilingRow | undefined> {
  const q = db.select().from(examCentreFilings).where(eq(examCentreFilings.centreOrgId, centreOrgId));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** The filing in force (not revoked) of a centre, if any. */
export async function filingInForce(db: Executor, centreOrgId: string): Promise<CentreFilingRow | undefined> {
  const [row] = await db
    .select()
    .from(examCentreFilings)
    .where(and(eq(examCentreFilings.centreOrgId, centreOrgId), isNull(examCentreFilings.revokedAt)));
  return row;
}

export async function listCentreFilings(db: Executor, p: { regionPrefix?: string }): Promise<CentreFilingRow[]> {
  return db
    .select()
    .from(examCentreFilings)
    .where(p.regionPrefix ? like(examCentreFilings.regionCode, `${p.regionPrefix}%`) : undefined)
    .orderBy(desc(examCentreFilings.filedAt))
    .limit(500);
}

export async function upsertCentreFiling(
  db: Executor,
  values: typeof examCentreFilings.$inferInsert,
): Promise<CentreFilingRow> {
  const [row] = await db
    .insert(examCentreFilings)
    .values(values)
    .onConflictDoUpdate({ target: examCentreFilings.centreOrgId, set: { ...values, centreOrgId: undefined } })
    .returning();
  return row;
}

export async function updateCentreFiling(
  db: Executor,
  centreOrgId: string,
  set: Partial<typeof examCentreFilings.$inferInsert>,
): Promise<CentreFilingRow> {
  const [row] = await db
    .update(examCentreFilings)
    .set(set)
    .where(eq(examCentreFilings.centreOrgId, centreOrgId))
    .returning();
  return row;
}

/**
 * How many numbers a province gave centres in a year: the next number's sequence. Counted over the
 * filings and the applications both, so a number given before a revocation is never given again.
 */
export async function centreFilingsInYear(db: Executor, provinceCode: string, year: string): Promise<number> {
  const pattern = `考机备〔${year}〕${provinceCode.slice(0, 2)}-%`;
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`select count(*)::int as n from (
          select filing_number from exam_centre_filings where filing_number like ${pattern}
          union select filing_number from exam_centre_applications where filing_number like ${pattern}) numbers`,
  );
  return row?.n ?? 0;
}

/** EXM-1: sites inherit the level of their centre's filing. */
export async function setSitesLevel(db: Executor, centreOrgId: string, level: CentreLevel): Promise<void> {
  await db.update(examSites).set({ centreLevel: level }).where(eq(examSites.centreOrgId, centreOrgId));
}
