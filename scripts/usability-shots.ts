// Screenshots for docs/usability.md: the phone shell (390×844) and the grouped desktop menu.
// Usage: npx tsx scripts/usability-shots.ts http://127.0.0.1:3000   (a running server with the demo)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

// Headless Chromium here has no Chinese font: the page gets the one the PDFs use, served same-origin.
const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '../fonts');
const font = readFileSync(path.join(fontDir, 'NotoSansHans-Regular.otf'));
async function withChineseFont(page: Page) {
  await page.route('**/__shots-font.otf', (route) => route.fulfill({ body: font, contentType: 'font/otf' }));
  page.on('load', () => {
    void page.addStyleTag({
      content:
        "@font-face{font-family:'QLShots';src:url('/__shots-font.otf')} *{font-family:'QLShots',sans-serif !important}",
    });
  });
}

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = new URL('../docs/screenshots/', import.meta.url).pathname;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
async function logIn(username: string, viewport: { width: number; height: number }, isMobile = false) {
  const page = await (await browser.newContext({ baseURL: base, locale: 'zh-CN', viewport, isMobile })).newPage();
  await withChineseFont(page);
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('Quanlian@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '退出登录' }).first().waitFor();
  return page;
}
try {
  const phone = await logIn('city', { width: 390, height: 844 }, true);
  await phone.goto('/supervision/inspections');
  await phone.getByRole('tab').first().waitFor();
  await phone.waitForTimeout(1500);
  await phone.screenshot({ path: `${out}phone-inspections.png` });
  await phone.getByRole('button', { name: '菜单' }).click();
  await phone.waitForTimeout(800);
  await phone.screenshot({ path: `${out}phone-drawer.png` });
  const desk = await logIn('city', { width: 1440, height: 900 });
  await desk.goto('/supervision/inspections');
  await desk.getByRole('tab').first().waitFor();
  await desk.waitForTimeout(1500);
  await desk.screenshot({ path: `${out}desktop-grouped-menu.png` });
  const admin = await logIn('admin', { width: 1440, height: 900 });
  await admin.goto('/users');
  await admin.getByRole('button', { name: '重置密码' }).first().waitFor();
  await admin.screenshot({ path: `${out}desktop-accounts.png` });
} finally {
  await browser.close();
}
