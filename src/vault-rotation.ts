// `npm run vault:rotate` (SEC-3, docs/crypto.md): re-seals every sealed column with the current
// profile and secret (SM4-GCM 'g1' under gm, AES-256-GCM 'v1' otherwise) and recomputes the keyed
// look-up hashes beside them, while the server keeps running. Rows are read in keyset order in small
// batches outside any transaction; each batch is written in one short transaction, and a row is only
// overwritten if its sealed value is still the one read (a concurrent write, already current, wins).
// Until a row is rewritten, `vault.open` reads its old format (QUANLIAN_SECRET_PREVIOUS for an old
// secret) and look-ups try every hash it may be stored under (`vault.lookupHashes`).
//
// The sealed columns are found in the catalogue (every text column named `*_sealed` of a table with a
// primary key), so a module adding one is covered without a change here; a `*_hash` column
// beside an `id_number_sealed`/`phone_sealed` is that value's look-up hash.
import { sql } from 'drizzle-orm';
import type { Executor } from './db/index.js';
import { rowsOf } from './db/read.js';
import { appendAudit } from './kernel/audit.js';
import type { AppContext } from './kernel/context.js';
import type { LookupKind } from './kernel/vault.js';

const HASHED: Record<string, LookupKind> = { id_number: 'id_number', phone: 'phone' };

interface SealedTable {
  table: string;
  /** The primary key's columns and their types, in the key's order (keyset pagination on the tuple). */
  key: { name: string; type: string }[];
  columns: { sealed: string; hash: string | null; kind: LookupKind | null }[];
}

export interface RotationReport {
  profile: string;
  tables: { table: string; rows: number; resealed: number }[];
  resealed: number;
  failed: { table: string; key: string; error: string }[];
  /**
   * Staged rows of bulk imports awaiting their commit (kernel/imports): values re-sealed inside their
   * JSON, and the uploads whose checked rows could not be carried over (re-upload needed).
   */
  stagedImports?: { rows: number; resealed: number; invalidated: string[] };
}

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

/** Every table with sealed columns, from the database's own catalogue. */
export async function sealedTables(db: Executor): Promise<{ covered: SealedTable[]; uncovered: string[] }> {
  const cols = await rowsOf<{ table: string; column: string }>(
    db,
    sql`select table_name as "table", column_name as "column" from information_schema.columns
        where table_schema = 'public' and data_type = 'text' and (column_name like '%\\_sealed' or column_name like '%\\_hash')
        order by table_name, column_name`,
  );
  const keys = await rowsOf<{ table: string; columns: string; types: string }>(
    db,
    sql`select c.relname as "table",
               string_agg(a.attname, ',' order by array_position(i.indkey::int2[], a.attnum)) as "columns",
               string_agg(format_type(a.atttypid, a.atttypmod), ',' order by array_position(i.indkey::int2[], a.attnum)) as "types"
        from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace ns on ns.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
        where i.indisprimary and ns.nspname = 'public' group by c.relname`,
  );
  const keyOf = new Map(
    keys.map((k) => {
      const types = k.types.split(',');
      return [k.table, k.columns.split(',').map((name, i) => ({ name, type: types[i] }))];
    }),
  );
  const byTable = new Map<string, Set<string>>();
  for (const c of cols) byTable.set(c.table, (byTable.get(c.table) ?? new Set()).add(c.column));
  const covered: SealedTable[] = [];
  const uncovered: string[] = [];
  for (const [table, names] of byTable) {
    const sealed = [...names].filter((n) => n.endsWith('_sealed'));
    if (!sealed.length) continue;
    const key = keyOf.get(table);
    if (!key) {
      uncovered.push(table);
      continue;
    }
    covered.push({
      table,
      key,
      columns: sealed.map((s) => {
        const base = s.slice(0, -'_sealed'.length);
        const hash = names.has(`${base}_hash`) && HASHED[base] ? `${base}_hash` : null;
        return { sealed: s, hash, kind: hash ? HASHED[base] : null };
      }),
    });
  }
  return { covered, uncovered };
}

/**
 * Re-seals and re-hashes everything not yet in the current form, `batchSize` rows per transaction.
 * Safe to run again (what is current is skipped) and beside a running server.
 */
