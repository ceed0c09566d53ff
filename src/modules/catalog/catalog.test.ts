// The national catalogue (CAT-1, CAT-2) and the region table (CAT-3) as the API serves them.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Category } from '../../shared/catalog.js';
import { queryRows, signedInAs, startTestPlatform, type TestPlatform } from '../../testing/harness.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const rows = <T = Record<string, unknown>>(query: ReturnType<typeof sql>) => queryRows<T>(p, query);

async function catalogue(): Promise<Category[]> {
  const res = await p.app.inject({ method: 'GET', url: '/api/catalog' });
  expect(res.statusCode).toBe(200);
  return res.json().categories;
}

// NATIONAL.md "The catalogue": code → name, as Order 30's annex lists them.
const NATIONAL_ITEMS: Record<string, string> = {
  '1.1': '高压电工作业',
  '1.2': '低压电工作业',
  '1.3': '防爆电气作业',
  '2.1': '熔化焊接与热切割作业',
  '2.2': '压力焊作业',
  '2.3': '钎焊作业',
  '3.1': '登高架设作业',
  '3.2': '高处安装、维护、拆除作业',
  '4.1': '制冷与空调设备运行操作作业',
  '4.2': '制冷与空调设备安装修理作业',
  '5.1': '煤矿井下电气作业',
  '5.2': '煤矿井下爆破作业',
  '5.3': '煤矿安全监测监控作业',
  '5.4': '煤矿瓦斯检查作业',
  '5.5': '煤矿安全检查作业',
  '5.6': '煤矿提升机操作作业',
  '5.7': '煤矿采煤机（掘进机）操作作业',
  '5.8': '煤矿瓦斯抽采作业',
  '5.9': '煤矿防突作业',
  '5.10': '煤矿探放水作业',
  '6.1': '金属非金属矿井通风作业',
  '6.2': '尾矿作业',
  '6.3': '金属非金属矿山安全检查作业',
  '6.4': '金属非金属矿山提升机操作作业',
  '6.5': '金属非金属矿山支柱作业',
  '6.6': '金属非金属矿山井下电气作业',
  '6.7': '金属非金属矿山排水作业',
  '6.8': '金属非金属矿山爆破作业',
  '7.1': '司钻作业',
  '8.1': '煤气作业',
  '9.1': '光气及光气化工艺作业',
  '9.2': '氯碱电解工艺作业',
  '9.3': '氯化工艺作业',
  '9.4': '硝化工艺作业',
  '9.5': '合成氨工艺作业',
  '9.6': '裂解（裂化）工艺作业',
  '9.7': '氟化工艺作业',
  '9.8': '加氢工艺作业',
  '9.9': '重氮化工艺作业',
  '9.10': '氧化工艺作业',
  '9.11': '过氧化工艺作业',
  '9.12': '胺基化工艺作业',
  '9.13': '磺化工艺作业',
  '9.14': '聚合工艺作业',
  '9.15': '烷基化工艺作业',
  '9.16': '化工自动化控制仪表作业',
  '10.1': '烟火药制造作业',
  '10.2': '黑火药制造作业',
  '10.3': '引火线制造作业',
  '10.4': '烟花爆竹产品涉药作业',
  '10.5': '烟花爆竹储存作业',
};

const NATIONAL_CATEGORIES: Array<[string, string, number]> = [
  ['1', '电工作业', 3],
  ['2', '焊接与热切割作业', 3],
  ['3', '高处作业', 2],
  ['4', '制冷与空调作业', 2],
  ['5', '煤矿安全作业', 10],
  ['6', '金属非金属矿山安全作业', 8],
  ['7', '石油天然气安全作业', 1],
  ['8', '冶金（有色）生产安全作业', 1],
  ['9', '危险化学品安全作业', 16],
  ['10', '烟花爆竹安全作业', 5],
  ['11', '应急管理部认定的其他作业', 0],
];

const hoursBody = { theoryHours: 80, practicalHours: 40, confirmed: true };

