// Classes through the API: scope (INS-6), 48-hour filing (TRN-1), attendance (TRN-2), hours (TRN-4).
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/access.js';
import { unverifiedFaceMatcher } from '../../kernel/face.js';
import { setSyllabusHours } from '../catalog/index.js';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../institutions/index.js';
import { pdfText } from '../../testing/pdf.js';
import { recordOnlineCredit, reviewTrainingStanding, trainingStanding } from './index.js';
import {
  makeIdNumber,
  makeUser,
  makeWorker,
  signIn,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
  platformOperator,
} from '../../testing/harness.js';

let p: TestPlatform;
let city: Awaited<ReturnType<typeof signedInAs>>;
let province: Awaited<ReturnType<typeof signedInAs>>;
const H = 3_600_000;
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]).toString('base64');
const health = {
  issuedAt: '2026-10-01',
  institutionName: '成都市第一人民医院',
  institutionLevel: 'county_or_above' as const,
  disqualifyingConditions: [],
};

beforeAll(async () => {
  p = await startTestPlatform();
  city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
  province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
  await setSyllabusHours(p.ctx, await platformOperator(p), {
    code: '1.1',
    theoryHours: 10,
    practicalHours: 2,
    confirmed: true,
  });
});
afterAll(() => p.close());

/** An institution filed for 1.1 and 1.3 (1.3 has no syllabus hours). */
async function filedInstitution(regionCode = '510107') {
  const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode });
  const teachers = [];
  for (const t of compliantTeachers()) teachers.push(await addTeacher(p.ctx, inst.actor, t));
  const filing = await submitFiling(p.ctx, inst.actor, { scope: ['1.1', '1.3'], facts: compliantFacts() });
  await reviewFiling(p.ctx, city.actor, filing.id, { decision: 'approve' });
  await recordFiling(p.ctx, province.actor, filing.id);
  // INS-4: the first teaches offline theory and practice, the second also online theory.
  return { ...inst, teacherId: teachers[0].id as string, onlineTeacherId: teachers[1].id as string };
}

