// Organisations: regulators, training institutions, exam centres and sites, employers, the platform.
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** GB/T 2260 code of the organisation's seat; a regulator's jurisdiction (CAT-3). */
    regionCode: text('region_code').notNull(),
    /** Unified social credit code (GB 32100), unique when present. */
    creditCode: text('credit_code').unique(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('organisations_region_idx').on(t.regionCode), index('organisations_kind_idx').on(t.kind)],
);
