// Cases and sanctions (SUP-4) through the API: the catalogue's ranges, the sources of a case, and each
// sanction blocking what it must in the module it concerns until it is lifted or its end date passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSiteAsProvince } from '../../testing/sites.js';
import { deliverEvents, emitEvent } from '../../kernel/events.js';
import { SUSPENSION_EVENT } from '../integrity/index.js';
import { subscribers } from '../../subscribers.js';
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
  platformOperator,
} from '../../testing/harness.js';
import { issueCertificate } from '../../testing/certificates.js';
import { chinaDate } from '../../kernel/clock.js';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { employerSanction } from '../employers/index.js';
import { ACCEPTANCE_CHECKLIST, registerStaff } from '../exams/index.js';
import { setSyllabusHours } from '../catalog/index.js';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../institutions/index.js';
import { openClass as openTrainingClass } from '../training/index.js';
import { decisionRefusal, findViolation, suspensionEnd } from './violations.js';

let p: TestPlatform;
let city: Awaited<ReturnType<typeof signedInAs>>;
let province: Awaited<ReturnType<typeof signedInAs>>;
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

async function filedInstitution(regionCode = '510107') {
  const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode });
  for (const t of compliantTeachers()) await addTeacher(p.ctx, inst.actor, t);
  const filing = await submitFiling(p.ctx, inst.actor, { scope: ['1.1'], facts: compliantFacts() });
  await reviewFiling(p.ctx, city.actor, filing.id, { decision: 'approve' });
  await recordFiling(p.ctx, province.actor, filing.id);
  return inst;
}

const openClass = (inst: { client: Client }) =>
  inst.client.post('/api/training/classes', {
    itemCode: '1.1',
    name: '高压电工第1期',
    opensAt: p.clock.now().toISOString(),
  });

