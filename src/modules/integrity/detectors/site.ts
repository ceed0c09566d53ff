// INT-4 site level.
//
// `int4-pass-rate-bh` v1 — abnormal pass rate. Each attempt's predicted pass probability comes from
// outside the site: the pass rate of the same item and attempt kind (first / make-up) at all OTHER
// sites (leave-site-out, with a Beta(1,1) prior), unless the caller supplies a prediction from the
// candidate's training record. O = passes, E = Σp, V = Σp(1−p).
//   over-pass: z = (O − E)/√V, p_hi = 1 − Φ(z);
//   fixed pass rate (too steady across sessions): X² = Σ_sessions (O_k − E_k)²/V_k ~ χ²_K,
//   p_lo = P(χ²_K ≤ X²) (under-dispersion), only with ≥ 3 sessions;
//   p = min(1, 2·min(p_hi, p_lo)); Benjamini–Hochberg across the sites, flagged at FDR 5 %.
// Funnel plot data: per site (n, observed rate, expected rate) and the 95 % / 99.8 % limits.
//
// `int4-site-score-binomial` v1 — person flags aggregated: k = attempts whose smallest person-level
// p-value (Bonferroni over the D statistical detectors) is below 0.05; under the null k ≤ Bin(n, 0.05)
// stochastically; site p = P(X ≥ k); score = −log10 p; BH across sites. A site where many
// candidates are borderline stands out even when no single one is flagged.
import type { AttemptMeta } from './data.js';
import { surprise, type Verdict } from './result.js';
import { benjaminiHochberg, binomialSf, chi2Cdf, normInv, normSf } from './stats.js';

export const SITE_FDR = 0.05;

export interface FunnelPoint {
  siteId: string;
  n: number;
  passes: number;
  observedRate: number;
  expectedRate: number;
  z: number;
  pValue: number;
  qValue: number;
  flagged: boolean;
}

export interface Funnel {
  overallRate: number;
  points: FunnelPoint[];
  /** Control limits around the overall rate for n = 1..maxN (sparse grid). */
  limits: Array<{ n: number; lo95: number; hi95: number; lo998: number; hi998: number }>;
}

export function sitePassRate(
  attempts: readonly AttemptMeta[],
  predicted?: ReadonlyMap<string, number>,
): { verdicts: Verdict[]; funnel: Funnel } {
  const taken = attempts.filter((a) => a.passed !== null);
  const stratum = (a: AttemptMeta) => `${a.itemCode}|${a.attempt ?? 'first'}`;
  const totals = new Map<string, { n: number; pass: number }>();
  const bySiteStratum = new Map<string, { n: number; pass: number }>();
  for (const a of taken) {
    const s = stratum(a);
    const t = totals.get(s) ?? { n: 0, pass: 0 };
    t.n += 1;
    t.pass += a.passed ? 1 : 0;
    totals.set(s, t);
    const k = `${a.siteId}#${s}`;
    const u = bySiteStratum.get(k) ?? { n: 0, pass: 0 };
    u.n += 1;
    u.pass += a.passed ? 1 : 0;
    bySiteStratum.set(k, u);
  }
  // Where candidates have a training score: logistic regression pass ~ 1 + training per stratum.
  const logit = new Map<string, [number, number]>();
  for (const s of totals.keys()) {
    const rows = taken.filter(
      (a) => stratum(a) === s && typeof a.trainingScore === 'number' && Number.isFinite(a.trainingScore),
    );
    const x = rows.map((a) => a.trainingScore as number);
    const mean = x.reduce((u, v) => u + v, 0) / Math.max(x.length, 1);
    const sd = Math.sqrt(x.reduce((u, v) => u + (v - mean) ** 2, 0) / Math.max(x.length - 1, 1));
    // Only a covariate that varies predicts anything; otherwise the other sites' rate is used.
    if (rows.length >= 30 && sd > 0.05)
      logit.set(
        s,
        fitLogistic(
          x,
          rows.map((a) => (a.passed ? 1 : 0)),
        ),
      );
  }
  const predict = (a: AttemptMeta) => {
    const given = predicted?.get(a.id);
    if (given !== undefined) return given;
    const coef = logit.get(stratum(a));
    if (coef && typeof a.trainingScore === 'number' && Number.isFinite(a.trainingScore))
      return 1 / (1 + Math.exp(-(coef[0] + coef[1] * a.trainingScore)));
    const s = stratum(a);
    const t = totals.get(s)!;
    const own = bySiteStratum.get(`${a.siteId}#${s}`)!;
    return (t.pass - own.pass + 1) / (t.n - own.n + 2);
  };
  const sites = new Map<
    string,
    { O: number; E: number; V: number; n: number; sessions: Map<string, { O: number; E: number; V: number }> }
  >();
  for (const a of taken) {
    const p = predict(a);
    const s = sites.get(a.siteId) ?? { O: 0, E: 0, V: 0, n: 0, sessions: new Map() };
    s.O += a.passed ? 1 : 0;
    s.E += p;
    s.V += p * (1 - p);
    s.n += 1;
    const k = s.sessions.get(a.sessionId) ?? { O: 0, E: 0, V: 0 };
    k.O += a.passed ? 1 : 0;
    k.E += p;
    k.V += p * (1 - p);
    s.sessions.set(a.sessionId, k);
    sites.set(a.siteId, s);
  }
  const ids = [...sites.keys()];
  const rows = ids.map((id) => {
    const s = sites.get(id)!;
    const z = s.V > 0 ? (s.O - s.E) / Math.sqrt(s.V) : 0;
    const pHi = normSf(z);
    const ks = [...s.sessions.values()].filter((k) => k.V > 0);
    const x2 = ks.reduce((u, k) => u + (k.O - k.E) ** 2 / k.V, 0);
    const pLo = ks.length >= 3 ? chi2Cdf(x2, ks.length) : 1;
    return { id, s, z, pHi, pLo, x2, sessions: ks.length, p: Math.min(1, 2 * Math.min(pHi, pLo)) };
  });
  const q = benjaminiHochberg(rows.map((r) => r.p));
  const overall = taken.length ? taken.filter((a) => a.passed).length / taken.length : 0;
  const points: FunnelPoint[] = rows.map((r, i) => ({
    siteId: r.id,
    n: r.s.n,
    passes: r.s.O,
    observedRate: r.s.O / r.s.n,
    expectedRate: r.s.E / r.s.n,
    z: r.z,
    pValue: r.p,
    qValue: q[i],
    flagged: q[i] <= SITE_FDR,
  }));
  const maxN = Math.max(1, ...points.map((p) => p.n));
  const limits = [];
  const z95 = normInv(0.975);
  const z998 = normInv(0.999);
  for (let n = 2; n <= Math.max(maxN * 1.1, 20); n = Math.ceil(n * 1.15)) {
    const se = Math.sqrt((overall * (1 - overall)) / n);
    limits.push({
      n,
      lo95: Math.max(0, overall - z95 * se),
      hi95: Math.min(1, overall + z95 * se),
      lo998: Math.max(0, overall - z998 * se),
      hi998: Math.min(1, overall + z998 * se),
    });
  }
  const verdicts: Verdict[] = rows.map((r, i) => ({
    kind: 'site_pass_rate',
    subjectId: r.id,
    method: 'int4-pass-rate-bh',
    version: '1',
    statistic: '合格率偏高 z / 场次间过稳 X²（BH 校正 q 值）',
    value: r.z,
    threshold: SITE_FDR,
    pValue: q[i],
    flagged: q[i] <= SITE_FDR,
    score: surprise(q[i]),
    detail: {
      n: r.s.n,
      passes: r.s.O,
      expected: r.s.E,
      pOverPass: r.pHi,
      pTooSteady: r.pLo,
      x2: r.x2,
      sessions: r.sessions,
      rawP: r.p,
    },
  }));
  return { verdicts, funnel: { overallRate: overall, points, limits } };
}

