import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCreditCode } from '../../kernel/ids.js';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  queryRows,
  signIn,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';
import { unverifiedFaceMatcher } from '../../kernel/face.js';
import { aliyunSignature, smsSenderFor } from './sms.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => {
  await p?.close();
  await new Promise<void>((r) => gateway.close(() => r()));
  await new Promise<void>((r) => identity.close(() => r()));
});

// ---------------------------------------------------------------------------------------------
// Two outside systems played by small servers on loopback, speaking their documented interfaces.

/** Alibaba Cloud SMS SendSms (2017-05-25): form-encoded RPC call signed with HMAC-SHA1. */
const SECRET = 'test-access-key-secret';
const gatewayReceived: Record<string, string>[] = [];
let gatewayAnswer: { status: number; body: Record<string, unknown> } = {
  status: 200,
  body: { Code: 'OK', Message: 'OK', BizId: 'biz-1', RequestId: 'r-1' },
};
const gateway = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const params = Object.fromEntries(new URLSearchParams(raw));
    const { Signature, ...signed } = params;
    const valid = Signature === aliyunSignature('POST', signed, SECRET);
    gatewayReceived.push(params);
    const answer = valid ? gatewayAnswer : { status: 400, body: { Code: 'SignatureDoesNotMatch', Message: 'bad' } };
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
});

/** The identity source ("ID number + name + portrait → match"), as exams/identity-source.ts documents it. */
let identityAnswer: { status: number; body: unknown } = { status: 200, body: { result: 'match', similarity: 0.93 } };
let identityCalls = 0;
const identity = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    identityCalls += 1;
    res
      .writeHead(identityAnswer.status, { 'content-type': 'application/json' })
      .end(JSON.stringify(identityAnswer.body));
  });
});
let gatewayUrl = '';
let identityUrl = '';
beforeAll(async () => {
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => identity.listen(0, '127.0.0.1', r));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/`;
  identityUrl = `http://127.0.0.1:${(identity.address() as AddressInfo).port}/compare`;
});

// ---------------------------------------------------------------------------------------------
// Helpers

let phoneSerial = 0;
const newPhone = () =>
  `139${String(Date.now() % 1e5).padStart(5, '0')}${String((phoneSerial += 1) % 1000).padStart(3, '0')}`;
let ipSerial = 0;
const newIp = () => `172.16.${(ipSerial += 1) % 250}.${Math.floor(Math.random() * 250) + 1}`;
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]).toString('base64');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function post(url: string, payload: unknown, ip = '10.9.9.9') {
  return p.app.inject({ method: 'POST', url, payload: payload as object, remoteAddress: ip });
}

async function lastDevCode(phone: string): Promise<string> {
  const [row] = await queryRows<{ text: string }>(
    p,
    sql`select text from sms_dev_outbox where phone = ${phone} order by sent_at desc limit 1`,
  );
  return /验证码 (\d{6})/.exec(row.text)![1];
}

/** Sends and verifies a code through the development adapter; returns the ticket. */
async function ticketFor(phone: string, purpose: 'signup' | 'org_application' = 'signup') {
  p.clock.advance(61_000); // past the resend interval of a number used before
  const ip = newIp();
  const sent = await post('/api/onboarding/sms/send', { phone, purpose }, ip);
  expect(sent.statusCode, sent.body).toBe(202);
  const res = await post('/api/onboarding/sms/verify', { phone, purpose, code: await lastDevCode(phone) }, ip);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().ticket as string;
}

const count = async (table: string) =>
  Number((await queryRows<{ n: string }>(p, sql`select count(*) as n from ${sql.identifier(table)}`))[0].n);

// ---------------------------------------------------------------------------------------------

