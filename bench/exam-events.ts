// Answer-event ingestion (EXM-6): 2,000 simulated candidates, each answering every few seconds,
// then the maximum sustained rate in a closed loop; every event is committed before it is
// acknowledged (the same `recordEvents` use case the HTTP route calls; HTTP and login are left out
// so the figure is the database path). On PostgreSQL it also runs pgbench's insert rate for reference.
// Usage: npx tsx bench/exam-events.ts [candidates=2000] [seconds=30]
//        BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/exam-events.ts
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../src/kernel/access.js';
import { examPapers } from '../src/modules/exams/schema.js';
import { recordEvents } from '../src/modules/exams/theory.js';
import { openBenchPlatform } from './support.js';

const CANDIDATES = Number(process.argv[2] ?? 2000);
const SECONDS = Number(process.argv[3] ?? 30);
const bench = await openBenchPlatform();
const { ctx, database, url, dataDir } = bench;

// Papers inserted directly: drawing and booking are not what is measured here.
const now = new Date();
const questions = Array.from({ length: 90 }, () => ({
  questionId: randomUUID(),
  kind: 'single' as const,
  points: 1,
  optionOrder: [0, 1, 2, 3],
}));
const candidates: Array<{ actor: Actor; paperId: string; seq: number }> = [];
for (let i = 0; i < CANDIDATES; i += 500) {
  const batch = Array.from({ length: Math.min(500, CANDIDATES - i) }, () => ({
    bookingId: randomUUID(),
    sessionId: randomUUID(),
    workerId: randomUUID(),
    itemCode: '1.2',
    blueprintVersion: 1,
    questions,
    passMark: 80,
    startedAt: now,
    deadline: new Date(now.getTime() + 3 * 3600_000),
  }));
  const rows = await database.db
    .insert(examPapers)
    .values(batch)
    .returning({ id: examPapers.id, workerId: examPapers.workerId });
  for (const r of rows)
    candidates.push({
      paperId: r.id,
      seq: 0,
      actor: {
        userId: randomUUID(),
        username: 'c',
        displayName: '考生',
        role: 'worker',
        orgId: null,
        orgKind: null,
        orgName: null,
        regionCode: null,
        workerId: r.workerId,
      },
    });
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
function report(label: string, latencies: number[], seconds: number) {
  const sorted = latencies.sort((a, b) => a - b);
  console.log(
    `${label}: ${latencies.length} events in ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(0)} events/s; latency p50 ${pct(sorted, 50).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms`,
  );
}

async function answer(c: (typeof candidates)[number], latencies: number[]) {
  c.seq += 1;
  const t = performance.now();
  await recordEvents(ctx, c.actor, c.paperId, [
    {
      clientSeq: c.seq,
      kind: c.seq % 5 === 0 ? 'option_changed' : 'option_selected',
      position: c.seq % 90,
      selected: [c.seq % 4],
      clientAt: new Date().toISOString(),
    },
  ]);
  latencies.push(performance.now() - t);
}

// A: every candidate answers every 2–4 s (open loop: a slow server does not slow the candidates down).
{
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + SECONDS * 1000;
  const inflight = new Set<Promise<void>>();
  await Promise.all(
    candidates.map(async (c) => {
      await new Promise((r) => setTimeout(r, Math.random() * 3000));
      while (performance.now() < end) {
        const p = answer(c, latencies);
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
        await new Promise((r) => setTimeout(r, 2000 + Math.random() * 2000));
      }
    }),
  );
  await Promise.all(inflight);
  report(
    `A. ${CANDIDATES} candidates, one answer every 2–4 s (${database.kind})`,
    latencies,
    (performance.now() - started) / 1000,
  );
}

// B: closed loop, as fast as commits allow, 64 in flight.
{
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + Math.min(SECONDS, 15) * 1000;
  await Promise.all(
    Array.from({ length: 64 }, async (_, k) => {
      for (let i = k; performance.now() < end; i += 64) await answer(candidates[i % candidates.length], latencies);
    }),
  );
  report(`B. maximum sustained, 64 in flight (${database.kind})`, latencies, (performance.now() - started) / 1000);
}

// Reference: pgbench inserting one row per transaction on the same server, 10 clients.
if (url) {
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
  const out = execFileSync('pgbench', [
    '-n',
    '-c',
    '10',
    '-j',
    '2',
    '-T',
    String(Math.min(SECONDS, 15)),
    '-f',
    script,
    url,
  ]).toString();
  console.log(
    `pgbench reference (10 clients, one insert per transaction): ${/tps = ([\d.]+)/.exec(out)?.[1] ?? '?'} tps`,
  );
}
await bench.close();
process.exit(0);
