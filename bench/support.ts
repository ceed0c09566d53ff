// What every benchmark needs: a fresh platform database — embedded PGlite in a temporary folder, or,
// with BENCH_DATABASE_URL=postgres://…, a new database on that server — migrated, with a context;
// and a sampler of the process's peak memory. close() removes what open made.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
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
