// Exams through the API on a real database: bank and blueprint (EXM-6), sites (EXM-1, EXM-2,
// EXM-9, EXM-11), plans and sessions (EXM-3), booking (TRN-5 seam, REG-3, EXM-8), the door (EXM-5),
// and a theory paper from drawing to score (EXM-6).
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unverifiedFaceMatcher } from '../../kernel/face.js';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  signIn,
  signedInAs,
  startTestPlatform,
  type Client,
  type TestPlatform,
  platformOperator,
} from '../../testing/harness.js';
import { DEMO_BANK, DEMO_BLUEPRINT } from './demo-bank.js';
import { drainImportJobs } from '../../kernel/imports/index.js';
import { VENDOR_IMPORTS } from './vendor-routes.js';
import { integrityPapers } from './integrity-seam.js';
import { executeScan, requestScan } from '../integrity/index.js';
import { importQuestions, setBlueprint } from './bank.js';
import { ACCEPTANCE_CHECKLIST } from './rules.js';
import { getSite } from './sites.js';
import { registerStaff } from './staff.js';
import type { CertificateRegister } from '../../kernel/certificates.js';
import { emptyCertificateRegister } from '../../kernel/certificates.js';
import { passedCandidates, publishResults } from './practical.js';
import { getSessionRoster } from './plans.js';
import { resultsDeadlines } from './results-deadline.js';
import type { Actor } from '../../kernel/access.js';
import { recordEvents, submitPaper } from './theory.js';
import { setSyllabusHours } from '../catalog/index.js';
import { issueCertificate } from '../../testing/certificates.js';
import {
  addTeacher,
  deleteTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../institutions/index.js';
import {
  applyDirect,
  checkIn,
  checkOut,
  enrolTrainee,
  fileClass,
  openClass,
  requestExam,
  reviewDirect,
  scheduleSession,
  setMaterials,
  submitExamApplication,
} from '../training/index.js';

let p: TestPlatform;
const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>) =>
  ((await p.ctx.db.execute(q)) as unknown as { rows: T[] }).rows;

type Org = Awaited<ReturnType<typeof makeOrg>>;
let cityRegulator: Org, otherRegulator: Org, centre: Org, school: Org;
let authority: Client;
let centreStaff: Client, regulator: Client, otherReg: Client, schoolAdmin: Client, examiner: Client, examiner2: Client;
let schoolActor: Awaited<ReturnType<typeof makeUser>>['actor'];
let regulatorActor: Awaited<ReturnType<typeof makeUser>>['actor'];
let centreActor: Awaited<ReturnType<typeof makeUser>>['actor'];

/** A personnel-database record (EXM-4) for a login; an examiner declares a certificate covering `items`. */
function staffRecord(
  username: string | null,
  duties: Array<'proctor' | 'examiner'>,
  items: string[],
  idNumber = makeIdNumber('1980-02-02'),
  name = '周强',
) {
  return {
    name,
    idNumber,
    duties,
    employer: 'exam_centre' as const,
    username,
    training: [{ date: '2026-03-01', course: '特种作业考评员培训', organiser: '四川省安全生产考试中心', passed: true }],
    certificates: items.length
      ? [{ number: `T01${idNumber.slice(-6)}`, holderName: name, itemCodes: items, validUntil: '2030-01-01' }]
      : [],
  };
}
const ALL_PASS = ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true }));
const HEALTH = {
  issuedAt: '2026-10-01',
  institutionName: '成都市第一人民医院',
  institutionLevel: 'county_or_above' as const,
  disqualifyingConditions: [],
};

beforeAll(async () => {
  p = await startTestPlatform();
  // These tests are about the exam rules; the face engine has its own tests (modules/face).
  p.ctx.face = unverifiedFaceMatcher;
  cityRegulator = await makeOrg(p, { kind: 'regulator', regionCode: '510100' });
  otherRegulator = await makeOrg(p, { kind: 'regulator', regionCode: '510700' });
  centre = await makeOrg(p, { kind: 'exam_centre', regionCode: '510100' });
  school = await makeOrg(p, { kind: 'institution', regionCode: '510104' });
  const staff = await makeUser(p, { role: 'exam_centre_staff', org: centre });
  const reg = await makeUser(p, { role: 'city_regulator', org: cityRegulator });
  const oreg = await makeUser(p, { role: 'city_regulator', org: otherRegulator });
  const sch = await makeUser(p, { role: 'institution_admin', org: school });
  const exm = await makeUser(p, { role: 'examiner', org: centre });
  schoolActor = sch.actor;
  regulatorActor = reg.actor;
  const exm2 = await makeUser(p, { role: 'examiner', org: centre });
  [centreStaff, regulator, otherReg, schoolAdmin, examiner, examiner2] = await Promise.all(
    [staff, reg, oreg, sch, exm, exm2].map((u) => signIn(p, u.username)),
  );
  centreActor = staff.actor;
  // 考培分离: the bank and blueprints are the province authority's (issue 17), not the centre's.
  const provinceOrg = await makeOrg(p, { kind: 'regulator', regionCode: '510000' });
  authority = await signIn(p, (await makeUser(p, { role: 'province_regulator', org: provinceOrg })).username);
  // EXM-4: whoever acts at the door or on a scoring sheet is in the centre's personnel database.
  chiefStaffId = (await registerStaff(p.ctx, staff.actor, staffRecord(staff.username, ['proctor'], []))).id;
  for (const u of [exm, exm2])
    await registerStaff(p.ctx, staff.actor, staffRecord(u.username, ['proctor', 'examiner'], ['1.2', '2.1']));
  for (const code of ['1.2', '2.1']) {
    await importQuestions(p.ctx, null, code, DEMO_BANK[code], 'demo');
    await setBlueprint(p.ctx, null, code, DEMO_BLUEPRINT);
  }
});
afterAll(() => p.close());

const SITE = {
  name: '武侯区特种作业考试点',
  address: '成都市武侯区科华北路 1 号',
  regionCode: '510107',
  rooms: [{ name: '理论考场一', seats: 40 }],
  stations: [
    { name: '低压实物配电柜', itemCodes: ['1.2'], real: true },
    { name: '实物焊机工位', itemCodes: ['2.1'], real: true },
  ],
  itemCodes: ['1.2', '2.1'],
};

async function acceptedSite(overrides: Partial<typeof SITE> = {}) {
  const res = await centreStaff.post('/api/exams/sites', { ...SITE, ...overrides });
  expect(res.statusCode, res.body).toBe(201);
  const accepted = await regulator.post(`/api/exams/sites/${res.json().id}/acceptance`, { checks: ALL_PASS });
  expect(accepted.json().accepted, accepted.body).toBe(true);
  // EXM-1: the city accepted it; the province files it before any session is planned there.
  const filed = await authority.post(`/api/exams/site-applications/${res.json().applicationId}/filing`, {
    decision: 'file',
  });
  expect(filed.statusCode, filed.body).toBe(200);
  return res.json() as { id: string };
}

/** A session of `itemCode` tomorrow (China time) inside an approved plan. */
async function approvedSession(
  itemCode = '1.2',
  capacity = 30,
  date = '2026-11-24',
  startTime = '09:00',
  siteOverrides: Partial<typeof SITE> = {},
) {
  const site = await acceptedSite(siteOverrides);
  const plan = await centreStaff.post('/api/exams/plans', {
    title: '11 月考试计划',
    regulatorOrgId: cityRegulator.id,
    lines: [{ siteId: site.id, itemCode, date, capacity }],
  });
  expect(plan.statusCode, plan.body).toBe(201);
  expect((await regulator.post(`/api/exams/plans/${plan.json().id}/decision`, { approve: true })).statusCode).toBe(200);
  const session = await centreStaff.post('/api/exams/sessions', { planId: plan.json().id, line: 0, startTime });
  expect(session.statusCode, session.body).toBe(201);
  return session.json() as { id: string; startsAt: string };
}

/**
 * TRN-6 through the real use cases: the person applies for direct registration for `items`, the
 * city regulator approves, so the TRN-5 hours check passes without a class.
 */
async function approveDirect(workerId: string, items: string[]) {
  const self = await makeUser(p, { role: 'worker', workerId });
  for (const itemCode of items) {
    const applied = await applyDirect(p.ctx, self.actor, {
      itemCode,
      evidence: {
        school: '四川省成都市工业职业技术学校',
        major: '电气运行与控制',
        graduatedOn: '2020-07-01',
        diplomaNumber: `ZJ${workerId.slice(0, 8)}${itemCode}`,
      },
    });
    await reviewDirect(p.ctx, regulatorActor, applied.id, { decision: 'approve' });
  }
}

/** A candidate entitled to book 1.2 and 2.1 by an approved direct registration (TRN-5/TRN-6), unless `hours` is false. */
async function candidate(overrides: Record<string, unknown> = {}, { hours = true } = {}) {
  const idNumber = makeIdNumber('1990-03-03');
  const worker = await makeWorker(p, schoolActor, { idNumber, regionCode: '510104', health: HEALTH, ...overrides });
  if (hours && !('health' in overrides && !overrides.health)) await approveDirect(worker.id, ['1.2', '2.1']);
  return { worker, idNumber };
}

