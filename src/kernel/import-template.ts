// The spreadsheet templates that imports offer for download (employers' ledger, work injuries):
// one data sheet with the columns and example rows, and a 填写说明 sheet, one instruction a row.
import ExcelJS from 'exceljs';

export interface ImportTemplate {
  sheetName: string;
  columns: readonly string[];
  examples: readonly (readonly string[])[];
  columnWidth: number;
  /** Cells as text (`@`), so Excel keeps an ID number's last digits and leading zeros. */
  textCells?: boolean;
  notes: readonly string[];
  notesWidth: number;
}

export async function importTemplateWorkbook(t: ImportTemplate): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(t.sheetName);
  sheet.addRow([...t.columns]);
  for (const row of t.examples) sheet.addRow([...row]);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c) => {
    c.width = t.columnWidth;
    if (t.textCells) c.numFmt = '@';
  });
  const notes = book.addWorksheet('填写说明');
  for (const line of t.notes) notes.addRow([line]);
  notes.getColumn(1).width = t.notesWidth;
  return Buffer.from(await book.xlsx.writeBuffer());
}
