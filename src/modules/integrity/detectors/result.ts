// One detector's verdict on one attempt (or one site): the statistic a reviewer can read, its value,
// the threshold, the p-value when the method has a null distribution, and the method's name/version.

export type DetectorKind =
  | 'machine_answering' // INT-1
  | 'lockstep' // INT-1
  | 'changed_answer' // INT-2
  | 'rt_aberrance' // INT-3
  | 'fast_correct_hard' // INT-3
  | 'answer_similarity' // INT-3 (collusion)
  | 'person_fit' // INT-3
  | 'preknowledge' // INT-3
  | 'leaked_items' // INT-3 (cross-site rescoring on another site's compromised items)
  | 'site_pass_rate' // INT-4
  | 'site_score' // INT-4 / all
  | 'device_network' // INT-5
  | 'ineligible'; // INT-5

export const KIND_RULE: Record<DetectorKind, 'INT-1' | 'INT-2' | 'INT-3' | 'INT-4' | 'INT-5'> = {
  machine_answering: 'INT-1',
  lockstep: 'INT-1',
  changed_answer: 'INT-2',
  rt_aberrance: 'INT-3',
  fast_correct_hard: 'INT-3',
  answer_similarity: 'INT-3',
  person_fit: 'INT-3',
  preknowledge: 'INT-3',
  leaked_items: 'INT-3',
  site_pass_rate: 'INT-4',
  site_score: 'INT-4',
  device_network: 'INT-5',
  ineligible: 'INT-5',
};

export interface Verdict {
  kind: DetectorKind;
  /** Paper id, or site id for site-level kinds. */
  subjectId: string;
  /** The matched partner (copying, lock-step). */
  partnerId?: string;
  method: string;
  version: string;
  statistic: string;
  value: number;
  threshold: number;
  /** One-sided p-value under the method's null; null for deterministic findings (a mismatch is a mismatch). */
  pValue: number | null;
  /** ln of the p-value, kept where the p-value itself underflows (below ≈ 1e-308) so the order of strong evidence survives. */
  logP?: number;
  flagged: boolean;
  /** Higher = more suspicious; used to rank and, in the benchmark, for ROC curves. */
  score: number;
  detail: Record<string, unknown>;
}

/** Person-level significance for statistical flags: one attempt in a thousand flagged by chance. */
export const PERSON_ALPHA = 0.001;
/** −log10 p as a ranking score, from ln p where given (no cap: the strongest evidence keeps its order). */
export const surprise = (p: number, logP?: number): number => {
  const lp = logP ?? Math.log(p);
  return Number.isFinite(lp) ? Math.max(0, -lp / Math.LN10) : lp < 0 ? 1e6 : 0;
};
