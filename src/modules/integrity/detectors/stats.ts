// Distributions and multiple-comparison tools the integrity detectors share. Pure, no I/O.

// Tail precision (issue 20): every survival function keeps its relative precision far into the tail.
// The upper incomplete gamma Q is computed directly by its continued fraction where it is small
// (x > a + 1) and never as 1 − P; the normal tail is ½·Q(½, z²/2) = ½·erfc(z/√2); each has a
// log-space twin for p-values below the smallest double (≈ 1e-308). Checked against mpmath
// references down to 1e-300 (detectors.test.ts).

/** Upper tail P(Z ≥ z) of the standard normal, relative precision ~1e-14 down to ~1e-308. */
export function normSf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  const q = 0.5 * gammaQ(0.5, (z * z) / 2);
  return z >= 0 ? q : 1 - q;
}

/** Standard normal CDF P(Z ≤ z) (the lower tail keeps its precision too). */
export const normCdf = (z: number): number => normSf(-z);

/** Natural log of P(Z ≥ z): finite for any finite z (e.g. z = 50 gives ≈ −1254.8). */
export function logNormSf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z === Infinity) return -Infinity;
  if (z < 0) return Math.log1p(-0.5 * gammaQ(0.5, (z * z) / 2));
  return Math.log(0.5) + logGammaQ(0.5, (z * z) / 2);
}

/** Inverse standard normal CDF (Acklam's algorithm, relative error < 1.2e-9). */
export function normInv(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) return -normInv(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

// Lanczos (g = 7, n = 9; Godfrey's coefficients), relative error ~1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const y = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(s);
}

const EPS = 1e-16;
const TINY = 1e-300;

/** ln of the series part of P(a, x) (x < a + 1), including the prefactor x^a e^−x / Γ(a). */
function logGammaSeries(a: number, x: number): number {
  let sum = 1 / a;
  let del = sum;
  let ap = a;
  for (let n = 0; n < 10_000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return Math.log(sum) - x + a * Math.log(x) - logGamma(a);
}

/** ln Q(a, x) by Lentz's continued fraction (x ≥ a + 1): Q itself, never 1 − P. */
function logGammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.log(h) - x + a * Math.log(x) - logGamma(a);
}

/** ln of the regularised lower incomplete gamma P(a, x). */
export function logGammaP(a: number, x: number): number {
  if (x <= 0) return -Infinity;
  if (x === Infinity) return 0;
  if (x < a + 1) return logGammaSeries(a, x);
  return Math.log1p(-Math.exp(logGammaContinuedFraction(a, x)));
}

/** ln of the regularised upper incomplete gamma Q(a, x) = 1 − P(a, x). */
export function logGammaQ(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return -Infinity;
  if (x < a + 1) return Math.log1p(-Math.exp(logGammaSeries(a, x)));
  return logGammaContinuedFraction(a, x);
}

/** Regularised lower incomplete gamma P(a, x). */
export const gammaP = (a: number, x: number): number => Math.exp(logGammaP(a, x));
/** Regularised upper incomplete gamma Q(a, x), computed directly in its tail. */
export const gammaQ = (a: number, x: number): number => Math.exp(logGammaQ(a, x));

/** χ² with k degrees of freedom: lower tail P(X ≤ x). */
export const chi2Cdf = (x: number, k: number): number => gammaP(k / 2, x / 2);
/** χ² upper tail P(X ≥ x). */
export const chi2Sf = (x: number, k: number): number => gammaQ(k / 2, x / 2);
/** ln of the χ² upper tail. */
export const logChi2Sf = (x: number, k: number): number => logGammaQ(k / 2, x / 2);

/** Poisson upper tail P(X ≥ k) for mean λ: the regularised lower incomplete gamma P(k, λ). */
export function poissonSf(k: number, lambda: number): number {
  return Math.exp(logPoissonSf(k, lambda));
}

export function logPoissonSf(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return -Infinity;
  return logGammaP(k, lambda);
}

/** Binomial upper tail P(X ≥ k), X ~ Bin(n, p), exact by summation in log space. */
export function binomialSf(k: number, n: number, p: number): number {
  return Math.min(1, Math.exp(logBinomialSf(k, n, p)));
}

export function logBinomialSf(k: number, n: number, p: number): number {
  if (k <= 0) return 0;
  if (k > n || p <= 0) return -Infinity;
  if (p >= 1) return 0;
  const lc = (i: number) =>
    logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log1p(-p);
  const top = lc(k);
  let total = 0;
  for (let i = k; i <= n; i++) {
    const t = Math.exp(lc(i) - top);
    total += t;
    if (i > n * p && t < 1e-17 * total) break;
  }
  return Math.min(0, top + Math.log(total));
}

