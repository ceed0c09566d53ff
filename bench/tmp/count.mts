import { inspectUpload } from '../../src/kernel/imports/files.js';
let worst = 0; let last = performance.now();
const t = setInterval(() => { const n = performance.now(); worst = Math.max(worst, n - last); last = n; }, 10);
const t0 = performance.now();
try { await inspectUpload('/tmp/tiny.csv', 'csv', { maxBytes: { csv: 1e9, xlsx: 1e9 }, maxRows: 200000, maxUnpackedBytes: 1e9, maxRatio: 100 }); } catch (e) { console.log((e as Error).message); }
console.log('took', Math.round(performance.now() - t0), 'worst gap', Math.round(worst));
clearInterval(t);
