// Analytics use cases (ANA-1, ANA-3): read-only, scoped to the regulator's jurisdiction (SEC-2).
import type { Actor } from '../../kernel/access.js';
import { isRegulator, jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, forbidden, ruleViolation } from '../../kernel/problem.js';
import { childrenOf, getRegion, isWithinRegion, regionFullName, regionPrefix } from '../../kernel/regions.js';
import {
  cancelledByFlag,
  findingRecords,
  inspectedRecords,
  spotExamRecords,
  sanctionRecords,
  employerPenaltyRecords,
  employerFineRecords,
  publishedCaseRecords,
  metricByChild,
  metricList,
  passByInstitution,
  passBySite,
  patrolRecords,
  refreshSummaries,
  summaryByChild,
  summaryPassByInstitution,
  summaryPassBySite,
  summaryState,
  verificationTraffic,
  type CampaignRecord,
} from './queries.js';
import {
  CAMPAIGN_FIGURES,
  DASHBOARD_METRICS,
  childPrefixLength,
  figureTarget,
  figureUnit,
  figureValue,
  passRate,
  periodError,
  prefixToCode,
  type CampaignFigure,
  type DashboardMetric,
} from './rules.js';

/**
 * The jurisdiction asked for: the regulator's own by default, or a region inside it (drill-down).
 * A region outside it is refused (SEC-2): the dashboard must not show another jurisdiction's figures.
 */
export function resolveRegion(actor: Actor, regionCode?: string) {
  requirePermission(actor, 'analytics');
  if (!isRegulator(actor) || !actor.regionCode || !jurisdictionPrefix(actor))
    throw forbidden('统计分析仅向监管部门开放。');
  const code = regionCode ?? actor.regionCode;
  const region = getRegion(code);
  if (!region)
    throw badRequest(`行政区划代码 ${code} 不存在，请从下拉列表中选择地区。`, [
      { field: 'region', message: '未知的行政区划代码' },
    ]);
  if (!isWithinRegion(code, actor.regionCode))
    throw ruleViolation(
      'SEC-2',
      '超出辖区',
      `地区 ${region.name}（${code}）不在您的辖区内，只能查看本辖区及下级地区的统计。`,
    );
  return { code, name: region.name, prefix: regionPrefix(code) };
}

const todayOf = (ctx: AppContext) => chinaDate(ctx.clock.now());

/** Issue 19 item 7: drill-down rows name their region (四川省成都市武侯区), not only its code. */
function withRegionName<T extends { region_code?: string | null }>(
  rows: T[],
): Array<T & { region_name: string | null }> {
  return rows.map((r) => ({
    ...r,
    region_name: r.region_code ? (regionFullName(r.region_code) ?? r.region_code) : null,
  }));
}

/** Figures counted live at every level (open work, small tables); the rest read the summary when fresh. */
const LIVE_METRICS: DashboardMetric[] = ['findings_open', 'integrity_flags', 'filings_overdue'];

