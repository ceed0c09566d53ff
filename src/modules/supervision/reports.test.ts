// Public reports (举报, SUP-6) through the API: filed without an account, followed with the tracking
// code, handled by the regulator of the place; the reporter is known only to the handler.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { makeOrg, makeUser, queryRows, signIn, startTestPlatform, type TestPlatform } from '../../testing/harness.js';
import { normaliseTrackingCode, rewardRefusal, sniffAttachmentType } from './rules.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

let address = 0;
/** Each filing from its own address, as the public's are, so the per-address limit does not trip. */
function file(
  body: Record<string, unknown>,
  remoteAddress = `172.16.${Math.floor(++address / 250)}.${(address % 250) + 1}`,
) {
  return p.app.inject({
    method: 'POST',
    url: '/api/public/reports',
    payload: {
      category: 'uncertified_work',
      subjectName: '某建筑工地',
      content: '工地上有人没有电工证就在接线，已经干了一个月。',
      ...body,
    },
    remoteAddress,
  });
}
const track = (code: string) =>
  p.app.inject({ method: 'GET', url: `/api/public/reports/${encodeURIComponent(code)}`, remoteAddress: '172.31.0.1' });

async function regulator(
  regionCode: string,
  role: 'county_regulator' | 'city_regulator' | 'province_regulator' = 'county_regulator',
) {
  const org = await makeOrg(p, { kind: 'regulator', regionCode });
  const user = await makeUser(p, { role, org });
  return { org, client: await signIn(p, user.username) };
}

async function reportCount() {
  const [{ n }] = await queryRows<{ n: number }>(p, sql`select count(*)::int as n from public_reports`);
  return n;
}

describe('filing and following a report (SUP-6)', () => {
  it('SUP-6 anyone files a report without an account and follows its handling with the tracking code', async () => {
    const county = await regulator('510104');
    const res = await file({ regionCode: '510104', reporterName: '王小明', reporterPhone: '13812345678' });
    expect(res.statusCode, res.body).toBe(201);
    const { trackingCode, handlingOrgName } = res.json();
    expect(trackingCode).toMatch(/^JB[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(handlingOrgName).toBe(county.org.name);

    const seen = (await track(trackingCode)).json();
    expect(seen).toMatchObject({
      status: 'received',
      statusLabel: '已收到，待受理',
      categoryLabel: '无证上岗、持假证或过期证件作业',
      handlingOrgName: county.org.name,
    });
    expect(JSON.stringify(seen)).not.toContain('王小明');
    expect(JSON.stringify(seen)).not.toContain('138');

    const { items } = (await county.client.get('/api/public-reports')).json();
    const id = items.find((r: { trackingCode: string }) => r.trackingCode === trackingCode).id;
    expect((await county.client.post(`/api/public-reports/${id}/accept`, {})).statusCode).toBe(200);
    expect(
      (await county.client.post(`/api/public-reports/${id}/investigate`, { note: '内部：联系住建部门一同检查' }))
        .statusCode,
    ).toBe(200);
    const closed = await county.client.post(`/api/public-reports/${id}/close`, {
      finding: 'substantiated',
      publicNote: '经查属实，已责令停止作业并立案处罚。',
      note: '内部：罚款 3 万元',
    });
    expect(closed.statusCode, closed.body).toBe(200);

    const after = (await track(trackingCode.toLowerCase().replace(/(.{4})/g, '$1-'))).json();
    expect(after).toMatchObject({
      status: 'closed',
      findingLabel: '举报属实',
      publicResult: '经查属实，已责令停止作业并立案处罚。',
    });
    expect(after.steps.map((s: { step: string }) => s.step)).toEqual(['filed', 'accepted', 'investigating', 'closed']);
    // Internal notes stay inside.
    expect(JSON.stringify(after)).not.toContain('内部');
    const detail = (await county.client.get(`/api/public-reports/${id}`)).json();
    expect(detail.steps.map((s: { note: string | null }) => s.note)).toContain('内部：罚款 3 万元');
  });

  it('SUP-6 a wrong tracking code finds nothing', async () => {
    expect((await track('JB0000000000ZZ')).statusCode).toBe(404);
    expect((await track('not-a-code')).statusCode).toBe(404);
    expect(normaliseTrackingCode('jb 1234-5678-9abc')).toBe('JB123456789ABC');
    expect(normaliseTrackingCode('JBO1IL23456789')).toBe('JB0111' + '23456789');
  });

  it('SUP-6 refuses a place outside the province, a province-level place, a short text and a bad phone, storing nothing', async () => {
    await regulator('510105');
    const before = await reportCount();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ regionCode: '110105' }, 'regionCode'],
      [{ regionCode: '510000' }, 'regionCode'],
      [{ regionCode: '510105', content: '太短了' }, 'content'],
      [{ regionCode: '510105', reporterPhone: '12345' }, 'reporterPhone'],
      [{ regionCode: '510105', category: 'gossip' }, 'category'],
    ];
    for (const [body, field] of cases) {
      const res = await file(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.json())).toContain(field);
    }
    expect(await reportCount()).toBe(before);
  });

  it('SUP-6 one address may file 10 reports an hour, then is told to wait', async () => {
    await regulator('510106');
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await file({ regionCode: '510106' }, '192.0.2.77')).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 201)).toBe(true);
    expect(codes[10]).toBe(429);
  });
});

