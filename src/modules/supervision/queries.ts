import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import type { CampaignTarget, ReportCategory, ReportStatus } from './rules.js';
import {
  employerDraws,
  findingPhotos,
  firstClassInspections,
  findingRectifications,
  inspectionFindings,
  inspectionPlanEntries,
  inspectionPlans,
  inspections,
  publicReportAttachments,
  publicReportSteps,
  publicReports,
  selfInspectionCampaigns,
  selfInspectionItems,
  selfInspectionReports,
} from './schema.js';

export type PublicReportRow = typeof publicReports.$inferSelect;
export type PublicReportStepRow = typeof publicReportSteps.$inferSelect;

export async function insertReport(db: Executor, values: typeof publicReports.$inferInsert): Promise<PublicReportRow> {
  const [row] = await db.insert(publicReports).values(values).returning();
  return row;
}

export async function insertStep(db: Executor, values: typeof publicReportSteps.$inferInsert): Promise<void> {
  await db.insert(publicReportSteps).values(values);
}

export async function insertAttachments(
  db: Executor,
  values: Array<typeof publicReportAttachments.$inferInsert>,
): Promise<void> {
  if (values.length) await db.insert(publicReportAttachments).values(values);
}

export async function findReport(db: Executor, id: string): Promise<PublicReportRow | undefined> {
  const [row] = await db.select().from(publicReports).where(eq(publicReports.id, id));
  return row;
}

export async function findReportByTrackingCode(
  db: Executor,
  trackingCode: string,
): Promise<PublicReportRow | undefined> {
  const [row] = await db.select().from(publicReports).where(eq(publicReports.trackingCode, trackingCode));
  return row;
}

/** Locks the report for a step, so two regulators acting at once cannot both move it. */
export async function lockReport(db: Executor, id: string): Promise<PublicReportRow | undefined> {
  const [row] = await db.select().from(publicReports).where(eq(publicReports.id, id)).for('update');
  return row;
}

export async function updateReport(
  db: Executor,
  id: string,
  values: Partial<typeof publicReports.$inferInsert>,
): Promise<PublicReportRow> {
  const [row] = await db.update(publicReports).set(values).where(eq(publicReports.id, id)).returning();
  return row;
}

export async function reportSteps(db: Executor, reportId: string): Promise<PublicReportStepRow[]> {
  return db
    .select()
    .from(publicReportSteps)
    .where(eq(publicReportSteps.reportId, reportId))
    .orderBy(asc(publicReportSteps.id));
}

export async function attachmentList(db: Executor, reportId: string) {
  return db
    .select({
      id: publicReportAttachments.id,
      fileName: publicReportAttachments.fileName,
      mimeType: publicReportAttachments.mimeType,
      size: publicReportAttachments.size,
    })
    .from(publicReportAttachments)
    .where(eq(publicReportAttachments.reportId, reportId))
    .orderBy(asc(publicReportAttachments.fileName));
}

export async function findAttachment(db: Executor, reportId: string, attachmentId: string) {
  const [row] = await db
    .select()
    .from(publicReportAttachments)
    .where(and(eq(publicReportAttachments.reportId, reportId), eq(publicReportAttachments.id, attachmentId)));
  return row;
}

export interface ReportFilter {
  regionPrefix: string;
  status?: ReportStatus;
  category?: ReportCategory;
  /** Only the reports this regulator handles. */
  handlingOrgId?: string;
  q?: string;
}

function where(f: ReportFilter): SQL | undefined {
  const q = f.q ? `%${f.q.replace(/[%_\\]/g, '\\$&')}%` : undefined;
  return and(
    like(publicReports.regionCode, `${f.regionPrefix}%`),
    f.status ? eq(publicReports.status, f.status) : undefined,
    f.category ? eq(publicReports.category, f.category) : undefined,
    f.handlingOrgId ? eq(publicReports.handlingOrgId, f.handlingOrgId) : undefined,
    q
      ? or(
          ilike(publicReports.subjectName, q),
          ilike(publicReports.content, q),
          eq(publicReports.trackingCode, f.q!.toUpperCase()),
        )
      : undefined,
  );
}

