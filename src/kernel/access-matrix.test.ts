// SEC-2 as a matrix: each role × each route it must and must not reach, then the jurisdiction
// and organisation boundaries a regulator expects (issue 3, "Access rules are tested as a matrix").
import { randomInt } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeIdNumber,
  makeOrg,
  makeUser,
  makeWorker,
  signIn,
  signedInAs,
  startTestPlatform,
  type Client,
  type TestPlatform,
} from '../testing/harness.js';
import { ROLES, type Actor, type OrgKind, type Role } from './access.js';
import { getWorker, linkRegisteredWorker } from '../modules/registry/index.js';
import { getSessionRoster } from '../modules/exams/index.js';
import { filedSiteOf } from '../testing/sites.js';
import sharp from 'sharp';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

// ---------------------------------------------------------------------------------------------
// Helpers

const HAN = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土山川河海';
/** A person's name no other test uses, so a name search finds exactly the workers a test made. */
const uniqueName = () => `测${Array.from({ length: 5 }, () => HAN[randomInt(HAN.length)]).join('')}`;

type Org = Awaited<ReturnType<typeof makeOrg>>;

/** A regulator of `regionCode`, for registering workers where a test needs them. */
async function regulatorOf(regionCode: string): Promise<Actor> {
  const role: Role = regionCode.endsWith('0000')
    ? 'province_regulator'
    : regionCode.endsWith('00')
      ? 'city_regulator'
      : 'county_regulator';
  return (await makeUser(p, { role, org: await makeOrg(p, { kind: 'regulator', regionCode }) })).actor;
}

async function workerIn(regionCode: string, registrar?: Actor) {
  const idNumber = makeIdNumber('1988-03-09', 'male', regionCode);
  const name = uniqueName();
  const worker = await makeWorker(p, registrar ?? (await regulatorOf(regionCode)), { regionCode, idNumber, name });
  return { ...worker, idNumber, name };
}

async function visibleIds(client: Client, q: string): Promise<string[]> {
  const res = await client.get(`/api/workers?q=${encodeURIComponent(q)}&pageSize=200`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Array<{ id: string }>).map((w) => w.id);
}

// ---------------------------------------------------------------------------------------------
// The matrix

const ROUTES = [
  'GET /api/workers',
  'POST /api/workers',
  'GET /api/workers/:id',
  'GET /api/workers/:id/archive',
  'POST /api/workers/:id/reveal',
  'GET /api/organisations',
  'POST /api/organisations',
  'GET /api/users',
  'POST /api/users',
  'POST /api/users/:id/reset-password',
  'POST /api/users/:id/disable',
  'GET /api/audit',
  'GET /api/audit/verify',
  'GET /api/audit/checkpoints',
  'PUT /api/catalog/items/1.2/hours',
  'GET /api/catalog',
  'GET /api/auth/me',
  'GET /api/employments',
  'GET /api/employments/supervision',
  'GET /api/certificates',
  'GET /api/certificates/tasks',
  'GET /api/certificates/authority-settings',
  'GET /api/certificates/fake-queries',
  'GET /api/admin/national-push',
  'GET /api/onboarding/org-applications',
] as const;
type Route = (typeof ROUTES)[number];

/** Where each role's account lives (ROLE_ORG_KIND), at the level its work is done. */
const HOME: Record<Role, { kind: OrgKind; regionCode: string } | null> = {
  province_regulator: { kind: 'regulator', regionCode: '510000' },
  city_regulator: { kind: 'regulator', regionCode: '510100' },
  county_regulator: { kind: 'regulator', regionCode: '510107' },
  issuing_authority: { kind: 'regulator', regionCode: '510100' },
  exam_centre_staff: { kind: 'exam_centre', regionCode: '510100' },
  examiner: { kind: 'exam_centre', regionCode: '510100' },
  institution_admin: { kind: 'institution', regionCode: '510107' },
  employer_admin: { kind: 'employer', regionCode: '510107' },
  worker: null,
  system_admin: { kind: 'platform', regionCode: '110000' },
};

