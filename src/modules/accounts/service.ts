import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Actor, OrgKind, Role } from '../../kernel/access.js';
import {
  ORG_KIND_LABELS,
  ROLE_LABELS,
  ROLE_ORG_KIND,
  jurisdictionPrefix,
  permissionsOf,
  requirePermission,
} from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor, Tx } from '../../db/index.js';
import { chinaDate } from '../../kernel/clock.js';
import { maskPhone, parseMobilePhone, parseResidentIdNumber } from '../../kernel/ids.js';
import { settingInForce } from '../../kernel/province-settings.js';
import { Problem, badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { regionFullName } from '../../kernel/regions.js';
import { findOrganisation, type OrganisationRow } from '../organisations/index.js';
import { findWorkerByIdNumberHash } from '../registry/index.js';
import {
  deleteSession,
  deleteSessionsOfUser,
  findUserLinkedToWorker,
  lockUser,
  updateUser,
  findSessionWithUser,
  findUser,
  findUserByUsername,
  deleteExpiredSessions,
  deleteStaleChallenges,
  insertChallenge,
  insertSession,
  insertUser,
  listUsers,
  listUsersOfOrganisation,
  lockLoginState,
  setUserPassword,
  setUserWorker,
  touchSession,
  updateLoginState,
  type UserRow,
} from './queries.js';
import { forgetSession, rememberSession, type ResolvedSession } from './hot-session.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords.js';
import { afterFailedLogin, isLocked, isSessionLive, passwordProblem } from './rules.js';
import { CHALLENGE_TTL_MS, secondFactorRequired, type SecondFactorSetting } from './second-factor.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const wrongCredentials = () => new Problem(401, 'login-failed', '登录失败', '用户名或密码错误。');
export const accountDisabled = () =>
  new Problem(403, 'account-disabled', '账户已停用', '该账户已被管理员停用，请联系本单位或平台的系统管理员。');
export const accountLocked = (until: Date) =>
  new Problem(
    401,
    'account-locked',
    '账户已锁定',
    `连续登录失败次数过多，账户已锁定至 ${until.toISOString()}，请稍后再试或联系系统管理员。`,
  );

export function actorFrom(user: UserRow, org: OrganisationRow | undefined): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role as Role,
    orgId: org?.id ?? null,
    orgKind: (org?.kind as OrgKind | undefined) ?? null,
    orgName: org?.name ?? null,
    regionCode: org?.regionCode ?? null,
    workerId: user.workerId,
  };
}

/** The signed-in user as the web app needs it: identity, organisation, jurisdiction and menu. */
export function presentSession(
  actor: Actor,
  csrfToken: string,
  mustChangePassword = false,
  restriction: string | null = null,
) {
  const prefix = jurisdictionPrefix(actor);
  return {
    /** After an administrator's reset: the web app asks for a new password before anything else. */
    mustChangePassword,
    /** Issue 22: the province requires a second factor of this role: the web app asks to set one up first. */
    secondFactorEnrolmentRequired: restriction === 'enrol_second_factor',
    user: {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      roleLabel: ROLE_LABELS[actor.role],
      org: actor.orgId
        ? {
            id: actor.orgId,
            name: actor.orgName,
            kind: actor.orgKind,
            kindLabel: actor.orgKind ? ORG_KIND_LABELS[actor.orgKind] : null,
            regionCode: actor.regionCode,
            regionName: actor.regionCode ? regionFullName(actor.regionCode) : null,
          }
        : null,
      workerId: actor.workerId,
      jurisdiction:
        prefix && actor.regionCode
          ? { regionCode: actor.regionCode, regionName: regionFullName(actor.regionCode) }
          : null,
    },
    csrfToken,
    menu: permissionsOf(actor.role),
  };
}

