// Issue 20 calibration: each continuous detector's null checked against the data it runs on.
// Method `empirical-null-central` v1 (after Efron 2004): the detector's p-values in one bank are
// turned into suspicion scores z = Φ⁻¹(1 − p); the bulk of the candidates (the median and the
// half between the median and the upper quartile, where cheaters are too few to matter) gives the
// null's centre μ₀ and spread σ₀ = (Q75 − Q50)/0.6745. Where the data are wider or shifted than the
// theoretical N(0,1) (real response times, misfit of the item model, unmodelled differences among
// candidates), p is recomputed as 1 − Φ((z − μ₀)/σ₀). Only ever made more conservative
// (μ₀ ≥ 0, σ₀ ≥ 1): the theoretical null stays the floor. Needs ≥ 200 candidates with a p < 1.
import type { DetectorKind, Verdict } from './result.js';
import { PERSON_ALPHA, surprise } from './result.js';
import { logNormSf, normInv } from './stats.js';

export const CALIBRATED_KINDS = new Set<DetectorKind>(['rt_aberrance', 'person_fit', 'preknowledge', 'leaked_items']);
const MIN_BULK = 200;

/** z = Φ⁻¹(1 − p), from ln p where p underflows. */
export function suspicionZ(p: number, logP?: number): number {
  const lp = logP ?? Math.log(p);
  if (lp > Math.log(1e-300)) return -normInv(Math.exp(lp));
  // Asymptotic inverse of the normal tail: z² ≈ −2 ln p − ln(−2π·2 ln p).
  const t = -2 * lp;
  return Math.sqrt(t - Math.log(2 * Math.PI * t));
}

export interface EmpiricalNull {
  kind: DetectorKind;
  n: number;
  mu0: number;
  sigma0: number;
  applied: boolean;
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Fits and applies the empirical null per calibrated kind over one bank's verdicts (in place). */
export function calibrateVerdicts(verdicts: Verdict[], from = 0): EmpiricalNull[] {
  const out: EmpiricalNull[] = [];
  for (const kind of CALIBRATED_KINDS) {
    const idx: number[] = [];
    for (let i = from; i < verdicts.length; i++) {
      const v = verdicts[i];
      if (v.kind === kind && v.pValue !== null && v.pValue < 1) idx.push(i);
    }
    if (idx.length < MIN_BULK) {
      out.push({ kind, n: idx.length, mu0: 0, sigma0: 1, applied: false });
      continue;
    }
    const zs = Float64Array.from(idx.map((i) => suspicionZ(verdicts[i].pValue!, verdicts[i].logP))).sort();
    const q50 = quantile(zs, 0.5);
    const q75 = quantile(zs, 0.75);
    // The theoretical null's own median and upper-half spread are 0 and 1.
    const mu0 = Math.max(0, q50);
    const sigma0 = Math.max(1, (q75 - q50) / 0.6745);
    const applied = mu0 > 0 || sigma0 > 1;
    out.push({ kind, n: idx.length, mu0, sigma0, applied });
    if (!applied) continue;
    for (const i of idx) {
      const v = verdicts[i];
      const z = suspicionZ(v.pValue!, v.logP);
      const logP = logNormSf((z - mu0) / sigma0);
      const p = Math.exp(logP);
      verdicts[i] = {
        ...v,
        pValue: p,
        logP,
        flagged: v.flagged && p < PERSON_ALPHA ? true : p < PERSON_ALPHA,
        score: surprise(p, logP),
        detail: { ...v.detail, theoreticalP: v.pValue, empiricalNull: { mu0, sigma0, n: idx.length } },
      };
    }
  }
  return out;
}
