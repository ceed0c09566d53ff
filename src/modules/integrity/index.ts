// Exam integrity (INT-1..INT-6): detectors over the exams' answer data, scans after each session and
// on demand, ranked flags with evidence and a person's decision, suspension proposals, the remote
// patrol board and unannounced visits.
export { integrityRoutes } from './routes.js';
export { registerIntegrityJobs, queueEndedSessions } from './jobs.js';
export {
  requestScan,
  executeScan,
  rankedFlags,
  getFlag,
  decideFlag,
  explainFlag,
  suspensionProposals,
  siteOverview,
  SCAN_QUEUE,
  SUSPENSION_EVENT,
} from './service.js';
export { patrolBoard, patrolSession, patrolAct, drawVisits, recordVisit } from './patrol.js';
export { setSiteRegister } from './registers.js';
export { flagReport, siteReport } from './reports.js';
export { runScan, type ScanSession, type ScanAttempt } from './scan-core.js';
export { KIND_LABELS, RULE_LABELS } from './rules.js';
// INS-5, EXM-11: what the annual ratings read.
export { confirmedFlagsBetween, sitePassRatesBetween, type ConfirmedFlag, type SitePassRate } from './rating-seam.js';
export { benjaminiHochberg, poissonSf, gammaP } from './detectors/stats.js';
// Issue 19 item 4: the 工作台's queue.
export { openFlagQueue } from './queue.js';
