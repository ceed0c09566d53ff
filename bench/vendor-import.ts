// Vendor-attempt import on the shared streaming mechanism (EXM-6, issue 16, issue 20): a province
// regulator imports N rows (default 200,000) of past exams — 2,000 candidates × 100 items in 20 historical
// sessions — over real HTTP as the page does: log in, POST the CSV as a streamed body, poll, confirm,
// poll to the end; the check and commit jobs run in the serving process, as pg-boss's worker runs them.
// The harness in support.ts prints rows/s beside a bare COPY (PostgreSQL) or multi-row insert (PGlite)
// of the same file in the same run, the load average, the peak RSS and a light GET's p99 meanwhile.
// Usage: npx tsx bench/vendor-import.ts [N]   (BENCH_DATABASE_URL=postgres://… for PostgreSQL)
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { generateCreditCode, generateResidentIdNumber } from '../src/kernel/ids.js';
import { createUser } from '../src/modules/accounts/index.js';
import { VENDOR_IMPORTS } from '../src/modules/exams/index.js';
import { examSites } from '../src/modules/exams/schema.js';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { registerWorkersInBulk } from '../src/modules/registry/index.js';
import { openBenchPlatform, referenceLoad, runImportOverHttp } from './support.js';

const N = Number(process.argv[2] ?? 200_000);
const ITEMS = 100;
const PEOPLE = Math.ceil(N / ITEMS);
const bench = await openBenchPlatform();
const { ctx } = bench;
const province = await createOrganisation(ctx, null, {
  kind: 'regulator',
  name: '压测省应急管理厅',
  regionCode: '510000',
});
const centre = await createOrganisation(ctx, null, {
  kind: 'exam_centre',
  name: '压测考试中心',
  regionCode: '510100',
  creditCode: generateCreditCode('510100', 61_234_567),
});
const PASSWORD = 'Bench-pass-2026';
const user = await createUser(ctx, null, {
  username: 'bench-province',
  displayName: '压测',
  password: PASSWORD,
  role: 'province_regulator',
  orgId: province.id,
});
// Setup only (not measured): one filed site and the candidates, registered in bulk.
const [site] = await ctx.db
  .insert(examSites)
  .values({
    centreOrgId: centre.id,
    name: '压测考点',
    address: '成都市',
    regionCode: '510107',
    rooms: [],
    stations: [],
    itemCodes: ['1.2'],
    createdAt: ctx.clock.now(),
  })
  .returning();
const idNumbers = Array.from({ length: PEOPLE }, (_, i) =>
  generateResidentIdNumber(
    '510107',
    new Date(Date.UTC(1970, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
    101 + 2 * (i % 400),
  ),
);
const actor = {
  userId: (user as { id: string }).id,
  username: 'bench-province',
  displayName: '压测',
  role: 'province_regulator' as const,
  orgId: province.id,
  orgKind: 'regulator' as const,
  orgName: '压测省应急管理厅',
  regionCode: '510000',
  workerId: null,
};
await ctx.db.transaction((tx) =>
  registerWorkersInBulk(
    tx,
    ctx,
    actor,
    idNumbers.map((idNumber) => ({ name: '考生', idNumber, education: 'senior_high', regionCode: '510107' })),
    '压测',
  ),
);

const HEAD = [
  '身份证号',
  '准考证号',
  '考点编号',
  '场次编号',
  '考试日期',
  '作业项目代码',
  '题号',
  '标准答案',
  '考生答案',
  '是否正确',
  '用时（秒）',
  '是否试测题',
  '应答题数',
];
const row = (i: number) => {
  const person = Math.floor(i / ITEMS);
  const q = i % ITEMS;
  const right = (person * 7 + q * 13) % 10 < 8;
  return [
    idNumbers[person],
    `ZK${String(person).padStart(6, '0')}`,
    site.id,
    `H-${Math.floor(person / 100)}`,
    '2025-03-12',
    '1.2',
    `VQ-${q}`,
    'A',
    right ? 'A' : 'B',
    right ? '是' : '否',
    String(10 + ((person + q) % 50)),
    q >= 95 ? '是' : '否',
    String(ITEMS),
  ];
};
const file = path.join(bench.dataDir, 'vendor.csv');
{
  const out = createWriteStream(file);
  out.write(`${HEAD.join(',')}\n`);
  for (let i = 0; i < N; i++) if (!out.write(`${row(i).join(',')}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

await runImportOverHttp({
  bench,
  rows: N,
  file,
  format: 'csv',
  username: 'bench-province',
  password: PASSWORD,
  kinds: VENDOR_IMPORTS,
  prefix: '/api/exams/vendor-imports',
  uploadPath: `/api/exams/vendor-imports?fileName=vendor.csv&vendor=${encodeURIComponent('压测厂商')}`,
  probePath: '/api/exams/vendor-imports',
  reference: await referenceLoad(bench, file, 'csv', HEAD.length),
});
await bench.close();
process.exit(0);