describe('attachments (SUP-6)', () => {
  it('SUP-6 a photo is stored without its metadata; a file that is not a picture or PDF is refused', async () => {
    const county = await regulator('510108');
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'reporter 13900001111', Artist: '举报人本人' } })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const res = await file({
      regionCode: '510108',
      attachments: [
        { fileName: '现场.jpg', data: photo.toString('base64') },
        { fileName: '合同.pdf', data: pdf.toString('base64') },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const { items } = (await county.client.get('/api/public-reports')).json();
    const detail = (await county.client.get(`/api/public-reports/${items[0].id}`)).json();
    expect(detail.attachments.map((a: { mimeType: string }) => a.mimeType).sort()).toEqual([
      'application/pdf',
      'image/jpeg',
    ]);
    const jpg = detail.attachments.find((a: { mimeType: string }) => a.mimeType === 'image/jpeg');
    const stored = await county.client.get(`/api/public-reports/${items[0].id}/attachments/${jpg.id}`);
    expect(stored.statusCode).toBe(200);
    const meta = await sharp(stored.rawPayload).metadata();
    expect(meta.width).toBe(64);
    expect(meta.exif).toBeUndefined();
    expect(stored.rawPayload.includes(Buffer.from('13900001111'))).toBe(false);

    const before = await reportCount();
    const disguised = await file({
      regionCode: '510108',
      attachments: [{ fileName: '照片.jpg', data: Buffer.from('<script>alert(1)</script>').toString('base64') }],
    });
    expect(disguised.statusCode).toBe(400);
    expect(disguised.json().detail).toContain('不是 JPEG、PNG 图片或 PDF 文件');
    const broken = await file({
      regionCode: '510108',
      attachments: [
        {
          fileName: '坏图.jpg',
          data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]).toString('base64'),
        },
      ],
    });
    expect(broken.statusCode).toBe(400);
    expect(await reportCount()).toBe(before);
    expect(sniffAttachmentType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
  });
});

