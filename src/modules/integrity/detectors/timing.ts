// INT-3 abnormal answering time under van der Linden's lognormal response-time model fitted on the
// bank's own data (models.ts), so "too fast" is relative to that item and that person's speed.
//
// `int3-rt-aberrance` v1 — two one-sided parts, Bonferroni-combined (p = 2·min):
//  (1) person speed: robust z of τ_j among all timed attempts of the bank (median/MAD·1.4826);
//      p = 1 − Φ(z). Catches uniformly machine-fast answering.
//  (2) item-level fastness: l = Σ_i min(z_ij, 0)² over the attempt's items, z_ij the standardised
//      log-time residual; under the model z ~ N(0,1), so each term is ½·χ²₁ + ½·0 — compared with
//      the χ²_k upper tail of Σ z_ij² restricted to negative residuals, i.e. a conservative
//      van der Linden & Guo (2008) style residual test. p = P(χ²_k ≥ l).
// `int3-fast-correct-hard` v1: x = items the person was unlikely to answer right (Rasch P < ½) that
// were answered right AND fast (z_ij < −1.645, model probability 5%). Under conditional
// independence of speed and accuracy given (θ, τ), x ~ Poisson-binomial(P_i · 0.05); p = P(X ≥ x).
// Needs times: an attempt without any response time gets no verdict.
import type { ResponseData } from './data.js';
import { prob, rtResidual, type LognormalRtFit, type RaschFit } from './models.js';
import { PERSON_ALPHA, surprise, type Verdict } from './result.js';
import { logChi2Sf, logNormSf, median, poissonBinomialSf } from './stats.js';

const FAST_Z = -1.645;
const FAST_P = 0.05;

export function responseTimeVerdicts(data: ResponseData, rasch: RaschFit, rt: LognormalRtFit): Verdict[] {
  const taus = Array.from(rt.tau).filter((t, a) => rt.timed[a] >= 5 && Number.isFinite(t));
  const med = median(taus);
  const mad = median(taus.map((t) => Math.abs(t - med))) * 1.4826 || 1;
  const out: Verdict[] = [];
  const probs: number[] = [];
  for (let a = 0; a < data.attempts.length; a++) {
    if (rt.timed[a] < 5) continue;
    const id = data.attempts[a].id;
    const zSpeed = (rt.tau[a] - med) / mad;
    const lpSpeed = logNormSf(zSpeed);
    let l = 0;
    let k = 0;
    let fastRightHard = 0;
    probs.length = 0;
    for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
      const t = data.logRt[r];
      if (Number.isNaN(t)) continue;
      const z = rtResidual(rt, a, data.item[r], t);
      k += 1;
      if (z < 0) l += z * z;
      const p = prob(rasch.theta[a], rasch.b[data.item[r]]);
      if (p < 0.5) {
        probs.push(p * FAST_P);
        if (data.correct[r] && z < FAST_Z) fastRightHard += 1;
      }
    }
    const lpResid = logChi2Sf(l, k);
    const logP = Math.min(0, Math.log(2) + Math.min(lpSpeed, lpResid));
    const p = Math.exp(logP);
    const pSpeed = Math.exp(lpSpeed);
    const pResid = Math.exp(lpResid);
    out.push({
      kind: 'rt_aberrance',
      subjectId: id,
      method: 'int3-rt-aberrance',
      version: '1',
      statistic: '作答速度 τ 稳健 z 与负残差平方和 l（χ²）',
      value: l,
      threshold: PERSON_ALPHA,
      pValue: p,
      logP,
      flagged: p < PERSON_ALPHA,
      score: surprise(p, logP),
      detail: { tau: rt.tau[a], zSpeed, pSpeed, l, items: k, pResidual: pResid },
    });
    const pf = poissonBinomialSf(fastRightHard, probs);
    out.push({
      kind: 'fast_correct_hard',
      subjectId: id,
      method: 'int3-fast-correct-hard',
      version: '1',
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
