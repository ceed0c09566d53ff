import { writeFileSync } from 'node:fs';
import { csvRecords, inspectUpload } from '../../src/kernel/imports/files.js';
writeFileSync('/tmp/q.csv', '\uFEFFa,b,c\r\n1,"x, y","line1\nline2"\r\n\r\n2,"he said ""hi""",\n3\t4,z,\n"end",');
for await (const r of csvRecords('/tmp/q.csv')) console.log(JSON.stringify(r));
writeFileSync('/tmp/t.tsv', 'a\tb\n1\t2\n');
for await (const r of csvRecords('/tmp/t.tsv')) console.log(JSON.stringify(r));
let worst = 0; let last = performance.now();
const t = setInterval(() => { const n = performance.now(); worst = Math.max(worst, n - last); last = n; }, 10);
const t0 = performance.now();
try { await inspectUpload('/tmp/tiny.csv', 'csv', { maxBytes: { csv: 1e9, xlsx: 1e9 }, maxRows: 200000, maxUnpackedBytes: 1e9, maxRatio: 100 }); } catch (e) { console.log((e as Error).message); }
console.log('took', Math.round(performance.now() - t0), 'worst gap', Math.round(worst));
clearInterval(t);
