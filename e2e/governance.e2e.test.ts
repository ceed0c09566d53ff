// Governance in a real browser (issue 17): the province regulator keeps its own settings — a new
// version of an item's syllabus hours and of a sanction's legal basis, each with an effective date —
// and an exam centre answers an integrity flag on its own session with an explanation, without being
// able to decide it (EXM-2: the examined body does not judge itself; the area's regulator decides).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { callApi, launchChromium, logIn } from './support.js';

describe('governance: province settings and the centre answering its flags (CAT-2, SUP-4, EXM-2)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  it('CAT-2 SUP-4 the province regulator records its own syllabus hours and legal basis as new versions', async () => {
    const page = await logIn(browser, 'province', { viewport: { width: 1440, height: 900 } });
    await page.goto('/settings/syllabus');
    const row = page.getByRole('row').filter({ hasText: '1.3 防爆电气作业' });
    await row.getByRole('button', { name: '新版本' }).click();
    const drawer = page.getByRole('dialog').filter({ hasText: '保存为新版本' });
    await drawer.getByLabel('理论学时').fill('88');
    await drawer.getByLabel('实操学时').fill('44');
    await drawer.getByLabel('说明（文件依据等）').fill('川应急〔2026〕12 号');
    await drawer.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText(/已保存，自 \d{4}-\d{2}-\d{2} 起生效/).waitFor();
    await row
      .getByText(/理论 88/)
      .first()
      .waitFor();
    const hours = await callApi<{ keys: Array<{ key: string; inForce: { value: unknown } | null }> }>(
      page,
      '/api/settings/provinces/510000/syllabus_hours',
    );
    expect(hours.keys.find((k) => k.key === '1.3')?.inForce?.value).toEqual({ theoryHours: 88, practicalHours: 44 });

    await page.getByRole('tab', { name: '处罚法律依据' }).click();
    const basis = page.getByRole('row').filter({ hasText: 'WRK-02' });
    await basis.getByRole('button', { name: '新版本' }).click();
    await page
      .getByRole('dialog')
      .getByLabel('法律依据')
      .fill('《特种作业人员安全技术培训考核管理规定》第四十一条第二款；四川省安全生产条例');
    await page.getByRole('dialog').getByRole('button', { name: '保存为新版本' }).click();
    await basis
      .getByText(/四川省安全生产条例/)
      .first()
      .waitFor();
  });

  it('EXM-2 the exam centre answers a flag on its session with an explanation and cannot decide it', async () => {
    const page = await logIn(browser, 'examcentre', { viewport: { width: 1440, height: 900 } });
    await page.goto('/integrity');
    const row = page.getByRole('row').filter({ hasText: '待处理' }).first();
    await row.waitFor();
    await row.click();
    const drawer = page.getByRole('dialog').filter({ hasText: '提交情况说明' });
    await drawer.getByPlaceholder(/写明事实与依据/).fill('已调阅考场录像，该考生独立作答，座位间距符合要求。');
    await drawer.getByRole('button', { name: /提交说明|更新说明/ }).click();
    await page.getByText('情况说明已提交，监管部门处理时可见').waitFor();
    await drawer.getByText('已调阅考场录像，该考生独立作答').first().waitFor();
    expect(await drawer.getByRole('button', { name: '提交处理意见' }).count()).toBe(0);
  });
});