export async function login(ctx: AppContext, input: { username: string; password: string }) {
  const now = ctx.clock.now();
  // Issue 22: a phone number signs in the worker account made by sign-up with that number.
  const phone = parseMobilePhone(input.username);
  const user = await findUserByUsername(
    ctx.db,
    phone.ok ? phoneUsername(ctx, phone.phone) : input.username.trim().toLowerCase(),
  );
  if (!user) {
    await verifyPassword(await dummyHash(ctx.config), input.password);
    throw wrongCredentials();
  }
  if (isLocked(user.lockedUntil, now)) throw accountLocked(user.lockedUntil!);
  const org = user.orgId ? await findOrganisation(ctx.db, user.orgId) : undefined;
  const actor = actorFrom(user, org);
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await ctx.db.transaction(async (tx) => {
      // The state read above may be stale: guesses sent in parallel all read it before any wrote,
      // so each would count "first failure" and a burst would never lock. Re-read under a row lock.
      const current = await lockLoginState(tx, user.id);
      if (isLocked(current.lockedUntil, now)) return; // a parallel guess has just locked it
      const state = afterFailedLogin(current.failedLogins, now, ctx.config.login);
      await updateLoginState(tx, user.id, state);
      await appendAudit(tx, ctx.clock, actor, {
        action: state.lockedUntil ? 'auth.account_locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        regionCode: org?.regionCode,
        after: state,
      });
    });
    throw wrongCredentials();
  }
  // Issue 19 item 5: a disabled account cannot log in. Said only after the right password, so the
  // answer does not tell a guesser which accounts exist.
  if (user.disabledAt) throw accountDisabled();
  // Issue 22: with a second factor the right password opens no session, only a 5-minute challenge.
  // The failure count is not reset here: wrong second-factor codes keep counting towards the lockout.
  const methods = secondFactorMethods(user);
  if (methods.length > 0) {
    const challenge = randomBytes(32).toString('base64url');
    await ctx.db.transaction(async (tx) => {
      await deleteStaleChallenges(tx, now);
      await insertChallenge(tx, {
        tokenHash: hashToken(challenge),
        userId: user.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
      });
      await appendAudit(tx, ctx.clock, actor, {
        action: 'auth.second_factor_challenge',
        entityType: 'user',
        entityId: user.id,
        regionCode: org?.regionCode,
        after: { methods },
      });
    });
    return {
      token: null,
      session: null,
      secondFactor: {
        challenge,
        methods,
        phone: methods.includes('sms') && user.phoneSealed ? maskPhone(ctx.vault.open(user.phoneSealed)) : null,
        expiresInSeconds: CHALLENGE_TTL_MS / 1000,
      },
    };
  }
  // Issue 22: the province requires a second factor of this role and the account has none yet: the
  // session opens nothing but the enrolment until one is set up.
  const restriction = (await secondFactorRequiredFor(ctx, actor)) ? 'enrol_second_factor' : null;
  const opened = await openSession(ctx, user, actor, { restriction });
  // Issue 18: the routes that check the session in their own statement (answer events, heartbeats)
  // start from this resolution instead of each reading the session at its first request (2,000
  // candidates starting together). Safe for the same reason as any reuse: their statements check it.
  rememberSession(ctx.db, hashToken(opened.value), {
    actor,
    csrfToken: opened.csrfToken,
    mustChangePassword: user.mustChangePassword,
    restriction,
  });
  return {
    token: opened.value,
    session: presentSession(actor, opened.csrfToken, user.mustChangePassword, restriction),
    secondFactor: null,
  };
}

/**
 * A session after every check has passed (password, and the second factor where there is one), in
 * one transaction with the lock re-checked, the failure count reset and the audit record.
 */
export async function openSession(
  ctx: AppContext,
  user: UserRow,
  actor: Actor,
  options: { restriction: string | null; secondFactor?: string; inTransaction?: (tx: Tx) => Promise<void> },
): Promise<{ value: string; csrfToken: string }> {
  const now = ctx.clock.now();
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await ctx.db.transaction(async (tx) => {
    // A right guess in a parallel burst must not undo the lock the burst's failures have set meanwhile.
    const current = await lockLoginState(tx, user.id);
    if (isLocked(current.lockedUntil, now)) throw accountLocked(current.lockedUntil!);
    await options.inTransaction?.(tx);
    await updateLoginState(tx, user.id, { failedLogins: 0, lockedUntil: null });
    // Sessions nobody logged out of would pile up; each log-in sweeps the dead ones.
    await deleteExpiredSessions(tx, now, new Date(now.getTime() - ctx.config.session.idleMinutes * 60_000));
    await insertSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ctx.config.session.absoluteHours * 3_600_000),
      restriction: options.restriction,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      regionCode: actor.regionCode ?? undefined,
      ...(options.secondFactor || options.restriction
        ? { after: { secondFactor: options.secondFactor ?? null, restriction: options.restriction } }
        : {}),
    });
  });
  return { value: token, csrfToken };
}

