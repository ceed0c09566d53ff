// Browser journey of a spot exam on site (逢查必考, SUP-3): the city inspector, on a phone, adds a worker
// present at the building company by ID number; the worker opens the paper on a phone with the one-time
// code, without an account, answers one question at a time and hands in; the result shows to both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { generateResidentIdNumber } from '../src/kernel/ids.js';
import { BASE_URL, callApi, launchChromium, logIn } from './support.js';

describe('spot exam journey (SUP-3)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  it('SUP-3 an inspector adds a worker on a phone; the worker answers on a phone page by code; the result shows', async () => {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true };
    const inspector = await logIn(browser, 'city', phone);
    const idNumber = generateResidentIdNumber('510107', '1986-04-12', 707);
    await callApi(inspector, '/api/workers', {
      name: '钱抽考',
      idNumber,
      education: 'senior_high',
      regionCode: '510107',
    });
    const { items } = await callApi<{ items: Array<{ id: string; name: string }> }>(
      inspector,
      '/api/organisations?kind=employer&pageSize=50',
    );
    const builder = items.find((o) => o.name === '四川锦城建设工程有限公司')!;
    const inspection = await callApi<{ id: string }>(inspector, '/api/inspections', {
      targetKind: 'employer',
      targetId: builder.id,
    });

    await inspector.goto(`/supervision/inspections/${inspection.id}`);
    const section = inspector.getByTestId('spot-exams');
    await section.getByLabel('在场人员身份证号').fill(idNumber);
    await section.getByRole('button', { name: '抽题并生成抽考码' }).click();
    const code = ((await section.getByTestId('spot-code').innerText()).match(/[A-Z0-9]{10}/) ?? [''])[0];
    expect(code).toMatch(/^[A-Z0-9]{10}$/);

    // The worker's own phone: no login, only the code.
    const workerContext = await browser.newContext({
      baseURL: BASE_URL,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      ...phone,
    });
    const worker = await workerContext.newPage();
    await worker.goto('/spot');
    await worker.getByPlaceholder('10 位抽考码').fill(code);
    await worker.getByRole('button', { name: '下一步' }).click();
    await worker.getByTestId('spot-open').click();
    for (let i = 0; i < 20; i += 1) {
      const question = worker.getByTestId('spot-question');
      await question.getByText(`第 ${i + 1} 题`).waitFor();
      await question.locator('label').first().click();
      await worker.getByTestId(i === 19 ? 'spot-submit' : 'spot-next').click();
    }
    await expect.poll(async () => worker.getByTestId('spot-result').innerText()).toMatch(/\d+ 分 · (合格|不合格)/);
    await workerContext.close();

    await inspector.reload();
    await inspector.getByTestId('spot-exams').getByText('钱抽考').waitFor();
    await inspector
      .getByTestId('spot-exams')
      .getByText(/\d+ 分 · (合格|不合格)/)
      .first()
      .waitFor();
    const listing = await callApi<{
      counts: { taken: number; passed: number; failed: number };
      byInstitution: unknown[];
      bySite: unknown[];
    }>(inspector, '/api/spot-exams');
    // The demo's spot exams (passed and failed) and this one are all counted.
    expect(listing.counts.passed).toBeGreaterThanOrEqual(2);
    expect(listing.counts.failed).toBeGreaterThanOrEqual(2);
    expect(listing.counts.taken).toBe(listing.counts.passed + listing.counts.failed);
    await inspector.goto('/supervision/spot-exams');
    await inspector.getByText('按培训机构').waitFor();
    await inspector.getByText('钱抽考').first().waitFor();
  });
});
