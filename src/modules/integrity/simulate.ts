// Exam data simulator for the integrity benchmark and tests: a Rasch model for answers and van der
// Linden's lognormal model for times, with known cheating injected. The labels it returns are for
// scoring the detectors only — no detector reads them.
import type { AttemptMeta, ItemResponse, TimelineEvent } from './detectors/data.js';
import type { SubmittedAnswer } from './detectors/changed.js';
import { gaussian, mulberry32 } from './detectors/stats.js';

/** `copy_source` marks the neighbour copied from (not a cheater, but not a clean negative either). */
export type CheatKind = 'machine' | 'changed' | 'copying' | 'preknowledge' | 'copy_source';

export interface SimOptions {
  seed: number;
  sites: number;
  sessionsPerSite: number;
  candidatesPerSession: number;
  itemCodes: number;
  bankSize: number;
  paperLength: number;
  /** Share of attempts imported from a vendor (responses only, no timeline). */
  vendorShare: number;
  rates: { machine: number; changed: number; copying: number; preknowledgeInSite: number };
  preknowledgeSites: number;
  fixedPassSites: number;
  leakedShare: number;
}

export const DEFAULT_SIM: SimOptions = {
  seed: 1,
  sites: 20,
  sessionsPerSite: 6,
  candidatesPerSession: 30,
  itemCodes: 2,
  bankSize: 300,
  paperLength: 45,
  vendorShare: 0.1,
  rates: { machine: 0.01, changed: 0.01, copying: 0.02, preknowledgeInSite: 0.4 },
  preknowledgeSites: 2,
  fixedPassSites: 1,
  leakedShare: 0.15,
};

export interface SimAttempt {
  meta: AttemptMeta;
  responses: ItemResponse[];
  /** Native attempts only. */
  events: TimelineEvent[] | null;
  optionOrders: number[][];
  submitted: SubmittedAnswer[];
  labels: Set<CheatKind>;
}

interface Item {
  id: string;
  b: number;
  beta: number;
  alpha: number;
  options: number;
  key: number;
  attract: number[];
}

export interface SimSession {
  sessionId: string;
  siteId: string;
  itemCode: string;
  attempts: SimAttempt[];
}

export interface SimResult {
  sessions: Iterable<SimSession>;
  siteLabels: Map<string, Set<'preknowledge' | 'fixed_pass'>>;
  /** The leaked item ids per item code (ground truth for the benchmark). */
  leaked: Map<string, Set<string>>;
}