async function decided(partyKind: string, partyId: string, violationCode: string, decision: Record<string, unknown>) {
  const opened = await city.client.post('/api/cases', {
    source: 'manual',
    partyKind,
    partyId,
    violationCode,
    facts: '经现场检查查实。',
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const res = await city.client.post(`/api/cases/${opened.json().id}/decision`, {
    reasoning: '事实清楚，证据确凿。',
    ...decision,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    id: string;
    caseNo: string;
    sanctions: Array<{ id: string; kind: string; endsOn: string | null }>;
  };
}

describe('the violation catalogue (SUP-4)', () => {
  it('SUP-4 holds the 19 behaviours and the 2 worker penalties (Order 30 art. 41) with legal basis, and a decision must stay within its sanctions and fine range', async () => {
    const res = await city.client.get('/api/violations');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toHaveLength(21);
    expect(res.json().items.filter((v: { party: string }) => v.party === 'worker')).toHaveLength(2);
    expect(res.json().items.every((v: { legalBasis: string }) => v.legalBasis.length > 0)).toBe(true);
    const emp = findViolation('EMP-02')!;
    expect(decisionRefusal(emp, { sanctions: ['fine'], fineYuan: 100_000, principalFineYuan: 20_000 })).toBeNull();
    expect(decisionRefusal(emp, { sanctions: ['fine'], fineYuan: 100_001 })).toMatch(/超出裁量范围/);
    expect(decisionRefusal(emp, { sanctions: ['fine'], fineYuan: 50_000, principalFineYuan: 9_999 })).toMatch(
      /主要负责人/,
    );
    expect(decisionRefusal(emp, { sanctions: ['eliminate'] })).toMatch(/不可适用/);
    expect(decisionRefusal(findViolation('EXM-03')!, { sanctions: ['suspend'], suspendMonths: 13 })).toMatch(/1–12/);
    expect(suspensionEnd('2026-01-31', 1)).toBe('2026-02-28');
    expect(suspensionEnd('2026-11-23', 3)).toBe('2027-02-22');
  });

  it('SUP-4 refuses a fine outside the range with problem+json naming the rule, and changes nothing', async () => {
    const inst = await filedInstitution();
    const opened = await city.client.post('/api/cases', {
      source: 'manual',
      partyKind: 'institution',
      partyId: inst.actor.orgId,
      violationCode: 'INS-02',
      facts: '压缩学时。',
    });
    const res = await city.client.post(`/api/cases/${opened.json().id}/decision`, {
      sanctions: ['fine'],
      fineYuan: 30_001,
      reasoning: '理由',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ rule: 'SUP-4' });
    expect(res.json().detail).toMatch(/30000/);
    expect((await city.client.get(`/api/cases/${opened.json().id}`)).json()).toMatchObject({
      status: 'open',
      decision: null,
      sanctions: [],
    });
    // A violation of another kind of party is refused too.
    const wrong = await city.client.post('/api/cases', {
      source: 'manual',
      partyKind: 'institution',
      partyId: inst.actor.orgId,
      violationCode: 'EMP-01',
      facts: '事实。',
    });
    expect(wrong.statusCode).toBe(422);
  });
});

describe('sanctions take effect (SUP-4, SUP-7)', () => {
  it('SUP-4 a suspended institution cannot open classes and is shown suspended on the public list; lifting restores it', async () => {
    const inst = await filedInstitution();
    expect((await openClass(inst)).statusCode).toBe(201);
    const c = await decided('institution', inst.actor.orgId!, 'INS-02', {
      sanctions: ['warning', 'suspend'],
      suspendMonths: 1,
    });
    const refused = await openClass(inst);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ rule: 'SUP-4' });
    const listed = (await p.app.inject({ method: 'GET', url: '/api/public/institutions' }))
      .json()
      .items.find((i: { orgId: string }) => i.orgId === inst.actor.orgId);
    expect(listed.sanction).toMatchObject({ state: 'suspended', ref: c.caseNo });
    const suspension = c.sanctions.find((s) => s.kind === 'suspend')!;
    expect((await city.client.post(`/api/sanctions/${suspension.id}/lift`, { note: '整改到位' })).statusCode).toBe(200);
    expect((await openClass(inst)).statusCode).toBe(201);
    expect((await city.client.post(`/api/sanctions/${suspension.id}/lift`, { note: '再次' })).statusCode).toBe(409);
  });

  it('SUP-4 lifting one of two suspensions keeps the other in force; lifting both restores', async () => {
    const inst = await filedInstitution();
    const first = await decided('institution', inst.actor.orgId!, 'INS-02', {
      sanctions: ['suspend'],
      suspendMonths: 1,
    });
    const second = await decided('institution', inst.actor.orgId!, 'INS-07', {
      sanctions: ['suspend'],
      suspendMonths: 2,
    });
    await city.client.post(`/api/sanctions/${second.sanctions[0].id}/lift`, { note: '复议撤销' });
    const still = await openClass(inst);
    expect(still.statusCode).toBe(422);
    expect(still.json().detail).toContain(first.caseNo);
    await city.client.post(`/api/sanctions/${first.sanctions[0].id}/lift`, { note: '整改到位' });
    expect((await openClass(inst)).statusCode).toBe(201);
  });

  it('SUP-4 a suspension ends by itself the day after its last day', async () => {
    const inst = await filedInstitution();
    const c = await decided('institution', inst.actor.orgId!, 'INS-06', { sanctions: ['suspend'], suspendMonths: 1 });
    const last = c.sanctions[0].endsOn!;
    const saved = p.clock.now();
    try {
      // A month on, the session cookie has expired: call the use case directly at the edges.
      const open = () =>
        openTrainingClass(p.ctx, inst.actor, {
          itemCode: '1.1',
          name: '高压电工第2期',
          opensAt: p.clock.now().toISOString(),
        });
      p.clock.set(`${last}T23:59:00+08:00`);
      await expect(open()).rejects.toMatchObject({ options: { rule: 'SUP-4' } });
      p.clock.advance(2 * 60_000);
      await expect(open()).resolves.toMatchObject({ itemCode: '1.1' });
    } finally {
      p.clock.set(saved);
    }
  });

  it('SUP-4 an eliminated institution leaves the public list and cannot train; lifting brings it back', async () => {
    const inst = await filedInstitution();
    const c = await decided('institution', inst.actor.orgId!, 'INS-01', { sanctions: ['eliminate'] });
    const ids = async () =>
      (await p.app.inject({ method: 'GET', url: '/api/public/institutions' }))
        .json()
        .items.map((i: { orgId: string }) => i.orgId);
    expect(await ids()).not.toContain(inst.actor.orgId);
    expect((await openClass(inst)).statusCode).toBe(422);
    await city.client.post(`/api/sanctions/${c.sanctions[0].id}/lift`, { note: '行政复议撤销' });
    expect(await ids()).toContain(inst.actor.orgId);
  });

  it('SUP-4 a suspended exam site holds no new session, a cancelled one leaves the public list, a revoked examiner cannot be chief; lifting restores each', async () => {
    const centre = await makeOrg(p, { kind: 'exam_centre', regionCode: '510100' });
    const staffUser = await makeUser(p, { role: 'exam_centre_staff', org: centre });
    const staff = await signIn(p, staffUser.username);
    const site = (
      await staff.post('/api/exams/sites', {
        name: '青羊区考试点',
        address: '青羊区某路 1 号',
        regionCode: '510105',
        rooms: [{ name: '理论考场', seats: 30 }],
        stations: [{ name: '低压实物配电柜', itemCodes: ['1.2'], real: true }],
        itemCodes: ['1.2'],
      })
    ).json();
    await city.client.post(`/api/exams/sites/${site.id}/acceptance`, {
      checks: ACCEPTANCE_CHECKLIST.map((x) => ({ code: x.code, passed: true })),
    });
    await fileSiteAsProvince(p, site.id); // EXM-1: the province files what the city accepted
    const plan = await staff.post('/api/exams/plans', {
      title: '12 月考试计划',
      regulatorOrgId: city.actor.orgId,
      lines: [
        { siteId: site.id, itemCode: '1.2', date: '2026-12-10', capacity: 20 },
        { siteId: site.id, itemCode: '1.2', date: '2026-12-11', capacity: 20 },
      ],
    });
    expect(plan.statusCode, plan.body).toBe(201);
    expect((await city.client.post(`/api/exams/plans/${plan.json().id}/decision`, { approve: true })).statusCode).toBe(
      200,
    );

    const c = await decided('exam_site', site.id, 'EXM-06', { sanctions: ['suspend'], suspendMonths: 1 });
    const refused = await staff.post('/api/exams/sessions', { planId: plan.json().id, line: 0, startTime: '09:00' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ rule: 'SUP-4' });
    const publicSite = async () =>
      (await p.app.inject({ method: 'GET', url: '/api/public/exam-sites' }))
        .json()
        .items.find((s: { id: string }) => s.id === site.id);
    expect((await publicSite()).sanction).toMatchObject({ state: 'suspended' });
    await city.client.post(`/api/sanctions/${c.sanctions[0].id}/lift`, { note: '整改到位' });
    const session = await staff.post('/api/exams/sessions', { planId: plan.json().id, line: 0, startTime: '09:00' });
    expect(session.statusCode, session.body).toBe(201);

    // Revoked examiner (EXM-05 allows it): cannot be made chief examiner until restored.
    const idNumber = makeIdNumber('1978-08-08');
    const examiner = await registerStaff(p.ctx, staffUser.actor, {
      name: '钱考评',
      idNumber,
      duties: ['examiner'],
      employer: 'exam_centre',
      username: null,
      training: [{ date: '2026-03-01', course: '考评员培训', organiser: '四川省安全生产考试中心', passed: true }],
      certificates: [
        { number: `T01${idNumber.slice(-6)}`, holderName: '钱考评', itemCodes: ['1.2'], validUntil: '2030-01-01' },
      ],
    });
    const revoked = await decided('exam_site', site.id, 'EXM-05', {
      sanctions: ['revoke_examiner'],
      examinerStaffId: examiner.id,
    });
    const chief = () => staff.put(`/api/exams/sessions/${session.json().id}/chief-examiner`, { staffId: examiner.id });
    const no = await chief();
    expect(no.statusCode).toBe(422);
    expect(no.json()).toMatchObject({ rule: 'SUP-4' });
    await city.client.post(`/api/sanctions/${revoked.sanctions[0].id}/lift`, { note: '复议撤销' });
    expect((await chief()).statusCode).toBe(200);

    const cancelled = await decided('exam_site', site.id, 'EXM-01', { sanctions: ['cancel_site'] });
    expect(await publicSite()).toBeUndefined();
    expect(
      (await staff.post('/api/exams/sessions', { planId: plan.json().id, line: 1, startTime: '09:00' })).statusCode,
    ).toBe(422);
    await city.client.post(`/api/sanctions/${cancelled.sanctions[0].id}/lift`, { note: '恢复' });
    expect(await publicSite()).toBeDefined();
  });
});

describe('sources of a case (SUP-4)', () => {
  it('SUP-4 an accepted EMP-4 proposal becomes a proposed case against the employer and its principal (一案双罚), opened and decided with both fines', async () => {
    const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510104' });
    const { caseProposals } = await import('../employers/schema.js');
    const [proposal] = await p.ctx.db
      .insert(caseProposals)
      .values({
        employerOrgId: employer.actor.orgId!,
        regionCode: '510104',
        employmentId: crypto.randomUUID(),
        workerId: crypto.randomUUID(),
        workerName: '赵某',
        itemCode: '2.1',
        ground: 'uncertified',
        evidence: { principal: { principalName: '孙总', principalTitle: '总经理' } },
        status: 'proposed',
        proposedAt: p.clock.now(),
      })
      .returning();
    expect(
      (await city.client.post(`/api/employer-cases/${proposal.id}/decide`, { decision: 'accept' })).statusCode,
    ).toBe(200);
    await deliverEvents(p.ctx, subscribers);
    const found = (await city.client.get('/api/cases?status=proposed'))
      .json()
      .items.find((c: { sourceRef: string }) => c.sourceRef === proposal.id);
    expect(found).toMatchObject({ partyKind: 'employer', principalName: '孙总', violation: { code: 'EMP-02' } });
    expect(
      (
        await city.client.post(`/api/cases/${found.id}/decision`, {
          sanctions: ['fine'],
          fineYuan: 50_000,
          reasoning: 'x',
        })
      ).statusCode,
    ).toBe(409);
    expect((await city.client.post(`/api/cases/${found.id}/act`, { action: 'open' })).statusCode).toBe(200);
    const d = await city.client.post(`/api/cases/${found.id}/decision`, {
      sanctions: ['rectify', 'fine'],
      fineYuan: 50_000,
      principalFineYuan: 15_000,
      reasoning: '使用无证人员作业。',
    });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json().decision).toMatchObject({
      fineYuan: 50_000,
      principalFineYuan: 15_000,
      catalogueVersion: '2026.1',
    });
    expect(d.json().steps.map((s: { step: string }) => s.step)).toEqual(['proposed', 'opened', 'decided']);
  });

  it('SUP-4 a case opens from an inspection finding once, with the finding as evidence', async () => {
    const inst = await filedInstitution('510104');
    const started = await city.client.post('/api/inspections', {
      targetKind: 'institution',
      targetId: inst.actor.orgId,
    });
    expect(started.statusCode, started.body).toBe(201);
    const photo = (
      await sharp({ create: { width: 80, height: 60, channels: 3, background: '#4a4' } })
        .jpeg()
        .toBuffer()
    ).toString('base64');
    const f = await city.client.post(`/api/inspections/${started.json().id}/findings`, {
      description: '缺少签到表',
      legalBasis: 'TRN-4',
      deadline: '2026-12-31',
      responsiblePerson: '张三',
      photos: [photo],
    });
    expect(f.statusCode, f.body).toBe(201);
    const body = { source: 'finding', sourceId: f.json().id, violationCode: 'INS-03', facts: '培训档案不全。' };
    const c = await city.client.post('/api/cases', body);
    expect(c.statusCode, c.body).toBe(201);
    // The finding and its on-site photo are the evidence; the photo opens for the regulator.
    expect(c.json()).toMatchObject({
      partyId: inst.actor.orgId,
      evidence: [
        { kind: 'finding', ref: f.json().id },
        { kind: 'photo', label: '现场照片 1' },
      ],
    });
    expect((await city.client.get(c.json().evidence[1].ref)).headers['content-type']).toBe('image/jpeg');
    // The finding's row finds the case opened from it.
    expect(
      (await city.client.get(`/api/cases?source=finding&sourceRef=${f.json().id}`))
        .json()
        .items.map((x: { caseNo: string }) => x.caseNo),
    ).toEqual([c.json().caseNo]);
    expect((await city.client.post('/api/cases', body)).statusCode).toBe(409);
    // Another city's regulator does not see it.
    const other = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510700' });
    expect((await other.client.get(`/api/cases/${c.json().id}`)).statusCode).toBe(404);
  });

  it('SUP-4 an integrity suspension proposal (seed 000 §9) becomes one proposed case against the site, delivered once', async () => {
    const centre = await makeOrg(p, { kind: 'exam_centre', regionCode: '510100' });
    const staff = await signIn(p, (await makeUser(p, { role: 'exam_centre_staff', org: centre })).username);
    const site = (
      await staff.post('/api/exams/sites', {
        name: '锦江区考试点',
        address: '锦江区某路 2 号',
        regionCode: '510104',
        rooms: [{ name: '理论考场', seats: 30 }],
        stations: [{ name: '低压实物配电柜', itemCodes: ['1.2'], real: true }],
        itemCodes: ['1.2'],
      })
    ).json();
    const proposalId = crypto.randomUUID();
    await p.ctx.db.transaction((tx) =>
      emitEvent(tx, p.ctx.clock, {
        type: SUSPENSION_EVENT,
        regionCode: '510104',
        payload: {
          proposalId,
          flagId: crypto.randomUUID(),
          siteId: site.id,
          siteName: site.name,
          months: 3,
          rule: 'INT-3',
          reason: '答案雷同',
        },
      }),
    );
    await deliverEvents(p.ctx, subscribers);
    await deliverEvents(p.ctx, subscribers);
    const found = (await city.client.get('/api/cases?status=proposed'))
      .json()
      .items.filter((c: { sourceRef: string }) => c.sourceRef === proposalId);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      partyKind: 'exam_site',
      partyId: site.id,
      source: 'integrity',
      violation: { code: 'EXM-03' },
    });
    const dismissed = await city.client.post(`/api/cases/${found[0].id}/act`, { action: 'dismiss' });
    expect(dismissed.statusCode).toBe(400);
  });

  it('SUP-4 a case from a finding at an exam site names the site as the party, not its centre', async () => {
    const centre = await makeOrg(p, { kind: 'exam_centre', regionCode: '510100' });
    const staff = await signIn(p, (await makeUser(p, { role: 'exam_centre_staff', org: centre })).username);
    const site = (
      await staff.post('/api/exams/sites', {
        name: '金牛区考试点',
        address: '金牛区某路 3 号',
        regionCode: '510106',
        rooms: [{ name: '理论考场', seats: 30 }],
        stations: [{ name: '低压实物配电柜', itemCodes: ['1.2'], real: true }],
        itemCodes: ['1.2'],
      })
    ).json();
    await city.client.post(`/api/exams/sites/${site.id}/acceptance`, {
      checks: ACCEPTANCE_CHECKLIST.map((x) => ({ code: x.code, passed: true })),
    });
    await fileSiteAsProvince(p, site.id); // EXM-1: the province files what the city accepted
    const started = await city.client.post('/api/inspections', { targetKind: 'exam_site', targetId: site.id });
    expect(started.statusCode, started.body).toBe(201);
    const f = await city.client.post(`/api/inspections/${started.json().id}/findings`, {
      description: '2 号考场录像缺失',
      legalBasis: 'EXM-10',
      deadline: '2026-12-31',
      responsiblePerson: '考点主任',
    });
    const c = await city.client.post('/api/cases', {
      source: 'finding',
      sourceId: f.json().id,
      violationCode: 'EXM-06',
      facts: '未全程录像。',
    });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ partyKind: 'exam_site', partyId: site.id, partyName: '金牛区考试点' });
  });
});

