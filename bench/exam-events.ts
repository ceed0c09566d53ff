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
import { examPapers, examQuestions } from '../src/modules/exams/schema.js';
import { TEST_PASSWORD } from '../src/testing/harness.js';
import { inParallel, jsonRequest } from './http-json.mjs';
import { describeMeter, type Meter, startMeter, startProfile } from './process-meter.mjs';
import { openBenchPlatform } from './support.js';

const CANDIDATES = Number(process.argv[2] ?? 2000);
const SECONDS = Number(process.argv[3] ?? 30);
const bench = await openBenchPlatform();
const { ctx, database, url, dataDir } = bench;
const app = await buildApp(ctx, { logger: false });
// The server's own time per answered event request (Fastify's, from routing to the response sent):
// told apart from what the candidate saw, the rest is queueing in sockets and event loops.
let serverTimes: number[] = [];
app.addHook('onResponse', async (req, reply) => {
  if (req.routeOptions.url === '/api/exams/papers/:id/events') serverTimes.push(reply.elapsedTime);
});
// As `serve` listens (src/main.ts): a queue of connections long enough for every candidate's browser.
await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
const port = (app.server.address() as { port: number }).port;

// Accounts and papers written directly, in bulk (registering people, drawing and booking are not
// what is measured here, and 2,000 registrations took 14 minutes on a busy machine): one password
// hash for all, each account linked to its own worker id. Log-in is through the real route.
const now = new Date();
// 90 questions in the bank, so the exam page can load its paper (GET) before the first answer.
const bank = await database.db
  .insert(examQuestions)
  .values(
    Array.from({ length: 90 }, (_, k) => ({
      itemCode: '1.2',
      key: `BENCH-${k}-${randomUUID().slice(0, 8)}`,
      version: 1,
      current: true,
      kind: 'single' as const,
      knowledgePoint: '压测',
      difficulty: 1,
      stem: `压测题 ${k + 1}`,
      options: ['甲', '乙', '丙', '丁'],
      answer: [0],
      createdAt: now,
    })),
  )
  .returning({ id: examQuestions.id });
const questions = bank.map((q) => ({
  questionId: q.id,
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
  /** The client process's CPU and event-loop delay during the phase. */
  meter: Meter;
  latencies: number[];
  connectLatencies: number[];
  offered: number;
  failed: number;
  causes: Record<string, number>;
  seconds: number;
}
let groups = answerEventGroupStats(database.db);
async function phase(label: string, message: object) {
  serverTimes = [];
  const stopProfile = await startProfile(`server-${label}`);
  const meter = startMeter();
  const result = await ask(message);
  const server = meter();
  const profile = await stopProfile();
  const sorted = serverTimes.sort((a, b) => a - b);
  // The server's CPU per answered request: what a core of this machine can serve, whatever the load.
  const cpuPerRequest = (server.cpuShare * result.seconds * 1e6) / Math.max(1, sorted.length);
  return {
    result,
    describe: () => {
      console.log(
        `   server process: ${describeMeter(server)}, ${cpuPerRequest.toFixed(0)} µs of CPU per request; time in Fastify per request p50 ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms${profile ? `; profile ${profile}` : ''}`,
      );
      console.log(`   client process: ${describeMeter(result.meter)}`);
    },
  };
}
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
  const connects = r.connectLatencies.sort((a, b) => a - b);
  console.log(
    `   ${connects.length} of them opened a connection first: p50 ${pct(connects, 50).toFixed(1)} ms, p99 ${pct(connects, 99).toFixed(1)} ms`,
  );
  for (const [cause, n] of Object.entries(r.causes)) console.log(`   refused: ${n} × ${cause}`);
  return r.latencies.length / r.seconds;
}

// The candidates, in their own process.
const client = fork(path.join(import.meta.dirname, 'exam-events-client.mjs'), [], { execArgv: [] });
const replies: Array<(m: { type: string } & PhaseResult) => void> = [];
client.on('message', (m: { type: string } & PhaseResult) => replies.shift()?.(m));
// A client that dies (an unexpected answer during its set-up) ends the bench instead of leaving it waiting.
client.on('exit', (code) => {
  if (code) {
    console.error(`candidates' process exited with ${code}`);
    process.exit(1);
  }
});
const ask = (m: object) =>
  new Promise<{ type: string } & PhaseResult>((resolve) => {
    replies.push(resolve);
    client.send(m);
  });
const ready = (await ask({
  type: 'init',
  // BENCH_COLD=1: no page load first; every candidate's first answer also opens its connection.
  cold: process.env.BENCH_COLD === '1',
  port,
  candidates: candidates.map((c) => ({
    paperId: c.paperId,
    localAddress: c.localAddress,
    cookie: c.cookie,
    csrf: c.csrf,
  })),
})) as unknown as { warmUpSeconds: number };
console.log(`each candidate's exam page loaded its paper (GET) in ${ready.warmUpSeconds.toFixed(1)} s`);
const loadBefore = os.loadavg()[0];
const a = await phase('A', { type: 'A', seconds: SECONDS });
report(`A. ${CANDIDATES} candidates over HTTP, one answer every 2–4 s (${database.kind})`, a.result);
a.describe();
const b = await phase('B', { type: 'B', seconds: Math.min(SECONDS, 15), width: 64 });
const sustained = report(`B. maximum sustained over HTTP, 64 in flight (${database.kind})`, b.result);
b.describe();
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
