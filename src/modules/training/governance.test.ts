// Issue 17, training and institutions: no loophole between the steps. Each test reopens one loophole
// and fails if the rule stops holding: CER-1 at enrolment and booking, TRN-1 attendance only after
// filing and the 48 h window from the first session, TRN-5 booking needs the filed class's complete
// archive and its submitted application, INS-4 per session on the platform register, INS-2 at filing,
// and Order 30's place and 60 days.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import { unverifiedFaceMatcher } from '../../kernel/face.js';
import { issueCertificate } from '../../testing/certificates.js';
import {
  makeIdNumber,
  makeUser,
  makeWorker,
  queryRows,
  signIn,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
  platformOperator,
} from '../../testing/harness.js';
import { setSyllabusHours } from '../catalog/index.js';
import { revokeCertificate } from '../certificates/index.js';
import { candidateEligibility } from '../exams/index.js';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../institutions/index.js';
import {
  checkIn,
  checkOut,
  enrolTrainee,
  fileClass,
  openClass,
  requestExam,
  scheduleSession,
  setMaterials,
  submitExamApplication,
  trainingStanding,
} from './index.js';

let p: TestPlatform;
let city: Awaited<ReturnType<typeof signedInAs>>;
let province: Awaited<ReturnType<typeof signedInAs>>;
const H = 3_600_000;
const DAY = 24 * H;
const START = new Date('2026-11-23T02:00:00Z');
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]).toString('base64');
const health = {
  issuedAt: '2026-10-01',
  institutionName: '成都市第一人民医院',
  institutionLevel: 'county_or_above' as const,
  disqualifyingConditions: [],
};

beforeAll(async () => {
  p = await startTestPlatform();
  p.ctx.face = unverifiedFaceMatcher;
  city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
  province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
  // 2 theory + 1 practical 学时, so hours are earned in one short day.
  await setSyllabusHours(p.ctx, await platformOperator(p), {
    code: '1.1',
    theoryHours: 2,
    practicalHours: 1,
    confirmed: true,
  });
});
afterAll(() => p.close());

async function filedInstitution(regionCode = '510107') {
  const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode });
  const teachers = [];
  for (const t of compliantTeachers()) teachers.push(await addTeacher(p.ctx, inst.actor, t));
  const filing = await submitFiling(p.ctx, inst.actor, { scope: ['1.1'], facts: compliantFacts() });
  await reviewFiling(p.ctx, city.actor, filing.id, { decision: 'approve' });
  await recordFiling(p.ctx, province.actor, filing.id);
  return { ...inst, teacherId: teachers[0].id as string };
}

async function trainee(actor: Actor, overrides: Parameters<typeof makeWorker>[2] = {}) {
  return makeWorker(p, actor, {
    idNumber: makeIdNumber('1990-05-05'),
    name: '王小明',
    intendedItem: '1.1',
    health,
    ...overrides,
  });
}

/** Runs `fn` with the platform clock at `when`, then puts it back. */
async function at<T>(when: Date, fn: () => Promise<T>): Promise<T> {
  const before = p.clock.now();
  p.clock.set(when);
  try {
    return await fn();
  } finally {
    p.clock.set(before);
  }
}

/**
 * A 1.1 class opened and filed now, the worker enrolled and trained on day 1 (theory 90 min = 2 学时,
 * practice 45 min = 1 学时), so the hours are met. With `apply`, the archive is completed, the trainee
 * asks for the exam and the institution applies (TRN-5).
 */
async function trainedClass(inst: Awaited<ReturnType<typeof filedInstitution>>, workerId: string, apply = true) {
  const cls = await openClass(p.ctx, inst.actor, {
    itemCode: '1.1',
    name: '高压电工第7期',
    opensAt: START.toISOString(),
  });
  await fileClass(p.ctx, inst.actor, cls.id);
  await enrolTrainee(p.ctx, inst.actor, cls.id, workerId);
  for (const [subject, minutes, offset] of [
    ['theory', 90, 1 * DAY],
    ['practical', 45, 1 * DAY + 3 * H],
  ] as const) {
    const start = new Date(START.getTime() + offset);
    const session = await scheduleSession(p.ctx, inst.actor, cls.id, {
      subject,
      mode: 'offline',
      topic: subject === 'theory' ? '电气安全基础' : '停送电操作',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * H).toISOString(),
      teacherId: inst.teacherId,
    });
    await at(start, () => checkIn(p.ctx, inst.actor, session.id, { workerId, photo: PHOTO }));
    await at(new Date(start.getTime() + minutes * 60_000), () =>
      checkOut(p.ctx, inst.actor, session.id, { workerId, photo: PHOTO }),
    );
  }
  const endedAt = new Date(START.getTime() + DAY + 3 * H + 45 * 60_000);
  if (apply)
    await at(new Date(endedAt.getTime() + H), async () => {
      await setMaterials(p.ctx, inst.actor, cls.id, ['《高压电工作业》安全技术培训教材']);
      await requestExam(p.ctx, (await makeUser(p, { role: 'worker', workerId })).actor, cls.id);
      await submitExamApplication(p.ctx, inst.actor, cls.id);
    });
  return { classId: cls.id as string, endedOn: chinaDate(endedAt) };
}

