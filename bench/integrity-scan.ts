// Full-scan benchmark (issue 9): about 100,000 attempts / 10 million answer events through every
// detector, in memory, sessions streamed from the simulator. Prints time (generation apart from
// detection) and peak memory. Target: the scan within 60 s on this machine.
// Run: node --max-old-space-size=4096 --import tsx bench/integrity-scan.ts [attempts=100000]
import { runScan, type ScanSession } from '../src/modules/integrity/scan-core.js';
import { DEFAULT_SIM, simulate } from '../src/modules/integrity/simulate.js';

const target = Number(process.argv[2] ?? 100_000);
const perSession = 30;
const sessionsPerSite = 10;
const sites = Math.ceil(target / perSession / sessionsPerSite);
let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed + m.arrayBuffers);
};
const timer = setInterval(sample, 50);
const sim = simulate({
  ...DEFAULT_SIM,
  seed: 7,
  sites,
  sessionsPerSite,
  candidatesPerSession: perSession,
  itemCodes: 4,
  bankSize: 600,
  paperLength: 54,
  preknowledgeSites: 3,
  fixedPassSites: 2,
});

let genMs = 0;
function* timed(): Generator<ScanSession> {
  const it = sim.sessions[Symbol.iterator]();
  for (;;) {
    const t = performance.now();
    const next = it.next();
    genMs += performance.now() - t;
    if (next.done) return;
    sample();
    yield { sessionId: next.value.sessionId, siteId: next.value.siteId, attempts: next.value.attempts };
  }
}
const t0 = performance.now();
const out = runScan(timed());
const total = performance.now() - t0;
clearInterval(timer);
sample();
const flagged = out.verdicts.filter((v) => v.flagged).length;
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
console.log(
  `attempts ${out.attempts.toLocaleString('en')}, answer events ${out.events.toLocaleString('en')}, verdicts ${out.verdicts.length.toLocaleString('en')}, flagged ${flagged.toLocaleString('en')}`,
);
console.log(
  `scan (detectors only) ${((total - genMs) / 1000).toFixed(1)} s; simulation ${(genMs / 1000).toFixed(1)} s; total ${(total / 1000).toFixed(1)} s`,
);
console.log(`peak RSS ${mb(peakRss)}, peak heap+buffers ${mb(peakHeap)}`);
