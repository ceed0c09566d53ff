// Pure rules of ANA-2: how an injury record is read and linked (the employment and certificate in
// force on the day), the injury rate per 1,000 certified workers with its interval, and which groups
// stand out for targeted supervision (seed 003 §一(三): 工伤高发工种、易发工伤年龄段、企业、培训机构、劳务派遣公司).
import { wilsonInterval } from '../analytics/index.js';
import { standingOnDay } from '../certificates/index.js';
import { benjaminiHochberg, gammaP, poissonSf } from '../integrity/index.js';
import type { CertificateStandingAtInjury, InjurySeverity } from './schema.js';

/** The template's columns, in order; header names are matched, not positions. */
export const INJURY_COLUMNS = [
  '身份证号',
  '受伤日期',
  '用人单位统一社会信用代码',
  '作业项目',
  '伤害程度',
  '事故经过',
] as const;
export const INJURY_REQUIRED_COLUMNS = [
  '身份证号',
  '受伤日期',
  '用人单位统一社会信用代码',
  '作业项目',
  '伤害程度',
] as const;
export type RawInjuryRow = Partial<Record<(typeof INJURY_COLUMNS)[number], string>>;
export const MAX_INJURY_ROWS = 20_000;

export const SEVERITY_LABELS: Record<InjurySeverity, string> = { minor: '轻伤', serious: '重伤', fatal: '死亡' };
const SEVERITY_WORDS: Record<string, InjurySeverity> = {
  轻伤: 'minor',
  轻微伤: 'minor',
  minor: 'minor',
  重伤: 'serious',
  serious: 'serious',
  死亡: 'fatal',
  工亡: 'fatal',
  因工死亡: 'fatal',
  fatal: 'fatal',
};
export function severityOf(text: string): InjurySeverity | null {
  return SEVERITY_WORDS[text.trim()] ?? null;
}

export const STANDING_LABELS: Record<CertificateStandingAtInjury, string> = {
  valid: '持有效证',
  expired: '证书已过期',
  review_overdue: '逾期未复审',
  revoked: '证书已撤销/注销',
  none: '无证',
};

/** An operation item as typed: its code ("3.1") or its name ("登高架设作业"). */
export function itemCodeOf(text: string, names: ReadonlyMap<string, string>): string | null {
  const t = text.trim();
  if (names.has(t)) return t;
  for (const [code, name] of names) if (name === t) return code;
  return null;
}

/** Whole years of age on `day` of a person born on `birthDate` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export const AGE_BANDS = [
  { key: 'lt25', label: '25 岁以下', min: 0, max: 24 },
  { key: '25_34', label: '25–34 岁', min: 25, max: 34 },
  { key: '35_44', label: '35–44 岁', min: 35, max: 44 },
  { key: '45_54', label: '45–54 岁', min: 45, max: 54 },
  { key: 'ge55', label: '55 岁及以上', min: 55, max: 200 },
] as const;
export type AgeBand = (typeof AGE_BANDS)[number]['key'];
export function ageBand(age: number): AgeBand {
  return AGE_BANDS.find((b) => age >= b.min && age <= b.max)?.key ?? 'ge55';
}

export interface EmploymentLike {
  id: string;
  employerOrgId: string;
  kind: string;
  providerName: string | null;
  providerCreditCode: string | null;
  hiredOn: string;
  endedOn: string | null;
}
/** ANA-2: the employment in force at the employer on the day (the latest hire when several overlap). */
export function employmentOnDay<E extends EmploymentLike>(
  employments: readonly E[],
  employerOrgId: string,
  day: string,
): E | null {
  return (
    employments
      .filter((e) => e.employerOrgId === employerOrgId && e.hiredOn <= day && (!e.endedOn || e.endedOn >= day))
      .sort((a, b) => b.hiredOn.localeCompare(a.hiredOn))[0] ?? null
  );
}

export interface CertificateLike {
  id: string;
  itemCode: string;
  state: 'active' | 'revoked' | 'cancelled';
  validFrom: string;
  validUntil: string;
  nextReviewDue: string | null;
  revokedOn: string | null;
  cancelledOn: string | null;
}
const STANDING_RANK: Record<Exclude<CertificateStandingAtInjury, 'none'>, number> = {
  valid: 0,
  review_overdue: 1,
  expired: 2,
  revoked: 3,
};
/** ANA-2: the worker's certificate for the item as it stood on the day of the injury; the best standing when several. */
export function certificateOnDay<C extends CertificateLike>(
  certificates: readonly C[],
  itemCode: string,
  day: string,
): { certificate: C | null; standing: CertificateStandingAtInjury } {
  const standing = certificates
    .filter((c) => c.itemCode === itemCode)
    .flatMap((c) => {
      const s = standingOnDay(c, day);
      return s ? [{ certificate: c, standing: s }] : [];
    })
    .sort(
      (a, b) =>
        STANDING_RANK[a.standing] - STANDING_RANK[b.standing] ||
        b.certificate.validFrom.localeCompare(a.certificate.validFrom),
    )[0];
  return standing ?? { certificate: null, standing: 'none' };
}

