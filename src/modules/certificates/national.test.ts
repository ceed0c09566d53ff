import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverEvents, emitEvent } from '../../kernel/events.js';
import { deadLetterOf, startJobs, type JobQueue } from '../../kernel/jobs.js';
import { signedInAs, startTestPlatform, testConfig, type TestPlatform } from '../../testing/harness.js';
import {
  NATIONAL_PAYLOAD_SCHEMA,
  NATIONAL_PUSH_QUEUE,
  nationalPushSubscriber,
  registerNationalPushWorker,
  type LoadNationalRecord,
  type NationalCertificateRecord,
} from './national.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: { schema: string; idempotencyKey: string; record: NationalCertificateRecord };
  status: number;
}

/** The national platform's intake, played by a local server: answers from a script per certificate number. */
const received: Received[] = [];
const scripts = new Map<string, number[]>();
const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const body = JSON.parse(raw) as Received['body'];
    const status = scripts.get(body.record.number)?.shift() ?? 200;
    received.push({ headers: req.headers, body, status });
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify(status < 300 ? { accepted: true } : { error: `scripted ${status}` }));
  });
});

const records = new Map<string, NationalCertificateRecord>();
const load: LoadNationalRecord = async (_db, _vault, certificateId) => records.get(certificateId) ?? null;

function certificate(number: string): string {
  const id = randomUUID();
  records.set(id, {
    number,
    holderName: '张三',
    idNumber: number.slice(1),
    sex: 'male',
    itemCode: '1.1',
    itemName: '低压电工作业',
    categoryName: '电工作业',
    authorityName: '成都市应急管理局',
    authorityCreditCode: '11510100MB1234567X',
    issuedOn: '2026-11-23',
    validFrom: '2026-11-23',
    validUntil: '2032-11-22',
    nextReviewDue: '2029-11-22',
    status: 'valid',
    changedAt: '2026-11-23T10:00:00.000Z',
  });
  return id;
}

let serial = 0;
const nextNumber = () => `T51010719850615${String((serial += 1)).padStart(4, '0')}`;

