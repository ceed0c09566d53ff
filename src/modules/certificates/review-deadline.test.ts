// CER-4: the authority decides a review (复审) within 20 working days of the application; the
// deadline is tracked from the application, reviews past it are listed, and a late decision stays marked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate } from '../../testing/certificates.js';
import { filedInstitution } from '../../testing/institutions.js';
import { linkRegisteredWorker } from '../registry/index.js';
import { enrolTrainee, fileClass, openClass } from '../training/index.js';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  signIn,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const application = {
  healthDeclaration: '社区卫生服务中心体检合格',
  workRecord: '2027-2029 年从事低压电工作业，无违章',
  retrainingHours: 8,
  retrainingExamPassed: true,
  retrainingEvidence: '复审培训 8 学时，考试 92 分',
  tenYearCompliance: false,
};

async function appliedReview(county: string) {
  p.clock.set('2026-11-23T02:00:00Z');
  const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: county });
  const worker = await makeWorker(p, employer.actor, {
    name: '复审人',
    regionCode: county,
    idNumber: makeIdNumber('1980-02-02', 'male', county),
  });
  const c = await issueCertificate(p, worker.id, '1.1');
  const me = await makeUser(p, { role: 'worker', workerId: worker.id });
  // 2029-10-01 (a Monday) is inside the 60 days before the review date 2029-11-23.
  p.clock.set('2029-10-01T02:00:00Z');
  const res = await (await signIn(p, me.username)).post(`/api/certificates/${c.id}/reviews`, application);
  expect(res.statusCode, res.body).toBe(200);
  return { c, review: res.json(), authority: await signIn(p, c.authority.username) };
}

describe('the 20-working-day review deadline (CER-4)', () => {
  it('CER-4 the decision deadline is fixed at application: 20 working days on the authority’s calendar', async () => {
    const { review, authority } = await appliedReview('510104');
    expect(review.decisionDueOn).toBe('2029-10-29');
    const pending = (await authority.get('/api/certificates/reviews/pending')).json();
    expect(pending.find((r: { review: { id: string } }) => r.review.id === review.id).review.decisionDueOn).toBe(
      '2029-10-29',
    );
  });

  it('CER-4 a review past its deadline is listed for the authority and the area’s regulators, not another province; a late decision stays marked', async () => {
    const { review, c } = await appliedReview('510105');
    const sichuan = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
    const guizhou = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '520000' });
    // Sessions end after 12 hours: each moment of the test signs in afresh.
    const overdueAs = async (username: string) =>
      (await (await signIn(p, username)).get('/api/certificates/reviews/overdue')).json();
    const reviewIds = (list: { pendingOverdue: Array<{ reviewId: string }> }) =>
      list.pendingOverdue.map((r) => r.reviewId);
    p.clock.set('2029-10-29T09:00:00Z');
    expect(reviewIds(await overdueAs(sichuan.username))).not.toContain(review.id);
    p.clock.set('2029-11-02T02:00:00Z');
    const overdue = await overdueAs(sichuan.username);
    expect(overdue.pendingOverdue).toContainEqual(
      expect.objectContaining({ reviewId: review.id, number: c.number, decisionDueOn: '2029-10-29', daysLate: 4 }),
    );
    expect(reviewIds(await overdueAs(c.authority.username))).toContain(review.id);
    expect(reviewIds(await overdueAs(guizhou.username))).not.toContain(review.id);
    const late = await (await signIn(p, c.authority.username)).post(`/api/certificates/reviews/${review.id}/decision`, {
      approve: true,
      note: '',
    });
    expect(late.statusCode, late.body).toBe(200);
    const after = await overdueAs(sichuan.username);
    expect(reviewIds(after)).not.toContain(review.id);
    expect(after.decidedLate).toContainEqual(
      expect.objectContaining({ reviewId: review.id, status: 'approved', decidedOn: '2029-11-02' }),
    );
  });

  it('CER-4 a worker or an employer cannot read the overdue list', async () => {
    const e = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510106' });
    expect((await e.client.get('/api/certificates/reviews/overdue')).statusCode).toBe(403);
  });
});

describe('review retraining from the platform’s records (CER-4)', () => {
  it('CER-4 a review class on the platform short of 8 学时 refuses the application whatever hours are declared', async () => {
    p.clock.set('2026-11-23T02:00:00Z');
    const county = '510108';
    const cityOrg = await makeOrg(p, { kind: 'regulator', regionCode: '510100' });
    const provinceOrg = await makeOrg(p, { kind: 'regulator', regionCode: '510000' });
    const city = (await makeUser(p, { role: 'city_regulator', org: cityOrg })).actor;
    const province = (await makeUser(p, { role: 'province_regulator', org: provinceOrg })).actor;
    const inst = await filedInstitution(p, { regionCode: county, city, province, scope: ['1.1'] });
    const idNumber = makeIdNumber('1981-03-03', 'male', county);
    const worker = await makeWorker(p, inst.actor, {
      name: '复训人',
      regionCode: county,
      idNumber,
      intendedItem: '1.1',
      health: {
        issuedAt: '2026-10-01',
        institutionName: '成都市第一人民医院',
        institutionLevel: 'county_or_above',
        disqualifyingConditions: [],
      },
    });
    const c = await issueCertificate(p, worker.id, '1.1');
    const me = await makeUser(p, { role: 'worker', workerId: worker.id });
    p.clock.set('2029-09-20T02:00:00Z');
    const cls = await openClass(p.ctx, inst.actor, {
      itemCode: '1.1',
      kind: 'review',
      name: '低压电工复审培训第9期',
      opensAt: p.clock.now().toISOString(),
    });
    // SEC-2: three years on, the institution's registration has lapsed; the worker coming back renews it.
    await linkRegisteredWorker(p.ctx, inst.actor, { idNumber, name: '复训人' });
    await enrolTrainee(p.ctx, inst.actor, cls.id, worker.id);
    await fileClass(p.ctx, inst.actor, cls.id);
    p.clock.set('2029-10-01T02:00:00Z');
    const res = await (await signIn(p, me.username)).post(`/api/certificates/${c.id}/reviews`, application);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'CER-4', title: '复审培训学时未达到要求' });
    expect(res.json().detail).toContain('低压电工复审培训第9期');
  });
});
