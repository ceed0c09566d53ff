// The other kinds of the legacy import (issue 16) end to end on a real database: training institutions
// (GB 32100 credit code, filing number, scope), exam sites, employers with their ledgers (EMP-1) and
// certificate review history (CER-4) — preview of row problems, commit as a job, idempotent re-import,
// newer wins, and the report of what was created, matched and left unchanged.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCreditCode } from '../../kernel/ids.js';
import { drainImportJobs, type ImportColumn } from '../../kernel/imports/index.js';
import { createOrganisation } from '../organisations/index.js';
import {
  makeIdNumber,
  queryRows,
  signedInAs,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing/harness.js';
import {
  CERTIFICATE_COLUMNS,
  INSTITUTION_COLUMNS,
  LEDGER_COLUMNS,
  LEGACY_IMPORTS,
  REVIEW_COLUMNS,
  SITE_COLUMNS,
} from './index.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

let serial = 20_000_000 + Math.floor(Math.random() * 1_000_000);
const creditCode = (region = '510107') => generateCreditCode(region, (serial += 7));

function csvOf(columns: readonly ImportColumn[], rows: Array<Record<string, string>>): string {
  const line = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
  return `\uFEFF${line(columns.map((c) => c.label))}\n${rows.map((r) => line(columns.map((c) => r[c.key] ?? ''))).join('\n')}\n`;
}

const runJobs = () => drainImportJobs(p.ctx, LEGACY_IMPORTS);

async function check(client: Client, kind: string, csv: string) {
  const up = await client.inject({
    method: 'POST',
    url: `/api/legacy-imports/kinds/${kind}?fileName=${kind}.csv`,
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(up.statusCode, up.body).toBe(202);
  await runJobs();
  const checked = (await client.get(`/api/legacy-imports/${up.json().id}`)).json();
  const problems = (await client.get(`/api/legacy-imports/${checked.id}/problems?pageSize=100`)).json().items as Array<{
    row: number;
    field: string;
    message: string;
  }>;
  return { checked, problems };
}

async function importAll(client: Client, kind: string, csv: string) {
  const { checked, problems } = await check(client, kind, csv);
  expect(checked.status, JSON.stringify(problems)).toBe('ready');
  const commit = await client.post(`/api/legacy-imports/${checked.id}/commit`);
  expect(commit.statusCode, commit.body).toBe(202);
  await runJobs();
  const done = (await client.get(`/api/legacy-imports/${checked.id}`)).json();
  expect(done.status, JSON.stringify(done)).toBe('committed');
  return done.report as Record<string, number>;
}

const authority = () => signedInAs(p, 'issuing_authority', { kind: 'regulator', regionCode: '510000' });

describe('legacy training institutions', () => {
  it('INS-1 INS-6 imports an institution with its filing number and scope; GB 32100 and CAT-1 checked in the preview', async () => {
    const a = await authority();
    const good = creditCode();
    const bad = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;
    const row = {
      name: '成都历史培训学校',
      creditCode: good,
      regionCode: '510107',
      filingNumber: '川安培备〔2019〕012号',
      scope: '1.1、4.1',
      filedOn: '2019-03-01',
    };
    const { checked, problems } = await check(
      a.client,
      'institutions',
      csvOf(INSTITUTION_COLUMNS, [
        row,
        { ...row, name: '校验位错误学校', creditCode: bad },
        { ...row, name: '范围错误学校', creditCode: creditCode(), scope: '1.1、99.9' },
        { ...row, name: '重复学校' },
        { ...row, name: '外省学校', creditCode: creditCode('520102'), regionCode: '520102' },
      ]),
    );
    expect(checked.status).toBe('rejected');
    const at = (r: number) =>
      problems
        .filter((x) => x.row === r)
        .map((x) => x.message)
        .join(' ');
    expect(at(2)).toBe('');
    expect(at(3)).toContain('GB 32100');
    expect(at(4)).toContain('CAT-1');
    expect(at(5)).toContain('与第 2 行为同一机构');
    expect(at(6)).toContain('SEC-2');

    const report = await importAll(a.client, 'institutions', csvOf(INSTITUTION_COLUMNS, [row]));
    expect(report).toMatchObject({ created: 1 });
    const [filing] = await queryRows<{ kind: string; status: string; scope: string[]; filing_number: string }>(
      p,
      sql`select o.kind, f.status, f.scope, f.filing_number from organisations o join institution_filings f on f.org_id = o.id where o.credit_code = ${good}`,
    );
    expect(filing).toEqual({
      kind: 'institution',
      status: 'filed',
      scope: ['1.1', '4.1'],
      filing_number: '川安培备〔2019〕012号',
    });

    // Idempotent: the same file again changes nothing.
    expect(await importAll(a.client, 'institutions', csvOf(INSTITUTION_COLUMNS, [row]))).toMatchObject({
      unchanged: 1,
    });
    // Newer wins: a later record widens the scope; an older different one is kept out and said so.
    expect(
      await importAll(
        a.client,
        'institutions',
        csvOf(INSTITUTION_COLUMNS, [{ ...row, scope: '1.1、4.1、3.1', recordDate: '2024-01-01' }]),
      ),
    ).toMatchObject({ updated: 1 });
    expect(
      await importAll(
        a.client,
        'institutions',
        csvOf(INSTITUTION_COLUMNS, [{ ...row, scope: '1.1', recordDate: '2020-01-01' }]),
      ),
    ).toMatchObject({ kept_newer: 1 });
    const [after] = await queryRows<{ scope: string[] }>(
      p,
      sql`select f.scope from organisations o join institution_filings f on f.org_id = o.id where o.credit_code = ${good}`,
    );
    expect(after.scope).toEqual(['1.1', '4.1', '3.1']);
  });

  it('an institution already on the platform is matched, never overwritten', async () => {
    const a = await authority();
    const code = creditCode();
    await createOrganisation(p.ctx, null, {
      kind: 'institution',
      name: '平台已有学校',
      regionCode: '510107',
      creditCode: code,
    });
    const report = await importAll(
      a.client,
      'institutions',
      csvOf(INSTITUTION_COLUMNS, [
        {
          name: '原系统名称',
          creditCode: code,
          regionCode: '510107',
          filingNumber: 'X-1',
          scope: '1.1',
          filedOn: '2019-03-01',
        },
      ]),
    );
    expect(report).toMatchObject({ matched: 1 });
    const [org] = await queryRows<{ name: string }>(p, sql`select name from organisations where credit_code = ${code}`);
    expect(org.name).toBe('平台已有学校');
  });
});

describe('legacy exam sites', () => {
  it('EXM-1 EXM-2 imports sites under an exam centre on the platform; a training institution is no centre', async () => {
    const a = await authority();
    const centreCode = creditCode('510000');
    await createOrganisation(p.ctx, null, {
      kind: 'exam_centre',
      name: '历史考试中心',
      regionCode: '510000',
      creditCode: centreCode,
    });
    const schoolCode = creditCode();
    await createOrganisation(p.ctx, null, {
      kind: 'institution',
      name: '某培训学校',
      regionCode: '510107',
      creditCode: schoolCode,
    });
    const site = {
      name: '武侯历史考点',
      address: '成都市武侯区科华北路 1 号',
      regionCode: '510107',
      centreCreditCode: centreCode,
      itemCodes: '1.1、4.1',
      acceptedOn: '2020-05-20',
    };
    const { problems } = await check(
      a.client,
      'sites',
      csvOf(SITE_COLUMNS, [
        site,
        { ...site, name: '学校考点', centreCreditCode: schoolCode },
        { ...site, name: '无主考点', centreCreditCode: creditCode() },
      ]),
    );
    expect(problems.find((x) => x.row === 3)?.message).toContain('EXM-2');
    expect(problems.find((x) => x.row === 4)?.message).toContain('EXM-1');
    expect(await importAll(a.client, 'sites', csvOf(SITE_COLUMNS, [site]))).toMatchObject({ created: 1 });
    expect(await importAll(a.client, 'sites', csvOf(SITE_COLUMNS, [site]))).toMatchObject({ unchanged: 1 });
    const [row] = await queryRows<{ item_codes: string[]; accepted: boolean }>(
      p,
      sql`select item_codes, accepted_at is not null as accepted from exam_sites where name = '武侯历史考点'`,
    );
    expect(row).toEqual({ item_codes: ['1.1', '4.1'], accepted: true });
  });
});

describe('legacy employers and their ledgers', () => {
  it('EMP-1 a ledger row on an item needs a valid certificate; employer, people and employments are written, re-import unchanged', async () => {
    const a = await authority();
    const holder = makeIdNumber('1980-01-02');
    const newcomer = makeIdNumber('1995-03-04');
    // The province brings in certificates first: the holder's 1.1 certificate.
    const certKeys = CERTIFICATE_COLUMNS.map((c) => c.key);
    const certCsv = `\uFEFF${CERTIFICATE_COLUMNS.map((c) => c.label).join(',')}\n${certKeys
      .map(
        (k) =>
          ({
            idNumber: holder,
            name: '台账持证',
            regionCode: '510107',
            number: `T${holder}`,
            itemCode: '1.1',
            issuedOn: '2021-05-18',
            validUntil: '2027-05-17',
            lastReviewedOn: '2024-04-20',
            nextReviewDue: '2027-05-17',
            authorityName: '四川省应急管理厅',
            state: '有效',
          })[k] ?? '',
      )
      .join(',')}\n`;
    const up = await a.client.inject({
      method: 'POST',
      url: '/api/legacy-imports/kinds/certificates',
      headers: { 'content-type': 'text/csv' },
      payload: certCsv,
    });
    await runJobs();
    await a.client.post(`/api/legacy-imports/${up.json().id}/commit`);
    await runJobs();

    const employer = creditCode();
    const base = {
      employerName: '四川历史建设有限公司',
      employerCreditCode: employer,
      employerRegionCode: '510107',
      regionCode: '510107',
      kind: '本单位职工',
      hiredOn: '2022-03-01',
    };
    const rows = [
      { ...base, idNumber: holder, name: '台账持证', itemCodes: '1.1' },
      { ...base, idNumber: newcomer, name: '台账新人', education: '高中', itemCodes: '1.1' },
    ];
    const { checked, problems } = await check(a.client, 'ledgers', csvOf(LEDGER_COLUMNS, rows));
    expect(checked.status).toBe('rejected');
    expect(problems.filter((x) => x.row === 2)).toEqual([]);
    expect(problems.find((x) => x.row === 3)?.message).toContain('EMP-1');

    // Awaiting certification: on the ledger with no item.
    rows[1].itemCodes = '';
    const report = await importAll(a.client, 'ledgers', csvOf(LEDGER_COLUMNS, rows));
    expect(report).toMatchObject({ created: 2, organisationsCreated: 1, workersCreated: 1 });
    const ledger = await queryRows<{ worker_name: string; item_codes: string[]; filed_on: string }>(
      p,
      sql`select e.worker_name, e.item_codes, e.filed_on::text from employments e join organisations o on o.id = e.employer_org_id where o.credit_code = ${employer} order by e.worker_name`,
    );
    expect(ledger).toEqual([
      { worker_name: '台账持证', item_codes: ['1.1'], filed_on: '2022-03-01' },
      { worker_name: '台账新人', item_codes: [], filed_on: '2022-03-01' },
    ]);
    // The employer sees them on its ledger page (REG-4: they are its employees now).
    const again = await importAll(a.client, 'ledgers', csvOf(LEDGER_COLUMNS, rows));
    expect(again).toMatchObject({ unchanged: 2 });
    expect(again.created ?? 0).toBe(0);
  });
});

describe('legacy review history', () => {
  it('CER-4 review records of an imported certificate are kept and move its next review on; an unknown certificate is a problem', async () => {
    const a = await authority();
    const idNumber = makeIdNumber('1979-09-09');
    const certKeys = CERTIFICATE_COLUMNS.map((c) => c.key);
    const values: Record<string, string> = {
      idNumber,
      name: '复审历史',
      regionCode: '510107',
      number: `T${idNumber}`,
      itemCode: '4.1',
      issuedOn: '2021-05-18',
      validUntil: '2027-05-17',
      authorityName: '四川省应急管理厅',
      state: '有效',
    };
    const up = await a.client.inject({
      method: 'POST',
      url: '/api/legacy-imports/kinds/certificates',
      headers: { 'content-type': 'text/csv' },
      payload: `${CERTIFICATE_COLUMNS.map((c) => c.label).join(',')}\n${certKeys.map((k) => values[k] ?? '').join(',')}\n`,
    });
    await runJobs();
    await a.client.post(`/api/legacy-imports/${up.json().id}/commit`);
    await runJobs();
    const [before] = await queryRows<{ id: string; next_review_due: string }>(
      p,
      sql`select id, next_review_due::text from certificates where number = ${`T${idNumber}`}`,
    );
    expect(before.next_review_due).toBe('2024-05-18');

    const review = {
      number: `T${idNumber}`,
      itemCode: '4.1',
      reviewedOn: '2024-04-20',
      result: '合格',
      authorityName: '成都市应急管理局',
      retrainingHours: '8',
    };
    const { problems } = await check(
      a.client,
      'reviews',
      csvOf(REVIEW_COLUMNS, [
        review,
        { ...review, number: `T${makeIdNumber('1970-01-01')}` },
        { ...review, reviewedOn: '2028-01-01' },
      ]),
    );
    expect(problems.find((x) => x.row === 3)?.message).toContain('请先导入证书');
    expect(problems.find((x) => x.row === 4)?.message).toContain('晚于今天');

    expect(await importAll(a.client, 'reviews', csvOf(REVIEW_COLUMNS, [review]))).toMatchObject({ created: 1 });
    expect(await importAll(a.client, 'reviews', csvOf(REVIEW_COLUMNS, [review]))).toMatchObject({ unchanged: 1 });
    const reviews = (await a.client.get(`/api/certificates/${before.id}/reviews`)).json();
    const list = Array.isArray(reviews) ? reviews : reviews.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'approved' });
    const [after] = await queryRows<{ next_review_due: string }>(
      p,
      sql`select next_review_due::text from certificates where id = ${before.id}`,
    );
    expect(after.next_review_due).toBe('2027-04-20');
  });
});