describe('question bank and blueprint (EXM-6)', () => {
  it('EXM-6 JSON import writes valid rows and reports each bad row, nothing half-written', async () => {
    const res = await authority.post('/api/exams/bank/3.1/import', {
      questions: [
        {
          key: 'HT-1',
          kind: 'judge',
          knowledgePoint: '高处作业',
          difficulty: 1,
          stem: '坠落高度基准面 2 m 及以上的作业属于高处作业。',
          answer: [0],
        },
        {
          key: 'HT-2',
          kind: 'single',
          knowledgePoint: '高处作业',
          difficulty: 1,
          stem: '安全带应当（ ）。',
          options: ['高挂低用', '低挂高用'],
          answer: [3],
        },
        'not an object',
        {
          key: 'HT-1',
          kind: 'judge',
          knowledgePoint: '高处作业',
          difficulty: 1,
          stem: '重复题号的题目。',
          answer: [0],
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, failed: 3 });
    expect(res.json().rows.map((r: { row: number; status: string }) => [r.row, r.status])).toEqual([
      [1, 'created'],
      [2, 'error'],
      [3, 'error'],
      [4, 'error'],
    ]);
    expect(res.json().rows[1].errors).toContain('答案序号超出选项范围或重复');
    expect(res.json().rows[3].errors).toContain('题号 HT-1 在本次导入中重复');
    expect(
      await rows(sql`select 1 from audit_records where action = 'exams.bank_import' and entity_id = '3.1'`),
    ).toHaveLength(1);
  });

  it('EXM-6 .xlsx import reads the template with 题型/答案 in Chinese and reports bad rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('题库');
    ws.addRow(['题号', '题型', '知识点', '难度', '题干', '选项A', '选项B', '选项C', '选项D', '答案']);
    ws.addRow([
      'RF-1',
      '单选',
      '制冷安全',
      2,
      '氨制冷系统发生泄漏时，人员应向（ ）方向撤离。',
      '上风',
      '下风',
      '低洼',
      '泄漏点',
    ] as never);
    ws.addRow(['RF-1', '判断', '制冷安全', 1, '氨是有毒、可燃的制冷剂。', '', '', '', '', '对']);
    ws.addRow(['RF-2', '多选', '制冷安全', 2, '题干', '甲', '乙', '', '', 'Z']);
    const sheetRows = ws.getRows(2, 1)!;
    sheetRows[0].getCell(10).value = 'A';
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await authority.inject({
      method: 'POST',
      url: '/api/exams/bank/4.1/import-xlsx',
      payload: buffer,
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, failed: 2 });
    expect(res.json().rows[1].errors).toContain('题号 RF-1 在本次导入中重复');
    const bank = await authority.get('/api/exams/bank/4.1');
    expect(bank.json().questions[0]).toMatchObject({
      key: 'RF-1',
      kind: 'single',
      answer: [0],
      options: ['上风', '下风', '低洼', '泄漏点'],
    });
    const garbage = await authority.inject({
      method: 'POST',
      url: '/api/exams/bank/4.1/import-xlsx',
      payload: Buffer.from('not a workbook'),
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(garbage.statusCode).toBe(400);
  });

  it('EXM-6 a blueprint not totalling 100 or beyond the bank is refused; the pass mark defaults to 80 (EXM-8)', async () => {
    const wrongTotal = await authority.put('/api/exams/bank/1.2/blueprint', {
      sections: [{ kind: 'judge', knowledgePoint: null, count: 10, points: 1 }],
      timeLimitMinutes: 60,
    });
    expect(wrongTotal.statusCode).toBe(422);
    expect(wrongTotal.json().rule).toBe('EXM-6');
    const short = await authority.put('/api/exams/bank/1.2/blueprint', {
      sections: [{ kind: 'multiple', knowledgePoint: null, count: 50, points: 2 }],
      timeLimitMinutes: 60,
    });
    expect(short.statusCode).toBe(422);
    expect(short.json().detail).toContain('多选题');
    const bank = await authority.get('/api/exams/bank/1.2');
    expect(bank.json().blueprint).toMatchObject({ theoryPassMark: 80, practicalPassMark: 80, totalPoints: 100 });
    expect(bank.json().questions.length).toBeGreaterThanOrEqual(150);
    expect((await schoolAdmin.get('/api/exams/bank/1.2')).statusCode).toBe(403);
  });
});

describe('exam sites (EXM-1, EXM-2, EXM-9, EXM-11)', () => {
  it("EXM-2 a site on a training institution's premises is refused, naming the rule", async () => {
    const res = await centreStaff.post('/api/exams/sites', { ...SITE, operatorOrgId: school.id });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'EXM-2', title: '违反考培分离' });
  });

  it("EXM-2 equipment owned by a training institution is refused too; another owner's is checked, never left unchecked", async () => {
    const leased = (ownerCreditCode: string) => ({
      ...SITE,
      stations: [{ ...SITE.stations[0], ownerCreditCode, ownerName: '设备出租方' }, SITE.stations[1]],
    });
    const fromSchool = await centreStaff.post('/api/exams/sites', leased(school.creditCode!));
    expect(fromSchool.json()).toMatchObject({ status: 422, rule: 'EXM-2' });
    expect(fromSchool.json().detail).toContain('低压实物配电柜');
    const employer = await makeOrg(p, { kind: 'employer', regionCode: '510107' });
    const code = employer.creditCode!;
    const bad = await centreStaff.post(
      '/api/exams/sites',
      leased(`${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}`),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('统一社会信用代码');
    const fromEmployer = await centreStaff.post('/api/exams/sites', leased(employer.creditCode!));
    expect(fromEmployer.statusCode, fromEmployer.body).toBe(201);
  });

  it('EXM-9 low-voltage or welding exams are refused at a site whose stations for them are simulators', async () => {
    const res = await centreStaff.post('/api/exams/sites', {
      ...SITE,
      stations: [{ name: '低压仿真台', itemCodes: ['1.2'], real: false }],
      itemCodes: ['1.2'],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().rule).toBe('EXM-9');
    // A hazardous-chemicals control item does not require real equipment: a simulator is acceptable.
    const sim = await centreStaff.post('/api/exams/sites', {
      ...SITE,
      stations: [{ name: '仪表仿真台', itemCodes: ['9.16'], real: true }],
      itemCodes: ['9.16'],
    });
    expect(sim.statusCode, sim.body).toBe(201);
  });

  it('EXM-1 a site enters the public list only once the city accepted it against the whole checklist and the province filed it', async () => {
    const created = await centreStaff.post('/api/exams/sites', { ...SITE, name: '验收测试考试点' });
    const id = created.json().id;
    const listed = async () =>
      (
        (await p.app.inject({ method: 'GET', url: '/api/public/exam-sites?regionCode=510107' })).json().items as Array<{
          id: string;
        }>
      ).some((s) => s.id === id);
    expect(await listed()).toBe(false);
    const failed = await regulator.post(`/api/exams/sites/${id}/acceptance`, {
      checks: ALL_PASS.map((c) => (c.code === 'video' ? { ...c, passed: false } : c)),
    });
    expect(failed.json()).toMatchObject({ accepted: false, failures: ['考场及实操区视频监控全覆盖并可存档'] });
    expect(failed.json().application.status).toBe('returned');
    expect(await listed()).toBe(false);
    // Returned: the centre applies again with the site as corrected, and the chain starts over.
    const { regionCode: _county, ...content } = SITE;
    const again = await centreStaff.post(`/api/exams/sites/${id}/applications`, { ...content, name: '验收测试考试点' });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().kind).toBe('establish');
    expect((await otherReg.post(`/api/exams/sites/${id}/acceptance`, { checks: ALL_PASS })).statusCode).toBe(404);
    expect((await regulator.post(`/api/exams/sites/${id}/acceptance`, { checks: ALL_PASS })).json().accepted).toBe(
      true,
    );
    expect(await listed()).toBe(false);
    const filed = await authority.post(`/api/exams/site-applications/${again.json().id}/filing`, { decision: 'file' });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(await listed()).toBe(true);
  });

  it('EXM-11 confirmed cheating or a year without exams proposes the site for cancellation', async () => {
    const site = await acceptedSite({ name: '舞弊测试考试点' });
    expect((await centreStaff.get(`/api/exams/sites/${site.id}`)).json().standing.status).toBe('active');
    const cheated = await regulator.post(`/api/exams/sites/${site.id}/findings`, { finding: 'cheating_confirmed' });
    expect(cheated.json().standing).toEqual({ status: 'proposed_for_cancellation', reasons: ['经查实发生大面积舞弊'] });
    const idle = await acceptedSite({ name: '闲置考试点' });
    // Through the service: a year on, every HTTP session of this file would have expired.
    p.clock.advance(366 * 24 * 3600 * 1000);
    try {
      expect((await getSite(p.ctx, regulatorActor, idle.id)).standing.reasons).toEqual(['备案后 12 个月未组织考试']);
    } finally {
      p.clock.advance(-366 * 24 * 3600 * 1000);
    }
  });
});

describe('plans, sessions and booking (EXM-3, TRN-5, REG-3, EXM-8)', () => {
  it('EXM-3 no session outside an approved plan; only the regulator filed with approves, once', async () => {
    const site = await acceptedSite();
    const plan = (
      await centreStaff.post('/api/exams/plans', {
        title: '计划',
        regulatorOrgId: cityRegulator.id,
        lines: [{ siteId: site.id, itemCode: '1.2', date: '2026-11-30', capacity: 20 }],
      })
    ).json();
    expect(plan.status).toBe('submitted');
    const early = await centreStaff.post('/api/exams/sessions', { planId: plan.id, line: 0, startTime: '09:00' });
    expect(early.statusCode).toBe(422);
    expect(early.json().rule).toBe('EXM-3');
    expect((await otherReg.post(`/api/exams/plans/${plan.id}/decision`, { approve: true })).statusCode).toBe(404);
    expect((await regulator.post(`/api/exams/plans/${plan.id}/decision`, { approve: true })).json().status).toBe(
      'approved',
    );
    expect((await regulator.post(`/api/exams/plans/${plan.id}/decision`, { approve: false })).statusCode).toBe(409);
    expect(
      (await centreStaff.post('/api/exams/sessions', { planId: plan.id, line: 0, startTime: '09:00' })).statusCode,
    ).toBe(201);
    expect(
      (await centreStaff.post('/api/exams/sessions', { planId: plan.id, line: 0, startTime: '14:00' })).statusCode,
    ).toBe(409);
    const wrongRegulator = await centreStaff.post('/api/exams/plans', {
      title: '计划',
      regulatorOrgId: otherRegulator.id,
      lines: [{ siteId: site.id, itemCode: '1.2', date: '2026-11-30', capacity: 20 }],
    });
    expect(wrongRegulator.json().rule).toBe('EXM-3');
  });

  it('EXM-3 two simultaneous bookings of one person give one booking and a refusal, never a 500', async () => {
    const session = await approvedSession('1.2', 5);
    const { worker } = await candidate();
    const results = await Promise.all(
      [1, 2, 3].map(() => schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c < 300)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode >= 300)) expect([409, 422]).toContain(r.statusCode);
    const roster = await centreStaff.get(`/api/exams/sessions/${session.id}`);
    expect(roster.json().bookings.filter((b: { workerId: string }) => b.workerId === worker.id)).toHaveLength(1);
  });

  it('EXM-3 seats go to applications in order of submission; later ones wait', async () => {
    const session = await approvedSession('1.2', 2);
    const people = [await candidate(), await candidate(), await candidate()];
    const statuses = [];
    for (const { worker } of people)
      statuses.push(
        (await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })).json().status,
      );
    expect(statuses).toEqual(['allocated', 'allocated', 'waitlisted']);
    expect(
      (await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: people[0].worker.id }))
        .statusCode,
    ).toBe(422);
    const roster = await centreStaff.get(`/api/exams/sessions/${session.id}`);
    expect(roster.json().bookings.map((b: { workerId: string }) => b.workerId)).toEqual(people.map((x) => x.worker.id));
    // The centre now sees its candidates (SEC-2 through the 'candidate' link).
    expect((await centreStaff.get(`/api/workers/${people[0].worker.id}`)).statusCode).toBe(200);
  });

  it('SEC-2 an institution reads a session open to booking or one it has candidates in, never who examines it', async () => {
    const session = await approvedSession('1.2', 5);
    const { worker } = await candidate();
    expect(
      (await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })).statusCode,
    ).toBe(201);
    const other = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510104' });
    expect((await other.client.get(`/api/exams/sessions/${session.id}`)).statusCode).toBe(200);
    const mine = (await schoolAdmin.get(`/api/exams/sessions/${session.id}`)).json();
    expect(mine.session.id).toBe(session.id);
    expect(mine.session).not.toHaveProperty('chiefExaminerStaffId');
    expect(mine.session).not.toHaveProperty('planId');
    const now = p.clock.now();
    try {
      // The session is past (read through the service: signing in later would expire the suite's sessions).
      p.clock.set(new Date('2026-12-20T02:00:00Z'));
      await expect(getSessionRoster(p.ctx, other.actor, session.id)).rejects.toMatchObject({ status: 404 });
      expect((await getSessionRoster(p.ctx, schoolActor, session.id)).session.id).toBe(session.id);
    } finally {
      p.clock.set(now);
    }
  });

  it('REG-3 a candidate without a health declaration is refused', async () => {
    const session = await approvedSession('1.2');
    const { worker } = await candidate({ health: undefined });
    const refused = await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().rule).toBe('REG-3');
  });
});

