import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { createDeflateRaw } from 'node:zlib';
import { inspectUpload } from '../../src/kernel/imports/files.js';
const MB = 1048576;
const dir = '/tmp';
/**
 * An .xlsx whose one worksheet inflates to `unpacked` bytes of rows from a few MB; its zip directory
 * announces `announced` bytes for it (the real size, or a lie). Built by streaming deflate.
 */
async function zipBomb(name: string, unpacked: number, announced: (real: number) => number) {
  const deflate = createDeflateRaw({ level: 1 });
  const packedChunks: Buffer[] = [];
  deflate.on('data', (c: Buffer) => packedChunks.push(c));
  const done = finished(deflate);
  let written = 0;
  const head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  deflate.write(head);
  written += head.length;
  let seed = 7;
  while (written < unpacked) {
    let chunk = '';
    for (let n = 0; n < 2000; n++) {
      // A little variety every twelfth row, so the file is MBs packed (as the reported one was), not KBs.
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const tag = n % 12 === 0 ? String(seed % 1000) : '0';
      chunk += `<row><c t="inlineStr"><is><t>工人甲乙丙丁</t></is></c><c><v>${tag}</v></c><c t="inlineStr"><is><t>510107199001011234</t></is></c></row>`;
    }
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
    written += Buffer.byteLength(chunk);
  }
  deflate.end('</sheetData></worksheet>');
  await done;
  const packed = Buffer.concat(packedChunks);
  const entries = [
    {
      name: '[Content_Types].xml',
      data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      method: 0,
      size: 0,
    },
    { name: 'xl/worksheets/sheet1.xml', data: packed, method: 8, size: announced(written) },
  ].map((e) => ({ ...e, size: e.method === 0 ? e.data.length : e.size }));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const nameBytes = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, e.data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  const file = path.join(dir, name);
  const out = createWriteStream(file);
  for (const b of [...locals, directory, end]) out.write(b);
  out.end();
  await finished(out);
  return file;
}


const f = await zipBomb('bomb-x.xlsx', 360 * MB, (real) => real);
console.log('built', Math.round(process.memoryUsage().rss / MB));
try { await inspectUpload(f, 'xlsx', { maxBytes: { csv: 1e9, xlsx: 1e9 }, maxRows: 200000, maxUnpackedBytes: 300 * MB, maxRatio: 100 }); } catch (e) { console.log((e as Error).message); }
console.log('done', Math.round(process.memoryUsage().rss / MB));
