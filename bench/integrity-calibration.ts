// Calibration benchmark of the integrity detectors (issue 20): imported-style attempts (option,
// correctness, seconds per item, no timeline) simulated with REALISTIC response times — heavy-tailed
// residuals (t₅), per-person speed drift over the paper, item time intensity, occasional long
// pauses, skipped items, pilot items — and a clean majority. Prints, per detector, the nominal and
// observed flag rate among clean candidates (p < 0.001, and at the BH FDR decision layer), then per
// kind of cheating the ROC AUC and the detection at 1 % FPR of the combined score and of the best
// single detector.
// Run: npx tsx bench/integrity-calibration.ts [seeds=3]
import { combineScores, stats, type DetectorKind, type Verdict } from '../src/modules/integrity/detectors/index.js';
import { runScan, type ScanAttempt, type ScanSession } from '../src/modules/integrity/scan-core.js';

const seeds = Number(process.argv[2] ?? 3);
const NOMINAL = 0.001;
type Cheat = 'preknowledge' | 'copying' | 'bot' | 'rapid';
const CHEATS: Cheat[] = ['preknowledge', 'copying', 'bot', 'rapid'];
const PRIMARY: Record<Cheat, DetectorKind[]> = {
  preknowledge: ['preknowledge', 'leaked_items'],
  copying: ['answer_similarity'],
  bot: ['rt_aberrance'],
  rapid: ['rt_aberrance', 'fast_correct_hard'],
};
const DETECTORS: DetectorKind[] = [
  'rt_aberrance',
  'fast_correct_hard',
  'answer_similarity',
  'person_fit',
  'preknowledge',
  'leaked_items',
];

function studentT(rand: () => number, df: number): number {
  let chi = 0;
  for (let i = 0; i < df; i++) chi += stats.gaussian(rand) ** 2;
  return stats.gaussian(rand) / Math.sqrt(chi / df);
}

interface Item {
  id: string;
  b: number;
  beta: number;
  alpha: number;
  options: number;
  key: number;
  pilot: boolean;
}

