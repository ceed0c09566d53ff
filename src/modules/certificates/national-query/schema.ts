// CER-2/CER-3 inbound: the national query platform's answers about certificate numbers this platform
// does not hold, kept until they expire so a repeated check does not call out again.
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** One record as the national platform answered it, with the holder's name already masked. */
export interface NationalQueryRecord {
  number: string;
  holderNameMasked: string;
  itemCode: string;
  itemName: string;
  authorityName: string;
  /** Province (GB/T 2260, 6 digits) of the issuing authority, when the national platform says. */
  provinceCode: string | null;
  issuedOn: string;
  validFrom: string;
  validUntil: string;
  nextReviewDue: string | null;
  /** As the national platform reported it: valid, expired, review_overdue, revoked, cancelled. */
  status: string;
}

export const nationalQueryAnswers = pgTable(
  'national_query_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    /** Keyed hash of the name asked with (the national platform answers number + name, as CER-3 does). */
    nameHash: text('name_hash').notNull(),
    found: boolean('found').notNull(),
    records: jsonb('records').$type<NationalQueryRecord[]>().notNull(),
    /** Who answered (the configured source's name) and from where (origin + path, no credentials). */
    sourceName: text('source_name').notNull(),
    sourceAddress: text('source_address').notNull(),
    /** The national platform's own time of the answer; our fetch time when it gives none. */
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'date' }).notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('national_query_answers_key').on(t.number, t.nameHash),
    index('national_query_answers_expires_idx').on(t.expiresAt),
  ],
);
