// Browser journey of a case (SUP-4) and the ratings (INS-5, SUP-7): the city regulator reads the
// violation catalogue, opens a case against the demo school, is refused a fine outside the catalogue's
// range, decides within it, sees the school's deductions traced to facts, and the public list shows
// the published grade.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { callApi, launchChromium, logIn } from './support.js';

describe('case journey (SUP-4, INS-5, SUP-7)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => browser?.close());

  it('SUP-4 a regulator decides a case within the catalogue range after a refused fine; INS-5 shows the deduction; SUP-7 lists the grade', async () => {
    const city = await logIn(browser, 'city');
    await city.goto('/supervision/cases');
    await city.getByRole('tab', { name: '违法行为目录' }).click();
    await city.getByText('共 21 项').waitFor();
    await city.getByText('使用未取得特种作业操作证的人员上岗作业（一案双罚）').waitFor();

    const { items } = await callApi<{ items: Array<{ id: string; name: string }> }>(
      city,
      '/api/organisations?kind=institution&pageSize=50',
    );
    const school = items.find((o) => o.name === '成都蜀安职业技能培训学校')!;
    const opened = await callApi<{ id: string }>(city, '/api/cases', {
      source: 'manual',
      partyKind: 'institution',
      partyId: school.id,
      violationCode: 'INS-04',
      facts: '招生广告宣称“包过”（e2e）',
    });
    await city.goto(`/supervision/cases/${opened.id}`);
    const form = city.locator('.ant-card').filter({ hasText: '作出处罚决定' });
    await form.getByLabel('处理措施（仅限目录规定）').click();
    await city.locator('.ant-select-item-option').filter({ hasText: '罚款' }).click();
    await city.keyboard.press('Escape');
    await form.getByLabel(/对单位罚款/).fill('40000');
    await form.getByLabel('处罚理由').fill('虚假宣传');
    await form.getByRole('button', { name: '作出决定' }).click();
    await city
      .getByText(/超出裁量范围/)
      .first()
      .waitFor();
    await form.getByLabel(/对单位罚款/).fill('20000');
    await form.getByRole('button', { name: '作出决定' }).click();
    await city.getByText('已作出处罚决定').first().waitFor();
    await city.getByText('单位 20,000 元').waitFor();

    await city.goto('/supervision/ratings');
    await city.getByRole('row').filter({ hasText: '成都蜀安职业技能培训学校' }).click();
    const drawer = city.locator('.ant-drawer');
    await drawer.getByText('受到罚款处罚').first().waitFor();
    expect(await drawer.getByText('检查发现问题').count()).toBeGreaterThan(0);
    // INS-5: every component the seed names, with the demo's third-party result and trainee reviews.
    await drawer.getByText('评级组成（综合评定，seed 004 §5）').waitFor();
    await drawer.getByText('四川安评安全技术咨询有限公司：84 分').first().waitFor();
    expect(await drawer.getByRole('row').filter({ hasText: '学员网上评议' }).count()).toBe(1);
    await city.keyboard.press('Escape');
    // EXM-11: the exam sites' grades on their own tab.
    await city.getByRole('tab', { name: '考试点' }).click();
    await city.getByRole('row').filter({ hasText: '武侯区特种作业考试点' }).waitFor();

    const visitor = await browser.newPage({ baseURL: city.context().pages()[0].url().split('/supervision')[0] });
    await visitor.goto('/public/institutions');
    await visitor
      .getByRole('row')
      .filter({ hasText: '成都蜀安职业技能培训学校' })
      .getByText(/年 [ABCD] 级/)
      .waitFor();
    await visitor.close();
  });

  it('SUP-4 a regulator opens a case from a finding row, pre-filled, and the row shows its number; SUP-7 the public reads published decisions; the suspended employer sees the banner', async () => {
    const city = await logIn(browser, 'city');
    const { items } = await callApi<{ items: Array<{ id: string; name: string }> }>(
      city,
      '/api/organisations?kind=institution&pageSize=50',
    );
    const school = items.find((o) => o.name === '成都蜀安职业技能培训学校')!;
    const inspection = await callApi<{ id: string }>(city, '/api/inspections', {
      targetKind: 'institution',
      targetId: school.id,
    });
    const finding = await callApi<{ id: string }>(city, `/api/inspections/${inspection.id}/findings`, {
      description: '第 6 期培训档案缺少教学资料清单（e2e 立案）',
      legalBasis: '《安全生产培训管理办法》第三十六条',
      deadline: '2026-12-31',
      responsiblePerson: '吴芳',
    });
    await city.goto(`/supervision/inspections/${inspection.id}`);
    const row = city.getByTestId(`finding-${finding.id}`);
    await row.getByRole('button', { name: /立\s*案/ }).click();
    const dialog = city.getByRole('dialog').filter({ hasText: '检查问题：' });
    await dialog.getByText('成都蜀安职业技能培训学校').first().waitFor();
    expect(await dialog.getByLabel('违法事实').inputValue()).toContain('缺少教学资料清单');
    const behaviour = dialog.getByLabel('违法行为（目录）');
    await behaviour.click();
    // Only the institution's behaviours are offered (read once the catalogue has arrived).
    await city.locator('.ant-select-item-option').filter({ hasText: 'INS-03' }).waitFor();
    expect(await city.locator('.ant-select-item-option').filter({ hasText: 'EMP-01' }).count()).toBe(0);
    // Chosen by typing and Enter: a click during the list's opening animation can miss and leave it open over 立案.
    await behaviour.fill('INS-03');
    await behaviour.press('Enter');
    await city.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await dialog.getByRole('button', { name: /立\s*案/ }).click();
    await row.getByRole('link', { name: /^案\d{4}-/ }).waitFor();

    const visitor = await browser.newPage({ baseURL: city.context().pages()[0].url().split('/supervision')[0] });
    await visitor.goto('/public/institutions');
    await visitor.getByRole('link', { name: '行政处罚信息公示' }).click();
    const published = visitor.getByRole('row').filter({ hasText: '绵阳涪江机电安装有限公司' });
    await published.getByText('孙*平').waitFor();
    await published.getByText(/罚款 30000 元/).waitFor();
    expect(await visitor.getByText('孙建平').count()).toBe(0);
    await visitor.close();

    const installer = await logIn(browser, 'fujiang');
    await installer.goto('/employer/ledger');
    await installer
      .getByTestId('suspension-banner')
      .getByText(/停产停业整顿/)
      .first()
      .waitFor();
  });
});
