import ExcelJS from 'exceljs';
import { writeFile } from 'node:fs/promises';
import { readSheetRows } from '../../src/kernel/imports/files.js';
const book = new ExcelJS.Workbook();
const sheet = book.addWorksheet('x');
const names: string[] = [];
for (let i = 0; i < 10000; i++) {
  const n = `工人${String.fromCharCode(0x4e00 + (i % 500))}${String.fromCharCode(0x4e00 + ((i / 500) | 0))}`;
  names.push(n);
  sheet.addRow([n]);
}
await writeFile('/tmp/u8.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
let i = 0, bad = 0;
for await (const r of readSheetRows('/tmp/u8.xlsx', 'xlsx', 1e6)) {
  if (r.cells[0] !== names[i]) { bad++; if (bad < 4) console.log(i, JSON.stringify(r.cells[0]), names[i]); }
  i++;
}
console.log('rows', i, 'bad', bad);
