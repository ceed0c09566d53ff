// EXM-1 (seed 004 §7–8) end to end through HTTP: the exam centre applies to set up or change a site,
// the city regulator of the site's region reviews and accepts it, the province files it with a
// filing number; only then are sessions planned there. The centre never decides on its own site.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, signedInAs, startTestPlatform, type TestPlatform } from '../../testing/harness.js';
import { ACCEPTANCE_CHECKLIST } from './rules.js';

let p: TestPlatform;
type Signed = Awaited<ReturnType<typeof signedInAs>>;
let centre: Signed, chengdu: Signed, mianyang: Signed, county: Signed, province: Signed, otherProvince: Signed;

const ALL_PASS = ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true }));
const SITE = {
  name: '武侯区职教中心考试点',
  address: '成都市武侯区科华北路 9 号',
  regionCode: '510107',
  rooms: [{ name: '理论考场一', seats: 40 }],
  stations: [{ name: '低压实物配电柜', itemCodes: ['1.2'], real: true }],
  itemCodes: ['1.2'],
};
/** What a centre sends to change a site (or re-apply): the site's content, its county fixed. */
const { regionCode: _county, ...CONTENT } = SITE;

beforeAll(async () => {
  p = await startTestPlatform();
  centre = await signedInAs(p, 'exam_centre_staff', { kind: 'exam_centre', regionCode: '510100' });
  chengdu = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
  mianyang = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510700' });
  county = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '510107' });
  province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
  otherProvince = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '330000' });
});
afterAll(() => p.close());

