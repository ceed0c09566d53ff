// Robustness of the HTTP surface beyond the fuzz table (http-fuzz.ts): every refusal is problem+json
// (issue 3, "Interfaces"); the OpenAPI document covers every route (ARCHITECTURE.md). These are
// interface guarantees rather than DOMAIN rules, so only the tests that prove one carry its ID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeUser, signIn, startTestPlatform, type TestPlatform } from '../testing/harness.js';
import { HAN, expectProblem, registeredApiRoutes } from './http-fuzz.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

describe('problem details', () => {
  it('validation errors carry Chinese messages and an errors array naming the fields', async () => {
    const admin = await makeUser(p, {
      role: 'system_admin',
      org: await makeOrg(p, { kind: 'platform', regionCode: '110000' }),
    });
    const client = await signIn(p, admin.username);
    const res = await client.post('/api/organisations', { kind: 'bogus', name: 1, regionCode: 'abc', extra: true });
    expect(res.statusCode).toBe(400);
    expectProblem(res, 'validation');
    const body = res.json() as { errors: Array<{ field: string; message: string }>; detail: string };
    const fields = body.errors.map((e) => e.field);
    for (const f of ['kind', 'name', 'regionCode', 'extra'])
      expect(
        fields.some((x) => x.endsWith(f)),
        `${f} in ${fields.join(',')}`,
      ).toBe(true);
    for (const e of body.errors) expect(e.message, e.field).toMatch(HAN);
    expect(body.detail).toMatch(HAN);

    const missing = await client.post('/api/organisations', { kind: 'exam_site' });
    expect(missing.statusCode).toBe(400);
    const missingFields = (missing.json().errors as Array<{ field: string }>).map((e) => e.field);
    expect(missingFields.some((f) => f.endsWith('name'))).toBe(true);
    expect(missingFields.some((f) => f.endsWith('regionCode'))).toBe(true);

    const query = await client.get('/api/users?page=abc');
    expect(query.statusCode).toBe(400);
    expect((query.json().errors as Array<{ field: string }>).map((e) => e.field)).toContain('querystring.page');
  });

  it('an unparseable body is a 400 problem whose detail a Chinese user can read', async () => {
    const admin = await makeUser(p, {
      role: 'system_admin',
      org: await makeOrg(p, { kind: 'platform', regionCode: '110000' }),
    });
    const client = await signIn(p, admin.username);
    for (const payload of ['{"a":', '']) {
      const res = await client.inject({
        method: 'POST',
        url: '/api/organisations',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      expectProblem(res, payload);
      expect(res.json().detail).toMatch(HAN);
    }
  });
});

describe('platform endpoints', () => {
  it('GET /healthz answers ok with the kind of database in use', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    const expected = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
    expect(res.json()).toEqual({ status: 'ok', database: expected });
    expect(p.database.kind).toBe(expected);
  });

  it('GET /docs/json is an OpenAPI 3 document listing every /api route', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();
    const registered = registeredApiRoutes(p.app);
    expect(registered.length).toBeGreaterThan(20);
    expect(documented).toEqual(registered);
    expect(doc.paths['/healthz']).toBeDefined();
  });

  it('GET /docs serves the Swagger UI', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});