/** ANA-3: every figure of the jurisdiction, split by the next region level, plus pass rates and traffic. */
export async function dashboard(ctx: AppContext, actor: Actor, regionCode?: string) {
  const region = resolveRegion(actor, regionCode);
  const scope = { prefix: region.prefix, today: todayOf(ctx) };
  const childLen = childPrefixLength(region.prefix);
  const children = childLen ? childrenOf(region.code).map((r) => ({ code: r.code, name: r.name })) : [];
  const keys = Object.keys(DASHBOARD_METRICS) as DashboardMetric[];
  // Province and city read the summary refreshed by the analytics.refresh job when it is of today
  // (1.5 M certificates make the live counts take seconds); a county's figures, and any level's
  // before the first refresh of the day, are counted live. Pass rates come from the summary at
  // every level when it is of today. The response says which, and as of when.
  const summary = await summaryState(ctx.db);
  const fresh = summary !== null && summary.asOf === scope.today;
  const fromSummary = fresh && childLen !== null;
  const counts = new Map<DashboardMetric, Array<{ child: string; n: number }>>(keys.map((k) => [k, []]));
  if (fromSummary && childLen) {
    for (const r of await summaryByChild(ctx.db, region.prefix, childLen)) counts.get(r.metric)?.push(r);
    // Issue 19 item 7: the open work a regulator acts on (findings, flags, late filings) is a small set
    // and its list is live, so its figure is counted live too: a figure never lags the list it opens.
    for (const key of LIVE_METRICS) counts.set(key, await metricByChild(ctx.db, key, scope, childLen));
  } else {
    // Sequential: PGlite has one connection, and on PostgreSQL each query is an index scan.
    for (const key of keys) counts.set(key, await metricByChild(ctx.db, key, scope, childLen));
  }
  const metrics = keys.map((key) => {
    const rows = counts.get(key)!;
    const byChild: Record<string, number> = {};
    for (const r of rows) byChild[childLen ? prefixToCode(r.child) : r.child] = r.n;
    return {
      key,
      label: DASHBOARD_METRICS[key],
      total: rows.reduce((sum, r) => sum + r.n, 0),
      byChild,
      source: fromSummary && !LIVE_METRICS.includes(key) ? ('summary' as const) : ('live' as const),
    };
  });
  const withRate = (rows: Awaited<ReturnType<typeof passBySite>>) =>
    rows.map((r) => ({ ...r, rate: passRate(r.passed, r.sat) }));
  return {
    region: { code: region.code, name: region.name },
    today: scope.today,
    source: fromSummary ? ('summary' as const) : ('live' as const),
    refreshedAt: fresh ? summary!.refreshedAt.toISOString() : null,
    children,
    metrics,
    passBySite: withRate(fresh ? await summaryPassBySite(ctx.db, region.prefix) : await passBySite(ctx.db, scope)),
    passByInstitution: withRate(
      fresh ? await summaryPassByInstitution(ctx.db, region.prefix) : await passByInstitution(ctx.db, scope),
    ),
    traffic: await verificationTraffic(ctx.db, scope),
  };
}

