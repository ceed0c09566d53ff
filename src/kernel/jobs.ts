// Background jobs on pg-boss, in the platform's own database (ARCHITECTURE.md "jobs"). One adapter
// serves PGlite (a single connection: pg-boss must go through the app's instance and its open
// transaction) and PostgreSQL (the app's pool), so `send(tx, …)` commits or rolls back with the change.
import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { Database, Executor } from '../db/index.js';
import { rowsOf as rows } from '../db/read.js';
import type { AppContext } from './context.js';

export const JOBS_SCHEMA = 'pgboss';
/** Jobs run in Chinese mainland time: a "nightly" scan at 02:00 means 02:00 in Sichuan. */
export const JOBS_TIME_ZONE = 'Asia/Shanghai';

/** What Drizzle keeps under a database or transaction: a pg Pool/PoolClient or a PGlite instance/transaction. */
interface RawClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  exec?(text: string): Promise<Array<{ rows: unknown[] }>>;
}

/**
 * The driver client behind a Drizzle database or transaction. Drizzle has no public accessor for a
 * transaction's connection; every pg-core session keeps it as `session.client` (node-postgres: the
 * Pool, or the PoolClient holding the transaction; PGlite: the instance, or its Transaction).
 */
function rawClientOf(executor: Executor): RawClient {
  const client = (executor as unknown as { session?: { client?: RawClient } }).session?.client;
  if (!client || typeof client.query !== 'function')
    throw new Error('jobs: cannot reach the driver client of this executor');
  return client;
}

/**
 * pg-boss's `db` option over one of our executors. Statements without parameters may hold several
 * commands (pg-boss's schema plans), which PGlite (the client with `exec`) runs only through `exec`.
 * On PGlite outside a caller's transaction, a failed statement inside pg-boss's own BEGIN … COMMIT
 * would leave the one session aborted for every later query, so it is rolled back here.
 */
