// INS-5: each institution's annual points assessment and A/B/C/D rating, computed from the facts the
// platform records — inspection findings and their closure (SUP-2), sanctions decided (SUP-4), late
// class filings (TRN-1), first-attempt pass rates (exams), spot exams on site (SUP-3), integrity flags
// confirmed against its candidates (INT), trainee reviews (学员网上评议), its own self-assessment and the
// third-party assessment the regulator recorded — each point traced to its fact; forced exit proposed
// below the line. EXM-11: exam sites get an annual grade the same way. Publishing hands the grades to
// the public lists (SUP-7).
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, forbidden, notFound } from '../../kernel/problem.js';
import { settingInForce } from '../../kernel/province-settings.js';
import { regionFullName } from '../../kernel/regions.js';
import {
  applicantOrgsOfAttempts,
  doorMismatchesBetween,
  firstAttemptResultsOfInstitutions,
  listSites,
  sessionsHeldBySites,
} from '../exams/index.js';
import { institutionRatings, publishInstitutionRating } from '../institutions/index.js';
import { confirmedFlagsBetween, sitePassRatesBetween } from '../integrity/index.js';
import { listOrganisations } from '../organisations/index.js';
import { classFilingsOfInstitutions, classReviewsOfInstitutions } from '../training/index.js';
import {
  DEDUCTIONS,
  EXIT_LINE,
  GRADE_LINES,
  POINTS_START,
  REVIEWS_MIN,
  SITE_DEDUCTIONS,
  assessExamSite,
  assessInstitution,
  ratingComponentsWith,
  type ComponentKey,
  type Grade,
  type RatingFacts,
  type SiteRatingFacts,
} from './rules.js';
import {
  enforcementCases,
  enforcementSanctions,
  examSiteRatings,
  inspectionFindings,
  inspections,
  institutionSelfAssessments,
  spotExams,
  thirdPartyAssessments,
} from './schema.js';

/** INS-5: the component weights of the province the institutions are in (settings module), else the defaults. */
async function provinceRatingWeights(ctx: AppContext, regionCodeOrPrefix: string, today: string) {
  const own = await settingInForce<Partial<Record<ComponentKey, number>>>(ctx.db, {
    regionCode: regionCodeOrPrefix.padEnd(6, '0'),
    kind: 'rating_weights',
    on: today,
  });
  return own?.value ?? null;
}

function scope(actor: Actor): string {
  requirePermission(actor, 'supervision.ratings');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden('评级由监管部门开展。');
  return prefix;
}

export const yearBounds = (year: number) => ({
  from: new Date(`${year}-01-01T00:00:00+08:00`),
  to: new Date(`${year + 1}-01-01T00:00:00+08:00`),
  fromDay: `${year}-01-01`,
  toDay: `${year + 1}-01-01`,
});

export function checkYear(ctx: AppContext, year: number) {
  const current = Number(chinaDate(ctx.clock.now()).slice(0, 4));
  if (year > current) throw badRequest(`${year} 年尚未开始，不能评定。`, [{ field: 'year', message: '年度无效' }]);
}

async function sanctionsOf(ctx: AppContext, partyIds: string[], fromDay: string, toDay: string) {
  if (!partyIds.length) return [];
  return ctx.db
    .select({ s: enforcementSanctions, caseNo: enforcementCases.caseNo })
    .from(enforcementSanctions)
    .innerJoin(enforcementCases, eq(enforcementCases.id, enforcementSanctions.caseId))
    .where(
      and(
        inArray(enforcementSanctions.partyId, partyIds),
        gte(enforcementSanctions.startsOn, fromDay),
        lt(enforcementSanctions.startsOn, toDay),
      ),
    );
}

const findingFact = (f: typeof inspectionFindings.$inferSelect) => ({
  id: f.id,
  description: f.description,
  deadline: f.deadline,
  status: f.status,
  closedOn: f.closedAt ? chinaDate(f.closedAt) : null,
  on: chinaDate(f.createdAt),
});

