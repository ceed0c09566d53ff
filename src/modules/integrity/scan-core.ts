// One integrity scan over attempts, independent of where they come from (the database, an import,
// the simulator): timeline detectors per native attempt as sessions stream past, then the
// model-based detectors per bank (item code), then the site-level detectors. Pure computation.
import {
  append,
  applyFlagFdr,
  type EmpiricalNull,
  bankVerdicts,
  deviceNetwork,
  residualLogVariance,
  withRegularityNull,
  ineligibleCandidate,
  lockstepVerdicts,
  personPValues,
  ResponseBuilder,
  sitePassRate,
  siteScores,
  timelineVerdicts,
  type AttemptMeta,
  type Funnel,
  type ItemResponse,
  type SiteRegister,
  type SubmittedAnswer,
  type SuspectItems,
  type TimelineEvent,
  type Verdict,
} from './detectors/index.js';

export interface ScanAttempt {
  meta: AttemptMeta;
  responses: ItemResponse[];
  /** Null for imported attempts: the timeline detectors are skipped. */
  events: TimelineEvent[] | null;
  optionOrders: number[][];
  submitted: SubmittedAnswer[] | null;
  eligibility?: unknown;
}

export interface ScanSession {
  sessionId: string;
  siteId: string;
  attempts: ScanAttempt[];
  register?: SiteRegister | null;
}

export interface ScanOutput {
  verdicts: Verdict[];
  metas: AttemptMeta[];
  funnel: Funnel;
  suspects: SuspectItems[];
  /** Per bank (item code): each calibrated detector's empirical null. */
  calibration: Record<string, EmpiricalNull[]>;
  attempts: number;
  events: number;
}

export function runScan(sessions: Iterable<ScanSession>): ScanOutput {
  let verdicts: Verdict[] = [];
  const codeOf = new Map<string, string>();
  const builders = new Map<string, ResponseBuilder>();
  const metas: AttemptMeta[] = [];
  let events = 0;
  for (const s of sessions) {
    const times: Array<{ paperId: string; answerTimes: number[] }> = [];
    for (const a of s.attempts) {
      metas.push(a.meta);
      codeOf.set(a.meta.id, a.meta.itemCode);
      let b = builders.get(a.meta.itemCode);
      if (!b) builders.set(a.meta.itemCode, (b = new ResponseBuilder(1 << 16)));
      b.add(a.meta, a.responses);
      const inel = ineligibleCandidate(a.meta.id, a.eligibility);
      if (inel) verdicts.push(inel);
      if (!a.events) continue;
      events += a.events.length;
      const t = timelineVerdicts(a.meta.id, a.events, a.optionOrders, a.submitted);
      append(verdicts, t.verdicts);
      times.push({ paperId: a.meta.id, answerTimes: t.answerTimes });
    }
    append(verdicts, lockstepVerdicts(times));
    append(
      verdicts,
      deviceNetwork(
        s.attempts.filter((a) => a.events).map((a) => ({ paperId: a.meta.id, events: a.events! })),
        s.register ?? null,
      ),
    );
  }
  const suspects: SuspectItems[] = [];
  const calibration: Record<string, EmpiricalNull[]> = {};
  const sigma0 = new Map<string, number>();
  for (const [code, b] of builders) {
    const scan = bankVerdicts(b.build());
    if (scan.rt) sigma0.set(code, residualLogVariance(scan.rt));
    append(verdicts, scan.verdicts);
    calibration[code] = scan.calibration;
    for (const x of scan.suspects) suspects.push({ ...x, groupKey: `${code}|${x.groupKey}` });
  }
  // INT-1 (c) judged against each bank's own fitted residual variance.
  verdicts = verdicts.map((v) =>
    v.kind === 'machine_answering' && sigma0.has(codeOf.get(v.subjectId)!)
      ? withRegularityNull(v, sigma0.get(codeOf.get(v.subjectId)!)!)
      : v,
  );
  const pass = sitePassRate(metas);
  append(verdicts, pass.verdicts);
  // The decision layer: statistical flags at a stated false-discovery rate (BH) per detector.
  verdicts = applyFlagFdr(verdicts);
  append(verdicts, siteScores(metas, personPValues(verdicts)));
  return { verdicts, funnel: pass.funnel, suspects, calibration, metas, attempts: metas.length, events };
}
