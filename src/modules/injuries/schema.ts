// Work injuries (ANA-2): records imported from the work-injury registers (工伤认定/工伤保险 data) and
// linked to the platform's workers, certificates, classes, institutions, employers and dispatch
// companies, so that injury rates can be set against certification (seed 003 §一(三), the Ma'anshan
// screening of 6,000 injury records against 92,018 certification records).
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type InjurySeverity = 'minor' | 'serious' | 'fatal';
/** The worker's certificate for the operation item on the day of the injury. */
export type CertificateStandingAtInjury = 'valid' | 'expired' | 'review_overdue' | 'revoked' | 'none';

/** One import of an injury spreadsheet: validated as a whole, imported as a whole or not at all. */
export const injuryImports = pgTable(
  'injury_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The regulator that imported it; its jurisdiction bounds what the rows may name. */
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    fileName: text('file_name').notNull(),
    rowCount: integer('row_count').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('injury_imports_org_idx').on(t.orgId, t.createdAt)],
);

/** One work-injury record with what it links to on the platform (null where nothing matched). */
export const workInjuries = pgTable(
  'work_injuries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    importId: uuid('import_id').notNull(),
    rowNo: integer('row_no').notNull(),
    /** The employer's region when the employer is known, else the importer's: the regulators' scope. */
    regionCode: text('region_code').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    severity: text('severity').$type<InjurySeverity>().notNull(),
    itemCode: text('item_code').notNull(),
    description: text('description').notNull(),
    /** SEC-3: the ID number is kept as the registry keeps it — keyed hash for matching, masked for display. */
    idNumberHash: text('id_number_hash').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    /** Age on the day (from the ID number), for the age bands. */
    ageAtInjury: integer('age_at_injury').notNull(),
    workerId: uuid('worker_id'),
    employerCreditCode: text('employer_credit_code').notNull(),
    employerOrgId: uuid('employer_org_id'),
    /** The employment in force that day: its kind, and the labour-dispatch company or contractor. */
    employmentId: uuid('employment_id'),
    employmentKind: text('employment_kind'),
    providerCreditCode: text('provider_credit_code'),
    providerName: text('provider_name'),
    certificateId: uuid('certificate_id'),
    certificateStanding: text('certificate_standing').$type<CertificateStandingAtInjury>().notNull(),
    /** Where the certificate's holder was trained and examined. */
    classId: uuid('class_id'),
    institutionOrgId: uuid('institution_org_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('work_injuries_region_idx').on(t.regionCode, t.occurredOn),
    index('work_injuries_employer_idx').on(t.employerOrgId, t.occurredOn),
    index('work_injuries_worker_idx').on(t.workerId),
    index('work_injuries_institution_idx').on(t.institutionOrgId),
    index('work_injuries_import_idx').on(t.importId),
  ],
);

/**
 * ANA-2 at provincial scale: the denominators of the analysis (certified workers per item, age band
 * and institution; workers on the ledgers of employers and dispatch companies) per county, for the
 * periods the page offers by default (this year to date, the last 365 days, last year), recomputed by
 * the injuries.refresh job. Counts only, no personal data. Other periods are counted live.
 */
export const injuryDenominators = pgTable(
  'injury_denominators',
  {
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    regionCode: text('region_code').notNull(),
    /** total, item, age, institution, employer (organisation id), provider (credit code or name). */
    dimension: text('dimension').notNull(),
    key: text('key').notNull(),
    n: integer('n').notNull(),
    /** The China date of the refresh: only a refresh of today is used. */
    asOf: date('as_of', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.periodFrom, t.periodTo, t.regionCode, t.dimension, t.key] })],
);
