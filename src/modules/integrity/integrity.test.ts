// Integrity through the real use cases on a real database: a session taken through exams (door check,
// paper, answer events with the exam computer's id, submit), a scan, the ranked flags with their
// evidence, a person's decision (INT-1, INT-2, INT-5), the score cancelled through exams, the site
// proposed for suspension (seed 000 §9), the patrol board and visits (INT-6), the evidence PDFs.
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
  DEMO_BANK,
  DEMO_BLUEPRINT,
  acceptSite,
  bookCandidate,
  createSession,
  createSite,
  decidePlan,
  doorCheck,
  filePlan,
  importQuestions,
  registerStaff,
  setBlueprint,
  startPaper,
  submitPaper,
} from '../exams/index.js';
import { ACCEPTANCE_CHECKLIST } from '../exams/rules.js';
import { applyDirect, reviewDirect } from '../training/index.js';
import { defineJobQueue } from '../../kernel/jobs.js';
import { queueEndedSessions } from './jobs.js';
import { SCAN_QUEUE, executeScan, requestScan } from './service.js';

let p: TestPlatform;
const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>) =>
  ((await p.ctx.db.execute(q)) as unknown as { rows: T[] }).rows;
type Org = Awaited<ReturnType<typeof makeOrg>>;
let cityRegulator: Org, centre: Org, school: Org;
let regActor: Actor, centreActor: Actor, schoolActor: Actor;
let regulator: Client, centreClient: Client, otherRegulator: Client;
const usernames: string[] = [];
/** Sessions idle out after 30 minutes: after moving the clock, the staff sign in again. */
async function signInAgain() {
  [regulator, centreClient, otherRegulator] = await Promise.all(usernames.map((u) => signIn(p, u)));
}
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
  const other = await makeOrg(p, { kind: 'regulator', regionCode: '510700' });
  centre = await makeOrg(p, { kind: 'exam_centre', regionCode: '510100' });
  school = await makeOrg(p, { kind: 'institution', regionCode: '510104' });
  const reg = await makeUser(p, { role: 'city_regulator', org: cityRegulator });
  const staff = await makeUser(p, { role: 'exam_centre_staff', org: centre });
  const sch = await makeUser(p, { role: 'institution_admin', org: school });
  const oreg = await makeUser(p, { role: 'city_regulator', org: other });
  [regActor, centreActor, schoolActor] = [reg.actor, staff.actor, sch.actor];
  usernames.push(reg.username, staff.username, oreg.username);
  await signInAgain();
  await registerStaff(p.ctx, centreActor, {
    name: '周强',
    idNumber: makeIdNumber('1980-02-02'),
    duties: ['proctor'],
    employer: 'exam_centre',
    username: staff.username,
    training: [{ date: '2026-03-01', course: '监考人员培训', organiser: '四川省安全生产考试中心', passed: true }],
    certificates: [],
  });
  await defineJobQueue(p.ctx.db, SCAN_QUEUE, { retryLimit: 0, retryDelay: 1, retryBackoff: false });
  await importQuestions(p.ctx, null, '1.2', DEMO_BANK['1.2'], 'demo');
  await setBlueprint(p.ctx, null, '1.2', DEMO_BLUEPRINT);
});
afterAll(() => p.close());

