// Bulk import of an employer's ledger (REG-4, EMP-3, issue 18): N rows (default 100,000), every person
// new to the registry (the heaviest case: each is registered too; people new to the registry hold no
// certificate, so they come with no item — EMP-1 would refuse one). Run over real HTTP as the page
// does: log in, POST the file as a streamed body, poll the import, confirm, poll to the end; the
// check and commit jobs run in the serving process, as pg-boss's worker runs them (the harness in
// support.ts). Prints rows/s beside a bare COPY (PostgreSQL, CSV) or multi-row insert of the same file
// in the same run, the load average, the peak RSS, and a light GET's p99 while the import runs.
// Usage: npx tsx bench/employer-import.ts [N] [csv|xlsx]   (BENCH_DATABASE_URL=postgres://… for PostgreSQL)
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { generateCreditCode, generateResidentIdNumber } from '../src/kernel/ids.js';
import { createUser } from '../src/modules/accounts/index.js';
import { EMPLOYER_IMPORTS } from '../src/modules/employers/index.js';
import { IMPORT_COLUMNS } from '../src/modules/employers/rules.js';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { openBenchPlatform, referenceLoad, runImportOverHttp } from './support.js';

const N = Number(process.argv[2] ?? 100_000);
const format = (process.argv[3] ?? 'csv') as 'xlsx' | 'csv';
const bench = await openBenchPlatform();
const { ctx } = bench;
const org = await createOrganisation(ctx, null, {
  kind: 'employer',
  name: '压测建设集团',
  regionCode: '510107',
  creditCode: generateCreditCode('510107', 51_234_567),
});
const PASSWORD = 'Bench-pass-2026';
await createUser(ctx, null, {
  username: 'bench-employer',
  displayName: '压测',
  password: PASSWORD,
  role: 'employer_admin',
  orgId: org.id,
});

const kinds = ['本单位职工', '劳务派遣', '外包', '临时'];
const row = (i: number) => {
  const born = new Date(Date.UTC(1966, 0, 1) + (i % 12_000) * 86_400_000).toISOString().slice(0, 10);
  const kind = kinds[i % 4];
  return [
    `工人${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉戌亥'[Math.floor(i / 10) % 12]}`,
    generateResidentIdNumber(
      ['510104', '510107', '510703', '511302', '513401', '520102', '500101', '510603', '510105'][
        Math.floor(i / 12_000) % 9
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
};
const file = path.join(bench.dataDir, `ledger.${format}`);
const tFile = performance.now();
if (format === 'csv') {
  const out = createWriteStream(file);
  out.write(`${IMPORT_COLUMNS.join(',')}\n`);
  for (let i = 0; i < N; i++) if (!out.write(`${row(i).join(',')}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
} else {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = book.addWorksheet('人员');
  sheet.addRow([...IMPORT_COLUMNS]).commit();
  for (let i = 0; i < N; i++) sheet.addRow(row(i)).commit();
  await book.commit();
}
console.log(`file: ${N.toLocaleString()} rows, ${format}, built in ${Math.round(performance.now() - tFile)} ms`);

await runImportOverHttp({
  bench,
  rows: N,
  file,
  format,
  username: 'bench-employer',
  password: PASSWORD,
  kinds: EMPLOYER_IMPORTS,
  prefix: '/api/employment-imports',
  uploadPath: `/api/employment-imports?fileName=ledger.${format}`,
  probePath: '/api/employment-imports',
  reference: await referenceLoad(bench, file, format, IMPORT_COLUMNS.length),
});
await bench.close();
process.exit(0);
