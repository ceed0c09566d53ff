// Registry at scale: register N workers through the use case, then time searches a regulator runs
// (by full ID number, by phone, by name fragment, a jurisdiction page) and an archive read.
// Usage: npx tsx bench/registry.ts [N]   (BENCH_DATABASE_URL=postgres://… to run on PostgreSQL)
import type { Actor } from '../src/kernel/access.js';
import { generateResidentIdNumber } from '../src/kernel/ids.js';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { findWorkers, getArchive, registerWorker } from '../src/modules/registry/service.js';
import { openBenchPlatform } from './support.js';

const N = Number(process.argv[2] ?? 5000);
const bench = await openBenchPlatform();
const { ctx, database } = bench;

const cities = ['510104', '510107', '510703'];
const regulators = await Promise.all(
  cities.map((c, i) => createOrganisation(ctx, null, { kind: 'regulator', name: `监管${i}`, regionCode: c })),
);
const actorOf = (org: (typeof regulators)[number]): Actor => ({
  userId: crypto.randomUUID(),
  username: 'bench',
  displayName: '压测',
  role: 'county_regulator',
  orgId: org.id,
  orgKind: 'regulator',
  orgName: org.name,
  regionCode: org.regionCode,
  workerId: null,
});

const probes: Array<{ id: string; idNumber: string; phone: string; name: string; actor: Actor }> = [];
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const org = regulators[i % regulators.length];
  const actor = actorOf(org);
  const year = 1970 + (i % 35);
  const birthDate = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  const idNumber = generateResidentIdNumber(org.regionCode, birthDate, Math.floor(i / 12 / 28) % 1000);
  const phone = `139${String(i).padStart(8, '0')}`;
  const name = `测试${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉戌亥'[Math.floor(i / 10) % 12]}`;
  try {
    const w = await registerWorker(ctx, actor, {
      name,
      idNumber,
      phone,
      education: 'senior_high',
      regionCode: org.regionCode,
    });
    if (i % Math.max(1, Math.floor(N / 50)) === 0) probes.push({ id: w.id, idNumber, phone, name, actor });
  } catch {
    // the rare generated duplicate is skipped
  }
}
const registerMs = performance.now() - t0;

async function time(label: string, fn: (p: (typeof probes)[number]) => Promise<unknown>) {
  const samples: number[] = [];
  for (const p of probes) {
    const s = performance.now();
    await fn(p);
    samples.push(performance.now() - s);
  }
  samples.sort((a, b) => a - b);
  const pct = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
  console.log(`${label.padEnd(34)} p50 ${pct(0.5)} ms   p95 ${pct(0.95)} ms   (${samples.length} samples)`);
}

console.log(
  `database: ${database.kind}; ${N} workers registered in ${(registerMs / 1000).toFixed(1)} s (${(N / (registerMs / 1000)).toFixed(0)}/s, each with archive event and audit record)`,
);
await time('search by full ID number', (p) => findWorkers(ctx, p.actor, { q: p.idNumber, page: 1, pageSize: 20 }));
await time('search by phone', (p) => findWorkers(ctx, p.actor, { q: p.phone, page: 1, pageSize: 20 }));
await time('search by name fragment', (p) => findWorkers(ctx, p.actor, { q: p.name.slice(2), page: 1, pageSize: 20 }));
await time('jurisdiction page 1 (20 rows + total)', (p) => findWorkers(ctx, p.actor, { page: 1, pageSize: 20 }));
await time('archive timeline', (p) => getArchive(ctx, p.actor, p.id));
console.log(`RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);

await bench.close();
