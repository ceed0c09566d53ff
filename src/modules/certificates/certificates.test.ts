import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { sm2 } from 'sm-crypto-v2';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { deliverEvents, emitEvent } from '../../kernel/events.js';
import { linkWorkerToOrganisation } from '../registry/index.js';
import {
  makeIdNumber,
  makeUser,
  makeWorker,
  signIn,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';
import { subscribers } from '../../subscribers.js';
import { childrenOf } from '../../kernel/regions.js';
import { certificatePdfInput, produceReminders, rotateKey } from './index.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

/** The signature algorithm of this run: Ed25519, or SM2 when CI re-runs this file with CRYPTO_PROFILE=gm. */
const GM = process.env.CRYPTO_PROFILE === 'gm';
const ALG = GM ? 'SM2' : 'EdDSA';

/** The published key set an outside verifier uses for this run's algorithm. */
async function publishedKeys(): Promise<{ keys: Array<{ kid: string; x: string; y?: string }> }> {
  const url = GM ? '/.well-known/jwks-sm2.json' : '/.well-known/jwks.json';
  return (await p.app.inject({ method: 'GET', url })).json();
}

/**
 * CER-3: an outside verifier's check with the published keys and a library, no project code —
 * jose for Ed25519; sm-crypto for SM2 (JOSE has no SM2 algorithm; docs/crypto.md), default user id.
 */
async function verifyOffline(token: string): Promise<{ payload: Record<string, unknown>; alg: string }> {
  const { keys } = await publishedKeys();
  const header = decodeProtectedHeader(token);
  if (!GM) {
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys } as never));
    return { payload, alg: String(header.alg) };
  }
  const key = keys.find((k) => k.kid === header.kid);
  if (!key?.y || header.alg !== 'SM2') throw new Error('no published SM2 key for this token');
  const [h, body, sig] = token.split('.');
  const point = `04${Buffer.from(key.x, 'base64url').toString('hex')}${Buffer.from(key.y, 'base64url').toString('hex')}`;
  const ok = sm2.doVerifySignature(
    new TextEncoder().encode(`${h}.${body}`),
    Buffer.from(sig, 'base64url').toString('hex'),
    point,
    { hash: true, userId: '1234567812345678' },
  );
  if (!ok) throw new Error('SM2 signature does not verify');
  return { payload: decodeJwt(token), alg: 'SM2' };
}

let cityIndex = 0;
const CITIES = [
  '510100',
  '510300',
  '510400',
  '510500',
  '510600',
  '510700',
  '510800',
  '510900',
  '511000',
  '511100',
  '511300',
  '511400',
  '511500',
  '511600',
  '511700',
  '511800',
  '511900',
  '512000',
  '513200',
  '513300',
  '513400',
  '520100',
  '520200',
  '530100',
  '520300',
  '520400',
  '530300',
  '530400',
  '530500',
  '530600',
  '530700',
];

/** An issuing authority in a city of its own, an employer there, a worker employed by it, and a signed-in authority client. */
async function setting() {
  const city = CITIES[cityIndex++];
  const county = childrenOf(city)[0].code;
  const authority = await signedInAs(p, 'issuing_authority', { kind: 'regulator', regionCode: city });
  await authority.client.put('/api/certificates/authority-settings', { deadlineWorkingDays: 20 });
  const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: county });
  const name = ['张', '明', '华'][cityIndex % 3] + '小明';
  const idNumber = makeIdNumber('1985-06-15', 'male', county);
  const worker = await makeWorker(p, employer.actor, { name, regionCode: county, idNumber });
  await linkWorkerToOrganisation(p.ctx.db, {
    workerId: worker.id,
    orgId: employer.org!.id,
    relation: 'employee',
    since: p.clock.now(),
  });
  const workerUser = await makeUser(p, { role: 'worker', workerId: worker.id });
  return { city, county, authority, employer, worker, workerUser, name, idNumber };
}

async function pass(s: Awaited<ReturnType<typeof setting>>, itemCode = '1.2', passedAt = p.clock.now()) {
  const resultId = randomUUID();
  await p.ctx.db.transaction((tx) =>
    emitEvent(tx, p.clock, {
      type: 'exam.passed',
      payload: {
        resultId,
        workerId: s.worker.id,
        itemCode,
        sessionId: randomUUID(),
        passedAt: passedAt.toISOString(),
        regionCode: s.county,
      },
      regionCode: s.county,
    }),
  );
  await deliverEvents(p.ctx, subscribers);
  return resultId;
}