/** Issue 22: the second factors an account has set up, in the order the log-in page offers them. */
export function secondFactorMethods(user: UserRow): Array<'totp' | 'sms'> {
  const methods: Array<'totp' | 'sms'> = [];
  if (user.totpEnabledAt && user.totpSecretSealed) methods.push('totp');
  if (user.smsFactorEnabledAt && user.phoneSealed) methods.push('sms');
  return methods;
}

/**
 * Issue 22: whether the province of the account (its organisation's region; the platform's for
 * accounts without one) requires a second factor of its role — a per-province setting.
 */
export async function secondFactorRequiredFor(ctx: AppContext, actor: Actor, db: Executor = ctx.db): Promise<boolean> {
  // Inside a transaction pass `tx`: on PGlite a read through ctx.db would wait for the transaction.
  const setting = await settingInForce<SecondFactorSetting>(db, {
    regionCode: actor.regionCode ?? ctx.config.platformRegionCode,
    kind: 'second_factor',
    on: chinaDate(ctx.clock.now()),
  });
  return secondFactorRequired(setting?.value ?? null, actor.role);
}

/** A log-in right after the account was made (sign-up, invitation): it has no second factor yet. */
export async function loginNewAccount(ctx: AppContext, input: { username: string; password: string }) {
  const { token, session } = await login(ctx, input);
  if (!token || !session) throw new Error('a new account has no second factor');
  return { token, session };
}

/** Resolves a session cookie to its actor; null when absent, unknown, idle too long or expired. */
export async function resolveSession(ctx: AppContext, token: string): Promise<ResolvedSession | null> {
  return resolveSessionByHash(ctx, hashToken(token));
}

export async function resolveSessionByHash(ctx: AppContext, tokenHash: string): Promise<ResolvedSession | null> {
  const row = await findSessionWithUser(ctx.db, tokenHash);
  const now = ctx.clock.now();
  if (!row) return null;
  // Disabling ends the sessions; this also refuses one that raced the disabling.
  if (row.user.disabledAt) return null;
  if (!isSessionLive(row.session, now, ctx.config.session)) {
    await deleteSession(ctx.db, tokenHash);
    return null;
  }
  // Sliding idle timeout; written at most once a minute to keep reads cheap.
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) await touchSession(ctx.db, tokenHash, now);
  const org = row.user.orgId ? await findOrganisation(ctx.db, row.user.orgId) : undefined;
  return {
    actor: actorFrom(row.user, org),
    csrfToken: row.session.csrfToken,
    mustChangePassword: row.user.mustChangePassword,
    restriction: row.session.restriction,
  };
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  const tokenHash = hashToken(token);
  await deleteSession(ctx.db, tokenHash);
  // Not needed for correctness (a guarded statement finds the session gone), only tidy.
  forgetSession(ctx.db, tokenHash);
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  orgId?: string | null;
  workerId?: string | null;
  /** The administrator's form links a worker account by the person's ID number (REG-2 checked). */
  workerIdNumber?: string | null;
  /** Issue 22: a number verified by SMS (sign-up): password reset and the SMS second factor use it. */
  verifiedPhone?: string;
}

/** Creates an account; `actor` null is the platform itself (demo data, first administrator). */
export async function createUser(
  ctx: AppContext,
  actor: Actor | null,
  input: NewUser,
  permission: 'users' | 'org.staff' = 'users',
) {
  const prepared = await prepareUser(ctx.db, ctx, actor, input, permission);
  return ctx.db.transaction((tx) => insertPreparedUser(tx, ctx, actor, prepared));
}

export interface UserOptions {
  /**
   * Issue 22: a worker who signed up but whose face could not be checked gets a worker account with
   * no registry link yet (it reaches no one's personal data); onboarding links it once verified.
   */
  pendingIdentity?: boolean;
}

/** The same as createUser, inside the caller's transaction (a sign-up or an approval that creates more). */
export async function createUserInTransaction(
  tx: Tx,
  ctx: AppContext,
  actor: Actor | null,
  input: NewUser,
  options: UserOptions = {},
) {
  return insertPreparedUser(tx, ctx, actor, await prepareUser(tx, ctx, actor, input, 'users', options));
}