const failed = (checks: Array<{ rule: string; status: string }>) =>
  checks.filter((c) => c.status === 'failed').map((c) => c.rule);

describe('CER-1: already certified is found at the first step', () => {
  it('CER-1 a holder of a valid certificate of the item is refused a first-training class (review class allowed) and a first-attempt booking', async () => {
    const inst = await filedInstitution();
    const holder = await trainee(inst.actor);
    const cert = await issueCertificate(p, holder.id, '1.1');
    const initial = await openClass(p.ctx, inst.actor, {
      itemCode: '1.1',
      name: '高压电工第8期',
      opensAt: START.toISOString(),
    });
    const refused = await inst.client.post(`/api/training/classes/${initial.id}/enrolments`, { workerId: holder.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ rule: 'CER-1', title: '已持有该作业项目的有效证书' });
    expect(refused.json().detail).toContain(cert.number);
    expect(refused.json().detail).toContain('复审培训班');
    expect(await queryRows(p, sql`select 1 from class_enrolments where worker_id = ${holder.id}`)).toEqual([]);
    const review = await openClass(p.ctx, inst.actor, {
      itemCode: '1.1',
      kind: 'review',
      name: '高压电工复审培训第1期',
      opensAt: START.toISOString(),
    });
    expect(
      (await inst.client.post(`/api/training/classes/${review.id}/enrolments`, { workerId: holder.id })).statusCode,
    ).toBe(201);
    const verdict = await candidateEligibility(p.ctx, inst.actor, { workerId: holder.id, itemCode: '1.1' });
    expect(verdict.eligible).toBe(false);
    expect(verdict.checks.find((c) => c.rule === 'CER-1')).toMatchObject({ status: 'failed' });
    // Once the certificate is revoked it is no longer valid: the person may train again from the start.
    await revokeCertificate(p.ctx, cert.authority, cert.id, { reason: 'unfit', note: '体检不合格' });
    expect(
      (await inst.client.post(`/api/training/classes/${initial.id}/enrolments`, { workerId: holder.id })).statusCode,
    ).toBe(201);
  });
});

