import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
let t0 = performance.now();
let lines = 0;
for await (const chunk of createReadStream('/tmp/tiny.csv', { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
  for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines += 1;
  if (lines > 200001) break;
}
console.log('lines', lines, Math.round(performance.now() - t0));
t0 = performance.now();
let records = 0;
const parser = createReadStream('/tmp/tiny.csv').pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true, delimiter: [',', '\t'] }));
for await (const _ of parser) { records++; if (records > 200001) break; }
console.log('records', records, Math.round(performance.now() - t0));
t0 = performance.now();
records = 0;
const parser2 = createReadStream('/tmp/tiny.csv').pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }));
for await (const _ of parser2) { records++; if (records > 200001) break; }
console.log('records single delimiter', records, Math.round(performance.now() - t0));
