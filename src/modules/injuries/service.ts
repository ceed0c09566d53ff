// ANA-2: the injury × certification analysis of a jurisdiction and period: rates per 1,000 certified
// workers with intervals per operation item, age band, employer, training institution and labour-
// dispatch company, the share of injured workers without a valid certificate, and the groups that
// stand out. Every figure opens the records behind it (recordWhere, the same SQL as its count).
import ExcelJS from 'exceljs';
import { requirePermission, type Actor } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest } from '../../kernel/problem.js';
import { periodError, resolveRegion } from '../analytics/index.js';
import { getCatalogue } from '../catalog/index.js';
import { chinaDate } from '../../kernel/clock.js';
import { denominators } from './denominators.js';
import { injuriesByGroup, injuryRecords, injuryTotals, type AnalysisScope, type RecordFilter } from './queries.js';
import {
  AGE_BANDS,
  DIMENSIONS,
  DIMENSION_LABELS,
  RATE_PER,
  SEVERITY_LABELS,
  STANDING_LABELS,
  poissonRateInterval,
  rateGroups,
  shareInterval,
  type Dimension,
  type GroupCount,
  type GroupRate,
} from './rules.js';

export interface AnalysisQuery {
  from?: string;
  to?: string;
  region?: string;
}

function scopeOf(
  ctx: AppContext,
  actor: Actor,
  q: AnalysisQuery,
): AnalysisScope & { region: { code: string; name: string } } {
  requirePermission(actor, 'injuries');
  const region = resolveRegion(actor, q.region); // SEC-2: only the own jurisdiction or a region inside it
  // ANA-2 as ANA-1: with no period chosen, the year so far up to the China date on the server's clock —
  // a browser elsewhere (or with a wrong clock) would otherwise end the period a day early or late.
  const to = q.to ?? chinaDate(ctx.clock.now());
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  const error = periodError(from, to);
  if (error) throw badRequest(`${error}。`, [{ field: 'from', message: error }]);
  return { prefix: region.prefix, from, to, region: { code: region.code, name: region.name } };
}

async function itemNames(ctx: AppContext) {
  return new Map((await getCatalogue(ctx)).categories.flatMap((c) => c.items.map((i) => [i.code, i.name] as const)));
}

/** ANA-2: every dimension's groups with rate, interval, test and standout flag, plus the jurisdiction's figures. */
export async function injuryAnalysis(ctx: AppContext, actor: Actor, q: AnalysisQuery) {
  const scope = scopeOf(ctx, actor, q);
  const names = await itemNames(ctx);
  const counted = new Map(
    await Promise.all(DIMENSIONS.map(async (d) => [d, await injuriesByGroup(ctx.db, scope, d)] as const)),
  );
  const keys = (d: Dimension) => counted.get(d)!.map((g) => g.key);
  const [totals, certified] = await Promise.all([
    injuryTotals(ctx.db, scope),
    denominators(ctx.db, scope, chinaDate(ctx.clock.now()), {
      item: keys('item'),
      institution: keys('institution'),
      provider: keys('provider'),
      employer: counted.get('employer')!.flatMap((g) => (g.org_id ? [g.org_id] : [])),
    }),
  ]);
  // The jurisdiction's rate: every injury of the period against every certified worker.
  const overall = certified.total > 0 ? totals.injuries / certified.total : 0;
  const byDimension: Record<Dimension, Map<string, number>> = {
    item: certified.item,
    age: certified.age,
    institution: certified.institution,
    employer: certified.employer,
    provider: certified.provider,
  };
  const label = (d: Dimension, g: { key: string; name: string | null }) =>
    d === 'item'
      ? `${g.key} ${names.get(g.key) ?? ''}`.trim()
      : d === 'age'
        ? (AGE_BANDS.find((b) => b.key === g.key)?.label ?? g.key)
        : d === 'employer'
          ? (g.name ?? `${g.key}（未在平台登记）`)
          : (g.name ?? g.key);
  const dimensions = DIMENSIONS.map((d) => {
    // Employers' ledgers are looked up by organisation (an employer not on the platform has none).
    const denominatorKey = (g: { key: string; org_id: string | null }) => (d === 'employer' ? (g.org_id ?? '') : g.key);
    const groups: GroupCount[] = counted.get(d)!.map((g) => ({
      key: g.key,
      label: label(d, g),
      injuries: g.injuries,
      uncertified: g.uncertified,
      workers: byDimension[d].get(denominatorKey(g)) ?? null,
    }));
    const rated = rateGroups(groups, overall).sort(byRateDesc);
    return { dimension: d, label: DIMENSION_LABELS[d], groups: rated.map(present) };
  });
  const standouts = dimensions.flatMap((d) =>
    d.groups.filter((g) => g.standout).map((g) => ({ dimension: d.dimension, dimensionLabel: d.label, ...g })),
  );
  const ci = poissonRateInterval(totals.injuries, certified.total);
  return {
    region: scope.region,
    period: { from: scope.from, to: scope.to },
    /** Where the denominators came from: the hourly summary of a default period, or counted live. */
    denominatorSource: certified.source,
    per: RATE_PER,
    totals: {
      injuries: totals.injuries,
      injuredWorkers: totals.workers,
      certifiedWorkers: certified.total,
      rate: ci ? round(ci.rate) : null,
      low: ci ? round(ci.low) : null,
      high: ci ? round(ci.high) : null,
      uncertified: totals.uncertified,
      uncertifiedShare: roundShare(shareInterval(totals.uncertified, totals.injuries)),
    },
    dimensions,
    standouts,
  };
}

