// What every benchmark needs: a fresh platform database — embedded PGlite in a temporary folder, or,
// with BENCH_DATABASE_URL=postgres://…, a new database on that server — migrated, with a context;
// and a sampler of the process's peak memory. close() removes what open made. The import benches'
// shared harness: the reference load of the same file in the same run, a light-GET sampler over HTTP,
// and one import run over HTTP as the page runs it, printing its figures beside the reference.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { pendingImportJobs, readSheetRows, runImportJob, type ImportKind } from '../src/kernel/imports/index.js';
import type { Clock } from '../src/kernel/clock.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Database } from '../src/db/index.js';
import type { AppContext } from '../src/kernel/context.js';
import { makeContext, openDatabase, prepareDatabase } from '../src/platform.js';

export interface BenchPlatform {
  config: Config;
  database: Database;
  ctx: AppContext;
  /** The PostgreSQL URL of the bench's own database, when BENCH_DATABASE_URL is set. */
  url: string | undefined;
  dataDir: string;
  close(): Promise<void>;
}

export async function openBenchPlatform(
  options: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<BenchPlatform> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'quanlian-bench-'));
  const serverUrl = process.env.BENCH_DATABASE_URL;
  let dbName: string | undefined;
  let url: string | undefined;
  if (serverUrl) {
    dbName = `ql_bench_${randomBytes(3).toString('hex')}`;
    await onServer(serverUrl, `create database ${dbName}`);
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    QUANLIAN_SECRET: randomBytes(32).toString('hex'),
    ...options.env,
    ...(url ? { DATABASE_URL: url } : {}),
  });
  const database = await openDatabase(config);
  await prepareDatabase(database);
  const ctx = makeContext(database, config, options.clock);
  let closed = false;
  return {
    config,
    database,
    ctx,
    url,
    dataDir,
    async close() {
      if (closed) return;
      closed = true;
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
      if (serverUrl && dbName) await onServer(serverUrl, `drop database if exists ${dbName} with (force)`);
    },
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** Samples the resident set size every 50 ms; `peak()` is the largest seen, `stop()` ends sampling. */
export function trackPeakRss(): { peak(): number; stop(): void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  timer.unref();
  return { peak: () => Math.max(peak, process.memoryUsage().rss), stop: () => clearInterval(timer) };
}

export const megabytes = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The load average now, as the benches print it beside their figures. */
export const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

export interface Reference {
  label: string;
  seconds: number;
}

/**
 * The reference of an import bench, same run, same file: its rows loaded with no checks, no index and
 * no sealing into an unlogged table of `columns` text columns — a bare COPY (psql \copy) on
 * PostgreSQL for a CSV, else a bare multi-row insert (unnest, 1,000 rows a statement) of the rows as
 * the import reads them.
 */
export async function referenceLoad(
  bench: BenchPlatform,
  file: string,
  format: 'csv' | 'xlsx',
  columns: number,
): Promise<Reference> {
  const { ctx } = bench;
  await ctx.db.execute(
    sql.raw(
      `create unlogged table bench_reference (${Array.from({ length: columns }, (_, c) => `c${c} text`).join(', ')})`,
    ),
  );
  const t = performance.now();
  let label: string;
  if (bench.url && format === 'csv') {
    execFileSync('psql', [
      bench.url,
      '-q',
      '-c',
      `\\copy bench_reference from '${file}' with (format csv, header true)`,
    ]);
    label = 'bare COPY (psql \\copy) into an unindexed text table';
  } else {
    let batch: string[][] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const cols = Array.from({ length: columns }, (_, c) => sql`${sql.param(batch.map((r) => r[c] ?? ''))}::text[]`);
      await ctx.db.execute(sql`insert into bench_reference select * from unnest(${sql.join(cols, sql`, `)})`);
      batch = [];
    };
    let header = true;
    for await (const row of readSheetRows(file, format, Number.MAX_SAFE_INTEGER)) {
      if (header) {
        header = false;
        continue;
      }
      batch.push(row.cells);
      if (batch.length === 1000) await flush();
    }
    await flush();
    label = 'bare multi-row insert (unnest, 1,000 rows) into an unindexed text table';
  }
  const seconds = (performance.now() - t) / 1000;
  await ctx.db.execute(sql`drop table bench_reference`);
  return { label, seconds };
}

/**
 * Samples a light GET every `everyMs` over HTTP, each timed from when it was due (a stalled event loop
 * shows as the wait it caused); `stop()` returns the latencies.
 */
export function lightGetSampler(url: string, headers: Record<string, string>, everyMs = 50) {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    let due = performance.now();
    while (running) {
      await fetch(url, { headers }).then((r) => r.arrayBuffer());
      latencies.push(performance.now() - due);
      due += everyMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else due = performance.now();
    }
  })();
  return {
    async stop(): Promise<number[]> {
      running = false;
      await loop;
      return latencies;
    },
  };
}

