// Issue 19 item 4: the issuer and the city regulator open their 工作台 on their queues, on a desk and on a phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logIn } from './support.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const SIZES = [
  { name: '1440×900', viewport: { width: 1440, height: 900 }, isMobile: false },
  { name: '390×844', viewport: { width: 390, height: 844 }, isMobile: true },
];

async function queueCard(page: Page, key: string) {
  await page.goto('/dashboard');
  await page.getByText('待办概况').waitFor();
  const card = page.getByTestId(`queue-${key}`);
  await card.waitFor();
  return card;
}

describe('工作台 queues (issue 19 item 4)', () => {
  for (const size of SIZES) {
    it(`CER-1 the issuer sees its pending issuance tasks, overdue first, at ${size.name}`, async () => {
      const page = await logIn(browser, 'issuer', { viewport: size.viewport, isMobile: size.isMobile });
      const card = await queueCard(page, 'issuance');
      await expect.poll(() => card.getByRole('listitem').count()).toBeGreaterThan(0);
      // Nothing is wider than the screen.
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(size.viewport.width + 1);
      await card.getByRole('link', { name: '全部' }).click();
      await page.waitForURL('**/certificates/tasks');
    });

    it(`SEC-2 the city regulator sees its integrity flags and findings queues at ${size.name}`, async () => {
      const page = await logIn(browser, 'city', { viewport: size.viewport, isMobile: size.isMobile });
      const flags = await queueCard(page, 'integrity-flags');
      await expect(flags.getByText('待研判的考试诚信疑点').isVisible()).resolves.toBe(true);
      await page.getByTestId('queue-findings').waitFor();
      await page.getByTestId('queue-org-applications').waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(size.viewport.width + 1);
    });
  }
});
