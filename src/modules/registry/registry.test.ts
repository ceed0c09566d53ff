// The people registry through the API: registration (REG-1, REG-2), applicant conditions (REG-3),
// personal data at rest and on screen (SEC-3), search and scope (SEC-2), the archive and the audit
// trail (SEC-1). The pure rules have their own unit tests (ids, regions, rules); these prove the
// use cases end to end, against the database.
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrgKind, Role } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import { generateResidentIdNumber, idNumberCheckChar, maskIdNumber } from '../../kernel/ids.js';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  signIn,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';
import { endOrgLink, linkWorkerToOrganisation } from './index.js';
import { findWorkers, getArchive, getWorker } from './service.js';

let p: TestPlatform;
let startedAt: Date;
beforeAll(async () => {
  p = await startTestPlatform();
  startedAt = p.clock.now();
});
afterAll(() => p.close());
// Tests that move the clock put it back, so every other test runs on the harness's date.
afterEach(() => p.clock.set(startedAt));

/** Raw rows; PGlite and node-postgres both answer `{ rows }`. */
const rows = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) =>
  ((await p.ctx.db.execute(query)) as unknown as { rows: T[] }).rows;
const countOf = async (
  table: 'workers' | 'audit_records' | 'archive_events' | 'health_declarations' | 'worker_org_links',
) => Number((await rows<{ n: number | string }>(sql`select count(*) as n from ${sql.identifier(table)}`))[0].n);
const counts = async () => ({
  workers: await countOf('workers'),
  audit: await countOf('audit_records'),
  archive: await countOf('archive_events'),
  links: await countOf('worker_org_links'),
});

/** @fastify/rate-limit allows 30 logins a minute per address; each signed-in user here gets its own. */
let address = 0;
const ownAddress = (): TestPlatform => ({
  ...p,
  app: {
    inject: (opts: object) =>
      p.app.inject({ remoteAddress: `10.2.${Math.floor(address / 250)}.${(address += 1) % 250}`, ...opts }),
  } as never,
});
async function signedIn(role: Role, org: { kind: OrgKind; regionCode: string } | null, workerId?: string) {
  const made = org ? await makeOrg(p, org) : null;
  const user = await makeUser(p, { role, org: made, workerId });
  return { org: made, ...user, client: await signIn(ownAddress(), user.username) };
}
const institution = (regionCode = '510107') => signedIn('institution_admin', { kind: 'institution', regionCode });
const employer = (regionCode = '510107') => signedIn('employer_admin', { kind: 'employer', regionCode });
const regulator = (role: Role, regionCode: string) => signedIn(role, { kind: 'regulator', regionCode });
type Client = Awaited<ReturnType<typeof signedIn>>['client'];

// The 17th digit decides the gender (odd = male). These numbers use region 510106, which the
// harness's makeIdNumber (510107) never does, so they cannot collide with its numbers.
let sequence = 0;
function idFor(birthDate: string, gender: 'male' | 'female', region = '510106'): string {
  sequence += 1;
  return generateResidentIdNumber(region, birthDate, (sequence * 2 + (gender === 'male' ? 1 : 0)) % 1000);
}
/** A valid ID number whose check character is X, to prove the lower-case x is the same person. */
function idEndingInX(): string {
  for (;;) {
    const id = idFor('1990-02-14', 'male');
    if (id.endsWith('X')) return id;
  }
}

const today = () => chinaDate(p.clock.now());
const healthy = (issuedAt = today()) => ({
  issuedAt,
  institutionName: '成都市武侯区人民医院',
  institutionLevel: 'county_or_above' as const,
  disqualifyingConditions: [] as string[],
});
const person = (overrides: Record<string, unknown> = {}) => ({
  name: '王建国',
  idNumber: makeIdNumber(),
  education: 'senior_high',
  regionCode: '510107',
  ...overrides,
});

