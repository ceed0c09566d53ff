// Self-inspection campaigns (自查自改, SUP-5; seed 001 §四(一)): a regulator asks every training
// institution or exam body of its jurisdiction for a self-inspection report by a deadline — the
// problems found, each with its measure, deadline and responsible person. The regulator sees who
// has not filed and whose measures are overdue; the organisation marks each measure done.
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/problem.js';
import { regionFullName, regionPath, regionPrefix } from '../../kernel/regions.js';
import { isUniqueViolation } from '../../db/index.js';
import { findOrganisation, listOrganisations } from '../organisations/index.js';
import {
  campaignsCovering,
  campaignsWithin,
  completeSelfItem,
  findCampaign,
  findSelfItem,
  findSelfReport,
  insertCampaign,
  insertSelfItems,
  insertSelfReport,
  selfItemsOfCampaign,
  selfItemsOfReport,
  selfReportsOf,
  type CampaignRow,
  type SelfItemRow,
} from './queries.js';
import { CAMPAIGN_TARGETS, campaignStanding, measureStanding, type CampaignTarget } from './rules.js';

const STANDING_LABELS = { filed: '已报送', filed_late: '逾期报送', due: '待报送', overdue: '逾期未报送' } as const;
const MEASURE_LABELS = { done: '已整改', done_late: '逾期整改', open: '整改中', overdue: '逾期未整改' } as const;

function regulatorScope(actor: Actor): string {
  requirePermission(actor, 'supervision.campaigns');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden('自查自改活动由监管部门组织。');
  return prefix;
}

export interface CampaignInput {
  title: string;
  description: string;
  targetKind: CampaignTarget;
  dueOn: string;
}

export async function openCampaign(ctx: AppContext, actor: Actor, input: CampaignInput) {
  regulatorScope(actor);
  const today = chinaDate(ctx.clock.now());
  if (input.dueOn <= today) throw badRequest('报送截止日期须晚于今天。', [{ field: 'dueOn', message: '须晚于今天' }]);
  if (!(input.targetKind in CAMPAIGN_TARGETS))
    throw badRequest('请选择自查对象。', [{ field: 'targetKind', message: '未知的对象' }]);
  const title = input.title.trim();
  if (!title) throw badRequest('请填写活动名称。', [{ field: 'title', message: '必填' }]);
  return ctx.db.transaction(async (tx) => {
    const campaign = await insertCampaign(tx, {
      orgId: actor.orgId!,
      regionCode: actor.regionCode!,
      title,
      description: input.description.trim(),
      targetKind: input.targetKind,
      dueOn: input.dueOn,
      createdAt: ctx.clock.now(),
      createdBy: actor.userId,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'campaign.open',
      entityType: 'self_inspection_campaign',
      entityId: campaign.id,
      regionCode: campaign.regionCode,
      after: { title, targetKind: input.targetKind, dueOn: input.dueOn },
    });
    return campaign;
  });
}

/** The organisations a campaign asks: every one of its kind inside the campaign's jurisdiction. */
async function targetsOf(ctx: AppContext, campaign: CampaignRow) {
  const { items } = await listOrganisations(ctx.db, {
    kind: campaign.targetKind,
    regionPrefix: regionPrefix(campaign.regionCode),
    page: 1,
    pageSize: 10_000,
  });
  return items;
}

async function campaignProgress(ctx: AppContext, campaign: CampaignRow, today: string) {
  const [targets, reports, items] = await Promise.all([
    targetsOf(ctx, campaign),
    selfReportsOf(ctx.db, campaign.id),
    selfItemsOfCampaign(ctx.db, campaign.id),
  ]);
  const filedOn = new Map(reports.map((r) => [r.orgId, r.submittedOn]));
  const standings = targets.map((o) => campaignStanding(campaign, filedOn.get(o.id) ?? null, today));
  const measures = items.map((i) => measureStanding(i, today));
  return {
    targets,
    reports,
    items,
    counts: {
      targets: targets.length,
      filed: standings.filter((s) => s === 'filed' || s === 'filed_late').length,
      filedLate: standings.filter((s) => s === 'filed_late').length,
      notFiled: standings.filter((s) => s === 'due' || s === 'overdue').length,
      problems: items.length,
      measuresDone: measures.filter((m) => m === 'done' || m === 'done_late').length,
      measuresOverdue: measures.filter((m) => m === 'overdue').length,
    },
  };
}

