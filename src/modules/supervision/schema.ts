// Supervision (监管执法): public reports (举报, SUP-6) — filed by anyone without an account, followed
// with a tracking code, handled by the regulator of the place the report is about — and
// self-inspection campaigns (SUP-5).
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type {
  CampaignTarget,
  ChecklistItem,
  DrawCandidate,
  FindingStatus,
  InspectionPurpose,
  InspectionTarget,
  PlanEntrySource,
  ReportCategory,
  ReportFinding,
  ReportStatus,
  ReportStep,
} from './rules.js';

export const publicReports = pgTable(
  'public_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The reporter's only key to the report: unguessable, shown once at filing. */
    trackingCode: text('tracking_code').notNull(),
    /** The county (or city) the report is about: the regulators' scope (SEC-2). */
    regionCode: text('region_code').notNull(),
    /** The regulator that handles it; only its staff see who reported (SUP-6). */
    handlingOrgId: uuid('handling_org_id').notNull(),
    category: text('category').$type<ReportCategory>().notNull(),
    subjectName: text('subject_name').notNull(),
    content: text('content').notNull(),
    /** SEC-3: sealed; null when the report is anonymous. */
    reporterNameSealed: text('reporter_name_sealed'),
    reporterPhoneSealed: text('reporter_phone_sealed'),
    status: text('status').$type<ReportStatus>().notNull(),
    finding: text('finding').$type<ReportFinding>(),
    /** What the reporter reads with the tracking code once the report is closed. */
    publicResult: text('public_result'),
    rewardYuan: integer('reward_yuan'),
    rewardedAt: timestamp('rewarded_at', { withTimezone: true, mode: 'date' }),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('public_reports_tracking_code_idx').on(t.trackingCode),
    index('public_reports_region_idx').on(t.regionCode, t.receivedAt),
    index('public_reports_handling_idx').on(t.handlingOrgId, t.status),
  ],
);

/** Every step of the handling, in order: what the reporter sees (publicNote) and what stays inside (note). */
export const publicReportSteps = pgTable(
  'public_report_steps',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    reportId: uuid('report_id').notNull(),
    step: text('step').$type<ReportStep>().notNull(),
    note: text('note'),
    publicNote: text('public_note'),
    /** For a transfer: from and to which regulator. */
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    orgId: uuid('org_id'),
    userId: uuid('user_id'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('public_report_steps_report_idx').on(t.reportId, t.id)],
);

export const publicReportAttachments = pgTable(
  'public_report_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id').notNull(),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    /** SEC-3: sealed base64 of the stored bytes (images re-encoded without metadata such as GPS). */
    contentSealed: text('content_sealed').notNull(),
  },
  (t) => [index('public_report_attachments_report_idx').on(t.reportId)],
);

/**
 * Self-inspection campaigns (自查自改, SUP-5; seed 001 §四(一)): a regulator asks every training
 * institution or exam body of its jurisdiction for a self-inspection report by a deadline.
 */
export const selfInspectionCampaigns = pgTable(
  'self_inspection_campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** The regulator's jurisdiction: the organisations inside it are asked to report. */
    regionCode: text('region_code').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    targetKind: text('target_kind').$type<CampaignTarget>().notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdBy: uuid('created_by').notNull(),
  },
  (t) => [index('self_inspection_campaigns_region_idx').on(t.regionCode, t.dueOn)],
);

export const selfInspectionReports = pgTable(
  'self_inspection_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id').notNull(),
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    summary: text('summary').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
    submittedBy: uuid('submitted_by').notNull(),
  },
  (t) => [uniqueIndex('self_inspection_reports_campaign_org_idx').on(t.campaignId, t.orgId)],
);

/** One problem found, with its measure, deadline and responsible person (问题清单). */
export const selfInspectionItems = pgTable(
  'self_inspection_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    orgId: uuid('org_id').notNull(),
    problem: text('problem').notNull(),
    measure: text('measure').notNull(),
    responsible: text('responsible').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    completedOn: date('completed_on', { mode: 'string' }),
    completionNote: text('completion_note'),
    position: integer('position').notNull(),
  },
  (t) => [
    index('self_inspection_items_report_idx').on(t.reportId, t.position),
    index('self_inspection_items_campaign_idx').on(t.campaignId),
  ],
);

/** A regulator's annual inspection plan (SUP-1): every institution and exam site of its jurisdiction in it. */
export const inspectionPlans = pgTable(
  'inspection_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('inspection_plans_org_year_idx').on(t.orgId, t.year)],
);

