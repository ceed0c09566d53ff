// Durability of acknowledged answers (EXM-6): start the real server on PostgreSQL with the demo data,
// let the demo candidate (checked in by the seed) answer through HTTP from many concurrent requests,
// SIGKILL the server mid-stream, start it again, and check that every event the server acknowledged
// is in the database. Exits 1 when one is missing.
// Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/exam-durability.ts [rounds=3]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..');
const base = process.env.BENCH_DATABASE_URL;
if (!base) throw new Error('Set BENCH_DATABASE_URL to a PostgreSQL server (the point is a durable commit).');
const ROUNDS = Number(process.argv[2] ?? 3);

const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = s.address() as { port: number };
    s.close(() => resolve(p));
  });
});
const dbName = `ql_durable_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`create database ${dbName}`);
const url = new URL(base);
url.pathname = `/${dbName}`;
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'quanlian-durable-'));
const baseUrl = `http://127.0.0.1:${port}`;

/** One node process (no tsx wrapper), so SIGKILL kills the server itself. */
async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      QUANLIAN_SECRET: 'a'.repeat(64),
    },
  });
  // Up to 10 minutes: the first start writes the demo data, which takes minutes on a busy machine.
  for (let i = 0; i < 2400; i++) {
    try {
      // Listening comes before the demo is loaded: the candidate logs in once it is complete.
      const res = await fetch(`${baseUrl}/healthz/demo`);
      if (res.ok && ['ready', 'none'].includes(((await res.json()) as { demo: string }).demo)) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

async function login() {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'worker', password: 'Quanlian@2026' }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
}

let server = await startServer();
let headers = await login();
const bookings = (await (await fetch(`${baseUrl}/api/exams/my-bookings`, { headers })).json()) as {
  items: Array<{ bookingId: string }>;
};
const paper = (await (
  await fetch(`${baseUrl}/api/exams/bookings/${bookings.items[0].bookingId}/paper`, {
    method: 'POST',
    headers,
    body: '{}',
  })
).json()) as { id: string };
const acked = new Set<number>();
let seq = 0;
let failures = 0;
for (let round = 1; round <= ROUNDS; round++) {
  let stop = false;
  const loops = Array.from({ length: 16 }, async () => {
    while (!stop) {
      const clientSeq = (seq += 1);
      try {
        const res = await fetch(`${baseUrl}/api/exams/papers/${paper.id}/events`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            events: [{ clientSeq, kind: 'option_selected', position: clientSeq % 90, selected: [clientSeq % 2] }],
          }),
        });
        if (res.ok) for (const s of ((await res.json()) as { acked: number[] }).acked) acked.add(s);
      } catch {
        return; // the server is gone: this request was never acknowledged
      }
    }
  });
  await new Promise((r) => setTimeout(r, 1500 + Math.random() * 1500));
  server.kill('SIGKILL');
  stop = true;
  await Promise.all(loops);
  server = await startServer();
  headers = await login();
  const reader = new pg.Client({ connectionString: url.toString() });
  await reader.connect();
  const { rows } = await reader.query<{ client_seq: number }>(
    'select client_seq from exam_answer_events where paper_id = $1',
    [paper.id],
  );
  await reader.end();
  const stored = new Set(rows.map((r) => r.client_seq));
  const missing = [...acked].filter((s) => !stored.has(s));
  failures += missing.length;
  console.log(
    `round ${round}: SIGKILL after ${acked.size} acknowledged events in total; stored ${stored.size}; acknowledged but missing: ${missing.length}`,
  );
}
server.kill('SIGKILL');
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.end();
console.log(
  failures ? `FAIL: ${failures} acknowledged events lost` : 'PASS: every acknowledged event survived SIGKILL',
);
process.exit(failures ? 1 : 0);