/** A session today at 10:20 (China time; the clock says 10:00) with `n` candidates seated at the door. */
async function sessionWithCandidates(n: number) {
  const site = await createSite(p.ctx, centreActor, {
    name: `武侯区考试点${Math.random().toString(36).slice(2, 6)}`,
    address: '成都市武侯区科华北路 1 号',
    regionCode: '510107',
    rooms: [{ name: '理论考场一', seats: 40 }],
    stations: [{ name: '低压实物配电柜', itemCodes: ['1.2'], real: true }],
    itemCodes: ['1.2'],
  });
  await acceptSite(
    p.ctx,
    regActor,
    site.id,
    ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true })),
  );
  await fileSiteAsProvince(p, site.id); // EXM-1: the province files what the city accepted
  const plan = await filePlan(p.ctx, centreActor, {
    title: '11 月考试计划',
    regulatorOrgId: cityRegulator.id,
    lines: [{ siteId: site.id, itemCode: '1.2', date: '2026-11-23', capacity: 40 }],
  });
  await decidePlan(p.ctx, regActor, plan.id, { approve: true });
  const session = await createSession(p.ctx, centreActor, { planId: plan.id, line: 0, startTime: '10:20' });
  const seated = [];
  for (let i = 0; i < n; i++) {
    const idNumber = makeIdNumber('1990-03-03');
    const worker = await makeWorker(p, schoolActor, { idNumber, regionCode: '510104', health: HEALTH });
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
    await reviewDirect(p.ctx, regActor, applied.id, { decision: 'approve' });
    const booking = await bookCandidate(p.ctx, schoolActor, session.id, { workerId: worker.id });
    await doorCheck(p.ctx, centreActor, booking.id, { idNumber, photo: 'cGhvdG8=' });
    const paper = await startPaper(p.ctx, self.actor, booking.id);
    seated.push({ worker, actor: self.actor, client: await signIn(p, self.username), paper });
  }
  return { site, session, seated };
}

type Seated = Awaited<ReturnType<typeof sessionWithCandidates>>['seated'][number];

