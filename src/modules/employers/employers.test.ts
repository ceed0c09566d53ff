// Employers through the API: hiring registered people (REG-4), the 15-day filing (EMP-2), the ledger
// (EMP-3), bulk import all-or-nothing, the annual training plan (EMP-5), staff accounts.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeIdNumber,
  makeWorker,
  signIn,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';
import { generateResidentIdNumber } from '../../kernel/ids.js';
import { IMPORT_COLUMNS } from './rules.js';
import { proposeUncertifiedCases } from './cases.js';
import { issueCertificate } from '../../testing/certificates.js';
import { revokeCertificate } from '../certificates/index.js';
import { drainImportJobs } from '../../kernel/imports/index.js';
import { EMPLOYER_IMPORTS, suspendEmployer } from './index.js';

let p: TestPlatform;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DAY = 86_400_000;

beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

async function employer(regionCode = '510107') {
  return signedInAs(p, 'employer_admin', { kind: 'employer', regionCode });
}

async function registered(e: Awaited<ReturnType<typeof employer>>, name = '李四') {
  const idNumber = makeIdNumber('1988-03-03');
  const worker = await makeWorker(p, e.actor, { idNumber, name });
  return { idNumber, worker };
}

async function hire(e: Awaited<ReturnType<typeof employer>>, body: Record<string, unknown>) {
  return e.client.post('/api/employments', { kind: 'own', itemCodes: [], hiredOn: '2026-11-20', ...body });
}

