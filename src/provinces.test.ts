// Several provinces on one deployment (issue 16): Sichuan (510000) and Guizhou (520000) side by side.
// Each province's regulators see only their province; a person registered once moves between them
// with one archive; a certificate of one province verifies and counts (EMP-1) in the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate } from './testing/certificates.js';
import { makeIdNumber, makeWorker, signedInAs, startTestPlatform, type TestPlatform } from './testing/harness.js';

let p: TestPlatform;
let sc: Awaited<ReturnType<typeof setUp>>;
let gz: Awaited<ReturnType<typeof setUp>>;

async function setUp(province: string, city: string, county: string, name: string) {
  const regulator = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: province });
  const cityRegulator = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: city });
  const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: county });
  const idNumber = makeIdNumber('1984-08-08', 'male', county);
  const worker = await makeWorker(p, employer.actor, { idNumber, name, regionCode: county });
  const certificate = await issueCertificate(p, worker.id, '4.1', { issuedAt: new Date('2025-03-10T02:00:00Z') });
  return { regulator, cityRegulator, employer, idNumber, worker, certificate };
}

beforeAll(async () => {
  p = await startTestPlatform();
  sc = await setUp('510000', '510100', '510107', '蜀焊工');
  gz = await setUp('520000', '520100', '520102', '黔焊工');
});
afterAll(() => p.close());

const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);

describe('each province’s regulators see only their province (SEC-2)', () => {
  it('SEC-2 worker lists and records: Guizhou sees its own people, not Sichuan’s, and the other way round', async () => {
    const gzList = (await gz.regulator.client.get('/api/workers?pageSize=100')).json();
    expect(ids(gzList.items)).toContain(gz.worker.id);
    expect(ids(gzList.items)).not.toContain(sc.worker.id);
    expect((await gz.regulator.client.get(`/api/workers/${sc.worker.id}`)).statusCode).toBe(404);
    expect((await gz.cityRegulator.client.get(`/api/workers/${sc.worker.id}/archive`)).statusCode).toBe(404);
    const scList = (await sc.regulator.client.get('/api/workers?pageSize=100')).json();
    expect(ids(scList.items)).toContain(sc.worker.id);
    expect(ids(scList.items)).not.toContain(gz.worker.id);
  });

  it('SEC-2 organisations and certificates: nothing of the other province is listed', async () => {
    const orgs = (await gz.regulator.client.get('/api/organisations?pageSize=100')).json();
    expect(orgs.items.length).toBeGreaterThan(0);
    expect(orgs.items.every((o: { regionCode: string }) => o.regionCode.startsWith('52'))).toBe(true);
    const certs = (await gz.regulator.client.get('/api/certificates?pageSize=100')).json();
    const numbers = certs.items.map((c: { number: string }) => c.number);
    expect(numbers).toContain(gz.certificate.number);
    expect(numbers).not.toContain(sc.certificate.number);
    expect((await gz.regulator.client.get(`/api/certificates/${sc.certificate.id}`)).statusCode).toBe(404);
  });

  it('SEC-2 dashboards: a province cannot open the other’s dashboard, and its own counts only its region', async () => {
    const other = await gz.regulator.client.get('/api/analytics/dashboard?region=510000');
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ rule: 'SEC-2' });
    const own = await gz.regulator.client.get('/api/analytics/dashboard');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().children.every((c: { code: string }) => c.code.startsWith('52'))).toBe(true);
    const records = await gz.regulator.client.get('/api/analytics/dashboard/certificates_expiring?pageSize=100');
    expect(records.statusCode, records.body).toBe(200);
    expect(JSON.stringify(records.json())).not.toContain(sc.certificate.number);
  });
});

describe('one national person, one archive', () => {
  it('REG-1 a Sichuan worker hired in Guizhou is not registered twice; Guizhou’s regulators then see the one record and archive', async () => {
    const again = await gz.employer.client.post('/api/workers', {
      name: '蜀焊工',
      idNumber: sc.idNumber,
      education: 'senior_high',
      regionCode: '520102',
    });
    expect(again.statusCode).toBe(409);
    const hired = await gz.employer.client.post('/api/employments', {
      idNumber: sc.idNumber,
      kind: 'own',
      itemCodes: ['4.1'],
      hiredOn: '2026-11-20',
    });
    expect(hired.statusCode, hired.body).toBe(201);
    expect(hired.json().workerId).toBe(sc.worker.id);
    const seen = await gz.regulator.client.get(`/api/workers/${sc.worker.id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    const archive = JSON.stringify((await gz.cityRegulator.client.get(`/api/workers/${sc.worker.id}/archive`)).json());
    // The Sichuan certificate and the Guizhou employment are in the same archive.
    expect(archive).toContain(sc.certificate.number);
    // Sichuan still sees its registered person.
    expect((await sc.regulator.client.get(`/api/workers/${sc.worker.id}`)).statusCode).toBe(200);
    const gzList = (await gz.regulator.client.get('/api/workers?pageSize=100')).json();
    expect(ids(gzList.items)).toContain(sc.worker.id);
  });
});

describe('a certificate of one province counts in the other (CER-3, EMP-1)', () => {
  it('CER-3 a Guizhou certificate verifies publicly on the one deployment', async () => {
    const res = await p.app.inject({
      method: 'GET',
      url: `/api/public/certificates/verify?number=${gz.certificate.number}&name=${encodeURIComponent('黔焊工')}`,
      remoteAddress: '203.0.113.81',
    });
    expect(res.json()).toMatchObject({ status: 'valid', itemCode: '4.1' });
  });

  it('EMP-1 a Sichuan employer checks and hires the holder of a Guizhou certificate', async () => {
    const check = await sc.employer.client.post('/api/employer/certificate-checks', {
      number: gz.certificate.number,
      name: '黔焊工',
    });
    expect(check.json()).toMatchObject({ result: 'valid', source: 'platform' });
    const hired = await sc.employer.client.post('/api/employments', {
      idNumber: gz.idNumber,
      kind: 'own',
      itemCodes: ['4.1'],
      hiredOn: '2026-11-20',
    });
    expect(hired.statusCode, hired.body).toBe(201);
  });
});
