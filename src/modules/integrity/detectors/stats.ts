// Distributions and multiple-comparison tools the integrity detectors share. Pure, no I/O.

/** Standard normal CDF through erfc (Numerical Recipes' Chebyshev fit). */
export function normCdf(z: number): number {
  if (!Number.isFinite(z)) return z > 0 ? 1 : 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  // Numerical Recipes erfc, relative error < 1.2e-7 everywhere (good in the far tail too).
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  // y = erfc(|z|/√2)
  return z >= 0 ? 1 - y / 2 : y / 2;
}

/** Upper tail P(Z ≥ z). */
export const normSf = (z: number): number => normCdf(-z);

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

// Numerical Recipes' Lanczos coefficients, kept digit for digit as published.
function logGamma(x: number): number {
  const g = [
    // biome-ignore lint/correctness/noPrecisionLoss: published constants
    76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2,
    -0.5395239384953e-5,
  ];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  // biome-ignore lint/correctness/noPrecisionLoss: published constant
  let ser = 1.000000000190015;
  for (const c of g) ser += c / ++y;
  // biome-ignore lint/correctness/noPrecisionLoss: published constant
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/** Regularised lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let sum = 1 / a;
    let del = sum;
    let ap = a;
    for (let n = 0; n < 500; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-14) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  // Continued fraction for Q, then P = 1 − Q.
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-14) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** χ² with k degrees of freedom: lower tail P(X ≤ x). */
export const chi2Cdf = (x: number, k: number): number => gammaP(k / 2, x / 2);
/** χ² upper tail P(X ≥ x). */
export const chi2Sf = (x: number, k: number): number => 1 - gammaP(k / 2, x / 2);

/** Poisson upper tail P(X ≥ k) for mean λ. */
export function poissonSf(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  // P(X ≥ k) = P(k, λ) of the regularised lower incomplete gamma.
  return gammaP(k, lambda);
}

/** Binomial upper tail P(X ≥ k), X ~ Bin(n, p), exact by summation in log space. */
export function binomialSf(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let total = 0;
  const lc = (i: number) =>
    logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log(1 - p);
  for (let i = k; i <= n; i++) total += Math.exp(lc(i));
  return Math.min(1, total);
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
