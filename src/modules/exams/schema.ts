// Tables of the exams module (EXM-1..11): question bank and blueprints, sites, plans, sessions,
// bookings, drawn papers, the append-only answer-event log and the final answers.
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export type QuestionKind = 'judge' | 'single' | 'multiple';

/**
 * EXM-6: one row per version of a question. A change inserts a new version and clears `current`
 * on the old one; rows are never updated otherwise, so a drawn paper (which stores row ids)
 * always shows exactly the text and key it was drawn with.
 */
export const examQuestions = pgTable(
  'exam_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemCode: text('item_code').notNull(),
    /** Stable across versions, chosen by the bank's author (e.g. "LV-J-001"). */
    key: text('key').notNull(),
    version: integer('version').notNull(),
    current: boolean('current').notNull(),
    kind: text('kind').$type<QuestionKind>().notNull(),
    knowledgePoint: text('knowledge_point').notNull(),
    /** 1 easy, 2 medium, 3 hard. */
    difficulty: integer('difficulty').notNull(),
    stem: text('stem').notNull(),
    options: jsonb('options').$type<string[]>().notNull(),
    /** Indices into `options` of the correct choices, ascending. */
    answer: jsonb('answer').$type<number[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdBy: uuid('created_by'),
    /**
     * 考培分离: the province whose authority keeps this question (its code, e.g. '510000'). Null: the
     * national bank the platform loads, drawn in every province alongside the province's own.
     */
    provinceCode: text('province_code'),
  },
  (t) => [
    unique('exam_questions_province_version_unique')
      .on(t.provinceCode, t.itemCode, t.key, t.version)
      .nullsNotDistinct(),
    index('exam_questions_item_idx').on(t.itemCode, t.current),
  ],
);

export interface BlueprintSection {
  kind: QuestionKind;
  /** Null: any knowledge point. */
  knowledgePoint: string | null;
  count: number;
  points: number;
}

/**
 * Superseded by exam_blueprint_versions (one row per province, item and version with an effective
 * date); kept so the migration can carry its rows over as the national default.
 */
export const examBlueprints = pgTable('exam_blueprints', {
  itemCode: text('item_code').primaryKey(),
  version: integer('version').notNull(),
  sections: jsonb('sections').$type<BlueprintSection[]>().notNull(),
  timeLimitMinutes: integer('time_limit_minutes').notNull(),
  theoryPassMark: integer('theory_pass_mark').notNull(),
  practicalPassMark: integer('practical_pass_mark').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * EXM-6 / EXM-8, 考培分离: how a paper of an item is made, its time limit and pass marks, set by the
 * province's authority (never the exam centre) as versions with an effective date. An exam uses the
 * version in force on its date in its province; null province = the national default.
 */
export const examBlueprintVersions = pgTable(
  'exam_blueprint_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    provinceCode: text('province_code'),
    itemCode: text('item_code').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    sections: jsonb('sections').$type<BlueprintSection[]>().notNull(),
    timeLimitMinutes: integer('time_limit_minutes').notNull(),
    theoryPassMark: integer('theory_pass_mark').notNull(),
    practicalPassMark: integer('practical_pass_mark').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
  },
  (t) => [
    unique('exam_blueprint_versions_unique').on(t.provinceCode, t.itemCode, t.version).nullsNotDistinct(),
    index('exam_blueprint_versions_lookup_idx').on(t.itemCode, t.provinceCode, t.effectiveFrom),
  ],
);

export type ProposalStatus = 'pending' | 'accepted' | 'rejected';

/** 考培分离: a question an exam centre proposes; only the province's authority puts it in the bank. */
export const examQuestionProposals = pgTable(
  'exam_question_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    centreOrgId: uuid('centre_org_id').notNull(),
    centreName: text('centre_name').notNull(),
    provinceCode: text('province_code').notNull(),
    itemCode: text('item_code').notNull(),
    /** The question as proposed (QuestionInput shape, already validated). */
    question: jsonb('question').$type<Record<string, unknown>>().notNull(),
    reason: text('reason'),
    status: text('status').$type<ProposalStatus>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    submittedBy: uuid('submitted_by').notNull(),
    submittedByName: text('submitted_by_name').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decisionNote: text('decision_note'),
    questionId: uuid('question_id'),
  },
  (t) => [index('exam_question_proposals_province_idx').on(t.provinceCode, t.status)],
);

