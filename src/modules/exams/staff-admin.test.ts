// The personnel database kept true (EXM-4): records edited and deactivated, never deleted; a chief
// examiner per session who must be a regulator's or exam centre's employee; and 考培分离 (EXM-2) for
// institution managers recorded with ID numbers in their filing.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSiteAsProvince } from '../../testing/sites.js';
import type { Actor } from '../../kernel/access.js';
import { unverifiedFaceMatcher } from '../../kernel/face.js';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  signIn,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing/harness.js';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../institutions/index.js';
import { applyDirect, reviewDirect } from '../training/index.js';
import { ACCEPTANCE_CHECKLIST } from './rules.js';
import { registerStaff } from './staff.js';

let p: TestPlatform;
let cityRegulator: Awaited<ReturnType<typeof makeOrg>>;
let centre: Awaited<ReturnType<typeof makeOrg>>;
let centreStaff: Client, regulator: Client, schoolAdmin: Client;
let centreActor: Actor, regulatorActor: Actor, schoolActor: Actor;
const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>) =>
  ((await p.ctx.db.execute(q)) as unknown as { rows: T[] }).rows;
const HEALTH = {
  issuedAt: '2026-10-01',
  institutionName: '成都市第一人民医院',
  institutionLevel: 'county_or_above' as const,
  disqualifyingConditions: [],
};

beforeAll(async () => {
  p = await startTestPlatform();
  p.ctx.face = unverifiedFaceMatcher;
  cityRegulator = await makeOrg(p, { kind: 'regulator', regionCode: '510100' });
  centre = await makeOrg(p, { kind: 'exam_centre', regionCode: '510100' });
  const school = await makeOrg(p, { kind: 'institution', regionCode: '510104' });
  const staff = await makeUser(p, { role: 'exam_centre_staff', org: centre });
  const reg = await makeUser(p, { role: 'city_regulator', org: cityRegulator });
  const sch = await makeUser(p, { role: 'institution_admin', org: school });
  [centreStaff, regulator, schoolAdmin] = await Promise.all([staff, reg, sch].map((u) => signIn(p, u.username)));
  [centreActor, regulatorActor, schoolActor] = [staff.actor, reg.actor, sch.actor];
});
afterAll(() => p.close());

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

/** A session of 1.2 on `date` in an approved plan, at a newly accepted site. */
async function approvedSession(itemCode = '1.2', capacity = 30, date = '2026-11-24', startTime = '09:00') {
  const site = await centreStaff.post('/api/exams/sites', {
    name: '武侯区特种作业考试点',
    address: '成都市武侯区科华北路 1 号',
    regionCode: '510107',
    rooms: [{ name: '理论考场一', seats: 40 }],
    stations: [{ name: '低压实物配电柜', itemCodes: ['1.2'], real: true }],
    itemCodes: ['1.2'],
  });
  expect(
    (
      await regulator.post(`/api/exams/sites/${site.json().id}/acceptance`, {
        checks: ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true })),
      })
    ).json().accepted,
  ).toBe(true);
  await fileSiteAsProvince(p, site.json().id); // EXM-1: the province files what the city accepted
  const plan = await centreStaff.post('/api/exams/plans', {
    title: '11 月考试计划',
    regulatorOrgId: cityRegulator.id,
    lines: [{ siteId: site.json().id, itemCode, date, capacity }],
  });
  expect((await regulator.post(`/api/exams/plans/${plan.json().id}/decision`, { approve: true })).statusCode).toBe(200);
  const session = await centreStaff.post('/api/exams/sessions', { planId: plan.json().id, line: 0, startTime });
  expect(session.statusCode, session.body).toBe(201);
  return session.json() as { id: string };
}

/** TRN-6: an approved direct registration stands in for training hours (TRN-5). */
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

async function candidate() {
  const idNumber = makeIdNumber('1990-03-03');
  const worker = await makeWorker(p, schoolActor, { idNumber, regionCode: '510104', health: HEALTH });
  await approveDirect(worker.id, ['1.2']);
  return { worker, idNumber };
}

