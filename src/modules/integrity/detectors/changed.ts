// INT-2 the option a candidate last selected differs from the answer stored as submitted.
// Method `int2-log-vs-submission` v1: replay the event log (the last selection event per position,
// display places mapped to bank indices through the paper's option order) and compare it with the
// final answers stored apart at submit. Deterministic: any difference flags, both values shown.
import type { TimelineEvent } from './data.js';
import type { Verdict } from './result.js';

export interface SubmittedAnswer {
  position: number;
  /** Bank option indices as stored at submit. */
  selected: readonly number[];
}

const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

export function changedAnswers(
  paperId: string,
  events: readonly TimelineEvent[],
  optionOrders: ReadonlyArray<readonly number[]>,
  submitted: readonly SubmittedAnswer[],
): Verdict {
  const last = new Map<number, { selected: number[]; t: number }>();
  for (const e of events) {
    if ((e.kind === 'option_selected' || e.kind === 'option_changed') && e.position !== null) {
      const order = optionOrders[e.position] ?? [];
      last.set(e.position, {
        selected: (e.selected ?? [])
          .map((place) => order[place])
          .filter((v) => v !== undefined)
          .sort((x, y) => x - y),
        t: e.t,
      });
    }
  }
  const differences: Array<{
    position: number;
    lastSelected: number[];
    lastSelectedAt: number | null;
    submitted: number[];
  }> = [];
  for (const s of submitted) {
    const l = last.get(s.position);
    const logged = l?.selected ?? [];
    if (!same(logged, s.selected))
      differences.push({
        position: s.position,
        lastSelected: logged,
        lastSelectedAt: l?.t ?? null,
        submitted: [...s.selected].sort((x, y) => x - y),
      });
  }
  return {
    kind: 'changed_answer',
    subjectId: paperId,
    method: 'int2-log-vs-submission',
    version: '1',
    statistic: '最后所选与提交答案不一致的题数',
    value: differences.length,
    threshold: 1,
    pValue: null,
    flagged: differences.length > 0,
    score: differences.length * 10,
    detail: { differences },
  };
}
