// INS-5: each institution's annual points assessment and A/B/C/D rating, computed from the facts the
// platform records — inspection findings and their closure (SUP-2), sanctions decided (SUP-4), late
// class filings (TRN-1), first-attempt pass rates (exams), its trainees failing spot exams on site
// (SUP-3) — each deduction traced to its fact; forced
// exit proposed below the line. Publishing hands the grades to the institutions module (SUP-7).
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, forbidden, notFound } from '../../kernel/problem.js';
import { regionFullName } from '../../kernel/regions.js';
import { firstAttemptResultsOfInstitutions } from '../exams/index.js';
import { institutionRatings, publishInstitutionRating } from '../institutions/index.js';
import { listOrganisations } from '../organisations/index.js';
import { classFilingsOfInstitutions } from '../training/index.js';
import { DEDUCTIONS, EXIT_LINE, POINTS_START, assessInstitution, type RatingFacts } from './rules.js';
import { enforcementCases, enforcementSanctions, inspectionFindings, spotExams } from './schema.js';

function scope(actor: Actor): string {
  requirePermission(actor, 'supervision.ratings');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden('评级由监管部门开展。');
  return prefix;
}

const bounds = (year: number) => ({ from: new Date(`${year}-01-01T00:00:00+08:00`), to: new Date(`${year + 1}-01-01T00:00:00+08:00`), fromDay: `${year}-01-01`, toDay: `${year + 1}-01-01` });

function checkYear(ctx: AppContext, year: number) {
  const current = Number(chinaDate(ctx.clock.now()).slice(0, 4));
  if (year > current) throw badRequest(`${year} 年尚未开始，不能评定。`, [{ field: 'year', message: '年度无效' }]);
}

/** The recorded facts of the year, per institution. */
async function factsOf(ctx: AppContext, orgIds: string[], year: number): Promise<Map<string, RatingFacts>> {
  const { from, to, fromDay, toDay } = bounds(year);
  const out = new Map<string, RatingFacts>(orgIds.map((id) => [id, { findings: [], lateFilings: [], sanctions: [], firstAttempts: null, spotExamFails: [] }]));
  if (!orgIds.length) return out;
  const [findings, sanctions, classes, results, spotFails] = await Promise.all([
    ctx.db.select().from(inspectionFindings).where(and(inArray(inspectionFindings.responsibleOrgId, orgIds), gte(inspectionFindings.createdAt, from), lt(inspectionFindings.createdAt, to))),
    ctx.db
      .select({ s: enforcementSanctions, caseNo: enforcementCases.caseNo })
      .from(enforcementSanctions)
      .innerJoin(enforcementCases, eq(enforcementCases.id, enforcementSanctions.caseId))
      .where(and(inArray(enforcementSanctions.partyId, orgIds), gte(enforcementSanctions.startsOn, fromDay), lt(enforcementSanctions.startsOn, toDay))),
    classFilingsOfInstitutions(ctx.db, orgIds, from, to),
    firstAttemptResultsOfInstitutions(ctx.db, orgIds, fromDay, toDay),
    // SUP-3: a trainee of the institution who failed a spot exam on site counts against it.
    ctx.db
      .select({ id: spotExams.id, orgId: spotExams.institutionOrgId, workerName: spotExams.workerName, itemName: spotExams.itemName, score: spotExams.score, submittedAt: spotExams.submittedAt })
      .from(spotExams)
      .where(and(inArray(spotExams.institutionOrgId, orgIds), eq(spotExams.status, 'submitted'), eq(spotExams.passed, false), gte(spotExams.submittedAt, from), lt(spotExams.submittedAt, to))),
  ]);
  for (const f of findings) out.get(f.responsibleOrgId)!.findings.push({ id: f.id, description: f.description, deadline: f.deadline, status: f.status, closedOn: f.closedAt ? chinaDate(f.closedAt) : null, on: chinaDate(f.createdAt) });
  for (const { s, caseNo } of sanctions) out.get(s.partyId)!.sanctions.push({ id: s.id, kind: s.kind, caseNo, on: s.startsOn });
  for (const c of classes) if (c.filedLate) out.get(c.orgId)!.lateFilings.push({ id: c.id, name: c.name, opensOn: chinaDate(c.opensAt) });
  for (const [orgId, r] of results) out.get(orgId)!.firstAttempts = r;
  for (const e of spotFails) out.get(e.orgId!)!.spotExamFails!.push({ id: e.id, on: chinaDate(e.submittedAt!), label: `${e.workerName} ${e.itemName} ${e.score ?? 0} 分` });
  return out;
}