const byRateDesc = (a: GroupRate, b: GroupRate) =>
  (b.rate ?? -1) - (a.rate ?? -1) || b.injuries - a.injuries || a.key.localeCompare(b.key);
const round = (x: number) => Math.round(x * 100) / 100;
const roundShare = (s: { rate: number; low: number; high: number } | null) =>
  s ? { rate: round(s.rate), low: round(s.low), high: round(s.high) } : null;

function present(g: GroupRate) {
  return {
    key: g.key,
    label: g.label,
    injuries: g.injuries,
    workers: g.workers,
    uncertified: g.uncertified,
    rate: g.rate === null ? null : round(g.rate),
    low: g.low === null ? null : round(g.low),
    high: g.high === null ? null : round(g.high),
    uncertifiedShare: roundShare(g.uncertifiedShare),
    p: g.p,
    q: g.q,
    standout: g.standout,
  };
}

/** ANA-2: the records behind a figure (ID numbers masked, SEC-3), one page; the total equals the figure. */
export async function injuryRecordList(
  ctx: AppContext,
  actor: Actor,
  q: AnalysisQuery & RecordFilter & { page: number; pageSize: number },
) {
  const scope = scopeOf(ctx, actor, q);
  if ((q.dimension === undefined) !== (q.key === undefined))
    throw badRequest('按分组查看记录时须同时指定维度和分组。', [{ field: 'key', message: '维度和分组须同时给出' }]);
  const names = await itemNames(ctx);
  const { total, items } = await injuryRecords(ctx.db, scope, q, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return {
    total,
    items: items.map((r) => ({
      id: r.id,
      occurredOn: r.occurred_on,
      severity: r.severity,
      severityLabel: SEVERITY_LABELS[r.severity],
      itemCode: r.item_code,
      itemName: names.get(r.item_code) ?? '',
      description: r.description,
      idNumberMasked: r.id_number_masked,
      age: r.age_at_injury,
      registered: Boolean(r.worker_id),
      employerCreditCode: r.employer_credit_code,
      employerName: r.employer_name,
      employmentKind: r.employment_kind,
      providerName: r.provider_name,
      standing: r.certificate_standing,
      standingLabel: STANDING_LABELS[r.certificate_standing],
      institutionName: r.institution_name,
      regionCode: r.region_code,
    })),
  };
}

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(2));

/** ANA-2: the analysis as a workbook, one sheet per dimension plus the standouts. */
export async function exportInjuryAnalysis(ctx: AppContext, actor: Actor, q: AnalysisQuery): Promise<Buffer> {
  const a = await injuryAnalysis(ctx, actor, q);
  const book = new ExcelJS.Workbook();
  const summary = book.addWorksheet('概况');
  summary.addRows([
    ['地区', a.region.name],
    ['期间', `${a.period.from} 至 ${a.period.to}`],
    ['工伤记录（条）', a.totals.injuries],
    ['持证人员（人）', a.totals.certifiedWorkers],
    [`工伤率（每 ${RATE_PER} 名持证人员）`, fmt(a.totals.rate)],
    ['95% 置信区间', `${fmt(a.totals.low)} – ${fmt(a.totals.high)}`],
    ['受伤时无有效证书（条）', a.totals.uncertified],
    [
      '无有效证书占比（%）',
      a.totals.uncertifiedShare
        ? `${fmt(a.totals.uncertifiedShare.rate)}（${fmt(a.totals.uncertifiedShare.low)} – ${fmt(a.totals.uncertifiedShare.high)}）`
        : '—',
    ],
  ]);
  summary.getColumn(1).width = 32;
  summary.getColumn(2).width = 40;
  const header = [
    '分组',
    '工伤（条）',
    '持证/在册人员（人）',
    `工伤率（每 ${RATE_PER} 人）`,
    '95% 下限',
    '95% 上限',
    '无有效证书（条）',
    '无有效证书占比（%）',
    'q 值（BH）',
    '重点监管',
  ];
  for (const d of a.dimensions) {
    const sheet = book.addWorksheet(d.label.replace(/[/\\?*[\]:]/g, '、'));
    sheet.addRow(header).font = { bold: true };
    for (const g of d.groups)
      sheet.addRow([
        g.label,
        g.injuries,
        g.workers ?? '—',
        fmt(g.rate),
        fmt(g.low),
        fmt(g.high),
        g.uncertified,
        g.uncertifiedShare ? fmt(g.uncertifiedShare.rate) : '—',
        g.q === null ? '—' : g.q.toFixed(4),
        g.standout ? '是' : '',
      ]);
    sheet.columns.forEach((c) => (c.width = 16));
    sheet.getColumn(1).width = 36;
  }
  const so = book.addWorksheet('重点监管对象');
  so.addRow([
    '维度',
    '分组',
    '工伤（条）',
    '人员（人）',
    `工伤率（每 ${RATE_PER} 人）`,
    '95% 置信区间',
    'q 值（BH）',
  ]).font = { bold: true };
  for (const g of a.standouts)
    so.addRow([
      g.dimensionLabel,
      g.label,
      g.injuries,
      g.workers ?? '—',
      fmt(g.rate),
      `${fmt(g.low)} – ${fmt(g.high)}`,
      g.q === null ? '—' : g.q.toFixed(4),
    ]);
  so.columns.forEach((c) => (c.width = 20));
  return Buffer.from(await book.xlsx.writeBuffer());
}