describe('hiring (REG-4)', () => {
  it('REG-4 a person not registered cannot be put on the ledger until registered', async () => {
    const e = await employer();
    const idNumber = makeIdNumber('1990-01-01');
    const res = await hire(e, { idNumber, kind: 'dispatched', providerName: '成都某劳务派遣有限公司' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'REG-4', title: '人员尚未登记', registrationRequired: true });
    expect((await e.client.get('/api/employments')).json().total).toBe(0);
    await makeWorker(p, e.actor, { idNumber, name: '赵五' });
    const ok = await hire(e, { idNumber, kind: 'dispatched', providerName: '成都某劳务派遣有限公司' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({
      workerName: '赵五',
      kind: 'dispatched',
      kindLabel: '劳务派遣',
      providerName: '成都某劳务派遣有限公司',
      filingDueOn: '2026-12-05',
      filingStatus: 'due',
    });
    expect(ok.json().idNumberMasked).not.toContain(idNumber.slice(6, 14));
  });

  it('REG-4 a dispatched or outsourced worker names the company that provides them', async () => {
    const e = await employer();
    const { idNumber } = await registered(e);
    const res = await hire(e, { idNumber, kind: 'outsourced' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'REG-4' });
  });

  it('rejects unknown items, future hire dates and a second current employment, changing nothing', async () => {
    const e = await employer();
    const { idNumber } = await registered(e);
    expect((await hire(e, { idNumber, itemCodes: ['99.9'] })).statusCode).toBe(400);
    expect((await hire(e, { idNumber, hiredOn: '2027-01-01' })).statusCode).toBe(400);
    expect((await hire(e, { idNumber })).statusCode).toBe(201);
    const again = await hire(e, { idNumber });
    expect(again.statusCode).toBe(409);
    expect(again.json().title).toBeTruthy();
    expect((await e.client.get('/api/employments')).json().total).toBe(1);
  });

  it('the employer sees the hired worker’s record; another employer does not (SEC-2)', async () => {
    const e = await employer();
    const { idNumber } = await registered(e);
    const hired = (await hire(e, { idNumber })).json();
    const other = await employer();
    expect((await e.client.get(`/api/workers/${hired.workerId}`)).statusCode).toBe(200);
    expect((await other.client.get(`/api/workers/${hired.workerId}`)).statusCode).toBe(404);
    expect((await other.client.post(`/api/employments/${hired.id}/file`)).statusCode).toBe(404);
  });
});

describe('the employment filing (EMP-2)', () => {
  it('EMP-2 batch filing files each employment on its own and reports the ones refused (already filed, another employer’s)', async () => {
    const e = await employer();
    const a = (await hire(e, { idNumber: (await registered(e)).idNumber, hiredOn: '2026-11-10' })).json();
    const b = (await hire(e, { idNumber: (await registered(e)).idNumber, hiredOn: '2026-11-01' })).json();
    expect((await e.client.post(`/api/employments/${a.id}/file`)).statusCode).toBe(200);
    const other = await employer();
    const foreign = (await hire(other, { idNumber: (await registered(other)).idNumber })).json();
    const res = await e.client.post('/api/employments/batch-file', { ids: [a.id, b.id, foreign.id] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ filed: 1, refused: 2 });
    expect(res.json().results).toEqual([
      expect.objectContaining({ id: a.id, ok: false, rule: 'EMP-2' }),
      expect.objectContaining({ id: b.id, ok: true, late: true }),
      expect.objectContaining({ id: foreign.id, ok: false }),
    ]);
    // The other employer's employment stays unfiled.
    expect((await other.client.get('/api/employments?filing=due')).json().total).toBe(1);
  });

  it('EMP-2 filing on the 15th day after hiring is in time and goes into the worker’s archive', async () => {
    const e = await employer();
    const { idNumber } = await registered(e);
    const hired = (await hire(e, { idNumber, hiredOn: '2026-11-08' })).json();
    expect(hired).toMatchObject({ filingDueOn: '2026-11-23', filingStatus: 'due', daysUntilFilingDue: 0 });
    const filed = await e.client.post(`/api/employments/${hired.id}/file`);
    expect(filed.statusCode, filed.body).toBe(200);
    expect(filed.json()).toMatchObject({ filingStatus: 'filed', filedOn: '2026-11-23' });
    const archive = (await e.client.get(`/api/workers/${hired.workerId}/archive`)).json();
    const events = archive.items ?? archive.events ?? archive;
    expect(JSON.stringify(events)).toContain('聘用备案');
    expect((await e.client.post(`/api/employments/${hired.id}/file`)).statusCode).toBe(409);
  });

  it('EMP-2 on the 16th day an unfiled employment is overdue, flagged to the employer and its regulator; filing then is marked late', async () => {
    const e = await employer('510107');
    const { idNumber } = await registered(e);
    const hired = (await hire(e, { idNumber, hiredOn: '2026-11-07' })).json();
    expect(hired).toMatchObject({ filingDueOn: '2026-11-22', filingStatus: 'overdue', daysUntilFilingDue: -1 });
    const overdue = (await e.client.get('/api/employments?filing=overdue')).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toEqual([hired.id]);

    const county = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '510107' });
    const supervision = (await county.client.get('/api/employments/supervision')).json();
    expect(supervision.items.find((i: { employerOrgId: string }) => i.employerOrgId === e.org!.id)).toMatchObject({
      overdue: 1,
      oldestDue: '2026-11-22',
    });
    const elsewhere = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '510104' });
    expect(
      (await elsewhere.client.get('/api/employments/supervision'))
        .json()
        .items.some((i: { employerOrgId: string }) => i.employerOrgId === e.org!.id),
    ).toBe(false);
    // The regulator reads its jurisdiction's ledgers too.
    expect(
      (await county.client.get('/api/employments?filing=overdue'))
        .json()
        .items.some((i: { id: string }) => i.id === hired.id),
    ).toBe(true);

    const filed = (await e.client.post(`/api/employments/${hired.id}/file`)).json();
    expect(filed).toMatchObject({ filingStatus: 'filed_late', filingStatusLabel: '逾期备案' });
    const after = (await county.client.get('/api/employments/supervision')).json();
    expect(after.items.find((i: { employerOrgId: string }) => i.employerOrgId === e.org!.id)).toMatchObject({
      overdue: 0,
      filedLate: 1,
    });
  });

  it('EMP-2 the clock decides: a filing due today becomes overdue tomorrow', async () => {
    const e = await employer();
    const { idNumber } = await registered(e);
    const hired = (await hire(e, { idNumber, hiredOn: '2026-11-08' })).json();
    const start = p.clock.now();
    try {
      p.clock.set(new Date(start.getTime() + DAY));
      const client = await signIn(p, e.username);
      const row = (await client.get('/api/employments')).json().items[0];
      expect(row).toMatchObject({ id: hired.id, filingStatus: 'overdue' });
    } finally {
      p.clock.set(start);
    }
  });
});

