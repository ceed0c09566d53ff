// Time from `serve` to the first /healthz 200: on a fresh data folder (migrate + demo seed) and on a
// second start of the same folder. Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

async function startOnce(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/main.ts', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return performance.now() - started;
      } catch {
        // not yet listening
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
  const fresh = await startOnce(dataDir, port);
  const again = await startOnce(dataDir, port);
  console.log(`start → first /healthz 200, fresh data folder (migrate + demo seed): ${(fresh / 1000).toFixed(2)} s`);
  console.log(`start → first /healthz 200, second start of the same folder:        ${(again / 1000).toFixed(2)} s`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