async function openedClass(inst: Awaited<ReturnType<typeof filedInstitution>>, opensAt = p.clock.now()) {
  const res = await inst.client.post('/api/training/classes', {
    itemCode: '1.1',
    name: '高压电工第1期',
    opensAt: opensAt.toISOString(),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Moves the clock; sessions idle out when it jumps, so the user signs in again. */
async function at(when: Date, who: { username: string }) {
  p.clock.set(when);
  return signIn(p, who.username);
}

async function trainee(actor: Actor) {
  return makeWorker(p, actor, { idNumber: makeIdNumber('1990-05-05'), name: '王小明', intendedItem: '1.1', health });
}

describe('opening a class', () => {
  it('INS-6 a class outside the filed scope is refused; an institution not filed cannot open one', async () => {
    const inst = await filedInstitution();
    const res = await inst.client.post('/api/training/classes', {
      itemCode: '2.1',
      name: '焊工班',
      opensAt: p.clock.now().toISOString(),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'INS-6', title: '超出备案培训范围' });
    const unfiled = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510107' });
    const none = await unfiled.client.post('/api/training/classes', {
      itemCode: '1.1',
      name: '电工班',
      opensAt: p.clock.now().toISOString(),
    });
    expect(none.json()).toMatchObject({ status: 422, rule: 'INS-6', title: '机构尚未备案' });
  });

  it('CAT-2 an item without syllabus hours cannot open a class, with a clear message', async () => {
    const inst = await filedInstitution();
    const res = await inst.client.post('/api/training/classes', {
      itemCode: '1.3',
      name: '防爆电气班',
      opensAt: p.clock.now().toISOString(),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'CAT-2', title: '该项目尚无大纲学时' });
  });
});

describe('filing within 48 hours (TRN-1)', () => {
  it('TRN-1 a class filed exactly 48 h after opening is on time; 48 h and 1 s is flagged late', async () => {
    const inst = await filedInstitution();
    const opens = p.clock.now();
    const onTime = await openedClass(inst, opens);
    const late = await openedClass(inst, opens);
    let client = await at(new Date(opens.getTime() + 48 * H), inst);
    expect((await client.post(`/api/training/classes/${onTime.id}/file`)).json()).toMatchObject({
      filingState: 'filed_on_time',
      filedLate: false,
    });
    client = await at(new Date(opens.getTime() + 48 * H + 1000), inst);
    expect((await client.post(`/api/training/classes/${late.id}/file`)).json()).toMatchObject({
      filingState: 'filed_late',
      filedLate: true,
      filingStateLabel: '逾期报备',
    });
    expect((await client.post(`/api/training/classes/${late.id}/file`)).statusCode).toBe(409);
    p.clock.set(opens);
  });

  it('TRN-1 the regulator sees late and unfiled classes of its jurisdiction, counted per institution', async () => {
    const inst = await filedInstitution('510104');
    const opens = p.clock.now();
    const filedLate = await openedClass(inst, opens);
    const unfiled = await openedClass(inst, opens);
    await (await at(new Date(opens.getTime() + 49 * H), inst)).post(`/api/training/classes/${filedLate.id}/file`);
    const view = (await (await signIn(p, city.username)).get('/api/training/supervision/classes')).json();
    const states = Object.fromEntries(
      view.items
        .filter((c: { orgId: string }) => c.orgId === inst.org!.id)
        .map((c: { id: string; filingState: string }) => [c.id, c.filingState]),
    );
    expect(states).toEqual({ [filedLate.id]: 'filed_late', [unfiled.id]: 'unfiled_overdue' });
    expect(view.byInstitution.find((b: { orgId: string }) => b.orgId === inst.org!.id)).toMatchObject({
      classes: 2,
      filedLate: 1,
      unfiledOverdue: 1,
    });
    const mianyang = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510700' });
    const mianyangClient = await signIn(p, mianyang.username);
    expect(
      (await mianyangClient.get('/api/training/supervision/classes'))
        .json()
        .items.some((c: { orgId: string }) => c.orgId === inst.org!.id),
    ).toBe(false);
    expect((await mianyangClient.get(`/api/training/classes/${unfiled.id}`)).statusCode).toBe(404);
    p.clock.set(opens);
  });
});

describe('attendance and hours (TRN-2, TRN-4)', () => {
  it('TRN-4 practical sessions cannot be scheduled online', async () => {
    const inst = await filedInstitution();
    const cls = await openedClass(inst);
    const res = await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
      teacherId: inst.teacherId,
      subject: 'practical',
      mode: 'online',
      topic: '倒闸操作',
      startsAt: '2026-11-24T01:00:00Z',
      endsAt: '2026-11-24T03:00:00Z',
    });
    expect(res.json()).toMatchObject({ status: 422, rule: 'TRN-4' });
  });

  it('TRN-2 an unverified check-in keeps the sealed portrait and is never face-verified; TRN-4 exactly 45 min earns one 学时, 44 min none', async () => {
    p.ctx.face = unverifiedFaceMatcher;
    const inst = await filedInstitution();
    const cls = await openedClass(inst);
    // TRN-1 (issue 17): attendance is taken only once the class is filed.
    await inst.client.post(`/api/training/classes/${cls.id}/file`);
    const a = await trainee(inst.actor);
    const b = await trainee(inst.actor);
    for (const w of [a, b])
      expect(
        (await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: w.id })).statusCode,
      ).toBe(201);
    expect((await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: a.id })).statusCode).toBe(
      409,
    );
    const start = new Date('2026-11-24T01:00:00Z');
    const session = (
      await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
        teacherId: inst.teacherId,
        subject: 'theory',
        mode: 'offline',
        topic: '电气安全基础',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * H).toISOString(),
      })
    ).json();
    let client = await at(start, inst);
    const inA = await client.post(`/api/training/sessions/${session.id}/check-in`, { workerId: a.id, photo: PHOTO });
    expect(inA.json()).toMatchObject({ outcome: 'unverified', faceVerified: false, similarity: null });
    await client.post(`/api/training/sessions/${session.id}/check-in`, { workerId: b.id, photo: PHOTO });
    client = await at(new Date(start.getTime() + 44 * 60_000), inst);
    expect(
      (await client.post(`/api/training/sessions/${session.id}/check-out`, { workerId: b.id, photo: PHOTO })).json(),
    ).toMatchObject({ minutes: 44, units: 0 });
    client = await at(new Date(start.getTime() + 45 * 60_000), inst);
    expect(
      (await client.post(`/api/training/sessions/${session.id}/check-out`, { workerId: a.id, photo: PHOTO })).json(),
    ).toMatchObject({ minutes: 45, units: 1, faceVerified: false });
    const stored = (
      (await p.ctx.db.execute(
        sql`select check_in_portrait_sealed, check_in_outcome from attendance where worker_id = ${a.id}`,
      )) as unknown as { rows: Array<{ check_in_portrait_sealed: string; check_in_outcome: string }> }
    ).rows[0];
    expect(stored.check_in_outcome).toBe('unverified');
    expect(stored.check_in_portrait_sealed).not.toContain(PHOTO);
    expect(p.ctx.vault.open(stored.check_in_portrait_sealed)).toBe(PHOTO);
    const detail = (await client.get(`/api/training/classes/${cls.id}`)).json();
    const rowA = detail.roster.find((r: { workerId: string }) => r.workerId === a.id);
    expect(rowA.progress).toMatchObject({ theoryOffline: 1, faceVerifiedUnits: 0, met: false, minOfflineTheory: 3 });
    const archive = (await client.get(`/api/workers/${a.id}/archive`))
      .json()
      .events.map((e: { kind: string }) => e.kind);
    expect(archive).toEqual(expect.arrayContaining(['enrolled', 'trained', 'hours_credited']));
    const user = await makeUser(p, { role: 'worker', workerId: a.id });
    const mine = (await (await signIn(p, user.username)).get('/api/training/me')).json();
    expect(mine.items[0]).toMatchObject({
      id: cls.id,
      itemName: '高压电工作业',
      progress: { theoryOffline: 1, syllabusTheory: 10 },
    });
    p.clock.set(new Date('2026-11-23T02:00:00Z'));
  });

  it('TRN-2 a real match from the engine counts as face-verified; a non-photo is refused', async () => {
    p.ctx.face = { verify: async () => ({ outcome: 'match', similarity: 0.91, threshold: 0.7, verificationId: null }) };
    const inst = await filedInstitution();
    const cls = await openedClass(inst);
    // TRN-1 (issue 17): attendance is taken only once the class is filed.
    await inst.client.post(`/api/training/classes/${cls.id}/file`);
    const a = await trainee(inst.actor);
    await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: a.id });
    const start = new Date('2026-11-25T01:00:00Z');
    const session = (
      await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
        teacherId: inst.teacherId,
        subject: 'practical',
        mode: 'offline',
        topic: '停送电操作',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * H).toISOString(),
      })
    ).json();
    let client = await at(start, inst);
    expect(
      (
        await client.post(`/api/training/sessions/${session.id}/check-in`, {
          workerId: a.id,
          photo: Buffer.from('not an image').toString('base64'),
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await client.post(`/api/training/sessions/${session.id}/check-in`, { workerId: a.id, photo: PHOTO })).json(),
    ).toMatchObject({ outcome: 'match', faceVerified: true, similarity: 0.91 });
    client = await at(new Date(start.getTime() + 2 * H), inst);
    expect(
      (await client.post(`/api/training/sessions/${session.id}/check-out`, { workerId: a.id, photo: PHOTO })).json(),
    ).toMatchObject({ units: 2, faceVerified: true });
    const rowA = (await client.get(`/api/training/classes/${cls.id}`)).json().roster[0];
    expect(rowA.progress).toMatchObject({ practical: 2, faceVerifiedUnits: 2 });
    p.ctx.face = unverifiedFaceMatcher;
    p.clock.set(new Date('2026-11-23T02:00:00Z'));
  });

  it('TRN-2 attendance whose face did not match earns no hours, though it is recorded', async () => {
    const inst = await filedInstitution();
    const cls = await openedClass(inst);
    // TRN-1 (issue 17): attendance is taken only once the class is filed.
    await inst.client.post(`/api/training/classes/${cls.id}/file`);
    const a = await trainee(inst.actor);
    await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: a.id });
    const start = new Date('2026-11-26T01:00:00Z');
    const session = (
      await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
        teacherId: inst.teacherId,
        subject: 'theory',
        mode: 'offline',
        topic: '安全用电',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * H).toISOString(),
      })
    ).json();
    p.ctx.face = { verify: async () => ({ outcome: 'match', similarity: 0.88, threshold: 0.7, verificationId: null }) };
    let client = await at(start, inst);
    expect(
      (await client.post(`/api/training/sessions/${session.id}/check-in`, { workerId: a.id, photo: PHOTO })).json(),
    ).toMatchObject({ outcome: 'match' });
    p.ctx.face = {
      verify: async () => ({ outcome: 'no_match', similarity: 0.41, threshold: 0.7, verificationId: null }),
    };
    client = await at(new Date(start.getTime() + 2 * H), inst);
    expect(
      (await client.post(`/api/training/sessions/${session.id}/check-out`, { workerId: a.id, photo: PHOTO })).json(),
    ).toMatchObject({ outcome: 'no_match', minutes: 120, units: 0, faceVerified: false });
    const rowA = (await client.get(`/api/training/classes/${cls.id}`)).json().roster[0];
    expect(rowA.progress).toMatchObject({ theoryOffline: 0, faceVerifiedUnits: 0 });
    p.ctx.face = unverifiedFaceMatcher;
    p.clock.set(new Date('2026-11-23T02:00:00Z'));
  });

  it('TRN-2 roll call: a batch of captures is compared and recorded per trainee; a refusal is named for its trainee and the others are recorded', async () => {
    const inst = await filedInstitution();
    const cls = await openedClass(inst);
    await inst.client.post(`/api/training/classes/${cls.id}/file`);
    const [a, b, c] = [await trainee(inst.actor), await trainee(inst.actor), await trainee(inst.actor)];
    for (const w of [a, b]) await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: w.id });
    const start = new Date('2026-11-27T01:00:00Z');
    const session = (
      await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
        teacherId: inst.teacherId,
        subject: 'theory',
        mode: 'offline',
        topic: '电气安全',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * H).toISOString(),
      })
    ).json();
    // The engine tells the faces apart: a's capture matches, b's does not.
    p.ctx.face = {
      verify: async ({ workerId }) =>
        workerId === a.id
          ? { outcome: 'match', similarity: 0.9, threshold: 0.7, verificationId: null }
          : { outcome: 'no_match', similarity: 0.3, threshold: 0.7, verificationId: null },
    };
    try {
      let client = await at(start, inst);
      const roll = await client.get(`/api/training/sessions/${session.id}/roll`);
      expect(roll.statusCode, roll.body).toBe(200);
      expect(roll.json().items.map((r: { workerId: string; checkInAt: null }) => [r.workerId, r.checkInAt])).toEqual(
        expect.arrayContaining([
          [a.id, null],
          [b.id, null],
        ]),
      );
      const res = await client.post(`/api/training/sessions/${session.id}/roll-call`, {
        kind: 'check-in',
        captures: [
          { workerId: a.id, photo: PHOTO },
          { workerId: b.id, photo: PHOTO },
          // Not enrolled in this class: refused for c alone.
          { workerId: c.id, photo: PHOTO },
          // a a second time: already checked in.
          { workerId: a.id, photo: PHOTO },
        ],
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ recorded: 2, refused: 2 });
      expect(body.results).toMatchObject([
        { workerId: a.id, ok: true, outcome: 'match', faceVerified: true },
        { workerId: b.id, ok: true, outcome: 'no_match', outcomeLabel: '人脸比对不通过', faceVerified: false },
        { workerId: c.id, ok: false, detail: expect.any(String) },
        { workerId: a.id, ok: false, detail: expect.stringContaining('已签到') },
      ]);
      client = await at(new Date(start.getTime() + 2 * H), inst);
      const out = (
        await client.post(`/api/training/sessions/${session.id}/roll-call`, {
          kind: 'check-out',
          captures: [
            { workerId: a.id, photo: PHOTO },
            { workerId: b.id, photo: PHOTO },
          ],
        })
      ).json();
      // TRN-4 via TRN-2: only the matched trainee earns the 2 hours (120 min = 2 学时).
      expect(out.results.map((r: { units: number }) => r.units)).toEqual([2, 0]);
      const after = (await client.get(`/api/training/sessions/${session.id}/roll`)).json();
      const rowOf = (id: string) => after.items.find((r: { workerId: string }) => r.workerId === id);
      expect(rowOf(a.id)).toMatchObject({ checkInOutcome: 'match', checkOutOutcome: 'match' });
      expect(rowOf(b.id)).toMatchObject({ checkInOutcomeLabel: '人脸比对不通过' });
      // Each capture is its own audited check-in.
      const audited = (await p.ctx.db.execute(
        sql`select count(*)::int as n from audit_records where action = 'training.check_in' and entity_id = ${session.id}`,
      )) as unknown as { rows: Array<{ n: number }> };
      expect(audited.rows[0].n).toBe(2);
      // Another institution sees no roll and can record nothing.
      const other = await filedInstitution();
      const foreign = await signIn(p, other.username);
      expect((await foreign.get(`/api/training/sessions/${session.id}/roll`)).statusCode).toBe(404);
      const refused = await foreign.post(`/api/training/sessions/${session.id}/roll-call`, {
        kind: 'check-in',
        captures: [{ workerId: b.id, photo: PHOTO }],
      });
      expect(refused.json()).toMatchObject({ recorded: 0, refused: 1 });
    } finally {
      p.ctx.face = unverifiedFaceMatcher;
      p.clock.set(new Date('2026-11-23T02:00:00Z'));
    }
  });

  it('TRN-2 roll call: a capture the engine cannot judge (no face, several faces, poor quality) records nothing and asks for a retake; the retake is recorded', async () => {
    const inst = await filedInstitution();
    const cls = await openedClass(inst);
    await inst.client.post(`/api/training/classes/${cls.id}/file`);
    const a = await trainee(inst.actor);
    await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: a.id });
    const start = new Date('2026-11-27T01:00:00Z');
    const session = (
      await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
        teacherId: inst.teacherId,
        subject: 'theory',
        mode: 'offline',
        topic: '电气安全',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * H).toISOString(),
      })
    ).json();
    const answers: Array<'no_face' | 'several_faces' | 'poor_quality' | 'match'> = [];
    p.ctx.face = {
      verify: async () => ({
        outcome: answers.shift() ?? 'match',
        similarity: 0.9,
        threshold: 0.7,
        verificationId: null,
      }),
    };
    try {
      const client = await at(start, inst);
      for (const outcome of ['no_face', 'several_faces', 'poor_quality'] as const) {
        answers.push(outcome);
        const res = await client.post(`/api/training/sessions/${session.id}/roll-call`, {
          kind: 'check-in',
          captures: [{ workerId: a.id, photo: PHOTO }],
        });
        expect(res.json()).toMatchObject({
          recorded: 0,
          refused: 1,
          results: [{ workerId: a.id, ok: false, title: '请重新拍照', rule: 'TRN-2' }],
        });
      }
      const roll = (await client.get(`/api/training/sessions/${session.id}/roll`)).json();
      expect(roll.items[0]).toMatchObject({ workerId: a.id, checkInAt: null });
      // The single check-in answers the same problem (422, retake).
      answers.push('no_face');
      const single = await client.post(`/api/training/sessions/${session.id}/check-in`, {
        workerId: a.id,
        photo: PHOTO,
      });
      expect(single.statusCode).toBe(422);
      expect(single.json()).toMatchObject({ rule: 'TRN-2', title: '请重新拍照', retake: true });
      // The retake is recorded as a match.
      const retake = await client.post(`/api/training/sessions/${session.id}/roll-call`, {
        kind: 'check-in',
        captures: [{ workerId: a.id, photo: PHOTO }],
      });
      expect(retake.json()).toMatchObject({ recorded: 1, results: [{ ok: true, outcome: 'match' }] });
      // Each unusable capture is audited; only the retake is a check-in.
      const count = async (action: string) =>
        (
          (await p.ctx.db.execute(
            sql`select count(*)::int as n from audit_records where action = ${action} and entity_id = ${session.id}`,
          )) as unknown as { rows: Array<{ n: number }> }
        ).rows[0].n;
      expect(await count('training.attendance_retake')).toBe(4);
      expect(await count('training.check_in')).toBe(1);
    } finally {
      p.ctx.face = unverifiedFaceMatcher;
      p.clock.set(new Date('2026-11-23T02:00:00Z'));
    }
  });

  it('TRN-2 another institution cannot take attendance for a class it does not run', async () => {
    const inst = await filedInstitution();
    const other = await filedInstitution();
    const cls = await openedClass(inst);
    const a = await trainee(inst.actor);
    await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: a.id });
    const session = (
      await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
        teacherId: inst.teacherId,
        subject: 'theory',
        mode: 'offline',
        topic: '法规',
        startsAt: '2026-11-24T01:00:00Z',
        endsAt: '2026-11-24T02:00:00Z',
      })
    ).json();
    expect(
      (await other.client.post(`/api/training/sessions/${session.id}/check-in`, { workerId: a.id, photo: PHOTO }))
        .statusCode,
    ).toBe(404);
    expect((await other.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: a.id })).statusCode).toBe(
      404,
    );
  });
});

