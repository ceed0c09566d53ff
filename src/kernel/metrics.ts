// What an operator watches (issue 23 "Metrics and health"): one prom-client registry per process,
// served at /metrics in the Prometheus text format. Modules record through the small functions
// here (the kernel is below them); figures that live in the database (job queues, imports, failed
// deliveries) are read by one cached query set at most every DB_FIGURES_TTL_MS, never per scrape.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { MIGRATIONS_FOLDER, type Db, type DatabaseKind } from '../db/index.js';
import { rowsOf } from '../db/read.js';
import { replicaLag, type AppContext } from './context.js';
import { JOBS_SCHEMA } from './jobs.js';
import { Problem } from './problem.js';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'quanlian_' });

// ---- HTTP

const httpRequests = new Counter({
  name: 'quanlian_http_requests_total',
  help: 'HTTP requests answered, by route pattern (not URL), method and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});
const httpDuration = new Histogram({
  name: 'quanlian_http_request_duration_seconds',
  help: 'Time from request to response sent, by route pattern and method.',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/**
 * Counts every answered request under its route pattern (`/api/workers/:id`), so the label set stays
 * as small as the route table; a request no route matched is `unmatched` (its URL is the client's choice).
 */
export function installHttpMetrics(app: FastifyInstance): void {
  // A callback hook (issue 18): no promise per request.
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const method = req.method;
    httpRequests.inc({ method, route, status: String(reply.statusCode) });
    httpDuration.observe({ method, route }, reply.elapsedTime / 1000);
    done();
  });
}

// ---- Recorders the modules call

const verifications = new Counter({
  name: 'quanlian_verifications_total',
  help: 'Public certificate verifications (CER-3) by outcome: a found status (valid, revoked …) or a miss reason.',
  labelNames: ['result', 'outcome'] as const,
  registers: [metricsRegistry],
});
const verifyCache = new Counter({
  name: 'quanlian_verify_register_cache_total',
  help: 'Look-ups of the certificate register cache behind public verification: hit or miss.',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

/** CER-3: one answered verification; `found` false for a miss (CER-5 records it too). */
export function recordVerification(found: boolean, outcome: string): void {
  verifications.inc({ result: found ? 'hit' : 'miss', outcome });
}

export function recordRegisterCache(hit: boolean): void {
  verifyCache.inc({ result: hit ? 'hit' : 'miss' });
}

const faceSeconds = new Histogram({
  name: 'quanlian_face_engine_seconds',
  help: 'Face engine time per image: decode (JPEG/PNG to pixels) and infer (detection + embedding, serialised).',
  labelNames: ['phase'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
  registers: [metricsRegistry],
});

export function recordFaceEngine(decodeMs: number, inferMs: number): void {
  faceSeconds.observe({ phase: 'decode' }, decodeMs / 1000);
  faceSeconds.observe({ phase: 'infer' }, inferMs / 1000);
}

const outboxDue = new Gauge({
  name: 'quanlian_outbox_due_events',
  help: 'Events due for delivery to a subscriber at the last delivery round (capped at the round size, 200).',
  labelNames: ['subscriber'] as const,
  registers: [metricsRegistry],
});
const outboxOldest = new Gauge({
  name: 'quanlian_outbox_oldest_due_age_seconds',
  help: 'Age of the oldest event due for delivery to a subscriber at the last delivery round (0: none due).',
  labelNames: ['subscriber'] as const,
  registers: [metricsRegistry],
});
const outboxDelivered = new Counter({
  name: 'quanlian_outbox_delivered_total',
  help: 'Events delivered to a subscriber by this process.',
  labelNames: ['subscriber'] as const,
  registers: [metricsRegistry],
});

/** The outbox's backlog as one delivery round found it (kernel/events.ts): free, no query of its own. */
export function recordOutboxRound(subscriber: string, due: number, oldest: Date | null, now: Date): void {
  outboxDue.set({ subscriber }, due);
  outboxOldest.set({ subscriber }, oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0);
}

export function recordOutboxDelivered(subscriber: string): void {
  outboxDelivered.inc({ subscriber });
}

// ---- Figures read from the database (cached)

/** How often the database figures are re-read at most, whatever the scrape interval. */
export const DB_FIGURES_TTL_MS = 10_000;

interface DbFigures {
  jobs: Array<{ queue: string; state: string; n: number }>;
  imports: Array<{ id: string; kind: string; status: string; processed: number; total: number | null }>;
  failedDeliveries: Array<{ subscriber: string; n: number; oldest: Date | null }>;
}

interface Source {
  db: Db;
  kind: DatabaseKind;
  figures: DbFigures | null;
  readAt: number;
  reading: Promise<void> | null;
}
// The databases the gauges describe: the serving app's (tests may build several; the latest counts).
const sources: Source[] = [];
const currentSource = (): Source | null => sources.at(-1) ?? null;

async function readFigures(db: Db): Promise<DbFigures> {
  // Completed jobs are archived by pg-boss and the rest stay few; states are counted per queue.
  const jobs = await rowsOf<{ queue: string; state: string; n: number }>(
    db,
    sql`select name as queue, state::text as state, count(*)::int as n from ${sql.raw(`${JOBS_SCHEMA}.job`)}
        where state <> 'completed' group by name, state`,
  );
  const imports = await rowsOf<DbFigures['imports'][number]>(
    db,
    sql`select id, kind, status, processed, total from bulk_imports where status in ('checking', 'committing')`,
  );
  // Served by the partial index on undelivered rows (drizzle 0009): a failed or retrying delivery.
  const failedDeliveries = await rowsOf<{ subscriber: string; n: number; oldest: string | Date | null }>(
    db,
    sql`select d.subscriber, count(*)::int as n, min(e.occurred_at) as oldest
        from event_deliveries d join domain_events e on e.id = d.event_id
        where d.delivered_at is null group by d.subscriber`,
  );
  return {
    jobs,
    imports,
    failedDeliveries: failedDeliveries.map((r) => ({ ...r, oldest: r.oldest ? new Date(r.oldest) : null })),
  };
}

async function currentFigures(): Promise<{ figures: DbFigures | null; kind: DatabaseKind | null; db: Db | null }> {
  const s = currentSource();
  if (!s) return { figures: null, kind: null, db: null };
  if (performance.now() - s.readAt >= DB_FIGURES_TTL_MS) {
    s.reading ??= readFigures(s.db)
      .then((f) => {
        s.figures = f;
      })
      .catch(() => undefined)
      .finally(() => {
        s.readAt = performance.now();
        s.reading = null;
      });
    await s.reading;
  }
  return { figures: s.figures, kind: s.kind, db: s.db };
}

const jobGauge = new Gauge({
  name: 'quanlian_job_queue_jobs',
  help: 'pg-boss jobs per queue and state (created, retry, active, failed …; completed are not counted). Read at most every 10 s.',
  labelNames: ['queue', 'state'] as const,
  registers: [metricsRegistry],
  async collect() {
    const { figures } = await currentFigures();
    this.reset();
    for (const j of figures?.jobs ?? []) this.set({ queue: j.queue, state: j.state }, j.n);
  },
});
void jobGauge;

const importProcessed = new Gauge({
  name: 'quanlian_import_rows_processed',
  help: 'Rows read (checking) or written (committing) so far by each running bulk import. Read at most every 10 s.',
  labelNames: ['id', 'kind', 'phase'] as const,
  registers: [metricsRegistry],
  async collect() {
    const { figures } = await currentFigures();
    this.reset();
    for (const i of figures?.imports ?? []) this.set({ id: i.id, kind: i.kind, phase: i.status }, i.processed);
  },
});
void importProcessed;
const importTotal = new Gauge({
  name: 'quanlian_import_rows_total',
  help: 'Rows in the file of each running bulk import, once known.',
  labelNames: ['id', 'kind', 'phase'] as const,
  registers: [metricsRegistry],
  async collect() {
    const { figures } = await currentFigures();
    this.reset();
    for (const i of figures?.imports ?? [])
      if (i.total !== null) this.set({ id: i.id, kind: i.kind, phase: i.status }, i.total);
  },
});
void importTotal;

const undelivered = new Gauge({
  name: 'quanlian_outbox_failed_deliveries',
  help: 'Deliveries that failed at least once and are not delivered yet (waiting for a retry, or given up), per subscriber.',
  labelNames: ['subscriber'] as const,
  registers: [metricsRegistry],
  async collect() {
    const { figures } = await currentFigures();
    this.reset();
    for (const f of figures?.failedDeliveries ?? []) this.set({ subscriber: f.subscriber }, f.n);
  },
});
void undelivered;

/** The node-postgres pool behind a Drizzle database (Drizzle keeps its client as `$client`). */
function poolOf(db: Db): { totalCount: number; idleCount: number; waitingCount: number } | null {
  const client = (db as unknown as { $client?: { totalCount?: unknown } }).$client;
  return client && typeof client.totalCount === 'number' ? (client as never) : null;
}

const poolGauge = new Gauge({
  name: 'quanlian_db_pool_connections',
  help: 'PostgreSQL pool connections: total, idle, and requests waiting for one (PGlite: one embedded connection).',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset();
    const s = currentSource();
    if (!s) return;
    const pool = poolOf(s.db);
    if (pool) {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    } else this.set({ state: 'total' }, 1);
  },
});
void poolGauge;

/** The database whose figures /metrics shows (the serving app's). */
export function observeDatabase(db: Db, kind: DatabaseKind): () => void {
  const mine: Source = { db, kind, figures: null, readAt: -Infinity, reading: null };
  sources.push(mine);
  return () => {
    const at = sources.indexOf(mine);
    if (at >= 0) sources.splice(at, 1);
  };
}

// ---- Who may read /metrics

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * /metrics is for the operator's scraper, never the public: a direct connection from this machine,
 * or a bearer token equal to METRICS_TOKEN. A request a reverse proxy forwarded (X-Forwarded-For or
 * Forwarded present) arrives from loopback too, so it needs the token.
 */
export function mayReadMetrics(req: FastifyRequest, token: string | undefined): boolean {
  const auth = req.headers.authorization;
  if (token && typeof auth === 'string' && auth.startsWith('Bearer ')) {
    const given = Buffer.from(auth.slice(7));
    const wanted = Buffer.from(token);
    if (given.length === wanted.length && timingSafeEqual(given, wanted)) return true;
  }
  const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  return !forwarded && LOOPBACK.test(req.socket.remoteAddress ?? '');
}

export async function metricsRoute(req: FastifyRequest, reply: FastifyReply, token: string | undefined) {
  if (!mayReadMetrics(req, token)) {
    const problem = new Problem(
      403,
      'forbidden',
      '无权访问',
      '运行指标仅供本机或携带 METRICS_TOKEN 令牌（Authorization: Bearer …）的监控系统读取。',
    );
    return reply.status(403).type('application/problem+json').send(problem.toBody());
  }
  const text = await metricsRegistry.metrics();
  return reply.header('cache-control', 'no-store').type(metricsRegistry.contentType).send(text);
}

// ---- Readiness

export interface ReadinessResult {
  ok: boolean;
  detail?: string;
}
export type ReadinessCheck = (ctx: AppContext) => Promise<ReadinessResult>;

const readinessChecks = new Map<string, ReadinessCheck>();

/**
 * Adds a check to /readyz (e.g. the replica's lag within its bound); a check under the same name
 * replaces the earlier one. A check should answer within a second: /readyz gives each 2 s.
 */
export function registerReadinessCheck(name: string, check: ReadinessCheck): void {
  readinessChecks.set(name, check);
}

/** The migrations this build carries, by their drizzle journal (the `when` drizzle records as applied). */
function journalMigrations(): { count: number; last: number } {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ when: number }>;
  };
  return { count: journal.entries.length, last: Math.max(...journal.entries.map((e) => e.when)) };
}

let journal: { count: number; last: number } | null = null;

registerReadinessCheck('database', async (ctx) => {
  await ctx.db.execute(sql`select 1`);
  return { ok: true };
});

registerReadinessCheck('migrations', async (ctx) => {
  journal ??= journalMigrations();
  const [row] = await rowsOf<{ n: number; last: string | number | null }>(
    ctx.db,
    sql`select count(*)::int as n, max(created_at) as last from drizzle.__drizzle_migrations`,
  );
  const last = Number(row?.last ?? 0);
  if (last >= journal.last) return { ok: true, detail: `${row?.n ?? 0} applied` };
  return { ok: false, detail: `${row?.n ?? 0} of ${journal.count} applied: run the migrations (npm start does)` };
});

// Issue 23: the replica's lag within REPLICA_MAX_LAG_MS (reads fall back to the primary meanwhile).
registerReadinessCheck('replica', async (ctx) => {
  const lag = await replicaLag(ctx);
  if (!lag.configured) return { ok: true, detail: 'none configured' };
  return {
    ok: lag.withinBound,
    detail: `lag ${Math.round(lag.lagMs)} ms (bound ${lag.maxLagMs} ms)${lag.withinBound ? '' : ': reading from the primary'}`,
  };
});

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** Every readiness check, run together; ready when all are ok. */
export async function readiness(ctx: AppContext): Promise<{ ready: boolean; checks: Record<string, ReadinessResult> }> {
  const entries = await Promise.all(
    [...readinessChecks].map(async ([name, check]) => {
      try {
        return [name, await withTimeout(check(ctx), 2000)] as const;
      } catch (err) {
        return [name, { ok: false, detail: String((err as Error)?.message ?? err).slice(0, 200) }] as const;
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { ready: entries.every(([, r]) => r.ok), checks };
}
