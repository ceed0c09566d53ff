// Screenshots of each role's 工作台 (issue 19 item 4) at 1440×900 and 390×844 for docs/usability.md.
// Usage: npx tsx scripts/workbench-shots.ts http://127.0.0.1:3000   (a running server with the demo)
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

const ROLES = ['issuer', 'province', 'city', 'county', 'institution', 'examcentre', 'examiner', 'employer', 'worker'];
const SIZES = [
  { name: 'desktop', viewport: { width: 1440, height: 900 }, isMobile: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
];

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = new URL('../docs/screenshots/', import.meta.url).pathname;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  for (const role of ROLES)
    for (const size of SIZES) {
      const context = await browser.newContext({
        baseURL: base,
        locale: 'zh-CN',
        viewport: size.viewport,
        isMobile: size.isMobile,
      });
      const page = await context.newPage();
      await withChineseFont(page);
      await page.goto('/login');
      await page.getByLabel('用户名').fill(role);
      await page.getByLabel('密码').fill('Quanlian@2026');
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('button', { name: '退出登录' }).first().waitFor();
      await page.goto('/dashboard');
      await page.getByText('待办概况').waitFor({ timeout: 15_000 });
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${out}workbench-${role}-${size.name}.png`, fullPage: size.isMobile });
      await context.close();
    }
} finally {
  await browser.close();
}