async function issued(s: Awaited<ReturnType<typeof setting>>, itemCode = '1.2') {
  await pass(s, itemCode);
  const tasks = (await s.authority.client.get('/api/certificates/tasks?status=pending')).json();
  const task = tasks.items.find((t: { itemCode: string }) => t.itemCode === itemCode);
  const res = await s.authority.client.post(`/api/certificates/tasks/${task.id}/approve`);
  expect(res.statusCode, res.body).toBe(200);
  return (await s.authority.client.get(`/api/certificates/${res.json().certificateId}`)).json();
}

const verify = (number: string, name: string, ip = '203.0.113.9') =>
  p.app.inject({
    method: 'GET',
    url: `/api/public/certificates/verify?number=${encodeURIComponent(number)}&name=${encodeURIComponent(name)}`,
    remoteAddress: ip,
  });
const verifyToken = (token: string, ip = '203.0.113.10') =>
  p.app.inject({ method: 'POST', url: '/api/public/certificates/verify', payload: { token }, remoteAddress: ip });

describe('issuance tasks', () => {
  it('CER-1 a pass creates one task for the authority of the region, however often the event is delivered', async () => {
    const s = await setting();
    const resultId = await pass(s);
    // A second delivery of the same result (e.g. re-emitted) does not create a second task.
    await p.ctx.db.transaction((tx) =>
      emitEvent(tx, p.clock, {
        type: 'exam.passed',
        payload: {
          resultId,
          workerId: s.worker.id,
          itemCode: '1.2',
          sessionId: randomUUID(),
          passedAt: p.clock.now().toISOString(),
          regionCode: s.county,
        },
      }),
    );
    await deliverEvents(p.ctx, subscribers);
    const tasks = (await s.authority.client.get('/api/certificates/tasks')).json();
    expect(tasks.total).toBe(1);
    expect(tasks.items[0]).toMatchObject({
      resultId,
      status: 'pending',
      workerName: s.name,
      overdue: false,
      deadlineWorkingDays: 20,
    });
  });

  it('CER-1 the deadline counts working days across a holiday and an adjusted working weekend', async () => {
    const s = await setting();
    await s.authority.client.put('/api/certificates/authority-settings', { deadlineWorkingDays: 5 });
    const cal = await s.authority.client.put('/api/certificates/calendar', {
      days: [
        ...['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'].map((day) => ({
          day,
          working: false,
          note: '国庆节',
        })),
        { day: '2026-10-10', working: true, note: '国庆节调休上班' },
      ],
    });
    expect(cal.statusCode, cal.body).toBe(200);
    // Passed on Wed 30 Sep: Thu 8, Fri 9, Sat 10 (working), Mon 12, Tue 13.
    await pass(s, '1.2', new Date('2026-09-30T02:00:00Z'));
    const [task] = (await s.authority.client.get('/api/certificates/tasks')).json().items;
    expect(task.dueOn).toBe('2026-10-13');
    // The clock stands in November: the task is overdue, to the authority and to its superior.
    expect(task.overdue).toBe(true);
    const province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
    const seen = (await province.client.get('/api/certificates/tasks?overdue=true')).json();
    expect(seen.items.map((t: { id: string }) => t.id)).toContain(task.id);
    expect((await province.client.post(`/api/certificates/tasks/${task.id}/approve`)).statusCode).toBe(403);
  });

  it('CER-1 the authority returns a task with a reason, reopens it and approves it', async () => {
    const s = await setting();
    await pass(s);
    const [task] = (await s.authority.client.get('/api/certificates/tasks')).json().items;
    const back = await s.authority.client.post(`/api/certificates/tasks/${task.id}/return`, {
      reason: '缺少学历证明复印件',
    });
    expect(back.statusCode, back.body).toBe(200);
    const [returned] = (await s.authority.client.get('/api/certificates/tasks?status=returned')).json().items;
    expect(returned.returnReason).toBe('缺少学历证明复印件');
    expect((await s.authority.client.post(`/api/certificates/tasks/${task.id}/approve`)).statusCode).toBe(409);
    expect((await s.authority.client.post(`/api/certificates/tasks/${task.id}/reopen`)).statusCode).toBe(200);
    expect((await s.authority.client.post(`/api/certificates/tasks/${task.id}/approve`)).statusCode).toBe(200);
  });

  it('CER-1 another authority cannot see or approve the task (404)', async () => {
    const s = await setting();
    await pass(s);
    const [task] = (await s.authority.client.get('/api/certificates/tasks')).json().items;
    const other = await setting();
    expect((await other.authority.client.post(`/api/certificates/tasks/${task.id}/approve`)).statusCode).toBe(404);
  });
});

