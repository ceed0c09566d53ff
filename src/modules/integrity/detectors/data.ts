// What the detectors read: one attempt's responses (option, correctness, response time) and, for
// native attempts only, its answer-event timeline. Responses of a whole bank are kept columnar
// (CSR arrays) so a scan of 100,000 attempts × 100 items fits in a few hundred MB.

export interface AttemptMeta {
  /** The paper id. */
  id: string;
  candidateId: string;
  sessionId: string;
  siteId: string;
  itemCode: string;
  /** 'import' = an exam held before the platform, imported for analysis (issue 16). */
  source: 'native' | 'vendor' | 'import';
  /** Theory result as stored (null when not submitted). */
  passed: boolean | null;
  attempt?: 'first' | 'makeup' | 'return';
  /**
   * INT-4: what the candidate's training record says about readiness (any monotone score, e.g. the
   * class's final assessment, standardised); null/undefined when unknown.
   */
  trainingScore?: number | null;
}

export interface ItemResponse {
  /** Bank question id (or the vendor item's id for imported attempts). */
  itemId: string;
  /** Bank option indices chosen (never display places). */
  selected: readonly number[];
  correct: boolean;
  /** Seconds on the question; null when unknown. */
  rtSeconds: number | null;
  /** A pilot (unscored) item: kept for the record, left out of the score and of every detector. */
  pilot?: boolean;
}

export interface TimelineEvent {
  /** Server time, ms since epoch. */
  t: number;
  kind: string;
  position: number | null;
  /** Display places chosen (selection events). */
  selected: readonly number[] | null;
  deviceId?: string | null;
  ip?: string | null;
}

/** Encodes chosen bank indices as a bit mask (0 = blank) so identical answers compare as integers. */
export function optionMask(selected: readonly number[]): number {
  let m = 0;
  for (const s of selected) if (s >= 0 && s < 30) m |= 1 << s;
  return m;
}

/** Columnar responses of many attempts over one item bank. */
export interface ResponseData {
  attempts: AttemptMeta[];
  itemIds: string[];
  /** Responses of attempt a are rows offsets[a] .. offsets[a+1]-1. */
  offsets: Int32Array;
  item: Int32Array;
  correct: Uint8Array;
  option: Int32Array;
  /** Natural log of seconds; NaN when unknown. */
  logRt: Float32Array;
}

export class ResponseBuilder {
  private readonly metas: AttemptMeta[] = [];
  private readonly itemIndex = new Map<string, number>();
  private readonly itemIds: string[] = [];
  private offsets: number[] = [0];
  private item: Int32Array;
  private correct: Uint8Array;
  private option: Int32Array;
  private logRt: Float32Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.item = new Int32Array(capacity);
    this.correct = new Uint8Array(capacity);
    this.option = new Int32Array(capacity);
    this.logRt = new Float32Array(capacity);
  }

  private grow(need: number) {
    if (need <= this.item.length) return;
    const cap = Math.max(need, this.item.length * 2);
    const g = <T extends Int32Array | Uint8Array | Float32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.item = g(this.item, (k) => new Int32Array(k));
    this.correct = g(this.correct, (k) => new Uint8Array(k));
    this.option = g(this.option, (k) => new Int32Array(k));
    this.logRt = g(this.logRt, (k) => new Float32Array(k));
  }

  add(meta: AttemptMeta, responses: readonly ItemResponse[]): number {
    this.grow(this.n + responses.length);
    for (const r of responses) {
      if (r.pilot) continue;
      let idx = this.itemIndex.get(r.itemId);
      if (idx === undefined) {
        idx = this.itemIds.length;
        this.itemIndex.set(r.itemId, idx);
        this.itemIds.push(r.itemId);
      }
      this.item[this.n] = idx;
      this.correct[this.n] = r.correct ? 1 : 0;
      this.option[this.n] = optionMask(r.selected);
      // A skipped (blank) answer carries no answering time: it is left out of the time model.
      this.logRt[this.n] = r.rtSeconds !== null && r.rtSeconds > 0 && r.selected.length ? Math.log(r.rtSeconds) : NaN;
      this.n += 1;
    }
    this.metas.push(meta);
    this.offsets.push(this.n);
    return this.metas.length - 1;
  }

  build(): ResponseData {
    return {
      attempts: this.metas,
      itemIds: this.itemIds,
      offsets: Int32Array.from(this.offsets),
      item: this.item.subarray(0, this.n),
      correct: this.correct.subarray(0, this.n),
      option: this.option.subarray(0, this.n),
      logRt: this.logRt.subarray(0, this.n),
    };
  }
}

/** Index lists of attempts by a key (session, site). */
export function groupBy(data: ResponseData, key: (m: AttemptMeta) => string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  data.attempts.forEach((m, a) => {
    const k = key(m);
    const list = out.get(k);
    if (list) list.push(a);
    else out.set(k, [a]);
  });
  return out;
}

/**
 * Seconds spent on each position, from the timeline: a question is on screen from its
 * `question_shown` until the next `question_shown`; visits add up. The last visit before the final
 * submit ends at that question's last selection — time spent reviewing before submitting is not
 * time spent answering that one question.
 */
export function dwellSeconds(events: readonly TimelineEvent[], positions: number): Array<number | null> {
  const total = new Array<number>(positions).fill(0);
  const seen = new Array<boolean>(positions).fill(false);
  let current: number | null = null;
  let since = 0;
  let lastSelect: number | null = null;
  for (const e of events) {
    if (e.kind === 'question_shown' || e.kind === 'final_submit') {
      if (current !== null) {
        const end = e.kind === 'final_submit' ? lastSelect : e.t;
        if (end !== null && end > since) total[current] += (end - since) / 1000;
      }
      current = e.kind === 'question_shown' && e.position !== null && e.position < positions ? e.position : null;
      if (current !== null) seen[current] = true;
      since = e.t;
      lastSelect = null;
    } else if ((e.kind === 'option_selected' || e.kind === 'option_changed') && e.position === current)
      lastSelect = e.t;
  }
  return total.map((s, i) => (seen[i] && s > 0 ? s : null));
}
