// CER-2/CER-3 inbound: /verify and the employer's check (EMP-1) ask the national query platform about
// numbers the platform does not hold. The platform is a separate process on loopback
// (scripts/national-query-stub.mjs) speaking docs/national-query.md — not a mock inside our code.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeIdNumber,
  makeWorker,
  queryRows,
  signedInAs,
  startTestPlatform,
  testConfig,
  type TestPlatform,
} from '../../../testing/harness.js';

const TOKEN = 'national-test-token';
const cq = makeIdNumber('1982-04-05', 'male', '500103'); // 重庆市渝中区
const old = makeIdNumber('1979-09-09', 'male', '510107'); // 四川, issued before the platform
const slow = makeIdNumber('1990-02-02', 'male', '500103');
const failing = makeIdNumber('1991-03-03', 'male', '500103');
const expiredId = makeIdNumber('1975-05-05', 'male', '500103');

const record = (idNumber: string, holderName: string, over: Record<string, unknown> = {}) => ({
  number: `T${idNumber}`,
  holderName,
  idNumber,
  itemCode: '4.1',
  itemName: '熔化焊接与热切割作业',
  authorityName: '重庆市应急管理局',
  provinceCode: '500000',
  issuedOn: '2021-05-10',
  validFrom: '2021-05-10',
  validUntil: '2027-05-09',
  nextReviewDue: '2027-05-09',
  status: 'valid',
  ...over,
});

let stub: ChildProcess;
let stubUrl: string;
let p: TestPlatform;
let off: TestPlatform;

async function startStub(): Promise<{ child: ChildProcess; port: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'national-query-'));
  const fixture = path.join(dir, 'fixture.json');
  writeFileSync(
    fixture,
    JSON.stringify({
      token: TOKEN,
      answeredAt: '2026-11-23T01:59:30.000Z',
      slow: [`T${slow}`],
      failing: [`T${failing}`],
      records: [
        record(cq, '周大勇'),
        record(old, '何老三', {
          authorityName: '成都市安全生产监督管理局',
          provinceCode: '510000',
          itemCode: '1.1',
          itemName: '低压电工作业',
        }),
        record(expiredId, '钱过期', {
          validUntil: '2025-01-01',
          nextReviewDue: '2025-01-01',
          issuedOn: '2019-01-02',
          validFrom: '2019-01-02',
        }),
      ],
    }),
  );
  const child = spawn(process.execPath, [path.resolve('scripts/national-query-stub.mjs'), fixture], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /LISTENING (\d+)/.exec(chunk.toString());
      if (m) resolve(Number(m[1]));
    });
  });
  return { child, port };
}

const nationalConfig = (url: string, token = TOKEN) => ({
  url,
  token,
  timeoutMs: 800,
  cacheHours: 24,
  sourceName: '全国特种作业操作证查询平台',
});

beforeAll(async () => {
  const s = await startStub();
  stub = s.child;
  stubUrl = `http://127.0.0.1:${s.port}`;
  p = await startTestPlatform(testConfig({ nationalQuery: nationalConfig(`${stubUrl}/api/certificates/query`) }));
  off = await startTestPlatform();
});
afterAll(async () => {
  await p?.close();
  await off?.close();
  stub?.kill('SIGTERM');
});

const queries = async () => ((await (await fetch(`${stubUrl}/__requests`)).json()) as { queries: number }).queries;
const verify = (q: TestPlatform, number: string, name: string, ip = '203.0.113.50') =>
  q.app.inject({
    method: 'GET',
    url: `/api/public/certificates/verify?number=${encodeURIComponent(number)}&name=${encodeURIComponent(name)}`,
    remoteAddress: ip,
  });

