// Issue 20: one calibrated score per candidate, per session and per site, and the flags as the
// decision layer on top at a stated false-discovery rate.
//
// Method `int-combined-acat` v1 (Cauchy combination test, Liu & Xie 2020): an attempt's p-value is
// the ACAT of its statistical detectors' p-values (each already calibrated against the data it
// runs on, calibrate.ts), equal weights. Null: under H0 every detector p is uniform and the
// statistic T = Σ wᵢ tan((½ − pᵢ)π) is standard Cauchy, exactly for independent p-values and in
// the tail for any dependence between them (detectors of one attempt share its answers). p-values
// are capped at 0.999 first: a discrete test's mass at p = 1 ("nothing unusual") must not cancel
// another detector's evidence through tan(−π/2).
// A session's p is the ACAT of its attempts' p; a site's the ACAT of (its attempts' ACAT, the INT-4
// pass-rate p, the INT-4 site-score p) — each level a proper p-value under the same null.
// q-values: Benjamini–Hochberg among the scan's subjects of one level.
// Grade shown to people (issue 19 item 7): 高 when q ≤ FLAG_FDR or a deterministic finding exists
// (an answer to a question never shown, a changed submission, a device …); 中 when p < 0.01;
// 低 otherwise.
// Flags (decide.ts → applyFlagFdr): a statistical detector flags an attempt when its BH q-value
// among the scan's attempts for that detector is ≤ FLAG_FDR (5 %); deterministic findings flag
// as before.
import type { AttemptMeta } from './data.js';
import type { DetectorKind, Verdict } from './result.js';
import { benjaminiHochberg, cauchyCombination } from './stats.js';

export const FLAG_FDR = 0.05;
export const MEDIUM_P = 0.01;
const P_CAP = 0.999;

export const STATISTICAL_KINDS = new Set<DetectorKind>([
  'lockstep',
  'rt_aberrance',
  'fast_correct_hard',
  'answer_similarity',
  'person_fit',
  'preknowledge',
  'leaked_items',
  'machine_answering',
]);
const DETERMINISTIC_KINDS = new Set<DetectorKind>(['changed_answer', 'device_network', 'ineligible']);

export type Grade = 'high' | 'medium' | 'low';

export interface EvidenceLine {
  kind: DetectorKind;
  method: string;
  statistic: string;
  value: number;
  pValue: number | null;
  log10P: number | null;
  flagged: boolean;
  partnerId?: string;
}

export interface CombinedScore {
  level: 'attempt' | 'session' | 'site';
  subjectId: string;
  pValue: number;
  /** −log10 p (full range). */
  log10P: number;
  qValue: number;
  grade: Grade;
  attempts: number;
  evidence: EvidenceLine[];
  meta?: AttemptMeta;
  sessionId?: string;
  siteId: string;
}

const logOf = (v: Verdict) => v.logP ?? Math.log(Math.max(v.pValue ?? 1, Number.MIN_VALUE));

/** The machine-answering verdict carries deterministic findings besides its χ² p-value. */
function hasDeterministic(v: Verdict): boolean {
  if (DETERMINISTIC_KINDS.has(v.kind)) return v.flagged;
  if (v.kind === 'machine_answering') {
    const d = v.detail as { unshown?: number; unfocused?: number; tooFast?: number };
    return (d.unshown ?? 0) > 0 || (d.unfocused ?? 0) > 0 || (d.tooFast ?? 0) >= 10;
  }
  return false;
}

function acat(items: Array<{ p: number; logP: number }>) {
  return cauchyCombination(items.map((x) => (x.p > P_CAP ? { p: P_CAP } : { p: x.p, logP: x.logP })));
}

function grade(q: number, p: number, deterministic: boolean): Grade {
  if (deterministic || q <= FLAG_FDR) return 'high';
  return p < MEDIUM_P ? 'medium' : 'low';
}

/**
 * Scores for every attempt in `metas` (the scan's targets), their sessions and sites. Attempts with
 * no statistical verdict at all get p = 1 (nothing was testable), still listed.
 */
