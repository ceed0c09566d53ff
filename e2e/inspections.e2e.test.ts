// Browser journey of an inspection (SUP-2, 闭环): the city inspector, on a phone, inspects the demo
// school from its checklist and records a finding with a photo; the school submits its rectification;
// the inspector verifies it and the finding is closed.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { callApi, launchChromium, logIn } from './support.js';

describe('inspection journey (SUP-2)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  it('SUP-2 an inspector records a finding on a phone; the institution rectifies; the inspector closes it', async () => {
    const inspector = await logIn(browser, 'city', { viewport: { width: 390, height: 844 }, isMobile: true });
    // Issue 19 item 2: at 390×844 the shell is a header with a menu button and 退出登录 inside the
    // screen; the drawer shows the whole labeled menu grouped by the chain's steps.
    const logout = await inspector.getByRole('button', { name: '退出登录' }).boundingBox();
    expect(logout!.x + logout!.width).toBeLessThanOrEqual(390);
    await inspector.getByRole('button', { name: '菜单' }).click();
    const drawer = inspector.getByRole('dialog').filter({ hasText: '全链 · 特种作业人员监管' });
    await drawer.getByRole('button', { name: '退出登录' }).waitFor();
    await drawer.getByText('监管', { exact: true }).click();
    await drawer.getByRole('link', { name: '监督检查' }).click();
    await inspector.waitForURL('**/supervision/inspections');
    await expect.poll(() => drawer.isVisible()).toBe(false);
    const { items } = await callApi<{ items: Array<{ id: string; name: string; kind: string }> }>(
      inspector,
      '/api/organisations?kind=institution&pageSize=50',
    );
    const school = items.find((o) => o.name === '成都蜀安职业技能培训学校')!;
    const inspection = await callApi<{ id: string; checklist: Array<{ id: string }> }>(inspector, '/api/inspections', {
      targetKind: 'institution',
      targetId: school.id,
    });
    // Everything but the archive item is confirmed through the API; the archive item is worked on the phone.
    for (const item of inspection.checklist.filter((c) => c.id !== 'ins.archive'))
      await callApi(inspector, `/api/inspections/${inspection.id}/checklist/${item.id}`, { result: 'ok' });

    await inspector.goto(`/supervision/inspections/${inspection.id}`);
    await inspector.getByTestId('item-ins.archive').getByText('有问题').click();
    const dialog = inspector.getByRole('dialog').filter({ hasText: '登记问题' });
    await dialog.getByLabel('问题描述').fill('第 5 期登高架设班缺少第三周签到表（e2e）');
    await dialog.getByLabel('整改责任人').fill('吴芳');
    const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#556' } })
      .jpeg()
      .toBuffer();
    await dialog.locator('input[type=file]').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: photo });
    await dialog.getByRole('button', { name: /登\s*记/ }).click();
    await inspector.getByText('第 5 期登高架设班缺少第三周签到表（e2e）').waitFor();
    await inspector.getByRole('button', { name: '结束检查' }).click();
    await inspector.getByText('已结束', { exact: true }).waitFor();

    const institution = await logIn(browser, 'institution');
    await institution.goto('/rectifications');
    const card = institution.locator('.ant-card').filter({ hasText: '第 5 期登高架设班缺少第三周签到表（e2e）' });
    await card.getByRole('button', { name: '提交整改' }).click();
    const rectify = institution.getByRole('dialog').filter({ hasText: '提交整改情况' });
    await rectify.getByLabel('整改情况').fill('已从人脸考勤记录导出第三周签到表并归档');
    await rectify.getByRole('button', { name: /提\s*交/ }).click();
    await card.getByText('整改待核验').first().waitFor();

    await inspector.goto('/supervision/inspections');
    await inspector.getByRole('tab', { name: '问题整改闭环' }).click();
    // Issue 19 item 2: on the phone each finding is a card (ResponsiveTable), its actions at the foot.
    const row = inspector.getByRole('listitem').filter({ hasText: '第 5 期登高架设班缺少第三周签到表（e2e）' });
    await row.getByRole('button', { name: '核验' }).click();
    await inspector.getByRole('button', { name: '核验通过，闭环' }).click();
    await expect
      .poll(
        async () =>
          (
            await callApi<{ items: Array<{ description: string; standing: string }> }>(inspector, '/api/findings')
          ).items.find((f) => f.description.includes('（e2e）'))?.standing,
      )
      .toBe('closed');
  });
});