/** Two-parameter logistic regression by Newton–Raphson (IRLS), with a tiny ridge for separable data. */
export function fitLogistic(x: readonly number[], y: readonly number[]): [number, number] {
  let a = 0;
  let b = 0;
  for (let it = 0; it < 25; it++) {
    let g0 = -1e-4 * a;
    let g1 = -1e-4 * b;
    let h00 = 1e-4;
    let h01 = 0;
    let h11 = 1e-4;
    for (let k = 0; k < x.length; k++) {
      const p = 1 / (1 + Math.exp(-(a + b * x[k])));
      const w = p * (1 - p);
      g0 += y[k] - p;
      g1 += (y[k] - p) * x[k];
      h00 += w;
      h01 += w * x[k];
      h11 += w * x[k] * x[k];
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 0)) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a += da;
    b += db;
    if (Math.abs(da) + Math.abs(db) < 1e-8) break;
  }
  return [a, b];
}

/** Site score from person-level p-values (the smallest per attempt, already Bonferroni-adjusted by the caller). */
export function siteScores(
  attempts: readonly AttemptMeta[],
  personP: ReadonlyMap<string, number>,
  level = 0.05,
): Verdict[] {
  const sites = new Map<string, { n: number; k: number }>();
  for (const a of attempts) {
    const s = sites.get(a.siteId) ?? { n: 0, k: 0 };
    s.n += 1;
    if ((personP.get(a.id) ?? 1) < level) s.k += 1;
    sites.set(a.siteId, s);
  }
  const rows = [...sites].map(([id, s]) => ({ id, ...s, p: binomialSf(s.k, s.n, level) }));
  const q = benjaminiHochberg(rows.map((r) => r.p));
  return rows.map((r, i) => ({
    kind: 'site_score',
    subjectId: r.id,
    method: 'int4-site-score-binomial',
    version: '1',
    statistic: `p<${level} 的考生人数（二项检验，BH 校正）`,
    value: r.k,
    threshold: SITE_FDR,
    pValue: q[i],
    flagged: q[i] <= SITE_FDR,
    score: surprise(r.p),
    detail: { attempts: r.n, borderline: r.k, expected: r.n * level, rawP: r.p },
  }));
}