export const inspectionPlanEntries = pgTable(
  'inspection_plan_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    targetKind: text('target_kind').$type<InspectionTarget>().notNull(),
    /** An organisation (institution, employer) or an exam site. */
    targetId: uuid('target_id').notNull(),
    targetName: text('target_name').notNull(),
    regionCode: text('region_code').notNull(),
    plannedMonth: integer('planned_month').notNull(),
    /** SUP-1: why the target is in the plan — the annual full inspection, a 双随机 draw, or a 回头看. */
    source: text('source').$type<PlanEntrySource>().notNull().default('annual'),
    /** For a draw or a 回头看: the draw, or the findings that call for it, in words. */
    reason: text('reason'),
    drawId: uuid('draw_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('inspection_plan_entries_target_idx').on(t.planId, t.targetId, t.source),
    index('inspection_plan_entries_plan_idx').on(t.planId, t.plannedMonth),
  ],
);

/** One inspection on site, worked through a checklist on a phone (SUP-2). */
export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    inspectorUserId: uuid('inspector_user_id').notNull(),
    inspectorName: text('inspector_name').notNull(),
    planEntryId: uuid('plan_entry_id'),
    targetKind: text('target_kind').$type<InspectionTarget>().notNull(),
    targetId: uuid('target_id').notNull(),
    targetName: text('target_name').notNull(),
    /** The organisation that answers for the findings (the exam centre for one of its sites). */
    responsibleOrgId: uuid('responsible_org_id').notNull(),
    regionCode: text('region_code').notNull(),
    checklist: jsonb('checklist').$type<ChecklistItem[]>().notNull(),
    /** SUP-1: what the inspection is for (a 回头看 re-checks the earlier findings). */
    purpose: text('purpose').$type<InspectionPurpose>().notNull().default('full'),
    status: text('status').$type<'in_progress' | 'completed'>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('inspections_region_idx').on(t.regionCode, t.startedAt),
    index('inspections_target_idx').on(t.targetId),
    index('inspections_entry_idx').on(t.planEntryId),
  ],
);

/** A problem found, closed only when its rectification is verified (闭环, SUP-2). */
export const inspectionFindings = pgTable(
  'inspection_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id').notNull(),
    checklistItemId: text('checklist_item_id'),
    responsibleOrgId: uuid('responsible_org_id').notNull(),
    targetName: text('target_name').notNull(),
    regionCode: text('region_code').notNull(),
    description: text('description').notNull(),
    legalBasis: text('legal_basis').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    responsiblePerson: text('responsible_person').notNull(),
    status: text('status').$type<FindingStatus>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('inspection_findings_region_idx').on(t.regionCode, t.status),
    index('inspection_findings_org_idx').on(t.responsibleOrgId, t.status),
    index('inspection_findings_inspection_idx').on(t.inspectionId),
  ],
);

/** Photos: of the problem (by the inspector) and of the rectification (by the organisation). */
export const findingPhotos = pgTable(
  'finding_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    findingId: uuid('finding_id').notNull(),
    rectificationId: uuid('rectification_id'),
    jpeg: text('jpeg').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('finding_photos_finding_idx').on(t.findingId)],
);

export const findingRectifications = pgTable(
  'finding_rectifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    findingId: uuid('finding_id').notNull(),
    note: text('note').notNull(),
    submittedBy: uuid('submitted_by').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    verdict: text('verdict').$type<'accepted' | 'returned'>(),
    verifyNote: text('verify_note'),
    verifiedBy: uuid('verified_by'),
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('finding_rectifications_finding_idx').on(t.findingId, t.submittedAt)],
);

/** A question of a spot exam as drawn from the bank; the answer stays on the server. */
export interface SpotQuestion {
  id: string;
  kind: string;
  stem: string;
  options: string[];
  answer: number[];
}

/**
 * Spot exams on site (逢查必考, SUP-3; seed 003, seed 004 §12 §16): during an inspection the inspector
 * picks a worker present and an operation item; the worker takes a short paper from that item's bank
 * through a one-time code. A fail is attributed to the employer, the training institution and the exam
 * site that stand behind the worker, so ratings (INS-5) and analytics can count it.
 */
