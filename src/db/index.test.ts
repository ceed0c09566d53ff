import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../kernel/audit.js';
import { systemClock } from '../kernel/clock.js';
import { loadConfig } from '../config.js';
import { makeContext, prepareDatabase } from '../platform.js';
import { DataDirLockedError, openPglite } from './index.js';

const run = promisify(execFile);
const MAIN = path.resolve(import.meta.dirname, '../main.ts');
const TSX = path.resolve(import.meta.dirname, '../../node_modules/.bin/tsx');

/** Runs the CLI on a data folder; resolves with its exit code and output instead of throwing. */
async function cli(dataDir: string, command: string) {
  try {
    const { stdout, stderr } = await run(TSX, [MAIN, command], {
      env: { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false' },
    });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'quanlian-data-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('embedded database folder', () => {
  it('keeps its data across starts and refuses a second opener while open', async () => {
    const first = await openPglite(dataDir);
    await prepareDatabase(first);
    // The chain's key as the CLI will load it from this data folder (SEC-1).
    makeContext(first, loadConfig({ ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false' }));
    await first.db.transaction((tx) =>
      appendAudit(tx, systemClock, null, { action: 'test.persist', entityType: 'thing', entityId: '1' }),
    );
    await expect(openPglite(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    // Another process is refused too, with a message that says why.
    const other = await cli(dataDir, 'audit:verify');
    expect(other.code).not.toBe(0);
    expect(other.output).toContain('in use by another Quanlian process');
    await first.close();

    const again = await openPglite(dataDir);
    const result = (await again.db.execute(
      sql`select action from audit_records where action = 'test.persist'`,
    )) as unknown as { rows: unknown[] };
    expect(result.rows).toHaveLength(1);
    await again.close();
  }, 60_000);

  it('SEC-1 `audit:verify` exits 0 on an intact chain and non-zero naming the first broken record', async () => {
    const intact = await cli(dataDir, 'audit:verify');
    expect(intact.code).toBe(0);
    expect(intact.output).toMatch(/intact: \d+ records/);

    const db = await openPglite(dataDir);
    await db.db.execute(sql`update audit_records set actor_name = 'someone else' where seq = 1`);
    await db.close();
    const broken = await cli(dataDir, 'audit:verify');
    expect(broken.code).toBe(1);
    expect(broken.output).toContain('BROKEN at record 1');
  }, 60_000);
});