export async function listReports(db: Executor, f: ReportFilter & { page: number; pageSize: number }) {
  const condition = where(f);
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(publicReports)
      .where(condition)
      .orderBy(desc(publicReports.receivedAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ total: count() }).from(publicReports).where(condition),
  ]);
  return { items, total };
}

/** Counts per status in a jurisdiction (the page's tabs; ANA-1 reads the same). */
export async function reportCountsByStatus(db: Executor, regionPrefix: string) {
  return db
    .select({ status: publicReports.status, n: count() })
    .from(publicReports)
    .where(like(publicReports.regionCode, `${regionPrefix}%`))
    .groupBy(publicReports.status);
}

export async function attachmentCounts(db: Executor, reportIds: string[]) {
  if (!reportIds.length) return new Map<string, number>();
  const rows = await db
    .select({ reportId: publicReportAttachments.reportId, n: count() })
    .from(publicReportAttachments)
    .where(inArray(publicReportAttachments.reportId, reportIds))
    .groupBy(publicReportAttachments.reportId);
  return new Map(rows.map((r) => [r.reportId, r.n]));
}

export type CampaignRow = typeof selfInspectionCampaigns.$inferSelect;
export type SelfReportRow = typeof selfInspectionReports.$inferSelect;
export type SelfItemRow = typeof selfInspectionItems.$inferSelect;

export async function insertCampaign(
  db: Executor,
  values: typeof selfInspectionCampaigns.$inferInsert,
): Promise<CampaignRow> {
  const [row] = await db.insert(selfInspectionCampaigns).values(values).returning();
  return row;
}

export async function findCampaign(db: Executor, id: string): Promise<CampaignRow | undefined> {
  const [row] = await db.select().from(selfInspectionCampaigns).where(eq(selfInspectionCampaigns.id, id));
  return row;
}

/** Campaigns whose jurisdiction is inside `regionPrefix` (a regulator's own and its subordinates'). */
export async function campaignsWithin(db: Executor, regionPrefix: string): Promise<CampaignRow[]> {
  return db
    .select()
    .from(selfInspectionCampaigns)
    .where(like(selfInspectionCampaigns.regionCode, `${regionPrefix}%`))
    .orderBy(desc(selfInspectionCampaigns.createdAt));
}

/** Campaigns that ask an organisation of `kind` in `regionCode` to report: their jurisdiction covers it. */
export async function campaignsCovering(
  db: Executor,
  kind: CampaignTarget,
  regionPrefixes: string[],
): Promise<CampaignRow[]> {
  return db
    .select()
    .from(selfInspectionCampaigns)
    .where(
      and(eq(selfInspectionCampaigns.targetKind, kind), inArray(selfInspectionCampaigns.regionCode, regionPrefixes)),
    )
    .orderBy(desc(selfInspectionCampaigns.createdAt));
}

export async function insertSelfReport(
  db: Executor,
  values: typeof selfInspectionReports.$inferInsert,
): Promise<SelfReportRow> {
  const [row] = await db.insert(selfInspectionReports).values(values).returning();
  return row;
}

export async function insertSelfItems(
  db: Executor,
  values: Array<typeof selfInspectionItems.$inferInsert>,
): Promise<void> {
  if (values.length) await db.insert(selfInspectionItems).values(values);
}

export async function selfReportsOf(db: Executor, campaignId: string): Promise<SelfReportRow[]> {
  return db.select().from(selfInspectionReports).where(eq(selfInspectionReports.campaignId, campaignId));
}

export async function findSelfReport(
  db: Executor,
  campaignId: string,
  orgId: string,
): Promise<SelfReportRow | undefined> {
  const [row] = await db
    .select()
    .from(selfInspectionReports)
    .where(and(eq(selfInspectionReports.campaignId, campaignId), eq(selfInspectionReports.orgId, orgId)));
  return row;
}

