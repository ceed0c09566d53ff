// Exams through the API on a real database: bank and blueprint (EXM-6), sites (EXM-1, EXM-2,
// EXM-9, EXM-11), plans and sessions (EXM-3), booking (TRN-5 seam, REG-3, EXM-8), the door (EXM-5),
// and a theory paper from drawing to score (EXM-6).
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unverifiedFaceMatcher } from '../../kernel/face.js';
import { makeIdNumber, makeOrg, makeUser, makeWorker, signIn, startTestPlatform, type Client, type TestPlatform } from '../../testing/harness.js';
import { DEMO_BANK, DEMO_BLUEPRINT } from './demo-bank.js';
import { importQuestions, setBlueprint } from './bank.js';
import { ACCEPTANCE_CHECKLIST } from './rules.js';
import { getSite } from './sites.js';
import { passedCandidates } from './practical.js';
import { recordEvents, submitPaper } from './theory.js';

let p: TestPlatform;
const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>) => ((await p.ctx.db.execute(q)) as unknown as { rows: T[] }).rows;

type Org = Awaited<ReturnType<typeof makeOrg>>;
let cityRegulator: Org, otherRegulator: Org, centre: Org, school: Org;
let centreStaff: Client, regulator: Client, otherReg: Client, schoolAdmin: Client, examiner: Client, examiner2: Client;
let schoolActor: Awaited<ReturnType<typeof makeUser>>['actor'];
let regulatorActor: Awaited<ReturnType<typeof makeUser>>['actor'];
const ALL_PASS = ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true }));
const HEALTH = { issuedAt: '2026-10-01', institutionName: '成都市第一人民医院', institutionLevel: 'county_or_above' as const, disqualifyingConditions: [] };

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
  [centreStaff, regulator, otherReg, schoolAdmin, examiner, examiner2] = await Promise.all([staff, reg, oreg, sch, exm, exm2].map((u) => signIn(p, u.username)));
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
  return res.json() as { id: string };
}

/** A session of `itemCode` tomorrow (China time) inside an approved plan. */
async function approvedSession(itemCode = '1.2', capacity = 30, date = '2026-11-24', startTime = '09:00') {
  const site = await acceptedSite();
  const plan = await centreStaff.post('/api/exams/plans', { title: '11 月考试计划', regulatorOrgId: cityRegulator.id, lines: [{ siteId: site.id, itemCode, date, capacity }] });
  expect(plan.statusCode, plan.body).toBe(201);
  expect((await regulator.post(`/api/exams/plans/${plan.json().id}/decision`, { approve: true })).statusCode).toBe(200);
  const session = await centreStaff.post('/api/exams/sessions', { planId: plan.json().id, line: 0, startTime });
  expect(session.statusCode, session.body).toBe(201);
  return session.json() as { id: string; startsAt: string };
}

async function candidate(overrides = {}) {
  const idNumber = makeIdNumber('1990-03-03');
  const worker = await makeWorker(p, schoolActor, { idNumber, regionCode: '510104', health: HEALTH, ...overrides });
  return { worker, idNumber };
}

