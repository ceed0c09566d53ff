// EXM-1, EXM-2, EXM-9, EXM-11 use cases of exam sites: filing a site with its rooms, stations and
// items; acceptance against the checklist; the public list; the computed standing.
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { doorMismatchesBySites } from './door.js';
import type { AppContext } from '../../kernel/context.js';
import { Problem, badRequest, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { getRegion, isWithinRegion, regionFullName, regionLevel, regionPrefix } from '../../kernel/regions.js';
import type { Executor } from '../../db/index.js';
import { getOperationItem } from '../catalog/index.js';
import { findSite, insertSite, lastSessionStarts, listSites, updateSite, type SiteRow } from './queries.js';
import { ACCEPTANCE_CHECKLIST, acceptanceFailures, equipmentVerdict, siteStanding } from './rules.js';
import type { AcceptanceCheck, SiteRoom, SiteStation } from './schema.js';
import { separationConflicts } from './seams.js';
import { siteSanction } from './sanctions.js';
import { sanctionText } from '../../kernel/sanctions.js';
import { chinaDate } from '../../kernel/clock.js';
import { parseCreditCode } from '../../kernel/ids.js';

export function presentSite(site: SiteRow, lastExamAt: Date | null, now: Date) {
  return {
    id: site.id,
    name: site.name,
    address: site.address,
    regionCode: site.regionCode,
    regionName: regionFullName(site.regionCode),
    centreOrgId: site.centreOrgId,
    operatorOrgId: site.operatorOrgId,
    rooms: site.rooms,
    seats: site.rooms.reduce((n, r) => n + r.seats, 0),
    stations: site.stations,
    itemCodes: site.itemCodes,
    acceptance: site.acceptance,
    acceptedAt: site.acceptedAt,
    lastExamAt,
    standing: siteStanding(site, lastExamAt, now),
    /** SUP-4: the sanction in force, shown to the centre and its regulators. */
    sanction: ((x) => (x ? { state: x.state, until: x.until, text: sanctionText(x), ref: x.ref } : null))(
      siteSanction(site, chinaDate(now)),
    ),
  };
}

/** SEC-2: the exam centre its own sites; a regulator the sites of its jurisdiction. */
function siteFilter(actor: Actor): { centreOrgId?: string; regionPrefix?: string } {
  const prefix = jurisdictionPrefix(actor);
  if (prefix) return { regionPrefix: prefix };
  if (actor.orgKind === 'exam_centre' && actor.orgId) return { centreOrgId: actor.orgId };
  throw forbidden();
}

export async function loadVisibleSite(db: Executor, actor: Actor, id: string): Promise<SiteRow> {
  const site = await findSite(db, id);
  const f = siteFilter(actor);
  if (
    !site ||
    (f.centreOrgId && site.centreOrgId !== f.centreOrgId) ||
    (f.regionPrefix && !site.regionCode.startsWith(f.regionPrefix))
  )
    throw notFound('考试点');
  return site;
}

export interface NewSite {
  name: string;
  address: string;
  regionCode: string;
  operatorOrgId?: string | null;
  rooms: SiteRoom[];
  stations: SiteStation[];
  itemCodes: string[];
}

/** EXM-9 for every item the site asks to examine; the refusal names the rule. */
async function checkItems(ctx: AppContext, stations: SiteStation[], itemCodes: string[]) {
  for (const code of itemCodes) {
    const item = await getOperationItem(ctx, code).catch(() => {
      throw badRequest(`作业项目代码 ${code} 不在特种作业目录中。`, [
        { field: 'itemCodes', message: '未知的作业项目' },
      ]);
    });
    const verdict = equipmentVerdict(item.requiresRealEquipment, stations, code);
    if (!verdict.ok)
      throw ruleViolation(
        item.requiresRealEquipment ? 'EXM-9' : 'EXM-1',
        '实操设备不满足要求',
        `${item.name}：${verdict.reason}`,
      );
  }
}

/** EXM-1: an exam centre files a county site in its area; it starts pending acceptance. */
export async function createSite(ctx: AppContext, actor: Actor, input: NewSite) {
  requirePermission(actor, 'exams.sites');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId) throw forbidden('只有考试机构可以设立考试点。');
  if (!getRegion(input.regionCode) || regionLevel(input.regionCode) !== 'county')
    throw badRequest('考试点须设在区县一级。', [{ field: 'regionCode', message: '须为区县级行政区划代码' }]);
  if (!isWithinRegion(input.regionCode, actor.regionCode ?? ''))
    throw new Problem(403, 'outside-jurisdiction', '超出管辖范围', '考试点须在本考试机构的辖区内。', { rule: 'EXM-1' });
  const itemCodes = [...new Set(input.itemCodes)];
  await checkItems(ctx, input.stations, itemCodes);
  const stations = input.stations.map((s, i) => {
    if (!s.ownerCreditCode) return s;
    const code = parseCreditCode(s.ownerCreditCode);
    if (!code.ok)
      throw badRequest(`实操设备「${s.name}」的权属单位统一社会信用代码有误：${code.message}`, [
        { field: `stations/${i}/ownerCreditCode`, message: code.message },
      ]);
    return { ...s, ownerCreditCode: code.creditCode };
  });
  return ctx.db.transaction(async (tx) => {
    const { conflicts } = await separationConflicts(tx, {
      kind: 'site',
      operatorOrgId: input.operatorOrgId ?? null,
      stations,
    });
    if (conflicts.length)
      throw ruleViolation('EXM-2', '违反考培分离', conflicts.map((c) => c.message).join('；'), { conflicts });
    const site = await insertSite(tx, {
      centreOrgId: actor.orgId!,
      name: input.name.trim(),
      address: input.address.trim(),
      regionCode: input.regionCode,
      operatorOrgId: input.operatorOrgId ?? null,
      rooms: input.rooms,
      stations,
      itemCodes,
      createdAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.site_create',
      entityType: 'exam_site',
      entityId: site.id,
      regionCode: site.regionCode,
      after: site,
    });
    return presentSite(site, null, ctx.clock.now());
  });
}