export async function selfItemsOfCampaign(db: Executor, campaignId: string): Promise<SelfItemRow[]> {
  return db
    .select()
    .from(selfInspectionItems)
    .where(eq(selfInspectionItems.campaignId, campaignId))
    .orderBy(asc(selfInspectionItems.position));
}

export async function selfItemsOfReport(db: Executor, reportId: string): Promise<SelfItemRow[]> {
  return db
    .select()
    .from(selfInspectionItems)
    .where(eq(selfInspectionItems.reportId, reportId))
    .orderBy(asc(selfInspectionItems.position));
}

export async function findSelfItem(db: Executor, id: string): Promise<SelfItemRow | undefined> {
  const [row] = await db.select().from(selfInspectionItems).where(eq(selfInspectionItems.id, id));
  return row;
}

export async function completeSelfItem(
  db: Executor,
  id: string,
  values: { completedOn: string; completionNote: string | null },
): Promise<SelfItemRow | undefined> {
  // Only an open measure is completed: a second click (or a race) changes nothing.
  const [row] = await db
    .update(selfInspectionItems)
    .set(values)
    .where(and(eq(selfInspectionItems.id, id), isNull(selfInspectionItems.completedOn)))
    .returning();
  return row;
}

export type PlanRow = typeof inspectionPlans.$inferSelect;
export type PlanEntryRow = typeof inspectionPlanEntries.$inferSelect;
export type InspectionRow = typeof inspections.$inferSelect;
export type FindingRow = typeof inspectionFindings.$inferSelect;
export type RectificationRow = typeof findingRectifications.$inferSelect;

export async function findPlan(db: Executor, orgId: string, year: number): Promise<PlanRow | undefined> {
  const [row] = await db
    .select()
    .from(inspectionPlans)
    .where(and(eq(inspectionPlans.orgId, orgId), eq(inspectionPlans.year, year)));
  return row;
}

/** The year's plan of a regulator, made on first use (one per regulator and year). */
export async function ensurePlan(db: Executor, values: typeof inspectionPlans.$inferInsert): Promise<PlanRow> {
  await db.insert(inspectionPlans).values(values).onConflictDoNothing();
  return (await findPlan(db, values.orgId, values.year))!;
}

export async function planEntries(db: Executor, planId: string): Promise<PlanEntryRow[]> {
  return db
    .select()
    .from(inspectionPlanEntries)
    .where(eq(inspectionPlanEntries.planId, planId))
    .orderBy(asc(inspectionPlanEntries.plannedMonth), asc(inspectionPlanEntries.targetName));
}

export async function insertPlanEntries(
  db: Executor,
  values: Array<typeof inspectionPlanEntries.$inferInsert>,
): Promise<void> {
  if (values.length) await db.insert(inspectionPlanEntries).values(values).onConflictDoNothing();
}

export async function findPlanEntry(db: Executor, id: string): Promise<PlanEntryRow | undefined> {
  const [row] = await db.select().from(inspectionPlanEntries).where(eq(inspectionPlanEntries.id, id));
  return row;
}

export async function insertInspection(db: Executor, values: typeof inspections.$inferInsert): Promise<InspectionRow> {
  const [row] = await db.insert(inspections).values(values).returning();
  return row;
}

export async function findInspection(db: Executor, id: string): Promise<InspectionRow | undefined> {
  const [row] = await db.select().from(inspections).where(eq(inspections.id, id));
  return row;
}

export async function lockInspection(db: Executor, id: string): Promise<InspectionRow | undefined> {
  const [row] = await db.select().from(inspections).where(eq(inspections.id, id)).for('update');
  return row;
}

