// Public certificate verification under load (CER-3): N synthetic certificates (default 1,000,000)
// written set-based into a fresh database, then autocannon at 100 connections against
// GET /api/public/certificates/verify (a different number each request) and, in the same run, a bare
// Fastify route returning a constant. Prints both req/s, their ratio and p99 latencies, and how long a
// revocation takes to show. Target (issue 6): ratio ≥ 0.5 and p99 ≤ 25 ms on PostgreSQL.
// Two verify runs: "mixed" draws numbers from a sequence that cycles through 25,000 certificates (a
// busy day's repeated checks — the process's register cache serves most of them), "cold" asks a
// different certificate on every request (every answer from the database). Revocation is timed
// twice: through the service in this process, and as another instance's write (a second connection
// updating the row and the register version in one transaction, as the service does there).
// Usage: BENCH_DATABASE_URL=postgres://… npx tsx bench/verify.ts [N] [seconds]   (without it: PGlite)
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { touchRegister } from '../src/modules/certificates/register-cache.js';
import { openBenchPlatform } from './support.js';

const N = Number(process.argv[2] ?? 1_000_000);
const SECONDS = Number(process.argv[3] ?? 10);
const bench = await openBenchPlatform({ env: { VERIFY_RATE_PER_MINUTE: '10000000', LOG_LEVEL: 'warn' } });
const { ctx, database, url } = bench;
const authority = await createOrganisation(ctx, null, {
  kind: 'regulator',
  name: '成都市应急管理局',
  regionCode: '510100',
});

// Synthetic certificates: number T + a 17-digit serial + check character, holder 测试 + serial; one in
// 50 revoked, one in 20 past its review date, the rest valid.
const name = (i: number) => `测试${i}`;
const number = (i: number) => `T5101071980${String(i).padStart(7, '0')}X`;
const t0 = performance.now();
for (let start = 0; start < N; start += 100_000) {
  const end = Math.min(N, start + 100_000);
  await ctx.db.execute(sql`
    insert into certificates (number, item_code, item_name, category_code, category_name, worker_id, holder_name, id_number_masked, region_code,
      authority_org_id, authority_name, issued_on, valid_from, valid_until, next_review_due, review_interval_years, state, changed_at, created_at)
    select 'T5101071980' || lpad(i::text, 7, '0') || 'X', '1.2', '低压电工作业', '1', '电工作业', gen_random_uuid(), '测试' || i, '510107********000X', '510107',
      ${authority.id}::uuid, ${authority.name}, date '2025-01-01', date '2025-01-01', date '2031-01-01',
      case when i % 20 = 0 then date '2026-01-01' else date '2028-01-01' end, 3,
      case when i % 50 = 0 then 'revoked' else 'active' end, now(), now()
    from generate_series(${start}::int, ${end - 1}::int) as i`);
}
await ctx.db.execute(sql`analyze certificates`);
console.log(`${N} certificates written in ${Math.round(performance.now() - t0)} ms (${database.kind})`);

const app = await buildApp(ctx, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const appUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const bare = Fastify({ logger: false });
bare.get('/constant', async () => ({ status: 'valid' }));
await bare.listen({ port: 0, host: '127.0.0.1' });
const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/constant`;

// The answers the load will get are real ones: one certificate of each synthetic kind.
const sample = async (i: number) =>
  (
    (await (
      await fetch(`${appUrl}/api/public/certificates/verify?number=${number(i)}&name=${encodeURIComponent(name(i))}`)
    ).json()) as { status: string }
  ).status;
console.log(
  `answers:  #1 ${await sample(1)}, #20 ${await sample(20)}, #50 ${await sample(50)}, wrong name ${((await (await fetch(`${appUrl}/api/public/certificates/verify?number=${number(1)}&name=x`)).json()) as { status: string }).status}`,
);

async function load(target: string, vary: false | 'mixed' | 'cold', duration = SECONDS) {
  let k = 0;
  let n = 0;
  const result = await autocannon({
    url: target,
    connections: 100,
    duration,
    requests: [
      {
        setupRequest: (req) => {
          if (!vary) return req;
          // mixed: an LCG whose period is 25,000 numbers; cold: 104,729 is prime to N, so no number repeats within N requests.
          const i = vary === 'mixed' ? (k = (k * 7919 + 104_729) % N) : ((n += 1) * 104_729) % N;
          return {
            ...req,
            path: `/api/public/certificates/verify?number=${number(i)}&name=${encodeURIComponent(name(i))}`,
          };
        },
      },
    ],
  });
  return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

// Warm-up (JIT, the pools' connections, the prepared statements) before anything is measured.
await load(appUrl, 'cold', 3);
await load(bareUrl, false, 3);
const verify = await load(appUrl, 'mixed');
const cold = await load(appUrl, 'cold');
const constant = await load(bareUrl, false);
console.log(
  `verify (mixed): ${Math.round(verify.rps)} req/s, p99 ${verify.p99} ms, non-2xx ${verify.non2xx}, errors ${verify.errors}`,
);
console.log(
  `verify (cold):  ${Math.round(cold.rps)} req/s, p99 ${cold.p99} ms, non-2xx ${cold.non2xx}, errors ${cold.errors}`,
);
console.log(`constant:       ${Math.round(constant.rps)} req/s, p99 ${constant.p99} ms`);
console.log(
  `ratio:          mixed ${(verify.rps / constant.rps).toFixed(2)}, cold ${(cold.rps / constant.rps).toFixed(2)} (target ≥ 0.5; p99 target ≤ 25 ms)`,
);

// Revocation visible: revoke one, then ask until the public answer says so.
const answerOf = async (i: number) =>
  (
    (await (
      await fetch(`${appUrl}/api/public/certificates/verify?number=${number(i)}&name=${encodeURIComponent(name(i))}`)
    ).json()) as { status: string }
  ).status;
async function timeRevocation(label: string, probe: number, revoke: () => Promise<unknown>) {
  const before = await answerOf(probe); // cached now
  const t = performance.now();
  await revoke();
  let stale = 0;
  while ((await answerOf(probe)) !== 'revoked') {
    stale += 1;
    if (performance.now() - t > 10_000) break; // not seen in 10 s: printed as such below
  }
  console.log(
    `revocation (${label}): ${before} → revoked visible after ${Math.round(performance.now() - t)} ms (${stale} stale answers)`,
  );
}
// The synthetic certificates have no worker rows (the service's archive event needs one), so this
// instance's revocation is the service's write itself: the row and touchRegister in one transaction.
const probeHere = 12_345 % N;
await timeRevocation('this instance', probeHere, () =>
  ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`update certificates set state = 'revoked', revoked_at = now(), changed_at = now() where number = ${number(probeHere)}`,
    );
    await touchRegister(tx, ctx.db);
  }),
);
const probeThere = 12_347 % N;
const other = url ? new pg.Client({ connectionString: url }) : null;
await other?.connect();
await timeRevocation('another instance', probeThere, async () => {
  const statements = [
    `update certificates set state = 'revoked', revoked_at = now(), changed_at = now() where number = '${number(probeThere)}'`,
    'update certificate_register_version set version = version + 1 where id = 1',
  ];
  if (other) await other.query(`begin; ${statements.join('; ')}; commit`);
  else
    await ctx.db.transaction(async (tx) => {
      for (const q of statements) await tx.execute(sql.raw(q));
    });
});
await other?.end();

await app.close();
await bare.close();
await bench.close();