export interface HttpImportOptions {
  bench: BenchPlatform;
  /** Rows in the file (for the rates). */
  rows: number;
  file: string;
  format: 'csv' | 'xlsx';
  /** The account that uploads (made by the bench). */
  username: string;
  password: string;
  /** The import kinds the serving process's worker runs. */
  kinds: readonly ImportKind[];
  /** The route prefix of the kind's imports, e.g. `/api/employment-imports`. */
  prefix: string;
  /** The upload's path and query under the server, e.g. `/api/legacy-imports/kinds/certificates?fileName=x.csv`. */
  uploadPath: string;
  /** The light GET sampled while the import runs. */
  probePath: string;
  reference: Reference;
}

/**
 * One import over real HTTP as the page runs it: log in, POST the file as a streamed body, poll, confirm,
 * poll to the end; the check and commit jobs run in the serving process, as pg-boss's worker runs them,
 * while a light GET is sampled every 50 ms. Prints the figures beside the reference and the load.
 */
export async function runImportOverHttp(o: HttpImportOptions): Promise<void> {
  const { ctx, database } = o.bench;
  const app = await buildApp(ctx, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: o.username, password: o.password }),
  });
  if (login.status !== 200) throw new Error(`login ${login.status}: ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const headers = { cookie, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
  const api = async (method: string, url: string) => {
    const res = await fetch(`${base}${url}`, { method, headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  // The serving process's import worker: runs each queued job as pg-boss would hand it over.
  let working = true;
  const worker = (async () => {
    while (working) {
      for (const job of await pendingImportJobs(ctx.db)) {
        await ctx.db.execute(sql`update pgboss.job set state = 'completed', completed_on = now() where id = ${job.id}`);
        await runImportJob(ctx, o.kinds, job.data);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const sampler = lightGetSampler(`${base}${o.probePath}`, headers);
  const rss = trackPeakRss();
  const idle = process.memoryUsage().rss;
  const t0 = performance.now();
  const uploaded = await new Promise<{ status: number; body: { id: string } }>((resolve, reject) => {
    const type = o.format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const req = http.request(`${base}${o.uploadPath}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': type },
    });
    req.on('error', reject);
    req.on('response', async (res) => {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) });
    });
    createReadStream(o.file).pipe(req);
  });
  if (uploaded.status !== 202) throw new Error(`upload ${uploaded.status}: ${JSON.stringify(uploaded.body)}`);
  const tUpload = performance.now();
  const until = async (status: string[]) => {
    for (;;) {
      const s = await api('GET', `${o.prefix}/${uploaded.body.id}`);
      if (status.includes(String(s.body.status))) return s.body;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const checked = await until(['ready', 'rejected', 'failed']);
  const tCheck = performance.now();
  if (checked.status !== 'ready') {
    const problems = await api('GET', `${o.prefix}/${uploaded.body.id}/problems?pageSize=5`);
    throw new Error(`check ended ${JSON.stringify(checked)} ${JSON.stringify(problems.body)}`);
  }
  const commit = await api('POST', `${o.prefix}/${uploaded.body.id}/commit`);
  if (commit.status !== 202) throw new Error(`commit ${commit.status}: ${JSON.stringify(commit.body)}`);
  const done = await until(['committed', 'failed']);
  const tCommit = performance.now();
  const latencies = await sampler.stop();
  working = false;
  await worker;
  rss.stop();
  if (done.status !== 'committed') throw new Error(`import ended ${JSON.stringify(done)}`);

  const N = o.rows;
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
  const rate = (ms: number) => Math.round(N / (ms / 1000));
  const refRate = N / o.reference.seconds;
  const endToEnd = N / ((tCommit - t0) / 1000);
  console.log(`database: ${database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}; load average ${loadAverage()}`);
  console.log(`report: ${JSON.stringify(done.report)}`);
  console.log(`reference:   ${Math.round(refRate).toLocaleString()} rows/s — ${o.reference.label}`);
  console.log(`upload (streamed, inspected): ${Math.round(tUpload - t0)} ms`);
  console.log(`check rows:  ${Math.round(tCheck - tUpload)} ms  (${rate(tCheck - tUpload).toLocaleString()} rows/s)`);
  console.log(`commit:      ${Math.round(tCommit - tCheck)} ms  (${rate(tCommit - tCheck).toLocaleString()} rows/s)`);
  console.log(
    `end to end:  ${Math.round(endToEnd).toLocaleString()} rows/s = ${(endToEnd / refRate).toFixed(3)}× the reference (target ≥ 20,000 rows/s)`,
  );
  console.log(`peak RSS:    ${megabytes(rss.peak())} (${megabytes(rss.peak() - idle)} above the start of the import)`);
  console.log(
    `light GET (${o.probePath}) during the import: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${Math.round(sorted.at(-1) ?? 0)} ms over ${sorted.length} requests (target p99 ≤ 200 ms)`,
  );
  await app.close();
}
