// Issue 23 on a real streaming replica (scripts/replica-cluster.sh): public verification (CER-3), the
// public lists and the dashboards read the replica; a replica behind by more than the bound is left
// for the primary and the answer says so; a revocation on the primary shows on /verify within 1 s.
// Needs TEST_DATABASE_URL (the primary, port 5432) and TEST_REPLICA_URL (the replica, e.g.
// postgres://postgres@127.0.0.1:5433/postgres): the harness creates this file's database on the
// primary and physical replication brings it to the replica under the same name.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContext, readDb } from '../kernel/context.js';
import { createOrganisation } from '../modules/organisations/index.js';
import { signedInAs, startTestPlatform, testConfig, type TestPlatform } from '../testing/harness.js';
import { openPostgres, type Database } from './index.js';
import { rowsOf } from './read.js';
import { lagFromSamples, ReadReplica } from './replica.js';

const REPLICA_URL = process.env.TEST_REPLICA_URL;
// What the certificate service does in the transaction of every certificate write (touchRegister).
const bumpRegister = sql`insert into certificate_register_version (id, version) values (1, 1)
  on conflict (id) do update set version = certificate_register_version.version + 1`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('issue 23: replica lag from WAL positions', () => {
  it('a replica that holds the latest primary position is not behind; one short of it is as old as the last position it holds', () => {
    const samples = [
      { lsn: 100, at: 1_000 },
      { lsn: 200, at: 1_200 },
      { lsn: 300, at: 1_400 },
    ];
    expect(lagFromSamples(samples, 300, 1_401)).toBe(1);
    expect(lagFromSamples(samples, 250, 1_401)).toBe(201);
    expect(lagFromSamples(samples, 50, 1_401)).toBe(Number.POSITIVE_INFINITY);
    // An idle primary: the position does not move, so neither does the lag (unlike replay timestamps).
    expect(lagFromSamples([...samples, { lsn: 300, at: 9_000 }], 300, 9_001)).toBe(1);
    // Short of the latest sample: the age of the last replayed commit bounds the lag too; the smaller wins.
    expect(lagFromSamples(samples, 250, 1_401, 30)).toBe(30);
    expect(lagFromSamples(samples, 250, 1_401, 5_000)).toBe(201);
    expect(lagFromSamples(samples, 50, 1_401, 800)).toBe(800);
    // Caught up: an old last commit (an idle primary) does not count.
    expect(lagFromSamples(samples, 300, 1_401, 60_000)).toBe(1);
  });
});

