// Organisations through the API: creation by the system administrator (GB 32100 credit codes,
// GB/T 2260 regions), the audit record of every creation (SEC-1) and who sees which (SEC-2).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgKind, Role } from '../../kernel/access.js';
import { generateCreditCode } from '../../kernel/ids.js';
import { makeOrg, makeUser, signIn, startTestPlatform, type TestPlatform } from '../../testing/harness.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

/** Raw rows; PGlite and node-postgres both answer `{ rows }`. */
const rows = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) =>
  ((await p.ctx.db.execute(query)) as unknown as { rows: T[] }).rows;

let serial = 0;
/** A credit code no other test in this file uses. */
const creditCode = (region = '510107') =>
  generateCreditCode(region, 20_000_000 + (serial += 1) * 7919 + Math.floor(Math.random() * 7000));
/** A tag that makes this test's organisations findable by name, apart from every other test's. */
const tag = () => `组${randomBytes(3).toString('hex')}`;

/** @fastify/rate-limit allows 30 logins a minute per address; each signed-in user here gets its own. */
let address = 0;
const ownAddress = (): TestPlatform => ({
  ...p,
  app: {
    inject: (opts: object) =>
      p.app.inject({ remoteAddress: `10.1.${Math.floor(address / 250)}.${(address += 1) % 250}`, ...opts }),
  } as never,
});
async function signedIn(role: Role, org: { kind: OrgKind; regionCode: string } | null) {
  const made = org ? await makeOrg(p, org) : null;
  const user = await makeUser(p, { role, org: made });
  return { org: made, ...user, client: await signIn(ownAddress(), user.username) };
}
const admin = () => signedIn('system_admin', { kind: 'platform', regionCode: '110000' });

type Org = { id: string; kind: string; name: string; regionCode: string; creditCode: string | null };