function simulate(seed: number) {
  const rand = stats.mulberry32(seed);
  const bank: Item[] = Array.from({ length: 220 }, (_, i) => ({
    id: `V-${1000 + i}`,
    b: -1 + stats.gaussian(rand),
    beta: 3.4 + 0.5 * stats.gaussian(rand),
    alpha: 1.2 + 1.3 * rand(),
    options: rand() < 0.25 ? 2 : 4,
    key: 0,
    pilot: i >= 200,
  }));
  for (const it of bank) it.key = Math.floor(rand() * it.options);
  const scored = bank.filter((i) => !i.pilot);
  const pilots = bank.filter((i) => i.pilot);
  const sites = 20;
  const leakSites = new Set([3, 11]);
  const leaked = new Set(scored.filter(() => rand() < 0.15).map((i) => i.id));
  const labels = new Map<string, Cheat | null>();
  const sessions: ScanSession[] = [];
  let n = 0;
  for (let s = 0; s < sites; s++) {
    for (let k = 0; k < 5; k++) {
      const sessionId = `S${s}-${k}`;
      const attempts: ScanAttempt[] = [];
      const form = [...scored].sort(() => rand() - 0.5).slice(0, 60);
      for (let c = 0; c < 30; c++) {
        const id = `A${n++}`;
        const theta = stats.gaussian(rand);
        // Speed: a mixture (a tenth of people much more variable), drift over the paper.
        const tau = (rand() < 0.1 ? 0.7 : 0.3) * stats.gaussian(rand);
        const drift = 0.3 * stats.gaussian(rand);
        let cheat: Cheat | null = null;
        const u = rand();
        if (leakSites.has(s) && u < 0.4) cheat = 'preknowledge';
        else if (u < 0.02) cheat = 'copying';
        else if (u < 0.03) cheat = 'bot';
        else if (u < 0.04) cheat = 'rapid';
        labels.set(id, cheat);
        const responses = [...form, ...pilots.slice(0, 5)].map((it, pos) => {
          const c01 = pos / 64 - 0.5;
          let logT = it.beta - tau - drift * c01 + studentT(rand, 5) / it.alpha;
          if (rand() < 0.02) logT += Math.log(5 + 15 * rand()); // a long pause
          let correct = rand() < 1 / (1 + Math.exp(it.b - theta));
          if (cheat === 'preknowledge' && leaked.has(it.id)) {
            correct = rand() < 0.95;
            logT = Math.log(Math.exp(logT) * 0.3);
          }
          if (cheat === 'bot') {
            // A human-like bot: answers at jittered regular intervals, blind to the item's length.
            logT = Math.log(25) + 0.25 * stats.gaussian(rand);
            correct = rand() < 0.75;
          }
          if (cheat === 'rapid' && pos % 3 === 0) {
            logT = Math.log(2 + 2 * rand());
            correct = rand() < 1 / it.options;
          }
          const skipped = rand() < 0.02;
          const chosen = skipped
            ? []
            : [correct ? it.key : (it.key + 1 + Math.floor(rand() * (it.options - 1))) % it.options];
          return {
            itemId: it.id,
            selected: chosen,
            correct: skipped ? false : correct,
            rtSeconds: skipped ? 3 : Math.exp(logT),
            pilot: it.pilot,
          };
        });
        attempts.push({
          meta: { id, candidateId: id, sessionId, siteId: `S${s}`, itemCode: '1.1', source: 'vendor', passed: null },
          responses,
          events: null,
          optionOrders: [],
          submitted: null,
        });
      }
      // Copiers take 70 % of a neighbour's answers (their times stay their own).
      for (let c = 1; c < attempts.length; c++) {
        if (labels.get(attempts[c].meta.id) !== 'copying') continue;
        const src = attempts[c - 1].responses;
        // The source is part of the pair: neither clean nor a copier.
        if (labels.get(attempts[c - 1].meta.id) === null) labels.set(attempts[c - 1].meta.id, 'source' as never);
        attempts[c].responses = attempts[c].responses.map((r, i) =>
          rand() < 0.7 ? { ...src[i], rtSeconds: r.rtSeconds } : r,
        );
      }
      sessions.push({ sessionId, siteId: `S${s}`, attempts });
    }
  }
  return { sessions, labels };
}

function auc(pos: number[], neg: number[]): number {
  const all = [...pos.map((s) => [s, 1] as const), ...neg.map((s) => [s, 0] as const)].sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j][0] === all[i][0]) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k][1]) rankSum += rank;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

function detectionAt(pos: number[], neg: number[], fpr: number): number {
  const sorted = [...neg].sort((a, b) => b - a);
  const cut = sorted[Math.floor(fpr * sorted.length)] ?? Infinity;
  return pos.filter((s) => s > cut).length / pos.length;
}

