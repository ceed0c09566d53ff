// EXM-1 (seed 004 §7 and §17 "实现安全培训机构、考试机构备案业务全部网上办理"): the exam centre is filed
// as an organisation of its own (考试机构备案), before any of its sites is filed or any plan of it runs.
// The chain follows the centre's level (rules.ts centreFilingSteps):
//  - a city centre (市级安全生产考试中心) applies, the city regulator of its city reviews, the province files;
//  - the province's centre (省安全生产考试中心) applies and the province files it directly.
// This mirrors the site chain of seed 004 §8 (city reviews, province files) and INS-1 for institutions.
// The centre only applies: it never reviews, files or revokes itself (the examined party never decides).
// The filing gives the centre its number and its level; its sites carry that level.
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { parseCreditCode } from '../../kernel/ids.js';
import { Problem, badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { provinceOf } from '../../kernel/province-settings.js';
import { regionFullName, regionLevel } from '../../kernel/regions.js';
import { isUniqueViolation, type Executor } from '../../db/index.js';
import { getOperationItem } from '../catalog/index.js';
import { findOrganisation } from '../organisations/index.js';
import {
  centreFilingsInYear,
  filingInForce,
  findCentreApplication,
  findCentreFiling,
  insertCentreApplication,
  listCentreApplications,
  listCentreFilings,
  openApplicationOfCentre,
  setSitesLevel,
  updateCentreApplication,
  updateCentreFiling,
  upsertCentreFiling,
  type CentreApplicationRow,
  type CentreFilingRow,
} from './centre-filing-queries.js';
import {
  CENTRE_APPLICATION_STATUS_LABELS,
  CENTRE_LEVEL_LABELS,
  centreFilingNumber,
  centreFilingSteps,
  centreLevelOf,
} from './rules.js';
import type { CentreLevel, CentreProfile, SiteApplicationStatus } from './schema.js';
import {
  decisionRemarks,
  filingNumberFor,
  provinceFiledPatch,
  provinceReturn,
  requireChainRole,
  withUniqueFilingNumber,
  type ProvinceDecision,
} from './filing-chain.js';

export function presentCentreApplication(a: CentreApplicationRow) {
  return {
    id: a.id,
    centreOrgId: a.centreOrgId,
    centreName: a.profile.name,
    kind: a.kind,
    kindLabel: a.kind === 'establish' ? '备案' : '变更',
    level: a.level,
    levelLabel: CENTRE_LEVEL_LABELS[a.level],
    /** What the chain is for this level: the page shows who acts next. */
    steps: centreFilingSteps(a.level),
    regionCode: a.regionCode,
    regionName: regionFullName(a.regionCode),
    profile: a.profile,
    status: a.status,
    statusLabel:
      a.status === 'returned'
        ? a.returnedBy === 'province'
          ? '省级退回'
          : '市级退回'
        : a.status === 'submitted'
          ? a.level === 'city'
            ? '待市级审核'
            : '待省级备案'
          : CENTRE_APPLICATION_STATUS_LABELS[a.status],
    returnedBy: a.returnedBy,
    submittedAt: a.submittedAt,
    cityReviewedAt: a.cityReviewedAt,
    cityReviewerName: a.cityReviewerName,
    cityRemarks: a.cityRemarks,
    provinceDecidedAt: a.provinceDecidedAt,
    provinceDeciderName: a.provinceDeciderName,
    provinceRemarks: a.provinceRemarks,
    filingNumber: a.filingNumber,
  };
}

export function presentCentreFiling(f: CentreFilingRow) {
  return {
    centreOrgId: f.centreOrgId,
    level: f.level,
    levelLabel: CENTRE_LEVEL_LABELS[f.level],
    regionCode: f.regionCode,
    regionName: regionFullName(f.regionCode),
    profile: f.profile,
    filingNumber: f.filingNumber,
    filedAt: f.filedAt,
    revokedAt: f.revokedAt,
    revocationReason: f.revocationReason,
    inForce: !f.revokedAt,
    statusLabel: f.revokedAt ? '已撤销备案' : '已备案',
  };
}

/** SEC-2: the centre sees its own filing; a regulator those of its jurisdiction. */
function scopeOf(actor: Actor): { centreOrgId?: string; regionPrefix?: string } {
  const prefix = jurisdictionPrefix(actor);
  if (prefix) return { regionPrefix: prefix };
  if (actor.orgKind === 'exam_centre' && actor.orgId) return { centreOrgId: actor.orgId };
  throw forbidden();
}

function visible(actor: Actor, a: { centreOrgId: string; regionCode: string }): boolean {
  const scope = scopeOf(actor);
  return (
    (!scope.centreOrgId || scope.centreOrgId === a.centreOrgId) &&
    (!scope.regionPrefix || a.regionCode.startsWith(scope.regionPrefix))
  );
}

/**
 * EXM-1: the centre's filing in force, or a 422 naming why a filed centre is needed. Used before a
 * site of the centre is applied for or filed, and before a plan of it is filed or approved.
 */
export async function requireFiledCentre(db: Executor, centreOrgId: string, what: string): Promise<CentreFilingRow> {
  const filing = await filingInForce(db, centreOrgId);
  if (filing) return filing;
  const any = await findCentreFiling(db, centreOrgId);
  throw ruleViolation(
    'EXM-1',
    any ? '考试机构备案已撤销' : '考试机构未备案',
    any
      ? `该考试机构的备案（${any.filingNumber}）已于 ${chinaDate(any.revokedAt!)} 撤销（${any.revocationReason}），不能${what}；须重新申请考试机构备案。`
      : `该考试机构尚未完成考试机构备案，不能${what}；请先在「机构备案」中申请备案，经审核备案后办理。`,
  );
}

/** EXM-1 (seed 004 §7): the level of the centre's filing in force — what its sites inherit. */
export async function filedCentreLevel(db: Executor, centreOrgId: string, what: string): Promise<CentreLevel> {
  return (await requireFiledCentre(db, centreOrgId, what)).level;
}

export interface CentreApplicationInput extends Omit<CentreProfile, 'itemCodes'> {
  level: CentreLevel;
  itemCodes: string[];
}

/**
 * EXM-1: what the centre files about itself, checked before it enters the chain: the level matches
 * the centre's seat (a province centre sits at the province, a city centre at a city — seed 004 §7:
 * no county centres), the credit code parses (GB 32100), the items are in the catalogue.
 */
async function prepareProfile(ctx: AppContext, regionCode: string, input: CentreApplicationInput) {
  const seatLevel = centreLevelOf(regionLevel(regionCode));
  if (!seatLevel)
    throw ruleViolation(
      'EXM-1',
      '考试机构级别不符',
      '考试机构设在省、市两级（县级应急管理部门协助日常工作），县级单位不能申请考试机构备案。',
    );
  if (input.level !== seatLevel)
    throw ruleViolation(
      'EXM-1',
      '考试机构级别不符',
      `本机构设在${regionFullName(regionCode)}，只能申请备案为${CENTRE_LEVEL_LABELS[seatLevel]}。`,
    );
  const code = parseCreditCode(input.creditCode);
  if (!code.ok)
    throw badRequest(`统一社会信用代码有误：${code.message}`, [{ field: 'creditCode', message: code.message }]);
  const itemCodes = [...new Set(input.itemCodes)];
  for (const c of itemCodes)
    await getOperationItem(ctx, c).catch(() => {
      throw badRequest(`作业项目代码 ${c} 不在特种作业目录中。`, [{ field: 'itemCodes', message: '未知的作业项目' }]);
    });
  const profile: CentreProfile = {
    name: input.name.trim(),
    creditCode: code.creditCode,
    address: input.address.trim(),
    responsiblePerson: input.responsiblePerson.trim(),
    itemCodes,
    staffCount: input.staffCount,
    examinerCount: input.examinerCount,
  };
  if (profile.name.length < 2 || profile.address.length < 4 || profile.responsiblePerson.length < 2)
    throw badRequest('名称、地址、负责人须填写完整。');
  return { level: seatLevel, profile };
}

const openAlready = () => conflict('本机构已有一份备案申请在审核或备案中，待其办结（或被退回）后再申请。', 'EXM-1');

/**
 * EXM-1: the centre applies for its filing — a first filing (or again after a return or a revocation),
 * or a change of a filing in force. One open application per centre.
 */
export async function applyForCentreFiling(ctx: AppContext, actor: Actor, input: CentreApplicationInput) {
  requirePermission(actor, 'exams.centre_filing');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId)
    throw new Problem(403, 'forbidden', '无权申请', '考试机构备案由考试机构本身申请。', { rule: 'EXM-1' });
  const centre = await findOrganisation(ctx.db, actor.orgId);
  if (!centre) throw notFound('考试机构');
  const { level, profile } = await prepareProfile(ctx, centre.regionCode, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      if (await openApplicationOfCentre(tx, centre.id)) throw openAlready();
      const inForce = await filingInForce(tx, centre.id);
      const kind = inForce ? 'change' : 'establish';
      const app = await insertCentreApplication(tx, {
        centreOrgId: centre.id,
        regionCode: centre.regionCode,
        kind,
        level,
        profile,
        status: 'submitted',
        submittedAt: ctx.clock.now(),
        submittedBy: actor.userId,
      });
      await appendAudit(tx, ctx.clock, actor, {
        action: 'exams.centre_application_submit',
        entityType: 'exam_centre_application',
        entityId: app.id,
        regionCode: app.regionCode,
        before: inForce ? { level: inForce.level, profile: inForce.profile } : null,
        after: { kind, level, profile },
      });
      return presentCentreApplication(app);
    });
  } catch (err) {
    // Two simultaneous applications both pass the look-up; the partial unique index stops the second.
    if (isUniqueViolation(err, 'exam_centre_applications_open_idx')) throw openAlready();
    throw err;
  }
}