describe('TRN-1: filing before training counts', () => {
  it('TRN-1 sessions can be scheduled before filing but check-in is refused; attendance recorded before filing earns nothing', async () => {
    const inst = await filedInstitution();
    const a = await trainee(inst.actor);
    const b = await trainee(inst.actor);
    const cls = await openClass(p.ctx, inst.actor, {
      itemCode: '1.1',
      name: '高压电工第9期',
      opensAt: START.toISOString(),
    });
    for (const w of [a, b]) await enrolTrainee(p.ctx, inst.actor, cls.id, w.id);
    const start = new Date(START.getTime() + H);
    const session = await scheduleSession(p.ctx, inst.actor, cls.id, {
      subject: 'theory',
      mode: 'offline',
      topic: '电工基础',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * H).toISOString(),
      teacherId: inst.teacherId,
    });
    p.clock.set(start);
    const client = await signIn(p, inst.username);
    const early = await client.post(`/api/training/sessions/${session.id}/check-in`, { workerId: a.id, photo: PHOTO });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ rule: 'TRN-1', title: '培训班尚未报备' });
    // Attendance taken before the filing by other means (an import, an older release) still earns nothing.
    await p.ctx.db.execute(
      sql`insert into attendance (session_id, worker_id, check_in_at, check_in_portrait_sealed, check_in_outcome, check_out_at, check_out_outcome)
          values (${session.id}, ${b.id}, ${start.toISOString()}, 'x', 'unverified', ${new Date(start.getTime() + 2 * H).toISOString()}, 'unverified')`,
    );
    p.clock.set(new Date(start.getTime() + 5 * 60_000));
    await fileClass(p.ctx, inst.actor, cls.id);
    await checkIn(p.ctx, inst.actor, session.id, { workerId: a.id, photo: PHOTO });
    p.clock.set(new Date(start.getTime() + 2 * H));
    expect(await checkOut(p.ctx, inst.actor, session.id, { workerId: a.id, photo: PHOTO })).toMatchObject({
      units: 2,
    });
    p.clock.set(START);
    const roster = (await (await signIn(p, inst.username)).get(`/api/training/classes/${cls.id}`)).json().roster;
    const units = (id: string) => roster.find((r: { workerId: string }) => r.workerId === id).progress.theoryOffline;
    expect(units(a.id)).toBe(2);
    expect(units(b.id)).toBe(0);
  });

  it('TRN-1 the 48 h window runs from the first session, not the declared opening; an earlier session scheduled after filing makes it late', async () => {
    const inst = await filedInstitution();
    // Declared to open in five days, but teaching starts now: filed 49 h later is late.
    const declaredLate = await openClass(p.ctx, inst.actor, {
      itemCode: '1.1',
      name: '高压电工第10期',
      opensAt: new Date(START.getTime() + 5 * DAY).toISOString(),
    });
    await scheduleSession(p.ctx, inst.actor, declaredLate.id, {
      subject: 'theory',
      mode: 'offline',
      topic: '电工基础',
      startsAt: START.toISOString(),
      endsAt: new Date(START.getTime() + 2 * H).toISOString(),
      teacherId: inst.teacherId,
    });
    const filed = await at(new Date(START.getTime() + 49 * H), () => fileClass(p.ctx, inst.actor, declaredLate.id));
    expect(filed).toMatchObject({ filingState: 'filed_late', filedLate: true });
    expect(filed.realOpensAt).toEqual(START);
    // Filed on time against the declared opening; a session three days before the filing then shows the truth.
    const backdated = await openClass(p.ctx, inst.actor, {
      itemCode: '1.1',
      name: '高压电工第11期',
      opensAt: START.toISOString(),
    });
    expect(await fileClass(p.ctx, inst.actor, backdated.id)).toMatchObject({ filingState: 'filed_on_time' });
    await scheduleSession(p.ctx, inst.actor, backdated.id, {
      subject: 'theory',
      mode: 'offline',
      topic: '电工基础',
      startsAt: new Date(START.getTime() - 3 * DAY).toISOString(),
      endsAt: new Date(START.getTime() - 3 * DAY + 2 * H).toISOString(),
      teacherId: inst.teacherId,
    });
    const view = (await (await signIn(p, city.username)).get('/api/training/supervision/classes')).json();
    expect(view.items.find((i: { id: string }) => i.id === backdated.id)).toMatchObject({
      filingState: 'filed_late',
      filingStateLabel: '逾期报备',
    });
    expect(
      await queryRows(
        p,
        sql`select 1 from audit_records where action = 'training.class_file_late' and entity_id = ${backdated.id}`,
      ),
    ).toHaveLength(1);
  });
});