/** Generates session by session (so 100,000 attempts never sit in memory at once). */
export function simulate(opts: SimOptions): SimResult {
  const rand = mulberry32(opts.seed);
  const banks: Item[][] = [];
  for (let c = 0; c < opts.itemCodes; c++) {
    const bank: Item[] = [];
    for (let i = 0; i < opts.bankSize; i++) {
      const options = rand() < 0.3 ? 2 : 4;
      const attract = Array.from({ length: options }, () => 0.2 + rand());
      bank.push({
        id: `I${c}-${i}`,
        b: -1.3 + gaussian(rand),
        beta: 3.3 + 0.35 * gaussian(rand),
        alpha: 1.6 + rand(),
        options,
        key: Math.floor(rand() * options),
        attract,
      });
    }
    banks.push(bank);
  }
  const siteLabels = new Map<string, Set<'preknowledge' | 'fixed_pass'>>();
  const siteIds = Array.from({ length: opts.sites }, (_, s) => `S${s}`);
  siteIds.forEach((id, s) => {
    const l = new Set<'preknowledge' | 'fixed_pass'>();
    if (s < opts.preknowledgeSites) l.add('preknowledge');
    else if (s < opts.preknowledgeSites + opts.fixedPassSites) l.add('fixed_pass');
    siteLabels.set(id, l);
  });
  // One leaked subset per bank, known at the pre-knowledge sites.
  const leaked = banks.map((bank) => new Set(bank.filter(() => rand() < opts.leakedShare).map((it) => it.id)));
  function* sessions(): Generator<SimSession> {
    let n = 0;
    for (const [s, siteId] of siteIds.entries()) {
      const siteEffect = 0.3 * gaussian(rand);
      for (let k = 0; k < opts.sessionsPerSite; k++) {
        const code = (s + k) % opts.itemCodes;
        const bank = banks[code];
        const sessionId = `${siteId}-K${k}`;
        const t0 = Date.UTC(2026, 10, 1 + (k % 28), 1, 0, 0);
        const attempts: SimAttempt[] = [];
        // Papers of a session are drawn from one session pool (a third larger than a paper), so
        // neighbours share most questions, in a different order.
        const pool = new Set<number>();
        while (pool.size < Math.min(bank.length, Math.ceil(opts.paperLength * 1.33)))
          pool.add(Math.floor(rand() * bank.length));
        const poolItems = [...pool].map((i) => bank[i]);
        for (let c = 0; c < opts.candidatesPerSession; c++) {
          n += 1;
          attempts.push(
            candidate(
              `P${opts.seed}-${n}`,
              siteId,
              sessionId,
              code,
              poolItems,
              t0,
              siteEffect,
              siteLabels.get(siteId)!.has('preknowledge') ? leaked[code] : null,
            ),
          );
        }
        // Copying: a candidate takes most answers from a neighbour in the same room.
        for (let c = 1; c < attempts.length; c++) {
          if (rand() >= opts.rates.copying || attempts[c].labels.size || attempts[c - 1].labels.has('copying'))
            continue;
          copyFrom(attempts[c], attempts[c - 1]);
        }
        if (siteLabels.get(siteId)!.has('fixed_pass')) fixPassRate(attempts, 0.8);
        yield { sessionId, siteId, itemCode: `C${code}`, attempts };
      }
    }
  }

  function candidate(
    id: string,
    siteId: string,
    sessionId: string,
    code: number,
    bank: Item[],
    t0: number,
    siteEffect: number,
    leak: Set<string> | null,
  ): SimAttempt {
    const theta = siteEffect + gaussian(rand);
    const tau = 0.3 * gaussian(rand);
    const labels = new Set<CheatKind>();
    const vendor = rand() < opts.vendorShare;
    if (!vendor && rand() < opts.rates.machine) labels.add('machine');
    else if (!vendor && rand() < opts.rates.changed) labels.add('changed');
    if (leak && rand() < opts.rates.preknowledgeInSite) labels.add('preknowledge');
    const picks = new Set<number>();
    while (picks.size < opts.paperLength) picks.add(Math.floor(rand() * bank.length));
    const items = [...picks].map((i) => bank[i]);
    const responses: ItemResponse[] = [];
    const optionOrders: number[][] = [];
    const events: TimelineEvent[] = [];
    let t = t0 + Math.floor(rand() * 5000);
    let seq = 0;
    const botGap = 2000 + rand() * 3000;
    const botShows = rand() < 0.5;
    for (const [pos, it] of items.entries()) {
      const order = shuffle(Array.from({ length: it.options }, (_, k) => k));
      optionOrders.push(order);
      const knows = labels.has('preknowledge') && leak!.has(it.id);
      let correct: boolean;
      let seconds: number;
      if (labels.has('machine')) {
        correct = rand() < 0.9;
        seconds = (botGap + 40 * gaussian(rand)) / 1000;
      } else {
        const p = 1 / (1 + Math.exp(it.b - theta));
        correct = knows ? rand() < 0.97 : rand() < p;
        seconds = Math.exp(it.beta - tau + gaussian(rand) / it.alpha) * (knows ? 0.3 : 1);
      }
      const chosen = correct ? it.key : wrongOption(it);
      responses.push({ itemId: it.id, selected: [chosen], correct, rtSeconds: seconds });
      if (!vendor) {
        const shownAt = t;
        if (!labels.has('machine') || botShows)
          events.push({ t: shownAt, kind: 'question_shown', position: pos, selected: null });
        const place = order.indexOf(chosen);
        // People sometimes pick one option, then change their mind.
        if (!labels.has('machine') && rand() < 0.06) {
          const first = (place + 1) % it.options;
          events.push({
            t: shownAt + Math.round(seconds * 400),
            kind: 'option_selected',
            position: pos,
            selected: [first],
          });
          events.push({
            t: shownAt + Math.round(seconds * 850),
            kind: 'option_changed',
            position: pos,
            selected: [place],
          });
        } else
          events.push({
            t: shownAt + Math.round(seconds * (labels.has('machine') ? 900 : 800)),
            kind: 'option_selected',
            position: pos,
            selected: [place],
          });
        if (!labels.has('machine') && rand() < 0.01) {
          events.push({ t: shownAt + Math.round(seconds * 900), kind: 'focus_lost', position: null, selected: null });
          events.push({
            t: shownAt + Math.round(seconds * 950),
            kind: 'focus_regained',
            position: null,
            selected: null,
          });
        }
        t = shownAt + Math.max(1, Math.round(seconds * 1000));
      }
      seq += 1;
    }
    if (!vendor) events.push({ t, kind: 'final_submit', position: null, selected: null });
    const submitted = responses.map((r, position) => ({ position, selected: [...r.selected] }));
    if (labels.has('changed')) {
      // Submitted answers rewritten after the fact: wrong answers turned right, with no event.
      let changedCount = 0;
      for (const [pos, r] of responses.entries()) {
        if (r.correct || rand() > 0.5) continue;
        const it = items[pos];
        r.selected = [it.key];
        r.correct = true;
        submitted[pos] = { position: pos, selected: [it.key] };
        changedCount += 1;
      }
      if (!changedCount) labels.delete('changed');
    }
    const score = responses.filter((r) => r.correct).length / responses.length;
    return {
      meta: {
        id,
        candidateId: `W-${id}`,
        sessionId,
        siteId,
        itemCode: `C${code}`,
        source: vendor ? 'vendor' : 'native',
        passed: score >= 0.8,
        attempt: 'first',
        trainingScore: theta + 0.5 * gaussian(rand),
      },
      responses,
      events: vendor ? null : events,
      optionOrders,
      submitted,
      labels,
    };
  }

  function wrongOption(it: Item): number {
    const total = it.attract.reduce((x, y, k) => x + (k === it.key ? 0 : y), 0);
    let u = rand() * total;
    for (let k = 0; k < it.options; k++) {
      if (k === it.key) continue;
      u -= it.attract[k];
      if (u <= 0) return k;
    }
    return (it.key + 1) % it.options;
  }

  function shuffle(a: number[]): number[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }

  function copyFrom(copier: SimAttempt, source: SimAttempt) {
    const srcBy = new Map(source.responses.map((r) => [r.itemId, r]));
    let copied = 0;
    copier.responses.forEach((r, pos) => {
      const s = srcBy.get(r.itemId);
      if (!s || rand() > 0.8) return;
      r.selected = [...s.selected];
      r.correct = s.correct;
      copier.submitted[pos] = { position: pos, selected: [...s.selected] };
      const order = copier.optionOrders[pos];
      // Keep the timeline consistent with the copied answer.
      if (copier.events)
        for (const e of copier.events)
          if (e.position === pos && (e.kind === 'option_selected' || e.kind === 'option_changed'))
            e.selected = [order.indexOf(s.selected[0])];
      copied += 1;
    });
    if (copied >= 5) {
      copier.labels.add('copying');
      source.labels.add('copy_source');
    }
    copier.meta.passed = copier.responses.filter((r) => r.correct).length / copier.responses.length >= 0.8;
  }

  function fixPassRate(attempts: SimAttempt[], rate: number) {
    // The site reports the same pass rate every session, whatever the candidates did.
    const ranked = [...attempts].sort(
      (a, b) => b.responses.filter((r) => r.correct).length - a.responses.filter((r) => r.correct).length,
    );
    const passes = Math.round(rate * attempts.length);
    ranked.forEach((a, i) => (a.meta.passed = i < passes));
  }

  return { sessions: sessions(), siteLabels, leaked: new Map(leaked.map((l, c) => [`C${c}`, l])) };
}
