import { it } from 'vitest';
import { startTestPlatform, signedInAs } from './testing/harness.js';
import { buildApp } from './app.js';
it('probe', async () => {
  const p = await startTestPlatform();
  const s = await signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '110000' });
  const app = await buildApp(p.ctx, { logger: { level: 'error' } });
  app.addHook('preHandler', async (req) => { console.log('Q', JSON.stringify(req.query), typeof (req.query as any).page, (req.query as any).page); });
  await app.ready();
  for (const u of ['/api/users?page=1e309', '/api/organisations?q=%00', '/api/workers/urn:uuid:5690c0dd-a87c-4e5d-b8a3-0d1fb6b12345']) {
    const r = await app.inject({ url: u, headers: { cookie: s.client.cookie } });
    console.log(u, r.statusCode, r.body.slice(0, 200));
  }
  await p.close();
});