/** Answers every question as a person would (shown, then chosen a few seconds later), from one exam computer. */
async function answerLikeAPerson(c: Seated, device: string, opts: { skipShown?: boolean } = {}) {
  const events = [];
  let seq = 1;
  let t = Date.parse('2026-11-23T02:21:00Z');
  const salt = [...c.paper.id].reduce((n, ch) => n + ch.charCodeAt(0), 0);
  for (const q of c.paper.questions) {
    if (!opts.skipShown)
      events.push({
        clientSeq: seq++,
        kind: 'question_shown',
        position: q.position,
        clientAt: new Date(t).toISOString(),
      });
    t += 4000 + ((q.position * 7919 + salt * 31) % 23) * 1000 + (salt % 997);
    events.push({
      clientSeq: seq++,
      kind: 'option_selected',
      position: q.position,
      selected: [0],
      clientAt: new Date(t).toISOString(),
    });
  }
  for (let k = 0; k < events.length; k += 200) {
    const res = await c.client.inject({
      method: 'POST',
      url: `/api/exams/papers/${c.paper.id}/events`,
      payload: { events: events.slice(k, k + 200) },
      headers: { 'x-exam-device': device },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
}

describe('scan, flags and decisions (INT-1, INT-2, INT-5)', () => {
  let flags: Array<{ id: string; rule: string; kind: string; paperId: string; rank: number; score: number }>;
  let setup: Awaited<ReturnType<typeof sessionWithCandidates>>;

  beforeAll(async () => {
    setup = await sessionWithCandidates(4);
    const [honest, bot, changer, sharer] = setup.seated;
    await answerLikeAPerson(honest, 'PC-01');
    await answerLikeAPerson(bot, 'PC-02', { skipShown: true });
    await answerLikeAPerson(changer, 'PC-03');
    await answerLikeAPerson(sharer, 'PC-01');
    const answers = (c: Seated, pick: (pos: number) => number[]) =>
      c.paper.questions.map((q: { position: number }) => ({ position: q.position, selected: pick(q.position) }));
    p.clock.set(new Date('2026-11-23T03:30:00Z'));
    await signInAgain();
    for (const c of [honest, bot, sharer])
      await submitPaper(p.ctx, c.actor, c.paper.id, { clientSeq: 100_000, answers: answers(c, () => [0]) });
    // INT-2: the stored submission of question 3 differs from what the log says was chosen last.
    await submitPaper(p.ctx, changer.actor, changer.paper.id, {
      clientSeq: 100_000,
      answers: answers(changer, (pos) => (pos === 3 ? [1] : [0])),
    });
    // INT-5: the site registered its seats' computers PC-01..PC-03 (PC-01 is then used by two candidates).
    const reg = await centreClient.put(`/api/integrity/sites/${setup.site.id}/register`, {
      devices: ['PC-01', 'PC-02', 'PC-03'],
      networks: ['10.0.0.0/8'],
    });
    expect(reg.statusCode, reg.body).toBe(200);
    const scan = await requestScan(p.ctx, regActor, { sessionIds: [setup.session.id] });
    const done = await executeScan(p.ctx, scan.id);
    expect(done?.status).toBe('done');
    const list = await regulator.get(`/api/integrity/flags?siteId=${setup.site.id}&pageSize=100`);
    expect(list.statusCode, list.body).toBe(200);
    flags = list.json().items;
  });

  it('INT-1 flags the candidate whose answers arrived for questions never shown, with the method and evidence', async () => {
    const bot = setup.seated[1].paper.id;
    const f = flags.find((x) => x.paperId === bot && x.kind === 'machine_answering');
    expect(f, JSON.stringify(flags)).toBeDefined();
    expect(f!.rule).toBe('INT-1');
    const detail = (await regulator.get(`/api/integrity/flags/${f!.id}`)).json();
    expect(detail).toMatchObject({ method: 'int1-timeline', version: '1', detail: { unshown: 90 } });
    expect(detail.evidence.candidate.timeline.length).toBeGreaterThan(90);
    const honest = flags.find((x) => x.paperId === setup.seated[0].paper.id && x.kind === 'machine_answering');
    expect(honest, JSON.stringify((honest as unknown as { detail: unknown })?.detail)).toBeUndefined();
  });

  it('INT-2 flags the changed submission with both values shown', async () => {
    const f = flags.find((x) => x.paperId === setup.seated[2].paper.id && x.kind === 'changed_answer');
    expect(f).toBeDefined();
    const detail = (await regulator.get(`/api/integrity/flags/${f!.id}`)).json();
    expect(detail.detail.differences).toHaveLength(1);
    expect(detail.detail.differences[0].position).toBe(3);
    expect(detail.detail.differences[0].lastSelected).not.toEqual(detail.detail.differences[0].submitted);
  });

  it('INT-5 flags two candidates on one exam computer, from the device id recorded with the answer events', async () => {
    const shared = flags
      .filter((x) => x.kind === 'device_network')
      .map((x) => x.paperId)
      .sort();
    expect(shared).toEqual([setup.seated[0].paper.id, setup.seated[3].paper.id].sort());
    const stored = await rows<{ device_id: string }>(
      sql`select distinct device_id from exam_answer_events where paper_id = ${setup.seated[1].paper.id} and device_id is not null`,
    );
    expect(stored).toEqual([{ device_id: 'PC-02' }]);
  });

  it('INT-1 keeps a calibrated score for every candidate (not only the flagged), ranked with a plain level and the statistics on demand', async () => {
    const res = await regulator.get(`/api/integrity/scores?siteId=${setup.site.id}&pageSize=50`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const ids = body.items.map((x: { paperId: string }) => x.paperId).sort();
    expect(ids).toEqual(setup.seated.map((c) => c.paper.id).sort());
    // The machine-like candidate (answers to unshown questions) is 高 with a sentence; ranks ascend.
    const bot = body.items.find((x: { paperId: string }) => x.paperId === setup.seated[1].paper.id);
    expect(bot.gradeLabel).toBe('高');
    expect(bot.sentence).toMatch(/建议优先核查/);
    expect(bot.statistics.method).toMatch(/Cauchy/);
    expect(body.items.map((x: { rank: number }) => x.rank)).toEqual(body.items.map((_: unknown, i: number) => i + 1));
    const session = (await regulator.get(`/api/integrity/scores?level=session&siteId=${setup.site.id}`)).json();
    expect(session.items).toHaveLength(1);
    expect(session.items[0].attempts).toBe(4);
    const site = (await regulator.get(`/api/integrity/scores?level=site&siteId=${setup.site.id}`)).json();
    expect(site.items).toHaveLength(1);
    const xlsx = await regulator.get('/api/integrity/scores.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // Another jurisdiction sees none of these scores.
    const other = (await otherRegulator.get(`/api/integrity/scores?siteId=${setup.site.id}`)).json();
    expect(other.total).toBe(0);
  });

  it('INT-1 ranks flags by score and another jurisdiction sees none of them', async () => {
    expect(flags.map((f) => f.rank)).toEqual(flags.map((_, i) => i + 1));
    expect([...flags].sort((a, b) => b.score - a.score).map((f) => f.id)).toEqual(flags.map((f) => f.id));
    expect((await otherRegulator.get(`/api/integrity/flags?siteId=${setup.site.id}`)).json().total).toBe(0);
    expect((await otherRegulator.get(`/api/integrity/flags/${flags[0].id}`)).statusCode).toBe(404);
  });

  it('INT-2 a decision needs a reason: refused with the rule and nothing changed', async () => {
    const f = flags.find((x) => x.kind === 'changed_answer')!;
    const res = await regulator.post(`/api/integrity/flags/${f.id}/decision`, {
      decision: 'confirm',
      reason: '',
      cancelScore: true,
    });
    expect(res.statusCode).toBe(400);
    const bad = await regulator.post(`/api/integrity/flags/${f.id}/decision`, {
      decision: 'dismiss',
      reason: '核实',
      cancelScore: true,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ rule: 'INT-2' });
    expect(bad.json().detail).toContain('排除的疑点不能取消成绩');
    expect((await rows(sql`select status from integrity_flags where id = ${f.id}`))[0]).toEqual({ status: 'open' });
  });

  it('INT-2 confirming cancels the score through exams (archive, audit) and proposes the site suspension for at least a month', async () => {
    const f = flags.find((x) => x.kind === 'changed_answer')!;
    const res = await regulator.post(`/api/integrity/flags/${f.id}/decision`, {
      decision: 'confirm',
      reason: '调取录像核实，提交答案被后台改动',
      cancelScore: true,
      months: 2,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().flag).toMatchObject({ status: 'confirmed', scoreCancelled: true });
    const paperId = setup.seated[2].paper.id;
    expect(
      (
        await rows(
          sql`select passed, score_cancel_reason is not null as has_reason from exam_papers where id = ${paperId}`,
        )
      )[0],
    ).toEqual({ passed: false, has_reason: true });
    expect(
      await rows(
        sql`select 1 from archive_events where worker_id = ${setup.seated[2].worker.id} and summary like '%成绩已取消%'`,
      ),
    ).toHaveLength(1);
    expect(
      await rows(sql`select 1 from audit_records where action = 'exams.score_cancel' and entity_id = ${paperId}`),
    ).toHaveLength(1);
    const proposals = (await regulator.get('/api/integrity/proposals')).json().items;
    expect(proposals.find((x: { flagId: string }) => x.flagId === f.id)).toMatchObject({
      siteId: setup.site.id,
      months: 2,
      status: 'proposed',
    });
    expect(
      await rows(
        sql`select 1 from domain_events where type = 'integrity.site-suspension-proposed' and payload->>'flagId' = ${f.id}`,
      ),
    ).toHaveLength(1);
    // Decided once: a second decision is refused.
    expect(
      (await regulator.post(`/api/integrity/flags/${f.id}/decision`, { decision: 'dismiss', reason: '再次处理' }))
        .statusCode,
    ).toBe(409);
  });

  it('INT-1 a dismissed flag keeps its reason and is not reopened by the next scan', async () => {
    const f = flags.find((x) => x.kind === 'machine_answering')!;
    expect(
      (
        await regulator.post(`/api/integrity/flags/${f.id}/decision`, {
          decision: 'dismiss',
          reason: '考生使用键盘快捷作答，已核实',
        })
      ).statusCode,
    ).toBe(200);
    const scan = await requestScan(p.ctx, regActor, { sessionIds: [setup.session.id] });
    await executeScan(p.ctx, scan.id);
    expect((await rows(sql`select status, decision_reason from integrity_flags where id = ${f.id}`))[0]).toEqual({
      status: 'dismissed',
      decision_reason: '考生使用键盘快捷作答，已核实',
    });
  });

  it('INT-4 evidence PDFs per flag and per site, and the site overview with funnel data', async () => {
    const pdf = await regulator.get(`/api/integrity/flags/${flags[0].id}/report.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const site = await regulator.get(`/api/integrity/sites/${setup.site.id}/report.pdf`);
    expect(site.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const overview = (await regulator.get('/api/integrity/sites')).json();
    expect(overview.sites.find((s: { siteId: string }) => s.siteId === setup.site.id)).toMatchObject({ n: 4 });
    expect(overview.funnel.limits.length).toBeGreaterThan(0);
  });

  it('INT-4 an on-demand scan needs a range or a site and a sensible range', async () => {
    expect((await regulator.post('/api/integrity/scans', {})).statusCode).toBe(400);
    expect((await regulator.post('/api/integrity/scans', { from: '2026-11-30', to: '2026-11-01' })).statusCode).toBe(
      400,
    );
    const ok = await regulator.post('/api/integrity/scans', { from: '2026-11-01', to: '2026-11-30' });
    expect(ok.statusCode, ok.body).toBe(202);
    expect(
      await rows(sql`select 1 from pgboss.job where name = 'integrity.scan' and data->>'scanId' = ${ok.json().id}`),
    ).toHaveLength(1);
  });
});

describe('scans after each session (INT-1..INT-5)', () => {
  it('INT-1 a session that ended gets one scan of its own, queued once', async () => {
    p.clock.set(new Date('2026-11-23T02:00:00Z'));
    const { session, seated } = await sessionWithCandidates(1);
    await answerLikeAPerson(seated[0], 'PC-07');
    p.clock.set(new Date('2026-11-23T03:00:00Z'));
    expect(await queueEndedSessions(p.ctx)).toBe(0);
    // Four hours after the 10:20 start every paper is over.
    p.clock.set(new Date('2026-11-23T06:21:00Z'));
    expect(await queueEndedSessions(p.ctx)).toBeGreaterThanOrEqual(1);
    const scans = await rows<{ id: string }>(
      sql`select id from integrity_scans where trigger = 'session' and scope->'sessionIds' ? ${session.id}`,
    );
    expect(scans).toHaveLength(1);
    expect(
      await rows(sql`select 1 from pgboss.job where name = 'integrity.scan' and data->>'scanId' = ${scans[0].id}`),
    ).toHaveLength(1);
    expect(await queueEndedSessions(p.ctx)).toBe(0);
  });

  it('INT-1 the exam centre sees the flags of its own sites and may keep their computers register', async () => {
    await signInAgain();
    const own = (await centreClient.get('/api/integrity/flags?status=open&pageSize=5')).json();
    expect(own.total).toBeGreaterThan(0);
    const other = await makeOrg(p, { kind: 'exam_centre', regionCode: '510100' });
    const stranger = await signIn(p, (await makeUser(p, { role: 'exam_centre_staff', org: other })).username);
    expect((await stranger.get('/api/integrity/flags')).json().total).toBe(0);
    expect(
      (await regulator.put(`/api/integrity/sites/${own.items[0].siteId}/register`, { devices: ['X'], networks: [] }))
        .statusCode,
    ).toBe(403);
  });
});

describe('who decides a flag (EXM-2: exam bodies do not supervise themselves)', () => {
  it('EXM-2 the exam centre cannot dismiss a flag on its own site; its explanation is stored and shown to the regulator who decides', async () => {
    await signInAgain();
    const f = (await centreClient.get('/api/integrity/flags?status=open&pageSize=1')).json().items[0];
    const dismissed = await centreClient.post(`/api/integrity/flags/${f.id}/decision`, {
      decision: 'dismiss',
      reason: '考生操作熟练，属正常作答',
    });
    expect(dismissed.statusCode).toBe(403);
    expect(dismissed.json()).toMatchObject({ rule: 'EXM-2' });
    expect((await rows(sql`select status from integrity_flags where id = ${f.id}`))[0]).toEqual({ status: 'open' });
    // The centre answers instead; too short an answer changes nothing.
    expect(
      (await centreClient.post(`/api/integrity/flags/${f.id}/explanation`, { explanation: '无' })).statusCode,
    ).toBe(400);
    const answered = await centreClient.post(`/api/integrity/flags/${f.id}/explanation`, {
      explanation: '该考生为复训人员，熟悉题目，监控录像显示本人独立作答。',
    });
    expect(answered.statusCode, answered.body).toBe(200);
    // The regulator of the site's area sees the explanation and decides; another area's regulator cannot.
    const seen = (await regulator.get(`/api/integrity/flags/${f.id}`)).json();
    expect(seen).toMatchObject({
      centreExplanation: '该考生为复训人员，熟悉题目，监控录像显示本人独立作答。',
      status: 'open',
    });
    expect(
      (
        await otherRegulator.post(`/api/integrity/flags/${f.id}/decision`, {
          decision: 'dismiss',
          reason: '已核实无异常',
        })
      ).statusCode,
    ).toBe(404);
    const decided = await regulator.post(`/api/integrity/flags/${f.id}/decision`, {
      decision: 'dismiss',
      reason: '已调阅录像，采纳考试机构说明',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    // Once decided, the centre can no longer rewrite its answer.
    expect(
      (await centreClient.post(`/api/integrity/flags/${f.id}/explanation`, { explanation: '补充说明：本人作答。' }))
        .statusCode,
    ).toBe(409);
    expect(
      await rows(sql`select 1 from audit_records where action = 'integrity.flag_explain' and entity_id = ${f.id}`),
    ).toHaveLength(1);
  });
});

describe('remote patrol and unannounced visits (INT-6)', () => {
  it('INT-6 the board shows a session in progress; the patroller warns and cancels with a reason; counts are kept', async () => {
    p.clock.set(new Date('2026-11-23T02:00:00Z'));
    await signInAgain();
    const { session, seated } = await sessionWithCandidates(2);
    await answerLikeAPerson(seated[0], 'PC-09', { skipShown: true });
    const board = (await regulator.get('/api/integrity/patrol')).json();
    const live = board.sessions.find((s: { sessionId: string }) => s.sessionId === session.id);
    expect(live).toMatchObject({ candidates: 2 });
    expect(live.liveFlags).toBeGreaterThan(0);
    const opened = (await regulator.get(`/api/integrity/patrol/sessions/${session.id}`)).json();
    expect(
      opened.candidates.find((c: { paperId: string }) => c.paperId === seated[0].paper.id).liveFlags[0],
    ).toMatchObject({ kind: 'machine_answering' });
    expect(
      (
        await regulator.post(`/api/integrity/patrol/sessions/${session.id}/actions`, {
          paperId: seated[1].paper.id,
          action: 'warning',
          reason: '',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await regulator.post(`/api/integrity/patrol/sessions/${session.id}/actions`, {
          paperId: seated[1].paper.id,
          action: 'warning',
          reason: '左顾右盼，已提醒',
        })
      ).statusCode,
    ).toBe(201);
    const cancel = await regulator.post(`/api/integrity/patrol/sessions/${session.id}/actions`, {
      paperId: seated[0].paper.id,
      action: 'cancellation',
      reason: '视频显示考生未操作而试题被作答',
    });
    expect(cancel.statusCode, cancel.body).toBe(201);
    expect(
      await rows(
        sql`select passed from exam_papers where id = ${seated[0].paper.id} and score_cancelled_at is not null`,
      ),
    ).toHaveLength(1);
    const counts = (await regulator.get('/api/integrity/patrol')).json().counts;
    expect(counts.sessionsPatrolled).toBeGreaterThanOrEqual(1);
    expect(counts.warnings).toBeGreaterThanOrEqual(1);
    expect(counts.cancellations).toBeGreaterThanOrEqual(1);
    expect((await otherRegulator.get(`/api/integrity/patrol/sessions/${session.id}`)).statusCode).toBe(404);
  });

  it('INT-6 draws sessions of a day at random for unannounced visits and records the findings', async () => {
    const drawn = await regulator.post('/api/integrity/visits/draw', { date: '2026-11-23', count: 2 });
    expect(drawn.statusCode, drawn.body).toBe(201);
    expect(drawn.json().drawn).toHaveLength(2);
    const id = drawn.json().drawn[0].id;
    expect(
      (await regulator.post(`/api/integrity/visits/${id}/findings`, { findings: '考场秩序正常，考试机与登记一致' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await regulator.get('/api/integrity/visits')).json().items.find((v: { id: string }) => v.id === id),
    ).toMatchObject({ findings: '考场秩序正常，考试机与登记一致' });
  });
});
