// Answer-event ingestion (EXM-6) over HTTP, as a candidate's browser sends it: each candidate logs in
// through POST /api/auth/login from its own loopback address (so the login rate limit sees one user
// each), keeps its session cookie, and posts every answer to POST /api/exams/papers/:id/events with
// the CSRF header; an event counts once the server has answered 200, which it does only after the
// insert committed. A: N candidates each answering every 2–4 s (open loop). B: the maximum sustained
// rate, 64 requests in flight. The reference, in the same run: pgbench inserting one row per
// transaction (PostgreSQL), or single-row inserts on the same PGlite instance (embedded).
// The server is this process (PGlite allows one process per data folder); the candidates run in a
// child process (bench/exam-events-client.mjs), so the client's work does not share the server's
// event loop — on a 2-core machine they still share the cores with the database.
// Usage: npx tsx bench/exam-events.ts [candidates=2000] [seconds=30]
//        BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/exam-events.ts
import { execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { preparePassword } from '../src/modules/accounts/index.js';
import { users } from '../src/modules/accounts/schema.js';
import { answerEventGroupStats } from '../src/modules/exams/queries.js';
import { examPapers } from '../src/modules/exams/schema.js';
import { TEST_PASSWORD } from '../src/testing/harness.js';
import { inParallel, jsonRequest } from './http-json.mjs';
import { openBenchPlatform } from './support.js';

const CANDIDATES = Number(process.argv[2] ?? 2000);
const SECONDS = Number(process.argv[3] ?? 30);
const bench = await openBenchPlatform();
const { ctx, database, url, dataDir } = bench;
const app = await buildApp(ctx, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;

// Accounts and papers written directly, in bulk (registering people, drawing and booking are not
// what is measured here, and 2,000 registrations took 14 minutes on a busy machine): one password
// hash for all, each account linked to its own worker id. Log-in is through the real route.
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
  localAddress: string;
  agent: http.Agent;
  cookie: string;
  csrf: string;
}
const candidates: Candidate[] = [];
const setupStarted = performance.now();
const passwordHash = await preparePassword(ctx.config, TEST_PASSWORD);
for (let from = 0; from < CANDIDATES; from += 500) {
  const batch = Array.from({ length: Math.min(500, CANDIDATES - from) }, (_, k) => ({
    i: from + k,
    workerId: randomUUID(),
    username: `cand${from + k}_${randomUUID().slice(0, 8)}`,
  }));
  await database.db.insert(users).values(
    batch.map((b) => ({
      username: b.username,
      displayName: `考生${b.i}`,
      passwordHash,
      role: 'worker',
      workerId: b.workerId,
      createdAt: now,
    })),
  );
  const papers = await database.db
    .insert(examPapers)
    .values(
      batch.map((b) => ({
        bookingId: randomUUID(),
        sessionId: randomUUID(),
        workerId: b.workerId,
        itemCode: '1.2',
        blueprintVersion: 1,
        questions,
        passMark: 80,
        startedAt: now,
        deadline: new Date(now.getTime() + 3 * 3600_000),
      })),
    )
    .returning({ id: examPapers.id });
  batch.forEach((b, k) => {
    // One browser per candidate: its own keep-alive connection from its own loopback address.
    const localAddress = `127.1.${Math.floor(b.i / 250)}.${(b.i % 250) + 1}`;
    candidates[b.i] = {
      username: b.username,
      paperId: papers[k].id,
      localAddress,
      agent: new http.Agent({ keepAlive: true, maxSockets: 1, localAddress } as http.AgentOptions),
      cookie: '',
      csrf: '',
    };
  });
}
await inParallel(CANDIDATES, 8, async (i) => {
  const c = candidates[i];
  const res = await request(c, 'POST', '/api/auth/login', { username: c.username, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${res.status}: ${res.body}`);
  c.cookie = String(res.setCookie?.find((s) => s.startsWith('ql_session='))?.split(';')[0]);
  c.csrf = JSON.parse(res.body).csrfToken;
  c.agent.destroy();
});
console.log(
  `${CANDIDATES} candidates with accounts, logged in over HTTP, papers of 90 questions (${database.kind}) in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
);

function request(c: Pick<Candidate, 'agent' | 'cookie' | 'csrf'>, method: string, urlPath: string, body: unknown) {
  return jsonRequest(port, c.agent, method, urlPath, body, {
    ...(c.cookie ? { cookie: c.cookie, 'x-csrf-token': c.csrf } : {}),
    'x-exam-device': 'BENCH-PC',
  });
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
interface PhaseResult {
  latencies: number[];
  offered: number;
  failed: number;
  causes: Record<string, number>;
  seconds: number;
}
let groups = answerEventGroupStats(database.db);
function report(label: string, r: PhaseResult) {
  const now = answerEventGroupStats(database.db);
  const statements = now.statements - groups.statements;
  const grouped = now.items - groups.items;
  groups = now;
  const sorted = r.latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${r.latencies.length} of ${r.offered} offered events acknowledged (${r.failed} refused or failed) in ${r.seconds.toFixed(1)} s = ${(r.latencies.length / r.seconds).toFixed(0)} events/s; latency p50 ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms`,
  );
  console.log(
    `   group commit: ${grouped} requests in ${statements} statements (${(grouped / Math.max(1, statements)).toFixed(1)} a statement)`,
  );
  for (const [cause, n] of Object.entries(r.causes)) console.log(`   refused: ${n} × ${cause}`);
  return r.latencies.length / r.seconds;
}

// The candidates, in their own process.
const client = fork(path.join(import.meta.dirname, 'exam-events-client.mjs'), [], { execArgv: [] });
const replies: Array<(m: { type: string } & PhaseResult) => void> = [];
client.on('message', (m: { type: string } & PhaseResult) => replies.shift()?.(m));
const ask = (m: object) =>
  new Promise<{ type: string } & PhaseResult>((resolve) => {
    replies.push(resolve);
    client.send(m);
  });
await ask({
  type: 'init',
  port,
  candidates: candidates.map((c) => ({
    paperId: c.paperId,
    localAddress: c.localAddress,
    cookie: c.cookie,
    csrf: c.csrf,
  })),
});
const loadBefore = os.loadavg()[0];
report(
  `A. ${CANDIDATES} candidates over HTTP, one answer every 2–4 s (${database.kind})`,
  await ask({ type: 'A', seconds: SECONDS }),
);
const sustained = report(
  `B. maximum sustained over HTTP, 64 in flight (${database.kind})`,
  await ask({ type: 'B', seconds: Math.min(SECONDS, 15), width: 64 }),
);
client.send({ type: 'exit' });

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
  `Ratio: answer events over HTTP / reference inserts = ${(sustained / reference).toFixed(2)}× (target ≥ 0.5×); load average ${loadBefore.toFixed(2)} before the phases, ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at the end`,
);
await app.close();
await bench.close();
process.exit(0);
