import { createReadStream, readFileSync } from 'node:fs';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
let t0 = performance.now();
let records = 0;
await new Promise<void>((resolve) => {
  const parser = createReadStream('/tmp/tiny.csv').pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, delimiter: [',', '\t'] }));
  parser.on('data', () => { records++; if (records > 200001) { parser.destroy(); resolve(); } });
  parser.on('end', resolve);
});
console.log('data events', records, Math.round(performance.now() - t0));
const text = readFileSync('/tmp/tiny.csv', 'utf8').slice(0, 2_400_000);
t0 = performance.now();
const rows = parseSync(text.slice(0, text.lastIndexOf('\n') + 1), { bom: true, relax_column_count: true, skip_empty_lines: true, delimiter: [',', '\t'] });
console.log('sync', rows.length, Math.round(performance.now() - t0));
