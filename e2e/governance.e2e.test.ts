// Governance in a real browser (issue 17): the province regulator keeps its own settings — a new
// version of an item's syllabus hours and of a sanction's legal basis, each with an effective date —
// and an exam centre answers an integrity flag on its own session with an explanation, without being
// able to decide it (EXM-2: the examined body does not judge itself; the area's regulator decides).
// EXM-1: a new exam site is reviewed by the city and filed by the province, in their queues; the
// province shortens Order 30's 60 days on its settings page.
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

  it("EXM-1 the city reviews the centre's new site in its queue and the province files it with a number", async () => {
    const city = await logIn(browser, 'city', { viewport: { width: 1440, height: 900 } });
    await city.goto('/exams/sites');
    await city.getByRole('tab', { name: '审核与备案' }).click();
    const row = city.getByRole('row').filter({ hasText: '新都区特种作业考试点' });
    await row.getByRole('button', { name: '审核' }).click();
    const review = city.getByRole('dialog').filter({ hasText: '审核验收' });
    for (const box of await review.getByRole('checkbox').all()) await box.check();
    await review.getByLabel('审核意见 / 退回理由').fill('新都区应急管理局已报送；现场验收合格，同意报省厅备案。');
    await review.getByRole('button', { name: '审核通过' }).click();
    await city.getByText('审核通过，已报省级备案').waitFor();
    await city.close();

    const province = await logIn(browser, 'province', { viewport: { width: 1440, height: 900 } });
    await province.goto('/exams/sites');
    await province.getByRole('tab', { name: '审核与备案' }).click();
    const queued = province
      .getByRole('row')
      .filter({ hasText: '新都区特种作业考试点' })
      .filter({ hasText: '待省级备案' });
    await queued.getByRole('button', { name: '备案' }).click();
    await province.getByRole('dialog').getByRole('button', { name: '备案', exact: true }).click();
    await province.getByText(/已备案，编号 考点备〔\d{4}〕51-\d{4}号/).waitFor();
    const sites = await callApi<{
      items: Array<{ name: string; filingNumber: string | null; standing: { status: string } }>;
    }>(province, '/api/exams/sites');
    const xindu = sites.items.find((s) => s.name === '新都区特种作业考试点');
    expect(xindu?.standing.status).toBe('active');
    expect(xindu?.filingNumber).toMatch(/^考点备/);

    // ORDER30-60D: the province shortens the time limit on its settings page.
    await province.goto('/settings/exam');
    const limit = province.getByRole('row').filter({ hasText: '培训结束后须考试的期限' });
    await limit.getByRole('button', { name: '新版本' }).click();
    const drawer = province.getByRole('dialog').filter({ hasText: '保存为新版本' });
    await drawer.getByLabel('期限（日）').fill('45');
    await drawer.getByRole('button', { name: '保存为新版本' }).click();
    await limit
      .getByText(/45 日内考试/)
      .first()
      .waitFor();
  });

  it("EXM-1 the centre applies for a change of its own filing; the city reviews it, the province files it from its queue, where the province's centre waits too", async () => {
    const centre = await logIn(browser, 'examcentre', { viewport: { width: 1440, height: 900 } });
    await centre.goto('/exams/centre-filing');
    await centre
      .getByText(/考机备〔\d{4}〕51-\d{3}号/)
      .first()
      .waitFor();
    await centre.getByRole('button', { name: '申请变更备案' }).click();
    const form = centre.getByRole('dialog').filter({ hasText: '申请变更备案' });
    await form.getByLabel('考务人员').fill('30');
    await form.getByLabel('负责人').fill('周文涛');
    await form.getByRole('button', { name: '提交申请' }).click();
    await centre.getByText('申请已提交，待市级审核、省级备案').waitFor();
    await centre.getByRole('row').filter({ hasText: '待市级审核' }).first().waitFor();
    // The examined centre has no decision to take on its own filing.
    expect(await centre.getByRole('button', { name: '审核', exact: true }).count()).toBe(0);
    await centre.close();

    const city = await logIn(browser, 'city', { viewport: { width: 1440, height: 900 } });
    await city.goto('/dashboard');
    await city.getByText('待审核的考试机构备案').first().waitFor();
    await city.goto('/exams/centre-filing');
    const row = city.getByRole('row').filter({ hasText: '成都市安全生产考试中心' }).filter({ hasText: '待市级审核' });
    await row.getByRole('button', { name: '审核' }).click();
    const review = city.getByRole('dialog').filter({ hasText: '审核：' });
    await review.getByLabel('意见或理由').fill('考务人员增加已核实，同意报省厅备案。');
    await review.getByRole('button', { name: '审核通过' }).click();
    await city.getByText('审核通过，已报省级备案').waitFor();
    await city.close();

    const province = await logIn(browser, 'province', { viewport: { width: 1440, height: 900 } });
    await province.goto('/dashboard');
    await province.getByText('待备案的考试机构备案').first().waitFor();
    await province.goto('/exams/centre-filing');
    await province
      .getByRole('row')
      .filter({ hasText: '四川省安全生产考试中心' })
      .filter({ hasText: '待省级备案' })
      .waitFor();
    const queued = province
      .getByRole('row')
      .filter({ hasText: '成都市安全生产考试中心' })
      .filter({ hasText: '待省级备案' });
    await queued.getByRole('button', { name: '备案' }).click();
    await province.getByRole('dialog').getByRole('button', { name: '备案', exact: true }).click();
    await province.getByText(/已备案，编号 考机备〔\d{4}〕51-\d{3}号/).waitFor();
    const overview = await callApi<{
      filings: Array<{ profile: { name: string; staffCount: number }; inForce: boolean }>;
    }>(province, '/api/exams/centre-filing');
    const chengdu = overview.filings.find((f) => f.profile.name === '成都市安全生产考试中心');
    expect(chengdu).toMatchObject({ inForce: true, profile: { staffCount: 30 } });
  });
});
