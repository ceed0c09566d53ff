// The file side of the one import mechanism: an upload is streamed to disk under a size cap, an
// .xlsx is opened only after its zip directory shows a sane unpacked size, and rows are read as a
// stream (csv-parse; exceljs's streaming WorkbookReader) that stops as soon as the row cap is passed,
// so memory stays bounded whatever the file (issue 18: a 30 MB CSV of tiny rows, a zip bomb).
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { badRequest, Problem } from '../problem.js';

export type ImportFormat = 'csv' | 'xlsx';

export interface ImportLimits {
  /** Largest upload accepted, per format (an .xlsx is compressed, a CSV is not). */
  maxBytes: Record<ImportFormat, number>;
  /** Rows after the header. */
  maxRows: number;
  /** An .xlsx whose parts unpack to more than this is refused unread. */
  maxUnpackedBytes: number;
  /** … or whose parts unpack to more than this many times their packed size. */
  maxRatio: number;
}

export const tooLarge = (detail: string) => new Problem(413, 'import-too-large', '文件过大', detail);

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** Streams `body` to a new file under `dir`; refuses (and removes) it as soon as it passes `maxBytes`. */
export async function storeUpload(body: Readable, dir: string, name: string, maxBytes: number): Promise<number> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  let size = 0;
  // Past the cap the rest is read and dropped, not stored: destroying the request mid-body would cut
  // the connection, and the uploader would see a reset instead of the 413 that says what to do.
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) done();
      else done(null, chunk);
    },
  });
  try {
    await pipeline(body, cap, createWriteStream(file));
  } catch (err) {
    await unlink(file).catch(() => undefined);
    if (err instanceof Problem) throw err;
    throw badRequest('文件上传中断，请重新上传。');
  }
  if (size > maxBytes) {
    await unlink(file).catch(() => undefined);
    throw tooLarge(`文件超过 ${mb(maxBytes)} 上限，请拆分后分批上传。`);
  }
  if (size === 0) {
    await unlink(file).catch(() => undefined);
    throw badRequest('上传的文件为空。');
  }
  return size;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** Packed and announced unpacked sizes of a zip's entries, from its central directory only. */
async function zipSizes(file: string): Promise<{ packed: number; unpacked: number; entries: number } | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let at = -1;
    for (let i = tailLength - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    if (at < 0) return null;
    const entries = tail.readUInt16LE(at + 10);
    const dirSize = tail.readUInt32LE(at + 12);
    const dirOffset = tail.readUInt32LE(at + 16);
    // ZIP64 markers: a spreadsheet upload never needs them; an archive claiming them is refused.
    if (entries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff || dirOffset + dirSize > size)
      return { packed: size, unpacked: Number.POSITIVE_INFINITY, entries };
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    let unpacked = 0;
    let p = 0;
    for (let n = 0; n < entries; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) return null;
      const entrySize = dir.readUInt32LE(p + 24);
      unpacked += entrySize === 0xffffffff ? Number.POSITIVE_INFINITY : entrySize;
      p += 46 + dir.readUInt16LE(p + 28) + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
    return { packed: size, unpacked, entries };
  } finally {
    await handle.close();
  }
}

/**
 * Refuses an .xlsx whose zip directory announces an absurd unpacked size or compression ratio, reading
 * only the directory at the end of the file (a 3.4 MB file that unpacks to 364 MB is refused here).
 * The streaming reader then stops at the announced sizes' worth of rows anyway (the row cap).
 */
export async function checkArchive(file: string, limits: ImportLimits): Promise<void> {
  const sizes = await zipSizes(file);
  if (!sizes)
    throw badRequest(
      '无法读取该 .xlsx 文件（不是有效的 Excel 文件），请用模板另存为 .xlsx，或改用 UTF-8 编码的 .csv。',
    );
  const { packed, unpacked } = sizes;
  if (unpacked > limits.maxUnpackedBytes || unpacked > packed * limits.maxRatio)
    throw tooLarge(
      `该 .xlsx 解压后为 ${Number.isFinite(unpacked) ? mb(unpacked) : '超大'}（压缩比 ${Math.round(unpacked / Math.max(packed, 1))} 倍），超过 ${mb(limits.maxUnpackedBytes)} 或 ${limits.maxRatio} 倍的上限，不予读取。请拆分文件或改用 .csv。`,
    );
}

