// EXM-1 (seed 004 §7, §17) end to end through HTTP: the exam centre is filed as an organisation of its
// own. A city centre applies, its city reviews, the province files; the province's own centre is filed
// by the province directly. Unfiled or revoked, a centre gets no site filed and no plan filed or approved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { generateCreditCode } from '../../kernel/ids.js';
import { queryRows, signedInAs, startTestPlatform, type TestPlatform } from '../../testing/harness.js';
import { ACCEPTANCE_CHECKLIST } from './rules.js';

let p: TestPlatform;
type Signed = Awaited<ReturnType<typeof signedInAs>>;
let chengdu: Signed, mianyang: Signed, county: Signed, province: Signed, otherProvince: Signed;

const ALL_PASS = ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true }));
let seq = 0;
const profile = (level: 'city' | 'province', name = `成都市安全生产考试中心${++seq}`) => ({
  level,
  name,
  creditCode: generateCreditCode('510100', 20_000_000 + Math.floor(Math.random() * 9_000_000)),
  address: '成都市武侯区人民南路四段 1 号',
  responsiblePerson: '刘志强',
  itemCodes: ['1.2', '2.1'],
  staffCount: 12,
  examinerCount: 8,
});
const SITE = {
  name: '武侯区职教中心考试点',
  address: '成都市武侯区科华北路 9 号',
  regionCode: '510107',
  rooms: [{ name: '理论考场一', seats: 40 }],
  stations: [{ name: '低压实物配电柜', itemCodes: ['1.2'], real: true }],
  itemCodes: ['1.2'],
};

beforeAll(async () => {
  p = await startTestPlatform();
  chengdu = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
  mianyang = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510700' });
  county = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '510107' });
  province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
  otherProvince = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '330000' });
});
afterAll(() => p.close());

const newCentre = (regionCode = '510100') =>
  signedInAs(p, 'exam_centre_staff', { kind: 'exam_centre', regionCode, unfiled: true });

async function applied(centre: Signed, level: 'city' | 'province' = 'city') {
  const res = await centre.client.post('/api/exams/centre-filing/applications', profile(level));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string; statusLabel: string; filingNumber: string | null };
}

async function filedCentre() {
  const centre = await newCentre();
  const app = await applied(centre);
  expect(
    (await chengdu.client.post(`/api/exams/centre-filing/applications/${app.id}/review`, { decision: 'approve' }))
      .statusCode,
  ).toBe(200);
  const filed = await province.client.post(`/api/exams/centre-filing/applications/${app.id}/file`, {
    decision: 'file',
  });
  expect(filed.statusCode, filed.body).toBe(200);
  return { centre, number: filed.json().filingNumber as string };
}

async function filedSite(centre: Signed, name: string) {
  const site = await centre.client.post('/api/exams/sites', { ...SITE, name });
  expect(site.statusCode, site.body).toBe(201);
  const review = await chengdu.client.post(`/api/exams/site-applications/${site.json().applicationId}/review`, {
    decision: 'approve',
    checks: ALL_PASS,
  });
  expect(review.statusCode, review.body).toBe(200);
  return site.json() as { id: string; applicationId: string };
}

const planOf = (centre: Signed, siteId: string) =>
  centre.client.post('/api/exams/plans', {
    title: '十二月低压电工考试计划',
    regulatorOrgId: chengdu.org!.id,
    lines: [{ siteId, itemCode: '1.2', date: '2026-12-10', capacity: 30 }],
  });

