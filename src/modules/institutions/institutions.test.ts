// INS-1 filing through the API: institution applies, city reviews, province records, public list.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { CertificateRegister } from '../../kernel/certificates.js';
import { emptyCertificateRegister } from '../../kernel/certificates.js';
import { makeIdNumber, signedInAs, startTestPlatform, type TestPlatform } from '../../testing/harness.js';
import { compliantFacts, compliantTeachers } from './examples.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

async function institutionWithTeachers(regionCode = '510107', categories = ['1']) {
  const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode });
  for (const t of compliantTeachers(categories))
    expect((await inst.client.post('/api/institutions/teachers', t)).statusCode).toBe(201);
  return inst;
}

describe('institution filing (INS-1)', () => {
  it('INS-1 apply → city reviews → province records → listed publicly at once, each step audited', async () => {
    const inst = await institutionWithTeachers();
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    const province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
    const submitted = await inst.client.post('/api/institutions/filings', {
      scope: ['1.1', '1.2'],
      facts: compliantFacts(),
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const filing = submitted.json();
    expect(filing).toMatchObject({
      status: 'submitted',
      scope: [
        { code: '1.1', name: '高压电工作业' },
        { code: '1.2', name: '低压电工作业' },
      ],
    });
    expect(filing.conditions.length).toBeGreaterThan(10);
    expect((await province.client.post(`/api/institutions/filings/${filing.id}/record`)).statusCode).toBe(409);
    const pending = await city.client.get('/api/institutions/filings?status=submitted');
    expect(pending.json().items.map((f: { id: string }) => f.id)).toContain(filing.id);
    const reviewed = await city.client.post(`/api/institutions/filings/${filing.id}/review`, { decision: 'approve' });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().status).toBe('reviewed');
    const before = (await p.app.inject({ method: 'GET', url: '/api/public/institutions' })).json().items;
    expect(before.find((i: { name: string }) => i.name === inst.org!.name)).toBeUndefined();
    const recorded = await province.client.post(`/api/institutions/filings/${filing.id}/record`);
    expect(recorded.json()).toMatchObject({ status: 'filed', statusLabel: '已备案' });
    const pub = await p.app.inject({ method: 'GET', url: '/api/public/institutions' });
    expect(pub.statusCode).toBe(200);
    const listed = pub.json().items.find((i: { name: string }) => i.name === inst.org!.name);
    expect(listed).toMatchObject({ regionCode: '510107', scope: [{ code: '1.1' }, { code: '1.2' }] });
    expect(JSON.stringify(pub.json())).not.toMatch(/李志刚|林晓|teachers|managers/);
    const audit = await city.client.get('/api/audit?pageSize=200');
    const actions = audit
      .json()
      .items.filter((r: { entityId: string }) => r.entityId === filing.id)
      .map((r: { action: string }) => r.action);
    expect(actions.sort()).toEqual([
      'institution.filing_approve',
      'institution.filing_record',
      'institution.filing_submit',
    ]);
  });

  it('INS-2 the city cannot approve a filing with an unmet condition; it returns it with a reason', async () => {
    const inst = await institutionWithTeachers();
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    const facts = compliantFacts();
    facts.premises.exits = 1;
    const filing = (await inst.client.post('/api/institutions/filings', { scope: ['1.1'], facts })).json();
    const refused = await city.client.post(`/api/institutions/filings/${filing.id}/review`, { decision: 'approve' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ rule: 'INS-2', title: '不符合安全生产培训机构基本条件' });
    expect(refused.json().detail).toContain('二、4');
    expect(
      (await city.client.post(`/api/institutions/filings/${filing.id}/review`, { decision: 'return' })).statusCode,
    ).toBe(400);
    const returned = await city.client.post(`/api/institutions/filings/${filing.id}/review`, {
      decision: 'return',
      reason: '安全出口不足2个',
    });
    expect(returned.json()).toMatchObject({ status: 'returned', returnReason: '安全出口不足2个' });
    const again = await inst.client.post('/api/institutions/filings', { scope: ['1.1'], facts: compliantFacts() });
    expect(again.statusCode).toBe(201);
    expect(
      (await inst.client.post('/api/institutions/filings', { scope: ['1.1'], facts: compliantFacts() })).statusCode,
    ).toBe(409);
  });

  it('INS-3 an institution with two teachers for a category is refused at review', async () => {
    const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510104' });
    for (const t of compliantTeachers().slice(0, 2)) await inst.client.post('/api/institutions/teachers', t);
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    const filing = (
      await inst.client.post('/api/institutions/filings', { scope: ['1.2'], facts: compliantFacts() })
    ).json();
    expect(filing.conditions.find((c: { id: string }) => c.id === 'teachers_count_1').status).toBe('not_met');
    const res = await city.client.post(`/api/institutions/filings/${filing.id}/review`, { decision: 'approve' });
    expect(res.json().detail).toContain('电工作业专（兼）职教师3名以上');
  });

  it('INS-1 only the city of the region reviews and only the province records; others get 404 or 403', async () => {
    const inst = await institutionWithTeachers('510703');
    const chengdu = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    const mianyang = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510700' });
    const province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
    const other = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510703' });
    const filing = (
      await inst.client.post('/api/institutions/filings', { scope: ['1.1'], facts: compliantFacts() })
    ).json();
    expect(
      (await chengdu.client.post(`/api/institutions/filings/${filing.id}/review`, { decision: 'approve' })).statusCode,
    ).toBe(404);
    expect((await other.client.get(`/api/institutions/filings/${filing.id}`)).statusCode).toBe(404);
    expect(
      (await province.client.post(`/api/institutions/filings/${filing.id}/review`, { decision: 'approve' })).statusCode,
    ).toBe(403);
    expect(
      (await inst.client.post(`/api/institutions/filings/${filing.id}/review`, { decision: 'approve' })).statusCode,
    ).toBe(403);
    expect(
      (await mianyang.client.post(`/api/institutions/filings/${filing.id}/review`, { decision: 'approve' })).statusCode,
    ).toBe(200);
    expect((await mianyang.client.post(`/api/institutions/filings/${filing.id}/record`)).statusCode).toBe(403);
    expect((await province.client.post(`/api/institutions/filings/${filing.id}/record`)).statusCode).toBe(200);
  });

  it('INS-1 a filing with an unknown operation item is refused with 400', async () => {
    const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510107' });
    const res = await inst.client.post('/api/institutions/filings', { scope: ['99.9'], facts: compliantFacts() });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('scope');
  });
});

describe('teachers and their certificates (INS-4)', () => {
  it('INS-4 a declared certificate the platform does not hold shows 平台未查到, never verified; the seed 002 table exports as xlsx', async () => {
    const inst = await institutionWithTeachers('510107');
    const extra = {
      ...compliantTeachers(['2'])[0],
      name: '孙振华',
      categoryCodes: ['1', '2'],
      certificates: [{ categoryCode: '2', number: 'T02999999', validUntil: '2025-01-01' }],
    };
    expect((await inst.client.post('/api/institutions/teachers', extra)).statusCode).toBe(201);
    const list = (await inst.client.get('/api/institutions/teachers')).json().items;
    expect(list).toHaveLength(4);
    expect(list[0].certificates[0]).toMatchObject({
      verification: 'not_found',
      verificationLabel: '平台未查到',
      platformRefused: false,
    });
    expect(JSON.stringify(list)).not.toContain('verified"');
    const res = await inst.client.get('/api/institutions/teachers/certificates.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as never);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      '序号',
      '考评员（培训教师）',
      '姓名',
      '作业类别',
      '是否持证',
      '证书编号',
      '有效期限',
      '备注',
    ]);
    const rows = [4, 5, 6, 7, 8].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, 5]);
    const row = (name: string, category: string) => rows.find((r) => r[2] === name && r[3] === category)!.slice(1);
    expect(row('李志刚', '电工作业')).toEqual([
      '培训教师',
      '李志刚',
      '电工作业',
      '是（平台未查到，机构申报）',
      'T01000001',
      '2029-12-31',
      '机构申报，尚未与平台证书核验',
    ]);
    expect(row('孙振华', '电工作业')).toEqual(['培训教师', '孙振华', '电工作业', '否', '', '', '未申报证书']);
    expect(row('孙振华', '焊接与热切割作业')).toEqual([
      '培训教师',
      '孙振华',
      '焊接与热切割作业',
      '否（平台未查到，机构申报）',
      'T02999999',
      '2025-01-01',
      '证书已过有效期，请注明预计取证时间',
    ]);
  });

  it('INS-4 the teacher list and the annex table show what the platform register says (平台核验)', async () => {
    const inst = await institutionWithTeachers('510107');
    const register: CertificateRegister = {
      ...emptyCertificateRegister,
      async lookup(_db, q) {
        if (q.number === 'T01000001' && q.holderName === '李志刚')
          return [
            {
              number: q.number,
              itemCode: '1.1',
              categoryCode: '1',
              validFrom: '2023-01-01',
              validUntil: '2029-12-31',
              nextReviewDue: null,
              status: 'revoked',
            },
          ];
        if (q.number === 'T01000002')
          return [
            {
              number: q.number,
              itemCode: '1.2',
              categoryCode: '1',
              validFrom: '2023-01-01',
              validUntil: '2029-12-31',
              nextReviewDue: '2026-01-01',
              status: 'valid',
            },
          ];
        return [];
      },
    };
    const previous = p.ctx.certificates;
    p.ctx.certificates = register;
    try {
      const list = (await inst.client.get('/api/institutions/teachers')).json().items as Array<{
        name: string;
        certificates: Array<{
          number: string;
          verification: string;
          verificationLabel: string;
          platformRefused: boolean;
        }>;
      }>;
      const cert = (n: string) => list.flatMap((t) => t.certificates).find((c) => c.number === n);
      expect(cert('T01000001')).toMatchObject({
        verification: 'revoked',
        verificationLabel: '平台显示已吊销',
        platformRefused: true,
      });
      expect(cert('T01000002')).toMatchObject({
        verification: 'valid',
        verificationLabel: '平台核验有效',
        platformRefused: false,
      });
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await inst.client.get('/api/institutions/teachers/certificates.xlsx')).rawPayload as never);
      const rows = [4, 5, 6].map((n) => (book.worksheets[0].getRow(n).values as unknown[]).slice(1));
      expect(rows.find((r) => r[5] === 'T01000001')!.slice(4)).toEqual([
        '否（平台显示已吊销）',
        'T01000001',
        '2029-12-31',
        '平台显示已吊销，不得从事培训或考评',
      ]);
      expect(rows.find((r) => r[5] === 'T01000002')![4]).toBe('是（平台核验有效）');
    } finally {
      p.ctx.certificates = previous;
    }
  });

  it('EXM-2 a teacher may be registered with an ID number: stored hashed and sealed, shown masked; a bad one is a 400', async () => {
    const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510107' });
    const idNumber = makeIdNumber('1980-01-01');
    const made = await inst.client.post('/api/institutions/teachers', { ...compliantTeachers()[0], idNumber });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().idNumberMasked).toMatch(/^\d{6}\*{8}/);
    expect(made.body).not.toContain(idNumber);
    const [row] = (
      (await p.ctx.db.execute(
        sql`select id_number_hash, id_number_sealed from institution_teachers where id = ${made.json().id}`,
      )) as unknown as { rows: Array<{ id_number_hash: string; id_number_sealed: string }> }
    ).rows;
    expect(row.id_number_hash).toBe(p.ctx.vault.lookupHash('id_number', idNumber));
    expect(p.ctx.vault.open(row.id_number_sealed)).toBe(idNumber);
    expect(
      (
        await inst.client.post('/api/institutions/teachers', {
          ...compliantTeachers()[0],
          idNumber: '510107198001011234',
        })
      ).statusCode,
    ).toBe(400);
  });

  it('INS-4 a certificate for a category the teacher does not teach is refused; removing a teacher is audited', async () => {
    const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510107' });
    const t = {
      ...compliantTeachers()[0],
      certificates: [{ categoryCode: '2', number: 'X1', validUntil: '2029-01-01' }],
    };
    expect((await inst.client.post('/api/institutions/teachers', t)).statusCode).toBe(400);
    const made = (await inst.client.post('/api/institutions/teachers', compliantTeachers()[0])).json();
    expect(
      (await inst.client.inject({ method: 'DELETE', url: `/api/institutions/teachers/${made.id}` })).statusCode,
    ).toBe(204);
    expect((await inst.client.get('/api/institutions/teachers')).json().items).toHaveLength(0);
    const other = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510107' });
    expect(
      (await other.client.inject({ method: 'DELETE', url: `/api/institutions/teachers/${made.id}` })).statusCode,
    ).toBe(404);
  });
});