describe('the ledger (EMP-3)', () => {
  it('EMP-3 a worker who leaves is ended, not deleted, and the export lists the ledger with masked ID numbers', async () => {
    const e = await employer();
    const a = await registered(e, '钱一');
    const b = await registered(e, '孙二');
    for (const item of ['3.1', '4.1'])
      await issueCertificate(p, a.worker.id, item, { issuedAt: new Date('2026-06-01T02:00:00Z') });
    const ha = (await hire(e, { idNumber: a.idNumber, kind: 'temporary', itemCodes: ['3.1', '4.1'] })).json();
    await hire(e, { idNumber: b.idNumber });
    const ended = await e.client.post(`/api/employments/${ha.id}/end`, { endedOn: '2026-11-22', reason: '合同到期' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(
      (await e.client.get('/api/employments')).json().items.map((i: { workerName: string }) => i.workerName),
    ).toEqual(['孙二']);
    const all = (await e.client.get('/api/employments?includeEnded=true')).json();
    expect(all.total).toBe(2);
    expect(all.items.find((i: { id: string }) => i.id === ha.id)).toMatchObject({
      endedOn: '2026-11-22',
      endReason: '合同到期',
    });
    expect((await e.client.get('/api/employments?kind=temporary&includeEnded=true')).json().total).toBe(1);
    expect((await e.client.get('/api/employments?itemCode=4.1&includeEnded=true')).json().total).toBe(1);

    const file = await e.client.get('/api/employments/export.xlsx?includeEnded=true');
    expect(file.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBe(3);
    const text = JSON.stringify(sheet.getSheetValues());
    expect(text).toContain('孙二');
    expect(text).not.toContain(b.idNumber);
  });

  it('EMP-3 a worker whose certificate is revoked after hiring is flagged on the ledger, and counted', async () => {
    const e = await employer();
    const { idNumber, worker } = await registered(e);
    const cert = await issueCertificate(p, worker.id, '3.1', { issuedAt: new Date('2026-06-01T02:00:00Z') });
    await issueCertificate(p, worker.id, '2.1', { issuedAt: new Date('2026-06-01T02:00:00Z') });
    expect((await hire(e, { idNumber, itemCodes: ['3.1', '2.1'] })).statusCode).toBe(201);
    expect(
      (await e.client.get('/api/employments')).json().items[0].items.map((i: { alert: string | null }) => i.alert),
    ).toEqual([null, null]);
    await revokeCertificate(p.ctx, cert.authority, cert.id, { reason: 'accident', note: '对触电事故负有责任' });
    const row = (await e.client.get('/api/employments')).json().items[0];
    expect(row.items).toEqual([
      {
        code: '3.1',
        name: '登高架设作业',
        certificate: expect.objectContaining({ number: cert.number, status: 'revoked' }),
        alert: 'revoked',
        alertLabel: '证书已撤销',
      },
      {
        code: '2.1',
        name: '熔化焊接与热切割作业',
        certificate: expect.objectContaining({ status: 'valid' }),
        alert: null,
        alertLabel: null,
      },
    ]);
    expect((await e.client.get('/api/employments/alerts')).json().counts).toMatchObject({
      revoked: 1,
      uncertified: 0,
      expiring: 0,
    });
    expect((await e.client.get('/api/employments?alert=revoked')).json().total).toBe(1);
    expect((await e.client.get('/api/employments?alert=expiring')).json().total).toBe(0);
  });

  it('a worker or an institution cannot read an employer’s ledger', async () => {
    const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510107' });
    expect((await inst.client.get('/api/employments')).statusCode).toBe(403);
    expect(
      (
        await inst.client.post('/api/employments', {
          idNumber: makeIdNumber(),
          kind: 'own',
          itemCodes: [],
          hiredOn: '2026-11-20',
        })
      ).statusCode,
    ).toBe(403);
  });
});

async function workbook(rows: (string | undefined)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('人员');
  sheet.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

type Employer = Awaited<ReturnType<typeof employer>>;

/** The import as the page sees it once the queued jobs ran, with its problems (the preview's list). */
async function state(e: Employer, id: string) {
  await drainImportJobs(p.ctx, EMPLOYER_IMPORTS);
  const current = (await e.client.get(`/api/employment-imports/${id}`)).json();
  const problems = (await e.client.get(`/api/employment-imports/${id}/problems?pageSize=200`)).json();
  return { ...current, errors: problems.items };
}

async function upload(e: Employer, file: Buffer, contentType = XLSX) {
  const res = await e.client.inject({
    method: 'POST',
    url: '/api/employment-imports?fileName=test.xlsx',
    payload: file,
    headers: { 'content-type': contentType },
  });
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json().status).toBe('checking');
  // The check runs as a job after the answer.
  return state(e, res.json().id);
}

/** Confirms a checked import; the commit runs as a job and its end state is returned. */
async function commit(e: Employer, id: string) {
  const res = await e.client.post(`/api/employment-imports/${id}/commit`);
  if (res.statusCode !== 202) return { statusCode: res.statusCode, body: res.json() };
  return { statusCode: res.statusCode, body: await state(e, id) };
}

describe('bulk import', () => {
  it('REG-4 an import of 10,000 rows with 3 bad rows is rejected whole, naming the 3 rows; fixed, it imports every row and registers the new people', async () => {
    const e = await employer();
    const known = await registered(e, '周老');
    await issueCertificate(p, known.worker.id, '3.1', { issuedAt: new Date('2026-01-05T02:00:00Z') });
    const rows: string[][] = [];
    for (let i = 0; i < 10_000; i++) {
      const born = new Date(Date.UTC(1970, 0, 1) + i * DAY).toISOString().slice(0, 10);
      const id = i === 0 ? known.idNumber : generateResidentIdNumber('510104', born, 100 + (i % 2));
      // Only 周老 holds a certificate (EMP-1); the people registered by the import await certification, with no item yet.
      rows.push([
        i === 0
          ? '周老'
          : `工人${String.fromCharCode(0x4e00 + (i % 500))}${String.fromCharCode(0x4e00 + ((i / 500) | 0))}`,
        id,
        '',
        '高中',
        '510107',
        i % 3 ? '本单位职工' : '劳务派遣',
        i % 3 ? '' : '成都某劳务派遣有限公司',
        i === 0 ? '3.1' : '',
        '2026-11-10',
      ]);
    }
    const good = rows.map((r) => [...r]);
    rows[41][1] = '510107199001011235'; // bad check digit
    rows[4999][7] = '99.9'; // unknown item
    rows[9998][1] = rows[10][1]; // duplicate of row 12 (header is row 1)
    const rejected = await upload(e, await workbook(rows));
    expect(rejected.status).toBe('rejected');
    expect(rejected.problemCount, JSON.stringify(rejected.errors.slice(0, 3))).toBe(3);
    expect(rejected.errors.map((x: { row: number; field: string }) => [x.row, x.field])).toEqual([
      [43, '身份证号'],
      [5001, '作业项目代码'],
      [10000, '身份证号'],
    ]);
    expect((await commit(e, rejected.id)).statusCode).toBe(409);
    expect((await e.client.get('/api/employments')).json().total).toBe(0);

    const ready = await upload(e, await workbook(good));
    expect(ready).toMatchObject({
      status: 'ready',
      total: 10_000,
      processed: 10_000,
      problemCount: 0,
      report: { imported: 10_000, newWorkers: 9_999 },
    });
    const committed = await commit(e, ready.id);
    expect(committed.statusCode, JSON.stringify(committed.body)).toBe(202);
    expect(committed.body).toMatchObject({
      status: 'committed',
      committedRows: 10_000,
      report: { imported: 10_000, newWorkers: 9_999 },
    });
    const ledger = (await e.client.get('/api/employments?pageSize=5')).json();
    expect(ledger.total).toBe(10_000);
    expect((await e.client.get('/api/employments?kind=dispatched')).json().total).toBe(3334);
    expect((await commit(e, ready.id)).statusCode).toBe(409);
  }, 180_000);

  it('REG-4 an unregistered person in the file needs education and region; a person already on the ledger is a bad row', async () => {
    const e = await employer('510100');
    const known = await registered(e, '吴六');
    await hire(e, { idNumber: known.idNumber });
    const state = await upload(
      e,
      await workbook([
        ['郑七', makeIdNumber('1991-02-02'), '', '', '', '临时', '', '', '2026-11-01'],
        ['吴六', known.idNumber, '', '', '', '本单位职工', '', '', '2026-11-01'],
        ['冯八', makeIdNumber('1992-02-02'), '', '初中', '510107', '外包', '', '4.1', '2026/11/01'],
      ]),
    );
    expect(state.status).toBe('rejected');
    expect(state.errors.map((x: { row: number; field: string }) => `${x.row}:${x.field}`)).toEqual([
      '2:文化程度',
      '2:所在区县代码',
      '3:身份证号',
      '4:派遣或外包单位',
    ]);
  });

  it('reads a UTF-8 CSV the same way and refuses a file that is not the template', async () => {
    const e = await employer();
    const csv = `\uFEFF${IMPORT_COLUMNS.join(',')}\n陈九,${makeIdNumber('1993-03-03')},,本科,510107,本单位职工,,,2026-11-15\n`;
    const state = await upload(e, Buffer.from(csv), 'text/csv');
    expect(state, JSON.stringify(state.errors)).toMatchObject({
      status: 'ready',
      total: 1,
      report: { newWorkers: 1 },
    });
    const bad = await e.client.inject({
      method: 'POST',
      url: '/api/employment-imports',
      payload: Buffer.from('a,b\n1,2\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('表头缺少必填列');
    expect(bad.json().missing).toContain('身份证号');
    const template = await e.client.get('/api/employment-imports/template.xlsx');
    expect(template.statusCode).toBe(200);
  });
});

describe('annual training plan (EMP-5)', () => {
  it('EMP-5 plan lines by item with headcount against the ledger; a class of another item cannot be linked', async () => {
    const e = await employer();
    const { idNumber, worker } = await registered(e);
    await issueCertificate(p, worker.id, '3.1', { issuedAt: new Date('2026-01-05T02:00:00Z') });
    await hire(e, { idNumber, itemCodes: ['3.1'] });
    const line = await e.client.post('/api/training-plan', {
      year: 2027,
      itemCode: '3.1',
      purpose: 'review',
      headcount: 5,
      plannedFrom: '2027-03-01',
      plannedTo: '2027-03-31',
    });
    expect(line.statusCode, line.body).toBe(201);
    expect(
      (
        await e.client.post('/api/training-plan', {
          year: 2027,
          itemCode: '3.1',
          purpose: 'initial',
          headcount: 5,
          plannedFrom: '2026-12-01',
          plannedTo: '2027-01-31',
        })
      ).statusCode,
    ).toBe(400);
    const plan = (await e.client.get('/api/training-plan?year=2027')).json();
    expect(plan.lines).toHaveLength(1);
    expect(plan.itemsOnLedger).toEqual([{ code: '3.1', name: expect.any(String), workers: 1, planned: 5 }]);
    const missing = await e.client.post(`/api/training-plan/${line.json().id}/class`, {
      classId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(400);
    const del = await e.client.inject({ method: 'DELETE', url: `/api/training-plan/${line.json().id}` });
    expect(del.statusCode).toBe(204);
  });
});

describe('certificate checks before hiring (EMP-1)', () => {
  it('EMP-1 a check of a number the platform does not hold answers not_found and is kept with who and when, the name masked', async () => {
    const e = await employer();
    const res = await e.client.post('/api/employer/certificate-checks', {
      number: 't510107198801011234',
      name: '王小明',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      number: 'T510107198801011234',
      result: 'not_found',
      holderNameMasked: '王*明',
      certificates: [],
    });
    const list = (await e.client.get('/api/employer/certificate-checks')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ result: 'not_found', checkedByName: e.user.displayName });
    const other = await employer();
    expect((await other.client.get('/api/employer/certificate-checks')).json().items).toHaveLength(0);
  });
});

describe('one case, two penalties (EMP-4)', () => {
  it('EMP-4 using a worker on an item whose certificate was revoked proposes one case against the employer and its principal to its regulator, once', async () => {
    const e = await employer('510104');
    expect(
      (
        await e.client.inject({
          method: 'PUT',
          url: '/api/employer/profile',
          payload: { principalName: '蒋建华', principalTitle: '法定代表人' },
        })
      ).statusCode,
    ).toBe(200);
    const { idNumber, worker } = await registered(e, '卫十一');
    const cert = await issueCertificate(p, worker.id, '3.1', { issuedAt: new Date('2026-06-01T02:00:00Z') });
    expect((await hire(e, { idNumber, itemCodes: ['3.1'] })).statusCode).toBe(201);
    await revokeCertificate(p.ctx, cert.authority, cert.id, { reason: 'unfit', note: '体检不合格' });
    expect(await proposeUncertifiedCases(p.ctx)).toBeGreaterThanOrEqual(1);
    expect(await proposeUncertifiedCases(p.ctx)).toBe(0);
    const county = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '510104' });
    const mine = (await county.client.get('/api/employer-cases?status=proposed'))
      .json()
      .items.filter((c: { workerId: string }) => c.workerId === worker.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      itemCode: '3.1',
      ground: 'revoked',
      groundLabel: '证书已撤销',
      parties: [`${e.org!.name}（生产经营单位）`, '蒋建华（法定代表人）'],
    });
    expect(mine[0].evidence).toMatchObject({
      certificate: { number: cert.number, status: 'revoked' },
      principal: { principalName: '蒋建华' },
    });
    const elsewhere = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '510106' });
    expect(
      (await elsewhere.client.get('/api/employer-cases'))
        .json()
        .items.some((c: { workerId: string }) => c.workerId === worker.id),
    ).toBe(false);
    expect(
      (await elsewhere.client.post(`/api/employer-cases/${mine[0].id}/decide`, { decision: 'accept' })).statusCode,
    ).toBe(404);
    expect(
      (await county.client.post(`/api/employer-cases/${mine[0].id}/decide`, { decision: 'dismiss' })).statusCode,
    ).toBe(400);
    const accepted = await county.client.post(`/api/employer-cases/${mine[0].id}/decide`, {
      decision: 'accept',
      note: '立案调查',
    });
    expect(accepted.json()).toMatchObject({ status: 'accepted' });
    expect(
      (await county.client.post(`/api/employer-cases/${mine[0].id}/decide`, { decision: 'accept' })).statusCode,
    ).toBe(409);
    expect((await e.client.get('/api/employer-cases')).statusCode).toBe(403);
  });

  it('EMP-4 a worker kept on the ledger after the employer’s own check said the number does not exist is a case against the employer and its principal', async () => {
    const e = await employer('510104');
    const { idNumber, worker } = await registered(e, '沈十三');
    const check = await e.client.post('/api/employer/certificate-checks', { number: `T${idNumber}`, name: '沈十三' });
    expect(check.json().result).toBe('not_found');
    const hired = (await hire(e, { idNumber, itemCodes: [] })).json();
    const county = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '510104' });
    const casesOf = async () =>
      (await county.client.get('/api/employer-cases'))
        .json()
        .items.filter((c: { workerId: string }) => c.workerId === worker.id);
    await proposeUncertifiedCases(p.ctx);
    const [proposal] = await casesOf();
    expect(proposal).toMatchObject({
      employerOrgId: e.org!.id,
      ground: 'not_found',
      groundLabel: '核验查无此证（疑似假证）',
      itemName: null,
      parties: [`${e.org!.name}（生产经营单位）`, '其主要负责人（单位尚未登记，须核实）'],
    });
    expect(proposal.evidence.check).toMatchObject({
      number: `T${idNumber}`,
      result: 'not_found',
      checkedByName: e.user.displayName,
    });
    // The principal recorded later is named on the case; a second scan proposes nothing new.
    await e.client.inject({
      method: 'PUT',
      url: '/api/employer/profile',
      payload: { principalName: '韩立', principalTitle: '主要负责人' },
    });
    expect(await proposeUncertifiedCases(p.ctx)).toBe(0);
    expect((await casesOf())[0].parties[1]).toBe('韩立（主要负责人）');
    expect((await e.client.get('/api/employer/profile')).json()).toMatchObject({
      principalName: '韩立',
      principalTitle: '主要负责人',
    });

    // A worker who left is not a case; nor is one whose later check found a valid certificate.
    const other = await employer('510104');
    const left = await registered(other, '尤十四');
    await other.client.post('/api/employer/certificate-checks', { number: `T${left.idNumber}`, name: '尤十四' });
    const leftHire = (await hire(other, { idNumber: left.idNumber })).json();
    await other.client.post(`/api/employments/${leftHire.id}/end`, { endedOn: '2026-11-22', reason: '未持证，解除' });
    const certified = await registered(other, '严十五');
    await other.client.post('/api/employer/certificate-checks', { number: `T${certified.idNumber}`, name: '严十五' });
    await issueCertificate(p, certified.worker.id, '3.1');
    expect(
      (
        await other.client.post('/api/employer/certificate-checks', {
          number: `T${certified.idNumber}`,
          name: '严十五',
        })
      ).json().result,
    ).toBe('valid');
    await hire(other, { idNumber: certified.idNumber, itemCodes: ['3.1'] });
    await proposeUncertifiedCases(p.ctx);
    const others = (await county.client.get('/api/employer-cases'))
      .json()
      .items.filter((c: { employerOrgId: string }) => c.employerOrgId === other.org!.id);
    expect(others).toEqual([]);
    expect(hired.id).toBeTruthy();
  });
});