describe('the issuer works from a list (issue 19 item 6)', () => {
  it('CER-1 batch approval decides each task on its own: refusals are reported per task and do not stop the others', async () => {
    const s = await setting();
    await pass(s, '1.2');
    await pass(s, '2.1');
    await pass(s, '1.2'); // a second pass of an item: the holder will already hold it
    const mine = (await s.authority.client.get('/api/certificates/tasks?status=pending')).json().items as Array<{
      id: string;
      itemCode: string;
      passedAt: string;
    }>;
    expect(mine).toHaveLength(3);
    const [first12, second12] = mine.filter((t) => t.itemCode === '1.2');
    const t21 = mine.find((t) => t.itemCode === '2.1')!;
    const other = await setting();
    await pass(other);
    const [foreign] = (await other.authority.client.get('/api/certificates/tasks')).json().items;

    const res = await s.authority.client.post('/api/certificates/tasks/batch-approve', {
      ids: [first12.id, t21.id, second12.id, foreign.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ approved: 2, refused: 2 });
    expect(body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, false, false]);
    expect(body.results[0].number).toMatch(/^T/);
    expect(body.results[2]).toMatchObject({ taskId: second12.id, rule: 'CER-1' });
    expect(body.results[3].detail).toContain('发证任务');
    // The other authority's task is untouched; the refused one stays pending.
    expect((await other.authority.client.get('/api/certificates/tasks?status=pending')).json().total).toBe(1);
    expect((await s.authority.client.get('/api/certificates/tasks?status=pending')).json().items).toEqual([
      expect.objectContaining({ id: second12.id }),
    ]);
    // Permission is checked for the batch too: the worker cannot approve.
    const worker = await signIn(p, s.workerUser.username);
    expect((await worker.post('/api/certificates/tasks/batch-approve', { ids: [second12.id] })).statusCode).toBe(403);
  });

  it("CER-1 tasks are found by the holder's name or full ID number", async () => {
    const s = await setting();
    await pass(s);
    const byName = (
      await s.authority.client.get(`/api/certificates/tasks?q=${encodeURIComponent(s.name.slice(0, 2))}`)
    ).json();
    expect(byName.items.map((t: { workerId: string }) => t.workerId)).toEqual([s.worker.id]);
    const byId = (await s.authority.client.get(`/api/certificates/tasks?q=${s.idNumber}`)).json();
    expect(byId.items.map((t: { workerId: string }) => t.workerId)).toEqual([s.worker.id]);
    const nobody = (await s.authority.client.get(`/api/certificates/tasks?q=${encodeURIComponent('无此人')}`)).json();
    expect(nobody.total).toBe(0);
    const otherId = (await s.authority.client.get(`/api/certificates/tasks?q=${makeIdNumber('1970-01-01')}`)).json();
    expect(otherId.total).toBe(0);
  });
});

