// Employers: the special-operations workers they use (REG-4), the 15-day employment filing (EMP-2),
// the ledger (EMP-3), bulk imports, and the annual training plan (EMP-5).
export { employerRoutes } from './routes.js';
export { hireWorker, fileEmployment, endEmployment, getLedger, assignItem } from './service.js';
export { checkCertificate } from './checks.js';
export { EMPLOYER_IMPORTS, importLedgerInline, ledgerImport, LEDGER_LIMITS } from './imports.js';
export { addPlanLine, linkPlanLine } from './plan.js';
export { EMPLOYMENT_KINDS, EMPLOYMENT_KIND_LABELS, FILING_DAYS, type EmploymentKind } from './rules.js';
export {
  proposeUncertifiedCases,
  setEmployerProfile,
  decideCaseProposal,
  listCaseProposals,
  CASE_ACCEPTED_EVENT,
} from './cases.js';
// SUP-4: the employer's suspension (停产停业整顿), set by supervision.
export { suspendEmployer, restoreEmployer, employerSanction } from './sanctions.js';
export { employmentsOfWorkers } from './queries.js';
export { isoDayOf } from './rules.js';
// SUP-1: the facts the regulators' risk-weighted draw of employers reads.
export { employerRiskCounts, type EmployerRiskCounts } from './risk.js';
// Issue 19 item 4: the 工作台's queues.
export { filingDueQueue, certificateRiskQueue, employerBanner } from './queue.js';
// Issue 16: the legacy import writes a province's employer ledgers with the same EMP-1 rule functions.
export {
  refusedAssignments,
  ASSIGNMENT_REFUSAL_LABELS,
  PROVIDED_KINDS,
  filingDueOn,
  parseEmploymentKind,
} from './rules.js';
export { workHistories, openEmploymentsAt, insertImportedEmployments, updateImportedEmployment } from './queries.js';
