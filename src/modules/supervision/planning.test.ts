// Inspection planning driven by data through the API: the first-class inspection (SUP-1), the year's
// full-inspection coverage (SUP-1), the risk-weighted draw of employers (SUP-1 双随机) and 回头看
// proposals from overdue or repeated findings (SUP-2).
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliverEvents } from '../../kernel/events.js';
import { mulberry32 } from '../../kernel/random.js';
import { auditRecords } from '../../kernel/schema.js';
import { subscribers } from '../../subscribers.js';
import {
  makeOrg,
  makeUser,
  signIn,
  signedInAs,
  startTestPlatform,
  type Client,
  type TestPlatform,
  platformOperator,
} from '../../testing/harness.js';
import { filedInstitution } from '../../testing/institutions.js';
import { employments } from '../employers/schema.js';
import { workInjuries } from '../injuries/schema.js';
import { setSyllabusHours } from '../catalog/index.js';
import {
  BASE_RISK_WEIGHT,
  coverageState,
  drawWeighted,
  reinspectionReasons,
  riskScore,
  taskState,
  type ChecklistItem,
  type DrawCandidate,
  type FindingFact,
} from './rules.js';

let p: TestPlatform;
let province: Awaited<ReturnType<typeof signedInAs>>;
const START = new Date('2026-11-23T02:00:00Z');
beforeAll(async () => {
  p = await startTestPlatform();
  province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
  await setSyllabusHours(p.ctx, await platformOperator(p), {
    code: '1.1',
    theoryHours: 10,
    practicalHours: 2,
    confirmed: true,
  });
});
afterAll(() => p.close());
afterEach(() => p.clock.set(START));

async function fileClass(inst: { client: Client }, name: string) {
  const opened = await inst.client.post('/api/training/classes', {
    itemCode: '1.1',
    name,
    opensAt: p.clock.now().toISOString(),
  });
  expect(opened.statusCode, opened.body).toBe(201);
  expect((await inst.client.post(`/api/training/classes/${opened.json().id}/file`)).statusCode).toBe(200);
  return opened.json() as { id: string };
}

/** Works an inspection through: every item ok except the problems, each with its finding; then completes it. */
async function inspect(
  client: Client,
  body: { targetKind: string; targetId: string; planEntryId?: string; purpose?: string },
  problems: Array<{ itemId: string; deadline: string; description?: string }> = [],
) {
  const started = await client.post('/api/inspections', body);
  expect(started.statusCode, started.body).toBe(201);
  const inspection = started.json();
  for (const c of inspection.checklist as ChecklistItem[]) {
    if (!problems.some((x) => x.itemId === c.id))
      expect(
        (await client.post(`/api/inspections/${inspection.id}/checklist/${c.id}`, { result: 'ok' })).statusCode,
      ).toBe(200);
  }
  const findings: string[] = [];
  for (const x of problems) {
    const f = await client.post(`/api/inspections/${inspection.id}/findings`, {
      checklistItemId: x.itemId,
      description: x.description ?? '一期一档缺少签到表',
      legalBasis: 'TRN-4',
      deadline: x.deadline,
      responsiblePerson: '王校长',
    });
    expect(f.statusCode, f.body).toBe(201);
    findings.push(f.json().id);
  }
  const done = await client.post(`/api/inspections/${inspection.id}/complete`);
  expect(done.statusCode, done.body).toBe(200);
  return { ...inspection, findingIds: findings } as {
    id: string;
    purpose: string;
    checklist: ChecklistItem[];
    findingIds: string[];
  };
}

