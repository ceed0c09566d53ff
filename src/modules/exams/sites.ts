// EXM-1, EXM-2, EXM-9, EXM-11 use cases of exam sites: applying for a site with its rooms, stations and
// items; the city's acceptance and the province's filing (site-applications.ts); the public list; the standing.
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { doorMismatchesBySites } from './door.js';
import type { AppContext } from '../../kernel/context.js';
import { forbidden, notFound } from '../../kernel/problem.js';
import { regionFullName, regionPrefix } from '../../kernel/regions.js';
import type { Executor } from '../../db/index.js';
import { findSite, insertSite, lastSessionStarts, listSites, updateSite, type SiteRow } from './queries.js';
import { ACCEPTANCE_CHECKLIST, acceptanceFailures, siteStanding } from './rules.js';
import type { AcceptanceCheck, SiteRoom, SiteStation } from './schema.js';
import {
  applicantLevel,
  fileSiteApplication,
  insertEstablishApplication,
  openApplicationId,
  prepareProposal,
  requireSeparation,
  reviewSiteApplication,
} from './site-applications.js';
import { siteSanction } from './sanctions.js';
import { sanctionText } from '../../kernel/sanctions.js';
import { chinaDate } from '../../kernel/clock.js';

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
    /** EXM-1: filed by the province, with its filing number, and the level of the centre running it. */
    filedAt: site.filedAt,
    filingNumber: site.filingNumber,
    centreLevel: site.centreLevel,
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

/**
 * EXM-1: an exam centre applies to set up a county site in its area. The site exists from now on,
 * but holds no session until the city has accepted it and the province has filed it (site-applications.ts).
 */
export async function createSite(ctx: AppContext, actor: Actor, input: NewSite) {
  requirePermission(actor, 'exams.sites');
  const level = await applicantLevel(ctx.db, actor);
  const proposal = await prepareProposal(ctx, actor, input.regionCode, {
    ...input,
    operatorOrgId: input.operatorOrgId ?? null,
  });
  return ctx.db.transaction(async (tx) => {
    await requireSeparation(tx, proposal);
    const site = await insertSite(tx, {
      ...proposal,
      centreOrgId: actor.orgId!,
      centreLevel: level,
      regionCode: input.regionCode,
      createdAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.site_create',
      entityType: 'exam_site',
      entityId: site.id,
      regionCode: site.regionCode,
      after: site,
    });
    const application = await insertEstablishApplication(tx, ctx, actor, site, level);
    return { ...presentSite(site, null, ctx.clock.now()), applicationId: application.id };
  });
}

/**
 * EXM-1 (seed 004 §8): the city regulator reviews the site's open application against the checklist —
 * every item passed accepts it (on to the province for filing), any failure returns it with the
 * failures as reasons. The same review as POST /exams/site-applications/:id/review.
 */
export async function acceptSite(
  ctx: AppContext,
  actor: Actor,
  siteId: string,
  checks: AcceptanceCheck[],
  remarks?: string,
) {
  requirePermission(actor, 'exams.sites');
  if (!jurisdictionPrefix(actor)) throw forbidden('考试点由所在地市级应急管理部门审核验收。');
  const applicationId = await openApplicationId(ctx, actor, siteId);
  const failures = acceptanceFailures(checks);
  const accepted = failures.length === 0;
  const application = await reviewSiteApplication(ctx, actor, applicationId, {
    decision: accepted ? 'approve' : 'return',
    checks,
    remarks,
  });
  const site = await loadVisibleSite(ctx.db, actor, siteId);
  return { accepted, failures, application, site: presentSite(site, null, ctx.clock.now()) };
}

/** EXM-1: the province files the site's application the city accepted (see fileSiteApplication). */
export async function fileSite(
  ctx: AppContext,
  actor: Actor,
  siteId: string,
  input: { filingNumber?: string; remarks?: string } = {},
) {
  requirePermission(actor, 'exams.sites');
  const applicationId = await openApplicationId(ctx, actor, siteId);
  return fileSiteApplication(ctx, actor, applicationId, { decision: 'file', ...input });
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

/** EXM-1 (seed 000 §三(三)): the public list of filed sites, for candidates to find one nearby. */
export async function publicSites(ctx: AppContext, regionCode?: string) {
  const today = chinaDate(ctx.clock.now());
  // SUP-4, SUP-7: a cancelled site leaves the public list; a suspension in force is shown on it.
  const all = await listSites(ctx.db, {
    filedOnly: true,
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
      // EXM-1: the province's filing number, so the public can tell a filed site from any other.
      filingNumber: s.filingNumber,
    })),
  };
}