export interface SiteRoom {
  name: string;
  seats: number;
}
export interface SiteStation {
  name: string;
  itemCodes: string[];
  /** EXM-9: real equipment (true) or a simulator (false). */
  real: boolean;
  /**
   * EXM-2: who owns the equipment when it is not the site's operator or exam centre (leased, lent):
   * its unified social credit code, checked against the training institutions on record.
   */
  ownerCreditCode?: string;
  ownerName?: string;
}
export interface AcceptanceCheck {
  code: string;
  passed: boolean;
  note?: string;
}

/** EXM-1: an exam site run under an exam centre; accepted against the checklist before its first session. */
export const examSites = pgTable(
  'exam_sites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    centreOrgId: uuid('centre_org_id').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    regionCode: text('region_code').notNull(),
    /** EXM-2: whose premises these are; never a training institution. */
    operatorOrgId: uuid('operator_org_id'),
    rooms: jsonb('rooms').$type<SiteRoom[]>().notNull(),
    stations: jsonb('stations').$type<SiteStation[]>().notNull(),
    itemCodes: jsonb('item_codes').$type<string[]>().notNull(),
    acceptance: jsonb('acceptance').$type<AcceptanceCheck[]>(),
    /** EXM-1: when the city regulator accepted the site against the checklist (审核把关、按标准验收). */
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    /** EXM-1 (seed 004 §8): when the province filed it (备案); only a filed site holds sessions. */
    filedAt: timestamp('filed_at', { withTimezone: true, mode: 'date' }),
    filingNumber: text('filing_number').unique(),
    /** Seed 004 §7: the level of the exam centre that runs the site (province or city centre). */
    centreLevel: text('centre_level').$type<CentreLevel>(),
    /** EXM-11 inputs recorded by the regulator. */
    facilitiesFailedAt: timestamp('facilities_failed_at', { withTimezone: true, mode: 'date' }),
    cheatingConfirmedAt: timestamp('cheating_confirmed_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** SUP-4: the sanction decided by supervision (active | suspended until a day | cancelled), with its case number. */
    sanctionState: text('sanction_state').$type<'active' | 'suspended' | 'cancelled'>().notNull().default('active'),
    sanctionUntil: text('sanction_until'),
    sanctionRef: text('sanction_ref'),
  },
  (t) => [index('exam_sites_region_idx').on(t.regionCode), index('exam_sites_centre_idx').on(t.centreOrgId)],
);

export type CentreLevel = 'province' | 'city';

/** What a centre applies for: the site's whole content, as set up or as it is to be changed. */
export interface SiteProposal {
  name: string;
  address: string;
  operatorOrgId: string | null;
  rooms: SiteRoom[];
  stations: SiteStation[];
  itemCodes: string[];
}

export type SiteApplicationStatus = 'submitted' | 'city_approved' | 'filed' | 'returned';

/**
 * EXM-1 (seed 004 §8): an exam centre's application to set up or change a site. The city regulator
 * of the site's region reviews and accepts it (or returns it), then the province files it; only a
 * filed set-up lets the site hold sessions, and a change takes effect when it is filed.
 */
export const examSiteApplications = pgTable(
  'exam_site_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id').notNull(),
    centreOrgId: uuid('centre_org_id').notNull(),
    centreLevel: text('centre_level').$type<CentreLevel>().notNull(),
    regionCode: text('region_code').notNull(),
    kind: text('kind').$type<'establish' | 'change'>().notNull(),
    proposal: jsonb('proposal').$type<SiteProposal>().notNull(),
    status: text('status').$type<SiteApplicationStatus>().notNull(),
    /** Who returned it, when returned: the city at review or the province at filing. */
    returnedBy: text('returned_by').$type<'city' | 'province'>(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    submittedBy: uuid('submitted_by').notNull(),
    acceptance: jsonb('acceptance').$type<AcceptanceCheck[]>(),
    cityReviewedAt: timestamp('city_reviewed_at', { withTimezone: true, mode: 'date' }),
    cityReviewedBy: uuid('city_reviewed_by'),
    cityReviewerName: text('city_reviewer_name'),
    cityRemarks: text('city_remarks'),
    provinceDecidedAt: timestamp('province_decided_at', { withTimezone: true, mode: 'date' }),
    provinceDecidedBy: uuid('province_decided_by'),
    provinceDeciderName: text('province_decider_name'),
    provinceRemarks: text('province_remarks'),
    filingNumber: text('filing_number'),
  },
  (t) => [
    index('exam_site_applications_region_idx').on(t.regionCode, t.status),
    index('exam_site_applications_site_idx').on(t.siteId),
    // One open application per site: a second would let two versions of the site be reviewed at once.
    uniqueIndex('exam_site_applications_open_idx').on(t.siteId).where(sql`status in ('submitted', 'city_approved')`),
  ],
);

