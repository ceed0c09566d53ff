// ANA-1/ANA-3 at provincial scale: a fresh database, the synthetic province (scripts/), then each
// dashboard level and the ANA-1 report timed; prints generation time and p50/p95 per query.
// Usage: BENCH_DATABASE_URL=postgres://… npx tsx bench/analytics.ts [scale] [runs]   (without it: PGlite)
import type { Actor } from '../src/kernel/access.js';
import { campaignStatistics, dashboard } from '../src/modules/analytics/index.js';
import { generateProvince } from '../scripts/synthetic-province.js';
import { openBenchPlatform } from './support.js';

const scale = Number(process.argv[2] ?? 1);
const runs = Number(process.argv[3] ?? 20);
const bench = await openBenchPlatform({ env: { LOG_LEVEL: 'warn' } });
const province: Actor = { userId: '00000000-0000-0000-0000-000000000001', username: 'bench', displayName: '基准', role: 'province_regulator', orgId: '00000000-0000-0000-0000-000000000002', orgKind: 'regulator', orgName: '四川省应急管理厅', regionCode: '510000', workerId: null };
try {
  console.log(`database: ${bench.url ? 'PostgreSQL' : 'PGlite'}, scale ${scale}`);
  const t0 = Date.now();
  await generateProvince(bench.ctx.db, scale);
  console.log(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const year = new Date().getUTCFullYear();
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['ANA-3 dashboard, province 510000', () => dashboard(bench.ctx, province)],
    ['ANA-3 dashboard, city 510100', () => dashboard(bench.ctx, province, '510100')],
    ['ANA-3 dashboard, county 510107', () => dashboard(bench.ctx, province, '510107')],
    ['ANA-1 campaign report, province, year', () => campaignStatistics(bench.ctx, province, { from: `${year}-01-01`, to: `${year}-12-31` })],
  ];
  for (const [name, run] of cases) {
    await run(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(0);
    console.log(`${name}: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms (${runs} runs)`);
  }
} finally {
  await bench.close();
}
