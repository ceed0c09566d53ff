// Detection benchmark of the integrity detectors (issue 9): simulated exams with known cheating,
// per kind the detection rate at a 1 % false-positive rate and the ROC AUC, over several seeds.
// Run: npx tsx bench/integrity-detection.ts [seeds=5]
import { runScan, type ScanSession } from '../src/modules/integrity/scan-core.js';
import { DEFAULT_SIM, simulate, type CheatKind, type SimAttempt } from '../src/modules/integrity/simulate.js';
import type { DetectorKind, Verdict } from '../src/modules/integrity/detectors/index.js';

const seeds = Number(process.argv[2] ?? 5);
const KINDS: Array<Exclude<CheatKind, 'copy_source'>> = ['machine', 'changed', 'copying', 'preknowledge'];
const DETECTORS: DetectorKind[] = [
  'machine_answering',
  'lockstep',
  'changed_answer',
  'rt_aberrance',
  'fast_correct_hard',
  'answer_similarity',
  'person_fit',
  'preknowledge',
];
const PRIMARY: Record<Exclude<CheatKind, 'copy_source'>, DetectorKind[]> = {
  machine: ['machine_answering'],
  changed: ['changed_answer'],
  copying: ['answer_similarity'],
  preknowledge: ['preknowledge'],
};

function auc(pos: number[], neg: number[]): number {
  // Mann–Whitney U with ties counted half.
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

function tprAt1(pos: number[], neg: number[]): number {
  const sorted = [...neg].sort((a, b) => b - a);
  const thr = sorted[Math.floor(sorted.length * 0.01)] ?? Infinity;
  return pos.filter((s) => s > thr).length / pos.length;
}

const rows: Record<string, { auc: number[]; tpr: number[]; n: number[] }> = {};
const matrix: Record<string, number[]> = {};
const siteRows: string[] = [];
for (let seed = 1; seed <= seeds; seed++) {
  const sim = simulate({ ...DEFAULT_SIM, seed });
  const attempts: SimAttempt[] = [];
  const sessions: ScanSession[] = [];
  for (const s of sim.sessions) {
    attempts.push(...s.attempts);
    sessions.push({ sessionId: s.sessionId, siteId: s.siteId, attempts: s.attempts });
  }
  const out = runScan(sessions);
  const score = new Map<string, Map<DetectorKind, number>>();
  for (const v of out.verdicts) {
    const m = score.get(v.subjectId) ?? new Map<DetectorKind, number>();
    m.set(v.kind, Math.max(m.get(v.kind) ?? -Infinity, v.score));
    score.set(v.subjectId, m);
  }
  const clean = attempts.filter((a) => a.labels.size === 0);
  const of = (a: SimAttempt, ds: DetectorKind[]) => Math.max(...ds.map((d) => score.get(a.meta.id)?.get(d) ?? 0));
  for (const kind of KINDS) {
    const positives = attempts.filter((a) => a.labels.has(kind));
    // Machine/changed only exist in native attempts: compare with native clean attempts.
    const pool = kind === 'machine' || kind === 'changed' ? clean.filter((a) => a.events) : clean;
    if (!positives.length) continue;
    const r = (rows[kind] ??= { auc: [], tpr: [], n: [] });
    const pos = positives.map((a) => of(a, PRIMARY[kind]));
    const neg = pool.map((a) => of(a, PRIMARY[kind]));
    r.auc.push(auc(pos, neg));
    r.tpr.push(tprAt1(pos, neg));
    r.n.push(positives.length);
    for (const d of DETECTORS)
      (matrix[`${kind}|${d}`] ??= []).push(
        auc(
          positives.map((a) => of(a, [d])),
          pool.map((a) => of(a, [d])),
        ),
      );
  }
  const flaggedSites = (k: DetectorKind) =>
    new Set(out.verdicts.filter((v) => v.kind === k && v.flagged).map((v) => v.subjectId));
  const passFlag = flaggedSites('site_pass_rate');
  const scoreFlag = flaggedSites('site_score');
  const truth = [...sim.siteLabels].map(
    ([id, l]) =>
      `${id}:${[...l].join('+') || 'clean'}${passFlag.has(id) ? '[INT-4 通过率]' : ''}${scoreFlag.has(id) ? '[站点评分]' : ''}`,
  );
  siteRows.push(`seed ${seed}: ` + truth.filter((t) => t.includes('[') || !t.includes('clean')).join('  '));
  const cleanIds = new Set(clean.map((a) => a.meta.id));
  const falseFlags = new Map<string, number>();
  for (const v of out.verdicts)
    if (v.flagged && cleanIds.has(v.subjectId)) falseFlags.set(v.kind, (falseFlags.get(v.kind) ?? 0) + 1);
  console.log(
    `seed ${seed}: ${attempts.length} attempts (${clean.length} clean), ${out.events} events; flags on clean attempts: ${[...falseFlags].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
  );
}
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
console.log('\nkind          detector            positives  AUC (mean, min)     detection @1% FPR (mean, min)');
for (const kind of KINDS) {
  const r = rows[kind];
  if (!r) continue;
  console.log(
    `${kind.padEnd(13)} ${PRIMARY[kind].join('+').padEnd(19)} ${String(Math.round(mean(r.n))).padStart(9)}  ${mean(r.auc).toFixed(3)}, ${Math.min(...r.auc).toFixed(3)}        ${(mean(r.tpr) * 100).toFixed(1)} %, ${(Math.min(...r.tpr) * 100).toFixed(1)} %`,
  );
}
console.log('\nAUC of every detector per kind (mean over seeds):');
console.log('kind'.padEnd(13) + DETECTORS.map((d) => d.slice(0, 12).padStart(13)).join(''));
for (const kind of KINDS)
  console.log(
    kind.padEnd(13) +
      DETECTORS.map((d) => (matrix[`${kind}|${d}`] ? mean(matrix[`${kind}|${d}`]).toFixed(3) : '-').padStart(13)).join(
        '',
      ),
  );
console.log('\nsites (truth [flags]):');
for (const r of siteRows) console.log(r);
