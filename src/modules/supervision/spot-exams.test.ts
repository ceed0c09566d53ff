// Spot exams on site (逢查必考, SUP-3) through the API: drawn from the bank, a one-time code, scored on
// the server, archived, attributed to employer, institution and exam site, scoped to the region.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  queryRows,
  signIn,
  signedInAs,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing/harness.js';
import { DEMO_BANK, importQuestions } from '../exams/index.js';
import { spotExamTallyOf } from './index.js';
import { SPOT_EXAM, drawQuestions, scoreSpotExam, spotCodeRefusal } from './rules.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
  // The item's bank is reference data the exams module owns; the spot exam only reads it.
  await importQuestions(p.ctx, null, '1.2', DEMO_BANK['1.2'], 'demo');
});
afterAll(() => p.close());

/** A city regulator, an employer of its county with one worker, and an inspection of that employer under way. */
async function scene(city = '511100', county = '511102') {
  const regulator = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: city });
  const employer = await makeOrg(p, {
    kind: 'employer',
    regionCode: county,
    name: `乐山某建筑公司${randomUUID().slice(0, 4)}`,
  });
  const employerUser = await makeUser(p, { role: 'employer_admin', org: employer });
  const idNumber = makeIdNumber('1988-03-02', 'male', county);
  const worker = await makeWorker(p, employerUser.actor, { idNumber, name: '李电工', regionCode: county });
  const inspection = await regulator.client.post('/api/inspections', { targetKind: 'employer', targetId: employer.id });
  expect(inspection.statusCode, inspection.body).toBe(201);
  return {
    regulator,
    employer,
    employerClient: await signIn(p, employerUser.username),
    worker,
    idNumber,
    inspectionId: inspection.json().id as string,
  };
}

