import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, chinaDate } from '../../kernel/clock.js';
import { deliverEvents, emitEvent } from '../../kernel/events.js';
import { childrenOf } from '../../kernel/regions.js';
import {
  makeIdNumber,
  makeOrg,
  makeWorker,
  queryRows,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';
import type { Queue, Workbench } from '../../shared/workbench.js';
import { subscribers } from '../../subscribers.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

const today = () => chinaDate(p.clock.now());
const queue = (w: Workbench, key: string): Queue => {
  const q = w.queues.find((x) => x.key === key);
  if (!q) throw new Error(`no queue ${key} in ${w.queues.map((x) => x.key).join(', ')}`);
  return q;
};

/** A pass published at `passedAt` in `county`: the exam.passed event makes the authority's issuance task (CER-1). */
async function pass(county: string, workerId: string, passedAt: Date) {
  await p.ctx.db.transaction((tx) =>
    emitEvent(tx, p.clock, {
      type: 'exam.passed',
      payload: {
        resultId: randomUUID(),
        workerId,
        itemCode: '1.2',
        sessionId: randomUUID(),
        passedAt: passedAt.toISOString(),
        regionCode: county,
      },
      regionCode: county,
    }),
  );
  await deliverEvents(p.ctx, subscribers);
}

async function workerIn(county: string, name: string) {
  const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: county });
  return makeWorker(p, employer.actor, {
    name,
    regionCode: county,
    idNumber: makeIdNumber('1985-06-15', 'male', county),
  });
}

/** An open integrity flag of a site in `region` (what a detector's scan leaves for a person to decide, INT-1..5). */
async function flag(region: string, siteName: string, createdAt: Date) {
  await queryRows(
    p,
    sql`insert into integrity_flags (dedupe_key, scan_id, kind, rule, subject, site_id, site_name, centre_org_id,
      region_code, method, version, statistic, value, threshold, score, detail, evidence, status, created_at, updated_at)
      values (${randomUUID()}, ${randomUUID()}, 'pass_rate', 'INT-4', 'site', ${randomUUID()}, ${siteName}, ${randomUUID()},
      ${region}, 'poisson', '1', 'p', 1, 1, 1, '{}'::jsonb, '{}'::jsonb, 'open', ${createdAt.toISOString()}, ${createdAt.toISOString()})`,
  );
}

/** A finding with its rectification deadline (SUP-2). */
async function finding(region: string, targetName: string, deadline: string, orgId = randomUUID()) {
  await queryRows(
    p,
    sql`insert into inspection_findings (inspection_id, responsible_org_id, target_name, region_code, description,
      legal_basis, deadline, responsible_person, status, created_at)
      values (${randomUUID()}, ${orgId}, ${targetName}, ${region}, '应急预案未演练', '《特种作业人员安全技术培训考核管理规定》第十二条',
      ${deadline}, '王某', 'open', ${p.clock.now().toISOString()})`,
  );
}