export async function rotateVault(
  ctx: AppContext,
  options: { batchSize?: number; log?: (line: string) => void } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 200;
  const log = options.log ?? (() => {});
  const { covered, uncovered } = await sealedTables(ctx.db);
  const report: RotationReport = { profile: ctx.vault.profile, tables: [], resealed: 0, failed: [] };
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx.clock, null, {
      action: 'vault.rotate_start',
      entityType: 'vault',
      entityId: ctx.vault.profile,
      after: { profile: ctx.vault.profile, tables: covered.map((t) => t.table) },
    }),
  );
  for (const t of covered) {
    const done = await rotateTable(ctx, t, batchSize, report);
    report.tables.push({ table: t.table, ...done });
    report.resealed += done.resealed;
    log(`${t.table}: ${done.rows} rows read, ${done.resealed} values re-sealed`);
  }
  // Checked rows of the shared import mechanism waiting for their commit hold sealed values and
  // look-up hashes inside JSON: re-sealed and re-hashed here, or their upload is checked again.
  report.stagedImports = await rotateStagedImportRows(ctx, batchSize, report.resealed > 0);
  report.resealed += report.stagedImports.resealed;
  log(
    `bulk_import_rows: ${report.stagedImports.rows} rows read, ${report.stagedImports.resealed} rows re-sealed, ${report.stagedImports.invalidated.length} uploads to re-upload`,
  );
  for (const table of uncovered) report.failed.push({ table, key: '', error: 'no primary key: not rotated' });
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx.clock, null, {
      action: 'vault.rotate',
      entityType: 'vault',
      entityId: ctx.vault.profile,
      after: {
        profile: report.profile,
        resealed: report.resealed,
        tables: report.tables,
        failed: report.failed.length,
      },
    }),
  );
  return report;
}

async function rotateTable(ctx: AppContext, t: SealedTable, batchSize: number, report: RotationReport) {
  let after: (string | null)[] | null = null;
  let rows = 0;
  let resealed = 0;
  const keyTuple = sql`(${sql.join(
    t.key.map((k) => ident(k.name)),
    sql`, `,
  )})`;
  const valueTuple = (values: (string | null)[]) =>
    sql`(${sql.join(
      t.key.map((k, i) => sql`${values[i]}::${sql.raw(k.type)}`),
      sql`, `,
    )})`;
  const keyText = sql.join(
    t.key.map((k, i) => sql`${ident(k.name)}::text as ${ident(`__k${i}`)}`),
    sql`, `,
  );
  for (;;) {
    const batch: Record<string, string | null>[] = await rowsOf<Record<string, string | null>>(
      ctx.db,
      sql`select ${keyText}, ${sql.join(
        t.columns.map((c) => ident(c.sealed)),
        sql`, `,
      )} from ${ident(t.table)}
          ${after === null ? sql`` : sql`where ${keyTuple} > ${valueTuple(after)}`}
          order by ${keyTuple} limit ${batchSize}`,
    );
    if (!batch.length) break;
    const keyOfRow = (row: Record<string, string | null>) => t.key.map((_, i) => row[`__k${i}`]);
    after = keyOfRow(batch[batch.length - 1]);
    rows += batch.length;
    const updates: {
      key: (string | null)[];
      column: SealedTable['columns'][number];
      old: string;
      sealed: string;
      hash: string | null;
    }[] = [];
    for (const row of batch) {
      for (const c of t.columns) {
        const old = row[c.sealed];
        if (!old) continue;
        // Without a look-up hash to refresh, a value already in the current form is not even opened.
        if (!c.hash && ctx.vault.surelyCurrent(old)) continue;
        try {
          const { plain, current } = ctx.vault.openWithOrigin(old);
          const hash = c.kind ? ctx.vault.lookupHash(c.kind, plain) : null;
          // A current seal is left alone; its hash is recomputed anyway (cheap, and it may be stale).
          updates.push({ key: keyOfRow(row), column: c, old, sealed: current ? old : ctx.vault.seal(plain), hash });
        } catch (err) {
          report.failed.push({
            table: t.table,
            key: keyOfRow(row).join(','),
            error: `${c.sealed}: ${(err as Error).message}`,
          });
        }
      }
    }
    const changing = updates.filter((u) => u.sealed !== u.old || u.hash);
    if (!changing.length) continue;
    try {
      resealed += await ctx.db.transaction(async (tx) => {
        let n = 0;
        for (const u of changing) {
          const set = u.column.hash
            ? sql`${ident(u.column.sealed)} = ${u.sealed}, ${ident(u.column.hash)} = ${u.hash}`
            : sql`${ident(u.column.sealed)} = ${u.sealed}`;
          // Only if the value is still the one read: a concurrent write (already current) wins.
          const changed = await rowsOf(
            tx,
            sql`update ${ident(t.table)} set ${set}
                where ${keyTuple} = ${valueTuple(u.key)} and ${ident(u.column.sealed)} = ${u.old}
                  ${u.column.hash ? sql`and (${ident(u.column.sealed)} <> ${u.sealed} or ${ident(u.column.hash)} is distinct from ${u.hash})` : sql``}
                returning 1 as one`,
          );
          if (changed.length && u.sealed !== u.old) n += 1;
          // The injury register keeps the worker's ID-number hash without the number (ANA-2).
          if (t.table === 'workers' && u.column.sealed === 'id_number_sealed' && changed.length)
            await tx.execute(
              sql`update work_injuries set id_number_hash = ${u.hash} where worker_id = ${u.key[0]}::uuid`,
            );
        }
        return n;
      });
    } catch (err) {
      report.failed.push({ table: t.table, key: `batch after ${after.join(',')}`, error: (err as Error).message });
    }
  }
  return { rows, resealed };
}