describe('exam application and the class archive (TRN-5, 一期一档)', () => {
  it('TRN-5 an empty class archive names everything it lacks', async () => {
    const inst = await filedInstitution();
    const cls = await openedClass(inst);
    const status = (await inst.client.get(`/api/training/classes/${cls.id}/archive`)).json();
    expect(status).toMatchObject({
      complete: false,
      missing: ['开班报备记录（TRN-1）', '学员名册', '课程表', '培训教材与课件目录'],
    });
  });

  it('TRN-5 a trainee applies only with hours met; the class applies only with a complete archive, for those trainees', async () => {
    const inst = await filedInstitution();
    const cls = await openedClass(inst);
    await inst.client.post(`/api/training/classes/${cls.id}/file`);
    const a = await trainee(inst.actor);
    const b = await trainee(inst.actor);
    for (const w of [a, b]) await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: w.id });
    const day = new Date('2026-11-24T00:00:00Z');
    const theory = (
      await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
        teacherId: inst.teacherId,
        subject: 'theory',
        mode: 'offline',
        topic: '理论全天',
        startsAt: day.toISOString(),
        endsAt: new Date(day.getTime() + 8 * H).toISOString(),
      })
    ).json();
    const practical = (
      await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
        teacherId: inst.teacherId,
        subject: 'practical',
        mode: 'offline',
        topic: '实操',
        startsAt: new Date(day.getTime() + 9 * H).toISOString(),
        endsAt: new Date(day.getTime() + 11 * H).toISOString(),
      })
    ).json();
    let client = await at(day, inst);
    for (const w of [a, b])
      await client.post(`/api/training/sessions/${theory.id}/check-in`, { workerId: w.id, photo: PHOTO });
    client = await at(new Date(day.getTime() + 8 * H), inst);
    for (const w of [a, b])
      await client.post(`/api/training/sessions/${theory.id}/check-out`, { workerId: w.id, photo: PHOTO });
    client = await at(new Date(day.getTime() + 9 * H), inst);
    await client.post(`/api/training/sessions/${practical.id}/check-in`, { workerId: a.id, photo: PHOTO });
    client = await at(new Date(day.getTime() + 11 * H), inst);
    await client.post(`/api/training/sessions/${practical.id}/check-out`, { workerId: a.id, photo: PHOTO });
    const asWorker = async (id: string) => signIn(p, (await makeUser(p, { role: 'worker', workerId: id })).username);
    const refused = await (await asWorker(b.id)).post(`/api/training/classes/${cls.id}/exam-request`);
    expect(refused.json()).toMatchObject({ status: 422, rule: 'TRN-5', title: '学时未达到大纲要求' });
    expect(refused.json().detail).toContain('实际操作学时');
    expect((await (await asWorker(a.id)).post(`/api/training/classes/${cls.id}/exam-request`)).statusCode).toBe(200);
    const incomplete = await client.post(`/api/training/classes/${cls.id}/exam-application`);
    expect(incomplete.json()).toMatchObject({
      status: 422,
      rule: 'TRN-5',
      title: '培训档案不完整',
      missing: ['培训教材与课件目录'],
    });
    await client.post(`/api/training/classes/${cls.id}/materials`, {
      items: ['《低压电工作业》安全技术培训教材', '课件：电气安全基础'],
    });
    const applied = await client.post(`/api/training/classes/${cls.id}/exam-application`);
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json().workerIds).toEqual([a.id]);
    expect((await client.post(`/api/training/classes/${cls.id}/exam-application`)).statusCode).toBe(409);
    expect((await client.get(`/api/training/classes/${cls.id}/archive`)).json()).toMatchObject({
      complete: true,
      missing: [],
    });
    const xlsx = await client.get(`/api/training/classes/${cls.id}/archive.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const archive = (await client.get(`/api/workers/${a.id}/archive`))
      .json()
      .events.map((e: { kind: string }) => e.kind);
    expect(archive).toContain('exam_booked');
    p.clock.set(new Date('2026-11-23T02:00:00Z'));
  });
});

describe('一期一档 export (TRN-5)', () => {
  it('TRN-5 the class archive exports as one PDF (portraits, hours, online records, materials, application) and a spreadsheet; TRN-4 exactly 30 online minutes is one 学时, 29:59 none', async () => {
    const inst = await filedInstitution();
    const cls = await openedClass(inst);
    await inst.client.post(`/api/training/classes/${cls.id}/file`);
    const idNumber = makeIdNumber('1991-03-03');
    const a = await makeWorker(p, inst.actor, { idNumber, name: '欧阳娜', intendedItem: '1.1', health });
    await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: a.id });
    const day = new Date('2026-11-27T01:00:00Z');
    const session = (
      await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
        teacherId: inst.teacherId,
        subject: 'theory',
        mode: 'offline',
        topic: '触电急救与现场处置',
        startsAt: day.toISOString(),
        endsAt: new Date(day.getTime() + 2 * H).toISOString(),
      })
    ).json();
    const portrait = (
      await sharp({ create: { width: 240, height: 320, channels: 3, background: { r: 200, g: 40, b: 40 } } })
        .jpeg()
        .toBuffer()
    ).toString('base64');
    let client = await at(day, inst);
    await client.post(`/api/training/sessions/${session.id}/check-in`, { workerId: a.id, photo: portrait });
    client = await at(new Date(day.getTime() + 90 * 60_000), inst);
    expect(
      (await client.post(`/api/training/sessions/${session.id}/check-out`, { workerId: a.id, photo: portrait })).json(),
    ).toMatchObject({ units: 2 });
    // Online theory credited by the learning platform: 29:59 is no 学时, exactly 30:00 is one.
    const credit = (seconds: number) =>
      p.ctx.db.transaction((tx) =>
        recordOnlineCredit(tx, {
          sourceId: '00000000-0000-4000-8000-00000000a001',
          classId: cls.id,
          workerId: a.id,
          seconds,
          at: p.clock.now(),
        }),
      );
    await credit(1799);
    expect((await client.get(`/api/training/classes/${cls.id}`)).json().roster[0].progress.theoryOnline).toBe(0);
    await credit(1800);
    expect((await client.get(`/api/training/classes/${cls.id}`)).json().roster[0].progress.theoryOnline).toBe(1);

    const res = await client.get(`/api/training/classes/${cls.id}/archive.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const pdf = new Uint8Array(res.rawPayload);
    const { text } = await pdfText(pdf);
    for (const expected of [
      '培训班档案（一期一档）',
      '高压电工第1期',
      '学员名册与学时',
      '欧阳娜',
      '触电急救与现场处置',
      '考勤记录（含人脸抓拍）',
      '未核验',
      '线上学习记录',
      '尚未提交考试申请',
      '不完整，缺少：培训教材与课件目录',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain(idNumber); // SEC-3: masked in the printout
    const images = (await PDFDocument.load(pdf)).context
      .enumerateIndirectObjects()
      .filter(([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
    expect(images.length).toBeGreaterThanOrEqual(1); // the check-in/out portrait thumbnail

    await client.post(`/api/training/classes/${cls.id}/materials`, { items: ['《高压电工作业》安全技术培训教材'] });
    const complete = (
      await pdfText(new Uint8Array((await client.get(`/api/training/classes/${cls.id}/archive.pdf`)).rawPayload))
    ).text;
    expect(complete).toMatch(/档案完整性：\s*完整/);
    expect(complete).toContain('1. 《高压电工作业》安全技术培训教材');

    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await client.get(`/api/training/classes/${cls.id}/archive.xlsx`)).rawPayload as never);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      '班级信息',
      '学员名册与学时',
      '课程表',
      '考勤',
      '线上学习记录',
      '考试申请',
      '教材课件',
    ]);
    expect(book.getWorksheet('线上学习记录')!.getRow(2).values).toEqual(expect.arrayContaining(['欧阳娜', 30, 1]));
    // Another institution cannot export it (SEC-2).
    const other = await filedInstitution();
    expect((await other.client.get(`/api/training/classes/${cls.id}/archive.pdf`)).statusCode).toBe(404);
    p.clock.set(new Date('2026-11-23T02:00:00Z'));
  });
});

