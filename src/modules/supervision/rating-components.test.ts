// INS-5: the rating's components — self-assessment, third-party assessment, training quality,
// inspections, spot exams, trainee reviews — and confirmed integrity flags, each moving the result as
// rules.ts documents; a missing component is 未评估. EXM-11: the exam sites' annual grade.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSiteAsProvince } from '../../testing/sites.js';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  signIn,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
  platformOperator,
} from '../../testing/harness.js';
import { ACCEPTANCE_CHECKLIST, acceptSite, createSession, createSite, decidePlan, filePlan } from '../exams/index.js';
import { examBookings } from '../exams/schema.js';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../institutions/index.js';
import { integrityFlags, integrityScans } from '../integrity/schema.js';
import { setSyllabusHours } from '../catalog/index.js';
import {
  RATING_COMPONENTS,
  REVIEWS_MIN,
  SITE_DEDUCTIONS,
  THIRD_PARTY_GRADE_SCORES,
  assessExamSite,
  assessInstitution,
  combineComponents,
  type RatingFacts,
  type SiteRatingFacts,
} from './rules.js';

let p: TestPlatform;
let city: Awaited<ReturnType<typeof signedInAs>>;
let province: Awaited<ReturnType<typeof signedInAs>>;
const H = 3_600_000;
const health = {
  issuedAt: '2026-10-01',
  institutionName: '成都市第一人民医院',
  institutionLevel: 'county_or_above' as const,
  disqualifyingConditions: [],
};

beforeAll(async () => {
  p = await startTestPlatform();
  city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511300' });
  province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
  await setSyllabusHours(p.ctx, await platformOperator(p), {
    code: '1.1',
    theoryHours: 10,
    practicalHours: 2,
    confirmed: true,
  });
});
afterAll(() => p.close());

const none = (): RatingFacts => ({ findings: [], lateFilings: [], sanctions: [], firstAttempts: null });
const comp = (a: ReturnType<typeof assessInstitution>, key: string) => a.components.find((c) => c.key === key)!;

async function filedInstitution() {
  const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '511302' });
  const teacherIds: string[] = [];
  for (const t of compliantTeachers()) teacherIds.push((await addTeacher(p.ctx, inst.actor, t)).id);
  const filing = await submitFiling(p.ctx, inst.actor, { scope: ['1.1'], facts: compliantFacts() });
  await reviewFiling(p.ctx, city.actor, filing.id, { decision: 'approve' });
  await recordFiling(p.ctx, province.actor, filing.id);
  // INS-4 (issue 17): every session names a certified teacher.
  return { ...inst, teacherId: teacherIds[0] };
}

