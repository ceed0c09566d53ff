// The two measurement models the statistical detectors stand on, fitted on the bank's own data
// (never on simulator labels):
//  - Rasch: P(correct) = 1 / (1 + exp(−(θ_j − b_i))); joint estimation with a N(0, 1) prior on θ
//    (MAP, so perfect scores stay finite) and item difficulties b_i by Newton steps.
//  - van der Linden (2006) lognormal response times: ln T_ij = β_i − τ_j + ε, ε ~ N(0, 1/α_i²);
//    β_i item time intensity, τ_j person speed, α_i item discrimination in time; fitted by
//    alternating weighted least squares with Σ τ_j = 0.
import type { ResponseData } from './data.js';
import { normInv } from './stats.js';

export interface RaschFit {
  method: 'rasch-jml-map';
  version: '1';
  theta: Float64Array;
  b: Float64Array;
  /** Responses per item. */
  itemN: Int32Array;
}

export const THETA_PRIOR_VAR = 1;

export function prob(theta: number, b: number): number {
  return 1 / (1 + Math.exp(b - theta));
}

export function fitRasch(data: ResponseData, iterations = 15): RaschFit {
  const A = data.attempts.length;
  const I = data.itemIds.length;
  const theta = new Float64Array(A);
  const b = new Float64Array(I);
  const itemN = new Int32Array(I);
  const itemRight = new Float64Array(I);
  for (let r = 0; r < data.item.length; r++) {
    itemN[data.item[r]] += 1;
    itemRight[data.item[r]] += data.correct[r];
  }
  // Start from logits of the proportions correct (with half a response added each side).
  for (let i = 0; i < I; i++) b[i] = -Math.log((itemRight[i] + 0.5) / (itemN[i] - itemRight[i] + 0.5));
  const grad = new Float64Array(I);
  const info = new Float64Array(I);
  for (let it = 0; it < iterations; it++) {
    // θ step per person (MAP, Newton, two inner steps).
    for (let a = 0; a < A; a++) {
      for (let s = 0; s < 2; s++) {
        let g = -theta[a] / THETA_PRIOR_VAR;
        let h = 1 / THETA_PRIOR_VAR;
        for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
          const p = prob(theta[a], b[data.item[r]]);
          g += data.correct[r] - p;
          h += p * (1 - p);
        }
        theta[a] += Math.max(-2, Math.min(2, g / h));
      }
    }
    // b step per item.
    grad.fill(0);
    info.fill(0);
    for (let a = 0; a < A; a++) {
      for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
        const i = data.item[r];
        const p = prob(theta[a], b[i]);
        grad[i] += p - data.correct[r];
        info[i] += p * (1 - p);
      }
    }
    // A weak N(0, 3²) prior on b keeps items everyone answered right (or wrong) finite.
    for (let i = 0; i < I; i++) b[i] += Math.max(-2, Math.min(2, (grad[i] - b[i] / 9) / (info[i] + 1 / 9)));
  }
  return { method: 'rasch-jml-map', version: '1', theta, b, itemN };
}

export interface LognormalRtFit {
  method: 'lognormal-rt-vdl2006';
  version: '2';
  /** Item time intensity β_i (mean log seconds for a person of average speed). */
  beta: Float64Array;
  /** Item precision α_i (1 / residual SD). */
  alpha: Float64Array;
  /** Person speed τ_j (higher = faster); NaN when the attempt has no times. */
  tau: Float64Array;
  /** Person speed drift δ_j over the paper (log-time change from its first to its last question). */
  drift: Float64Array;
  /** Number of timed responses per attempt. */
  timed: Int32Array;
  /** Number of timed responses per item (how far α_i and β_i can be trusted). */
  itemTimed: Int32Array;
  /**
   * Per response row: the standardised residual as a normal score of its rank among the item's
   * residuals (NaN when untimed) — N(0,1) by construction whatever the shape of real response
   * times (heavy tails, pauses), so the detectors' nulls hold on the data they run on.
   */
  z: Float32Array;
}

/** The centred position of row r in its attempt, in [−½, ½]: the drift's covariate. */
function centred(data: ResponseData, a: number, r: number): number {
  const n = data.offsets[a + 1] - data.offsets[a];
  return n > 1 ? (r - data.offsets[a]) / (n - 1) - 0.5 : 0;
}

const HUBER = 2.5;
const MIN_RANK_ITEM = 20;

/**
 * Robust fit (v2, issue 20): ln T_ij = β_i − τ_j − δ_j·c_ij + ε, c the centred position. Person
 * speed and drift by Huber-weighted steps (residuals clipped at 2.5 SD), so one long pause or a
 * run of skipped questions does not make every other answer of the person look fast; skipped
 * (blank) answers carry no answering time (ResponseBuilder). Residuals standardised per item by
 * their rank (normal scores) where the item has ≥ 20 timed answers, else by α_i.
 */