describe('review training classes (复审培训, CER-4)', () => {
  it('CER-4 a review class has the fixed 8 学时 syllabus; its hours satisfy review training and never entitle anyone to the exam (TRN-5)', async () => {
    const inst = await filedInstitution();
    // 1.3 has no syllabus hours for the initial exam (CAT-2), but review training has its own.
    const opened = await inst.client.post('/api/training/classes', {
      itemCode: '1.3',
      kind: 'review',
      name: '防爆电气复审培训第1期',
      opensAt: p.clock.now().toISOString(),
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const cls = opened.json();
    expect(cls).toMatchObject({ kind: 'review', kindLabel: '复审培训', syllabus: { theory: 8, practical: 0 } });
    const a = await makeWorker(p, inst.actor, {
      idNumber: makeIdNumber('1985-06-06'),
      name: '李复审',
      intendedItem: '1.3',
      health,
    });
    await inst.client.post(`/api/training/classes/${cls.id}/enrolments`, { workerId: a.id });
    await inst.client.post(`/api/training/classes/${cls.id}/file`);
    const day = new Date('2026-11-28T01:00:00Z');
    const session = (
      await inst.client.post(`/api/training/classes/${cls.id}/sessions`, {
        teacherId: inst.teacherId,
        subject: 'theory',
        mode: 'offline',
        topic: '法律法规与事故案例',
        startsAt: day.toISOString(),
        endsAt: new Date(day.getTime() + 6 * H).toISOString(),
      })
    ).json();
    let client = await at(day, inst);
    await client.post(`/api/training/sessions/${session.id}/check-in`, { workerId: a.id, photo: PHOTO });
    expect((await reviewTrainingStanding(p.ctx.db, a.id, '1.3')).met).toBe(false);
    // 360 minutes offline = 8 学时 of 45 minutes (TRN-4).
    client = await at(new Date(day.getTime() + 6 * H), inst);
    expect(
      (await client.post(`/api/training/sessions/${session.id}/check-out`, { workerId: a.id, photo: PHOTO })).json(),
    ).toMatchObject({ minutes: 360, units: 8 });
    expect(await reviewTrainingStanding(p.ctx.db, a.id, '1.3')).toMatchObject({
      met: true,
      hours: 8,
      requiredHours: 8,
      classId: cls.id,
    });
    expect(await trainingStanding(p.ctx.db, a.id, '1.3')).toMatchObject({ hoursMet: false, source: null });
    const me = await signIn(p, (await makeUser(p, { role: 'worker', workerId: a.id })).username);
    expect((await me.post(`/api/training/classes/${cls.id}/exam-request`)).json()).toMatchObject({
      status: 422,
      rule: 'CER-4',
    });
    expect((await client.post(`/api/training/classes/${cls.id}/exam-application`)).json()).toMatchObject({
      status: 422,
      rule: 'CER-4',
      title: '复审培训班不申请资格考试',
    });
    p.clock.set(new Date('2026-11-23T02:00:00Z'));
  });
});

describe('direct registration (TRN-6)', () => {
  it('TRN-6 a candidate applies with vocational-education evidence; the regulator of their region reviews it', async () => {
    const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510107' });
    const w = await trainee(inst.actor);
    const me = await signIn(p, (await makeUser(p, { role: 'worker', workerId: w.id })).username);
    const evidence = {
      school: '四川电力职业技术学院',
      major: '供用电技术',
      graduatedOn: '2024-06-30',
      diplomaNumber: 'D51012024000123',
    };
    const applied = await me.post('/api/training/direct-registrations', { itemCode: '1.1', evidence });
    expect(applied.statusCode, applied.body).toBe(201);
    expect((await me.post('/api/training/direct-registrations', { itemCode: '1.1', evidence })).statusCode).toBe(409);
    const id = applied.json().id;
    const mianyang = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510700' });
    expect(
      (await mianyang.client.post(`/api/training/direct-registrations/${id}/review`, { decision: 'approve' }))
        .statusCode,
    ).toBe(404);
    const chengdu = await signIn(p, city.username);
    expect(
      (await chengdu.post(`/api/training/direct-registrations/${id}/review`, { decision: 'reject' })).statusCode,
    ).toBe(400);
    const ok = await chengdu.post(`/api/training/direct-registrations/${id}/review`, { decision: 'approve' });
    expect(ok.json()).toMatchObject({ status: 'approved', evidence });
    expect((await me.get('/api/training/direct-registrations')).json().items[0].status).toBe('approved');
    const archive = (await chengdu.get(`/api/workers/${w.id}/archive`))
      .json()
      .events.map((e: { summary: string }) => e.summary);
    expect(archive.some((s: string) => s.includes('直接报考') && s.includes('审核通过'))).toBe(true);
  });
});
