// Set-based inserts for imports of thousands of rows: one statement per batch. The batch travels as
// one JSON parameter, an array of rows read by position (INSERT … SELECT (r->>0)::type, … FROM
// jsonb_array_elements($1)),
// instead of a parameter per value or one array literal per column: JSON.stringify is native, while
// the driver's array literals escape every element in JavaScript — with the server's parsing, that
// was half of a bulk import's time (measured: 5,000 rows of seven columns 230–400 ms as arrays vs
// 100–135 ms as JSON on a busy machine). Values the JSON path cannot carry exactly (bytes, bigint) fall back to one
// array per column (INSERT … SELECT * FROM unnest(…)).
//
// Larger batches without RETURNING or ON CONFLICT go by COPY instead (issue 18): PostgreSQL's own
// bulk path, with no JSON to build and parse per row — `COPY … FROM STDIN` through pg-copy-streams on
// a server, `COPY … FROM '/dev/blob'` on PGlite. Constraints, defaults and triggers apply as for INSERT.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getTableColumns, getTableName, sql, type Column, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { from as copyFrom } from 'pg-copy-streams';
import pg from 'pg';
import type { Executor } from './index.js';

const BATCH = 5000;
/** From this many rows an insert without RETURNING / ON CONFLICT goes by COPY. */
const COPY_FROM = 200;
/** Bytes of COPY text sent per chunk (PostgreSQL) or per statement (PGlite, which takes one blob). */
const COPY_CHUNK = 4 * 1024 * 1024;

/** One value in COPY's text format: backslash, tab, newline and carriage return escaped; null is \N. */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
}

interface PgliteLike {
  query(text: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
}
type Session = { client: pg.Pool | pg.PoolClient | PgliteLike };

/** The driver client under a Drizzle database or transaction (a pool, a pooled client, PGlite). */
const clientOf = (db: Executor) => (db as unknown as { session: Session }).session.client;

/**
 * Writes `lines` (COPY text rows, each ending in a newline) into `target` (`"table" ("col", …)`) by
 * COPY, on the executor's own connection (inside its transaction when it is one).
 */
export async function copyLines(db: Executor, target: string, lines: Iterable<string>): Promise<void> {
  const client = clientOf(db);
  const statement = `copy ${target} from stdin`;
  if (client instanceof pg.Pool) {
    const conn = await client.connect();
    try {
      await copyOnClient(conn, statement, lines);
    } finally {
      conn.release();
    }
  } else if (client instanceof pg.Client) {
    await copyOnClient(client as pg.PoolClient, statement, lines);
  } else {
    // PGlite reads a COPY's data from one blob: the rows go in chunks of a few MB, a statement each.
    const pglite = client as PgliteLike;
    let chunk: string[] = [];
    let size = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      await pglite.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob(chunk) });
      chunk = [];
      size = 0;
    };
    for (const line of lines) {
      chunk.push(line);
      size += line.length;
      if (size >= COPY_CHUNK) await flush();
    }
    await flush();
  }
}

async function copyOnClient(client: pg.PoolClient, statement: string, lines: Iterable<string>): Promise<void> {
  const stream = client.query(copyFrom(statement));
  async function* chunks() {
    let parts: string[] = [];
    let size = 0;
    for (const line of lines) {
      parts.push(line);
      size += line.length;
      if (size >= COPY_CHUNK / 16) {
        yield parts.join('');
        parts = [];
        size = 0;
      }
    }
    if (parts.length) yield parts.join('');
  }
  await pipeline(Readable.from(chunks()), stream);
}

const isJsonColumn = (column: Column) => {
  const type = column.getSQLType();
  return type === 'json' || type === 'jsonb';
};