describe('personnel database upkeep and chief examiners (EXM-4, EXM-2)', () => {
  it('EXM-4 the chief examiner must be a regulator or exam-centre employee; an outside examiner is refused, naming the rule', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-25', '09:00');
    const outsider = await registerStaff(p.ctx, centreActor, {
      ...staffRecord(null, ['examiner'], ['1.2'], makeIdNumber('1975-05-05'), '吴外聘'),
      employer: 'other',
    });
    const refused = await centreStaff.put(`/api/exams/sessions/${session.id}/chief-examiner`, { staffId: outsider.id });
    expect(refused.json()).toMatchObject({ status: 422, rule: 'EXM-4', title: '主考须为监管部门或考试机构人员' });
    expect(refused.json().detail).toContain('吴外聘');
    const own = await registerStaff(
      p.ctx,
      centreActor,
      staffRecord(null, ['examiner'], ['1.2'], makeIdNumber('1976-06-06'), '郑主考'),
    );
    const fromRegulator = await registerStaff(p.ctx, centreActor, {
      ...staffRecord(null, ['proctor'], [], makeIdNumber('1977-07-07'), '冯处长'),
      employer: 'regulator',
    });
    expect(
      (await centreStaff.put(`/api/exams/sessions/${session.id}/chief-examiner`, { staffId: fromRegulator.id }))
        .statusCode,
    ).toBe(200);
    const ok = await centreStaff.put(`/api/exams/sessions/${session.id}/chief-examiner`, { staffId: own.id });
    expect(ok.json()).toMatchObject({ chiefExaminerStaffId: own.id, chiefExaminerName: '郑主考' });
    expect((await centreStaff.get(`/api/exams/sessions/${session.id}`)).json().session.chiefExaminerStaffId).toBe(
      own.id,
    );
    // While chief examiner of a coming session, the record cannot become an outsider nor be deactivated.
    const edit = await centreStaff.put(`/api/exams/staff/${own.id}`, {
      ...staffRecord(null, ['examiner'], ['1.2'], undefined, '郑主考'),
      idNumber: undefined,
      employer: 'other',
    });
    expect(edit.json()).toMatchObject({ status: 422, rule: 'EXM-4' });
    expect((await centreStaff.post(`/api/exams/staff/${own.id}/deactivate`, { reason: '调离' })).json()).toMatchObject({
      status: 422,
      rule: 'EXM-4',
      title: '须先更换主考',
    });
    // Another centre cannot name our staff, nor touch our sessions.
    const otherCentre = await makeUser(p, {
      role: 'exam_centre_staff',
      org: await makeOrg(p, { kind: 'exam_centre', regionCode: '510100' }),
    });
    expect(
      (
        await (
          await signIn(p, otherCentre.username)
        ).put(`/api/exams/sessions/${session.id}/chief-examiner`, { staffId: own.id })
      ).statusCode,
    ).toBe(404);
  });

  it('EXM-4 a staff record is edited and deactivated, never deleted: the history stays and the login can no longer act', async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const proctor = await staffLogin('exam_centre_staff', ['proctor'], []);
    const { record } = proctor;
    // Without `username` the login stays linked.
    const edited = await centreStaff.put(`/api/exams/staff/${record.id}`, {
      ...staffRecord(null, ['proctor'], [], undefined, '周强强'),
      idNumber: undefined,
      username: undefined,
      training: [{ date: '2026-09-01', course: '监考规范复训', organiser: '四川省安全生产考试中心', passed: true }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      name: '周强强',
      training: [{ course: '监考规范复训' }],
      active: true,
      userId: record.userId,
    });
    expect(
      (
        await centreStaff.put(`/api/exams/staff/${record.id}`, {
          ...staffRecord(null, ['proctor'], []),
          idNumber: undefined,
          name: '',
        })
      ).statusCode,
    ).toBe(400);
    const { worker, idNumber } = await candidate();
    const booking = (
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })
    ).json();
    expect((await centreStaff.post(`/api/exams/staff/${record.id}/deactivate`, { reason: '' })).statusCode).toBe(400);
    const off = await centreStaff.post(`/api/exams/staff/${record.id}/deactivate`, { reason: '调离考试中心' });
    expect(off.json()).toMatchObject({ active: false, deactivatedReason: '调离考试中心' });
    const door = await proctor.client.post(`/api/exams/bookings/${booking.id}/door-check`, {
      idNumber,
      photo: 'cGhvdG8=',
    });
    expect(door.json()).toMatchObject({ status: 422, rule: 'EXM-4', title: '考务人员已停用' });
    expect(
      (await centreStaff.post(`/api/exams/staff/${record.id}/deactivate`, { reason: '再次停用' })).statusCode,
    ).toBe(409);
    const list = (await centreStaff.get('/api/exams/staff')).json().items as Array<{
      id: string;
      active: boolean;
      name: string;
    }>;
    expect(list.find((x) => x.id === record.id)).toMatchObject({ active: false, name: '周强强' });
    const audit = await rows<{ action: string }>(
      sql`select action from audit_records where entity_id = ${record.id} order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'exams.staff_register',
      'exams.staff_update',
      'exams.staff_deactivate',
    ]);
  });

  it("EXM-2 a manager in the candidate institution's filing (by ID number), now or replaced within a year, may not proctor its candidates", async () => {
    const session = await approvedSession('1.2', 30, '2026-11-23', '10:20');
    const proctor = await staffLogin('exam_centre_staff', ['proctor'], [], makeIdNumber('1972-12-12'));
    const inst = await makeUser(p, {
      role: 'institution_admin',
      org: await makeOrg(p, { kind: 'institution', regionCode: '510104' }),
    });
    const facts = compliantFacts();
    facts.managers[0] = {
      ...facts.managers[0],
      name: '陈经理',
      idNumber: proctor.idNumber,
    } as (typeof facts.managers)[number];
    const bad = {
      ...compliantFacts(),
      managers: [{ ...compliantFacts().managers[0], idNumber: '510104197212120000' }],
    };
    const badRes = await (await signIn(p, inst.username)).post('/api/institutions/filings', {
      scope: ['1.2'],
      facts: bad,
    });
    expect(badRes.statusCode).toBe(400);
    expect(badRes.json().detail).toContain('身份证号');
    for (const t of compliantTeachers()) await addTeacher(p.ctx, inst.actor, t);
    const filed = await submitFiling(p.ctx, inst.actor, { scope: ['1.2'], facts });
    // Shown masked, never with the matching hash (SEC-3).
    const shown = JSON.stringify(
      (await (await signIn(p, inst.username)).get(`/api/institutions/filings/${filed.id}`)).json(),
    );
    expect(shown).not.toContain(proctor.idNumber);
    expect(shown).not.toContain('idNumberHash');
    const workerId = makeIdNumber('1991-01-01');
    const worker = await makeWorker(p, inst.actor, { idNumber: workerId, regionCode: '510104', health: HEALTH });
    await approveDirect(worker.id, ['1.2']);
    const booking = (
      await (await signIn(p, inst.username)).post(`/api/exams/sessions/${session.id}/bookings`, { workerId: worker.id })
    ).json();
    const refused = await proctor.client.post(`/api/exams/bookings/${booking.id}/door-check`, {
      idNumber: workerId,
      photo: 'cGhvdG8=',
    });
    expect(refused.json()).toMatchObject({ status: 422, rule: 'EXM-2' });
    expect(refused.json().conflicts.map((c: { code: string }) => c.code)).toEqual(['staff_manager']);
    expect(refused.json().detail).toContain('现为');
    expect(refused.json().detail).toContain('陈经理');
    // Filed, then replaced by a filing without them: still barred within the year.
    const province = await makeUser(p, {
      role: 'province_regulator',
      org: await makeOrg(p, { kind: 'regulator', regionCode: '510000' }),
    });
    await reviewFiling(p.ctx, regulatorActor, filed.id, { decision: 'approve' });
    await recordFiling(p.ctx, province.actor, filed.id);
    const next = await submitFiling(p.ctx, inst.actor, { scope: ['1.2'], facts: compliantFacts() });
    await reviewFiling(p.ctx, regulatorActor, next.id, { decision: 'approve' });
    await recordFiling(p.ctx, province.actor, next.id);
    const former = await proctor.client.post(`/api/exams/bookings/${booking.id}/door-check`, {
      idNumber: workerId,
      photo: 'cGhvdG8=',
    });
    expect(former.json()).toMatchObject({ status: 422, rule: 'EXM-2' });
    expect(former.json().detail).toContain('一年内');
    // Another institution's candidates are not affected.
    const { worker: other, idNumber: otherId } = await candidate();
    const otherBooking = (
      await schoolAdmin.post(`/api/exams/sessions/${session.id}/bookings`, { workerId: other.id })
    ).json();
    const fine = await proctor.client.post(`/api/exams/bookings/${otherBooking.id}/door-check`, {
      idNumber: otherId,
      photo: 'cGhvdG8=',
    });
    expect(fine.statusCode, fine.body).toBe(200);
  });
});