describe('hours gate the booking (TRN-5, TRN-6)', () => {
  let trainer: Awaited<ReturnType<typeof makeUser>>;
  let trainerClient: Client;
  const teacherIds: string[] = [];
  const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]).toString(
    'base64',
  );

  beforeAll(async () => {
    // A filed institution (INS-1) with 1.2 in scope, and 1.2's syllabus cut to 2 theory + 1 practical 学时 so hours can be earned quickly.
    const province = await makeUser(p, {
      role: 'province_regulator',
      org: await makeOrg(p, { kind: 'regulator', regionCode: '510000' }),
    });
    await setSyllabusHours(p.ctx, await platformOperator(p), {
      code: '1.2',
      theoryHours: 2,
      practicalHours: 1,
      confirmed: true,
    });
    trainer = await makeUser(p, {
      role: 'institution_admin',
      org: await makeOrg(p, { kind: 'institution', regionCode: '510104' }),
    });
    for (const t of compliantTeachers()) teacherIds.push((await addTeacher(p.ctx, trainer.actor, t)).id);
    const filing = await submitFiling(p.ctx, trainer.actor, { scope: ['1.2'], facts: compliantFacts() });
    await reviewFiling(p.ctx, regulatorActor, filing.id, { decision: 'approve' });
    await recordFiling(p.ctx, province.actor, filing.id);
    trainerClient = await signIn(p, trainer.username);
  });

  /**
   * A 1.2 class opened at `opensAt`, filed (TRN-1: attendance counts only after filing), where the
   * worker attended theory at `firstStart` and practice a day later, through check-in/out, each
   * session taught by a certified teacher (INS-4). With `apply`, the trainee asks for the exam and
   * the institution submits the class's application once the hours are met (TRN-5).
   */
  async function attendedClass(
    workerId: string,
    opensAt: Date,
    firstStart: Date,
    theoryMinutes: number,
    practicalMinutes: number,
    { apply = true } = {},
  ) {
    const now = p.clock.now();
    const cls = await openClass(p.ctx, trainer.actor, {
      itemCode: '1.2',
      name: '低压电工第1期',
      opensAt: opensAt.toISOString(),
    });
    await enrolTrainee(p.ctx, trainer.actor, cls.id, workerId);
    try {
      // Filed when it opens, before any attendance.
      p.clock.set(opensAt);
      await fileClass(p.ctx, trainer.actor, cls.id);
      for (const [subject, minutes, day] of [
        ['theory', theoryMinutes, 0],
        ['practical', practicalMinutes, 1],
      ] as const) {
        const start = new Date(firstStart.getTime() + day * 24 * 3600_000);
        const session = await scheduleSession(p.ctx, trainer.actor, cls.id, {
          subject,
          mode: 'offline',
          topic: subject === 'theory' ? '电工基础' : '停送电实训',
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString(),
          teacherId: teacherIds[0],
        });
        p.clock.set(start);
        await checkIn(p.ctx, trainer.actor, session.id, { workerId, photo: PHOTO });
        p.clock.set(new Date(start.getTime() + minutes * 60_000));
        await checkOut(p.ctx, trainer.actor, session.id, { workerId, photo: PHOTO });
      }
    } finally {
      p.clock.set(now);
    }
    if (apply) {
      await setMaterials(p.ctx, trainer.actor, cls.id, ['《低压电工作业》培训教材']);
      const self = (await makeUser(p, { role: 'worker', workerId })).actor;
      // Hours short: the request is refused (TRN-5) and there is nothing to apply for.
      const asked = await requestExam(p.ctx, self, cls.id).then(
        () => true,
        () => false,
      );
      if (asked) await submitExamApplication(p.ctx, trainer.actor, cls.id);
    }
    return cls.id as string;
  }

  /** A trainee of a 1.2 class who attended `theoryMinutes` of offline theory and `practicalMinutes` of practice. */
  async function trainee(theoryMinutes: number, practicalMinutes: number, opts: { apply?: boolean } = {}) {
    const idNumber = makeIdNumber('1991-04-04');
    const worker = await makeWorker(p, trainer.actor, {
      idNumber,
      regionCode: '510104',
      health: HEALTH,
      intendedItem: '1.2',
    });
    const now = p.clock.now();
    const classId = await attendedClass(
      worker.id,
      new Date(now.getTime() - 3 * 24 * 3600_000),
      new Date(now.getTime() - 2 * 24 * 3600_000),
      theoryMinutes,
      practicalMinutes,
      opts,
    );
    return { worker, idNumber, classId };
  }

  it('EXM-8 a failed make-up bars booking until a class opened after it has its hours met; then a first attempt again', async () => {
    const { worker, idNumber } = await trainee(90, 45);
    const self = await makeUser(p, { role: 'worker', workerId: worker.id });
    const candidateClient = await signIn(p, self.username);
    const fail = async (startTime: string) => {
      const session = await approvedSession('1.2', 30, '2026-11-23', startTime);
      const booking = (
        await trainerClient.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })
      ).json();
      expect(
        (await centreStaff.post(`/api/exams/bookings/${booking.id}/door-check`, { idNumber, photo: 'cGhvdG8=' }))
          .statusCode,
      ).toBe(200);
      const paper = (await candidateClient.post(`/api/exams/bookings/${booking.id}/paper`)).json();
      expect((await answerAll(candidateClient, paper, () => [])).json().passed).toBe(false);
      return booking;
    };
    expect((await fail('10:20')).attempt).toBe('first');
    expect((await fail('10:25')).attempt).toBe('makeup');
    const later = await approvedSession('1.2', 30, '2026-11-24');
    expect(
      (await trainerClient.post(`/api/exams/sessions/${later.id}/bookings`, { workerId: worker.id })).json(),
    ).toMatchObject({ status: 422, rule: 'EXM-8' });
    // Retraining: a new class opening after the failed make-up, hours met.
    const now = p.clock.now();
    await attendedClass(worker.id, new Date(now.getTime() + 60_000), new Date(now.getTime() + 3600_000), 90, 45);
    const booked = await trainerClient.post(`/api/exams/sessions/${later.id}/bookings`, { workerId: worker.id });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().attempt).toBe('first');
    expect(booked.json().eligibility.checks.find((c: { rule: string }) => c.rule === 'EXM-8')).toMatchObject({
      code: 'retrained',
      status: 'passed',
    });
  });

  it('TRN-5 refuses booking with hours short, naming what is missing', async () => {
    const session = await approvedSession('1.2');
    // 90 minutes of theory = 2 offline 学时 (met); 44 minutes of practice = 0 学时 (1 needed).
    const { worker } = await trainee(90, 44);
    const refused = await trainerClient.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ rule: 'TRN-5', title: '不符合报考条件' });
    expect(refused.json().detail).toContain('实际操作学时（仅线下）（0 / 1 学时）');
    expect(refused.json().detail).not.toContain('理论学时（');
    // Nobody trained and nothing approved: refused too, saying so.
    const untrained = await candidate({}, { hours: false });
    const none = await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, {
      workerId: untrained.worker.id,
    });
    expect(none.json()).toMatchObject({ status: 422, rule: 'TRN-5' });
    expect(none.json().detail).toContain('未参加该项目的培训班');
  });

  it('TRN-5 books with completed class hours', async () => {
    const session = await approvedSession('1.2');
    const { worker, classId } = await trainee(90, 45);
    const booked = await trainerClient.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id });
    expect(booked.statusCode, booked.body).toBe(201);
    const eligibility = booked.json().eligibility;
    expect(eligibility.checks.find((c: { rule: string }) => c.rule === 'TRN-5')).toMatchObject({ status: 'passed' });
    expect(eligibility.training).toMatchObject({
      hoursMet: true,
      source: 'class',
      classId,
      theoryHours: 2,
      practicalHours: 1,
      requiredTheoryHours: 2,
      requiredPracticalHours: 1,
    });
  });

  it('TRN-5 a class whose archive is found false has its exam application cancelled and its hours no longer book the exam', async () => {
    const session = await approvedSession('1.2');
    const { worker, classId } = await trainee(90, 45, { apply: false });
    await setMaterials(p.ctx, trainer.actor, classId, ['《低压电工作业》培训教材']);
    await requestExam(p.ctx, (await makeUser(p, { role: 'worker', workerId: worker.id })).actor, classId);
    expect((await submitExamApplication(p.ctx, trainer.actor, classId)).status).toBe('submitted');
    expect(
      (await otherReg.post(`/api/training/classes/${classId}/archive-false`, { reason: '考勤照片系他人代签' }))
        .statusCode,
    ).toBe(404);
    const declared = await regulator.post(`/api/training/classes/${classId}/archive-false`, {
      reason: '考勤照片系他人代签',
    });
    expect(declared.statusCode, declared.body).toBe(200);
    expect(declared.json()).toMatchObject({ examApplicationCancelled: true });
    expect(await rows(sql`select status, cancel_reason from exam_applications where class_id = ${classId}`)).toEqual([
      { status: 'cancelled', cancel_reason: '考勤照片系他人代签' },
    ]);
    expect(
      (await regulator.post(`/api/training/classes/${classId}/archive-false`, { reason: '再次认定' })).statusCode,
    ).toBe(409);
    const refused = await trainerClient.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id });
    expect(refused.json()).toMatchObject({ status: 422, rule: 'TRN-5' });
    expect(refused.json().detail).toContain('认定虚假');
    expect(
      await rows(sql`select 1 from archive_events where worker_id = ${worker.id} and kind = 'sanctioned'`),
    ).toHaveLength(1);
  });

  it('TRN-5 books with an approved direct registration (TRN-6)', async () => {
    const session = await approvedSession('1.2');
    const { worker } = await candidate({}, { hours: false });
    expect(
      (await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })).json().rule,
    ).toBe('TRN-5');
    await approveDirect(worker.id, ['1.2']);
    const booked = await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().eligibility.training).toMatchObject({ hoursMet: true, source: 'direct_registration' });
  });

  // Issue 22: the candidate books their own exam on the phone, under the same rules.
  it('TRN-5 a trained candidate books their own exam: offered with its seats, booked in order, the class institution of record', async () => {
    const session = await approvedSession('1.2', 1, '2026-11-24', '08:10');
    const { worker, classId } = await trainee(90, 45);
    const self = await signIn(p, (await makeUser(p, { role: 'worker', workerId: worker.id })).username);
    const offered = await self.get('/api/exams/my-open-sessions');
    expect(offered.statusCode, offered.body).toBe(200);
    expect(offered.json().items.find((i: { sessionId: string }) => i.sessionId === session.id)).toMatchObject({
      itemCode: '1.2',
      eligible: true,
      attempt: 'first',
      seatsLeft: 1,
      refusals: [],
    });
    const booked = await self.post('/api/exams/my-bookings', { sessionId: session.id });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ status: 'allocated', attempt: 'first' });
    // The class's institution is the applicant of record (its roster shows the booking); the centre is linked.
    const [row] = await rows<{ applicant_org_id: string; org_id: string }>(
      sql`select b.applicant_org_id, c.org_id from exam_bookings b, training_classes c where b.id = ${booked.json().id} and c.id = ${classId}`,
    );
    expect(row.applicant_org_id).toBe(row.org_id);
    const roster = await trainerClient.get(`/api/exams/sessions/${session.id}`);
    expect(roster.json().bookings.map((b: { workerId: string }) => b.workerId)).toContain(worker.id);
    // Booked: no longer offered, and a second application (any session of the item) is refused (EXM-8), never a 500.
    const after = await self.get('/api/exams/my-open-sessions');
    expect(after.json().items.some((i: { sessionId: string }) => i.sessionId === session.id)).toBe(false);
    const again = await self.post('/api/exams/my-bookings', { sessionId: session.id });
    expect(again.json()).toMatchObject({ status: 422, rule: 'EXM-8' });
    expect(await rows(sql`select 1 from exam_bookings where worker_id = ${worker.id}`)).toHaveLength(1);
    expect(
      await rows(sql`select 1 from audit_records where action = 'exams.book' and entity_id = ${booked.json().id}`),
    ).toHaveLength(1);
  });

  it('TRN-5 a candidate short of hours is offered nothing and refused when booking their own exam; nothing is written', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-24', '08:20');
    const { worker } = await trainee(90, 44);
    const self = await signIn(p, (await makeUser(p, { role: 'worker', workerId: worker.id })).username);
    const offered = await self.get('/api/exams/my-open-sessions');
    expect(offered.json().items.some((i: { itemCode: string }) => i.itemCode === '1.2')).toBe(false);
    const refused = await self.post('/api/exams/my-bookings', { sessionId: session.id });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ rule: 'TRN-5', title: '不符合报考条件' });
    expect(refused.json().detail).toContain('实际操作学时');
    expect(await rows(sql`select 1 from exam_bookings where worker_id = ${worker.id}`)).toHaveLength(0);
  });

  it('TRN-6 with an approved direct registration the candidate books their own exam, no institution of record; an unverified account cannot book', async () => {
    const session = await approvedSession('2.1', 30, '2026-11-24', '08:30');
    const { worker } = await candidate({}, { hours: false });
    const self = await signIn(p, (await makeUser(p, { role: 'worker', workerId: worker.id })).username);
    expect((await self.post('/api/exams/my-bookings', { sessionId: session.id })).json().rule).toBe('TRN-5');
    await approveDirect(worker.id, ['2.1']);
    const booked = await self.post('/api/exams/my-bookings', { sessionId: session.id });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(await rows(sql`select applicant_org_id from exam_bookings where id = ${booked.json().id}`)).toEqual([
      { applicant_org_id: null },
    ]);
    const mine = (await self.get('/api/exams/my-bookings')).json().items;
    expect(mine.map((b: { itemCode: string }) => b.itemCode)).toEqual(['2.1']);
    // A worker account without a verified registry link (issue 22's unverified sign-up) has no booking.
    const other = await makeWorker(p, schoolActor, {
      idNumber: makeIdNumber('1992-05-05'),
      regionCode: '510104',
      health: HEALTH,
    });
    const pending = await makeUser(p, { role: 'worker', workerId: other.id });
    await p.ctx.db.execute(sql`update users set worker_id = null where id = ${pending.actor.userId}`);
    const unlinked = await signIn(p, pending.username);
    expect((await unlinked.post('/api/exams/my-bookings', { sessionId: session.id })).statusCode).toBe(403);
    expect((await unlinked.get('/api/exams/my-open-sessions')).json()).toEqual({ items: [] });
    // Staff book through the session's own route, not this one (exams.take is the candidate's).
    expect((await schoolAdmin.post('/api/exams/my-bookings', { sessionId: session.id })).statusCode).toBe(403);
  });
});

/** Door check, then the candidate's own login opens the paper. */
async function seated(session: { id: string }) {
  const { worker, idNumber } = await candidate();
  const booking = (
    await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })
  ).json();
  const door = await centreStaff.post(`/api/exams/bookings/${booking.id}/door-check`, {
    idNumber,
    photo: Buffer.from('photo').toString('base64'),
  });
  expect(door.statusCode, door.body).toBe(200);
  const user = await makeUser(p, { role: 'worker', workerId: worker.id });
  return { worker, idNumber, booking, actor: user.actor, client: await signIn(p, user.username) };
}

async function answerAll(
  client: Client,
  paper: { id: string; questions: Array<{ position: number; kind: string; options: string[] }> },
  choose: (q: { position: number; kind: string }) => number[],
) {
  const answers = paper.questions.map((q) => ({ position: q.position, selected: choose(q) }));
  return client.post(`/api/exams/papers/${paper.id}/submit`, { clientSeq: 100_000, answers });
}