describe('EXM-1 the exam centre is filed as an organisation: centre applies, city reviews, province files', () => {
  it('EXM-1 a city centre: the province cannot file what the city has not reviewed (422); the city approves, the province files with a number; every step audited', async () => {
    const centre = await newCentre();
    const app = await applied(centre);
    expect(app).toMatchObject({ status: 'submitted', statusLabel: '待市级审核', filingNumber: null });

    const early = await province.client.post(`/api/exams/centre-filing/applications/${app.id}/file`, {
      decision: 'file',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ rule: 'EXM-1' });
    expect(early.json().detail).toContain('市级');

    const approved = await chengdu.client.post(`/api/exams/centre-filing/applications/${app.id}/review`, {
      decision: 'approve',
      remarks: '材料齐全，同意报省厅备案。',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('city_approved');
    const filed = await province.client.post(`/api/exams/centre-filing/applications/${app.id}/file`, {
      decision: 'file',
    });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json().filingNumber).toMatch(/^考机备〔\d{4}〕51-\d{3}号$/);

    const own = (await centre.client.get('/api/exams/centre-filing')).json();
    expect(own.filings).toHaveLength(1);
    expect(own.filings[0]).toMatchObject({ level: 'city', inForce: true, filingNumber: filed.json().filingNumber });
    expect(own.canApply).toBe(true);
    const audit = await queryRows<{ action: string }>(
      p,
      sql`select action from audit_records where entity_id = ${app.id} order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'exams.centre_application_submit',
      'exams.centre_application_city_approve',
      'exams.centre_application_file',
    ]);
  });

  it('EXM-1 the examined centre never reviews, files or revokes its own filing (403); another city or a county does not see it (404); another province 404', async () => {
    const centre = await newCentre();
    const app = await applied(centre);
    const review = await centre.client.post(`/api/exams/centre-filing/applications/${app.id}/review`, {
      decision: 'approve',
    });
    expect(review.statusCode).toBe(403);
    expect(review.json().rule).toBe('EXM-1');
    expect(
      (await centre.client.post(`/api/exams/centre-filing/applications/${app.id}/file`, { decision: 'file' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await mianyang.client.post(`/api/exams/centre-filing/applications/${app.id}/review`, { decision: 'approve' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await county.client.post(`/api/exams/centre-filing/applications/${app.id}/review`, { decision: 'approve' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await otherProvince.client.post(`/api/exams/centre-filing/applications/${app.id}/file`, { decision: 'file' }))
        .statusCode,
    ).toBe(404);
    // The province reviews nothing: the city does (403 with the rule).
    const byProvince = await province.client.post(`/api/exams/centre-filing/applications/${app.id}/review`, {
      decision: 'approve',
    });
    expect(byProvince.statusCode).toBe(403);
    // Another centre does not see this one's application.
    const other = await newCentre();
    expect((await other.client.get('/api/exams/centre-filing')).json().applications).toHaveLength(0);
    // A return needs reasons; nothing changed by the refusals.
    expect(
      (await chengdu.client.post(`/api/exams/centre-filing/applications/${app.id}/review`, { decision: 'return' }))
        .statusCode,
    ).toBe(400);
    const [row] = await queryRows<{ status: string }>(
      p,
      sql`select status from exam_centre_applications where id = ${app.id}`,
    );
    expect(row.status).toBe('submitted');

    const { centre: filed } = await filedCentre();
    const [filing] = await queryRows<{ centre_org_id: string }>(
      p,
      sql`select centre_org_id from exam_centre_filings where centre_org_id = ${filed.org!.id}`,
    );
    const revoke = await filed.client.post(`/api/exams/centre-filings/${filing.centre_org_id}/revoke`, {
      reason: '自行撤销',
    });
    expect(revoke.statusCode).toBe(403);
    expect(
      (
        await chengdu.client.post(`/api/exams/centre-filings/${filing.centre_org_id}/revoke`, {
          reason: '违规组织考试',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await otherProvince.client.post(`/api/exams/centre-filings/${filing.centre_org_id}/revoke`, {
          reason: '违规组织考试',
        })
      ).statusCode,
    ).toBe(404);
  });

  it("EXM-1 the province's own centre is filed by the province directly; its level follows its seat (a city centre cannot claim province level, 422)", async () => {
    const claim = await newCentre();
    const wrong = await claim.client.post('/api/exams/centre-filing/applications', profile('province'));
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().rule).toBe('EXM-1');

    const provincial = await newCentre('510000');
    const app = await applied(provincial, 'province');
    expect(app.statusLabel).toBe('待省级备案');
    // No city reviews a province centre: the city does not even see it.
    expect(
      (await chengdu.client.post(`/api/exams/centre-filing/applications/${app.id}/review`, { decision: 'approve' }))
        .statusCode,
    ).toBe(404);
    const queue = (await province.client.get('/api/workbench')).json();
    const q = queue.queues.find((x: { key: string }) => x.key === 'centre-applications');
    expect(q.items.map((i: { id: string }) => i.id)).toContain(app.id);
    const filed = await province.client.post(`/api/exams/centre-filing/applications/${app.id}/file`, {
      decision: 'file',
      remarks: '准予备案。',
    });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json().level).toBe('province');
  });

  it('EXM-1 an unfiled centre gets no site applied for or filed and no plan (422); a filed one does, its sites inherit its level', async () => {
    const centre = await newCentre();
    const site = await centre.client.post('/api/exams/sites', { ...SITE, name: '未备案机构的考试点' });
    expect(site.statusCode).toBe(422);
    expect(site.json()).toMatchObject({ rule: 'EXM-1', title: '考试机构未备案' });
    const [{ n }] = await queryRows<{ n: number }>(
      p,
      sql`select count(*)::int as n from exam_sites where centre_org_id = ${centre.org!.id}`,
    );
    expect(n).toBe(0);

    const { centre: filed } = await filedCentre();
    const ok = await filedSite(filed, '已备案机构的考试点');
    const siteFiled = await province.client.post(`/api/exams/site-applications/${ok.applicationId}/filing`, {
      decision: 'file',
    });
    expect(siteFiled.statusCode, siteFiled.body).toBe(200);
    const shown = (await filed.client.get(`/api/exams/sites/${ok.id}`)).json();
    expect(shown.centreLevel).toBe('city');
    expect((await planOf(filed, ok.id)).statusCode).toBe(201);
  });

  it('EXM-1 revocation (撤销备案) needs its reason; then no site of the centre is filed and no plan filed or approved (422), while filed sites keep their filing; a new filing gets a new number', async () => {
    const { centre, number } = await filedCentre();
    const site = await filedSite(centre, '撤销前已验收的考试点');
    const older = await filedSite(centre, '撤销前已备案的考试点');
    expect(
      (await province.client.post(`/api/exams/site-applications/${older.applicationId}/filing`, { decision: 'file' }))
        .statusCode,
    ).toBe(200);
    const plan = await planOf(centre, older.id);
    expect(plan.statusCode, plan.body).toBe(201);

    const orgId = centre.org!.id;
    expect((await province.client.post(`/api/exams/centre-filings/${orgId}/revoke`, { reason: ' ' })).statusCode).toBe(
      400,
    );
    const revoked = await province.client.post(`/api/exams/centre-filings/${orgId}/revoke`, {
      reason: '考试机构人员违规承担监管任务，查实后撤销备案',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ inForce: false, statusLabel: '已撤销备案' });
    expect(
      (await province.client.post(`/api/exams/centre-filings/${orgId}/revoke`, { reason: '再次撤销' })).statusCode,
    ).toBe(409);

    const siteFiling = await province.client.post(`/api/exams/site-applications/${site.applicationId}/filing`, {
      decision: 'file',
    });
    expect(siteFiling.statusCode).toBe(422);
    expect(siteFiling.json()).toMatchObject({ rule: 'EXM-1', title: '考试机构备案已撤销' });
    const newPlan = await planOf(centre, older.id);
    expect(newPlan.statusCode).toBe(422);
    const approve = await chengdu.client.post(`/api/exams/plans/${plan.json().id}/decision`, { approve: true });
    expect(approve.statusCode, approve.body).toBe(422);
    // What it had stays: the filed site is still filed.
    expect((await centre.client.get(`/api/exams/sites/${older.id}`)).json().filingNumber).toBeTruthy();
    const audit = await queryRows<{ action: string }>(
      p,
      sql`select action from audit_records where entity_id = ${orgId} and action = 'exams.centre_filing_revoke'`,
    );
    expect(audit).toHaveLength(1);

    // It files again through the chain and gets a new number.
    const again = await applied(centre);
    await chengdu.client.post(`/api/exams/centre-filing/applications/${again.id}/review`, { decision: 'approve' });
    const refiled = await province.client.post(`/api/exams/centre-filing/applications/${again.id}/file`, {
      decision: 'file',
    });
    expect(refiled.statusCode, refiled.body).toBe(200);
    expect(refiled.json().filingNumber).not.toBe(number);
  });

  it('EXM-1 a change keeps the number and replaces the filed content; one open application per centre (409); the city queue on the 工作台 lists it', async () => {
    const { centre, number } = await filedCentre();
    const change = await centre.client.post('/api/exams/centre-filing/applications', {
      ...profile('city'),
      staffCount: 20,
    });
    expect(change.statusCode, change.body).toBe(201);
    expect(change.json().kind).toBe('change');
    expect((await centre.client.post('/api/exams/centre-filing/applications', profile('city'))).statusCode).toBe(409);
    const wb = (await chengdu.client.get('/api/workbench')).json();
    const q = wb.queues.find((x: { key: string }) => x.key === 'centre-applications');
    expect(q.items.map((i: { id: string }) => i.id)).toContain(change.json().id);
    await chengdu.client.post(`/api/exams/centre-filing/applications/${change.json().id}/review`, {
      decision: 'approve',
    });
    const filed = await province.client.post(`/api/exams/centre-filing/applications/${change.json().id}/file`, {
      decision: 'file',
    });
    expect(filed.json().filingNumber).toBe(number);
    const own = (await centre.client.get('/api/exams/centre-filing')).json();
    expect(own.filings[0].profile.staffCount).toBe(20);
  });
});