/**
 * EXM-1 (seed 004 §7, §17 "考试机构备案业务全部网上办理"): what an exam centre files about itself — its
 * name, credit code, address, the person responsible, the operation items it examines and its staff.
 */
export interface CentreProfile {
  name: string;
  creditCode: string;
  address: string;
  responsiblePerson: string;
  itemCodes: string[];
  /** 考务人员 (proctors and door staff) and 考评员 the centre declares; the personnel database (EXM-4) holds their names. */
  staffCount: number;
  examinerCount: number;
}

/**
 * EXM-1: an exam centre's filing in force (考试机构备案) — one row per centre. Its level (province or
 * city centre) is the one every site of the centre carries. Revoked (撤销备案) with its reason; a revoked
 * centre files again through a new application and gets a new number.
 */
export const examCentreFilings = pgTable('exam_centre_filings', {
  centreOrgId: uuid('centre_org_id').primaryKey(),
  level: text('level').$type<CentreLevel>().notNull(),
  regionCode: text('region_code').notNull(),
  profile: jsonb('profile').$type<CentreProfile>().notNull(),
  filingNumber: text('filing_number').notNull().unique('exam_centre_filings_number_unique'),
  filedAt: timestamp('filed_at', { withTimezone: true, mode: 'date' }).notNull(),
  /** Null for centres carried over by the migration (filed on their creation day). */
  filedBy: uuid('filed_by'),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  revokedBy: uuid('revoked_by'),
  revocationReason: text('revocation_reason'),
});

/** EXM-1: the chain of a centre's own filing — apply, the city reviews (a city centre), the province files. */
export const examCentreApplications = pgTable(
  'exam_centre_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    centreOrgId: uuid('centre_org_id').notNull(),
    regionCode: text('region_code').notNull(),
    kind: text('kind').$type<'establish' | 'change'>().notNull(),
    level: text('level').$type<CentreLevel>().notNull(),
    profile: jsonb('profile').$type<CentreProfile>().notNull(),
    status: text('status').$type<SiteApplicationStatus>().notNull(),
    returnedBy: text('returned_by').$type<'city' | 'province'>(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    submittedBy: uuid('submitted_by').notNull(),
    cityReviewedAt: timestamp('city_reviewed_at', { withTimezone: true, mode: 'date' }),
    cityReviewedBy: uuid('city_reviewed_by'),
    cityReviewerName: text('city_reviewer_name'),
    cityRemarks: text('city_remarks'),
    provinceDecidedAt: timestamp('province_decided_at', { withTimezone: true, mode: 'date' }),
    provinceDecidedBy: uuid('province_decided_by'),
    provinceDeciderName: text('province_decider_name'),
    provinceRemarks: text('province_remarks'),
    filingNumber: text('filing_number'),
  },
  (t) => [
    index('exam_centre_applications_region_idx').on(t.regionCode, t.status),
    index('exam_centre_applications_centre_idx').on(t.centreOrgId),
    // One open application per centre: two versions of the centre are never in the chain at once.
    uniqueIndex('exam_centre_applications_open_idx')
      .on(t.centreOrgId)
      .where(sql`status in ('submitted', 'city_approved')`),
  ],
);

export interface PlanLine {
  siteId: string;
  itemCode: string;
  date: string;
  capacity: number;
}