describe('no assignment without a valid certificate (EMP-1)', () => {
  it('EMP-1 refuses to hire a worker for an item they hold no certificate for, naming the item and the rule; nothing is recorded', async () => {
    const e = await employer();
    const { idNumber, worker } = await registered(e, '韩十二');
    await issueCertificate(p, worker.id, '2.1', { issuedAt: new Date('2026-06-01T02:00:00Z') });
    const res = await hire(e, { idNumber, itemCodes: ['2.1', '3.1'] });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      rule: 'EMP-1',
      title: '无有效操作证，不能安排该作业',
      refusedItems: [{ itemCode: '3.1', reason: 'uncertified' }],
    });
    expect(res.json().detail).toContain('3.1 登高架设作业');
    expect(res.json().detail).not.toContain('2.1');
    expect((await e.client.get('/api/employments')).json().total).toBe(0);
    const ok = await hire(e, { idNumber, itemCodes: ['2.1'] });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().items[0]).toMatchObject({ code: '2.1', certificate: { status: 'valid' }, alert: null });
  });

  it('EMP-1 refuses an item whose certificate is revoked, expired, or became valid only after the hire date', async () => {
    const e = await employer();
    const a = await registered(e, '杨一');
    const revoked = await issueCertificate(p, a.worker.id, '3.1', { issuedAt: new Date('2026-06-01T02:00:00Z') });
    await revokeCertificate(p.ctx, revoked.authority, revoked.id, { reason: 'accident', note: '事故责任' });
    expect((await hire(e, { idNumber: a.idNumber, itemCodes: ['3.1'] })).json()).toMatchObject({
      rule: 'EMP-1',
      refusedItems: [{ itemCode: '3.1', reason: 'revoked' }],
    });
    const b = await registered(e, '朱二');
    await issueCertificate(p, b.worker.id, '3.1', { issuedAt: new Date('2020-03-02T02:00:00Z') });
    expect((await hire(e, { idNumber: b.idNumber, itemCodes: ['3.1'] })).json()).toMatchObject({
      rule: 'EMP-1',
      refusedItems: [{ itemCode: '3.1', reason: 'expired' }],
    });
    const c = await registered(e, '秦三');
    await issueCertificate(p, c.worker.id, '3.1', { issuedAt: new Date('2026-11-10T02:00:00Z') });
    const early = await hire(e, { idNumber: c.idNumber, itemCodes: ['3.1'], hiredOn: '2026-11-01' });
    expect(early.json()).toMatchObject({ rule: 'EMP-1', refusedItems: [{ itemCode: '3.1', reason: 'not_yet_valid' }] });
    expect(early.json().detail).toContain('2026-11-01');
    expect((await hire(e, { idNumber: c.idNumber, itemCodes: ['3.1'], hiredOn: '2026-11-10' })).statusCode).toBe(201);
  });

  it('EMP-1 a person awaiting certification is hired with no item; the item is added once certified, not before', async () => {
    const e = await employer();
    const { idNumber, worker } = await registered(e, '许四');
    const hired = await hire(e, { idNumber, itemCodes: [] });
    expect(hired.statusCode, hired.body).toBe(201);
    expect(hired.json().items).toEqual([]);
    const early = await e.client.post(`/api/employments/${hired.json().id}/items`, { itemCode: '4.1' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ rule: 'EMP-1', refusedItems: [{ itemCode: '4.1', reason: 'uncertified' }] });
    await issueCertificate(p, worker.id, '4.1');
    const added = await e.client.post(`/api/employments/${hired.json().id}/items`, { itemCode: '4.1' });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().items).toEqual([
      expect.objectContaining({ code: '4.1', alert: null, certificate: expect.objectContaining({ status: 'valid' }) }),
    ]);
    expect((await e.client.post(`/api/employments/${hired.json().id}/items`, { itemCode: '4.1' })).statusCode).toBe(
      409,
    );
    expect((await e.client.post(`/api/employments/${hired.json().id}/items`, { itemCode: '99.9' })).statusCode).toBe(
      400,
    );
    const other = await employer();
    expect((await other.client.post(`/api/employments/${hired.json().id}/items`, { itemCode: '4.1' })).statusCode).toBe(
      404,
    );
    expect(JSON.stringify((await e.client.get(`/api/workers/${worker.id}/archive`)).json())).toContain('增加作业项目');
  });

  it('EMP-1 an import row with an item the person holds no valid certificate for is a bad row naming the item; certified, it imports', async () => {
    const e = await employer();
    const { idNumber, worker } = await registered(e, '何五');
    const fresh = makeIdNumber('1994-04-04');
    const file = (items: string) =>
      workbook([
        ['何五', idNumber, '', '', '', '本单位职工', '', items, '2026-11-12'],
        ['吕六', fresh, '', '高中', '510107', '临时', '', '', '2026-11-12'],
      ]);
    const rejected = await upload(e, await file('3.1'));
    expect(rejected.status).toBe('rejected');
    expect(rejected.errors).toEqual([
      { row: 2, field: '作业项目代码', message: expect.stringContaining('3.1 登高架设作业') },
    ]);
    expect(rejected.errors[0].message).toContain('EMP-1');
    await issueCertificate(p, worker.id, '3.1', { issuedAt: new Date('2026-11-02T02:00:00Z') });
    const ready = await upload(e, await file('3.1'));
    expect(ready, JSON.stringify(ready.errors)).toMatchObject({ status: 'ready', report: { newWorkers: 1 } });
    expect((await commit(e, ready.id)).body.status).toBe('committed');
    const ledger = (await e.client.get('/api/employments')).json();
    expect(
      ledger.items.map((i: { workerName: string; items: unknown[] }) => [i.workerName, i.items.length]).sort(),
    ).toEqual([
      ['何五', 1],
      ['吕六', 0],
    ]);
  });

  it('EMP-1 a certificate revoked between the check and the confirmation stops the whole import', async () => {
    const e = await employer();
    const { idNumber, worker } = await registered(e, '施七');
    const cert = await issueCertificate(p, worker.id, '3.1', { issuedAt: new Date('2026-11-02T02:00:00Z') });
    const ready = await upload(
      e,
      await workbook([
        ['施七', idNumber, '', '', '', '本单位职工', '', '3.1', '2026-11-12'],
        ['张八', makeIdNumber('1995-05-05'), '', '高中', '510107', '临时', '', '', '2026-11-12'],
      ]),
    );
    expect(ready.status).toBe('ready');
    await revokeCertificate(p.ctx, cert.authority, cert.id, { reason: 'unfit', note: '体检不合格' });
    const refused = (await commit(e, ready.id)).body;
    expect(refused).toMatchObject({ status: 'failed', errors: [{ row: 2, field: '作业项目代码' }] });
    expect(refused.message).toContain('EMP-1');
    expect((await e.client.get('/api/employments')).json().total).toBe(0);
  });
});

