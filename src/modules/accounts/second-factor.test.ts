// Issue 22: the second factor — TOTP (RFC 6238) enrolled by QR with recovery codes, the log-in in
// two steps, a per-province setting that requires it of some roles, turning it off with a current
// code and the administrator's reset. SMS as the second factor is tested in onboarding (it sends).
import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { Secret } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../kernel/clock.js';
import { auditRecords } from '../../kernel/schema.js';
import { PersonalDataVault } from '../../kernel/vault.js';
import { rotateVault } from '../../vault-rotation.js';
import {
  TEST_PASSWORD,
  makeOrg,
  makeUser,
  signIn,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';
import { sessions } from './schema.js';
import { acceptedTotpStep, totpAt } from './second-factor.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

let ipSerial = 0;
const newIp = () => `10.77.${(ipSerial += 1) % 250}.${Math.floor(Math.random() * 250) + 1}`;

function login(username: string, password = TEST_PASSWORD, ip = newIp()) {
  return p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
}
function secondStep(challenge: string, method: 'totp' | 'recovery', code: string, ip = newIp()) {
  return p.app.inject({
    method: 'POST',
    url: '/api/auth/login/second-factor',
    payload: { challenge, method, code },
    remoteAddress: ip,
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
const sessionCount = async (userId: string) =>
  (await p.ctx.db.select().from(sessions).where(eq(sessions.userId, userId))).length;

/** Enrols TOTP through the API as the user would with an authenticator app; returns secret and recovery codes. */
async function enrolTotp(client: Awaited<ReturnType<typeof signIn>>) {
  const start = await client.post('/api/auth/second-factor/totp/start', {});
  expect(start.statusCode, start.body).toBe(200);
  const { secret, uri, qrDataUrl } = start.json();
  expect(uri).toMatch(/^otpauth:\/\/totp\//);
  expect(uri).toContain(`secret=${secret}`);
  expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
  const confirm = await client.post('/api/auth/second-factor/totp/confirm', { code: totpAt(secret, p.clock.now()) });
  expect(confirm.statusCode, confirm.body).toBe(200);
  const { recoveryCodes } = confirm.json() as { recoveryCodes: string[] };
  expect(recoveryCodes).toHaveLength(10);
  return { secret: secret as string, recoveryCodes };
}

/** Moves past the 30-second step just used (a code is accepted once). */
const nextStep = () => p.clock.advance(31_000);

/** The province regulator of `province` records which roles must use a second factor, from today. */
async function requireSecondFactor(province: string, roles: string[]) {
  const regulator = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: province });
  const res = await regulator.client.post(`/api/settings/provinces/${province}/second_factor`, {
    key: '',
    value: { required: roles },
    effectiveFrom: chinaDate(p.clock.now()),
    note: '监管部门账户须使用第二重验证',
  });
  expect(res.statusCode, res.body).toBe(201);
}

describe('TOTP (issue 22)', () => {
  it('issue 22: TOTP codes are those of RFC 6238 appendix B (SHA-1), and a code is accepted once', () => {
    const rfcSecret = Secret.fromLatin1('12345678901234567890');
    const vectors: Array<[number, string]> = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [t, code] of vectors) expect(totpAt(rfcSecret, new Date(t * 1000), 8)).toBe(code);

    const secret = rfcSecret.base32;
    const at = new Date(1234567890 * 1000);
    const code = totpAt(secret, at);
    expect(code).toBe('005924'); // the 6-digit truncation of the same HOTP value
    const step = acceptedTotpStep(secret, code, at, null);
    expect(step).toBe(Math.floor(1234567890 / 30));
    expect(acceptedTotpStep(secret, code, at, step)).toBeNull(); // replayed
    expect(acceptedTotpStep(secret, code, new Date(at.getTime() + 30_000), null)).toBe(step); // a step late: allowed
    expect(acceptedTotpStep(secret, code, new Date(at.getTime() + 95_000), null)).toBeNull(); // three steps late
    expect(acceptedTotpStep(secret, '12345', at, null)).toBeNull();
  });

  it('issue 22: enrolled by QR, the log-in has two steps — the password alone opens no session; a recovery code works once', async () => {
    const account = await makeUser(p, {
      role: 'institution_admin',
      org: await makeOrg(p, { kind: 'institution', regionCode: '510107' }),
    });
    const client = await signIn(p, account.username);
    const status0 = (await client.get('/api/auth/second-factor')).json();
    expect(status0).toMatchObject({ required: false, totp: false, sms: false });
    const { secret, recoveryCodes } = await enrolTotp(client);
    expect((await client.get('/api/auth/second-factor')).json()).toMatchObject({ totp: true, recoveryCodesLeft: 10 });

    nextStep();
    const before = await sessionCount(account.user.id);
    const first = await login(account.username);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ secondFactorRequired: true, methods: ['totp'] });
    expect(first.cookies).toHaveLength(0);
    expect(await sessionCount(account.user.id)).toBe(before);
    const { challenge } = first.json();

    const code = totpAt(secret, p.clock.now());
    const ok = await secondStep(challenge, 'totp', code);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user.username).toBe(account.username);
    expect(ok.cookies.map((c) => c.name)).toContain('ql_session');
    // The challenge is used; the same code in a new challenge is a replay.
    expect((await secondStep(challenge, 'totp', code)).statusCode).toBe(401);
    const again = (await login(account.username)).json().challenge;
    const replay = await secondStep(again, 'totp', code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ rule: 'issue 22', title: '验证码不正确' });

    const viaRecovery = await secondStep(again, 'recovery', recoveryCodes[0].toUpperCase());
    expect(viaRecovery.statusCode, viaRecovery.body).toBe(200);
    const third = (await login(account.username)).json().challenge;
    expect((await secondStep(third, 'recovery', recoveryCodes[0])).statusCode).toBe(401);
    expect((await client.get('/api/auth/second-factor')).json().recoveryCodesLeft).toBe(9);

    const actions = await auditActionsFor(account.user.id);
    expect(actions).toEqual(
      expect.arrayContaining([
        'user.second_factor_enrolled',
        'auth.second_factor_challenge',
        'auth.second_factor_failed',
        'auth.login',
      ]),
    );
    // Neither the secret nor the recovery codes are stored in the clear.
    const [row] = await p.ctx.db
      .select()
      .from((await import('./schema.js')).users)
      .where(eq((await import('./schema.js')).users.id, account.user.id));
    expect(row.totpSecretSealed).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain(recoveryCodes[1]);
  });

  it('issue 22: wrong second-factor codes count towards the lockout; a challenge allows 5 tries', async () => {
    const account = await makeUser(p, {
      role: 'employer_admin',
      org: await makeOrg(p, { kind: 'employer', regionCode: '510107' }),
    });
    const client = await signIn(p, account.username);
    const { secret } = await enrolTotp(client);
    nextStep();
    const { challenge } = (await login(account.username)).json();
    for (let i = 0; i < 4; i++) expect((await secondStep(challenge, 'totp', '000000')).statusCode).toBe(401);
    // The fifth failure locks the account (LOGIN_MAX_FAILURES 5): even the right code is refused now.
    const fifth = await secondStep(challenge, 'totp', '000001');
    expect(fifth.statusCode).toBe(401);
    const right = await secondStep(challenge, 'totp', totpAt(secret, p.clock.now()));
    expect(right.statusCode).toBe(401);
    expect(right.json().title).toMatch(/锁定|失效/);
    const relogin = await login(account.username);
    expect(relogin.statusCode).toBe(401);
    expect(relogin.json().title).toBe('账户已锁定');
    expect(await auditActionsFor(account.user.id)).toContain('auth.account_locked');
  });
});