describe('certificates', () => {
  it('CER-1 CER-4 the number is T + ID number, valid 6 years, reviewed after 3; the archive records it', async () => {
    const s = await setting();
    const c = await issued(s);
    const idNumber = p.ctx.vault.open(
      (await import('../registry/index.js').then((m) => m.findWorkerById(p.ctx.db, s.worker.id)))!.idNumberSealed,
    );
    expect(c.number).toBe(`T${idNumber}`);
    expect(c).toMatchObject({
      issuedOn: '2026-11-23',
      validFrom: '2026-11-23',
      validUntil: '2032-11-23',
      nextReviewDue: '2029-11-23',
      status: 'valid',
      itemCode: '1.2',
      itemName: '低压电工作业',
    });
    const archive = (await s.authority.client.get(`/api/workers/${s.worker.id}/archive`)).json();
    expect(JSON.stringify(archive)).toContain(c.number);
  });

  it('CER-1 a second pass for an item already held is a conflict', async () => {
    const s = await setting();
    await issued(s);
    await pass(s);
    const [task] = (await s.authority.client.get('/api/certificates/tasks?status=pending')).json().items;
    const res = await s.authority.client.post(`/api/certificates/tasks/${task.id}/approve`);
    expect(res.statusCode).toBe(409);
    expect(res.json().rule).toBe('CER-1');
  });

  it('SEC-2 the worker and the employer see the certificate; another tenant gets 404', async () => {
    const s = await setting();
    const c = await issued(s);
    const worker = await signIn(p, s.workerUser.username);
    expect((await worker.get(`/api/certificates/${c.id}`)).statusCode).toBe(200);
    expect((await worker.get('/api/certificates')).json().total).toBe(1);
    expect((await s.employer.client.get(`/api/certificates/${c.id}`)).statusCode).toBe(200);
    const stranger = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: s.county });
    expect((await stranger.client.get(`/api/certificates/${c.id}`)).statusCode).toBe(404);
    const otherCity = await setting();
    expect((await otherCity.authority.client.get(`/api/certificates/${c.id}`)).statusCode).toBe(404);
  });
});

