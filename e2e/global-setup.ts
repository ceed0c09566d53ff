// Starts the real platform (embedded database, demo data) on a free port for the browser journeys.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    otherCityIdNumber: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// The first start listens at once and then seeds the demo (about a minute on an idle 2-core machine, several on a busy one).
async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 600_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      // Listening comes before the demo is loaded: wait until it is complete (or there is none).
      const res = await fetch(`${url}/healthz/demo`);
      if (res.ok && ['ready', 'none'].includes(((await res.json()) as { demo: string }).demo)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not become healthy in time');
}

/** A worker of another city (绵阳), read through the API as that city's regulator would. */
async function otherCityIdNumber(baseUrl: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'mianyang', password: 'Quanlian@2026' }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const list = (await (await fetch(`${baseUrl}/api/workers?pageSize=1`, { headers: { cookie } })).json()) as {
    items: Array<{ id: string }>;
  };
  const reveal = await fetch(`${baseUrl}/api/workers/${list.items[0].id}/reveal`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ field: 'idNumber' }),
  });
  return ((await reveal.json()) as { value: string }).value;
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'quanlian-e2e-'));
  const port = await freePort();
  // As `npm start` runs it: the server bundle (built here when stale), not tsx.
  const child = spawn(process.execPath, ['scripts/start.mjs', 'serve'], {
    cwd: ROOT,
    // E2E_TEST_CLOCK: the journeys may move this server's clock forward (TRN-3 learning on a fast clock).
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      E2E_TEST_CLOCK: '1',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child);
  } catch (err) {
    // A server that never became healthy must not outlive the run.
    child.kill('SIGTERM');
    throw err;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('otherCityIdNumber', await otherCityIdNumber(baseUrl));
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  };
}
