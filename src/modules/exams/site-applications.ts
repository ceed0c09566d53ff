// EXM-1 (seed 004 §7–8): the chain by which an exam site comes into use or changes. The exam centre
// applies; the city regulator of the site's region reviews it and accepts it against the province's
// unified standard (approve with remarks, or return with reasons); the province files it (备案) and
// gives it a filing number. Only a filed site holds sessions; a change takes effect when filed.
// The centre, the examined party, never decides on its own site: only the two regulators act.
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { Problem, badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { getRegion, isWithinRegion, regionFullName, regionLevel } from '../../kernel/regions.js';
import { isUniqueViolation, type Executor, type Tx } from '../../db/index.js';
import { getOperationItem } from '../catalog/index.js';
import { parseCreditCode } from '../../kernel/ids.js';
import { findSite, updateSite, type SiteRow } from './queries.js';
import {
  ACCEPTANCE_CHECKLIST,
  CENTRE_LEVEL_LABELS,
  SITE_APPLICATION_STATUS_LABELS,
  acceptanceFailures,
  equipmentVerdict,
  siteFilingNumber,
} from './rules.js';
import type { AcceptanceCheck, CentreLevel, SiteApplicationStatus, SiteProposal, SiteStation } from './schema.js';
import { separationConflicts } from './seams.js';
import { filedCentreLevel, requireFiledCentre } from './centre-filings.js';
import {
  decisionRemarks,
  filingNumberFor,
  provinceFiledPatch,
  provinceReturn,
  requireChainRole,
  withUniqueFilingNumber,
  type ProvinceDecision,
} from './filing-chain.js';
import {
  filedSitesInYear,
  findSiteApplication,
  insertSiteApplication,
  listSiteApplications,
  openApplicationOfSite,
  updateSiteApplication,
  type SiteApplicationRow,
} from './site-application-queries.js';

export function presentSiteApplication(a: SiteApplicationRow, site?: Pick<SiteRow, 'name'> | null) {
  return {
    id: a.id,
    siteId: a.siteId,
    siteName: site?.name ?? a.proposal.name,
    kind: a.kind,
    kindLabel: a.kind === 'establish' ? '设立' : '变更',
    centreOrgId: a.centreOrgId,
    centreLevel: a.centreLevel,
    centreLevelLabel: CENTRE_LEVEL_LABELS[a.centreLevel],
    regionCode: a.regionCode,
    regionName: regionFullName(a.regionCode),
    proposal: a.proposal,
    seats: a.proposal.rooms.reduce((n, r) => n + r.seats, 0),
    status: a.status,
    statusLabel:
      a.status === 'returned'
        ? a.returnedBy === 'province'
          ? '省级退回'
          : '市级退回'
        : SITE_APPLICATION_STATUS_LABELS[a.status],
    returnedBy: a.returnedBy,
    submittedAt: a.submittedAt,
    acceptance: a.acceptance,
    cityReviewedAt: a.cityReviewedAt,
    cityReviewerName: a.cityReviewerName,
    cityRemarks: a.cityRemarks,
    provinceDecidedAt: a.provinceDecidedAt,
    provinceDeciderName: a.provinceDeciderName,
    provinceRemarks: a.provinceRemarks,
    filingNumber: a.filingNumber,
  };
}

/** SEC-2: the centre sees its own applications; a regulator those of its jurisdiction. */
function applicationScope(actor: Actor): { centreOrgId?: string; regionPrefix?: string } {
  const prefix = jurisdictionPrefix(actor);
  if (prefix) return { regionPrefix: prefix };
  if (actor.orgKind === 'exam_centre' && actor.orgId) return { centreOrgId: actor.orgId };
  throw forbidden();
}

function visible(actor: Actor, a: SiteApplicationRow): boolean {
  const scope = applicationScope(actor);
  return (
    (!scope.centreOrgId || scope.centreOrgId === a.centreOrgId) &&
    (!scope.regionPrefix || a.regionCode.startsWith(scope.regionPrefix))
  );
}

/**
 * EXM-1 (seed 004 §7): the applying centre's level — that of its own filing (考试机构备案). A centre
 * not filed, or whose filing was revoked, applies for no site (422).
 */
export async function applicantLevel(db: Executor, actor: Actor): Promise<CentreLevel> {
  if (actor.orgKind !== 'exam_centre' || !actor.orgId) throw forbidden('只有考试机构可以申请设立或变更考试点。');
  return filedCentreLevel(db, actor.orgId, '申请设立或变更考试点');
}

/**
 * EXM-1, EXM-2, EXM-9: what a proposal must satisfy before it enters the chain — a county of the
 * centre's area, items of the catalogue with the equipment they need, credit codes of equipment
 * owners that parse. Runs outside the transaction (the catalogue reads through ctx).
 */
export async function prepareProposal(
  ctx: AppContext,
  actor: Actor,
  regionCode: string,
  input: SiteProposal,
): Promise<SiteProposal> {
  if (!getRegion(regionCode) || regionLevel(regionCode) !== 'county')
    throw badRequest('考试点须设在区县一级。', [{ field: 'regionCode', message: '须为区县级行政区划代码' }]);
  if (!isWithinRegion(regionCode, actor.regionCode ?? ''))
    throw new Problem(403, 'outside-jurisdiction', '超出管辖范围', '考试点须在本考试机构的辖区内。', { rule: 'EXM-1' });
  const itemCodes = [...new Set(input.itemCodes)];
  for (const code of itemCodes) {
    const item = await getOperationItem(ctx, code).catch(() => {
      throw badRequest(`作业项目代码 ${code} 不在特种作业目录中。`, [
        { field: 'itemCodes', message: '未知的作业项目' },
      ]);
    });
    const verdict = equipmentVerdict(item.requiresRealEquipment, input.stations, code);
    if (!verdict.ok)
      throw ruleViolation(
        item.requiresRealEquipment ? 'EXM-9' : 'EXM-1',
        '实操设备不满足要求',
        `${item.name}：${verdict.reason}`,
      );
  }
  const stations: SiteStation[] = input.stations.map((s, i) => {
    if (!s.ownerCreditCode) return s;
    const code = parseCreditCode(s.ownerCreditCode);
    if (!code.ok)
      throw badRequest(`实操设备「${s.name}」的权属单位统一社会信用代码有误：${code.message}`, [
        { field: `stations/${i}/ownerCreditCode`, message: code.message },
      ]);
    return { ...s, ownerCreditCode: code.creditCode };
  });
  return {
    name: input.name.trim(),
    address: input.address.trim(),
    operatorOrgId: input.operatorOrgId ?? null,
    rooms: input.rooms,
    stations,
    itemCodes,
  };
}

/** EXM-2 inside the transaction: premises and equipment of no training institution. */
export async function requireSeparation(tx: Executor, proposal: SiteProposal) {
  const { conflicts } = await separationConflicts(tx, {
    kind: 'site',
    operatorOrgId: proposal.operatorOrgId,
    stations: proposal.stations,
  });
  if (conflicts.length)
    throw ruleViolation('EXM-2', '违反考培分离', conflicts.map((c) => c.message).join('；'), { conflicts });
}

/** EXM-1: a set-up application written with its new (not yet usable) site, in the caller's transaction. */
export async function insertEstablishApplication(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  site: SiteRow,
  level: CentreLevel,
): Promise<SiteApplicationRow> {
  const app = await insertSiteApplication(tx, {
    siteId: site.id,
    centreOrgId: site.centreOrgId,
    centreLevel: level,
    regionCode: site.regionCode,
    kind: 'establish',
    proposal: proposalOf(site),
    status: 'submitted',
    submittedAt: ctx.clock.now(),
    submittedBy: actor.userId,
  });
  await appendAudit(tx, ctx.clock, actor, {
    action: 'exams.site_application_submit',
    entityType: 'exam_site_application',
    entityId: app.id,
    regionCode: app.regionCode,
    after: { siteId: site.id, kind: 'establish', centreLevel: level },
  });
  return app;
}

function proposalOf(site: SiteRow): SiteProposal {
  return {
    name: site.name,
    address: site.address,
    operatorOrgId: site.operatorOrgId,
    rooms: site.rooms,
    stations: site.stations,
    itemCodes: site.itemCodes,
  };
}

/**
 * EXM-1: the centre applies again for one of its sites — a change of a filed site (rooms, stations,
 * items, operator), or a corrected set-up after a return. One open application per site.
 */
export async function applyForSite(ctx: AppContext, actor: Actor, siteId: string, input: SiteProposal) {
  requirePermission(actor, 'exams.sites');
  const level = await applicantLevel(ctx.db, actor);
  const site = await findSite(ctx.db, siteId);
  if (!site || site.centreOrgId !== actor.orgId) throw notFound('考试点');
  const proposal = await prepareProposal(ctx, actor, site.regionCode, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      if (await openApplicationOfSite(tx, siteId)) throw openAlready();
      await requireSeparation(tx, proposal);
      const kind = site.filedAt ? 'change' : 'establish';
      // A site not yet in use carries what is applied for; a filed one keeps its filed content until the change is filed.
      if (kind === 'establish') await updateSite(tx, siteId, { ...proposal, acceptedAt: null, acceptance: null });
      const app = await insertSiteApplication(tx, {
        siteId,
        centreOrgId: site.centreOrgId,
        centreLevel: level,
        regionCode: site.regionCode,
        kind,
        proposal,
        status: 'submitted',
        submittedAt: ctx.clock.now(),
        submittedBy: actor.userId,
      });
      await appendAudit(tx, ctx.clock, actor, {
        action: 'exams.site_application_submit',
        entityType: 'exam_site_application',
        entityId: app.id,
        regionCode: app.regionCode,
        before: proposalOf(site),
        after: { siteId, kind, centreLevel: level, proposal },
      });
      return presentSiteApplication(app, site);
    });
  } catch (err) {
    // Two simultaneous applications both pass the look-up; the partial unique index stops the second.
    if (isUniqueViolation(err, 'exam_site_applications_open_idx')) throw openAlready();
    throw err;
  }
}

