// Legacy import (issue 16) end to end on a real database: upload → preview with every row's problems →
// commit as a job → report; imported certificates verify, count at hiring, sit in the archive and can be
// revoked; re-importing changes nothing; bad files are refused whole with a Chinese problem.
import { request as httpRequest } from 'node:http';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainImportJobs } from '../../kernel/imports/index.js';
import {
  makeIdNumber,
  queryRows,
  signedInAs,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing/harness.js';
import { CERTIFICATE_COLUMNS, LEGACY_IMPORTS } from './index.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = CERTIFICATE_COLUMNS.map((c) => c.label);

type Row = Partial<Record<(typeof CERTIFICATE_COLUMNS)[number]['key'], string>>;

function certRow(o: Row & { idNumber: string }): Row {
  return {
    name: '李历史',
    regionCode: '510107',
    number: `T${o.idNumber}`,
    itemCode: '1.1',
    issuedOn: '2021-05-18',
    validUntil: '2027-05-17',
    // Reviewed in 2024 (CER-4), so the next review falls at the end of validity.
    lastReviewedOn: '2024-04-20',
    nextReviewDue: '2027-05-17',
    authorityName: '四川省应急管理厅',
    state: '有效',
    ...o,
  };
}

function csvOf(rows: Row[], header = HEADER): string {
  const keys = CERTIFICATE_COLUMNS.map((c) => c.key);
  return `\uFEFF${header.join(',')}\n${rows.map((r) => keys.map((k) => r[k as keyof Row] ?? '').join(',')).join('\n')}\n`;
}

async function upload(client: Client, body: string | Buffer, type = 'text/csv', kind = 'certificates') {
  return client.inject({
    method: 'POST',
    url: `/api/legacy-imports/kinds/${kind}?fileName=legacy.csv`,
    headers: { 'content-type': type },
    payload: body,
  });
}

/** Runs the queued import jobs (the serving process's pg-boss worker runs the same function). */
const runJobs = () => drainImportJobs(p.ctx, LEGACY_IMPORTS);

async function importAll(client: Client, csv: string) {
  const up = await upload(client, csv);
  expect(up.statusCode, up.body).toBe(202);
  await runJobs();
  const checked = (await client.get(`/api/legacy-imports/${up.json().id}`)).json();
  expect(checked.status, JSON.stringify(checked)).toBe('ready');
  const commit = await client.post(`/api/legacy-imports/${checked.id}/commit`);
  expect(commit.statusCode, commit.body).toBe(202);
  await runJobs();
  const done = (await client.get(`/api/legacy-imports/${checked.id}`)).json();
  // The check's preview counts stay on a failed commit: only `committed` says the rows were written.
  expect(done.status, JSON.stringify(done)).toBe('committed');
  return done;
}

const authority = () => signedInAs(p, 'issuing_authority', { kind: 'regulator', regionCode: '510000' });
const countCerts = async (numbers: string[]) =>
  (
    await queryRows<{ n: number }>(
      p,
      sql`select count(*)::int as n from certificates where number = any(${`{${numbers.join(',')}}`}::text[])`,
    )
  )[0].n;

describe('legacy certificates import', () => {
  it('CER-3 EMP-1 REG-1 CER-4 imported certificates verify with their origin, count at hiring, are in the archive and can be revoked', async () => {
    const a = await authority();
    const id1 = makeIdNumber('1980-02-03');
    const id2 = makeIdNumber('1979-07-01');
    const id3 = makeIdNumber('1990-01-01', 'female');
    const report = await importAll(
      a.client,
      csvOf([
        certRow({ idNumber: id1, name: '李历史', phone: '13800001111', education: '高中' }),
        certRow({ idNumber: id2, name: '王外省', origin: '外省', itemCode: '4.1', authorityName: '重庆市应急管理局' }),
        certRow({ idNumber: id3, name: '赵撤销', state: '撤销', recordDate: '2024-01-02' }),
      ]),
    );
    expect(report.status).toBe('committed');
    expect(report.report).toMatchObject({ created: 3, workersCreated: 3 });

    const verify = await p.app.inject({
      method: 'GET',
      url: `/api/public/certificates/verify?number=T${id1}&name=${encodeURIComponent('李历史')}`,
      remoteAddress: '203.0.113.77',
    });
    expect(verify.json()).toMatchObject({ status: 'valid', origin: 'legacy', originLabel: '历史导入' });
    const other = await p.app.inject({
      method: 'GET',
      url: `/api/public/certificates/verify?number=T${id2}&name=${encodeURIComponent('王外省')}`,
      remoteAddress: '203.0.113.78',
    });
    expect(other.json()).toMatchObject({ status: 'valid', origin: 'other_province', originLabel: '外省' });
    const revoked = await p.app.inject({
      method: 'GET',
      url: `/api/public/certificates/verify?number=T${id3}&name=${encodeURIComponent('赵撤销')}`,
      remoteAddress: '203.0.113.79',
    });
    expect(revoked.json().status).toBe('revoked');

    // EMP-1: an employer's check before hiring finds the imported certificate valid.
    const e = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510107' });
    const check = await e.client.post('/api/employer/certificate-checks', { number: `T${id1}`, name: '李历史' });
    expect(check.statusCode, check.body).toBe(201);
    expect(check.json().result).toBe('valid');

    // REG-1: the certificate is in the holder's life-cycle archive.
    const events = await queryRows<{ kind: string; summary: string }>(
      p,
      sql`select e.kind, e.summary from archive_events e join certificates c on c.worker_id = e.worker_id where c.number = ${`T${id1}`} order by e.seq`,
    );
    expect(events.map((e) => e.kind)).toEqual(['registered', 'certificate_imported']);
    expect(events[1].summary).toContain('历史导入');

    // CER-4: the next review date from the source system is kept, so it enters the reminders.
    const [cert] = await queryRows<{ id: string; next_review_due: string }>(
      p,
      sql`select id, next_review_due::text from certificates where number = ${`T${id1}`}`,
    );
    expect(cert.next_review_due).toBe('2027-05-17');

    // CER-4: the importing authority keeps the record and can revoke it.
    const revoke = await a.client.post(`/api/certificates/${cert.id}/revoke`, { reason: 'unfit', note: '体检不合格' });
    expect(revoke.statusCode, revoke.body).toBe(200);
  });

  it('CER-3 the signed credential of an imported certificate is issued on request with the authority key, marked as a legacy re-issue', async () => {
    const a = await authority();
    const idNumber = makeIdNumber('1978-11-11');
    await importAll(
      a.client,
      csvOf([certRow({ idNumber, name: '陈补签', origin: '外省', authorityName: '云南省应急管理厅' })]),
    );
    const [cert] = await queryRows<{ id: string; credential: string | null }>(
      p,
      sql`select id, credential from certificates where number = ${`T${idNumber}`}`,
    );
    expect(cert.credential).toBeNull();
    const res = await a.client.post(`/api/certificates/${cert.id}/legacy-credential`);
    expect(res.statusCode, res.body).toBe(200);
    const { credential, reissued } = res.json();
    expect(reissued).toBe(true);
    const [header, payload] = credential
      .split('.')
      .slice(0, 2)
      .map((part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    expect(header.typ).toBe('vc+jwt');
    expect(payload.type).toContain('LegacyRecordReissue');
    expect(payload.issuer.id).toContain(a.org!.id);
    expect(payload.credentialSubject).toMatchObject({
      certificateNumber: `T${idNumber}`,
      legacyRecord: { origin: 'other_province', originLabel: '外省', originalAuthorityName: '云南省应急管理厅' },
    });
    // The credential verifies on /verify like a native one.
    const verify = await p.app.inject({
      method: 'POST',
      url: '/api/public/certificates/verify',
      payload: { token: credential },
      remoteAddress: '203.0.113.80',
    });
    expect(verify.statusCode, verify.body).toBe(200);
    expect(verify.json()).toMatchObject({ status: 'valid', origin: 'other_province' });
    // Asked again: the same credential, not a second one; another authority cannot ask for it.
    expect((await a.client.post(`/api/certificates/${cert.id}/legacy-credential`)).json()).toMatchObject({
      credential,
      reissued: false,
    });
    const other = await authority();
    expect((await other.client.post(`/api/certificates/${cert.id}/legacy-credential`)).statusCode).toBe(404);
  });

  it('SEC-1 re-importing the same file changes nothing (idempotent) and the upload and commit are audited', async () => {
    const a = await authority();
    const ids = [makeIdNumber('1981-03-03'), makeIdNumber('1982-04-04')];
    const csv = csvOf(ids.map((idNumber, i) => certRow({ idNumber, name: `周重${i}` })));
    const first = await importAll(a.client, csv);
    expect(first.report).toMatchObject({ created: 2, workersCreated: 2 });
    const again = await importAll(a.client, csv);
    expect(again.report).toMatchObject({ unchanged: 2, workersMatched: 2 });
    expect(again.report.created ?? 0).toBe(0);
    expect(await countCerts(ids.map((i) => `T${i}`))).toBe(2);
    const audit = await queryRows<{ action: string }>(
      p,
      sql`select action from audit_records where entity_id = ${again.id} order by seq`,
    );
    expect(audit.map((r) => r.action)).toEqual(['import.uploaded', 'import.commit_requested', 'import.committed']);
  });

  // Was a known defect: the update of a newer row failed (its array parameters were malformed) and the
  // preview's counts hid it, so the later older row compared equal to the unchanged record.
  it('CER-4 newer wins: a later record updates the certificate, an older different one is kept and said so', async () => {
    const a = await authority();
    const idNumber = makeIdNumber('1983-05-05');
    await importAll(a.client, csvOf([certRow({ idNumber, name: '钱新旧', recordDate: '2023-01-01' })]));
    const newer = await importAll(
      a.client,
      csvOf([certRow({ idNumber, name: '钱新旧', state: '注销', recordDate: '2024-06-01' })]),
    );
    expect(newer.report).toMatchObject({ updated: 1 });
    const older = await importAll(
      a.client,
      csvOf([certRow({ idNumber, name: '钱新旧', state: '有效', recordDate: '2022-01-01' })]),
    );
    expect(older.report).toMatchObject({ kept_newer: 1 });
    const [c] = await queryRows<{ state: string }>(
      p,
      sql`select state from certificates where number = ${`T${idNumber}`}`,
    );
    expect(c.state).toBe('cancelled');
  });

  it('REG-2 CAT-1 CER-1 CER-4 the preview lists every bad row and nothing is written', async () => {
    const a = await authority();
    const good = makeIdNumber('1984-06-06');
    const dup = makeIdNumber('1985-07-07');
    const badCheck = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;
    const csv = csvOf([
      certRow({ idNumber: good, name: '孙正常' }),
      certRow({ idNumber: badCheck, name: '孙校验', number: `T${badCheck}` }),
      certRow({ idNumber: dup, name: '孙项目', itemCode: '99.9' }),
      certRow({ idNumber: dup, name: '孙项目', number: `T${good}` }),
      certRow({ idNumber: dup, name: '孙项目', itemCode: '4.1', issuedOn: '2022-01-01', validUntil: '2021-12-31' }),
      certRow({ idNumber: good, name: '孙正常' }),
    ]);
    const up = await upload(a.client, csv);
    expect(up.statusCode, up.body).toBe(202);
    await runJobs();
    const checked = (await a.client.get(`/api/legacy-imports/${up.json().id}`)).json();
    expect(checked.status).toBe('rejected');
    const problems = (await a.client.get(`/api/legacy-imports/${checked.id}/problems?pageSize=50`)).json()
      .items as Array<{
      row: number;
      field: string;
      message: string;
    }>;
    const at = (row: number) =>
      problems
        .filter((x) => x.row === row)
        .map((x) => x.message)
        .join(' ');
    expect(at(2)).toBe('');
    expect(at(3)).toContain('REG-2');
    expect(at(4)).toContain('CAT-1');
    expect(at(5)).toContain('T+持证人身份证号');
    expect(at(6)).toContain('日期顺序有误');
    expect(at(7)).toContain('与第 2 行为同一证书');
    expect(await countCerts([`T${good}`, `T${dup}`])).toBe(0);
    const staged = await queryRows<{ n: number }>(
      p,
      sql`select count(*)::int as n from bulk_import_rows where import_id = ${checked.id}`,
    );
    expect(staged[0].n).toBe(0);
    const commit = await a.client.post(`/api/legacy-imports/${checked.id}/commit`);
    expect(commit.statusCode).toBe(409);
  });

  it('CER-1 REG-2 a row that clashes with the platform (another valid certificate, another name) is a problem', async () => {
    const a = await authority();
    const idNumber = makeIdNumber('1986-08-08');
    await importAll(a.client, csvOf([certRow({ idNumber, name: '吴平台' })]));
    const up = await upload(
      a.client,
      csvOf([
        certRow({ idNumber, name: '吴平台', issuedOn: '2022-02-02', validUntil: '2028-02-01' }),
        certRow({ idNumber, name: '吴别名', itemCode: '4.1' }),
      ]),
    );
    await runJobs();
    const problems = (await a.client.get(`/api/legacy-imports/${up.json().id}/problems`)).json().items as Array<{
      row: number;
      message: string;
    }>;
    expect(problems.find((x) => x.row === 2)?.message).toContain('CER-1');
    expect(
      problems
        .filter((x) => x.row === 3)
        .map((x) => x.message)
        .join(),
    ).toContain('REG-2');
  });

  it('REG-1 REG-2 SEC-3 the set-based commit registers a person once with one event per fact and writes the certificate as the in-process path did', async () => {
    const a = await authority();
    const idNumber = makeIdNumber('1971-03-04');
    const done = await importAll(
      a.client,
      csvOf([
        certRow({ idNumber, name: '钱两证', phone: '13900001111' }),
        certRow({
          idNumber,
          name: '钱两证',
          phone: '13900002222',
          itemCode: '4.1',
          state: '撤销',
          recordDate: '2024-03-05',
        }),
      ]),
    );
    expect(done.report).toMatchObject({ created: 2, workersCreated: 1, workersMatched: 0 });
    const hash = p.ctx.vault.lookupHash('id_number', idNumber);
    const [worker] = await queryRows<{ id: string; sealed: string; phone: string | null }>(
      p,
      sql`select id, id_number_sealed as sealed, phone_sealed as phone from workers where id_number_hash = ${hash}`,
    );
    // SEC-3: sealed as staged, opened to the same values; a person twice in the file takes the later row's.
    expect(p.ctx.vault.open(worker.sealed)).toBe(idNumber);
    expect(p.ctx.vault.open(worker.phone!)).toBe('13900002222');
    const events = await queryRows<{ kind: string; summary: string }>(
      p,
      sql`select kind, summary from archive_events where worker_id = ${worker.id} order by seq`,
    );
    // REG-1: registered once, each certificate once, in that order.
    expect(events.map((e) => e.kind)).toEqual(['registered', 'certificate_imported', 'certificate_imported']);
    expect(events[1].summary).toContain(`导入历史导入证书 T${idNumber}`);
    const certs = await queryRows<{
      item: string;
      state: string;
      revoked: string | null;
      note: string | null;
      worker: string;
    }>(
      p,
      sql`select item_code as item, state, to_char(revoked_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as revoked,
            state_note as note, worker_id as worker from certificates where number = ${`T${idNumber}`} order by item_code`,
    );
    expect(certs).toEqual([
      { item: '1.1', state: 'active', revoked: null, note: null, worker: worker.id },
      {
        item: '4.1',
        state: 'revoked',
        revoked: '2024-03-05 00:00',
        note: '历史数据：原系统记录为撤销',
        worker: worker.id,
      },
    ]);
  });

  it('CER-1 all or nothing: a commit refused by a valid certificate written since the check leaves none of its rows', async () => {
    const a = await authority();
    const clash = makeIdNumber('1972-05-06');
    const other = makeIdNumber('1973-07-08');
    const up = await upload(
      a.client,
      csvOf([certRow({ idNumber: other, name: '孙无辜' }), certRow({ idNumber: clash, name: '周冲突' })]),
    );
    await runJobs();
    expect((await a.client.get(`/api/legacy-imports/${up.json().id}`)).json().status).toBe('ready');
    // Another upload makes a valid certificate of the same number and item (another first issue) meanwhile.
    await importAll(
      a.client,
      csvOf([certRow({ idNumber: clash, name: '周冲突', issuedOn: '2022-02-02', validUntil: '2028-02-01' })]),
    );
    expect((await a.client.post(`/api/legacy-imports/${up.json().id}/commit`)).statusCode).toBe(202);
    await runJobs();
    const failed = (await a.client.get(`/api/legacy-imports/${up.json().id}`)).json();
    expect(failed.status).toBe('failed');
    expect(failed.message).toContain('未写入任何数据');
    const hash = p.ctx.vault.lookupHash('id_number', other);
    expect(await queryRows(p, sql`select id from workers where id_number_hash = ${hash}`)).toEqual([]);
    expect(await countCerts([`T${other}`])).toBe(0);
    expect(await countCerts([`T${clash}`])).toBe(1);
  });

  it('reads the .xlsx template (data sheet first, 填写说明 second) with ID numbers as text', async () => {
    const a = await authority();
    const template = await a.client.get('/api/legacy-imports/templates/certificates.xlsx');
    expect(template.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['数据', '填写说明']);
    const idNumber = makeIdNumber('1987-09-09');
    const keys = CERTIFICATE_COLUMNS.map((c) => c.key);
    const row = certRow({ idNumber, name: '郑表格' });
    book.worksheets[0].addRow(keys.map((k) => row[k as keyof Row] ?? ''));
    const up = await upload(a.client, Buffer.from(await book.xlsx.writeBuffer()), XLSX);
    expect(up.statusCode, up.body).toBe(202);
    await runJobs();
    const checked = (await a.client.get(`/api/legacy-imports/${up.json().id}`)).json();
    expect(checked).toMatchObject({ status: 'ready', total: 1, report: { created: 1 } });
  });
});

describe('bad files are refused whole', () => {
  it('a header that is not the template says which columns were expected and which were found, and stores nothing', async () => {
    const a = await authority();
    const res = await upload(a.client, '\uFEFF工号,姓名,部门\n1,张三,安全科\n');
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.title).toBe('表头与模板不符');
    expect(body.detail).toContain('身份证号');
    expect(body.found).toEqual(['工号', '姓名', '部门']);
    expect(body.missing).toContain('证书编号');
    expect(body.expected.map((c: { label: string }) => c.label)).toContain('有效期至');
    expect((await a.client.get('/api/legacy-imports')).json().items).toHaveLength(0);
  });

  // A real HTTP upload to the listening server on loopback: light-my-request's inject buffers a whole
  // 41 MB payload before the route sees it (the body never arrived), while a browser streams it.
  it('a .xlsx larger than its cap is refused with 413 before it is read, over real HTTP', async () => {
    const a = await authority();
    const address = await p.app.listen({ host: '127.0.0.1', port: 0 });
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${address}/api/legacy-imports/kinds/certificates?fileName=big.xlsx`,
        {
          method: 'POST',
          headers: {
            'content-type': XLSX,
            'content-length': String(41 * 1024 * 1024),
            cookie: a.client.cookie,
            'x-csrf-token': a.client.csrfToken,
          },
        },
        (r) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (c) => {
            body += c;
          });
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      // 41 chunks of 1 MB, written as the network takes them (never 41 MB in one buffer).
      const chunk = Buffer.alloc(1024 * 1024, 1);
      let sent = 0;
      const pump = () => {
        while (sent < 41) {
          sent += 1;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(res.status, res.body).toBe(413);
    expect(JSON.parse(res.body).detail).toContain('40 MB');
    // Nothing stored: no import row, no file left in the upload folder.
    expect((await a.client.get('/api/legacy-imports')).json().items).toHaveLength(0);
  });

  it('a file that is not a spreadsheet is a clear 400', async () => {
    const a = await authority();
    const res = await upload(a.client, Buffer.from('not a zip at all'), XLSX);
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain('.xlsx');
  });

  it('SEC-2 only the province regulator or an issuing authority may import; others get 403', async () => {
    const e = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510107' });
    expect((await upload(e.client, csvOf([]))).statusCode).toBe(403);
    const county = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '510107' });
    expect((await upload(county.client, csvOf([]))).statusCode).toBe(403);
    const province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
    expect((await upload(province.client, csvOf([]))).statusCode).toBe(202);
  });

  it('SEC-2 a row managed outside the importer’s jurisdiction is a problem', async () => {
    const city = await signedInAs(p, 'issuing_authority', { kind: 'regulator', regionCode: '510100' });
    const idNumber = makeIdNumber('1988-10-10', 'male', '510304');
    const up = await upload(city.client, csvOf([certRow({ idNumber, name: '冯外市', regionCode: '510304' })]));
    await runJobs();
    const problems = (await city.client.get(`/api/legacy-imports/${up.json().id}/problems`)).json().items;
    expect(problems[0].message).toContain('不在本单位辖区');
  });
});