describe('employer sanctions (SUP-4)', () => {
  it('SUP-4 a suspended employer (停产停业整顿) cannot assign workers to special operations or hire; lifting restores it, and it ends after its last day', async () => {
    const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510104' });
    const today = chinaDate(p.clock.now());
    const idA = makeIdNumber('1988-03-03', 'male', '510104');
    const a = await makeWorker(p, employer.actor, { idNumber: idA, name: '周焊工', regionCode: '510104' });
    await issueCertificate(p, a.id, '2.1');
    const hired = await employer.client.post('/api/employments', {
      idNumber: idA,
      kind: 'own',
      itemCodes: [],
      hiredOn: today,
    });
    expect(hired.statusCode, hired.body).toBe(201);
    const idB = makeIdNumber('1990-05-05', 'male', '510104');
    await makeWorker(p, employer.actor, { idNumber: idB, name: '吴电工', regionCode: '510104' });
    expect((await employer.client.get('/api/employer/sanction')).json()).toEqual({ sanction: null });

    const c = await decided('employer', employer.actor.orgId!, 'EMP-02', { sanctions: ['suspend'], suspendMonths: 1 });
    const endsOn = c.sanctions[0].endsOn!;
    const assign = () => employer.client.post(`/api/employments/${hired.json().id}/items`, { itemCode: '2.1' });
    const hire = () =>
      employer.client.post('/api/employments', { idNumber: idB, kind: 'own', itemCodes: [], hiredOn: today });
    for (const refused of [await assign(), await hire()]) {
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ rule: 'SUP-4' });
      expect(refused.json().detail).toContain(c.caseNo);
      expect(refused.json().detail).toContain(endsOn);
    }
    expect((await employer.client.get('/api/employer/sanction')).json().sanction).toMatchObject({
      state: 'suspended',
      until: endsOn,
      ref: c.caseNo,
    });
    // The suspension lapses by itself the day after its last day.
    const dayAfter = new Date(Date.parse(`${endsOn}T12:00:00+08:00`) + 86_400_000);
    expect(await employerSanction(p.ctx.db, employer.actor.orgId!, endsOn)).not.toBeNull();
    expect(await employerSanction(p.ctx.db, employer.actor.orgId!, chinaDate(dayAfter))).toBeNull();

    expect(
      (await city.client.post(`/api/sanctions/${c.sanctions[0].id}/lift`, { note: '整顿验收合格' })).statusCode,
    ).toBe(200);
    expect((await assign()).statusCode).toBe(200);
    expect((await hire()).statusCode).toBe(201);
    expect((await employer.client.get('/api/employer/sanction')).json()).toEqual({ sanction: null });
  });
});