const LOOKUP_OF_SEALED: Record<string, LookupKind> = { idNumber: 'id_number', phone: 'phone' };

/**
 * Re-seals, inside one staged row's JSON, every `<name>Sealed` value not in the current form and
 * recomputes its `<name>Hash` sibling (ID number, phone). Says whether anything changed, and whether
 * the row holds a look-up hash with no sealed value beside it (which cannot be recomputed).
 */
function resealStaged(ctx: AppContext, value: unknown): { changed: boolean; orphanHash: boolean } {
  let changed = false;
  let orphanHash = false;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    for (const [key, v] of Object.entries(obj)) {
      if (key.endsWith('Sealed') && typeof v === 'string' && v) {
        const base = key.slice(0, -'Sealed'.length);
        const { plain, current } = ctx.vault.openWithOrigin(v);
        if (!current) {
          obj[key] = ctx.vault.seal(plain);
          changed = true;
        }
        const kind = LOOKUP_OF_SEALED[base];
        const hashKey = `${base}Hash`;
        if (kind && typeof obj[hashKey] === 'string') {
          const hash = ctx.vault.lookupHash(kind, plain);
          if (obj[hashKey] !== hash) {
            obj[hashKey] = hash;
            changed = true;
          }
        }
      } else if ((key === 'hash' || key.endsWith('Hash')) && typeof v === 'string') {
        const base = key === 'hash' ? '' : key.slice(0, -'Hash'.length);
        if (!base || typeof obj[`${base}Sealed`] !== 'string') orphanHash = true;
      } else walk(v);
    }
  };
  walk(value);
  return { changed, orphanHash };
}

async function rotateStagedImportRows(ctx: AppContext, batchSize: number, rotatedAnything: boolean) {
  let after: { importId: string; rowNo: number } | null = null;
  let rows = 0;
  let resealed = 0;
  const orphaned = new Set<string>();
  let changedAny = false;
  for (;;) {
    const batch: { importId: string; rowNo: number; data: Record<string, unknown> }[] = await rowsOf(
      ctx.db,
      sql`select import_id::text as "importId", row_no as "rowNo", data from bulk_import_rows
            ${after ? sql`where (import_id, row_no) > (${after.importId}::uuid, ${after.rowNo})` : sql``}
            order by import_id, row_no limit ${batchSize}`,
    );
    if (!batch.length) break;
    after = batch[batch.length - 1];
    rows += batch.length;
    const changed: typeof batch = [];
    for (const r of batch) {
      const result = resealStaged(ctx, r.data);
      if (result.orphanHash) orphaned.add(r.importId);
      if (result.changed) changed.push(r);
    }
    if (!changed.length) continue;
    changedAny = true;
    await ctx.db.transaction(async (tx) => {
      for (const r of changed)
        await tx.execute(
          sql`update bulk_import_rows set data = ${JSON.stringify(r.data)}::jsonb
              where import_id = ${r.importId}::uuid and row_no = ${r.rowNo}`,
        );
    });
    resealed += changed.length;
  }
  // A staged look-up hash without its value (a person matched by ID number) cannot be recomputed: once
  // the keys changed, such an upload's check no longer matches the platform, so it is checked afresh
  // by a re-upload instead of committing rows that would miss their people (REG-2).
  const invalidated: string[] = [];
  if (rotatedAnything || changedAny)
    for (const importId of orphaned) {
      const done = await ctx.db.transaction(async (tx) => {
        const hit = await rowsOf<{ id: string }>(
          tx,
          sql`update bulk_imports set status = 'failed',
                message = '个人信息密钥已轮换，该文件的检查结果已失效，未写入任何数据；请重新上传该文件。'
              where id = ${importId}::uuid and status = 'ready' returning id::text as id`,
        );
        if (hit.length) await tx.execute(sql`delete from bulk_import_rows where import_id = ${importId}::uuid`);
        return hit.length > 0;
      });
      if (done) invalidated.push(importId);
    }
  return { rows, resealed, invalidated };
}
