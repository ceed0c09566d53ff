// Screenshots of each role's 工作台 (issue 19 item 4) at 1440×900 and 390×844 for docs/usability.md.
// Usage: npx tsx scripts/workbench-shots.ts http://127.0.0.1:3000 [role …]   (a running server with the demo)
// A shot that fails (a page slow on a busy machine) is named and the others still taken; exit 1 then.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import sharp from 'sharp';

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

const ALL_ROLES = [
  'issuer',
  'province',
  'city',
  'county',
  'institution',
  'examcentre',
  'examiner',
  'employer',
  'worker',
];
const ROLES = process.argv.length > 3 ? process.argv.slice(3) : ALL_ROLES;
const SIZES = [
  { name: 'desktop', viewport: { width: 1440, height: 900 }, isMobile: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
];

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = new URL('../docs/screenshots/', import.meta.url).pathname;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const failed: string[] = [];
try {
  for (const role of ROLES)
    for (const size of SIZES) {
      const context = await browser.newContext({
        baseURL: base,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: size.viewport,
        isMobile: size.isMobile,
      });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(60_000);
        await withChineseFont(page);
        await page.goto('/login');
        await page.getByLabel('用户名').fill(role);
        await page.getByLabel('密码').fill('Quanlian@2026');
        await page.getByRole('button', { name: '登录' }).click();
        await page.getByRole('button', { name: '退出登录' }).first().waitFor();
        await page.goto('/dashboard');
        // The worker's phone home (WorkerShell) has no 待办概况 panel: its queues are cards above 常用功能.
        await page
          .getByText(/待办概况|常用功能/)
          .first()
          .waitFor();
        // The overdue chart is lazy (echarts chunk): wait for its canvas where the role has queues.
        await page
          .locator('canvas')
          .first()
          .waitFor({ timeout: 20_000 })
          .catch(() => undefined);
        await page.waitForTimeout(1500);
        // The phone's whole page; kept small for the repository (≈ 1 MB for all 18): a palette PNG, the
        // phone at 390 px wide (not its device scale), text still sharp.
        const shot = await page.screenshot({ fullPage: size.isMobile });
        const png = sharp(shot);
        if (size.isMobile) png.resize({ width: size.viewport.width });
        await png
          .png({ palette: true, quality: 80, compressionLevel: 9, effort: 8 })
          .toFile(`${out}workbench-${role}-${size.name}.png`);
        console.log(`workbench-${role}-${size.name}.png`);
      } catch (err) {
        failed.push(`${role} ${size.name}: ${(err as Error).message.split('\n')[0]}`);
      } finally {
        await context.close();
      }
    }
} finally {
  await browser.close();
}
if (failed.length) {
  console.error(`Not taken:\n${failed.join('\n')}`);
  process.exit(1);
}
