// Integrity background jobs (pg-boss through kernel/jobs): the scan queue (on-demand scans and one
// scan per ended session), a sweep every ten minutes that queues scans for sessions that ended,
// and a nightly scan of the previous day.
import type { AppContext } from '../../kernel/context.js';
import { chinaDate } from '../../kernel/clock.js';
import type { JobQueue } from '../../kernel/jobs.js';
import { integritySessions } from '../exams/index.js';
import { scannedSessionIds } from './queries.js';
import { SCAN_QUEUE, executeScan, requestScan } from './service.js';

/** A session's papers are all over this long after it starts (the longest time limit plus grace). */
export const SESSION_OVER_MS = 4 * 3_600_000;

/** Ended sessions (of the last two days) that no session scan has covered yet get one each. */
export async function queueEndedSessions(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const from = chinaDate(new Date(now.getTime() - 2 * 86_400_000));
  const ended = (await integritySessions(ctx.db, { from, to: chinaDate(now) })).filter(
    (s) => s.startsAt.getTime() + SESSION_OVER_MS <= now.getTime(),
  );
  const done = await scannedSessionIds(
    ctx.db,
    ended.map((s) => s.id),
  );
  let queued = 0;
  for (const s of ended) {
    if (done.has(s.id)) continue;
    await requestScan(ctx, null, { sessionIds: [s.id] }, 'session');
    queued += 1;
  }
  return queued;
}

export async function registerIntegrityJobs(jobs: JobQueue, ctx: AppContext): Promise<void> {
  await jobs.defineQueue(SCAN_QUEUE, { retryLimit: 2, retryDelay: 60, retryBackoff: true, expireInSeconds: 1800 });
  await jobs.work<{ scanId: string }>(
    SCAN_QUEUE,
    async (job) => executeScan(ctx, job.data.scanId).then((s) => ({ flags: s?.flags ?? 0 })),
    { batchSize: 1 },
  );
  await jobs.defineQueue('integrity.ended-sessions', { retryLimit: 1, retryDelay: 60, retryBackoff: false });
  await jobs.work('integrity.ended-sessions', async () => ({ queued: await queueEndedSessions(ctx) }));
  await jobs.schedule('integrity.ended-sessions', '*/10 * * * *');
  await jobs.defineQueue('integrity.nightly', { retryLimit: 1, retryDelay: 300, retryBackoff: false });
  await jobs.work('integrity.nightly', async () => {
    const day = chinaDate(new Date(ctx.clock.now().getTime() - 86_400_000));
    return requestScan(ctx, null, { from: day, to: day }, 'nightly');
  });
  await jobs.schedule('integrity.nightly', '30 2 * * *');
}