describe('SMS codes (issue 22)', () => {
  it('issue 22: the Alibaba Cloud SendSms adapter sends a signed request and the code it carried verifies', async () => {
    p.ctx.config.sms = {
      url: gatewayUrl,
      accessKeyId: 'AK-test',
      accessKeySecret: SECRET,
      signName: '全链',
      codeTemplate: 'SMS_100',
      inviteTemplate: 'SMS_200',
      timeoutMs: 2000,
    };
    try {
      const phone = newPhone();
      const before = await count('sms_dev_outbox');
      const res = await post('/api/onboarding/sms/send', { phone, purpose: 'signup' }, newIp());
      expect(res.statusCode, res.body).toBe(202);
      const call = gatewayReceived.at(-1)!;
      expect(call).toMatchObject({
        Action: 'SendSms',
        Version: '2017-05-25',
        PhoneNumbers: phone,
        SignName: '全链',
        TemplateCode: 'SMS_100',
        SignatureMethod: 'HMAC-SHA1',
      });
      const code = JSON.parse(call.TemplateParam).code as string;
      expect(code).toMatch(/^\d{6}$/);
      // A real gateway: nothing written to the development outbox, the code is not logged.
      expect(await count('sms_dev_outbox')).toBe(before);
      const [row] = await queryRows<{ code_hash: string; gateway_reference: string }>(
        p,
        sql`select code_hash, gateway_reference from sms_codes where gateway_reference = 'biz-1' order by sent_at desc limit 1`,
      );
      expect(row.code_hash).not.toContain(code); // hashed at rest
      const ok = await post('/api/onboarding/sms/verify', { phone, purpose: 'signup', code });
      expect(ok.statusCode, ok.body).toBe(200);
      // A gateway that refuses: 503, and the failed send does not count toward the person's limit.
      gatewayAnswer = { status: 200, body: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发流控' } };
      const other = newPhone();
      const down = await post('/api/onboarding/sms/send', { phone: other, purpose: 'signup' }, newIp());
      expect(down.statusCode).toBe(503);
      expect(down.headers['content-type']).toContain('application/problem+json');
      gatewayAnswer = { status: 200, body: { Code: 'OK', Message: 'OK', BizId: 'biz-2' } };
      expect((await post('/api/onboarding/sms/send', { phone: other, purpose: 'signup' }, newIp())).statusCode).toBe(
        202,
      );
    } finally {
      p.ctx.config.sms = undefined;
    }
  });

  it('issue 22: the development adapter is refused when NODE_ENV=production', async () => {
    expect(smsSenderFor(undefined, { NODE_ENV: 'production' }).kind).toBe('none');
    expect(smsSenderFor(undefined, { NODE_ENV: 'development' }).kind).toBe('dev');
    expect(smsSenderFor({ url: gatewayUrl } as never, { NODE_ENV: 'production' }).kind).toBe('aliyun');
  });

  it('issue 22: a code is 6 digits, single use, valid 5 minutes, and at most 5 tries', async () => {
    const phone = newPhone();
    const ip = newIp();
    await post('/api/onboarding/sms/send', { phone, purpose: 'signup' }, ip);
    const code = await lastDevCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      const res = await post('/api/onboarding/sms/verify', { phone, purpose: 'signup', code: wrong });
      expect(res.statusCode).toBe(400);
    }
    // The sixth try is refused even with the right code.
    const sixth = await post('/api/onboarding/sms/verify', { phone, purpose: 'signup', code });
    expect(sixth.statusCode).toBe(400);
    expect(sixth.json().detail).toContain('次数过多');

    // A fresh code after the resend interval: expires after 5 minutes.
    p.clock.advance(61_000);
    await post('/api/onboarding/sms/send', { phone, purpose: 'signup' }, ip);
    const second = await lastDevCode(phone);
    p.clock.advance(5 * 60_000 + 1000);
    expect((await post('/api/onboarding/sms/verify', { phone, purpose: 'signup', code: second })).statusCode).toBe(400);

    // Single use.
    await post('/api/onboarding/sms/send', { phone, purpose: 'signup' }, ip);
    const third = await lastDevCode(phone);
    expect((await post('/api/onboarding/sms/verify', { phone, purpose: 'signup', code: third })).statusCode).toBe(200);
    expect((await post('/api/onboarding/sms/verify', { phone, purpose: 'signup', code: third })).statusCode).toBe(400);
    // Never stored in the clear.
    const stored = await queryRows<{ code_hash: string }>(p, sql`select code_hash from sms_codes`);
    expect(stored.some((r) => r.code_hash === third || r.code_hash.length < 64)).toBe(false);
  });

  it('issue 22: one code a minute and ten a day per number, counted in the database', async () => {
    const phone = newPhone();
    expect((await post('/api/onboarding/sms/send', { phone, purpose: 'signup' }, newIp())).statusCode).toBe(202);
    const soon = await post('/api/onboarding/sms/send', { phone, purpose: 'signup' }, newIp());
    expect(soon.statusCode).toBe(429);
    expect(soon.json().retryAfterSeconds).toBeGreaterThan(0);
    for (let i = 1; i < 10; i += 1) {
      p.clock.advance(61_000);
      expect((await post('/api/onboarding/sms/send', { phone, purpose: 'signup' }, newIp())).statusCode).toBe(202);
    }
    p.clock.advance(61_000);
    const eleventh = await post('/api/onboarding/sms/send', { phone, purpose: 'signup' }, newIp());
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json().detail).toContain('上限');
    p.clock.advance(86_400_000);
    expect((await post('/api/onboarding/sms/send', { phone, purpose: 'signup' }, newIp())).statusCode).toBe(202);
  });

  it('issue 22: one address may not walk through a range of numbers (per-address limit)', async () => {
    const ip = newIp();
    let refused = 0;
    for (let i = 0; i < 31; i += 1) {
      const res = await post('/api/onboarding/sms/send', { phone: newPhone(), purpose: 'signup' }, ip);
      if (res.statusCode === 429) refused += 1;
    }
    expect(refused).toBe(1);
  });

  it('issue 22: no enumeration — a registered number and an unknown one get the same answer', async () => {
    const { actor } = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510107' });
    const known = newPhone();
    await makeWorker(p, actor, { phone: known });
    const a = await post('/api/onboarding/sms/send', { phone: known, purpose: 'signup' }, newIp());
    const b = await post('/api/onboarding/sms/send', { phone: newPhone(), purpose: 'signup' }, newIp());
    expect(a.statusCode).toBe(b.statusCode);
    expect(a.body).toBe(b.body);
  });
});

