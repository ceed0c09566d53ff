// Legacy import (issue 16, 18): N certificates with their N holders (default 1,000,000) from one CSV,
// through the shared import mechanism exactly as the serving process runs it, over real HTTP (the
// harness in support.ts: upload streamed to disk, the check job, the all-or-nothing commit job). Prints
// rows/s end to end and per phase, peak RSS, the load average and the p99 of a light GET during the
// import, beside a bare COPY (PostgreSQL) or bare multi-row insert (PGlite) of the same file, same run.
// Usage: BENCH_DATABASE_URL=postgres://… npx tsx bench/legacy-import.ts [N]   (without it: PGlite)
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { generateResidentIdNumber } from '../src/kernel/ids.js';
import { createUser } from '../src/modules/accounts/index.js';
import { getCatalogue } from '../src/modules/catalog/index.js';
import { CERTIFICATE_COLUMNS, LEGACY_IMPORTS } from '../src/modules/legacy/index.js';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { openBenchPlatform, referenceLoad, runImportOverHttp } from './support.js';

const N = Number(process.argv[2] ?? 1_000_000);
const bench = await openBenchPlatform();
const { ctx } = bench;
const org = await createOrganisation(ctx, null, { kind: 'regulator', name: '压测省应急管理厅', regionCode: '510000' });
const PASSWORD = 'Bench-pass-2026';
await createUser(ctx, null, {
  username: 'bench-authority',
  displayName: '压测',
  password: PASSWORD,
  role: 'issuing_authority',
  orgId: org.id,
});

// The file: one certificate per person, IDs unique by birth day × sequence, spread over six counties.
const counties = ['510104', '510107', '510703', '511302', '513401', '510603'];
const items = (await getCatalogue(ctx)).categories.flatMap((c) => c.items.map((i) => i.code)).slice(0, 5);
const file = path.join(bench.dataDir, 'legacy.csv');
const tFile = performance.now();
{
  const out = createWriteStream(file);
  out.write(`${CERTIFICATE_COLUMNS.map((c) => c.label).join(',')}\n`);
  for (let i = 0; i < N; i++) {
    const born = new Date(Date.UTC(1966, 0, 1) + (i % 14_000) * 86_400_000).toISOString().slice(0, 10);
    const county = counties[i % counties.length];
    const id = generateResidentIdNumber(county, born, Math.floor(i / 14_000) % 1000);
    const issued = `20${21 + (i % 4)}-0${1 + (i % 9)}-1${i % 10}`;
    const until = `20${27 + (i % 4)}${issued.slice(4)}`;
    const line = `${id},持证人${i % 1000},,高中,${county},T${id},${items[i % items.length]},${issued},,${until},,,四川省应急管理厅,有效,本省,\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
console.log(`file: ${N.toLocaleString()} rows written in ${((performance.now() - tFile) / 1000).toFixed(1)} s`);

await runImportOverHttp({
  bench,
  rows: N,
  file,
  format: 'csv',
  username: 'bench-authority',
  password: PASSWORD,
  kinds: LEGACY_IMPORTS,
  prefix: '/api/legacy-imports',
  uploadPath: '/api/legacy-imports/kinds/certificates?fileName=legacy.csv',
  probePath: '/healthz',
  reference: await referenceLoad(bench, file, 'csv', CERTIFICATE_COLUMNS.length),
});
await bench.close();
process.exit(0);
