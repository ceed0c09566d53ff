// Browser journeys of issue 22 on a phone (390×844): a worker signs up with an SMS code from the
// development adapter (read on the administrator's outbox, as the demo does) and an organisation
// applies, is approved by its city regulator and its first administrator sets a password by the
// texted link.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { request, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { generateCreditCode, generateResidentIdNumber } from '../src/kernel/ids.js';
import { BASE_URL, DEMO_PASSWORD, dropdownsClosed, launchChromium, logIn, phonePage } from './support.js';

describe('self-service onboarding on a phone (issue 22)', () => {
  let browser: Browser;
  let admin: APIRequestContext;
  beforeAll(async () => {
    browser = await launchChromium();
    admin = await request.newContext({ baseURL: BASE_URL });
    const res = await admin.post('/api/auth/login', { data: { username: 'admin', password: DEMO_PASSWORD } });
    expect(res.ok()).toBe(true);
  }, 60_000);
  afterAll(async () => {
    await admin?.dispose();
    await browser?.close();
  });

  /** The latest development-adapter text to a number, from the administrator's outbox. */
  async function lastText(phone: string, pattern: RegExp): Promise<string> {
    let found: string | undefined;
    await expect
      .poll(
        async () => {
          const { items } = (await (await admin.get('/api/onboarding/dev/sms-outbox')).json()) as {
            items: Array<{ phone: string; text: string }>;
          };
          found = items.find((m) => m.phone === phone && pattern.test(m.text))?.text;
          return !!found;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    return found!;
  }

  async function verifyPhone(page: Page, phone: string) {
    await page.getByLabel('手机号').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByRole('button', { name: /秒后重发/ }).waitFor();
    const code = /验证码 (\d{6})/.exec(await lastText(phone, /验证码/))![1];
    await page.getByLabel('短信验证码').fill(code);
    await page.getByRole('button', { name: '下一步' }).click();
  }

  /**
   * A worker signs up through the API as the /join page does (SMS code from the outbox, verified,
   * then the sign-up), for journeys that start after the sign-up.
   */
  async function signUpWorkerByApi(phone: string, who: { name: string; birthDate: string; password: string }) {
    const visitor = await request.newContext({ baseURL: BASE_URL });
    try {
      expect((await visitor.post('/api/onboarding/sms/send', { data: { phone, purpose: 'signup' } })).status()).toBe(
        202,
      );
      const code = /验证码 (\d{6})/.exec(await lastText(phone, /验证码/))![1];
      const { ticket } = await (
        await visitor.post('/api/onboarding/sms/verify', { data: { phone, purpose: 'signup', code } })
      ).json();
      const signup = await visitor.post('/api/onboarding/workers', {
        data: {
          ticket,
          name: who.name,
          idNumber: generateResidentIdNumber('510107', who.birthDate, Math.floor(Math.random() * 900) + 50),
          password: who.password,
          regionCode: '510107',
          education: 'senior_high',
        },
      });
      expect(signup.status(), await signup.text()).toBe(201);
    } finally {
      await visitor.dispose();
    }
  }

  const newPhone = () => `137${String(Date.now()).slice(-8)}`;

  it('issue 22: a worker signs up on a 390 px phone with an SMS code and ID number + name; with no photo to compare, the account opens unverified', async () => {
    const page = await phonePage(browser);
    await page.goto('/join');
    await verifyPhone(page, newPhone());

    const idNumber = generateResidentIdNumber('510107', '1992-04-17', Math.floor(Math.random() * 900) + 50);
    await page.getByLabel('姓名').fill('刘一手');
    await page.getByLabel('身份证号').fill(idNumber);
    await page.getByLabel('设置登录密码').fill('Phone-sign-2026');
    await page.getByLabel(/所在区县/).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '四川省' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '成都市' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '武侯区' }).click();
    await dropdownsClosed(page);
    await page.getByLabel(/文化程度/).click();
    await page.getByTitle('高中/中专/技校').click();
    await dropdownsClosed(page);
    // Nothing wider than the phone: the form fits 390 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: '注册并登录' }).click();
    await page.getByText('账户已开通').waitFor();
    await page
      .getByText(/实名核验待完成/)
      .first()
      .waitFor();

    // Signed in: the archive page says what is pending and shows only the masked record.
    await page.goto('/me/archive');
    await page.getByText('实名核验待完成').waitFor();
    await expect.poll(() => page.getByText(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`).count()).toBe(1);
  });

  it('issue 22/SEC-2: an organisation applies on a phone; the city regulator approves; its first administrator sets a password by the texted link', async () => {
    const page = await phonePage(browser);
    await page.goto('/join/organisation');
    const phone = newPhone();
    await verifyPhone(page, phone);
    const name = `锦江安全培训学校${Date.now().toString(36)}`;
    await page.getByLabel('机构类型').click();
    await page.getByTitle('培训机构').click();
    await dropdownsClosed(page);
    await page.getByLabel('机构名称').fill(name);
    await page
      .getByLabel('统一社会信用代码')
      .fill(generateCreditCode('510104', 10_000_000 + (Date.now() % 80_000_000)));
    await page.getByLabel(/所在地区/).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '四川省' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '成都市' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '锦江区' }).click();
    await dropdownsClosed(page);
    await page.getByLabel('联系人').fill('周校长');
    const licence = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#ddd' } })
      .png()
      .toBuffer();
    await page.getByLabel('营业执照扫描件').setInputFiles({ name: '执照.png', mimeType: 'image/png', buffer: licence });
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('申请已提交').waitFor();

    const city = await logIn(browser, 'city');
    await city.goto('/onboarding/applications');
    const row = city.getByRole('row').filter({ hasText: name });
    await row.getByRole('button', { name: '通过', exact: true }).click();
    await city.locator('.ant-modal-confirm').getByRole('button', { name: '通过', exact: true }).click();
    await city.getByText(/已通过，管理员账户/).waitFor();

    const link = /\/join\/invite\/[\w-]+/.exec(await lastText(phone, /join\/invite/))![0];
    await page.goto(link);
    await page.getByLabel('新密码').fill('Org-admin-2026');
    await page.getByRole('button', { name: '设置密码并登录' }).click();
    await page.getByText('密码已设置').waitFor();
    await page.getByRole('button', { name: '进入平台' }).click();
    await expect.poll(() => page.url()).not.toContain('/join');
  });

  it('issue 22: 忘记密码 on a 390 px phone — the number proved by SMS sets a new password, the old one stops working', async () => {
    // A worker who signed up with this number (through the API, as the sign-up journey above does by hand).
    const phone = newPhone();
    await signUpWorkerByApi(phone, { name: '赵忘记', birthDate: '1989-09-09', password: 'Old-pass-2026' });
    // One code a minute per number: the server's test clock moves past it.
    const moved = await fetch(`${BASE_URL}/api/testing/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 61_000 }),
    });
    expect(moved.status, 'the e2e server runs with E2E_TEST_CLOCK=1').toBe(200);

    const page = await phonePage(browser);
    await page.goto('/login');
    await page.getByRole('link', { name: '忘记密码？' }).click();
    await page.getByText('找回密码').waitFor();
    await verifyPhone(page, phone);
    await page.getByLabel('新密码', { exact: true }).fill('New-pass-2026');
    await page.getByLabel('再次输入新密码').fill('New-pass-2026');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: '重置密码' }).click();
    await page.getByText('密码已重置').waitFor();
    await page.getByRole('button', { name: '去登录' }).click();

    await page.getByLabel('用户名或手机号').fill(phone);
    await page.getByLabel('密码').fill('Old-pass-2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('用户名或密码错误').waitFor();
    await page.getByLabel('密码').fill('New-pass-2026');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.url()).not.toContain('/login');
  });

  /** Moves the server's test clock forward and answers its time (for codes computed here). */
  async function serverNow(advanceMs = 0): Promise<number> {
    const res = await fetch(`${BASE_URL}/api/testing/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs }),
    });
    expect(res.status, 'the e2e server runs with E2E_TEST_CLOCK=1').toBe(200);
    return Date.parse(((await res.json()) as { now: string }).now);
  }

  it('issue 22: on a phone a worker enrols TOTP by the 第二重验证 dialog; the next log-in asks for the code', async () => {
    const phone = newPhone();
    await serverNow(61_000);
    await signUpWorkerByApi(phone, { name: '钱双验', birthDate: '1991-01-21', password: 'Totp-pass-2026' });

    const page = await phonePage(browser);
    const signInWithPassword = async () => {
      await page.goto('/login');
      await page.getByLabel('用户名或手机号').fill(phone);
      await page.getByLabel('密码').fill('Totp-pass-2026');
      await page.getByRole('button', { name: '登录' }).click();
    };
    await signInWithPassword();
    await expect.poll(() => page.url()).not.toContain('/login');
    await page.getByRole('button', { name: '菜单' }).click();
    await page.getByRole('button', { name: '第二重验证' }).click();
    const dialog = page.getByRole('dialog', { name: '第二重验证' });
    await dialog.getByRole('button', { name: '开通动态口令' }).click();
    await dialog.getByAltText('动态口令二维码').waitFor();
    const secret = /密钥：([A-Z2-7]+)/.exec((await dialog.getByText(/手动输入密钥/).textContent()) ?? '')![1];
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
    await dialog.getByLabel('验证器中的 6 位数字').fill(totp.generate({ timestamp: await serverNow() }));
    await dialog.getByRole('button', { name: '确认开通' }).click();
    await dialog.getByText(/10 个恢复码/).waitFor();
    // The dialog and the codes fit the phone's width.
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await dialog.getByRole('button', { name: '我已保存恢复码' }).click();
    await dialog.getByText('已开通').first().waitFor();
    // The footer's 关闭 and the corner's × (labelled 关闭 too) both close it.
    await dialog.getByRole('button', { name: '关闭', exact: true }).first().click();
    await page.context().clearCookies();

    // The password alone now opens no session: the second step asks for the authenticator's code.
    await signInWithPassword();
    await page.getByText('密码正确。本账户已开通第二重验证').waitFor();
    expect(page.url()).toContain('/login');
    // A code is accepted once: the next 30-second step's code.
    const next = await serverNow(31_000);
    await page.getByLabel('验证器中的 6 位动态口令').fill(totp.generate({ timestamp: next }));
    await page.getByRole('button', { name: '验证并登录' }).click();
    await expect.poll(() => page.url()).not.toContain('/login');
  });

  it('issue 22: the system administrator reads the development SMS outbox on its page', async () => {
    const page = await logIn(browser, 'admin');
    await page.goto('/users');
    await page.getByRole('link', { name: '开发短信发件箱' }).click();
    await page.getByText('当前短信通道：开发/演示适配器（未真实发送）').waitFor();
    await page
      .getByText(/【全链】验证码 \d{6}/)
      .first()
      .waitFor();
  });
});
