// Employers (生产经营单位): the people they put on special operations (REG-4), the employment filing
// due within 15 days of hiring (EMP-2), the ledger it builds (EMP-3), bulk imports of that ledger,
// and the annual special-operations training plan (EMP-5).
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { EmploymentKind } from './rules.js';

export const employments = pgTable(
  'employments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    employerOrgId: uuid('employer_org_id').notNull(),
    /** The employer's region: the regulators' scope (SEC-2). */
    regionCode: text('region_code').notNull(),
    workerId: uuid('worker_id').notNull(),
    /** Copied from the registry at hire, so the ledger pages and searches without reaching into it. */
    workerName: text('worker_name').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    kind: text('kind').$type<EmploymentKind>().notNull(),
    /** For dispatched or outsourced workers: the labour-dispatch company or the contractor. */
    providerName: text('provider_name'),
    providerCreditCode: text('provider_credit_code'),
    /** Operation items the worker performs here (CAT-1 item codes). */
    itemCodes: jsonb('item_codes').$type<string[]>().notNull(),
    hiredOn: date('hired_on', { mode: 'string' }).notNull(),
    /** EMP-2: hiredOn + 15 days. */
    filingDueOn: date('filing_due_on', { mode: 'string' }).notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true, mode: 'date' }),
    filedOn: date('filed_on', { mode: 'string' }),
    filedBy: uuid('filed_by'),
    endedOn: date('ended_on', { mode: 'string' }),
    endReason: text('end_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdBy: uuid('created_by'),
    importId: uuid('import_id'),
  },
  (t) => [
    index('employments_employer_idx').on(t.employerOrgId),
    index('employments_worker_idx').on(t.workerId),
    index('employments_region_idx').on(t.regionCode),
    index('employments_due_idx').on(t.filingDueOn),
    // One current employment of a person per employer; ended ones stay as history.
    uniqueIndex('employments_current_unique').on(t.employerOrgId, t.workerId).where(sql`ended_on is null`),
  ],
);

/** EMP-5: a line of the employer's annual special-operations training plan. */
export const trainingPlanLines = pgTable(
  'employer_training_plan_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    employerOrgId: uuid('employer_org_id').notNull(),
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    itemCode: text('item_code').notNull(),
    /** initial (取证培训) or review (复审培训). */
    purpose: text('purpose').notNull(),
    headcount: integer('headcount').notNull(),
    plannedFrom: date('planned_from', { mode: 'string' }).notNull(),
    plannedTo: date('planned_to', { mode: 'string' }).notNull(),
    /** The training class booked for this line, once it is. */
    classId: uuid('class_id'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('employer_training_plan_org_idx').on(t.employerOrgId, t.year)],
);

/** EMP-1: every certificate check an employer makes before putting someone on a special operation. */
export const certificateChecks = pgTable(
  'employer_certificate_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    employerOrgId: uuid('employer_org_id').notNull(),
    regionCode: text('region_code').notNull(),
    number: text('number').notNull(),
    /** As typed, masked: the check proves who was checked without keeping more than needed. */
    holderNameMasked: text('holder_name_masked').notNull(),
    /** valid | expired | review_overdue | revoked | cancelled | not_found */
    result: text('result').notNull(),
    itemCode: text('item_code'),
    validUntil: date('valid_until', { mode: 'string' }),
    checkedBy: uuid('checked_by').notNull(),
    checkedByName: text('checked_by_name').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Who answered (CER-3 inbound): the platform's own register, or the national query platform. */
    source: text('source').$type<'platform' | 'national'>().notNull().default('platform'),
    sourceName: text('source_name'),
    /** The national platform's time of its answer; null for the platform's own register (checkedAt). */
    sourceAnsweredAt: timestamp('source_answered_at', { withTimezone: true, mode: 'date' }),
    /** The national query platform could not answer (timeout, error): the check says so. */
    nationalUnavailable: boolean('national_unavailable').notNull().default(false),
  },
  (t) => [
    index('employer_certificate_checks_org_idx').on(t.employerOrgId, t.checkedAt),
    index('employer_certificate_checks_number_idx').on(t.number),
  ],
);

/**
 * EMP-4: the platform knows an employer uses a worker on an operation item without a valid
 * certificate → one case, two penalties (the employer and its principal), proposed to the regulator
 * of the employer's region with the evidence. Supervision (cases, sanctions) takes it from there.
 */
export const caseProposals = pgTable(
  'employer_case_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    employerOrgId: uuid('employer_org_id').notNull(),
    regionCode: text('region_code').notNull(),
    employmentId: uuid('employment_id').notNull(),
    workerId: uuid('worker_id').notNull(),
    workerName: text('worker_name').notNull(),
    itemCode: text('item_code').notNull(),
    /** uncertified | expired | review_overdue | revoked */
    ground: text('ground').notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    /** proposed → accepted (handed to a case) | dismissed (with the regulator's reason). */
    status: text('status').notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true, mode: 'date' }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decidedBy: uuid('decided_by'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    uniqueIndex('employer_case_proposals_once').on(t.employmentId, t.itemCode, t.ground),
    index('employer_case_proposals_region_idx').on(t.regionCode, t.status),
  ],
);

/**
 * EMP-4: the employer's principal (法定代表人 or 主要负责人), the second party of 一案双罚. Kept by
 * the employer module beside the organisation, recorded by the employer's own admin.
 */
export const employerProfiles = pgTable('employer_profiles', {
  orgId: uuid('org_id').primaryKey(),
  principalName: text('principal_name').notNull(),
  /** 法定代表人 / 主要负责人 / 总经理 … as the employer states it. */
  principalTitle: text('principal_title').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedBy: uuid('updated_by').notNull(),
});

/**
 * SUP-4: a suspension (停产停业整顿) decided against the employer, set by supervision through this
 * module's service. One row per employer; absent = active. While in force the employer puts nobody
 * new on special operations.
 */
export const employerSanctionStates = pgTable('employer_sanction_states', {
  orgId: uuid('org_id').primaryKey(),
  state: text('state').$type<'active' | 'suspended'>().notNull(),
  until: text('until'),
  /** The enforcement case that decided it (its number). */
  ref: text('ref'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
});