/**
 * GET: the centre sees its filing and its applications; a regulator its jurisdiction's filings and
 * the applications waiting for it (审核与备案).
 */
export async function centreFilingOverview(ctx: AppContext, actor: Actor, p: { status?: SiteApplicationStatus }) {
  requirePermission(actor, 'exams.centre_filing');
  const scope = scopeOf(actor);
  const [applications, filings] = await Promise.all([
    listCentreApplications(ctx.db, { ...scope, statuses: p.status ? [p.status] : undefined }),
    scope.centreOrgId
      ? findCentreFiling(ctx.db, scope.centreOrgId).then((f) => (f ? [f] : []))
      : listCentreFilings(ctx.db, { regionPrefix: scope.regionPrefix }),
  ]);
  const own = scope.centreOrgId ? await findOrganisation(ctx.db, scope.centreOrgId) : null;
  return {
    applications: applications.map(presentCentreApplication),
    filings: filings.map(presentCentreFiling),
    /** The centre's own seat, to prefill its first application. */
    centre: own
      ? {
          id: own.id,
          name: own.name,
          creditCode: own.creditCode,
          regionCode: own.regionCode,
          regionName: regionFullName(own.regionCode),
          level: centreLevelOf(regionLevel(own.regionCode)),
        }
      : null,
    canApply: actor.orgKind === 'exam_centre',
    canReview: actor.role === 'city_regulator',
    canFile: actor.role === 'province_regulator',
  };
}

