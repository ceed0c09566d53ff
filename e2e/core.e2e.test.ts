// Browser journey of a city regulator: log in, find a worker of its city, read the lifecycle
// archive (REG-1), and fail to find a worker of another city (SEC-2: another region is a 404 / no row).
// The server is started by the globalSetup of e2e/vitest.config.ts, which provides its URL and an
// ID number of another city; the environment variables override them (e.g. against a running server).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { BASE_URL, DEMO_PASSWORD, callApi, launchChromium, openMenuEntry } from './support.js';

const OTHER_CITY_ID_NUMBER = process.env.E2E_OTHER_CITY_ID_NUMBER ?? inject('otherCityIdNumber');
const SEARCH_PLACEHOLDER = '姓名 / 身份证号 / 手机号';

interface WorkerSummary {
  id: string;
  name: string;
  idNumber: string;
}

describe('city regulator journey (REG-1, SEC-2)', () => {
  let browser: Browser;
  let page: Page;
  let cityWorker: WorkerSummary;

  beforeAll(async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** The full ID number, as the 查看 button gets it (the view is audited). */
  async function revealIdNumber(workerId: string): Promise<string> {
    return (await callApi<{ value: string }>(page, `/api/workers/${workerId}/reveal`, { field: 'idNumber' })).value;
  }

  /** Searches and waits until the table shows this search's answer, not the previous one's. */
  async function search(text: string) {
    const input = page.getByPlaceholder(SEARCH_PLACEHOLDER);
    await input.fill(text);
    await input.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === text);
    await page.locator('.ant-table .ant-spin-spinning').waitFor({ state: 'detached' });
  }

  it('logs in as the city regulator and lands on the first item of its menu', async () => {
    await page.goto('/login');
    await page.getByLabel('用户名').fill('city');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL('**/dashboard');
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    expect(await page.getByText('市级监管部门').first().isVisible()).toBe(true);
  }, 60_000);

  it('finds a worker of its city by name and opens the lifecycle archive (REG-1)', async () => {
    const res = await page.request.get('/api/workers?pageSize=1');
    expect(res.status()).toBe(200);
    const { items, total } = (await res.json()) as { items: WorkerSummary[]; total: number };
    expect(total).toBeGreaterThan(0);
    const worker = (cityWorker = items[0]);

    await openMenuEntry(page, '人员查询');
    await page.waitForURL('**/workers');
    await search(worker.name);
    const row = page.getByRole('row').filter({ hasText: worker.idNumber });
    await row.getByRole('link', { name: worker.name }).click();
    await page.waitForURL(`**/workers/${worker.id}`);

    const archive = page.getByRole('region', { name: '全生命周期档案' });
    // The timeline's entries, not the loading skeleton's (also list items).
    const entries = archive.locator('.ant-timeline-item');
    await entries.first().waitFor();
    expect(await entries.count()).toBeGreaterThan(0);
    expect(await archive.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  }, 60_000);

  it('does not find a worker of another city by ID number (SEC-2)', async () => {
    if (!OTHER_CITY_ID_NUMBER) throw new Error('E2E_OTHER_CITY_ID_NUMBER must name a worker registered outside 成都');

    await openMenuEntry(page, '人员查询');
    await page.waitForURL('**/workers');
    // Control: searching by a full ID number finds a worker of its own city.
    await search(await revealIdNumber(cityWorker.id));
    await page.getByRole('row').filter({ hasText: cityWorker.idNumber }).waitFor();

    await search(OTHER_CITY_ID_NUMBER);
    await page.getByText('未找到符合条件的人员').waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(0);
  }, 60_000);
});