describe('verification', () => {
  it('CER-3 answers valid with masked name and ID number, and nothing more', async () => {
    const s = await setting();
    const c = await issued(s);
    const res = await verify(c.number, s.name);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual([
      'authorityName',
      'holderName',
      'idNumber',
      'itemCode',
      'itemName',
      'nextReviewDue',
      'number',
      'origin',
      'originLabel',
      'status',
      'validFrom',
      'validUntil',
    ]);
    // Issue 16: the answer says where the record comes from; a native one says so too.
    expect(body).toMatchObject({ origin: 'native', originLabel: '本平台签发' });
    expect(body).toMatchObject({ status: 'valid', holderName: `${s.name[0]}*${s.name.at(-1)}`, itemCode: '1.2' });
    expect(body.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    // Its fixed security headers, also on a refused request.
    for (const r of [res, await verify('', '', '203.0.113.11')]) {
      expect(r.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        'x-frame-options': 'DENY',
      });
      expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    }
  });

  it('CER-3 CER-5 a wrong name reads exactly as an unknown number, and both are recorded for regulators', async () => {
    const s = await setting();
    const c = await issued(s);
    const wrong = await verify(c.number, '李四', '198.51.100.7');
    const unknown = await verify(`T${s.county}199001011239`, '李四', '198.51.100.7');
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().status).toBe('not_found');
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: s.city });
    const report = (await city.client.get('/api/certificates/fake-queries')).json();
    expect(report.byNumber.map((r: { number: string }) => r.number)).toContain(c.number);
    expect(report.bySource.find((r: { clientIp: string }) => r.clientIp === '198.51.100.7').count).toBe(2);
  });

  it('CER-3 answers review_overdue, expired and revoked as the dates and state say', async () => {
    const s = await setting();
    const c = await issued(s);
    p.clock.set('2029-12-01T02:00:00Z');
    expect((await verify(c.number, s.name)).json().status).toBe('review_overdue');
    p.clock.set('2032-12-01T02:00:00Z');
    expect((await verify(c.number, s.name)).json().status).toBe('expired');
    p.clock.set('2026-11-23T02:00:00Z');
    expect(
      (await s.authority.client.post(`/api/certificates/${c.id}/revoke`, { reason: 'unfit', note: '体检不合格' }))
        .statusCode,
    ).toBe(200);
    expect((await verify(c.number, s.name)).json().status).toBe('revoked');
    expect((await verifyToken(c.credential)).json().status).toBe('revoked');
  });

  it('CER-3 CER-5 answers from the register cache yet records every miss, and sees another instance’s revocation within a second', async () => {
    const s = await setting();
    const c = await issued(s);
    expect((await verify(c.number, s.name, '198.51.100.20')).json().status).toBe('valid');
    // Cached now: a repeated wrong name is still recorded each time.
    await verify(c.number, '王五', '198.51.100.21');
    await verify(c.number, '王五', '198.51.100.21');
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: s.city });
    expect(
      (await city.client.get('/api/certificates/fake-queries'))
        .json()
        .bySource.find((r: { clientIp: string }) => r.clientIp === '198.51.100.21').count,
    ).toBe(2);
    // Another instance revokes: its transaction bumps the register version, this process's cache is untouched.
    await p.ctx.db.transaction(async (tx) => {
      await tx.execute(
        sql`update certificates set state = 'revoked', revoked_at = now(), changed_at = now() where id = ${c.id}`,
      );
      await tx.execute(sql`update certificate_register_version set version = version + 1 where id = 1`);
    });
    const started = performance.now();
    let status = '';
    while (performance.now() - started < 3000) {
      status = (await verify(c.number, s.name, '198.51.100.22')).json().status;
      if (status === 'revoked') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('revoked');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('CER-3 rate-limits verification per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 62; i += 1) statuses.push((await verify('T000000000000000000', '某', '192.0.2.99')).statusCode);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('signed credential', () => {
  it('CER-3 the token verifies with only the published JWKS and jose (no project code)', async () => {
    const s = await setting();
    const c = await issued(s);
    const { payload, alg } = await verifyOffline(c.credential);
    expect(alg).toBe(ALG);
    expect(decodeProtectedHeader(c.credential).typ).toBe('vc+jwt');
    expect(payload['@context']).toEqual(['https://www.w3.org/ns/credentials/v2']);
    expect(payload.type).toEqual(['VerifiableCredential', 'SpecialOperationsCertificate']);
    const subject = payload.credentialSubject as Record<string, string>;
    expect(subject.certificateNumber).toBe(c.number);
    expect(subject.idNumberMasked).toContain('********');
    expect(payload.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    expect((await verifyToken(c.credential)).json().status).toBe('valid');
  });

  it('CER-3 one changed byte makes the token fail verification', async () => {
    const s = await setting();
    const c = await issued(s);
    const [h, body, sig] = (c.credential as string).split('.');
    const bytes = Buffer.from(body, 'base64url');
    bytes[20] ^= 1;
    const tampered = [h, bytes.toString('base64url'), sig].join('.');
    const res = await verifyToken(tampered);
    expect(res.statusCode).toBe(400);
    expect(res.json().rule).toBe('CER-3');
    await expect(verifyOffline(tampered)).rejects.toThrow();
  });

  it('CER-3 CER-6 the PDF’s link is a short /v/<code> (12 base62, stable) resolving to the token, which still verifies with the JWKS alone', async () => {
    const s = await setting();
    const c = await issued(s);
    const input = await certificatePdfInput(p.ctx, s.workerUser.actor, c.id);
    expect(input.verifyUrl).toMatch(/\/v\/[0-9A-Za-z]{12}$/);
    // Printed once, it must keep working: the employer's copy carries the same link.
    expect((await certificatePdfInput(p.ctx, s.employer.actor, c.id)).verifyUrl).toBe(input.verifyUrl);
    const code = input.verifyUrl.split('/v/')[1];
    const res = await p.app.inject({
      method: 'GET',
      url: `/api/public/certificates/links/${code}`,
      remoteAddress: '203.0.113.31',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().token).toBe(c.credential);
    await verifyOffline(res.json().token);
    expect((await verifyToken(res.json().token)).json().status).toBe('valid');
    // Another certificate has another code.
    const other = await issued(s, '2.1');
    expect((await certificatePdfInput(p.ctx, s.workerUser.actor, other.id)).verifyUrl).not.toBe(input.verifyUrl);
  });

  it('CER-3 CER-5 an unknown short-link code is a 404 naming the rule and is kept among the possible fakes', async () => {
    const miss = await p.app.inject({
      method: 'GET',
      url: '/api/public/certificates/links/AAAAAAAAAAAA',
      remoteAddress: '203.0.113.32',
    });
    expect(miss.statusCode).toBe(404);
    expect(miss.json()).toMatchObject({ rule: 'CER-3', title: '未找到该核验链接' });
    expect(
      (
        await p.app.inject({
          method: 'GET',
          url: '/api/public/certificates/links/..%2F..',
          remoteAddress: '203.0.113.32',
        })
      ).statusCode,
    ).toBe(404);
    const province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
    const report = (await province.client.get('/api/certificates/fake-queries')).json();
    expect(report.bySource.find((r: { clientIp: string }) => r.clientIp === '203.0.113.32')).toMatchObject({
      count: 2,
    });
  });

  it('CER-3 after key rotation old tokens still verify and new ones carry the new kid', async () => {
    const s = await setting();
    const c = await issued(s, '1.2');
    const oldKid = decodeProtectedHeader(c.credential).kid;
    const newKid = await rotateKey(p.ctx, p.ctx.db, s.authority.org!.id);
    const c2 = await issued(s, '2.1');
    expect(decodeProtectedHeader(c2.credential).kid).toBe(newKid);
    expect((await publishedKeys()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    await verifyOffline(c.credential);
    expect((await verifyToken(c.credential)).json().status).toBe('valid');
  });

  it('CER-3 the authority rotates its key through the API; the old key stays published and old tokens verify; no one else may', async () => {
    const s = await setting();
    const c = await issued(s, '1.2');
    const before = (await s.authority.client.get('/api/certificates/keys')).json();
    expect(before.items).toEqual([
      expect.objectContaining({
        kid: decodeProtectedHeader(c.credential).kid,
        active: true,
        certificates: 1,
        retiredAt: null,
      }),
    ]);
    const rotated = await s.authority.client.post('/api/certificates/keys/rotate');
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json().items.map((k: { active: boolean }) => k.active)).toEqual([false, true]);
    const newKid = rotated.json().items[1].kid;
    const c2 = await issued(s, '2.1');
    expect(decodeProtectedHeader(c2.credential).kid).toBe(newKid);
    await verifyOffline(c.credential);
    await verifyOffline(c2.credential);
    expect((await verifyToken(c.credential, '203.0.113.40')).json().status).toBe('valid');
    const worker = await signIn(p, s.workerUser.username);
    for (const client of [
      worker,
      s.employer.client,
      (await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' })).client,
    ]) {
      expect((await client.post('/api/certificates/keys/rotate')).statusCode).toBe(403);
    }
    // Another authority sees only its own keys.
    const other = await setting();
    expect((await other.authority.client.get('/api/certificates/keys')).json().items).toEqual([]);
  });

  it('CER-3 the status list bit flips on revocation', async () => {
    const s = await setting();
    const c = await issued(s);
    const vc = JSON.parse(Buffer.from(c.credential.split('.')[1], 'base64url').toString());
    const index = Number(vc.credentialStatus.statusListIndex);
    const path = new URL(vc.credentialStatus.statusListCredential).pathname;
    const bit = async () => {
      const res = await p.app.inject({ method: 'GET', url: path });
      expect(res.headers['cache-control']).toBe('public, max-age=1');
      const { payload } = await verifyOffline(res.body);
      const encoded = (payload.credentialSubject as { encodedList: string }).encodedList;
      const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
      expect(bytes.length).toBeGreaterThanOrEqual(16 * 1024);
      return (bytes[index >> 3] >> (7 - (index & 7))) & 1;
    };
    expect(await bit()).toBe(0);
    await s.authority.client.post(`/api/certificates/${c.id}/revoke`, { reason: 'accident', note: '对事故负有责任' });
    expect(await bit()).toBe(1);
  });
});

describe('review, revocation, replacement', () => {
  const application = {
    healthDeclaration: '社区卫生服务中心体检合格',
    workRecord: '2027-2029 年从事低压电工作业，无违章',
    retrainingHours: 8,
    retrainingExamPassed: true,
    retrainingEvidence: '复审培训 8 学时，考试 92 分',
    tenYearCompliance: false,
  };

  it('CER-4 review only in the 60 days before the date; approval moves it 3 years; refusal allows one retraining', async () => {
    const s = await setting();
    const c = await issued(s);
    p.clock.set('2029-09-01T02:00:00Z');
    let worker = await signIn(p, s.workerUser.username);
    const early = await worker.post(`/api/certificates/${c.id}/reviews`, application);
    expect(early.statusCode).toBe(422);
    expect(early.json().rule).toBe('CER-4');
    p.clock.set('2029-10-01T02:00:00Z');
    worker = await signIn(p, s.workerUser.username);
    const authority = await signIn(p, s.authority.username);
    expect(
      (await worker.post(`/api/certificates/${c.id}/reviews`, { ...application, retrainingHours: 6 })).statusCode,
    ).toBe(422);
    const applied = await worker.post(`/api/certificates/${c.id}/reviews`, application);
    expect(applied.statusCode, applied.body).toBe(200);
    const refused = await authority.post(`/api/certificates/reviews/${applied.json().id}/decision`, {
      approve: false,
      refusalGround: 'training_failed',
      note: '考试不合格',
    });
    expect(refused.json()).toMatchObject({ status: 'refused', retrainingAllowed: true });
    const again = await worker.post(`/api/certificates/${c.id}/reviews`, application);
    expect(again.statusCode, again.body).toBe(200);
    const approved = await authority.post(`/api/certificates/reviews/${again.json().id}/decision`, {
      approve: true,
      note: '',
    });
    expect(approved.json()).toMatchObject({
      status: 'approved',
      nextReviewDue: '2032-11-23',
      validUntil: '2032-11-23',
    });
    p.clock.set('2026-11-23T02:00:00Z');
  });

  it('CER-4 the extended review at the end of six years starts a new period', async () => {
    const s = await setting();
    const c = await issued(s);
    p.clock.set('2029-11-01T02:00:00Z');
    let worker = await signIn(p, s.workerUser.username);
    const first = await worker.post(`/api/certificates/${c.id}/reviews`, application);
    await (await signIn(p, s.authority.username)).post(`/api/certificates/reviews/${first.json().id}/decision`, {
      approve: true,
      note: '',
    });
    p.clock.set('2032-10-20T02:00:00Z');
    worker = await signIn(p, s.workerUser.username);
    const ext = await worker.post(`/api/certificates/${c.id}/reviews`, { ...application, tenYearCompliance: true });
    expect(ext.json().kind).toBe('extended');
    const decided = await (await signIn(p, s.authority.username)).post(
      `/api/certificates/reviews/${ext.json().id}/decision`,
      { approve: true, sixYear: true, note: '' },
    );
    expect(decided.json()).toMatchObject({
      validFrom: '2032-10-20',
      validUntil: '2038-10-20',
      nextReviewDue: '2038-10-20',
    });
    p.clock.set('2026-11-23T02:00:00Z');
  });

  it('CER-4 revocation for false information bars a new application for 3 years', async () => {
    const s = await setting();
    const c = await issued(s);
    const res = await s.authority.client.post(`/api/certificates/${c.id}/revoke`, {
      reason: 'false_info',
      note: '学历证明系伪造',
    });
    expect(res.statusCode).toBe(200);
    const eligibility = (await s.authority.client.get(`/api/workers/${s.worker.id}/eligibility?item=1.2`)).json();
    expect(eligibility.eligible).toBe(false);
    expect(eligibility.checks.find((x: { code: string }) => x.code === 'reapplication_bar')).toMatchObject({
      passed: false,
    });
    expect(
      (await s.authority.client.post(`/api/certificates/${c.id}/cancel`, { reason: 'revoked', note: '撤销后注销' }))
        .statusCode,
    ).toBe(200);
  });

  it('CER-4 a replacement keeps the number and status position; the old token follows the current state', async () => {
    const s = await setting();
    const c = await issued(s);
    const res = await s.authority.client.post(`/api/certificates/${c.id}/replace`, { note: '证书遗失补发' });
    expect(res.statusCode, res.body).toBe(200);
    const now = (await s.authority.client.get(`/api/certificates/${c.id}`)).json();
    expect(now.number).toBe(c.number);
    expect(now.credential).not.toBe(c.credential);
    const status = (t: string) =>
      JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString()).credentialStatus.statusListIndex;
    expect(status(now.credential)).toBe(status(c.credential));
    await s.authority.client.post(`/api/certificates/${c.id}/cancel`, { reason: 'holder_request', note: '本人申请' });
    expect((await verifyToken(c.credential)).json().status).toBe('revoked');
  });

  it('CER-4 reminders before the review date are recorded once and shown to the worker and the employer', async () => {
    const s = await setting();
    await issued(s);
    expect(await produceReminders(p.ctx, '2029-10-10')).toBeGreaterThanOrEqual(1);
    expect(await produceReminders(p.ctx, '2029-10-10')).toBe(0);
    const worker = await signIn(p, s.workerUser.username);
    const mine = (await worker.get('/api/certificates/reminders')).json();
    expect(mine.map((r: { kind: string }) => r.kind)).toContain('review_60');
    expect((await s.employer.client.get('/api/certificates/reminders')).json().length).toBeGreaterThanOrEqual(1);
  });
});
