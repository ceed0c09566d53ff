// Accounts: log-in, lockout, session expiry, logout, CSRF, security headers, password hashes and
// the audit of it all (issue 3, "Accounts"; SEC-1, SEC-2, SEC-4).
import { asc, eq } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf, type Role } from '../../kernel/access.js';
import { verifyAuditChain } from '../../kernel/audit.js';
import { auditRecords } from '../../kernel/schema.js';
import {
  TEST_PASSWORD,
  makeOrg,
  makeUser,
  makeWorker,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';
import { afterFailedLogin, isLocked, isSessionLive, passwordProblem } from './rules.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { sessions, users } from './schema.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const MINUTE = 60_000;
const HAN = /[\u3400-\u9fff]/;

/**
 * Each test logs in from an address of its own: the log-in route allows 30 attempts a minute
 * per address (SEC-4), and this file makes more than that on purpose.
 */
let addressSerial = 0;
const newAddress = () => {
  addressSerial += 1;
  return `10.2.${addressSerial >> 8}.${addressSerial & 255}`;
};

async function accountOf(role: Role = 'county_regulator') {
  const org =
    role === 'worker'
      ? null
      : await makeOrg(p, {
          kind: role === 'system_admin' ? 'platform' : 'regulator',
          regionCode: role === 'system_admin' ? '110000' : '510107',
        });
  return makeUser(p, { role, org });
}

function login(username: string, password: string, remoteAddress: string) {
  return p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
}

function cookieOf(res: LightMyRequestResponse): string {
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

function me(cookie: string) {
  return p.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
}

async function signedIn(role: Role = 'county_regulator') {
  const account = await accountOf(role);
  const address = newAddress();
  const res = await login(account.username, TEST_PASSWORD, address);
  expect(res.statusCode, res.body).toBe(200);
  const cookie = cookieOf(res);
  const csrfToken = res.json().csrfToken as string;
  const send = (opts: InjectOptions) =>
    p.app.inject({ remoteAddress: address, ...opts, headers: { cookie, ...opts.headers } });
  return { ...account, address, cookie, csrfToken, send };
}

function expectProblem(res: LightMyRequestResponse, status: number, type: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json()).toMatchObject({
    type: `urn:quanlian:problem:${type}`,
    title: expect.stringMatching(HAN),
    status,
    detail: expect.stringMatching(HAN),
  });
}

async function auditActionsFor(userId: string): Promise<string[]> {
  const rows = await p.ctx.db
    .select({ action: auditRecords.action })
    .from(auditRecords)
    .where(eq(auditRecords.entityId, userId))
    .orderBy(asc(auditRecords.seq));
  return rows.map((r) => r.action);
}

async function loginState(userId: string) {
  const [row] = await p.ctx.db
    .select({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

describe('log-in', () => {
  it('SEC-2 a correct log-in answers 200 with an httpOnly SameSite=Strict session cookie, a CSRF token and the role menu', async () => {
    const account = await accountOf('city_regulator');
    const res = await login(account.username, TEST_PASSWORD, newAddress());
    expect(res.statusCode).toBe(200);
    const [cookie] = res.cookies;
    expect(cookie).toMatchObject({
      name: 'ql_session',
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: 12 * 3600,
    });
    expect(cookie.value.length).toBeGreaterThanOrEqual(40);
    const body = res.json();
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(24);
    expect(body.menu).toEqual(permissionsOf('city_regulator'));
    expect(body.user).toMatchObject({ username: account.username, role: 'city_regulator', roleLabel: '市级监管部门' });
    expect(JSON.stringify(body)).not.toContain(TEST_PASSWORD);

    const who = await me(cookieOf(res));
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ user: { id: account.user.id }, csrfToken: body.csrfToken, menu: body.menu });
  });

  it('SEC-2 the user name is case-insensitive and surrounding spaces are ignored', async () => {
    const account = await accountOf();
    const res = await login(`  ${account.username.toUpperCase()} `, TEST_PASSWORD, newAddress());
    expect(res.statusCode).toBe(200);
  });

  it('SEC-2 a wrong password is a 401 problem with a Chinese title', async () => {
    const account = await accountOf();
    const res = await login(account.username, 'Wrong-pass-2026', newAddress());
    expectProblem(res, 401, 'login-failed');
    expect(res.json().title).toBe('登录失败');
    expect(res.cookies).toEqual([]);
  });

  it('SEC-2 an unknown user name gets exactly the same answer as a wrong password', async () => {
    const account = await accountOf();
    const wrongPassword = await login(account.username, 'Wrong-pass-2026', newAddress());
    const unknownUser = await login('no-such-user-anywhere', 'Wrong-pass-2026', newAddress());
    expect(unknownUser.statusCode).toBe(wrongPassword.statusCode);
    expect(unknownUser.headers['content-type']).toBe(wrongPassword.headers['content-type']);
    // The same body but for the request's own id (issue 23: every problem carries it).
    const { requestId: idUnknown, ...unknownBody } = unknownUser.json();
    const { requestId: idWrong, ...wrongBody } = wrongPassword.json();
    expect(unknownBody).toEqual(wrongBody);
    expect(idUnknown).toBe(unknownUser.headers['x-request-id']);
    expect(idWrong).not.toBe(idUnknown);
  });

  it('SEC-4 more than 30 log-in attempts a minute from one address are refused with 429', async () => {
    const address = newAddress();
    for (let i = 0; i < 30; i++) expect((await login('no-such-user', 'x', address)).statusCode).toBe(401);
    const res = await login('no-such-user', 'x', address);
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().title).toMatch(HAN);
    // Another address is not affected.
    expect((await login('no-such-user', 'x', newAddress())).statusCode).toBe(401);
  });
});

describe('lockout', () => {
  it('SEC-2 five consecutive failures lock the account: even the right password is then refused as account-locked', async () => {
    const account = await accountOf();
    const address = newAddress();
    for (let i = 1; i <= 4; i++) {
      expectProblem(await login(account.username, `Wrong-pass-${i}`, address), 401, 'login-failed');
      expect(await loginState(account.user.id)).toMatchObject({ failedLogins: i, lockedUntil: null });
    }
    // The fifth failure is still told as a failure (it does not confirm the password was wrong twice over) …
    expectProblem(await login(account.username, 'Wrong-pass-5', address), 401, 'login-failed');
    expect((await loginState(account.user.id)).lockedUntil).toEqual(new Date(p.clock.now().getTime() + 15 * MINUTE));
    // … and from then on the account is locked, whatever the password.
    expectProblem(await login(account.username, TEST_PASSWORD, address), 401, 'account-locked');
    expectProblem(await login(account.username, 'Wrong-pass-6', address), 401, 'account-locked');
  });

  it('SEC-2 the lock lifts after exactly 15 minutes', async () => {
    const account = await accountOf();
    const address = newAddress();
    for (let i = 0; i < 5; i++) await login(account.username, 'Wrong-pass-2026', address);
    p.clock.advance(15 * MINUTE - 1000);
    expectProblem(await login(account.username, TEST_PASSWORD, address), 401, 'account-locked');
    p.clock.advance(1000);
    const res = await login(account.username, TEST_PASSWORD, address);
    expect(res.statusCode).toBe(200);
    expect(await loginState(account.user.id)).toEqual({ failedLogins: 0, lockedUntil: null });
  });

  it('SEC-2 a successful log-in resets the failure count', async () => {
    const account = await accountOf();
    const address = newAddress();
    for (let i = 0; i < 4; i++) await login(account.username, 'Wrong-pass-2026', address);
    expect((await login(account.username, TEST_PASSWORD, address)).statusCode).toBe(200);
    expect((await loginState(account.user.id)).failedLogins).toBe(0);
    for (let i = 0; i < 4; i++)
      expectProblem(await login(account.username, 'Wrong-pass-2026', address), 401, 'login-failed');
    expect((await login(account.username, TEST_PASSWORD, address)).statusCode).toBe(200);
  });

  it('SEC-2 failures sent in parallel are all counted, and a right guess among them cannot undo the lock', async () => {
    const account = await accountOf();
    const guesses = Array.from({ length: 12 }, (_, i) => (i === 11 ? TEST_PASSWORD : `Wrong-pass-${i}`));
    const results = await Promise.all(guesses.map((g) => login(account.username, g, newAddress())));
    // At most the first four failures can precede the right guess; 11 wrong guesses must lock.
    const state = await loginState(account.user.id);
    expect(state.lockedUntil, JSON.stringify(results.map((r) => r.statusCode))).not.toBeNull();
    expectProblem(await login(account.username, TEST_PASSWORD, newAddress()), 401, 'account-locked');
    const actions = await auditActionsFor(account.user.id);
    expect(actions).toContain('auth.account_locked');
  });

  it('SEC-2 the system administrator can lift a lock at once', async () => {
    const account = await accountOf();
    for (let i = 0; i < 5; i++) await login(account.username, 'Wrong-pass-2026', newAddress());
    const admin = await signedIn('system_admin');
    const res = await admin.send({
      method: 'POST',
      url: `/api/users/${account.user.id}/unlock`,
      headers: { 'x-csrf-token': admin.csrfToken },
    });
    expect(res.statusCode).toBe(204);
    expect((await login(account.username, TEST_PASSWORD, newAddress())).statusCode).toBe(200);
    expect(await auditActionsFor(account.user.id)).toContain('user.unlock');
  });

  it('SEC-1 log-in, failed log-in and lock each leave an audit record in an intact chain', async () => {
    const account = await accountOf();
    const address = newAddress();
    expect((await login(account.username, TEST_PASSWORD, address)).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) await login(account.username, 'Wrong-pass-2026', address);
    await login(account.username, TEST_PASSWORD, address); // refused while locked
    expect(await auditActionsFor(account.user.id)).toEqual([
      'user.create',
      'auth.login',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.account_locked',
    ]);
    const [locked] = await p.ctx.db
      .select()
      .from(auditRecords)
      .where(eq(auditRecords.action, 'auth.account_locked'))
      .orderBy(asc(auditRecords.seq));
    expect(locked).toMatchObject({
      entityType: 'user',
      actorUserId: expect.any(String),
      regionCode: expect.stringMatching(/^\d{6}$/),
    });
    expect((await verifyAuditChain(p.ctx.db)).ok).toBe(true);
  });
});

describe('sessions', () => {
  it('SEC-2 a session ends after 30 minutes without a request', async () => {
    const s = await signedIn();
    p.clock.advance(30 * MINUTE - 1000);
    expect((await me(s.cookie)).statusCode).toBe(200);
    p.clock.advance(30 * MINUTE);
    expectProblem(await me(s.cookie), 401, 'unauthorized');
  });

  it('SEC-2 a session idle for exactly 30 minutes has ended, and stays ended', async () => {
    const s = await signedIn();
    p.clock.advance(30 * MINUTE);
    expectProblem(await me(s.cookie), 401, 'unauthorized');
    p.clock.advance(-60 * MINUTE); // even were the clock to go back, the session is gone
    expect((await me(s.cookie)).statusCode).toBe(401);
    p.clock.advance(60 * MINUTE);
  });

  it('SEC-2 a request every 20 minutes keeps a session alive', async () => {
    const s = await signedIn();
    for (let i = 0; i < 6; i++) {
      p.clock.advance(20 * MINUTE);
      expect((await me(s.cookie)).statusCode, `after ${(i + 1) * 20} minutes`).toBe(200);
    }
  });

  it('SEC-2 a session ends 12 hours after log-in however active it is', async () => {
    const s = await signedIn();
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      p.clock.advance(20 * MINUTE);
      expect((await me(s.cookie)).statusCode, `after ${minutes} minutes`).toBe(200);
    }
    p.clock.advance(20 * MINUTE); // exactly 12 hours
    expectProblem(await me(s.cookie), 401, 'unauthorized');
  });

  it('SEC-2 logout ends the session: the old cookie no longer works', async () => {
    const s = await signedIn();
    const res = await s.send({ method: 'POST', url: '/api/auth/logout', headers: { 'x-csrf-token': s.csrfToken } });
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.find((c) => c.name === 'ql_session');
    expect(cleared?.value).toBe('');
    expectProblem(await me(s.cookie), 401, 'unauthorized');
    const left = await p.ctx.db.select().from(sessions).where(eq(sessions.userId, s.user.id));
    expect(left).toEqual([]);
    // Logging out twice is a 401, not an error.
    expect(
      (await s.send({ method: 'POST', url: '/api/auth/logout', headers: { 'x-csrf-token': s.csrfToken } })).statusCode,
    ).toBe(401);
  });

  it('SEC-2 logging out one session leaves the user other sessions alone', async () => {
    const s = await signedIn();
    const other = await login(s.username, TEST_PASSWORD, newAddress());
    await s.send({ method: 'POST', url: '/api/auth/logout', headers: { 'x-csrf-token': s.csrfToken } });
    expect((await me(cookieOf(other))).statusCode).toBe(200);
  });
});

