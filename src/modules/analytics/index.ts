// Analytics (ANA-1, ANA-3): campaign statistics in the national report's shape and dashboards per
// jurisdiction, read-only over the other modules' tables (queries.ts holds analytics' SQL "views").
export { analyticsRoutes } from './routes.js';
export { dashboard, metricRecords, campaignStatistics, campaignFigureRecords } from './service.js';
export { DASHBOARD_METRICS, CAMPAIGN_FIGURES, wilsonInterval, passRate } from './rules.js';
