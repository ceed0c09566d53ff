// The file side of the one import mechanism: an upload is streamed to disk under a size cap, an
// .xlsx is opened only after its zip directory shows a sane unpacked size, and rows are read as a
// stream (csv-parse; exceljs's streaming WorkbookReader) that stops as soon as the row cap is passed,
// so memory stays bounded whatever the file (issue 18: a 30 MB CSV of tiny rows, a zip bomb).
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
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

interface ZipEntry {
  name: string;
  method: number;
  packed: number;
  unpacked: number;
  /** Where the entry's local header starts. */
  offset: number;
}

/** The entries of a zip and their announced sizes, from its central directory only (nothing inflated). */
async function zipDirectory(file: string): Promise<{ packed: number; unpacked: number; entries: ZipEntry[] } | null> {
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
    const count = tail.readUInt16LE(at + 10);
    const dirSize = tail.readUInt32LE(at + 12);
    const dirOffset = tail.readUInt32LE(at + 16);
    // ZIP64 markers: a spreadsheet upload never needs them; an archive claiming them is refused.
    if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff || dirOffset + dirSize > size)
      return { packed: size, unpacked: Number.POSITIVE_INFINITY, entries: [] };
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    let unpacked = 0;
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) return null;
      const entrySize = dir.readUInt32LE(p + 24);
      const nameLength = dir.readUInt16LE(p + 28);
      unpacked += entrySize === 0xffffffff ? Number.POSITIVE_INFINITY : entrySize;
      entries.push({
        name: dir.toString('utf8', p + 46, p + 46 + nameLength),
        method: dir.readUInt16LE(p + 10),
        packed: dir.readUInt32LE(p + 20),
        unpacked: entrySize,
        offset: dir.readUInt32LE(p + 42),
      });
      p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
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
  const sizes = await zipDirectory(file);
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

const overRowCap = (maxRows: number) =>
  tooLarge(`文件超过 ${maxRows.toLocaleString('zh-CN')} 行的上限（表头除外），未导入任何数据。请拆分后分批上传。`);
const ROW_END = Buffer.from('</row>');
const SHEET = /^xl\/worksheets\/sheet\d+\.xml$/;

/**
 * Inflates every entry of an .xlsx as a stream, holding nothing, and refuses it the moment an entry
 * inflates past the size its directory announced (a zip bomb that lies in its directory) or the first
 * worksheet (the one the reader takes) passes the row cap. Inflation runs in libuv's thread pool, so
 * the event loop keeps answering; memory stays at one chunk per entry.
 */
async function inflateAndCountRows(file: string, limits: ImportLimits): Promise<void> {
  const directory = await zipDirectory(file);
  if (!directory) return;
  const handle = await open(file, 'r');
  let firstSheet = true;
  try {
    for (const entry of directory.entries) {
      if (entry.method !== 0 && entry.method !== 8)
        throw badRequest('该 .xlsx 使用了不支持的压缩方式，请用 Excel 或 WPS 另存为 .xlsx，或改用 .csv。');
      const local = Buffer.alloc(30);
      await handle.read(local, 0, 30, entry.offset);
      if (local.readUInt32LE(0) !== 0x04034b50)
        throw badRequest('无法读取该 .xlsx 文件（不是有效的 Excel 文件），请用模板另存为 .xlsx，或改用 .csv。');
      const start = entry.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const isSheet = firstSheet && SHEET.test(entry.name);
      if (isSheet) firstSheet = false;
      if (entry.packed === 0) continue;
      const packed = createReadStream(file, { start, end: start + entry.packed - 1, highWaterMark: 256 * 1024 });
      let inflated = 0;
      let rows = 0;
      let carry: Buffer = Buffer.alloc(0);
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          inflated += chunk.length;
          if (inflated > entry.unpacked || inflated > limits.maxUnpackedBytes) {
            done(
              tooLarge(
                `该 .xlsx 中的 ${entry.name} 解压后超过其声明的大小（${mb(entry.unpacked)}），疑为压缩炸弹，不予读取。`,
              ),
            );
            return;
          }
          if (isSheet) {
            const text = carry.length ? Buffer.concat([carry, chunk]) : chunk;
            for (let i = text.indexOf(ROW_END); i >= 0; i = text.indexOf(ROW_END, i + ROW_END.length)) rows += 1;
            carry = text.subarray(Math.max(0, text.length - ROW_END.length + 1));
            // The header row plus maxRows data rows; one more and the file is refused unread.
            if (rows - 1 > limits.maxRows) {
              done(overRowCap(limits.maxRows));
              return;
            }
          }
          done();
        },
      });
      try {
        if (entry.method === 8) await pipeline(packed, createInflateRaw(), counter);
        else await pipeline(packed, counter);
      } catch (err) {
        if (err instanceof Problem) throw err;
        throw badRequest('无法读取该 .xlsx 文件（压缩数据已损坏），请重新保存后上传，或改用 .csv。');
      }
    }
  } finally {
    await handle.close();
  }
}

