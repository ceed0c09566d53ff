// Raw-SQL reading, shared by the read models (analytics, injuries), jobs and tests: the one row
// reader, the one region condition, and read seams — what a module lets others read of its tables.
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './index.js';

/** The rows of a raw SQL query (drizzle's `execute` returns the driver's result; both drivers carry `rows`). */
export async function rowsOf<T = Record<string, unknown>>(db: Executor, q: SQL): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

/**
 * A region-code condition (SEC-2): a county is its full code, so it is an equality the region
 * indexes serve; a province or city prefix is a LIKE (the indexes use the database collation, so a
 * LIKE scans — which is why those levels read summaries).
 */
export const regionMatch = (column: SQL, prefix: string) =>
  prefix.length === 6 ? sql`${column} = ${prefix}` : sql`${column} like ${`${prefix}%`}`;

/**
 * What a module lets the read models read of one of its tables by SQL: the table and the columns
 * they may use. A reader writes `from ${seam.as('c')}`, which is the table narrowed to the declared
 * columns (PostgreSQL pulls the plain sub-select up, so the plan is the table's own); a reader that
 * uses an undeclared column fails when its query runs, and the owning module sees in its own folder
 * which columns others depend on.
 */
export interface ReadSeam<C extends string = string> {
  readonly table: string;
  readonly columns: readonly C[];
  as(alias: string): SQL;
}

export function readSeam<const C extends string>(table: PgTable, columns: readonly C[]): ReadSeam<C> {
  const name = getTableName(table);
  const known = new Set(Object.values(getTableColumns(table)).map((c) => c.name));
  // Checked when the module loads: a column renamed in schema.ts without its seam stops every test.
  const unknown = columns.filter((c) => !known.has(c));
  if (unknown.length) throw new Error(`read seam ${name}: no column ${unknown.join(', ')}`);
  const list = sql.join(
    columns.map((c) => sql.identifier(c)),
    sql`, `,
  );
  const relation = sql`(select ${list} from ${sql.identifier(name)})`;
  return {
    table: name,
    columns,
    as(alias) {
      if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`read seam ${name}: bad alias ${alias}`);
      return sql`${relation} ${sql.raw(alias)}`;
    },
  };
}