describe('a case from a public report (SUP-4)', () => {
  it('SUP-4 the handling regulator opens a case from a report once, naming the party, with the report as evidence', async () => {
    const county = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '510112' });
    const employer = await makeOrg(p, { kind: 'employer', regionCode: '510112', name: '龙泉驿某建筑公司' });
    const filed = await p.app.inject({
      method: 'POST',
      url: '/api/public/reports',
      payload: {
        regionCode: '510112',
        category: 'uncertified_work',
        subjectName: '龙泉驿某建筑公司工地',
        content: '工地上有人没有焊工证就在电焊，已经一周了。',
      },
      remoteAddress: '172.20.0.9',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const report = (await county.client.get('/api/public-reports'))
      .json()
      .items.find((r: { trackingCode: string }) => r.trackingCode === filed.json().trackingCode);
    const body = { source: 'report', sourceId: report.id, violationCode: 'EMP-02', facts: '经核查，举报属实。' };
    expect((await county.client.post('/api/cases', body)).statusCode).toBe(400);
    const c = await county.client.post('/api/cases', { ...body, partyKind: 'employer', partyId: employer.id });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({
      source: 'report',
      sourceRef: report.id,
      partyName: '龙泉驿某建筑公司',
      evidence: [{ kind: 'report', ref: report.id }],
    });
    expect(
      (await county.client.post('/api/cases', { ...body, partyKind: 'employer', partyId: employer.id })).statusCode,
    ).toBe(409);
    // The report's page finds the case opened from it.
    expect(
      (await county.client.get(`/api/cases?source=report&sourceRef=${report.id}`))
        .json()
        .items.map((x: { caseNo: string }) => x.caseNo),
    ).toEqual([c.json().caseNo]);
    // Another regulator does not handle the report.
    expect(
      (await city.client.post('/api/cases', { ...body, partyKind: 'employer', partyId: employer.id })).statusCode,
    ).toBe(404);
  });
});