/**
 * Counts a CSV's records up to the row cap. Counting line ends is enough when they are fewer than
 * the cap (a record holds at least one); otherwise the parser counts records exactly and stops at the
 * first one past the cap, so a 2.7 M-row file is refused after reading its first 200,001.
 */
async function countCsvRows(file: string, maxRows: number): Promise<void> {
  let lines = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines += 1;
    if (lines > maxRows + 1) break;
  }
  if (lines <= maxRows + 1) return;
  let records = 0;
  try {
    for await (const _ of csvRecords(file)) {
      records += 1;
      if (records - 1 > maxRows) throw overRowCap(maxRows);
    }
  } catch (err) {
    if (err instanceof Problem && err.status === 413) throw err;
    // A malformed CSV is named by the check job, row by row.
  }
}

/**
 * The guards every import route runs on a stored upload before anything else reads it (issue 18): an
 * .xlsx's announced sizes and ratio (directory only), then its real inflated sizes and its first
 * sheet's row count (streamed); a CSV's row count. Each refusal is a 413 naming the limit, in Chinese.
 */
export async function inspectUpload(file: string, format: ImportFormat, limits: ImportLimits): Promise<void> {
  if (format === 'xlsx') {
    await checkArchive(file, limits);
    await inflateAndCountRows(file, limits);
  } else await countCsvRows(file, limits.maxRows);
}

/**
 * The one upload path of every import route: the body streamed to disk under the size cap, then
 * inspected (inspectUpload). Returns the stored file; on any refusal nothing is left behind.
 */
