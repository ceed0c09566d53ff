// Issue 22's budget: "the mobile portal's first load ≤ 300 kB of JavaScript (split from the
// back-office bundle)". Builds the web app, starts the platform on a fresh data folder with the demo
// (or uses BENCH_URL, a running demo server), and in Chromium at 390×844 logs the demo worker in and
// opens their first page (工作台), then 在线考试 and 我的证书. Every script and style sheet the browser
// fetched is summed raw, gzip -9 and brotli (as the server sends them: pre-compressed files, issue 19
// item 10). The references, in the same run: the public login page alone (before log-in), and the
// city regulator's first page on a 1440×900 desktop (the back office with its charts).
// Usage: npx tsx bench/mobile-bundle.ts   (BENCH_URL=http://127.0.0.1:3000 to skip the build and start)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'web/dist');
const PASSWORD = 'Quanlian@2026';
const BUDGET = 300 * 1024;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

interface Sizes {
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
  js: number; // brotli, JavaScript only
  jsGzip: number; // gzip -9, JavaScript only
  echarts: boolean;
}

/** Sizes of built files as sent: raw, gzip -9 and brotli (quality 11, vite-plugin-compression2's defaults). */
function sizesOf(urls: Iterable<string>): Sizes {
  const s: Sizes = { files: [], raw: 0, gzip: 0, brotli: 0, js: 0, jsGzip: 0, echarts: false };
  for (const url of urls) {
    const file = path.join(DIST, new URL(url).pathname);
    const body = readFileSync(file);
    const br = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    s.files.push(path.basename(file));
    s.raw += body.length;
    const gz = gzipSync(body, { level: 9 }).length;
    s.gzip += gz;
    s.brotli += br;
    if (file.endsWith('.js')) {
      s.js += br;
      s.jsGzip += gz;
    }
    if (/echarts/.test(file)) s.echarts = true;
  }
  return s;
}

/** Records the built scripts and style sheets a page fetches (from /assets/, with its content hash). */
function recordAssets(page: Page): Set<string> {
  const seen = new Set<string>();
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.pathname.startsWith('/assets/') && /\.(js|css)$/.test(u.pathname)) seen.add(req.url());
  });
  return seen;
}

async function context(browser: Browser, base: string, phone: boolean) {
  const opts: BrowserContextOptions = phone
    ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
    : { viewport: { width: 1440, height: 900 } };
  return browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...opts });
}

async function logIn(page: Page, username: string) {
  await page.goto('/login');
  await page.getByLabel(/用户名/).fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => url.pathname !== '/login' && url.pathname !== '/');
  await page.getByRole('button', { name: '退出登录' }).first().waitFor();
  await page.waitForLoadState('networkidle');
}

async function startServer(): Promise<{ base: string; stop(): Promise<void> }> {
  execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'quanlian-bundle-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  };
  for (const started = Date.now(); Date.now() - started < 900_000; ) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz/demo`);
      if (res.ok && ((await res.json()) as { demo: string }).demo === 'ready') return { base, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error('demo not ready in 15 minutes');
}

const server = process.env.BENCH_URL ? { base: process.env.BENCH_URL, stop: async () => {} } : await startServer();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  // Reference 1: the public login page alone.
  const loginCtx = await context(browser, server.base, true);
  const loginPage = await loginCtx.newPage();
  const loginAssets = recordAssets(loginPage);
  await loginPage.goto('/login');
  await loginPage.getByRole('button', { name: '登录' }).waitFor();
  await loginPage.waitForLoadState('networkidle');
  const login = sizesOf(loginAssets);
  await loginCtx.close();

  // The worker on a phone: log-in page, then the first page after it (工作台).
  const phoneCtx = await context(browser, server.base, true);
  const phone = await phoneCtx.newPage();
  const workerAssets = recordAssets(phone);
  await logIn(phone, 'worker');
  const first = sizesOf(workerAssets);
  // Their other daily pages, opened from the first one (what a day on the phone adds).
  for (const path of ['/exam', '/me/certificates']) {
    await phone.goto(path);
    await phone.waitForLoadState('networkidle');
  }
  const day = sizesOf(workerAssets);
  await phoneCtx.close();

  // Reference 2: the city regulator's desktop back office (its 工作台 draws charts).
  const deskCtx = await context(browser, server.base, false);
  const desk = await deskCtx.newPage();
  const deskAssets = recordAssets(desk);
  await logIn(desk, 'city');
  const office = sizesOf(deskAssets);
  await deskCtx.close();

  const row = (name: string, s: Sizes) =>
    `| ${name} | ${s.files.length} | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} | ${kb(s.jsGzip)} / ${kb(s.js)} | ${s.echarts ? 'yes' : 'no'} |`;
  console.log(`load average (1/5/15 min): ${load()}   ${new Date().toISOString()}`);
  console.log('| first load | files | raw | gzip -9 | brotli | of which JS (gzip / brotli) | echarts |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(row('reference: login page (390 px)', login));
  console.log(row('worker, 390×844: login + 工作台', first));
  console.log(row('worker, 390×844: + 在线考试 + 我的证书', day));
  console.log(row('reference: city regulator, 1440×900: login + 工作台', office));
  // The wording: "≤ 300 kB of JavaScript"; judged on gzip (every in-app browser takes it; brotli
  // is smaller still), and the chart library must not be among it.
  const verdict = first.jsGzip <= BUDGET && !first.echarts;
  console.log(
    `budget: the worker's first load ≤ 300 kB of JavaScript, compressed: ${kb(first.jsGzip)} gzip (${kb(first.js)} brotli; with CSS ${kb(first.gzip)} / ${kb(first.brotli)}) → ${verdict ? 'within' : 'OVER'}`,
  );
  if (process.env.BENCH_VERBOSE) console.log(first.files.join('\n'));
  process.exitCode = verdict ? 0 : 1;
} finally {
  await browser.close();
  await server.stop();
}
