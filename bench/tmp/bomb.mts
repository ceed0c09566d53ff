import { createDeflateRaw } from 'node:zlib';
import { finished } from 'node:stream/promises';
const t0 = performance.now();
const deflate = createDeflateRaw({ level: 1 });
let packed = 0;
deflate.on('data', (c: Buffer) => (packed += c.length));
const done = finished(deflate);
let written = 0, row = 1, seed = 7;
const unpacked = 360 * 1024 * 1024;
while (written < unpacked) {
  let chunk = '';
  for (let n = 0; n < 2000; n++, row++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const tag = n % 8 === 0 ? String(seed % 1000) : '0';
    chunk += `<row><c t="inlineStr"><is><t>工人甲乙丙丁</t></is></c><c><v>${tag}</v></c><c t="inlineStr"><is><t>510107199001011234</t></is></c></row>`;
  }
  if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  written += Buffer.byteLength(chunk);
}
deflate.end();
await done;
console.log('packed', (packed / 1048576).toFixed(2), 'MB in', Math.round(performance.now() - t0), 'ms rows', row);
