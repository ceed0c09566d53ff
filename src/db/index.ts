// Database connection: embedded PGlite (a data folder) or a PostgreSQL server, behind one Drizzle type.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths.js';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { FolderLockedError, lockDataDir } from './lock.js';

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = PgTransaction<
  PgQueryResultHKT,
  Record<string, never>,
  ExtractTablesWithRelations<Record<string, never>>
>;
/** Queries take either the database or the caller's transaction, so a use case can compose them. */
export type Executor = Db | Tx;
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** PGlite only: a tarball of the data folder, to clone a migrated database quickly (tests). */
  dump?: () => Promise<Blob>;
}

export const MIGRATIONS_FOLDER = path.join(PROJECT_ROOT, 'drizzle');

export class DataDirLockedError extends Error {
  constructor(dataDir: string, holder?: { pid: number; hostname: string } | null) {
    super(
      `数据目录 ${dataDir} 正被另一个全链进程使用，已拒绝启动。\n` +
        `The data folder ${dataDir} is in use by another Quanlian process. PGlite corrupts a data folder ` +
        `opened by two processes, so this one stops. Stop the other process, or set DATA_DIR to another folder. ` +
        `(The lock names a live process${holder ? `: PID ${holder.pid} on ${holder.hostname}` : ''}; after a crash it is free at once.)`,
    );
  }
}

/**
 * Opens the embedded database in `dataDir/pg`, holding an exclusive lock on the folder for the
 * life of the process: a second opener would corrupt it (upstream pglite#1106).
 */
export async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  let release: () => void;
  try {
    release = lockDataDir(dataDir);
  } catch (err) {
    if (err instanceof FolderLockedError) throw new DataDirLockedError(dataDir, err.holder);
    throw err;
  }
  let client: PGlite;
  try {
    client = await PGlite.create(path.join(dataDir, 'pg'));
  } catch (err) {
    release();
    throw err;
  }
  return {
    db: drizzlePglite(client) as unknown as Db,
    kind: 'pglite',
    async close() {
      await client.close();
      release();
    },
  };
}

/** An in-memory PGlite, optionally restored from a dump of a migrated database (tests). */
export async function openMemoryPglite(loadDataDir?: Blob): Promise<Database> {
  const client = await PGlite.create(loadDataDir ? { loadDataDir } : {});
  return {
    db: drizzlePglite(client) as unknown as Db,
    kind: 'pglite',
    close: () => client.close(),
    dump: async () => client.dumpDataDir('none'),
  };
}

export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  let closing = false;
  // An idle connection can die under the pool (a server restart, a terminated backend; and while the
  // pool is ending, pool.end() resolves before its sockets have closed). The pool drops it and opens
  // another on demand; unheard, its 'error' event would crash the process.
  pool.on('error', (err) => {
    if (!closing) console.warn(`PostgreSQL: an idle connection was lost (${err.message}); the pool will reconnect.`);
  });
  // Fail at start, with the server's own message, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  return {
    db: drizzlePg(pool) as unknown as Db,
    kind: 'postgres',
    close: () => {
      closing = true;
      return pool.end();
    },
  };
}

export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (database.kind === 'pglite') await migratePglite(database.db as never, config);
  else await migratePg(database.db as never, config);
}

/** Whether `err` (or an error it wraps: Drizzle wraps the driver's) is PostgreSQL's unique violation on `constraint`. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (
    let e = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth += 1
  ) {
    const { code, constraint: name } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505' && name === constraint) return true;
  }
  return false;
}
