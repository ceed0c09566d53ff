// Browser journey of the plan page's data-driven sections (SUP-1, SUP-2): the city regulator sees the
// new institution's first-class inspection, the year's coverage, the demo's risk-weighted draw with its
// seed, and plans the 回头看 proposals in one action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, logIn } from './support.js';

describe('inspection planning journey (SUP-1, SUP-2)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  it('SUP-1 the plan page shows first-class tasks, coverage and the draw; SUP-2 回头看 proposals join the plan in one action', async () => {
    const page = await logIn(browser, 'city');
    await page.goto('/supervision/inspections');
    await page.getByRole('tab', { name: '首期开班检查' }).click();
    await page
      .getByRole('row')
      .filter({ hasText: '成都天府安泰安全技术培训中心' })
      .filter({ hasText: '低压电工作业第1期' })
      .waitFor();
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/first-class.png`, fullPage: true });

    await page.getByRole('tab', { name: '年度全面检查' }).click();
    await page.getByRole('row').filter({ hasText: '成都天府安泰安全技术培训中心' }).getByText('未列入计划').waitFor();
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/coverage.png`, fullPage: true });

    await page.getByRole('tab', { name: '随机抽取生产经营单位' }).click();
    await page.getByText('20261201', { exact: true }).waitFor();
    await page.getByText('按种子复核一致').waitFor();
    await expect
      .poll(() => page.getByRole('row').filter({ hasText: '四川锦城建设工程有限公司' }).count())
      .toBeGreaterThan(0);
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/draw.png`, fullPage: true });

    await page.getByRole('tab', { name: '回头看' }).click();
    // The demo's repeated finding (other journeys on the same server may add their own).
    await page
      .getByText(/^同一检查项 12 个月内再次发现问题：/)
      .first()
      .waitFor();
    await page
      .getByText(/^\d+ 个问题逾期未整改/)
      .first()
      .waitFor();
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/reinspection.png`, fullPage: true });
    await page.getByRole('button', { name: /全部 \d+ 家列入计划/ }).click();
    await page.getByText('已列入检查计划（回头看）').waitFor();
    await page.getByRole('button', { name: '开始回头看' }).first().waitFor();
    await page.getByRole('tab', { name: /计划条目/ }).click();
    await page.getByRole('row').filter({ hasText: '锦江区特种作业考试点' }).getByText('回头看').waitFor();
  });
});