describe('工作台 queues (issue 19 item 4)', () => {
  it('CER-1 the issuer opens on its pending tasks, overdue first with the oldest overdue days; another authority’s are absent', async () => {
    const issuer = await signedInAs(p, 'issuing_authority', { kind: 'regulator', regionCode: '510100' });
    const other = await signedInAs(p, 'issuing_authority', { kind: 'regulator', regionCode: '510300' });
    const county = childrenOf('510100')[0].code;
    const otherCounty = childrenOf('510300')[0].code;
    const now = p.clock.now().getTime();
    // Passed 60 days ago (far past the promised working days), 40 days ago, and today.
    await pass(county, (await workerIn(county, '李大伟')).id, new Date(now - 60 * 86_400_000));
    await pass(county, (await workerIn(county, '赵小红')).id, new Date(now - 40 * 86_400_000));
    await pass(county, (await workerIn(county, '钱多多')).id, new Date(now));
    await pass(otherCounty, (await workerIn(otherCounty, '孙外地')).id, new Date(now - 90 * 86_400_000));

    const res = await issuer.client.get('/api/workbench');
    expect(res.statusCode, res.body).toBe(200);
    const w = res.json() as Workbench;
    const q = queue(w, 'issuance');
    expect(w.queues[0].key).toBe('issuance');
    expect(q.count).toBe(3);
    expect(q.overdue).toBe(2);
    // The oldest item is first, named with the holder's name masked and the item's name.
    expect(q.items[0].title).toBe('李*伟');
    expect(q.items[0].detail).toContain('电');
    expect(q.items[0].overdueDays).toBe(q.oldestOverdueDays);
    expect(q.oldestOverdueDays).toBeGreaterThan(q.items[1].overdueDays ?? 0);
    expect(q.items.at(-1)?.overdueDays).toBeNull();
    expect(q.items.map((i) => i.title)).not.toContain('孙*地');

    const theirs = queue((await other.client.get('/api/workbench')).json(), 'issuance');
    expect(theirs.count).toBe(1);
  });

  it('SEC-2 the city regulator sees its city’s open flags, findings past deadline first and applications; another city’s are absent', async () => {
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510400' });
    const inCity = childrenOf('510400')[0].code;
    const elsewhere = childrenOf('510500')[0].code;
    const now = p.clock.now().getTime();
    await flag(inCity, '本市第一考点', new Date(now - 10 * 86_400_000));
    await flag(inCity, '本市第二考点', new Date(now - 2 * 86_400_000));
    await flag(elsewhere, '外市考点', new Date(now - 30 * 86_400_000));
    await finding(inCity, '按期整改单位', addDays(today(), 10));
    await finding(inCity, '逾期整改单位', addDays(today(), -12));
    await finding(elsewhere, '外市逾期单位', addDays(today(), -40));

    const w = (await city.client.get('/api/workbench')).json() as Workbench;
    const flags = queue(w, 'integrity-flags');
    expect(flags.count).toBe(2);
    expect(flags.items.map((i) => i.title)).toEqual(['本市第一考点', '本市第二考点']);
    const findings = queue(w, 'findings');
    expect(findings.count).toBe(2);
    expect(findings.overdue).toBe(1);
    expect(findings.oldestOverdueDays).toBe(12);
    expect(findings.items[0]).toMatchObject({ title: '逾期整改单位', overdueDays: 12 });
    expect(findings.items.map((i) => i.title)).not.toContain('外市逾期单位');
    // The city reviews institutions' filings and organisations' applications; a county does neither.
    expect(w.queues.map((q) => q.key)).toEqual(
      expect.arrayContaining(['institution-filings', 'org-applications', 'class-filings', 'reports']),
    );
    const county = await signedInAs(p, 'county_regulator', { kind: 'regulator', regionCode: inCity });
    const cw = (await county.client.get('/api/workbench')).json() as Workbench;
    expect(cw.queues.map((q) => q.key)).not.toContain('org-applications');
    expect(queue(cw, 'integrity-flags').count).toBe(2);
  });

  it('EMP-2 the employer sees employments to file, the overdue first, and SUP-4 its suspension as a notice', async () => {
    const county = childrenOf('510600')[0].code;
    const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: county });
    const other = await makeOrg(p, { kind: 'employer', regionCode: county });
    const hire = async (orgId: string, name: string, hiredOn: string) =>
      queryRows(
        p,
        sql`insert into employments (employer_org_id, region_code, worker_id, worker_name, id_number_masked, kind,
          item_codes, hired_on, filing_due_on, created_at)
          values (${orgId}, ${county}, ${randomUUID()}, ${name}, '5101**********1234', 'employee', '["1.2"]'::jsonb,
          ${hiredOn}, ${addDays(hiredOn, 15)}, ${p.clock.now().toISOString()})`,
      );
    await hire(employer.org!.id, '新来的', addDays(today(), -3));
    await hire(employer.org!.id, '早来的', addDays(today(), -25));
    await hire(other.id, '别家的', addDays(today(), -40));
    await queryRows(
      p,
      sql`insert into employer_sanction_states (org_id, state, until, ref, updated_at)
        values (${employer.org!.id}, 'suspended', ${addDays(today(), 30)}, '川应急罚〔2026〕1号', ${p.clock.now().toISOString()})`,
    );
    const w = (await employer.client.get('/api/workbench')).json() as Workbench;
    const q = queue(w, 'employment-filings');
    expect(q.count).toBe(2);
    expect(q.items.map((i) => i.title)).toEqual(['早来的', '新来的']);
    expect(q.items[0].overdueDays).toBe(10);
    expect(q.oldestOverdueDays).toBe(10);
    expect(w.banners[0]?.message).toContain('暂停业务');
    // Both uncertified workers are on the certificate list, as lapsed (EMP-4's ground).
    expect(queue(w, 'certificate-risks').overdue).toBe(2);
  });

  it('SEC-2 the platform administrator, who keeps accounts and not people’s records, has no queues', async () => {
    const admin = await signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '110000' });
    const w = (await admin.client.get('/api/workbench')).json() as Workbench;
    expect(w.queues).toEqual([]);
  });
});

describe('exam-site applications on the regulators’ 工作台 (EXM-1)', () => {
  it('EXM-1 a centre’s application waits in its city’s review queue, then, accepted, in its province’s filing queue; another city sees neither', async () => {
    const centre = await signedInAs(p, 'exam_centre_staff', { kind: 'exam_centre', regionCode: '512000' });
    const applied = await centre.client.post('/api/exams/sites', {
      name: '雁江区工作台考试点',
      address: '资阳市雁江区某路 1 号',
      regionCode: '512002',
      rooms: [{ name: '理论考场', seats: 30 }],
      stations: [{ name: '低压实物配电柜', itemCodes: ['1.2'], real: true }],
      itemCodes: ['1.2'],
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '512000' });
    const province = await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' });
    const otherCity = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511000' });
    const titles = async (client: typeof city.client, key: string) =>
      queue((await client.get('/api/workbench')).json(), key).items.map((i) => i.title);

    expect(await titles(city.client, 'site-applications')).toContain('雁江区工作台考试点');
    expect(await titles(province.client, 'site-applications')).not.toContain('雁江区工作台考试点');
    expect(await titles(otherCity.client, 'site-applications')).not.toContain('雁江区工作台考试点');

    const [application] = (await city.client.get('/api/exams/site-applications?status=submitted')).json().items;
    const { ACCEPTANCE_CHECKLIST } = await import('../exams/index.js');
    const reviewed = await city.client.post(`/api/exams/site-applications/${application.id}/review`, {
      decision: 'approve',
      checks: ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true })),
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(await titles(city.client, 'site-applications')).not.toContain('雁江区工作台考试点');
    expect(await titles(province.client, 'site-applications')).toContain('雁江区工作台考试点');
  });
});