function presentCampaign(campaign: CampaignRow, orgName: string | undefined) {
  return {
    id: campaign.id,
    title: campaign.title,
    description: campaign.description,
    targetKind: campaign.targetKind,
    targetLabel: CAMPAIGN_TARGETS[campaign.targetKind],
    regionCode: campaign.regionCode,
    regionName: regionFullName(campaign.regionCode) ?? campaign.regionCode,
    organiserName: orgName ?? null,
    dueOn: campaign.dueOn,
    createdAt: campaign.createdAt.toISOString(),
  };
}

/** A regulator's campaigns (its own and its subordinates'), each with its filing and measure counts. */
export async function listCampaigns(ctx: AppContext, actor: Actor) {
  const prefix = regulatorScope(actor);
  const today = chinaDate(ctx.clock.now());
  const campaigns = await campaignsWithin(ctx.db, prefix);
  return {
    items: await Promise.all(
      campaigns.map(async (c) => ({
        ...presentCampaign(c, (await findOrganisation(ctx.db, c.orgId))?.name),
        ...(await campaignProgress(ctx, c, today)).counts,
      })),
    ),
  };
}

const presentItem = (i: SelfItemRow, today: string) => {
  const standing = measureStanding(i, today);
  return {
    id: i.id,
    problem: i.problem,
    measure: i.measure,
    responsible: i.responsible,
    dueOn: i.dueOn,
    completedOn: i.completedOn,
    completionNote: i.completionNote,
    standing,
    standingLabel: MEASURE_LABELS[standing],
  };
};

/** The roster: every organisation asked, whether it filed (on time), its problems and their measures. */
export async function getCampaign(ctx: AppContext, actor: Actor, id: string) {
  const prefix = regulatorScope(actor);
  const campaign = await findCampaign(ctx.db, id);
  if (!campaign || !campaign.regionCode.startsWith(prefix)) throw notFound('自查自改活动');
  const today = chinaDate(ctx.clock.now());
  const { targets, reports, items, counts } = await campaignProgress(ctx, campaign, today);
  const reportOf = new Map(reports.map((r) => [r.orgId, r]));
  const roster = targets.map((o) => {
    const report = reportOf.get(o.id);
    const standing = campaignStanding(campaign, report?.submittedOn ?? null, today);
    const own = report ? items.filter((i) => i.reportId === report.id).map((i) => presentItem(i, today)) : [];
    return {
      orgId: o.id,
      orgName: o.name,
      regionName: regionFullName(o.regionCode) ?? o.regionCode,
      standing,
      standingLabel: STANDING_LABELS[standing],
      submittedOn: report?.submittedOn ?? null,
      summary: report?.summary ?? null,
      items: own,
      overdueMeasures: own.filter((i) => i.standing === 'overdue').length,
    };
  });
  // Who needs chasing first: not filed, then overdue measures.
  const notFiled = { overdue: 0, due: 1, filed_late: 2, filed: 2 };
  const late = { overdue: 0, due: 0, filed_late: 0, filed: 1 };
  roster.sort(
    (a, b) =>
      notFiled[a.standing] - notFiled[b.standing] ||
      b.overdueMeasures - a.overdueMeasures ||
      late[a.standing] - late[b.standing] ||
      a.orgName.localeCompare(b.orgName),
  );
  return { ...presentCampaign(campaign, (await findOrganisation(ctx.db, campaign.orgId))?.name), counts, roster };
}

function reportingOrg(actor: Actor): { orgId: string; kind: CampaignTarget; regionCode: string } {
  requirePermission(actor, 'self_inspection');
  if (!actor.orgId || !actor.regionCode || !(actor.orgKind && actor.orgKind in CAMPAIGN_TARGETS))
    throw forbidden('自查报告由培训机构或考试机构报送。');
  return { orgId: actor.orgId, kind: actor.orgKind as CampaignTarget, regionCode: actor.regionCode };
}

