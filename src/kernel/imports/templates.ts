// An import's template: the columns in Chinese as the provincial systems export them, and a 填写说明
// sheet giving each column's English key, whether it is required and how to fill it.
import ExcelJS from 'exceljs';
import type { ImportColumn } from './files.js';

export async function importTemplateXlsx(
  title: string,
  columns: readonly ImportColumn[],
  example: Record<string, string>,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  // The data sheet comes first: the import reads the first sheet.
  const data = book.addWorksheet('数据');
  data.addRow(columns.map((c) => c.label));
  data.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    data.getColumn(i + 1).width = Math.max(12, c.label.length * 2 + 4);
    // Text cells: an ID number typed into a number cell loses its last digits.
    data.getColumn(i + 1).numFmt = '@';
  });
  const notes = book.addWorksheet('填写说明');
  notes.addRow([title]).font = { bold: true, size: 14 };
  notes.addRow([
    '第一张工作表"数据"的第 1 行为表头，从第 2 行起每行一条记录；也可上传同样表头的 UTF-8 .csv 文件。表头可用中文列名或英文键。',
  ]);
  notes.addRow([]);
  notes.addRow(['列名', '英文键', '必填', '填写说明', '示例']).font = { bold: true };
  for (const c of columns) notes.addRow([c.label, c.key, c.required ? '是' : '否', c.note, example[c.key] ?? '']);
  notes.getColumn(1).width = 18;
  notes.getColumn(2).width = 22;
  notes.getColumn(4).width = 70;
  notes.getColumn(5).width = 24;
  return Buffer.from(await book.xlsx.writeBuffer());
}

export function importTemplateCsv(columns: readonly ImportColumn[]): string {
  return `\uFEFF${columns.map((c) => c.label).join(',')}\r\n`;
}
