// Answer-event ingestion (EXM-6) over HTTP, as a candidate's browser sends it: each candidate logs in
// through POST /api/auth/login from its own loopback address (so the login rate limit sees one user
// each), keeps its session cookie, and posts every answer to POST /api/exams/papers/:id/events with
// the CSRF header; an event counts once the server has answered 200, which it does only after the
// insert committed. A: N candidates each answering every 2–4 s (open loop). B: the maximum sustained
// rate, 64 requests in flight. The reference, in the same run: pgbench inserting one row per
// transaction (PostgreSQL), or single-row inserts on the same PGlite instance (embedded).
// The server is this process (PGlite allows one process per data folder), so the client's own work
// is counted against it: the figures are a floor.
// Usage: npx tsx bench/exam-events.ts [candidates=2000] [seconds=30]
//        BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/exam-events.ts
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { examPapers } from '../src/modules/exams/schema.js';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  TEST_PASSWORD,
  type TestPlatform,
} from '../src/testing/harness.js';
import { openBenchPlatform } from './support.js';

const CANDIDATES = Number(process.argv[2] ?? 2000);
const SECONDS = Number(process.argv[3] ?? 30);
const bench = await openBenchPlatform();
const { ctx, database, url, dataDir } = bench;
const app = await buildApp(ctx, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;

// People and accounts through the platform's own use cases; papers inserted directly (drawing and
// booking are not what is measured here).
const factories = { ctx } as unknown as TestPlatform;
const regulator = await makeOrg(factories, { kind: 'regulator', regionCode: '510100' });
const registrar = (await makeUser(factories, { role: 'city_regulator', org: regulator })).actor;
const now = new Date();
const questions = Array.from({ length: 90 }, () => ({
  questionId: randomUUID(),
  kind: 'single' as const,
  points: 1,
  optionOrder: [0, 1, 2, 3],
}));
interface Candidate {
  username: string;
  paperId: string;
  agent: http.Agent;
  cookie: string;
  csrf: string;
  seq: number;
}
const candidates: Candidate[] = [];
const setupStarted = performance.now();
await inParallel(CANDIDATES, 8, async (i) => {
  // A birth date per candidate: the factory's sequence alone gives 500 numbers per date.
  const birthDate = new Date(Date.UTC(1970, 0, 1 + i)).toISOString().slice(0, 10);
  const worker = await makeWorker(factories, registrar, { idNumber: makeIdNumber(birthDate) });
  const user = await makeUser(factories, { role: 'worker', workerId: worker.id });
  const [paper] = await database.db
    .insert(examPapers)
    .values({
      bookingId: randomUUID(),
      sessionId: randomUUID(),
      workerId: worker.id,
      itemCode: '1.2',
      blueprintVersion: 1,
      questions,
      passMark: 80,
      startedAt: now,
      deadline: new Date(now.getTime() + 3 * 3600_000),
    })
    .returning({ id: examPapers.id });
  // One browser per candidate: its own keep-alive connection from its own loopback address.
  const localAddress = `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  candidates[i] = {
    username: user.username,
    paperId: paper.id,
    agent: new http.Agent({ keepAlive: true, maxSockets: 4, localAddress } as http.AgentOptions),
    cookie: '',
    csrf: '',
    seq: 0,
  };
});
await inParallel(CANDIDATES, 8, async (i) => {
  const c = candidates[i];
  const res = await request(c, 'POST', '/api/auth/login', { username: c.username, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${res.status}: ${res.body}`);
  c.cookie = String(res.setCookie?.find((s) => s.startsWith('ql_session='))?.split(';')[0]);
  c.csrf = JSON.parse(res.body).csrfToken;
});
console.log(
  `${CANDIDATES} candidates registered, logged in over HTTP, papers of 90 questions (${database.kind}) in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
);

function request(
  c: Pick<Candidate, 'agent' | 'cookie' | 'csrf'>,
  method: string,
  urlPath: string,
  body: unknown,
): Promise<{ status: number; body: string; setCookie?: string[] }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent: c.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(c.cookie ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {}),
          'x-exam-device': 'BENCH-PC',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            setCookie: res.headers['set-cookie'],
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function inParallel(n: number, width: number, run: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await run(next++);
    }),
  );
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
function report(label: string, latencies: number[], seconds: number, offered: number, failed: number) {
  const sorted = latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${latencies.length} of ${offered} offered events acknowledged (${failed} refused or failed) in ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(0)} events/s; latency p50 ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms`,
  );
  return latencies.length / seconds;
}