/** The campaigns that ask this organisation, with its own report and measures. */
export async function myCampaigns(ctx: AppContext, actor: Actor) {
  const me = reportingOrg(actor);
  const today = chinaDate(ctx.clock.now());
  const campaigns = await campaignsCovering(
    ctx.db,
    me.kind,
    regionPath(me.regionCode).map((r) => r.code),
  );
  return {
    items: await Promise.all(
      campaigns.map(async (c) => {
        const report = await findSelfReport(ctx.db, c.id, me.orgId);
        const standing = campaignStanding(c, report?.submittedOn ?? null, today);
        return {
          ...presentCampaign(c, (await findOrganisation(ctx.db, c.orgId))?.name),
          standing,
          standingLabel: STANDING_LABELS[standing],
          report: report
            ? {
                summary: report.summary,
                submittedOn: report.submittedOn,
                items: (await selfItemsOfReport(ctx.db, report.id)).map((i) => presentItem(i, today)),
              }
            : null,
        };
      }),
    ),
  };
}

export interface SelfReportInput {
  summary: string;
  items: Array<{ problem: string; measure: string; responsible: string; dueOn: string }>;
}

export async function fileSelfInspection(ctx: AppContext, actor: Actor, campaignId: string, input: SelfReportInput) {
  const me = reportingOrg(actor);
  const campaign = await findCampaign(ctx.db, campaignId);
  const covering = new Set(regionPath(me.regionCode).map((r) => r.code));
  if (!campaign || campaign.targetKind !== me.kind || !covering.has(campaign.regionCode))
    throw notFound('自查自改活动');
  const summary = input.summary.trim();
  if (!summary) throw badRequest('请填写自查情况综述。', [{ field: 'summary', message: '必填' }]);
  const today = chinaDate(ctx.clock.now());
  // SUP-5: each problem needs its measure, deadline and responsible person (seed 001 §四(一)).
  input.items.forEach((item, i) => {
    for (const field of ['problem', 'measure', 'responsible'] as const) {
      if (!item[field].trim())
        throw badRequest(
          `第 ${i + 1} 个问题缺少${{ problem: '问题描述', measure: '整改措施', responsible: '责任人' }[field]}。`,
          [{ field: `items[${i}].${field}`, message: '必填' }],
        );
    }
    if (item.dueOn < today)
      throw badRequest(`第 ${i + 1} 个问题的整改时限早于今天。`, [{ field: `items[${i}].dueOn`, message: '早于今天' }]);
  });
  try {
    return await ctx.db.transaction(async (tx) => {
      const report = await insertSelfReport(tx, {
        campaignId,
        orgId: me.orgId,
        regionCode: me.regionCode,
        summary,
        submittedAt: ctx.clock.now(),
        submittedOn: today,
        submittedBy: actor.userId,
      });
      await insertSelfItems(
        tx,
        input.items.map((item, position) => ({
          reportId: report.id,
          campaignId,
          orgId: me.orgId,
          problem: item.problem.trim(),
          measure: item.measure.trim(),
          responsible: item.responsible.trim(),
          dueOn: item.dueOn,
          position,
        })),
      );
      const standing = campaignStanding(campaign, today, today);
      await appendAudit(tx, ctx.clock, actor, {
        action: 'campaign.report',
        entityType: 'self_inspection_campaign',
        entityId: campaignId,
        regionCode: me.regionCode,
        after: { problems: input.items.length, late: standing === 'filed_late' },
      });
      return { id: report.id, submittedOn: today, standing, standingLabel: STANDING_LABELS[standing] };
    });
  } catch (err) {
    if (isUniqueViolation(err, 'self_inspection_reports_campaign_org_idx'))
      throw conflict('本单位已报送该活动的自查报告；整改进展请在问题清单中逐项登记。', 'SUP-5');
    throw err;
  }
}

export async function completeMeasure(ctx: AppContext, actor: Actor, itemId: string, input: { note?: string }) {
  const me = reportingOrg(actor);
  const item = await findSelfItem(ctx.db, itemId);
  if (!item || item.orgId !== me.orgId) throw notFound('整改事项');
  if (item.completedOn) throw conflict('该问题已登记整改完成。', 'SUP-5');
  const today = chinaDate(ctx.clock.now());
  return ctx.db.transaction(async (tx) => {
    const done = await completeSelfItem(tx, itemId, { completedOn: today, completionNote: input.note?.trim() || null });
    if (!done) throw conflict('该问题已登记整改完成。', 'SUP-5');
    await appendAudit(tx, ctx.clock, actor, {
      action: 'campaign.measure_done',
      entityType: 'self_inspection_item',
      entityId: itemId,
      regionCode: me.regionCode,
      after: { completedOn: today },
    });
    return presentItem(done, today);
  });
}
