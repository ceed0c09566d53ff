// Browser journey of the vendor attempt import (EXM-6, issue 20) on the province side (历史考试导入,
// issue 16): the province regulator uploads a small export of a vendor's exam software with the
// vendor's own Chinese column names and candidate codes (准考证号, learnt from the demo's earlier import
// of the same vendor, so the file needs no ID numbers). A column the platform does not know is ONE
// clear Chinese error; a file with a candidate code that maps to nobody is refused whole with the
// problem named; the corrected file shows its preview and expected report, is committed, and its
// historical session (marked 导入) is listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callApi, launchChromium, logIn } from './support.js';

const HEAD = [
  '准考证号',
  '考点编号',
  '场次编号',
  '考试日期',
  '开考时间',
  '作业项目代码',
  '题号',
  '标准答案',
  '考生答案',
  '是否正确',
  '用时（秒）',
  '是否试测题',
  '应答题数',
];
const ITEMS = 5;

describe('vendor attempt import journey, province side (EXM-6, issue 16)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Uploads a CSV through the page's file picker. */
  async function upload(page: Page, name: string, text: string) {
    await page
      .locator('input[type=file]')
      .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}`) });
  }

  it('EXM-6 an unknown column is one Chinese error; an unmapped candidate code refuses the file; the corrected file is previewed, committed and reported', async () => {
    const page = await logIn(browser, 'province', { viewport: { width: 1400, height: 1000 } });
    const sites = await callApi<{ items: Array<{ id: string; name: string }> }>(page, '/api/public/exam-sites');
    const site = sites.items.find((s) => s.name === '锦江区特种作业考试点')!;
    expect(site).toBeDefined();
    const code = `JJ-20250618-${Date.now().toString(36).slice(-4).toUpperCase()}`;
    const line = (candidate: string, q: number, right: boolean) =>
      [
        candidate,
        site.id,
        code,
        '2025-06-18',
        '09:00',
        '1.2',
        `LD-${String(q + 1).padStart(3, '0')}`,
        'A',
        right ? 'A' : 'B',
        right ? '是' : '否',
        String(20 + q * 3),
        q === ITEMS - 1 ? '是' : '否',
        String(ITEMS),
      ].join(',');
    const file = (candidates: string[]) =>
      `${HEAD.join(',')}\n${candidates
        .flatMap((c, k) => Array.from({ length: ITEMS }, (_, q) => line(c, q, (q + k) % 4 !== 0)))
        .join('\n')}\n`;

    await page.goto('/exams/imports');
    await page.getByText('历史考试导入（平台上线前举行的考试）').waitFor();
    // The vendor's name is asked first: its saved candidate codes are read by it.
    await page.getByPlaceholder('如：某某考试系统').fill('某考试系统');

    // 1. A column the platform does not know: one error naming it, nothing stored.
    const unknown = file(['ZK2503001']).replace('应答题数', '座位号');
    await upload(page, '未知列.csv', unknown);
    const note = page.locator('.ant-notification');
    await note.getByText('文件的列名无法识别').waitFor();
    expect(await note.innerText()).toContain('无法识别的列：座位号');
    expect(await note.innerText()).toContain('EXM-6');

    // 2. A candidate code that maps to nobody: the whole file is refused and the code named.
    await upload(page, '锦江考点2025年6月（含未对应考生）.csv', file(['ZK2503001', 'ZK2503002', 'ZK2599999']));
    await page.getByText(/文件未导入任何数据/).waitFor({ timeout: 30_000 });
    await page.getByRole('row').filter({ hasText: 'ZK2599999' }).first().waitFor();

    // 3. The corrected file: checked, previewed with its expected report, then committed.
    await upload(page, '锦江考点2025年6月.csv', file(['ZK2503001', 'ZK2503002', 'ZK2503003']));
    await page.getByText(`${3 * ITEMS} 行全部通过检查`).waitFor({ timeout: 30_000 });
    const preview = page.locator('.ant-table').filter({ hasText: '写入预览' });
    await preview.getByRole('row').filter({ hasText: 'ZK2503001' }).first().waitFor();
    expect(await preview.getByText('导入', { exact: true }).count()).toBeGreaterThan(0);
    expect(await preview.getByText('试测题', { exact: true }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '确认导入' }).click();
    const done = page.locator('.ant-result-success');
    await done.getByText(`已导入 ${3 * ITEMS} 行`).waitFor({ timeout: 60_000 });
    const report = await done.innerText();
    expect(report).toContain('历史考试作答');
    expect(report).toContain('新建历史场次');
    expect(report).toContain('其中试测题行');

    // The historical session is listed, marked 导入, with its three papers.
    await done.getByRole('button', { name: '刷新历史场次' }).click();
    const listed = page
      .locator('.ant-card')
      .filter({ hasText: '历史考试场次（导入）' })
      .getByRole('row')
      .filter({ hasText: code });
    await listed.waitFor();
    expect(await listed.innerText()).toMatch(/2025-06-18[\s\S]*导入[\s\S]*锦江区特种作业考试点[\s\S]*某考试系统\s*3/);
    await page.context().close();
  }, 180_000);
});
