// Set-based inserts for imports of thousands of rows: one statement per batch whose parameters are
// one array per column (INSERT … SELECT * FROM unnest(…)), instead of a parameter per value. Building
// and binding tens of thousands of parameters was most of an import's time, and on PGlite an open
// transaction holds the only connection.
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './index.js';

const BATCH = 5000;

/**
 * Inserts `rows` (all with the same keys; omitted columns take their defaults). `returning` names
 * the columns (by property) to return, e.g. generated ids.
 */
export async function insertMany<T extends PgTable, K extends keyof T['$inferSelect'] & string = never>(
  db: Executor,
  table: T,
  rows: T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean; returning?: K[] } = {},
): Promise<Pick<T['$inferSelect'], K>[]> {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]).filter((k) => k in columns);
  const returned: Pick<T['$inferSelect'], K>[] = [];
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const arrays = keys.map((key) => {
      const column = columns[key];
      const values = batch.map((row) => {
        const value = (row as Record<string, unknown>)[key];
        return value === null || value === undefined ? null : column.mapToDriverValue(value);
      });
      return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`;
    });
    const returning = options.returning?.length
      ? sql` returning ${sql.raw(options.returning.map((k) => `"${columns[k].name}" as "${k}"`).join(', '))}`
      : sql``;
    const conflict = options.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
    const statement: SQL = sql`insert into ${sql.raw(`"${getTableName(table)}"`)} (${sql.raw(keys.map((k) => `"${columns[k].name}"`).join(', '))}) select * from unnest(${sql.join(arrays, sql`, `)})${conflict}${returning}`;
    const result = (await db.execute(statement)) as unknown as { rows: Pick<T['$inferSelect'], K>[] };
    returned.push(...result.rows);
  }
  return returned;
}
