// ANA-2 through the real paths: certificates issued through the exam.passed subscriber, a class at a
// filed institution, employers' ledgers; injury files imported by regulators and analysed. Each test
// works in a county of its own so no other test's rows are counted.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../kernel/access.js';
import { FixedClock, chinaDate } from '../../kernel/clock.js';
import { generateCreditCode } from '../../kernel/ids.js';
import { issueCertificate } from '../../testing/certificates.js';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  queryRows,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
  platformOperator,
} from '../../testing/harness.js';
import { setSyllabusHours } from '../catalog/index.js';
import { hireWorker } from '../employers/index.js';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../institutions/index.js';
import { enrolTrainee, openClass } from '../training/index.js';
import {
  commitInjuryImport,
  injuryAnalysis,
  injuryRecordList,
  injuryTemplate,
  previewInjuryImport,
  refreshInjuryDenominators,
} from './index.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const HEADER = '身份证号,受伤日期,用人单位统一社会信用代码,作业项目,伤害程度,事故经过';
const csv = (rows: string[][]) => ({
  buffer: Buffer.from([HEADER, ...rows.map((r) => r.join(','))].join('\n')),
  format: 'csv' as const,
});
const regulatorRole = (code: string): Role =>
  code.endsWith('0000') ? 'province_regulator' : code.endsWith('00') ? 'city_regulator' : 'county_regulator';
async function regulator(regionCode: string) {
  return (
    await makeUser(p, { role: regulatorRole(regionCode), org: await makeOrg(p, { kind: 'regulator', regionCode }) })
  ).actor;
}
async function employerIn(regionCode: string) {
  const org = await makeOrg(p, { kind: 'employer', regionCode });
  const admin = (await makeUser(p, { role: 'employer_admin', org })).actor;
  return { org, admin };
}
const YEAR = { from: '2026-01-01', to: '2026-11-23' };

describe('the import (ANA-2)', () => {
  it('ANA-2 template round trip: the downloaded template reads back with its documented sheet and example rows', async () => {
    const file = await injuryTemplate();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['工伤记录', '填写说明']);
    const city = await regulator('510100');
    const preview = await previewInjuryImport(p.ctx, city, { buffer: file, format: 'xlsx' });
    expect(preview.errors).toEqual([]);
    expect(preview.ok).toBe(true);
    expect(preview.rows.map((r) => [r.itemCode, r.severity, r.standing])).toEqual([
      ['3.1', '轻伤', 'none'],
      ['2.1', '重伤', 'none'],
    ]);
  });

  it('ANA-2 names every bad row and imports nothing when any row is bad', async () => {
    const county = await regulator('510105');
    const { org } = await employerIn('510105');
    const good = makeIdNumber('1990-02-02', 'male', '510105');
    const other = makeIdNumber('1991-03-03', 'male', '510105');
    const badChecksum = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const elsewhere = generateCreditCode('510104', 31_415_926);
    const file = csv([
      [good, '2026-10-01', org.creditCode!, '3.1', '轻伤', '坠落'], // row 2: fine
      [badChecksum, '2026-10-01', org.creditCode!, '3.1', '轻伤', ''], // 3: checksum
      [other, '2027-01-01', org.creditCode!, '3.1', '轻伤', ''], // 4: future
      [other, '2026-13-40', org.creditCode!, '3.1', '轻伤', ''], // 5: unparsable date
      [other, '2026-10-02', org.creditCode!, '99.9', '轻伤', ''], // 6: unknown item
      [other, '2026-10-03', org.creditCode!, '3.1', '擦伤', ''], // 7: unknown severity
      [other, '2026-10-04', '91510105MA00000000', '3.1', '轻伤', ''], // 8: invalid credit code
      [good, '2026-10-01', org.creditCode!, '登高架设作业', '重伤', ''], // 9: duplicate of row 2 (item by name)
      [other, '2026-10-05', elsewhere, '3.1', '轻伤', ''], // 10: employer outside the county
    ]);
    const preview = await previewInjuryImport(p.ctx, county, file);
    expect(preview.ok).toBe(false);
    expect(preview.errors.map((e) => [e.row, e.field])).toEqual([
      [3, '身份证号'],
      [4, '受伤日期'],
      [5, '受伤日期'],
      [6, '作业项目'],
      [7, '伤害程度'],
      [8, '用人单位统一社会信用代码'],
      [9, '身份证号'],
      [10, '用人单位统一社会信用代码'],
    ]);
    expect(preview.errors[6].message).toContain('第 2 行重复');
    await expect(commitInjuryImport(p.ctx, county, { ...file, fileName: 'bad.csv' })).rejects.toMatchObject({
      status: 422,
      options: { rule: 'ANA-2' },
    });
    const stored = await queryRows(p, sql`select count(*)::int as n from work_injuries where region_code = '510105'`);
    expect(stored[0].n).toBe(0);
    // The good row alone imports; the same row again is refused as already imported.
    await commitInjuryImport(p.ctx, county, {
      ...csv([[good, '2026-10-01', org.creditCode!, '3.1', '轻伤', '坠落']]),
      fileName: 'ok.csv',
    });
    const again = await previewInjuryImport(
      p.ctx,
      county,
      csv([[good, '2026-10-01', org.creditCode!, '3.1', '轻伤', '']]),
    );
    expect(again.errors).toEqual([{ row: 2, field: '身份证号', message: expect.stringContaining('已导入') }]);
    const audit = await queryRows(
      p,
      sql`select count(*)::int as n from audit_records where action = 'injuries.import' and actor_user_id = ${county.userId}`,
    );
    expect(audit[0].n).toBe(1);
  });
});