/** The recorded facts of the year, per institution. */
async function factsOf(ctx: AppContext, orgIds: string[], year: number): Promise<Map<string, RatingFacts>> {
  const { from, to, fromDay, toDay } = yearBounds(year);
  const out = new Map<string, RatingFacts>(
    orgIds.map((id) => [
      id,
      {
        findings: [],
        lateFilings: [],
        sanctions: [],
        firstAttempts: null,
        spotExamFails: [],
        spotExamPasses: [],
        spotExams: { taken: 0, passed: 0 },
        integrityFlags: [],
        reviews: [],
        selfAssessment: null,
        thirdParty: null,
      },
    ]),
  );
  if (!orgIds.length) return out;
  const [findings, sanctions, classes, results, spots, flags, reviews, selfs, thirds] = await Promise.all([
    ctx.db
      .select()
      .from(inspectionFindings)
      .where(
        and(
          inArray(inspectionFindings.responsibleOrgId, orgIds),
          gte(inspectionFindings.createdAt, from),
          lt(inspectionFindings.createdAt, to),
        ),
      ),
    sanctionsOf(ctx, orgIds, fromDay, toDay),
    classFilingsOfInstitutions(ctx.db, orgIds, from, to),
    firstAttemptResultsOfInstitutions(ctx.db, orgIds, fromDay, toDay),
    // SUP-3: every spot exam of the institution's trainees; a fail also deducts points.
    ctx.db
      .select({
        id: spotExams.id,
        orgId: spotExams.institutionOrgId,
        passed: spotExams.passed,
        workerName: spotExams.workerName,
        itemName: spotExams.itemName,
        score: spotExams.score,
        submittedAt: spotExams.submittedAt,
      })
      .from(spotExams)
      .where(
        and(
          inArray(spotExams.institutionOrgId, orgIds),
          eq(spotExams.status, 'submitted'),
          gte(spotExams.submittedAt, from),
          lt(spotExams.submittedAt, to),
        ),
      ),
    confirmedFlagsBetween(ctx.db, { from, to }),
    classReviewsOfInstitutions(ctx.db, orgIds, from, to),
    ctx.db
      .select()
      .from(institutionSelfAssessments)
      .where(and(inArray(institutionSelfAssessments.orgId, orgIds), eq(institutionSelfAssessments.year, year))),
    ctx.db
      .select()
      .from(thirdPartyAssessments)
      .where(and(inArray(thirdPartyAssessments.orgId, orgIds), eq(thirdPartyAssessments.year, year))),
  ]);
  for (const f of findings) out.get(f.responsibleOrgId)!.findings.push(findingFact(f));
  for (const { s, caseNo } of sanctions)
    out.get(s.partyId)!.sanctions.push({ id: s.id, kind: s.kind, caseNo, on: s.startsOn });
  for (const c of classes)
    if (c.filedLate) out.get(c.orgId)!.lateFilings.push({ id: c.id, name: c.name, opensOn: chinaDate(c.opensAt) });
  for (const [orgId, r] of results) out.get(orgId)!.firstAttempts = r;
  for (const e of spots) {
    const f = out.get(e.orgId!)!;
    f.spotExams!.taken += 1;
    const fact = { id: e.id, on: chinaDate(e.submittedAt!), label: `${e.workerName} ${e.itemName} ${e.score ?? 0} 分` };
    if (e.passed) {
      f.spotExams!.passed += 1;
      f.spotExamPasses!.push(fact);
    } else f.spotExamFails!.push(fact);
  }
  // INS-5: a confirmed flag of a candidate the institution booked counts against the institution.
  const attemptFlags = flags.filter((f) => f.subject === 'attempt' && f.sessionId && f.workerId);
  const applicants = await applicantOrgsOfAttempts(
    ctx.db,
    attemptFlags.map((f) => ({ sessionId: f.sessionId!, workerId: f.workerId! })),
  );
  for (const f of attemptFlags) {
    const orgId = applicants.get(`${f.sessionId}:${f.workerId}`);
    if (orgId && out.has(orgId))
      out
        .get(orgId)!
        .integrityFlags!.push({ id: f.id, label: `${f.label}（${f.siteName}）`, on: chinaDate(f.decidedOn) });
  }
  for (const r of reviews)
    out.get(r.orgId)!.reviews!.push({
      id: r.id,
      classId: r.classId,
      teaching: r.teaching,
      practical: r.practical,
      honesty: r.honesty,
      on: chinaDate(r.createdAt),
    });
  for (const a of selfs)
    out.get(a.orgId)!.selfAssessment = { id: a.id, scores: a.scores, on: chinaDate(a.updatedAt), rated: !!a.ratedAt };
  for (const t of thirds)
    out.get(t.orgId)!.thirdParty = {
      id: t.id,
      assessor: t.assessor,
      score: t.score,
      grade: t.grade,
      reportRef: t.reportRef,
      on: t.assessedOn,
    };
  return out;
}

