import ExcelJS from 'exceljs';
// Analytics through the real paths: certificates issued through the exam.passed subscriber, an
// employer's unfiled hire, an inspection with a finding; the dashboard (ANA-3) and the campaign
// statistics (ANA-1) read them, and each figure equals the length of the list it opens.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock, addDays } from '../../kernel/clock.js';
import { issueCertificate } from '../../testing/certificates.js';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';
import { flushVerificationTally, verifyByNumber } from '../certificates/index.js';
import { DEMO_BANK, importQuestions } from '../exams/index.js';
import {
  campaignFigureRecords,
  campaignStatistics,
  dashboard,
  metricRecords,
  refreshDashboardSummaries,
} from './service.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

describe('dashboard per jurisdiction (ANA-3)', () => {
  it('ANA-3 a dashboard count equals the length of the list it opens, split by county', async () => {
    // A city of its own (Zigong, 5103) so no other test's rows are counted.
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510300' });
    const a = await makeWorker(p, city.actor, {
      idNumber: makeIdNumber('1980-01-01', 'male', '510302'),
      regionCode: '510302',
    });
    const b = await makeWorker(p, city.actor, {
      idNumber: makeIdNumber('1981-01-01', 'male', '510302'),
      regionCode: '510302',
    });
    const c = await makeWorker(p, city.actor, {
      idNumber: makeIdNumber('1982-01-01', 'female', '510303'),
      regionCode: '510303',
    });
    const certs = [
      await issueCertificate(p, a.id, '1.2'),
      await issueCertificate(p, b.id, '1.1'),
      await issueCertificate(p, c.id, '1.2'),
    ];
    // Thirty days before the certificates expire, all three are expiring.
    const ctx = { ...p.ctx, clock: new FixedClock(new Date(`${addDays(certs[0].validUntil, -30)}T02:00:00Z`)) };
    const d = await dashboard(ctx, city.actor);
    const expiring = d.metrics.find((m) => m.key === 'certificates_expiring')!;
    expect(expiring.total).toBe(3);
    expect(expiring.byChild).toEqual({ '510302': 2, '510303': 1 });
    expect(d.children.map((x) => x.code)).toContain('510302');
    const list = await metricRecords(ctx, city.actor, 'certificates_expiring', { page: 1, pageSize: 200 });
    expect(list.items).toHaveLength(expiring.total);
    expect(list.total).toBe(expiring.total);
    // The ID number is masked in the list (personal data).
    expect(list.items[0].number).toMatch(/\*/);
    // Drill-down to one county: its figure equals the county's share and its own list.
    const county = await dashboard(ctx, city.actor, '510302');
    expect(county.metrics.find((m) => m.key === 'certificates_expiring')!.total).toBe(2);
    expect(
      (await metricRecords(ctx, city.actor, 'certificates_expiring', { region: '510302', page: 1, pageSize: 200 }))
        .items,
    ).toHaveLength(2);
    // Every figure agrees with its list, whatever it is.
    for (const m of d.metrics)
      expect((await metricRecords(ctx, city.actor, m.key, { page: 1, pageSize: 200 })).total, m.key).toBe(m.total);
    expect(d.source).toBe('live');
  });

  it('ANA-3 after the summary refresh the city dashboard reads the summary, and its counts still equal the lists', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510800' });
    const a = await makeWorker(p, city.actor, {
      idNumber: makeIdNumber('1983-01-01', 'male', '510802'),
      regionCode: '510802',
    });
    const cert = await issueCertificate(p, a.id, '1.2');
    const ctx = { ...p.ctx, clock: new FixedClock(new Date(`${addDays(cert.validUntil, -10)}T02:00:00Z`)) };
    await refreshDashboardSummaries(ctx);
    const d = await dashboard(ctx, city.actor);
    expect(d.source).toBe('summary');
    expect(d.refreshedAt).not.toBeNull();
    expect(d.metrics.find((m) => m.key === 'certificates_expiring')!.byChild).toEqual({ '510802': 1 });
    for (const m of d.metrics)
      expect((await metricRecords(ctx, city.actor, m.key, { page: 1, pageSize: 200 })).total, m.key).toBe(m.total);
    // A summary of another day is not used: the next day counts live.
    const tomorrow = { ...p.ctx, clock: new FixedClock(new Date(`${addDays(cert.validUntil, -9)}T02:00:00Z`)) };
    expect((await dashboard(tomorrow, city.actor)).source).toBe('live');
  });

  it('ANA-3 an unfiled hire is an overdue filing on the 16th day, and in the list', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510400' });
    const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510402' });
    const idNumber = makeIdNumber('1979-03-03', 'male', '510402');
    const w = await makeWorker(p, employer.actor, { idNumber, regionCode: '510402' });
    const hired = await employer.client.post('/api/employments', {
      idNumber,
      kind: 'own',
      itemCodes: [],
      hiredOn: '2026-11-20',
    });
    expect(hired.statusCode, hired.body).toBe(201);
    const before = await dashboard({ ...p.ctx, clock: new FixedClock(new Date('2026-12-05T02:00:00Z')) }, city.actor);
    expect(before.metrics.find((m) => m.key === 'filings_overdue')!.total).toBe(0);
    const ctx = { ...p.ctx, clock: new FixedClock(new Date('2026-12-06T02:00:00Z')) };
    const after = await dashboard(ctx, city.actor);
    expect(after.metrics.find((m) => m.key === 'filings_overdue')!.total).toBe(1);
    const list = await metricRecords(ctx, city.actor, 'filings_overdue', { page: 1, pageSize: 20 });
    expect(list.items).toHaveLength(1);
    expect(list.items[0].number).not.toContain(idNumber);
  });

  it('ANA-3 issue 19 item 7 open work written after the summary refresh is in its figure at once: the figure equals the list it opens', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511100' });
    const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '511102' });
    const ctx = { ...p.ctx, clock: new FixedClock(new Date('2026-12-06T02:00:00Z')) };
    await refreshDashboardSummaries(ctx);
    // After the refresh: an unfiled hire that is overdue on the dashboard's day.
    const idNumber = makeIdNumber('1981-04-04', 'male', '511102');
    await makeWorker(p, employer.actor, { idNumber, regionCode: '511102' });
    const hired = await employer.client.post('/api/employments', {
      idNumber,
      kind: 'own',
      itemCodes: [],
      hiredOn: '2026-11-20',
    });
    expect(hired.statusCode, hired.body).toBe(201);
    const d = await dashboard(ctx, city.actor);
    expect(d.source).toBe('summary');
    const filings = d.metrics.find((m) => m.key === 'filings_overdue')!;
    expect(filings).toMatchObject({ total: 1, source: 'live' });
    expect((await metricRecords(ctx, city.actor, 'filings_overdue', { page: 1, pageSize: 20 })).total).toBe(1);
  });

  it('SEC-2 ANA-3 a region outside the jurisdiction is refused with a Chinese problem, and a non-regulator gets 403', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510500' });
    const res = await city.client.get('/api/analytics/dashboard?region=510107');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'SEC-2' });
    expect(res.json().detail).toMatch(/辖区/);
    expect((await city.client.get('/api/analytics/dashboard?region=519999')).statusCode).toBe(400);
    const school = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510502' });
    expect((await school.client.get('/api/analytics/dashboard')).statusCode).toBe(403);
    const xlsx = await city.client.get('/api/analytics/dashboard.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('campaign statistics (ANA-1)', () => {
  it('ANA-1 without a period the end is the China date on the server clock: at 16:30 UTC (00:30 in China) the new day is counted', async () => {
    const saved = p.clock.now();
    try {
      // 2026-11-24 00:10 China time is still 2026-11-23 in UTC: a UTC browser would end the period on the 23rd.
      p.clock.set('2026-11-23T16:10:00Z');
      const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511100' });
      const employer = await makeOrg(p, { kind: 'employer', regionCode: '511102', name: '乐山建材厂' });
      const started = await city.client.post('/api/inspections', { targetKind: 'employer', targetId: employer.id });
      expect(started.statusCode, started.body).toBe(201);
      p.clock.set('2026-11-23T16:30:00Z');
      const res = await city.client.get('/api/analytics/campaign');
      expect(res.statusCode, res.body).toBe(200);
      const s = res.json() as { from: string; to: string; figures: Array<{ key: string; value: number | null }> };
      expect(s).toMatchObject({ from: '2026-01-01', to: '2026-11-24' });
      expect(s.figures.find((f) => f.key === 'employers_inspected')!.value).toBe(1);
      // The figure's records take the same default, so the number and its list agree.
      const records = await city.client.get('/api/analytics/campaign/employers_inspected');
      expect(records.json()).toMatchObject({ total: 1 });
      // A period the user chose is kept as sent: ending on the 23rd (UTC's date) it misses the inspection.
      const chosen = await city.client.get('/api/analytics/campaign?from=2026-11-01&to=2026-11-23');
      expect(chosen.json()).toMatchObject({ to: '2026-11-23' });
      expect(
        (chosen.json() as { figures: Array<{ key: string; value: number }> }).figures.find(
          (f) => f.key === 'employers_inspected',
        )!.value,
      ).toBe(0);
    } finally {
      p.clock.set(saved);
    }
  });

  it('ANA-1 employers spot-checked, problems found, penalties decided and fines (a sum in 万元) equal their records', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510600' });
    const employer = await makeOrg(p, { kind: 'employer', regionCode: '510603', name: '德阳机械厂' });
    const started = await city.client.post('/api/inspections', { targetKind: 'employer', targetId: employer.id });
    expect(started.statusCode, started.body).toBe(201);
    const finding = await city.client.post(`/api/inspections/${started.json().id}/findings`, {
      description: '焊工未持证上岗',
      legalBasis: '《特种作业人员安全技术培训考核管理规定》第五条',
      deadline: '2026-12-20',
      responsiblePerson: '王厂长',
    });
    expect(finding.statusCode, finding.body).toBe(201);
    const q = { from: '2026-11-01', to: '2026-11-30' };
    const s = await campaignStatistics(p.ctx, city.actor, q);
    const fig = (k: string) => s.figures.find((f) => f.key === k)!.value;
    expect(fig('employers_inspected')).toBe(1);
    expect(fig('employers_problems')).toBe(1);
    expect(fig('institutions_inspected')).toBe(0);
    expect(fig('employers_penalties')).toBe(0);
    expect(fig('employers_fines')).toBe(0);
    // SUP-4: a penalty decided on the employer counts, and opens to its case.
    const opened = await city.client.post('/api/cases', {
      source: 'manual',
      partyKind: 'employer',
      partyId: employer.id,
      violationCode: 'EMP-02',
      facts: '焊工未持证上岗，经现场检查查实。',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const decided = await city.client.post(`/api/cases/${opened.json().id}/decision`, {
      reasoning: '事实清楚，证据确凿。',
      sanctions: ['fine'],
      fineYuan: 30_000,
      principalFineYuan: 10_000,
      principalName: '王厂长',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(
      (await campaignStatistics(p.ctx, city.actor, q)).figures.find((f) => f.key === 'employers_penalties')!.value,
    ).toBe(1);
    expect((await campaignFigureRecords(p.ctx, city.actor, 'employers_penalties', q)).items.map((r) => r.name)).toEqual(
      ['德阳机械厂'],
    );
    // ANA-1: fines are the sum of the organisation's and the principal's, in 万元, drilling down to the fine behind it.
    const fines = (await campaignStatistics(p.ctx, city.actor, q)).figures.find((f) => f.key === 'employers_fines')!;
    expect(fines).toMatchObject({ value: 4, unit: '万元' });
    const behind = await campaignFigureRecords(p.ctx, city.actor, 'employers_fines', q);
    expect(behind).toMatchObject({ total: 1, sum: 4, unit: '万元' });
    expect(behind.items[0]).toMatchObject({ name: '德阳机械厂', amount_yuan: 40_000 });
    expect(behind.items[0].detail).toContain(decided.json().caseNo);
    const xlsx = await city.client.get('/api/analytics/campaign.xlsx?from=2026-11-01&to=2026-11-30');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const row = book.worksheets[0].getRows(1, 30)!.find((r) => r.getCell(2).value === '罚款（万元）')!;
    expect(row.getCell(3).value).toBe(4);
    expect(row.getCell(3).numFmt).toBe('0.00');
    const records = await campaignFigureRecords(p.ctx, city.actor, 'employers_problems', q);
    expect(records.items).toHaveLength(1);
    expect(records.items[0].detail).toBe('焊工未持证上岗');
    // Outside the period, nothing.
    expect(
      (await campaignStatistics(p.ctx, city.actor, { from: '2026-10-01', to: '2026-10-31' })).figures.find(
        (f) => f.key === 'employers_inspected',
      )!.value,
    ).toBe(0);
    const bad = await city.client.get('/api/analytics/campaign?from=2026-12-01&to=2026-11-01');
    expect(bad.statusCode).toBe(400);
    const pdf = await city.client.get('/api/analytics/campaign.pdf?from=2026-11-01&to=2026-11-30');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('campaign statistics: cases made public (ANA-1, SUP-7)', () => {
  it('ANA-1 cases made public counts the penalty decisions published in the period and drills down to them', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510800' });
    const employer = await makeOrg(p, { kind: 'employer', regionCode: '510802', name: '广元某矿业公司' });
    const q = { from: '2026-11-01', to: '2026-11-30' };
    const count = async () =>
      (await campaignStatistics(p.ctx, city.actor, q)).figures.find((f) => f.key === 'cases_public')!.value;
    expect(await count()).toBe(0);
    const ids: string[] = [];
    for (const facts of ['电工无证作业，经现场检查查实。', '焊工证书过期仍作业，经现场检查查实。']) {
      const opened = await city.client.post('/api/cases', {
        source: 'manual',
        partyKind: 'employer',
        partyId: employer.id,
        violationCode: 'EMP-01',
        facts,
      });
      await city.client.post(`/api/cases/${opened.json().id}/decision`, {
        reasoning: '事实清楚。',
        sanctions: ['warning'],
      });
      ids.push(opened.json().id);
    }
    expect((await city.client.post(`/api/cases/${ids[0]}/publish`, {})).statusCode).toBe(200);
    expect(await count()).toBe(1);
    expect((await campaignFigureRecords(p.ctx, city.actor, 'cases_public', q)).items.map((r) => r.id)).toEqual([
      ids[0],
    ]);
    expect(
      (await campaignStatistics(p.ctx, city.actor, { from: '2026-10-01', to: '2026-10-31' })).figures.find(
        (f) => f.key === 'cases_public',
      )!.value,
    ).toBe(0);
  });
});

describe('campaign statistics: spot exams (ANA-1, SUP-3)', () => {
  it('ANA-1 spot exams taken and passed on site equal their records', async () => {
    await importQuestions(p.ctx, null, '1.2', DEMO_BANK['1.2'], 'demo');
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511900' });
    const employer = await makeOrg(p, { kind: 'employer', regionCode: '511902', name: '巴中某建筑公司' });
    const employerUser = await makeUser(p, { role: 'employer_admin', org: employer });
    const workers = [];
    for (const [i, name] of ['甲电工', '乙电工'].entries()) {
      const idNumber = makeIdNumber(`198${i}-03-02`, 'male', '511902');
      await makeWorker(p, employerUser.actor, { idNumber, name, regionCode: '511902' });
      workers.push(idNumber);
    }
    const inspection = (
      await city.client.post('/api/inspections', { targetKind: 'employer', targetId: employer.id })
    ).json();
    for (const [i, idNumber] of workers.entries()) {
      const exam = (
        await city.client.post(`/api/inspections/${inspection.id}/spot-exams`, { itemCode: '1.2', idNumber })
      ).json();
      const open = await p.app.inject({
        method: 'POST',
        url: `/api/public/spot-exams/${exam.code}/open`,
        remoteAddress: `10.19.0.${i + 1}`,
      });
      const rows = (await p.ctx.db.execute(sql`select questions from spot_exams where id = ${exam.id}`)) as unknown as {
        rows: Array<{ questions: Array<{ answer: number[] }> }>;
      };
      // The first answers every question right, the second leaves every one blank.
      const answers = rows.rows[0].questions.map((q) => (i === 0 ? q.answer : []));
      const done = await p.app.inject({
        method: 'POST',
        url: `/api/public/spot-exams/${exam.code}/submit`,
        payload: { token: open.json().token, answers },
        remoteAddress: `10.19.0.${i + 1}`,
      });
      expect(done.statusCode, done.body).toBe(200);
    }
    const q = { from: '2026-11-01', to: '2026-11-30' };
    const s = await campaignStatistics(p.ctx, city.actor, q);
    const fig = (k: string) => s.figures.find((f) => f.key === k)!.value;
    expect(fig('spot_exams_taken')).toBe(2);
    expect(fig('spot_exams_passed')).toBe(1);
    const passed = await campaignFigureRecords(p.ctx, city.actor, 'spot_exams_passed', q);
    expect(passed.items.map((r) => r.name)).toEqual(['甲电工']);
  });
});

describe('verification traffic (ANA-3, CER-3, CER-5)', () => {
  it('ANA-3 verification traffic counts every answer by day, county and result; found ones once the serving process flushes its tally', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510400' });
    const w = await makeWorker(p, city.actor, {
      idNumber: makeIdNumber('1984-04-04', 'male', '510402'),
      regionCode: '510402',
    });
    const cert = await issueCertificate(p, w.id, '1.2');
    const client = { ip: '10.1.2.3', userAgent: 'test' };
    for (let i = 0; i < 3; i++)
      expect((await verifyByNumber(p.ctx, client, { number: cert.number, name: cert.holderName })).status).toBe(
        'valid',
      );
    expect((await verifyByNumber(p.ctx, client, { number: cert.number, name: '冒名' })).status).toBe('not_found');
    const today = (await dashboard(p.ctx, city.actor)).traffic;
    // The miss is recorded at once (CER-5); the three valid answers are still only counted in memory.
    expect(today.filter((t) => t.reason === 'wrong_name').reduce((s, t) => s + t.n, 0)).toBe(1);
    expect(today.find((t) => t.reason === 'valid')).toBeUndefined();
    expect(await flushVerificationTally(p.ctx.db)).toBeGreaterThanOrEqual(3);
    const after = (await dashboard(p.ctx, city.actor)).traffic;
    expect(after.filter((t) => t.reason === 'valid').reduce((s, t) => s + t.n, 0)).toBe(3);
    // Another city's regulator does not see this county's traffic.
    const other = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510500' });
    expect((await dashboard(p.ctx, other.actor)).traffic.find((t) => t.reason === 'valid')).toBeUndefined();
    // A second flush adds, never double-counts.
    await verifyByNumber(p.ctx, client, { number: cert.number, name: cert.holderName });
    await flushVerificationTally(p.ctx.db);
    expect(
      (await dashboard(p.ctx, city.actor)).traffic.filter((t) => t.reason === 'valid').reduce((s, t) => s + t.n, 0),
    ).toBe(4);
  });
});