export async function updateInspection(
  db: Executor,
  id: string,
  values: Partial<typeof inspections.$inferInsert>,
): Promise<InspectionRow> {
  const [row] = await db.update(inspections).set(values).where(eq(inspections.id, id)).returning();
  return row;
}

/** Inspections of the targets in `targetIds` since `since` (which plan entries are done). */
export async function inspectionsOfTargets(db: Executor, targetIds: string[], since: Date): Promise<InspectionRow[]> {
  if (!targetIds.length) return [];
  return db
    .select()
    .from(inspections)
    .where(and(inArray(inspections.targetId, targetIds), gte(inspections.startedAt, since)))
    .orderBy(desc(inspections.startedAt));
}

export async function inspectionsWithin(db: Executor, regionPrefix: string, limit = 200): Promise<InspectionRow[]> {
  return db
    .select()
    .from(inspections)
    .where(like(inspections.regionCode, `${regionPrefix}%`))
    .orderBy(desc(inspections.startedAt))
    .limit(limit);
}

export async function insertFinding(db: Executor, values: typeof inspectionFindings.$inferInsert): Promise<FindingRow> {
  const [row] = await db.insert(inspectionFindings).values(values).returning();
  return row;
}

export async function findFinding(db: Executor, id: string): Promise<FindingRow | undefined> {
  const [row] = await db.select().from(inspectionFindings).where(eq(inspectionFindings.id, id));
  return row;
}

export async function lockFinding(db: Executor, id: string): Promise<FindingRow | undefined> {
  const [row] = await db.select().from(inspectionFindings).where(eq(inspectionFindings.id, id)).for('update');
  return row;
}

export async function updateFinding(
  db: Executor,
  id: string,
  values: Partial<typeof inspectionFindings.$inferInsert>,
): Promise<FindingRow> {
  const [row] = await db.update(inspectionFindings).set(values).where(eq(inspectionFindings.id, id)).returning();
  return row;
}

export async function findingsOfInspection(db: Executor, inspectionId: string): Promise<FindingRow[]> {
  return db
    .select()
    .from(inspectionFindings)
    .where(eq(inspectionFindings.inspectionId, inspectionId))
    .orderBy(asc(inspectionFindings.createdAt));
}

export async function listFindings(
  db: Executor,
  f: { regionPrefix?: string; responsibleOrgId?: string; statuses?: FindingRow['status'][] },
): Promise<FindingRow[]> {
  return db
    .select()
    .from(inspectionFindings)
    .where(
      and(
        f.regionPrefix ? like(inspectionFindings.regionCode, `${f.regionPrefix}%`) : undefined,
        f.responsibleOrgId ? eq(inspectionFindings.responsibleOrgId, f.responsibleOrgId) : undefined,
        f.statuses?.length ? inArray(inspectionFindings.status, f.statuses) : undefined,
      ),
    )
    .orderBy(asc(inspectionFindings.deadline))
    .limit(1000);
}

export async function insertPhotos(db: Executor, values: Array<typeof findingPhotos.$inferInsert>): Promise<void> {
  if (values.length) await db.insert(findingPhotos).values(values);
}

export async function photoIdsOf(db: Executor, findingId: string) {
  return db
    .select({ id: findingPhotos.id, rectificationId: findingPhotos.rectificationId })
    .from(findingPhotos)
    .where(eq(findingPhotos.findingId, findingId))
    .orderBy(asc(findingPhotos.takenAt));
}

export async function findPhoto(db: Executor, findingId: string, photoId: string) {
  const [row] = await db
    .select()
    .from(findingPhotos)
    .where(and(eq(findingPhotos.findingId, findingId), eq(findingPhotos.id, photoId)));
  return row;
}

export async function insertRectification(
  db: Executor,
  values: typeof findingRectifications.$inferInsert,
): Promise<RectificationRow> {
  const [row] = await db.insert(findingRectifications).values(values).returning();
  return row;
}

