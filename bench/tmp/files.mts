import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
const MB = 1048576;
async function writeLines(file: string, header: string, count: number, line: (i: number) => string) {
  const out = createWriteStream(file);
  let chunk = `\uFEFF${header}\n`;
  for (let i = 0; i < count; i++) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 256 * 1024) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.end(chunk);
  await finished(out);
  return file;
}
const t0 = performance.now();
await writeLines('/tmp/tiny.csv', 'h', 2_700_000, (i) => `a,${String(i).padStart(7, '0')},`);
console.log('tiny', Math.round(performance.now() - t0), 'ms', Math.round(process.memoryUsage().rss / MB), 'MB');