/**
 * The expected status of each route for each role, derived from GRANTS in access.ts and the
 * services' scoping (":id" is a worker inside the role's scope; the body is valid).
 *  - regulators and organisations hold `workers`; those that register hold `workers.register`
 *    (not the examiner, not the worker, not the system administrator);
 *  - a worker's record is reached by scope, not permission: a worker reaches their own, the
 *    system administrator none (404, not 403: it is not theirs to know the record exists);
 *  - reveal (SEC-3): the person, any regulator in scope, the registering staff of the organisation
 *    that registered them (not its examiners);
 *  - organisations and accounts are created, reset and disabled by the system administrator only;
 *  - the audit trail (SEC-1): every regulator (its jurisdiction) and the system administrator;
 *  - syllabus hours (CAT-2, `catalog.manage`): the province regulator and the system administrator;
 *  - the catalogue is public reference data (no log-in), /auth/me answers anyone signed in;
 *  - the national push's dead letters (CER-2): the system administrator only.
 */
const ORGANISATION_ROW: Record<Route, number> = {
  'GET /api/workers': 200,
  'POST /api/workers': 201,
  'GET /api/workers/:id': 200,
  'GET /api/workers/:id/archive': 200,
  'POST /api/workers/:id/reveal': 200,
  'GET /api/organisations': 200,
  'POST /api/organisations': 403,
  'GET /api/users': 403,
  'POST /api/users': 403,
  'POST /api/users/:id/reset-password': 403,
  'POST /api/users/:id/disable': 403,
  'GET /api/audit': 403,
  'GET /api/audit/verify': 403,
  'GET /api/audit/checkpoints': 403,
  'PUT /api/catalog/items/1.2/hours': 403,
  'GET /api/catalog': 200,
  'GET /api/auth/me': 200,
  'GET /api/employments': 403,
  'GET /api/employments/supervision': 403,
  // Certificates are listed by scope (an organisation sees its employees' only), so the list answers everyone.
  'GET /api/certificates': 200,
  'GET /api/certificates/tasks': 403,
  'GET /api/certificates/authority-settings': 403,
  'GET /api/certificates/fake-queries': 403,
  'GET /api/admin/national-push': 403,
  'GET /api/onboarding/org-applications': 403,
};

// EMP-2/EMP-3: regulators read their jurisdiction's ledgers and overdue filings.
// CER-1/CER-5: regulators follow issuance tasks (overdue ones of their jurisdiction) and possible fakes.
const REGULATOR_ROW: Record<Route, number> = {
  ...ORGANISATION_ROW,
  'GET /api/audit': 200,
  'GET /api/audit/verify': 200,
  'GET /api/audit/checkpoints': 200,
  'GET /api/employments': 200,
  'GET /api/employments/supervision': 200,
  'GET /api/certificates/tasks': 200,
  'GET /api/certificates/fake-queries': 200,
};