describe('question bank and blueprint (EXM-6)', () => {
  it('EXM-6 JSON import writes valid rows and reports each bad row, nothing half-written', async () => {
    const res = await centreStaff.post('/api/exams/bank/3.1/import', {
      questions: [
        { key: 'HT-1', kind: 'judge', knowledgePoint: '高处作业', difficulty: 1, stem: '坠落高度基准面 2 m 及以上的作业属于高处作业。', answer: [0] },
        { key: 'HT-2', kind: 'single', knowledgePoint: '高处作业', difficulty: 1, stem: '安全带应当（ ）。', options: ['高挂低用', '低挂高用'], answer: [3] },
        'not an object',
        { key: 'HT-1', kind: 'judge', knowledgePoint: '高处作业', difficulty: 1, stem: '重复题号的题目。', answer: [0] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, failed: 3 });
    expect(res.json().rows.map((r: { row: number; status: string }) => [r.row, r.status])).toEqual([[1, 'created'], [2, 'error'], [3, 'error'], [4, 'error']]);
    expect(res.json().rows[1].errors).toContain('答案序号超出选项范围或重复');
    expect(res.json().rows[3].errors).toContain('题号 HT-1 在本次导入中重复');
    expect(await rows(sql`select 1 from audit_records where action = 'exams.bank_import' and entity_id = '3.1'`)).toHaveLength(1);
  });

  it('EXM-6 .xlsx import reads the template with 题型/答案 in Chinese and reports bad rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('题库');
    ws.addRow(['题号', '题型', '知识点', '难度', '题干', '选项A', '选项B', '选项C', '选项D', '答案']);
    ws.addRow(['RF-1', '单选', '制冷安全', 2, '氨制冷系统发生泄漏时，人员应向（ ）方向撤离。', '上风', '下风', '低洼', '泄漏点'] as never);
    ws.addRow(['RF-1', '判断', '制冷安全', 1, '氨是有毒、可燃的制冷剂。', '', '', '', '', '对']);
    ws.addRow(['RF-2', '多选', '制冷安全', 2, '题干', '甲', '乙', '', '', 'Z']);
    const sheetRows = ws.getRows(2, 1)!;
    sheetRows[0].getCell(10).value = 'A';
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await centreStaff.inject({ method: 'POST', url: '/api/exams/bank/4.1/import-xlsx', payload: buffer, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, failed: 2 });
    expect(res.json().rows[1].errors).toContain('题号 RF-1 在本次导入中重复');
    const bank = await centreStaff.get('/api/exams/bank/4.1');
    expect(bank.json().questions[0]).toMatchObject({ key: 'RF-1', kind: 'single', answer: [0], options: ['上风', '下风', '低洼', '泄漏点'] });
    const garbage = await centreStaff.inject({ method: 'POST', url: '/api/exams/bank/4.1/import-xlsx', payload: Buffer.from('not a workbook'), headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    expect(garbage.statusCode).toBe(400);
  });

  it('EXM-6 a blueprint not totalling 100 or beyond the bank is refused; the pass mark defaults to 80 (EXM-8)', async () => {
    const wrongTotal = await centreStaff.put('/api/exams/bank/1.2/blueprint', { sections: [{ kind: 'judge', knowledgePoint: null, count: 10, points: 1 }], timeLimitMinutes: 60 });
    expect(wrongTotal.statusCode).toBe(422);
    expect(wrongTotal.json().rule).toBe('EXM-6');
    const short = await centreStaff.put('/api/exams/bank/1.2/blueprint', { sections: [{ kind: 'multiple', knowledgePoint: null, count: 50, points: 2 }], timeLimitMinutes: 60 });
    expect(short.statusCode).toBe(422);
    expect(short.json().detail).toContain('多选题');
    const bank = await centreStaff.get('/api/exams/bank/1.2');
    expect(bank.json().blueprint).toMatchObject({ theoryPassMark: 80, practicalPassMark: 80, totalPoints: 100 });
    expect(bank.json().questions.length).toBeGreaterThanOrEqual(150);
    expect((await schoolAdmin.get('/api/exams/bank/1.2')).statusCode).toBe(403);
  });
});

describe('exam sites (EXM-1, EXM-2, EXM-9, EXM-11)', () => {
  it('EXM-2 a site on a training institution\'s premises is refused, naming the rule', async () => {
    const res = await centreStaff.post('/api/exams/sites', { ...SITE, operatorOrgId: school.id });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'EXM-2', title: '违反考培分离' });
  });

  it('EXM-9 low-voltage or welding exams are refused at a site whose stations for them are simulators', async () => {
    const res = await centreStaff.post('/api/exams/sites', { ...SITE, stations: [{ name: '低压仿真台', itemCodes: ['1.2'], real: false }], itemCodes: ['1.2'] });
    expect(res.statusCode).toBe(422);
    expect(res.json().rule).toBe('EXM-9');
    // A hazardous-chemicals control item does not require real equipment: a simulator is acceptable.
    const sim = await centreStaff.post('/api/exams/sites', { ...SITE, stations: [{ name: '仪表仿真台', itemCodes: ['9.16'], real: true }], itemCodes: ['9.16'] });
    expect(sim.statusCode, sim.body).toBe(201);
  });

  it('EXM-1 a site enters the public list only once accepted against the whole checklist', async () => {
    const created = await centreStaff.post('/api/exams/sites', { ...SITE, name: '验收测试考试点' });
    const id = created.json().id;
    const listed = async () => ((await p.app.inject({ method: 'GET', url: '/api/public/exam-sites?regionCode=510107' })).json().items as Array<{ id: string }>).some((s) => s.id === id);
    expect(await listed()).toBe(false);
    const failed = await regulator.post(`/api/exams/sites/${id}/acceptance`, { checks: ALL_PASS.map((c) => (c.code === 'video' ? { ...c, passed: false } : c)) });
    expect(failed.json()).toMatchObject({ accepted: false, failures: ['考场及实操区视频监控全覆盖并可存档'] });
    expect(await listed()).toBe(false);
    expect((await otherReg.post(`/api/exams/sites/${id}/acceptance`, { checks: ALL_PASS })).statusCode).toBe(404);
    expect((await regulator.post(`/api/exams/sites/${id}/acceptance`, { checks: ALL_PASS })).json().accepted).toBe(true);
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
      expect((await getSite(p.ctx, regulatorActor, idle.id)).standing.reasons).toEqual(['验收后 12 个月未组织考试']);
    } finally {
      p.clock.advance(-366 * 24 * 3600 * 1000);
    }
  });
});

