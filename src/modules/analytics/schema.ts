// Analytics' own tables: summaries of the other modules' tables, refreshed by a job (ANA-3 at
// provincial scale). They hold counts only, no personal data.
import { date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** ANA-3: each dashboard figure per county, as of `asOf` (the China date of the refresh). */
export const analyticsMetricCounts = pgTable(
  'analytics_metric_counts',
  {
    metric: text('metric').notNull(),
    regionCode: text('region_code').notNull(),
    n: integer('n').notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.regionCode] })],
);

/** ANA-3: results of the last 12 months per site (and its county) and applying institution. */
export const analyticsPassCounts = pgTable(
  'analytics_pass_counts',
  {
    siteId: uuid('site_id').notNull(),
    siteName: text('site_name').notNull(),
    regionCode: text('region_code').notNull(),
    institutionId: uuid('institution_id'),
    institutionName: text('institution_name'),
    sat: integer('sat').notNull(),
    passed: integer('passed').notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
  },
  (t) => [index('analytics_pass_counts_region_idx').on(t.regionCode)],
);
