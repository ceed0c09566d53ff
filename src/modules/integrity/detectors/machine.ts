// INT-1 machine-like answering, from a native attempt's answer-event timeline (imported attempts
// have no timeline: this detector is skipped for them).
//
// Method `int1-timeline` v1, four findings:
//  (a) unshown: selections of a position with no earlier `question_shown` of that position — a
//      person cannot answer a question the page never displayed. Deterministic (≥ 1 flags).
//  (b) unfocused: selections while the page had lost focus (between focus_lost and focus_regained).
//      Deterministic (≥ 1 flags).
//  (c) too regular: s² of the log intervals between consecutive answers. Under the lognormal
//      response-time model a person's log times vary at least by the items' residual variance
//      σ0² = mean 1/α_i² of the bank's fitted model (withRegularityNull; 0.25 before the fit);
//      (k−1)s²/σ0² ~ χ²_{k−1}; p = lower tail. Conservative: item intensities add variance too.
//  (d) too fast to read: answers less than READ_FLOOR_MS after the question appeared. A physical
//      floor (seeing a question and clicking), reported as evidence; the statistical "too fast for
//      this item and this person" is INT-3's job.
// Flag when (a) or (b) ≥ 1, or p(c) < PERSON_ALPHA, or (d) ≥ FAST_COUNT.
import type { TimelineEvent } from './data.js';
import { chi2Cdf, logPoissonSf } from './stats.js';
import { PERSON_ALPHA, surprise, type Verdict } from './result.js';

export const READ_FLOOR_MS = 800;
export const FAST_COUNT = 10;

export function machineAnswering(paperId: string, events: readonly TimelineEvent[], sigma0Sq = 0.25): Verdict {
  const shown = new Set<number>();
  let focused = true;
  let unshown = 0;
  let unfocused = 0;
  let tooFast = 0;
  const lastShownAt = new Map<number, number>();
  const answerTimes: number[] = [];
  const examples: Array<Record<string, unknown>> = [];
  for (const e of events) {
    if (e.kind === 'question_shown' && e.position !== null) {
      shown.add(e.position);
      lastShownAt.set(e.position, e.t);
    } else if (e.kind === 'focus_lost') focused = false;
    else if (e.kind === 'focus_regained') focused = true;
    else if ((e.kind === 'option_selected' || e.kind === 'option_changed') && e.position !== null) {
      answerTimes.push(e.t);
      if (!shown.has(e.position)) {
        unshown += 1;
        if (examples.length < 10) examples.push({ t: e.t, position: e.position, finding: 'unshown' });
      }
      if (!focused) {
        unfocused += 1;
        if (examples.length < 10) examples.push({ t: e.t, position: e.position, finding: 'unfocused' });
      }
      const since = lastShownAt.get(e.position);
      if (since !== undefined && e.t - since < READ_FLOOR_MS) tooFast += 1;
    }
  }
  // (c) regularity of the gaps between answers.
  const logs: number[] = [];
  for (let i = 1; i < answerTimes.length; i++) {
    const gap = answerTimes[i] - answerTimes[i - 1];
    if (gap > 0) logs.push(Math.log(gap / 1000));
  }
  let pRegular = 1;
  let s2 = NaN;
  if (logs.length >= 10) {
    const mean = logs.reduce((x, y) => x + y, 0) / logs.length;
    s2 = logs.reduce((x, y) => x + (y - mean) ** 2, 0) / (logs.length - 1);
    pRegular = chi2Cdf(((logs.length - 1) * s2) / sigma0Sq, logs.length - 1);
  }
  const deterministic = unshown > 0 || unfocused > 0 || tooFast >= FAST_COUNT;
  const flagged = deterministic || pRegular < PERSON_ALPHA;
  return {
    kind: 'machine_answering',
    subjectId: paperId,
    method: 'int1-timeline',
    version: '1',
    statistic: '作答间隔对数方差 s²（χ² 下尾检验）',
    value: Number.isNaN(s2) ? 0 : s2,
    threshold: PERSON_ALPHA,
    pValue: logs.length >= 10 ? pRegular : null,
    flagged,
    score: (unshown + unfocused) * 10 + Math.min(tooFast, 50) / 5 + surprise(pRegular),
    detail: {
      unshown,
      unfocused,
      tooFast,
      answers: answerTimes.length,
      sigma0Sq,
      s2,
      intervals: logs.length,
      examples,
    },
  };
}

