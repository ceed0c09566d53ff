// Issue 17, the exam itself: 考培分离 (the province's authority keeps the bank, blueprints and pass
// marks, versioned with an effective date; an exam centre proposes), and EXM-5 at the door (no
// admission on the typed ID alone; identity source or a named staff decision; mismatches listed).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSiteAsProvince } from '../../testing/sites.js';
import type { Actor } from '../../kernel/access.js';
import type { FaceMatcher } from '../../kernel/face.js';
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
import { applyDirect, reviewDirect } from '../training/index.js';
import {
  DEMO_BANK,
  DEMO_BLUEPRINT,
  acceptSite,
  bookCandidate,
  createSession,
  createSite,
  decidePlan,
  filePlan,
  importQuestions,
  registerStaff,
  setBlueprint,
  startPaper,
} from './index.js';
import { blueprintInForce } from './queries.js';
import { ACCEPTANCE_CHECKLIST } from './rules.js';

let p: TestPlatform;
const rows = async <T = Record<string, unknown>>(q: ReturnType<typeof sql>) =>
  ((await p.ctx.db.execute(q)) as unknown as { rows: T[] }).rows;
type Org = Awaited<ReturnType<typeof makeOrg>>;
let cityRegulator: Org;
let regActor: Actor, centreActor: Actor, schoolActor: Actor;
let authority: Client, otherProvince: Client, centre: Client, regulator: Client, otherCity: Client;
const HEALTH = {
  issuedAt: '2026-10-01',
  institutionName: '成都市第一人民医院',
  institutionLevel: 'county_or_above' as const,
  disqualifyingConditions: [],
};
/** No photo is registered for these candidates: the engine says so for every capture. */
const notEnrolled: FaceMatcher = {
  async verify() {
    return { outcome: 'not_enrolled', similarity: null, threshold: null, verificationId: null };
  },
};
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]).toString('base64');
const versions = async () =>
  Number((await rows<{ n: string }>(sql`select count(*) as n from exam_blueprint_versions`))[0].n);

beforeAll(async () => {
  p = await startTestPlatform();
  p.ctx.face = notEnrolled;
  const province = await makeOrg(p, { kind: 'regulator', regionCode: '510000' });
  const guangdong = await makeOrg(p, { kind: 'regulator', regionCode: '440000' });
  cityRegulator = await makeOrg(p, { kind: 'regulator', regionCode: '510100' });
  const mianyang = await makeOrg(p, { kind: 'regulator', regionCode: '510700' });
  const centreOrg = await makeOrg(p, { kind: 'exam_centre', regionCode: '510100' });
  const school = await makeOrg(p, { kind: 'institution', regionCode: '510104' });
  const auth = await makeUser(p, { role: 'province_regulator', org: province });
  const gd = await makeUser(p, { role: 'issuing_authority', org: guangdong });
  const reg = await makeUser(p, { role: 'city_regulator', org: cityRegulator });
  const my = await makeUser(p, { role: 'city_regulator', org: mianyang });
  const staff = await makeUser(p, { role: 'exam_centre_staff', org: centreOrg });
  const sch = await makeUser(p, { role: 'institution_admin', org: school });
  [regActor, centreActor, schoolActor] = [reg.actor, staff.actor, sch.actor];
  [authority, otherProvince, regulator, otherCity, centre] = await Promise.all(
    [auth, gd, reg, my, staff].map((u) => signIn(p, u.username)),
  );
  await registerStaff(p.ctx, centreActor, {
    name: '周强',
    idNumber: makeIdNumber('1980-02-02'),
    duties: ['proctor'],
    employer: 'exam_centre',
    username: staff.username,
    training: [{ date: '2026-03-01', course: '监考人员培训', organiser: '四川省安全生产考试中心', passed: true }],
    certificates: [],
  });
  await importQuestions(p.ctx, null, '1.2', DEMO_BANK['1.2'], 'demo');
  await setBlueprint(p.ctx, null, '1.2', DEMO_BLUEPRINT);
});
afterAll(() => p.close());

const blueprint = (over: Record<string, unknown> = {}) => ({
  sections: DEMO_BLUEPRINT.sections,
  timeLimitMinutes: DEMO_BLUEPRINT.timeLimitMinutes,
  ...over,
});

