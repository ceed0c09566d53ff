// Issue 23 "Metrics and health": /metrics for the operator only, /readyz, and the request id that
// logs, response headers and problem+json bodies share.
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { startTestPlatform, testConfig, type TestPlatform } from '../testing/harness.js';
import { emitEvent, deliverEvents } from './events.js';
import { registerReadinessCheck } from './metrics.js';

let p: TestPlatform;
const TOKEN = 'metrics-token-0123456789';

beforeAll(async () => {
  p = await startTestPlatform(testConfig({ metricsToken: TOKEN }));
});
afterAll(() => p?.close());

describe('/metrics', () => {
  it('answers the Prometheus text format from this machine, with route patterns as labels', async () => {
    const id = randomUUID();
    await p.app.inject({ method: 'GET', url: `/api/public/certificates/links/${id}`, remoteAddress: '10.1.2.3' });
    const res = await p.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('quanlian_http_request_duration_seconds_bucket');
    expect(text).toMatch(
      /quanlian_http_requests_total\{method="GET",route="\/api\/public\/certificates\/links\/:code",status="\d+"\} \d+/,
    );
    // The URL (with its id) never becomes a label: the label set stays as small as the route table.
    expect(text).not.toContain(id);
    for (const name of [
      'quanlian_db_pool_connections',
      'quanlian_job_queue_jobs',
      'quanlian_process_cpu_seconds_total',
      'quanlian_verifications_total',
      'quanlian_face_engine_seconds',
      'quanlian_outbox_due_events',
    ])
      expect(text).toContain(`# TYPE ${name}`);
  });

  it('is refused to another address, and to a forwarded request, unless it brings METRICS_TOKEN', async () => {
    const outside = await p.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.9' });
    expect(outside.statusCode).toBe(403);
    expect(outside.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(outside.body).not.toContain('quanlian_http');
    // A reverse proxy on this machine connects from loopback: its forwarded request is not "local".
    const proxied = await p.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expect(proxied.statusCode).toBe(403);
    const wrong = await p.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.9',
      headers: { authorization: `Bearer ${TOKEN.replace(/.$/, 'x')}` },
    });
    expect(wrong.statusCode).toBe(403);
    const right = await p.app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '203.0.113.9',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('quanlian_http_requests_total');
  });

  it('shows job queues, the outbox backlog of the last delivery round and failed deliveries', async () => {
    await p.ctx.db.transaction((tx) => emitEvent(tx, p.clock, { type: 'metrics.test', payload: {} }));
    const failing = {
      name: 'metrics-test-failing',
      types: ['metrics.test'],
      handle: async () => {
        throw new Error('refused');
      },
    };
    await deliverEvents(p.ctx, [failing]);
    // The backlog comes from the delivery round itself; the database figures are read at most every 10 s.
    const metrics = await p.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/quanlian_outbox_due_events\{subscriber="metrics-test-failing"\} 1/);
    expect(metrics.body).toMatch(/quanlian_job_queue_jobs|# TYPE quanlian_job_queue_jobs gauge/);
  });
});

describe('/readyz and /healthz', () => {
  it('is ready when the database answers and its migrations are those of this build', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('ready');
    expect(body.checks.database.ok).toBe(true);
    expect(body.checks.migrations.ok).toBe(true);
    expect((await p.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('is not ready (503) while a registered check fails, e.g. a replica behind its bound', async () => {
    registerReadinessCheck('test-replica', async () => ({ ok: false, detail: 'lag 12 s > 5 s' }));
    try {
      const res = await p.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json().checks['test-replica']).toEqual({ ok: false, detail: 'lag 12 s > 5 s' });
    } finally {
      registerReadinessCheck('test-replica', async () => ({ ok: true }));
    }
  });

  it('is not ready when the database has migrations missing', async () => {
    // The newest migration recorded as applied one millisecond before this build's: a database behind.
    const shift = (by: number) =>
      p.ctx.db.execute(
        sql`update drizzle.__drizzle_migrations set created_at = created_at + ${by}
            where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
      );
    await shift(-1);
    try {
      const res = await p.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json().checks.migrations.ok).toBe(false);
    } finally {
      await shift(1);
    }
  });
});

describe('request id', () => {
  it('every response carries X-Request-Id; a problem+json body carries the same id', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json().requestId).toBe(id);
    const invalid = await p.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(invalid.json().requestId).toBe(invalid.headers['x-request-id']);
  });

  it("honours a caller's well-formed X-Request-Id and replaces one that could forge log lines", async () => {
    const kept = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody-here', password: 'wrong-password' },
      headers: { 'x-request-id': 'edge-7f3a9c21-0001' },
      remoteAddress: '10.9.9.9',
    });
    expect(kept.headers['x-request-id']).toBe('edge-7f3a9c21-0001');
    expect(kept.json().requestId).toBe('edge-7f3a9c21-0001');
    const replaced = await p.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'x" level=error msg="forged' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the log lines of a request carry its id', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    // Requests are logged at debug (issue 19 item 11: the start-up console stays readable at info).
    const app = await buildApp(p.ctx, { logger: { level: 'debug', stream } });
    try {
      await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'trace-abcdef-42' } });
    } finally {
      await app.close();
    }
    const mine = lines.map((l) => JSON.parse(l)).filter((l) => l.reqId === 'trace-abcdef-42');
    expect(mine.map((l) => l.msg)).toContain('request completed');
  });
});
