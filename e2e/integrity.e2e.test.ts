// A patroller's and a regulator's journey in a real browser (INT-6, INT-1, seed 000 §9): the live
// patrol board shows a session in progress, a live flag appears on a candidate answering like a
// machine, the patroller cancels that score with a reason; then the regulator confirms a flag and
// sees the site proposed for suspension.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logIn } from './support.js';

const LIVE_SITE = '青羊区特种作业考试点';

describe('remote patrol and integrity decisions (INT-6, INT-1, INT-2)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await logIn(browser, 'city', { viewport: { width: 1280, height: 720 } });
  }, 60_000);
  afterAll(async () => browser?.close());

  it('INT-6 the patroller sees a live session, a live flag on a candidate, and cancels that score with a reason', async () => {
    await page.goto('/integrity/patrol');
    await page.getByText('实时推送').waitFor();
    const session = page.getByRole('row').filter({ hasText: LIVE_SITE });
    await session.getByText(/\d+ 项/).waitFor();
    await session.click();
    const drawer = page.getByRole('dialog').filter({ hasText: '实时疑点' });
    const flagged = drawer.getByRole('row').filter({ hasText: '机器自动答题迹象' }).first();
    await flagged.waitFor();
    await flagged.getByRole('button', { name: '取消成绩' }).click();
    const modal = page
      .getByRole('dialog')
      .filter({ hasText: '取消考生成绩' })
      .filter({ has: page.getByRole('textbox') });
    await modal.getByRole('textbox').fill('视频显示考生未操作而试题被连续作答');
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByText('已取消该考生成绩').waitFor();
    await drawer.getByRole('row').filter({ hasText: '已取消' }).first().waitFor();
    await page.keyboard.press('Escape');
    // The count kept for the national report.
    const cancellations = page.locator('.ant-statistic').filter({ hasText: '取消成绩' });
    await expect
      .poll(async () => Number(await cancellations.locator('.ant-statistic-content-value').innerText()), {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(1);
  });

  it('INT-2 the regulator confirms a flag with its evidence and sees the site proposed for suspension', async () => {
    await page.goto('/integrity');
    const row = page.getByRole('row').filter({ hasText: '所选答案与提交答案不一致' }).first();
    await row.waitFor();
    const siteName = (await row.locator('td').nth(3).innerText()).trim();
    await row.click();
    const drawer = page.getByRole('dialog').filter({ hasText: '处理意见' });
    await drawer.getByText('考生作答时间线').waitFor();
    await drawer.getByLabel('理由').fill('调取考场录像核实，提交答案被后台改动');
    await drawer.getByRole('button', { name: '提交处理意见' }).click();
    await page.getByText('已确认').first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: '暂停考点建议' }).click();
    await page.getByRole('tabpanel').getByRole('row').filter({ hasText: siteName }).first().waitFor();
  });
});