describe.skipIf(!REPLICA_URL || !process.env.TEST_DATABASE_URL)('issue 23: reads from a streaming replica', () => {
  let p: TestPlatform;
  let replicaDatabase: Database;
  let authority: { id: string; name: string };
  let serial = 0;

  /** The router over this file's replica connection with a lag bound of `maxLagMs`. */
  const routeReadsToReplica = (maxLagMs: number) => {
    p.ctx.replica = new ReadReplica(replicaDatabase, p.ctx.db, maxLagMs);
    return p.ctx.replica;
  };
  const replicaSql = (q: ReturnType<typeof sql>) => rowsOf(replicaDatabase.db, q);

  /** A certificate written on the primary as the issuing service writes it (row and register version together). */
  async function certificateOnPrimary(): Promise<{ number: string; name: string }> {
    serial += 1;
    const number = `R5101071980${String(serial).padStart(7, '0')}X`;
    const name = `备库${serial}`;
    await p.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into certificates (number, item_code, item_name, category_code, category_name, worker_id, holder_name,
          id_number_masked, region_code, authority_org_id, authority_name, issued_on, valid_from, valid_until,
          next_review_due, review_interval_years, state, changed_at, created_at)
        values (${number}, '1.2', '低压电工作业', '1', '电工作业', gen_random_uuid(), ${name}, '510107********000X', '510107',
          ${authority.id}::uuid, ${authority.name}, date '2025-01-01', date '2025-01-01', date '2031-01-01',
          date '2028-01-01', 3, 'active', now(), now())`);
      await tx.execute(bumpRegister);
    });
    return { number, name };
  }

  /** CER-3: revoked on the primary — by another instance, so this process's caches learn it only from the database. */
  async function revokeOnPrimary(number: string) {
    await p.ctx.db.transaction(async (tx) => {
      await tx.execute(
        sql`update certificates set state = 'revoked', revoked_at = now(), changed_at = now() where number = ${number}`,
      );
      await tx.execute(bumpRegister);
    });
  }

  const verify = async (c: { number: string; name: string }) =>
    (
      await p.app.inject({
        method: 'GET',
        url: `/api/public/certificates/verify?number=${c.number}&name=${encodeURIComponent(c.name)}`,
        remoteAddress: '198.51.100.123',
      })
    ).json() as { status: string; readFrom?: string };

  /** Polls `probe` until `done` holds (or `ms` pass); returns the last value and the time it took. */
  async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, ms = 5_000) {
    const started = performance.now();
    let value = await probe();
    while (!done(value) && performance.now() - started < ms) {
      await sleep(20);
      value = await probe();
    }
    return { value, elapsed: performance.now() - started };
  }

  beforeAll(async () => {
    p = await startTestPlatform(testConfig({ verifyRatePerMinute: 1_000_000 }));
    const [{ name }] = await rowsOf<{ name: string }>(p.ctx.db, sql`select current_database() as name`);
    const url = new URL(REPLICA_URL!);
    url.pathname = `/${name}`;
    // The harness's CREATE DATABASE reaches the replica when it is replayed: wait for it there.
    for (let i = 0; ; i += 1) {
      try {
        replicaDatabase = await openPostgres(url.toString());
        break;
      } catch (err) {
        if (i > 100) throw err;
        await sleep(100);
      }
    }
    await replicaSql(sql`select pg_wal_replay_resume()`);
    authority = await createOrganisation(p.ctx, null, {
      kind: 'regulator',
      name: '成都市应急管理局',
      regionCode: '510100',
    });
  }, 60_000);

  afterAll(async () => {
    if (replicaDatabase) {
      await replicaSql(sql`select pg_wal_replay_resume()`).catch(() => {});
      await replicaDatabase.close();
    }
    p.ctx.replica = undefined;
    await p?.close();
  });

  it('issue 23 CER-3 SUP-7 ANA-3: verification, the public lists and the dashboards read the replica', async () => {
    routeReadsToReplica(60_000);
    const { db, readFrom } = await readDb(p.ctx);
    expect(readFrom).toBe('replica');
    expect((await rowsOf<{ r: boolean }>(db, sql`select pg_is_in_recovery() as r`))[0].r).toBe(true);
    expect((await rowsOf<{ r: boolean }>(p.ctx.db, sql`select pg_is_in_recovery() as r`))[0].r).toBe(false);

    // Replay paused (within the generous bound): what the primary has just written is not yet visible
    // on /verify or the public list — they read the replica — and is once replay resumes.
    await replicaSql(sql`select pg_wal_replay_pause()`);
    const c = await certificateOnPrimary();
    const siteId = crypto.randomUUID();
    await p.ctx.db.execute(
      sql`insert into exam_site_ratings (site_id, region_code, year, grade, points, published_at) values (${siteId}, '510107', 2026, 'A', 95, now())`,
    );
    const listed = async () =>
      (await p.app.inject({ method: 'GET', url: '/api/public/exam-site-ratings' }))
        .json()
        .items.some((r: { siteId: string }) => r.siteId === siteId);
    expect(await verify(c)).toMatchObject({ status: 'not_found', readFrom: 'replica' });
    expect(await listed()).toBe(false);
    await replicaSql(sql`select pg_wal_replay_resume()`);
    expect(
      (
        await until(
          () => verify(c),
          (a) => a.status === 'valid',
        )
      ).value,
    ).toMatchObject({ readFrom: 'replica' });
    expect((await until(listed, (v) => v)).value).toBe(true);

    // The dashboards run on the replica (a write there would fail: it is read-only).
    const city = await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' });
    expect((await readContext(p.ctx)).readFrom).toBe('replica');
    expect((await city.client.get('/api/analytics/dashboard')).statusCode).toBe(200);
    expect((await city.client.get('/api/analytics/campaign?from=2026-01-01&to=2026-12-31')).statusCode).toBe(200);
  });

  it('issue 23 CER-3: a replica behind by more than the bound is left for the primary, and the answer says so', async () => {
    const replica = routeReadsToReplica(300);
    const c = await certificateOnPrimary();
    expect(
      (
        await until(
          () => verify(c),
          (a) => a.status === 'valid' && a.readFrom === 'replica',
        )
      ).value.readFrom,
    ).toBe('replica');
    await replicaSql(sql`select pg_wal_replay_pause()`);
    try {
      await revokeOnPrimary(c.number);
      // The replica still says valid until its lag passes the bound; then the primary answers: revoked.
      const { value, elapsed } = await until(
        () => verify(c),
        (a) => a.readFrom === 'primary',
      );
      expect(value).toMatchObject({ status: 'revoked', readFrom: 'primary' });
      const lag = await replica.lag();
      expect(lag.withinBound).toBe(false);
      expect(lag.lagMs).toBeGreaterThan(300);
      console.log(`replica paused: answers moved to the primary after ${Math.round(elapsed)} ms (bound 300 ms)`);
    } finally {
      await replicaSql(sql`select pg_wal_replay_resume()`);
    }
    const back = await until(
      () => verify(c),
      (a) => a.readFrom === 'replica',
    );
    expect(back.value).toMatchObject({ status: 'revoked', readFrom: 'replica' });
  });

  it('issue 23 CER-3: a revocation written on the primary is answered as revoked by /verify on the replica within 1 s', async () => {
    const replica = routeReadsToReplica(300);
    const times: number[] = [];
    const lags: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const c = await certificateOnPrimary();
      // Valid, and held in the replica's register cache (a new router reads the primary until it has a lag figure).
      expect(
        (
          await until(
            () => verify(c),
            (a) => a.status === 'valid' && a.readFrom === 'replica',
          )
        ).value.readFrom,
      ).toBe('replica');
      expect(await verify(c)).toMatchObject({ status: 'valid', readFrom: 'replica' });
      await revokeOnPrimary(c.number);
      const { value, elapsed } = await until(
        () => verify(c),
        (a) => a.status === 'revoked',
      );
      expect(value).toMatchObject({ status: 'revoked', readFrom: 'replica' });
      expect(elapsed).toBeLessThan(1_000);
      times.push(elapsed);
      lags.push((await replica.lag()).lagMs);
    }
    console.log(
      `revocation on the replica: ${times.map((t) => Math.round(t)).join(', ')} ms; lag samples ${lags.map((l) => Math.round(l)).join(', ')} ms`,
    );
  });
});