describe('CSRF', () => {
  async function organisationsNamed(name: string): Promise<number> {
    const admin = await signedIn('system_admin');
    return (await admin.send({ method: 'GET', url: `/api/organisations?q=${encodeURIComponent(name)}` })).json().total;
  }

  it('SEC-2 a cookie-authenticated write without the CSRF header is refused with 403 and changes nothing', async () => {
    const admin = await signedIn('system_admin');
    const name = `无令牌考试点${Date.now()}`;
    const before = await verifyAuditChain(p.ctx.db);
    const res = await admin.send({
      method: 'POST',
      url: '/api/organisations',
      payload: { kind: 'exam_site', name, regionCode: '510107' },
    });
    expectProblem(res, 403, 'csrf');
    expect((await verifyAuditChain(p.ctx.db)).count).toBe(before.count); // every write is audited (SEC-1): none happened
    expect(await organisationsNamed(name)).toBe(0);
  });

  it("SEC-2 a wrong CSRF token, or another session's token, is refused with 403 and changes nothing", async () => {
    const admin = await signedIn('system_admin');
    const other = await signedIn('system_admin');
    const name = `错令牌考试点${Date.now()}`;
    for (const token of [
      'wrong',
      admin.csrfToken.slice(0, -1) + (admin.csrfToken.endsWith('A') ? 'B' : 'A'),
      other.csrfToken,
    ]) {
      const res = await admin.send({
        method: 'POST',
        url: '/api/organisations',
        payload: { kind: 'exam_site', name, regionCode: '510107' },
        headers: { 'x-csrf-token': token },
      });
      expectProblem(res, 403, 'csrf');
    }
    expect(await organisationsNamed(name)).toBe(0);
    const logout = await admin.send({ method: 'POST', url: '/api/auth/logout' });
    expectProblem(logout, 403, 'csrf');
    expect((await me(admin.cookie)).statusCode).toBe(200);
  });

  it('SEC-2 the right CSRF token lets the same write through', async () => {
    const admin = await signedIn('system_admin');
    const name = `有令牌考试点${Date.now()}`;
    const res = await admin.send({
      method: 'POST',
      url: '/api/organisations',
      payload: { kind: 'exam_site', name, regionCode: '510107' },
      headers: { 'x-csrf-token': admin.csrfToken },
    });
    expect(res.statusCode).toBe(201);
    expect(await organisationsNamed(name)).toBe(1);
  });

  it('SEC-2 logging in again while an old session cookie is still sent needs no CSRF token', async () => {
    const s = await signedIn();
    const res = await s.send({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: s.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('SEC-2 reads need no CSRF token', async () => {
    const s = await signedIn();
    expect((await s.send({ method: 'GET', url: '/api/workers' })).statusCode).toBe(200);
  });
});

describe('HTTP security headers', () => {
  function expectSecurityHeaders(res: LightMyRequestResponse, what: string) {
    const h = res.headers;
    expect(h['content-security-policy'], what).toContain("default-src 'self'");
    expect(h['content-security-policy'], what).toContain("frame-ancestors 'none'");
    expect(h['content-security-policy'], what).toContain("script-src 'self'");
    expect(h['x-content-type-options'], what).toBe('nosniff');
    expect(h['x-frame-options'], what).toBe('SAMEORIGIN');
    expect(h['strict-transport-security'], what).toMatch(/max-age=\d+/);
    expect(h['referrer-policy'], what).toBe('no-referrer');
    expect(h['x-powered-by'], what).toBeUndefined();
  }

  it('SEC-2 every kind of response carries the security headers', async () => {
    const s = await signedIn();
    expectSecurityHeaders(await login(s.username, TEST_PASSWORD, newAddress()), 'login');
    expectSecurityHeaders(await login(s.username, 'Wrong-pass-2026', newAddress()), 'failed login');
    expectSecurityHeaders(await me(s.cookie), 'me');
    expectSecurityHeaders(await me(''), '401');
    expectSecurityHeaders(await p.app.inject({ method: 'GET', url: '/api/no-such-route' }), '404');
    expectSecurityHeaders(await s.send({ method: 'POST', url: '/api/organisations', payload: {} }), 'csrf 403');
    expectSecurityHeaders(await p.app.inject({ method: 'GET', url: '/healthz' }), 'healthz');
  });
});

describe('accounts', () => {
  it('SEC-2 passwords are stored as argon2id hashes, never in clear', async () => {
    const account = await accountOf();
    const [row] = await p.ctx.db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, account.user.id));
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(row.passwordHash).not.toContain(TEST_PASSWORD);
  });

  it("SEC-2 a configuration that names no cost hashes at OWASP's argon2id minimum (19 MiB, 2 passes); a stored hash verifies at its own cost", async () => {
    const production = await hashPassword({}, TEST_PASSWORD);
    expect(production).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(production, TEST_PASSWORD)).toBe(true);
    expect(await verifyPassword(production, `${TEST_PASSWORD}x`)).toBe(false);
    const cheap = await hashPassword({ passwordHashCost: { memoryCost: 1024, timeCost: 1 } }, TEST_PASSWORD);
    expect(cheap).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await verifyPassword(cheap, TEST_PASSWORD)).toBe(true);
  });

  it('SEC-2 the system administrator creates an account; a weak password or a role without its organisation is refused', async () => {
    const admin = await signedIn('system_admin');
    const org = await makeOrg(p, { kind: 'employer', regionCode: '510107' });
    const post = (payload: Record<string, unknown>) =>
      admin.send({ method: 'POST', url: '/api/users', payload, headers: { 'x-csrf-token': admin.csrfToken } });
    const username = `acc${Date.now().toString(36)}`;
    const weak = await post({
      username,
      displayName: '弱密码',
      password: 'onlyletters',
      role: 'employer_admin',
      orgId: org.id,
    });
    expectProblem(weak, 400, 'bad-request');
    expect(weak.json().errors).toEqual([{ field: 'password', message: expect.stringMatching(HAN) }]);
    const wrongOrg = await post({
      username,
      displayName: '错机构',
      password: 'Good-pass-1',
      role: 'institution_admin',
      orgId: org.id,
    });
    expectProblem(wrongOrg, 400, 'bad-request');
    const created = await post({
      username,
      displayName: '正常',
      password: 'Good-pass-1',
      role: 'employer_admin',
      orgId: org.id,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).not.toHaveProperty('passwordHash');
    expect((await login(username, 'Good-pass-1', newAddress())).statusCode).toBe(200);
    expectProblem(
      await post({ username, displayName: '重复', password: 'Good-pass-1', role: 'employer_admin', orgId: org.id }),
      409,
      'conflict',
    );
  });

  it('SEC-3 only a worker account may be linked to a registered person', async () => {
    const admin = await signedIn('system_admin');
    const org = await makeOrg(p, { kind: 'employer', regionCode: '510107' });
    const regulator = await makeUser(p, {
      role: 'county_regulator',
      org: await makeOrg(p, { kind: 'regulator', regionCode: '510107' }),
    });
    const worker = await makeWorker(p, regulator.actor);
    const post = (payload: Record<string, unknown>) =>
      admin.send({ method: 'POST', url: '/api/users', payload, headers: { 'x-csrf-token': admin.csrfToken } });
    const base = { username: `lnk${Date.now().toString(36)}`, displayName: '关联', password: 'Good-pass-1' };
    const employer = await post({ ...base, role: 'employer_admin', orgId: org.id, workerId: worker.id });
    expectProblem(employer, 400, 'bad-request');
    expect(employer.json().errors).toEqual([{ field: 'workerId', message: expect.stringMatching(HAN) }]);
    expectProblem(await post({ ...base, role: 'worker' }), 400, 'bad-request');
    expect((await post({ ...base, role: 'worker', workerId: worker.id })).statusCode).toBe(201);
  });
});

describe('rules', () => {
  const policy = { maxFailures: 5, lockoutMinutes: 15 };
  const now = new Date('2026-11-23T02:00:00Z');

  it('SEC-2 the fourth failure only counts; the fifth (exactly maxFailures) locks for 15 minutes and restarts the count', () => {
    expect(afterFailedLogin(0, now, policy)).toEqual({ failedLogins: 1, lockedUntil: null });
    expect(afterFailedLogin(3, now, policy)).toEqual({ failedLogins: 4, lockedUntil: null });
    expect(afterFailedLogin(4, now, policy)).toEqual({
      failedLogins: 0,
      lockedUntil: new Date(now.getTime() + 15 * MINUTE),
    });
    expect(afterFailedLogin(0, now, { maxFailures: 1, lockoutMinutes: 1 }).lockedUntil).toEqual(
      new Date(now.getTime() + MINUTE),
    );
  });

  it('SEC-2 a lock holds until, and not at, its end', () => {
    const until = new Date(now.getTime() + 15 * MINUTE);
    expect(isLocked(null, now)).toBe(false);
    expect(isLocked(until, new Date(until.getTime() - 1))).toBe(true);
    expect(isLocked(until, until)).toBe(false);
    expect(isLocked(until, new Date(until.getTime() + 1))).toBe(false);
  });

  it('SEC-2 a session is live 1 ms before the idle limit and ended exactly at it', () => {
    const sessionPolicy = { idleMinutes: 30, absoluteHours: 12 };
    const expiresAt = new Date(now.getTime() + 12 * 3600_000);
    const at = (ms: number) => new Date(now.getTime() + ms);
    expect(isSessionLive({ lastSeenAt: now, expiresAt }, at(30 * MINUTE - 1), sessionPolicy)).toBe(true);
    expect(isSessionLive({ lastSeenAt: now, expiresAt }, at(30 * MINUTE), sessionPolicy)).toBe(false);
    // The absolute limit wins over recent activity, and likewise ends exactly at expiry.
    const recent = new Date(expiresAt.getTime() - MINUTE);
    expect(isSessionLive({ lastSeenAt: recent, expiresAt }, new Date(expiresAt.getTime() - 1), sessionPolicy)).toBe(
      true,
    );
    expect(isSessionLive({ lastSeenAt: recent, expiresAt }, expiresAt, sessionPolicy)).toBe(false);
  });

  it('SEC-2 a password has 8 to 128 characters with letters and digits', () => {
    expect(passwordProblem('Abcdef1')).toMatch(HAN);
    expect(passwordProblem('Abcdefg1')).toBeNull();
    expect(passwordProblem(`a1${'x'.repeat(126)}`)).toBeNull();
    expect(passwordProblem(`a1${'x'.repeat(127)}`)).toMatch(HAN);
    expect(passwordProblem('abcdefgh')).toMatch(HAN);
    expect(passwordProblem('12345678')).toMatch(HAN);
  });
});