export async function receiveUpload(
  body: Readable,
  dir: string,
  name: string,
  format: ImportFormat,
  limits: ImportLimits,
): Promise<{ file: string; sizeBytes: number }> {
  const sizeBytes = await storeUpload(body, dir, name, limits.maxBytes[format]);
  const file = path.join(dir, name);
  try {
    await inspectUpload(file, format, limits);
  } catch (err) {
    await unlink(file).catch(() => undefined);
    throw err;
  }
  return { file, sizeBytes };
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

/**
 * The records of a CSV file as a stream, read 256 KB at a time: comma- or tab-separated (as the first
 * line shows), RFC 4180 quotes (a quoted field may hold the separator, a line end or ""), CRLF or LF,
 * a UTF-8 BOM, empty lines skipped. A line without quotes is split in one call; csv-parse took 80 µs
 * a record on this machine, which made a 200,000-row file 16 s of parsing before any check.
 */
export async function* csvRecords(file: string): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let delimiter: string | null = null;
  let line = 1;
  const unclosed = () =>
    badRequest(`第 ${line} 行附近的引号没有闭合，无法解析为 CSV；请确认为 UTF-8 编码、逗号分隔的文本。`);
  /** Parses the complete records in `text`; returns them and where the incomplete rest starts. */
  const parseText = (text: string, final: boolean): { records: string[][]; rest: number } => {
    const records: string[][] = [];
    let pos = 0;
    if (line === 1 && text.charCodeAt(0) === 0xfeff) pos = 1;
    // The next quote at or after `pos`, found once and reused: searching afresh on every line scanned
    // to the end of a quote-less chunk each time.
    let quote = -2;
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) break;
        nl = text.length;
      }
      if (delimiter === null) {
        const first = text.slice(pos, nl);
        delimiter = first.includes('\t') && !first.includes(',') ? '\t' : ',';
      }
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      if (quote < 0 || quote > nl) {
        // No quote before the line end: the common case, one split.
        let end = nl;
        if (end > pos && text.charCodeAt(end - 1) === 13) end -= 1;
        if (end > pos) records.push(text.slice(pos, end).split(delimiter));
        pos = nl + 1;
        line += 1;
        continue;
      }
      // A quoted field somewhere in this record: walk it character by character.
      const fields: string[] = [];
      let field = '';
      let i = pos;
      let quoted = false;
      let complete = false;
      let lines = 0;
      while (i < text.length) {
        const ch = text[i];
        if (quoted) {
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            if (i + 1 >= text.length && !final) break;
            quoted = false;
            i += 1;
            continue;
          }
          if (ch === '\n') lines += 1;
          field += ch;
          i += 1;
          continue;
        }
        if (ch === '"' && field === '') {
          quoted = true;
          i += 1;
        } else if (ch === delimiter) {
          fields.push(field);
          field = '';
          i += 1;
        } else if (ch === '\n' || ch === '\r') {
          if (ch === '\r' && text[i + 1] === '\n') i += 1;
          else if (ch === '\r' && i + 1 >= text.length && !final) break;
          i += 1;
          complete = true;
          break;
        } else {
          field += ch;
          i += 1;
        }
      }
      if (!complete && i >= text.length && final && !quoted) complete = true;
      if (!complete) {
        if (final) throw unclosed();
        break;
      }
      fields.push(field);
      records.push(fields);
      line += 1 + lines;
      pos = i;
    }
    return { records, rest: pos };
  };
  // 64 KB at a time: a chunk is parsed, and its records consumed, in one stretch without a turn of the
  // event loop (the records are handed over as microtasks); 256 KB of 11-byte rows (23,000 records)
  // held /healthz past 200 ms on a busy machine.
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    const text = pending + decoder.write(chunk);
    const { records, rest } = parseText(text, false);
    pending = text.slice(rest);
    // A record that never ends within 4 MB is not a spreadsheet row.
    if (pending.length > 4 * 1024 * 1024) throw unclosed();
    yield* records;
  }
  const { records } = parseText(pending + decoder.end(), true);
  yield* records;
}

/** Decodes UTF-8 across chunk boundaries: a character split between two chunks stays one character. */
async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

interface ReaderInternals {
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

/**
 * exceljs's streaming reader decodes each inflated chunk on its own (TextDecoder without `stream`), so
 * a Chinese character split between two chunks became U+FFFD — a name or an address changed in about
 * one row in two thousand. Its chunks are decoded here across boundaries before its XML parser sees them.
 */
function utf8Safe(reader: ExcelJS.stream.xlsx.WorkbookReader): ExcelJS.stream.xlsx.WorkbookReader {
  const internals = reader as unknown as ReaderInternals;
  const sharedStrings = internals._parseSharedStrings;
  const worksheet = internals._parseWorksheet;
  internals._parseSharedStrings = function (entry) {
    entry.setEncoding('utf8');
    return sharedStrings.call(this, entry);
  };
  internals._parseWorksheet = function (iterator, sheetNo) {
    return worksheet.call(this, decodeUtf8(iterator), sheetNo);
  };
  return reader;
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
    for await (const record of csvRecords(file)) {
      rowNo += 1;
      if (rowNo - 1 > maxRows) throw overCap();
      yield { rowNo, cells: record.map((c) => c.trim()) };
    }
    return;
  }
  const reader = utf8Safe(
    new ExcelJS.stream.xlsx.WorkbookReader(file, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      entries: 'emit',
    }),
  );
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