/** An institution filed for 3.1 with a class opened at `opensAt`. */
async function institutionClass(regionCode: string, opensAt: Date) {
  const city = await regulator(`${regionCode.slice(0, 4)}00`);
  const province = await regulator('510000');
  await setSyllabusHours(p.ctx, await platformOperator(p), {
    code: '3.1',
    theoryHours: 10,
    practicalHours: 2,
    confirmed: true,
  });
  const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode });
  for (const t of compliantTeachers(['3'])) await addTeacher(p.ctx, inst.actor, t);
  const filing = await submitFiling(p.ctx, inst.actor, { scope: ['3.1'], facts: compliantFacts(['3']) });
  await reviewFiling(p.ctx, city, filing.id, { decision: 'approve' });
  await recordFiling(p.ctx, province, filing.id);
  const ctx = { ...p.ctx, clock: new FixedClock(opensAt) };
  const klass = await openClass(ctx, inst.actor, {
    itemCode: '3.1',
    name: '登高架设第1期',
    opensAt: opensAt.toISOString(),
  });
  return { inst, klass, ctx };
}

const health = {
  issuedAt: '2026-10-01',
  institutionName: '成都市第一人民医院',
  institutionLevel: 'county_or_above' as const,
  disqualifyingConditions: [],
};

/** A county with an employer, a dispatch company's worker, certificates valid, expired and none, and a trained worker. */
async function county(regionCode: string) {
  const reg = await regulator(regionCode);
  const { org: employer, admin } = await employerIn(regionCode);
  const { inst, klass, ctx } = await institutionClass(regionCode, new Date('2026-03-02T01:00:00Z'));
  const person = async (birth: string, registrar = reg) => {
    const idNumber = makeIdNumber(birth, 'male', regionCode);
    return {
      ...(await makeWorker(p, registrar, { idNumber, regionCode, intendedItem: '3.1', health } as Parameters<
        typeof makeWorker
      >[2])),
      idNumber,
    };
  };
  const valid = await person('1995-01-01'); // 31 on the day: 25–34
  const expired = await person('1970-01-01'); // 56: ≥ 55
  const trained = await person('1990-06-01', inst.actor);
  const bystanders = await Promise.all(['1980-01-01', '1981-01-01', '1982-01-01'].map((b) => person(b)));
  await issueCertificate(p, valid.id, '3.1', { issuedAt: new Date('2025-12-01T02:00:00Z') });
  await issueCertificate(p, expired.id, '3.1', { issuedAt: new Date('2019-06-01T02:00:00Z') }); // valid until 2025-05-31
  for (const b of bystanders) await issueCertificate(p, b.id, '3.1', { issuedAt: new Date('2025-12-01T02:00:00Z') });
  await enrolTrainee(ctx, inst.actor, klass.id, trained.id);
  await issueCertificate(p, trained.id, '3.1', { issuedAt: new Date('2026-05-10T02:00:00Z') });
  const provider = generateCreditCode(regionCode, 27_182_818);
  await hireWorker(p.ctx, admin, {
    idNumber: valid.idNumber,
    kind: 'dispatched',
    providerName: '某某劳务派遣有限公司',
    providerCreditCode: provider,
    itemCodes: ['3.1'],
    hiredOn: '2026-01-05',
  });
  await hireWorker(p.ctx, admin, {
    idNumber: trained.idNumber,
    kind: 'own',
    itemCodes: ['3.1'],
    hiredOn: '2026-06-01',
  });
  const stranger = makeIdNumber('2004-05-05', 'male', regionCode); // never registered: 22, < 25
  return { reg, employer, valid, expired, trained, stranger, inst, klass, provider };
}