export function fitLognormalRt(data: ResponseData, iterations = 12): LognormalRtFit {
  const A = data.attempts.length;
  const I = data.itemIds.length;
  const beta = new Float64Array(I);
  const alpha = new Float64Array(I).fill(1);
  const tau = new Float64Array(A);
  const drift = new Float64Array(A);
  const timed = new Int32Array(A);
  const sum = new Float64Array(I);
  const sq = new Float64Array(I);
  const cnt = new Int32Array(I);
  for (let a = 0; a < A; a++)
    for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) if (!Number.isNaN(data.logRt[r])) timed[a] += 1;
  const resid = (a: number, r: number) => data.logRt[r] - beta[data.item[r]] + tau[a] + drift[a] * centred(data, a, r);
  for (let it = 0; it < iterations; it++) {
    sum.fill(0);
    cnt.fill(0);
    for (let a = 0; a < A; a++) {
      for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
        const t = data.logRt[r];
        if (Number.isNaN(t)) continue;
        const limit = HUBER / alpha[data.item[r]];
        // β_i as a Huber mean: the previous residual clipped.
        const e = it === 0 ? t + tau[a] : Math.max(-limit, Math.min(limit, resid(a, r))) + beta[data.item[r]];
        sum[data.item[r]] += e;
        cnt[data.item[r]] += 1;
      }
    }
    for (let i = 0; i < I; i++) beta[i] = cnt[i] ? sum[i] / cnt[i] : 0;
    sq.fill(0);
    for (let a = 0; a < A; a++) {
      for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
        if (Number.isNaN(data.logRt[r])) continue;
        const limit = 3 / alpha[data.item[r]];
        const e = Math.max(-limit, Math.min(limit, resid(a, r)));
        sq[data.item[r]] += e * e;
      }
    }
    for (let i = 0; i < I; i++) alpha[i] = cnt[i] > 1 ? 1 / Math.sqrt(Math.max(sq[i] / (cnt[i] - 1), 1e-4)) : 1;
    let tauSum = 0;
    let tauN = 0;
    for (let a = 0; a < A; a++) {
      if (!timed[a]) {
        tau[a] = NaN;
        continue;
      }
      // Huber step for τ and (with ≥ 10 timed answers) δ, weights α².
      let g0 = 0;
      let h0 = 0;
      let g1 = 0;
      let h1 = 0;
      for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
        if (Number.isNaN(data.logRt[r])) continue;
        const al = alpha[data.item[r]];
        const e = Math.max(-HUBER / al, Math.min(HUBER / al, resid(a, r)));
        const c = centred(data, a, r);
        g0 += al * al * e;
        h0 += al * al;
        g1 += al * al * e * c;
        h1 += al * al * c * c;
      }
      if (Number.isNaN(tau[a])) tau[a] = 0;
      tau[a] -= g0 / h0;
      if (timed[a] >= 10) drift[a] -= g1 / (h1 + 1);
      tauSum += tau[a];
      tauN += 1;
    }
    const shift = tauN ? tauSum / tauN : 0;
    for (let a = 0; a < A; a++) tau[a] -= shift;
    for (let i = 0; i < I; i++) beta[i] -= shift;
  }
  // Rank-based normal scores of the residuals, per item.
  const z = new Float32Array(data.item.length).fill(Number.NaN);
  const raw = new Float32Array(data.item.length);
  const perItem: number[][] = Array.from({ length: I }, () => []);
  for (let a = 0; a < A; a++)
    for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
      if (Number.isNaN(data.logRt[r])) continue;
      raw[r] = resid(a, r);
      perItem[data.item[r]].push(raw[r]);
    }
  const sorted = perItem.map((v) => Float32Array.from(v).sort());
  for (let r = 0; r < data.item.length; r++) {
    if (Number.isNaN(data.logRt[r])) continue;
    const i = data.item[r];
    const s = sorted[i];
    if (s.length < MIN_RANK_ITEM) {
      z[r] = alpha[i] * raw[r];
      continue;
    }
    z[r] = tailMatchedZ(s, raw[r]);
  }
  return {
    method: 'lognormal-rt-vdl2006',
    version: '2',
    beta,
    alpha,
    tau,
    drift,
    timed,
    itemTimed: Int32Array.from(cnt),
    z,
  };
}

/**
 * Normal score of v among the sorted sample s: the mid-rank's normal quantile in the bulk; beyond
 * the 1st / 99th percentile (where ranks stop separating — the fastest of 300 answers is only
 * z ≈ −2.9) extended linearly with the slope the sample's own tail shows between its 1 % and 5 %
 * (95 % and 99 %) quantiles, so a heavy tail is stretched no further than it really reaches while a
 * machine-fast value still lands far out.
 */
export function tailMatchedZ(s: ArrayLike<number>, v: number): number {
  const n = s.length;
  const k1 = Math.max(1, Math.floor(0.01 * n));
  const k5 = Math.max(k1 + 1, Math.floor(0.05 * n));
  const zAt = (k: number) => normInv((k + 0.5) / n);
  if (v < s[k1]) {
    const slope = (zAt(k5) - zAt(k1)) / Math.max(s[k5] - s[k1], 1e-6);
    return zAt(k1) + (v - s[k1]) * slope;
  }
  const u1 = n - 1 - k1;
  const u5 = n - 1 - k5;
  if (v > s[u1]) {
    const slope = (zAt(u1) - zAt(u5)) / Math.max(s[u1] - s[u5], 1e-6);
    return zAt(u1) + (v - s[u1]) * slope;
  }
  const lo = lowerBound(s, v);
  const hi = lowerBound(s, v, true);
  // Mid-rank of ties: (rank − ½)/n.
  return normInv(Math.min(1 - 0.5 / n, Math.max(0.5 / n, (lo + hi) / (2 * n))));
}

export function lowerBound(s: ArrayLike<number>, v: number, upper = false): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (upper ? s[mid] <= v : s[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Standardised log-time residual z = α_i (ln T − (β_i − τ_j)); negative = faster than the model expects. */
export function rtResidual(fit: LognormalRtFit, attempt: number, item: number, logT: number): number {
  return fit.alpha[item] * (logT - (fit.beta[item] - fit.tau[attempt]));
}
