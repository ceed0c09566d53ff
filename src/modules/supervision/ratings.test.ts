// INS-5: the annual points assessment and ABCD rating computed from recorded facts, each deduction
// traced to its fact, forced exit proposed below the line, and the published grade on the public list (SUP-7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs, startTestPlatform, type TestPlatform } from '../../testing/harness.js';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../institutions/index.js';
import { assessInstitution, EXIT_LINE, type RatingFacts } from './rules.js';

let p: TestPlatform;
let city: Awaited<ReturnType<typeof signedInAs>>;
let province: Awaited<ReturnType<typeof signedInAs>>;
beforeAll(async () => {
  p = await startTestPlatform();
  city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511100' });
  province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
});
afterAll(() => p.close());

const none = (): RatingFacts => ({ findings: [], lateFilings: [], sanctions: [], firstAttempts: null });

describe('annual rating (INS-5)', () => {
  it('INS-5 starts at 100 = A; each fact deducts once and is named; an overdue finding costs more', () => {
    expect(assessInstitution(none(), '2026-11-23')).toMatchObject({
      points: 100,
      grade: 'A',
      exitProposed: false,
      deductions: [],
    });
    const facts: RatingFacts = {
      ...none(),
      findings: [
        { id: 'f1', description: '缺签到表', deadline: '2026-10-01', status: 'open', closedOn: null, on: '2026-09-01' },
        {
          id: 'f2',
          description: '消防预案缺失',
          deadline: '2026-12-01',
          status: 'open',
          closedOn: null,
          on: '2026-11-01',
        },
        {
          id: 'f3',
          description: '监控盲区',
          deadline: '2026-09-01',
          status: 'closed',
          closedOn: '2026-09-05',
          on: '2026-08-01',
        },
      ],
      sanctions: [{ id: 's1', kind: 'fine', caseNo: '案2026-1', on: '2026-10-10' }],
      firstAttempts: { sat: 20, passed: 14 },
    };
    const a = assessInstitution(facts, '2026-11-23');
    // 3 findings × 2, 2 overdue × 3 (f1 still open past deadline, f3 closed late), fine 10, pass rate 70 % → 5.
    expect(a.points).toBe(100 - 6 - 6 - 10 - 5);
    expect(a.grade).toBe('C');
    expect(a.deductions.filter((d) => d.kind === 'finding_overdue').map((d) => d.fact.id)).toEqual(['f1', 'f3']);
    expect(a.deductions.find((d) => d.kind === 'sanction_fine')!.fact).toMatchObject({
      type: 'sanction',
      id: 's1',
      text: '案2026-1',
    });
    // Too few candidates: the pass rate is not counted.
    expect(assessInstitution({ ...none(), firstAttempts: { sat: 9, passed: 0 } }, '2026-11-23').points).toBe(100);
  });

  it('INS-5 proposes forced exit below the line, and always for an eliminated institution', () => {
    const heavy: RatingFacts = {
      ...none(),
      sanctions: [
        { id: 'a', kind: 'suspend', caseNo: 'x', on: '2026-01-01' },
        { id: 'b', kind: 'fine', caseNo: 'x', on: '2026-01-01' },
        { id: 'c', kind: 'police', caseNo: 'y', on: '2026-02-01' },
      ],
    };
    const a = assessInstitution(heavy, '2026-11-23');
    expect(a.points).toBeLessThan(EXIT_LINE);
    expect(a).toMatchObject({ grade: 'D', exitProposed: true });
    expect(
      assessInstitution(
        { ...none(), sanctions: [{ id: 'e', kind: 'eliminate', caseNo: 'z', on: '2026-03-01' }] },
        '2026-11-23',
      ),
    ).toMatchObject({ points: 0, grade: 'D', exitProposed: true });
  });

  it('INS-5 computes from the recorded finding and sanction, and SUP-7 shows the published grade and the sanction in force on the public list', async () => {
    const inst = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '511102' });
    for (const t of compliantTeachers()) await addTeacher(p.ctx, inst.actor, t);
    const filing = await submitFiling(p.ctx, inst.actor, { scope: ['1.1'], facts: compliantFacts() });
    await reviewFiling(p.ctx, city.actor, filing.id, { decision: 'approve' });
    await recordFiling(p.ctx, province.actor, filing.id);
    const started = await city.client.post('/api/inspections', {
      targetKind: 'institution',
      targetId: inst.actor.orgId,
    });
    const finding = await city.client.post(`/api/inspections/${started.json().id}/findings`, {
      description: '培训档案不全',
      legalBasis: 'TRN-4',
      deadline: '2026-12-31',
      responsiblePerson: '李校长',
    });
    expect(finding.statusCode, finding.body).toBe(201);
    const c = await city.client.post('/api/cases', {
      source: 'finding',
      sourceId: finding.json().id,
      violationCode: 'INS-03',
      facts: '档案不全',
    });
    expect(
      (
        await city.client.post(`/api/cases/${c.json().id}/decision`, {
          sanctions: ['rectify', 'suspend'],
          suspendMonths: 1,
          reasoning: '档案不全',
        })
      ).statusCode,
    ).toBe(200);

    const detail = (await city.client.get(`/api/ratings/2026/${inst.actor.orgId}`)).json();
    expect(detail.points).toBe(100 - 2 - 3 - 20);
    expect(detail.deductions.map((d: { kind: string }) => d.kind).sort()).toEqual([
      'finding',
      'sanction_rectify',
      'sanction_suspend',
    ]);
    expect(detail.deductions.find((d: { kind: string }) => d.kind === 'finding').fact.id).toBe(finding.json().id);
    const table = (await city.client.get('/api/ratings/2026')).json();
    expect(table.items.find((i: { orgId: string }) => i.orgId === inst.actor.orgId)).toMatchObject({
      points: 75,
      grade: 'B',
      published: null,
    });
    expect((await city.client.get('/api/ratings/2027')).statusCode).toBe(400);

    expect((await city.client.post('/api/ratings/2026/publish')).statusCode).toBe(200);
    const listed = (await p.app.inject({ method: 'GET', url: '/api/public/institutions' }))
      .json()
      .items.find((i: { orgId: string }) => i.orgId === inst.actor.orgId);
    expect(listed).toMatchObject({ rating: { rating: 'B', year: 2026, points: 75 }, sanction: { state: 'suspended' } });
  });
});
