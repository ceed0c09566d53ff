// Per-province settings through the API: who edits (only the province's own regulator), versions
// and effective dates, the national floors, the audit, and each setting read where its rule acts —
// with province B's change leaving province A's untouched.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../institutions/index.js';
import {
  makeIdNumber,
  makeWorker,
  queryRows,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';
import { nationalPracticalStandard } from '../exams/index.js';
import { applyDirect, reviewDirect, trainingStanding } from '../training/index.js';
import { makeUser } from '../../testing/harness.js';

let p: TestPlatform;
type Signed = Awaited<ReturnType<typeof signedInAs>>;
let sichuan: Signed, zhejiang: Signed, chengdu: Signed, hangzhou: Signed;
const TODAY = '2026-11-23';

beforeAll(async () => {
  p = await startTestPlatform();
  sichuan = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
  zhejiang = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '330000' });
  chengdu = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
  hangzhou = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '330100' });
});
afterAll(() => p.close());

const record = (who: Signed, province: string, kind: string, body: Record<string, unknown>) =>
  who.client.post(`/api/settings/provinces/${province}/${kind}`, { effectiveFrom: TODAY, key: '', ...body });
const read = async (who: Signed, province: string, kind: string) => {
  const res = await who.client.get(`/api/settings/provinces/${province}/${kind}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const settingRows = (kind: string) =>
  queryRows(p, sql`select province_code, key from province_settings where kind = ${kind}`);

/** A filed institution in `county` (city regulator reviews, province records: INS-1) for items 1.1 and 1.2. */
async function filedInstitution(county: string, city: Signed, province: Signed) {
  const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: county });
  for (const t of compliantTeachers()) await addTeacher(p.ctx, inst.actor, t);
  const filing = await submitFiling(p.ctx, inst.actor, { scope: ['1.1', '1.2'], facts: compliantFacts() });
  await reviewFiling(p.ctx, city.actor, filing.id, { decision: 'approve' });
  await recordFiling(p.ctx, province.actor, filing.id);
  return inst;
}
const openClass = (inst: Signed, itemCode: string) =>
  inst.client.post('/api/training/classes', {
    itemCode,
    name: `${itemCode} 第1期`,
    opensAt: p.clock.now().toISOString(),
  });

describe('who edits a province setting', () => {
  it('CAT-2 only the province regulator of that province edits; a city, another province and the administrator are refused, nothing written', async () => {
    const body = { key: '1.1', value: { theoryHours: 80, practicalHours: 40 } };
    const admin = await signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '110000' });
    const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510107' });
    for (const who of [chengdu, zhejiang, admin, inst]) {
      const res = await record(who, '510000', 'syllabus_hours', body);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await settingRows('syllabus_hours')).toHaveLength(0);
    // Others read: the settings are the rules a province's people are held to.
    const seen = await read(zhejiang, '510000', 'syllabus_hours');
    expect(seen).toMatchObject({ provinceName: '四川省', editable: false, rule: 'CAT-2' });
    expect(seen.keys).toHaveLength(51);
    expect(
      (await p.app.inject({ method: 'GET', url: '/api/settings/provinces/510000/syllabus_hours' })).statusCode,
    ).toBe(401);
    expect((await read(sichuan, '510000', 'syllabus_hours')).editable).toBe(true);
  });

  it('CAT-2 bad input is refused in Chinese naming the rule, and nothing is written', async () => {
    const cases: Array<[string, Record<string, unknown>, number, string | undefined]> = [
      ['syllabus_hours', { key: '1.1', value: { theoryHours: 0, practicalHours: 40 } }, 422, 'CAT-2'],
      ['syllabus_hours', { key: '1.1', value: { theoryHours: 80 } }, 422, 'CAT-2'],
      ['syllabus_hours', { key: '12.9', value: { theoryHours: 80, practicalHours: 40 } }, 400, undefined],
      [
        'syllabus_hours',
        { key: '1.1', value: { theoryHours: 80, practicalHours: 40 }, effectiveFrom: '2026-11-22' },
        400,
        undefined,
      ],
      ['rating_weights', { value: { self_assessment: 50 } }, 422, 'INS-5'],
      [
        'risk_weights',
        { value: { uncertified: -1, overdueFilings: 2, certificatesAtRisk: 1, injuries: 4 } },
        422,
        'SUP-1',
      ],
      ['legal_bases', { key: 'XXX-01', value: { legalBasis: '某某条例' } }, 422, 'SUP-4'],
      [
        'calendar',
        { key: '2027', value: { days: [{ day: '2028-01-01', working: false, note: '元旦' }] } },
        422,
        'CER-1',
      ],
    ];
    for (const [kind, body, status, rule] of cases) {
      const res = await record(sichuan, '510000', kind, body);
      expect(res.statusCode, `${kind} ${res.body}`).toBe(status);
      if (rule) expect(res.json()).toMatchObject({ rule });
      expect(res.json().detail).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(
      (
        await sichuan.client.post('/api/settings/provinces/510000/nonsense', {
          key: '',
          value: 1,
          effectiveFrom: TODAY,
        })
      ).statusCode,
    ).toBe(400);
    expect((await sichuan.client.get('/api/settings/provinces/990000/risk_weights')).statusCode).toBe(404);
    expect(await queryRows(p, sql`select 1 from province_settings`)).toHaveLength(0);
  });

  it('EXM-9 and REG-3 a province may be stricter than the catalogue, never looser', async () => {
    const looser = await record(sichuan, '510000', 'item_details', {
      key: '1.2',
      value: { requiresRealEquipment: false, minEducation: 'junior_high' },
    });
    expect(looser.statusCode).toBe(422);
    expect(looser.json().detail).toContain('EXM-9');
    const lowerEducation = await record(sichuan, '510000', 'item_details', {
      key: '9.1',
      value: { requiresRealEquipment: false, minEducation: 'junior_high' },
    });
    expect(lowerEducation.json().detail).toContain('REG-3');
    const stricter = await record(sichuan, '510000', 'item_details', {
      key: '8.1',
      value: { requiresRealEquipment: true, minEducation: 'senior_high' },
    });
    expect(stricter.statusCode, stricter.body).toBe(201);
  });
});

describe('versions, effective dates and the audit', () => {
  it('SEC-1 each version is audited with the value it replaces; a future version is listed but not yet in force', async () => {
    const national = {
      self_assessment: 10,
      third_party: 20,
      training_quality: 20,
      inspections: 25,
      spot_exams: 10,
      trainee_reviews: 15,
    };
    const now = { ...national, inspections: 35, third_party: 10 };
    const later = { ...now, spot_exams: 20, trainee_reviews: 5 };
    expect((await record(sichuan, '510000', 'rating_weights', { value: now, note: '加重日常检查' })).statusCode).toBe(
      201,
    );
    expect(
      (await record(sichuan, '510000', 'rating_weights', { value: later, effectiveFrom: '2027-01-01' })).statusCode,
    ).toBe(201);
    const page = await read(sichuan, '510000', 'rating_weights');
    expect(page.keys[0].national).toEqual(national);
    expect(page.keys[0].inForce).toMatchObject({ value: now, effectiveFrom: TODAY, note: '加重日常检查' });
    expect(page.keys[0].versions.map((v: { effectiveFrom: string }) => v.effectiveFrom)).toEqual(['2027-01-01', TODAY]);
    const audit = await queryRows<{ before: unknown; after: unknown; actor_user_id: string; region_code: string }>(
      p,
      sql`select before, after, actor_user_id, region_code from audit_records where action = 'settings.record' and entity_id = '510000:rating_weights:' order by seq`,
    );
    expect(audit).toEqual([
      {
        before: { value: national, source: 'national' },
        after: { value: now, effectiveFrom: TODAY, note: '加重日常检查' },
        actor_user_id: sichuan.actor.userId,
        region_code: '510000',
      },
      {
        before: { value: now, effectiveFrom: TODAY, source: 'province' },
        after: { value: later, effectiveFrom: '2027-01-01', note: '' },
        actor_user_id: sichuan.actor.userId,
        region_code: '510000',
      },
    ]);
    // Zhejiang has set nothing: it reads the national weights.
    expect((await read(zhejiang, '330000', 'rating_weights')).keys[0].inForce).toBeNull();
  });
});

describe('each setting is read where its rule acts, province by province', () => {
  it("CAT-2 a class is opened on its own province's syllabus hours; Zhejiang's change leaves Sichuan's classes alone", async () => {
    const scInst = await filedInstitution('510107', chengdu, sichuan);
    const zjInst = await filedInstitution('330106', hangzhou, zhejiang);
    // Neither province nor the catalogue has hours for 1.2 yet: no class (CAT-2).
    expect((await openClass(scInst, '1.2')).json()).toMatchObject({ rule: 'CAT-2' });
    expect(
      (
        await record(sichuan, '510000', 'syllabus_hours', {
          key: '1.2',
          value: { theoryHours: 80, practicalHours: 40 },
        })
      ).statusCode,
    ).toBe(201);
    const sc = await openClass(scInst, '1.2');
    expect(sc.statusCode, sc.body).toBe(201);
    expect(sc.json()).toMatchObject({ syllabus: { theory: 80, practical: 40 } });
    expect((await openClass(zjInst, '1.2')).json()).toMatchObject({ rule: 'CAT-2' });
    expect(
      (
        await record(zhejiang, '330000', 'syllabus_hours', {
          key: '1.2',
          value: { theoryHours: 96, practicalHours: 48 },
        })
      ).statusCode,
    ).toBe(201);
    expect((await openClass(zjInst, '1.2')).json()).toMatchObject({ syllabus: { theory: 96, practical: 48 } });
    expect((await openClass(scInst, '1.2')).json()).toMatchObject({ syllabus: { theory: 80, practical: 40 } });
    expect(
      (await read(sichuan, '510000', 'syllabus_hours')).keys.find((k: { key: string }) => k.key === '1.2').inForce
        .value,
    ).toEqual({
      theoryHours: 80,
      practicalHours: 40,
    });
  });

  it("REG-3 and EXM-9 a province's stricter item details apply to its people and sessions only", async () => {
    expect(
      (
        await record(sichuan, '510000', 'item_details', {
          key: '7.1',
          value: { requiresRealEquipment: true, minEducation: 'senior_high' },
        })
      ).statusCode,
    ).toBe(201);
    const health = {
      issuedAt: '2026-10-01',
      institutionName: '县人民医院',
      institutionLevel: 'county_or_above' as const,
      disqualifyingConditions: [],
    };
    const education = async (county: string) => {
      const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: county });
      const worker = await makeWorker(p, inst.actor, {
        education: 'junior_high',
        health,
        regionCode: county,
        idNumber: makeIdNumber('1990-03-03', 'male', county),
      });
      const res = await inst.client.get(`/api/workers/${worker.id}/eligibility?item=7.1`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().checks.find((c: { code: string }) => c.code === 'education').passed as boolean;
    };
    expect(await education('510107')).toBe(false);
    expect(await education('330106')).toBe(true);
    const examiners = async (city: string) =>
      (
        await (
          await signedInAs(p, 'examiner', { kind: 'exam_centre', regionCode: city })
        ).client.get('/api/exams/standards/7.1')
      ).json().examiners;
    expect(await examiners('510100')).toBe(2);
    expect(await examiners('330100')).toBe(1);
  });

  it("EXM-7 the practical standard in force is the province's; the other province keeps the national one", async () => {
    const national = nationalPracticalStandard({ categoryCode: '2', requiresRealEquipment: true });
    expect(national.subjects.flatMap((s) => s.commonSubjects).sort()).toEqual([
      'extinguisher',
      'protective_dressing',
      'wound_dressing',
    ]);
    const own = {
      subjects: [
        ...national.subjects.slice(0, 3).map((s) => (s.code === 'K2' ? { ...s, maxScore: 30 } : s)),
        { ...national.subjects[3], maxScore: 25 },
        {
          code: 'K5',
          name: '气瓶搬运与存放',
          maxScore: 15,
          realEquipment: true,
          commonSubjects: [],
          criteria: ['气瓶直立固定', '防倾倒措施'],
        },
      ],
    };
    const dropped = await record(zhejiang, '330000', 'practical_standard', {
      key: '2.1',
      value: { subjects: own.subjects.map((s) => ({ ...s, commonSubjects: [] })) },
    });
    expect(dropped.statusCode).toBe(422);
    expect(dropped.json()).toMatchObject({ rule: 'EXM-7' });
    expect(dropped.json().detail).toContain('灭火器的选择和使用');
    expect((await record(zhejiang, '330000', 'practical_standard', { key: '2.1', value: own })).statusCode).toBe(201);
    const zjExaminer = await signedInAs(p, 'examiner', { kind: 'exam_centre', regionCode: '330100' });
    const scExaminer = await signedInAs(p, 'examiner', { kind: 'exam_centre', regionCode: '510100' });
    const zj = (await zjExaminer.client.get('/api/exams/standards/2.1')).json();
    expect(zj).toMatchObject({ source: 'province', effectiveFrom: TODAY, examiners: 2 });
    expect(zj.subjects.map((s: { code: string }) => s.code)).toEqual(['K1', 'K2', 'K3', 'K4', 'K5']);
    const sc = (await scExaminer.client.get('/api/exams/standards/2.1')).json();
    expect(sc).toMatchObject({ source: 'national', subjects: national.subjects });
  });

  it('SUP-1 the risk-weighted draw weighs by the planning province’s weights', async () => {
    await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510108' });
    await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '330102' });
    const weights = { uncertified: 9, overdueFilings: 3, certificatesAtRisk: 2, injuries: 6 };
    expect((await record(sichuan, '510000', 'risk_weights', { value: weights })).statusCode).toBe(201);
    const factorWeights = async (who: Signed) => {
      const res = await who.client.get('/api/inspection-plans/2026/employer-risk');
      expect(res.statusCode, res.body).toBe(200);
      const first = res.json().items[0];
      return Object.fromEntries(first.factors.map((f: { factor: string; weight: number }) => [f.factor, f.weight]));
    };
    expect(await factorWeights(chengdu)).toEqual(weights);
    expect(await factorWeights(hangzhou)).toEqual({
      uncertified: 5,
      overdueFilings: 2,
      certificatesAtRisk: 1,
      injuries: 4,
    });
  });

  it('INS-5 the rating table of a province uses its component weights', async () => {
    const sc = (await chengdu.client.get('/api/ratings/2026')).json();
    expect(sc.components.inspections.weight).toBe(35);
    const zj = (await hangzhou.client.get('/api/ratings/2026')).json();
    expect(zj.components.inspections.weight).toBe(25);
  });

  it("SUP-4 a decision cites the legal basis its province has restated; another province's stays the catalogue's", async () => {
    const basis = '《四川省安全生产条例》第六十一条；《特种作业人员安全技术培训考核管理规定》第三十九条';
    expect(
      (await record(sichuan, '510000', 'legal_bases', { key: 'EMP-02', value: { legalBasis: basis } })).statusCode,
    ).toBe(201);
    const decide = async (city: Signed, county: string) => {
      const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: county });
      const opened = await city.client.post('/api/cases', {
        source: 'manual',
        partyKind: 'employer',
        partyId: employer.org!.id,
        violationCode: 'EMP-02',
        facts: '现场检查发现无证电工作业。',
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const res = await city.client.post(`/api/cases/${opened.json().id}/decision`, {
        reasoning: '事实清楚，证据确凿。',
        sanctions: ['rectify'],
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().decision.legalBasis as string;
    };
    expect(await decide(chengdu, '510107')).toBe(basis);
    expect(await decide(hangzhou, '330106')).toBe(
      '《特种作业人员安全技术培训考核管理规定》（安监总局令第30号）第三十九条；《安全生产法》第九十七条',
    );
  });

  it("CER-1 the issuance deadline counts working days on the province's calendar", async () => {
    // A Sichuan-only holiday on Wed 2026-11-25 and a working Saturday 2026-11-28 (the province's adjustment).
    const days = [
      { day: '2026-11-25', working: false, note: '省定假日' },
      { day: '2026-11-26', working: false, note: '省定假日' },
      { day: '2026-11-28', working: true, note: '调休上班' },
    ];
    const cal = await record(sichuan, '510000', 'calendar', { key: '2026', value: { days } });
    expect(cal.statusCode, cal.body).toBe(201);
    const dueOn = async (city: string, county: string) => {
      const authority = await signedInAs(p, 'issuing_authority', { kind: 'regulator', regionCode: city });
      await authority.client.put('/api/certificates/authority-settings', { deadlineWorkingDays: 5 });
      const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: county });
      const worker = await makeWorker(p, employer.actor, {
        regionCode: county,
        idNumber: makeIdNumber('1985-06-15', 'male', county),
      });
      const { emitEvent, deliverEvents } = await import('../../kernel/events.js');
      const { subscribers } = await import('../../subscribers.js');
      await p.ctx.db.transaction((tx) =>
        emitEvent(tx, p.clock, {
          type: 'exam.passed',
          payload: {
            resultId: crypto.randomUUID(),
            workerId: worker.id,
            itemCode: '1.2',
            sessionId: crypto.randomUUID(),
            passedAt: p.clock.now().toISOString(),
            regionCode: county,
          },
          regionCode: county,
        }),
      );
      await deliverEvents(p.ctx, subscribers);
      const tasks = (await authority.client.get('/api/certificates/tasks?status=pending')).json();
      return tasks.items[0].dueOn as string;
    };
    // From Mon 23rd, 5 working days: Sichuan counts 24, 27, 28 (Sat, worked), 30, 1 Dec; Zhejiang 24–27 and 30.
    expect(await dueOn('510400', '510402')).toBe('2026-12-01');
    expect(await dueOn('330200', '330203')).toBe('2026-11-30');
  });
});

describe('Order 30 exam time limit and place level per province', () => {
  const HEALTH = {
    issuedAt: '2026-10-01',
    institutionName: '成都市第一人民医院',
    institutionLevel: 'county_or_above' as const,
    disqualifyingConditions: [],
  };

  it("ORDER30-60D a province may shorten the 60 days, never lengthen them; Zhejiang's change leaves Sichuan's bookings alone", async () => {
    // Floors: more than the national 60 days, or not a whole number, is refused and nothing is written.
    for (const days of [61, 0, 12.5]) {
      const res = await record(sichuan, '510000', 'exam_within_days', { value: { days } });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().rule).toBe('ORDER30-60D');
    }
    expect(await settingRows('exam_within_days')).toHaveLength(0);
    expect((await read(sichuan, '510000', 'exam_within_days')).keys[0].national).toEqual({ days: 60 });
    // A Sichuan worker's direct registration approved today; an exam in Chengdu 45 days on.
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    const worker = await makeWorker(p, city.actor, { regionCode: '510107', health: HEALTH });
    const self = await makeUser(p, { role: 'worker', workerId: worker.id });
    const applied = await applyDirect(p.ctx, self.actor, {
      itemCode: '1.2',
      evidence: {
        school: '四川省成都市工业职业技术学校',
        major: '电气运行与控制',
        graduatedOn: '2020-07-01',
        diplomaNumber: `ZJ${worker.id.slice(0, 8)}`,
      },
    });
    await reviewDirect(p.ctx, city.actor, applied.id, { decision: 'approve' });
    const within = async () =>
      (
        await trainingStanding(p.ctx.db, worker.id, '1.2', {
          now: p.clock.now(),
          exam: { date: '2027-01-07', regionCode: '510107' },
        })
      ).checks.find((c) => c.code === 'exam_within_60_days')!;
    expect((await within()).passed).toBe(true);
    // Zhejiang shortens its limit to 30 days: a Sichuan exam is not touched.
    expect((await record(zhejiang, '330000', 'exam_within_days', { value: { days: 30 } })).statusCode).toBe(201);
    expect((await within()).passed).toBe(true);
    // Sichuan shortens its own: the same exam is now too late, and the refusal names the days.
    expect((await record(sichuan, '510000', 'exam_within_days', { value: { days: 30 } })).statusCode).toBe(201);
    const late = await within();
    expect(late.passed).toBe(false);
    expect(late.message).toContain('30 日');
    expect((await read(zhejiang, '510000', 'exam_within_days')).keys[0].inForce.value).toEqual({ days: 30 });
  });

  it("ORDER30-PLACE the level at which the place is compared is the class's province's; Zhejiang's change leaves Sichuan's enrolments alone", async () => {
    const bad = await record(sichuan, '510000', 'exam_place_level', { value: { level: 'town' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().rule).toBe('ORDER30-PLACE');
    const scInst = await filedInstitution('510107', chengdu, sichuan);
    expect(
      (
        await record(sichuan, '510000', 'syllabus_hours', {
          key: '1.1',
          value: { theoryHours: 80, practicalHours: 40 },
        })
      ).statusCode,
    ).toBe(201);
    const cls = await openClass(scInst, '1.1');
    expect(cls.statusCode, cls.body).toBe(201);
    // Household and work in Mianyang (5107); the class is in Chengdu (5101): another city.
    const mianyang = await makeWorker(p, scInst.actor, {
      idNumber: makeIdNumber('1988-04-04', 'male', '510703'),
      regionCode: '510703',
      health: HEALTH,
    });
    const enrol = () =>
      scInst.client.post(`/api/training/classes/${cls.json().id}/enrolments`, { workerId: mianyang.id });
    const refused = await enrol();
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().rule).toBe('ORDER30-PLACE');
    // Zhejiang compares at the whole province: Sichuan still compares at the city.
    expect((await record(zhejiang, '330000', 'exam_place_level', { value: { level: 'province' } })).statusCode).toBe(
      201,
    );
    expect((await enrol()).json().rule).toBe('ORDER30-PLACE');
    // Sichuan compares at the whole province from today: the Mianyang worker may train in Chengdu.
    expect((await record(sichuan, '510000', 'exam_place_level', { value: { level: 'province' } })).statusCode).toBe(
      201,
    );
    const ok = await enrol();
    expect(ok.statusCode, ok.body).toBe(201);
    const page = await read(sichuan, '510000', 'exam_place_level');
    expect(page).toMatchObject({ group: 'exam', fieldLabels: { city: '设区的市', province: '全省' } });
    expect(page.keys[0]).toMatchObject({ national: { level: 'city' }, inForce: { value: { level: 'province' } } });
  });
});
