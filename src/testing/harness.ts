// The platform as a test sees it: its own database, a settable clock, the real app, factories.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import type { Database } from '../db/index.js';
import { rowsOf } from '../db/read.js';
import type { Actor, OrgKind, Role } from '../kernel/access.js';
import { FixedClock } from '../kernel/clock.js';
import type { AppContext } from '../kernel/context.js';
import { generateCreditCode, generateResidentIdNumber } from '../kernel/ids.js';
import { createUser } from '../modules/accounts/index.js';
import { createOrganisation } from '../modules/organisations/index.js';
import { carryOverCentreFiling } from '../modules/exams/index.js';
import { registerWorker } from '../modules/registry/index.js';
import type { NewWorker } from '../modules/registry/service.js';
import { makeContext } from '../platform.js';
import { createTestDatabase } from './database.js';
import type { SQL } from 'drizzle-orm';

export const TEST_PASSWORD = 'Test-pass-2026';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: os.tmpdir(),
    secret: randomBytes(32),
    session: { idleMinutes: 30, absoluteHours: 12, secureCookie: false },
    login: { maxFailures: 5, lockoutMinutes: 15 },
    seedDemo: false,
    platformRegionCode: '510000',
    logLevel: 'silent',
    // CI runs the crypto-relevant files again with CRYPTO_PROFILE=gm (.ci/run).
    cryptoProfile: process.env.CRYPTO_PROFILE === 'gm' ? 'gm' : 'international',
    // Still argon2id, at its lowest cost: a run hashes thousands of passwords (SEC-2's cost is checked
    // on the production default in accounts.test.ts).
    passwordHashCost: { memoryCost: 1024, timeCost: 1 },
    ...overrides,
  };
}

export interface TestPlatform {
  database: Database;
  ctx: AppContext;
  clock: FixedClock;
  app: Awaited<ReturnType<typeof buildApp>>;
  close(): Promise<void>;
}

export async function startTestPlatform(config: Config = testConfig()): Promise<TestPlatform> {
  const database = await createTestDatabase();
  const clock = new FixedClock(new Date('2026-11-23T02:00:00Z'));
  const ctx = makeContext(database, config, clock);
  const app = await buildApp(ctx);
  await app.ready();
  return {
    database,
    ctx,
    clock,
    app,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

let serial = 0;
const unique = () => `${Date.now().toString(36).slice(-4)}${(serial += 1)}${randomBytes(2).toString('hex')}`;

/**
 * An organisation of a kind. An exam centre is filed (EXM-1) as the migration files the centres that
 * existed before centres were filed — on its creation day — unless `unfiled`: a test of the centre's
 * own filing chain starts from an unfiled one.
 */
export async function makeOrg(
  p: TestPlatform,
  o: { kind: OrgKind; regionCode: string; name?: string; unfiled?: boolean },
) {
  const needsCredit = o.kind === 'institution' || o.kind === 'employer';
  const org = await createOrganisation(p.ctx, null, {
    kind: o.kind,
    name: o.name ?? `测试${o.kind}${unique()}`,
    regionCode: o.regionCode,
    creditCode: needsCredit
      ? generateCreditCode(o.regionCode, Math.floor(Math.random() * 89_999_999) + 10_000_000)
      : undefined,
  });
  if (o.kind === 'exam_centre' && !o.unfiled)
    await carryOverCentreFiling(p.ctx.db, { ...org, createdAt: p.ctx.clock.now() });
  return org;
}

export async function makeUser(
  p: TestPlatform,
  o: { role: Role; org?: Awaited<ReturnType<typeof makeOrg>> | null; workerId?: string },
) {
  const username = `u${unique()}`.toLowerCase();
  const user = await createUser(p.ctx, null, {
    username,
    displayName: `用户${username}`,
    password: TEST_PASSWORD,
    role: o.role,
    orgId: o.org?.id ?? null,
    workerId: o.workerId ?? null,
  });
  const actor: Actor = {
    userId: user.id,
    username,
    displayName: user.displayName,
    role: o.role,
    orgId: o.org?.id ?? null,
    orgKind: o.org?.kind ?? null,
    orgName: o.org?.name ?? null,
    regionCode: o.org?.regionCode ?? null,
    workerId: o.workerId ?? null,
  };
  return { username, password: TEST_PASSWORD, actor, user };
}

/** The platform operator, who keeps the catalogue's national baseline (CAT-2 national syllabus hours). */
export async function platformOperator(p: TestPlatform): Promise<Actor> {
  return (
    await makeUser(p, { role: 'system_admin', org: await makeOrg(p, { kind: 'platform', regionCode: '110000' }) })
  ).actor;
}

let idSequence = 1;
/** A valid, unique ID number for a person born on `birthDate` (odd sequence = male). */
export function makeIdNumber(birthDate = '1985-06-15', gender: 'male' | 'female' = 'male', region = '510107'): string {
  idSequence += 2;
  // idSequence is odd: keep it for men, add one for women (GB 11643: odd = male).
  return generateResidentIdNumber(region, birthDate, (idSequence + (gender === 'female' ? 1 : 0)) % 1000);
}

export async function makeWorker(p: TestPlatform, actor: Actor, overrides: Partial<NewWorker> = {}) {
  return registerWorker(p.ctx, actor, {
    name: '张三',
    idNumber: makeIdNumber(),
    education: 'senior_high',
    regionCode:
      actor.regionCode && actor.regionCode.length === 6 && !actor.regionCode.endsWith('00')
        ? actor.regionCode
        : '510107',
    ...overrides,
  });
}

export interface Client {
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  cookie: string;
  csrfToken: string;
}

/** Logs in through the API and returns a client that sends the session cookie and CSRF token. */
export async function signIn(p: TestPlatform, username: string, password = TEST_PASSWORD): Promise<Client> {
  // Each client its own address, as real users have, so the per-address login rate limit does not trip.
  const remoteAddress = `10.${serial % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
  const res = await p.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress,
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrfToken = res.json().csrfToken as string;
  const inject = (opts: InjectOptions) =>
    p.app.inject({ remoteAddress, ...opts, headers: { cookie, 'x-csrf-token': csrfToken, ...opts.headers } });
  return {
    cookie,
    csrfToken,
    inject,
    get: (url) => inject({ method: 'GET', url }),
    post: (url, body) => inject({ method: 'POST', url, payload: body as InjectOptions['payload'] }),
    put: (url, body) => inject({ method: 'PUT', url, payload: body as InjectOptions['payload'] }),
  };
}

/** An organisation of `kind` in `regionCode`, a user of `role` in it, and a signed-in client. */
export async function signedInAs(
  p: TestPlatform,
  role: Role,
  o: { kind: OrgKind; regionCode: string; name?: string; unfiled?: boolean } | null,
) {
  const org = o ? await makeOrg(p, o) : null;
  const user = await makeUser(p, { role, org });
  return { org, ...user, client: await signIn(p, user.username) };
}

/** Rows of a raw SQL query, for a test that checks what is stored (the same on PGlite and PostgreSQL). */
export async function queryRows<T = Record<string, unknown>>(p: TestPlatform, query: SQL): Promise<T[]> {
  return rowsOf<T>(p.ctx.db, query);
}