/** EXM-1 (seed 004 §8): the regulator of the site's area accepts it against the checklist; every item must pass. */
export async function acceptSite(ctx: AppContext, actor: Actor, siteId: string, checks: AcceptanceCheck[]) {
  requirePermission(actor, 'exams.sites');
  if (!jurisdictionPrefix(actor)) throw forbidden('考试点由所在地应急管理部门验收。');
  return ctx.db.transaction(async (tx) => {
    const site = await loadVisibleSite(tx, actor, siteId);
    const failures = acceptanceFailures(checks);
    const accepted = failures.length === 0;
    const now = ctx.clock.now();
    const after = await updateSite(tx, siteId, {
      acceptance: checks,
      acceptedAt: accepted ? (site.acceptedAt ?? now) : site.acceptedAt,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.site_acceptance',
      entityType: 'exam_site',
      entityId: siteId,
      regionCode: site.regionCode,
      after: { checks, accepted },
    });
    return { accepted, failures, site: presentSite(after, null, now) };
  });
}

/** EXM-11 inputs: the regulator records a failed facilities check or confirmed large-scale cheating. */
export async function recordSiteFinding(
  ctx: AppContext,
  actor: Actor,
  siteId: string,
  finding: 'facilities_failed' | 'cheating_confirmed',
) {
  requirePermission(actor, 'exams.sites');
  if (!jurisdictionPrefix(actor)) throw forbidden('该事项由监管部门认定。');
  return ctx.db.transaction(async (tx) => {
    const site = await loadVisibleSite(tx, actor, siteId);
    const now = ctx.clock.now();
    const after = await updateSite(
      tx,
      siteId,
      finding === 'facilities_failed' ? { facilitiesFailedAt: now } : { cheatingConfirmedAt: now },
    );
    await appendAudit(tx, ctx.clock, actor, {
      action: `exams.site_${finding}`,
      entityType: 'exam_site',
      entityId: siteId,
      regionCode: site.regionCode,
    });
    const last = (await lastSessionStarts(tx, [siteId], now)).get(siteId) ?? null;
    return presentSite(after, last, now);
  });
}

async function withStanding(ctx: AppContext, sites: SiteRow[]) {
  const now = ctx.clock.now();
  const last = await lastSessionStarts(
    ctx.db,
    sites.map((s) => s.id),
    now,
  );
  // EXM-5: person–certificate mismatches at the site's door count in its standing.
  const mismatches = await doorMismatchesBySites(
    ctx.db,
    sites.map((s) => s.id),
  );
  return sites.map((s) => ({
    ...presentSite(s, last.get(s.id) ?? null, now),
    doorMismatches: mismatches.get(s.id) ?? 0,
  }));
}

export async function findSites(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'exams.sites');
  return {
    items: await withStanding(ctx, await listSites(ctx.db, siteFilter(actor))),
    checklist: ACCEPTANCE_CHECKLIST,
  };
}

export async function getSite(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'exams.sites');
  const [site] = await withStanding(ctx, [await loadVisibleSite(ctx.db, actor, id)]);
  return site;
}

/** EXM-1 (seed 000 §三(三)): the public list of accepted sites, for candidates to find one nearby. */
export async function publicSites(ctx: AppContext, regionCode?: string) {
  const today = chinaDate(ctx.clock.now());
  // SUP-4, SUP-7: a cancelled site leaves the public list; a suspension in force is shown on it.
  const all = await listSites(ctx.db, {
    acceptedOnly: true,
    regionPrefix: regionCode ? regionPrefix(regionCode) : undefined,
  });
  const sanctions = new Map(all.map((s) => [s.id, siteSanction(s, today)]));
  const sites = all.filter((s) => sanctions.get(s.id)?.state !== 'cancelled');
  return {
    items: (await withStanding(ctx, sites)).map((s) => ({
      sanction: ((x) => (x ? { state: x.state, until: x.until, text: sanctionText(x), ref: x.ref } : null))(
        sanctions.get(s.id),
      ),
      id: s.id,
      name: s.name,
      address: s.address,
      regionCode: s.regionCode,
      regionName: s.regionName,
      itemCodes: s.itemCodes,
      seats: s.seats,
      status: s.standing.status,
    })),
  };
}
