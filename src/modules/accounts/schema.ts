// Accounts and sessions.
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-case; log-in is case-insensitive. */
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    orgId: uuid('org_id'),
    workerId: uuid('worker_id'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    /** Issue 19 item 5: a disabled account cannot log in; set and cleared by the administrator. */
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    /** After an administrator's reset: the one-time password must be replaced before anything else. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /**
     * Issue 22: the account's verified mobile number (password reset by SMS, SMS second factor):
     * keyed hash for the look-up (one account per number) and sealed for sending (SEC-3).
     */
    phoneHash: text('phone_hash').unique(),
    phoneSealed: text('phone_sealed'),
    /** Issue 22: TOTP (RFC 6238) secret, sealed; set once the enrolment is confirmed with a code. */
    totpSecretSealed: text('totp_secret_sealed'),
    /** An enrolment started (QR shown) but not yet confirmed with a code. */
    totpPendingSealed: text('totp_pending_sealed'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true, mode: 'date' }),
    /** The last 30-second step a TOTP code was accepted for: the same code is not accepted twice. */
    totpLastStep: integer('totp_last_step'),
    /** Issue 22: SMS codes to `phone` as the second factor. */
    smsFactorEnabledAt: timestamp('sms_factor_enabled_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('users_org_idx').on(t.orgId)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie's token: a leaked table does not yield usable sessions. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    /**
     * Issue 22: 'enrol_second_factor' — the province requires a second factor of this role and the
     * account has none yet: the session opens nothing but the enrolment (and log-out).
     */
    restriction: text('restriction'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Issue 22: the first step of a log-in with a second factor. The password was right; this token
 * (hashed) lets the second step finish within 5 minutes and 5 tries. It is not a session.
 */
export const loginChallenges = pgTable('login_challenges', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  attempts: integer('attempts').notNull().default(0),
  usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
});

/** Issue 22: one-time recovery codes of a TOTP enrolment, stored only as keyed hashes. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    userId: uuid('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);