async function institutionsWithin(ctx: AppContext, prefix: string) {
  return (await listOrganisations(ctx.db, { kind: 'institution', regionPrefix: prefix, page: 1, pageSize: 10_000 })).items;
}

/** INS-5: the year's rating table of the jurisdiction (grades, points, exit proposals). */
export async function listRatings(ctx: AppContext, actor: Actor, year: number) {
  const prefix = scope(actor);
  checkYear(ctx, year);
  const orgs = await institutionsWithin(ctx, prefix);
  const facts = await factsOf(ctx, orgs.map((o) => o.id), year);
  const published = await institutionRatings(ctx.db, orgs.map((o) => o.id));
  const today = chinaDate(ctx.clock.now());
  const items = orgs.map((o) => {
    const a = assessInstitution(facts.get(o.id)!, today);
    const pub = published.get(o.id);
    return { orgId: o.id, name: o.name, regionCode: o.regionCode, regionName: regionFullName(o.regionCode) ?? o.regionCode, points: a.points, grade: a.grade, exitProposed: a.exitProposed, deductionCount: a.deductions.length, published: pub && pub.year === year ? pub : null };
  });
  return {
    year, pointsStart: POINTS_START, exitLine: EXIT_LINE, weights: DEDUCTIONS,
    notCounted: ['机构自评', '第三方评估', '学员网上评议'],
    counts: { A: items.filter((i) => i.grade === 'A').length, B: items.filter((i) => i.grade === 'B').length, C: items.filter((i) => i.grade === 'C').length, D: items.filter((i) => i.grade === 'D').length, exit: items.filter((i) => i.exitProposed).length },
    items: items.sort((x, y) => x.points - y.points || x.name.localeCompare(y.name, 'zh')),
  };
}

/** INS-5: one institution's assessment with every deduction and the fact behind it. */
export async function getRating(ctx: AppContext, actor: Actor, year: number, orgId: string) {
  const prefix = scope(actor);
  checkYear(ctx, year);
  const org = (await institutionsWithin(ctx, prefix)).find((o) => o.id === orgId);
  if (!org) throw notFound('培训机构');
  const facts = (await factsOf(ctx, [orgId], year)).get(orgId)!;
  const a = assessInstitution(facts, chinaDate(ctx.clock.now()));
  return { year, orgId, name: org.name, regionName: regionFullName(org.regionCode) ?? org.regionCode, pointsStart: POINTS_START, exitLine: EXIT_LINE, ...a, firstAttempts: facts.firstAttempts };
}

/** INS-5, SUP-7 (seed 004 §5 及时向社会公布): publishes the year's grades to the public list. */
export async function publishRatings(ctx: AppContext, actor: Actor, year: number) {
  const table = await listRatings(ctx, actor, year);
  await ctx.db.transaction(async (tx) => {
    for (const i of table.items) {
      await publishInstitutionRating(tx, ctx.clock, actor, { orgId: i.orgId, regionCode: i.regionCode, year, rating: i.grade, points: i.points });
    }
    await appendAudit(tx, ctx.clock, actor, { action: 'supervision.ratings_publish', entityType: 'rating_year', entityId: String(year), regionCode: actor.regionCode, after: { year, count: table.items.length, counts: table.counts } });
  });
  return listRatings(ctx, actor, year);
}
