// TRN-3 heartbeat ingestion over HTTP, as a learner's browser sends it: each learner logs in through
// POST /api/auth/login from its own loopback address, keeps its session cookie, and posts its beats to
// POST /api/learning/sessions/:id/heartbeat with the CSRF header; the learners run in a child process
// (bench/heartbeats-client.mjs), so the client's work does not share the server's event loop.
// Sustained: N learners (default 2,000) each beating once every 30 s of wall-clock time, at random
// moments (open loop), for `rounds` rounds; then a burst where every learner beats at once. Server
// time is a FixedClock moved 30 s per round, so every beat is a normal, credited one.
// Usage: npx tsx bench/heartbeats.ts [N=2000] [rounds=3] [seconds per round=30]
//        (BENCH_DATABASE_URL=postgres://… for PostgreSQL)
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Actor } from '../src/kernel/access.js';
import { buildApp } from '../src/app.js';
import { FixedClock } from '../src/kernel/clock.js';
import { preparePassword } from '../src/modules/accounts/index.js';
import { users } from '../src/modules/accounts/schema.js';
import { captureRandom, startLesson } from '../src/modules/learning/index.js';
import { courseClasses, courses, lessons } from '../src/modules/learning/schema.js';
import { classEnrolments, trainingClasses } from '../src/modules/training/schema.js';
import { TEST_PASSWORD } from '../src/testing/harness.js';
import { inParallel, jsonRequest } from './http-json.mjs';
import { openBenchPlatform } from './support.js';

const N = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 3);
const SPREAD = Number(process.argv[4] ?? 30);
const clock = new FixedClock(new Date('2026-11-23T02:00:00Z'));
const bench = await openBenchPlatform({ clock });
const { ctx } = bench;
captureRandom.next = () => 0.999; // captures due after ~15 min: beyond the rounds measured, so no beat pauses
const app = await buildApp(ctx, { logger: false });
// As `serve` listens (src/main.ts): 2,000 learners' first beats open their connections at once.
await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
const port = (app.server.address() as { port: number }).port;

// Fixtures written directly: the bench is about heartbeats, not about filing and enrolment.
const setupStarted = performance.now();
const orgId = randomUUID();
const [cls] = await ctx.db
  .insert(trainingClasses)
  .values({
    orgId,
    regionCode: '510107',
    itemCode: '1.1',
    name: '压测班',
    opensAt: clock.now(),
    syllabusTheoryHours: 10,
    syllabusPracticalHours: 2,
    createdAt: clock.now(),
  })
  .returning();
const [course] = await ctx.db
  .insert(courses)
  .values({ orgId, regionCode: '510107', itemCode: '1.1', title: '压测课程', createdAt: clock.now() })
  .returning();
const [lesson] = await ctx.db
  .insert(lessons)
  .values({ courseId: course.id, title: '压测课时', durationSeconds: 6 * 3600, topic: '压测', ordinal: 1 })
  .returning();