interface Tally {
  latencies: number[];
  offered: number;
  failed: number;
}
async function answer(c: Candidate, t: Tally) {
  c.seq += 1;
  t.offered += 1;
  const started = performance.now();
  try {
    const res = await request(c, 'POST', `/api/exams/papers/${c.paperId}/events`, {
      events: [
        {
          clientSeq: c.seq,
          kind: c.seq % 5 === 0 ? 'option_changed' : 'option_selected',
          position: c.seq % 90,
          selected: [c.seq % 4],
          clientAt: new Date().toISOString(),
        },
      ],
    });
    if (res.status === 200) t.latencies.push(performance.now() - started);
    else t.failed += 1;
  } catch {
    t.failed += 1;
  }
}

// A: every candidate answers every 2–4 s (open loop: a slow server does not slow the candidates down).
{
  const t: Tally = { latencies: [], offered: 0, failed: 0 };
  const started = performance.now();
  const end = started + SECONDS * 1000;
  const inflight = new Set<Promise<void>>();
  await Promise.all(
    candidates.map(async (c) => {
      await new Promise((r) => setTimeout(r, Math.random() * 3000));
      while (performance.now() < end) {
        const p = answer(c, t);
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
        await new Promise((r) => setTimeout(r, 2000 + Math.random() * 2000));
      }
    }),
  );
  await Promise.all(inflight);
  report(
    `A. ${CANDIDATES} candidates over HTTP, one answer every 2–4 s (${database.kind})`,
    t.latencies,
    (performance.now() - started) / 1000,
    t.offered,
    t.failed,
  );
}

// B: closed loop, as fast as the server acknowledges, 64 in flight.
let sustained = 0;
{
  const t: Tally = { latencies: [], offered: 0, failed: 0 };
  const started = performance.now();
  const end = started + Math.min(SECONDS, 15) * 1000;
  await Promise.all(
    Array.from({ length: 64 }, async (_, k) => {
      for (let i = k; performance.now() < end; i += 64) await answer(candidates[i % candidates.length], t);
    }),
  );
  sustained = report(
    `B. maximum sustained over HTTP, 64 in flight (${database.kind})`,
    t.latencies,
    (performance.now() - started) / 1000,
    t.offered,
    t.failed,
  );
}

// Reference in the same run.
let reference = 0;
const refSeconds = Math.min(SECONDS, 15);
if (url) {
  // pgbench inserting one row per transaction on the same server, 10 clients.
  const script = path.join(dataDir, 'insert.sql');
  await writeFile(
    script,
    "insert into bench_events (paper, kind, at) values (gen_random_uuid(), 'option_selected', now());\n",
  );
  execFileSync('psql', [
    url,
    '-q',
    '-c',
    'create table bench_events (id bigserial primary key, paper uuid, kind text, at timestamptz)',
  ]);
  const out = execFileSync('pgbench', ['-n', '-c', '10', '-j', '2', '-T', String(refSeconds), '-f', script, url]);
  reference = Number(/tps = ([\d.]+)/.exec(out.toString())?.[1] ?? 0);
  console.log(`Reference: pgbench, 10 clients, one insert per transaction: ${reference.toFixed(0)} inserts/s`);
} else {
  // The embedded database has one connection: single-row inserts one after another, as fast as it goes.
  await database.db.execute(
    sql`create table bench_events (id bigserial primary key, paper uuid, kind text, at timestamptz)`,
  );
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < refSeconds * 1000) {
    await database.db.execute(
      sql`insert into bench_events (paper, kind, at) values (gen_random_uuid(), 'option_selected', now())`,
    );
    n += 1;
  }
  reference = n / ((performance.now() - started) / 1000);
  console.log(`Reference: single-row inserts on the same PGlite instance: ${reference.toFixed(0)} inserts/s`);
}
console.log(
  `Ratio: answer events over HTTP / reference inserts = ${(sustained / reference).toFixed(2)}× (target ≥ 0.5×); load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const c of candidates) c.agent.destroy();
await app.close();
await bench.close();
process.exit(0);