async function institutionsWithin(ctx: AppContext, prefix: string) {
  return (await listOrganisations(ctx.db, { kind: 'institution', regionPrefix: prefix, page: 1, pageSize: 10_000 }))
    .items;
}

const countGrades = (items: Array<{ grade: Grade; exitProposed: boolean }>) => ({
  A: items.filter((i) => i.grade === 'A').length,
  B: items.filter((i) => i.grade === 'B').length,
  C: items.filter((i) => i.grade === 'C').length,
  D: items.filter((i) => i.grade === 'D').length,
  exit: items.filter((i) => i.exitProposed).length,
});

/** INS-5: the year's rating table of the jurisdiction (grades, points, exit proposals). */
export async function listRatings(ctx: AppContext, actor: Actor, year: number) {
  const prefix = scope(actor);
  checkYear(ctx, year);
  const orgs = await institutionsWithin(ctx, prefix);
  const facts = await factsOf(
    ctx,
    orgs.map((o) => o.id),
    year,
  );
  const published = await institutionRatings(
    ctx.db,
    orgs.map((o) => o.id),
  );
  const today = chinaDate(ctx.clock.now());
  const weights = await provinceRatingWeights(ctx, prefix, today);
  const items = orgs.map((o) => {
    const a = assessInstitution(facts.get(o.id)!, today, weights);
    const pub = published.get(o.id);
    return {
      orgId: o.id,
      name: o.name,
      regionCode: o.regionCode,
      regionName: regionFullName(o.regionCode) ?? o.regionCode,
      points: a.points,
      score: a.score,
      grade: a.grade,
      exitProposed: a.exitProposed,
      deductionCount: a.deductions.length,
      components: Object.fromEntries(a.components.map((c) => [c.key, c.score])),
      notAssessed: a.notAssessed,
      published: pub && pub.year === year ? pub : null,
    };
  });
  return {
    year,
    pointsStart: POINTS_START,
    exitLine: EXIT_LINE,
    gradeLines: GRADE_LINES,
    weights: DEDUCTIONS,
    components: ratingComponentsWith(weights),
    reviewsMin: REVIEWS_MIN,
    // Every component the seed names is counted now; kept (empty) for readers of the old shape.
    notCounted: [] as string[],
    counts: countGrades(items),
    items: items.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name, 'zh')),
  };
}

/** INS-5: one institution's assessment with every component, deduction and the fact behind each. */
export async function getRating(ctx: AppContext, actor: Actor, year: number, orgId: string) {
  const prefix = scope(actor);
  checkYear(ctx, year);
  const org = (await institutionsWithin(ctx, prefix)).find((o) => o.id === orgId);
  if (!org) throw notFound('培训机构');
  const facts = (await factsOf(ctx, [orgId], year)).get(orgId)!;
  const today = chinaDate(ctx.clock.now());
  const a = assessInstitution(facts, today, await provinceRatingWeights(ctx, org.regionCode, today));
  const [self] = await ctx.db
    .select()
    .from(institutionSelfAssessments)
    .where(and(eq(institutionSelfAssessments.orgId, orgId), eq(institutionSelfAssessments.year, year)));
  const [third] = await ctx.db
    .select()
    .from(thirdPartyAssessments)
    .where(and(eq(thirdPartyAssessments.orgId, orgId), eq(thirdPartyAssessments.year, year)));
  return {
    year,
    orgId,
    name: org.name,
    regionName: regionFullName(org.regionCode) ?? org.regionCode,
    pointsStart: POINTS_START,
    exitLine: EXIT_LINE,
    gradeLines: GRADE_LINES,
    ...a,
    firstAttempts: facts.firstAttempts,
    selfAssessment: self
      ? {
          id: self.id,
          scores: self.scores,
          summary: self.summary,
          submittedAt: self.submittedAt,
          updatedAt: self.updatedAt,
          ratedAt: self.ratedAt,
        }
      : null,
    thirdParty: third
      ? {
          id: third.id,
          assessor: third.assessor,
          score: third.score,
          grade: third.grade,
          reportRef: third.reportRef,
          assessedOn: third.assessedOn,
          recordedAt: third.recordedAt,
        }
      : null,
  };
}