async function prepareUser(
  db: Executor,
  ctx: AppContext,
  actor: Actor | null,
  input: NewUser,
  permission: 'users' | 'org.staff',
  options: UserOptions = {},
) {
  if (actor) requirePermission(actor, permission);
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]{2,31}$/.test(username)) {
    throw badRequest('用户名为 3–32 位小写字母、数字、点、下划线或连字符。', [
      { field: 'username', message: '格式不正确' },
    ]);
  }
  const weak = passwordProblem(input.password);
  if (weak) throw badRequest(weak, [{ field: 'password', message: weak }]);
  const kind = ROLE_ORG_KIND[input.role];
  // Read in the caller's transaction: an organisation created in it is visible only there.
  const org = input.orgId ? await findOrganisation(db, input.orgId) : undefined;
  if (kind && org?.kind !== kind) {
    throw badRequest(`角色「${ROLE_LABELS[input.role]}」须属于一个「${ORG_KIND_LABELS[kind]}」。`, [
      { field: 'orgId', message: '机构类型与角色不符' },
    ]);
  }
  const workerId = input.workerIdNumber?.trim()
    ? await registeredWorkerOf(ctx, input.workerIdNumber)
    : (input.workerId ?? null);
  if (input.role === 'worker' && !workerId && !options.pendingIdentity)
    throw badRequest('特种作业人员账户须关联一名已登记人员。', [{ field: 'workerId', message: '必填' }]);
  // SEC-3: an account linked to a person may read that person's full ID and phone numbers, so only
  // the person's own (worker) account may carry the link.
  if (input.role !== 'worker' && workerId)
    throw badRequest('只有特种作业人员账户可关联已登记人员。', [
      { field: 'workerId', message: '仅特种作业人员账户可填' },
    ]);
  const passwordHash = await hashPassword(ctx.config, input.password);
  return { username, input, kind, org, passwordHash, workerId };
}

async function insertPreparedUser(
  tx: Tx,
  ctx: AppContext,
  actor: Actor | null,
  { username, input, kind, org, passwordHash, workerId }: Awaited<ReturnType<typeof prepareUser>>,
) {
  if (await findUserByUsername(tx, username)) throw conflict(`用户名 ${username} 已存在。`);
  // One person, one account: a second would split the person's own view of their records.
  if (workerId && actor && (await findUserLinkedToWorker(tx, workerId)))
    throw conflict('该人员已有平台账户；如忘记密码，请为其重置密码。');
  const user = await insertUser(tx, {
    username,
    displayName: input.displayName.trim(),
    passwordHash,
    role: input.role,
    orgId: kind ? org!.id : null,
    workerId,
    createdAt: ctx.clock.now(),
    ...(input.verifiedPhone
      ? {
          phoneHash: ctx.vault.lookupHash('phone', input.verifiedPhone),
          phoneSealed: ctx.vault.seal(input.verifiedPhone),
        }
      : {}),
  });
  const view = presentUser(user, org);
  await appendAudit(tx, ctx.clock, actor, {
    action: 'user.create',
    entityType: 'user',
    entityId: user.id,
    regionCode: org?.regionCode,
    after: view,
  });
  return view;
}

/**
 * Issue 22: a worker who signed up with a phone logs in with that number. The username is a keyed
 * hash of it (SEC-3: the number is never stored in the clear, nor shown as a username in lists).
 */
export function phoneUsername(ctx: AppContext, phone: string): string {
  return `m${ctx.vault.lookupHash('phone', phone).slice(0, 24)}`;
}

/** Links a verified worker account to its registry record (issue 22). */
export async function linkWorkerAccount(tx: Tx, userId: string, workerId: string): Promise<void> {
  await setUserWorker(tx, userId, workerId);
}

/** A first password set through a one-time invitation (issue 22); the caller checks the invitation. */
export async function setInitialPassword(tx: Tx, userId: string, passwordHash: string): Promise<void> {
  await setUserPassword(tx, userId, passwordHash);
}