/** Re-evaluates finding (c) of a machine-answering verdict with the null variance of the bank's fitted RT model. */
export function withRegularityNull(v: Verdict, sigma0Sq: number): Verdict {
  const d = v.detail as { unshown: number; unfocused: number; tooFast: number; s2: number; intervals: number };
  if (!(d.intervals >= 10) || !(sigma0Sq > 0)) return v;
  const p = chi2Cdf(((d.intervals - 1) * d.s2) / sigma0Sq, d.intervals - 1);
  const deterministic = d.unshown > 0 || d.unfocused > 0 || d.tooFast >= FAST_COUNT;
  return {
    ...v,
    pValue: p,
    flagged: deterministic || p < PERSON_ALPHA,
    score: (d.unshown + d.unfocused) * 10 + Math.min(d.tooFast, 50) / 5 + surprise(p),
    detail: { ...v.detail, sigma0Sq },
  };
}

/**
 * INT-1 lock-step: two candidates of one session whose answers arrive together. Method
 * `int1-lockstep-poisson` v1: x = answers of A with an answer of B within ±δ. If the two streams
 * were independent, x ~ Poisson(n_A · n_B · 2δ / T) over the overlap T; p = P(X ≥ x), Bonferroni
 * over the session's pairs. Everyone starts together, so the first minute is left out.
 */
export const LOCKSTEP_DELTA_MS = 300;

export function lockstep(session: Array<{ paperId: string; answerTimes: number[] }>, alpha = PERSON_ALPHA): Verdict[] {
  const out: Verdict[] = [];
  const streams = session.map((s) => {
    const sorted = [...s.answerTimes].sort((a, b) => a - b);
    const start = sorted[0] ?? 0;
    return { paperId: s.paperId, times: sorted.filter((t) => t - start > 60_000) };
  });
  const pairs = (streams.length * (streams.length - 1)) / 2;
  for (let i = 0; i < streams.length; i++) {
    for (let j = i + 1; j < streams.length; j++) {
      const A = streams[i].times;
      const B = streams[j].times;
      if (A.length < 10 || B.length < 10) continue;
      const lo = Math.max(A[0], B[0]);
      const hi = Math.min(A[A.length - 1], B[B.length - 1]);
      if (hi - lo <= 0) continue;
      let x = 0;
      let k = 0;
      let nA = 0;
      let nB = 0;
      for (const t of B) if (t >= lo && t <= hi) nB += 1;
      for (const t of A) {
        if (t < lo || t > hi) continue;
        nA += 1;
        while (k < B.length && B[k] < t - LOCKSTEP_DELTA_MS) k += 1;
        if (k < B.length && B[k] <= t + LOCKSTEP_DELTA_MS) x += 1;
      }
      const lambda = Math.min(nA, (nA * nB * 2 * LOCKSTEP_DELTA_MS) / (hi - lo));
      const logP = Math.min(0, logPoissonSf(x, lambda) + Math.log(pairs));
      const p = Math.exp(logP);
      const flagged = p < alpha;
      if (!flagged && x < 3) continue;
      for (const [me, other] of [
        [streams[i], streams[j]],
        [streams[j], streams[i]],
      ] as const) {
        out.push({
          kind: 'lockstep',
          subjectId: me.paperId,
          partnerId: other.paperId,
          method: 'int1-lockstep-poisson',
          version: '1',
          statistic: `±${LOCKSTEP_DELTA_MS}ms 内同时作答次数（泊松，场内 Bonferroni）`,
          value: x,
          threshold: alpha,
          pValue: p,
          logP,
          flagged,
          score: surprise(p, logP),
          detail: { coincidences: x, expected: lambda, answersA: nA, answersB: nB, pairsInSession: pairs },
        });
      }
    }
  }
  return out;
}
