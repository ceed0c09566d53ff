// Inspection plans and inspections with closed-loop findings (SUP-1, SUP-2) through the API.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filedSiteOf } from '../../testing/sites.js';
import {
  makeOrg,
  makeUser,
  signIn,
  signedInAs,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../../testing/harness.js';
import { compliantFacts, compliantTeachers } from '../institutions/index.js';
import { completionRefusal, findingStanding, spreadOverMonths, type ChecklistItem } from './rules.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

async function staffOf(org: Awaited<ReturnType<typeof makeOrg>>): Promise<Client> {
  const role =
    org.kind === 'institution' ? 'institution_admin' : org.kind === 'employer' ? 'employer_admin' : 'exam_centre_staff';
  return signIn(p, (await makeUser(p, { role, org })).username);
}

const jpeg = () =>
  sharp({ create: { width: 80, height: 60, channels: 3, background: '#a44' } })
    .jpeg()
    .toBuffer()
    .then((b) => b.toString('base64'));

describe('inspection plans (SUP-1)', () => {
  it('SUP-1 the plan must hold every institution and accepted exam site of the jurisdiction; the platform shows who is missing', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511300' });
    const a = await makeOrg(p, { kind: 'institution', regionCode: '511302', name: '南充甲培训学校' });
    const b = await makeOrg(p, { kind: 'institution', regionCode: '511303', name: '南充乙培训中心' });
    await makeOrg(p, { kind: 'institution', regionCode: '511402', name: '眉山的学校（辖区外）' });
    const { site } = await filedSiteOf(p, '511304');

    const empty = (await city.client.get('/api/inspection-plans/2026')).json();
    expect(empty.counts).toMatchObject({ targets: 3, planned: 0, missing: 3 });
    expect(empty.missing.map((m: { targetName: string }) => m.targetName).sort()).toEqual(
      [a.name, b.name, site.name].sort(),
    );

    const one = await city.client.post('/api/inspection-plans/2026/entries', {
      entries: [{ targetKind: 'institution', targetId: a.id, plannedMonth: 12 }],
    });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().counts).toMatchObject({ planned: 1, missing: 2 });
    // A month already past cannot be planned; another city's institution is not found.
    expect(
      (
        await city.client.post('/api/inspection-plans/2026/entries', {
          entries: [{ targetKind: 'institution', targetId: b.id, plannedMonth: 3 }],
        })
      ).statusCode,
    ).toBe(400);
    const away = await makeOrg(p, { kind: 'institution', regionCode: '511402' });
    expect(
      (
        await city.client.post('/api/inspection-plans/2026/entries', {
          entries: [{ targetKind: 'institution', targetId: away.id, plannedMonth: 12 }],
        })
      ).statusCode,
    ).toBe(404);

    const all = (await city.client.post('/api/inspection-plans/2026/entries', { allMissing: true })).json();
    expect(all.counts).toMatchObject({ targets: 3, planned: 3, missing: 0 });
    expect(all.entries.every((e: { plannedMonth: number }) => e.plannedMonth >= 11)).toBe(true);
    // Planning again adds nothing twice.
    expect(
      (await city.client.post('/api/inspection-plans/2027/entries', { allMissing: true })).json().counts.planned,
    ).toBe(3);
    expect(
      (await city.client.post('/api/inspection-plans/2026/entries', { allMissing: true })).json().counts.planned,
    ).toBe(3);
  });

  it('SUP-1 rules: targets spread evenly over the months left', () => {
    expect(spreadOverMonths(4, 11)).toEqual([11, 11, 12, 12]);
    expect(spreadOverMonths(12, 1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});

describe('inspections and closed-loop findings (SUP-2)', () => {
  it('SUP-2 an institution checklist is pre-filled from its recorded facts; a finding with photo closes only when its rectification is verified', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511500' });
    const school = await makeOrg(p, { kind: 'institution', regionCode: '511502', name: '宜宾安全培训学校' });
    const schoolStaff = await staffOf(school);
    for (const t of compliantTeachers(['1']))
      expect((await schoolStaff.post('/api/institutions/teachers', t)).statusCode).toBe(201);
    const facts = compliantFacts(['1']);
    facts.premises.exits = 1; // one exit: AQ 8011 asks for two
    expect((await schoolStaff.post('/api/institutions/filings', { scope: ['1.2'], facts })).statusCode).toBe(201);

    const started = await city.client.post('/api/inspections', { targetKind: 'institution', targetId: school.id });
    expect(started.statusCode, started.body).toBe(201);
    const inspection = started.json();
    const exits = inspection.checklist.find((c: ChecklistItem) => c.prefill?.status === 'not_met');
    expect(exits, 'the recorded single exit is pre-filled as not met').toBeTruthy();
    expect(exits.basis).toMatch(/^基本条件 /);
    expect(inspection.checklist.some((c: ChecklistItem) => c.id === 'ins.archive')).toBe(true);

    // Completing needs every item checked, and a finding for every problem.
    for (const c of inspection.checklist as ChecklistItem[])
      await city.client.post(`/api/inspections/${inspection.id}/checklist/${c.id}`, {
        result: c.id === exits.id ? 'problem' : 'ok',
      });
    const early = await city.client.post(`/api/inspections/${inspection.id}/complete`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ rule: 'SUP-2' });
    expect(
      (
        await city.client.post(`/api/inspections/${inspection.id}/findings`, {
          checklistItemId: exits.id,
          description: '理论教室仅 1 个安全出口',
          legalBasis: 'AQ 8011—2023 基本条件',
          deadline: '2026-11-23',
          responsiblePerson: '张校长',
        })
      ).statusCode,
    ).toBe(400);
    const finding = await city.client.post(`/api/inspections/${inspection.id}/findings`, {
      checklistItemId: exits.id,
      description: '理论教室仅 1 个安全出口',
      legalBasis: 'AQ 8011—2023 基本条件',
      deadline: '2026-12-20',
      responsiblePerson: '张校长',
      photos: [await jpeg()],
    });
    expect(finding.statusCode, finding.body).toBe(201);
    expect(finding.json()).toMatchObject({ standing: 'open', photoIds: [expect.any(String)] });
    const findingId = finding.json().id;
    expect((await city.client.post(`/api/inspections/${inspection.id}/complete`)).json().status).toBe('completed');
    expect(
      (await city.client.post(`/api/inspections/${inspection.id}/checklist/${exits.id}`, { result: 'ok' })).statusCode,
    ).toBe(409);

    // The school sees the finding and the inspector's photo; an unverified rectification does not close it.
    const mine = (await schoolStaff.get('/api/my-findings')).json().items;
    expect(mine.map((f: { id: string }) => f.id)).toEqual([findingId]);
    expect(
      (await schoolStaff.get(`/api/findings/${findingId}/photos/${mine[0].photoIds[0]}`)).headers['content-type'],
    ).toBe('image/jpeg');
    const other = await staffOf(await makeOrg(p, { kind: 'institution', regionCode: '511502' }));
    expect((await other.post(`/api/findings/${findingId}/rectification`, { note: '已整改' })).statusCode).toBe(404);
    expect((await other.get(`/api/findings/${findingId}/photos/${mine[0].photoIds[0]}`)).statusCode).toBe(404);
    expect((await city.client.post(`/api/findings/${findingId}/verify`, { verdict: 'accept' })).statusCode).toBe(409);

    const rectified = await schoolStaff.post(`/api/findings/${findingId}/rectification`, {
      note: '已在北侧增设安全出口',
      photos: [await jpeg()],
    });
    expect(rectified.json()).toMatchObject({ standing: 'submitted' });
    expect((await schoolStaff.post(`/api/findings/${findingId}/rectification`, { note: '再次提交' })).statusCode).toBe(
      409,
    );
    expect((await city.client.post(`/api/findings/${findingId}/verify`, { verdict: 'return' })).statusCode).toBe(400);
    expect(
      (
        await city.client.post(`/api/findings/${findingId}/verify`, { verdict: 'return', note: '新出口未设置疏散指示' })
      ).json(),
    ).toMatchObject({ standing: 'open' });
    await schoolStaff.post(`/api/findings/${findingId}/rectification`, {
      note: '已增设疏散指示标志',
      photos: [await jpeg()],
    });
    const closed = await city.client.post(`/api/findings/${findingId}/verify`, { verdict: 'accept', note: '复查合格' });
    expect(closed.json()).toMatchObject({ standing: 'closed', standingLabel: '已闭环' });
    expect(closed.json().rectifications.map((r: { verdict: string }) => r.verdict)).toEqual(['returned', 'accepted']);
    expect((await schoolStaff.post(`/api/findings/${findingId}/rectification`, { note: '又一次' })).statusCode).toBe(
      409,
    );
  });

  it('SUP-2 a finding past its deadline is overdue for the regulator and its superior; an exam site finding goes to its exam centre, SEC-2 its photo not to an examiner', async () => {
    const province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511600' });
    const { site, centre, staff: centreStaff } = await filedSiteOf(p, '511602');
    const inspection = (
      await city.client.post('/api/inspections', { targetKind: 'exam_site', targetId: site.id })
    ).json();
    expect(inspection.checklist.map((c: ChecklistItem) => c.id)).toContain('site.separation');
    const finding = (
      await city.client.post(`/api/inspections/${inspection.id}/findings`, {
        checklistItemId: 'site.video',
        description: '3 号考场录像缺失',
        legalBasis: 'EXM-10 考场全程录像',
        deadline: '2026-11-30',
        responsiblePerson: '考点负责人',
        photos: [await jpeg()],
      })
    ).json();
    expect((await centreStaff.get('/api/my-findings')).json().items.map((f: { id: string }) => f.id)).toContain(
      finding.id,
    );
    // SEC-2: the centre's staff who rectify open the photo; an examiner of that centre does not.
    const photo = `/api/findings/${finding.id}/photos/${finding.photoIds[0]}`;
    expect((await centreStaff.get(photo)).statusCode).toBe(200);
    const examiner = await signIn(p, (await makeUser(p, { role: 'examiner', org: centre })).username);
    expect((await examiner.get(photo)).statusCode).toBe(403);

    p.clock.advance(8 * 86_400_000); // 2026-12-01
    const cityLater = await signIn(p, city.username);
    const provinceLater = await signIn(p, province.username);
    expect(
      (await cityLater.get('/api/findings?standing=overdue')).json().items.map((f: { id: string }) => f.id),
    ).toContain(finding.id);
    expect(
      (await provinceLater.get('/api/findings?standing=overdue')).json().items.map((f: { id: string }) => f.id),
    ).toContain(finding.id);
    const elsewhere = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511700' });
    expect((await elsewhere.client.get('/api/findings')).json().items.map((f: { id: string }) => f.id)).not.toContain(
      finding.id,
    );
    expect((await elsewhere.client.get(`/api/inspections/${inspection.id}`)).statusCode).toBe(404);
    p.clock.set(new Date('2026-11-23T02:00:00Z'));
  });

  it('SUP-2 rules: completion and standing', () => {
    const c = (id: string, result: ChecklistItem['result']): ChecklistItem => ({
      id,
      aspect: 'x',
      label: id,
      basis: 'b',
      prefill: null,
      result,
      note: null,
    });
    expect(completionRefusal([c('a', 'ok'), c('b', null)], new Set())).toContain('1 项未检查');
    expect(completionRefusal([c('a', 'ok'), c('b', 'problem')], new Set())).toContain('须登记问题');
    expect(completionRefusal([c('a', 'ok'), c('b', 'problem')], new Set(['b']))).toBeNull();
    expect(findingStanding({ status: 'open', deadline: '2026-11-30' }, '2026-11-30')).toBe('open');
    expect(findingStanding({ status: 'open', deadline: '2026-11-30' }, '2026-12-01')).toBe('overdue');
    expect(findingStanding({ status: 'submitted', deadline: '2026-11-30' }, '2026-12-05')).toBe('submitted');
  });

  it('SUP-2 only regulators inspect; an employer cannot start one', async () => {
    const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510107' });
    expect(
      (await employer.client.post('/api/inspections', { targetKind: 'employer', targetId: employer.org!.id }))
        .statusCode,
    ).toBe(403);
  });
});
