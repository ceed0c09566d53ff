// Browser journey of the legacy import (issue 16) on the demo data: the issuing authority picks a kind,
// uploads its earlier system's certificates, sees one row refused with the reason (REG-1, nothing
// written), uploads the corrected file, confirms, and reads the report; the certificate then verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { generateResidentIdNumber } from '../src/kernel/ids.js';
import { launchChromium, logIn, phonePage } from './support.js';

const HEADER = '身份证号,姓名,证书编号,作业项目代码,初领日期,有效期至,下次复审日期,发证机关,证书状态';

describe('legacy import journey (issue 16)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('REG-1 CER-3 a refused file writes nothing and names the row; the corrected file is imported and verifies', async () => {
    const seq = 601 + Math.floor(Math.random() * 190) * 2;
    const ids = ['1979-03-04', '1982-11-21'].map((born) => generateResidentIdNumber('510107', born, seq));
    const line = (id: string, name: string) =>
      [id, name, `T${id}`, '1.1', '2021-05-18', '2027-05-17', '2027-05-17', '四川省应急管理厅', '有效'].join(',');
    // The second row's ID number has a wrong check digit.
    const badId = `${ids[1].slice(0, 17)}${ids[1][17] === '1' ? '2' : '1'}`;
    const refused = `${HEADER}\n${line(ids[0], '何旧证')}\n${line(badId, '罗旧证')}\n`;
    const corrected = `${HEADER}\n${line(ids[0], '何旧证')}\n${line(ids[1], '罗旧证')}\n`;

    const issuer = await logIn(browser, 'issuer');
    await issuer.goto('/legacy-imports');
    await issuer.getByRole('radio', { name: '证书（含持证人）' }).check({ force: true });
    const file = issuer.locator('input[type=file]');
    await file.setInputFiles({ name: '原系统证书.csv', mimeType: 'text/csv', buffer: Buffer.from(refused) });
    await issuer.getByText(/文件未导入任何数据/).waitFor();
    await issuer.getByRole('row').filter({ hasText: '公民身份号码校验位不正确' }).first().waitFor();

    await file.setInputFiles({ name: '原系统证书-修正.csv', mimeType: 'text/csv', buffer: Buffer.from(corrected) });
    await issuer.getByText('2 行全部通过检查').waitFor();
    await issuer.getByRole('button', { name: '确认导入' }).click();
    await issuer.getByText('已导入 2 行').first().waitFor();
    await issuer.getByText('新增').first().waitFor();
    // The list of recent imports names the kind.
    await issuer.getByRole('row').filter({ hasText: '原系统证书-修正.csv' }).getByText('证书（含持证人）').waitFor();

    const phone = await phonePage(browser);
    await phone.goto('/verify');
    await phone.getByLabel('证号').fill(`T${ids[0]}`);
    await phone.getByLabel('姓名').fill('何旧证');
    await phone.locator('button[type=submit]').click();
    await expect.poll(() => phone.getByTestId('verify-status').textContent(), { timeout: 20_000 }).toBe('有效');
  }, 180_000);
});
