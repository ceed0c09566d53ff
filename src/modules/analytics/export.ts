// ANA-1/ANA-3 exports: every table of the dashboard and the campaign statistics as .xlsx, and the
// campaign statistics as a PDF report (kernel/pdf) a regulator files.
import ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { A4, MM, createCjkDocument, drawText } from '../../kernel/pdf.js';
import { NOT_RECORDED, figureText } from './rules.js';
import { campaignStatistics, dashboard, metricRecords, type CampaignQuery } from './service.js';
import type { DashboardMetric } from './rules.js';

async function bookBuffer(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** ANA-3: one sheet per chart's table (figures by region, pass rates, verification traffic). */
export async function dashboardWorkbook(ctx: AppContext, actor: Actor, region?: string): Promise<Buffer> {
  const d = await dashboard(ctx, actor, region);
  const book = new ExcelJS.Workbook();
  const overview = book.addWorksheet('辖区概览');
  overview.addRow([`${d.region.name}特种作业监管统计（截至 ${d.today}）`]).font = { bold: true, size: 14 };
  overview.addRow(['指标', '合计', ...d.children.map((c) => c.name)]).font = { bold: true };
  for (const m of d.metrics) overview.addRow([m.label, m.total, ...d.children.map((c) => m.byChild[c.code] ?? 0)]);
  for (const [name, rows] of [
    ['考试点合格率', d.passBySite],
    ['培训机构合格率', d.passByInstitution],
  ] as const) {
    const sheet = book.addWorksheet(name);
    sheet.addRow([name === '考试点合格率' ? '考试点' : '培训机构', '参考人次', '合格人次', '合格率（%）']).font = {
      bold: true,
    };
    for (const r of rows) sheet.addRow([r.name, r.sat, r.passed, r.rate ?? '']);
  }
  const traffic = book.addWorksheet('查询未命中');
  traffic.addRow(['日期', '原因', '次数']).font = { bold: true };
  for (const r of d.traffic) traffic.addRow([r.day, r.reason, r.n]);
  return bookBuffer(book);
}

/** ANA-3: the list behind one figure (up to 10,000 rows). */
export async function metricWorkbook(
  ctx: AppContext,
  actor: Actor,
  metric: DashboardMetric,
  region?: string,
): Promise<Buffer> {
  const list = await metricRecords(ctx, actor, metric, { region, page: 1, pageSize: 10_000 });
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(list.label.slice(0, 30));
  sheet.addRow([`${list.region.name}：${list.label}（共 ${list.total} 条）`]).font = { bold: true };
  sheet.addRow(['序号', '编号', '名称/姓名', '事项', '日期', '地区代码']).font = { bold: true };
  list.items.forEach((r, i) => sheet.addRow([i + 1, r.number, r.name, r.item, r.date, r.region_code]));
  return bookBuffer(book);
}

/** ANA-1: the statistics table as .xlsx. */
export async function campaignWorkbook(ctx: AppContext, actor: Actor, q: CampaignQuery): Promise<Buffer> {
  const s = await campaignStatistics(ctx, actor, q);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('专项整治统计');
  sheet.addRow([`${s.region.name}特种作业专项整治统计表（${s.from} 至 ${s.to}）`]).font = { bold: true, size: 14 };
  sheet.addRow(['类别', '指标', '数值']).font = { bold: true };
  // ANA-1: a sum in 万元 is written as a number with 2 decimals, a count as a whole number.
  for (const f of s.figures) {
    const row = sheet.addRow([f.group, f.label, f.value ?? NOT_RECORDED]);
    if (f.unit && f.value !== null) row.getCell(3).numFmt = '0.00';
  }
  sheet.addRow([]);
  sheet.addRow([`“${NOT_RECORDED}”表示平台尚无该类记录（案件、处罚、抽考等），不是零。`]);
  return bookBuffer(book);
}

/** ANA-1: the statistics table as a one-page PDF report. */
export async function campaignPdf(ctx: AppContext, actor: Actor, q: CampaignQuery): Promise<Uint8Array> {
  const s = await campaignStatistics(ctx, actor, q);
  const title = `${s.region.name}特种作业专项整治统计表`;
  const period = `统计期间：${s.from} 至 ${s.to}`;
  const note = `“${NOT_RECORDED}”表示平台尚无该类记录（案件、处罚、抽考等），不是零。`;
  const lines = s.figures.map((f) => [f.group, f.label, figureText(f.value, f.unit)]);
  const { doc, fonts } = await createCjkDocument(
    { title, subject: 'ANA-1' },
    title + period + note + lines.flat().join('') + '类别指标数值',
  );
  const page = doc.addPage([A4.width, A4.height]);
  let y = A4.height - 25 * MM;
  drawText(page, title, {
    x: A4.width / 2,
    y,
    size: 16,
    font: fonts.bold,
    align: 'center',
    maxWidth: A4.width - 40 * MM,
  });
  y -= 10 * MM;
  drawText(page, period, { x: 20 * MM, y, size: 10, font: fonts.regular });
  y -= 10 * MM;
  const cols = [20 * MM, 60 * MM, 160 * MM];
  ['类别', '指标', '数值'].forEach((h, i) => drawText(page, h, { x: cols[i], y, size: 11, font: fonts.bold }));
  for (const row of lines) {
    y -= 7.5 * MM;
    row.forEach((t, i) =>
      drawText(page, t, { x: cols[i], y, size: 10, font: fonts.regular, maxWidth: i === 1 ? 95 * MM : 40 * MM }),
    );
  }
  y -= 12 * MM;
  drawText(page, note, { x: 20 * MM, y, size: 9, font: fonts.regular, maxWidth: A4.width - 40 * MM });
  return doc.save();
}