describe('TRN-5: booking needs more than hours', () => {
  it('TRN-5 hours met are not enough: the filed class needs its complete archive and a submitted application naming the trainee', async () => {
    const inst = await filedInstitution();
    const w = await trainee(inst.actor);
    const { classId } = await trainedClass(inst, w.id, false);
    const exam = { date: '2026-12-10', regionCode: '510100' };
    let standing = await trainingStanding(p.ctx.db, w.id, '1.1', { now: START, exam });
    expect(standing.hoursMet).toBe(true);
    expect(standing.checks.filter((c) => !c.passed).map((c) => c.code)).toEqual([
      'archive_complete',
      'exam_application',
    ]);
    const refused = await candidateEligibility(p.ctx, inst.actor, { workerId: w.id, itemCode: '1.1', exam });
    expect(refused.eligible).toBe(false);
    expect(failed(refused.checks)).toEqual(['TRN-5', 'TRN-5']);
    await setMaterials(p.ctx, inst.actor, classId, ['《高压电工作业》安全技术培训教材']);
    await requestExam(p.ctx, (await makeUser(p, { role: 'worker', workerId: w.id })).actor, classId);
    await submitExamApplication(p.ctx, inst.actor, classId);
    const booked = await candidateEligibility(p.ctx, inst.actor, { workerId: w.id, itemCode: '1.1', exam });
    expect(failed(booked.checks)).toEqual([]);
    expect(booked.eligible).toBe(true);
    // A gap opened after the application (an offline session with no attendance) counts at booking too.
    await scheduleSession(p.ctx, inst.actor, classId, {
      subject: 'theory',
      mode: 'offline',
      topic: '补充课程',
      startsAt: new Date(p.clock.now().getTime() - 4 * H).toISOString(),
      endsAt: new Date(p.clock.now().getTime() - 2 * H).toISOString(),
      teacherId: inst.teacherId,
    });
    standing = await trainingStanding(p.ctx.db, w.id, '1.1', { now: p.clock.now(), exam });
    expect(standing.checks.find((c) => c.code === 'archive_complete')).toMatchObject({ passed: false });
    expect(standing.checks.find((c) => c.code === 'archive_complete')?.message).toContain('补充课程');
  });
});