function presentUser(user: UserRow, org: OrganisationRow | undefined) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    roleLabel: ROLE_LABELS[user.role as Role] ?? user.role,
    orgId: user.orgId,
    orgName: org?.name ?? null,
    orgKind: org?.kind ?? null,
    workerLinked: user.workerId !== null,
    lockedUntil: user.lockedUntil,
    disabled: user.disabledAt !== null,
    disabledAt: user.disabledAt,
    mustChangePassword: user.mustChangePassword,
    /** Issue 22: which second factors the account has set up (the administrator can reset them). */
    secondFactors: secondFactorMethods(user),
    createdAt: user.createdAt,
  };
}

/** The registered person with this ID number, for linking their account (never creates one). */
async function registeredWorkerOf(ctx: AppContext, idNumber: string): Promise<string> {
  const parsed = parseResidentIdNumber(idNumber, { today: ctx.clock.now() });
  if (!parsed.ok) throw badRequest(parsed.message, [{ field: 'workerIdNumber', message: parsed.message }]);
  const worker = await findWorkerByIdNumberHash(ctx.db, ctx.vault.lookupHash('id_number', parsed.idNumber));
  if (!worker)
    throw badRequest('平台上没有该身份证号的已登记人员，请先办理人员登记，再为其开通账户。', [
      { field: 'workerIdNumber', message: '未登记' },
    ]);
  return worker.id;
}

export async function searchUsers(ctx: AppContext, actor: Actor, params: { page: number; pageSize: number }) {
  requirePermission(actor, 'users');
  const { items, total } = await listUsers(ctx.db, params);
  const orgIds = [...new Set(items.map((u) => u.orgId).filter((id): id is string => !!id))];
  const orgs = new Map(
    (await Promise.all(orgIds.map((id) => findOrganisation(ctx.db, id)))).filter(Boolean).map((o) => [o!.id, o!]),
  );
  return {
    items: items.map((u) => presentUser(u, u.orgId ? orgs.get(u.orgId) : undefined)),
    total,
    page: params.page,
    pageSize: params.pageSize,
  };
}

export async function unlockUser(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'users');
  await ctx.db.transaction(async (tx) => {
    const user = await findUser(tx, id);
    if (!user) throw notFound('账户');
    await updateLoginState(tx, id, { failedLogins: 0, lockedUntil: null });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'user.unlock',
      entityType: 'user',
      entityId: id,
      before: { lockedUntil: user.lockedUntil },
    });
  });
}

/**
 * An organisation's administrator adds accounts for its own staff, with its own role and nothing
 * more (an employer's admin cannot create a regulator, or staff of another organisation).
 */
export async function createStaffUser(
  ctx: AppContext,
  actor: Actor,
  input: Pick<NewUser, 'username' | 'displayName' | 'password'>,
) {
  requirePermission(actor, 'org.staff');
  if (!actor.orgId) throw forbidden();
  return createUser(ctx, actor, { ...input, role: actor.role, orgId: actor.orgId }, 'org.staff');
}

export async function listStaff(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'org.staff');
  if (!actor.orgId) throw forbidden();
  const org = await findOrganisation(ctx.db, actor.orgId);
  return { items: (await listUsersOfOrganisation(ctx.db, actor.orgId)).map((u) => presentUser(u, org)) };
}

/** A password a person can type from a slip: 12 letters and digits, meeting the password rules. */
function oneTimePassword(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const body = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  return `${body}${(bytes[0] % 8) + 2}q`;
}

/**
 * Issue 19 item 5 / SEC-2: the user changes their own password with the current one. Every other
 * session of the account ends (a stolen session does not survive the change); this one stays.
 */
export async function changeOwnPassword(
  ctx: AppContext,
  actor: Actor,
  sessionToken: string,
  input: { currentPassword: string; newPassword: string },
) {
  const user = await findUser(ctx.db, actor.userId);
  if (!user) throw notFound('账户');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword)))
    throw badRequest('当前密码不正确。', [{ field: 'currentPassword', message: '不正确' }]);
  const weak = passwordProblem(input.newPassword);
  if (weak) throw badRequest(weak, [{ field: 'newPassword', message: weak }]);
  if (input.newPassword === input.currentPassword)
    throw badRequest('新密码不能与当前密码相同。', [{ field: 'newPassword', message: '与当前密码相同' }]);
  const passwordHash = await hashPassword(ctx.config, input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash, mustChangePassword: false });
    const ended = await deleteSessionsOfUser(tx, user.id, hashToken(sessionToken));
    await appendAudit(tx, ctx.clock, actor, {
      action: 'user.password_change',
      entityType: 'user',
      entityId: user.id,
      regionCode: actor.regionCode ?? undefined,
      after: { otherSessionsEnded: ended },
    });
  });
}