describe('worker sign-up (issue 22)', () => {
  it('issue 22/REG-2: a new person creates their registry record; with nothing to compare a face with, the account is unverified and reaches no archive', async () => {
    p.ctx.face = unverifiedFaceMatcher;
    const phone = newPhone();
    const idNumber = makeIdNumber('1990-03-04');
    const res = await post('/api/onboarding/workers', {
      ticket: await ticketFor(phone),
      name: '李四',
      idNumber,
      password: 'Sign-up-2026',
      regionCode: '510107',
      education: 'senior_high',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      identity: 'unverified',
      claimed: false,
      user: { role: 'worker', workerId: null },
    });
    const [worker] = await queryRows<{ id: string; phone_masked: string }>(
      p,
      sql`select id, phone_masked from workers where id_number_hash = ${p.ctx.vault.lookupHash('id_number', idNumber)}`,
    );
    expect(worker.phone_masked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    // Logs in with the phone number; the unverified account is not linked to the record.
    const client = await signIn(p, phone, 'Sign-up-2026');
    expect((await client.get('/api/onboarding/me')).json()).toMatchObject({ identity: 'unverified', workerId: null });
    expect([403, 404]).toContain((await client.get(`/api/workers/${worker.id}/archive`)).statusCode);
    const audit = await queryRows(
      p,
      sql`select 1 from audit_records where action = 'onboarding.worker_signup' and entity_id = ${worker.id}`,
    );
    expect(audit).toHaveLength(1);
  });

  it('issue 22/REG-2: a worker registered by an institution claims their own record (no copy) when the face matches the enrolment photo', async () => {
    const { actor } = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510107' });
    const existing = await makeWorker(p, actor, { name: '王五' });
    const idNumber = p.ctx.vault.open(
      (await queryRows<{ s: string }>(p, sql`select id_number_sealed as s from workers where id = ${existing.id}`))[0]
        .s,
    );
    p.ctx.face = {
      verify: async (input) => ({
        outcome: input.workerId === existing.id ? 'match' : 'not_enrolled',
        similarity: 0.9,
        threshold: 0.7,
        verificationId: null,
      }),
    };
    const before = await count('workers');
    const phone = newPhone();
    const res = await post('/api/onboarding/workers', {
      ticket: await ticketFor(phone),
      name: '王五',
      idNumber,
      password: 'Sign-up-2026',
      photo: PHOTO,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ identity: 'verified', claimed: true, user: { workerId: existing.id } });
    expect(await count('workers')).toBe(before);
    // Sign-up → archive in the requests the response already allows: the cookie is set.
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const archive = await p.app.inject({
      method: 'GET',
      url: `/api/workers/${existing.id}/archive`,
      headers: { cookie },
    });
    expect(archive.statusCode, archive.body).toBe(200);
    expect(archive.body).toContain('account_opened');

    // One account per person (REG-2) and one per phone.
    const again = await post('/api/onboarding/workers', {
      ticket: await ticketFor(newPhone()),
      name: '王五',
      idNumber,
      password: 'Sign-up-2026',
      photo: PHOTO,
    });
    expect(again.statusCode).toBe(409);
    const samePhone = await post('/api/onboarding/workers', {
      ticket: await ticketFor(phone),
      name: '赵六',
      idNumber: makeIdNumber('1991-01-01'),
      password: 'Sign-up-2026',
      regionCode: '510107',
      education: 'senior_high',
    });
    expect(samePhone.statusCode).toBe(409);
  });

  it('issue 22: a face that does not match refuses the sign-up and creates nothing; the ticket stays usable', async () => {
    const { actor } = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510107' });
    const existing = await makeWorker(p, actor, { name: '孙七' });
    const idNumber = p.ctx.vault.open(
      (await queryRows<{ s: string }>(p, sql`select id_number_sealed as s from workers where id = ${existing.id}`))[0]
        .s,
    );
    p.ctx.face = {
      verify: async () => ({ outcome: 'no_match', similarity: 0.2, threshold: 0.7, verificationId: null }),
    };
    const users = await count('users');
    const ticket = await ticketFor(newPhone());
    const body = { ticket, name: '孙七', idNumber, password: 'Sign-up-2026', photo: PHOTO };
    const res = await post('/api/onboarding/workers', body);
    expect(res.statusCode).toBe(422);
    expect(await count('users')).toBe(users);
    // Wrong name for a known ID number: refused (REG-2).
    expect((await post('/api/onboarding/workers', { ...body, name: '孙八' })).statusCode).toBe(422);
    p.ctx.face = { verify: async () => ({ outcome: 'match', similarity: 0.9, threshold: 0.7, verificationId: null }) };
    expect((await post('/api/onboarding/workers', body)).statusCode).toBe(201);
  });

  it('issue 22/REG-2: the ID number is checked (GB 11643) before any provider call; a provider that fails creates nothing', async () => {
    p.ctx.config.identitySource = { url: identityUrl, token: 't', timeoutMs: 1000 };
    try {
      const ticket = await ticketFor(newPhone());
      const idNumber = makeIdNumber('1988-08-08');
      const badCheck = idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1');
      const calls = identityCalls;
      const bad = await post('/api/onboarding/workers', {
        ticket,
        name: '周九',
        idNumber: badCheck,
        password: 'Sign-up-2026',
        regionCode: '510107',
        education: 'senior_high',
        photo: PHOTO,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().rule).toBe('REG-2');
      expect(identityCalls).toBe(calls);

      identityAnswer = { status: 500, body: { error: 'down' } };
      const workers = await count('workers');
      const body = {
        ticket,
        name: '周九',
        idNumber,
        password: 'Sign-up-2026',
        regionCode: '510107',
        education: 'senior_high',
        photo: PHOTO,
      };
      const down = await post('/api/onboarding/workers', body);
      expect(down.statusCode).toBe(503);
      expect(down.json().detail).toContain('未创建');
      expect(await count('workers')).toBe(workers);

      identityAnswer = { status: 200, body: { result: 'match', similarity: 0.95, reference: 'gab-1' } };
      const ok = await post('/api/onboarding/workers', body);
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ identity: 'verified', claimed: false });
      expect(ok.json().user.workerId).toBeTruthy();
    } finally {
      p.ctx.config.identitySource = undefined;
    }
  });
});