/** Every cell as text: an ID number read as a number would lose its last digits. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { text?: unknown; richText?: Array<{ text: string }>; result?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return String(v.text);
    if (v.result !== undefined) return String(v.result);
    return '';
  }
  return String(value);
}

export interface SheetRow {
  /** The sheet's row number: the header is row 1. */
  rowNo: number;
  cells: string[];
}

/**
 * The rows of the first sheet (or the CSV) as a stream of text cells, header first. Throws a 400 the
 * moment the row count passes `maxRows`: the rest of the file is never read.
 */
export async function* readSheetRows(file: string, format: ImportFormat, maxRows: number): AsyncGenerator<SheetRow> {
  let rowNo = 0;
  const overCap = () =>
    badRequest(`文件超过 ${maxRows.toLocaleString('zh-CN')} 行的上限（表头除外），未导入任何数据。请拆分后分批上传。`);
  if (format === 'csv') {
    const parser = createReadStream(file).pipe(
      parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, delimiter: [',', '\t'] }),
    );
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        rowNo += 1;
        if (rowNo - 1 > maxRows) throw overCap();
        yield { rowNo, cells: record };
      }
    } catch (err) {
      if (err instanceof Problem) throw err;
      throw badRequest(
        `第 ${rowNo + 1} 行附近无法解析为 CSV（${String((err as Error).message).slice(0, 80)}），请确认为 UTF-8 编码、逗号分隔的文本。`,
      );
    } finally {
      parser.destroy();
    }
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]).trim());
        if (cells.every((c) => c === '')) continue;
        rowNo += 1;
        if (rowNo - 1 > maxRows) throw overCap();
        yield { rowNo: row.number, cells };
      }
      // The first sheet holds the data; 填写说明 and any other sheet are the template's notes.
      break;
    }
  } catch (err) {
    if (err instanceof Problem) throw err;
    throw badRequest('无法读取该 .xlsx 文件，请用模板填写后另存为 .xlsx，或改用 UTF-8 编码的 .csv。');
  }
}

export interface ImportColumn {
  /** The English key the row is read into (and the CSV header a system may export instead). */
  key: string;
  /** The Chinese header as the provincial systems export it. */
  label: string;
  /** Other headers seen in provincial exports for the same column. */
  aliases?: readonly string[];
  required?: boolean;
  /** One line for the template's 填写说明 sheet. */
  note: string;
}

const norm = (s: string) => s.replace(/[\s*＊（）()]/g, '').toLowerCase();

/**
 * Maps a header row to column keys. Refuses a header that lacks a required column, naming the columns
 * expected and those found, so a user who uploaded the wrong template sees which one it was.
 */
export function matchHeader(header: string[], columns: readonly ImportColumn[]): Map<number, string> {
  const byName = new Map<string, string>();
  for (const c of columns) for (const n of [c.key, c.label, ...(c.aliases ?? [])]) byName.set(norm(n), c.key);
  const mapping = new Map<number, string>();
  header.forEach((h, i) => {
    const key = byName.get(norm(h));
    if (key && ![...mapping.values()].includes(key)) mapping.set(i, key);
  });
  const found = new Set(mapping.values());
  const missing = columns.filter((c) => c.required && !found.has(c.key));
  if (missing.length)
    throw new Problem(
      400,
      'import-header',
      '表头与模板不符',
      `表头缺少必填列：${missing.map((c) => c.label).join('、')}。`,
      {
        extra: {
          expected: columns.map((c) => ({ key: c.key, label: c.label, required: Boolean(c.required) })),
          found: header.filter((h) => h !== ''),
          missing: missing.map((c) => c.label),
          unrecognised: header.filter((h, i) => h !== '' && !mapping.has(i)),
        },
      },
    );
  return mapping;
}

/** The first row of the file, for a header check at upload time (reads one row, then stops). */
export async function readHeader(file: string, format: ImportFormat): Promise<string[]> {
  for await (const row of readSheetRows(file, format, Number.MAX_SAFE_INTEGER)) return row.cells;
  throw badRequest('文件中没有数据（连表头也没有），请按模板填写。');
}
