// Certificates (CER-1..6): issuance tasks on a working-day calendar, certificates with their signed
// credentials and status-list positions, reviews, reminders, signing keys and failed verifications.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** CER-1: one task per published pass; the issuing authority approves or returns it. */
export const issuanceTasks = pgTable(
  'issuance_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The exam result (= booking id) that created the task: one task per result. */
    resultId: uuid('result_id').notNull().unique(),
    sessionId: uuid('session_id').notNull(),
    workerId: uuid('worker_id').notNull(),
    itemCode: text('item_code').notNull(),
    regionCode: text('region_code').notNull(),
    authorityOrgId: uuid('authority_org_id').notNull(),
    passedAt: timestamp('passed_at', { withTimezone: true, mode: 'date' }).notNull(),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    deadlineWorkingDays: integer('deadline_working_days').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status').$type<'pending' | 'returned' | 'issued'>().notNull(),
    returnReason: text('return_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decidedByName: text('decided_by_name'),
    certificateId: uuid('certificate_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('issuance_tasks_authority_idx').on(t.authorityOrgId, t.status, t.dueOn),
    index('issuance_tasks_region_idx').on(t.regionCode),
  ],
);

/** Per-authority settings: the promised issuance deadline in working days (seed 000 §2 承诺期限). */
export const authoritySettings = pgTable('certificate_authority_settings', {
  orgId: uuid('org_id').primaryKey(),
  deadlineWorkingDays: integer('deadline_working_days').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/** The authority's calendar exceptions: public holidays (working=false) and adjusted working weekends (working=true). */
export const calendarDays = pgTable(
  'certificate_calendar_days',
  {
    orgId: uuid('org_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    working: boolean('working').notNull(),
    note: text('note').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] })],
);

export const certificates = pgTable(
  'certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** "T" + the holder's ID number (NATIONAL.md); the number is the person's, one certificate per item. */
    number: text('number').notNull(),
    itemCode: text('item_code').notNull(),
    itemName: text('item_name').notNull(),
    categoryCode: text('category_code').notNull(),
    categoryName: text('category_name').notNull(),
    workerId: uuid('worker_id').notNull(),
    holderName: text('holder_name').notNull(),
    holderGender: text('holder_gender'),
    holderBirthDate: date('holder_birth_date', { mode: 'string' }),
    idNumberMasked: text('id_number_masked').notNull(),
    /** The holder's managing county: regulators' scope. */
    regionCode: text('region_code').notNull(),
    authorityOrgId: uuid('authority_org_id').notNull(),
    authorityName: text('authority_name').notNull(),
    authorityCreditCode: text('authority_credit_code'),
    taskId: uuid('task_id'),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    nextReviewDue: date('next_review_due', { mode: 'string' }),
    reviewIntervalYears: integer('review_interval_years').notNull(),
    /** active → revoked → cancelled (or active → cancelled). Expiry and review overdue are computed from dates. */
    state: text('state').$type<'active' | 'revoked' | 'cancelled'>().notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokeReason: text('revoke_reason'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    cancelReason: text('cancel_reason'),
    stateNote: text('state_note'),
    /** Position in the W3C Bitstring Status List: list = floor((seq-1)/LIST_SIZE)+1, index = (seq-1) % LIST_SIZE. */
    statusSeq: bigserial('status_seq', { mode: 'number' }).notNull(),
    credential: text('credential'),
    credentialKid: text('credential_kid'),
    replacements: integer('replacements').notNull().default(0),
    /**
     * Where the record comes from: issued on this platform, imported from the province's earlier
     * system (历史导入), or issued by another province (外省). Imported ones are first-class (issue 16).
     */
    origin: text('origin').$type<'native' | 'legacy' | 'other_province'>().notNull().default('native'),
    /** For an imported record: the date the source system last changed it (the import's newer-wins test). */
    originRecordedOn: date('origin_recorded_on', { mode: 'string' }),
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('certificates_number_idx').on(t.number),
    // CER-1: one valid certificate per item held.
    uniqueIndex('certificates_active_item_uq').on(t.number, t.itemCode).where(sql`state = 'active'`),
    index('certificates_worker_idx').on(t.workerId),
    index('certificates_region_idx').on(t.regionCode),
    index('certificates_authority_idx').on(t.authorityOrgId),
    index('certificates_status_seq_idx').on(t.statusSeq),
  ],
);

/** CER-4: review (复审) applications and decisions. */
export const certificateReviews = pgTable(
  'certificate_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    certificateId: uuid('certificate_id').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** 'extended' = 延期复审 at the end of the 6 years: approval starts a new period. */
    kind: text('kind').$type<'review' | 'extended'>().notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }).notNull(),
    appliedByName: text('applied_by_name').notNull(),
    healthDeclaration: text('health_declaration').notNull(),
    workRecord: text('work_record').notNull(),
    retrainingHours: integer('retraining_hours').notNull(),
    retrainingExamPassed: boolean('retraining_exam_passed').notNull(),
    retrainingEvidence: text('retraining_evidence').notNull(),
    tenYearCompliance: boolean('ten_year_compliance').notNull(),
    status: text('status').$type<'pending' | 'approved' | 'refused'>().notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decidedByName: text('decided_by_name'),
    refusalGround: text('refusal_ground'),
    retrainingAllowed: boolean('retraining_allowed'),
    sixYearGranted: boolean('six_year_granted'),
    note: text('note'),
    /** CER-4 (Order 30 art. 23): the authority decides within 20 working days of the application. */
    decisionDueOn: date('decision_due_on', { mode: 'string' }),
    /** Decided after decisionDueOn: kept so the lateness stays visible after the decision. */
    decidedLate: boolean('decided_late'),
  },
  (t) => [
    index('certificate_reviews_certificate_idx').on(t.certificateId),
    index('certificate_reviews_pending_due_idx').on(t.decisionDueOn).where(sql`status = 'pending'`),
  ],
);

