// Self-service onboarding (issue 22): SMS one-time codes, worker accounts' identity, organisation
// applications and first-administrator invitations.
import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  // PGlite hands back a Uint8Array, node-postgres a Buffer: one type for the callers.
  fromDriver: (value) => Buffer.from(value),
});

/**
 * One row per code sent. The code is stored only as a keyed hash; the rate limits (per number, per
 * address) are counted over this table, so they hold across processes and restarts.
 */
export const smsCodes = pgTable(
  'sms_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneHash: text('phone_hash').notNull(),
    /** The number, sealed (SEC-3): the application or account that follows needs it. */
    phoneSealed: text('phone_sealed').notNull(),
    purpose: text('purpose').notNull(),
    codeHash: text('code_hash').notNull(),
    clientIp: text('client_ip').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }),
    /** Given once the code is right: what the next step presents, used once. */
    ticketHash: text('ticket_hash').unique(),
    ticketUsedAt: timestamp('ticket_used_at', { withTimezone: true, mode: 'date' }),
    gatewayReference: text('gateway_reference'),
  },
  (t) => [index('sms_codes_phone_idx').on(t.phoneHash, t.sentAt), index('sms_codes_ip_idx').on(t.clientIp, t.sentAt)],
);

/** The development adapter's messages, shown on the administrator's page; never written in production. */
export const smsDevOutbox = pgTable('sms_dev_outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  phone: text('phone').notNull(),
  text: text('text').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull(),
});

/**
 * A worker account made by sign-up: one per person (worker id unique) and one per phone. An
 * unverified account holds its claim here but its user row has no worker link until a face check
 * passes, so it reaches nobody's personal data (see docs/onboarding.md).
 */
export const workerSignups = pgTable('worker_signups', {
  userId: uuid('user_id').primaryKey(),
  workerId: uuid('worker_id').notNull().unique(),
  phoneHash: text('phone_hash').notNull().unique(),
  /** 'verified' | 'unverified' */
  identity: text('identity').notNull(),
  /** 'identity_source' | 'enrolment_photo' | null */
  method: text('method'),
  /** True when the person's registry record existed (registered by an institution or employer). */
  claimed: boolean('claimed').notNull(),
  evidence: text('evidence'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  verifiedAt: timestamp('verified_at', { withTimezone: true, mode: 'date' }),
});

export const orgApplications = pgTable(
  'org_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    creditCode: text('credit_code').notNull(),
    regionCode: text('region_code').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhoneSealed: text('contact_phone_sealed').notNull(),
    contactPhoneMasked: text('contact_phone_masked').notNull(),
    licence: bytea('licence').notNull(),
    licenceType: text('licence_type').notNull(),
    /** An organisation already on the platform with this credit code (legacy import): approval claims it. */
    claimsOrgId: uuid('claims_org_id'),
    /** 'pending' | 'approved' | 'refused' */
    status: text('status').notNull(),
    reason: text('reason'),
    decidedByUserId: uuid('decided_by_user_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    orgId: uuid('org_id'),
    adminUserId: uuid('admin_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('org_applications_region_idx').on(t.regionCode, t.status),
    // One open application per credit code; decided ones stay as history.
    uniqueIndex('org_applications_pending_credit_code').on(t.creditCode).where(sql`status = 'pending'`),
  ],
);

/** A first administrator's invitation: the link's token hashed, used once, 7 days. */
export const orgInvites = pgTable('org_invites', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull(),
  applicationId: uuid('application_id').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
});