describe('door check and theory exam (EXM-5, EXM-6, EXM-8)', () => {
  it('EXM-5 a wrong ID number at the door records a person-certificate mismatch; a right one checks in as face-unverified', async () => {
    {
      const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
      const { worker, idNumber } = await candidate();
      const booking = (
        await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })
      ).json();
      const other = await candidate();
      const wrong = await centreStaff.post(`/api/exams/bookings/${booking.id}/door-check`, {
        idNumber: other.idNumber,
        photo: 'cGhvdG8=',
      });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json()).toMatchObject({ rule: 'EXM-5', title: '人证不符' });
      expect(await rows(sql`select kind from exam_incidents where booking_id = ${booking.id}`)).toEqual([
        { kind: 'person_certificate_mismatch' },
      ]);
      const right = await examiner.post(`/api/exams/bookings/${booking.id}/door-check`, {
        idNumber,
        photo: 'cGhvdG8=',
      });
      expect(right.json()).toMatchObject({
        checkedIn: true,
        faceVerified: false,
        faceOutcomeLabel: '未核验（无比对引擎）',
        check: { idNumberMatches: true, faceOutcome: 'unverified' },
      });
    }
  });

  it('EXM-5 a capture with no face or of poor quality is refused and asks for a new one; without an engine the door admits as unverified', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const { worker, idNumber } = await candidate();
    const booking = (
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })
    ).json();
    const engine = p.ctx.face;
    try {
      for (const outcome of ['no_face', 'poor_quality'] as const) {
        p.ctx.face = {
          async verify() {
            return { outcome, similarity: null, threshold: null, verificationId: null };
          },
        };
        const res = await centreStaff.post(`/api/exams/bookings/${booking.id}/door-check`, {
          idNumber,
          photo: 'cGhvdG8=',
        });
        expect(res.json()).toMatchObject({ status: 422, rule: 'EXM-5', title: '请重新拍照', retake: true });
      }
    } finally {
      p.ctx.face = engine;
    }
    const roster = (await centreStaff.get(`/api/exams/sessions/${session.id}`)).json().bookings as Array<{
      id: string;
      checkedInAt: string | null;
    }>;
    expect(roster.find((b) => b.id === booking.id)!.checkedInAt).toBeNull();
    expect(await rows(sql`select 1 from exam_incidents where booking_id = ${booking.id}`)).toHaveLength(0);
    const admitted = await centreStaff.post(`/api/exams/bookings/${booking.id}/door-check`, {
      idNumber,
      photo: 'cGhvdG8=',
    });
    expect(admitted.json()).toMatchObject({
      checkedIn: true,
      faceVerified: false,
      check: { faceOutcome: 'unverified' },
    });
  });

  it('EXM-6 a paper per candidate; events recorded with server time, reload keeps answers; submit scores; final answers kept apart', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const b = await seated(session);
    const notCheckedIn = (
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: (await candidate()).worker.id })
    ).json();
    const paperA = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    const paperB = (await b.client.post(`/api/exams/bookings/${b.booking.id}/paper`)).json();
    expect(paperA.questions).toHaveLength(90);
    expect(paperA.questions.map((q: { stem: string }) => q.stem).join()).not.toBe(
      paperB.questions.map((q: { stem: string }) => q.stem).join(),
    );
    expect((await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json().id).toBe(paperA.id);
    expect((await b.client.get(`/api/exams/papers/${paperA.id}`)).statusCode).toBe(404);
    const stranger = await makeUser(p, { role: 'worker', workerId: (await candidate()).worker.id });
    expect(
      (await (await signIn(p, stranger.username)).post(`/api/exams/bookings/${notCheckedIn.id}/paper`)).statusCode,
    ).toBe(404);
    const batch = {
      events: [
        { clientSeq: 1, kind: 'question_shown', position: 0 },
        { clientSeq: 2, kind: 'option_selected', position: 0, selected: [0] },
        { clientSeq: 3, kind: 'focus_lost' },
        { clientSeq: 4, kind: 'focus_regained' },
        { clientSeq: 5, kind: 'option_changed', position: 0, selected: [1], clientAt: '2026-11-23T02:00:01Z' },
      ],
    };
    const acked = await a.client.post(`/api/exams/papers/${paperA.id}/events`, batch);
    expect(acked.json().acked).toEqual([1, 2, 3, 4, 5]);
    expect((await a.client.post(`/api/exams/papers/${paperA.id}/events`, batch)).statusCode).toBe(200); // resent after a dropped connection
    const stored = await rows<{ kind: string; server_at: unknown }>(
      sql`select kind, server_at from exam_answer_events where paper_id = ${paperA.id} order by client_seq`,
    );
    expect(stored.map((e) => e.kind)).toEqual([
      'question_shown',
      'option_selected',
      'focus_lost',
      'focus_regained',
      'option_changed',
    ]);
    expect(new Date(stored[0].server_at as string).toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect((await a.client.get(`/api/exams/papers/${paperA.id}`)).json()).toMatchObject({
      answers: { 0: [1] },
      lastClientSeq: 5,
    });

    // The candidate answers everything with the first option, except the one they changed.
    const submitted = await answerAll(a.client, paperA, (q) => (q.position === 0 ? [1] : [0]));
    expect(submitted.statusCode, submitted.body).toBe(200);
    const { score, passed, passMark } = submitted.json();
    expect(passMark).toBe(80);
    const finals = await rows<{ correct: boolean; points: number }>(
      sql`select correct, points from exam_final_answers where paper_id = ${paperA.id}`,
    );
    expect(finals).toHaveLength(90);
    expect(finals.reduce((n, f) => n + Number(f.points), 0)).toBeCloseTo(score);
    expect(passed).toBe(score >= 80);
    expect(
      (await a.client.post(`/api/exams/papers/${paperA.id}/events`, { events: [{ clientSeq: 6, kind: 'focus_lost' }] }))
        .statusCode,
    ).toBe(409);
    expect((await answerAll(a.client, paperA, () => [1])).json().score).toBe(score);
    const archive = await rows<{ kind: string }>(
      sql`select kind from archive_events where worker_id = ${a.worker.id} and kind = 'examined'`,
    );
    expect(archive).toHaveLength(1);
  });

  it('EXM-6 after the deadline no answer is taken: late events are refused and a late submit is scored from the event log', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const paper = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    await a.client.post(`/api/exams/papers/${paper.id}/events`, {
      events: [{ clientSeq: 1, kind: 'option_selected', position: 0, selected: [0] }],
    });
    // Through the use cases: 92 minutes on, the HTTP session itself would have expired.
    p.clock.advance(92 * 60_000);
    try {
      await expect(
        recordEvents(p.ctx, a.actor, paper.id, [{ clientSeq: 2, kind: 'option_changed', position: 0, selected: [1] }]),
      ).rejects.toMatchObject({ status: 409 });
      await submitPaper(p.ctx, a.actor, paper.id, {
        clientSeq: 3,
        answers: paper.questions.map((q: { position: number }) => ({ position: q.position, selected: [1] })),
      });
      const finals = await rows<{ position: number; selected: number[] }>(
        sql`select position, selected from exam_final_answers where paper_id = ${paper.id} order by position`,
      );
      expect(finals.filter((f) => f.selected.length).map((f) => f.position)).toEqual([0]);
    } finally {
      p.clock.advance(-92 * 60_000);
    }
  });

  it('EXM-6 editing a question makes a new version and never changes a drawn paper', async () => {
    const session = await approvedSession('2.1', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const paper = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    const first = paper.questions[0];
    const [row] = await rows<{ key: string }>(
      sql`select q.key from exam_questions q where q.stem = ${first.stem} and q.item_code = '2.1'`,
    );
    const original = DEMO_BANK['2.1'].find((q) => q.key === row.key)!;
    const res = await authority.post('/api/exams/bank/2.1/import', {
      questions: [{ ...original, stem: `${original.stem}（修订）` }],
    });
    expect(res.json().updated).toBe(1);
    expect((await a.client.get(`/api/exams/papers/${paper.id}`)).json().questions[0].stem).toBe(first.stem);
    expect(
      await rows(
        sql`select version, current, province_code from exam_questions where key = ${row.key} and item_code = '2.1' order by version`,
      ),
    ).toEqual([
      // 考培分离 (issue 17): the province's revision replaces the national question in that province only.
      { version: 1, current: true, province_code: null },
      { version: 2, current: true, province_code: '510000' },
    ]);
    const bank = (await authority.get('/api/exams/bank/2.1')).json().questions;
    expect(bank.filter((q: { key: string }) => q.key === row.key)).toMatchObject([{ version: 2, scope: 'province' }]);
  });

  it('EXM-8 a failed first attempt books a make-up; a failed make-up bars booking until retraining', async () => {
    const first = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(first);
    const paper = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    expect((await answerAll(a.client, paper, () => [])).json()).toMatchObject({ score: 0, passed: false });
    const second = await approvedSession('1.2', 30, '2026-11-23', '10:25');
    const makeup = await schoolAdmin.post(`/api/exams/sessions/${second.id}/bookings`, { workerId: a.worker.id });
    expect(makeup.json().attempt, makeup.body).toBe('makeup');
    await centreStaff.post(`/api/exams/bookings/${makeup.json().id}/door-check`, {
      idNumber: a.idNumber,
      photo: 'cGhvdG8=',
    });
    const paper2 = (await a.client.post(`/api/exams/bookings/${makeup.json().id}/paper`)).json();
    await answerAll(a.client, paper2, () => []);
    const third = await approvedSession('1.2', 30, '2026-11-23', '10:28');
    const barred = await schoolAdmin.post(`/api/exams/sessions/${third.id}/bookings`, { workerId: a.worker.id });
    expect(barred.statusCode).toBe(422);
    expect(barred.json()).toMatchObject({ rule: 'EXM-8' });
    expect(barred.json().detail).toContain('须重新参加培训');
  });
});

/** A sheet with the given deductions per subject (K1..K4 of 10/40/20/30). */
const sheet = (k2Deduction = 0) => ({
  subjects: [
    { code: 'K1', deductions: [] },
    { code: 'K2', deductions: k2Deduction ? [{ points: k2Deduction, reason: '未按规定验电即操作' }] : [] },
    { code: 'K3', deductions: [{ points: 2, reason: '未发现配电箱门未接地' }] },
    { code: 'K4', deductions: [] },
  ],
});

let chiefStaffId: string;
async function completeArchive(sessionId: string, chief = true) {
  if (chief)
    expect(
      (await centreStaff.put(`/api/exams/sessions/${sessionId}/chief-examiner`, { staffId: chiefStaffId })).statusCode,
    ).toBe(200);
  for (const label of ['理论考场一', '实操考试区'])
    expect(
      (
        await centreStaff.post(`/api/exams/sessions/${sessionId}/archive`, {
          kind: 'video',
          label,
          reference: `nvr://wuhou/${label}`,
        })
      ).statusCode,
    ).toBe(201);
  await centreStaff.post(`/api/exams/sessions/${sessionId}/archive`, {
    kind: 'paper',
    label: '签到表、试卷、评分表',
    reference: '档案室 A-12 盒',
  });
}