describe('organisation applications (issue 22, SEC-2)', () => {
  const apply = async (o: { creditCode: string; kind?: string; regionCode?: string; licence?: string }) =>
    post('/api/onboarding/org-applications', {
      ticket: await ticketFor(newPhone(), 'org_application'),
      kind: o.kind ?? 'institution',
      name: '成都安全技能培训学校',
      creditCode: o.creditCode,
      regionCode: o.regionCode ?? '510107',
      contactName: '陈经理',
      licence: o.licence ?? PNG.toString('base64'),
    });
  let serial = 30_000_000;
  const credit = (region = '510107') => generateCreditCode(region, (serial += 7919));

  it('issue 22: the credit code is checked (GB 32100) and the licence must really be an image or PDF of at most 10 MB', async () => {
    const code = credit();
    const badCode = code.slice(0, 17) + (code[17] === 'A' ? 'B' : 'A');
    expect((await apply({ creditCode: badCode })).statusCode).toBe(400);
    const text = Buffer.from('MZ this is not a licence').toString('base64');
    const notImage = await apply({ creditCode: code, licence: text });
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().errors[0].field).toBe('licence');
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024)]).toString('base64');
    const tooBig = await apply({ creditCode: code, licence: big });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().detail).toContain('10 MB');
  });

  it('SEC-2/issue 22: the city regulator of the region approves; the organisation and its first administrator are created, who sets a password by the texted link and adds staff', async () => {
    const code = credit();
    const applied = await apply({ creditCode: code });
    expect(applied.statusCode, applied.body).toBe(201);
    const id = applied.json().id as string;

    const other = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510300' });
    expect(
      (await other.client.get('/api/onboarding/org-applications'))
        .json()
        .items.some((a: { id: string }) => a.id === id),
    ).toBe(false);
    expect(
      (await other.client.post(`/api/onboarding/org-applications/${id}/decision`, { decision: 'approve' })).statusCode,
    ).toBe(404);
    const county = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '510107' });
    expect((await county.client.get('/api/onboarding/org-applications')).statusCode).toBe(403);

    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    const queue = await city.client.get('/api/onboarding/org-applications?status=pending');
    expect(queue.json().items.find((a: { id: string }) => a.id === id)).toMatchObject({
      creditCode: code,
      claim: false,
    });
    const licence = await city.client.get(`/api/onboarding/org-applications/${id}/licence`);
    expect(licence.headers['content-type']).toBe('image/png');
    const decided = await city.client.post(`/api/onboarding/org-applications/${id}/decision`, { decision: 'approve' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'approved',
      invitationSent: true,
      adminRoleLabel: '培训机构管理员',
    });
    expect(
      (await city.client.post(`/api/onboarding/org-applications/${id}/decision`, { decision: 'approve' })).statusCode,
    ).toBe(409);
    const [org] = await queryRows<{ id: string; kind: string }>(
      p,
      sql`select id, kind from organisations where credit_code = ${code}`,
    );
    expect(org.kind).toBe('institution');

    // The invitation link from the text; used once.
    const [sms] = await queryRows<{ text: string }>(
      p,
      sql`select text from sms_dev_outbox where text like '%/join/invite/%' order by sent_at desc limit 1`,
    );
    const token = /\/join\/invite\/([\w-]+)/.exec(sms.text)![1];
    const accepted = await post('/api/onboarding/invites/accept', { token, password: 'Admin-pass-2026' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect((await post('/api/onboarding/invites/accept', { token, password: 'Admin-pass-2026' })).statusCode).toBe(400);
    const admin = await signIn(p, accepted.json().username, 'Admin-pass-2026');
    const staff = await admin.post('/api/org/staff', {
      username: `t${Date.now().toString(36)}`,
      displayName: '教务',
      password: 'Staff-pass-2026',
    });
    expect(staff.statusCode, staff.body).toBe(201);
  });

  it('issue 22: an employer already in the records (legacy import) is claimed on approval, not copied; refusing needs a reason', async () => {
    const existing = await makeOrg(p, { kind: 'employer', regionCode: '510107' });
    const applied = await apply({ creditCode: existing.creditCode!, kind: 'employer' });
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json().claim).toBe(true);
    // One open application per credit code.
    expect((await apply({ creditCode: existing.creditCode!, kind: 'employer' })).statusCode).toBe(409);
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    const id = applied.json().id;
    expect(
      (await city.client.post(`/api/onboarding/org-applications/${id}/decision`, { decision: 'refuse' })).statusCode,
    ).toBe(400);
    const ok = await city.client.post(`/api/onboarding/org-applications/${id}/decision`, { decision: 'approve' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().orgId).toBe(existing.id);
    const orgs = await queryRows(p, sql`select 1 from organisations where credit_code = ${existing.creditCode}`);
    expect(orgs).toHaveLength(1);
    // Now it has an administrator: a second application for it is refused.
    expect((await apply({ creditCode: existing.creditCode!, kind: 'employer' })).statusCode).toBe(409);

    const refused = await apply({ creditCode: credit() });
    const r = await city.client.post(`/api/onboarding/org-applications/${refused.json().id}/decision`, {
      decision: 'refuse',
      reason: '营业执照不清晰',
    });
    expect(r.json()).toMatchObject({ status: 'refused', reason: '营业执照不清晰' });
  });

  it("issue 22: the development SMS outbox is the system administrator's only", async () => {
    const admin = await signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '110000' });
    const res = await admin.client.get('/api/onboarding/dev/sms-outbox');
    expect(res.statusCode).toBe(200);
    expect(res.json().adapter).toBe('dev');
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    expect((await city.client.get('/api/onboarding/dev/sms-outbox')).statusCode).toBe(403);
    void makeUser;
  });
});