/** A driver value that JSON carries unchanged into the column's text input. */
const jsonSafe = (value: unknown) =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

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
  const names = keys.map((k) => columns[k].name);
  const json = keys.map((k) => isJsonColumn(columns[k]));
  const returned: Pick<T['$inferSelect'], K>[] = [];
  const returning = options.returning?.length
    ? sql` returning ${sql.raw(options.returning.map((k) => `"${columns[k].name}" as "${k}"`).join(', '))}`
    : sql``;
  const conflict = options.onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  const targetText = `"${getTableName(table)}" (${names.map((n) => `"${n}"`).join(', ')})`;
  const target = sql.raw(targetText);
  if (rows.length >= COPY_FROM && !options.returning?.length && !options.onConflictDoNothing) {
    const lines = copyRows(
      rows as Record<string, unknown>[],
      keys,
      keys.map((k) => columns[k]),
      json,
    );
    if (lines) {
      await copyLines(db, targetText, lines);
      return [];
    }
  }
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    // Each row as an array of driver values in column order (json columns keep their value as is).
    let safe = true;
    const tuples = batch.map((row) => {
      const tuple: unknown[] = new Array(keys.length);
      for (let c = 0; c < keys.length; c++) {
        const value = (row as Record<string, unknown>)[keys[c]];
        if (value === null || value === undefined) tuple[c] = null;
        else if (json[c]) tuple[c] = value;
        else {
          const driver = columns[keys[c]].mapToDriverValue(value);
          if (safe && !jsonSafe(driver) && !(Array.isArray(driver) && driver.every(jsonSafe))) safe = false;
          tuple[c] = driver;
        }
      }
      return tuple;
    });
    let statement: SQL;
    if (safe) {
      // Rows go as arrays (no key repeated per row) read by position from jsonb, parsed once
      // (json_to_recordset with named keys was 3× slower with array columns; json re-parses per ->).
      const fields = keys.map((k, c) => `(r->>${c})::${columns[k].getSQLType()}`);
      // json and array columns are taken as JSON (->) so that objects and arrays keep their shape.
      const exprs = keys.map((k, c) => {
        const type = columns[k].getSQLType();
        if (json[c]) return `(r->${c})::${type}`;
        if (type.endsWith('[]'))
          return `case when jsonb_typeof(r->${c}) = 'array' then array(select jsonb_array_elements_text(r->${c}))::${type} end`;
        return fields[c];
      });
      statement = sql`insert into ${target} select ${sql.raw(exprs.join(', '))} from jsonb_array_elements(${JSON.stringify(tuples)}::jsonb) as r${conflict}${returning}`;
    } else {
      const arrays = keys.map((key, c) => {
        const column = columns[key];
        const values = tuples.map((t) => (t[c] === null ? null : json[c] ? column.mapToDriverValue(t[c]) : t[c]));
        return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`;
      });
      statement = sql`insert into ${target} select * from unnest(${sql.join(arrays, sql`, `)})${conflict}${returning}`;
    }
    const result = (await db.execute(statement)) as unknown as { rows: Pick<T['$inferSelect'], K>[] };
    returned.push(...result.rows);
  }
  return returned;
}

/**
 * The rows as COPY text lines, or null when a value has no plain text form here (bytes, bigint,
 * arrays): those go by INSERT.
 */
function copyRows(
  rows: Record<string, unknown>[],
  keys: string[],
  columns: Column[],
  json: boolean[],
): string[] | null {
  const lines: string[] = new Array(rows.length);
  const cells: string[] = new Array(keys.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < keys.length; c++) {
      const value = row[keys[c]];
      if (value === null || value === undefined) cells[c] = '\\N';
      else if (json[c]) cells[c] = copyText(JSON.stringify(value));
      else {
        const driver = columns[c].mapToDriverValue(value);
        if (driver === null || driver === undefined) cells[c] = '\\N';
        else if (typeof driver === 'string') cells[c] = copyText(driver);
        else if (typeof driver === 'number' && Number.isFinite(driver)) cells[c] = String(driver);
        else if (typeof driver === 'boolean') cells[c] = driver ? 't' : 'f';
        else return null;
      }
    }
    lines[r] = `${cells.join('\t')}\n`;
  }
  return lines;
}

/**
 * The select list of `table`'s columns `keys` (by property), each read by `read` (an SQL expression
 * of the key, told whether the column is json) and cast to its column's type, and the matching column
 * names: for INSERT … SELECT of rows already in the database (an import's staged rows), with no round
 * trip through the process.
 */
export function selectColumnsOf(
  table: PgTable,
  keys: readonly string[],
  read: (key: string, json: boolean) => string,
): { names: string; exprs: string } {
  const columns = getTableColumns(table);
  const names: string[] = [];
  const exprs: string[] = [];
  for (const key of keys) {
    const column = columns[key];
    if (!column) throw new Error(`selectColumnsOf: no column ${key} in ${getTableName(table)}`);
    names.push(`"${column.name}"`);
    exprs.push(`(${read(key, isJsonColumn(column))})::${column.getSQLType()}`);
  }
  return { names: names.join(', '), exprs: exprs.join(', ') };
}

/** `selectColumnsOf` reading each column from a jsonb value `json` keyed by property name. */
export const jsonColumnsOf = (table: PgTable, keys: readonly string[], json: string) =>
  selectColumnsOf(table, keys, (key, isJson) => (isJson ? `${json}->'${key}'` : `${json}->>'${key}'`));