describe('practical exam and results (EXM-7, EXM-8, EXM-10)', () => {
  it('EXM-7 an examiner scores subject by subject with deductions, once; incomplete sheets are refused', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const bad = await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, {
      subjects: [{ code: 'K1', deductions: [] }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('K2');
    const res = await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet(15));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().total).toBe(83);
    expect(res.json().subjects.find((x: { code: string }) => x.code === 'K2').score).toBe(25);
    expect((await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet())).statusCode).toBe(409);
    expect((await centreStaff.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet())).statusCode).toBe(
      403,
    );
    const notIn = (
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: (await candidate()).worker.id })
    ).json();
    expect((await examiner.post(`/api/exams/bookings/${notIn.id}/practical-sheet`, sheet())).json().rule).toBe('EXM-5');
  });

  it('EXM-9 each score sheet records the station used: implied when the site has one for the item, named when it has several', async () => {
    const stations = [
      { name: '低压实物配电柜甲', itemCodes: ['1.2'], real: true },
      { name: '低压实物配电柜乙', itemCodes: ['1.2'], real: true },
    ];
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20', { stations, itemCodes: ['1.2'] });
    const a = await seated(session);
    const unnamed = await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet());
    expect(unnamed.json()).toMatchObject({ status: 422, rule: 'EXM-9' });
    expect(unnamed.json().detail).toContain('低压实物配电柜乙');
    const elsewhere = await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, {
      ...sheet(),
      station: '实物焊机工位',
    });
    expect(elsewhere.json()).toMatchObject({ status: 422, rule: 'EXM-9' });
    const named = await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, {
      ...sheet(),
      station: '低压实物配电柜乙',
    });
    expect(named.statusCode, named.body).toBe(201);
    expect(named.json().station).toBe('低压实物配电柜乙');

    const single = await seated(await approvedSession('1.2', 30, '2026-11-23', '10:20'));
    const implied = await examiner.post(`/api/exams/bookings/${single.booking.id}/practical-sheet`, sheet());
    expect(implied.json().station).toBe('低压实物配电柜');
  });

  it("EXM-10 results cannot be published while the archive is incomplete; EXM-4 nor without a chief examiner; EXM-7 nor without two examiners' sheets", async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const paper = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    await answerAll(a.client, paper, () => [0]);
    const incomplete = await centreStaff.post(`/api/exams/sessions/${session.id}/publish`);
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({ rule: 'EXM-10' });
    expect(incomplete.json().gaps).toEqual([
      '缺少「理论考场一」的全程视频',
      '缺少「实操考试区」的全程视频',
      '缺少纸质档案（签到表、试卷或评分表）',
    ]);
    await completeArchive(session.id, false);
    expect((await centreStaff.get(`/api/exams/sessions/${session.id}/archive`)).json().complete).toBe(true);
    // EXM-4: nor without a named chief examiner.
    expect((await centreStaff.post(`/api/exams/sessions/${session.id}/publish`)).json()).toMatchObject({
      status: 422,
      rule: 'EXM-4',
    });
    expect(
      (await centreStaff.put(`/api/exams/sessions/${session.id}/chief-examiner`, { staffId: chiefStaffId })).statusCode,
    ).toBe(200);
    await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet());
    const oneSheet = await centreStaff.post(`/api/exams/sessions/${session.id}/publish`);
    expect(oneSheet.json().rule).toBe('EXM-7');
    await examiner2.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet(10));
    const published = await centreStaff.post(`/api/exams/sessions/${session.id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().results[0]).toMatchObject({ practicalScore: 93, practicalPassed: true });
    expect((await centreStaff.post(`/api/exams/sessions/${session.id}/publish`)).statusCode).toBe(409);
  });

  it('Order 30 art. 16 scores within 10 working days: a session past it is listed overdue to the centre and its regulator, and a late publication is kept as late', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const paper = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    await answerAll(a.client, paper, () => [0]);
    await completeArchive(session.id, false);
    await centreStaff.put(`/api/exams/sessions/${session.id}/chief-examiner`, { staffId: chiefStaffId });
    await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet());
    await examiner2.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet());
    const now = p.clock.now();
    const row = async (who: Actor) =>
      (await resultsDeadlines(p.ctx, who)).items.find((i) => i.sessionId === session.id);
    try {
      // Monday 23 November + 10 working days = Monday 7 December; on the 8th it is overdue.
      p.clock.set(new Date('2026-12-07T04:00:00Z'));
      expect(await row(regulatorActor)).toMatchObject({ dueOn: '2026-12-07', status: 'due' });
      p.clock.set(new Date('2026-12-08T04:00:00Z'));
      expect(await row(regulatorActor)).toMatchObject({ status: 'overdue', statusLabel: '逾期未发布' });
      expect(await row(centreActor)).toMatchObject({ status: 'overdue' });
      expect(await row(schoolActor).catch((e) => e.status)).toBe(403);
      const published = await publishResults(p.ctx, centreActor, session.id);
      expect(published).toMatchObject({ dueOn: '2026-12-07', late: true });
      expect(await row(regulatorActor)).toMatchObject({ status: 'published_late' });
    } finally {
      p.clock.set(now);
    }
  });

  it('Order 30 art. 32 a holder 6 months away sits the practical alone; EMP-1 refuses the work until it is passed, and the pass is no new certificate', async () => {
    const { worker, idNumber } = await candidate();
    await issueCertificate(p, worker.id, '1.2', { issuedAt: new Date('2025-03-01T02:00:00Z') });
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const book = (workerId: string, purpose?: string) =>
      schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId, ...(purpose ? { purpose } : {}) });
    expect((await book(worker.id)).json()).toMatchObject({ status: 422, rule: 'CER-1' });
    const uncertified = await book((await candidate()).worker.id, 'return_to_work');
    expect(uncertified.json()).toMatchObject({ status: 422, rule: 'CER-1' });
    expect(uncertified.json().detail).toContain('仅实操');

    // Worked on 1.2 from April 2025 to March 2026: more than 6 months away by November.
    const before = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510104' });
    const job = await before.client.post('/api/employments', {
      idNumber,
      kind: 'own',
      itemCodes: ['1.2'],
      hiredOn: '2025-04-01',
    });
    expect(job.statusCode, job.body).toBe(201);
    expect(
      (await before.client.post(`/api/employments/${job.json().id}/end`, { endedOn: '2026-03-31', reason: '辞职' }))
        .statusCode,
    ).toBe(200);
    const next = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510104' });
    const refused = await next.client.post('/api/employments', {
      idNumber,
      kind: 'own',
      itemCodes: ['1.2'],
      hiredOn: '2026-11-23',
    });
    expect(refused.json()).toMatchObject({ status: 422, rule: 'EMP-1', refusedItems: [{ reason: 'away_from_work' }] });
    expect(refused.json().detail).toContain('离岗复考');
    const onLedger = await next.client.post('/api/employments', {
      idNumber,
      kind: 'own',
      itemCodes: [],
      hiredOn: '2026-11-23',
    });
    expect(onLedger.statusCode, onLedger.body).toBe(201);

    const booking = await book(worker.id, 'return_to_work');
    expect(booking.statusCode, booking.body).toBe(201);
    expect(booking.json()).toMatchObject({ attempt: 'return' });
    const door = await centreStaff.post(`/api/exams/bookings/${booking.json().id}/door-check`, {
      idNumber,
      photo: Buffer.from('photo').toString('base64'),
    });
    expect(door.statusCode, door.body).toBe(200);
    await examiner.post(`/api/exams/bookings/${booking.json().id}/practical-sheet`, sheet());
    await examiner2.post(`/api/exams/bookings/${booking.json().id}/practical-sheet`, sheet());
    await completeArchive(session.id);
    const published = await centreStaff.post(`/api/exams/sessions/${session.id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().results[0]).toMatchObject({ attempt: 'return', theoryScore: null, passed: true });
    // A confirmation of the certificate held, not a pass that leads to issuance.
    expect((await passedCandidates(p.ctx)).map((r) => r.bookingId)).not.toContain(booking.json().id);

    const assigned = await next.client.post(`/api/employments/${onLedger.json().id}/items`, { itemCode: '1.2' });
    expect(assigned.statusCode, assigned.body).toBe(200);
  });

  it('EXM-8 theory and practical each against 80; a make-up retakes the failed part and keeps the passed one; passes go to issuance', async () => {
    const first = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(first);
    const paper = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    // Answer every question correctly by reading the bank key through the stems (the test knows the bank).
    const bank = (await authority.get('/api/exams/bank/1.2')).json().questions as Array<{
      stem: string;
      options: string[];
      answer: number[];
    }>;
    const key = (q: { stem: string; options: string[] }) => {
      const b = bank.find(
        (x) =>
          x.stem === q.stem && x.options.length === q.options.length && x.options.every((o) => q.options.includes(o)),
      )!;
      return b.answer.map((i) => q.options.indexOf(b.options[i])).sort();
    };
    expect((await answerAll(a.client, paper, (q) => key(paper.questions[q.position]))).json()).toMatchObject({
      score: 100,
      passed: true,
    });
    await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet(30));
    await examiner2.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet(30));
    await completeArchive(first.id);
    const firstResult = (await centreStaff.post(`/api/exams/sessions/${first.id}/publish`)).json().results[0];
    expect(firstResult).toMatchObject({
      theoryPassed: true,
      practicalScore: 68,
      practicalPassed: false,
      passed: false,
    });
    expect((await passedCandidates(p.ctx)).some((r) => r.workerId === a.worker.id)).toBe(false);

    const second = await approvedSession('1.2', 30, '2026-11-23', '10:25');
    const makeup = (
      await schoolAdmin.post(`/api/exams/sessions/${second.id}/bookings`, { workerId: a.worker.id })
    ).json();
    expect(makeup.attempt).toBe('makeup');
    await centreStaff.post(`/api/exams/bookings/${makeup.id}/door-check`, { idNumber: a.idNumber, photo: 'cGhvdG8=' });
    await examiner.post(`/api/exams/bookings/${makeup.id}/practical-sheet`, sheet());
    await examiner2.post(`/api/exams/bookings/${makeup.id}/practical-sheet`, sheet());
    await completeArchive(second.id);
    const result = (await centreStaff.post(`/api/exams/sessions/${second.id}/publish`)).json().results[0];
    expect(result).toMatchObject({
      attempt: 'makeup',
      theoryScore: null,
      theoryPassed: true,
      practicalPassed: true,
      passed: true,
    });
    expect((await passedCandidates(p.ctx)).filter((r) => r.workerId === a.worker.id)).toHaveLength(1);
    // CER-1: the pass (and only the pass) is handed to issuance through the outbox.
    const handed = await rows<{ payload: { resultId: string; itemCode: string } }>(
      sql`select payload from domain_events where type = 'exam.passed' and payload->>'workerId' = ${a.worker.id}`,
    );
    expect(handed.map((e) => e.payload)).toEqual([expect.objectContaining({ resultId: makeup.id, itemCode: '1.2' })]);
    const archive = await rows<{ summary: string }>(
      sql`select summary from archive_events where worker_id = ${a.worker.id} and kind = 'examined' order by seq`,
    );
    expect(archive.at(-1)!.summary).toContain('补考成绩');
    expect(archive.at(-1)!.summary).toContain('合格');
    // Issue 19 item 8: the candidate's own page shows theory, practical and final result of each attempt.
    const mine = (await a.client.get('/api/exams/my-bookings')).json().items as Array<{
      bookingId: string;
      admissionNumber: string;
      result: { theoryScore: number | null; practicalScore: number; passed: boolean } | null;
    }>;
    expect(mine.find((b) => b.bookingId === a.booking.id)!.result).toMatchObject({
      theoryScore: 100,
      practicalScore: 68,
      passed: false,
    });
    expect(mine.find((b) => b.bookingId === makeup.id)!.result).toMatchObject({ theoryScore: null, passed: true });
    expect(mine.every((b) => /^20261123\d{6,}$/.test(b.admissionNumber))).toBe(true);
  });
});

describe('personnel database and 考培分离 of staff (EXM-4, EXM-2)', () => {
  /** A fresh login of the centre with its personnel record. */
  async function staffLogin(
    role: 'exam_centre_staff' | 'examiner',
    duties: Array<'proctor' | 'examiner'>,
    items: string[],
    idNumber = makeIdNumber('1979-09-09'),
  ) {
    const u = await makeUser(p, { role, org: centre });
    const record = await registerStaff(p.ctx, centreActor, staffRecord(u.username, duties, items, idNumber));
    return { client: await signIn(p, u.username), record, idNumber };
  }

  it('EXM-4 an account not in the personnel database cannot check candidates in or score them', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const { worker, idNumber } = await candidate();
    const booking = (
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })
    ).json();
    const stranger = await signIn(p, (await makeUser(p, { role: 'examiner', org: centre })).username);
    const door = await stranger.post(`/api/exams/bookings/${booking.id}/door-check`, { idNumber, photo: 'cGhvdG8=' });
    expect(door.json()).toMatchObject({ status: 422, rule: 'EXM-4', title: '未登记考务人员库' });
    await centreStaff.post(`/api/exams/bookings/${booking.id}/door-check`, { idNumber, photo: 'cGhvdG8=' });
    expect((await stranger.post(`/api/exams/bookings/${booking.id}/practical-sheet`, sheet())).json().rule).toBe(
      'EXM-4',
    );
    // The centre's clerk (a proctor) has no scoring permission at all.
    expect((await centreStaff.post(`/api/exams/bookings/${booking.id}/practical-sheet`, sheet())).statusCode).toBe(403);
    const list = (await centreStaff.get('/api/exams/staff')).json().items as Array<{
      name: string;
      idNumberMasked: string;
      dutyLabels: string[];
      training: unknown[];
    }>;
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list.find((x) => x.dutyLabels.length === 2)).toMatchObject({
      dutyLabels: ['监考员', '考评员'],
      training: [{ course: '特种作业考评员培训' }],
    });
    expect(JSON.stringify(list)).not.toMatch(/\d{17}[\dX]/);
  });

  it('EXM-4 an examiner is assigned only to items of a category whose certificate they hold; 平台未查到 does not refuse, a revoked one does', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const welder = await staffLogin('examiner', ['examiner'], ['2.1']);
    const refused = await welder.client.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet());
    expect(refused.json()).toMatchObject({ status: 422, rule: 'EXM-4', title: '考评员不具备该类别证书' });
    const electrician = await staffLogin('examiner', ['examiner'], ['1.1']);
    expect(electrician.record.certificates[0].checks[0]).toMatchObject({
      categoryCode: '1',
      status: 'not_found',
      label: '平台未查到',
      refused: false,
    });
    const number = electrician.record.certificates[0].number;
    const register: CertificateRegister = {
      ...emptyCertificateRegister,
      async lookup(_db, q) {
        return q.number === number
          ? [
              {
                number,
                itemCode: '1.1',
                categoryCode: '1',
                validFrom: '2020-01-01',
                validUntil: '2026-01-01',
                nextReviewDue: null,
                status: 'revoked',
              },
            ]
          : [];
      },
    };
    const previous = p.ctx.certificates;
    p.ctx.certificates = register;
    try {
      const revoked = await electrician.client.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet());
      expect(revoked.json()).toMatchObject({ status: 422, rule: 'EXM-4' });
      expect(revoked.json().detail).toContain('平台显示已吊销');
    } finally {
      p.ctx.certificates = previous;
    }
    expect(
      (await electrician.client.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet())).statusCode,
    ).toBe(201);
  });

  it("EXM-2 a teacher of the candidate's institution, now or removed within a year, may not proctor its candidates; removed over a year ago may", async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const current = await staffLogin('exam_centre_staff', ['proctor'], []);
    const teacher = await addTeacher(p.ctx, schoolActor, {
      ...compliantTeachers()[0],
      name: '赵国庆',
      idNumber: current.idNumber,
    });
    const { worker, idNumber } = await candidate();
    const booking = (
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })
    ).json();
    const refused = await current.client.post(`/api/exams/bookings/${booking.id}/door-check`, {
      idNumber,
      photo: 'cGhvdG8=',
    });
    expect(refused.json()).toMatchObject({ status: 422, rule: 'EXM-2', title: '违反考培分离' });
    expect(refused.json().conflicts.map((c: { code: string }) => c.code)).toEqual(['staff_teacher']);
    await deleteTeacher(p.ctx, schoolActor, teacher.id);
    const within = await current.client.post(`/api/exams/bookings/${booking.id}/door-check`, {
      idNumber,
      photo: 'cGhvdG8=',
    });
    expect(within.json().rule).toBe('EXM-2');
    expect(within.json().detail).toContain('一年内');
    // Removed 366 days before the exam: no longer a conflict.
    const former = await staffLogin('exam_centre_staff', ['proctor'], []);
    const now = p.clock.now();
    const old = await addTeacher(p.ctx, schoolActor, {
      ...compliantTeachers()[0],
      name: '钱卫东',
      idNumber: former.idNumber,
    });
    p.clock.set(new Date(now.getTime() - 366 * 24 * 3600_000));
    try {
      await deleteTeacher(p.ctx, schoolActor, old.id);
    } finally {
      p.clock.set(now);
    }
    const ok = await former.client.post(`/api/exams/bookings/${booking.id}/door-check`, {
      idNumber,
      photo: 'cGhvdG8=',
    });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('EXM-2 an examiner is never also a trainer: refused at registration and when scoring once they teach anywhere', async () => {
    const elsewhere = await makeUser(p, {
      role: 'institution_admin',
      org: await makeOrg(p, { kind: 'institution', regionCode: '510107' }),
    });
    const idNumber = makeIdNumber('1978-08-08');
    await addTeacher(p.ctx, elsewhere.actor, { ...compliantTeachers()[0], name: '孙立', idNumber });
    const res = await centreStaff.post('/api/exams/staff', staffRecord(null, ['examiner'], ['1.2'], idNumber, '孙立'));
    expect(res.json()).toMatchObject({ status: 422, rule: 'EXM-2' });
    expect(res.json().conflicts[0].code).toBe('examiner_trainer');
    // Registered while clean, then taken on as a teacher: the sheet is refused.
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const later = await staffLogin('examiner', ['examiner'], ['1.2']);
    await addTeacher(p.ctx, elsewhere.actor, { ...compliantTeachers()[0], name: '周密', idNumber: later.idNumber });
    const sheetRes = await later.client.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet());
    expect(sheetRes.json()).toMatchObject({ status: 422, rule: 'EXM-2' });
    expect(sheetRes.json().detail).toContain('考评员不得兼任培训教师');
  });
});