describe('first-class inspections (SUP-1)', () => {
  it('SUP-1 an institution filing its first class gets exactly one inspection task; a second class does not add one', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '513200' });
    const inst = await filedInstitution(p, { regionCode: '513201', city: city.actor, province: province.actor });
    const first = await fileClass(inst, '高压电工第1期');
    await deliverEvents(p.ctx, subscribers);

    const tasks = (await city.client.get('/api/inspection-plans/2026/first-class')).json();
    expect(tasks.items).toHaveLength(1);
    expect(tasks.items[0]).toMatchObject({
      institutionId: inst.org!.id,
      institutionName: inst.org!.name,
      classId: first.id,
      className: '高压电工第1期',
      opensOn: '2026-11-23',
      dueOn: '2026-12-23',
      state: 'open',
      stateLabel: '待检查',
    });

    await fileClass(inst, '高压电工第2期');
    await deliverEvents(p.ctx, subscribers);
    await deliverEvents(p.ctx, subscribers);
    const again = (await city.client.get('/api/inspection-plans/2026/first-class')).json();
    expect(again.items.map((t: { classId: string }) => t.classId)).toEqual([first.id]);
    // Another city's regulator does not see it.
    const other = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '513300' });
    expect((await other.client.get('/api/inspection-plans/2026/first-class')).json().items).toEqual([]);

    // The task is done by an inspection of the institution completed after it arose.
    const inspection = await inspect(city.client, {
      targetKind: 'institution',
      targetId: inst.org!.id,
      purpose: 'first_class',
    });
    expect(inspection.purpose).toBe('first_class');
    const done = (await city.client.get('/api/inspection-plans/2026/first-class')).json();
    expect(done.items[0]).toMatchObject({ state: 'done', inspectionId: inspection.id });
    expect(done.counts).toMatchObject({ total: 1, done: 1, overdue: 0 });
  });

  it('SUP-1 a first-class task not inspected within 30 days of the opening is overdue', () => {
    const task = { createdAt: new Date('2026-11-23T02:00:00Z'), dueOn: '2026-12-23' };
    expect(taskState(task, [], '2026-12-23')).toBe('open');
    expect(taskState(task, [], '2026-12-24')).toBe('overdue');
    expect(
      taskState(
        task,
        [{ status: 'completed', startedAt: new Date('2026-11-01'), completedAt: new Date('2026-11-02') }],
        '2026-12-24',
      ),
    ).toBe('overdue');
    expect(
      taskState(task, [{ status: 'in_progress', startedAt: new Date('2026-12-01'), completedAt: null }], '2026-12-24'),
    ).toBe('in_progress');
    expect(
      taskState(
        task,
        [{ status: 'completed', startedAt: new Date('2026-12-01'), completedAt: new Date('2026-12-01') }],
        '2026-12-24',
      ),
    ).toBe('done');
  });
});