/** EXM-3: the exam centre's plan, filed with the supervising regulator who approves it. */
export const examPlans = pgTable('exam_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  centreOrgId: uuid('centre_org_id').notNull(),
  regulatorOrgId: uuid('regulator_org_id').notNull(),
  regionCode: text('region_code').notNull(),
  title: text('title').notNull(),
  lines: jsonb('lines').$type<PlanLine[]>().notNull(),
  status: text('status').$type<'submitted' | 'approved' | 'rejected'>().notNull(),
  submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
  decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
  decidedBy: uuid('decided_by'),
  decisionNote: text('decision_note'),
});

/**
 * 'plan' = a session of an approved plan (EXM-3); 'import' = an exam held in the past, before the
 * platform, brought in by a regulator's vendor-attempt import for statistics and integrity analysis
 * (issue 16/20). Only the import path creates 'import' sessions; they have no plan and no bookings.
 */
export type SessionSource = 'plan' | 'import';

export const examSessions = pgTable(
  'exam_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** EXM-3: required, except for a past exam brought in by the import (source 'import'). */
    planId: uuid('plan_id'),
    source: text('source').$type<SessionSource>().notNull().default('plan'),
    /** An imported past session: the vendor's own session code (unique per site), so a re-import finds it. */
    importCode: text('import_code'),
    siteId: uuid('site_id').notNull(),
    centreOrgId: uuid('centre_org_id').notNull(),
    regionCode: text('region_code').notNull(),
    itemCode: text('item_code').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    capacity: integer('capacity').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** EXM-4 (seed 004 §11): the session's chief examiner (主考), a regulator's or exam centre's employee from the personnel database. */
    chiefExaminerStaffId: uuid('chief_examiner_staff_id'),
  },
  (t) => [
    index('exam_sessions_site_idx').on(t.siteId, t.date),
    uniqueIndex('exam_sessions_import_code_idx').on(t.siteId, t.importCode),
    // EXM-3: a live session belongs to an approved plan; only an imported past session has none.
    check('exam_sessions_plan_required', sql`${t.planId} is not null or ${t.source} = 'import'`),
  ],
);

export interface DoorCheck {
  idNumberMatches: boolean;
  faceOutcome: string;
  faceVerificationId: string | null;
  at: string;
  byUserId: string;
  /** EXM-5: the identity source's answer when no photo was registered. */
  identitySource?: { outcome: string; similarity: number | null; reference: string | null } | null;
  /** EXM-5: the named staff decision that admitted a held candidate. */
  staffDecision?: { holdId: string; byUserId: string; byName: string; reason: string } | null;
}

/**
 * A certification attempt (first, or the one make-up, EXM-8), or the practical exam a holder away from
 * special operations for 6 months or more retakes before working again (Order 30 art. 32): that one
 * neither counts as an attempt nor leads to a certificate.
 */
export type ExamAttempt = 'first' | 'makeup' | 'return';
export const ATTEMPT_LABELS: Record<ExamAttempt, string> = {
  first: '首考',
  makeup: '补考',
  return: '离岗复考（实操）',
};

/** EXM-3: applications in order of submission (`seq`); seats go to the earliest, nobody reorders them. */
export const examBookings = pgTable(
  'exam_bookings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    sessionId: uuid('session_id').notNull(),
    workerId: uuid('worker_id').notNull(),
    applicantOrgId: uuid('applicant_org_id'),
    attempt: text('attempt').$type<ExamAttempt>().notNull(),
    status: text('status').$type<'allocated' | 'waitlisted'>().notNull(),
    /** The eligibility verdict as judged at booking, including checks that could not run. */
    eligibility: jsonb('eligibility').$type<unknown>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    doorCheck: jsonb('door_check').$type<DoorCheck>(),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    unique('exam_bookings_session_worker_unique').on(t.sessionId, t.workerId),
    index('exam_bookings_worker_idx').on(t.workerId),
  ],
);

export type DoorHoldStatus = 'held' | 'admitted' | 'refused';

/**
 * EXM-5: a candidate with no registered photo whom no identity source could confirm waits for a named
 * staff decision; the photo taken at the door is kept sealed with it.
 */
