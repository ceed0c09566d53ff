// insertMany's COPY path (issue 18): a large batch without RETURNING / ON CONFLICT goes by COPY, on both
// databases, inside the caller's transaction, with every value arriving exactly as an INSERT would store it.
import { sql } from 'drizzle-orm';
import { boolean, date, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/database.js';
import { insertMany } from './bulk.js';
import type { Database } from './index.js';

const probe = pgTable('bulk_copy_probe', {
  n: integer('n').notNull(),
  label: text('label'),
  flag: boolean('flag').notNull(),
  day: date('day', { mode: 'string' }),
  at: timestamp('at', { withTimezone: true, mode: 'date' }),
  doc: jsonb('doc'),
});

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(
    sql`create table bulk_copy_probe (n integer not null check (n >= 0), label text, flag boolean not null, day date, at timestamptz, doc jsonb)`,
  );
});
afterAll(() => database.close());

// Text that COPY's text format must escape: tab, newline, carriage return, backslash, a literal "\N".
const awkward = (i: number) => `行${i}\t制表\n换行\r回车\\反斜杠 \\N 非空`;

describe('insertMany by COPY', () => {
  it('stores 1,000 rows with escapes, nulls, dates and JSON exactly, inside the caller’s transaction', async () => {
    const at = new Date('2026-12-07T01:02:03.456Z');
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      n: i,
      label: i % 7 === 0 ? null : awkward(i),
      flag: i % 2 === 0,
      day: i % 5 === 0 ? null : '2026-12-07',
      at: i % 3 === 0 ? null : at,
      doc: i % 11 === 0 ? null : { name: awkward(i), list: [1, '2', null], nested: { ok: true } },
    }));
    await database.db.transaction(async (tx) => {
      expect(await insertMany(tx, probe, rows)).toEqual([]);
    });
    const stored = await database.db.select().from(probe).orderBy(probe.n);
    expect(stored).toHaveLength(1000);
    for (const [i, row] of stored.entries()) expect(row).toEqual(rows[i]);
  });

  it('is all-or-nothing with the transaction: a refused row (check constraint) leaves nothing behind', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ n: i === 499 ? -1 : 5000 + i, flag: true }));
    await expect(database.db.transaction((tx) => insertMany(tx, probe, rows))).rejects.toThrow();
    const [{ count }] = (
      (await database.db.execute(
        sql`select count(*)::int as count from bulk_copy_probe where n >= 5000`,
      )) as unknown as {
        rows: Array<{ count: number }>;
      }
    ).rows;
    expect(count).toBe(0);
  });
});
