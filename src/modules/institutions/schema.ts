// Training institutions: online filing (INS-1) with the recorded facts its basic conditions are
// judged by (INS-2, INS-3), its teachers with their declared certificates (INS-4), and its scope,
// the operation items it may train (INS-6).
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Condition, DeclaredCertificate, FilingFacts, TeacherKind } from './rules.js';

export const institutionFilings = pgTable(
  'institution_filings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The institution (an organisation of kind 'institution'). */
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    /** submitted → reviewed (city) → filed (province); returned with a reason; superseded by a later filing. */
    status: text('status').notNull(),
    /** Operation item codes the institution may train (INS-6). */
    scope: jsonb('scope').$type<string[]>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true, mode: 'date' }),
    /** The facts as submitted; the conditions are re-evaluated from them, never typed in. */
    facts: jsonb('facts').$type<FilingFacts>(),
    /** The verdicts at submission, with the teachers as they stood then (what the reviewer saw). */
    conditions: jsonb('conditions').$type<Condition[]>(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'date' }),
    reviewedBy: uuid('reviewed_by'),
    returnReason: text('return_reason'),
    filedBy: uuid('filed_by'),
    /** 备案编号 of a filing brought in from the province's earlier system (issue 16); null for the platform's own. */
    filingNumber: text('filing_number'),
  },
  (t) => [
    index('institution_filings_org_idx').on(t.orgId),
    index('institution_filings_region_idx').on(t.regionCode, t.status),
  ],
);

export const institutionTeachers = pgTable(
  'institution_teachers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    kinds: jsonb('kinds').$type<TeacherKind[]>().notNull(),
    fullTime: boolean('full_time').notNull(),
    /** Operation categories taught (CAT-1 category codes). */
    categoryCodes: jsonb('category_codes').$type<string[]>().notNull(),
    education: text('education'),
    practiceYears: integer('practice_years'),
    labourContract: boolean('labour_contract'),
    retired: boolean('retired'),
    registeredSafetyEngineer: boolean('registered_safety_engineer').notNull(),
    seniorTitle: boolean('senior_title').notNull(),
    intermediateSkillCertificate: boolean('intermediate_skill_certificate').notNull(),
    /** INS-4: as declared by the institution; not verified until the certificates module exists. */
    certificates: jsonb('certificates').$type<DeclaredCertificate[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    removedAt: timestamp('removed_at', { withTimezone: true, mode: 'date' }),
    /**
     * EXM-2: the teacher's ID number, optional, kept like registry workers' (keyed hash for matching,
     * sealed for display, masked copy), so an exam staff member can be matched to a teacher record.
     */
    idNumberHash: text('id_number_hash'),
    idNumberSealed: text('id_number_sealed'),
    idNumberMasked: text('id_number_masked'),
  },
  (t) => [
    index('institution_teachers_org_idx').on(t.orgId),
    index('institution_teachers_id_hash_idx').on(t.idNumberHash),
  ],
);

/**
 * SUP-4: the sanction in force on the institution, set by supervision through this module's service
 * (suspended until a day, or eliminated). One row per institution; absent = active.
 */
export const institutionSanctionStates = pgTable('institution_sanction_states', {
  orgId: uuid('org_id').primaryKey(),
  state: text('state').$type<'active' | 'suspended' | 'eliminated'>().notNull(),
  until: text('until'),
  /** The enforcement case that decided it (its number), shown with the sanction. */
  ref: text('ref'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  /** INS-5, SUP-7: the latest annual rating supervision published (A/B/C/D), its year and points. */
  rating: text('rating'),
  ratingYear: integer('rating_year'),
  ratingPoints: integer('rating_points'),
});