const EXPECTED: Record<Role | 'anonymous', Record<Route, number>> = {
  // CAT-2: a province sets its hours in the settings module; the national row is the operator's.
  // Issue 22/SEC-2: organisations' applications are decided by the city (and the province) of their region.
  province_regulator: { ...REGULATOR_ROW, 'GET /api/onboarding/org-applications': 200 },
  city_regulator: { ...REGULATOR_ROW, 'GET /api/onboarding/org-applications': 200 },
  county_regulator: REGULATOR_ROW,
  // CER-1: only the issuing authority keeps the promised deadline and its working-day calendar.
  issuing_authority: { ...REGULATOR_ROW, 'GET /api/certificates/authority-settings': 200 },
  exam_centre_staff: ORGANISATION_ROW,
  // SEC-3: the examiner's centre registered the worker, but an examiner has no need of the full number.
  examiner: { ...ORGANISATION_ROW, 'POST /api/workers': 403, 'POST /api/workers/:id/reveal': 403 },
  institution_admin: ORGANISATION_ROW,
  // EMP-3: an employer keeps its own ledger; the regulators' overview is not its to read.
  employer_admin: { ...ORGANISATION_ROW, 'GET /api/employments': 200 },
  worker: {
    'GET /api/workers': 403,
    'POST /api/workers': 403,
    'GET /api/workers/:id': 200,
    'GET /api/workers/:id/archive': 200,
    'POST /api/workers/:id/reveal': 200,
    'GET /api/organisations': 403,
    'POST /api/organisations': 403,
    'GET /api/users': 403,
    'POST /api/users': 403,
    'POST /api/users/:id/reset-password': 403,
    'POST /api/users/:id/disable': 403,
    'GET /api/audit': 403,
    'GET /api/audit/verify': 403,
    'GET /api/audit/checkpoints': 403,
    'PUT /api/catalog/items/1.2/hours': 403,
    'GET /api/catalog': 200,
    'GET /api/auth/me': 200,
    'GET /api/employments': 403,
    'GET /api/employments/supervision': 403,
    'GET /api/certificates': 200,
    'GET /api/certificates/tasks': 403,
    'GET /api/certificates/authority-settings': 403,
    'GET /api/certificates/fake-queries': 403,
    'GET /api/admin/national-push': 403,
    'GET /api/onboarding/org-applications': 403,
  },
  system_admin: {
    'GET /api/workers': 403,
    'POST /api/workers': 403,
    'GET /api/workers/:id': 404,
    'GET /api/workers/:id/archive': 404,
    'POST /api/workers/:id/reveal': 404,
    'GET /api/organisations': 200,
    'POST /api/organisations': 201,
    'GET /api/users': 200,
    'POST /api/users': 201,
    // Issue 19 item 5: the administrator reaches the account routes; ":id" here is no account (404).
    'POST /api/users/:id/reset-password': 404,
    'POST /api/users/:id/disable': 404,
    'GET /api/audit': 200,
    'GET /api/audit/verify': 200,
    'GET /api/audit/checkpoints': 200,
    'PUT /api/catalog/items/1.2/hours': 200,
    'GET /api/catalog': 200,
    'GET /api/auth/me': 200,
    'GET /api/employments': 403,
    'GET /api/employments/supervision': 403,
    'GET /api/certificates': 200,
    'GET /api/certificates/tasks': 403,
    'GET /api/certificates/authority-settings': 403,
    'GET /api/certificates/fake-queries': 403,
    'GET /api/admin/national-push': 200,
    'GET /api/onboarding/org-applications': 403,
  },
  anonymous: Object.fromEntries(ROUTES.map((r) => [r, r === 'GET /api/catalog' ? 200 : 401])) as Record<Route, number>,
};

/** A signed-in user of `role` in its home organisation, and a worker inside its scope. */
async function subjectFor(role: Role) {
  const home = HOME[role];
  const org = home ? await makeOrg(p, home) : null;
  if (role === 'worker') {
    const worker = await workerIn('510107');
    const user = await makeUser(p, { role, workerId: worker.id });
    return { org, worker, client: await signIn(p, user.username) };
  }
  const user = await makeUser(p, { role, org });
  // Whoever may register does so; the examiner's colleague registers for the centre; the
  // system administrator has no worker in scope, so it is given someone else's.
  const registrar =
    role === 'examiner'
      ? (await makeUser(p, { role: 'exam_centre_staff', org })).actor
      : role === 'system_admin'
        ? await regulatorOf('510107')
        : user.actor;
  const worker = await workerIn('510107', registrar);
  return { org, worker, client: await signIn(p, user.username) };
}