describe('linking (ANA-2)', () => {
  it('ANA-2 links worker, employer, dispatch company, the certificate standing on the day (valid, expired, none) and the institution', async () => {
    const c = await county('510106');
    const file = csv([
      [c.valid.idNumber, '2026-10-10', c.employer.creditCode!, '3.1', '重伤', '脚手架坠落'],
      [c.expired.idNumber, '2026-10-11', c.employer.creditCode!, '3.1', '轻伤', ''],
      [c.stranger, '2026-10-12', c.employer.creditCode!, '3.1', '死亡', ''],
      [c.trained.idNumber, '2026-10-13', c.employer.creditCode!, '3.1', '轻伤', ''],
      // Before the certificate was issued, the trained worker held none.
      [c.trained.idNumber, '2026-04-01', c.employer.creditCode!, '3.1', '轻伤', ''],
    ]);
    const done = await commitInjuryImport(p.ctx, c.reg, { ...file, fileName: 'county.csv' });
    expect(done.rowCount).toBe(5);
    const rows = await queryRows<Record<string, unknown>>(
      p,
      sql`select * from work_injuries where import_id = ${done.id} order by row_no`,
    );
    expect(
      rows.map((r) => [
        r.worker_id,
        r.employer_org_id,
        r.employment_kind,
        r.provider_name,
        r.provider_credit_code,
        r.certificate_standing,
        r.institution_org_id,
      ]),
    ).toEqual([
      [c.valid.id, c.employer.id, 'dispatched', '某某劳务派遣有限公司', c.provider, 'valid', null],
      [c.expired.id, c.employer.id, null, null, null, 'expired', null],
      [null, c.employer.id, null, null, null, 'none', null],
      [c.trained.id, c.employer.id, 'own', null, null, 'valid', c.inst.org!.id],
      [c.trained.id, c.employer.id, null, null, null, 'none', null],
    ]);
    expect(rows[3].class_id).toBe(c.klass.id);
    expect(rows.map((r) => r.age_at_injury)).toEqual([31, 56, 22, 36, 35]);
    expect(String(rows[0].id_number_masked)).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
  });
});

describe('the analysis (ANA-2)', () => {
  it('ANA-2 rates and intervals match hand-computed figures, and each figure equals the length of its record list', async () => {
    const c = await county('510107');
    await commitInjuryImport(p.ctx, c.reg, {
      ...csv([
        [c.valid.idNumber, '2026-10-10', c.employer.creditCode!, '3.1', '重伤', ''],
        [c.expired.idNumber, '2026-10-11', c.employer.creditCode!, '3.1', '轻伤', ''],
        [c.stranger, '2026-10-12', c.employer.creditCode!, '3.1', '死亡', ''],
        [c.trained.idNumber, '2026-10-13', c.employer.creditCode!, '3.1', '轻伤', ''],
      ]),
      fileName: 'a.csv',
    });
    const a = await injuryAnalysis(p.ctx, c.reg, YEAR);
    // Certified workers valid during 2026 in the county: valid, trained, three bystanders (the expired one ended in 2025).
    expect(a.totals).toMatchObject({ injuries: 4, certifiedWorkers: 5, uncertified: 2, rate: 800 });
    // Exact Poisson for 4 events: [0.5*chi2(0.025; 8), 0.5*chi2(0.975; 10)] = [1.0899, 10.2416], per 5 workers ×1000.
    expect(a.totals.low).toBeCloseTo(217.98, 1);
    expect(a.totals.high).toBeCloseTo(2048.33, 1);
    // 2 of 4 without a valid certificate: Wilson 95 % [15.0, 85.0] %.
    expect(a.totals.uncertifiedShare!.low).toBeCloseTo(15.0, 0);
    expect(a.totals.uncertifiedShare!.high).toBeCloseTo(85.0, 0);
    const item = a.dimensions.find((d) => d.dimension === 'item')!.groups;
    expect(item).toEqual([expect.objectContaining({ key: '3.1', injuries: 4, workers: 5, rate: 800 })]);
    const employer = a.dimensions.find((d) => d.dimension === 'employer')!.groups;
    expect(employer).toEqual([
      expect.objectContaining({ key: c.employer.creditCode, injuries: 4, workers: 2, rate: 2000 }),
    ]);
    const provider = a.dimensions.find((d) => d.dimension === 'provider')!.groups;
    expect(provider).toEqual([expect.objectContaining({ key: c.provider, injuries: 1, workers: 1, rate: 1000 })]);
    const institution = a.dimensions.find((d) => d.dimension === 'institution')!.groups;
    expect(institution).toEqual([expect.objectContaining({ key: c.inst.org!.id, injuries: 1, workers: 1 })]);
    const age = a.dimensions.find((d) => d.dimension === 'age')!.groups;
    expect(Object.fromEntries(age.map((g) => [g.key, g.injuries]))).toEqual({
      lt25: 1,
      '25_34': 1,
      '35_44': 1,
      ge55: 1,
    });
    // Every figure opens exactly the records it counts (same SQL).
    for (const d of a.dimensions)
      for (const g of d.groups) {
        const list = await injuryRecordList(p.ctx, c.reg, {
          ...YEAR,
          dimension: d.dimension,
          key: g.key,
          page: 1,
          pageSize: 200,
        });
        expect(list.total, `${d.dimension} ${g.key}`).toBe(g.injuries);
        expect(list.items).toHaveLength(g.injuries);
      }
    const uncertified = await injuryRecordList(p.ctx, c.reg, {
      ...YEAR,
      standing: 'not_valid',
      page: 1,
      pageSize: 200,
    });
    expect(uncertified.items).toHaveLength(a.totals.uncertified);
    expect(uncertified.items.map((r) => r.standing).sort()).toEqual(['expired', 'none']);
  });

  it('ANA-2 a county regulator sees only its rows, never another county; ID numbers are masked', async () => {
    const c = await county('510108');
    await commitInjuryImport(p.ctx, c.reg, {
      ...csv([[c.valid.idNumber, '2026-10-10', c.employer.creditCode!, '3.1', '重伤', '']]),
      fileName: 'x.csv',
    });
    const neighbour = await regulator('510112');
    const seen = await injuryRecordList(p.ctx, neighbour, { ...YEAR, page: 1, pageSize: 200 });
    expect(seen.total).toBe(0);
    await expect(injuryAnalysis(p.ctx, neighbour, { ...YEAR, region: '510108' })).rejects.toMatchObject({
      status: 422,
      options: { rule: 'SEC-2' },
    });
    // The city sees the county's rows through the API, masked.
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    const res = await city.client.get(`/api/injuries/records?from=${YEAR.from}&to=${YEAR.to}&region=510108`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total).toBe(1);
    expect(res.body).not.toContain(c.valid.idNumber);
    expect(res.json().items[0].idNumberMasked).toMatch(/\*{8}/);
    // Others than regulators have no access.
    const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510108' });
    expect((await employer.client.get(`/api/injuries/analysis?from=${YEAR.from}&to=${YEAR.to}`)).statusCode).toBe(403);
  });
});

