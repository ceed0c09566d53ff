// Reads and writes of exam-site applications (EXM-1) as functions of (db, params).
import { and, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { examSiteApplications, examSites, type SiteApplicationStatus } from './schema.js';

export type SiteApplicationRow = typeof examSiteApplications.$inferSelect;

export async function insertSiteApplication(
  db: Executor,
  values: typeof examSiteApplications.$inferInsert,
): Promise<SiteApplicationRow> {
  const [row] = await db.insert(examSiteApplications).values(values).returning();
  return row;
}

export async function findSiteApplication(
  db: Executor,
  id: string,
  forUpdate = false,
): Promise<SiteApplicationRow | undefined> {
  const q = db.select().from(examSiteApplications).where(eq(examSiteApplications.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function updateSiteApplication(
  db: Executor,
  id: string,
  set: Partial<typeof examSiteApplications.$inferInsert>,
): Promise<SiteApplicationRow> {
  const [row] = await db.update(examSiteApplications).set(set).where(eq(examSiteApplications.id, id)).returning();
  return row;
}

export async function listSiteApplications(
  db: Executor,
  p: { regionPrefix?: string; centreOrgId?: string; siteId?: string; statuses?: SiteApplicationStatus[] },
): Promise<SiteApplicationRow[]> {
  return db
    .select()
    .from(examSiteApplications)
    .where(
      and(
        p.regionPrefix ? like(examSiteApplications.regionCode, `${p.regionPrefix}%`) : undefined,
        p.centreOrgId ? eq(examSiteApplications.centreOrgId, p.centreOrgId) : undefined,
        p.siteId ? eq(examSiteApplications.siteId, p.siteId) : undefined,
        p.statuses?.length ? inArray(examSiteApplications.status, p.statuses) : undefined,
      ),
    )
    .orderBy(desc(examSiteApplications.submittedAt))
    .limit(500);
}

/** The application of a site still in the chain (submitted or accepted by the city), if any. */
export async function openApplicationOfSite(db: Executor, siteId: string): Promise<SiteApplicationRow | undefined> {
  const [row] = await db
    .select()
    .from(examSiteApplications)
    .where(
      and(
        eq(examSiteApplications.siteId, siteId),
        inArray(examSiteApplications.status, ['submitted', 'city_approved']),
      ),
    );
  return row;
}

/** How many sites of a province were filed in a year: the next filing number's sequence. */
export async function filedSitesInYear(db: Executor, provinceCode: string, year: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(examSites)
    .where(and(like(examSites.filingNumber, `考点备〔${year}〕${provinceCode.slice(0, 2)}-%`)));
  return row?.n ?? 0;
}