describe('Order 30: where and when the exam is sat', () => {
  it('ORDER30-60D the exam is within 60 days of the end of training: day 60 books, day 61 is refused', async () => {
    const inst = await filedInstitution();
    const w = await trainee(inst.actor);
    const { endedOn } = await trainedClass(inst, w.id);
    const day = (n: number) => {
      const d = new Date(`${endedOn}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + n);
      return d.toISOString().slice(0, 10);
    };
    const on = async (date: string) =>
      candidateEligibility(p.ctx, inst.actor, {
        workerId: w.id,
        itemCode: '1.1',
        exam: { date, regionCode: '510100' },
      });
    expect((await on(day(60))).eligible).toBe(true);
    const late = await on(day(61));
    expect(late.eligible).toBe(false);
    expect(failed(late.checks)).toEqual(['ORDER30-60D']);
    expect(late.checks.find((c) => c.rule === 'ORDER30-60D')?.message).toContain(`最迟 ${day(60)}`);
  });

  it('ORDER30-PLACE training and exam where the household is registered or where the person works', async () => {
    const inst = await filedInstitution();
    const local = await trainee(inst.actor);
    await trainedClass(inst, local.id);
    const sit = async (regionCode: string) =>
      candidateEligibility(p.ctx, inst.actor, {
        workerId: local.id,
        itemCode: '1.1',
        exam: { date: '2026-12-10', regionCode },
      });
    // A province-level session covers the province; a session in Mianyang is neither household nor work place.
    expect((await sit('510000')).eligible).toBe(true);
    const elsewhere = await sit('510703');
    expect(failed(elsewhere.checks)).toEqual(['ORDER30-PLACE']);
    // Household and work place both in Mianyang: a Chengdu class is refused at enrolment.
    const stranger = await trainee(inst.actor, {
      idNumber: makeIdNumber('1990-05-05', 'male', '510703'),
      regionCode: '510703',
    });
    const cls = await openClass(p.ctx, inst.actor, {
      itemCode: '1.1',
      name: '高压电工第12期',
      opensAt: START.toISOString(),
    });
    const refused = await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: stranger.id });
    expect(refused.json()).toMatchObject({ status: 422, rule: 'ORDER30-PLACE' });
    expect(refused.json().detail).toContain('户籍所在地或从业所在地');
  });
});

describe('INS-4: each session names a certified teacher, checked when teaching happens', () => {
  it('INS-4 a session without a teacher, or with one not of the category, is refused; a certificate revoked on the platform register stops scheduling and check-in', async () => {
    const inst = await filedInstitution();
    const cls = await openClass(p.ctx, inst.actor, {
      itemCode: '1.1',
      name: '高压电工第13期',
      opensAt: START.toISOString(),
    });
    const body = {
      subject: 'theory',
      mode: 'offline',
      topic: '电工基础',
      startsAt: new Date(START.getTime() + H).toISOString(),
      endsAt: new Date(START.getTime() + 3 * H).toISOString(),
    };
    const none = await inst.client.post(`/api/training/classes/${cls.id}/sessions`, body);
    expect(none.json()).toMatchObject({ status: 422, rule: 'INS-4', title: '未指定授课教师' });
    const welder = await addTeacher(p.ctx, inst.actor, { ...compliantTeachers(['2'])[0], name: '焊工老师' });
    const wrong = await inst.client.post(`/api/training/classes/${cls.id}/sessions`, { ...body, teacherId: welder.id });
    expect(wrong.json()).toMatchObject({ status: 422, rule: 'INS-4' });
    expect(wrong.json().detail).toContain('未登记为该作业类别的教师');
    // A teacher whose certificate the platform itself issued.
    const person = await makeWorker(p, inst.actor, { idNumber: makeIdNumber('1980-02-02'), name: '钱学军', health });
    const cert = await issueCertificate(p, person.id, '1.2');
    const teacher = await addTeacher(p.ctx, inst.actor, {
      ...compliantTeachers()[0],
      name: '钱学军',
      certificates: [{ categoryCode: '1', number: cert.number, validUntil: cert.validUntil }],
    });
    const ok = await inst.client.post(`/api/training/classes/${cls.id}/sessions`, { ...body, teacherId: teacher.id });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ teacherId: teacher.id, teacherName: '钱学军' });
    const w = await trainee(inst.actor);
    await enrolTrainee(p.ctx, inst.actor, cls.id, w.id);
    await fileClass(p.ctx, inst.actor, cls.id);
    await revokeCertificate(p.ctx, cert.authority, cert.id, { reason: 'accident', note: '对触电事故负有责任' });
    p.clock.set(new Date(START.getTime() + H));
    const client = await signIn(p, inst.username);
    const checkInRefused = await client.post(`/api/training/sessions/${ok.json().id}/check-in`, {
      workerId: w.id,
      photo: PHOTO,
    });
    expect(checkInRefused.json()).toMatchObject({ status: 422, rule: 'INS-4' });
    expect(checkInRefused.json().detail).toContain('平台显示已吊销');
    const again = await client.post(`/api/training/classes/${cls.id}/sessions`, { ...body, teacherId: teacher.id });
    expect(again.json()).toMatchObject({ status: 422, rule: 'INS-4' });
    p.clock.set(START);
  });
});

describe('INS-2: filing approval reads the platform register and AQ 8011 teaching and archives', () => {
  it('INS-2 a teacher certificate revoked on the platform register does not count as declared at filing approval', async () => {
    const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510104' });
    const [first, ...rest] = compliantTeachers();
    const person = await makeWorker(p, inst.actor, { idNumber: makeIdNumber('1979-03-03'), name: first.name, health });
    const cert = await issueCertificate(p, person.id, '1.1');
    await addTeacher(p.ctx, inst.actor, {
      ...first,
      certificates: [{ categoryCode: '1', number: cert.number, validUntil: cert.validUntil }],
    });
    for (const t of rest) await addTeacher(p.ctx, inst.actor, t);
    await revokeCertificate(p.ctx, cert.authority, cert.id, { reason: 'unfit', note: '体检不合格' });
    const filing = await submitFiling(p.ctx, inst.actor, { scope: ['1.1'], facts: compliantFacts() });
    const cityClient = await signIn(p, city.username);
    const refused = await cityClient.post(`/api/institutions/filings/${filing.id}/review`, { decision: 'approve' });
    expect(refused.json()).toMatchObject({ status: 422, rule: 'INS-2' });
    const condition = refused.json().conditions.find((c: { id: string }) => c.id === 'teachers_certificate_1');
    expect(condition).toMatchObject({ status: 'not_met' });
    expect(condition.reason).toContain('平台显示已吊销');
  });

  it('INS-2 a filing without the teaching and archive facts of AQ 8011 (annex 四、六) is not approved, naming them', async () => {
    const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510104' });
    for (const t of compliantTeachers()) await addTeacher(p.ctx, inst.actor, t);
    const { teaching: _t, archives: _a, ...older } = compliantFacts();
    const filing = await submitFiling(p.ctx, inst.actor, { scope: ['1.1'], facts: older });
    const refused = await (await signIn(p, city.username)).post(`/api/institutions/filings/${filing.id}/review`, {
      decision: 'approve',
    });
    expect(refused.json()).toMatchObject({ status: 422, rule: 'INS-2' });
    expect(refused.json().conditions.map((c: { annexItem: string }) => c.annexItem)).toEqual([
      '四、1',
      '四、2',
      '四、4',
      '四、5',
      '六、2',
    ]);
  });
});