describe('handling (SUP-6)', () => {
  it('SUP-6 only the handling regulator sees who reported, and looking is audited; another city finds no report', async () => {
    const city = await regulator('510400', 'city_regulator');
    const county = await regulator('510411');
    const elsewhere = await regulator('510500', 'city_regulator');
    const { trackingCode } = (
      await file({ regionCode: '510411', reporterName: '李建国', reporterPhone: '13987654321' })
    ).json();
    const id = (await county.client.get('/api/public-reports'))
      .json()
      .items.find((r: { trackingCode: string }) => r.trackingCode === trackingCode).id;

    const mine = (await county.client.get(`/api/public-reports/${id}`)).json();
    expect(mine.reporter).toEqual({ anonymous: false, nameMasked: '李*国', phoneMasked: '139****4321' });
    const superior = (await city.client.get(`/api/public-reports/${id}`)).json();
    expect(superior.reporter).toEqual({ anonymous: false, hidden: true });
    expect(JSON.stringify(superior)).not.toContain('4321');
    expect((await city.client.post(`/api/public-reports/${id}/reveal-reporter`, {})).statusCode).toBe(403);
    expect((await elsewhere.client.get(`/api/public-reports/${id}`)).statusCode).toBe(404);

    const revealed = await county.client.post(`/api/public-reports/${id}/reveal-reporter`, {});
    expect(revealed.json()).toEqual({ name: '李建国', phone: '13987654321' });
    const [{ n }] = await queryRows<{ n: number }>(
      p,
      sql`select count(*)::int as n from audit_records where action = 'report.reveal_reporter' and entity_id = ${id}`,
    );
    expect(n).toBe(1);
    // The filing's audit record does not name the reporter.
    const [filed] = await queryRows<{ after: unknown }>(
      p,
      sql`select after from audit_records where action = 'report.file' and entity_id = ${id}`,
    );
    expect(JSON.stringify(filed.after)).not.toContain('李建国');
  });

  it('SUP-6 a superior regulator transfers a report to the county, which then handles it and alone sees the reporter', async () => {
    const city = await regulator('510600', 'city_regulator');
    const { trackingCode } = (await file({ regionCode: '510603', reporterName: '赵敏' })).json();
    const id = (await city.client.get('/api/public-reports'))
      .json()
      .items.find((r: { trackingCode: string }) => r.trackingCode === trackingCode).id;
    expect((await city.client.get(`/api/public-reports/${id}`)).json()).toMatchObject({
      handledByMe: true,
      reporter: { nameMasked: '赵*' },
    });
    const county = await regulator('510603');
    const targets = (await city.client.get(`/api/public-reports/${id}/transfer-targets`)).json().items;
    expect(targets.map((t: { id: string }) => t.id)).toEqual([county.org.id]);
    const other = await regulator('510604');
    expect((await city.client.post(`/api/public-reports/${id}/transfer`, { toOrgId: other.org.id })).statusCode).toBe(
      400,
    );
    const moved = await city.client.post(`/api/public-reports/${id}/transfer`, {
      toOrgId: county.org.id,
      note: '属地核查',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await city.client.post(`/api/public-reports/${id}/accept`, {})).statusCode).toBe(403);
    expect((await city.client.get(`/api/public-reports/${id}`)).json().reporter).toEqual({
      anonymous: false,
      hidden: true,
    });
    expect((await county.client.post(`/api/public-reports/${id}/accept`, {})).statusCode).toBe(200);
    const seen = (await track(trackingCode)).json();
    expect(seen.handlingOrgName).toBe(county.org.name);
    expect(seen.steps.map((s: { note: string }) => s.note)).toContain(`举报已转${county.org.name}办理。`);
  });

  it('SUP-6 a rejection tells the reporter why; a finished report is final; a reward goes only to a true report, once', async () => {
    const county = await regulator('510722');
    const reject = (await file({ regionCode: '510722' })).json();
    const truth = (await file({ regionCode: '510722', reporterPhone: '13700001234' })).json();
    const { items } = (await county.client.get('/api/public-reports?pageSize=50')).json();
    const idOf = (code: string) => items.find((r: { trackingCode: string }) => r.trackingCode === code).id;

    expect((await county.client.post(`/api/public-reports/${idOf(reject.trackingCode)}/reject`, {})).statusCode).toBe(
      400,
    );
    expect(
      (
        await county.client.post(`/api/public-reports/${idOf(reject.trackingCode)}/reject`, {
          publicNote: '举报内容不属于安全生产监管范围，已告知向市场监管部门反映。',
        })
      ).statusCode,
    ).toBe(200);
    const again = await county.client.post(`/api/public-reports/${idOf(reject.trackingCode)}/accept`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ rule: 'SUP-6' });
    expect((await track(reject.trackingCode)).json().steps.at(-1).note).toContain('市场监管部门');

    const id = idOf(truth.trackingCode);
    expect((await county.client.post(`/api/public-reports/${id}/reward`, { rewardYuan: 2000 })).statusCode).toBe(409);
    await county.client.post(`/api/public-reports/${id}/accept`, {});
    expect((await county.client.post(`/api/public-reports/${id}/close`, { finding: 'partly' })).statusCode).toBe(400);
    expect(
      (
        await county.client.post(`/api/public-reports/${id}/close`, {
          finding: 'partly',
          publicNote: '部分属实，已责令整改。',
        })
      ).statusCode,
    ).toBe(200);
    const rewarded = await county.client.post(`/api/public-reports/${id}/reward`, {
      rewardYuan: 2000,
      note: '按举报奖励办法第十条',
    });
    expect(rewarded.statusCode, rewarded.body).toBe(200);
    expect(rewarded.json().rewardYuan).toBe(2000);
    expect((await county.client.post(`/api/public-reports/${id}/reward`, { rewardYuan: 500 })).statusCode).toBe(409);
    expect((await track(truth.trackingCode)).json()).toMatchObject({ rewarded: true, findingLabel: '部分属实' });
  });

  it('SUP-6 rules: a reward needs a closed, at least partly true report without one already', () => {
    expect(rewardRefusal({ status: 'investigating', finding: null, rewardYuan: null })).toContain('办结后');
    expect(rewardRefusal({ status: 'closed', finding: 'unsubstantiated', rewardYuan: null })).toContain('属实');
    expect(rewardRefusal({ status: 'closed', finding: 'substantiated', rewardYuan: 100 })).toContain('已登记');
    expect(rewardRefusal({ status: 'closed', finding: 'substantiated', rewardYuan: null })).toBeNull();
  });

  it('SUP-6 people who are not regulators cannot see reports', async () => {
    const org = await makeOrg(p, { kind: 'employer', regionCode: '510107' });
    const user = await makeUser(p, { role: 'employer_admin', org });
    const client = await signIn(p, user.username);
    expect((await client.get('/api/public-reports')).statusCode).toBe(403);
  });
});