// ——— exam sites (EXM-11) ———

async function sitesWithin(ctx: AppContext, prefix: string) {
  return listSites(ctx.db, { regionPrefix: prefix, filedOnly: true });
}

/** The recorded facts of the year, per exam site. */
async function siteFactsOf(ctx: AppContext, siteIds: string[], year: number): Promise<Map<string, SiteRatingFacts>> {
  const { from, to, fromDay, toDay } = yearBounds(year);
  const today = chinaDate(ctx.clock.now());
  const yearEnded = today >= toDay;
  const out = new Map<string, SiteRatingFacts>(
    siteIds.map((id) => [
      id,
      {
        findings: [],
        sanctions: [],
        integrityFlags: [],
        passRate: null,
        sessionsHeld: 0,
        doorMismatches: [],
        yearEnded,
      },
    ]),
  );
  if (!siteIds.length) return out;
  // Sessions count once held: up to today within a running year.
  const heldUntil = yearEnded
    ? toDay
    : (([y, m, d]) => chinaDate(new Date(Date.UTC(y, m - 1, d + 1))))(today.split('-').map(Number));
  const [findings, sanctions, flags, rates, held, mismatches] = await Promise.all([
    ctx.db
      .select({ f: inspectionFindings, siteId: inspections.targetId })
      .from(inspectionFindings)
      .innerJoin(inspections, eq(inspections.id, inspectionFindings.inspectionId))
      .where(
        and(
          eq(inspections.targetKind, 'exam_site'),
          inArray(inspections.targetId, siteIds),
          gte(inspectionFindings.createdAt, from),
          lt(inspectionFindings.createdAt, to),
        ),
      ),
    sanctionsOf(ctx, siteIds, fromDay, toDay),
    confirmedFlagsBetween(ctx.db, { from, to, siteIds }),
    sitePassRatesBetween(ctx.db, siteIds, from, to),
    sessionsHeldBySites(ctx.db, siteIds, fromDay, heldUntil),
    doorMismatchesBetween(ctx.db, { siteIds, from, to }),
  ]);
  for (const m of mismatches)
    out.get(m.siteId)!.doorMismatches!.push({ id: m.id, text: `${m.itemCode} 入场人证不符`, on: chinaDate(m.at) });
  for (const { f, siteId } of findings) out.get(siteId)!.findings.push(findingFact(f));
  for (const { s, caseNo } of sanctions)
    if (s.partyKind === 'exam_site')
      out.get(s.partyId)!.sanctions.push({ id: s.id, kind: s.kind, caseNo, on: s.startsOn });
  // The pass-rate anomaly is counted from the scan's measurement (below), not again as a flag.
  for (const f of flags)
    if (f.kind !== 'site_pass_rate')
      out.get(f.siteId)!.integrityFlags.push({ id: f.id, label: f.label, on: chinaDate(f.decidedOn) });
  for (const [siteId, r] of rates)
    out.get(siteId)!.passRate = {
      scanId: r.scanId,
      on: chinaDate(r.scannedAt),
      n: r.n,
      observedRate: r.observedRate,
      expectedRate: r.expectedRate,
      z: r.z,
      flagged: r.flagged,
    };
  for (const [siteId, n] of held) out.get(siteId)!.sessionsHeld = n;
  return out;
}

async function publishedSiteRatings(ctx: AppContext, siteIds: string[]) {
  if (!siteIds.length) return new Map<string, typeof examSiteRatings.$inferSelect>();
  return new Map(
    (await ctx.db.select().from(examSiteRatings).where(inArray(examSiteRatings.siteId, siteIds))).map((r) => [
      r.siteId,
      r,
    ]),
  );
}