export function bossDb(executor: Executor, ownsSession = true): PgBoss.Db {
  const client = rawClientOf(executor);
  const pglite = typeof client.exec === 'function';
  return {
    async executeSql(text: string, values?: unknown[]) {
      try {
        if (pglite && (!values || values.length === 0)) {
          const results = await client.exec!(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        return await client.query(text, values);
      } catch (err) {
        if (pglite && ownsSession) await client.exec!('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
  };
}

let sender: PgBoss | undefined;
/**
 * Enqueues a job on `executor` (the database, or the caller's transaction: then the job exists
 * exactly when the transaction commits). Needs no running pg-boss, so an outbox subscriber can
 * enqueue in its delivery transaction wherever it runs; the queue must exist (`defineQueue`).
 */
export function sendJob<T extends object>(
  executor: Executor,
  name: string,
  data: T,
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  // pg-boss builds its SQL in the constructor; an instance that is never started only sends, each
  // time through the `db` it is given.
  sender ??= new PgBoss({
    db: { executeSql: () => Promise.reject(new Error('jobs: sendJob needs an executor')) },
    schema: JOBS_SCHEMA,
  });
  return sender.send(name, data, { ...options, db: bossDb(executor, false) });
}

/**
 * Creates pg-boss's schema (or migrates it to this pg-boss version). Runs with the app's migrations,
 * so the test template and a fresh data folder carry it and `startJobs` finds it ready.
 */
export async function migrateJobs(database: Database): Promise<void> {
  const boss = new PgBoss({
    db: bossDb(database.db),
    schema: JOBS_SCHEMA,
    migrate: true,
    supervise: false,
    schedule: false,
  });
  await boss.start();
  await boss.stop({ graceful: false, close: false });
}

export interface QueueSpec {
  /** Attempts after the first. */
  retryLimit: number;
  /** Seconds before the first retry. */
  retryDelay: number;
  /** Doubles the delay at each retry (with jitter), as pg-boss computes it. */
  retryBackoff: boolean;
  /** Seconds a job may run before pg-boss fails it. */
  expireInSeconds?: number;
  /** Keep failed jobs in `<name>.dead` too (a dead-letter queue); default true. */
  deadLetter?: boolean;
}

export interface JobInfo<T = Record<string, unknown>> {
  id: string;
  name: string;
  data: T;
  retryCount: number;
  retryLimit: number;
}

export interface FailedJob<T = Record<string, unknown>> extends JobInfo<T> {
  state: 'failed';
  createdOn: Date;
  completedOn: Date | null;
  /** The last error's message, as the worker threw it. */
  lastError: string | null;
}

export type JobHandler<T> = (job: JobInfo<T>) => Promise<unknown>;

export interface JobQueue {
  /** Declares (or updates) a queue with its retry policy and dead-letter queue; idempotent. */
  defineQueue(name: string, spec: QueueSpec): Promise<void>;
  /** Enqueues on `executor`: inside a transaction the job exists exactly when the transaction commits. */
  send<T extends object>(
    executor: Executor,
    name: string,
    data: T,
    options?: PgBoss.SendOptions,
  ): Promise<string | null>;
  /** Runs `handler` for each job; a throw fails that job (retried per its queue, then dead-lettered). */
  work<T extends object>(
    name: string,
    handler: JobHandler<T>,
    options?: { pollingIntervalSeconds?: number; batchSize?: number },
  ): Promise<string>;
  /** A cron schedule (5 fields), in Asia/Shanghai unless told; sends `name` with `data` each time. */
  schedule(name: string, cron: string, data?: object, options?: PgBoss.ScheduleOptions): Promise<void>;
  schedules(): Promise<PgBoss.Schedule[]>;
  /** Failed jobs of a queue (retries exhausted), newest first — the admin's dead-letter view. */
  listFailed<T = Record<string, unknown>>(
    name: string,
    options?: { limit?: number; offset?: number },
  ): Promise<{ items: FailedJob<T>[]; total: number }>;
  /** Puts a failed job back in its queue and drops its dead-letter copy; false when it is not failed. */
  retryFailed(name: string, id: string): Promise<boolean>;
  job<T = Record<string, unknown>>(
    name: string,
    id: string,
  ): Promise<(JobInfo<T> & { state: string; output: unknown }) | null>;
  stop(options?: { timeoutMs?: number }): Promise<void>;
  readonly boss: PgBoss;
}

export const deadLetterOf = (name: string) => `${name}.dead`;

/**
 * Thrown by a handler when trying again cannot help (the receiver refused the request itself): the
 * job fails at once, skipping its remaining retries, and lands in the dead letter.
 */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/**
 * Declares (or updates) a queue with its retry policy and its dead-letter queue `<name>.dead`; safe
 * to repeat. Works without a running pg-boss, so set-up code and tests can declare queues too.
 */
export async function defineJobQueue(executor: Executor, name: string, spec: QueueSpec): Promise<void> {
  const boss = new PgBoss({ db: bossDb(executor), schema: JOBS_SCHEMA });
  const { deadLetter = true, ...retry } = spec;
  const dead = deadLetter ? deadLetterOf(name) : undefined;
  if (dead && !(await boss.getQueue(dead)))
    await boss.createQueue(dead, { name: dead, policy: 'standard', retryLimit: 0 });
  const queue: PgBoss.Queue = { name, policy: 'standard', ...retry, ...(dead ? { deadLetter: dead } : {}) };
  if (await boss.getQueue(name)) await boss.updateQueue(name, queue);
  else await boss.createQueue(name, queue);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function errorText(output: unknown): string | null {
  if (!output || typeof output !== 'object') return output == null ? null : String(output);
  const o = output as { message?: unknown; value?: unknown };
  if (typeof o.message === 'string') return o.message;
  if (o.value !== undefined) return typeof o.value === 'string' ? o.value : JSON.stringify(o.value);
  return JSON.stringify(output);
}

/**
 * Failed jobs of a queue (retries exhausted), newest first. Plain SQL on pg-boss's table, so an
 * admin page can read it whether or not this process runs the workers.
 */
export async function listFailedJobs<T = Record<string, unknown>>(
  executor: Executor,
  name: string,
  page: { limit?: number; offset?: number } = {},
): Promise<{ items: FailedJob<T>[]; total: number }> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  const offset = Math.max(page.offset ?? 0, 0);
  const job = sql.raw(`${JOBS_SCHEMA}.job`);
  const found = await rows<Omit<FailedJob<T>, 'state' | 'lastError'> & { output: unknown }>(
    executor,
    sql`select id, name, data, retry_count as "retryCount", retry_limit as "retryLimit", created_on as "createdOn", completed_on as "completedOn", output
        from ${job} where name = ${name} and state = 'failed' order by completed_on desc nulls last, id limit ${limit} offset ${offset}`,
  );
  const [{ n }] = await rows<{ n: number }>(
    executor,
    sql`select count(*)::int as n from ${job} where name = ${name} and state = 'failed'`,
  );
  const items = found.map(({ output, createdOn, completedOn, ...r }) => ({
    ...r,
    state: 'failed' as const,
    createdOn: new Date(createdOn),
    completedOn: completedOn ? new Date(completedOn) : null,
    lastError: errorText(output),
  }));
  return { items, total: n };
}

/**
 * Puts a failed job back in its queue (one more attempt, as pg-boss's own retry does) and drops its
 * dead-letter copy, which is the same data; false when no such failed job exists.
 */
export async function retryFailedJob(executor: Executor, name: string, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const job = sql.raw(`${JOBS_SCHEMA}.job`);
  const retried = await rows<{ data: unknown }>(
    executor,
    sql`update ${job} set state = 'retry', retry_limit = retry_limit + 1, start_after = now() where name = ${name} and id = ${id} and state = 'failed' returning data`,
  );
  if (retried.length === 0) return false;
  await executor.execute(
    sql`delete from ${job} where id = (select id from ${job} where name = ${deadLetterOf(name)} and state = 'created' and data = ${JSON.stringify(retried[0].data)}::jsonb limit 1)`,
  );
  return true;
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/** How many jobs of a queue are in each state (archived jobs aside), for an admin's summary. */
export async function jobStateCounts(executor: Executor, name: string): Promise<Record<JobState, number>> {
  const counts: Record<JobState, number> = { created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 };
  const found = await rows<{ state: JobState; n: number }>(
    executor,
    sql`select state, count(*)::int as n from ${sql.raw(`${JOBS_SCHEMA}.job`)} where name = ${name} group by state`,
  );
  for (const { state, n } of found) counts[state] = n;
  return counts;
}

export interface StartJobsOptions {
  /** How often idle workers look for jobs; pg-boss's floor is 0.5 s. */
  pollingIntervalSeconds?: number;
  /** Maintenance (expiry, archiving) and cron; tests that do not need them turn them off. */
  supervise?: boolean;
  schedule?: boolean;
  onError?: (err: unknown) => void;
}

/** Starts pg-boss on the app's database. Call `migrateJobs` first (prepareDatabase does). */
export async function startJobs(ctx: Pick<AppContext, 'db'>, options: StartJobsOptions = {}): Promise<JobQueue> {
  const { pollingIntervalSeconds = 2, supervise = true, schedule = true } = options;
  const db = bossDb(ctx.db);
  const boss = new PgBoss({ db, schema: JOBS_SCHEMA, migrate: false, supervise, schedule, pollingIntervalSeconds });
  boss.on('error', options.onError ?? ((err) => console.error('jobs:', err)));
  await boss.start();

  return {
    boss,
    defineQueue: (name, spec) => defineJobQueue(ctx.db, name, spec),
    send: sendJob,
    work(name, handler, workOptions = {}) {
      const { batchSize = 20, ...polling } = workOptions;
      // pg-boss 10 pauses a polling interval after every fetch and settles a batch as a whole, so a
      // worker fetches a batch (throughput: about batchSize per interval) and settles the jobs
      // itself: the ones that threw fail on their own (their retry, their error), the rest together.
      return boss.work<Record<string, unknown>>(
        name,
        { batchSize, includeMetadata: true, ...polling },
        async (batch) => {
          const succeeded: string[] = [];
          for (const job of batch) {
            try {
              const output = await handler({
                id: job.id,
                name: job.name,
                data: job.data as never,
                retryCount: job.retryCount,
                retryLimit: job.retryLimit,
              });
              // A handler's result object is kept on the job (what happened), others complete together.
              if (output && typeof output === 'object') await boss.complete(name, job.id, output);
              else succeeded.push(job.id);
            } catch (err) {
              if (err instanceof PermanentJobError)
                await db.executeSql(
                  `update ${JOBS_SCHEMA}.job set retry_limit = retry_count where name = $1 and id = $2`,
                  [name, job.id],
                );
              await boss.fail(
                name,
                job.id,
                err instanceof Error ? { message: err.message, name: err.name } : { message: String(err) },
              );
            }
          }
          if (succeeded.length) await boss.complete(name, succeeded);
        },
      );
    },
    schedule(name, cron, data, scheduleOptions = {}) {
      return boss.schedule(name, cron, data, { tz: JOBS_TIME_ZONE, ...scheduleOptions });
    },
    schedules: () => boss.getSchedules(),
    listFailed: (name, page) => listFailedJobs(ctx.db, name, page),
    retryFailed: (name, id) => retryFailedJob(ctx.db, name, id),
    async job(name, id) {
      if (!UUID.test(id)) return null;
      const found = await boss.getJobById<never>(name, id, { includeArchive: true });
      return found
        ? {
            id: found.id,
            name: found.name,
            data: found.data,
            retryCount: found.retryCount,
            retryLimit: found.retryLimit,
            state: found.state,
            output: found.output,
          }
        : null;
    },
    async stop({ timeoutMs = 10_000 } = {}) {
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
    },
  };
}
