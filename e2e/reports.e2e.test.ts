// Browser journey of a public report (SUP-6): on a phone, without an account, a member of the public
// files a report with a photo and gets a tracking code; the district regulator accepts it on its
// 举报处理 page; the phone, following the code, reads 已受理 with the regulator's answer.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dropdownsClosed, launchChromium, logIn, phonePage } from './support.js';

describe('public report journey (SUP-6)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  it('SUP-6 a member of the public files a report on a phone and follows it with the tracking code', async () => {
    const phone = await phonePage(browser);
    await phone.goto('/report');
    await phone.getByLabel(/事发地点/).click();
    await phone.locator('.ant-cascader-menu-item', { hasText: '成都市' }).click();
    await phone.locator('.ant-cascader-menu-item', { hasText: '武侯区' }).click();
    await dropdownsClosed(phone);
    await phone.getByLabel('举报类别').click();
    await phone.getByTitle('无证上岗、持假证或过期证件作业').click();
    await dropdownsClosed(phone);
    await phone.getByLabel('被举报的单位或个人').fill('武侯区某装修工地');
    await phone.getByLabel('举报内容').fill('装修工地上有人没有电工证就在配电箱接线，现场没有任何防护。');
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#777' } })
      .jpeg()
      .toBuffer();
    await phone.locator('input[type=file]').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: photo });
    await phone.getByText('现场.jpg').waitFor();
    await phone.getByRole('button', { name: '提交举报' }).click();
    const code = (await phone.getByTestId('tracking-code').textContent())!.trim();
    expect(code).toMatch(/^JB[0-9A-Z]{12}$/);

    const regulator = await logIn(browser, 'county');
    await regulator.goto('/supervision/reports');
    await regulator.getByRole('row').filter({ hasText: code }).click();
    const drawer = regulator.locator('.ant-drawer');
    await drawer.getByText('武侯区某装修工地').waitFor();
    await drawer.getByText('现场.jpg').waitFor();
    await drawer.getByRole('button', { name: '受理', exact: true }).click();
    await regulator
      .getByRole('dialog')
      .filter({ hasText: '受理：' })
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await drawer.getByText('已受理', { exact: true }).first().waitFor();

    await phone.goto(`/report?code=${code}`);
    await expect.poll(() => phone.getByTestId('report-status').textContent(), { timeout: 15_000 }).toBe('已受理');
    await phone.getByText('举报已受理，将依法核查。').waitFor();
  });
});
