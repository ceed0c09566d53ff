// Training: classes filed within 48 h (TRN-1), face-checked attendance (TRN-2), the hours ledger (TRN-4).
export { trainingRoutes } from './routes.js';
export { openClass, fileClass, enrolTrainee, scheduleSession } from './service.js';
export { checkIn, checkOut } from './attendance.js';
export { requestExam, setMaterials, submitExamApplication, declareArchiveFalse } from './exam.js';
export {
  creditCrossesHour,
  onlineCreditUpsertText,
  onlineSecondsOfSourceText,
  onlineSecondsText,
  recordOnlineCredit,
} from './online.js';
export { findClass as findTrainingClass, isEnrolled, type ClassRow as TrainingClassRow } from './queries.js';
export { ledgerOfClass } from './ledger.js';
export { hourUnits, ONLINE_UNIT_MINUTES } from './rules.js';
// Order 30: the national values the province settings start from (settings module).
export { EXAM_WITHIN_DAYS, NATIONAL_PLACE_LEVEL, PLACE_LEVELS, type PlaceLevel } from './rules.js';
export { enrolmentsOfWorker } from './queries.js';
export { trainingStanding, reviewTrainingStanding, type TrainingStanding } from './standing.js';
export { applyDirect, reviewDirect } from './direct.js';
export { classFilingsOfInstitutions } from './queries.js';
// INS-5: trainee reviews (学员网上评议), read by the annual rating.
export {
  submitClassReview,
  myClassReviews,
  institutionClassReviews,
  classReviewsOfInstitutions,
  reviewRefusal,
} from './reviews.js';
export { initialClassesOfWorkers } from './queries.js';
export { CLASS_FILED_EVENT } from './service.js';
// Issue 19 item 4: the 工作台's queues.
export { classFilingQueue, returnedApplicationQueue } from './queue.js';
