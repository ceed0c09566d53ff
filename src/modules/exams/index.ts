// Exams (EXM-1..11): question bank and blueprints, sites kept apart from training, filed plans,
// sessions and bookings, door check, computer-based theory exams with every answer event recorded.
export { examRoutes } from './routes.js';
export { VENDOR_IMPORTS, vendorImportRoutes } from './vendor-routes.js';
export { vendorAttemptImport, VENDOR_COLUMNS } from './vendor-kind.js';
export {
  candidateEligibility,
  separationConflicts,
  attemptVerdict,
  type CandidateEligibility,
  type SeamCheck,
} from './seams.js';
export { importQuestions, setBlueprint, readQuestionRows, importQuestionWorkbook, getBank } from './bank.js';
export { createSite, acceptSite, fileSite, publicSites } from './sites.js';
export { applyForSite, reviewSiteApplication, fileSiteApplication } from './site-applications.js';
export { filePlan, decidePlan, createSession, bookCandidate, getSessionRoster } from './plans.js';
export { startPaper, getPaper, recordEvents, submitPaper } from './theory.js';
export {
  doorCheck,
  decideDoorHold,
  doorRecords,
  doorReferencePhoto,
  doorMismatchesBySites,
  doorMismatchesBetween,
  findDoorIncident,
} from './door.js';
export { proposeQuestion, decideProposal, listProposals } from './bank-proposals.js';
export { DEMO_BANK, DEMO_BLUEPRINT } from './demo-bank.js';
export { recordSheet, addArchiveRef, publishResults, passedCandidates, getPracticalStandard } from './practical.js';
export { registerStaff, listStaff, type NewStaff } from './staff.js';
export { updateStaff, deactivateStaff, assignChiefExaminer } from './staff-admin.js';
// Read by supervision (SUP-1, SUP-2): the sites a regulator inspects.
export { findSite, listSites, type SiteRow } from './queries.js';
export { ACCEPTANCE_CHECKLIST } from './rules.js';
export {
  integritySessions,
  integrityPapers,
  integrityFinalAnswers,
  integrityAnswerEvents,
  integrityQuestionLabels,
  integrityArchiveRefs,
  vendorItemCodes,
  papersInProgress,
  cancelScore,
  type IntegritySessionFilter,
} from './integrity-seam.js';
export { currentBankQuestions, passedExamOrigin, type BankQuestion } from './spot-seam.js';
// SUP-4: sanctions decided by supervision take effect here.
export {
  suspendExamSite,
  cancelExamSite,
  restoreExamSite,
  revokeExaminer,
  restoreExaminer,
  siteSanction,
} from './sanctions.js';
export { firstAttemptResultsOfInstitutions, resultsByBookingIds } from './queries.js';
export { admissionNumber } from './rules.js';
// Order 30 art. 32: employers check a returning holder's practical exam before work (EMP-1).
export { returnToWorkPasses } from './queries.js';
export { ATTEMPT_LABELS, type ExamAttempt } from './schema.js';
export { staffOfCentre } from './staff.js';
// INS-5, EXM-11: what the annual ratings read.
export { applicantOrgsOfAttempts, sessionsHeldBySites } from './rating-seam.js';
export {
  COMMON_SUBJECTS,
  nationalPracticalStandard,
  practicalStandardProblems,
  type CommonSubject,
  type PracticalStandardSetting,
  type PracticalSubject,
} from './practical-standards.js';
// Issue 22: sign-up compares a new account's face with the same identity source the door uses.
export { compareWithIdentitySource, type IdentitySourceOutcome } from './identity-source.js';
// Issue 19 item 4: the 工作台's queues.
export {
  sessionsAheadQueue,
  candidateQueue,
  examinerSheetQueue,
  myExamQueue,
  siteApplicationQueue,
  centreApplicationQueue,
} from './queue.js';
export {
  applyForCentreFiling,
  reviewCentreApplication,
  fileCentreApplication,
  revokeCentreFiling,
  centreFilingOverview,
} from './centre-filings.js';
export { carryOverCentreFiling } from './centre-filings.js';
// Issue 16: the legacy import brings in a province's existing exam sites.
export { insertSite as insertImportedSite, updateSite as updateImportedSite, sitesOfCentres } from './queries.js';
