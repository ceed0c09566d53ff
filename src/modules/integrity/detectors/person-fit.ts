// INT-3 person fit: Snijders' (2001) lz*, the standardised log-likelihood of the response pattern
// corrected for the estimated ability, under the Rasch model (models.ts, θ by MAP with a N(0,1)
// prior — the correction uses that estimating equation's r₀(θ) = −θ/σ²).
// Method `int3-lz-star-rasch` v1: lz* = Σ (u_i − P_i) w̃_i / sqrt(Σ w̃_i² P_i Q_i), with
// w_i = ln(P_i/Q_i), c = Σ P_iQ_i w_i / Σ P_iQ_i, w̃_i = w_i − c; asymptotically N(0,1) under the
// model; large negative = the pattern does not fit (e.g. hard items right, easy ones wrong).
// p = Φ(lz*); flag below PERSON_ALPHA. Needs no times, so it runs on imported attempts too.
import type { ResponseData } from './data.js';
import { prob, type RaschFit } from './models.js';
import { PERSON_ALPHA, surprise, type Verdict } from './result.js';
import { logNormSf } from './stats.js';

export function lzStar(data: ResponseData, rasch: RaschFit, a: number): number {
  const theta = rasch.theta[a];
  let sPQ = 0;
  let sPQW = 0;
  for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
    const p = prob(theta, rasch.b[data.item[r]]);
    const pq = p * (1 - p);
    sPQ += pq;
    sPQW += pq * Math.log(p / (1 - p));
  }
  const c = sPQ ? sPQW / sPQ : 0;
  let num = 0;
  let den = 0;
  for (let r = data.offsets[a]; r < data.offsets[a + 1]; r++) {
    const p = prob(theta, rasch.b[data.item[r]]);
    const w = Math.log(p / (1 - p)) - c;
    num += (data.correct[r] - p) * w;
    den += w * w * p * (1 - p);
  }
  return den > 0 ? num / Math.sqrt(den) : 0;
}

export function personFitVerdicts(data: ResponseData, rasch: RaschFit): Verdict[] {
  const out: Verdict[] = [];
  for (let a = 0; a < data.attempts.length; a++) {
    if (data.offsets[a + 1] - data.offsets[a] < 10) continue;
    const z = lzStar(data, rasch, a);
    const logP = logNormSf(-z);
    const p = Math.exp(logP);
    out.push({
      kind: 'person_fit',
      subjectId: data.attempts[a].id,
      method: 'int3-lz-star-rasch',
      version: '1',
      statistic: 'lz*（Snijders 2001）',
      value: z,
      threshold: PERSON_ALPHA,
      pValue: p,
      logP,
      flagged: p < PERSON_ALPHA,
      score: surprise(p, logP),
      detail: { theta: rasch.theta[a], items: data.offsets[a + 1] - data.offsets[a] },
    });
  }
  return out;
}