export interface CentreReview {
  decision: 'approve' | 'return';
  remarks?: string;
}

/**
 * EXM-1: the city regulator of a city centre's city reviews its application (approve with remarks, or
 * return with reasons). A province centre has no city step; the centre itself, a county or the
 * province do not review (403); another city does not see it (404).
 */
export async function reviewCentreApplication(ctx: AppContext, actor: Actor, id: string, input: CentreReview) {
  requirePermission(actor, 'exams.centre_filing');
  const current = await findCentreApplication(ctx.db, id);
  if (!current || !visible(actor, current)) throw notFound('考试机构备案申请');
  requireChainRole(actor, 'city_regulator', '无权审核', '市级考试机构的备案申请由其所在地市级应急管理部门审核。');
  if (current.level !== 'city')
    throw ruleViolation('EXM-1', '无需市级审核', '省级考试机构的备案由省级应急管理部门直接办理。');
  const remarks = decisionRemarks(input);
  return ctx.db.transaction(async (tx) => {
    const app = (await findCentreApplication(tx, id, true))!;
    if (app.status !== 'submitted')
      throw conflict(`该申请当前状态为「${CENTRE_APPLICATION_STATUS_LABELS[app.status]}」，不能再审核。`, 'EXM-1');
    const approve = input.decision === 'approve';
    const after = await updateCentreApplication(tx, id, {
      status: approve ? 'city_approved' : 'returned',
      returnedBy: approve ? null : 'city',
      cityReviewedAt: ctx.clock.now(),
      cityReviewedBy: actor.userId,
      cityReviewerName: actor.displayName,
      cityRemarks: remarks,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: approve ? 'exams.centre_application_city_approve' : 'exams.centre_application_city_return',
      entityType: 'exam_centre_application',
      entityId: id,
      regionCode: app.regionCode,
      before: { status: app.status },
      after: { status: after.status, remarks },
    });
    return presentCentreApplication(after);
  });
}