describe('published penalty decisions (SUP-7)', () => {
  it('SUP-7 only a decided case is published, once, by its handling regulator, audited; the public list names the party and masks the principal', async () => {
    const employer = await makeOrg(p, { kind: 'employer', regionCode: '510108', name: '成华某化工厂' });
    const opened = await city.client.post('/api/cases', {
      source: 'manual',
      partyKind: 'employer',
      partyId: employer.id,
      principalName: '孙建国',
      violationCode: 'EMP-02',
      facts: '工人赵六无证从事电焊作业。',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id;
    const early = await city.client.post(`/api/cases/${id}/publish`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ rule: 'SUP-7' });
    const d = await city.client.post(`/api/cases/${id}/decision`, {
      sanctions: ['fine', 'suspend'],
      fineYuan: 50_000,
      principalFineYuan: 15_000,
      suspendMonths: 1,
      reasoning: '事实清楚。',
    });
    expect(d.statusCode, d.body).toBe(200);
    const penalties = async () =>
      (await p.app.inject({ method: 'GET', url: '/api/public/penalties' })).json().items as Array<
        Record<string, unknown>
      >;
    expect((await penalties()).find((x) => x.caseNo === d.json().caseNo)).toBeUndefined();
    // Only the regulator that handled it publishes it.
    expect((await province.client.post(`/api/cases/${id}/publish`, {})).statusCode).toBe(403);
    const published = await city.client.post(`/api/cases/${id}/publish`, {});
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().publishedAt).not.toBeNull();
    expect(published.json().steps.at(-1)).toMatchObject({ step: 'published' });
    expect((await city.client.post(`/api/cases/${id}/publish`, {})).statusCode).toBe(409);
    const [{ n }] = await queryRows<{ n: number }>(
      p,
      sql`select count(*)::int as n from audit_records where action = 'supervision.case_publish' and entity_id = ${id}`,
    );
    expect(n).toBe(1);

    const item = (await penalties()).find((x) => x.caseNo === d.json().caseNo)!;
    expect(item).toMatchObject({
      partyName: '成华某化工厂',
      principalName: '孙*国',
      violationCode: 'EMP-02',
      fineYuan: 50_000,
      principalFineYuan: 15_000,
      decidedOn: chinaDate(p.clock.now()),
    });
    expect(item.legalBasis).toMatch(/第三十九条/);
    expect((item.sanctions as Array<{ text: string; inForce: boolean | null }>).map((s) => s.text)).toEqual(
      expect.arrayContaining(['罚款 50000 元，对主要负责人罚款 15000 元', expect.stringMatching(/^责令停产停业整顿/)]),
    );
    const all = JSON.stringify(await penalties());
    expect(all).not.toContain('孙建国');
    expect(all).not.toContain('赵六');
    expect(
      (await p.app.inject({ method: 'GET', url: '/api/public/penalties?regionCode=510700' }))
        .json()
        .items.find((x: { caseNo: string }) => x.caseNo === d.json().caseNo),
    ).toBeUndefined();
  });
});
