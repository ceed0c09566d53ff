// EXM-6 durability: the real server (a child process on PostgreSQL, demo data) takes answer events
// from concurrent requests of the demo candidate; it is killed with SIGKILL mid-stream, started
// again, and every event it acknowledged must be in the database. bench/exam-durability.ts is the
// longer version of the same trial. On PGlite (no TEST_DATABASE_URL) it is skipped: the embedded
// database runs with fsync off and makes no such promise (README, "Durability").
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { chinaDate } from '../../kernel/clock.js';
import { databaseUrl } from '../../testing/global-setup.js';

const run = inject('postgresRun');
const ROOT = path.resolve(import.meta.dirname, '../../..');
const ROUNDS = 2;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describe('answer events survive SIGKILL of the server (EXM-6, PostgreSQL)', () => {
  if (!run) {
    it.skip('EXM-6 skipped on PGlite: set TEST_DATABASE_URL to a PostgreSQL server (durable commit is the point)', () =>
      undefined);
    return;
  }
  const dbName = `${run.runId}_durable`;
  const url = databaseUrl(run.url, dbName);
  let server: ChildProcess | null = null;
  let dataDir = '';

  afterAll(async () => {
    server?.kill('SIGKILL');
    const admin = new pg.Client({ connectionString: run.url });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('EXM-6 every answer event acknowledged before a SIGKILL is stored after the restart', async () => {
    const admin = new pg.Client({ connectionString: run.url });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'quanlian-durable-test-'));
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;

    /** The server as one node process (no tsx wrapper), so SIGKILL kills the process that acknowledged. */
    async function start(): Promise<ChildProcess> {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
        cwd: ROOT,
        stdio: 'ignore',
        env: {
          ...process.env,
          DATABASE_URL: url,
          DATA_DIR: dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          QUANLIAN_SECRET: 'b'.repeat(64),
        },
      });
      for (let i = 0; i < 360; i++) {
        if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
        if (
          // Listening comes before the demo is loaded: the candidate logs in once it is complete.
          await fetch(`${baseUrl}/healthz/demo`).then(
            async (r) => r.ok && ['ready', 'none'].includes(((await r.json()) as { demo: string }).demo),
            () => false,
          )
        )
          return child;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('server did not start within 90 s');
    }
    async function login() {
      const res = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'worker', password: 'Quanlian@2026' }),
      });
      expect(res.status).toBe(200);
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      return { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    }

    server = await start();
    const headers = await login();
    // The seed books the demo candidate for today's session and checks them in at the door (EXM-5).
    // The demo books the candidate into other sessions too (past ones, tomorrow's): take today's, checked in, not submitted.
    const bookings = (await (await fetch(`${baseUrl}/api/exams/my-bookings`, { headers })).json()) as {
      items: Array<{ bookingId: string; checkedIn: boolean; date: string; submittedAt: string | null }>;
    };
    const today = chinaDate(new Date());
    const booking = bookings.items.find((b) => b.checkedIn && b.date === today && !b.submittedAt);
    expect(booking, JSON.stringify(bookings.items)).toBeTruthy();
    const opened = await fetch(`${baseUrl}/api/exams/bookings/${booking!.bookingId}/paper`, {
      method: 'POST',
      headers,
      body: '{}',
    });
    expect(opened.ok, await opened.clone().text()).toBe(true);
    const paper = (await opened.json()) as { id: string };

    const acked = new Set<number>();
    let seq = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const h = round === 1 ? headers : await login();
      let stop = false;
      // Sixteen simulated answer streams of the candidate; a request cut by the kill was never acknowledged.
      const streams = Array.from({ length: 16 }, async () => {
        while (!stop) {
          const clientSeq = (seq += 1);
          try {
            const res = await fetch(`${baseUrl}/api/exams/papers/${paper.id}/events`, {
              method: 'POST',
              headers: h,
              body: JSON.stringify({
                events: [{ clientSeq, kind: 'option_selected', position: clientSeq % 90, selected: [clientSeq % 2] }],
              }),
            });
            if (res.ok) for (const s of ((await res.json()) as { acked: number[] }).acked) acked.add(s);
          } catch {
            return;
          }
        }
      });
      const before = acked.size;
      while (acked.size < before + 200) await new Promise((r) => setTimeout(r, 50));
      server.kill('SIGKILL');
      stop = true;
      await Promise.all(streams);
      await new Promise((r) =>
        server!.exitCode !== null || server!.signalCode !== null ? r(null) : server!.once('exit', r),
      );
      server = await start();
    }

    const reader = new pg.Client({ connectionString: url });
    await reader.connect();
    const { rows } = await reader.query<{ client_seq: number }>(
      'select client_seq from exam_answer_events where paper_id = $1',
      [paper.id],
    );
    await reader.end();
    const stored = new Set(rows.map((r) => Number(r.client_seq)));
    const missing = [...acked].filter((s) => !stored.has(s));
    expect(acked.size).toBeGreaterThanOrEqual(400);
    expect(missing).toEqual([]);
    // The restarted server answers for them too: the paper still opens with its answers.
    const again = await fetch(`${baseUrl}/api/exams/bookings/${booking!.bookingId}/paper`, {
      method: 'POST',
      headers: await login(),
      body: '{}',
    });
    expect(again.ok).toBe(true);
  }, 150_000);
});
