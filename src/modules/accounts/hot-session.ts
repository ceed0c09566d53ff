// Issue 18 (EXM-6 on exam day): a route that is called by every candidate every few seconds may
// opt out of the session read before its handler (route config `sessionCheckedInStatement: true`).
// The session hook then reuses what it resolved for the same cookie within the last REUSE_MS and
// hands the handler a SessionGuard, which the handler's own statement checks against the sessions
// and users tables at the moment it writes (`sessionGuardSql`). Nothing is trusted from memory: a
// logged-out, expired, idle, disabled or changed account (another instance's change included) fails
// the guard in that very statement, which then writes nothing, and the request is answered 401.
// The memory only spares the read: one round trip per request instead of three.
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/access.js';

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  mustChangePassword: boolean;
  restriction: string | null;
}

/** What the handler's statement must find still true of the session and its account. */
export interface SessionGuard {
  tokenHash: string;
  userId: string;
  role: string;
  workerId: string | null;
  orgId: string | null;
  /** The session must not have expired by this instant (the app's clock at the request). */
  now: Date;
  /** …nor been idle since before this one. */
  idleCutoff: Date;
}

/**
 * How long a resolution is reused; a full resolution also slides the idle timeout (≤ once a minute).
 * Longer than a heartbeat's 30 s (TRN-3), so a learner's beats are not each a fresh resolution; far
 * shorter than the 30-minute idle timeout, which the full resolutions keep sliding. Safe at any
 * length: what matters (the session, its expiry and idleness, the account's state) is checked by the
 * guard in the writing statement, not taken from here.
 */
const REUSE_MS = 120_000;
/** One entry per signed-in candidate of a busy exam day; the oldest leave first. */
const MAX_ENTRIES = 50_000;

const caches = new WeakMap<object, Map<string, { session: ResolvedSession; until: number }>>();

function cacheOf(db: object) {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

export function reusableSession(db: object, tokenHash: string): ResolvedSession | undefined {
  const cache = cacheOf(db);
  const hit = cache.get(tokenHash);
  if (!hit) return undefined;
  if (performance.now() < hit.until) return hit.session;
  cache.delete(tokenHash);
  return undefined;
}

export function rememberSession(db: object, tokenHash: string, session: ResolvedSession): void {
  const cache = cacheOf(db);
  cache.delete(tokenHash);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  // Spread over ±25 %: candidates who opened their papers within the same seconds must not all need a
  // full resolution in the same seconds REUSE_MS later (a burst of reads and idle-timeout updates).
  cache.set(tokenHash, { session, until: performance.now() + REUSE_MS * (0.75 + Math.random() * 0.5) });
}

export function forgetSession(db: object, tokenHash: string): void {
  caches.get(db)?.delete(tokenHash);
}

const guards = new WeakMap<FastifyRequest, SessionGuard>();

export function setSessionGuard(req: FastifyRequest, guard: SessionGuard): void {
  guards.set(req, guard);
}

/** The guard of a route configured with `sessionCheckedInStatement`; null on any other route. */
export function sessionGuardOf(req: FastifyRequest): SessionGuard | null {
  return guards.get(req) ?? null;
}

/**
 * The guard as a condition of a fixed statement, its parameters numbered from `$first` (7 of them,
 * see `sessionGuardValues`). A null first parameter (no guard: a call from inside the platform, a
 * test) makes it true.
 */
export function sessionGuardSql(first: number): string {
  const $ = (k: number) => `$${first + k}::`;
  return sessionGuardOn({
    tokenHash: `${$(0)}text`,
    userId: `${$(1)}uuid`,
    role: `${$(2)}text`,
    workerId: `${$(3)}uuid`,
    orgId: `${$(4)}uuid`,
    now: `${$(5)}timestamptz`,
    idleCutoff: `${$(6)}timestamptz`,
  });
}

/**
 * The same condition over any SQL expressions of the guard's values (columns of an `unnest` of many
 * requests' guards, for a statement that writes a whole group of requests at once). A null token hash
 * (no guard) makes it true.
 */
export function sessionGuardOn(v: Record<keyof SessionGuard, string>): string {
  return `(${v.tokenHash} is null or exists (
    select 1 from sessions s join users u on u.id = s.user_id
    where s.token_hash = ${v.tokenHash} and u.id = ${v.userId} and u.role = ${v.role}
      and u.worker_id is not distinct from ${v.workerId} and u.org_id is not distinct from ${v.orgId}
      and u.disabled_at is null and not u.must_change_password and s.restriction is null
      and s.expires_at > ${v.now} and s.last_seen_at > ${v.idleCutoff}))`;
}

/** The guard as a Drizzle condition with its values bound (a statement built by Drizzle). */
export function sessionGuardCondition(g: SessionGuard): SQL {
  const values = sessionGuardValues(g);
  const parts = sessionGuardSql(1).split(/\$(\d+)(?=::)/);
  const chunks: SQL[] = [];
  parts.forEach((part, k) => chunks.push(k % 2 === 0 ? sql.raw(part) : sql`${values[Number(part) - 1]}`));
  return sql.join(chunks);
}

export function sessionGuardValues(g: SessionGuard | null | undefined): unknown[] {
  if (!g) return [null, null, null, null, null, null, null];
  return [g.tokenHash, g.userId, g.role, g.workerId, g.orgId, g.now.toISOString(), g.idleCutoff.toISOString()];
}