export const spotExams = pgTable(
  'spot_exams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** One-time code (SUP-3): opens the paper once, until codeExpiresAt. */
    code: text('code').notNull(),
    /** sha256 of the token handed out when the code is used; answers are accepted only with it. */
    tokenHash: text('token_hash'),
    inspectionId: uuid('inspection_id').notNull(),
    /** The inspecting regulator and the place inspected (the regulators' scope, SEC-2). */
    orgId: uuid('org_id').notNull(),
    orgName: text('org_name').notNull(),
    inspectorUserId: uuid('inspector_user_id').notNull(),
    regionCode: text('region_code').notNull(),
    targetName: text('target_name').notNull(),
    workerId: uuid('worker_id').notNull(),
    workerName: text('worker_name').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    certificateNumberMasked: text('certificate_number_masked'),
    itemCode: text('item_code').notNull(),
    itemName: text('item_name').notNull(),
    /** Attribution of a fail (SUP-3 → INS-5, ANA-3): who employs, who trained, where examined. */
    employerOrgId: uuid('employer_org_id'),
    employerName: text('employer_name'),
    institutionOrgId: uuid('institution_org_id'),
    institutionName: text('institution_name'),
    trainingClassId: uuid('training_class_id'),
    siteId: uuid('site_id'),
    siteName: text('site_name'),
    centreOrgId: uuid('centre_org_id'),
    questions: jsonb('questions').$type<SpotQuestion[]>().notNull(),
    answers: jsonb('answers').$type<number[][]>(),
    status: text('status').$type<'issued' | 'started' | 'submitted'>().notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
    codeExpiresAt: timestamp('code_expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    deadlineAt: timestamp('deadline_at', { withTimezone: true, mode: 'date' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    correct: integer('correct'),
    score: integer('score'),
    passed: boolean('passed'),
  },
  (t) => [
    uniqueIndex('spot_exams_code_idx').on(t.code),
    index('spot_exams_inspection_idx').on(t.inspectionId),
    index('spot_exams_region_idx').on(t.regionCode, t.issuedAt),
    index('spot_exams_employer_idx').on(t.employerOrgId),
    index('spot_exams_worker_idx').on(t.workerId),
  ],
);

// ——— Cases and sanctions (SUP-4) ———

export interface CaseEvidence {
  kind: 'finding' | 'report' | 'integrity_flag' | 'employer_proposal' | 'door_incident' | 'document' | 'photo';
  ref: string;
  label: string;
}

export interface CaseStep {
  step: 'proposed' | 'opened' | 'dismissed' | 'decided' | 'lifted' | 'evidence' | 'published';
  at: string;
  by: string | null;
  note: string | null;
}

export interface CaseDecision {
  sanctions: string[];
  fineYuan: number | null;
  principalFineYuan: number | null;
  suspendMonths: number | null;
  examinerStaffId: string | null;
  reasoning: string;
  legalBasis: string;
  catalogueVersion: string;
}

/** An enforcement case (立案): proposed by an event or opened by hand, decided with its legal basis. */
export const enforcementCases = pgTable(
  'enforcement_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseNo: text('case_no').notNull(),
    /** The party's region: the regulators' scope (SEC-2). */
    regionCode: text('region_code').notNull(),
    handlingOrgId: uuid('handling_org_id'),
    /** proposed → open → decided; proposed or open → dismissed. */
    status: text('status').$type<'proposed' | 'open' | 'decided' | 'dismissed'>().notNull(),
    source: text('source').$type<'manual' | 'finding' | 'report' | 'integrity' | 'employer' | 'door'>().notNull(),
    /**
     * The finding, report, integrity proposal or employer proposal it came from: a source opens one case.
     * A door incident may open one case per party (the site, the candidate): `${incidentId}/${partyKind}`.
     */
    sourceRef: text('source_ref'),
    partyKind: text('party_kind').$type<'institution' | 'exam_site' | 'employer' | 'worker'>().notNull(),
    /** The organisation, the exam site, or the worker (Order 30 art. 41). */
    partyId: uuid('party_id').notNull(),
    partyName: text('party_name').notNull(),
    /** 一案双罚: the directly responsible principal. */
    principalName: text('principal_name'),
    violationCode: text('violation_code').notNull(),
    facts: text('facts').notNull(),
    evidence: jsonb('evidence').$type<CaseEvidence[]>().notNull(),
    decision: jsonb('decision').$type<CaseDecision>(),
    steps: jsonb('steps').$type<CaseStep[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    /** SUP-7: 行政处罚信息公示 — a decided case made public by its handling regulator, once. */
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    publishedBy: uuid('published_by'),
  },
  (t) => [
    uniqueIndex('enforcement_cases_no_idx').on(t.caseNo),
    uniqueIndex('enforcement_cases_source_idx').on(t.source, t.sourceRef),
    index('enforcement_cases_region_idx').on(t.regionCode, t.status),
    index('enforcement_cases_party_idx').on(t.partyId),
  ],
);