const openAlready = () => conflict('该考试点已有一份申请在审核或备案中，待其办结（或被退回）后再申请。', 'EXM-1');

export async function findSiteApplications(ctx: AppContext, actor: Actor, p: { status?: SiteApplicationStatus }) {
  requirePermission(actor, 'exams.sites');
  const rows = await listSiteApplications(ctx.db, {
    ...applicationScope(actor),
    statuses: p.status ? [p.status] : undefined,
  });
  return {
    items: rows.map((a) => presentSiteApplication(a)),
    checklist: ACCEPTANCE_CHECKLIST,
    /** What the viewer may do in the chain: the pages show the matching actions. */
    canReview: actor.role === 'city_regulator',
    canFile: actor.role === 'province_regulator',
    canApply: actor.orgKind === 'exam_centre',
  };
}

export async function getSiteApplication(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'exams.sites');
  const a = await findSiteApplication(ctx.db, id);
  if (!a || !visible(actor, a)) throw notFound('考试点申请');
  return presentSiteApplication(a, await findSite(ctx.db, a.siteId));
}

export interface CityReview {
  decision: 'approve' | 'return';
  checks: AcceptanceCheck[];
  remarks?: string;
}

/**
 * EXM-1 (seed 004 §8 "报市级应急管理局审核把关、按标准验收"): the city regulator of the site's region
 * reviews the open application. Approval needs every item of the checklist passed; a return needs
 * its reasons. A county or the province does not review; another city does not see it (404).
 */