describe('rating components (INS-5, pure)', () => {
  it('INS-5 a component with no recorded fact is 未评估 and left out; the weights of the assessed ones are rescaled', () => {
    const a = assessInstitution(none(), '2026-11-23');
    expect(a.notAssessed).toEqual([
      '机构自评',
      '第三方评估',
      '培训质量（首次考试合格率）',
      '执法抽查（逢查必考）',
      '学员网上评议',
    ]);
    expect(comp(a, 'third_party')).toMatchObject({ score: null, basis: '尚未登记第三方评估结果' });
    // Only 日常检查 assessed: the score is that component's, not dragged down by zeros for the missing.
    expect(a).toMatchObject({ score: 100, grade: 'A', assessedWeight: RATING_COMPONENTS.inspections.weight });
    expect(
      combineComponents([
        { key: 'x', label: 'x', weight: 20, score: 80, basis: '', facts: [] },
        { key: 'y', label: 'y', weight: 10, score: null, basis: '', facts: [] },
      ]),
    ).toEqual({ score: 80, assessedWeight: 20, notAssessed: ['y'] });
  });

  it('INS-5 each new fact moves the score by its documented weight and names its record', () => {
    const base = assessInstitution(none(), '2026-11-23');
    // Third party 70 (weight 20) beside inspections 100 (weight 25): (100·25 + 70·20) / 45.
    const third = assessInstitution(
      {
        ...none(),
        thirdParty: { id: 't1', assessor: '某评估公司', score: 70, grade: null, reportRef: 'PG-1', on: '2026-06-01' },
      },
      '2026-11-23',
    );
    expect(third.score).toBe(Math.round(((100 * 25 + 70 * 20) / 45) * 10) / 10);
    expect(comp(third, 'third_party').facts).toEqual([
      { type: 'third_party', id: 't1', text: '某评估公司 评估报告 PG-1', on: '2026-06-01' },
    ]);
    // A grade without a score counts as the middle of its band.
    expect(
      comp(
        assessInstitution(
          {
            ...none(),
            thirdParty: { id: 't2', assessor: 'X', score: null, grade: 'B', reportRef: 'R', on: '2026-06-01' },
          },
          '2026-11-23',
        ),
        'third_party',
      ).score,
    ).toBe(THIRD_PARTY_GRADE_SCORES.B);
    // Self-assessment: the mean of its dimensions.
    const self = assessInstitution(
      {
        ...none(),
        selfAssessment: {
          id: 's1',
          scores: [
            { dimension: 'management', score: 80 },
            { dimension: 'training_quality', score: 60 },
          ],
          on: '2026-10-01',
          rated: false,
        },
      },
      '2026-11-23',
    );
    expect(comp(self, 'self_assessment').score).toBe(70);
    expect(self.score).toBeLessThan(base.score);
    // Reviews count from REVIEWS_MIN on: mean of the three scores, on 100.
    const review = (id: string, n: number) => ({
      id,
      classId: 'c',
      teaching: n,
      practical: n,
      honesty: n,
      on: '2026-11-01',
    });
    expect(
      comp(
        assessInstitution({ ...none(), reviews: [review('r1', 4), review('r2', 4)] }, '2026-11-23'),
        'trainee_reviews',
      ).score,
    ).toBeNull();
    expect(REVIEWS_MIN).toBe(3);
    const reviewed = assessInstitution(
      { ...none(), reviews: [review('r1', 4), review('r2', 4), review('r3', 1)] },
      '2026-11-23',
    );
    expect(comp(reviewed, 'trainee_reviews')).toMatchObject({
      score: 60,
      facts: [
        { type: 'class_review', id: 'r1' },
        { type: 'class_review', id: 'r2' },
        { type: 'class_review', id: 'r3' },
      ],
    });
    // Spot exams: the share passed; a fail also deducts points.
    const spot = assessInstitution(
      {
        ...none(),
        spotExams: { taken: 4, passed: 3 },
        spotExamFails: [{ id: 'x1', on: '2026-09-01', label: '张三 1.1 40 分' }],
      },
      '2026-11-23',
    );
    expect(comp(spot, 'spot_exams').score).toBe(75);
    expect(spot.points).toBe(98);
    // INS-5: a confirmed integrity flag deducts 5 points and lowers 日常检查.
    const flagged = assessInstitution(
      { ...none(), integrityFlags: [{ id: 'f1', label: '答案雷同（某考点）', on: '2026-10-10' }] },
      '2026-11-23',
    );
    expect(flagged.points).toBe(95);
    expect(comp(flagged, 'inspections')).toMatchObject({ score: 95, facts: [{ type: 'integrity_flag', id: 'f1' }] });
    expect(flagged.deductions).toEqual([
      {
        kind: 'integrity_flag',
        label: '本机构考生的考试诚信疑点经核实',
        points: 5,
        fact: { type: 'integrity_flag', id: 'f1', text: '答案雷同（某考点）', on: '2026-10-10' },
      },
    ]);
  });

  it('EXM-11 a site loses points for findings, confirmed flags and a pass rate beyond the prediction; idle for a finished year or cancelled is D with cancellation proposed', () => {
    const facts = (o: Partial<SiteRatingFacts> = {}): SiteRatingFacts => ({
      findings: [],
      sanctions: [],
      integrityFlags: [],
      passRate: null,
      sessionsHeld: 3,
      yearEnded: false,
      ...o,
    });
    const clean = assessExamSite(facts(), '2026-11-23');
    expect(clean).toMatchObject({ points: 100, grade: 'A', exitProposed: false, notAssessed: ['合格率与预测对比'] });
    const bad = assessExamSite(
      facts({
        integrityFlags: [{ id: 'f', label: '答案雷同', on: '2026-10-01' }],
        passRate: {
          scanId: 's',
          on: '2026-10-02',
          n: 80,
          observedRate: 0.98,
          expectedRate: 0.7,
          z: 4.1,
          flagged: true,
        },
      }),
      '2026-11-23',
    );
    expect(bad.points).toBe(100 - SITE_DEDUCTIONS.integrity_flag.points - SITE_DEDUCTIONS.pass_rate_anomaly.points);
    expect(bad.deductions.find((d) => d.kind === 'pass_rate_anomaly')!.fact).toMatchObject({
      type: 'integrity_scan',
      id: 's',
    });
    expect(bad.grade).toBe('B');
    expect(assessExamSite(facts({ sessionsHeld: 0, yearEnded: true }), '2027-01-05')).toMatchObject({
      grade: 'D',
      exitProposed: true,
    });
    expect(assessExamSite(facts({ sessionsHeld: 0, yearEnded: false }), '2026-11-23')).toMatchObject({
      grade: 'A',
      exitProposed: false,
    });
    expect(
      assessExamSite(
        facts({ sanctions: [{ id: 'c', kind: 'cancel_site', caseNo: '案1', on: '2026-05-01' }] }),
        '2026-11-23',
      ),
    ).toMatchObject({ points: 0, grade: 'D', exitProposed: true });
  });
});

