// Browser journey of certificates (CER-1, CER-3, CER-4) on the demo data: the authority approves an
// issuance task, the worker sees a valid certificate with its QR code, a phone-sized browser opens
// /verify with the token and reads 有效 (still after the authority rotates its signing key); the authority revokes and the phone reads 已撤销, also through
// the short link /v/<code>.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logIn, openMenuEntry, phonePage } from './support.js';

describe('certificate journey (CER-1, CER-3, CER-4)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const loggedIn = (username: string): Promise<Page> => logIn(browser, username);

  it('CER-1 CER-3 CER-4 approve → the worker sees a valid certificate → /verify reads 有效, also after key rotation → revoke → /verify reads 已撤销, also by short link', async () => {
    const issuer = await loggedIn('issuer');
    await openMenuEntry(issuer, '发证任务');
    await issuer.getByRole('button', { name: '审批发证' }).first().click();
    // Nothing is issued by one click: the dialog shows the holder's photo and scores first.
    const confirm = issuer.getByRole('dialog');
    await confirm.getByText(/理论 \/ 实操/).waitFor();
    await confirm.getByRole('button', { name: '确认发证' }).click();
    await issuer.getByText(/已为 .+ 发证/).waitFor();
    // Issue 19 item 6: two tasks ticked, one dialog with each one's photo and scores, the count confirmed.
    const rows = issuer.locator('tr.ant-table-row');
    await rows.nth(0).getByRole('checkbox').check();
    await rows.nth(1).getByRole('checkbox').check();
    await issuer.getByRole('button', { name: '批量审批发证（2）' }).click();
    const batch = issuer.getByRole('dialog');
    await batch.getByText('批量审批发证：共 2 项').waitFor();
    expect(await batch.getByRole('img', { name: /的登记照片/ }).count()).toBe(2);
    await batch.getByRole('button', { name: '确认发证（2 项）' }).click();
    await issuer
      .getByText(/已发证 2 本|批量发证结果/)
      .first()
      .waitFor();

    const worker = await loggedIn('worker');
    await worker.getByRole('menuitem', { name: '我的证书' }).click();
    await worker.getByText('有效').first().waitFor();
    await worker.getByText('扫码核验（含发证机关电子签名）').first().waitFor();
    const mine = await worker.evaluate(
      async () => (await (await fetch('/api/certificates')).json()) as { items: Array<{ id: string; number: string }> },
    );
    const cert = await worker.evaluate(
      async (id) =>
        (await (await fetch(`/api/certificates/${id}`)).json()) as {
          credential: string;
          number: string;
          itemName: string;
        },
      mine.items[0].id,
    );

    const phone = await phonePage(browser);
    await phone.goto(`/verify?token=${cert.credential}`);
    await expect.poll(() => phone.getByTestId('verify-status').textContent(), { timeout: 20_000 }).toBe('有效');
    await phone.getByText('电子签名有效').waitFor();

    // Key rotation: the new key signs from now on; the old one stays published, so this certificate still verifies.
    await openMenuEntry(issuer, '签名密钥');
    await issuer.getByText('签名中').first().waitFor();
    const before = await issuer.getByText('已停用（仍公布）').count();
    await issuer.getByRole('button', { name: '轮换密钥' }).click();
    await issuer.getByRole('button', { name: /确\s*定|OK/ }).click();
    await issuer.getByText('已轮换签名密钥', { exact: false }).waitFor();
    await expect.poll(() => issuer.getByText('已停用（仍公布）').count()).toBe(before + 1);
    await phone.reload();
    await expect.poll(() => phone.getByTestId('verify-status').textContent(), { timeout: 20_000 }).toBe('有效');
    await phone.getByText('电子签名有效').waitFor();

    await openMenuEntry(issuer, '证书管理');
    await issuer.getByPlaceholder('证号或姓名').fill(cert.number);
    await issuer.getByPlaceholder('证号或姓名').press('Enter');
    // One number for all of a holder's items (T + ID number): the row is picked by its item too.
    await issuer.getByRole('row').filter({ hasText: cert.itemName }).getByRole('cell', { name: cert.number }).click();
    await issuer
      .getByRole('button', { name: '撤 销' })
      .or(issuer.getByRole('button', { name: '撤销' }))
      .first()
      .click();
    const dialog = issuer.getByRole('dialog', { name: '撤销证书' });
    await dialog.getByText('对发生生产安全事故负有责任').click();
    await dialog.getByLabel('说明').fill('对 2026 年 11 月触电事故负有责任');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await issuer.getByText('已撤销', { exact: true }).waitFor();

    await phone.reload();
    await expect.poll(() => phone.getByTestId('verify-status').textContent(), { timeout: 20_000 }).toBe('已撤销/注销');
    // The short link a long credential's QR code holds: the page fetches the token and checks it the same way.
    const { shortUrl } = await worker.evaluate(
      async (id) => (await (await fetch(`/api/certificates/${id}`)).json()) as { shortUrl: string },
      mine.items[0].id,
    );
    expect(shortUrl).toMatch(/\/v\/[0-9A-Za-z]{12}$/);
    await phone.goto(new URL(shortUrl).pathname);
    await expect.poll(() => phone.getByTestId('verify-status').textContent(), { timeout: 20_000 }).toBe('已撤销/注销');
    await phone.getByText('电子签名有效').waitFor();
  }, 180_000);
});
