// The two measurement models the statistical detectors stand on, fitted on the bank's own data
// (never on simulator labels):
//  - Rasch: P(correct) = 1 / (1 + exp(−(θ_j − b_i))); joint estimation with a N(0, 1) prior on θ
//    (MAP, so perfect scores stay finite) and item difficulties b_i by Newton steps.
//  - van der Linden (2006) lognormal response times: ln T_ij = β_i − τ_j + ε, ε ~ N(0, 1/α_i²);
//    β_i item time intensity, τ_j person speed, α_i item discrimination in time; fitted by
//    alternating weighted least squares with Σ τ_j = 0.
import type { ResponseData } from './data.js';

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
  version: '1';
  /** Item time intensity β_i (mean log seconds for a person of average speed). */
  beta: Float64Array;
  /** Item precision α_i (1 / residual SD). */
  alpha: Float64Array;
  /** Person speed τ_j (higher = faster); NaN when the attempt has no times. */
  tau: Float64Array;
  /** Number of timed responses per attempt. */
  timed: Int32Array;
  /** Number of timed responses per item (how far α_i and β_i can be trusted). */
  itemTimed: Int32Array;
}

export function fitLognormalRt(data: ResponseData, iterations = 10): LognormalRtFit {
  const A = data.attempts.length;
  const I = data.itemIds.length;
  const beta = new Float64Array(I);
  const alpha = new Float64Array(I).fill(1);
  const tau = new Float64Array(A);
  const timed = new Int32Array(A);
  const sum = new Float64Array(I);
  const sq = new Float64Array(I);
  const cnt = new Int32Array(I);
  for (let a = 0; a < A; a++)
    for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) if (!Number.isNaN(data.logRt[r])) timed[a] += 1;
  for (let it = 0; it < iterations; it++) {
    // β_i = mean(ln T + τ), α_i² = 1 / mean residual².
    sum.fill(0);
    cnt.fill(0);
    for (let a = 0; a < A; a++) {
      for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
        const t = data.logRt[r];
        if (Number.isNaN(t)) continue;
        sum[data.item[r]] += t + tau[a];
        cnt[data.item[r]] += 1;
      }
    }
    for (let i = 0; i < I; i++) beta[i] = cnt[i] ? sum[i] / cnt[i] : 0;
    sq.fill(0);
    for (let a = 0; a < A; a++) {
      for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
        const t = data.logRt[r];
        if (Number.isNaN(t)) continue;
        // Residuals clipped at 3 SD of the previous fit: one idle last question (the candidate
        // reviewing before submitting) must not make a whole item look noisy.
        const limit = 3 / alpha[data.item[r]];
        const e = Math.max(-limit, Math.min(limit, t - beta[data.item[r]] + tau[a]));
        sq[data.item[r]] += e * e;
      }
    }
    for (let i = 0; i < I; i++) alpha[i] = cnt[i] > 1 ? 1 / Math.sqrt(Math.max(sq[i] / (cnt[i] - 1), 1e-4)) : 1;
    // τ_j = weighted mean of (β_i − ln T), weights α_i².
    let tauSum = 0;
    let tauN = 0;
    for (let a = 0; a < A; a++) {
      let num = 0;
      let den = 0;
      for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
        const t = data.logRt[r];
        if (Number.isNaN(t)) continue;
        const w = alpha[data.item[r]] ** 2;
        num += w * (beta[data.item[r]] - t);
        den += w;
      }
      tau[a] = den ? num / den : NaN;
      if (den) {
        tauSum += tau[a];
        tauN += 1;
      }
    }
    const shift = tauN ? tauSum / tauN : 0;
    for (let a = 0; a < A; a++) tau[a] -= shift;
  }
  return { method: 'lognormal-rt-vdl2006', version: '1', beta, alpha, tau, timed, itemTimed: Int32Array.from(cnt) };
}

/** Standardised log-time residual z = α_i (ln T − (β_i − τ_j)); negative = faster than the model expects. */
export function rtResidual(fit: LognormalRtFit, attempt: number, item: number, logT: number): number {
  return fit.alpha[item] * (logT - (fit.beta[item] - fit.tau[attempt]));
}
