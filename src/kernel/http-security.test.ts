// Issue 21's smaller findings at the HTTP edge: refusals Node writes before Fastify (431, 408) are
// problem+json with the security headers; invalid UTF-8 is refused, not stored as U+FFFD; API
// answers are not kept by browsers or proxies.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { type TestPlatform, signedInAs, startTestPlatform } from '../testing/harness.js';

let p: TestPlatform;
let edge: Awaited<ReturnType<typeof buildApp>>;
let port: number;
beforeAll(async () => {
  p = await startTestPlatform();
  // A second app on the same database, listening on loopback: 431 is written on the raw socket.
  edge = await buildApp(p.ctx);
  await edge.listen({ host: '127.0.0.1', port: 0 });
  port = (edge.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await edge.close();
  await p.close();
});

/** Sends raw bytes, resolves with the raw response once the server closes the connection. */
function raw(request: string, holdOpenMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    socket.on('data', (d) => {
      out += d;
    });
    socket.on('error', () => resolve(out));
    socket.on('close', () => resolve(out));
    socket.write(request);
    if (!holdOpenMs) socket.end();
    setTimeout(() => reject(new Error(`no answer within ${holdOpenMs + 20_000} ms`)), holdOpenMs + 20_000);
  });
}

const parse = (response: string) => {
  const [head, body] = response.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
};

describe('HTTP edge (issue 21)', () => {
  it('answers a URL over 16 kB with 431 problem+json and the security headers', async () => {
    const res = parse(await raw(`GET /api/verify?q=${'a'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeTruthy();
    expect(res.body).toMatchObject({ status: 431, title: '请求头过大' });
  });

  it('refuses a body that is not valid UTF-8 (public report) instead of storing U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from('{"description":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/public/reports',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toContain('UTF-8');
    // Valid UTF-8 (Chinese text) still reaches the route's own validation.
    const ok = await p.app.inject({
      method: 'POST',
      url: '/api/public/reports',
      headers: { 'content-type': 'application/json' },
      payload: Buffer.from('{"description":"无证上岗"}'),
    });
    expect(ok.json().detail ?? '').not.toContain('UTF-8');
  });

  it('marks API answers carrying personal data Cache-Control: no-store, leaving public cacheable ones alone', async () => {
    const regulator = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
    const workers = await regulator.client.get('/api/workers');
    expect(workers.statusCode).toBe(200);
    expect(workers.headers['cache-control']).toBe('no-store');
    const refused = await p.app.inject({ method: 'GET', url: '/api/workers' });
    expect(refused.headers['cache-control']).toBe('no-store');
    const jwks = await p.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(jwks.headers['cache-control']).toContain('public');
  });
});
