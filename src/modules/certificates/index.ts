// Certificates (CER-1..6): issuance tasks on the authority's working-day calendar, signed W3C
// credentials and status lists, public verification with the record of possible fakes, review,
// revocation, cancellation, replacement and reminders.
export { certificateRoutes, jwksRoute } from './routes.js';
export {
  certificateSubscribers,
  authorityFor,
  approveTask,
  returnTask,
  reopenTask,
  listTasks,
  setAuthoritySettings,
  editCalendar,
  type ExamPassedPayload,
} from './tasks.js';
export { revokeCertificate, cancelCertificate, replaceCertificate, issueLegacyCredential } from './issue.js';
export { applyForReview, decideReview } from './reviews.js';
export {
  certificatePdfInput,
  nationalRecordOf,
  certificateRegister,
  reapplicationBarredUntil,
  produceReminders,
  listCertificates,
  getCertificate,
  myReminders,
} from './service.js';
export { verifyByNumber, verifyByToken, fakeQueryReport } from './verify.js';
export { flushVerificationTally, startVerificationTally } from './verify-tally.js';
export {
  rotateKey,
  publishedJwks,
  publishedSm2Jwks,
  verifySm2Jws,
  encodeStatusList,
  statusPosition,
} from './credentials.js';
export {
  remindersDue,
  certificateNumber,
  certificatePeriod,
  publicStatus,
  maskName,
  addWorkingDays,
  CHINA_2026_CALENDAR,
  DEFAULT_DEADLINE_WORKING_DAYS,
  type NationalCertificateRecord,
  type CertificatePdfInput,
  type VerifyAnswer,
} from './rules.js';
export { renderCertificatePdf } from './pdf.js';
export { nationalPushRoutes, nationalPushSubscriber, registerNationalPushWorker } from './national.js';
export { certificatesOfWorkers } from './service.js';
export { standingOnDay, PUBLIC_STATUS_LABELS } from './rules.js';
// CER-2/CER-3 inbound: the national query platform, asked about numbers the platform does not hold.
export {
  lookUpNationally,
  nationalQueryEnabled,
  nationalStanding,
  type NationalCertificate,
  type NationalLookup,
} from './national-query/lookup.js';
export {
  certificatesByNumbers,
  insertImportedCertificates,
  insertNewImportedCertificatesFrom,
  updateImportedCertificates,
  importedCertificatesWritten,
  insertImportedReviews,
  updateImportedReview,
  advanceReviewDates,
  type ImportedReview,
  ORIGIN_LABELS,
  type CertificateOrigin,
  type ImportedCertificate,
  type ImportedUpdate,
  type StoredCertificate,
} from './legacy.js';
// Issue 19 item 4: the 工作台's queues.
export { issuanceQueue, holderCertificateQueue, type TaskQueueScope } from './queue.js';
