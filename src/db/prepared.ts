// A hot path's statement as fixed text with positional parameters ($1, $2 …), sent to the driver
// directly: PostgreSQL parses and plans it once per connection (a named prepared statement), and no
// query builder runs per request. Issue 18: on the answer-event path Drizzle's building of the SQL
// was ~17 % of the server's CPU. Used only where the statement never varies; everything else goes
// through Drizzle.
import type { Db } from './index.js';

export type PreparedRows<T> = (values: unknown[]) => Promise<T[]>;

interface PgPoolLike {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}
interface PgliteLike {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * `name` must be unique in the process for this `text` (PostgreSQL keeps one plan per name per
 * connection). Runs outside any transaction: each call is its own statement, committed when it returns.
 */
export function preparedRows<T>(db: Db, name: string, text: string): PreparedRows<T> {
  const client = (db as unknown as { $client: unknown }).$client as Record<string, unknown>;
  // PGlite has one connection and no named statements; its extended protocol still skips Drizzle.
  if (typeof client.listen === 'function' && typeof client.dumpDataDir === 'function') {
    const lite = client as unknown as PgliteLike;
    return async (values) => (await lite.query(text, values)).rows as T[];
  }
  const pool = client as unknown as PgPoolLike;
  return async (values) => (await pool.query({ name, text, values })).rows as T[];
}

/** The embedded database (PGlite: one connection, statements one after another). */
export function isEmbedded(db: Db): boolean {
  const client = (db as unknown as { $client: unknown }).$client as Record<string, unknown>;
  return typeof client.listen === 'function' && typeof client.dumpDataDir === 'function';
}