export function combineScores(metas: readonly AttemptMeta[], verdicts: readonly Verdict[]): CombinedScore[] {
  const byAttempt = new Map<string, Verdict[]>();
  const bySite = new Map<string, Verdict[]>();
  for (const v of verdicts) {
    if (v.kind === 'site_pass_rate' || v.kind === 'site_score') {
      (bySite.get(v.subjectId) ?? bySite.set(v.subjectId, []).get(v.subjectId)!).push(v);
      continue;
    }
    (byAttempt.get(v.subjectId) ?? byAttempt.set(v.subjectId, []).get(v.subjectId)!).push(v);
  }
  const line = (v: Verdict): EvidenceLine => ({
    kind: v.kind,
    method: `${v.method} v${v.version}`,
    statistic: v.statistic,
    value: Number.isFinite(v.value) ? v.value : 0,
    pValue: v.pValue,
    log10P: v.pValue === null ? null : -logOf(v) / Math.LN10,
    flagged: v.flagged,
    ...(v.partnerId ? { partnerId: v.partnerId } : {}),
  });
  const attempts: CombinedScore[] = [];
  const det = new Map<string, boolean>();
  for (const m of metas) {
    const vs = byAttempt.get(m.id) ?? [];
    const stat = vs.filter((v) => STATISTICAL_KINDS.has(v.kind) && v.pValue !== null);
    // One p per detector kind: the smallest (pairs of a candidate are already Bonferroni-adjusted).
    const best = new Map<DetectorKind, Verdict>();
    for (const v of stat) {
      const cur = best.get(v.kind);
      if (!cur || logOf(v) < logOf(cur)) best.set(v.kind, v);
    }
    const c = best.size ? acat([...best.values()].map((v) => ({ p: v.pValue!, logP: logOf(v) }))) : { p: 1, logP: 0 };
    const d = vs.some(hasDeterministic);
    det.set(m.id, d);
    attempts.push({
      level: 'attempt',
      subjectId: m.id,
      pValue: c.p,
      log10P: -c.logP / Math.LN10,
      qValue: 1,
      grade: 'low',
      attempts: 1,
      evidence: vs.filter((v) => v.pValue !== null || v.flagged).map(line),
      meta: m,
      sessionId: m.sessionId,
      siteId: m.siteId,
    });
  }
  const q = benjaminiHochberg(attempts.map((a) => a.pValue));
  attempts.forEach((a, i) => {
    a.qValue = q[i];
    a.grade = grade(q[i], a.pValue, det.get(a.subjectId)!);
  });
  const group = (key: (a: CombinedScore) => string) => {
    const m = new Map<string, CombinedScore[]>();
    for (const a of attempts) (m.get(key(a)) ?? m.set(key(a), []).get(key(a))!).push(a);
    return m;
  };
  const top = (members: CombinedScore[]) =>
    [...members]
      .sort((x, y) => y.log10P - x.log10P)
      .slice(0, 5)
      .map(
        (a): EvidenceLine => ({
          kind: 'preknowledge',
          method: 'int-combined-acat v1',
          statistic: '考生综合 p 值（前 5 名）',
          value: a.log10P,
          pValue: a.pValue,
          log10P: a.log10P,
          flagged: a.grade === 'high',
          partnerId: a.subjectId,
        }),
      );
  const sessions: CombinedScore[] = [];
  for (const [sessionId, members] of group((a) => a.sessionId!)) {
    const c = acat(members.map((a) => ({ p: a.pValue, logP: -a.log10P * Math.LN10 })));
    sessions.push({
      level: 'session',
      subjectId: sessionId,
      pValue: c.p,
      log10P: -c.logP / Math.LN10,
      qValue: 1,
      grade: 'low',
      attempts: members.length,
      evidence: top(members),
      sessionId,
      siteId: members[0].siteId,
    });
  }
  const sq = benjaminiHochberg(sessions.map((s) => s.pValue));
  sessions.forEach((s, i) => {
    s.qValue = sq[i];
    s.grade = grade(sq[i], s.pValue, false);
  });
  const sites: CombinedScore[] = [];
  for (const [siteId, members] of group((a) => a.siteId)) {
    const inner = acat(members.map((a) => ({ p: a.pValue, logP: -a.log10P * Math.LN10 })));
    const siteVs = bySite.get(siteId) ?? [];
    const parts = [{ p: inner.p, logP: inner.logP }];
    for (const v of siteVs) {
      const raw = Number((v.detail as { rawP?: number }).rawP ?? v.pValue ?? 1);
      parts.push({ p: raw, logP: Math.log(Math.max(raw, Number.MIN_VALUE)) });
    }
    const c = acat(parts);
    sites.push({
      level: 'site',
      subjectId: siteId,
      pValue: c.p,
      log10P: -c.logP / Math.LN10,
      qValue: 1,
      grade: 'low',
      attempts: members.length,
      evidence: [...siteVs.map(line), ...top(members)],
      siteId,
    });
  }
  const tq = benjaminiHochberg(sites.map((s) => s.pValue));
  sites.forEach((s, i) => {
    s.qValue = tq[i];
    s.grade = grade(tq[i], s.pValue, false);
  });
  return [...attempts, ...sessions, ...sites];
}

/**
 * The decision layer: a statistical detector's verdict is flagged when its Benjamini–Hochberg
 * q-value among the scan's verdicts of that detector is ≤ FLAG_FDR; deterministic findings keep
 * their own rule. Site-level verdicts already carry BH q-values (site.ts).
 */
export function applyFlagFdr(verdicts: Verdict[]): Verdict[] {
  const byKind = new Map<DetectorKind, number[]>();
  verdicts.forEach((v, i) => {
    if (!STATISTICAL_KINDS.has(v.kind) || v.pValue === null) return;
    (byKind.get(v.kind) ?? byKind.set(v.kind, []).get(v.kind)!).push(i);
  });
  const out = verdicts.slice();
  for (const idx of byKind.values()) {
    const q = benjaminiHochberg(idx.map((i) => verdicts[i].pValue!));
    idx.forEach((i, k) => {
      const v = verdicts[i];
      out[i] = {
        ...v,
        flagged: hasDeterministic(v) || q[k] <= FLAG_FDR,
        detail: { ...v.detail, qValue: q[k], fdr: FLAG_FDR },
      };
    });
  }
  return out;
}