describe('denominators at provincial scale (ANA-2)', () => {
  it("ANA-2 with no period sent, the period is this year up to the China date on the server clock (not the browser's)", async () => {
    const reg = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '510104' });
    // 2026-12-31 17:30 UTC is already 2027-01-01 in China: the period is the new China year's first day.
    const clock = new FixedClock(new Date('2026-12-31T17:30:00Z'));
    const a = await injuryAnalysis({ ...p.ctx, clock }, reg.actor, {});
    expect(a.period).toEqual({ from: '2027-01-01', to: '2027-01-01' });
    const res = await reg.client.get('/api/injuries/analysis');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().period.to).toBe(chinaDate(p.ctx.clock.now()));
    expect((await reg.client.get('/api/injuries/records?page=1&pageSize=20')).statusCode).toBe(200);
    // A chosen period is still checked.
    const bad = await reg.client.get('/api/injuries/analysis?from=2026-12-01&to=2026-11-01');
    expect(bad.statusCode).toBe(400);
  });

  it('ANA-2 for a default period the hourly summary gives the same denominators as the live count, and its city sums its counties', async () => {
    const c = await county('510112');
    await commitInjuryImport(p.ctx, c.reg, {
      ...csv([
        [c.valid.idNumber, '2026-10-10', c.employer.creditCode!, '3.1', '重伤', ''],
        [c.trained.idNumber, '2026-10-13', c.employer.creditCode!, '3.1', '轻伤', ''],
      ]),
      fileName: 'summary.csv',
    });
    // A day of its own, so no other test of this file reads this refresh (only a refresh of today counts).
    const later = { ...p.ctx, clock: new FixedClock(new Date('2026-12-15T02:00:00Z')) };
    const period = { from: '2026-01-01', to: '2026-12-15' }; // this year to date: a default period
    const city = await regulator('510100');
    const live = await injuryAnalysis(later, c.reg, period);
    const liveCity = await injuryAnalysis(later, city, period);
    expect(live.denominatorSource).toBe('live');
    await refreshInjuryDenominators(later);
    const summary = await injuryAnalysis(later, c.reg, period);
    expect(summary.denominatorSource).toBe('summary');
    expect(summary.totals).toEqual(live.totals);
    expect(summary.dimensions).toEqual(live.dimensions);
    const summaryCity = await injuryAnalysis(later, city, period);
    expect(summaryCity.denominatorSource).toBe('summary');
    expect(summaryCity.totals.certifiedWorkers).toBe(liveCity.totals.certifiedWorkers);
    // Another period is always counted live.
    expect((await injuryAnalysis(later, c.reg, { from: '2026-02-01', to: '2026-12-15' })).denominatorSource).toBe(
      'live',
    );
  });
});