/**
 * Cauchy combination test (ACAT; Liu & Xie 2020): T = Σ wᵢ tan((½ − pᵢ)π) with Σ wᵢ = 1 is
 * standard Cauchy under the null whatever the dependence between the p-values (exactly under
 * independence, approximately in the tail under arbitrary dependence); p = ½ − arctan(T)/π.
 * Tiny pᵢ use tan((½ − p)π) ≈ 1/(pπ); a huge T uses p ≈ 1/(Tπ), so the combination keeps the
 * order of p-values far below 1e-16. Returns ln p too (from the ln pᵢ where a p underflowed).
 */
export const ACAT_P_CAP = 0.999;

export function cauchyCombination(input: ReadonlyArray<{ p: number; logP?: number; weight?: number }>): {
  p: number;
  logP: number;
} {
  // A p-value near 1 would enter as tan(−π/2) → −∞ and cancel another detector's evidence: capped.
  const ps = input.map((x) => (x.p > ACAT_P_CAP ? { ...x, p: ACAT_P_CAP, logP: Math.log(ACAT_P_CAP) } : x));
  const used = ps.filter((x) => Number.isFinite(x.logP ?? Math.log(x.p)) || x.p > 0);
  if (used.length === 0) return { p: 1, logP: 0 };
  const wSum = used.reduce((s, x) => s + (x.weight ?? 1), 0);
  // The largest term dominates when some p is tiny: work relative to it to avoid overflow.
  let maxLogTerm = -Infinity;
  const terms: Array<{ w: number; t: number; logT: number }> = [];
  for (const x of used) {
    const w = (x.weight ?? 1) / wSum;
    const lp = x.logP ?? Math.log(Math.max(x.p, 0));
    const p = Math.min(1, Math.max(x.p, 0));
    if (lp < Math.log(1e-15)) {
      // tan((½ − p)π) = cot(pπ) ≈ 1/(pπ) − pπ/3.
      const logT = -lp - Math.log(Math.PI) + Math.log(w);
      terms.push({ w, t: NaN, logT });
      maxLogTerm = Math.max(maxLogTerm, logT);
    } else terms.push({ w, t: w * Math.tan((0.5 - Math.min(p, 1 - 1e-15)) * Math.PI), logT: NaN });
  }
  if (maxLogTerm > Math.log(1e15)) {
    // T is dominated by the tiny p-values: T ≈ Σ big terms (+ a negligible rest).
    let s = 0;
    let rest = 0;
    for (const x of terms) {
      if (Number.isFinite(x.logT)) s += Math.exp(x.logT - maxLogTerm);
      else rest += x.t;
    }
    const logT = maxLogTerm + Math.log(s + rest * Math.exp(-maxLogTerm));
    // p = ½ − arctan(T)/π = arctan(1/T)/π ≈ 1/(Tπ).
    const logP = -logT - Math.log(Math.PI);
    return { p: Math.exp(logP), logP };
  }
  let T = 0;
  for (const x of terms) T += Number.isFinite(x.logT) ? Math.exp(x.logT) : x.t;
  const p = T > 1 ? Math.atan(1 / T) / Math.PI : 0.5 - Math.atan(T) / Math.PI;
  const clamped = Math.min(1, Math.max(p, Number.MIN_VALUE));
  return { p: clamped, logP: Math.log(clamped) };
}

/**
 * Poisson-binomial upper tail P(ΣX_i ≥ k), X_i ~ Bernoulli(p_i) independent — the null distribution
 * of the generalised binomial test. Exact O(n²) recursion.
 */
export function poissonBinomialSf(k: number, probs: ArrayLike<number>, n = probs.length): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const dist = new Float64Array(n + 1);
  dist[0] = 1;
  for (let i = 0; i < n; i++) {
    const p = probs[i];
    for (let j = i + 1; j >= 1; j--) dist[j] = dist[j] * (1 - p) + dist[j - 1] * p;
    dist[0] *= 1 - p;
  }
  let s = 0;
  for (let j = k; j <= n; j++) s += dist[j];
  return Math.min(1, Math.max(0, s));
}

/**
 * Benjamini–Hochberg (1995) step-up: the q-values (adjusted p-values) of a family, in input order.
 * A hypothesis is rejected at FDR q when its q-value ≤ q.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const q = new Array<number>(m);
  let min = 1;
  for (let r = m - 1; r >= 0; r--) {
    const [p, i] = order[r];
    min = Math.min(min, (p * m) / (r + 1));
    q[i] = min;
  }
  return q;
}

/** The largest p-value BH rejects at FDR level q (0 when it rejects none). */
export function bhCutoff(pValues: readonly number[], q: number): number {
  const sorted = [...pValues].sort((a, b) => a - b);
  let cut = 0;
  for (let r = 0; r < sorted.length; r++) if (sorted[r] <= (q * (r + 1)) / sorted.length) cut = sorted[r];
  return cut;
}

export function median(values: ArrayLike<number>): number {
  const s = Array.from(values)
    .filter((v) => Number.isFinite(v))
    .sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Small seeded PRNG for simulators and tests: reproducible runs (the kernel's one). */
export { mulberry32 } from '../../../kernel/random.js';

/** A standard normal draw from a uniform source (Box–Muller). */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
