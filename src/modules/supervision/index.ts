// Supervision and enforcement (SUP): public reports (举报, SUP-6) and self-inspection campaigns (SUP-5) so far.
export { supervisionRoutes } from './routes.js';
export { fileReport, handleReport, trackReport } from './reports.js';
export { REPORT_CATEGORIES, REPORT_STATUSES, REPORT_FINDINGS, type ReportCategory, type ReportStatus } from './rules.js';
export { openCampaign, fileSelfInspection, completeMeasure } from './campaigns.js';