let p: TestPlatform;
let jobs: JobQueue;
let url: string;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/certificates`;
  p = await startTestPlatform(testConfig({ nationalPush: { url, token: 'national-test-token', timeoutMs: 2000 } }));
  jobs = await startJobs(p.ctx, { pollingIntervalSeconds: 0.5, supervise: false, schedule: false });
  await registerNationalPushWorker(jobs, p.ctx, load, {
    retry: { retryLimit: 3, retryDelay: 0, retryBackoff: false },
    pollingIntervalSeconds: 0.5,
  });
});
afterAll(async () => {
  await jobs?.stop();
  await p?.close();
  server.close();
});

async function waitFor<T>(probe: () => Promise<T> | T, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A certificate change as the certificates module records it, then the outbox delivery. */
async function change(certificateId: string, type = 'certificate.issued') {
  await p.ctx.db.transaction((tx) =>
    emitEvent(tx, p.ctx.clock, { type, payload: { certificateId }, regionCode: '510100' }),
  );
  expect(await deliverEvents(p.ctx, [nationalPushSubscriber(load)])).toBe(1);
}

const jobsFor = async (certificateId: string) =>
  (
    (await p.ctx.db.execute(
      `select id, state, data, output, retry_count from pgboss.job where name = '${NATIONAL_PUSH_QUEUE}' and data->>'certificateId' = '${certificateId}'`,
    )) as unknown as {
      rows: Array<{
        id: string;
        state: string;
        data: unknown;
        output: Record<string, unknown> | null;
        retry_count: number;
      }>;
    }
  ).rows;

describe('national query platform push (CER-2)', () => {
  it('CER-2 an issued certificate is queued with the outbox delivery and pushed once, with the bearer token and idempotency key', async () => {
    const number = nextNumber();
    const id = certificate(number);
    await change(id);
    const [queued] = await jobsFor(id);
    expect(queued.data).toEqual({ certificateId: id }); // no personal data in the job table
    const [job] = await waitFor(async () => ((await jobsFor(id))[0]?.state === 'completed' ? jobsFor(id) : null));
    expect(job.output).toMatchObject({
      outcome: 'delivered',
      status: 200,
      idempotencyKey: `${number}:2026-11-23T10:00:00.000Z`,
    });
    const pushes = received.filter((r) => r.body.record.number === number);
    expect(pushes).toHaveLength(1);
    expect(pushes[0].headers.authorization).toBe('Bearer national-test-token');
    expect(pushes[0].headers['idempotency-key']).toBe(`${number}:2026-11-23T10:00:00.000Z`);
    expect(pushes[0].headers['content-type']).toMatch(/^application\/json/);
    expect(pushes[0].body).toEqual({
      schema: NATIONAL_PAYLOAD_SCHEMA,
      idempotencyKey: `${number}:2026-11-23T10:00:00.000Z`,
      record: records.get(id),
    });
  });

  it('CER-2 503 twice then 200: retried, delivered once, the same idempotency key each time', async () => {
    const number = nextNumber();
    scripts.set(number, [503, 503, 200]);
    const id = certificate(number);
    await change(id, 'certificate.revoked');
    const [job] = await waitFor(async () => ((await jobsFor(id))[0]?.state === 'completed' ? jobsFor(id) : null));
    expect(job.retry_count).toBe(2);
    const pushes = received.filter((r) => r.body.record.number === number);
    expect(pushes.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(new Set(pushes.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });

  it('CER-2 a 400 dead-letters the push at once; the admin sees it with its error and pushes it again', async () => {
    const number = nextNumber();
    scripts.set(number, [400]);
    const id = certificate(number);
    await change(id, 'certificate.reviewed');
    await waitFor(async () => (await jobsFor(id))[0]?.state === 'failed');
    expect(received.filter((r) => r.body.record.number === number)).toHaveLength(1); // no retries for a refusal
    expect(await jobs.boss.getQueueSize(deadLetterOf(NATIONAL_PUSH_QUEUE))).toBeGreaterThanOrEqual(1);

    const admin = await signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '110000' });
    const list = await admin.client.get('/api/admin/national-push?pageSize=50');
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json();
    expect(body).toMatchObject({ enabled: true, target: url, page: 1, pageSize: 50 });
    expect(body.counts.failed).toBeGreaterThanOrEqual(1);
    const failed = body.items.find((i: { certificateId: string }) => i.certificateId === id);
    expect(failed).toMatchObject({ attempts: 1, lastError: expect.stringContaining('HTTP 400') });
    expect(JSON.stringify(body)).not.toContain('张三'); // the dead-letter view shows no personal data

    const regulator = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
    expect((await regulator.client.get('/api/admin/national-push')).statusCode).toBe(403);
    expect((await regulator.client.post(`/api/admin/national-push/${failed.id}/retry`)).statusCode).toBe(403);

    const retry = await admin.client.post(`/api/admin/national-push/${failed.id}/retry`);
    expect(retry.statusCode, retry.body).toBe(200);
    await waitFor(async () => (await jobsFor(id))[0]?.state === 'completed');
    expect(received.filter((r) => r.body.record.number === number).map((r) => r.status)).toEqual([400, 200]);
    const after = (await admin.client.get('/api/admin/national-push?pageSize=50')).json();
    expect(after.items.find((i: { certificateId: string }) => i.certificateId === id)).toBeUndefined();
    expect((await admin.client.post(`/api/admin/national-push/${failed.id}/retry`)).statusCode).toBe(404);
    expect((await admin.client.post(`/api/admin/national-push/${randomUUID()}/retry`)).statusCode).toBe(404);
    const audit = (await admin.client.get('/api/audit?pageSize=20')).json();
    expect(
      audit.items.some(
        (r: { action: string; entityId: string }) => r.action === 'national_push.retry' && r.entityId === failed.id,
      ),
    ).toBe(true);
  });

  it('CER-2 with no NATIONAL_PUSH_URL the push is recorded as disabled and nothing is sent', async () => {
    const saved = p.ctx.config.nationalPush;
    p.ctx.config.nationalPush = { url: undefined, token: undefined, timeoutMs: 2000 };
    try {
      const number = nextNumber();
      const id = certificate(number);
      await change(id, 'certificate.cancelled');
      const [job] = await waitFor(async () => ((await jobsFor(id))[0]?.state === 'completed' ? jobsFor(id) : null));
      expect(job.output).toMatchObject({ outcome: 'disabled' });
      expect(received.filter((r) => r.body.record.number === number)).toHaveLength(0);
    } finally {
      p.ctx.config.nationalPush = saved;
    }
  });

  it('CER-2 an unreachable platform is retried, then dead-lettered with the network error', async () => {
    const saved = p.ctx.config.nationalPush;
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    p.ctx.config.nationalPush = { url: `http://127.0.0.1:${port}/down`, token: undefined, timeoutMs: 1000 };
    try {
      const id = certificate(nextNumber());
      await change(id, 'certificate.replaced');
      const [job] = await waitFor(async () => ((await jobsFor(id))[0]?.state === 'failed' ? jobsFor(id) : null));
      expect(job.retry_count).toBe(3);
      expect(String(job.output?.message)).toContain('无法连接全国查询平台');
    } finally {
      p.ctx.config.nationalPush = saved;
    }
  });

  it('CER-2 a change to a certificate that does not exist queues nothing', async () => {
    const id = randomUUID();
    await change(id);
    expect(await jobsFor(id)).toEqual([]);
  });
});