async function register(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/workers', body);
  return { res, body: res.json() };
}
async function registered(client: Client, overrides: Record<string, unknown> = {}) {
  const input = person(overrides);
  const { res, body } = await register(client, input);
  expect(res.statusCode, res.body).toBe(201);
  return { ...body, input } as {
    id: string;
    idNumber: string;
    phone: string | null;
    canReveal: boolean;
    links: Array<{ orgId: string; relation: string }>;
    input: ReturnType<typeof person>;
  };
}
type ArchiveEvent = {
  kind: string;
  kindLabel: string;
  actorName: string;
  orgName: string | null;
  summary: string;
  occurredAt: string;
};
async function archive(client: Client, workerId: string): Promise<ArchiveEvent[]> {
  const res = await client.get(`/api/workers/${workerId}/archive`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().events;
}

describe('registering a worker (REG-1, REG-2, SEC-3)', () => {
  it('REG-1 registers a worker: 201 with the ID number and phone masked', async () => {
    const { client, org } = await institution();
    const idNumber = makeIdNumber('1985-06-15', 'male');
    const { res, body } = await register(client, person({ idNumber, phone: '13812345678', health: healthy() }));
    expect(res.statusCode).toBe(201);
    expect(body.idNumber).toMatch(/^510107\*{8}\d{3}[\dX]$/);
    expect(body.idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
    expect(body.phone).toBe('138****5678');
    expect(body).toMatchObject({
      name: '王建国',
      birthDate: '1985-06-15',
      education: 'senior_high',
      regionCode: '510107',
      regionName: '四川省成都市武侯区',
      canReveal: true,
    });
    expect(body.links).toEqual([expect.objectContaining({ orgId: org!.id, relation: 'registrar' })]);
    expect(body.health).toMatchObject({ institutionName: '成都市武侯区人民医院', disqualifyingConditions: [] });
    expect(res.body).not.toContain(idNumber);
    expect(res.body).not.toContain('13812345678');
    const shown = await client.get(`/api/workers/${body.id}`);
    expect(shown.json().idNumber).toBe(body.idNumber);
    expect(shown.body).not.toContain(idNumber);
  });

  it('SEC-3 no table holds the plain ID or phone number of a registered worker', async () => {
    const { client } = await institution();
    const idNumber = makeIdNumber('1979-11-02');
    const phone = '13987654321';
    const worker = await registered(client, { idNumber, phone, health: healthy() });
    const [row] = await rows(sql`select * from workers where id = ${worker.id}`);
    const stored = JSON.stringify(row);
    expect(stored).toContain(maskIdNumber(idNumber)); // the row is the right one
    for (const secret of [idNumber, idNumber.slice(0, 17), idNumber.slice(6, 17), phone, phone.slice(3)])
      expect(stored).not.toContain(secret);
    const related = JSON.stringify([
      await rows(sql`select * from archive_events where worker_id = ${worker.id}`),
      await rows(sql`select * from health_declarations where worker_id = ${worker.id}`),
      await rows(sql`select * from audit_records where entity_id = ${worker.id}`),
    ]);
    expect(related).not.toContain(idNumber);
    expect(related).not.toContain(phone);
  });

  it("REG-1 the archive opens with a 'registered' event naming the actor and organisation, then the health declaration", async () => {
    const { client, org, user } = await institution();
    const worker = await registered(client, { health: healthy() });
    const events = await archive(client, worker.id);
    expect(events.map((e) => e.kind)).toEqual(['registered', 'health_declared']);
    for (const e of events) expect(e).toMatchObject({ actorName: user.displayName, orgName: org!.name });
    expect(events[0]).toMatchObject({ kindLabel: '登记建档', summary: `${org!.name}为其登记建档` });
    expect(events[1].summary).toContain('未见妨碍从事特种作业的疾病');

    const withoutHealth = await registered(client);
    expect((await archive(client, withoutHealth.id)).map((e) => e.kind)).toEqual(['registered']);
  });

  it("SEC-1 the 'worker.register' audit record keeps only the masked ID, and the chain verifies", async () => {
    const { client, actor } = await institution();
    const idNumber = makeIdNumber('1992-09-30');
    const worker = await registered(client, { idNumber, phone: '13700001111' });
    const audit = await rows<{
      actor_user_id: string;
      region_code: string;
      after: Record<string, unknown>;
      before: unknown;
    }>(
      sql`select actor_user_id, region_code, before, after from audit_records where action = 'worker.register' and entity_id = ${worker.id}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: actor.userId, region_code: '510107', before: null });
    expect(audit[0].after).toMatchObject({ idNumber: maskIdNumber(idNumber), phone: '137****1111', name: '王建国' });
    expect(JSON.stringify(audit[0])).not.toContain(idNumber);
    expect(JSON.stringify(audit[0])).not.toContain('13700001111');

    const admin = await signedIn('system_admin', { kind: 'platform', regionCode: '110000' });
    const verify = await admin.client.get('/api/audit/verify');
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({ ok: true });
  });
});

describe('resident ID numbers (REG-2)', () => {
  const first17 = '51010719850615123';
  const cases: Array<[string, () => string]> = [
    [
      'a wrong check digit',
      () => {
        const id = makeIdNumber();
        return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
      },
    ],
    ['an impossible birth date (30 February)', () => '51010719850230123' + idNumberCheckChar('51010719850230123')],
    ['a birth date after today', () => '51010720300101123' + idNumberCheckChar('51010720300101123')],
    ['an unknown province (99)', () => '99010719850615123' + idNumberCheckChar('99010719850615123')],
    ['an old 15-digit number', () => '510107850615123'],
    ['letters in the middle', () => `${first17.slice(0, 10)}AB${first17.slice(12)}X`],
  ];
  it.each(cases)('REG-2 refuses %s with a 400 naming idNumber, and writes nothing', async (_label, make) => {
    const { client } = await institution();
    const idNumber = make();
    const before = await counts();
    const { res, body } = await register(client, person({ idNumber, health: healthy() }));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 400, rule: 'REG-2', title: '身份证号不合法' });
    expect(body.errors).toEqual([{ field: 'idNumber', message: body.detail }]);
    expect(await counts()).toEqual(before);
  });

  it('REG-2 refuses to register the same ID number twice, also typed with a lower-case x or spaces', async () => {
    const { client } = await institution();
    const other = await employer();
    const idNumber = idEndingInX();
    const first = await registered(client, { idNumber });
    const before = await counts();
    const variants = [
      idNumber,
      idNumber.toLowerCase(),
      `  ${idNumber}  `,
      `${idNumber.slice(0, 6)} ${idNumber.slice(6, 14)} ${idNumber.slice(14)}`,
      idNumber.replace('X', 'Ｘ'),
    ];
    for (const variant of variants) {
      for (const c of [client, other.client]) {
        const { res, body } = await register(c, person({ idNumber: variant, name: '李四' }));
        expect(res.statusCode, variant).toBe(409);
        expect(body).toMatchObject({ status: 409, rule: 'REG-2' });
        expect(body.detail).toContain('关联已登记人员');
      }
    }
    expect(await counts()).toEqual(before);
    const hash = p.ctx.vault.lookupHash('id_number', idNumber);
    expect(await rows(sql`select id from workers where id_number_hash = ${hash}`)).toEqual([{ id: first.id }]);
  });

  it('REG-2 simultaneous registrations of one person give one 201 and 409s, never a 500', async () => {
    const { client } = await institution();
    const idNumber = makeIdNumber('1988-08-08');
    // On PostgreSQL, open the pool's connections first so that the transactions really overlap:
    // every look-up then finds nothing and the unique index decides.
    await Promise.all(Array.from({ length: 8 }, () => p.ctx.db.execute(sql`select pg_sleep(0.02)`)));
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map(() => client.post('/api/workers', person({ idNumber }))));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of results.filter((r) => r.statusCode === 409)) expect(r.json()).toMatchObject({ rule: 'REG-2' });
    const hash = p.ctx.vault.lookupHash('id_number', idNumber);
    expect(await rows(sql`select id from workers where id_number_hash = ${hash}`)).toHaveLength(1);
  });

  it("REG-2 an organisation links an already-registered person with ID number and name; the archive gets a 'linked' event", async () => {
    const school = await institution();
    const firm = await employer('510104');
    const idNumber = makeIdNumber('1983-04-21');
    const worker = await registered(school.client, { idNumber, name: '赵六' });
    expect((await firm.client.get(`/api/workers/${worker.id}`)).statusCode).toBe(404);

    const res = await firm.client.post('/api/workers/link', { idNumber: idNumber.toLowerCase(), name: ' 赵六 ' });
    expect([200, 201]).toContain(res.statusCode);
    expect(res.json()).toMatchObject({ id: worker.id, idNumber: maskIdNumber(idNumber) });
    expect(
      res
        .json()
        .links.map((l: { orgId: string }) => l.orgId)
        .sort(),
    ).toEqual([school.org!.id, firm.org!.id].sort());

    const shown = await firm.client.get(`/api/workers/${worker.id}`);
    expect(shown.statusCode).toBe(200);
    // SEC-3: a linked organisation sees the person but not the full numbers; that stays with the registrar.
    expect(shown.json()).toMatchObject({ canReveal: false });
    expect((await firm.client.post(`/api/workers/${worker.id}/reveal`, { field: 'idNumber' })).statusCode).toBe(403);
    const found = await firm.client.get(`/api/workers?q=${idNumber}`);
    expect(found.json()).toMatchObject({ total: 1, items: [{ id: worker.id }] });
    const events = await archive(firm.client, worker.id);
    expect(events.map((e) => e.kind)).toEqual(['registered', 'linked']);
    expect(events[1]).toMatchObject({ actorName: firm.user.displayName, orgName: firm.org!.name });

    // Linking again changes nothing.
    const before = await counts();
    expect([200, 201]).toContain((await firm.client.post('/api/workers/link', { idNumber, name: '赵六' })).statusCode);
    expect(await counts()).toEqual(before);
  });

  it('REG-2 a link with the wrong name is a 404 and links nothing', async () => {
    const school = await institution();
    const firm = await employer();
    const idNumber = makeIdNumber('1981-01-09');
    const worker = await registered(school.client, { idNumber, name: '钱七' });
    const before = await counts();
    const res = await firm.client.post('/api/workers/link', { idNumber, name: '钱八' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(worker.id);
    // An unregistered number answers the same, so the answer does not tell which numbers exist.
    const unknown = await firm.client.post('/api/workers/link', { idNumber: makeIdNumber('1981-01-09'), name: '钱七' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe(res.json().detail);
    const invalid = await firm.client.post('/api/workers/link', { idNumber: '123', name: '钱七' });
    expect(invalid.json()).toMatchObject({ status: 400, rule: 'REG-2' });
    expect(await counts()).toEqual(before);
    expect((await firm.client.get(`/api/workers/${worker.id}`)).statusCode).toBe(404);
  });
});

describe('applicant conditions (REG-3)', () => {
  const checkOf = (body: { checks: Array<{ code: string; passed: boolean; message: string }> }, code: string) =>
    body.checks.find((c) => c.code === code)!;

  it('REG-3 refuses an applicant one day short of 18 with a 422 naming age_min, and writes nothing', async () => {
    p.clock.set('2026-03-10T04:00:00Z'); // 2026-03-10 in China
    const { client } = await institution();
    const before = await counts();
    const { res, body } = await register(
      client,
      person({ idNumber: makeIdNumber('2008-03-11'), intendedItem: '1.2', health: healthy() }),
    );
    expect(res.statusCode).toBe(422);
    expect(body).toMatchObject({ status: 422, rule: 'REG-3', title: '不符合申请条件' });
    expect(Array.isArray(body.checks)).toBe(true);
    expect(checkOf(body, 'age_min')).toMatchObject({ passed: false, rule: 'REG-3' });
    expect(checkOf(body, 'age_min').message).toContain('2026-03-11');
    expect(body.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { code: string }) => c.code)).toEqual([
      'age_min',
    ]);
    expect(body.detail).toContain('低压电工作业');
    expect(await counts()).toEqual(before);
  });

  it('REG-3 accepts the applicant from the first minute of the 18th birthday, China time', async () => {
    p.clock.set('2026-03-10T15:59:59Z'); // 23:59:59 on 10 March in China
    const { client } = await institution();
    const input = person({ idNumber: makeIdNumber('2008-03-11'), intendedItem: '1.2', health: healthy() });
    expect((await register(client, input)).res.statusCode).toBe(422);
    p.clock.set('2026-03-10T16:00:00Z'); // 00:00 on 11 March in China: 18 today
    const { res, body } = await register(client, input);
    expect(res.statusCode, res.body).toBe(201);
    expect(body.age).toBe(18);
    const [event] = await archive(client, body.id);
    expect(event).toMatchObject({ kind: 'registered' });
  });

  it('REG-3 refuses a woman with original retirement age 50 past her retirement date, but not at 55', async () => {
    // Born 1976-01: retirement at 50 years 7 months (2024 decision) = 2026-08-15, before the clock's 2026-11-23.
    const { client } = await institution();
    const idNumber = idFor('1976-01-15', 'female');
    const input = person({ idNumber, name: '孙丽', originalRetirementAge: 50, intendedItem: '1.2', health: healthy() });
    const before = await counts();
    const { res, body } = await register(client, input);
    expect(res.statusCode).toBe(422);
    expect(body.rule).toBe('REG-3');
    expect(checkOf(body, 'age_max')).toMatchObject({ passed: false });
    expect(checkOf(body, 'age_max').message).toContain('2026-08-15');
    expect(await counts()).toEqual(before);

    const cadre = await register(client, { ...input, originalRetirementAge: 55 });
    expect(cadre.res.statusCode, cadre.res.body).toBe(201);
    expect(cadre.body).toMatchObject({ gender: 'female', originalRetirementAge: 55 });
  });

  it('REG-3 an original retirement age of 50 or 55 is refused for a man', async () => {
    const { client } = await institution();
    const { res, body } = await register(
      client,
      person({ idNumber: idFor('1980-05-05', 'male'), originalRetirementAge: 50 }),
    );
    expect(res.statusCode).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'originalRetirementAge' })]);
  });

  it('REG-3 a junior-high applicant is refused for 9.16 (hazardous chemicals) but accepted for 1.2', async () => {
    const { client } = await institution();
    const input = person({ education: 'junior_high', intendedItem: '9.16', health: healthy() });
    const before = await counts();
    const { res, body } = await register(client, input);
    expect(res.statusCode).toBe(422);
    expect(checkOf(body, 'education')).toMatchObject({ passed: false });
    expect(checkOf(body, 'education').message).toContain('化工自动化控制仪表作业要求高中');
    expect(body.checks.filter((c: { passed: boolean }) => !c.passed)).toHaveLength(1);
    expect(await counts()).toEqual(before);
    const electrician = await register(client, { ...input, intendedItem: '1.2' });
    expect(electrician.res.statusCode, electrician.res.body).toBe(201);
  });

  it('REG-3 a primary-school applicant is refused even for items without a stricter requirement', async () => {
    const { client } = await institution();
    const { res, body } = await register(
      client,
      person({ education: 'primary', intendedItem: '1.2', health: healthy() }),
    );
    expect(res.statusCode).toBe(422);
    expect(checkOf(body, 'education')).toMatchObject({ passed: false });
  });

  it('REG-3 a health declaration with a disqualifying condition refuses the applicant', async () => {
    const { client } = await institution();
    const before = await counts();
    const { res, body } = await register(
      client,
      person({ intendedItem: '3.1', health: { ...healthy(), disqualifyingConditions: ['epilepsy'] } }),
    );
    expect(res.statusCode).toBe(422);
    expect(checkOf(body, 'health_conditions')).toMatchObject({ passed: false });
    expect(checkOf(body, 'health_conditions').message).toContain('癫痫病');
    expect(await counts()).toEqual(before);
    const noDeclaration = await register(client, person({ intendedItem: '3.1' }));
    expect(noDeclaration.res.statusCode).toBe(422);
    expect(checkOf(noDeclaration.body, 'health_missing')).toMatchObject({ passed: false });
  });

  it('REG-3 an unknown intended item is a 400 naming the field, and nothing is written', async () => {
    const { client } = await institution();
    const before = await counts();
    const { res, body } = await register(client, person({ intendedItem: '12.1', health: healthy() }));
    expect(res.statusCode).toBe(400);
    expect(body.errors).toEqual([{ field: 'intendedItem', message: '未知的作业项目' }]);
    expect(await counts()).toEqual(before);
  });

  it('REG-3 the eligibility check lists every condition with its passed flag', async () => {
    const { client } = await institution();
    const worker = await registered(client, { education: 'junior_high', health: healthy() });
    const chemicals = await client.get(`/api/workers/${worker.id}/eligibility?item=9.16`);
    expect(chemicals.statusCode).toBe(200);
    expect(chemicals.json().eligible).toBe(false);
    expect(chemicals.json().item).toEqual({ code: '9.16', name: '化工自动化控制仪表作业' });
    expect(chemicals.json().checks.map((c: { code: string; passed: boolean }) => [c.code, c.passed])).toEqual([
      ['age_min', true],
      ['age_max', true],
      ['education', false],
      ['health_missing', true],
      ['health_institution', true],
      ['health_conditions', true],
    ]);
    for (const check of chemicals.json().checks)
      expect(check).toMatchObject({ rule: 'REG-3', label: expect.any(String), message: expect.any(String) });

    const electrician = await client.get(`/api/workers/${worker.id}/eligibility?item=1.2`);
    expect(electrician.json()).toMatchObject({ eligible: true });
    expect((await client.get(`/api/workers/${worker.id}/eligibility?item=12.1`)).statusCode).toBe(404);
    expect((await client.get(`/api/workers/${worker.id}/eligibility?item=x`)).statusCode).toBe(400);

    const undeclared = await registered(client);
    const missing = await client.get(`/api/workers/${undeclared.id}/eligibility?item=1.2`);
    expect(missing.json().eligible).toBe(false);
    expect(
      missing
        .json()
        .checks.filter((c: { passed: boolean }) => !c.passed)
        .map((c: { code: string }) => c.code),
    ).toEqual(['health_missing', 'health_institution', 'health_conditions']);
  });
});

describe('revealing personal data (SEC-3)', () => {
  it('SEC-3 the registering organisation may reveal the full ID number and phone, and each viewing is audited', async () => {
    const { client, actor } = await institution();
    const idNumber = makeIdNumber('1977-07-07');
    const worker = await registered(client, { idNumber, phone: '13655556666' });
    const res = await client.post(`/api/workers/${worker.id}/reveal`, { field: 'idNumber' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ value: idNumber });
    const phone = await client.post(`/api/workers/${worker.id}/reveal`, { field: 'phone' });
    expect(phone.json()).toEqual({ value: '13655556666' });
    const audit = await rows<{ action: string; actor_user_id: string; after: unknown }>(
      sql`select action, actor_user_id, after from audit_records where entity_id = ${worker.id} and action like 'worker.reveal%' order by seq`,
    );
    expect(audit).toEqual([
      { action: 'worker.reveal_id_number', actor_user_id: actor.userId, after: null },
      { action: 'worker.reveal_phone', actor_user_id: actor.userId, after: null },
    ]);
    const noPhone = await registered(client);
    expect((await client.post(`/api/workers/${noPhone.id}/reveal`, { field: 'phone' })).statusCode).toBe(404);
    expect((await client.post(`/api/workers/${worker.id}/reveal`, { field: 'birthDate' })).statusCode).toBe(400);
  });

  it('SEC-3 an organisation that knows the worker only as an employee sees the masked number and may not reveal it', async () => {
    const school = await institution();
    const firm = await employer();
    const idNumber = makeIdNumber('1986-12-12');
    const worker = await registered(school.client, { idNumber });
    await linkWorkerToOrganisation(p.ctx.db, {
      workerId: worker.id,
      orgId: firm.org!.id,
      relation: 'employee',
      since: p.clock.now(),
    });

    const shown = await firm.client.get(`/api/workers/${worker.id}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ idNumber: maskIdNumber(idNumber), canReveal: false });
    const before = await countOf('audit_records');
    const res = await firm.client.post(`/api/workers/${worker.id}/reveal`, { field: 'idNumber' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ status: 403, rule: 'SEC-3' });
    expect(res.body).not.toContain(idNumber);
    expect(await countOf('audit_records')).toBe(before);
  });

  it('SEC-3 the person themself may reveal their own number, and nobody else’s', async () => {
    const school = await institution();
    const idNumber = makeIdNumber('1991-03-03');
    const worker = await registered(school.client, { idNumber });
    const other = await registered(school.client);
    const self = await signedIn('worker', null, worker.id);
    const res = await self.client.post(`/api/workers/${worker.id}/reveal`, { field: 'idNumber' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ value: idNumber });
    expect(
      await rows(
        sql`select 1 from audit_records where action = 'worker.reveal_id_number' and actor_user_id = ${self.actor.userId}`,
      ),
    ).toHaveLength(1);
    expect((await self.client.get(`/api/workers/${worker.id}`)).json()).toMatchObject({ canReveal: true });
    expect((await self.client.post(`/api/workers/${other.id}/reveal`, { field: 'idNumber' })).statusCode).toBe(404);
    expect((await self.client.get(`/api/workers/${other.id}/archive`)).statusCode).toBe(404);
  });

  it('SEC-3 a regulator of the jurisdiction may reveal; an organisation with no link cannot even see the worker', async () => {
    const school = await institution();
    const idNumber = makeIdNumber('1984-10-10');
    const worker = await registered(school.client, { idNumber });
    const county = await regulator('county_regulator', '510107');
    expect((await county.client.post(`/api/workers/${worker.id}/reveal`, { field: 'idNumber' })).json()).toEqual({
      value: idNumber,
    });
    const stranger = await institution();
    const res = await stranger.client.post(`/api/workers/${worker.id}/reveal`, { field: 'idNumber' });
    expect(res.statusCode).toBe(404);
  });
});

describe('searching workers (SEC-2)', () => {
  it('SEC-2 finds a worker by full ID number, by phone and by part of the name', async () => {
    const { client } = await institution();
    const idNumber = idEndingInX();
    const a = await registered(client, { idNumber, name: '欧阳明远', phone: '13912345678' });
    const b = await registered(client, { name: '欧阳晓' });
    const c = await registered(client, { name: '李明' });
    const search = async (q: string) =>
      (await client.get(`/api/workers?q=${encodeURIComponent(q)}`)).json() as {
        total: number;
        items: Array<{ id: string; idNumber: string }>;
      };
    const ids = (r: { items: Array<{ id: string }> }) => r.items.map((i) => i.id).sort();

    expect(await search(idNumber)).toMatchObject({ total: 1, items: [{ id: a.id, idNumber: maskIdNumber(idNumber) }] });
    expect((await search(idNumber.toLowerCase())).total).toBe(1);
    expect(ids(await search('13912345678'))).toEqual([a.id]);
    expect(ids(await search('+86 139 1234 5678'))).toEqual([a.id]);
    expect(ids(await search('欧阳'))).toEqual([a.id, b.id].sort());
    expect(ids(await search('明'))).toEqual([a.id, c.id].sort());
    expect((await search('不存在的人')).total).toBe(0);
    // A partial ID number is not a look-up key: it matches nobody (it is searched as a name).
    expect((await search(idNumber.slice(0, 10))).total).toBe(0);
    expect((await search('%')).total).toBe(0);
  });

  it('SEC-2 filters by region and pages with a total', async () => {
    const { client } = await institution();
    const wuhou = [
      await registered(client, { regionCode: '510107' }),
      await registered(client, { regionCode: '510107' }),
    ];
    const jinjiang = await registered(client, { regionCode: '510104' });
    const list = async (query: string) =>
      (await client.get(`/api/workers?${query}`)).json() as {
        total: number;
        page: number;
        pageSize: number;
        items: Array<{ id: string; regionCode: string }>;
      };

    expect((await list('regionCode=510104')).items.map((i) => i.id)).toEqual([jinjiang.id]);
    expect((await list('regionCode=510107')).total).toBe(2);
    expect((await list('regionCode=510100')).total).toBe(3);
    expect((await list('regionCode=510300')).total).toBe(0);
    expect((await client.get('/api/workers?regionCode=999999')).statusCode).toBe(400);

    const page1 = await list('pageSize=2&page=1');
    const page2 = await list('pageSize=2&page=2');
    expect(page1).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page2.items).toHaveLength(1);
    expect([...page1.items, ...page2.items].map((i) => i.id).sort()).toEqual(
      [...wuhou, jinjiang].map((w) => w.id).sort(),
    );
    expect((await list('pageSize=2&page=3')).items).toEqual([]);
    expect((await client.get('/api/workers?pageSize=1000')).statusCode).toBe(400);
  });

  it('SEC-2 workers out of scope never appear, whatever the query', async () => {
    const school = await institution();
    const idNumber = makeIdNumber('1982-02-02');
    const worker = await registered(school.client, { idNumber, name: '周八', phone: '13511112222' });
    const total = async (client: Client, q: string) => {
      const res = await client.get(`/api/workers?q=${encodeURIComponent(q)}&pageSize=200`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { total: number; items: Array<{ id: string }> };
      return body.items.some((i) => i.id === worker.id) ? body.total : body.items.length === 0 ? 0 : -1;
    };
    const otherSchool = await institution();
    const otherCounty = await regulator('county_regulator', '510104');
    const otherCity = await regulator('city_regulator', '510300');
    for (const outsider of [otherSchool, otherCounty, otherCity]) {
      for (const q of [idNumber, '13511112222', '周八']) expect(await total(outsider.client, q)).toBe(0);
      expect((await outsider.client.get(`/api/workers/${worker.id}`)).statusCode).toBe(404);
      expect((await outsider.client.get(`/api/workers/${worker.id}/archive`)).statusCode).toBe(404);
      expect((await outsider.client.get(`/api/workers/${worker.id}/eligibility?item=1.2`)).statusCode).toBe(404);
    }
    const city = await regulator('city_regulator', '510100');
    const province = await regulator('province_regulator', '510000');
    for (const insider of [city, province]) expect(await total(insider.client, idNumber)).toBe(1);
    // A worker and the system administrator do not search the registry at all.
    const self = await signedIn('worker', null, worker.id);
    expect((await self.client.get('/api/workers')).statusCode).toBe(403);
    const admin = await signedIn('system_admin', { kind: 'platform', regionCode: '110000' });
    expect((await admin.client.get(`/api/workers?q=${idNumber}`)).statusCode).toBe(403);
    expect((await p.app.inject({ method: 'GET', url: '/api/workers' })).statusCode).toBe(401);
  });
});

describe('access that ends with the relationship (SEC-2)', () => {
  const DAY = 86_400_000;
  const later = (days: number) => p.clock.set(new Date(startedAt.getTime() + days * DAY));

  it('SEC-2 a registration lets the organisation see the person for 90 days, then not, unless a relationship follows', async () => {
    const e = await employer();
    const worker = await registered(e.client, {});
    const sees = () =>
      getWorker(p.ctx, e.actor, worker.id).then(
        () => true,
        () => false,
      );
    later(89);
    expect(await sees()).toBe(true);
    later(91);
    expect(await sees()).toBe(false);
    await expect(getArchive(p.ctx, e.actor, worker.id)).rejects.toMatchObject({ status: 404 });
    expect((await findWorkers(p.ctx, e.actor, { page: 1, pageSize: 50 })).items.map((w) => w.id)).not.toContain(
      worker.id,
    );
  });

  it('SEC-2 an employment lets the employer read the person and the archive while it runs and 30 days after it ends', async () => {
    const e = await employer();
    const worker = await registered(e.client, {});
    await linkWorkerToOrganisation(p.ctx.db, {
      workerId: worker.id,
      orgId: e.org!.id,
      relation: 'employee',
      since: startedAt,
    });
    const sees = () =>
      getArchive(p.ctx, e.actor, worker.id).then(
        () => true,
        () => false,
      );
    later(400);
    expect(await sees()).toBe(true);
    await endOrgLink(p.ctx.db, {
      workerId: worker.id,
      orgId: e.org!.id,
      relation: 'employee',
      until: new Date(startedAt.getTime() + 400 * DAY),
    });
    later(429);
    expect(await sees()).toBe(true);
    later(431);
    expect(await sees()).toBe(false);
    // The person's regulators keep seeing them: the region's scope does not end with an employer.
    const city = await regulator('city_regulator', '510100');
    expect((await getWorker(p.ctx, city.actor, worker.id)).id).toBe(worker.id);
  });
});

describe('health declarations (REG-3, REG-1)', () => {
  it('REG-3 a health declaration dated after today is refused with 400, and nothing is written', async () => {
    const { client } = await institution();
    const worker = await registered(client);
    const before = await counts();
    const tomorrow = chinaDate(new Date(p.clock.now().getTime() + 86_400_000));
    const res = await client.post(`/api/workers/${worker.id}/health-declarations`, healthy(tomorrow));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'health.issuedAt' })]);
    expect(await counts()).toEqual(before);
    expect(await rows(sql`select 1 from health_declarations where worker_id = ${worker.id}`)).toHaveLength(0);
    const onRegistration = await register(client, person({ health: healthy(tomorrow) }));
    expect(onRegistration.res.statusCode).toBe(400);
  });

  it('REG-1 a valid health declaration is recorded, shown, audited and appended to the archive', async () => {
    const { client, org } = await institution();
    const worker = await registered(client);
    const res = await client.post(`/api/workers/${worker.id}/health-declarations`, {
      ...healthy(),
      institutionLevel: 'community',
      institutionName: '玉林社区卫生服务中心',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().health).toEqual({
      issuedAt: today(),
      institutionName: '玉林社区卫生服务中心',
      institutionLevel: 'community',
      disqualifyingConditions: [],
    });
    const events = await archive(client, worker.id);
    expect(events.map((e) => e.kind)).toEqual(['registered', 'health_declared']);
    expect(events[1]).toMatchObject({ orgName: org!.name, kindLabel: '体检证明' });
    expect(
      await rows(sql`select 1 from audit_records where action = 'worker.health_declared' and entity_id = ${worker.id}`),
    ).toHaveLength(1);
    expect((await client.get(`/api/workers/${worker.id}/eligibility?item=1.2`)).json().eligible).toBe(true);
  });

  it('REG-3 an unknown condition code is refused with 400', async () => {
    const { client } = await institution();
    const worker = await registered(client);
    const before = await counts();
    const res = await client.post(`/api/workers/${worker.id}/health-declarations`, {
      ...healthy(),
      disqualifyingConditions: ['flat_feet'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await counts()).toEqual(before);
  });
});

describe('regulators registering (SEC-2, CAT-3)', () => {
  it('SEC-2 a county regulator may not register a worker in another county', async () => {
    const county = await regulator('county_regulator', '510107');
    const before = await counts();
    const { res, body } = await register(county.client, person({ regionCode: '510104' }));
    expect(res.statusCode).toBe(403);
    expect(body).toMatchObject({ status: 403, rule: 'SEC-2' });
    expect(await counts()).toEqual(before);
    const own = await register(county.client, person({ regionCode: '510107' }));
    expect(own.res.statusCode).toBe(201);
    // A regulator sees by jurisdiction: registering does not tie the person to the bureau.
    expect(own.body.links).toEqual([]);
    expect(own.body.canReveal).toBe(true);
  });

  it('CAT-3 a region code that is not a county is refused with 400', async () => {
    const { client } = await institution();
    const before = await counts();
    for (const regionCode of ['510100', '510000', '510101', '999999']) {
      const { res, body } = await register(client, person({ regionCode }));
      expect(res.statusCode, regionCode).toBe(400);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'regionCode' })]);
    }
    expect((await register(client, person({ regionCode: '5101' }))).res.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('SEC-2 an examiner, a worker and the system administrator may not register anyone', async () => {
    const examiner = await signedIn('examiner', { kind: 'exam_centre', regionCode: '510100' });
    const admin = await signedIn('system_admin', { kind: 'platform', regionCode: '110000' });
    for (const client of [examiner.client, admin.client])
      expect((await register(client, person())).res.statusCode).toBe(403);
  });
});