/** ANA-3: the records behind one dashboard figure, same scope and same conditions as the figure. */
export async function metricRecords(
  ctx: AppContext,
  actor: Actor,
  metric: DashboardMetric,
  q: { region?: string; page: number; pageSize: number },
) {
  const region = resolveRegion(actor, q.region);
  const { total, items } = await metricList(
    ctx.db,
    metric,
    { prefix: region.prefix, today: todayOf(ctx) },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return {
    metric,
    label: DASHBOARD_METRICS[metric],
    region: { code: region.code, name: region.name },
    total,
    items: withRegionName(items),
  };
}

export interface CampaignQuery {
  region?: string;
  /** Default: 1 January of the period end's year. */
  from?: string;
  /** Default: today on the server's China date (Asia/Shanghai), never the browser's clock. */
  to?: string;
}

function campaignScope(ctx: AppContext, actor: Actor, q: CampaignQuery) {
  const region = resolveRegion(actor, q.region);
  // ANA-1: the period's end is the China date on the server's clock unless the user chose one; a
  // browser in another time zone would otherwise end the period a day early (or late) around midnight.
  const to = q.to ?? todayOf(ctx);
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  const error = periodError(from, to);
  if (error) throw badRequest(`${error}（ANA-1）。`, [{ field: 'from', message: error }]);
  return { region, period: { prefix: region.prefix, from, to } };
}

/** The records behind one ANA-1 figure; null when the platform records nothing of that kind yet. */
async function figureRecords(
  ctx: AppContext,
  period: { prefix: string; from: string; to: string },
  key: CampaignFigure,
): Promise<CampaignRecord[] | null> {
  const target = figureTarget(key);
  if (target && key.endsWith('_inspected')) {
    // One row per inspected organisation (the first inspection of it in the period).
    const seen = new Set<string>();
    return (await inspectedRecords(ctx.db, period, target)).filter(
      (r) => !seen.has(r.target_id) && seen.add(r.target_id),
    );
  }
  if (target && key.endsWith('_problems')) return findingRecords(ctx.db, period, target);
  if (target && key.endsWith('_rectify')) {
    // Each finding is an order to rectify with a deadline (SUP-2): count the organisations ordered.
    const seen = new Set<string>();
    return (await findingRecords(ctx.db, period, target)).filter(
      (r) => !seen.has(r.target_id) && seen.add(r.target_id),
    );
  }
  if (key === 'sessions_patrolled') {
    const seen = new Set<string>();
    return (await patrolRecords(ctx.db, period, 'patrolled')).filter(
      (r) => !seen.has(r.session_id) && seen.add(r.session_id),
    );
  }
  if (key === 'patrol_warnings') return patrolRecords(ctx.db, period, 'warning');
  if (key === 'scores_cancelled')
    return [...(await patrolRecords(ctx.db, period, 'cancellation')), ...(await cancelledByFlag(ctx.db, period))];
  // SUP-4: one row per institution or site sanctioned in the period (家 / 个), and per employer case decided (起).
  const sanctioned: Partial<
    Record<CampaignFigure, ['institution' | 'exam_site', 'eliminate' | 'suspend' | 'cancel_site']>
  > = {
    institutions_eliminated: ['institution', 'eliminate'],
    institutions_suspended: ['institution', 'suspend'],
    sites_cancelled: ['exam_site', 'cancel_site'],
    sites_suspended: ['exam_site', 'suspend'],
  };
  const sanction = sanctioned[key];
  if (sanction) {
    const seen = new Set<string>();
    return (await sanctionRecords(ctx.db, period, ...sanction)).filter(
      (r) => !seen.has(r.target_id) && seen.add(r.target_id),
    );
  }
  if (key === 'employers_penalties') return employerPenaltyRecords(ctx.db, period);
  if (key === 'employers_fines') return employerFineRecords(ctx.db, period);
  if (key === 'cases_public') return publishedCaseRecords(ctx.db, period);
  if (key === 'spot_exams_taken') return spotExamRecords(ctx.db, period, false);
  if (key === 'spot_exams_passed') return spotExamRecords(ctx.db, period, true);
  return null;
}

/** ANA-1: the campaign statistics of a period and jurisdiction in the national report's shape. */
export async function campaignStatistics(ctx: AppContext, actor: Actor, q: CampaignQuery) {
  const { region, period } = campaignScope(ctx, actor, q);
  const figures = [];
  for (const f of CAMPAIGN_FIGURES) {
    const records = await figureRecords(ctx, period, f.key);
    figures.push({
      key: f.key,
      group: f.group,
      label: f.label,
      value: records ? figureValue(f.key, records) : null,
      unit: figureUnit(f.key),
    });
  }
  return { region: { code: region.code, name: region.name }, from: period.from, to: period.to, figures };
}

/** ANA-1: the records behind one figure (its value is the length of this list, or for a sum figure its `sum`). */
export async function campaignFigureRecords(ctx: AppContext, actor: Actor, key: CampaignFigure, q: CampaignQuery) {
  const { region, period } = campaignScope(ctx, actor, q);
  const f = CAMPAIGN_FIGURES.find((x) => x.key === key)!;
  const records = await figureRecords(ctx, period, key);
  return {
    key,
    label: f.label,
    group: f.group,
    region: { code: region.code, name: region.name },
    from: period.from,
    to: period.to,
    recorded: records !== null,
    total: records?.length ?? 0,
    unit: figureUnit(key),
    sum: records && figureUnit(key) ? figureValue(key, records) : null,
    items: withRegionName((records ?? []) as Array<CampaignRecord & { region_code?: string | null }>),
  };
}

/** ANA-3: recomputes the dashboard's summaries (the analytics.refresh job, and after bulk loads). */
export async function refreshDashboardSummaries(ctx: AppContext): Promise<void> {
  await refreshSummaries(ctx.db, todayOf(ctx), ctx.clock.now());
}
