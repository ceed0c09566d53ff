// Start-up: the first start listens before its demo data is written; until the demo is complete the
// API answers 503 "演示数据加载中" (problem+json) while /healthz and the state endpoint answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type DemoState } from './app.js';
import { makeOrg, makeUser, startTestPlatform, TEST_PASSWORD, type TestPlatform } from './testing/harness.js';

let p: TestPlatform;
let app: Awaited<ReturnType<typeof buildApp>>;
let state: DemoState = 'loading';

beforeAll(async () => {
  p = await startTestPlatform();
  app = await buildApp(p.ctx, { demoState: () => state });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await p.close();
});

describe('demo data loading after the server listens', () => {
  it('while the demo loads, /healthz answers, the state says loading and the API refuses with 演示数据加载中', async () => {
    state = 'loading';
    const user = await makeUser(p, {
      role: 'county_regulator',
      org: await makeOrg(p, { kind: 'regulator', regionCode: '510107' }),
    });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz/demo' })).json()).toEqual({ demo: 'loading' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(503);
    expect(login.headers['content-type']).toContain('application/problem+json');
    expect(login.headers['retry-after']).toBe('5');
    expect(login.json()).toMatchObject({ title: '演示数据加载中', type: 'urn:quanlian:problem:demo-loading' });
    expect((await app.inject({ method: 'GET', url: '/api/catalogue/items' })).statusCode).toBe(503);
  });

  it('once the demo is complete the same login is answered', async () => {
    state = 'ready';
    const user = await makeUser(p, {
      role: 'county_regulator',
      org: await makeOrg(p, { kind: 'regulator', regionCode: '510107' }),
    });
    expect((await app.inject({ method: 'GET', url: '/healthz/demo' })).json()).toEqual({ demo: 'ready' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
  });

  it('a platform started without demo data reports none and never refuses', async () => {
    expect((await p.app.inject({ method: 'GET', url: '/healthz/demo' })).json()).toEqual({ demo: 'none' });
  });
});