describe('recovery codes across a vault rotation (SEC-3)', () => {
  it('SEC-3 recovery codes made before a switch to gm and a new secret still work after vault:rotate', async () => {
    const account = await makeUser(p, {
      role: 'institution_admin',
      org: await makeOrg(p, { kind: 'institution', regionCode: '510107' }),
    });
    const { recoveryCodes } = await enrolTotp(await signIn(p, account.username));
    const before = { secret: p.ctx.config.secret, profile: p.ctx.config.cryptoProfile, vault: p.ctx.vault };
    const newSecret = randomBytes(32);
    p.ctx.config.secret = newSecret;
    p.ctx.config.cryptoProfile = 'gm';
    p.ctx.vault = new PersonalDataVault(newSecret, { profile: 'gm', previousSecret: before.secret });
    try {
      expect((await rotateVault(p.ctx)).failed).toEqual([]);
      nextStep();
      const challenge = (await login(account.username)).json().challenge;
      const res = await secondStep(challenge, 'recovery', recoveryCodes[3]);
      expect(res.statusCode, res.body).toBe(200);
      // Still spent once.
      const again = (await login(account.username)).json().challenge;
      expect((await secondStep(again, 'recovery', recoveryCodes[3])).statusCode).toBe(401);
    } finally {
      p.ctx.config.secret = before.secret;
      p.ctx.config.cryptoProfile = before.profile;
      p.ctx.vault = before.vault;
    }
  });
});