describe('考培分离: the province authority keeps the bank, blueprints and pass marks (EXM-2, EXM-6, EXM-8)', () => {
  it('EXM-2 an exam-centre account can no longer read or edit the bank, blueprints or pass marks', async () => {
    const before = await versions();
    expect((await centre.put('/api/exams/bank/1.2/blueprint', blueprint({ theoryPassMark: 1 }))).statusCode).toBe(403);
    expect((await centre.post('/api/exams/bank/1.2/import', { questions: [DEMO_BANK['1.2'][0]] })).statusCode).toBe(
      403,
    );
    expect((await centre.get('/api/exams/bank/1.2')).statusCode).toBe(403);
    expect((await regulator.put('/api/exams/bank/1.2/blueprint', blueprint())).statusCode).toBe(403);
    expect(await versions()).toBe(before);
  });

  it('EXM-8 a pass mark below the national 80, or a version reaching into the past, is refused with the rule and writes nothing', async () => {
    const before = await versions();
    const low = await authority.put('/api/exams/bank/1.2/blueprint', blueprint({ theoryPassMark: 60 }));
    expect(low.statusCode).toBe(422);
    expect(low.json()).toMatchObject({ rule: 'EXM-8' });
    expect(low.json().detail).toContain('80');
    const past = await authority.put('/api/exams/bank/1.2/blueprint', blueprint({ effectiveFrom: '2026-11-22' }));
    expect(past.json()).toMatchObject({ status: 422, rule: 'EXM-8' });
    expect(await versions()).toBe(before);
  });

  it('EXM-8 a version takes effect on its date in its own province only; the change is audited before/after', async () => {
    const res = await authority.put(
      '/api/exams/bank/1.2/blueprint',
      blueprint({ theoryPassMark: 90, practicalPassMark: 85, effectiveFrom: '2026-11-25', note: '提高合格线' }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ provinceCode: '510000', effectiveFrom: '2026-11-25', pending: true });
    expect((await blueprintInForce(p.ctx.db, '1.2', '510000', '2026-11-24'))?.theoryPassMark).toBe(80);
    expect((await blueprintInForce(p.ctx.db, '1.2', '510000', '2026-11-25'))?.theoryPassMark).toBe(90);
    expect((await blueprintInForce(p.ctx.db, '1.2', '440000', '2026-11-25'))?.theoryPassMark).toBe(80);
    const bank = (await authority.get('/api/exams/bank/1.2')).json();
    expect(bank.blueprint.theoryPassMark).toBe(80);
    expect(bank.versions.map((v: { effectiveFrom: string }) => v.effectiveFrom)).toEqual(['2026-11-25', '2000-01-01']);
    const [audit] = await rows<{ before: { theoryPassMark: number }; after: { theoryPassMark: number } }>(
      sql`select before, after from audit_records where action = 'exams.blueprint_set' and actor_user_id is not null order by seq desc limit 1`,
    );
    expect([audit.before.theoryPassMark, audit.after.theoryPassMark]).toEqual([80, 90]);
  });

  it('EXM-6 a centre proposes a question; only its province authority accepts it into the bank, audited', async () => {
    const question = {
      key: 'SC-LV-901',
      kind: 'judge',
      knowledgePoint: '电气安全',
      difficulty: 1,
      stem: '低压电工作业人员可以带电更换熔断器的熔体。',
      answer: [1],
    };
    const bad = await centre.post('/api/exams/bank-proposals', { itemCode: '1.2', question: { key: 'X' } });
    expect(bad.json()).toMatchObject({ status: 422, rule: 'EXM-6' });
    const proposed = await centre.post('/api/exams/bank-proposals', {
      itemCode: '1.2',
      question,
      reason: '近期事故案例',
    });
    expect(proposed.statusCode, proposed.body).toBe(200);
    const id = proposed.json().id;
    // Another province's authority neither sees nor decides it.
    expect((await otherProvince.get('/api/exams/bank-proposals')).json().items).toHaveLength(0);
    expect((await otherProvince.post(`/api/exams/bank-proposals/${id}/decision`, { accept: true })).statusCode).toBe(
      404,
    );
    // The centre cannot decide its own proposal.
    expect((await centre.post(`/api/exams/bank-proposals/${id}/decision`, { accept: true })).statusCode).toBe(403);
    const queue = (await authority.get('/api/exams/bank-proposals?status=pending')).json().items;
    expect(queue.map((x: { id: string }) => x.id)).toContain(id);
    expect((await authority.post(`/api/exams/bank-proposals/${id}/decision`, { accept: false })).statusCode).toBe(400);
    const accepted = await authority.post(`/api/exams/bank-proposals/${id}/decision`, { accept: true, note: '采纳' });
    expect(accepted.json()).toMatchObject({ status: 'accepted' });
    expect(
      (await authority.post(`/api/exams/bank-proposals/${id}/decision`, { accept: false, note: '重复' })).statusCode,
    ).toBe(409);
    const bank = (await authority.get('/api/exams/bank/1.2')).json().questions;
    expect(bank.find((q: { key: string }) => q.key === 'SC-LV-901')).toMatchObject({ scope: 'province' });
    expect((await centre.get('/api/exams/bank-proposals')).json().items[0]).toMatchObject({ id, status: 'accepted' });
    expect(
      await rows(
        sql`select 1 from audit_records where action = 'exams.question_proposal_accept' and entity_id = ${id}`,
      ),
    ).toHaveLength(1);
  });
});