describe('finished attempts imported from another vendor (EXM-6)', () => {
  const at = (min: number, sec = 0) =>
    `2026-11-23T10:${String(min).padStart(2, '0')}:${String(sec).padStart(2, '0')}+08:00`;
  const rowsFor = (
    idNumber: string,
    session: { id: string; siteId: string },
    answers: Array<[string, string, string, boolean]>,
  ) =>
    answers.map(([vendorItemId, key, chosen, correct], i) => ({
      idNumber,
      siteId: session.siteId,
      sessionId: session.id,
      itemCode: '1.2',
      vendorItemId,
      key,
      chosen,
      correct,
      responseSeconds: 20 + i,
      shownAt: at(21 + i),
      answeredAt: at(21 + i, 30),
      submittedAt: at(40),
    }));

  it('EXM-6 JSON attempts are stored like native papers with a per-row report; an attempt with a bad row is not imported at all', async () => {
    const session = (await approvedSession('1.2', 30, '2026-11-23', '10:20')) as unknown as {
      id: string;
      siteId: string;
    };
    const a = await candidate();
    const b = await candidate();
    for (const c of [a, b])
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: c.worker.id });
    const rowsA = rowsFor(a.idNumber, session, [
      ['VX-001', 'A', 'A', true],
      ['VX-002', 'ABD', 'AB', false],
      ['VX-003', '正确', '正确', true],
    ]);
    // B's second row says "correct" where the key says otherwise: B's whole attempt stays out.
    const rowsB = rowsFor(b.idNumber, session, [
      ['VX-001', 'A', 'A', true],
      ['VX-002', 'C', 'B', true],
    ]);
    const res = await centreStaff.post('/api/exams/attempt-imports', {
      vendor: '某考试系统',
      rows: [...rowsA, ...rowsB, { ...rowsA[0], sessionId: randomUUID() }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ attemptsCreated: 1, attemptsFailed: 2, rowsImported: 3, rowsFailed: 3 });
    const report = res.json().rows as Array<{ row: number; status: string; errors: string[] }>;
    expect(report.slice(0, 3).map((r) => r.status)).toEqual(['imported', 'imported', 'imported']);
    expect(report[4].errors[0]).toContain('correct 与答案不符');
    expect(report[3].errors).toEqual(['同一作答中有错误行，整份作答未导入']);
    expect(report[5].errors).toEqual(['考试场次不存在或不属于本考试机构']);
    const [paper] = await rows<{
      id: string;
      source: string;
      vendor: string;
      score: number;
      passed: boolean;
      submitted_at: string;
    }>(sql`select id, source, vendor, score, passed, submitted_at from exam_papers where worker_id = ${a.worker.id}`);
    expect(paper).toMatchObject({ source: 'vendor', vendor: '某考试系统', score: 66.7, passed: false });
    expect(new Date(paper.submitted_at).toISOString()).toBe('2026-11-23T02:40:00.000Z');
    const finals = await rows<{ correct: boolean; selected: number[]; response_seconds: number }>(
      sql`select correct, selected, response_seconds from exam_final_answers where paper_id = ${paper.id} order by position`,
    );
    expect(finals).toEqual([
      { correct: true, selected: [0], response_seconds: 20 },
      { correct: false, selected: [0, 1], response_seconds: 21 },
      { correct: true, selected: [0], response_seconds: 22 },
    ]);
    const events = await rows<{ kind: string }>(
      sql`select kind from exam_answer_events where paper_id = ${paper.id} order by client_seq`,
    );
    expect(events.map((e) => e.kind)).toEqual([
      'question_shown',
      'option_selected',
      'question_shown',
      'option_selected',
      'question_shown',
      'option_selected',
      'final_submit',
    ]);
    expect(await rows(sql`select 1 from exam_papers where worker_id = ${b.worker.id}`)).toHaveLength(0);
    // The candidate sees the imported score like a native one, and the attempt counts for EXM-8.
    const mine = await signIn(p, (await makeUser(p, { role: 'worker', workerId: a.worker.id })).username);
    expect((await mine.get('/api/exams/my-bookings')).json().items[0]).toMatchObject({ score: 66.7, passed: false });
    expect((await mine.get(`/api/exams/papers/${paper.id}`)).json().questions[0].stem).toContain('外部考试系统');
    // Importing the same attempt twice is refused row by row.
    const again = await centreStaff.post('/api/exams/attempt-imports', { vendor: '某考试系统', rows: rowsA });
    expect(again.json()).toMatchObject({ attemptsCreated: 0, rowsFailed: 3 });
    expect(again.json().rows[0].errors).toContain('该考生本场次已有作答记录，不能重复导入');
  });

  it('EXM-6 CSV attempts (UTF-8 with BOM, header row) import the same way; an unbooked candidate is reported', async () => {
    const session = (await approvedSession('1.2', 30, '2026-11-23', '10:20')) as unknown as {
      id: string;
      siteId: string;
    };
    const a = await candidate();
    await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: a.worker.id });
    const stranger = await candidate();
    const header =
      'idNumber,siteId,sessionId,itemCode,vendorItemId,key,chosen,correct,responseSeconds,shownAt,answeredAt,submittedAt';
    const line = (id: string, item: string, chosen: string, correct: string) =>
      [id, session.siteId, session.id, '1.2', item, '', chosen, correct, '12.5', at(21), at(22), at(30)].join(',');
    const csv = `\uFEFF${header}\n${line(a.idNumber, 'Q1', 'B', '1')}\n${line(a.idNumber, 'Q2', '', '0')}\n${line(stranger.idNumber, 'Q1', 'A', '是')}\n`;
    const res = await centreStaff.inject({
      method: 'POST',
      url: `/api/exams/attempt-imports/csv?vendor=${encodeURIComponent('乙厂商')}`,
      payload: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ attemptsCreated: 1, attemptsFailed: 1, rowsImported: 2 });
    expect(res.json().rows[2].errors).toEqual(['该身份证号的考生未在该场次报名（或未分配座位）']);
    const [paper] = await rows<{ score: number; source: string }>(
      sql`select score, source from exam_papers where worker_id = ${a.worker.id}`,
    );
    expect(paper).toEqual({ score: 50, source: 'vendor' });
    expect(
      (await centreStaff.get('/api/exams/attempt-imports'))
        .json()
        .items.find((i: { vendor: string }) => i.vendor === '乙厂商'),
    ).toMatchObject({ format: 'csv', attemptsCreated: 1 });
    expect((await schoolAdmin.post('/api/exams/attempt-imports', { vendor: 'x', rows: [{}] })).statusCode).toBe(403);
  });
});

describe('vendor files as they really come (EXM-6, issue 20)', () => {
  const at = (min: number) => `2026-11-23T10:${String(min).padStart(2, '0')}:00+08:00`;
  it('EXM-6 Chinese headers are mapped; a pilot item is kept but out of the score; a split attempt is refused whole', async () => {
    const session = (await approvedSession('1.2', 30, '2026-11-23', '10:20')) as unknown as {
      id: string;
      siteId: string;
    };
    const a = await candidate();
    const b = await candidate();
    for (const c of [a, b])
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: c.worker.id });
    const header =
      '身份证号,考点编号,场次编号,作业项目代码,题号,标准答案,考生答案,是否正确,用时（秒）,是否试测题,应答题数';
    const line = (id: string, item: string, chosen: string, correct: string, pilot: string, count: string) =>
      [id, session.siteId, session.id, '1.2', item, 'A', chosen, correct, '15', pilot, count].join(',');
    const csv = [
      header,
      line(a.idNumber, 'T-01', 'A', '是', '否', '3'),
      line(a.idNumber, 'T-02', 'B', '否', '否', '3'),
      line(a.idNumber, 'T-99', 'B', '否', '是', '3'),
      // B's paper has 3 questions but only 2 are in this file: the other part is in another upload.
      line(b.idNumber, 'T-01', 'A', '是', '否', '3'),
      line(b.idNumber, 'T-02', 'A', '是', '否', '3'),
    ].join('\n');
    const res = await centreStaff.inject({
      method: 'POST',
      url: `/api/exams/attempt-imports/csv?vendor=${encodeURIComponent('丙厂商')}`,
      payload: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ attemptsCreated: 1, attemptsFailed: 1 });
    expect(res.json().rows[3].errors[0]).toMatch(/作答不完整：该试卷应有 3 题，本文件中有 2 题/);
    const [paper] = await rows<{ id: string; score: number; questions: Array<{ pilot?: boolean; points: number }> }>(
      sql`select id, score, questions from exam_papers where worker_id = ${a.worker.id}`,
    );
    // Two scored items, one right: 50 — the pilot item is on the paper but carries no points.
    expect(paper.score).toBe(50);
    expect(paper.questions.map((q) => q.pilot === true)).toEqual([false, false, true]);
    expect(paper.questions[2].points).toBe(0);
    expect(await rows(sql`select 1 from exam_papers where worker_id = ${b.worker.id}`)).toHaveLength(0);
  });

  it('EXM-6 a full session of 30 candidates × 100 items imports in one upload (throughput measured)', async () => {
    const session = (await approvedSession('1.2', 30, '2026-11-23', '10:20')) as unknown as {
      id: string;
      siteId: string;
    };
    const people = [];
    for (let i = 0; i < 30; i++) {
      const c = await candidate();
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: c.worker.id });
      people.push(c);
    }
    const all = people.flatMap((c) =>
      Array.from({ length: 100 }, (_, i) => ({
        idNumber: c.idNumber,
        siteId: session.siteId,
        sessionId: session.id,
        itemCode: '1.2',
        vendorItemId: `P-${i}`,
        key: 'A',
        chosen: i % 4 ? 'A' : 'B',
        correct: i % 4 !== 0,
        responseSeconds: 10 + (i % 17),
        questionCount: 100,
      })),
    );
    const started = performance.now();
    const res = await centreStaff.post('/api/exams/attempt-imports', { vendor: '己厂商', rows: all });
    const seconds = (performance.now() - started) / 1000;
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json()).toMatchObject({ attemptsCreated: 30, rowsImported: 3000 });
    console.log(`vendor import: 3000 rows in ${seconds.toFixed(2)} s = ${Math.round(3000 / seconds)} rows/s`);
  });

  it("EXM-6 the vendor's own headers and site/session codes are mapped once, saved per vendor, and used by later uploads", async () => {
    const session = (await approvedSession('1.2', 30, '2026-11-23', '10:20')) as unknown as {
      id: string;
      siteId: string;
    };
    const a = await candidate();
    await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: a.worker.id });
    const vendor = encodeURIComponent('庚厂商');
    const bad = await centreStaff.put(`/api/exams/attempt-imports/mappings/${vendor}`, {
      headers: { 考生证件: 'idNumber' },
      sites: { K01: session.siteId },
      sessions: { 'CC-9': randomUUID() },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatch(/场次代码 CC-9/);
    const saved = await centreStaff.put(`/api/exams/attempt-imports/mappings/${vendor}`, {
      headers: { 考生证件: 'idNumber', 机位题目: 'vendorItemId' },
      sites: { K01: session.siteId },
      sessions: { 'CC-9': session.id },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await centreStaff.get(`/api/exams/attempt-imports/mappings/${vendor}`)).json().sessions).toEqual({
      'CC-9': session.id,
    });
    const csv = [
      '考生证件,考点编号,场次编号,作业项目代码,机位题目,考生答案,是否正确',
      [a.idNumber, 'K01', 'CC-9', '1.2', 'M-1', 'A', '是'].join(','),
      [a.idNumber, 'K01', 'CC-9', '1.2', 'M-2', 'B', '否'].join(','),
    ].join('\n');
    const res = await centreStaff.inject({
      method: 'POST',
      url: `/api/exams/attempt-imports/csv?vendor=${vendor}`,
      payload: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ attemptsCreated: 1, rowsImported: 2 });
  });

  it('EXM-6 an unrecognised header is one clear error naming the columns, nothing stored', async () => {
    const res = await centreStaff.inject({
      method: 'POST',
      url: `/api/exams/attempt-imports/csv?vendor=${encodeURIComponent('丁厂商')}`,
      payload: '准考证,科目,分数\n1,2,3\n4,5,6\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().rule).toBe('EXM-6');
    expect(res.json().detail).toMatch(/无法识别的列：准考证、科目、分数/);
    expect(res.json().detail).toMatch(/缺少必填列：idNumber/);
  });

  it('EXM-6 the documented 20,000 rows pass the JSON route (no body limit cut)', async () => {
    const sessionId = randomUUID();
    const big = Array.from({ length: 20_000 }, (_, i) => ({
      idNumber: `11010119900101${String(1000 + (i % 200)).slice(-4)}`,
      siteId: randomUUID(),
      sessionId,
      itemCode: '1.2',
      vendorItemId: `Q-${Math.floor(i / 200)}`,
      key: 'A',
      chosen: 'A',
      correct: true,
      responseSeconds: 12,
      shownAt: at(21),
      answeredAt: at(22),
      submittedAt: at(50),
    }));
    const res = await centreStaff.post('/api/exams/attempt-imports', { vendor: '戊厂商', rows: big });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json().rowsFailed).toBe(20_000);
  });
});

