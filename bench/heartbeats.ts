// TRN-3 heartbeat ingestion: N concurrent online learners (default 2,000), one heartbeat every 30 s
// each, plus a burst where everyone beats at once. Server time is a FixedClock moved 30 s per round,
// so every beat is a normal, credited one; the wall-clock rate and latencies are what is measured.
// Usage: npx tsx bench/heartbeats.ts [N] [rounds]   (BENCH_DATABASE_URL=postgres://… for PostgreSQL)
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Actor } from '../src/kernel/access.js';
import { FixedClock } from '../src/kernel/clock.js';
import { captureRandom, heartbeat, startLesson } from '../src/modules/learning/index.js';
import { courseClasses, courses, lessons } from '../src/modules/learning/schema.js';
import { classEnrolments, trainingClasses } from '../src/modules/training/schema.js';
import { openBenchPlatform } from './support.js';

const N = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 5);
const clock = new FixedClock(new Date('2026-11-23T02:00:00Z'));
const bench = await openBenchPlatform({ clock });
const { ctx } = bench;
captureRandom.next = () => 0.999; // captures due after ~15 min: beyond the rounds measured, so no beat pauses

// Fixtures written directly: the bench is about heartbeats, not about filing and enrolment.
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
const workers = Array.from({ length: N }, () => randomUUID());
for (let i = 0; i < N; i += 500)
  await ctx.db
    .insert(classEnrolments)
    .values(workers.slice(i, i + 500).map((workerId) => ({ classId: cls.id, workerId, enrolledAt: clock.now() })));
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
const sessions = await Promise.all(
  workers.map((w) => startLesson(ctx, actor(w), { classId: cls.id, lessonId: lesson.id })),
);

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
async function round(position: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  let credited = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sessions.length) {
        const i = next++;
        const t = performance.now();
        const r = await heartbeat(ctx, actor(workers[i]), sessions[i].id, { position, interacted: true });
        latencies.push(performance.now() - t);
        if (r.accepted) credited++;
      }
    }),
  );
  return { ms: performance.now() - t0, latencies, credited };
}

const all: number[] = [];
let beats = 0;
let wall = 0;
for (let r = 1; r <= ROUNDS; r++) {
  clock.advance(30_000);
  const res = await round(r * 30, 32);
  all.push(...res.latencies);
  beats += res.latencies.length;
  wall += res.ms;
  console.log(`round ${r}: ${res.latencies.length} beats (${res.credited} credited) in ${res.ms.toFixed(0)} ms`);
}
console.log(
  `sustained: ${(beats / (wall / 1000)).toFixed(0)} beats/s (needed for ${N} learners at one per 30 s: ${(N / 30).toFixed(1)}/s); p50 ${pct(all, 50).toFixed(1)} ms, p99 ${pct(all, 99).toFixed(1)} ms`,
);
clock.advance(30_000);
const burst = await round((ROUNDS + 1) * 30, N);
console.log(
  `burst: all ${N} at once in ${burst.ms.toFixed(0)} ms (${burst.credited} credited); p50 ${pct(burst.latencies, 50).toFixed(1)} ms, p99 ${pct(burst.latencies, 99).toFixed(1)} ms`,
);
console.log(
  `database ${bench.database.kind}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
await bench.close();