describe('/verify asks the national query platform (CER-3)', () => {
  it('CER-3 a certificate of another province, not on the platform, verifies with its source and time', async () => {
    const res = await verify(p, `T${cq}`, '周大勇');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'valid',
      number: `T${cq}`,
      itemCode: '4.1',
      authorityName: '重庆市应急管理局',
      holderName: '周*勇',
      national: {
        outcome: 'found',
        sourceName: '全国特种作业操作证查询平台',
        answeredAt: '2026-11-23T01:59:30.000Z',
        cached: false,
        provinceCode: '500000',
      },
    });
    expect(res.json().idNumber).not.toContain(cq.slice(6, 14));
  });

  it('CER-3 the answer is kept until it expires: a repeat is served from the cache, after expiry asked again', async () => {
    const before = await queries();
    const again = await verify(p, `T${old}`, '何老三');
    expect(again.json()).toMatchObject({ status: 'valid', national: { cached: false } });
    const cached = await verify(p, `T${old}`, '何老三');
    expect(cached.json()).toMatchObject({ status: 'valid', national: { cached: true } });
    expect(await queries()).toBe(before + 1);
    const at = p.clock.now();
    p.clock.set(new Date(at.getTime() + 25 * 3_600_000));
    try {
      expect((await verify(p, `T${old}`, '何老三')).json().national.cached).toBe(false);
      expect(await queries()).toBe(before + 2);
    } finally {
      p.clock.set(at);
    }
  });

  it('CER-3 the dates count: an expired national certificate reads expired', async () => {
    expect((await verify(p, `T${expiredId}`, '钱过期')).json()).toMatchObject({
      status: 'expired',
      national: { outcome: 'found' },
    });
  });

  it('CER-5 a number neither platform knows reads not found, says the national platform was asked, and is kept as a possible fake', async () => {
    const id = makeIdNumber('1993-07-07', 'male', '500103');
    const res = await verify(p, `T${id}`, '吴假证', '198.51.100.77');
    expect(res.json()).toMatchObject({ status: 'not_found', national: { outcome: 'not_found' } });
    const wrongName = await verify(p, `T${cq}`, '周小勇', '198.51.100.77');
    expect(wrongName.json()).toMatchObject({ status: 'not_found', number: null, national: { outcome: 'not_found' } });
    const misses = await queryRows<{ number: string }>(
      p,
      sql`select number from certificate_verification_misses where client_ip = '198.51.100.77'`,
    );
    expect(misses.map((r) => r.number).sort()).toEqual([`T${cq}`, `T${id}`].sort());
  });

  it('CER-3 a source that times out or fails answers "unavailable" in time, never a 500', async () => {
    const started = Date.now();
    const timedOut = await verify(p, `T${slow}`, '慢查询');
    expect(timedOut.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(timedOut.json()).toMatchObject({ status: 'not_found', national: { outcome: 'unavailable' } });
    const failed = await verify(p, `T${failing}`, '坏应答');
    expect(failed.statusCode).toBe(200);
    expect(failed.json()).toMatchObject({ status: 'not_found', national: { outcome: 'unavailable' } });
  });

  it('CER-3 a wrong credential or a dead address is "unavailable", and a kept answer is then served marked stale', async () => {
    const badToken = await startTestPlatform(
      testConfig({ nationalQuery: nationalConfig(`${stubUrl}/api/certificates/query`, 'wrong') }),
    );
    try {
      expect((await verify(badToken, `T${cq}`, '周大勇')).json()).toMatchObject({
        status: 'not_found',
        national: { outcome: 'unavailable' },
      });
    } finally {
      await badToken.close();
    }
    // Same database as `p` (which has the answer kept), a source that is gone, the answer past expiry.
    const gone = { ...p.ctx, config: { ...p.ctx.config, nationalQuery: nationalConfig('http://127.0.0.1:9/q') } };
    const { verifyByNumber } = await import('../index.js');
    const { FixedClock } = await import('../../../kernel/clock.js');
    const later = { ...gone, clock: new FixedClock(new Date(p.clock.now().getTime() + 48 * 3_600_000)) };
    const stale = await verifyByNumber(
      later,
      { ip: '203.0.113.60', userAgent: 't' },
      { number: `T${cq}`, name: '周大勇' },
    );
    expect(stale).toMatchObject({ status: 'valid', national: { outcome: 'found', cached: true, stale: true } });
  });

  it('CER-3 with no national address configured the platform does not ask: not found, as before', async () => {
    const res = await verify(off, `T${cq}`, '周大勇');
    expect(res.json()).toMatchObject({ status: 'not_found' });
    expect(res.json().national).toBeUndefined();
  });
});

describe('the employer’s check and hiring count the national answer (EMP-1)', () => {
  it('EMP-1 the check records the national platform as its source, with the time of its answer', async () => {
    const e = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510107' });
    const res = await e.client.post('/api/employer/certificate-checks', { number: `T${cq}`, name: '周大勇' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      result: 'valid',
      itemCode: '4.1',
      source: 'national',
      sourceName: '全国特种作业操作证查询平台',
      sourceAnsweredAt: '2026-11-23T01:59:30.000Z',
      national: { outcome: 'found' },
    });
    const list = (await e.client.get('/api/employer/certificate-checks')).json().items;
    expect(list[0]).toMatchObject({ source: 'national', result: 'valid' });
    const down = await e.client.post('/api/employer/certificate-checks', { number: `T${slow}`, name: '慢查询' });
    expect(down.statusCode).toBe(201);
    expect(down.json()).toMatchObject({
      result: 'not_found',
      nationalUnavailable: true,
      national: { outcome: 'unavailable' },
    });
  });

  it('EMP-1 a worker whose certificate the national platform holds may be hired for its item; an expired one is refused', async () => {
    const e = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510107' });
    await makeWorker(p, e.actor, { idNumber: cq, name: '周大勇', regionCode: '500103' });
    const ok = await e.client.post('/api/employments', {
      idNumber: cq,
      kind: 'own',
      itemCodes: ['4.1'],
      hiredOn: '2026-11-20',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    await makeWorker(p, e.actor, { idNumber: expiredId, name: '钱过期', regionCode: '500103' });
    const refused = await e.client.post('/api/employments', {
      idNumber: expiredId,
      kind: 'own',
      itemCodes: ['4.1'],
      hiredOn: '2026-11-20',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ rule: 'EMP-1' });
  });
});