describe('vendor attempts on the shared streaming import (EXM-6, issue 16, issue 20)', () => {
  const at = (min: number) => `2026-11-23T10:${String(min).padStart(2, '0')}:00+08:00`;
  const HEAD = [
    '身份证号',
    '准考证号',
    '考点编号',
    '场次编号',
    '作业项目代码',
    '题号',
    '标准答案',
    '考生答案',
    '是否正确',
    '用时（秒）',
    '出题时间',
    '作答时间',
    '是否试测题',
    '应答题数',
  ];
  type Line = {
    id?: string;
    code?: string;
    site: string;
    session: string;
    item?: string;
    q: string;
    key: string;
    chosen: string;
    ok: boolean;
    pilot?: boolean;
    count?: number;
    min?: number;
  };
  const csv = (lines: Line[], head = HEAD, extra: (l: Line) => string[] = () => []) =>
    Buffer.from(
      [
        head.join(','),
        ...lines.map((l) =>
          [
            l.id ?? '',
            l.code ?? '',
            l.site,
            l.session,
            l.item ?? '1.2',
            l.q,
            l.key,
            l.chosen,
            l.ok ? '是' : '否',
            '20',
            at(l.min ?? 21),
            at((l.min ?? 21) + 1),
            l.pilot ? '是' : '否',
            l.count === undefined ? '' : String(l.count),
            ...extra(l),
          ].join(','),
        ),
      ].join('\n'),
    );
  const attempt = (
    who: { id?: string; code?: string },
    s: { id: string; siteId: string },
    n: number,
    opts: Partial<Line> = {},
  ) =>
    Array.from(
      { length: n },
      (_, i): Line => ({
        ...who,
        site: s.siteId,
        session: s.id,
        q: `VQ-${i + 1}`,
        key: 'A',
        chosen: i === 0 ? 'B' : 'A',
        ok: i !== 0,
        min: 21 + i,
        ...opts,
      }),
    );
  const upload = (client: Client, vendor: string, body: Buffer) =>
    client.inject({
      method: 'POST',
      url: `/api/exams/vendor-imports?fileName=t.csv&vendor=${encodeURIComponent(vendor)}`,
      payload: body,
      headers: { 'content-type': 'text/csv' },
    });
  /** Upload, run the queued check job, and (when it passed and `commit`) the commit job. */
  interface Run {
    id: string;
    status: string;
    committedRows: number;
    report: Record<string, number> | null;
    problems: Array<{ row: number; field: string; message: string }>;
  }
  async function run(client: Client, vendor: string, body: Buffer, commit = true): Promise<Run> {
    const res = await upload(client, vendor, body);
    expect(res.statusCode, res.body).toBe(202);
    await drainImportJobs(p.ctx, VENDOR_IMPORTS);
    let state = (await client.get(`/api/exams/vendor-imports/${res.json().id}`)).json();
    if (commit && state.status === 'ready') {
      expect((await client.post(`/api/exams/vendor-imports/${state.id}/commit`, {})).statusCode).toBe(202);
      await drainImportJobs(p.ctx, VENDOR_IMPORTS);
      state = (await client.get(`/api/exams/vendor-imports/${state.id}`)).json();
    }
    const problems = (await client.get(`/api/exams/vendor-imports/${state.id}/problems?pageSize=200`)).json();
    return { ...state, problems: problems.items as Array<{ row: number; field: string; message: string }> };
  }
  let session: { id: string; siteId: string };
  let a: Awaited<ReturnType<typeof candidate>>;
  let b: Awaited<ReturnType<typeof candidate>>;
  beforeAll(async () => {
    session = (await approvedSession('1.2', 30, '2026-11-23', '10:20')) as unknown as { id: string; siteId: string };
    a = await candidate();
    b = await candidate();
    for (const c of [a, b])
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: c.worker.id });
  });

  it('EXM-6 a vendor file with Chinese headers is checked by a background job and written whole; pilot items carry 0 points; the candidate code is stored', async () => {
    const lines = [
      ...attempt({ id: a.idNumber, code: 'ZK-A' }, session, 4, { count: 5 }),
      {
        id: a.idNumber,
        code: 'ZK-A',
        site: session.siteId,
        session: session.id,
        q: 'VQ-P',
        key: 'A',
        chosen: 'B',
        ok: false,
        pilot: true,
        count: 5,
        min: 30,
      },
    ];
    const done = await run(centreStaff, '庚厂商', csv(lines));
    expect(done.problems).toEqual([]);
    expect(done).toMatchObject({ status: 'committed', committedRows: 5 });
    expect(done.report).toMatchObject({ attempts: 1, candidateCodes: 1 });
    const [paper] = await rows<{
      id: string;
      source: string;
      score: number;
      vendor_candidate_code: string;
      booking_id: string | null;
    }>(
      sql`select id, source, score, vendor_candidate_code, booking_id from exam_papers where worker_id = ${a.worker.id} and session_id = ${session.id}`,
    );
    // 3 of the 4 scored items right; the pilot item (wrong) counts for nothing.
    expect(paper).toMatchObject({ source: 'vendor', score: 75, vendor_candidate_code: 'ZK-A' });
    expect(paper.booking_id).not.toBeNull();
    const finals = await rows<{ points: number }>(
      sql`select points from exam_final_answers where paper_id = ${paper.id} order by position`,
    );
    expect(finals.map((f) => Number(f.points))).toEqual([0, 25, 25, 25, 0]);
  });

  it('EXM-6 interleaved attempts, with or without 应答题数 on their first row, are written whole; every preview row names its session; a code first given on a later row is learnt', async () => {
    const [c, d, e] = [await candidate(), await candidate(), await candidate()];
    for (const w of [c, d, e])
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: w.worker.id });
    // c declares its length on every row; d never does (its size is counted from the staged rows); e only
    // from its second row on, and gives its candidate code only there (the mapping is still learnt).
    const cs = attempt({ id: c.idNumber }, session, 3, { count: 3 });
    const ds = attempt({ id: d.idNumber }, session, 3);
    const es = attempt({ id: e.idNumber }, session, 3).map((l, i) => (i === 0 ? l : { ...l, count: 3, code: 'ZK-E' }));
    const lines = [cs[0], ds[0], es[0], cs[1], ds[1], es[1], cs[2], ds[2], es[2]];
    const checked = await run(centreStaff, '辛厂商', csv(lines), false);
    expect(checked.problems).toEqual([]);
    expect(checked.status).toBe('ready');
    const preview = (await centreStaff.get(`/api/exams/vendor-imports/${checked.id}/rows?pageSize=20`)).json();
    expect(preview.items).toHaveLength(9);
    for (const item of preview.items)
      expect(item).toMatchObject({ session: '2026-11-23', past: false, itemCode: '1.2' });
    expect(preview.items.map((i: { candidateCode: string | null }) => i.candidateCode)).toEqual([
      null,
      null,
      null,
      null,
      null,
      'ZK-E',
      null,
      null,
      'ZK-E',
    ]);
    expect((await centreStaff.post(`/api/exams/vendor-imports/${checked.id}/commit`, {})).statusCode).toBe(202);
    await drainImportJobs(p.ctx, VENDOR_IMPORTS);
    const done = (await centreStaff.get(`/api/exams/vendor-imports/${checked.id}`)).json();
    expect(done).toMatchObject({ status: 'committed', committedRows: 9 });
    expect(done.report).toMatchObject({ attempts: 3, candidateCodes: 1 });
    for (const w of [c, d, e]) {
      const papers = await rows<{ id: string; score: number; vendor_candidate_code: string | null }>(
        sql`select id, score, vendor_candidate_code from exam_papers where worker_id = ${w.worker.id} and session_id = ${session.id}`,
      );
      expect(papers).toHaveLength(1);
      // The first item of each attempt is wrong: 2 of 3.
      expect(Number(papers[0].score)).toBeCloseTo(66.7, 1);
      const finals = await rows(sql`select 1 from exam_final_answers where paper_id = ${papers[0].id}`);
      expect(finals).toHaveLength(3);
    }
    const learnt = await rows<{ worker_id: string }>(
      sql`select worker_id from exam_vendor_candidates where vendor = '辛厂商' and code = 'ZK-E'`,
    );
    expect(learnt).toEqual([{ worker_id: e.worker.id }]);
  });

  it('EXM-6 rows staged by the earlier layout (every field on every row, a text attempt key) still commit whole', async () => {
    const f = await candidate();
    await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: f.worker.id });
    const checked = await run(centreStaff, '壬厂商', csv(attempt({ id: f.idNumber, code: 'ZK-F' }, session, 3)), false);
    expect(checked.status).toBe('ready');
    // An upload checked before the compact layout and confirmed after it: rewrite its staged rows as they were.
    await p.ctx.db.execute(sql`
      update bulk_import_rows r
         set data = (r.data - 'n' - 'lc' - 'd' - 'sc')
           || jsonb_build_object('a', 'old|' || (r.data->>'a'), 's', o.data->'s', 'w', o.data->'w', 'b', o.data->'b',
                                 'at', o.data->'at', 'learn', r.data ? 'cc', 'p', coalesce(r.data->'p', 'false'::jsonb))
        from (select distinct on (data->>'a') data->>'a' as a, data from bulk_import_rows
               where import_id = ${checked.id} order by data->>'a', row_no) o
       where r.import_id = ${checked.id} and o.a = r.data->>'a'`);
    const preview = (await centreStaff.get(`/api/exams/vendor-imports/${checked.id}/rows?pageSize=20`)).json();
    expect(preview.items[2]).toMatchObject({ session: '2026-11-23', candidateCode: 'ZK-F', pilot: false });
    expect((await centreStaff.post(`/api/exams/vendor-imports/${checked.id}/commit`, {})).statusCode).toBe(202);
    await drainImportJobs(p.ctx, VENDOR_IMPORTS);
    const done = (await centreStaff.get(`/api/exams/vendor-imports/${checked.id}`)).json();
    expect(done).toMatchObject({ status: 'committed', committedRows: 3 });
    expect(done.report).toMatchObject({ attempts: 1, candidateCodes: 1 });
    const papers = await rows<{ vendor_candidate_code: string }>(
      sql`select vendor_candidate_code from exam_papers where worker_id = ${f.worker.id} and session_id = ${session.id}`,
    );
    expect(papers).toEqual([{ vendor_candidate_code: 'ZK-F' }]);
  });

  it('EXM-6 an unrecognised header is ONE 422 naming it; nothing is stored', async () => {
    const res = await upload(
      centreStaff,
      '庚厂商',
      csv(attempt({ id: b.idNumber }, session, 2), [...HEAD, '科目分数'], () => ['90']),
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'EXM-6' });
    expect(res.json().detail).toContain('无法识别的列：科目分数');
    const noVendor = await upload(centreStaff, ' ', csv(attempt({ id: b.idNumber }, session, 2)));
    expect(noVendor.statusCode).toBe(400);
  });

  it('EXM-6 an attempt whose declared length disagrees is refused whole; the second half of a split attempt is refused', async () => {
    const half = await run(centreStaff, '庚厂商', csv(attempt({ id: b.idNumber }, session, 2, { count: 4 })));
    expect(half.status).toBe('rejected');
    expect(half.problems.map((x) => x.message).join()).toContain('作答不完整：该试卷应有 4 题，本文件中有 2 题');
    expect((await rows(sql`select 1 from exam_papers where worker_id = ${b.worker.id}`)).length).toBe(0);
    // Without a declared length, the first half is stored; the second half is then refused (never appended).
    expect((await run(centreStaff, '庚厂商', csv(attempt({ id: b.idNumber }, session, 2)))).status).toBe('committed');
    const second = await run(
      centreStaff,
      '庚厂商',
      csv(attempt({ id: b.idNumber }, session, 2).map((l) => ({ ...l, q: `${l.q}-2` }))),
    );
    expect(second.status).toBe('rejected');
    expect(second.problems[0].message).toContain('已有作答记录');
  });

  it("EXM-6 the vendor's own column names and session codes are read through the centre's saved mapping", async () => {
    const c = await candidate();
    await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: c.worker.id });
    const saved = await centreStaff.put(`/api/exams/attempt-imports/mappings/${encodeURIComponent('辛厂商')}`, {
      headers: { 考生证件: 'idNumber' },
      sites: { 'K-01': session.siteId },
      sessions: { 'S-01': session.id },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const own = ['考生证件', ...HEAD.slice(1)];
    const done = await run(
      centreStaff,
      '辛厂商',
      csv(attempt({ id: c.idNumber }, { id: 'S-01', siteId: 'K-01' }, 3), own),
    );
    expect(done.problems).toEqual([]);
    expect(done.status).toBe('committed');
    // Another vendor's upload does not know these names.
    expect((await upload(centreStaff, '壬厂商', csv(attempt({ id: c.idNumber }, session, 1), own))).statusCode).toBe(
      422,
    );
  });

  it('EXM-6 a file with only the vendor candidate code is read through the per-centre code table; unmapped codes are named in the report', async () => {
    const s2 = (await approvedSession('1.2', 30, '2026-11-24', '14:00')) as unknown as { id: string; siteId: string };
    const c = await candidate();
    for (const w of [a, c]) await schoolAdmin.post(`/api/exams/sessions/${s2.id}/bookings`, { workerId: w.worker.id });
    // ZK-A was learnt from the first file (both code and ID number); ZK-X is nobody's.
    const refused = await run(
      centreStaff,
      '庚厂商',
      csv([...attempt({ code: 'ZK-A' }, s2, 2), ...attempt({ code: 'ZK-X' }, s2, 2)]),
    );
    expect(refused.status).toBe('rejected');
    const named = refused.problems.filter((x) => x.field === '未对应的准考证号');
    expect(named).toHaveLength(1);
    expect(named[0].message).toContain('准考证号 ZK-X');
    // The code table is kept per centre and vendor: saved with the mapping, then the file passes.
    const saved = await centreStaff.put(`/api/exams/attempt-imports/mappings/${encodeURIComponent('庚厂商')}`, {
      headers: {},
      sites: {},
      sessions: {},
      candidates: { 'ZK-X': c.idNumber },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const badCode = await centreStaff.put(`/api/exams/attempt-imports/mappings/${encodeURIComponent('庚厂商')}`, {
      headers: {},
      sites: {},
      sessions: {},
      candidates: { 'ZK-Y': makeIdNumber('1970-01-01') },
    });
    expect(badCode.json()).toMatchObject({ status: 422, rule: 'EXM-6' });
    const done = await run(
      centreStaff,
      '庚厂商',
      csv([...attempt({ code: 'ZK-A' }, s2, 2), ...attempt({ code: 'ZK-X' }, s2, 2)]),
    );
    expect(done.problems).toEqual([]);
    const papers = await rows<{ worker_id: string; vendor_candidate_code: string }>(
      sql`select worker_id, vendor_candidate_code from exam_papers where session_id = ${s2.id} order by vendor_candidate_code`,
    );
    expect(papers).toEqual([
      { worker_id: a.worker.id, vendor_candidate_code: 'ZK-A' },
      { worker_id: c.worker.id, vendor_candidate_code: 'ZK-X' },
    ]);
  });

  it('issue 16 a past exam is imported by the province side: a session marked 导入 without plan or bookings, its roster from the file, scanned by INT-1..5; the centre cannot, nor can a live date', async () => {
    const site = await acceptedSite();
    const idNumbers = [0, 1, 2].map(() => makeIdNumber('1985-05-05'));
    const people: Array<{ id: string }> = [];
    for (const idNumber of idNumbers) people.push(await makeWorker(p, schoolActor, { idNumber }));
    const pastHead = [...HEAD, '考试日期', '开考时间'];
    const lines = (date: string) =>
      people
        .flatMap((w, k) =>
          attempt({ code: `H-${k}`, id: idNumbers[k] }, { id: 'H-2025-03', siteId: site.id }, 3, { count: 3 }),
        )
        .map((l) => ({ ...l, date }));
    const file = (date: string) => csv(lines(date), pastHead, (l) => [(l as Line & { date: string }).date, '09:30']);
    // The examined centre does not bring in its own past record: its upload reads as its live sessions.
    const byCentre = await run(centreStaff, '庚厂商', file('2025-03-12'), false);
    expect(byCentre.status).toBe('rejected');
    expect(byCentre.problems[0].message).toContain('考试场次不存在或不属于本考试机构');
    // A date that is not past is never a historical session (EXM-3 plans live exams).
    const future = await run(authority, '庚厂商', file('2026-12-30'), false);
    expect(future.problems[0].message).toContain('今天以前');
    const done = await run(authority, '庚厂商', file('2025-03-12'));
    expect(done.problems).toEqual([]);
    // The committed report still counts the rows written (EXM-6: what the page shows after the commit).
    expect(done.report).toMatchObject({ rows: 9, pastAttempts: 3, sessionsCreated: 1 });
    const [s] = await rows<{ id: string; source: string; plan_id: string | null; date: string; centre_org_id: string }>(
      sql`select id, source, plan_id, date::text as date, centre_org_id from exam_sessions where site_id = ${site.id} and import_code = 'H-2025-03'`,
    );
    expect(s).toMatchObject({ source: 'import', plan_id: null, date: '2025-03-12', centre_org_id: centre.id });
    const papers = await rows<{ booking_id: string | null; source: string }>(
      sql`select booking_id, source from exam_papers where session_id = ${s.id}`,
    );
    expect(papers).toHaveLength(3);
    expect(papers.every((x) => x.booking_id === null && x.source === 'import')).toBe(true);
    expect((await rows(sql`select 1 from exam_bookings where session_id = ${s.id}`)).length).toBe(0);
    // The same file again: the session is found, every attempt is already there.
    const again = await run(authority, '庚厂商', file('2025-03-12'), false);
    expect(again.status).toBe('rejected');
    expect(again.problems[0].message).toContain('已有作答记录');
    // EXM-3 in the database: a booking-less paper or a plan-less session only from the import.
    await expect(
      p.ctx.db.execute(sql`update exam_papers set source = 'vendor' where session_id = ${s.id}`),
    ).rejects.toThrow();
    await expect(p.ctx.db.execute(sql`update exam_sessions set source = 'plan' where id = ${s.id}`)).rejects.toThrow();
    // INT-1..5 run on it like any other session.
    const scan = await requestScan(p.ctx, null, { sessionIds: [s.id] });
    const ran = await executeScan(p.ctx, scan.id);
    expect(
      ran?.status ??
        (await rows<{ status: string }>(sql`select status from integrity_scans where id = ${scan.id}`))[0].status,
    ).toBe('done');
    expect((await integrityPapers(p.ctx.db, [s.id])).map((x) => x.attempt)).toEqual(['first', 'first', 'first']);
    // Shown, marked as imported, to the regulator side.
    const list = (await authority.get('/api/exams/past-sessions')).json().items;
    expect(list.find((x: { id: string }) => x.id === s.id)).toMatchObject({
      source: 'import',
      papers: 3,
      code: 'H-2025-03',
    });
  });
});

