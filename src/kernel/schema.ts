// Tables of the kernel: the audit chain (SEC-1).
import { bigint, integer, jsonb, pgTable, text, timestamp, uuid, index } from 'drizzle-orm/pg-core';

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
  (t) => [index('audit_records_entity_idx').on(t.entityType, t.entityId), index('audit_records_region_idx').on(t.regionCode)],
);

/** The last link, kept apart so that deleting the newest records is detected too. */
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