const rows: Record<string, { nominal: number[]; observed: number[]; fdr: number[] }> = {};
const roc: Record<string, { auc: number[]; det: number[]; best: string[] }> = {};
const started = Date.now();
for (let seed = 1; seed <= seeds; seed++) {
  const { sessions, labels } = simulate(seed);
  const out = runScan(sessions);
  const clean = new Set([...labels].filter(([, l]) => l === null).map(([id]) => id));
  const byKind = new Map<DetectorKind, Verdict[]>();
  for (const v of out.verdicts) (byKind.get(v.kind) ?? byKind.set(v.kind, []).get(v.kind)!).push(v);
  const scores = combineScores(out.metas, out.verdicts).filter((s) => s.level === 'attempt');
  const combinedP = new Map(scores.map((s) => [s.subjectId, s]));
  const rate = (vs: Verdict[], pred: (v: Verdict) => boolean) => {
    const ids = new Set(vs.filter((v) => clean.has(v.subjectId)).map((v) => v.subjectId));
    const hit = new Set(vs.filter((v) => clean.has(v.subjectId) && pred(v)).map((v) => v.subjectId));
    return ids.size ? hit.size / ids.size : 0;
  };
  for (const k of DETECTORS) {
    const vs = byKind.get(k) ?? [];
    const r = (rows[k] ??= { nominal: [], observed: [], fdr: [] });
    r.nominal.push(NOMINAL);
    r.observed.push(rate(vs, (v) => (v.pValue ?? 1) < NOMINAL));
    r.fdr.push(rate(vs, (v) => v.flagged));
  }
  const comb = (rows['combined (ACAT)'] ??= { nominal: [], observed: [], fdr: [] });
  const cleanScores = scores.filter((s) => clean.has(s.subjectId));
  comb.nominal.push(NOMINAL);
  comb.observed.push(cleanScores.filter((s) => s.pValue < NOMINAL).length / cleanScores.length);
  comb.fdr.push(cleanScores.filter((s) => s.qValue <= 0.05).length / cleanScores.length);
  const negIds = [...clean];
  if (process.env.PARTS) {
    const rv = (byKind.get('rt_aberrance') ?? []).filter((v) => clean.has(v.subjectId));
    for (const part of ['pSpeed', 'pResidual', 'pSlope'])
      console.log(part, rv.filter((v) => (v.detail[part] as number) < NOMINAL).length / rv.length);
  }
  for (const cheat of CHEATS) {
    const posIds = [...labels].filter(([, l]) => l === cheat).map(([id]) => id);
    if (!posIds.length) continue;
    const c = (roc[`${cheat} · combined`] ??= { auc: [], det: [], best: [] });
    const sc = (id: string) => combinedP.get(id)?.log10P ?? 0;
    c.auc.push(auc(posIds.map(sc), negIds.map(sc)));
    c.det.push(detectionAt(posIds.map(sc), negIds.map(sc), 0.01));
    for (const d of PRIMARY[cheat]) {
      const best = new Map<string, number>();
      for (const v of byKind.get(d) ?? []) best.set(v.subjectId, Math.max(best.get(v.subjectId) ?? 0, v.score));
      const s2 = (id: string) => best.get(id) ?? 0;
      const e = (roc[`${cheat} · ${d}`] ??= { auc: [], det: [], best: [] });
      e.auc.push(auc(posIds.map(s2), negIds.map(s2)));
      e.det.push(detectionAt(posIds.map(s2), negIds.map(s2), 0.01));
    }
  }
  console.log(
    `seed ${seed}: ${out.attempts} attempts, ${negIds.length} clean; calibration ${JSON.stringify(
      out.calibration['1.1']?.map((c) => ({ kind: c.kind, mu0: +c.mu0.toFixed(2), sigma0: +c.sigma0.toFixed(2) })),
    )}`,
  );
}
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const pct = (x: number) => `${(x * 100).toFixed(3)} %`;
console.log(
  '\n| detector | nominal (p < 0.001) | observed among clean (mean, max) | ratio | flagged at BH FDR 5 % among clean |',
);
console.log('|---|---|---|---|---|');
for (const [k, r] of Object.entries(rows))
  console.log(
    `| ${k} | ${pct(mean(r.nominal))} | ${pct(mean(r.observed))} (${pct(Math.max(...r.observed))}) | ${(mean(r.observed) / NOMINAL).toFixed(2)}× | ${pct(mean(r.fdr))} |`,
  );
console.log('\n| kind · score | ROC AUC mean (min) | detection at 1 % FPR mean (min) |');
console.log('|---|---|---|');
for (const [k, r] of Object.entries(roc))
  console.log(
    `| ${k} | ${mean(r.auc).toFixed(3)} (${Math.min(...r.auc).toFixed(3)}) | ${(mean(r.det) * 100).toFixed(1)} % (${(Math.min(...r.det) * 100).toFixed(1)} %) |`,
  );
console.log(`\n${seeds} seeds in ${((Date.now() - started) / 1000).toFixed(1)} s`);
