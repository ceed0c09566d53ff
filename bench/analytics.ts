// ANA-1/ANA-3 at provincial scale: a fresh database, the synthetic province (scripts/), then each
// dashboard level and the ANA-1 report timed; prints generation time and p50/p95 per query.
// Usage: BENCH_DATABASE_URL=postgres://… npx tsx bench/analytics.ts [scale] [runs]   (without it: PGlite)
import type { Actor } from '../src/kernel/access.js';
import { campaignStatistics, dashboard, refreshDashboardSummaries } from '../src/modules/analytics/index.js';
import { injuryAnalysis, refreshInjuryDenominators } from '../src/modules/injuries/index.js';
import { chinaDate } from '../src/kernel/clock.js';
import { generateProvince } from '../scripts/synthetic-province.js';
import { openBenchPlatform } from './support.js';

const scale = Number(process.argv[2] ?? 1);
const runs = Number(process.argv[3] ?? 20);
const bench = await openBenchPlatform({ env: { LOG_LEVEL: 'warn' } });
const province: Actor = {
  userId: '00000000-0000-0000-0000-000000000001',
  username: 'bench',
  displayName: '基准',
  role: 'province_regulator',
  orgId: '00000000-0000-0000-0000-000000000002',
  orgKind: 'regulator',
  orgName: '四川省应急管理厅',
  regionCode: '510000',
  workerId: null,
};
async function time(name: string, run: () => Promise<unknown>, n: number) {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(0);
  console.log(`${name}: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms (${n} runs)`);
}

try {
  console.log(`database: ${bench.url ? 'PostgreSQL' : 'PGlite'}, scale ${scale}`);
  const t0 = Date.now();
  await generateProvince(bench.ctx.db, scale);
  console.log(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // The live counts first (what a dashboard costs before the first refresh of the day) …
  const year = new Date().getUTCFullYear();
  await time('ANA-3 dashboard LIVE, province 510000', () => dashboard(bench.ctx, province), Math.min(runs, 5));
  // … then the summary refresh the analytics.refresh job runs every 15 minutes.
  const t1 = Date.now();
  await refreshDashboardSummaries(bench.ctx);
  console.log(`summary refresh: ${Date.now() - t1} ms`);
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['ANA-3 dashboard (summary), province 510000', () => dashboard(bench.ctx, province)],
    ['ANA-3 dashboard (summary), city 510100', () => dashboard(bench.ctx, province, '510100')],
    ['ANA-3 dashboard (live), county 510107', () => dashboard(bench.ctx, province, '510107')],
    [
      'ANA-1 campaign report, province, year',
      () => campaignStatistics(bench.ctx, province, { from: `${year}-01-01`, to: `${year}-12-31` }),
    ],
  ];
  for (const [name, run] of cases) await time(name, run, runs);
  // ANA-2: the injury analysis counted live, then from the hourly denominator summary (a default period).
  const today = chinaDate(bench.ctx.clock.now());
  const yearToDate = { from: `${today.slice(0, 4)}-01-01`, to: today };
  await time(
    'ANA-2 injury analysis LIVE, province, year to date',
    () => injuryAnalysis(bench.ctx, province, yearToDate),
    Math.min(runs, 5),
  );
  const t2 = Date.now();
  await refreshInjuryDenominators(bench.ctx);
  console.log(`injury denominator refresh: ${Date.now() - t2} ms`);
  await time(
    'ANA-2 injury analysis (summary), province, year to date',
    () => injuryAnalysis(bench.ctx, province, yearToDate),
    runs,
  );
  await time(
    'ANA-2 injury analysis (summary), city 510100, year to date',
    () => injuryAnalysis(bench.ctx, province, { ...yearToDate, region: '510100' }),
    runs,
  );
} finally {
  await bench.close();
}
