// Where each legacy record came from (issue 16): one row per record of the source system brought in by
// the legacy import of institutions, exam sites, employer ledgers and review history — its natural key
// (credit code, ID number, certificate number …), the entity it became on the platform, the date of the
// source system's record and a digest of its content. Re-importing compares against it: the same digest
// is `unchanged` (idempotent), a later record date `updated`, an earlier one `kept_newer`.
import { date, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const legacyRecords = pgTable(
  'legacy_records',
  {
    /** The import kind, e.g. legacy.institutions. */
    kind: text('kind').notNull(),
    /** The record's natural key in the source system (credit code, credit code|site name, …). */
    key: text('key').notNull(),
    /** The platform entity the record became (organisation, exam site, employment, review). */
    entityId: uuid('entity_id').notNull(),
    /** 数据日期: when the source system last changed the record. */
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
    /** SHA-256 of the record's normalised content. */
    digest: text('digest').notNull(),
    importId: uuid('import_id').notNull(),
    writtenAt: timestamp('written_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] })],
);
