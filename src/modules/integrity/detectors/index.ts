// The integrity detectors (INT-1..INT-5) as pure functions, and the order a scan runs them in:
// timeline detectors per native attempt (streaming), then the model-based detectors over a bank's
// columnar responses, then the site-level ones over everything.
import { groupBy, type ResponseData, type TimelineEvent } from './data.js';
import { changedAnswers, type SubmittedAnswer } from './changed.js';
import { lockstep, machineAnswering } from './machine.js';
import { fitLognormalRt, fitRasch, type LognormalRtFit, type RaschFit } from './models.js';
import { personFitVerdicts } from './person-fit.js';
import { preknowledgeVerdicts, type SuspectItems } from './preknowledge.js';
import type { Verdict } from './result.js';
import { calibrateVerdicts, type EmpiricalNull } from './calibrate.js';
import { optionTables, similarityVerdicts } from './similarity.js';
import { responseTimeVerdicts } from './timing.js';

export * from './data.js';
export * from './result.js';
export { changedAnswers, type SubmittedAnswer } from './changed.js';
export { machineAnswering, lockstep, withRegularityNull, READ_FLOOR_MS, LOCKSTEP_DELTA_MS } from './machine.js';
export { fitRasch, fitLognormalRt, prob, rtResidual, type RaschFit, type LognormalRtFit } from './models.js';
export { lzStar, personFitVerdicts } from './person-fit.js';
export { preknowledgeVerdicts, type SuspectItem, type SuspectItems } from './preknowledge.js';
export { optionTables, similarityVerdicts } from './similarity.js';
export { responseTimeVerdicts } from './timing.js';
export { sitePassRate, siteScores, type Funnel, type FunnelPoint } from './site.js';
export { deviceNetwork, ineligibleCandidate, inCidr, type SiteRegister } from './device.js';
export * as stats from './stats.js';
export { calibrateVerdicts, suspicionZ, type EmpiricalNull, CALIBRATED_KINDS } from './calibrate.js';
export {
  applyFlagFdr,
  combineScores,
  FLAG_FDR,
  STATISTICAL_KINDS,
  type CombinedScore,
  type EvidenceLine,
  type Grade,
} from './combine.js';

/** INT-1 + INT-2 for one native attempt; also returns its answer times for the session's lock-step test. */
export function timelineVerdicts(
  paperId: string,
  events: readonly TimelineEvent[],
  optionOrders: ReadonlyArray<readonly number[]>,
  submitted: readonly SubmittedAnswer[] | null,
  sigma0Sq?: number,
) {
  const verdicts: Verdict[] = [machineAnswering(paperId, events, sigma0Sq)];
  if (submitted) verdicts.push(changedAnswers(paperId, events, optionOrders, submitted));
  const answerTimes = events.filter((e) => e.kind === 'option_selected' || e.kind === 'option_changed').map((e) => e.t);
  return { verdicts, answerTimes };
}

export { lockstep as lockstepVerdicts };

/**
 * The residual log-time variance a person shows at least (INT-1 regularity null): the mean of the
 * items' 1/α² from the fitted lognormal model.
 */
export function residualLogVariance(rt: LognormalRtFit, minResponses = 20): number {
  let s = 0;
  let n = 0;
  // Only items with enough timed responses: a handful of answers gives no usable variance.
  rt.alpha.forEach((a, i) => {
    if (a > 0 && rt.itemTimed[i] >= minResponses) {
      s += 1 / (a * a);
      n += 1;
    }
  });
  return n >= 10 ? s / n : 0.25;
}

export interface BankScan {
  rasch: RaschFit;
  rt: LognormalRtFit | null;
  verdicts: Verdict[];
  suspects: SuspectItems[];
  calibration: EmpiricalNull[];
}

/** INT-3 over one bank: fits the models on the bank's own responses, then every model-based detector. */
export function bankVerdicts(data: ResponseData): BankScan {
  const rasch = fitRasch(data);
  const hasTimes = data.logRt.some((t) => !Number.isNaN(t));
  const rt = hasTimes ? fitLognormalRt(data) : null;
  const verdicts: Verdict[] = [];
  if (rt) append(verdicts, responseTimeVerdicts(data, rasch, rt));
  append(verdicts, personFitVerdicts(data, rasch));
  append(verdicts, similarityVerdicts(data, rasch, optionTables(data), groupBy(data, (m) => m.sessionId).values()));
  const pk = preknowledgeVerdicts(
    data,
    rasch,
    rt,
    groupBy(data, (m) => m.siteId),
  );
  append(verdicts, pk.verdicts);
  // Issue 20: each continuous detector's null checked against this bank's own bulk.
  const calibration = calibrateVerdicts(verdicts);
  return { rasch, rt, verdicts, suspects: pk.suspects, calibration };
}

/** Appends without spreading (a spread of 100,000 verdicts overflows the call stack). */
export function append<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}

/** Smallest statistical p-value per attempt, Bonferroni-adjusted over the detectors that gave one. */
export function personPValues(verdicts: readonly Verdict[]): Map<string, number> {
  const acc = new Map<string, { min: number; d: Set<string> }>();
  for (const v of verdicts) {
    if (v.pValue === null || v.kind === 'site_pass_rate' || v.kind === 'site_score') continue;
    const a = acc.get(v.subjectId) ?? { min: 1, d: new Set<string>() };
    a.min = Math.min(a.min, v.pValue);
    a.d.add(v.kind);
    acc.set(v.subjectId, a);
  }
  return new Map([...acc].map(([id, a]) => [id, Math.min(1, a.min * a.d.size)]));
}
