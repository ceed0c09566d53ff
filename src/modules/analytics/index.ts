// Analytics (ANA-1, ANA-3): campaign statistics in the national report's shape and dashboards per
// jurisdiction, read-only over the other modules' tables (queries.ts holds analytics' SQL "views").
export { analyticsRoutes } from './routes.js';
export {
  dashboard,
  metricRecords,
  campaignStatistics,
  campaignFigureRecords,
  refreshDashboardSummaries,
} from './service.js';
export { registerAnalyticsJobs, REFRESH_QUEUE } from './jobs.js';
export { DASHBOARD_METRICS, CAMPAIGN_FIGURES, wilsonInterval, passRate } from './rules.js';
export { resolveRegion } from './service.js';
export { periodError } from './rules.js';
