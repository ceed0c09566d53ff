// Analytics background job (pg-boss through kernel/jobs): the dashboard summaries are recomputed
// every 15 minutes, so a province's dashboard reads a few thousand summary rows, not millions.
import type { AppContext } from '../../kernel/context.js';
import type { JobQueue } from '../../kernel/jobs.js';
import { refreshDashboardSummaries } from './service.js';

export const REFRESH_QUEUE = 'analytics.refresh';

export async function registerAnalyticsJobs(jobs: JobQueue, ctx: AppContext): Promise<void> {
  await jobs.defineQueue(REFRESH_QUEUE, { retryLimit: 1, retryDelay: 60, retryBackoff: false, expireInSeconds: 1800 });
  await jobs.work(REFRESH_QUEUE, async () => {
    await refreshDashboardSummaries(ctx);
    return { refreshed: true };
  });
  await jobs.schedule(REFRESH_QUEUE, '*/15 * * * *');
}
