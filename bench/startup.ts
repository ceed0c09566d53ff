// Start-up (issue 18): `serve` on a fresh data folder → first /healthz 200, the login page, and the
// moment the demo data is complete (the server listens first and loads the demo behind it); then a
// second start of the same folder → first /healthz 200. Prints figures with the load average; asserts nothing.
// Usage: npx tsx bench/startup.ts
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const hasWeb = existsSync(path.join(ROOT, 'web/dist/index.html'));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function ok(url: string, check: (res: Response) => Promise<boolean> = async (r) => r.ok): Promise<boolean> {
  try {
    return await check(await fetch(url));
  } catch {
    return false; // not yet listening
  }
}

async function startOnce(dataDir: string, port: number, waitForDemo: boolean) {
  const started = performance.now();
  // What `npm start` runs (scripts/start.mjs: the server bundle, rebuilt only when the sources changed).
  const child = spawn(process.execPath, ['scripts/start.mjs', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  const at: { healthz?: number; login?: number; demo?: number } = {};
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      if (at.healthz === undefined && (await ok(`${base}/healthz`))) at.healthz = performance.now() - started;
      if (at.healthz !== undefined && at.login === undefined && (!hasWeb || (await ok(`${base}/login`))))
        at.login = performance.now() - started;
      if (
        at.healthz !== undefined &&
        (!waitForDemo ||
          (await ok(`${base}/healthz/demo`, async (r) => ((await r.json()) as { demo: string }).demo !== 'loading')))
      ) {
        at.demo = performance.now() - started;
        return at;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'quanlian-bench-'));
const port = 3900 + Math.floor(Math.random() * 90);
try {
  console.log(`load average before: ${load()}`);
  const fresh = await startOnce(dataDir, port, true);
  console.log(`fresh data folder: first /healthz 200 after ${seconds(fresh.healthz!)} (target ≤ 15 s idle)`);
  console.log(
    `fresh data folder: login page 200 after ${hasWeb ? seconds(fresh.login!) : '— (web/dist not built)'}; demo data complete after ${seconds(fresh.demo!)}`,
  );
  const again = await startOnce(dataDir, port, false);
  console.log(
    `second start of the same folder: first /healthz 200 after ${seconds(again.healthz!)} (target ≤ 5 s idle)`,
  );
  console.log(`load average after: ${load()}`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