/** A session today at 10:20 (the clock says 10:00 China time) with `n` candidates booked, not yet at the door. */
async function sessionWithBookings(n: number) {
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
  const booked = [];
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
    booked.push({ worker, idNumber, self, booking });
  }
  return { site, session, booked };
}

describe('EXM-5 at the door without a registered photo', () => {
  it('EXM-5 with no identity source the candidate is held, not admitted on the typed ID; a named staff decision admits and the door photo becomes the reference', async () => {
    await authority.put('/api/exams/bank/1.2/blueprint', blueprint({ theoryPassMark: 85 }));
    const { booked } = await sessionWithBookings(1);
    const [c] = booked;
    const door = await centre.post(`/api/exams/bookings/${c.booking.id}/door-check`, {
      idNumber: c.idNumber,
      photo: PHOTO,
    });
    expect(door.statusCode).toBe(422);
    expect(door.json()).toMatchObject({ rule: 'EXM-5', title: '待人工核验', held: true });
    const holdId = door.json().holdId;
    await expect(startPaper(p.ctx, c.self.actor, c.booking.id)).rejects.toMatchObject({ options: { rule: 'EXM-5' } });
    // The hold is reported to the centre and to the regulator of the area, not to another area's.
    expect((await centre.get('/api/exams/door-records')).json().holds[0]).toMatchObject({ id: holdId, status: 'held' });
    expect((await regulator.get('/api/exams/door-records')).json().holds.map((h: { id: string }) => h.id)).toContain(
      holdId,
    );
    expect((await otherCity.get('/api/exams/door-records')).json().holds).toHaveLength(0);
    // A decision needs what was checked; the regulator does not decide at the door.
    expect(
      (await centre.post(`/api/exams/door-holds/${holdId}/decision`, { admit: true, reason: '好' })).statusCode,
    ).toBe(400);
    expect(
      (await regulator.post(`/api/exams/door-holds/${holdId}/decision`, { admit: true, reason: '核对身份证原件一致' }))
        .statusCode,
    ).toBe(403);
    const admitted = await centre.post(`/api/exams/door-holds/${holdId}/decision`, {
      admit: true,
      reason: '核对身份证原件与本人相貌一致',
    });
    expect(admitted.json()).toMatchObject({ status: 'admitted', decisionReason: '核对身份证原件与本人相貌一致' });
    const photo = await centre.get(`/api/exams/bookings/${c.booking.id}/reference-photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.rawPayload.toString('base64')).toBe(PHOTO);
    // Admitted: the paper is drawn under the province's version in force today (pass mark 85).
    const paper = await startPaper(p.ctx, c.self.actor, c.booking.id);
    expect(paper.passMark).toBe(85);
    expect(
      await rows(sql`select 1 from audit_records where action = 'exams.door_hold_admit' and entity_id = ${holdId}`),
    ).toHaveLength(1);
  });

  it('EXM-5 a staff refusal is a person–certificate mismatch, listed to the centre and the regulator and counted in the site standing', async () => {
    const { site, booked } = await sessionWithBookings(1);
    const [c] = booked;
    const holdId = (
      await centre.post(`/api/exams/bookings/${c.booking.id}/door-check`, { idNumber: c.idNumber, photo: PHOTO })
    ).json().holdId;
    const refused = await centre.post(`/api/exams/door-holds/${holdId}/decision`, {
      admit: false,
      reason: '本人相貌与身份证照片明显不符',
    });
    expect(refused.json()).toMatchObject({ status: 'refused' });
    const own = (await centre.get('/api/exams/door-records')).json().incidents;
    expect(own.find((i: { siteId: string }) => i.siteId === site.id)).toMatchObject({
      kind: 'person_certificate_mismatch',
      workerName: c.worker.name,
      staffDecision: { reason: '本人相貌与身份证照片明显不符' },
    });
    expect(
      (await regulator.get('/api/exams/door-records'))
        .json()
        .incidents.some((i: { siteId: string }) => i.siteId === site.id),
    ).toBe(true);
    const standing = (await regulator.get(`/api/exams/sites/${site.id}`)).json();
    expect(standing.doorMismatches).toBe(1);
    const checked = (
      await rows<{ checked_in_at: unknown }>(sql`select checked_in_at from exam_bookings where id = ${c.booking.id}`)
    )[0];
    expect(checked.checked_in_at).toBeNull();
  });

  it('EXM-5 EXM-11 SUP-4 a door mismatch counts in the site rating and opens a case against the site and one against the candidate (Order 30 art. 41)', async () => {
    const { site, booked } = await sessionWithBookings(1);
    const [c] = booked;
    const holdId = (
      await centre.post(`/api/exams/bookings/${c.booking.id}/door-check`, { idNumber: c.idNumber, photo: PHOTO })
    ).json().holdId;
    await centre.post(`/api/exams/door-holds/${holdId}/decision`, {
      admit: false,
      reason: '本人相貌与身份证照片明显不符',
    });
    const incident = (await regulator.get('/api/exams/door-records'))
      .json()
      .incidents.find((i: { siteId: string }) => i.siteId === site.id);
    // EXM-11: counted in the year's rating with its record, and no deduction for a door that caught it.
    const rating = (await regulator.get(`/api/site-ratings/2026/${site.id}`)).json();
    const door = rating.components.find((x: { key: string }) => x.key === 'door');
    expect(door.facts).toEqual([expect.objectContaining({ type: 'door_incident', id: incident.id })]);
    expect(rating.deductions.some((d: { fact: { type: string } }) => d.fact.type === 'door_incident')).toBe(false);

    const open = (partyKind: string, violationCode: string, who = regulator) =>
      who.post('/api/cases', {
        source: 'door',
        sourceId: incident.id,
        partyKind,
        violationCode,
        facts: '入场人证不符',
      });
    // Another city's regulator does not see the incident; a worker violation against the site is refused.
    expect((await open('worker', 'WRK-02', otherCity)).statusCode).toBe(404);
    expect((await open('exam_site', 'WRK-02')).json()).toMatchObject({ rule: 'SUP-4' });
    const siteCase = await open('exam_site', 'EXM-04');
    expect(siteCase.statusCode).toBe(201);
    expect(siteCase.json()).toMatchObject({ partyName: site.name });
    const workerCase = await open('worker', 'WRK-02');
    expect(workerCase.statusCode).toBe(201);
    expect(workerCase.json()).toMatchObject({ partyName: c.worker.name, partyKindLabel: '特种作业人员' });
    expect(workerCase.json().evidence[0]).toMatchObject({ kind: 'door_incident', ref: incident.id });
    // One case per party of an incident.
    expect((await open('worker', 'WRK-02')).statusCode).toBe(409);

    // Order 30 art. 41(2): 2,000–10,000 yuan; outside the range is refused, inside enters the archive (REG-1).
    const decide = (fineYuan: number) =>
      regulator.post(`/api/cases/${workerCase.json().id}/decision`, {
        sanctions: ['warning', 'fine'],
        fineYuan,
        reasoning: '冒名顶替参加考试，经入场核验查实',
      });
    expect((await decide(500)).json()).toMatchObject({ rule: 'SUP-4' });
    expect((await decide(3000)).statusCode).toBe(200);
    const archive = await rows<{ summary: string }>(
      sql`select summary from archive_events where worker_id = ${c.worker.id} and kind = 'sanctioned'`,
    );
    expect(archive.map((a) => a.summary).join()).toContain('冒用');
  });

  it('EXM-5 with an identity source configured, a match admits with the door photo as reference; a non-match is a stored mismatch; an unreachable source holds', async () => {
    const asked: Array<{ idNumber: string; name: string; photo: string }> = [];
    let answer: Record<string, unknown> = { result: 'match', similarity: 0.93, reference: 'GA-001' };
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        asked.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/compare`;
    p.ctx.config.identitySource = { url, token: undefined, timeoutMs: 2000 };
    try {
      const { booked } = await sessionWithBookings(3);
      const [a, b, c] = booked;
      const ok = await centre.post(`/api/exams/bookings/${a.booking.id}/door-check`, {
        idNumber: a.idNumber,
        photo: PHOTO,
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({
        checkedIn: true,
        faceVerified: true,
        check: { identitySource: { outcome: 'match' } },
      });
      expect(asked[0]).toMatchObject({ idNumber: a.idNumber, name: a.worker.name, photo: PHOTO });
      const [ref] = await rows<{ basis: string }>(
        sql`select basis from exam_reference_photos where booking_id = ${a.booking.id}`,
      );
      expect(ref.basis).toBe('identity_source');
      answer = { result: 'no_match', similarity: 0.21 };
      const no = await centre.post(`/api/exams/bookings/${b.booking.id}/door-check`, {
        idNumber: b.idNumber,
        photo: PHOTO,
      });
      expect(no.json()).toMatchObject({ status: 422, rule: 'EXM-5', title: '人证不符' });
      expect(await rows(sql`select 1 from exam_incidents where booking_id = ${b.booking.id}`)).toHaveLength(1);
      server.close();
      const down = await centre.post(`/api/exams/bookings/${c.booking.id}/door-check`, {
        idNumber: c.idNumber,
        photo: PHOTO,
      });
      expect(down.json()).toMatchObject({ status: 422, title: '待人工核验', held: true });
    } finally {
      server.close();
      p.ctx.config.identitySource = undefined;
    }
  });
});