describe('the national catalogue (CAT-1, CAT-2)', () => {
  it('CAT-1 serves the 11 categories of Order 30 with their names, in order', async () => {
    const categories = await catalogue();
    expect(categories.map((c) => [c.code, c.name, c.items.length])).toEqual(NATIONAL_CATEGORIES);
  });

  it('CAT-1 serves all 51 operation items of NATIONAL.md with their codes and names, each in its category', async () => {
    const items = (await catalogue()).flatMap((c) => c.items.map((i) => ({ ...i, listedUnder: c.code })));
    expect(items).toHaveLength(3 + 3 + 2 + 2 + 10 + 8 + 1 + 1 + 16 + 5);
    expect(Object.fromEntries(items.map((i) => [i.code, i.name]))).toEqual(NATIONAL_ITEMS);
    for (const item of items) {
      expect(item.categoryCode).toBe(item.listedUnder);
      expect(item.code.split('.')[0]).toBe(item.categoryCode);
    }
    // Items keep the annex's order within a category (5.10 after 5.9, not after 5.1).
    expect(
      (await catalogue())
        .find((c) => c.code === '5')!
        .items.map((i) => i.code)
        .slice(-2),
    ).toEqual(['5.9', '5.10']);
  });

  it('CAT-1 the catalogue is public reference data: no login needed, one item by code, unknown code 404', async () => {
    const one = await p.app.inject({ method: 'GET', url: '/api/catalog/items/9.16' });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ code: '9.16', name: '化工自动化控制仪表作业', categoryCode: '9' });
    const unknown = await p.app.inject({ method: 'GET', url: '/api/catalog/items/12.1' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect((await p.app.inject({ method: 'GET', url: '/api/catalog/items/abc' })).statusCode).toBe(400);
  });

  it('CAT-2 categories 1, 2, 3, 4 and 10 require real equipment (EXM-9); the others do not', async () => {
    for (const category of await catalogue()) {
      const expected = ['1', '2', '3', '4', '10'].includes(category.code);
      for (const item of category.items)
        expect({ code: item.code, real: item.requiresRealEquipment }).toEqual({ code: item.code, real: expected });
    }
  });

  it('CAT-2 hazardous-chemicals items (category 9) require senior high school; the others junior high', async () => {
    for (const category of await catalogue()) {
      for (const item of category.items) {
        expect({ code: item.code, min: item.minEducation }).toEqual({
          code: item.code,
          min: category.code === '9' ? 'senior_high' : 'junior_high',
        });
      }
    }
  });

  it('CAT-2 syllabus hours start empty and unconfirmed (NATIONAL.md gives none)', async () => {
    // 1.2 is the item the hours test below sets; its audit before-image proves it started empty too.
    const items = (await catalogue()).flatMap((c) => c.items).filter((i) => i.code !== '1.2');
    expect(items.length).toBe(50);
    for (const item of items) {
      expect({
        code: item.code,
        theory: item.theoryHours,
        practical: item.practicalHours,
        confirmed: item.hoursConfirmed,
      }).toEqual({
        code: item.code,
        theory: null,
        practical: null,
        confirmed: false,
      });
    }
  });
});