/** One sanction of a decision; those with an effect elsewhere (suspension, cancellation…) can be lifted. */
export const enforcementSanctions = pgTable(
  'enforcement_sanctions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull(),
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(),
    partyKind: text('party_kind').notNull(),
    partyId: uuid('party_id').notNull(),
    /** For a revoked examiner: the exam staff record. */
    targetId: uuid('target_id'),
    fineYuan: integer('fine_yuan'),
    principalFineYuan: integer('principal_fine_yuan'),
    startsOn: text('starts_on').notNull(),
    endsOn: text('ends_on'),
    liftedAt: timestamp('lifted_at', { withTimezone: true, mode: 'date' }),
    liftNote: text('lift_note'),
  },
  (t) => [index('enforcement_sanctions_case_idx').on(t.caseId), index('enforcement_sanctions_party_idx').on(t.partyId)],
);

/** The self-assessment dimensions an institution scores itself on (INS-5, seed 004 §5 培训机构自评). */
export interface SelfAssessmentScore {
  dimension: string;
  score: number;
  evidence: string;
}

/**
 * INS-5 机构自评: one per institution and year, editable by the institution until the regulator
 * publishes the year's rating (`ratedAt`), which freezes it as the input that was rated.
 */
export const institutionSelfAssessments = pgTable(
  'institution_self_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    scores: jsonb('scores').$type<SelfAssessmentScore[]>().notNull(),
    summary: text('summary').notNull(),
    submittedBy: uuid('submitted_by').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    ratedAt: timestamp('rated_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('institution_self_assessments_org_year').on(t.orgId, t.year)],
);

/** INS-5 第三方评估: the result a third-party assessor reported, recorded by the regulator (one per institution and year). */
export const thirdPartyAssessments = pgTable(
  'third_party_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    assessor: text('assessor').notNull(),
    /** A score on 100, or a grade A–D when the assessor gave only a grade. */
    score: integer('score'),
    grade: text('grade'),
    reportRef: text('report_ref').notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('third_party_assessments_org_year').on(t.orgId, t.year)],
);

/** EXM-11, SUP-7: the exam sites' published annual grades (the latest published year per site). */
export const examSiteRatings = pgTable('exam_site_ratings', {
  siteId: uuid('site_id').primaryKey(),
  regionCode: text('region_code').notNull(),
  year: integer('year').notNull(),
  grade: text('grade').notNull(),
  points: integer('points').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull(),
});

// ——— Inspection planning driven by data (SUP-1, SUP-2 回头看) ———

/**
 * SUP-1 (seed 000 §8 "在安全培训机构开展首次培训时进行1次执法检查"): the institution's first class,
 * once filed, calls for one inspection while the class runs. One task per institution, ever.
 */
export const firstClassInspections = pgTable(
  'first_class_inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    institutionOrgId: uuid('institution_org_id').notNull(),
    institutionName: text('institution_name').notNull(),
    /** The institution's region: the regulators whose jurisdiction covers it see the task (SEC-2). */
    regionCode: text('region_code').notNull(),
    classId: uuid('class_id').notNull(),
    className: text('class_name').notNull(),
    itemCode: text('item_code').notNull(),
    opensOn: date('opens_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('first_class_inspections_institution_idx').on(t.institutionOrgId),
    index('first_class_inspections_region_idx').on(t.regionCode),
  ],
);

/** SUP-1 双随机: one risk-weighted draw of employers, kept whole so anyone can re-run it from the seed. */
export const employerDraws = pgTable(
  'employer_draws',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    seed: bigint('seed', { mode: 'number' }).notNull(),
    count: integer('count').notNull(),
    candidates: jsonb('candidates').$type<DrawCandidate[]>().notNull(),
    /** The drawn employers' ids, in the order drawn. */
    drawn: jsonb('drawn').$type<string[]>().notNull(),
    drawnBy: uuid('drawn_by').notNull(),
    drawnByName: text('drawn_by_name').notNull(),
    drawnAt: timestamp('drawn_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('employer_draws_org_year_idx').on(t.orgId, t.year)],
);
