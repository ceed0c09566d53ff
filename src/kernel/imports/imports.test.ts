// The shared import mechanism on its own: row cap, zip bombs, header recognition (issue 18).
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Problem } from '../problem.js';
import { checkArchive, matchHeader, readSheetRows, type ImportLimits } from './files.js';

const limits: ImportLimits = {
  maxBytes: { csv: 1e9, xlsx: 1e9 },
  maxRows: 10,
  maxUnpackedBytes: 50 * 1024 * 1024,
  maxRatio: 100,
};

async function tmp(name: string, data: string | Buffer) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'imports-'));
  const file = path.join(dir, name);
  await writeFile(file, data);
  return file;
}

/** A one-entry zip whose entry is `size` zero bytes: a few KB on disk, `size` unpacked. */
function zipOf(size: number): Buffer {
  const packed = deflateRawSync(Buffer.alloc(size));
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  const dirOffset = local.length + name.length + packed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(dirOffset, 16);
  return Buffer.concat([local, name, packed, central, name, end]);
}

describe('streaming reader', () => {
  it('stops at the row cap as soon as it is passed, with a Chinese message', async () => {
    const lines = ['a,b', ...Array.from({ length: 100_000 }, (_, i) => `${i},x`)].join('\n');
    const file = await tmp('rows.csv', lines);
    let read = 0;
    const run = async () => {
      for await (const _ of readSheetRows(file, 'csv', 10)) read += 1;
    };
    await expect(run()).rejects.toThrow(/10 行的上限/);
    // The header and ten rows, then the eleventh row stops it: the other 99,989 are never yielded.
    expect(read).toBe(11);
  });

  it('reads a BOM, quoted cells and keeps long digit strings as text', async () => {
    const file = await tmp('q.csv', '\uFEFF身份证号,姓名\n"510107198506150012","张,三"\n');
    const rows = [];
    for await (const r of readSheetRows(file, 'csv', 10)) rows.push(r.cells);
    expect(rows).toEqual([
      ['身份证号', '姓名'],
      ['510107198506150012', '张,三'],
    ]);
  });
});

describe('archives', () => {
  it('refuses an .xlsx whose zip directory announces an absurd unpacked size or ratio, without unpacking it', async () => {
    const bomb = await tmp('bomb.xlsx', zipOf(60 * 1024 * 1024));
    const err = await checkArchive(bomb, limits).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Problem);
    expect((err as Problem).status).toBe(413);
    expect((err as Problem).detail).toContain('解压后');
    const fine = await tmp('fine.xlsx', zipOf(10_000));
    await expect(checkArchive(fine, limits)).resolves.toBeUndefined();
  });

  it('refuses a file that is not a zip at all', async () => {
    const file = await tmp('x.xlsx', 'hello');
    await expect(checkArchive(file, limits)).rejects.toThrow(/无法读取/);
  });
});

describe('header recognition', () => {
  const columns = [
    { key: 'idNumber', label: '身份证号', aliases: ['公民身份号码'], required: true, note: '' },
    { key: 'name', label: '姓名', required: true, note: '' },
    { key: 'phone', label: '手机号', note: '' },
  ];
  it('accepts Chinese labels, aliases and English keys in any order', () => {
    expect([...matchHeader(['姓名', '公民身份号码'], columns)]).toEqual([
      [0, 'name'],
      [1, 'idNumber'],
    ]);
    expect([...matchHeader(['idNumber', 'NAME', '备注'], columns).values()]).toEqual(['idNumber', 'name']);
  });
  it('names what was expected and what was found when a required column is missing', () => {
    const err = (() => {
      try {
        matchHeader(['工号', '姓名'], columns);
      } catch (e) {
        return e as Problem;
      }
    })()!;
    expect(err.status).toBe(400);
    expect(err.toBody()).toMatchObject({ missing: ['身份证号'], found: ['工号', '姓名'], unrecognised: ['工号'] });
  });
});