/** EXM-11: the year's grade table of the jurisdiction's exam sites. */
export async function listSiteRatings(ctx: AppContext, actor: Actor, year: number) {
  const prefix = scope(actor);
  checkYear(ctx, year);
  const sites = await sitesWithin(ctx, prefix);
  const facts = await siteFactsOf(
    ctx,
    sites.map((s) => s.id),
    year,
  );
  const published = await publishedSiteRatings(
    ctx,
    sites.map((s) => s.id),
  );
  const today = chinaDate(ctx.clock.now());
  const items = sites.map((s) => {
    const f = facts.get(s.id)!;
    const a = assessExamSite(f, today);
    const pub = published.get(s.id);
    return {
      siteId: s.id,
      name: s.name,
      regionCode: s.regionCode,
      regionName: regionFullName(s.regionCode) ?? s.regionCode,
      points: a.points,
      grade: a.grade,
      exitProposed: a.exitProposed,
      deductionCount: a.deductions.length,
      sessionsHeld: f.sessionsHeld,
      notAssessed: a.notAssessed,
      published: pub && pub.year === year ? { rating: pub.grade, year: pub.year, points: pub.points } : null,
    };
  });
  return {
    year,
    pointsStart: POINTS_START,
    exitLine: EXIT_LINE,
    gradeLines: GRADE_LINES,
    weights: SITE_DEDUCTIONS,
    counts: countGrades(items),
    items: items.sort((x, y) => x.points - y.points || x.name.localeCompare(y.name, 'zh')),
  };
}

/** EXM-11: one site's assessment with every deduction and its fact. */
export async function getSiteRating(ctx: AppContext, actor: Actor, year: number, siteId: string) {
  const prefix = scope(actor);
  checkYear(ctx, year);
  const site = (await sitesWithin(ctx, prefix)).find((s) => s.id === siteId);
  if (!site) throw notFound('考试点');
  const f = (await siteFactsOf(ctx, [siteId], year)).get(siteId)!;
  return {
    year,
    siteId,
    name: site.name,
    regionName: regionFullName(site.regionCode) ?? site.regionCode,
    pointsStart: POINTS_START,
    exitLine: EXIT_LINE,
    gradeLines: GRADE_LINES,
    sessionsHeld: f.sessionsHeld,
    ...assessExamSite(f, chinaDate(ctx.clock.now())),
  };
}

/** SUP-7: the published grades of exam sites, for the public list. */
export async function publicSiteRatings(ctx: AppContext) {
  const rows = await ctx.db.select().from(examSiteRatings).limit(10_000);
  return { items: rows.map((r) => ({ siteId: r.siteId, rating: r.grade, year: r.year, points: r.points })) };
}

/** INS-5, EXM-11, SUP-7 (seed 004 §5 及时向社会公布): publishes the year's grades to the public lists. */
export async function publishRatings(ctx: AppContext, actor: Actor, year: number) {
  const table = await listRatings(ctx, actor, year);
  const sites = await listSiteRatings(ctx, actor, year);
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    for (const i of table.items) {
      await publishInstitutionRating(tx, ctx.clock, actor, {
        orgId: i.orgId,
        regionCode: i.regionCode,
        year,
        rating: i.grade,
        points: i.points,
      });
    }
    // INS-5: once rated, the self-assessment that was rated is frozen.
    if (table.items.length)
      await tx
        .update(institutionSelfAssessments)
        .set({ ratedAt: now })
        .where(
          and(
            inArray(
              institutionSelfAssessments.orgId,
              table.items.map((i) => i.orgId),
            ),
            eq(institutionSelfAssessments.year, year),
          ),
        );
    for (const s of sites.items) {
      const values = { regionCode: s.regionCode, year, grade: s.grade, points: s.points, publishedAt: now };
      await tx
        .insert(examSiteRatings)
        .values({ siteId: s.siteId, ...values })
        .onConflictDoUpdate({ target: examSiteRatings.siteId, set: values });
    }
    await appendAudit(tx, ctx.clock, actor, {
      action: 'supervision.ratings_publish',
      entityType: 'rating_year',
      entityId: String(year),
      regionCode: actor.regionCode,
      after: {
        year,
        count: table.items.length,
        counts: table.counts,
        sites: sites.items.length,
        siteCounts: sites.counts,
      },
    });
  });
  return listRatings(ctx, actor, year);
}
