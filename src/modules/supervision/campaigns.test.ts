// Self-inspection campaigns (自查自改, SUP-5) through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeUser, signIn, signedInAs, startTestPlatform, type TestPlatform } from '../../testing/harness.js';
import { campaignStanding, measureStanding } from './rules.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const DAY = 86_400_000;

async function staffOf(org: Awaited<ReturnType<typeof makeOrg>>) {
  const user = await makeUser(p, { role: org.kind === 'institution' ? 'institution_admin' : 'exam_centre_staff', org });
  return signIn(p, user.username);
}

const problem = (dueOn: string, n = 1) => ({
  problem: `问题${n}：理论教室座位不足 60 人`,
  measure: '租用相邻教室并改造',
  responsible: '王校长',
  dueOn,
});

describe('self-inspection campaigns (SUP-5)', () => {
  it('SUP-5 a city asks its institutions for a report; it sees who has not filed, who filed late and whose measures are overdue', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511000' });
    const a = await makeOrg(p, { kind: 'institution', regionCode: '511002', name: '内江甲培训学校' });
    const b = await makeOrg(p, { kind: 'institution', regionCode: '511011', name: '内江乙培训中心' });
    const c = await makeOrg(p, { kind: 'institution', regionCode: '511024', name: '内江丙职业学校' });
    await makeOrg(p, { kind: 'institution', regionCode: '510104', name: '成都的学校（辖区外）' });
    const opened = await city.client.post('/api/campaigns', {
      title: '2026 年安全培训"走过场"自查自改',
      description: '对照《基本条件》逐项自查',
      targetKind: 'institution',
      dueOn: '2026-11-30',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const id = opened.json().id;

    const aClient = await staffOf(a);
    const mine = (await aClient.get('/api/self-inspections')).json().items;
    expect(mine.map((m: { id: string }) => m.id)).toContain(id);
    expect(mine.find((m: { id: string }) => m.id === id)).toMatchObject({
      standing: 'due',
      report: null,
      organiserName: city.org!.name,
    });
    const filed = await aClient.post(`/api/campaigns/${id}/report`, {
      summary: '对照基本条件自查，发现 2 个问题。',
      items: [problem('2026-11-25', 1), problem('2026-12-20', 2)],
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toMatchObject({ standing: 'filed' });
    // Filing twice is refused; progress is recorded item by item.
    const twice = await aClient.post(`/api/campaigns/${id}/report`, { summary: '再报一次', items: [] });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().rule).toBe('SUP-5');

    p.clock.advance(8 * DAY); // 2026-12-01: the deadline has passed; sessions have expired meanwhile
    const cityClient = await signIn(p, city.username);
    const aLater = await signIn(p, (await makeUser(p, { role: 'institution_admin', org: a })).username);
    const bClient = await staffOf(b);
    expect(
      (await bClient.post(`/api/campaigns/${id}/report`, { summary: '自查未发现问题。', items: [] })).json(),
    ).toMatchObject({ standing: 'filed_late', standingLabel: '逾期报送' });

    const roster = (await cityClient.get(`/api/campaigns/${id}`)).json();
    expect(roster.counts).toMatchObject({
      targets: 3,
      filed: 2,
      filedLate: 1,
      notFiled: 1,
      problems: 2,
      measuresOverdue: 1,
    });
    expect(roster.roster.map((r: { orgName: string; standing: string }) => [r.orgName, r.standing])).toEqual([
      [c.name, 'overdue'],
      [a.name, 'filed'],
      [b.name, 'filed_late'],
    ]);
    expect(roster.roster[1].items.map((i: { standing: string }) => i.standing)).toEqual(['overdue', 'open']);

    // The institution marks the overdue measure done (late); the count drops.
    const itemId = roster.roster[1].items[0].id;
    expect(
      (await aLater.post(`/api/self-inspection-items/${itemId}/complete`, { note: '已租用二号教室' })).json(),
    ).toMatchObject({ standing: 'done_late' });
    expect((await aLater.post(`/api/self-inspection-items/${itemId}/complete`, {})).statusCode).toBe(409);
    expect((await cityClient.get(`/api/campaigns/${id}`)).json().counts).toMatchObject({
      measuresDone: 1,
      measuresOverdue: 0,
    });
    expect(
      (await cityClient.get('/api/campaigns')).json().items.find((x: { id: string }) => x.id === id),
    ).toMatchObject({ targets: 3, notFiled: 1 });
    p.clock.set(new Date('2026-11-23T02:00:00Z'));
  });

  it('SUP-5 each problem needs a measure, a deadline not in the past and a responsible person; nothing is stored otherwise', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511100' });
    const inst = await makeOrg(p, { kind: 'institution', regionCode: '511102' });
    const id = (
      await city.client.post('/api/campaigns', {
        title: '自查',
        description: '',
        targetKind: 'institution',
        dueOn: '2026-12-31',
      })
    ).json().id;
    const client = await staffOf(inst);
    const missing = await client.post(`/api/campaigns/${id}/report`, {
      summary: '发现问题',
      items: [{ ...problem('2026-12-10'), responsible: '  ' }],
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().detail).toContain('责任人');
    const past = await client.post(`/api/campaigns/${id}/report`, {
      summary: '发现问题',
      items: [problem('2026-11-01')],
    });
    expect(past.statusCode).toBe(400);
    expect(
      (await client.get('/api/self-inspections')).json().items.find((x: { id: string }) => x.id === id).report,
    ).toBeNull();
    expect(
      (
        await city.client.post('/api/campaigns', {
          title: '自查',
          description: '',
          targetKind: 'institution',
          dueOn: '2026-11-23',
        })
      ).statusCode,
    ).toBe(400);
  });

  it('SUP-5 a campaign reaches only its own kind and jurisdiction; another regulator finds none of it', async () => {
    const county = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: '511702' });
    const other = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511800' });
    const id = (
      await county.client.post('/api/campaigns', {
        title: '考试机构自查',
        description: '考培分离',
        targetKind: 'exam_centre',
        dueOn: '2026-12-15',
      })
    ).json().id;
    const centre = await staffOf(await makeOrg(p, { kind: 'exam_centre', regionCode: '511702' }));
    const school = await staffOf(await makeOrg(p, { kind: 'institution', regionCode: '511702' }));
    const away = await staffOf(await makeOrg(p, { kind: 'exam_centre', regionCode: '511802' }));
    expect((await centre.get('/api/self-inspections')).json().items.map((x: { id: string }) => x.id)).toContain(id);
    expect((await school.get('/api/self-inspections')).json().items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await away.post(`/api/campaigns/${id}/report`, { summary: '无', items: [] })).statusCode).toBe(404);
    expect((await other.client.get(`/api/campaigns/${id}`)).statusCode).toBe(404);
    const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '511702' });
    expect((await employer.client.get('/api/self-inspections')).statusCode).toBe(403);
    expect(
      (
        await school.post('/api/campaigns', {
          title: 'x',
          description: '',
          targetKind: 'institution',
          dueOn: '2026-12-15',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('SUP-5 rules: standing of a report and of a measure on both sides of the deadline', () => {
    expect(campaignStanding({ dueOn: '2026-11-30' }, '2026-11-30', '2026-12-05')).toBe('filed');
    expect(campaignStanding({ dueOn: '2026-11-30' }, '2026-12-01', '2026-12-05')).toBe('filed_late');
    expect(campaignStanding({ dueOn: '2026-11-30' }, null, '2026-11-30')).toBe('due');
    expect(campaignStanding({ dueOn: '2026-11-30' }, null, '2026-12-01')).toBe('overdue');
    expect(measureStanding({ dueOn: '2026-11-30', completedOn: null }, '2026-11-30')).toBe('open');
    expect(measureStanding({ dueOn: '2026-11-30', completedOn: null }, '2026-12-01')).toBe('overdue');
    expect(measureStanding({ dueOn: '2026-11-30', completedOn: '2026-11-30' }, '2026-12-05')).toBe('done');
    expect(measureStanding({ dueOn: '2026-11-30', completedOn: '2026-12-01' }, '2026-12-05')).toBe('done_late');
  });
});
