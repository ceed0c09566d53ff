// What every browser journey needs: the server's URL (from globalSetup, or E2E_BASE_URL against a
// running server), Debian's Chromium with the flags this machine needs, and a logged-in page.
import { expect, inject } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const BASE_URL = process.env.E2E_BASE_URL ?? inject('baseUrl') ?? 'http://127.0.0.1:3000';
/** The demo accounts' password (scripts/demo). */
export const DEMO_PASSWORD = 'Quanlian@2026';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** A page in a fresh context (1366×768, the exam-room PC, unless overridden; China time, as the platform's users), logged in as a demo account. */
export async function logIn(browser: Browser, username: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 768 },
    ...options,
  });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  // The landing page is reached through '/' (a redirect to the role's first menu entry): wait for it.
  await page.waitForURL((url) => url.pathname !== '/login' && url.pathname !== '/');
  await page.getByRole('button', { name: '退出登录' }).waitFor();
  return page;
}

/** A phone-sized page without an account (the public pages: /verify, /report). */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
    isMobile: true,
  });
  return context.newPage();
}

/** Waits until no antd select/cascader list is showing: a list still closing intercepts the next click. */
export async function dropdownsClosed(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('.ant-select-dropdown:visible, .ant-cascader-dropdown:visible').count(), {
      timeout: 10_000,
    })
    .toBe(0);
}

/** Calls the API with the page's session (and its CSRF token for writes); fails the test on an error status. */
export async function callApi<T>(page: Page, path: string, body?: unknown): Promise<T> {
  if (body === undefined) {
    const res = await page.request.get(path);
    if (!res.ok()) throw new Error(`GET ${path} → ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  }
  const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const res = await page.request.post(path, { data: body, headers: { 'x-csrf-token': csrfToken } });
  if (!res.ok()) throw new Error(`POST ${path} → ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The menu folder (step of the chain, web/src/app/menu.tsx) of the entries the journeys open. */
const MENU_FOLDER: Record<string, string> = {
  人员查询: '人员',
  发证任务: '证书',
  签名密钥: '证书',
  证书管理: '证书',
};

/**
 * Opens a back-office menu entry on the desktop shell. Long menus are grouped in folders by the
 * chain's steps (issue 19 item 10): a closed folder is opened first.
 */
export async function openMenuEntry(page: Page, name: string): Promise<void> {
  const entry = page.getByRole('menuitem', { name });
  const folder = MENU_FOLDER[name];
  if (folder && !(await entry.isVisible()))
    await page.getByRole('menuitem', { name: new RegExp(`(^|\\s)${folder}$`) }).click();
  await entry.click();
}
