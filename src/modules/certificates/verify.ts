// CER-3, CER-5: public verification by number and name or by the signed token, and the record of
// queries that found nothing (possible fakes) for regulators. The valid path is one indexed
// look-up, served from the process's register cache when it holds the number (register-cache.ts),
// outside any transaction, and writes nothing; every miss is still recorded.
import { and, desc, eq, isNull, like, or, sql } from 'drizzle-orm';
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import { readDb, type AppContext } from '../../kernel/context.js';
import type { ReadFrom } from '../../db/replica.js';
import { forbidden, Problem } from '../../kernel/problem.js';
import { isKnownRegion, regionLevel } from '../../kernel/regions.js';
import { InvalidCredential, verifyCredential } from './credentials.js';
import { idNumberOfCertificate, maskName, pickForVerifier, publicStatus, type VerifyAnswer } from './rules.js';
import { registerCache } from './register-cache.js';
import { tallyVerification } from './verify-tally.js';
import { recordRegisterCache, recordVerification } from '../../kernel/metrics.js';
import { ORIGIN_LABELS } from './legacy.js';
import { certificates, verificationMisses } from './schema.js';
import { nationalQueryEnabled } from './national-query/lookup.js';
import { verifyNationally } from './national-query/verify.js';

export interface Client {
  ip: string;
  userAgent: string;
}

const NOT_FOUND: VerifyAnswer = {
  status: 'not_found',
  number: null,
  itemCode: null,
  itemName: null,
  authorityName: null,
  validFrom: null,
  validUntil: null,
  nextReviewDue: null,
  holderName: null,
  idNumber: null,
};

type Row = Pick<
  typeof certificates.$inferSelect,
  | 'number'
  | 'itemCode'
  | 'itemName'
  | 'authorityName'
  | 'validFrom'
  | 'validUntil'
  | 'nextReviewDue'
  | 'holderName'
  | 'idNumberMasked'
  | 'state'
  | 'issuedOn'
  | 'regionCode'
  | 'origin'
>;

const columns = {
  number: certificates.number,
  itemCode: certificates.itemCode,
  itemName: certificates.itemName,
  authorityName: certificates.authorityName,
  validFrom: certificates.validFrom,
  validUntil: certificates.validUntil,
  nextReviewDue: certificates.nextReviewDue,
  holderName: certificates.holderName,
  idNumberMasked: certificates.idNumberMasked,
  state: certificates.state,
  issuedOn: certificates.issuedOn,
  regionCode: certificates.regionCode,
  origin: certificates.origin,
};

/** The answer for a found certificate, counted for ANA-3's verification traffic (misses are in verificationMisses). */
function answer(ctx: AppContext, row: Row, today: string): VerifyAnswer {
  const status = publicStatus(row, today);
  tallyVerification(ctx.db, today, row.regionCode, status);
  recordVerification(true, status);
  return {
    status,
    number: row.number,
    itemCode: row.itemCode,
    itemName: row.itemName,
    authorityName: row.authorityName,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    nextReviewDue: row.nextReviewDue,
    holderName: maskName(row.holderName),
    idNumber: row.idNumberMasked,
    origin: row.origin,
    originLabel: ORIGIN_LABELS[row.origin],
  };
}

function missRegion(number: string): string | null {
  const id = idNumberOfCertificate(number);
  const county = id?.slice(0, 6);
  return county && isKnownRegion(county) ? county : null;
}

async function recordMiss(
  ctx: AppContext,
  client: Client,
  m: { number: string; name: string; reason: 'no_such_number' | 'wrong_name' | 'bad_token' },
) {
  recordVerification(false, m.reason);
  await ctx.db.insert(verificationMisses).values({
    number: m.number.slice(0, 40),
    nameMasked: maskName(m.name).slice(0, 20),
    reason: m.reason,
    regionCode: missRegion(m.number),
    clientIp: client.ip.slice(0, 64),
    userAgent: client.userAgent.slice(0, 300),
    at: ctx.clock.now(),
  });
}