describe('setting syllabus hours (CAT-2)', () => {
  it('CAT-2 the platform operator sets the national hours of 1.2, and the change is audited with before and after (SEC-1)', async () => {
    const { client, actor } = await signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '110000' });
    const res = await client.put('/api/catalog/items/1.2/hours', hoursBody);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: '1.2', theoryHours: 80, practicalHours: 40, hoursConfirmed: true });

    const item = (await catalogue()).flatMap((c) => c.items).find((i) => i.code === '1.2')!;
    expect(item).toMatchObject({ theoryHours: 80, practicalHours: 40, hoursConfirmed: true });

    const audit = await rows<{ actor_user_id: string; before: unknown; after: unknown }>(
      sql`select actor_user_id, before, after from audit_records where action = 'catalog.set_syllabus_hours' and entity_id = '1.2' order by seq`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toEqual({
      actor_user_id: actor.userId,
      before: { theoryHours: null, practicalHours: null, hoursConfirmed: false },
      after: { theoryHours: 80, practicalHours: 40, hoursConfirmed: true },
    });
  });

  it("CAT-2 a province regulator may not rewrite the national row (other provinces' classes): 403 pointing to 省级设置", async () => {
    const { client } = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
    const res = await client.put('/api/catalog/items/2.2/hours', hoursBody);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ rule: 'CAT-2' });
    expect(res.json().detail).toContain('省级设置');
    expect((await catalogue()).flatMap((c) => c.items).find((i) => i.code === '2.2')).toMatchObject({
      theoryHours: null,
      hoursConfirmed: false,
    });
  });

  it('CAT-2 a city regulator may not set hours: 403, nothing changed', async () => {
    const { client } = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    const res = await client.put('/api/catalog/items/2.1/hours', hoursBody);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((await catalogue()).flatMap((c) => c.items).find((i) => i.code === '2.1')).toMatchObject({
      theoryHours: null,
      hoursConfirmed: false,
    });
    expect(
      await rows(sql`select 1 from audit_records where action = 'catalog.set_syllabus_hours' and entity_id = '2.1'`),
    ).toHaveLength(0);
  });

  it('CAT-2 an unknown item is 404 and negative or fractional hours are 400, with nothing audited', async () => {
    const { client } = await signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '110000' });
    const before = await rows(sql`select seq from audit_records`);
    const unknown = await client.put('/api/catalog/items/9.99/hours', hoursBody);
    expect(unknown.statusCode).toBe(404);
    const negative = await client.put('/api/catalog/items/3.1/hours', { ...hoursBody, theoryHours: -1 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors.map((e: { field: string }) => e.field)).toContain('body.theoryHours');
    expect((await client.put('/api/catalog/items/3.1/hours', { ...hoursBody, practicalHours: 1.5 })).statusCode).toBe(
      400,
    );
    expect((await client.put('/api/catalog/items/3.1/hours', { theoryHours: 10 })).statusCode).toBe(400);
    expect(await rows(sql`select seq from audit_records`)).toHaveLength(before.length);
    expect((await catalogue()).flatMap((c) => c.items).find((i) => i.code === '3.1')).toMatchObject({
      theoryHours: null,
      practicalHours: null,
    });
  });

  it('CAT-2 setting hours needs a login', async () => {
    const res = await p.app.inject({ method: 'PUT', url: '/api/catalog/items/1.3/hours', payload: hoursBody });
    expect(res.statusCode).toBe(401);
  });
});

describe('regions (CAT-3)', () => {
  type RegionItem = { code: string; name: string; level: string; hasChildren: boolean };
  async function regions(query = ''): Promise<RegionItem[]> {
    const res = await p.app.inject({ method: 'GET', url: `/api/regions${query}` });
    expect(res.statusCode).toBe(200);
    return res.json().items;
  }

  it('CAT-3 lists the provinces, including 510000 四川省', async () => {
    const provinces = await regions();
    expect(provinces).toContainEqual({ code: '510000', name: '四川省', level: 'province', hasChildren: true });
    expect(provinces.every((r) => r.level === 'province')).toBe(true);
    expect(provinces).toHaveLength(34);
  });

  it("CAT-3 lists a province's cities (510000 → 510100 成都市) and a city's counties (510100 → 510107 武侯区)", async () => {
    const cities = await regions('?parent=510000');
    expect(cities).toContainEqual({ code: '510100', name: '成都市', level: 'city', hasChildren: true });
    expect(cities.every((r) => r.level === 'city' && r.code.startsWith('51'))).toBe(true);
    const counties = await regions('?parent=510100');
    expect(counties).toContainEqual({ code: '510107', name: '武侯区', level: 'county', hasChildren: false });
    expect(counties.every((r) => r.level === 'county' && r.code.startsWith('5101'))).toBe(true);
    // The statistical placeholder 市辖区 (510101) is not a place anyone can be registered in.
    expect(counties.map((r) => r.code)).not.toContain('510101');
  });

  it("CAT-3 lists a municipality's districts directly under it (110000 → 110105 朝阳区)", async () => {
    const districts = await regions('?parent=110000');
    expect(districts).toContainEqual({ code: '110105', name: '朝阳区', level: 'county', hasChildren: false });
    expect(districts.every((r) => r.level === 'county' && r.code.startsWith('11'))).toBe(true);
  });

  it('CAT-3 an unknown parent is 404 and a malformed one 400', async () => {
    const unknown = await p.app.inject({ method: 'GET', url: '/api/regions?parent=999999' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect((await p.app.inject({ method: 'GET', url: '/api/regions?parent=5101' })).statusCode).toBe(400);
  });
});