describe('annual full-inspection coverage (SUP-1)', () => {
  it('SUP-1 every institution and site is fully inspected once a year: overdue after its planned month, missed when the year ends without one', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510300' });
    const done = await makeOrg(p, { kind: 'institution', regionCode: '510302', name: '自贡已查学校' });
    const late = await makeOrg(p, { kind: 'institution', regionCode: '510303', name: '自贡计划学校' });
    const unplanned = await makeOrg(p, { kind: 'institution', regionCode: '510304', name: '自贡未列计划学校' });
    expect(
      (
        await city.client.post('/api/inspection-plans/2026/entries', {
          entries: [
            { targetKind: 'institution', targetId: done.id, plannedMonth: 12 },
            { targetKind: 'institution', targetId: late.id, plannedMonth: 11 },
          ],
        })
      ).statusCode,
    ).toBe(200);
    await inspect(city.client, { targetKind: 'institution', targetId: done.id });

    const now = (await city.client.get('/api/inspection-plans/2026/coverage')).json();
    const state = (c: { items: Array<{ targetId: string; state: string }> }, id: string) =>
      c.items.find((i) => i.targetId === id)?.state;
    expect(state(now, done.id)).toBe('done');
    expect(state(now, late.id)).toBe('planned');
    expect(state(now, unplanned.id)).toBe('unplanned');
    expect(now.counts).toMatchObject({ total: 3, done: 1, planned: 1, unplanned: 1 });

    p.clock.set(new Date('2026-12-02T02:00:00Z'));
    const december = (await (await signIn(p, city.username)).get('/api/inspection-plans/2026/coverage')).json();
    expect(december.items.find((i: { targetId: string }) => i.targetId === late.id)).toMatchObject({
      state: 'overdue',
      stateLabel: '逾期未检查',
    });

    p.clock.set(new Date('2027-01-05T02:00:00Z'));
    const yearEnd = (await (await signIn(p, city.username)).get('/api/inspection-plans/2026/coverage')).json();
    expect(yearEnd.items.find((i: { targetId: string }) => i.targetId === late.id)).toMatchObject({
      state: 'missed',
      stateLabel: '未完成年度全面检查',
    });
    expect(yearEnd.items.find((i: { targetId: string }) => i.targetId === unplanned.id)).toMatchObject({
      state: 'missed',
    });
    expect(state(yearEnd, done.id)).toBe('done');
    expect(yearEnd.counts.missed).toBe(2);
    // Missed ones come first on the page.
    expect(yearEnd.items[0].state).toBe('missed');
  });

  it('SUP-1 rules: coverage state', () => {
    expect(coverageState({ year: 2026, plannedMonth: 11, completedOn: null, inProgress: false }, '2026-11-30')).toBe(
      'planned',
    );
    expect(coverageState({ year: 2026, plannedMonth: 11, completedOn: null, inProgress: false }, '2026-12-01')).toBe(
      'overdue',
    );
    expect(coverageState({ year: 2026, plannedMonth: 11, completedOn: null, inProgress: true }, '2026-12-01')).toBe(
      'in_progress',
    );
    expect(coverageState({ year: 2026, plannedMonth: null, completedOn: null, inProgress: false }, '2026-12-01')).toBe(
      'unplanned',
    );
    expect(coverageState({ year: 2026, plannedMonth: 3, completedOn: null, inProgress: true }, '2027-01-01')).toBe(
      'missed',
    );
    expect(
      coverageState({ year: 2026, plannedMonth: 3, completedOn: '2026-12-30', inProgress: false }, '2027-01-01'),
    ).toBe('done');
  });
});

