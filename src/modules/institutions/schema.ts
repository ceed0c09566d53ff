// Training institutions: online filing (INS-1) and its scope, the operation items it may train (INS-6).
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const institutionFilings = pgTable(
  'institution_filings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The institution (an organisation of kind 'institution'). */
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    /** submitted → reviewed (city) → filed (province); or returned with a reason. */
    status: text('status').notNull(),
    /** Operation item codes the institution may train (INS-6). */
    scope: jsonb('scope').$type<string[]>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('institution_filings_org_idx').on(t.orgId), index('institution_filings_region_idx').on(t.regionCode, t.status)],
);
