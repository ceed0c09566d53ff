// Issue 22: the second factor (TOTP or an SMS code) — the log-in's second step, enrolment with a
// QR code and recovery codes, turning it off with a current code, the administrator's reset — and
// the password reset once the number has been proved by SMS (onboarding holds the codes).
import QRCode from 'qrcode';
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { maskPhone } from '../../kernel/ids.js';
import { Problem, badRequest, conflict, notFound, ruleViolation } from '../../kernel/problem.js';
import type { Config } from '../../config.js';
import type { Tx } from '../../db/index.js';
import { hashPassword } from './passwords.js';
import { findOrganisation } from '../organisations/index.js';
import {
  countChallengeAttempt,
  countUnusedRecoveryCodes,
  deleteSessionsOfUser,
  findChallenge,
  findUser,
  findUsersByPhoneHash,
  lockLoginState,
  lockUser,
  replaceRecoveryCodes,
  setSessionRestriction,
  updateLoginState,
  updateUser,
  consumeChallenge,
  spendRecoveryCode,
  type UserRow,
} from './queries.js';
import { afterFailedLogin, isLocked, passwordProblem } from './rules.js';
import {
  CHALLENGE_MAX_ATTEMPTS,
  acceptedTotpStep,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  totpUri,
} from './second-factor.js';
import {
  accountDisabled,
  accountLocked,
  actorFrom,
  hashToken,
  openSession,
  presentSession,
  secondFactorMethods,
  secondFactorRequiredFor,
} from './service.js';

export type SecondFactorMethod = 'totp' | 'recovery' | 'sms';

const challengeExpired = () =>
  new Problem(401, 'second-factor-expired', '验证已失效', '第二重验证已超时或失败次数过多，请重新输入密码登录。', {
    rule: 'issue 22',
  });
const codeWrong = () =>
  new Problem(401, 'second-factor-wrong', '验证码不正确', '动态口令、短信验证码或恢复码不正确。', {
    rule: 'issue 22',
    errors: [{ field: 'code', message: '不正确' }],
  });

const recoveryHash = (ctx: AppContext, userId: string, code: string) =>
  ctx.vault.lookupHash('recovery_code', `${userId}:${normaliseRecoveryCode(code)}`);
/**
 * SEC-3: a recovery code is stored only as a keyed hash, which `vault:rotate` cannot recompute (it never
 * sees the code): a code is spent under every hash it may be stored under (either profile, and the
 * previous secret while QUANLIAN_SECRET_PREVIOUS is set), so rotating the vault locks nobody out.
 */
const recoveryHashes = (ctx: AppContext, userId: string, code: string) =>
  ctx.vault.lookupHashes('recovery_code', `${userId}:${normaliseRecoveryCode(code)}`);

async function actorOfUser(ctx: AppContext, user: UserRow): Promise<Actor> {
  const org = user.orgId ? await findOrganisation(ctx.db, user.orgId) : undefined;
  return actorFrom(user, org);
}

/** The live challenge's account, or a 401 (unknown, used, expired, out of tries). */
async function liveChallenge(ctx: AppContext, challenge: string) {
  const row = await findChallenge(ctx.db, hashToken(challenge));
  const now = ctx.clock.now();
  if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime() || row.attempts >= CHALLENGE_MAX_ATTEMPTS)
    throw challengeExpired();
  const user = await findUser(ctx.db, row.userId);
  if (!user) throw challengeExpired();
  if (isLocked(user.lockedUntil, now)) throw accountLocked(user.lockedUntil!);
  if (user.disabledAt) throw accountDisabled();
  return { row, user };
}

/** Issue 22: the number the SMS second factor goes to, for onboarding's sender (never shown in full). */
export async function challengePhone(ctx: AppContext, challenge: string): Promise<string> {
  const { user } = await liveChallenge(ctx, challenge);
  if (!secondFactorMethods(user).includes('sms') || !user.phoneSealed)
    throw badRequest('该账户未开通短信验证。', [{ field: 'method', message: '未开通' }]);
  return ctx.vault.open(user.phoneSealed);
}

/**
 * Issue 22: the log-in's second step. A wrong code counts against the challenge (5 tries) and
 * against the account's lockout like a wrong password; the right one opens the session. The SMS
 * code is checked by the caller's `smsCheck` (onboarding holds SMS codes).
 */