/** The province's decision on a centre's application: the same as on a site's (filing-chain.ts). */
export type CentreFilingDecision = ProvinceDecision;

/**
 * EXM-1: the province files a centre's application — a city centre's only once its city has approved
 * it (422 otherwise), a province centre's directly — and gives the centre its number (its own for a
 * change, else the one typed or the next 考机备〔year〕NN-seq号); or returns it with reasons. The
 * filing's level becomes the level of every site of the centre.
 */
export async function fileCentreApplication(ctx: AppContext, actor: Actor, id: string, input: CentreFilingDecision) {
  requirePermission(actor, 'exams.centre_filing');
  const current = await findCentreApplication(ctx.db, id);
  if (!current || !visible(actor, current)) throw notFound('考试机构备案申请');
  requireChainRole(actor, 'province_regulator', '无权备案', '考试机构由省级应急管理部门备案。');
  const remarks = decisionRemarks(input);
  const given = input.filingNumber?.trim() || null;
  return withUniqueFilingNumber(given, 'exam_centre_filings_number_unique', '考试机构', () =>
    ctx.db.transaction(async (tx) => {
      const app = (await findCentreApplication(tx, id, true))!;
      const ready = app.level === 'city' ? app.status === 'city_approved' : app.status === 'submitted';
      if (!ready)
        throw ruleViolation(
          'EXM-1',
          app.status === 'submitted' ? '未经市级审核' : '不能备案',
          app.status === 'submitted'
            ? '该市级考试机构的备案申请尚未经其所在地市级应急管理部门审核，不能备案；请待市级审核通过后办理。'
            : `该申请当前状态为「${CENTRE_APPLICATION_STATUS_LABELS[app.status]}」，不能备案。`,
        );
      const now = ctx.clock.now();
      if (input.decision === 'return')
        return presentCentreApplication(
          await provinceReturn(tx, ctx, actor, {
            id,
            app,
            remarks,
            now,
            entityType: 'exam_centre_application',
            action: 'exams.centre_application_province_return',
            update: (patch) => updateCentreApplication(tx, id, patch),
          }),
        );
      const before = await findCentreFiling(tx, app.centreOrgId, true);
      const inForce = before && !before.revokedAt ? before : null;
      const filingNumber = await filingNumberFor(tx, {
        kept: inForce?.filingNumber ?? null,
        given,
        regionCode: app.regionCode,
        now,
        countInYear: centreFilingsInYear,
        format: centreFilingNumber,
      });
      const after = await updateCentreApplication(tx, id, provinceFiledPatch(actor, now, remarks, filingNumber));
      const filing = await upsertCentreFiling(tx, {
        centreOrgId: app.centreOrgId,
        level: app.level,
        regionCode: app.regionCode,
        profile: app.profile,
        filingNumber,
        filedAt: inForce?.filedAt ?? now,
        filedBy: inForce?.filedBy ?? actor.userId,
        revokedAt: null,
        revokedBy: null,
        revocationReason: null,
      });
      await setSitesLevel(tx, app.centreOrgId, app.level);
      await appendAudit(tx, ctx.clock, actor, {
        action: 'exams.centre_application_file',
        entityType: 'exam_centre_application',
        entityId: id,
        regionCode: app.regionCode,
        before: before ? presentCentreFiling(before) : { status: app.status },
        after: { status: 'filed', kind: app.kind, filingNumber, level: filing.level, profile: filing.profile, remarks },
      });
      return presentCentreApplication(after);
    }),
  );
}

