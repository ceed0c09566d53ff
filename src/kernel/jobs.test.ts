import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testing/harness.js';
import { appendAudit } from './audit.js';
import { JOBS_TIME_ZONE, deadLetterOf, startJobs, type JobQueue } from './jobs.js';

let p: TestPlatform;
let jobs: JobQueue;
beforeAll(async () => {
  p = await startTestPlatform();
  jobs = await startJobs(p.ctx, { pollingIntervalSeconds: 0.5, supervise: false, schedule: false });
});
afterAll(async () => {
  await jobs?.stop();
  await p?.close();
});

async function waitFor<T>(probe: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('jobs (pg-boss on the app database)', () => {
  it('runs a job enqueued in a committed transaction and never one whose transaction rolled back', async () => {
    await jobs.defineQueue('test-atomic', { retryLimit: 0, retryDelay: 0, retryBackoff: false });
    const seen: string[] = [];
    await jobs.work<{ tag: string }>('test-atomic', async (job) => {
      seen.push(job.data.tag);
    });
    await expect(
      p.ctx.db.transaction(async (tx) => {
        await appendAudit(tx, p.ctx.clock, null, { action: 'test.jobs', entityType: 'job', entityId: 'rolled-back' });
        await jobs.send(tx, 'test-atomic', { tag: 'rolled-back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const id = await p.ctx.db.transaction(async (tx) => {
      await appendAudit(tx, p.ctx.clock, null, { action: 'test.jobs', entityType: 'job', entityId: 'committed' });
      return jobs.send(tx, 'test-atomic', { tag: 'committed' });
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => seen.includes('committed'));
    // One more round of polling, to give a phantom rolled-back job the chance to show up.
    await jobs.send(p.ctx.db, 'test-atomic', { tag: 'after' });
    await waitFor(() => seen.includes('after'));
    expect(seen.filter((t) => t === 'rolled-back')).toEqual([]);
    expect(await waitFor(async () => (await jobs.job('test-atomic', id!))?.state === 'completed')).toBe(true);
  });

  it('retries a failing job, then lists it as failed with its last error and keeps a dead-letter copy; a retry runs it again', async () => {
    await jobs.defineQueue('test-flaky', { retryLimit: 2, retryDelay: 0, retryBackoff: false });
    let attempts = 0;
    let healthy = false;
    await jobs.work<{ n: number }>('test-flaky', async () => {
      attempts += 1;
      if (!healthy) throw new Error(`远端拒绝 attempt ${attempts}`);
    });
    const id = (await jobs.send(p.ctx.db, 'test-flaky', { n: 1 }))!;
    const failed = await waitFor(async () => (await jobs.listFailed<{ n: number }>('test-flaky')).items[0]);
    expect(attempts).toBe(3);
    expect(failed).toMatchObject({
      id,
      state: 'failed',
      retryCount: 2,
      retryLimit: 2,
      data: { n: 1 },
      lastError: '远端拒绝 attempt 3',
    });
    expect(await jobs.boss.getQueueSize(deadLetterOf('test-flaky'))).toBe(1);

    healthy = true;
    expect(await jobs.retryFailed('test-flaky', id)).toBe(true);
    await waitFor(async () => (await jobs.job('test-flaky', id))?.state === 'completed');
    expect(attempts).toBe(4);
    expect((await jobs.listFailed('test-flaky')).total).toBe(0);
    expect(await jobs.boss.getQueueSize(deadLetterOf('test-flaky'))).toBe(0);
    expect(await jobs.retryFailed('test-flaky', id)).toBe(false);
    expect(await jobs.retryFailed('test-flaky', 'not-a-uuid')).toBe(false);
  });

  it('registers a cron schedule in Asia/Shanghai time', async () => {
    await jobs.defineQueue('test-nightly', { retryLimit: 1, retryDelay: 60, retryBackoff: true });
    await jobs.schedule('test-nightly', '0 2 * * *', { scan: 'integrity' });
    const schedules = await jobs.schedules();
    expect(schedules.find((s) => s.name === 'test-nightly')).toMatchObject({
      cron: '0 2 * * *',
      data: { scan: 'integrity' },
      options: { tz: JOBS_TIME_ZONE },
    });
  });
});