// The look-up as a named prepared statement (PostgreSQL parses and plans it once per connection;
// Drizzle builds its SQL once per process), and batched: the numbers asked for while the event loop
// turns once go to the database together (`number = any($1)`), so a burst of verifications costs a
// few round trips instead of one each. A batch holds at most MAX_BATCH numbers.
const MAX_BATCH = 256;
type Lookup = { execute(values: { numbers: string[] }): Promise<(Row & { number: string })[]> };
interface Batcher {
  query: Lookup;
  pending: Map<string, Array<{ resolve: (rows: Row[]) => void; reject: (err: unknown) => void }>>;
  scheduled: boolean;
}
const batchers = new WeakMap<object, Batcher>();

function batcherFor(db: AppContext['db']): Batcher {
  let b = batchers.get(db);
  if (!b) {
    const query = db
      .select(columns)
      .from(certificates)
      .where(sql`${certificates.number} = any(${sql.placeholder('numbers')}::text[])`)
      .prepare('certificates_verify_by_numbers') as unknown as Lookup;
    batchers.set(db, (b = { query, pending: new Map(), scheduled: false }));
  }
  return b;
}

function flush(b: Batcher) {
  b.scheduled = false;
  while (b.pending.size) {
    const batch = [...b.pending].slice(0, MAX_BATCH);
    for (const [number] of batch) b.pending.delete(number);
    b.query.execute({ numbers: batch.map(([number]) => number) }).then(
      (rows) => {
        const byNumber = new Map<string, Row[]>();
        for (const r of rows) byNumber.set(r.number, [...(byNumber.get(r.number) ?? []), r]);
        for (const [number, waiters] of batch) for (const w of waiters) w.resolve(byNumber.get(number) ?? []);
      },
      (err: unknown) => {
        for (const [, waiters] of batch) for (const w of waiters) w.reject(err);
      },
    );
  }
}

function lookUp(db: AppContext['db'], number: string): Promise<Row[]> {
  const b = batcherFor(db);
  return new Promise((resolve, reject) => {
    const waiters = b.pending.get(number);
    if (waiters) waiters.push({ resolve, reject });
    else b.pending.set(number, [{ resolve, reject }]);
    if (!b.scheduled) {
      b.scheduled = true;
      setImmediate(() => flush(b));
    }
  });
}

const replicaEpochs = new WeakMap<object, number>();

/**
 * Every certificate under a number (all items), from the cache or the batched indexed query. Issue 23:
 * read from the replica while it is close behind (else the primary). Each handle has its own cache,
 * checked against the version row as that server sees it, so a replica's cache holds the replica's
 * rows and drops them when the replayed version moves — a revocation on the primary shows here within
 * the replica's lag plus VERSION_CHECK_MS.
 */
async function rowsUnder(ctx: AppContext, number: string): Promise<{ rows: Row[]; readFrom: ReadFrom }> {
  const { db, readFrom, epoch } = await readDb(ctx);
  const cache = registerCache<Row[]>(db);
  // Back on the replica after it was behind: what its cache last checked may be older than the bound allows.
  if (readFrom === 'replica' && replicaEpochs.get(db) !== epoch) {
    cache.invalidate();
    replicaEpochs.set(db, epoch);
  }
  await cache.fresh();
  const cached = cache.get(number);
  recordRegisterCache(cached !== undefined);
  if (cached) return { rows: cached, readFrom };
  // Taken before the read is queued: a read that began before a change never lands in the cache after it.
  const stamp = cache.stamp;
  const rows = await lookUp(db, number);
  cache.set(number, rows, stamp);
  return { rows, readFrom };
}

/** Issue 23: with a replica configured, the answer says which server it was read from. */
function withSource(ctx: AppContext, a: VerifyAnswer, readFrom: ReadFrom): VerifyAnswer {
  return ctx.replica ? { ...a, readFrom } : a;
}

/** CER-3: a wrong name answers exactly as a number that does not exist. */
export async function verifyByNumber(
  ctx: AppContext,
  client: Client,
  q: { number: string; name: string; itemCode?: string },
): Promise<VerifyAnswer> {
  const number = q.number.trim().toUpperCase();
  const name = q.name.trim();
  const today = chinaDate(ctx.clock.now());
  const under = await rowsUnder(ctx, number);
  const rows = under.rows.filter((r) => !q.itemCode || r.itemCode === q.itemCode);
  const named = rows.filter((r) => r.holderName === name);
  // CER-3 inbound: a number the platform does not hold may be a certificate of another province or
  // from before the platform; the national query platform is asked before calling it not found.
  if (!rows.length && nationalQueryEnabled(ctx)) {
    const national = await verifyNationally(ctx, { number, name, itemCode: q.itemCode });
    if (national.status === 'not_found') await recordMiss(ctx, client, { number, name, reason: 'no_such_number' });
    else recordVerification(true, `national_${national.status}`);
    return withSource(ctx, national, under.readFrom);
  }
  if (!named.length) {
    await recordMiss(ctx, client, { number, name, reason: rows.length ? 'wrong_name' : 'no_such_number' });
    return withSource(ctx, NOT_FOUND, under.readFrom);
  }
  const best = pickForVerifier(named.map((r) => ({ ...r, status: publicStatus(r, today) })))!;
  return withSource(ctx, answer(ctx, best, today), under.readFrom);
}

