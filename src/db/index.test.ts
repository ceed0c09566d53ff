import { execFile, spawn } from 'node:child_process';
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
  }, 300_000);

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
  }, 300_000);
});

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const HOLDER = path.resolve(import.meta.dirname, 'lock-holder.fixture.ts');

/** Starts the lock-holder fixture; `next()` resolves with each line it prints, in order. */
function startHolder(dir: string, blockMs: number, when: 'now' | 'wait') {
  const child = spawn(TSX, [HOLDER, dir, String(blockMs), when], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  let buffer = '';
  const deliver = (line: string) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  };
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      deliver(buffer.slice(0, i).trim());
      buffer = buffer.slice(i + 1);
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      for (const w of waiting.splice(0)) w('exited');
      resolve(code);
    }),
  );
  return {
    child,
    exited,
    next: () => new Promise<string>((resolve) => (lines.length ? resolve(lines.shift()!) : waiting.push(resolve))),
    go: () => child.stdin.write('go\n'),
  };
}

describe('data folder lock', () => {
  it('refuses a second server while the first is blocked for 30 s, and frees the folder at once after SIGKILL', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'quanlian-lock-'));
    // Started (Node, tsx, modules loaded) ahead, so each attempt happens exactly when the test says.
    const second = startHolder(dir, 0, 'wait');
    const restart = startHolder(dir, 0, 'wait');
    try {
      expect(await second.next()).toBe('ready');
      expect(await restart.next()).toBe('ready');
      const first = startHolder(dir, 30_000, 'now');
      const opened = await first.next();
      expect(opened).toMatch(/^open/);
      // The process holding the lock (tsx runs the fixture in a child of its own).
      const holderPid = Number(opened.split(' ')[3]);
      // 20 s into the block: the old lock had gone stale by then and let a second server in.
      await new Promise((r) => setTimeout(r, 20_000));
      second.go();
      expect(await second.next()).toBe('locked');
      expect(await second.exited).toBe(3);

      process.kill(holderPid, 'SIGKILL');
      await first.exited;
      while (isAlive(holderPid)) await new Promise((r) => setTimeout(r, 10));
      const killedAt = performance.now();
      restart.go();
      const line = await restart.next();
      const sinceKill = Math.round(performance.now() - killedAt);
      expect(line).toMatch(/^open \d+ \d+ \d+$/);
      const [, lockMs, openMs] = line.split(' ').map(Number);
      console.log(
        `restart after SIGKILL: lock taken in ${lockMs} ms, database open in ${openMs} ms, ${sinceKill} ms after the kill`,
      );
      expect(lockMs).toBeLessThan(2_000);
      expect(await restart.exited).toBe(0);
    } finally {
      second.child.kill();
      restart.child.kill();
      await rm(dir, { recursive: true, force: true });
    }
  }, 400_000);
});
