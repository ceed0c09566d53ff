// SEC-1: the head of the audit chain is signed into the checkpoint store every hour, so at most an
// hour of the newest records can be cut off unseen.
import type { AppContext } from '../../kernel/context.js';
import type { JobQueue } from '../../kernel/jobs.js';
import { writeAuditCheckpoint } from '../../kernel/audit.js';

export const AUDIT_CHECKPOINT_QUEUE = 'audit.checkpoint';

export async function registerAuditJobs(jobs: JobQueue, ctx: AppContext): Promise<void> {
  await jobs.defineQueue(AUDIT_CHECKPOINT_QUEUE, { retryLimit: 3, retryDelay: 60, retryBackoff: true });
  await jobs.work(AUDIT_CHECKPOINT_QUEUE, async () => {
    const { payload } = await writeAuditCheckpoint(ctx.db, ctx.clock);
    return { seq: payload.seq };
  });
  await jobs.schedule(AUDIT_CHECKPOINT_QUEUE, '7 * * * *');
}
