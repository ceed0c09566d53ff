// Supervision and enforcement (SUP): inspection plans and inspections with closed-loop findings
// (SUP-1, SUP-2), self-inspection campaigns (SUP-5) and public reports (举报, SUP-6) so far.
export { supervisionRoutes } from './routes.js';
export { fileReport, handleReport, trackReport, type ReportInput } from './reports.js';
export {
  REPORT_CATEGORIES,
  REPORT_STATUSES,
  REPORT_FINDINGS,
  type ReportCategory,
  type ReportStatus,
} from './rules.js';
export { openCampaign, fileSelfInspection, completeMeasure } from './campaigns.js';
export {
  addToInspectionPlan,
  startInspection,
  checkItem,
  recordFinding,
  completeInspection,
  submitRectification,
  verifyRectification,
} from './inspections.js';
export { startSpotExam, openSpotExam, submitSpotExam, listSpotExams, myFailedSpotExams } from './spot-exams.js';
export { spotExamTallyOf } from './spot-exam-queries.js';
// SUP-4: the violation catalogue, cases and sanctions.
export { openCase, actOnCase, decideCase, liftSanction, listCases, getCase, supervisionSubscribers } from './cases.js';
export { VIOLATIONS, CATALOGUE_VERSION, SANCTION_KINDS, decisionRefusal, findViolation } from './violations.js';
// INS-5: annual ratings computed from facts.
export { listRatings, getRating, publishRatings } from './ratings.js';
export { assessInstitution, DEDUCTIONS, EXIT_LINE } from './rules.js';
// INS-5: self-assessment and third-party assessment; EXM-11: exam sites' annual grade.
export { getSelfAssessment, saveSelfAssessment, recordThirdPartyAssessment } from './assessments.js';
export { listSiteRatings, getSiteRating, publicSiteRatings } from './ratings.js';
export { assessExamSite, RATING_COMPONENTS, SITE_DEDUCTIONS, SELF_ASSESSMENT_DIMENSIONS } from './rules.js';
// SUP-7: published penalty decisions (行政处罚信息公示).
export { publishCase, listPublishedPenalties } from './cases.js';
// SUP-1/SUP-2: inspection planning driven by data — first classes, annual coverage, the risk-weighted draw, 回头看.
export {
  planningSubscribers,
  firstClassTasks,
  annualCoverage,
  employerRisk,
  drawEmployers,
  listReinspections,
  addReinspections,
} from './planning.js';
export { riskScore, drawWeighted, reinspectionReasons, RISK_FACTORS, INSPECTION_PURPOSES } from './rules.js';
// Issue 19 item 4: the 工作台's queues.
export { findingQueue, reportQueue } from './queue.js';