export async function reviewSiteApplication(ctx: AppContext, actor: Actor, id: string, input: CityReview) {
  requirePermission(actor, 'exams.sites');
  const current = await findSiteApplication(ctx.db, id);
  if (!current || !visible(actor, current)) throw notFound('考试点申请');
  requireChainRole(actor, 'city_regulator', '无权审核', '考试点的设立和变更由考试点所在地的市级应急管理部门审核验收。');
  const failures = acceptanceFailures(input.checks);
  const remarks = input.remarks?.trim() || null;
  if (input.decision === 'approve' && failures.length)
    throw ruleViolation(
      'EXM-1',
      '未通过验收',
      `按全省统一标准验收，以下 ${failures.length} 项未通过：${failures.join('；')}。请退回并说明理由。`,
      { failures },
    );
  if (input.decision === 'return' && !remarks && !failures.length)
    throw badRequest('退回须说明理由。', [{ field: 'remarks', message: '必填' }]);
  return ctx.db.transaction(async (tx) => {
    const app = (await findSiteApplication(tx, id, true))!;
    if (app.status !== 'submitted')
      throw conflict(`该申请当前状态为「${SITE_APPLICATION_STATUS_LABELS[app.status]}」，不能再审核。`, 'EXM-1');
    const now = ctx.clock.now();
    const approve = input.decision === 'approve';
    const reasons = approve
      ? remarks
      : [remarks, failures.length ? `未通过项：${failures.join('；')}` : null].filter(Boolean).join('。');
    const after = await updateSiteApplication(tx, id, {
      status: approve ? 'city_approved' : 'returned',
      returnedBy: approve ? null : 'city',
      acceptance: input.checks,
      cityReviewedAt: now,
      cityReviewedBy: actor.userId,
      cityReviewerName: actor.displayName,
      cityRemarks: reasons,
    });
    const site = (await findSite(tx, app.siteId))!;
    // A site not yet in use records its acceptance on itself; a filed one keeps its own until the change is filed.
    if (app.kind === 'establish')
      await updateSite(tx, app.siteId, { acceptance: input.checks, acceptedAt: approve ? now : null });
    await appendAudit(tx, ctx.clock, actor, {
      action: approve ? 'exams.site_application_city_approve' : 'exams.site_application_city_return',
      entityType: 'exam_site_application',
      entityId: id,
      regionCode: app.regionCode,
      before: { status: app.status },
      after: { status: after.status, checks: input.checks, remarks: reasons },
    });
    return presentSiteApplication(after, site);
  });
}

