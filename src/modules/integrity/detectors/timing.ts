// INT-3 abnormal answering time under van der Linden's lognormal response-time model fitted on the
// bank's own data (models.ts, robust v2: Huber speed, per-person drift, rank-normal residuals per
// item), so "too fast" is relative to that item and that person's speed.
//
// `int3-rt-aberrance` v2 — three one-sided parts combined by the Cauchy combination (ACAT):
//  (1) person speed: the exact rank p of τ_j among the bank's timed attempts (≥ 200; else a robust
//      z against N(0,1)) — real speeds are a heavy-tailed mixture. Catches uniformly fast answering.
//  (2) item-level fastness: l = answers with rank-normal residual z_ij < −1.645 (the item's
//      fastest 5 % by construction); l ~ Binomial(k, 0.05) whatever the times' distribution.
//  (3) time-intensity insensitivity: the weighted slope s of ln T_ij on β_i (weights α_i²); a
//      person follows the items' time intensity (s = 1 under the model, SE 1/√Σw(β−β̄)²), a bot
//      answering at jittered regular intervals does not (s ≈ 0). p = Φ((s − 1)/SE).
//  The combined p is then checked against the bank's own bulk (calibrate.ts, empirical null).
// `int3-fast-correct-hard` v2: x = items the person was unlikely to answer right (Rasch P < ½)
// answered right AND fast (rank-normal z < −1.645, i.e. among the item's fastest 5 % by
// construction). Under conditional independence of speed and accuracy given (θ, τ),
// x ~ Poisson-binomial(P_i · 0.05); p = P(X ≥ x). Needs times.
import type { ResponseData } from './data.js';
import { lowerBound, prob, tailMatchedZ, type LognormalRtFit, type RaschFit } from './models.js';
import { PERSON_ALPHA, surprise, type Verdict } from './result.js';
import { cauchyCombination, logBinomialSf, logNormSf, median, poissonBinomialSf } from './stats.js';

const FAST_Z = -1.645;
const FAST_P = 0.05;

export function responseTimeVerdicts(data: ResponseData, rasch: RaschFit, rt: LognormalRtFit): Verdict[] {
  // Person speed against the population's own distribution (tail-matched normal score): real
  // candidates' speeds are a heavy-tailed mixture, not one normal.
  const taus = Float64Array.from(Array.from(rt.tau).filter((t, a) => rt.timed[a] >= 5 && Number.isFinite(t))).sort();
  const med = median(taus);
  const mad = median(Array.from(taus, (t) => Math.abs(t - med))) * 1.4826 || 1;
  const speedZ = (t: number) => (taus.length >= 200 ? tailMatchedZ(taus, t) : (t - med) / mad);
  // With a population to compare with, the speed p is the exact rank p (no distribution assumed):
  // P(τ ≥ τ_j) among the bank's candidates, never below 1/(n+1).
  const speedLogP = (t: number) =>
    taus.length >= 200
      ? Math.log((taus.length - lowerBound(taus, t) + 1) / (taus.length + 1))
      : logNormSf((t - med) / mad);
  const out: Verdict[] = [];
  const probs: number[] = [];
  for (let a = 0; a < data.attempts.length; a++) {
    if (rt.timed[a] < 5) continue;
    const id = data.attempts[a].id;
    const zSpeed = speedZ(rt.tau[a]);
    const lpSpeed = speedLogP(rt.tau[a]);
    let l = 0;
    let k = 0;
    let fastRightHard = 0;
    let sw = 0;
    let swb = 0;
    let swy = 0;
    probs.length = 0;
    for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
      const z = rt.z[r];
      if (Number.isNaN(z)) continue;
      k += 1;
      if (z < FAST_Z) l += 1;
      const i = data.item[r];
      const w = rt.alpha[i] ** 2;
      sw += w;
      swb += w * rt.beta[i];
      swy += w * data.logRt[r];
      const p = prob(rasch.theta[a], rasch.b[i]);
      if (p < 0.5) {
        probs.push(p * FAST_P);
        if (data.correct[r] && z < FAST_Z) fastRightHard += 1;
      }
    }
    // (3) weighted slope of ln T on β.
    const bBar = swb / sw;
    const yBar = swy / sw;
    let sxx = 0;
    let sxy = 0;
    for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
      if (Number.isNaN(rt.z[r])) continue;
      const i = data.item[r];
      const w = rt.alpha[i] ** 2;
      sxx += w * (rt.beta[i] - bBar) ** 2;
      sxy += w * (rt.beta[i] - bBar) * (data.logRt[r] - yBar);
    }
    const slope = sxx > 0 ? sxy / sxx : 1;
    // Residual variance of this person's own regression (scale not taken from the model: real
    // residuals are wider than the clipped fit says), relative to the model's weights.
    let rss = 0;
    for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
      if (Number.isNaN(rt.z[r])) continue;
      const i = data.item[r];
      rss += rt.alpha[i] ** 2 * (data.logRt[r] - yBar - slope * (rt.beta[i] - bBar)) ** 2;
    }
    const s2 = k > 2 ? Math.max(1, rss / (k - 2)) : 1;
    const zSlope = sxx > 0 ? (slope - 1) * Math.sqrt(sxx / s2) : 0;
    const lpSlope = logNormSf(-zSlope);
    // Fast answers (rank-normal z < −1.645: among the item's fastest 5 % by construction) are
    // Binomial(k, 0.05) under the null whatever the shape of the time distribution.
    const lpResid = logBinomialSf(l, k, FAST_P);
    const c = cauchyCombination([
      { p: Math.exp(lpSpeed), logP: lpSpeed },
      { p: Math.exp(lpResid), logP: lpResid },
      { p: Math.exp(lpSlope), logP: lpSlope },
    ]);
    out.push({
      kind: 'rt_aberrance',
      subjectId: id,
      method: 'int3-rt-aberrance',
      version: '2',
      statistic: '作答速度 τ 的位次、过快作答题数（二项）与题目耗时敏感度斜率（Cauchy 合并）',
      value: l,
      threshold: PERSON_ALPHA,
      pValue: c.p,
      logP: c.logP,
      flagged: c.p < PERSON_ALPHA,
      score: surprise(c.p, c.logP),
      detail: {
        tau: rt.tau[a],
        drift: rt.drift[a],
        zSpeed,
        pSpeed: Math.exp(lpSpeed),
        l,
        items: k,
        pResidual: Math.exp(lpResid),
        slope,
        pSlope: Math.exp(lpSlope),
      },
    });
    const pf = poissonBinomialSf(fastRightHard, probs);
    out.push({
      kind: 'fast_correct_hard',
      subjectId: id,
      method: 'int3-fast-correct-hard',
      version: '2',
      statistic: '难题（P<0.5）又快又对的题数',
      value: fastRightHard,
      threshold: PERSON_ALPHA,
      pValue: pf,
      flagged: pf < PERSON_ALPHA,
      score: surprise(pf),
      detail: { hardItems: probs.length, expected: probs.reduce((x, y) => x + y, 0) },
    });
  }
  return out;
}