export const examDoorHolds = pgTable(
  'exam_door_holds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bookingId: uuid('booking_id').notNull(),
    sessionId: uuid('session_id').notNull(),
    workerId: uuid('worker_id').notNull(),
    centreOrgId: uuid('centre_org_id').notNull(),
    regionCode: text('region_code').notNull(),
    /** Why the door could not decide: no registered photo and no identity source, or the source's answer. */
    ground: text('ground').notNull(),
    photoSealed: text('photo_sealed').notNull(),
    check: jsonb('check').$type<DoorCheck>().notNull(),
    status: text('status').$type<DoorHoldStatus>().notNull(),
    heldAt: timestamp('held_at', { withTimezone: true, mode: 'date' }).notNull(),
    heldBy: uuid('held_by').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decisionReason: text('decision_reason'),
  },
  (t) => [index('exam_door_holds_booking_idx').on(t.bookingId), index('exam_door_holds_region_idx').on(t.regionCode)],
);

/**
 * EXM-5: the photo taken at the door of a candidate admitted without a registered photo: the
 * reference the practical exam and the certificate use for this person.
 */
export const examReferencePhotos = pgTable('exam_reference_photos', {
  bookingId: uuid('booking_id').primaryKey(),
  workerId: uuid('worker_id').notNull(),
  sessionId: uuid('session_id').notNull(),
  photoSealed: text('photo_sealed').notNull(),
  /** 'identity_source' (confirmed by the configured source) or 'staff_decision' (a named person admitted). */
  basis: text('basis').notNull(),
  takenAt: timestamp('taken_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/** EXM-5: person-certificate mismatch and other incidents found at the door or in the room. */
export const examIncidents = pgTable('exam_incidents', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  sessionId: uuid('session_id').notNull(),
  bookingId: uuid('booking_id').notNull(),
  workerId: uuid('worker_id').notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
});

export interface PaperQuestion {
  questionId: string;
  kind: QuestionKind;
  points: number;
  /** Display order of the options: optionOrder[i] is the bank index shown in place i. */
  optionOrder: number[];
  /** An imported vendor's pilot (unscored) item: kept for the record, out of the score and the integrity detectors. */
  pilot?: boolean;
}

/** EXM-6: a paper drawn per candidate; it refers to question versions, so bank changes never alter it. */
export const examPapers = pgTable(
  'exam_papers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** EXM-3: the seat the paper was taken on; none only for an imported past exam (source 'import'). */
    bookingId: uuid('booking_id').unique(),
    sessionId: uuid('session_id').notNull(),
    workerId: uuid('worker_id').notNull(),
    itemCode: text('item_code').notNull(),
    blueprintVersion: integer('blueprint_version').notNull(),
    questions: jsonb('questions').$type<PaperQuestion[]>().notNull(),
    passMark: integer('pass_mark').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    deadline: timestamp('deadline', { withTimezone: true, mode: 'date' }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    score: real('score'),
    passed: boolean('passed'),
    /**
     * EXM-6: 'native' (drawn and answered here) or 'vendor' (a finished attempt imported from another
     * vendor's exam software, `importId` names the import). Imported papers refer to exam_vendor_items
     * in `questions`, and their events' serverAt is the vendor system's own event time.
     */
    source: text('source').$type<PaperSource>().notNull().default('native'),
    vendor: text('vendor'),
    importId: uuid('import_id'),
    /** The vendor's own candidate code (准考证号/考生编号) of an imported attempt, as the vendor's file names it. */
    vendorCandidateCode: text('vendor_candidate_code'),
    /** INT-2/INT-6: the score was cancelled (a confirmed integrity flag or a patroller), with the reason. */
    scoreCancelledAt: timestamp('score_cancelled_at', { withTimezone: true, mode: 'date' }),
    scoreCancelReason: text('score_cancel_reason'),
  },
  (t) => [
    // EXM-3: a paper is taken on a booked seat; only an imported past exam (issue 16) has none.
    check('exam_papers_booking_required', sql`${t.bookingId} is not null or ${t.source} = 'import'`),
    index('exam_papers_session_idx').on(t.sessionId),
  ],
);

/**
 * 'native' = drawn and answered here; 'vendor' = a finished attempt of a platform session imported from
 * another vendor's software; 'import' = an attempt of an exam held in the past (before the platform),
 * imported for analysis, on a session of source 'import', without a booking.
 */
export type PaperSource = 'native' | 'vendor' | 'import';

/**
 * EXM-6: every answer event with the server's time. Append-only (never updated or deleted);
 * (paper, clientSeq) is unique so a retried batch is not recorded twice.
 */
export const examAnswerEvents = pgTable(
  'exam_answer_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    paperId: uuid('paper_id').notNull(),
    clientSeq: integer('client_seq').notNull(),
    kind: text('kind').notNull(),
    position: integer('position'),
    /** Displayed option places chosen, for selection events. */
    selected: jsonb('selected').$type<number[]>(),
    clientAt: timestamp('client_at', { withTimezone: true, mode: 'date' }),
    serverAt: timestamp('server_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** INT-5: the exam computer's id (the exam client's `x-exam-device` header) and the request's address, when known. */
    deviceId: text('device_id'),
    clientIp: text('client_ip'),
  },
  (t) => [unique('exam_answer_events_client_seq_unique').on(t.paperId, t.clientSeq)],
);

/** EXM-6 / INT-2: the answers as finally submitted, kept apart from the event log so the two can be compared. */
export const examFinalAnswers = pgTable(
  'exam_final_answers',
  {
    paperId: uuid('paper_id').notNull(),
    position: integer('position').notNull(),
    questionId: uuid('question_id').notNull(),
    /** Bank option indices (not display places), so scoring and INT-2 never need the shuffle. */
    selected: jsonb('selected').$type<number[]>().notNull(),
    correct: boolean('correct').notNull(),
    points: real('points').notNull(),
    /** Seconds the candidate spent on the question, as an imported vendor attempt reports it (null for native papers, whose events carry the times). */
    responseSeconds: real('response_seconds'),
  },
  (t) => [primaryKey({ columns: [t.paperId, t.position] })],
);

export interface SheetSubject {
  code: string;
  maxScore: number;
  deductions: Array<{ points: number; reason: string }>;
  score: number;
}

/** EXM-7: one examiner's scoring sheet for one candidate, subject by subject with deductions. */
export const examPracticalSheets = pgTable(
  'exam_practical_sheets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bookingId: uuid('booking_id').notNull(),
    examinerUserId: uuid('examiner_user_id').notNull(),
    examinerName: text('examiner_name').notNull(),
    subjects: jsonb('subjects').$type<SheetSubject[]>().notNull(),
    total: real('total').notNull(),
    /** EXM-9: the site's station the candidate was examined on (null on sheets recorded before it was kept). */
    station: text('station'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [unique('exam_practical_sheets_examiner_unique').on(t.bookingId, t.examinerUserId)],
);

/** EXM-10: references to a session's video recordings and paper archive (the files live elsewhere). */
export const examSessionArchive = pgTable(
  'exam_session_archive',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull(),
    kind: text('kind').$type<'video' | 'paper'>().notNull(),
    /** For video: the room or practical area it covers; for paper: what the bundle holds. */
    label: text('label').notNull(),
    reference: text('reference').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
    recordedBy: uuid('recorded_by'),
  },
  (t) => [index('exam_session_archive_session_idx').on(t.sessionId)],
);

/** EXM-8: the published result of one booking, part by part against the item's pass marks. */
export const examResults = pgTable('exam_results', {
  bookingId: uuid('booking_id').primaryKey(),
  sessionId: uuid('session_id').notNull(),
  workerId: uuid('worker_id').notNull(),
  itemCode: text('item_code').notNull(),
  regionCode: text('region_code').notNull(),
  attempt: text('attempt').$type<ExamAttempt>().notNull(),
  theoryScore: real('theory_score'),
  practicalScore: real('practical_score'),
  theoryPassMark: integer('theory_pass_mark').notNull(),
  practicalPassMark: integer('practical_pass_mark').notNull(),
  theoryPassed: boolean('theory_passed').notNull(),
  practicalPassed: boolean('practical_passed').notNull(),
  passed: boolean('passed').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export type StaffDuty = 'proctor' | 'examiner';

export interface StaffTraining {
  /** YYYY-MM-DD */
  date: string;
  course: string;
  organiser: string;
  passed: boolean;
}

/** A special-operations certificate the staff member declares: number, holder name as printed, and the items it covers. */
export interface StaffCertificate {
  number: string;
  holderName: string;
  itemCodes: string[];
  validUntil: string | null;
}

/**
 * EXM-4: the exam centre's personnel database of proctors and examiners, with their training record
 * and certificates. The ID number (keyed hash, sealed, masked — like registry workers) is what EXM-2
 * matches against institutions' teacher records; `userId` links the login that acts at the door or
 * on the scoring sheet.
 */
export const examStaff = pgTable(
  'exam_staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    centreOrgId: uuid('centre_org_id').notNull(),
    regionCode: text('region_code').notNull(),
    userId: uuid('user_id').unique(),
    name: text('name').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    idNumberSealed: text('id_number_sealed').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    duties: jsonb('duties').$type<StaffDuty[]>().notNull(),
    /** Where the person is employed: the chief examiner must be a regulator's or exam centre's employee (EXM-4). */
    employer: text('employer').notNull(),
    training: jsonb('training').$type<StaffTraining[]>().notNull(),
    certificates: jsonb('certificates').$type<StaffCertificate[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }),
    /** Removed from duty: the record stays (who proctored or scored what stays traceable), it can no longer act. */
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true, mode: 'date' }),
    deactivatedReason: text('deactivated_reason'),
    /** SUP-4: examiner qualification revoked by an enforcement decision (its case number); cannot be assigned. */
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedRef: text('revoked_ref'),
  },
  (t) => [
    unique('exam_staff_centre_person_unique').on(t.centreOrgId, t.idNumberHash),
    index('exam_staff_id_hash_idx').on(t.idNumberHash),
  ],
);

/**
 * EXM-6: a question of another vendor's bank, known only by the vendor's item ID (and its key when
 * the vendor gives one). Imported papers and final answers refer to these rows' ids.
 */
export const examVendorItems = pgTable(
  'exam_vendor_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendor: text('vendor').notNull(),
    vendorItemId: text('vendor_item_id').notNull(),
    itemCode: text('item_code').notNull(),
    /** Option indices of the vendor's key (A = 0), when given. */
    answer: jsonb('answer').$type<number[]>(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [unique('exam_vendor_items_unique').on(t.vendor, t.vendorItemId, t.itemCode)],
);

/**
 * EXM-6 (issue 20): a vendor's column mapping and its own site and session codes, mapped to ours
 * once per exam centre and vendor, applied to every later upload of that vendor.
 */
export const examVendorMappings = pgTable(
  'exam_vendor_mappings',
  {
    centreOrgId: uuid('centre_org_id').notNull(),
    vendor: text('vendor').notNull(),
    /** The vendor's header → our field (IMPORT_COLUMNS). */
    headers: jsonb('headers').$type<Record<string, string>>().notNull(),
    /** The vendor's site code → our site id. */
    sites: jsonb('sites').$type<Record<string, string>>().notNull(),
    /** The vendor's session code → our session id. */
    sessions: jsonb('sessions').$type<Record<string, string>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [primaryKey({ columns: [t.centreOrgId, t.vendor] })],
);

/**
 * EXM-6 (issue 20): a vendor's own candidate code (准考证号/考生编号) mapped to our worker, per exam
 * centre and vendor: learnt from a file that carries both the code and the ID number, or saved with the
 * vendor's mapping; a later file that carries only the code is read through it.
 */
export const examVendorCandidates = pgTable(
  'exam_vendor_candidates',
  {
    centreOrgId: uuid('centre_org_id').notNull(),
    vendor: text('vendor').notNull(),
    code: text('code').notNull(),
    workerId: uuid('worker_id').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.centreOrgId, t.vendor, t.code] })],
);

/** EXM-6: one upload of vendor attempts, with its per-row report. */
export const examAttemptImports = pgTable('exam_attempt_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  centreOrgId: uuid('centre_org_id').notNull(),
  vendor: text('vendor').notNull(),
  format: text('format').$type<'csv' | 'json'>().notNull(),
  attemptsCreated: integer('attempts_created').notNull(),
  attemptsFailed: integer('attempts_failed').notNull(),
  report: jsonb('report').$type<unknown>().notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true, mode: 'date' }).notNull(),
  importedBy: uuid('imported_by'),
});