export async function completeSecondFactor(
  ctx: AppContext,
  input: { challenge: string; method: SecondFactorMethod; code: string },
  smsCheck?: (phone: string, code: string) => Promise<boolean>,
) {
  const { row, user } = await liveChallenge(ctx, input.challenge);
  const now = ctx.clock.now();
  const actor = await actorOfUser(ctx, user);
  const methods = secondFactorMethods(user);
  let totpStep: number | null = null;
  let right = false;
  if (input.method === 'totp' && methods.includes('totp')) {
    totpStep = acceptedTotpStep(ctx.vault.open(user.totpSecretSealed!), input.code, now, user.totpLastStep);
    right = totpStep !== null;
  } else if (input.method === 'sms' && methods.includes('sms') && smsCheck) {
    right = await smsCheck(ctx.vault.open(user.phoneSealed!), input.code);
  } else if (input.method === 'recovery' && methods.includes('totp')) {
    right = true; // checked (and used) inside the session's transaction below
  } else {
    throw badRequest('该账户未开通此验证方式。', [{ field: 'method', message: '未开通' }]);
  }
  const fail = async () => {
    await ctx.db.transaction(async (tx) => {
      await countChallengeAttempt(tx, row.tokenHash);
      const current = await lockLoginState(tx, user.id);
      if (isLocked(current.lockedUntil, now)) return;
      const state = afterFailedLogin(current.failedLogins, now, ctx.config.login);
      await updateLoginState(tx, user.id, state);
      await appendAudit(tx, ctx.clock, actor, {
        action: state.lockedUntil ? 'auth.account_locked' : 'auth.second_factor_failed',
        entityType: 'user',
        entityId: user.id,
        regionCode: actor.regionCode ?? undefined,
        after: { method: input.method, ...state },
      });
    });
    throw codeWrong();
  };
  if (!right) return fail();
  class RecoveryRefused extends Error {}
  try {
    const opened = await openSession(ctx, user, actor, {
      restriction: null,
      secondFactor: input.method,
      inTransaction: async (tx) => {
        if (!(await consumeChallenge(tx, row.tokenHash, now))) throw challengeExpired();
        if (input.method === 'recovery') {
          if (!(await spendRecoveryCode(tx, user.id, recoveryHashes(ctx, user.id, input.code), now)))
            throw new RecoveryRefused();
        }
        if (totpStep !== null) await updateUser(tx, user.id, { totpLastStep: totpStep });
      },
    });
    return { token: opened.value, session: presentSession(actor, opened.csrfToken, user.mustChangePassword) };
  } catch (err) {
    if (err instanceof RecoveryRefused) return fail();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// The user's own second factor

export async function secondFactorStatus(ctx: AppContext, actor: Actor) {
  const user = await findUser(ctx.db, actor.userId);
  if (!user) throw notFound('账户');
  return {
    required: await secondFactorRequiredFor(ctx, actor),
    totp: !!user.totpEnabledAt,
    totpEnabledAt: user.totpEnabledAt,
    sms: !!user.smsFactorEnabledAt && !!user.phoneSealed,
    phone: user.phoneSealed ? maskPhone(ctx.vault.open(user.phoneSealed)) : null,
    recoveryCodesLeft: user.totpEnabledAt ? await countUnusedRecoveryCodes(ctx.db, user.id) : 0,
  };
}

/** Step 1 of a TOTP enrolment: a new secret (kept sealed, pending) and its QR code. */
export async function startTotpEnrolment(ctx: AppContext, actor: Actor) {
  const user = await findUser(ctx.db, actor.userId);
  if (!user) throw notFound('账户');
  if (user.totpEnabledAt) throw conflict('已开通动态口令；如需更换，请先用当前口令关闭后重新开通。');
  const secret = newTotpSecret();
  await ctx.db.transaction(async (tx) => {
    await updateUser(tx, user.id, { totpPendingSealed: ctx.vault.seal(secret) });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'user.second_factor_enrolment_started',
      entityType: 'user',
      entityId: user.id,
      regionCode: actor.regionCode ?? undefined,
      after: { method: 'totp' },
    });
  });
  const uri = totpUri(secret, actor.username);
  return { secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/**
 * Step 2: the first code from the app proves it holds the secret. Ten recovery codes are shown
 * once (only their keyed hashes are kept). A session restricted to the enrolment becomes a full one.
 */
export async function confirmTotpEnrolment(ctx: AppContext, actor: Actor, sessionToken: string, code: string) {
  const now = ctx.clock.now();
  const recoveryCodes = newRecoveryCodes();
  await ctx.db.transaction(async (tx) => {
    const user = await lockUser(tx, actor.userId);
    if (!user) throw notFound('账户');
    if (user.totpEnabledAt) throw conflict('已开通动态口令。');
    if (!user.totpPendingSealed) throw badRequest('请先获取二维码。', [{ field: 'code', message: '未开始设置' }]);
    const step = acceptedTotpStep(ctx.vault.open(user.totpPendingSealed), code, now, null);
    if (step === null)
      throw badRequest('动态口令不正确，请核对手机时间后输入验证器当前显示的 6 位数字。', [
        { field: 'code', message: '不正确' },
      ]);
    await updateUser(tx, user.id, {
      totpSecretSealed: user.totpPendingSealed,
      totpPendingSealed: null,
      totpEnabledAt: now,
      totpLastStep: step,
    });
    await replaceRecoveryCodes(
      tx,
      user.id,
      recoveryCodes.map((c) => recoveryHash(ctx, user.id, c)),
      now,
    );
    await setSessionRestriction(tx, hashToken(sessionToken), null);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'user.second_factor_enrolled',
      entityType: 'user',
      entityId: user.id,
      regionCode: actor.regionCode ?? undefined,
      after: { method: 'totp', recoveryCodes: recoveryCodes.length },
    });
  });
  return { recoveryCodes };
}