/**
 * EXM-1 (seed 004 §18 退出机制, seed 001 §三(三)): the province revokes a centre's filing (撤销备案) with
 * its reason. From then the centre gets no site filed and no plan filed or approved; what it already
 * has stays as it is — its filed sites keep their filing and the sessions already planned may run,
 * because stopping them is a sanction of each site (SUP-4 suspendExamSite), decided and recorded on
 * its own, not a side effect; candidates already booked are not left without a session by this step.
 */
export async function revokeCentreFiling(ctx: AppContext, actor: Actor, centreOrgId: string, reason: string) {
  requirePermission(actor, 'exams.centre_filing');
  const current = await findCentreFiling(ctx.db, centreOrgId);
  if (!current || !visible(actor, current)) throw notFound('考试机构备案');
  if (actor.role !== 'province_regulator')
    throw new Problem(403, 'forbidden', '无权撤销', '考试机构备案由省级应急管理部门撤销。', { rule: 'EXM-1' });
  const why = reason.trim();
  if (why.length < 4) throw badRequest('撤销备案须说明理由（至少 4 个字）。', [{ field: 'reason', message: '必填' }]);
  return ctx.db.transaction(async (tx) => {
    const filing = (await findCentreFiling(tx, centreOrgId, true))!;
    if (filing.revokedAt) throw conflict('该考试机构的备案已撤销。', 'EXM-1');
    const after = await updateCentreFiling(tx, centreOrgId, {
      revokedAt: ctx.clock.now(),
      revokedBy: actor.userId,
      revocationReason: why,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.centre_filing_revoke',
      entityType: 'exam_centre_filing',
      entityId: centreOrgId,
      regionCode: filing.regionCode,
      before: { filingNumber: filing.filingNumber, revokedAt: null },
      after: { filingNumber: filing.filingNumber, revokedAt: after.revokedAt, reason: why },
    });
    return presentCentreFiling(after);
  });
}

/**
 * EXM-1: a centre that existed before centres were filed is taken as filed on the day it was created,
 * as the migration `centre` does for the rows it finds (its level from its seat, its scope the items
 * of its sites, the number 考机备〔year〕NN-seq号). The test factory uses it for centres standing in for
 * such existing ones; a centre created since applies through the chain above.
 */
export async function carryOverCentreFiling(
  db: Executor,
  org: { id: string; name: string; regionCode: string; creditCode: string | null; createdAt: Date },
): Promise<CentreFilingRow | null> {
  const level = centreLevelOf(regionLevel(org.regionCode));
  if (!level) return null;
  const province = provinceOf(org.regionCode);
  const year = chinaDate(org.createdAt).slice(0, 4);
  return upsertCentreFiling(db, {
    centreOrgId: org.id,
    level,
    regionCode: org.regionCode,
    profile: {
      name: org.name,
      creditCode: org.creditCode ?? '',
      address: '',
      responsiblePerson: '',
      itemCodes: [],
      staffCount: 0,
      examinerCount: 0,
    },
    filingNumber: centreFilingNumber(province, year, (await centreFilingsInYear(db, province, year)) + 1),
    filedAt: org.createdAt,
    filedBy: null,
  });
}