export async function rectificationsOf(db: Executor, findingId: string): Promise<RectificationRow[]> {
  return db
    .select()
    .from(findingRectifications)
    .where(eq(findingRectifications.findingId, findingId))
    .orderBy(asc(findingRectifications.submittedAt));
}

export async function updateRectification(
  db: Executor,
  id: string,
  values: Partial<typeof findingRectifications.$inferInsert>,
): Promise<void> {
  await db.update(findingRectifications).set(values).where(eq(findingRectifications.id, id));
}

// ——— Inspection planning driven by data (SUP-1, SUP-2 回头看) ———

export type FirstClassTaskRow = typeof firstClassInspections.$inferSelect;
export type DrawRow = typeof employerDraws.$inferSelect;

/** One task per institution: a second first-class event (a replay, or a later class) changes nothing. */
export async function insertFirstClassTask(
  db: Executor,
  values: typeof firstClassInspections.$inferInsert,
): Promise<void> {
  await db.insert(firstClassInspections).values(values).onConflictDoNothing();
}

export async function firstClassTasksWithin(db: Executor, regionPrefix: string): Promise<FirstClassTaskRow[]> {
  return db
    .select()
    .from(firstClassInspections)
    .where(like(firstClassInspections.regionCode, `${regionPrefix}%`))
    .orderBy(asc(firstClassInspections.dueOn))
    .limit(1000);
}

export async function insertDraw(db: Executor, values: typeof employerDraws.$inferInsert): Promise<DrawRow> {
  const [row] = await db.insert(employerDraws).values(values).returning();
  return row;
}

export async function drawsOf(db: Executor, orgId: string, year: number): Promise<DrawRow[]> {
  return db
    .select()
    .from(employerDraws)
    .where(and(eq(employerDraws.orgId, orgId), eq(employerDraws.year, year)))
    .orderBy(desc(employerDraws.drawnAt));
}

/** The findings of a jurisdiction since `since` with the target they were found at (回头看 groups them by target). */
export async function findingsWithTargets(db: Executor, regionPrefix: string, since: Date) {
  return db
    .select({ finding: inspectionFindings, targetKind: inspections.targetKind, targetId: inspections.targetId })
    .from(inspectionFindings)
    .innerJoin(inspections, eq(inspections.id, inspectionFindings.inspectionId))
    .where(
      and(
        like(inspectionFindings.regionCode, `${regionPrefix}%`),
        or(gte(inspectionFindings.createdAt, since), inArray(inspectionFindings.status, ['open', 'submitted'])),
      ),
    )
    .orderBy(asc(inspectionFindings.createdAt))
    .limit(5000);
}

/** The findings of earlier inspections of a target (what a 回头看 checks again). */
export async function findingsOfTarget(db: Executor, targetId: string, since: Date): Promise<FindingRow[]> {
  return db
    .select({ finding: inspectionFindings })
    .from(inspectionFindings)
    .innerJoin(inspections, eq(inspections.id, inspectionFindings.inspectionId))
    .where(
      and(
        eq(inspections.targetId, targetId),
        or(gte(inspectionFindings.createdAt, since), inArray(inspectionFindings.status, ['open', 'submitted'])),
      ),
    )
    .orderBy(asc(inspectionFindings.createdAt))
    .then((rows) => rows.map((r) => r.finding));
}

/** A 回头看 planned again (new findings after an earlier one this year) takes the new reason and date. */
export async function upsertReinspectionEntries(
  db: Executor,
  values: Array<typeof inspectionPlanEntries.$inferInsert>,
): Promise<void> {
  if (!values.length) return;
  await db
    .insert(inspectionPlanEntries)
    .values(values)
    .onConflictDoUpdate({
      target: [inspectionPlanEntries.planId, inspectionPlanEntries.targetId, inspectionPlanEntries.source],
      set: {
        reason: sql`excluded.reason`,
        plannedMonth: sql`excluded.planned_month`,
        createdAt: sql`excluded.created_at`,
      },
    });
}
