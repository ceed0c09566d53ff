// Issue 23: public verification read from a streaming replica. N synthetic certificates written on the
// primary, the verify route under autocannon (100 connections) reading the replica while a writer keeps
// inserting certificates on the primary (WAL flowing), the replica's lag sampled throughout; then the
// time a revocation on the primary takes to be answered through the replica (5 runs).
// Needs a replica (scripts/replica-cluster.sh up).
// Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//        BENCH_REPLICA_URL=postgres://postgres@127.0.0.1:5433/postgres npx tsx bench/replica.ts [N] [seconds]
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { openPostgres, type Database } from '../src/db/index.js';
import { ReadReplica } from '../src/db/replica.js';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { openBenchPlatform } from './support.js';

const N = Number(process.argv[2] ?? 200_000);
const SECONDS = Number(process.argv[3] ?? 10);
if (!process.env.BENCH_DATABASE_URL || !process.env.BENCH_REPLICA_URL)
  throw new Error('Set BENCH_DATABASE_URL (the primary) and BENCH_REPLICA_URL (its streaming replica).');
const bench = await openBenchPlatform({ env: { VERIFY_RATE_PER_MINUTE: '10000000', LOG_LEVEL: 'warn' } });
const { ctx } = bench;
const authority = await createOrganisation(ctx, null, {
  kind: 'regulator',
  name: '成都市应急管理局',
  regionCode: '510100',
});
const number = (i: number) => `T5101071980${String(i).padStart(7, '0')}X`;
const insert = (from: number, to: number) =>
  ctx.db.execute(sql`
    insert into certificates (number, item_code, item_name, category_code, category_name, worker_id, holder_name, id_number_masked, region_code,
      authority_org_id, authority_name, issued_on, valid_from, valid_until, next_review_due, review_interval_years, state, changed_at, created_at)
    select 'T5101071980' || lpad(i::text, 7, '0') || 'X', '1.2', '低压电工作业', '1', '电工作业', gen_random_uuid(), '测试' || i, '510107********000X', '510107',
      ${authority.id}::uuid, ${authority.name}, date '2025-01-01', date '2025-01-01', date '2031-01-01', date '2028-01-01', 3, 'active', now(), now()
    from generate_series(${from}::int, ${to - 1}::int) as i`);
for (let start = 0; start < N; start += 100_000) await insert(start, Math.min(N, start + 100_000));
await ctx.db.execute(sql`analyze certificates`);

// The bench database reaches the replica by replay under the same name.
const replicaUrl = new URL(process.env.BENCH_REPLICA_URL);
replicaUrl.pathname = new URL(bench.url!).pathname;
let replicaDb: Database | undefined;
for (let i = 0; !replicaDb; i += 1) {
  try {
    replicaDb = await openPostgres(replicaUrl.toString());
  } catch (err) {
    if (i > 100) throw err;
    await new Promise((r) => setTimeout(r, 100));
  }
}
const replica = new ReadReplica(replicaDb, ctx.db, ctx.config.replicaMaxLagMs ?? 300);
ctx.replica = replica;
const app = await buildApp(ctx, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const appUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const answer = async (i: number) =>
  (await (await fetch(`${appUrl}/api/public/certificates/verify?number=${number(i)}&name=测试${i}`)).json()) as {
    status: string;
    readFrom?: string;
  };
for (let i = 0; i < 50 && (await answer(1)).readFrom !== 'replica'; i += 1)
  await new Promise((r) => setTimeout(r, 100));
console.log(`${N} certificates; first answer: ${JSON.stringify(await answer(1))}`);

// Lag under load: the writer inserts 1,000 certificates every 100 ms on the primary meanwhile.
const lags: number[] = [];
let fromReplica = 0;
let fromPrimary = 0;
let writing = true;
let next = N;
const writer = (async () => {
  while (writing) {
    await insert(next, next + 1_000);
    next += 1_000;
    await new Promise((r) => setTimeout(r, 100));
  }
})();
const sampler = setInterval(async () => {
  const lag = await replica.lag();
  lags.push(lag.lagMs);
  if (lag.withinBound) fromReplica += 1;
  else fromPrimary += 1;
}, 100);
let k = 0;
const result = await autocannon({
  url: appUrl,
  connections: 100,
  duration: SECONDS,
  requests: [
    {
      setupRequest: (req) => {
        const i = (k = (k * 7919 + 104_729) % N);
        return {
          ...req,
          path: `/api/public/certificates/verify?number=${number(i)}&name=${encodeURIComponent(`测试${i}`)}`,
        };
      },
    },
  ],
});
clearInterval(sampler);
writing = false;
await writer;
const sorted = [...lags].sort((a, b) => a - b);
const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN);
console.log(
  `verify via the replica (mixed, 100 connections, ${next - N} certificates written meanwhile): ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`,
);
console.log(
  `replica lag during the load: p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms; samples within the ${replica.maxLagMs} ms bound ${fromReplica}, beyond ${fromPrimary}`,
);

// Revocation on the primary, answered through the replica.
const times: number[] = [];
for (let run = 0; run < 5; run += 1) {
  const i = 1_000 + run * 17;
  await answer(i); // cached now
  const t = performance.now();
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`update certificates set state = 'revoked', revoked_at = now(), changed_at = now() where number = ${number(i)}`,
    );
    await tx.execute(sql`insert into certificate_register_version (id, version) values (1, 1)
      on conflict (id) do update set version = certificate_register_version.version + 1`);
  });
  let last = await answer(i);
  while (last.status !== 'revoked' && performance.now() - t < 10_000) last = await answer(i);
  times.push(performance.now() - t);
  if (last.readFrom !== 'replica') console.log(`  run ${run}: answered by the ${last.readFrom}`);
}
console.log(`revocation on the primary → revoked via the replica: ${times.map((t) => Math.round(t)).join(', ')} ms`);

await app.close();
await replicaDb.close();
await bench.close();