describe('the province requires a second factor (issue 22)', () => {
  it('issue 22: a regulator without one gets a session that opens only the enrolment; optional roles and other provinces are not affected', async () => {
    await requireSecondFactor('440000', ['city_regulator', 'issuing_authority']);
    const regulator = await makeUser(p, {
      role: 'city_regulator',
      org: await makeOrg(p, { kind: 'regulator', regionCode: '440300' }),
    });
    const employer = await makeUser(p, {
      role: 'employer_admin',
      org: await makeOrg(p, { kind: 'employer', regionCode: '440300' }),
    });
    const elsewhere = await makeUser(p, {
      role: 'city_regulator',
      org: await makeOrg(p, { kind: 'regulator', regionCode: '320100' }),
    });

    const client = await signIn(p, regulator.username);
    const me = (await client.get('/api/auth/me')).json();
    expect(me.secondFactorEnrolmentRequired).toBe(true);
    const blocked = await client.get('/api/workers');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ rule: 'issue 22', title: '请先开通第二重验证' });
    expect((await client.get('/api/auth/second-factor')).json()).toMatchObject({ required: true, totp: false });

    const { secret, recoveryCodes } = await enrolTotp(client);
    // The enrolment lifts the restriction of this session.
    expect((await client.get('/api/auth/me')).json().secondFactorEnrolmentRequired).toBe(false);
    expect((await client.get('/api/workers')).statusCode).toBe(200);
    // Turning it off is refused while the province requires it and nothing else is set up.
    nextStep();
    const off = await client.post('/api/auth/second-factor/totp/disable', { code: totpAt(secret, p.clock.now()) });
    expect(off.statusCode).toBe(422);
    expect(off.json().rule).toBe('issue 22');
    expect(recoveryCodes).toHaveLength(10);

    for (const other of [employer, elsewhere]) {
      const c = await signIn(p, other.username);
      expect((await c.get('/api/auth/me')).json().secondFactorEnrolmentRequired).toBe(false);
    }
  });

  it("issue 22: after an administrator's reset the one-time password is replaced first, then the enrolment", async () => {
    await requireSecondFactor('450000', ['city_regulator']);
    const regulator = await makeUser(p, {
      role: 'city_regulator',
      org: await makeOrg(p, { kind: 'regulator', regionCode: '450100' }),
    });
    const admin = await signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '110000' });
    const { temporaryPassword } = (
      await admin.client.post(`/api/users/${regulator.user.id}/reset-password`, {})
    ).json();
    const client = await signIn(p, regulator.username, temporaryPassword);
    const me = (await client.get('/api/auth/me')).json();
    expect(me).toMatchObject({ mustChangePassword: true, secondFactorEnrolmentRequired: true });
    const changed = await client.post('/api/auth/password', {
      currentPassword: temporaryPassword,
      newPassword: 'After-reset-2026',
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await client.get('/api/workers')).statusCode).toBe(403);
    await enrolTotp(client);
    expect((await client.get('/api/workers')).statusCode).toBe(200);
  });

  it('issue 22: the setting names known roles only; only the province regulator edits it', async () => {
    const regulator = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '330000' });
    const bad = await regulator.client.post('/api/settings/provinces/330000/second_factor', {
      key: '',
      value: { required: ['superuser'] },
      effectiveFrom: chinaDate(p.clock.now()),
    });
    expect(bad.statusCode).toBe(422);
    const page = (await regulator.client.get('/api/settings/provinces/330000/second_factor')).json();
    expect(page.keys[0].national).toEqual({ required: [] });
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '330100' });
    const refused = await city.client.post('/api/settings/provinces/330000/second_factor', {
      key: '',
      value: { required: [] },
      effectiveFrom: chinaDate(p.clock.now()),
    });
    expect(refused.statusCode).toBe(403);
  });
});

describe('turning off and resetting (issue 22)', () => {
  it('issue 22: turning TOTP off needs a current code; the administrator resets it, audited, and the sessions end', async () => {
    const account = await makeUser(p, {
      role: 'examiner',
      org: await makeOrg(p, { kind: 'exam_centre', regionCode: '510107' }),
    });
    const client = await signIn(p, account.username);
    const { secret } = await enrolTotp(client);
    nextStep();
    expect((await client.post('/api/auth/second-factor/totp/disable', { code: '123456' })).statusCode).toBe(400);
    const off = await client.post('/api/auth/second-factor/totp/disable', { code: totpAt(secret, p.clock.now()) });
    expect(off.statusCode, off.body).toBe(204);
    expect((await login(account.username)).json().secondFactorRequired).toBeUndefined();

    const { secret: second } = await enrolTotp(client);
    const other = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510107' });
    expect((await other.client.post(`/api/users/${account.user.id}/second-factor/reset`, {})).statusCode).toBe(403);
    const admin = await signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '110000' });
    const reset = await admin.client.post(`/api/users/${account.user.id}/second-factor/reset`, {});
    expect(reset.statusCode, reset.body).toBe(200);
    expect(await sessionCount(account.user.id)).toBe(0);
    expect((await client.get('/api/auth/me')).statusCode).toBe(401);
    const plain = await login(account.username);
    expect(plain.json().secondFactorRequired).toBeUndefined();
    expect(plain.cookies.length).toBeGreaterThan(0);
    expect(second).not.toBe(secret);
    const list = (await admin.client.get('/api/users?pageSize=200')).json();
    expect(list.items.find((u: { id: string }) => u.id === account.user.id).secondFactors).toEqual([]);
    expect(await auditActionsFor(account.user.id)).toEqual(
      expect.arrayContaining(['user.second_factor_disabled', 'user.second_factor_reset']),
    );
  });
});
