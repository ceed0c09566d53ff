// Bulk import of an employer's ledger (REG-4, EMP-3): N rows (default 100,000) in one .xlsx, every
// person new to the registry (the heaviest case: each is registered too). People new to the registry
// hold no certificate, so they come with no item (EMP-1 would refuse one). Prints rows/s of the check
// and of the all-or-nothing commit, and the process's peak RSS.
// Usage: npx tsx bench/employer-import.ts [N] [xlsx|csv]   (BENCH_DATABASE_URL=postgres://… for PostgreSQL)
import ExcelJS from 'exceljs';
import type { Actor } from '../src/kernel/access.js';
import { generateCreditCode, generateResidentIdNumber } from '../src/kernel/ids.js';
import { commitImport, startImport } from '../src/modules/employers/index.js';
import { IMPORT_COLUMNS } from '../src/modules/employers/rules.js';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { megabytes, openBenchPlatform, trackPeakRss } from './support.js';

const N = Number(process.argv[2] ?? 100_000);
const format = (process.argv[3] ?? 'xlsx') as 'xlsx' | 'csv';
const rss = trackPeakRss();
const bench = await openBenchPlatform();
const { ctx, database } = bench;
const org = await createOrganisation(ctx, null, {
  kind: 'employer',
  name: '压测建设集团',
  regionCode: '510107',
  creditCode: generateCreditCode('510107', 51_234_567),
});
const actor: Actor = {
  userId: crypto.randomUUID(),
  username: 'bench',
  displayName: '压测',
  role: 'employer_admin',
  orgId: org.id,
  orgKind: 'employer',
  orgName: org.name,
  regionCode: org.regionCode,
  workerId: null,
};

const kinds = ['本单位职工', '劳务派遣', '外包', '临时'];
const rows = Array.from({ length: N }, (_, i) => {
  const born = new Date(Date.UTC(1966, 0, 1) + (i % 12_000) * 86_400_000).toISOString().slice(0, 10);
  const kind = kinds[i % 4];
  return [
    `工人${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉戌亥'[Math.floor(i / 10) % 12]}`,
    generateResidentIdNumber(
      ['510104', '510107', '510703', '511302', '513401', '520102', '500101', '510603', '510105'][
        Math.floor(i / 12_000)
      ],
      born,
      101 + 2 * ((i / 108_000) | 0),
    ),
    '',
    '高中',
    '510107',
    kind,
    kind === '劳务派遣' || kind === '外包' ? '四川某人力资源有限公司' : '',
    '',
    '2026-11-10',
  ];
});
let file: Buffer;
const tFile = performance.now();
if (format === 'csv') file = Buffer.from(`${IMPORT_COLUMNS.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
else {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('人员');
  sheet.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) sheet.addRow(r);
  file = Buffer.from(await book.xlsx.writeBuffer());
}
console.log(
  `file: ${N} rows, ${format}, ${megabytes(file.length)} (built in ${Math.round(performance.now() - tFile)} ms)`,
);

const t0 = performance.now();
const started = await startImport(ctx, actor, { fileName: `bench.${format}`, buffer: file, format });
const tRead = performance.now();
await started.checked;
const tChecked = performance.now();
const done = await commitImport(ctx, actor, started.import.id);
const tCommitted = performance.now();
rss.stop();
if (done.status !== 'imported')
  throw new Error(`import ended ${done.status}: ${JSON.stringify(done.errors.slice(0, 3))}`);

const rate = (ms: number) => Math.round(N / (ms / 1000));
console.log(`database: ${database.kind}`);
console.log(`read file:  ${Math.round(tRead - t0)} ms`);
console.log(`check rows: ${Math.round(tChecked - tRead)} ms  (${rate(tChecked - tRead)} rows/s)`);
console.log(
  `commit:     ${Math.round(tCommitted - tChecked)} ms  (${rate(tCommitted - tChecked)} rows/s; ${done.newWorkers} people registered)`,
);
console.log(`end to end: ${Math.round(tCommitted - t0)} ms  (${rate(tCommitted - t0)} rows/s)`);
console.log(`peak RSS:   ${megabytes(rss.peak())}`);

await bench.close();