/** The province's decision on a site's application: the same as on a centre's (filing-chain.ts). */
export type ProvinceFiling = ProvinceDecision;

/**
 * EXM-1 (seed 004 §8 "报省应急管理厅备案"): the province files an application the city accepted —
 * never one the city has not reviewed — and gives the site its filing number (its own, or the next
 * 考点备〔year〕NN-seq号); or returns it with reasons. A set-up makes the site usable from then; a
 * change replaces the site's content.
 */
export async function fileSiteApplication(ctx: AppContext, actor: Actor, id: string, input: ProvinceFiling) {
  requirePermission(actor, 'exams.sites');
  const current = await findSiteApplication(ctx.db, id);
  if (!current || !visible(actor, current)) throw notFound('考试点申请');
  requireChainRole(actor, 'province_regulator', '无权备案', '考试点由省级应急管理部门备案。');
  const remarks = decisionRemarks(input);
  const given = input.filingNumber?.trim() || null;
  return withUniqueFilingNumber(given, 'exam_sites_filing_number_unique', '考试点', () =>
    ctx.db.transaction(async (tx) => {
      const app = (await findSiteApplication(tx, id, true))!;
      if (app.status !== 'city_approved')
        throw ruleViolation(
          'EXM-1',
          '未经市级审核',
          app.status === 'submitted'
            ? '该申请尚未经考试点所在地市级应急管理部门审核验收，不能备案；请待市级审核通过后办理。'
            : `该申请当前状态为「${SITE_APPLICATION_STATUS_LABELS[app.status]}」，不能备案。`,
        );
      const now = ctx.clock.now();
      const site = (await findSite(tx, app.siteId))!;
      // EXM-1: only a filed centre gets a site filed; the site carries the level of that filing.
      const centre = input.decision === 'file' ? await requireFiledCentre(tx, app.centreOrgId, '备案其考试点') : null;
      if (input.decision === 'return') {
        const after = await provinceReturn(tx, ctx, actor, {
          id,
          app,
          remarks,
          now,
          entityType: 'exam_site_application',
          action: 'exams.site_application_province_return',
          update: (patch) => updateSiteApplication(tx, id, patch),
        });
        // A returned set-up is no longer accepted: it goes through the city again when re-applied.
        if (app.kind === 'establish') await updateSite(tx, app.siteId, { acceptedAt: null });
        return presentSiteApplication(after, site);
      }
      // A change keeps the site's filing number; a set-up gets one.
      const filingNumber = await filingNumberFor(tx, {
        kept: site.filingNumber,
        given,
        regionCode: app.regionCode,
        now,
        countInYear: filedSitesInYear,
        format: siteFilingNumber,
      });
      const after = await updateSiteApplication(tx, id, provinceFiledPatch(actor, now, remarks, filingNumber));
      const siteAfter = await updateSite(
        tx,
        app.siteId,
        app.kind === 'establish'
          ? { filedAt: now, filingNumber, centreLevel: centre!.level }
          : { ...app.proposal, acceptance: app.acceptance, centreLevel: centre!.level },
      );
      await appendAudit(tx, ctx.clock, actor, {
        action: 'exams.site_application_file',
        entityType: 'exam_site_application',
        entityId: id,
        regionCode: app.regionCode,
        before: app.kind === 'change' ? proposalOf(site) : { status: app.status },
        after: { status: 'filed', filingNumber, kind: app.kind, remarks },
      });
      return presentSiteApplication(after, siteAfter);
    }),
  );
}

/** The open application of a site (for callers that know the site, e.g. the acceptance route). */
export async function openApplicationId(ctx: AppContext, actor: Actor, siteId: string): Promise<string> {
  const site = await findSite(ctx.db, siteId);
  const prefix = jurisdictionPrefix(actor);
  if (!site || (prefix && !site.regionCode.startsWith(prefix)) || (!prefix && site.centreOrgId !== actor.orgId))
    throw notFound('考试点');
  const app = await openApplicationOfSite(ctx.db, siteId);
  if (!app) throw conflict('该考试点没有待审核或待备案的申请。', 'EXM-1');
  return app.id;
}