async function start(client: Client, inspectionId: string, body: Record<string, unknown>) {
  const res = await client.post(`/api/inspections/${inspectionId}/spot-exams`, { itemCode: '1.2', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string; questionCount: number };
}

const publicPost = (url: string, payload?: unknown) =>
  p.app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`,
  });

async function storedQuestions(id: string) {
  const [row] = await queryRows<{ questions: Array<{ id: string; answer: number[]; options: string[] }> }>(
    p,
    sql`select questions from spot_exams where id = ${id}`,
  );
  return row.questions;
}

describe('spot exams on site (SUP-3)', () => {
  it('SUP-3 draws a 20-question paper from the item bank for a worker found by ID number or certificate number', async () => {
    const s = await scene();
    const exam = await start(s.regulator.client, s.inspectionId, { idNumber: s.idNumber });
    expect(exam.code).toMatch(/^[A-Z0-9]{10}$/);
    expect(exam.questionCount).toBe(SPOT_EXAM.questions);
    const questions = await storedQuestions(exam.id);
    expect(new Set(questions.map((q) => q.id)).size).toBe(SPOT_EXAM.questions);
    const bank = await queryRows<{ id: string }>(
      p,
      sql`select id from exam_questions where item_code = '1.2' and current`,
    );
    const bankIds = new Set(bank.map((q) => q.id));
    expect(questions.every((q) => bankIds.has(q.id))).toBe(true);

    // The certificate number (T + ID number, as in the QR) finds the same worker.
    const byCert = await start(s.regulator.client, s.inspectionId, { certificateNumber: `T${s.idNumber}` });
    expect(
      (await s.regulator.client.get(`/api/inspections/${s.inspectionId}/spot-exams`))
        .json()
        .items.map((e: { id: string }) => e.id)
        .sort(),
    ).toEqual([exam.id, byCert.id].sort());
    // A bad number is a 400 naming the rule; an unknown person a 422; an item without bank a 422.
    const bad = await s.regulator.client.post(`/api/inspections/${s.inspectionId}/spot-exams`, {
      idNumber: '510102198801010000',
      itemCode: '1.2',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('REG-2');
    expect(
      (
        await s.regulator.client.post(`/api/inspections/${s.inspectionId}/spot-exams`, {
          idNumber: makeIdNumber('1990-01-01', 'male', '511102'),
          itemCode: '1.2',
        })
      ).json(),
    ).toMatchObject({ rule: 'SUP-3' });
    expect(
      (
        await s.regulator.client.post(`/api/inspections/${s.inspectionId}/spot-exams`, {
          idNumber: s.idNumber,
          itemCode: '1.1',
        })
      ).json(),
    ).toMatchObject({ rule: 'SUP-3' });
  });

  it('SUP-3 the one-time code opens the paper once and expires; answers need the token it gave', async () => {
    const s = await scene('511400', '511402');
    const exam = await start(s.regulator.client, s.inspectionId, { idNumber: s.idNumber });
    const opened = await publicPost(`/api/public/spot-exams/${exam.code}/open`);
    expect(opened.statusCode, opened.body).toBe(200);
    const paper = opened.json();
    expect(paper.questions).toHaveLength(SPOT_EXAM.questions);
    expect(paper.questions[0]).not.toHaveProperty('answer');
    const again = await publicPost(`/api/public/spot-exams/${exam.code}/open`);
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ rule: 'SUP-3', detail: expect.stringContaining('已使用') });
    expect(
      (await publicPost(`/api/public/spot-exams/${exam.code}/submit`, { token: 'wrong-token-xxxxxxxx', answers: [] }))
        .statusCode,
    ).toBe(404);
    // The code shown to the inspector is gone once used.
    expect(
      (await s.regulator.client.get(`/api/inspections/${s.inspectionId}/spot-exams`)).json().items[0].code,
    ).toBeNull();

    const late = await start(s.regulator.client, s.inspectionId, { idNumber: s.idNumber });
    p.clock.advance((SPOT_EXAM.codeValidMinutes + 1) * 60_000);
    try {
      const expired = await publicPost(`/api/public/spot-exams/${late.code}/open`);
      expect(expired.statusCode).toBe(422);
      expect(expired.json().detail).toContain('已过期');
    } finally {
      p.clock.set(new Date('2026-11-23T02:00:00Z'));
    }
    expect((await publicPost('/api/public/spot-exams/ZZZZZZZZZZ/open')).statusCode).toBe(404);
  });

  it('SUP-3 scores on the server, appends to the archive, reports a fail to the employer and attributes it to institution and exam site', async () => {
    const s = await scene('511500', '511503');
    // The chain behind the worker: a class of an institution, and a passed exam at a site.
    const school = await makeOrg(p, { kind: 'institution', regionCode: '511503', name: '宜宾某安全培训学校' });
    const centre = await makeOrg(p, { kind: 'exam_centre', regionCode: '511500' });
    const classId = randomUUID();
    const siteId = randomUUID();
    const sessionId = randomUUID();
    const now = p.clock.now();
    await p.ctx.db.execute(
      sql`insert into training_classes (id, org_id, region_code, item_code, name, opens_at, syllabus_theory_hours, syllabus_practical_hours, created_at) values (${classId}, ${school.id}, '511503', '1.2', '低压电工作业2026第3期', ${now}, 60, 20, ${now})`,
    );
    await p.ctx.db.execute(
      sql`insert into class_enrolments (class_id, worker_id, enrolled_at) values (${classId}, ${s.worker.id}, ${now})`,
    );
    await p.ctx.db.execute(
      sql`insert into exam_sites (id, centre_org_id, name, address, region_code, rooms, stations, item_codes, created_at) values (${siteId}, ${centre.id}, '宜宾翠屏考试点', '某路 1 号', '511502', '[]'::jsonb, '[]'::jsonb, '["1.2"]'::jsonb, ${now})`,
    );
    await p.ctx.db.execute(
      sql`insert into exam_sessions (id, plan_id, site_id, centre_org_id, region_code, item_code, date, starts_at, capacity, created_at) values (${sessionId}, ${randomUUID()}, ${siteId}, ${centre.id}, '511502', '1.2', '2026-06-01', ${now}, 30, ${now})`,
    );
    await p.ctx.db.execute(
      sql`insert into exam_results (booking_id, session_id, worker_id, item_code, region_code, attempt, theory_score, practical_score, theory_pass_mark, practical_pass_mark, theory_passed, practical_passed, passed, published_at) values (${randomUUID()}, ${sessionId}, ${s.worker.id}, '1.2', '511502', 'first', 90, 90, 80, 80, true, true, true, ${now})`,
    );

    const pass = await start(s.regulator.client, s.inspectionId, { idNumber: s.idNumber });
    const fail = await start(s.regulator.client, s.inspectionId, { idNumber: s.idNumber });
    for (const [exam, right] of [
      [pass, true],
      [fail, false],
    ] as const) {
      const paper = (await publicPost(`/api/public/spot-exams/${exam.code}/open`)).json();
      const truth = await storedQuestions(exam.id);
      // Right: every correct answer; wrong: an option set that is never the correct one.
      const answers = truth.map((q) =>
        right ? q.answer : q.answer.length === q.options.length ? [] : q.options.map((_, i) => i),
      );
      const submitted = await publicPost(`/api/public/spot-exams/${exam.code}/submit`, { token: paper.token, answers });
      expect(submitted.statusCode, submitted.body).toBe(200);
      expect(submitted.json()).toMatchObject(
        right ? { score: 100, passed: true, correct: SPOT_EXAM.questions } : { score: 0, passed: false },
      );
      expect(
        (await publicPost(`/api/public/spot-exams/${exam.code}/submit`, { token: paper.token, answers })).statusCode,
      ).toBe(409);
    }

    const archive = await queryRows<{ kind: string; summary: string; org_id: string }>(
      p,
      sql`select kind, summary, org_id from archive_events where worker_id = ${s.worker.id} and kind = 'spot_exam'`,
    );
    // Both are recorded at the same (fixed) instant: compare as a set.
    expect(archive).toHaveLength(2);
    expect(archive.map((a) => a.summary)).toEqual(
      expect.arrayContaining([expect.stringContaining('：100 分，合格'), expect.stringContaining('：0 分，不合格')]),
    );
    expect(archive.every((a) => a.org_id === s.regulator.org!.id)).toBe(true);

    const failures = (await s.employerClient.get('/api/my-spot-exam-failures')).json().items;
    expect(failures.map((f: { id: string }) => f.id)).toEqual([fail.id]);
    expect(failures[0]).toMatchObject({
      workerName: '李电工',
      institutionName: '宜宾某安全培训学校',
      siteName: '宜宾翠屏考试点',
      passed: false,
    });
    expect(failures[0].idNumberMasked).not.toContain(s.idNumber.slice(6, 14));

    const list = (await s.regulator.client.get('/api/spot-exams')).json();
    expect(list.counts).toMatchObject({ taken: 2, passed: 1, failed: 1 });
    expect(list.byInstitution).toEqual([{ name: '宜宾某安全培训学校', taken: 2, passed: 1, failed: 1 }]);
    expect(list.bySite).toEqual([{ name: '宜宾翠屏考试点', taken: 2, passed: 1, failed: 1 }]);
    const stored = await queryRows<{
      institution_org_id: string;
      site_id: string;
      centre_org_id: string;
      training_class_id: string;
    }>(
      p,
      sql`select institution_org_id, site_id, centre_org_id, training_class_id from spot_exams where id = ${fail.id}`,
    );
    expect(stored[0]).toEqual({
      institution_org_id: school.id,
      site_id: siteId,
      centre_org_id: centre.id,
      training_class_id: classId,
    });
    // What ratings (INS-5) and analytics read: the fail counts against the school, the site's centre and the employer.
    const since = new Date('2026-01-01T00:00:00+08:00');
    expect((await spotExamTallyOf(p.ctx.db, school.id, since)).asInstitution).toEqual({ taken: 2, failed: 1 });
    expect((await spotExamTallyOf(p.ctx.db, centre.id, since)).asExamCentre).toEqual({ taken: 2, failed: 1 });
    expect((await spotExamTallyOf(p.ctx.db, s.employer.id, since)).asEmployer).toEqual({ taken: 2, failed: 1 });
    // INS-5: the school's rating deducts for its trainee's failed spot exam, traced to that exam.
    const rating = (await s.regulator.client.get(`/api/ratings/2026/${school.id}`)).json();
    expect(
      rating.deductions
        .filter((d: { kind: string }) => d.kind === 'spot_exam_fail')
        .map((d: { fact: { id: string } }) => d.fact.id),
    ).toEqual([fail.id]);
  });

  it("SUP-3 another region's inspector cannot start, list or see the spot exams of an inspection", async () => {
    const s = await scene('511600', '511602');
    const exam = await start(s.regulator.client, s.inspectionId, { idNumber: s.idNumber });
    const other = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511700' });
    expect(
      (
        await other.client.post(`/api/inspections/${s.inspectionId}/spot-exams`, {
          idNumber: s.idNumber,
          itemCode: '1.2',
        })
      ).statusCode,
    ).toBe(404);
    expect((await other.client.get(`/api/inspections/${s.inspectionId}/spot-exams`)).statusCode).toBe(404);
    expect((await other.client.get('/api/spot-exams')).json().items.map((e: { id: string }) => e.id)).not.toContain(
      exam.id,
    );
    // An employer cannot start one, nor read the regulators' list.
    expect(
      (
        await s.employerClient.post(`/api/inspections/${s.inspectionId}/spot-exams`, {
          idNumber: s.idNumber,
          itemCode: '1.2',
        })
      ).statusCode,
    ).toBe(403);
    expect((await s.employerClient.get('/api/spot-exams')).statusCode).toBe(403);
    // The refused attempts left nothing behind.
    const count = await queryRows(p, sql`select 1 from spot_exams where inspection_id = ${s.inspectionId}`);
    expect(count).toHaveLength(1);
  });

  it('SUP-3 rules: drawing is without repetition; a question counts only when exactly right; codes refuse reuse and expiry', () => {
    const bank = Array.from({ length: 30 }, (_, i) => i);
    const drawn = drawQuestions(bank, 20, () => 0.999);
    expect(new Set(drawn).size).toBe(20);
    expect(drawQuestions(bank.slice(0, 5), 20)).toHaveLength(5);
    const qs = [{ answer: [0] }, { answer: [1, 2] }, { answer: [1] }, { answer: [0] }, { answer: [0] }];
    expect(scoreSpotExam(qs, [[0], [2, 1], [1], [0], [0]])).toEqual({ correct: 5, score: 100, passed: true });
    expect(scoreSpotExam(qs, [[0], [1], [1], [0], [0]])).toEqual({ correct: 4, score: 80, passed: true });
    expect(scoreSpotExam(qs, [[0], [1, 2, 3], [1], [], null])).toEqual({ correct: 2, score: 40, passed: false });
    const at = new Date('2026-11-23T02:00:00Z');
    expect(spotCodeRefusal({ status: 'issued', codeExpiresAt: at }, at)).toBeNull();
    expect(spotCodeRefusal({ status: 'started', codeExpiresAt: at }, at)).toContain('已使用');
    expect(spotCodeRefusal({ status: 'issued', codeExpiresAt: at }, new Date(at.getTime() + 1))).toContain('已过期');
  });
});
