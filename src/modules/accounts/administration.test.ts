// Accounts a real office needs (issue 19 item 5): the user's own password change, the
// administrator's reset, disabling and enabling, editing name and role, and worker accounts linked
// by ID number — each permission-checked first and audited in the same transaction (SEC-1, SEC-2).
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../kernel/schema.js';
import {
  TEST_PASSWORD,
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  signIn,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';
import { sessions } from './schema.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const HAN = /[\u3400-\u9fff]/;
const admin = () => signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '110000' });
const regulatorOrg = () => makeOrg(p, { kind: 'regulator', regionCode: '510107' });

async function auditActionsFor(userId: string): Promise<string[]> {
  const rows = await p.ctx.db
    .select({ action: auditRecords.action })
    .from(auditRecords)
    .where(eq(auditRecords.entityId, userId))
    .orderBy(asc(auditRecords.seq));
  return rows.map((r) => r.action);
}

async function sessionCount(userId: string): Promise<number> {
  return (await p.ctx.db.select().from(sessions).where(eq(sessions.userId, userId))).length;
}

describe('the user changes their own password (issue 19 item 5)', () => {
  it('issue-19 SEC-2 the current password is required, the password rules apply, and every other session ends', async () => {
    const account = await makeUser(p, { role: 'county_regulator', org: await regulatorOrg() });
    const here = await signIn(p, account.username);
    const elsewhere = await signIn(p, account.username);

    const wrong = await here.post('/api/auth/password', {
      currentPassword: 'Not-mine-1',
      newPassword: 'New-pass-2026',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ field: 'currentPassword', message: expect.stringMatching(HAN) }]);
    const weak = await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'abcdefgh' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().detail).toMatch(HAN);
    const same = await here.post('/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
    expect(same.statusCode).toBe(400);

    const changed = await here.post('/api/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'New-pass-2026',
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await here.get('/api/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
    await expect(signIn(p, account.username)).rejects.toThrow(/401/);
    await signIn(p, account.username, 'New-pass-2026');
    expect(await auditActionsFor(account.user.id)).toContain('user.password_change');
  });

  it('issue-19 a password change without a session is a 401 problem', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'x', newPassword: 'y' },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('the administrator manages accounts (issue 19 item 5)', () => {
  it('issue-19 a reset gives a one-time password shown once; it opens nothing but the change of password; old sessions end', async () => {
    const { client } = await admin();
    const account = await makeUser(p, { role: 'city_regulator', org: await regulatorOrg() });
    const before = await signIn(p, account.username);

    const reset = await client.post(`/api/users/${account.user.id}/reset-password`);
    expect(reset.statusCode, reset.body).toBe(200);
    const { temporaryPassword } = reset.json() as { temporaryPassword: string };
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{12}$/);
    expect((await before.get('/api/auth/me')).statusCode).toBe(401);
    await expect(signIn(p, account.username)).rejects.toThrow(/401/);

    const fresh = await signIn(p, account.username, temporaryPassword);
    const me = await fresh.get('/api/auth/me');
    expect(me.json()).toMatchObject({ mustChangePassword: true });
    const blocked = await fresh.get('/api/workers');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ type: 'urn:quanlian:problem:password-change-required' });
    expect(blocked.json().detail).toMatch(HAN);

    const changed = await fresh.post('/api/auth/password', {
      currentPassword: temporaryPassword,
      newPassword: 'Chosen-pass-7',
    });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await fresh.get('/api/auth/me')).json()).toMatchObject({ mustChangePassword: false });
    expect((await fresh.get('/api/workers')).statusCode).toBe(200);
    const actions = await auditActionsFor(account.user.id);
    expect(actions).toEqual(expect.arrayContaining(['user.password_reset', 'user.password_change']));
    // The one-time password is never written to the audit trail.
    const rows = await p.ctx.db.select().from(auditRecords).where(eq(auditRecords.entityId, account.user.id));
    expect(JSON.stringify(rows)).not.toContain(temporaryPassword);
  });

  it('issue-19 a disabled account cannot log in and its sessions end; enabling lets it in again', async () => {
    const { client, user: adminUser } = await admin();
    const account = await makeUser(p, { role: 'county_regulator', org: await regulatorOrg() });
    const session = await signIn(p, account.username);

    const disabled = await client.post(`/api/users/${account.user.id}/disable`);
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json()).toMatchObject({ disabled: true });
    expect(await sessionCount(account.user.id)).toBe(0);
    expect((await session.get('/api/auth/me')).statusCode).toBe(401);
    const refused = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: account.username, password: TEST_PASSWORD },
      remoteAddress: '10.9.9.1',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ type: 'urn:quanlian:problem:account-disabled', title: '账户已停用' });
    // A wrong password still says only 登录失败: a guesser learns nothing about the account.
    const guessed = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: account.username, password: 'Wrong-pass-1' },
      remoteAddress: '10.9.9.1',
    });
    expect(guessed.json()).toMatchObject({ type: 'urn:quanlian:problem:login-failed' });
    expect((await client.post(`/api/users/${account.user.id}/disable`)).statusCode).toBe(409);

    expect((await client.post(`/api/users/${account.user.id}/enable`)).json()).toMatchObject({ disabled: false });
    await signIn(p, account.username);
    expect(await auditActionsFor(account.user.id)).toEqual(expect.arrayContaining(['user.disable', 'user.enable']));

    // The administrator cannot disable their own account (and lock the office out).
    expect((await client.post(`/api/users/${adminUser.id}/disable`)).statusCode).toBe(400);
  });

  it('issue-19 SEC-2 name and role are edited within the kind of the account’s organisation, and audited', async () => {
    const { client, user: adminUser } = await admin();
    const account = await makeUser(p, { role: 'county_regulator', org: await regulatorOrg() });

    const edited = await client.inject({
      method: 'PUT',
      url: `/api/users/${account.user.id}`,
      payload: { displayName: '李四', role: 'issuing_authority' },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ displayName: '李四', role: 'issuing_authority', roleLabel: '考核发证机关' });
    const session = await signIn(p, account.username);
    expect((await session.get('/api/auth/me')).json().menu).toContain('certificates.tasks');

    const otherKind = await client.inject({
      method: 'PUT',
      url: `/api/users/${account.user.id}`,
      payload: { role: 'examiner' },
    });
    expect(otherKind.statusCode).toBe(422);
    expect(otherKind.json()).toMatchObject({ rule: 'SEC-2', detail: expect.stringMatching(HAN) });
    const toWorker = await client.inject({
      method: 'PUT',
      url: `/api/users/${account.user.id}`,
      payload: { role: 'worker' },
    });
    expect(toWorker.statusCode).toBe(422);
    const own = await client.inject({
      method: 'PUT',
      url: `/api/users/${adminUser.id}`,
      payload: { role: 'province_regulator' },
    });
    expect(own.statusCode).toBe(400);
    expect(await auditActionsFor(account.user.id)).toContain('user.update');
  });

  it('issue-19 SEC-2 only the administrator resets, disables, enables and edits: permission first', async () => {
    const target = await makeUser(p, { role: 'county_regulator', org: await regulatorOrg() });
    const { client } = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    for (const path of ['reset-password', 'disable', 'enable'])
      expect((await client.post(`/api/users/${target.user.id}/${path}`)).statusCode).toBe(403);
    const edit = await client.inject({
      method: 'PUT',
      url: `/api/users/${target.user.id}`,
      payload: { displayName: 'x' },
    });
    expect(edit.statusCode).toBe(403);
    expect(await auditActionsFor(target.user.id)).toEqual(['user.create']);
  });

  it('issue-19 SEC-3 the administrator creates a worker account linked by the person’s ID number, once per person', async () => {
    const { client } = await admin();
    const registrar = await makeUser(p, { role: 'county_regulator', org: await regulatorOrg() });
    const idNumber = makeIdNumber('1990-03-08');
    const worker = await makeWorker(p, registrar.actor, { idNumber, name: '王五' });
    const base = { displayName: '王五', password: 'Good-pass-1', role: 'worker' };

    const unknown = await client.post('/api/users', {
      ...base,
      username: `wk${Date.now().toString(36)}a`,
      workerIdNumber: makeIdNumber('1991-04-09'),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'workerIdNumber', message: expect.stringMatching(HAN) }]);
    const malformed = await client.post('/api/users', {
      ...base,
      username: `wk${Date.now().toString(36)}b`,
      workerIdNumber: '12345',
    });
    expect(malformed.statusCode).toBe(400);

    const username = `wk${Date.now().toString(36)}c`;
    const created = await client.post('/api/users', { ...base, username, workerIdNumber: idNumber.toLowerCase() });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ role: 'worker', workerLinked: true });
    const own = await signIn(p, username, 'Good-pass-1');
    expect((await own.get('/api/auth/me')).json().user.workerId).toBe(worker.id);

    const second = await client.post('/api/users', {
      ...base,
      username: `wk${Date.now().toString(36)}d`,
      workerIdNumber: idNumber,
    });
    expect(second.statusCode).toBe(409);
  });
});