/**
 * Issue 19 item 5: the administrator resets a password. The one-time password is returned once
 * (never stored in clear, never audited), must be changed at the next log-in, and every session of
 * the account ends; a lock from failed log-ins is lifted with it.
 */
export async function resetPassword(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'users');
  const temporaryPassword = oneTimePassword();
  const passwordHash = await hashPassword(ctx.config, temporaryPassword);
  await ctx.db.transaction(async (tx) => {
    const user = await lockUser(tx, id);
    if (!user) throw notFound('账户');
    await updateUser(tx, id, { passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null });
    const ended = await deleteSessionsOfUser(tx, id);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
      after: { mustChangePassword: true, sessionsEnded: ended },
    });
  });
  return { temporaryPassword, mustChangePassword: true };
}

/** Issue 19 item 5: disabling ends the account's sessions and refuses its log-ins; enabling restores it. */
export async function setUserDisabled(ctx: AppContext, actor: Actor, id: string, disabled: boolean) {
  requirePermission(actor, 'users');
  // An administrator who disables themself locks the office out of account management.
  if (disabled && id === actor.userId) throw badRequest('不能停用自己的账户。', [{ field: 'id', message: '本人账户' }]);
  return ctx.db.transaction(async (tx) => {
    const user = await lockUser(tx, id);
    if (!user) throw notFound('账户');
    if ((user.disabledAt !== null) === disabled) throw conflict(disabled ? '该账户已停用。' : '该账户未停用。');
    const updated = await updateUser(tx, id, { disabledAt: disabled ? ctx.clock.now() : null });
    const ended = disabled ? await deleteSessionsOfUser(tx, id) : 0;
    await appendAudit(tx, ctx.clock, actor, {
      action: disabled ? 'user.disable' : 'user.enable',
      entityType: 'user',
      entityId: id,
      before: { disabledAt: user.disabledAt },
      after: { disabledAt: updated.disabledAt, sessionsEnded: ended },
    });
    const org = updated.orgId ? await findOrganisation(tx, updated.orgId) : undefined;
    return presentUser(updated, org);
  });
}

/**
 * Issue 19 item 5 / SEC-2: the administrator edits the display name and the role. The role stays
 * within the kind of the account's organisation (a regulator's account cannot become an examiner),
 * a worker account stays a worker's, and nobody changes their own role.
 */
export async function editUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { displayName?: string; role?: Role },
) {
  requirePermission(actor, 'users');
  return ctx.db.transaction(async (tx) => {
    const user = await lockUser(tx, id);
    if (!user) throw notFound('账户');
    const org = user.orgId ? await findOrganisation(tx, user.orgId) : undefined;
    const changes: { displayName?: string; role?: Role } = {};
    if (input.displayName !== undefined) {
      const name = input.displayName.trim();
      if (!name) throw badRequest('姓名不能为空。', [{ field: 'displayName', message: '必填' }]);
      if (name !== user.displayName) changes.displayName = name;
    }
    if (input.role !== undefined && input.role !== user.role) {
      if (id === actor.userId) throw badRequest('不能修改自己的角色。', [{ field: 'role', message: '本人账户' }]);
      const kind = ROLE_ORG_KIND[input.role];
      if (user.role === 'worker' || input.role === 'worker' || !kind || org?.kind !== kind) {
        throw ruleViolation(
          'SEC-2',
          '角色与机构不符',
          `角色「${ROLE_LABELS[input.role]}」不属于该账户所在机构的类型${org ? `「${ORG_KIND_LABELS[org.kind as OrgKind]}」` : ''}；特种作业人员账户不能改为工作人员角色，反之亦然。`,
          { errors: [{ field: 'role', message: '机构类型与角色不符' }] },
        );
      }
      changes.role = input.role;
    }
    if (Object.keys(changes).length === 0) return presentUser(user, org);
    const updated = await updateUser(tx, id, changes);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      regionCode: org?.regionCode,
      before: { displayName: user.displayName, role: user.role },
      after: { displayName: updated.displayName, role: updated.role },
    });
    return presentUser(updated, org);
  });
}
