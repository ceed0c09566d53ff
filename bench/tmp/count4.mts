import { readFileSync } from 'node:fs';
import { parse as parseSync } from 'csv-parse/sync';
const text0 = readFileSync('/tmp/tiny.csv', 'utf8').slice(0, 240_000);
const text = text0.slice(0, text0.lastIndexOf('\n') + 1);
for (const [label, opts] of [
  ['plain', { relax_column_count: true }],
  ['bom', { bom: true, relax_column_count: true }],
  ['relax', { relax_column_count: true }],
  ['skip', { skip_empty_lines: true, relax_column_count: true }],
  ['delims', { delimiter: [',', '\t'], relax_column_count: true }],
] as const) {
  const t0 = performance.now();
  const rows = parseSync(text, opts as object);
  console.log(label, rows.length, Math.round(performance.now() - t0), 'ms');
}
const t0 = performance.now();
let n = 0; for (const line of text.split('\n')) if (line) { line.split(','); n++; }
console.log('split', n, Math.round(performance.now() - t0));