describe("the province's practical standard on the score sheet (EXM-7, CAT-2)", () => {
  it("EXM-7 the score sheet follows the item's standard in force in the session's province, not one generic sheet", async () => {
    const province = await makeOrg(p, { kind: 'regulator', regionCode: '510000' });
    const provinceUser = await makeUser(p, { role: 'province_regulator', org: province });
    const provinceClient = await signIn(p, provinceUser.username);
    const national = (await examiner.get('/api/exams/standards/2.1')).json();
    expect(national).toMatchObject({ source: 'national', examiners: 2 });
    const subjects = [
      ...national.subjects.map((s: { code: string; maxScore: number }) => ({
        ...s,
        maxScore: s.code === 'K2' ? 30 : s.maxScore,
      })),
      {
        code: 'K5',
        name: '气瓶搬运与存放',
        maxScore: 10,
        realEquipment: true,
        commonSubjects: [],
        criteria: ['气瓶直立固定'],
      },
    ];
    const set = await provinceClient.post('/api/settings/provinces/510000/practical_standard', {
      key: '2.1',
      value: { subjects },
      effectiveFrom: '2026-11-23',
    });
    expect(set.statusCode, set.body).toBe(201);
    const session = await approvedSession('2.1', 30, '2026-11-23', '10:40');
    const a = await seated(session);
    const generic = await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet());
    expect(generic.statusCode).toBe(400);
    expect(generic.json().detail).toContain('K5');
    const own = await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, {
      subjects: [...sheet(5).subjects, { code: 'K5', deductions: [{ points: 3, reason: '气瓶未固定' }] }],
    });
    expect(own.statusCode, own.body).toBe(201);
    // K1 10 + K2 30−5 + K3 20−2 + K4 30 + K5 10−3.
    expect(own.json().total).toBe(90);
  });
});

describe('scheduling and the lists people work from (EXM-3; issue 19 items 6, 8, 9)', () => {
  it('EXM-3 a session nobody booked can be moved or deleted; once someone is booked both are refused with the reason', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-25', '09:00');
    const moved = await centreStaff.put(`/api/exams/sessions/${session.id}`, { startTime: '10:30' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(new Date(moved.json().startsAt).toISOString()).toBe('2026-11-25T02:30:00.000Z');
    // Not the regulator's to move, and seconds are not a thing a schedule has.
    expect((await regulator.put(`/api/exams/sessions/${session.id}`, { startTime: '11:00' })).statusCode).toBe(403);
    expect((await centreStaff.put(`/api/exams/sessions/${session.id}`, { startTime: '11:00:30' })).statusCode).toBe(
      400,
    );
    const { worker } = await candidate();
    expect(
      (await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })).statusCode,
    ).toBe(201);
    for (const refused of [
      await centreStaff.put(`/api/exams/sessions/${session.id}`, { startTime: '14:00' }),
      await centreStaff.inject({ method: 'DELETE', url: `/api/exams/sessions/${session.id}` }),
    ]) {
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json()).toMatchObject({ rule: 'EXM-3', title: '场次已有考生报名' });
      expect(refused.json().detail).toContain('已有 1 名考生报名');
    }
    const [kept] = await rows<{ starts_at: Date }>(sql`select starts_at from exam_sessions where id = ${session.id}`);
    expect(new Date(kept.starts_at).toISOString()).toBe('2026-11-25T02:30:00.000Z');

    const unbooked = await approvedSession('1.2', 30, '2026-11-26', '09:00');
    const deleted = await centreStaff.inject({ method: 'DELETE', url: `/api/exams/sessions/${unbooked.id}` });
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(await rows(sql`select 1 from exam_sessions where id = ${unbooked.id}`)).toHaveLength(0);
    const audit = await rows<{ action: string }>(
      sql`select action from audit_records where entity_id in (${session.id}, ${unbooked.id}) order by seq`,
    );
    expect(audit.map((r) => r.action)).toEqual([
      'exams.session_create',
      'exams.session_update',
      'exams.session_create',
      'exams.session_delete',
    ]);
  });

  it('EXM-3 an exact duplicate (same site, item and start) is refused even from another plan; another time is fine', async () => {
    const site = await acceptedSite();
    const plans: string[] = [];
    for (const title of ['12 月考试计划', '12 月考试计划']) {
      const plan = await centreStaff.post('/api/exams/plans', {
        title,
        regulatorOrgId: cityRegulator.id,
        lines: [{ siteId: site.id, itemCode: '2.1', date: '2026-12-02', capacity: 20 }],
      });
      await regulator.post(`/api/exams/plans/${plan.json().id}/decision`, { approve: true });
      plans.push(plan.json().id as string);
    }
    const first = await centreStaff.post('/api/exams/sessions', { planId: plans[0], line: 0, startTime: '09:00' });
    expect(first.statusCode, first.body).toBe(201);
    const twin = await centreStaff.post('/api/exams/sessions', { planId: plans[1], line: 0, startTime: '09:00' });
    expect(twin.statusCode, twin.body).toBe(422);
    expect(twin.json()).toMatchObject({ rule: 'EXM-3', title: '重复的考试场次' });
    const later = await centreStaff.post('/api/exams/sessions', { planId: plans[1], line: 0, startTime: '14:00' });
    expect(later.statusCode, later.body).toBe(201);
    // Moving the later one onto the first one's start is the same duplicate.
    expect((await centreStaff.put(`/api/exams/sessions/${later.json().id}`, { startTime: '09:00' })).json().title).toBe(
      '重复的考试场次',
    );
    // Two plans of one title are told apart by their label (dates and sites).
    const listed = (await centreStaff.get('/api/exams/plans?q=12%20月&pageSize=50')).json();
    const mine = listed.items.filter((x: { id: string }) => plans.includes(x.id));
    expect(mine).toHaveLength(2);
    expect(mine[0].label).toBe(`12 月考试计划（2026-12-02 · ${SITE.name}）`);
  });

  it('sessions are listed newest first, a page at a time with the total, filtered by site name and date', async () => {
    await approvedSession('1.2', 30, '2026-11-27', '09:00', { name: '青羊区分页测试考试点' });
    await approvedSession('1.2', 30, '2026-11-28', '09:00', { name: '青羊区分页测试考试点' });
    await approvedSession('1.2', 30, '2026-11-29', '09:00', { name: '青羊区分页测试考试点' });
    const page1 = (
      await centreStaff.get(`/api/exams/sessions?q=${encodeURIComponent('青羊区分页')}&pageSize=2`)
    ).json();
    expect(page1.total).toBe(3);
    expect(page1.items.map((x: { date: string }) => x.date)).toEqual(['2026-11-29', '2026-11-28']);
    const page2 = (
      await centreStaff.get(`/api/exams/sessions?q=${encodeURIComponent('青羊区分页')}&pageSize=2&page=2`)
    ).json();
    expect(page2.items.map((x: { date: string }) => x.date)).toEqual(['2026-11-27']);
    const day = (
      await centreStaff.get(`/api/exams/sessions?q=${encodeURIComponent('青羊区分页')}&from=2026-11-28&to=2026-11-28`)
    ).json();
    expect(day.items.map((x: { date: string }) => x.date)).toEqual(['2026-11-28']);
  });

  it("EXM-5 the admission ticket is the candidate's own: number, masked ID, site and time; others get 404", async () => {
    const session = await approvedSession('1.2', 30, '2026-11-30', '09:00');
    const a = await seated(session);
    const ticket = await a.client.get(`/api/exams/bookings/${a.booking.id}/ticket`);
    expect(ticket.statusCode, ticket.body).toBe(200);
    const t = ticket.json();
    expect(t.admissionNumber).toMatch(/^20261130\d{6,}$/);
    expect(t.idNumberMasked).not.toBe(a.idNumber);
    expect(t.idNumberMasked).toContain('*');
    expect(t).toMatchObject({ itemCode: '1.2', siteName: SITE.name, siteAddress: SITE.address, hasPhoto: false });
    expect(t.qr).toBe(`ZKZ:${t.admissionNumber}:${a.booking.id}`);
    const other = await seated(session);
    expect((await other.client.get(`/api/exams/bookings/${a.booking.id}/ticket`)).statusCode).toBe(404);
  });

  it('EXM-6 leaving full-screen is recorded as an answer event with the server time', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:10');
    const a = await seated(session);
    const paper = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    const sent = await a.client.post(`/api/exams/papers/${paper.id}/events`, {
      events: [
        { clientSeq: 1, kind: 'fullscreen_exit' },
        { clientSeq: 2, kind: 'fullscreen_enter' },
      ],
    });
    expect(sent.statusCode, sent.body).toBe(200);
    const events = await rows<{ kind: string }>(
      sql`select kind from exam_answer_events where paper_id = ${paper.id} order by client_seq`,
    );
    expect(events.map((e) => e.kind)).toEqual(['fullscreen_exit', 'fullscreen_enter']);
  });
});