describe('recorded components (INS-5)', () => {
  it('INS-5 a trainee reviews only an ended class, only once, and the institution reads it without the trainee', async () => {
    const inst = await filedInstitution();
    const opens = p.clock.now();
    const cls = (
      await inst.client.post('/api/training/classes', {
        itemCode: '1.1',
        name: '评议测试班',
        opensAt: opens.toISOString(),
      })
    ).json();
    await inst.client.post(`/api/training/classes/${cls.id}/file`);
    const endsAt = new Date(opens.getTime() + 4 * H);
    expect(
      (
        await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
          subject: 'theory',
          mode: 'offline',
          topic: '安全法规',
          teacherId: inst.teacherId,
          startsAt: new Date(opens.getTime() + H).toISOString(),
          endsAt: endsAt.toISOString(),
        })
      ).statusCode,
    ).toBe(201);
    const worker = await makeWorker(p, inst.actor, {
      idNumber: makeIdNumber('1991-01-01'),
      name: '赵评议',
      intendedItem: '1.1',
      health,
    });
    expect(
      (await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: worker.id })).statusCode,
    ).toBe(201);
    const self = await makeUser(p, { role: 'worker', workerId: worker.id });
    const outsider = await makeUser(p, {
      role: 'worker',
      workerId: (await makeWorker(p, inst.actor, { idNumber: makeIdNumber('1992-02-02'), name: '钱路人' })).id,
    });
    const body = { teaching: 5, practical: 4, honesty: 5, comment: '老师讲得清楚' };

    let trainee = await signIn(p, self.username);
    const early = await trainee.post(`/api/training/classes/${cls.id}/review`, body);
    expect(early.json()).toMatchObject({ status: 422, rule: 'INS-5', detail: '培训班结束后才能评议。' });
    expect((await trainee.get('/api/training/me/reviews')).json().items[0]).toMatchObject({
      classId: cls.id,
      ended: false,
      review: null,
    });

    p.clock.set(new Date(endsAt.getTime() + 1000));
    trainee = await signIn(p, self.username);
    expect(
      (await (await signIn(p, outsider.username)).post(`/api/training/classes/${cls.id}/review`, body)).statusCode,
    ).toBe(404);
    expect((await trainee.post(`/api/training/classes/${cls.id}/review`, { ...body, honesty: 6 })).statusCode).toBe(
      400,
    );
    const ok = await trainee.post(`/api/training/classes/${cls.id}/review`, body);
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await trainee.post(`/api/training/classes/${cls.id}/review`, body)).statusCode).toBe(409);
    expect((await trainee.get('/api/training/me/reviews')).json().items[0]).toMatchObject({
      ended: true,
      review: { teaching: 5, practical: 4, honesty: 5 },
    });

    const seen = (await (await signIn(p, inst.username)).get('/api/training/reviews')).json().items;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ className: '评议测试班', teaching: 5, comment: '老师讲得清楚' });
    expect(JSON.stringify(seen)).not.toContain(worker.id);
    expect(JSON.stringify(seen)).not.toContain('赵评议');

    // The review is a recorded fact of the rating (below REVIEWS_MIN it is listed, not yet counted).
    const detail = (await (await signIn(p, city.username)).get(`/api/ratings/2026/${inst.org!.id}`)).json();
    const c = detail.components.find((x: { key: string }) => x.key === 'trainee_reviews');
    expect(c).toMatchObject({ score: null, facts: [{ type: 'class_review', id: ok.json().id }] });
    p.clock.set(opens);
  });

  it('INS-5 the self-assessment is editable until the regulator rates; the third-party result is recorded; both count, then publishing freezes and shows the grade', async () => {
    const inst = await filedInstitution();
    const scores = (n: number) =>
      ['training_quality', 'management', 'teachers_facilities', 'trainee_service'].map((dimension) => ({
        dimension,
        score: n,
        evidence: '台账与照片',
      }));
    let client = await signIn(p, inst.username);
    expect((await client.get('/api/self-assessments/2026')).json()).toMatchObject({ assessment: null, editable: true });
    const partial = await client.put('/api/self-assessments/2026', { scores: scores(90).slice(0, 2), summary: '' });
    expect(partial.statusCode).toBe(400);
    expect(
      (await client.put('/api/self-assessments/2026', { scores: scores(90), summary: '年度自评' })).statusCode,
    ).toBe(200);
    expect(
      (await client.put('/api/self-assessments/2026', { scores: scores(80), summary: '修改后' })).json(),
    ).toMatchObject({ summary: '修改后', ratedAt: null });

    const reg = await signIn(p, city.username);
    const url = `/api/ratings/2026/${inst.org!.id}`;
    expect(
      (
        await reg.put(`${url}/third-party`, {
          assessor: '四川安评咨询有限公司',
          reportRef: 'PG-2026-18',
          assessedOn: '2026-10-20',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await reg.put(`${url}/third-party`, {
          assessor: '四川安评咨询有限公司',
          score: 70,
          reportRef: 'PG-2026-18',
          assessedOn: '2026-12-20',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await client.put(`${url}/third-party`, { assessor: 'X', score: 70, reportRef: 'R', assessedOn: '2026-10-20' }))
        .statusCode,
    ).toBe(403);
    const rec = await reg.put(`${url}/third-party`, {
      assessor: '四川安评咨询有限公司',
      score: 70,
      reportRef: 'PG-2026-18',
      assessedOn: '2026-10-20',
    });
    expect(rec.statusCode, rec.body).toBe(200);

    const detail = (await reg.get(url)).json();
    const byKey = Object.fromEntries(
      detail.components.map((c: { key: string; score: number | null }) => [c.key, c.score]),
    );
    expect(byKey).toMatchObject({ self_assessment: 80, third_party: 70, inspections: 100, training_quality: null });
    // (80·10 + 70·20 + 100·25) / 55
    expect(detail.score).toBe(Math.round(((80 * 10 + 70 * 20 + 100 * 25) / 55) * 10) / 10);
    expect(detail.grade).toBe('B');
    expect(detail.thirdParty).toMatchObject({ assessor: '四川安评咨询有限公司', score: 70, reportRef: 'PG-2026-18' });

    expect((await reg.post('/api/ratings/2026/publish')).statusCode).toBe(200);
    client = await signIn(p, inst.username);
    expect((await client.get('/api/self-assessments/2026')).json()).toMatchObject({ editable: false });
    expect(
      (await client.put('/api/self-assessments/2026', { scores: scores(100), summary: '再改' })).json(),
    ).toMatchObject({ status: 422, rule: 'INS-5' });
    const listed = (await p.app.inject({ method: 'GET', url: '/api/public/institutions' }))
      .json()
      .items.find((i: { orgId: string }) => i.orgId === inst.org!.id);
    expect(listed).toMatchObject({ rating: { rating: 'B', year: 2026 } });
  });

  it('INS-5 a confirmed integrity flag of a candidate the institution booked counts against it; an open one does not', async () => {
    const inst = await filedInstitution();
    const worker = await makeWorker(p, inst.actor, { idNumber: makeIdNumber('1993-03-03'), name: '孙考生' });
    const sessionId = randomUUID();
    await p.ctx.db.insert(examBookings).values({
      sessionId,
      workerId: worker.id,
      applicantOrgId: inst.org!.id,
      attempt: 'first',
      status: 'allocated',
      eligibility: {},
      submittedAt: p.clock.now(),
    });
    const flag = (status: 'open' | 'confirmed') => ({
      dedupeKey: randomUUID(),
      scanId: randomUUID(),
      kind: 'answer_similarity',
      rule: 'INT-2',
      subject: 'attempt' as const,
      workerId: worker.id,
      sessionId,
      siteId: randomUUID(),
      siteName: '某考点',
      centreOrgId: randomUUID(),
      regionCode: '511302',
      method: 'm',
      version: '1',
      statistic: 's',
      value: 1,
      threshold: 0.5,
      score: 1,
      detail: {},
      evidence: {},
      status,
      createdAt: p.clock.now(),
      updatedAt: p.clock.now(),
      decidedAt: status === 'confirmed' ? p.clock.now() : null,
    });
    const [confirmed] = await p.ctx.db
      .insert(integrityFlags)
      .values([flag('confirmed'), flag('open')])
      .returning();
    const detail = (await (await signIn(p, city.username)).get(`/api/ratings/2026/${inst.org!.id}`)).json();
    expect(detail.deductions.map((d: { kind: string; fact: { id: string } }) => [d.kind, d.fact.id])).toEqual([
      ['integrity_flag', confirmed.id],
    ]);
    expect(detail.points).toBe(95);
  });
});

describe('exam-site grades (EXM-11)', () => {
  it('EXM-11 a site is graded from its sessions, confirmed flags and pass rate against the prediction; publishing shows the grade publicly', async () => {
    const centre = await makeOrg(p, { kind: 'exam_centre', regionCode: '511300' });
    const staff = await makeUser(p, { role: 'exam_centre_staff', org: centre });
    const site = await createSite(p.ctx, staff.actor, {
      name: '顺庆区考试点',
      address: '南充市顺庆区 1 号',
      regionCode: '511302',
      rooms: [{ name: '理论考场', seats: 30 }],
      stations: [{ name: '低压配电柜', itemCodes: ['1.2'], real: true }],
      itemCodes: ['1.2'],
    });
    await acceptSite(
      p.ctx,
      city.actor,
      site.id,
      ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true })),
    );
    await fileSiteAsProvince(p, site.id); // EXM-1: the province files what the city accepted
    const reg = await signIn(p, city.username);
    const row = () =>
      reg
        .get('/api/site-ratings/2026')
        .then((r) => r.json().items.find((i: { siteId: string }) => i.siteId === site.id));
    expect(await row()).toMatchObject({
      points: 100,
      grade: 'A',
      sessionsHeld: 0,
      notAssessed: ['合格率与预测对比', '考试场次'],
    });

    const plan = await filePlan(p.ctx, staff.actor, {
      title: '11 月计划',
      regulatorOrgId: city.org!.id,
      lines: [{ siteId: site.id, itemCode: '1.2', date: '2026-11-23', capacity: 30 }],
    });
    await decidePlan(p.ctx, city.actor, plan.id, { approve: true });
    await createSession(p.ctx, staff.actor, { planId: plan.id, line: 0, startTime: '10:20' });
    const scanId = randomUUID();
    await p.ctx.db.insert(integrityScans).values({
      id: scanId,
      trigger: 'manual',
      scope: {},
      status: 'done',
      createdAt: p.clock.now(),
      finishedAt: p.clock.now(),
      sites: [
        {
          siteId: site.id,
          n: 60,
          passes: 59,
          observedRate: 0.983,
          expectedRate: 0.72,
          z: 4.4,
          pValue: 0.0001,
          qValue: 0.001,
          flagged: true,
        },
      ],
    });
    await p.ctx.db.insert(integrityFlags).values({
      dedupeKey: randomUUID(),
      scanId,
      kind: 'machine_answering',
      rule: 'INT-1',
      subject: 'attempt',
      workerId: randomUUID(),
      sessionId: randomUUID(),
      siteId: site.id,
      siteName: site.name,
      centreOrgId: centre.id,
      regionCode: '511302',
      method: 'm',
      version: '1',
      statistic: 's',
      value: 1,
      threshold: 0.5,
      score: 1,
      detail: {},
      evidence: {},
      status: 'confirmed',
      createdAt: p.clock.now(),
      updatedAt: p.clock.now(),
      decidedAt: p.clock.now(),
    });
    expect(await row()).toMatchObject({ points: 80, grade: 'B', sessionsHeld: 1, notAssessed: [] });
    const detail = (await reg.get(`/api/site-ratings/2026/${site.id}`)).json();
    expect(detail.deductions.map((d: { kind: string }) => d.kind).sort()).toEqual([
      'integrity_flag',
      'pass_rate_anomaly',
    ]);
    expect(detail.deductions.find((d: { kind: string }) => d.kind === 'pass_rate_anomaly').fact).toMatchObject({
      type: 'integrity_scan',
      id: scanId,
    });
    expect((await reg.get(`/api/site-ratings/2026/${randomUUID()}`)).statusCode).toBe(404);

    expect((await reg.post('/api/ratings/2026/publish')).statusCode).toBe(200);
    const pub = (await p.app.inject({ method: 'GET', url: '/api/public/exam-site-ratings' }))
      .json()
      .items.find((i: { siteId: string }) => i.siteId === site.id);
    expect(pub).toEqual({ siteId: site.id, rating: 'B', year: 2026, points: 80 });
    expect((await row()).published).toMatchObject({ rating: 'B', year: 2026 });
  });
});