describe('risk-weighted random draw of employers (SUP-1 双随机)', () => {
  const cand = (id: string, weight: number): DrawCandidate => ({
    id,
    name: id,
    regionCode: '510107',
    weight,
    factors: [],
  });

  it('SUP-1 higher risk is drawn more often, in proportion to the weight (over 4000 seeds, within 0.03)', () => {
    const candidates = [cand('a', 1), cand('b', 3), cand('c', 6)];
    const hits: Record<string, number> = { a: 0, b: 0, c: 0 };
    const runs = 4000;
    for (let seed = 0; seed < runs; seed += 1) hits[drawWeighted(candidates, 1, mulberry32(seed))[0].id] += 1;
    expect(hits.a / runs).toBeCloseTo(0.1, 1);
    expect(Math.abs(hits.a / runs - 0.1)).toBeLessThan(0.03);
    expect(Math.abs(hits.b / runs - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(hits.c / runs - 0.6)).toBeLessThan(0.03);
  });

  it('SUP-1 a zero-risk employer keeps the base weight and can still be drawn; draws are without replacement', () => {
    expect(riskScore({ uncertified: 0, overdueFilings: 0, certificatesAtRisk: 0, injuries: 0 }).weight).toBe(
      BASE_RISK_WEIGHT,
    );
    const candidates = [cand('clean', BASE_RISK_WEIGHT), ...Array.from({ length: 4 }, (_, i) => cand(`risky${i}`, 20))];
    let clean = 0;
    for (let seed = 0; seed < 1000; seed += 1) {
      const drawn = drawWeighted(candidates, 2, mulberry32(seed));
      expect(new Set(drawn.map((c) => c.id)).size).toBe(2);
      if (drawn.some((c) => c.id === 'clean')) clean += 1;
    }
    expect(clean).toBeGreaterThan(0);
    expect(clean).toBeLessThan(200); // ≈ 2/81 of the draws
    expect(drawWeighted(candidates, 9, mulberry32(1))).toHaveLength(5);
  });

  it('SUP-1 the same seed reproduces the draw, whatever order the candidates come in', () => {
    const candidates = Array.from({ length: 30 }, (_, i) => cand(`e${String(i).padStart(2, '0')}`, 1 + (i % 7)));
    const once = drawWeighted(candidates, 5, mulberry32(20261123)).map((c) => c.id);
    expect(drawWeighted([...candidates].reverse(), 5, mulberry32(20261123)).map((c) => c.id)).toEqual(once);
    expect(drawWeighted(candidates, 5, mulberry32(7)).map((c) => c.id)).not.toEqual(once);
  });

  it('SUP-1 the regulator sees each employer risk factor with its count and weight, draws with a recorded seed, and the draw is audited and joins the plan', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510400' });
    const risky = await makeOrg(p, { kind: 'employer', regionCode: '510402', name: '攀枝花高风险化工厂' });
    const injured = await makeOrg(p, { kind: 'employer', regionCode: '510403', name: '攀枝花工伤建筑公司' });
    const clean = await makeOrg(p, { kind: 'employer', regionCode: '510411', name: '攀枝花守规机械厂' });
    const employ = (employerOrgId: string, itemCodes: string[], filingDueOn: string, filedOn: string | null) =>
      p.ctx.db.insert(employments).values({
        employerOrgId,
        regionCode: '510402',
        workerId: randomUUID(),
        workerName: '某工人',
        idNumberMasked: '5135**********1234',
        kind: 'own',
        itemCodes,
        hiredOn: '2026-10-01',
        filingDueOn,
        filedOn,
        createdAt: p.clock.now(),
      });
    await employ(risky.id, ['1.1', '2.1'], '2026-10-16', null); // two items without a certificate, filing overdue
    await employ(risky.id, [], '2026-10-16', '2026-10-10');
    await p.ctx.db.insert(workInjuries).values({
      importId: randomUUID(),
      rowNo: 1,
      regionCode: '510403',
      occurredOn: '2026-06-01',
      severity: 'serious',
      itemCode: '3.1',
      description: '高处坠落',
      idNumberHash: 'x',
      idNumberMasked: '5135**********0000',
      ageAtInjury: 40,
      employerCreditCode: '91513502MA000000XX',
      employerOrgId: injured.id,
      certificateStanding: 'none',
      createdAt: p.clock.now(),
    });

    const risk = (await city.client.get('/api/inspection-plans/2026/employer-risk')).json();
    const row = (id: string) => risk.items.find((i: { id: string }) => i.id === id);
    const count = (id: string, factor: string) =>
      row(id).factors.find((f: { factor: string }) => f.factor === factor).count;
    expect(count(risky.id, 'uncertified')).toBe(2);
    expect(count(risky.id, 'overdueFilings')).toBe(1);
    expect(count(injured.id, 'injuries')).toBe(1);
    expect(row(risky.id).weight).toBe(1 + 2 * 5 + 2);
    expect(row(injured.id).weight).toBe(1 + 4);
    expect(row(clean.id).weight).toBe(BASE_RISK_WEIGHT);
    expect(risk.items[0].id).toBe(risky.id);

    const drawn = await city.client.post('/api/inspection-plans/2026/draws', { count: 2, seed: 424242 });
    expect(drawn.statusCode, drawn.body).toBe(201);
    const draw = drawn.json();
    expect(draw).toMatchObject({ seed: 424242, count: 2, candidates: 3, reproduced: true });
    expect(draw.drawn).toHaveLength(2);
    // Re-running from the stored seed and candidates gives the same employers.
    const candidates = risk.items.map((i: { id: string; name: string; weight: number }) => cand(i.id, i.weight));
    expect(drawWeighted(candidates, 2, mulberry32(424242)).map((c) => c.id)).toEqual(
      draw.drawn.map((d: { id: string }) => d.id),
    );

    const plan = (await city.client.get('/api/inspection-plans/2026')).json();
    const random = plan.entries.filter((e: { source: string }) => e.source === 'random');
    expect(random.map((e: { targetId: string }) => e.targetId).sort()).toEqual(
      draw.drawn.map((d: { id: string }) => d.id).sort(),
    );
    expect(random[0]).toMatchObject({ sourceLabel: '双随机', targetKind: 'employer' });
    expect(random[0].reason).toContain('424242');
    // Employers are no institutions: the annual plan still misses nothing because of them.
    expect(plan.missing.some((m: { targetKind: string }) => m.targetKind === 'employer')).toBe(false);

    const [audit] = await p.ctx.db
      .select()
      .from(auditRecords)
      .where(and(eq(auditRecords.action, 'inspection.random_draw'), eq(auditRecords.entityId, draw.id)));
    expect(audit).toMatchObject({ actorUserId: city.user.id, entityType: 'employer_draw' });
    expect(audit.after).toMatchObject({ seed: 424242, count: 2, candidates: 3 });

    const after = (await city.client.get('/api/inspection-plans/2026/employer-risk')).json();
    expect(after.draws.map((d: { id: string }) => d.id)).toEqual([draw.id]);
    expect(after.items.filter((i: { drawn: boolean }) => i.drawn)).toHaveLength(2);
    // Only one employer is left to draw this year; asking for two is refused and changes nothing.
    const tooMany = await city.client.post('/api/inspection-plans/2026/draws', { count: 2 });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().detail).toContain('只有 1 家');
    expect((await city.client.post('/api/inspection-plans/2026/draws', { count: 0 })).statusCode).toBe(400);
    expect((await city.client.post('/api/inspection-plans/2025/draws', { count: 1 })).statusCode).toBe(400);
    const employer = await signIn(p, (await makeUser(p, { role: 'employer_admin', org: clean })).username);
    expect((await employer.post('/api/inspection-plans/2026/draws', { count: 1 })).statusCode).toBe(403);
    expect((await city.client.get('/api/inspection-plans/2026/employer-risk')).json().draws).toHaveLength(1);
  });
});