async function applied(name: string) {
  const res = await centre.client.post('/api/exams/sites', { ...SITE, name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; applicationId: string; centreLevel: string; standing: { status: string } };
}

const planOn = (siteId: string) =>
  centre.client.post('/api/exams/plans', {
    title: '十二月低压电工考试计划',
    regulatorOrgId: chengdu.org!.id,
    lines: [{ siteId, itemCode: '1.2', date: '2026-12-10', capacity: 30 }],
  });

describe('EXM-1 the exam-site chain: centre applies, city reviews, province files', () => {
  it('EXM-1 a site the city has not reviewed cannot be filed by the province', async () => {
    const site = await applied('未审核考试点');
    expect(site.standing.status).toBe('pending_acceptance');
    expect(site.centreLevel).toBe('city');
    const filed = await province.client.post(`/api/exams/site-applications/${site.applicationId}/filing`, {
      decision: 'file',
    });
    expect(filed.statusCode).toBe(422);
    expect(filed.json().rule).toBe('EXM-1');
    expect(filed.json().detail).toContain('市级');
    // Nothing changed: still waiting for the city, no filing number.
    const after = (await province.client.get(`/api/exams/site-applications/${site.applicationId}`)).json();
    expect(after).toMatchObject({ status: 'submitted', filingNumber: null });
    expect((await planOn(site.id)).json().rule).toBe('EXM-1');
  });

  it('EXM-1 no session is planned at a site the city accepted until the province files it; filing gives a number', async () => {
    const site = await applied('全链路考试点');
    const review = await chengdu.client.post(`/api/exams/site-applications/${site.applicationId}/review`, {
      decision: 'approve',
      checks: ALL_PASS,
      remarks: '场地、设备与全省统一标准一致，同意上报备案',
    });
    expect(review.statusCode, review.body).toBe(200);
    expect(review.json()).toMatchObject({
      status: 'city_approved',
      cityRemarks: '场地、设备与全省统一标准一致，同意上报备案',
    });
    expect((await centre.client.get(`/api/exams/sites/${site.id}`)).json().standing.status).toBe('pending_filing');
    const early = await planOn(site.id);
    expect(early.statusCode).toBe(422);
    expect(early.json().detail).toContain('省级备案');
    // The province's queue holds it.
    const queue = (await province.client.get('/api/exams/site-applications?status=city_approved')).json();
    expect(queue.items.map((a: { id: string }) => a.id)).toContain(site.applicationId);
    expect(queue.canFile).toBe(true);
    const filed = await province.client.post(`/api/exams/site-applications/${site.applicationId}/filing`, {
      decision: 'file',
      remarks: '准予备案',
    });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json().filingNumber).toMatch(/^考点备〔2026〕51-\d{4}号$/);
    const shown = (await centre.client.get(`/api/exams/sites/${site.id}`)).json();
    expect(shown).toMatchObject({ filingNumber: filed.json().filingNumber, centreLevel: 'city' });
    expect(shown.standing.status).toBe('active');
    expect((await planOn(site.id)).statusCode).toBe(201);
    // Public list carries the filing number.
    const pub = (await p.app.inject({ method: 'GET', url: '/api/public/exam-sites?regionCode=510107' })).json();
    expect(pub.items.find((s: { id: string }) => s.id === site.id)?.filingNumber).toBe(filed.json().filingNumber);
    // Audited, each step by its party.
    const audit = await queryRows<{ action: string }>(
      p,
      sql`select action from audit_records where entity_id = ${site.applicationId} order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'exams.site_application_submit',
      'exams.site_application_city_approve',
      'exams.site_application_file',
    ]);
  });

  it('EXM-1 the centre never reviews or files its own site; a county, another city or another province cannot either', async () => {
    const site = await applied('越权测试考试点');
    const review = (c: Signed) =>
      c.client.post(`/api/exams/site-applications/${site.applicationId}/review`, {
        decision: 'approve',
        checks: ALL_PASS,
      });
    expect((await review(centre)).statusCode).toBe(403);
    expect((await review(county)).statusCode).toBe(403);
    expect((await review(province)).statusCode).toBe(403);
    expect((await review(mianyang)).statusCode).toBe(404);
    expect((await mianyang.client.get(`/api/exams/site-applications/${site.applicationId}`)).statusCode).toBe(404);
    expect((await review(chengdu)).statusCode).toBe(200);
    const file = (c: Signed) =>
      c.client.post(`/api/exams/site-applications/${site.applicationId}/filing`, { decision: 'file' });
    expect((await file(centre)).statusCode).toBe(403);
    expect((await file(chengdu)).statusCode).toBe(403);
    expect((await file(otherProvince)).statusCode).toBe(404);
    expect((await centre.client.get(`/api/exams/site-applications/${site.applicationId}`)).json().status).toBe(
      'city_approved',
    );
  });

  it('EXM-1 the city returns with reasons, approval needs every checklist item; the centre applies again', async () => {
    const site = await applied('退回测试考试点');
    const url = `/api/exams/site-applications/${site.applicationId}/review`;
    const failing = ALL_PASS.map((c) => (c.code === 'separation' ? { ...c, passed: false } : c));
    const approve = await chengdu.client.post(url, { decision: 'approve', checks: failing });
    expect(approve.statusCode).toBe(422);
    expect(approve.json().detail).toContain('考培分离');
    const bare = await chengdu.client.post(url, { decision: 'return', checks: ALL_PASS });
    expect(bare.statusCode).toBe(400);
    const returned = await chengdu.client.post(url, {
      decision: 'return',
      checks: failing,
      remarks: '实操设备租自培训机构',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', returnedBy: 'city', statusLabel: '市级退回' });
    expect(returned.json().cityRemarks).toContain('实操设备租自培训机构');
    // Returned is final for that application: the province cannot file it.
    const file = await province.client.post(`/api/exams/site-applications/${site.applicationId}/filing`, {
      decision: 'file',
    });
    expect(file.statusCode).toBe(422);
    const again = await centre.client.post(`/api/exams/sites/${site.id}/applications`, CONTENT);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ kind: 'establish', status: 'submitted' });
    // One open application per site.
    const twice = await centre.client.post(`/api/exams/sites/${site.id}/applications`, CONTENT);
    expect(twice.statusCode).toBe(409);
    const mine = (await centre.client.get('/api/exams/site-applications')).json();
    expect(mine.canApply).toBe(true);
    expect(mine.items.filter((a: { siteId: string }) => a.siteId === site.id)).toHaveLength(2);
  });

  it('EXM-1 a change of a filed site takes effect only when the province files it; the province may return it', async () => {
    const site = await applied('变更测试考试点');
    await chengdu.client.post(`/api/exams/site-applications/${site.applicationId}/review`, {
      decision: 'approve',
      checks: ALL_PASS,
    });
    const number = (
      await province.client.post(`/api/exams/site-applications/${site.applicationId}/filing`, {
        decision: 'file',
        filingNumber: '川考点备〔2026〕第 77 号',
      })
    ).json().filingNumber;
    expect(number).toBe('川考点备〔2026〕第 77 号');
    const change = await centre.client.post(`/api/exams/sites/${site.id}/applications`, {
      ...CONTENT,
      name: '变更测试考试点',
      rooms: [
        { name: '理论考场一', seats: 40 },
        { name: '理论考场二', seats: 40 },
      ],
    });
    expect(change.statusCode, change.body).toBe(201);
    expect(change.json().kind).toBe('change');
    // While the change is in the chain the filed content stands and the site keeps working.
    const during = (await centre.client.get(`/api/exams/sites/${site.id}`)).json();
    expect(during).toMatchObject({ seats: 40, filingNumber: number });
    expect(during.standing.status).toBe('active');
    const noReason = await province.client.post(`/api/exams/site-applications/${change.json().id}/filing`, {
      decision: 'return',
    });
    expect(noReason.statusCode).toBe(400);
    await chengdu.client.post(`/api/exams/site-applications/${change.json().id}/review`, {
      decision: 'approve',
      checks: ALL_PASS,
    });
    const filed = await province.client.post(`/api/exams/site-applications/${change.json().id}/filing`, {
      decision: 'file',
    });
    expect(filed.json()).toMatchObject({ status: 'filed', filingNumber: number });
    expect((await centre.client.get(`/api/exams/sites/${site.id}`)).json()).toMatchObject({ seats: 80 });
    // A later change the province returns leaves the site as filed.
    const third = await centre.client.post(`/api/exams/sites/${site.id}/applications`, {
      ...CONTENT,
      name: '改名考试点',
    });
    await chengdu.client.post(`/api/exams/site-applications/${third.json().id}/review`, {
      decision: 'approve',
      checks: ALL_PASS,
    });
    const back = await province.client.post(`/api/exams/site-applications/${third.json().id}/filing`, {
      decision: 'return',
      remarks: '更名须附县级应急管理局意见',
    });
    expect(back.json()).toMatchObject({ status: 'returned', returnedBy: 'province', statusLabel: '省级退回' });
    expect((await centre.client.get(`/api/exams/sites/${site.id}`)).json()).toMatchObject({
      name: '变更测试考试点',
      seats: 80,
    });
  });

  it('EXM-1 a county-level unit cannot apply for a site: exam centres sit at the province and the cities', async () => {
    const countyCentre = await signedInAs(p, 'exam_centre_staff', { kind: 'exam_centre', regionCode: '510107' });
    const res = await countyCentre.client.post('/api/exams/sites', SITE);
    expect(res.statusCode).toBe(422);
    expect(res.json().rule).toBe('EXM-1');
    const provincial = await signedInAs(p, 'exam_centre_staff', { kind: 'exam_centre', regionCode: '510000' });
    const ok = await provincial.client.post('/api/exams/sites', { ...SITE, name: '省考试中心武侯考试点' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().centreLevel).toBe('province');
  });
});