/**
 * Turning TOTP off takes a current code (or a recovery code): a session left open on a shared
 * computer cannot remove it. Refused where the province requires a second factor and none would remain.
 */
export async function disableTotp(ctx: AppContext, actor: Actor, code: string) {
  const now = ctx.clock.now();
  const required = await secondFactorRequiredFor(ctx, actor);
  await ctx.db.transaction(async (tx) => {
    const user = await lockUser(tx, actor.userId);
    if (!user) throw notFound('账户');
    if (!user.totpEnabledAt || !user.totpSecretSealed) throw conflict('未开通动态口令。');
    if (required && secondFactorMethods(user).length === 1)
      throw ruleViolation(
        'issue 22',
        '本省要求使用第二重验证',
        '本省规定您的角色须使用第二重验证，请先开通短信验证再关闭动态口令。',
      );
    const step = acceptedTotpStep(ctx.vault.open(user.totpSecretSealed), code, now, user.totpLastStep);
    if (step === null && !(await spendRecoveryCode(tx, user.id, recoveryHashes(ctx, user.id, code), now)))
      throw badRequest('动态口令或恢复码不正确。', [{ field: 'code', message: '不正确' }]);
    await updateUser(tx, user.id, { totpSecretSealed: null, totpEnabledAt: null, totpLastStep: step });
    await replaceRecoveryCodes(tx, user.id, [], now);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'user.second_factor_disabled',
      entityType: 'user',
      entityId: user.id,
      regionCode: actor.regionCode ?? undefined,
      after: { method: 'totp' },
    });
  });
}

/**
 * Issue 22: the account's number, proved by an SMS code (onboarding checks the ticket), and the SMS
 * second factor on or off. Called inside onboarding's transaction that uses the ticket.
 */