function requestFor(route: Route, s: { org: Org | null; worker: { id: string } }): InjectOptions {
  const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT', string];
  const url = path.replace(':id', s.worker.id);
  const bodies: Partial<Record<Route, unknown>> = {
    'POST /api/workers': {
      name: uniqueName(),
      idNumber: makeIdNumber('1990-05-05'),
      education: 'senior_high',
      regionCode: '510107',
    },
    'POST /api/workers/:id/reveal': { field: 'idNumber' },
    'POST /api/organisations': { kind: 'exam_site', name: `矩阵考试点${uniqueName()}`, regionCode: '510107' },
    'POST /api/users': {
      username: `m${Date.now().toString(36)}${randomInt(1e6)}`,
      displayName: '矩阵测试',
      password: 'Matrix-pass-1',
      role: 'county_regulator',
      orgId: null,
    },
    'PUT /api/catalog/items/1.2/hours': { theoryHours: 80, practicalHours: 40, confirmed: false },
  };
  const body = bodies[route];
  if (route === 'POST /api/users') (body as { orgId: string | null }).orgId = s.org?.id ?? null;
  return { method, url, payload: body as InjectOptions['payload'] };
}

describe('SEC-2 access matrix: role × route', () => {
  it('SEC-2 the matrix names every role', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROLES, 'anonymous'].sort());
  });

  for (const role of ROLES) {
    it(`SEC-2 ${role} reaches exactly the routes its grants and scope allow`, async () => {
      const subject = await subjectFor(role);
      // POST /api/users needs a regulator organisation to attach the new county regulator to.
      const regulatorOrg = await makeOrg(p, { kind: 'regulator', regionCode: '510107' });
      const actual: Partial<Record<Route, number>> = {};
      for (const route of ROUTES) {
        const opts = requestFor(route, {
          org: route === 'POST /api/users' ? regulatorOrg : subject.org,
          worker: subject.worker,
        });
        const res = await subject.client.inject(opts);
        actual[route] = res.statusCode;
        if (res.statusCode >= 400)
          expect(res.headers['content-type'], `${role} ${route}`).toMatch(/^application\/problem\+json/);
      }
      expect(actual).toEqual(EXPECTED[role]);
    });
  }

  it('SEC-2 anonymous callers reach only the public catalogue', async () => {
    const regulator = await regulatorOf('510107');
    const worker = await workerIn('510107', regulator);
    const actual: Partial<Record<Route, number>> = {};
    for (const route of ROUTES) {
      const res = await p.app.inject(requestFor(route, { org: null, worker }));
      actual[route] = res.statusCode;
    }
    expect(actual).toEqual(EXPECTED.anonymous);
  });

  it('SEC-2 a refused write changes nothing', async () => {
    const { client } = await subjectFor('county_regulator');
    const name = `越权机构${uniqueName()}`;
    const res = await client.post('/api/organisations', { kind: 'exam_site', name, regionCode: '510107' });
    expect(res.statusCode).toBe(403);
    const admin = await subjectFor('system_admin');
    const list = await admin.client.get(`/api/organisations?q=${encodeURIComponent(name)}`);
    expect(list.json().total).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Jurisdictions and organisations

async function getStatus(client: Client, workerId: string): Promise<number> {
  return (await client.get(`/api/workers/${workerId}`)).statusCode;
}

async function threeSichuanWorkers() {
  const province = await regulatorOf('510000');
  return {
    wuhou: await workerIn('510107', province), // 成都市武侯区
    jinjiang: await workerIn('510104', province), // 成都市锦江区
    mianyang: await workerIn('510703', province), // 绵阳市涪城区
  };
}

async function regulatorClient(role: Role, regionCode: string): Promise<Client> {
  const user = await makeUser(p, { role, org: await makeOrg(p, { kind: 'regulator', regionCode }) });
  return signIn(p, user.username);
}

function expectNotFoundProblem(res: LightMyRequestResponse) {
  expect(res.statusCode).toBe(404);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json().detail).not.toMatch(/\d{6}/); // a refusal reveals nothing of the record
}

describe('SEC-2 jurisdiction: a regulator sees its region and nothing else', () => {
  it('SEC-2 a county regulator of 510107 sees a worker of 510107 but not of 510104 or 510703', async () => {
    const w = await threeSichuanWorkers();
    const county = await regulatorClient('county_regulator', '510107');
    expect(await getStatus(county, w.wuhou.id)).toBe(200);
    for (const other of [w.jinjiang, w.mianyang]) {
      expectNotFoundProblem(await county.get(`/api/workers/${other.id}`));
      expect((await county.get(`/api/workers/${other.id}/archive`)).statusCode).toBe(404);
      expect((await county.post(`/api/workers/${other.id}/reveal`, { field: 'idNumber' })).statusCode).toBe(404);
      expect(await visibleIds(county, other.name)).toEqual([]);
    }
    expect(await visibleIds(county, w.wuhou.name)).toEqual([w.wuhou.id]);
  });

  it('SEC-2 a city regulator of 510100 sees both Chengdu workers but not a Mianyang (510703) worker', async () => {
    const w = await threeSichuanWorkers();
    const city = await regulatorClient('city_regulator', '510100');
    expect(await getStatus(city, w.wuhou.id)).toBe(200);
    expect(await getStatus(city, w.jinjiang.id)).toBe(200);
    expectNotFoundProblem(await city.get(`/api/workers/${w.mianyang.id}`));
    expect((await city.get(`/api/workers/${w.mianyang.id}/archive`)).statusCode).toBe(404);
    expect(await visibleIds(city, w.jinjiang.name)).toEqual([w.jinjiang.id]);
    expect(await visibleIds(city, w.mianyang.name)).toEqual([]);
  });

  it('SEC-2 a province regulator of 510000 sees all three Sichuan workers but not a Beijing (110105) worker', async () => {
    const w = await threeSichuanWorkers();
    const beijing = await workerIn('110105');
    const province = await regulatorClient('province_regulator', '510000');
    for (const worker of [w.wuhou, w.jinjiang, w.mianyang]) expect(await getStatus(province, worker.id)).toBe(200);
    expectNotFoundProblem(await province.get(`/api/workers/${beijing.id}`));
    expect(await visibleIds(province, beijing.name)).toEqual([]);
    expect(await visibleIds(province, w.mianyang.name)).toEqual([w.mianyang.id]);
  });

  it('SEC-2 a city regulator searching the full ID number of a worker of another city finds nothing', async () => {
    const w = await threeSichuanWorkers();
    const city = await regulatorClient('city_regulator', '510100');
    const other = await city.get(`/api/workers?q=${w.mianyang.idNumber}`);
    expect(other.statusCode).toBe(200);
    expect(other.json()).toMatchObject({ total: 0, items: [] });
    const own = await city.get(`/api/workers?q=${w.jinjiang.idNumber}`);
    expect(own.json().total).toBe(1);
    expect(own.json().items[0].id).toBe(w.jinjiang.id);
  });

  it('SEC-2 a region filter cannot widen a regulator view beyond its jurisdiction', async () => {
    const w = await threeSichuanWorkers();
    const county = await regulatorClient('county_regulator', '510107');
    for (const regionCode of ['510000', '510100', '510703']) {
      const res = await county.get(`/api/workers?q=${encodeURIComponent(w.mianyang.name)}&regionCode=${regionCode}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBe(0);
    }
  });

  it('SEC-2 a county regulator cannot register a worker outside its county', async () => {
    const county = await regulatorClient('county_regulator', '510107');
    const res = await county.post('/api/workers', {
      name: uniqueName(),
      idNumber: makeIdNumber('1991-01-01'),
      education: 'senior_high',
      regionCode: '510104',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ type: 'urn:quanlian:problem:outside-jurisdiction', rule: 'SEC-2' });
  });

  it('SEC-2 a regulator lists only the organisations of its jurisdiction', async () => {
    const chengdu = await makeOrg(p, { kind: 'exam_site', regionCode: '510107' });
    const mianyang = await makeOrg(p, { kind: 'exam_site', regionCode: '510703' });
    const city = await regulatorClient('city_regulator', '510100');
    expect((await city.get(`/api/organisations/${chengdu.id}`)).statusCode).toBe(200);
    expectNotFoundProblem(await city.get(`/api/organisations/${mianyang.id}`));
    const list = await city.get(`/api/organisations?q=${encodeURIComponent(mianyang.name)}`);
    expect(list.json().total).toBe(0);
    const all = await city.get('/api/organisations?pageSize=200');
    for (const org of all.json().items as Array<{ regionCode: string }>)
      expect(org.regionCode.startsWith('5101')).toBe(true);
  });

  it('SEC-2 a province regulator reads the audit trail of its own province only', async () => {
    await workerIn('110105'); // leaves a Beijing audit record
    await workerIn('510703');
    const province = await regulatorClient('province_regulator', '510000');
    const res = await province.get('/api/audit?pageSize=200');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ regionCode: string | null }>;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.regionCode?.startsWith('51')).toBe(true);
  });
});

describe('SEC-2 organisations see the people linked to them', () => {
  for (const kind of ['institution', 'employer'] as const) {
    const role: Role = kind === 'institution' ? 'institution_admin' : 'employer_admin';
    it(`SEC-2 ${kind === 'institution' ? 'an institution' : 'an employer'} sees only the workers linked to it`, async () => {
      const orgA = await makeOrg(p, { kind, regionCode: '510107' });
      const orgB = await makeOrg(p, { kind, regionCode: '510107' });
      const userA = await makeUser(p, { role, org: orgA });
      const userB = await makeUser(p, { role, org: orgB });
      const ownWorker = await workerIn('510107', userA.actor);
      const otherWorker = await workerIn('510107', userB.actor);
      const unlinked = await workerIn('510107');
      const client = await signIn(p, userA.username);

      expect(await getStatus(client, ownWorker.id)).toBe(200);
      for (const w of [otherWorker, unlinked]) {
        expectNotFoundProblem(await client.get(`/api/workers/${w.id}`));
        expect((await client.get(`/api/workers/${w.id}/archive`)).statusCode).toBe(404);
        expect(await visibleIds(client, w.name)).toEqual([]);
        expect((await client.get(`/api/workers?q=${w.idNumber}`)).json().total).toBe(0);
      }
      expect(await visibleIds(client, ownWorker.name)).toEqual([ownWorker.id]);
      // Same county, same kind of organisation: the region does not widen an organisation's view.
      const all = (await client.get('/api/workers?pageSize=200')).json() as {
        items: Array<{ id: string }>;
        total: number;
      };
      expect(all.items.map((w) => w.id)).toEqual([ownWorker.id]);

      // REG-4: linking someone already registered needs both ID number and name; then they are visible.
      const wrongName = await client.post('/api/workers/link', { idNumber: otherWorker.idNumber, name: '王五' });
      expect(wrongName.statusCode).toBe(404);
      expect(await getStatus(client, otherWorker.id)).toBe(404);
      const linked = await client.post('/api/workers/link', { idNumber: otherWorker.idNumber, name: otherWorker.name });
      expect(linked.statusCode).toBe(200);
      expect(await getStatus(client, otherWorker.id)).toBe(200);
      expect(await getStatus(client, unlinked.id)).toBe(404);
    });
  }

  it('SEC-2 access from a registration ends with it: 90 days on, the institution reads a 404 until the person comes back', async () => {
    const school = await makeOrg(p, { kind: 'institution', regionCode: '510107' });
    const staff = await makeUser(p, { role: 'institution_admin', org: school });
    const person = await workerIn('510107', staff.actor);
    const now = p.clock.now();
    try {
      // Read through the service: signing in at a later clock would expire the other tests' sessions.
      p.clock.set(new Date(now.getTime() + 89 * 86_400_000));
      expect((await getWorker(p.ctx, staff.actor, person.id)).id).toBe(person.id);
      p.clock.set(new Date(now.getTime() + 91 * 86_400_000));
      await expect(getWorker(p.ctx, staff.actor, person.id)).rejects.toMatchObject({ status: 404 });
      await linkRegisteredWorker(p.ctx, staff.actor, { idNumber: person.idNumber, name: person.name });
      expect((await getWorker(p.ctx, staff.actor, person.id)).id).toBe(person.id);
    } finally {
      p.clock.set(now);
    }
  });

  it('SEC-2 an exam centre and its examiner see the candidates the centre registered, not others', async () => {
    const centre = await makeOrg(p, { kind: 'exam_centre', regionCode: '510100' });
    const staff = await makeUser(p, { role: 'exam_centre_staff', org: centre });
    const examiner = await makeUser(p, { role: 'examiner', org: centre });
    const candidate = await workerIn('510107', staff.actor);
    const stranger = await workerIn('510107');
    const client = await signIn(p, examiner.username);
    expect(await getStatus(client, candidate.id)).toBe(200);
    expectNotFoundProblem(await client.get(`/api/workers/${stranger.id}`));
  });

  it('SEC-2 a worker sees only themself; another worker is a 404 and the worker list is refused', async () => {
    const me = await workerIn('510107');
    const someoneElse = await workerIn('510107');
    const user = await makeUser(p, { role: 'worker', workerId: me.id });
    const client = await signIn(p, user.username);
    expect(await getStatus(client, me.id)).toBe(200);
    expect((await client.get(`/api/workers/${me.id}/archive`)).statusCode).toBe(200);
    const reveal = await client.post(`/api/workers/${me.id}/reveal`, { field: 'idNumber' });
    expect(reveal.json()).toEqual({ value: me.idNumber });
    expectNotFoundProblem(await client.get(`/api/workers/${someoneElse.id}`));
    expect((await client.get(`/api/workers/${someoneElse.id}/archive`)).statusCode).toBe(404);
    expect((await client.post(`/api/workers/${someoneElse.id}/reveal`, { field: 'idNumber' })).statusCode).toBe(404);
    expect((await client.get('/api/workers')).statusCode).toBe(403);
  });

  it('SEC-2 the system administrator sees no workers', async () => {
    const worker = await workerIn('510107');
    const admin = await makeUser(p, {
      role: 'system_admin',
      org: await makeOrg(p, { kind: 'platform', regionCode: '110000' }),
    });
    const client = await signIn(p, admin.username);
    const list = await client.get('/api/workers');
    expect(list.statusCode).toBe(403);
    expect(list.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await client.get(`/api/workers/${worker.id}`)).statusCode).toBe(404);
    expect((await client.get(`/api/workers?q=${worker.idNumber}`)).statusCode).toBe(403);
  });

  it('SEC-3 a regulator in scope sees masked numbers until it reveals, and the reveal is audited', async () => {
    const worker = await workerIn('510107');
    const city = await regulatorClient('city_regulator', '510100');
    const detail = await city.get(`/api/workers/${worker.id}`);
    expect(detail.json().idNumber).not.toBe(worker.idNumber);
    expect(detail.json().idNumber).toMatch(/^510107\*+\d{3}[\dX]$/);
    const reveal = await city.post(`/api/workers/${worker.id}/reveal`, { field: 'idNumber' });
    expect(reveal.json()).toEqual({ value: worker.idNumber });
    const admin = await makeUser(p, {
      role: 'system_admin',
      org: await makeOrg(p, { kind: 'platform', regionCode: '110000' }),
    });
    const audit = await (await signIn(p, admin.username)).get('/api/audit?pageSize=50');
    expect(audit.json().items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'worker.reveal_id_number',
          actionLabel: '查看完整身份证号',
          entityTypeLabel: '人员',
          entityId: worker.id,
        }),
      ]),
    );
  });
});

describe('SEC-2 access from a relationship lasts as long as the relationship (issue 21)', () => {
  /** A centre's exam site through the EXM-1 chain, as the centre's staff apply for it. */
  it('SEC-2 a finding photo of a centre site: the inspecting regulator and the staff who rectify open it; an examiner of that centre and another city do not', async () => {
    const { centre, staff, siteId } = await filedSiteOf(p, '511602', { name: `511602考试点${uniqueName()}` });
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '511600' });
    const inspection = (
      await city.client.post('/api/inspections', { targetKind: 'exam_site', targetId: siteId })
    ).json();
    const photo = (
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a44' } })
        .jpeg()
        .toBuffer()
    ).toString('base64');
    const finding = await city.client.post(`/api/inspections/${inspection.id}/findings`, {
      checklistItemId: 'site.video',
      description: '3 号考场录像缺失',
      legalBasis: '《特种作业人员安全技术培训考核管理规定》',
      deadline: '2026-11-30',
      responsiblePerson: '考点负责人',
      photos: [photo],
    });
    expect(finding.statusCode, finding.body).toBe(201);
    const url = `/api/findings/${finding.json().id}/photos/${finding.json().photoIds[0]}`;
    expect((await city.client.get(url)).statusCode).toBe(200);
    expect((await staff.get(url)).statusCode).toBe(200);
    const examiner = await signIn(p, (await makeUser(p, { role: 'examiner', org: centre })).username);
    expect((await examiner.get(url)).statusCode).toBe(403);
    const otherCity = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    expect([403, 404]).toContain((await otherCity.client.get(url)).statusCode);
  });

  it('SEC-2 an institution reads a session while it is open to booking, never who examines it; once it is past and it has no candidate there, a 404', async () => {
    const { staff, siteId } = await filedSiteOf(p, '510107', { name: `510107考试点${uniqueName()}` });
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    const plan = await staff.post('/api/exams/plans', {
      title: '访问矩阵考试计划',
      regulatorOrgId: city.org!.id,
      lines: [{ siteId, itemCode: '1.2', date: '2026-11-26', capacity: 10 }],
    });
    expect(plan.statusCode, plan.body).toBe(201);
    expect((await city.client.post(`/api/exams/plans/${plan.json().id}/decision`, { approve: true })).statusCode).toBe(
      200,
    );
    const session = await staff.post('/api/exams/sessions', { planId: plan.json().id, line: 0, startTime: '09:00' });
    expect(session.statusCode, session.body).toBe(201);
    const school = await signedInAs(p, 'institution_admin', { kind: 'institution', regionCode: '510104' });
    const open = await school.client.get(`/api/exams/sessions/${session.json().id}`);
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json().session).not.toHaveProperty('chiefExaminerStaffId');
    const now = p.clock.now();
    try {
      // Past: read through the service (signing in at a later clock would end the file's other sessions).
      p.clock.set(new Date('2026-12-20T02:00:00Z'));
      await expect(getSessionRoster(p.ctx, school.actor, session.json().id)).rejects.toMatchObject({ status: 404 });
    } finally {
      p.clock.set(now);
    }
  });
});

describe('issue 21: permission before business rule', () => {
  it('SEC-2 a worker posting an inspection finding is refused 403 before SUP-2 judges its deadline', async () => {
    const me = await workerIn('510107');
    const user = await makeUser(p, { role: 'worker', workerId: me.id });
    const client = await signIn(p, user.username);
    const res = await client.post('/api/inspections/00000000-0000-4000-8000-000000000000/findings', {
      description: '未持证上岗',
      legalBasis: '《特种作业人员安全技术培训考核管理规定》',
      deadline: '2020-01-01',
      responsiblePerson: '张三',
      photos: [],
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