await ctx.db.insert(courseClasses).values({ courseId: course.id, classId: cls.id });
const passwordHash = await preparePassword(ctx.config, TEST_PASSWORD);
interface Learner {
  username: string;
  workerId: string;
  localAddress: string;
  cookie: string;
  csrf: string;
  sessionId: string;
}
const learners: Learner[] = Array.from({ length: N }, (_, i) => ({
  username: `learner${i}_${randomUUID().slice(0, 8)}`,
  workerId: randomUUID(),
  // One browser per learner, from its own loopback address (the login rate limit is per address).
  localAddress: `127.2.${Math.floor(i / 250)}.${(i % 250) + 1}`,
  cookie: '',
  csrf: '',
  sessionId: '',
}));
for (let i = 0; i < N; i += 500) {
  const batch = learners.slice(i, i + 500);
  await ctx.db
    .insert(classEnrolments)
    .values(batch.map((l) => ({ classId: cls.id, workerId: l.workerId, enrolledAt: clock.now() })));
  await ctx.db.insert(users).values(
    batch.map((l, k) => ({
      username: l.username,
      displayName: `学员${i + k}`,
      passwordHash,
      role: 'worker',
      workerId: l.workerId,
      createdAt: clock.now(),
    })),
  );
}
const actor = (workerId: string): Actor => ({
  userId: workerId,
  username: 'bench',
  displayName: '压测学员',
  role: 'worker',
  orgId: null,
  orgKind: null,
  orgName: null,
  regionCode: null,
  workerId,
});
await inParallel(N, 8, async (i) => {
  const l = learners[i];
  const agent = new http.Agent({ keepAlive: false, localAddress: l.localAddress } as http.AgentOptions);
  const res = await jsonRequest(port, agent, 'POST', '/api/auth/login', {
    username: l.username,
    password: TEST_PASSWORD,
  });
  if (res.status !== 200) throw new Error(`login ${res.status}: ${res.body}`);
  l.cookie = String(res.setCookie?.find((s) => s.startsWith('ql_session='))?.split(';')[0]);
  l.csrf = JSON.parse(res.body).csrfToken;
  agent.destroy();
  l.sessionId = (await startLesson(ctx, actor(l.workerId), { classId: cls.id, lessonId: lesson.id })).id;
});
console.log(
  `${N} learners with accounts, logged in over HTTP, each in a lesson (${bench.database.kind}) in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
);

// The learners, in their own process.
interface RoundResult {
  latencies: number[];
  credited: number;
  failed: number;
  causes: Record<string, number>;
  ms: number;
}
const client = fork(path.join(import.meta.dirname, 'heartbeats-client.mjs'), [], { execArgv: [] });
const replies: Array<(m: RoundResult) => void> = [];
client.on('message', (m: RoundResult) => replies.shift()?.(m));
const ask = (m: object) =>
  new Promise<RoundResult>((resolve) => {
    replies.push(resolve);
    client.send(m);
  });
await ask({
  type: 'init',
  port,
  learners: learners.map((l) => ({
    sessionId: l.sessionId,
    localAddress: l.localAddress,
    cookie: l.cookie,
    csrf: l.csrf,
  })),
});

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;
const causes = (r: RoundResult) =>
  Object.entries(r.causes)
    .map(([c, n]) => `\n   refused: ${n} × ${c}`)
    .join('');
const loadBefore = os.loadavg()[0];
const all: number[] = [];
for (let r = 1; r <= ROUNDS; r++) {
  clock.advance(30_000);
  const res = await ask({ type: 'round', position: r * 30, spread: SPREAD });
  all.push(...res.latencies);
  console.log(
    `round ${r}: ${res.latencies.length} of ${N} beats answered (${res.credited} credited, ${res.failed} failed) over ${(res.ms / 1000).toFixed(1)} s; p50 ${pct(res.latencies, 50).toFixed(1)} ms, p99 ${pct(res.latencies, 99).toFixed(1)} ms${causes(res)}`,
  );
}
console.log(
  `sustained: ${N} learners, one beat each every ${SPREAD} s (${(N / SPREAD).toFixed(1)} beats/s offered), over HTTP: p50 ${pct(all, 50).toFixed(1)} ms, p99 ${pct(all, 99).toFixed(1)} ms, max ${Math.max(...all).toFixed(0)} ms (target p99 ≤ ${bench.database.kind === 'postgres' ? 50 : 100} ms)`,
);
clock.advance(30_000);
const burst = await ask({ type: 'round', position: (ROUNDS + 1) * 30, spread: 0 });
console.log(
  `burst: all ${N} at once, drained in ${burst.ms.toFixed(0)} ms (target ≤ 2,000 ms); ${burst.credited} credited, ${burst.failed} failed; p50 ${pct(burst.latencies, 50).toFixed(1)} ms, p99 ${pct(burst.latencies, 99).toFixed(1)} ms${causes(burst)}`,
);
console.log(
  `database ${bench.database.kind}; load average ${loadBefore.toFixed(2)} before the rounds, ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at the end`,
);
client.send({ type: 'exit' });
await app.close();
await bench.close();
process.exit(0);
