// Issue 18 "Imports never take the server down": the files that stopped the server, sent as an attacker
// would — over real HTTP to the app listening on a loopback port, the body streamed — to the ledger,
// injuries and question-bank imports. While each upload runs, /healthz is asked every 50 ms and must
// answer within 200 ms; each file is refused with a Chinese problem+json naming the limit; the
// process stays within 500 MB of its idle size; nothing is stored.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { createDeflateRaw } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateResidentIdNumber } from '../ids.js';
import { queryRows, signedInAs, startTestPlatform, type Client, type TestPlatform } from '../../testing/harness.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const LEDGER_HEADER = '姓名,身份证号,手机号,文化程度,所在区县代码,用工形式,派遣或外包单位,作业项目代码,聘用日期';
const MB = 1024 * 1024;

let p: TestPlatform;
let base: string;
let dir: string;
let idleRss: number;
let employer: Client;
let city: Client;
let province: Client;
const files: Record<string, string> = {};

/** Writes `lines()` to a file in chunks of ~1 MB (the test never holds a whole file). */
async function writeLines(name: string, header: string, count: number, line: (i: number) => string) {
  const file = path.join(dir, name);
  const out = createWriteStream(file);
  let chunk = `\uFEFF${header}\n`;
  for (let i = 0; i < count; i++) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 256 * 1024) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await finished(out);
  return file;
}

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
  const head =
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
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
    if (!deflate.write(chunk)) await new Promise<void>((r) => deflate.once('drain', () => r()));
    written += Buffer.byteLength(chunk);
  }
  deflate.end('</sheetData></worksheet>');
  await done;
  const packed = Buffer.concat(packedChunks);
  const entries = [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      ),
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

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hostile-'));
  // The reported files: 2.7 M tiny rows in 30 MB; 11 MB of realistic rows (over the 200,000-row cap);
  // a few-MB .xlsx inflating to ~360 MB, once announcing it and once lying about it.
  files.tiny = await writeLines('tiny.csv', LEDGER_HEADER, 2_700_000, (i) => `a,${String(i).padStart(7, '0')},`);
  files.eleven = await writeLines('eleven.csv', LEDGER_HEADER, 205_000, (i) => {
    const born = new Date(Date.UTC(1970, 0, 1) + (i % 12_000) * 86_400_000).toISOString().slice(0, 10);
    return `工人${i % 997},${generateResidentIdNumber('510107', born, 101 + 2 * (i % 400))},,高中,510107,本单位职工,,,2026-11-10`;
  });
  files.bomb = await zipBomb('bomb.xlsx', 360 * MB, (real) => real);
  files.liar = await zipBomb('liar.xlsx', 360 * MB, () => 256 * 1024);
  p = await startTestPlatform();
  await p.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(p.app.server.address() as AddressInfo).port}`;
  employer = (await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510107' })).client;
  city = (await signedInAs(p, 'city_regulator', { kind: 'regulator', regionCode: '510100' })).client;
  province = (await signedInAs(p, 'province_regulator', { kind: 'regulator', regionCode: '510000' })).client;
  // Warm the paths once (first-request compilation is not what is measured), then take the idle size.
  const warm = await writeLines('warm.csv', 'x,y', 1, () => 'a,1');
  expect((await send(employer, '/api/employment-imports?fileName=warm.csv', warm, 'text/csv')).status).toBe(400);
  await new Promise((r) => setTimeout(r, 200));
  await sampleHealth().stop();
  global.gc?.();
  idleRss = process.memoryUsage().rss;
}, 240_000);

afterAll(async () => {
  await p?.close();
  await rm(dir, { recursive: true, force: true });
});

/** POSTs a file from disk as a streamed body over a real socket; resolves with status, type and body. */
function send(client: Client, url: string, file: string, type: string) {
  return new Promise<{ status: number; type: string; body: Record<string, unknown> }>((resolve, reject) => {
    const req = http.request(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': type, cookie: client.cookie, 'x-csrf-token': client.csrfToken },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: JSON.parse(text) });
      });
    });
    createReadStream(file).pipe(req);
  });
}

/** Asks /healthz every 50 ms (on schedule, so a blocked event loop shows as lateness) until stopped. */
function sampleHealth() {
  const latencies: number[] = [];
  let peakRss = process.memoryUsage().rss;
  let running = true;
  const loop = (async () => {
    let due = performance.now();
    while (running) {
      const status = await new Promise<number>((resolve) => {
        http
          .get(`${base}/healthz`, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          })
          .on('error', () => resolve(0));
      });
      latencies.push(status === 200 ? performance.now() - due : Number.POSITIVE_INFINITY);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      due += 50;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else due = performance.now();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { worst: Math.max(...latencies), samples: latencies.length, peakRss };
    },
  };
}

async function hostile(client: Client, url: string, file: string, type: string) {
  const health = sampleHealth();
  const t0 = performance.now();
  const res = await send(client, url, file, type);
  const took = performance.now() - t0;
  // A few samples after the answer too: the refusal must not leave work running behind it.
  await new Promise((r) => setTimeout(r, 300));
  const { worst, samples, peakRss } = await health.stop();
  return { res, took, worst, samples, aboveIdle: peakRss - idleRss };
}

const stored = async () => (await queryRows<{ n: number }>(p, sql`select count(*)::int as n from bulk_imports`))[0].n;

describe('issue 18: hostile files', () => {
  it('issue 18 a 2.7 M-row CSV of 30 MB is refused at the row cap while /healthz answers', async () => {
    expect((await stat(files.tiny)).size).toBeGreaterThan(28 * MB);
    const r = await hostile(employer, '/api/employment-imports?fileName=tiny.csv', files.tiny, 'text/csv');
    expect(r.res.status, JSON.stringify(r.res.body)).toBe(413);
    expect(r.res.type).toContain('application/problem+json');
    expect(r.res.body).toMatchObject({ title: '文件过大', detail: expect.stringContaining('200,000 行的上限') });
    expect(r.worst, `worst /healthz ${Math.round(r.worst)} ms over ${r.samples} samples`).toBeLessThan(200);
    expect(r.aboveIdle).toBeLessThan(500 * MB);
    expect(await stored()).toBe(0);
  }, 120_000);

  it('issue 18 an 11 MB CSV past the row cap is refused while /healthz answers', async () => {
    expect((await stat(files.eleven)).size).toBeGreaterThan(10 * MB);
    const r = await hostile(employer, '/api/employment-imports?fileName=eleven.csv', files.eleven, 'text/csv');
    expect(r.res.status, JSON.stringify(r.res.body)).toBe(413);
    expect(String(r.res.body.detail)).toMatch(/行的上限.*未导入任何数据/);
    expect(r.worst, `worst /healthz ${Math.round(r.worst)} ms over ${r.samples} samples`).toBeLessThan(200);
    expect(r.aboveIdle).toBeLessThan(500 * MB);
    expect(await stored()).toBe(0);
  }, 120_000);

  const routes = [
    ['the ledger', () => employer, '/api/employment-imports?fileName=bomb.xlsx'],
    ['the injuries', () => city, '/api/injuries/imports?fileName=bomb.xlsx'],
    ['the question-bank', () => province, '/api/exams/bank/4.1/import-xlsx'],
  ] as const;
  for (const [label, client, url] of routes) {
    it(`issue 18 a zip bomb (.xlsx of a few MB unpacking to 360 MB) is refused by ${label} import from its directory while /healthz answers`, async () => {
      const r = await hostile(client(), url, files.bomb, XLSX);
      expect(r.res.status, JSON.stringify(r.res.body)).toBe(413);
      expect(r.res.type).toContain('application/problem+json');
      expect(String(r.res.body.detail)).toMatch(/解压后为 \d+ MB/);
      expect(r.worst, `worst /healthz ${Math.round(r.worst)} ms over ${r.samples} samples`).toBeLessThan(200);
      expect(r.aboveIdle).toBeLessThan(500 * MB);
      expect(await stored()).toBe(0);
    }, 120_000);

    it(`issue 18 a zip bomb whose directory lies about its size is refused by ${label} import as it inflates`, async () => {
      const r = await hostile(client(), url, files.liar, XLSX);
      expect(r.res.status, JSON.stringify(r.res.body)).toBe(413);
      expect(String(r.res.body.detail)).toContain('压缩炸弹');
      expect(r.worst, `worst /healthz ${Math.round(r.worst)} ms over ${r.samples} samples`).toBeLessThan(200);
      expect(r.aboveIdle).toBeLessThan(500 * MB);
      expect(await stored()).toBe(0);
    }, 120_000);
  }

  it('issue 18 a proper ledger file over the same HTTP path is accepted and queued for its check', async () => {
    const file = await writeLines('good.csv', LEDGER_HEADER, 3, (i) => {
      const id = generateResidentIdNumber('510107', `1990-01-0${i + 1}`, 201);
      return `工人${i},${id},,高中,510107,本单位职工,,,2026-11-10`;
    });
    const res = await send(employer, '/api/employment-imports?fileName=good.csv', file, 'text/csv');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ status: 'checking', kind: 'employers.ledger', fileName: 'good.csv' });
  });
});