describe('plans, sessions and booking (EXM-3, TRN-5, REG-3, EXM-8)', () => {
  it('EXM-3 no session outside an approved plan; only the regulator filed with approves, once', async () => {
    const site = await acceptedSite();
    const plan = (await centreStaff.post('/api/exams/plans', { title: '计划', regulatorOrgId: cityRegulator.id, lines: [{ siteId: site.id, itemCode: '1.2', date: '2026-11-30', capacity: 20 }] })).json();
    expect(plan.status).toBe('submitted');
    const early = await centreStaff.post('/api/exams/sessions', { planId: plan.id, line: 0, startTime: '09:00' });
    expect(early.statusCode).toBe(422);
    expect(early.json().rule).toBe('EXM-3');
    expect((await otherReg.post(`/api/exams/plans/${plan.id}/decision`, { approve: true })).statusCode).toBe(404);
    expect((await regulator.post(`/api/exams/plans/${plan.id}/decision`, { approve: true })).json().status).toBe('approved');
    expect((await regulator.post(`/api/exams/plans/${plan.id}/decision`, { approve: false })).statusCode).toBe(409);
    expect((await centreStaff.post('/api/exams/sessions', { planId: plan.id, line: 0, startTime: '09:00' })).statusCode).toBe(201);
    expect((await centreStaff.post('/api/exams/sessions', { planId: plan.id, line: 0, startTime: '14:00' })).statusCode).toBe(409);
    const wrongRegulator = await centreStaff.post('/api/exams/plans', { title: '计划', regulatorOrgId: otherRegulator.id, lines: [{ siteId: site.id, itemCode: '1.2', date: '2026-11-30', capacity: 20 }] });
    expect(wrongRegulator.json().rule).toBe('EXM-3');
  });

  it('EXM-3 two simultaneous bookings of one person give one booking and a refusal, never a 500', async () => {
    const session = await approvedSession('1.2', 5);
    const { worker } = await candidate();
    const results = await Promise.all([1, 2, 3].map(() => schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })));
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
    for (const { worker } of people) statuses.push((await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })).json().status);
    expect(statuses).toEqual(['allocated', 'allocated', 'waitlisted']);
    expect((await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: people[0].worker.id })).statusCode).toBe(422);
    const roster = await centreStaff.get(`/api/exams/sessions/${session.id}`);
    expect(roster.json().bookings.map((b: { workerId: string }) => b.workerId)).toEqual(people.map((x) => x.worker.id));
    // The centre now sees its candidates (SEC-2 through the 'candidate' link).
    expect((await centreStaff.get(`/api/workers/${people[0].worker.id}`)).statusCode).toBe(200);
  });

  it('REG-3 a candidate without a health declaration is refused; TRN-5 hours are reported as not checked, never as met', async () => {
    const session = await approvedSession('1.2');
    const { worker } = await candidate({ health: undefined });
    const refused = await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().rule).toBe('REG-3');
    const ok = await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: (await candidate()).worker.id });
    const trn5 = ok.json().eligibility.checks.find((c: { rule: string }) => c.rule === 'TRN-5');
    expect(trn5).toMatchObject({ status: 'not_checked' });
  });
});

