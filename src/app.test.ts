// First load (issue 19 item 10): the web app's files are sent pre-compressed (brotli, else gzip),
// hashed assets are cached for a year, index.html is revalidated on every load; links made while
// answering a request use the address the request came in at unless PUBLIC_URL is set.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, cacheControlFor } from './app.js';
import { isLocalhostUrl, originOf } from './kernel/origin.js';
import { publicBaseUrl } from './modules/certificates/credentials.js';
import { startTestPlatform, type TestPlatform } from './testing/harness.js';

let p: TestPlatform;
let dist: string;
let web: Awaited<ReturnType<typeof buildApp>>;
const SCRIPT = `console.log(${JSON.stringify('全链'.repeat(400))});`;
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-AbCd1234.js"></script></head></html>';

beforeAll(async () => {
  p = await startTestPlatform();
  dist = await mkdtemp(path.join(os.tmpdir(), 'quanlian-web-'));
  await mkdir(path.join(dist, 'assets'));
  // What `npm run build:web` writes: each file with its .br and .gz beside it.
  for (const [name, body] of [
    ['index.html', INDEX],
    ['assets/index-AbCd1234.js', SCRIPT],
  ]) {
    await writeFile(path.join(dist, name), body);
    await writeFile(path.join(dist, `${name}.br`), brotliCompressSync(body));
    await writeFile(path.join(dist, `${name}.gz`), gzipSync(body));
  }
  web = await buildApp(p.ctx, { webDist: dist });
  // A probe answering with the links a request would make, unset PUBLIC_URL and set.
  web.get('/probe-origin', async () => ({
    unset: publicBaseUrl({ config: { ...p.ctx.config, publicUrl: undefined } }),
    set: publicBaseUrl({ config: { ...p.ctx.config, publicUrl: 'https://cert.example.cn/' } }),
  }));
});
afterAll(async () => {
  await web?.close();
  await p.close();
  await rm(dist, { recursive: true, force: true });
});

describe('issue-19 first load: compression and caching of the web app', () => {
  it('issue-19 a hashed asset is sent brotli-compressed when accepted, cached a year and immutable', async () => {
    const res = await web.inject({
      method: 'GET',
      url: '/assets/index-AbCd1234.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(SCRIPT);
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 5);
  });

  it('issue-19 gzip when brotli is not accepted; the plain file when nothing is', async () => {
    const gz = await web.inject({
      method: 'GET',
      url: '/assets/index-AbCd1234.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
    const plain = await web.inject({ method: 'GET', url: '/assets/index-AbCd1234.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('issue-19 index.html, at / and at any page address, is compressed and revalidated on every load', async () => {
    for (const url of ['/', '/login', '/supervision/inspections']) {
      const res = await web.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(INDEX);
    }
  });

  it('issue-19 an asset of an older build is a 404 problem, not index.html; the API stays no-store', async () => {
    const gone = await web.inject({ method: 'GET', url: '/assets/index-Old12345.js' });
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
    const api = await web.inject({ method: 'GET', url: '/api/catalog' });
    expect(api.headers['cache-control']).toBe('no-store');
  });

  it('issue-19 only names carrying a content hash under assets/ count as immutable', () => {
    expect(cacheControlFor('/srv/web/dist/assets/antd-B5mS6Fj3.js')).toMatch(/immutable/);
    expect(cacheControlFor('/srv/web/dist/assets/index-CpOt3VeU.css.br')).toMatch(/immutable/);
    expect(cacheControlFor('/srv/web/dist/index.html')).toBe('no-cache');
    expect(cacheControlFor('/srv/web/dist/index.html.gz')).toBe('no-cache');
    expect(cacheControlFor('/srv/web/dist/favicon.ico')).toBe('no-cache');
  });
});

describe('issue-19 the public address of links (CER-3 QR codes)', () => {
  it('issue-19 a request’s own host makes the origin; a header that is not a plain host is ignored', () => {
    expect(originOf('http', '192.168.1.20:3000')).toBe('http://192.168.1.20:3000');
    expect(originOf('https', 'zhengshu.example.gov.cn')).toBe('https://zhengshu.example.gov.cn');
    expect(originOf('http', '[::1]:3000')).toBe('http://[::1]:3000');
    expect(originOf('http', 'evil.com/path')).toBeNull();
    expect(originOf('http', 'a b')).toBeNull();
    expect(originOf('http', 'evil.com@x')).toBeNull();
    expect(originOf('http', undefined)).toBeNull();
    expect(originOf('javascript', 'x.cn')).toBe('http://x.cn');
  });

  it('issue-19 PUBLIC_URL unset: a certificate link points where the request came in; set: always there', async () => {
    // Outside a request (a background job) the fallback stays localhost.
    expect(publicBaseUrl({ config: { ...p.ctx.config, publicUrl: undefined } })).toMatch(/^http:\/\/localhost:/);
    const res = await web.inject({ method: 'GET', url: '/probe-origin', headers: { host: '192.168.3.7:3000' } });
    expect(res.json()).toEqual({ unset: 'http://192.168.3.7:3000', set: 'https://cert.example.cn' });
  });

  it('issue-19 the start-up warning recognises localhost addresses', () => {
    expect(isLocalhostUrl('http://localhost:3000')).toBe(true);
    expect(isLocalhostUrl('http://127.0.0.1:3000/')).toBe(true);
    expect(isLocalhostUrl('https://zhengshu.example.gov.cn')).toBe(false);
  });
});