describe('bulk import and the employer’s suspension (SUP-4)', () => {
  it('SUP-4 a suspended employer’s confirmation is refused at once and its import writes nothing', async () => {
    const e = await employer();
    const ready = await upload(
      e,
      await workbook([['沈九', makeIdNumber('1996-06-06'), '', '高中', '510107', '临时', '', '', '2026-11-12']]),
    );
    expect(ready.status).toBe('ready');
    await p.ctx.db.transaction((tx) =>
      suspendEmployer(tx, p.clock, null, {
        orgId: e.org!.id,
        regionCode: '510107',
        until: '2026-12-31',
        ref: 'test',
      }),
    );
    const refused = await commit(e, ready.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.body.rule).toBe('SUP-4');
    expect((await e.client.get(`/api/employment-imports/${ready.id}`)).json().status).toBe('ready');
    expect((await e.client.get('/api/employments')).json().total).toBe(0);
  });
});

describe('the employer’s copy of its employees’ certificates (CER-6, SEC-2)', () => {
  it('SEC-2 CER-6 the employer downloads its employee’s certificate PDF; before hiring, after the employment ends, or another employer: 404', async () => {
    const e = await employer();
    const { idNumber, worker } = await registered(e, '邓十六');
    const cert = await issueCertificate(p, worker.id, '3.1', { issuedAt: new Date('2026-06-01T02:00:00Z') });
    // Registering a person is not employing them.
    expect((await e.client.get(`/api/certificates/${cert.id}/pdf`)).statusCode).toBe(404);
    const hired = (await hire(e, { idNumber, itemCodes: ['3.1'] })).json();
    const pdf = await e.client.get(`/api/certificates/${cert.id}/pdf`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await e.client.get('/api/certificates')).json().items.map((c: { id: string }) => c.id)).toEqual([cert.id]);
    const other = await employer();
    expect((await other.client.get(`/api/certificates/${cert.id}/pdf`)).statusCode).toBe(404);
    expect((await other.client.get('/api/certificates')).json().total).toBe(0);

    await e.client.post(`/api/employments/${hired.id}/end`, { endedOn: '2026-11-23', reason: '调离' });
    expect((await e.client.get(`/api/certificates/${cert.id}/pdf`)).statusCode).toBe(404);
    expect((await e.client.get(`/api/certificates/${cert.id}`)).statusCode).toBe(404);
    expect((await e.client.get('/api/certificates')).json().total).toBe(0);
    // Hired again: the copy is theirs again.
    expect((await hire(e, { idNumber, itemCodes: ['3.1'] })).statusCode).toBe(201);
    expect((await e.client.get(`/api/certificates/${cert.id}/pdf`)).statusCode).toBe(200);
  });
});

describe('staff accounts', () => {
  it('an employer admin adds a staff account of its own organisation and role only', async () => {
    const e = await employer();
    const res = await e.client.post('/api/org/staff', {
      username: `staff${Date.now().toString(36)}`,
      displayName: '台账管理员',
      password: 'Staff-pass-2026',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ role: 'employer_admin', orgId: e.org!.id });
    expect((await e.client.get('/api/org/staff')).json().items).toHaveLength(2);
    expect(
      (
        await e.client.post('/api/org/staff', {
          username: 'x',
          displayName: 'y',
          password: 'short',
          role: 'province_regulator',
        })
      ).statusCode,
    ).toBe(400);
  });
});