/** Door check, then the candidate's own login opens the paper. */
async function seated(session: { id: string }) {
  const { worker, idNumber } = await candidate();
  const booking = (await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })).json();
  const door = await centreStaff.post(`/api/exams/bookings/${booking.id}/door-check`, { idNumber, photo: Buffer.from('photo').toString('base64') });
  expect(door.statusCode, door.body).toBe(200);
  const user = await makeUser(p, { role: 'worker', workerId: worker.id });
  return { worker, idNumber, booking, actor: user.actor, client: await signIn(p, user.username) };
}

async function answerAll(client: Client, paper: { id: string; questions: Array<{ position: number; kind: string; options: string[] }> }, choose: (q: { position: number; kind: string }) => number[]) {
  const answers = paper.questions.map((q) => ({ position: q.position, selected: choose(q) }));
  return client.post(`/api/exams/papers/${paper.id}/submit`, { clientSeq: 100_000, answers });
}

describe('door check and theory exam (EXM-5, EXM-6, EXM-8)', () => {
  it('EXM-5 a wrong ID number at the door records a person-certificate mismatch; a right one checks in as face-unverified', async () => {
    {
      const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
      const { worker, idNumber } = await candidate();
      const booking = (await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })).json();
      const other = await candidate();
      const wrong = await centreStaff.post(`/api/exams/bookings/${booking.id}/door-check`, { idNumber: other.idNumber, photo: 'cGhvdG8=' });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json()).toMatchObject({ rule: 'EXM-5', title: '人证不符' });
      expect(await rows(sql`select kind from exam_incidents where booking_id = ${booking.id}`)).toEqual([{ kind: 'person_certificate_mismatch' }]);
      const right = await examiner.post(`/api/exams/bookings/${booking.id}/door-check`, { idNumber, photo: 'cGhvdG8=' });
      expect(right.json()).toMatchObject({ checkedIn: true, faceVerified: false, faceOutcomeLabel: '未核验（无比对引擎）', check: { idNumberMatches: true, faceOutcome: 'unverified' } });
    }
  });

  it('EXM-6 a paper per candidate; events recorded with server time, reload keeps answers; submit scores; final answers kept apart', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const b = await seated(session);
    const notCheckedIn = (await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: (await candidate()).worker.id })).json();
    const paperA = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    const paperB = (await b.client.post(`/api/exams/bookings/${b.booking.id}/paper`)).json();
    expect(paperA.questions).toHaveLength(90);
    expect(paperA.questions.map((q: { stem: string }) => q.stem).join()).not.toBe(paperB.questions.map((q: { stem: string }) => q.stem).join());
    expect((await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json().id).toBe(paperA.id);
    expect((await b.client.get(`/api/exams/papers/${paperA.id}`)).statusCode).toBe(404);
    const stranger = await makeUser(p, { role: 'worker', workerId: (await candidate()).worker.id });
    expect((await (await signIn(p, stranger.username)).post(`/api/exams/bookings/${notCheckedIn.id}/paper`)).statusCode).toBe(404);
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
    const stored = await rows<{ kind: string; server_at: unknown }>(sql`select kind, server_at from exam_answer_events where paper_id = ${paperA.id} order by client_seq`);
    expect(stored.map((e) => e.kind)).toEqual(['question_shown', 'option_selected', 'focus_lost', 'focus_regained', 'option_changed']);
    expect(new Date(stored[0].server_at as string).toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect((await a.client.get(`/api/exams/papers/${paperA.id}`)).json()).toMatchObject({ answers: { 0: [1] }, lastClientSeq: 5 });

    // The candidate answers everything with the first option, except the one they changed.
    const submitted = await answerAll(a.client, paperA, (q) => (q.position === 0 ? [1] : [0]));
    expect(submitted.statusCode, submitted.body).toBe(200);
    const { score, passed, passMark } = submitted.json();
    expect(passMark).toBe(80);
    const finals = await rows<{ correct: boolean; points: number }>(sql`select correct, points from exam_final_answers where paper_id = ${paperA.id}`);
    expect(finals).toHaveLength(90);
    expect(finals.reduce((n, f) => n + Number(f.points), 0)).toBeCloseTo(score);
    expect(passed).toBe(score >= 80);
    expect((await a.client.post(`/api/exams/papers/${paperA.id}/events`, { events: [{ clientSeq: 6, kind: 'focus_lost' }] })).statusCode).toBe(409);
    expect((await answerAll(a.client, paperA, () => [1])).json().score).toBe(score);
    const archive = await rows<{ kind: string }>(sql`select kind from archive_events where worker_id = ${a.worker.id} and kind = 'examined'`);
    expect(archive).toHaveLength(1);
  });

  it('EXM-6 after the deadline no answer is taken: late events are refused and a late submit is scored from the event log', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const paper = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    await a.client.post(`/api/exams/papers/${paper.id}/events`, { events: [{ clientSeq: 1, kind: 'option_selected', position: 0, selected: [0] }] });
    // Through the use cases: 92 minutes on, the HTTP session itself would have expired.
    p.clock.advance(92 * 60_000);
    try {
      await expect(recordEvents(p.ctx, a.actor, paper.id, [{ clientSeq: 2, kind: 'option_changed', position: 0, selected: [1] }])).rejects.toMatchObject({ status: 409 });
      await submitPaper(p.ctx, a.actor, paper.id, { clientSeq: 3, answers: paper.questions.map((q: { position: number }) => ({ position: q.position, selected: [1] })) });
      const finals = await rows<{ position: number; selected: number[] }>(sql`select position, selected from exam_final_answers where paper_id = ${paper.id} order by position`);
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
    const [row] = await rows<{ key: string }>(sql`select q.key from exam_questions q where q.stem = ${first.stem} and q.item_code = '2.1'`);
    const original = DEMO_BANK['2.1'].find((q) => q.key === row.key)!;
    const res = await centreStaff.post('/api/exams/bank/2.1/import', { questions: [{ ...original, stem: `${original.stem}（修订）` }] });
    expect(res.json().updated).toBe(1);
    expect((await a.client.get(`/api/exams/papers/${paper.id}`)).json().questions[0].stem).toBe(first.stem);
    expect(await rows(sql`select version, current from exam_questions where key = ${row.key} and item_code = '2.1' order by version`)).toEqual([{ version: 1, current: false }, { version: 2, current: true }]);
  });

  it('EXM-8 a failed first attempt books a make-up; a failed make-up bars booking until retraining', async () => {
    const first = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(first);
    const paper = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    expect((await answerAll(a.client, paper, () => [])).json()).toMatchObject({ score: 0, passed: false });
    const second = await approvedSession('1.2', 30, '2026-11-23', '10:25');
    const makeup = await schoolAdmin.post(`/api/exams/sessions/${second.id}/bookings`, { workerId: a.worker.id });
    expect(makeup.json().attempt, makeup.body).toBe('makeup');
    await centreStaff.post(`/api/exams/bookings/${makeup.json().id}/door-check`, { idNumber: a.idNumber, photo: 'cGhvdG8=' });
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

async function completeArchive(sessionId: string) {
  for (const label of ['理论考场一', '实操考试区']) expect((await centreStaff.post(`/api/exams/sessions/${sessionId}/archive`, { kind: 'video', label, reference: `nvr://wuhou/${label}` })).statusCode).toBe(201);
  await centreStaff.post(`/api/exams/sessions/${sessionId}/archive`, { kind: 'paper', label: '签到表、试卷、评分表', reference: '档案室 A-12 盒' });
}

describe('practical exam and results (EXM-7, EXM-8, EXM-10)', () => {
  it('EXM-7 an examiner scores subject by subject with deductions, once; incomplete sheets are refused', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const bad = await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, { subjects: [{ code: 'K1', deductions: [] }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('K2');
    const res = await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet(15));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().total).toBe(83);
    expect(res.json().subjects.find((x: { code: string }) => x.code === 'K2').score).toBe(25);
    expect((await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet())).statusCode).toBe(409);
    expect((await centreStaff.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet())).statusCode).toBe(403);
    const notIn = (await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: (await candidate()).worker.id })).json();
    expect((await examiner.post(`/api/exams/bookings/${notIn.id}/practical-sheet`, sheet())).json().rule).toBe('EXM-5');
  });

  it('EXM-10 results cannot be published while the archive is incomplete; EXM-7 nor without two examiners\' sheets', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(session);
    const paper = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    await answerAll(a.client, paper, () => [0]);
    const incomplete = await centreStaff.post(`/api/exams/sessions/${session.id}/publish`);
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json()).toMatchObject({ rule: 'EXM-10' });
    expect(incomplete.json().gaps).toEqual(['缺少「理论考场一」的全程视频', '缺少「实操考试区」的全程视频', '缺少纸质档案（签到表、试卷或评分表）']);
    await completeArchive(session.id);
    expect((await centreStaff.get(`/api/exams/sessions/${session.id}/archive`)).json().complete).toBe(true);
    await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet());
    const oneSheet = await centreStaff.post(`/api/exams/sessions/${session.id}/publish`);
    expect(oneSheet.json().rule).toBe('EXM-7');
    await examiner2.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet(10));
    const published = await centreStaff.post(`/api/exams/sessions/${session.id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().results[0]).toMatchObject({ practicalScore: 93, practicalPassed: true });
    expect((await centreStaff.post(`/api/exams/sessions/${session.id}/publish`)).statusCode).toBe(409);
  });

  it('EXM-8 theory and practical each against 80; a make-up retakes the failed part and keeps the passed one; passes go to issuance', async () => {
    const first = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const a = await seated(first);
    const paper = (await a.client.post(`/api/exams/bookings/${a.booking.id}/paper`)).json();
    // Answer every question correctly by reading the bank key through the stems (the test knows the bank).
    const bank = (await centreStaff.get('/api/exams/bank/1.2')).json().questions as Array<{ stem: string; options: string[]; answer: number[] }>;
    const key = (q: { stem: string; options: string[] }) => {
      const b = bank.find((x) => x.stem === q.stem && x.options.length === q.options.length && x.options.every((o) => q.options.includes(o)))!;
      return b.answer.map((i) => q.options.indexOf(b.options[i])).sort();
    };
    expect((await answerAll(a.client, paper, (q) => key(paper.questions[q.position]))).json()).toMatchObject({ score: 100, passed: true });
    await examiner.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet(30));
    await examiner2.post(`/api/exams/bookings/${a.booking.id}/practical-sheet`, sheet(30));
    await completeArchive(first.id);
    const firstResult = (await centreStaff.post(`/api/exams/sessions/${first.id}/publish`)).json().results[0];
    expect(firstResult).toMatchObject({ theoryPassed: true, practicalScore: 68, practicalPassed: false, passed: false });
    expect((await passedCandidates(p.ctx)).some((r) => r.workerId === a.worker.id)).toBe(false);

    const second = await approvedSession('1.2', 30, '2026-11-23', '10:25');
    const makeup = (await schoolAdmin.post(`/api/exams/sessions/${second.id}/bookings`, { workerId: a.worker.id })).json();
    expect(makeup.attempt).toBe('makeup');
    await centreStaff.post(`/api/exams/bookings/${makeup.id}/door-check`, { idNumber: a.idNumber, photo: 'cGhvdG8=' });
    await examiner.post(`/api/exams/bookings/${makeup.id}/practical-sheet`, sheet());
    await examiner2.post(`/api/exams/bookings/${makeup.id}/practical-sheet`, sheet());
    await completeArchive(second.id);
    const result = (await centreStaff.post(`/api/exams/sessions/${second.id}/publish`)).json().results[0];
    expect(result).toMatchObject({ attempt: 'makeup', theoryScore: null, theoryPassed: true, practicalPassed: true, passed: true });
    expect((await passedCandidates(p.ctx)).filter((r) => r.workerId === a.worker.id)).toHaveLength(1);
    const archive = await rows<{ summary: string }>(sql`select summary from archive_events where worker_id = ${a.worker.id} and kind = 'examined' order by seq`);
    expect(archive.at(-1)!.summary).toContain('补考成绩');
    expect(archive.at(-1)!.summary).toContain('合格');
  });
});