describe('回头看 (SUP-2)', () => {
  it('SUP-2 re-inspections are proposed for overdue or repeated findings, planned in one action, and re-check the earlier findings', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510500' });
    const repeated = await makeOrg(p, { kind: 'institution', regionCode: '510502', name: '泸州反复问题学校' });
    const overdue = await makeOrg(p, { kind: 'institution', regionCode: '510503', name: '泸州逾期整改学校' });
    const fine = await makeOrg(p, { kind: 'institution', regionCode: '510504', name: '泸州一次问题学校' });
    const first = await inspect(city.client, { targetKind: 'institution', targetId: repeated.id }, [
      { itemId: 'ins.archive', deadline: '2026-12-20', description: '缺少第 1 期签到表' },
    ]);
    await inspect(city.client, { targetKind: 'institution', targetId: overdue.id }, [
      { itemId: 'ins.scope', deadline: '2026-11-25' },
    ]);
    await inspect(city.client, { targetKind: 'institution', targetId: fine.id }, [
      { itemId: 'ins.attendance', deadline: '2026-12-20' },
    ]);

    p.clock.set(new Date('2026-11-27T02:00:00Z'));
    const later = await signIn(p, city.username);
    await inspect(later, { targetKind: 'institution', targetId: repeated.id }, [
      { itemId: 'ins.archive', deadline: '2026-12-30', description: '缺少第 2 期签到表' },
    ]);

    const proposals = (await later.get('/api/inspection-plans/2026/reinspections')).json();
    const of = (id: string) => proposals.items.find((x: { targetId: string }) => x.targetId === id);
    expect(of(repeated.id).reasons.map((r: { kind: string }) => r.kind)).toEqual(['repeated_item']);
    expect(of(repeated.id).reasons[0].text).toContain('缺少第 2 期签到表');
    expect(of(overdue.id).reasons.map((r: { kind: string }) => r.kind)).toEqual(['overdue']);
    expect(of(fine.id)).toBeUndefined();
    expect(proposals.counts).toMatchObject({ proposed: 2, planned: 0 });

    const added = await later.post('/api/inspection-plans/2026/reinspections', {});
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().counts).toMatchObject({ proposed: 0, planned: 2 });
    expect((await later.post('/api/inspection-plans/2026/reinspections', {})).statusCode).toBe(400);
    expect((await later.post('/api/inspection-plans/2026/reinspections', { targetIds: [fine.id] })).statusCode).toBe(
      400,
    );

    const plan = (await later.get('/api/inspection-plans/2026')).json();
    const entry = plan.entries.find(
      (e: { targetId: string; source: string }) => e.targetId === repeated.id && e.source === 'reinspection',
    );
    expect(entry).toMatchObject({ sourceLabel: '回头看', state: 'planned' });
    expect(entry.reason).toContain('再次发现');
    // The annual plan still lists them as missing: a 回头看 is not the year's full inspection entry.
    expect(plan.missing.map((m: { targetId: string }) => m.targetId)).toContain(repeated.id);

    const re = await later.post('/api/inspections', {
      targetKind: 'institution',
      targetId: repeated.id,
      planEntryId: entry.id,
    });
    expect(re.statusCode, re.body).toBe(201);
    expect(re.json()).toMatchObject({ purpose: 'reinspection', purposeLabel: '回头看' });
    const again = (re.json().checklist as ChecklistItem[]).filter((c) => c.id.startsWith('re.'));
    expect(again.map((c) => c.id)).toContain(`re.${first.findingIds[0]}`);
    expect(again).toHaveLength(2);
    expect(again[0].aspect).toBe('回头看：以往问题整改情况');
    expect(re.json().earlierFindings.map((f: { description: string }) => f.description)).toEqual([
      '缺少第 1 期签到表',
      '缺少第 2 期签到表',
    ]);
    expect(
      (await later.get('/api/inspection-plans/2026')).json().entries.find((e: { id: string }) => e.id === entry.id)
        .state,
    ).toBe('in_progress');
  });

  it('SUP-2 rules: repeated means the same item in two inspections within 12 months, or three findings', () => {
    const f = (
      id: string,
      inspectionId: string,
      item: string | null,
      on: string,
      extra: Partial<FindingFact> = {},
    ): FindingFact => ({
      id,
      inspectionId,
      checklistItemId: item,
      description: id,
      deadline: '2026-12-31',
      status: 'closed',
      on,
      ...extra,
    });
    expect(
      reinspectionReasons(
        [f('a', 'i1', 'x', '2026-03-01'), f('b', 'i1', 'x', '2026-03-01')],
        '2026-11-23',
        '2025-11-23',
      ),
    ).toEqual([]);
    expect(
      reinspectionReasons(
        [f('a', 'i1', 'x', '2026-03-01'), f('b', 'i2', 'x', '2026-09-01')],
        '2026-11-23',
        '2025-11-23',
      ).map((r) => r.kind),
    ).toEqual(['repeated_item']);
    expect(
      reinspectionReasons(
        [f('a', 'i1', 'x', '2025-03-01'), f('b', 'i2', 'x', '2026-09-01')],
        '2026-11-23',
        '2025-11-23',
      ),
    ).toEqual([]);
    expect(
      reinspectionReasons(
        [f('a', 'i1', 'x', '2026-03-01'), f('b', 'i1', 'y', '2026-03-01'), f('c', 'i1', null, '2026-03-01')],
        '2026-11-23',
        '2025-11-23',
      ).map((r) => r.kind),
    ).toEqual(['many']);
    expect(
      reinspectionReasons(
        [f('a', 'i1', 'x', '2026-03-01', { status: 'open', deadline: '2026-11-22' })],
        '2026-11-23',
        '2025-11-23',
      ).map((r) => r.kind),
    ).toEqual(['overdue']);
    expect(
      reinspectionReasons(
        [f('a', 'i1', 'x', '2026-03-01', { status: 'submitted', deadline: '2026-11-22' })],
        '2026-11-23',
        '2025-11-23',
      ),
    ).toEqual([]);
  });
});
