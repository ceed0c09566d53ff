// The people registry and the life-cycle archive (REG-1..4).
import {
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

export const workers = pgTable(
  'workers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    gender: text('gender').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    /** SEC-3: the ID number is sealed; the keyed hash serves exact look-ups and uniqueness (REG-2). */
    idNumberSealed: text('id_number_sealed').notNull(),
    idNumberHash: text('id_number_hash').notNull().unique(),
    idNumberMasked: text('id_number_masked').notNull(),
    phoneSealed: text('phone_sealed'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    education: text('education').notNull(),
    /** The original statutory retirement age that applies to this person (60, 55 or 50). */
    originalRetirementAge: integer('original_retirement_age').notNull(),
    /** County where the person is managed (household or work place): the regulators' scope. */
    regionCode: text('region_code').notNull(),
    /** Region code of birth registration, from the ID number. */
    householdRegionCode: text('household_region_code').notNull(),
    registeredByOrgId: uuid('registered_by_org_id'),
    registeredAt: timestamp('registered_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('workers_region_idx').on(t.regionCode),
    index('workers_phone_idx').on(t.phoneHash),
    index('workers_name_idx').on(t.name),
  ],
);

export const healthDeclarations = pgTable(
  'health_declarations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workerId: uuid('worker_id')
      .notNull()
      .references(() => workers.id),
    issuedAt: date('issued_at', { mode: 'string' }).notNull(),
    institutionName: text('institution_name').notNull(),
    institutionLevel: text('institution_level').notNull(),
    disqualifyingConditions: jsonb('disqualifying_conditions').$type<string[]>().notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }).notNull(),
    recordedByOrgId: uuid('recorded_by_org_id'),
  },
  (t) => [index('health_declarations_worker_idx').on(t.workerId)],
);

/** Which organisations a worker is known to, and as what: the basis of their access (SEC-2). */
export const workerOrgLinks = pgTable(
  'worker_org_links',
  {
    workerId: uuid('worker_id')
      .notNull()
      .references(() => workers.id),
    orgId: uuid('org_id').notNull(),
    relation: text('relation').notNull(),
    since: timestamp('since', { withTimezone: true, mode: 'date' }).notNull(),
    until: timestamp('until', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.workerId, t.orgId, t.relation] }), index('worker_org_links_org_idx').on(t.orgId)],
);

/** REG-1: append-only; nothing here is ever updated or deleted. */
export const archiveEvents = pgTable(
  'archive_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Insertion order, to break ties between events of the same instant. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    workerId: uuid('worker_id')
      .notNull()
      .references(() => workers.id),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name').notNull(),
    orgId: uuid('org_id'),
    orgName: text('org_name'),
  },
  (t) => [index('archive_events_worker_idx').on(t.workerId, t.occurredAt)],
);
