// Simulated exam data for the integrity detectors (issue 9): answers from a Rasch model, times from
// van der Linden's lognormal model, with known cheating injected (machine answering, changed
// submissions, copying pairs, pre-knowledge of a leaked item subset at some sites, a site with a
// fixed pass rate). The generator is src/modules/integrity/simulate.ts (the benchmarks use it too);
// this command prints what it made and can write it out as JSON lines, one session per line, with
// the labels kept apart from the data so a detector run on the file cannot read them.
//   npx tsx scripts/integrity-sim.ts [--seed 1] [--sites 20] [--out sim.jsonl] [--labels labels.json]
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_SIM, simulate } from '../src/modules/integrity/simulate.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    sites: { type: 'string' },
    out: { type: 'string' },
    labels: { type: 'string' },
  },
});
const sim = simulate({
  ...DEFAULT_SIM,
  seed: Number(values.seed),
  ...(values.sites ? { sites: Number(values.sites) } : {}),
});
const out = values.out ? createWriteStream(values.out) : null;
const labels: Record<string, string[]> = {};
const counts = new Map<string, number>();
let attempts = 0;
let events = 0;
for (const s of sim.sessions) {
  for (const a of s.attempts) {
    attempts += 1;
    events += a.events?.length ?? 0;
    for (const l of a.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    if (a.labels.size) labels[a.meta.id] = [...a.labels];
  }
  out?.write(
    `${JSON.stringify({ sessionId: s.sessionId, siteId: s.siteId, itemCode: s.itemCode, attempts: s.attempts.map(({ labels: _l, ...rest }) => rest) })}\n`,
  );
}
out?.end();
if (values.labels) {
  const sites = Object.fromEntries([...sim.siteLabels].filter(([, l]) => l.size).map(([id, l]) => [id, [...l]]));
  await writeFile(
    values.labels,
    JSON.stringify(
      { attempts: labels, sites, leaked: Object.fromEntries([...sim.leaked].map(([k, v]) => [k, [...v]])) },
      null,
      1,
    ),
  );
}
console.log(`seed ${values.seed}: ${attempts} attempts, ${events} answer events`);
console.log(`injected: ${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(
  `sites: ${[...sim.siteLabels]
    .filter(([, l]) => l.size)
    .map(([id, l]) => `${id} ${[...l].join('+')}`)
    .join(', ')}`,
);
