// Issue 23 "Several app instances": does a second server process on the same PostgreSQL add
// throughput? N synthetic certificates (default 200,000) in a fresh database; then the real server
// (`src/main.ts serve`, no demo) started once and twice on different ports, and public verification
// (CER-3, a different certificate every request: every answer from the database) loaded with autocannon
// — one instance at 100 connections, then two instances at 50 connections each, at the same time.
// The reference, measured in the same run: a bare Fastify route returning a constant, in one process
// and in two, which is the most a second process can add on this machine (the load generator shares
// the cores). Prints req/s, p99, and the ratio two ÷ one for both.
// Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/instances.ts [N] [seconds]
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { openBenchPlatform } from './support.js';

if (!process.env.BENCH_DATABASE_URL) {
  console.error('Several instances share one PostgreSQL: set BENCH_DATABASE_URL=postgres://…');
  process.exit(2);
}
const N = Number(process.argv[2] ?? 200_000);
const SECONDS = Number(process.argv[3] ?? 10);
// One secret for the bench's own writes and both instances, as deployed instances share it (audit MACs).
const secret = randomBytes(32).toString('hex');
const bench = await openBenchPlatform({ env: { LOG_LEVEL: 'warn', QUANLIAN_SECRET: secret } });
const { ctx, url } = bench;
const authority = await createOrganisation(ctx, null, {
  kind: 'regulator',
  name: '成都市应急管理局',
  regionCode: '510100',
});
await ctx.db.execute(sql`
  insert into certificates (number, item_code, item_name, category_code, category_name, worker_id, holder_name, id_number_masked, region_code,
    authority_org_id, authority_name, issued_on, valid_from, valid_until, next_review_due, review_interval_years, state, changed_at, created_at)
  select 'T5101071980' || lpad(i::text, 7, '0') || 'X', '1.2', '低压电工作业', '1', '电工作业', gen_random_uuid(), '测试' || i, '510107********000X', '510107',
    ${authority.id}::uuid, ${authority.name}, date '2025-01-01', date '2025-01-01', date '2031-01-01', date '2028-01-01', 3,
    'active', now(), now()
  from generate_series(0, ${N - 1}::int) as i`);
await ctx.db.execute(sql`analyze certificates`);
const number = (i: number) => `T5101071980${String(i).padStart(7, '0')}X`;

const children: ChildProcess[] = [];
const dirs: string[] = [];

/** Starts a process and resolves with its port once it answers. */
async function start(kind: 'platform' | 'bare'): Promise<string> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'quanlian-instance-'));
  dirs.push(dataDir);
  const args =
    kind === 'platform'
      ? ['--import', 'tsx', 'src/main.ts', 'serve']
      : [
          '-e',
          `const f=require('fastify')({logger:false});f.get('/healthz',async()=>({ok:true}));f.get('/constant',async()=>({status:'valid'}));f.listen({port:${port},host:'127.0.0.1'})`,
        ];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      QUANLIAN_SECRET: secret,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      VERIFY_RATE_PER_MINUTE: '10000000',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return base;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${kind} on ${port} did not answer within 60 s`);
}

let seq = 0;
function load(target: string, kind: 'platform' | 'bare', connections: number, duration = SECONDS) {
  return autocannon({
    url: kind === 'bare' ? `${target}/constant` : target,
    connections,
    duration,
    requests: [
      {
        setupRequest: (req) => {
          if (kind === 'bare') return req;
          // 104,729 is prime to N: no certificate repeats within N requests, so no cache helps.
          const i = ((seq += 1) * 104_729) % N;
          return {
            ...req,
            path: `/api/public/certificates/verify?number=${number(i)}&name=${encodeURIComponent(`测试${i}`)}`,
          };
        },
      },
    ],
  });
}

async function measure(kind: 'platform' | 'bare') {
  const [first, second] = [await start(kind), await start(kind)];
  await Promise.all([load(first, kind, 50, 3), load(second, kind, 50, 3)]); // warm-up: JIT, pools
  const one = await load(first, kind, 100);
  const two = await Promise.all([load(first, kind, 50), load(second, kind, 50)]);
  const twoRps = two[0].requests.average + two[1].requests.average;
  const bad = one.non2xx + one.errors + two.reduce((s, r) => s + r.non2xx + r.errors, 0);
  for (const c of children.splice(0)) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1000));
  return {
    one: one.requests.average,
    two: twoRps,
    p99One: one.latency.p99,
    p99Two: Math.max(two[0].latency.p99, two[1].latency.p99),
    bad,
  };
}

try {
  const platform = await measure('platform');
  const bare = await measure('bare');
  const line = (label: string, m: typeof platform) =>
    console.log(
      `${label} one instance ${Math.round(m.one)} req/s (p99 ${m.p99One} ms) · two instances ${Math.round(m.two)} req/s (p99 ${m.p99Two} ms) · two ÷ one ${(m.two / m.one).toFixed(2)} · non-2xx/errors ${m.bad}`,
    );
  console.log(
    `${N} certificates, ${SECONDS} s per run, ${os.availableParallelism()} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  line('verify (cold):', platform);
  line('bare Fastify: ', bare);
  console.log(
    `the second instance adds ${(((platform.two - platform.one) / platform.one) * 100).toFixed(0)} % to verification; a second bare process adds ${(((bare.two - bare.one) / bare.one) * 100).toFixed(0)} % on this machine`,
  );
} finally {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  await bench.close();
}