export async function setSmsFactor(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  input: { phone: string; enabled: boolean; sessionToken: string },
) {
  const user = await lockUser(tx, actor.userId);
  if (!user) throw notFound('账户');
  const phoneHash = ctx.vault.lookupHash('phone', input.phone);
  if ((await findUsersByPhoneHash(tx, phoneHash)).some((u) => u.id !== user.id))
    throw conflict('该手机号已绑定其他账户。');
  if (!input.enabled) {
    if (!user.smsFactorEnabledAt) throw conflict('未开通短信验证。');
    // Turning it off takes a code sent to the number it uses now.
    if (user.phoneHash !== phoneHash)
      throw badRequest('请使用当前绑定的手机号获取验证码。', [{ field: 'ticket', message: '号码不符' }]);
    if ((await secondFactorRequiredFor(ctx, actor, tx)) && secondFactorMethods(user).length === 1)
      throw ruleViolation(
        'issue 22',
        '本省要求使用第二重验证',
        '本省规定您的角色须使用第二重验证，请先开通动态口令再关闭短信验证。',
      );
  }
  const now = ctx.clock.now();
  await updateUser(tx, user.id, {
    phoneHash,
    phoneSealed: ctx.vault.seal(input.phone),
    smsFactorEnabledAt: input.enabled ? now : null,
  });
  if (input.enabled) await setSessionRestriction(tx, hashToken(input.sessionToken), null);
  await appendAudit(tx, ctx.clock, actor, {
    action: input.enabled ? 'user.second_factor_enrolled' : 'user.second_factor_disabled',
    entityType: 'user',
    entityId: user.id,
    regionCode: actor.regionCode ?? undefined,
    after: { method: 'sms', phone: maskPhone(input.phone) },
  });
}

/**
 * Issue 22: the administrator resets a person's second factor (lost phone): TOTP, recovery codes
 * and the SMS factor are removed and every session ends. The person sets it up again at the next
 * log-in where the province requires one.
 */
export async function resetSecondFactor(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'users');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const user = await lockUser(tx, id);
    if (!user) throw notFound('账户');
    const before = { totp: !!user.totpEnabledAt, sms: !!user.smsFactorEnabledAt };
    await updateUser(tx, id, {
      totpSecretSealed: null,
      totpPendingSealed: null,
      totpEnabledAt: null,
      smsFactorEnabledAt: null,
    });
    await replaceRecoveryCodes(tx, id, [], now);
    const ended = await deleteSessionsOfUser(tx, id);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'user.second_factor_reset',
      entityType: 'user',
      entityId: id,
      before,
      after: { totp: false, sms: false, sessionsEnded: ended },
    });
    return { sessionsEnded: ended };
  });
}

// ---------------------------------------------------------------------------------------------
// Password reset by SMS

/**
 * Issue 22: a new password for the account of a number just proved by an SMS code (onboarding
 * checks and uses the ticket in `tx`). Every session ends; the lockout is not lifted (a reset is
 * not a way round it) and no session is opened (the second factor still applies at log-in).
 */
export async function resetPasswordByVerifiedPhone(
  tx: Tx,
  ctx: AppContext,
  input: { phone: string; password: string; passwordHash: string },
) {
  const accounts = await findUsersByPhoneHash(tx, ctx.vault.lookupHash('phone', input.phone));
  if (accounts.length !== 1)
    throw badRequest('该手机号未绑定平台账户（或绑定了多个账户），请联系本单位或平台的系统管理员重置密码。', [
      { field: 'phone', message: '未绑定账户' },
    ]);
  const user = accounts[0];
  // Two factors must stay two: where the phone is the account's second factor, the same phone cannot
  // also replace the password (whoever holds the phone would hold both).
  if (secondFactorMethods(user).includes('sms'))
    throw ruleViolation(
      'issue 22',
      '不能用第二重验证的手机重置密码',
      '该账户以此手机号作为第二重验证，密码与短信验证须相互独立，不能再用同一手机号重置密码。请联系本单位或平台的系统管理员重置。',
    );
  await updateUser(tx, user.id, { passwordHash: input.passwordHash, mustChangePassword: false });
  const ended = await deleteSessionsOfUser(tx, user.id);
  const org = user.orgId ? await findOrganisation(tx, user.orgId) : undefined;
  await appendAudit(tx, ctx.clock, actorFrom(user, org), {
    action: 'auth.password_reset_sms',
    entityType: 'user',
    entityId: user.id,
    regionCode: org?.regionCode,
    after: { phone: maskPhone(input.phone), sessionsEnded: ended },
  });
  const now = ctx.clock.now();
  return { lockedUntil: isLocked(user.lockedUntil, now) ? user.lockedUntil : null };
}

/** The password policy checked and the hash computed before the transaction (argon2 is slow). */
export async function preparePassword(config: Pick<Config, 'passwordHashCost'>, password: string): Promise<string> {
  const weak = passwordProblem(password);
  if (weak) throw badRequest(weak, [{ field: 'password', message: weak }]);
  return hashPassword(config, password);
}