/** CER-3: a scanned token; a token that does not verify against our keys is a 400 and is recorded (CER-5). */
export async function verifyByToken(ctx: AppContext, client: Client, token: string): Promise<VerifyAnswer> {
  let vc: Awaited<ReturnType<typeof verifyCredential>>;
  try {
    vc = await verifyCredential(ctx.db, token);
  } catch (err) {
    if (!(err instanceof InvalidCredential)) throw err;
    await recordMiss(ctx, client, { number: '(签名无效的凭证)', name: '', reason: 'bad_token' });
    throw new Problem(
      400,
      'credential-invalid',
      '电子证书签名无效',
      '该二维码中的电子证书未通过签名验证：可能被篡改或并非本平台签发。请核对实体证书或按证号和姓名查询。',
      { rule: 'CER-3' },
    );
  }
  const id = typeof vc.id === 'string' ? vc.id.replace(/^urn:uuid:/, '') : '';
  const { db, readFrom } = await readDb(ctx);
  const [row] = /^[0-9a-f-]{36}$/.test(id)
    ? await db.select(columns).from(certificates).where(eq(certificates.id, id))
    : [];
  return withSource(ctx, row ? answer(ctx, row, chinaDate(ctx.clock.now())) : NOT_FOUND, readFrom);
}

/** CER-5: possible fakes in the regulator's jurisdiction (the province also sees numbers of no known region). */
export async function fakeQueryReport(ctx: AppContext, actor: Actor, f: { days: number }) {
  requirePermission(actor, 'certificates.fakes');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix || !actor.regionCode) throw forbidden();
  const since = new Date(ctx.clock.now().getTime() - f.days * 86_400_000);
  const scope =
    regionLevel(actor.regionCode) === 'province'
      ? or(like(verificationMisses.regionCode, `${prefix}%`), isNull(verificationMisses.regionCode))
      : like(verificationMisses.regionCode, `${prefix}%`);
  const where = and(scope, sql`${verificationMisses.at} >= ${since}`);
  const [byNumber, bySource, recent] = await Promise.all([
    ctx.db
      .select({
        number: verificationMisses.number,
        count: sql<number>`count(*)::int`,
        sources: sql<number>`count(distinct ${verificationMisses.clientIp})::int`,
        last: sql<string>`max(${verificationMisses.at})`,
      })
      .from(verificationMisses)
      .where(where)
      .groupBy(verificationMisses.number)
      .orderBy(desc(sql`count(*)`))
      .limit(100),
    ctx.db
      .select({
        clientIp: verificationMisses.clientIp,
        count: sql<number>`count(*)::int`,
        numbers: sql<number>`count(distinct ${verificationMisses.number})::int`,
        last: sql<string>`max(${verificationMisses.at})`,
      })
      .from(verificationMisses)
      .where(where)
      .groupBy(verificationMisses.clientIp)
      .orderBy(desc(sql`count(*)`))
      .limit(100),
    ctx.db.select().from(verificationMisses).where(where).orderBy(desc(verificationMisses.at)).limit(100),
  ]);
  return {
    byNumber: byNumber.map((r) => ({ ...r, last: new Date(r.last).toISOString() })),
    bySource: bySource.map((r) => ({ ...r, last: new Date(r.last).toISOString() })),
    recent: recent.map((r) => ({
      id: r.id,
      number: r.number,
      nameMasked: r.nameMasked,
      reason: r.reason,
      regionCode: r.regionCode,
      clientIp: r.clientIp,
      userAgent: r.userAgent,
      at: r.at.toISOString(),
    })),
  };
}