/** Reminders before the review date and expiry, one per certificate, kind and the date they concern. */
export const certificateReminders = pgTable(
  'certificate_reminders',
  {
    certificateId: uuid('certificate_id').notNull(),
    kind: text('kind').notNull(),
    concernsDate: date('concerns_date', { mode: 'string' }).notNull(),
    workerId: uuid('worker_id').notNull(),
    message: text('message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.certificateId, t.kind, t.concernsDate] }),
    index('certificate_reminders_worker_idx').on(t.workerId),
  ],
);

/** Ed25519 signing keys: per issuing authority (orgId) and one platform key (orgId null) for status lists. */
export const signingKeys = pgTable('certificate_signing_keys', {
  kid: text('kid').primaryKey(),
  orgId: uuid('org_id'),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  /** SEC-3: the private JWK sealed by the vault. */
  privateSealed: text('private_sealed').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
});

/** CER-5: verifications of numbers that do not exist, with a wrong name, or with a bad token. */
export const verificationMisses = pgTable(
  'certificate_verification_misses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    number: text('number').notNull(),
    nameMasked: text('name_masked').notNull(),
    reason: text('reason').$type<'no_such_number' | 'wrong_name' | 'bad_token'>().notNull(),
    /** County from the ID part of the number when it is a known region; null → the province sees it. */
    regionCode: text('region_code'),
    clientIp: text('client_ip').notNull(),
    userAgent: text('user_agent').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('certificate_verification_misses_region_idx').on(t.regionCode, t.at),
    index('certificate_verification_misses_number_idx').on(t.number),
  ],
);

/**
 * CER-3: short links (`/v/<code>`) that resolve to a certificate's current signed credential, for the
 * QR code when the credential itself is too long to scan reliably. One per certificate.
 */
export const certificateLinks = pgTable('certificate_links', {
  code: text('code').primaryKey(),
  certificateId: uuid('certificate_id').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * CER-3: one row whose version moves with every write to `certificates` (same transaction), so each
 * process can tell within a second whether its cache of the public register is still current.
 */
export const registerVersion = pgTable('certificate_register_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});

/**
 * ANA-3 (CER-3, CER-5): how many verifications were answered, per China day, county and answer. Counted
 * in the serving process and added here every few seconds, so a verification under load writes nothing
 * itself. `regionCode` is the certificate's county ('' when the number names no known region).
 */
export const verificationCounts = pgTable(
  'certificate_verification_counts',
  {
    day: date('day', { mode: 'string' }).notNull(),
    regionCode: text('region_code').notNull(),
    /** valid, expired, review_overdue, revoked (found) or no_such_number, wrong_name, bad_token (misses). */
    outcome: text('outcome').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.regionCode, t.outcome] })],
);