/** ANA-2: the initial-training class the certificate came from: the latest class of the item opened by its validity's first day. */
export function classOfCertificate<K extends { itemCode: string; openedOn: string }>(
  classes: readonly K[],
  itemCode: string,
  validFrom: string,
): K | null {
  return (
    classes
      .filter((k) => k.itemCode === itemCode && k.openedOn <= validFrom)
      .sort((a, b) => b.openedOn.localeCompare(a.openedOn))[0] ?? null
  );
}

/** Per 1,000 workers. */
export const RATE_PER = 1000;

/**
 * ANA-2: exact (Garwood) 95 % interval of k injuries among n workers, per 1,000. Poisson rather than
 * binomial because a worker can be injured twice and injured workers without a certificate are
 * counted against the certified workforce, so k is a count of events, not a subset of n.
 */
export function poissonRateInterval(
  k: number,
  n: number,
  per = RATE_PER,
  alpha = 0.05,
): { rate: number; low: number; high: number } | null {
  if (n <= 0 || k < 0) return null;
  const [lowMean, highMean] = meanInterval(k, alpha);
  return { rate: (k / n) * per, low: (lowMean / n) * per, high: (highMean / n) * per };
}

// The interval of the mean depends on k alone: a province's thousands of employer groups have a few
// distinct counts, so each is solved once (bisection on the incomplete gamma is the costly part).
const meanIntervals = new Map<string, [number, number]>();
function meanInterval(k: number, alpha: number): [number, number] {
  const key = `${k}|${alpha}`;
  let hit = meanIntervals.get(key);
  if (!hit) {
    hit = [
      k === 0 ? 0 : solveMean((m) => gammaP(k, m), alpha / 2, k),
      solveMean((m) => gammaP(k + 1, m), 1 - alpha / 2, k + 1),
    ];
    if (meanIntervals.size < 10_000) meanIntervals.set(key, hit);
  }
  return hit;
}

/** The mean m where the increasing function f(m) reaches target (bisection; f is a CDF in m). */
function solveMean(f: (m: number) => number, target: number, k: number): number {
  let lo = 0;
  let hi = Math.max(10, 4 * k + 20);
  while (f(hi) < target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-10 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A group stands out only with at least this many injuries and workers: a rate on 1 of 3 says nothing. */
export const STANDOUT_MIN_INJURIES = 3;
export const STANDOUT_MIN_WORKERS = 10;
/** False-discovery rate across the groups of one dimension (Benjamini–Hochberg). */
export const STANDOUT_FDR = 0.05;

export interface GroupCount {
  key: string;
  label: string;
  injuries: number;
  /** Certified workers of the group (ledger workers for employers and dispatch companies); null when not known. */
  workers: number | null;
  /** Injuries whose worker held no valid certificate for the item that day. */
  uncertified: number;
}

export interface GroupRate extends GroupCount {
  rate: number | null;
  low: number | null;
  high: number | null;
  uncertifiedShare: { rate: number; low: number; high: number } | null;
  /** One-sided Poisson test against the jurisdiction's rate; q after Benjamini–Hochberg. */
  p: number | null;
  q: number | null;
  standout: boolean;
}

/**
 * ANA-2: rates, intervals and the groups that stand out: rate significantly above `overall` (injuries
 * per worker of the whole jurisdiction) by a one-sided exact Poisson test, BH-adjusted across the
 * dimension's groups, with minimum counts.
 */
export function rateGroups(groups: readonly GroupCount[], overall: number): GroupRate[] {
  const tested = groups.map((g) =>
    g.workers && g.workers > 0 && overall > 0 ? poissonSf(g.injuries, g.workers * overall) : null,
  );
  const testedIdx = tested.flatMap((p, i) => (p === null ? [] : [i]));
  const q = benjaminiHochberg(testedIdx.map((i) => tested[i]!));
  const qOf = new Map(testedIdx.map((i, j) => [i, q[j]]));
  return groups.map((g, i) => {
    const ci = g.workers ? poissonRateInterval(g.injuries, g.workers) : null;
    const qi = qOf.get(i) ?? null;
    return {
      ...g,
      rate: ci?.rate ?? null,
      low: ci?.low ?? null,
      high: ci?.high ?? null,
      uncertifiedShare: shareInterval(g.uncertified, g.injuries),
      p: tested[i],
      q: qi,
      standout:
        qi !== null &&
        qi < STANDOUT_FDR &&
        g.injuries >= STANDOUT_MIN_INJURIES &&
        (g.workers ?? 0) >= STANDOUT_MIN_WORKERS &&
        g.injuries / g.workers! > overall,
    };
  });
}

/** ANA-2: share (in %) of injured workers without a valid certificate that day, with the Wilson 95 % interval. */
export function shareInterval(k: number, n: number): { rate: number; low: number; high: number } | null {
  return wilsonInterval(k, n, 100);
}

export const DIMENSIONS = ['item', 'age', 'employer', 'institution', 'provider'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DIMENSION_LABELS: Record<Dimension, string> = {
  item: '作业项目',
  age: '年龄段',
  employer: '用人单位',
  institution: '培训机构',
  provider: '劳务派遣/外包单位',
};
