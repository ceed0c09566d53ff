// Tables of the kernel: the audit chain (SEC-1).
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const auditRecords = pgTable(
  'audit_records',
  {
    /** Contiguous from 1, assigned under a lock: a gap means a deleted record. */
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role'),
    actorOrgId: uuid('actor_org_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    /** Region of the entity, so a regulator can read the trail of its own jurisdiction. */
    regionCode: text('region_code'),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_records_entity_idx').on(t.entityType, t.entityId),
    index('audit_records_region_idx').on(t.regionCode),
  ],
);

/** The last link, kept apart so that deleting the newest records is detected too. */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * The outbox: an earlier step of the chain tells later ones what happened (an exam passed, a
 * filing overdue) by writing an event in the same transaction as its change (ARCHITECTURE.md).
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    regionCode: text('region_code'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('domain_events_type_idx').on(t.type, t.id)],
);

/** One row per event and subscriber: its delivery, or the failures so far. */
export const eventDeliveries = pgTable(
  'event_deliveries',
  {
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    subscriber: text('subscriber').notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.subscriber] }),
    // The failed deliveries /metrics counts (kernel/metrics.ts) without reading every delivered row.
    index('event_deliveries_undelivered_idx').on(t.subscriber).where(sql`${t.deliveredAt} is null`),
  ],
);

/**
 * Rate limits that hold across app instances (login, public verification …): one row per route and
 * client key, its window's start and the hits in it (kernel/rate-limit.ts); expired rows are swept.
 */
export const rateLimitWindows = pgTable('rate_limit_windows', {
  key: text('key').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
  windowMs: integer('window_ms').notNull(),
  hits: integer('hits').notNull(),
});

/**
 * What the national rules leave to a province (ARCHITECTURE.md "Settings that belong to a
 * province"): one row per version of one setting, in force from its effective date until the next
 * version's. Rows are never updated, so what was in force on any past day can be read back.
 */
export const provinceSettings = pgTable(
  'province_settings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** GB/T 2260 province code, e.g. 510000. */
    provinceCode: text('province_code').notNull(),
    kind: text('kind').notNull(),
    /** Which one of the kind: an item code, a violation code, a year; '' for a single-valued kind. */
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    note: text('note').notNull().default(''),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
    recordedBy: uuid('recorded_by'),
    recordedByName: text('recorded_by_name').notNull(),
  },
  (t) => [index('province_settings_lookup_idx').on(t.provinceCode, t.kind, t.key, t.effectiveFrom)],
);
