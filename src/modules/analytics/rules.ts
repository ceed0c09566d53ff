// Pure rules of analytics (ANA-1, ANA-2, ANA-3): which figures exist, how a rate's interval is
// computed, how a jurisdiction splits into the next level down. No I/O, so the web app may use them.

/** ANA-3: the dashboard's figures; each has a list behind it whose length equals the figure. */
export const DASHBOARD_METRICS = {
  certificates_expiring: '90 日内到期的证书',
  reviews_overdue: '逾期未复审的证书',
  filings_overdue: '逾期未备案的从业人员',
  findings_open: '未闭环的检查问题',
  integrity_flags: '待处理的诚信预警',
  suspected_fakes: '疑似假证查询（30 日）',
} as const;
export type DashboardMetric = keyof typeof DASHBOARD_METRICS;

/** How far ahead "expiring" looks (ANA-3), in days. */
export const EXPIRING_WITHIN_DAYS = 90;
/** The window of verification traffic and suspected fake numbers (ANA-3), in days. */
export const TRAFFIC_DAYS = 30;

/**
 * ANA-1: the figures of the national report (seed 003 §一(二)). `source: null` marks a figure the
 * platform has no record for yet (fines as a sum, cases made public): it is shown as 未记录, never as 0.
 */
export const CAMPAIGN_FIGURES = [
  { key: 'institutions_inspected', group: '培训机构', label: '检查培训机构（家）', source: 'inspections' },
  { key: 'institutions_problems', group: '培训机构', label: '发现问题（项）', source: 'findings' },
  { key: 'institutions_rectify', group: '培训机构', label: '责令整改（家）', source: 'findings' },
  { key: 'institutions_eliminated', group: '培训机构', label: '淘汰（家）', source: 'sanctions' },
  { key: 'institutions_suspended', group: '培训机构', label: '暂停培训（家）', source: 'sanctions' },
  { key: 'sites_inspected', group: '考试机构', label: '检查考试点（个）', source: 'inspections' },
  { key: 'sites_problems', group: '考试机构', label: '发现问题（项）', source: 'findings' },
  { key: 'sites_rectify', group: '考试机构', label: '责令整改（个）', source: 'findings' },
  { key: 'sites_cancelled', group: '考试机构', label: '取消考点资格（个）', source: 'sanctions' },
  { key: 'sites_suspended', group: '考试机构', label: '暂停考试（个）', source: 'sanctions' },
  { key: 'employers_inspected', group: '生产经营单位', label: '抽查生产经营单位（家）', source: 'inspections' },
  { key: 'employers_problems', group: '生产经营单位', label: '发现问题（项）', source: 'findings' },
  { key: 'employers_penalties', group: '生产经营单位', label: '行政处罚（起）', source: 'cases' },
  { key: 'employers_fines', group: '生产经营单位', label: '罚款（万元）', source: 'fines' },
  { key: 'cases_public', group: '案件', label: '公开曝光典型案例（起）', source: 'published_cases' },
  { key: 'sessions_patrolled', group: '远程巡考', label: '远程巡考场次（场）', source: 'patrol' },
  { key: 'patrol_warnings', group: '远程巡考', label: '警告（人次）', source: 'patrol' },
  { key: 'scores_cancelled', group: '远程巡考', label: '取消成绩（人次）', source: 'patrol' },
  { key: 'spot_exams_taken', group: '抽考', label: '现场抽考（人次）', source: 'spot_exams' },
  { key: 'spot_exams_passed', group: '抽考', label: '抽考合格（人次）', source: 'spot_exams' },
] as const;
export type CampaignFigure = (typeof CAMPAIGN_FIGURES)[number]['key'];

export const NOT_RECORDED = '未记录';

/** ANA-1: figures the national report gives as a sum of money in 万元 (2 decimals), not a count of records. */
export const SUM_FIGURES: readonly CampaignFigure[] = ['employers_fines'];
export const figureUnit = (key: CampaignFigure): '万元' | null => (SUM_FIGURES.includes(key) ? '万元' : null);

/** ANA-1: a figure's value from its records — their count, or for a sum figure the yuan amounts in 万元. */
export function figureValue(key: CampaignFigure, records: readonly { amount_yuan?: number | null }[]): number {
  if (!figureUnit(key)) return records.length;
  const yuan = records.reduce((sum, r) => sum + (r.amount_yuan ?? 0), 0);
  return Math.round(yuan / 100) / 100;
}

/** The figure as the table, xlsx and PDF print it: 万元 always with 2 decimals. */
export function figureText(value: number | null, unit: string | null): string {
  if (value === null) return NOT_RECORDED;
  return unit === '万元' ? value.toFixed(2) : String(value);
}

/** Which inspection target kind (SUP-1) a campaign figure counts. */
export function figureTarget(key: CampaignFigure): 'institution' | 'exam_site' | 'employer' | null {
  if (key.startsWith('institutions_')) return 'institution';
  if (key.startsWith('sites_')) return 'exam_site';
  if (key.startsWith('employers_')) return 'employer';
  return null;
}

/**
 * Wilson score interval for k events among n (95 % by default), as a rate per `per` (ANA-2: per
 * 1,000 certified workers). Wilson rather than the normal approximation because groups are small
 * and rates near zero, where the normal interval goes negative.
 */
export function wilsonInterval(
  k: number,
  n: number,
  per = 1000,
  z = 1.959964,
): { rate: number; low: number; high: number } | null {
  if (n <= 0 || k < 0 || k > n) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { rate: p * per, low: Math.max(0, centre - half) * per, high: Math.min(1, centre + half) * per };
}

/** Pass rate in percent with one decimal, null when nobody sat (never 0 % for "no data"). */
export function passRate(passed: number, sat: number): number | null {
  return sat > 0 ? Math.round((passed / sat) * 1000) / 10 : null;
}

/** Length of the region-code prefix of the level below `prefix` (ANA-3 drill-down): province → city → county. */
export function childPrefixLength(prefix: string): number | null {
  return prefix.length === 2 ? 4 : prefix.length === 4 ? 6 : null;
}

/** The code of the region a child prefix names: '5101' → '510100'. */
export function prefixToCode(prefix: string): string {
  return prefix.padEnd(6, '0');
}

/** A period (ANA-1) is valid when both ends are dates, from ≤ to, and it spans at most 5 years. */
export function periodError(from: string, to: string): string | null {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return '统计期间的日期无效';
  if (a > b) return '统计期间的开始日期晚于结束日期';
  if (b - a > 5 * 366 * 86_400_000) return '统计期间不得超过 5 年';
  return null;
}