describe('creating organisations', () => {
  it('SEC-2 the system administrator creates an organisation of each kind, each audited (SEC-1)', async () => {
    const { client, actor } = await admin();
    const t = tag();
    const inputs: Array<{ kind: OrgKind; name: string; regionCode: string; creditCode?: string }> = [
      { kind: 'regulator', name: `成都市应急管理局${t}`, regionCode: '510100' },
      { kind: 'institution', name: `成都安全培训学校${t}`, regionCode: '510107', creditCode: creditCode() },
      { kind: 'exam_centre', name: `四川省安全技术考试中心${t}`, regionCode: '510000' },
      { kind: 'exam_site', name: `武侯区考试点${t}`, regionCode: '510107' },
      { kind: 'employer', name: `成都某化工有限公司${t}`, regionCode: '510107', creditCode: creditCode() },
      { kind: 'platform', name: `平台运营${t}`, regionCode: '510000' },
    ];
    for (const input of inputs) {
      const res = await client.post('/api/organisations', input);
      expect(res.statusCode, `${input.kind}: ${res.body}`).toBe(201);
      const org = res.json();
      expect(org).toMatchObject({
        kind: input.kind,
        name: input.name,
        regionCode: input.regionCode,
        creditCode: input.creditCode ?? null,
      });
      expect(org.id).toMatch(/^[0-9a-f-]{36}$/);

      const audit = await rows<{ actor_user_id: string; region_code: string; after: Org }>(
        sql`select actor_user_id, region_code, after from audit_records where action = 'organisation.create' and entity_id = ${org.id}`,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_user_id).toBe(actor.userId);
      expect(audit[0].region_code).toBe(input.regionCode);
      expect(audit[0].after).toMatchObject({ id: org.id, kind: input.kind, name: input.name });

      const shown = await client.get(`/api/organisations/${org.id}`);
      expect(shown.statusCode).toBe(200);
      expect(shown.json()).toEqual(org);
    }
    expect((await client.get('/api/audit/verify')).json()).toMatchObject({ ok: true });
  });

  it('SEC-2 only the system administrator may create organisations', async () => {
    for (const [role, org] of [
      ['province_regulator', { kind: 'regulator', regionCode: '510000' }],
      ['institution_admin', { kind: 'institution', regionCode: '510107' }],
    ] as const) {
      const { client } = await signedIn(role, org);
      const res = await client.post('/api/organisations', {
        kind: 'exam_site',
        name: `越权考试点${tag()}`,
        regionCode: '510107',
      });
      expect(res.statusCode).toBe(403);
    }
    expect(
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/organisations',
          payload: { kind: 'exam_site', name: '匿名考试点', regionCode: '510107' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('CAT-3 an institution or employer without a credit code is refused with 400', async () => {
    const { client } = await admin();
    for (const kind of ['institution', 'employer'] as const) {
      const res = await client.post('/api/organisations', { kind, name: `无代码单位${tag()}`, regionCode: '510107' });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'creditCode', message: '必填' }]);
      const blank = await client.post('/api/organisations', {
        kind,
        name: `空代码单位${tag()}`,
        regionCode: '510107',
        creditCode: '',
      });
      expect(blank.statusCode).toBe(400);
    }
  });

  it('CAT-3 a credit code with a wrong check character is refused with the Chinese message, nothing written', async () => {
    const { client } = await admin();
    const valid = creditCode();
    const last = valid[17];
    const wrong = valid.slice(0, 17) + (last === '0' ? '1' : '0');
    const auditBefore = (await rows(sql`select seq from audit_records`)).length;
    const name = `错码单位${tag()}`;
    const res = await client.post('/api/organisations', {
      kind: 'employer',
      name,
      regionCode: '510107',
      creditCode: wrong,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 400,
      title: '请求参数不合法',
      detail: '统一社会信用代码校验位不正确，请逐位核对后重新输入',
      errors: [{ field: 'creditCode', message: '统一社会信用代码校验位不正确，请逐位核对后重新输入' }],
    });
    // Letters outside the GB 32100 alphabet (I, O, S, V, Z) are refused too.
    const letters = await client.post('/api/organisations', {
      kind: 'employer',
      name,
      regionCode: '510107',
      creditCode: `${valid.slice(0, 10)}O${valid.slice(11)}`,
    });
    expect(letters.statusCode).toBe(400);
    expect(letters.json().detail).toContain('统一社会信用代码应为18位');
    expect(await rows(sql`select 1 from organisations where name = ${name}`)).toHaveLength(0);
    expect((await rows(sql`select seq from audit_records`)).length).toBe(auditBefore);
  });

  it('CAT-3 a credit code already in use is a 409, also when typed in lower case', async () => {
    const { client } = await admin();
    const code = creditCode();
    const first = await client.post('/api/organisations', {
      kind: 'employer',
      name: `先登记单位${tag()}`,
      regionCode: '510107',
      creditCode: code,
    });
    expect(first.statusCode).toBe(201);
    for (const again of [code, code.toLowerCase()]) {
      const res = await client.post('/api/organisations', {
        kind: 'institution',
        name: `后登记单位${tag()}`,
        regionCode: '510104',
        creditCode: again,
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().detail).toContain(code);
    }
    expect(await rows(sql`select 1 from organisations where credit_code = ${code}`)).toHaveLength(1);
  });

  it('CAT-3 simultaneous creations with one credit code give one 201 and 409s, never a 500', async () => {
    const { client } = await admin();
    const code = creditCode();
    // On PostgreSQL, open the pool's connections first so that the transactions really overlap:
    // every look-up then finds nothing and the unique index decides.
    await Promise.all(Array.from({ length: 8 }, () => p.ctx.db.execute(sql`select pg_sleep(0.02)`)));
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) =>
        client.post('/api/organisations', {
          kind: 'employer',
          name: `并发单位${n}${tag()}`,
          regionCode: '510107',
          creditCode: code,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json().detail).toContain(code);
    expect(await rows(sql`select 1 from organisations where credit_code = ${code}`)).toHaveLength(1);
  });

  it('CAT-3 an unknown region code is refused with 400 and a malformed one by the schema', async () => {
    const { client } = await admin();
    const res = await client.post('/api/organisations', {
      kind: 'exam_site',
      name: `无名考试点${tag()}`,
      regionCode: '999999',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'regionCode', message: '未知的行政区划代码' }]);
    const malformed = await client.post('/api/organisations', {
      kind: 'exam_site',
      name: `无名考试点${tag()}`,
      regionCode: '5101',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('body.regionCode');
  });

  it('CAT-3 a name of blanks is refused, not stored empty', async () => {
    const { client } = await admin();
    const res = await client.post('/api/organisations', { kind: 'exam_site', name: '    ', regionCode: '510107' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('name');
    expect(await rows(sql`select 1 from organisations where btrim(name) = ''`)).toHaveLength(0);
  });
});

describe('who sees which organisations (SEC-2)', () => {
  /** Organisations in Chengdu (two districts), Zigong (same province) and Beijing, all named with one tag. */
  async function spread() {
    const t = tag();
    const make = (kind: OrgKind, regionCode: string) =>
      makeOrg(p, { kind, regionCode, name: `${t}${kind}${regionCode}` });
    const orgs = {
      wuhou: await make('institution', '510107'),
      jinjiang: await make('employer', '510104'),
      zigong: await make('exam_site', '510302'),
      beijing: await make('institution', '110105'),
    };
    return { t, orgs };
  }
  const ids = (items: Org[]) => items.map((o) => o.id).sort();

  it('SEC-2 a city regulator lists the organisations of its city only', async () => {
    const { t, orgs } = await spread();
    const { client } = await signedIn('city_regulator', { kind: 'regulator', regionCode: '510100' });
    const res = await client.get(`/api/organisations?q=${encodeURIComponent(t)}&pageSize=200`);
    expect(res.statusCode).toBe(200);
    expect(ids(res.json().items)).toEqual([orgs.wuhou.id, orgs.jinjiang.id].sort());
    expect(res.json().total).toBe(2);
    const all = await client.get('/api/organisations?pageSize=200');
    expect(all.json().items.every((o: Org) => o.regionCode.startsWith('5101'))).toBe(true);
  });

  it('SEC-2 a province regulator lists the organisations of its province only', async () => {
    const { t, orgs } = await spread();
    const { client } = await signedIn('province_regulator', { kind: 'regulator', regionCode: '510000' });
    const res = await client.get(`/api/organisations?q=${encodeURIComponent(t)}&pageSize=200`);
    expect(ids(res.json().items)).toEqual([orgs.wuhou.id, orgs.jinjiang.id, orgs.zigong.id].sort());
    const byKind = await client.get(`/api/organisations?q=${encodeURIComponent(t)}&kind=exam_site`);
    expect(ids(byKind.json().items)).toEqual([orgs.zigong.id]);
  });

  it('SEC-2 an institution admin lists only its own organisation', async () => {
    await spread();
    const { client, org } = await signedIn('institution_admin', { kind: 'institution', regionCode: '510107' });
    const res = await client.get('/api/organisations?pageSize=200');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, items: [{ id: org!.id }] });
  });

  it("SEC-2 another tenant's organisation is a 404, not a 403", async () => {
    const { orgs } = await spread();
    const institution = await signedIn('institution_admin', { kind: 'institution', regionCode: '510107' });
    const city = await signedIn('city_regulator', { kind: 'regulator', regionCode: '510100' });
    const county = await signedIn('county_regulator', { kind: 'regulator', regionCode: '510107' });
    const checks: Array<[typeof institution.client, string, number]> = [
      [institution.client, orgs.wuhou.id, 404], // same district, other tenant
      [institution.client, institution.org!.id, 200],
      [city.client, orgs.zigong.id, 404], // same province, other city
      [city.client, orgs.beijing.id, 404],
      [city.client, orgs.jinjiang.id, 200],
      [county.client, orgs.jinjiang.id, 404], // same city, other county
      [county.client, orgs.wuhou.id, 200],
      [city.client, '00000000-0000-4000-8000-000000000000', 404],
    ];
    for (const [client, id, status] of checks) {
      const res = await client.get(`/api/organisations/${id}`);
      expect(res.statusCode, `${id}: ${res.body}`).toBe(status);
      if (status === 404) expect(res.json()).toMatchObject({ status: 404, title: '未找到' });
    }
    expect((await city.client.get('/api/organisations/not-a-uuid')).statusCode).toBe(400);
  });

  it('SEC-2 the system administrator sees organisations everywhere', async () => {
    const { t, orgs } = await spread();
    const { client } = await admin();
    const res = await client.get(`/api/organisations?q=${encodeURIComponent(t)}`);
    expect(ids(res.json().items)).toEqual(
      Object.values(orgs)
        .map((o) => o.id)
        .sort(),
    );
  });
});
