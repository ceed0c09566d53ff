// A city regulator's journey through 统计分析 in a real browser (ANA-3, ANA-1): the dashboard's
// figures, a figure opening the list behind it with the same count, the county drill-down, charts
// that really drew (pixels checked on the canvas and a screenshot taken), and the campaign table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logIn } from './support.js';

/** Coloured (non-white, non-transparent) pixels on the chart canvases under `scope`. */
async function paintedPixels(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((root) => {
      let painted = 0;
      for (const canvas of Array.from(root.querySelectorAll('canvas'))) {
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        if (!data) continue;
        for (let i = 0; i < data.length; i += 4)
          if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) painted += 1;
      }
      return painted;
    });
}

describe('analytics dashboard and campaign statistics (ANA-3, ANA-1)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await logIn(browser, 'city');
  }, 60_000);
  afterAll(async () => browser?.close());

  it('ANA-3 a figure opens a list of the same length; the charts drew; a county drill-down works', async () => {
    await page.goto('/analytics');
    const card = page.getByTestId('metric-findings_open');
    await card.waitFor();
    await expect
      .poll(async () => (await card.locator('.ant-statistic-content-value').innerText()).trim(), { timeout: 15_000 })
      .toMatch(/^\d+$/);
    const figure = Number((await card.locator('.ant-statistic-content-value').innerText()).replace(/,/g, ''));
    expect(figure, 'the demo has open findings').toBeGreaterThan(0);
    await card.click();
    const drawer = page.getByRole('dialog').filter({ hasText: '未闭环的检查问题' });
    await drawer.locator('.ant-table-row').first().waitFor();
    expect(await drawer.locator('.ant-table-row').count()).toBe(Math.min(figure, 20));
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await page.getByText('下级地区分布').waitFor();
    await expect
      .poll(() => paintedPixels(page, '.ant-card:has-text("下级地区分布")'), { timeout: 15_000 })
      .toBeGreaterThan(500);
    await expect
      .poll(() => paintedPixels(page, '.ant-card:has-text("证书核验量")'), { timeout: 15_000 })
      .toBeGreaterThan(500);
    await page.screenshot({ path: '/tmp/analytics-dashboard.png', fullPage: true });

    // Drill down to a county from the table under the chart.
    await page.locator('.ant-card:has-text("下级地区分布") .ant-table-row a').first().click();
    await page.locator('.ant-breadcrumb-link').nth(1).waitFor();
    await expect.poll(() => page.getByText('下级地区分布').count(), { timeout: 15_000 }).toBe(0);
  });

  it('ANA-1 the campaign table shows recorded figures, fines as a sum in 万元 with 2 decimals that opens to the fines behind it', async () => {
    await page.goto('/analytics');
    await page.getByRole('tab', { name: '专项整治统计' }).click();
    await page.getByRole('row').filter({ hasText: '检查培训机构（家）' }).waitFor();
    const fines = page.getByRole('row').filter({ hasText: '罚款（万元）' });
    await fines.getByText(/^\d+\.\d{2}$/).click();
    await page
      .locator('.ant-drawer')
      .getByText(/^合计 \d+\.\d{2} 万元/)
      .waitFor();
    // The sum comes with the response; the rows render just after it.
    await page.locator('.ant-drawer .ant-table-row').first().waitFor();
    expect(await page.locator('.ant-drawer .ant-table-row').count()).toBeGreaterThan(0);
  });
});
