// Legacy import (issue 16, 18): N certificates with their N holders (default 1,000,000) from one CSV,
// through the shared import mechanism exactly as the serving process runs it: the upload streamed to
// disk, the check job (streamed, batched, staged), the all-or-nothing commit job. Prints rows/s end to
// end and per phase, peak RSS, and the p99 of a light GET (/healthz, served by the same process) during
// the import, beside a reference from the same run: a bare COPY of the same file into an unindexed
// table of text columns (psql \copy, PostgreSQL) or a bare multi-row insert of the same rows (PGlite).
// Usage: BENCH_DATABASE_URL=postgres://… npx tsx bench/legacy-import.ts [N]   (without it: PGlite)
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import type { Actor } from '../src/kernel/access.js';
import { generateResidentIdNumber } from '../src/kernel/ids.js';
import { commitImport, readSheetRows, runImportJob, uploadImport } from '../src/kernel/imports/index.js';
import { CERTIFICATE_COLUMNS, LEGACY_IMPORTS, legacyCertificatesImport } from '../src/modules/legacy/index.js';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { getCatalogue } from '../src/modules/catalog/index.js';
import { megabytes, openBenchPlatform, trackPeakRss } from './support.js';

const N = Number(process.argv[2] ?? 1_000_000);
const rss = trackPeakRss();
const bench = await openBenchPlatform();
const { ctx } = bench;
const org = await createOrganisation(ctx, null, { kind: 'regulator', name: '压测省应急管理厅', regionCode: '510000' });
const actor: Actor = {
  userId: crypto.randomUUID(),
  username: 'bench',
  displayName: '压测',
  role: 'issuing_authority',
  orgId: org.id,
  orgKind: 'regulator',
  orgName: org.name,
  regionCode: '510000',
  workerId: null,
};

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

// Reference, same run: the same rows loaded with no checks, no index, no sealing.
await ctx.db.execute(
  sql.raw(`create unlogged table bench_reference (${CERTIFICATE_COLUMNS.map((c) => `"${c.key}" text`).join(', ')})`),
);
const tRef = performance.now();
let reference: string;
if (bench.url) {
  execFileSync('psql', [bench.url, '-q', '-c', `\\copy bench_reference from '${file}' with (format csv, header true)`]);
  reference = 'bare COPY (psql \\copy) into an unindexed text table';
} else {
  let batch: string[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const cols = CERTIFICATE_COLUMNS.map((_, c) => sql`${sql.param(batch.map((r) => r[c] ?? ''))}::text[]`);
    await ctx.db.execute(sql`insert into bench_reference select * from unnest(${sql.join(cols, sql`, `)})`);
    batch = [];
  };
  let header = true;
  for await (const row of readSheetRows(file, 'csv', N + 1)) {
    if (header) {
      header = false;
      continue;
    }
    batch.push(row.cells);
    if (batch.length === 1000) await flush();
  }
  await flush();
  reference = 'bare multi-row insert (unnest, 1,000 rows) into an unindexed text table';
}
const refSeconds = (performance.now() - tRef) / 1000;
console.log(
  `reference: ${reference}: ${Math.round(N / refSeconds).toLocaleString()} rows/s (${refSeconds.toFixed(1)} s)`,
);

// A light GET every 25 ms while the import runs, answered by the same process.
const app = await buildApp(ctx);
await app.ready();
const latencies: number[] = [];
let probing = true;
const probe = (async () => {
  while (probing) {
    const t = performance.now();
    await app.inject({ method: 'GET', url: '/healthz' });
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 25));
  }
})();

const t0 = performance.now();
const started = await uploadImport(ctx, actor, legacyCertificatesImport, {
  fileName: 'legacy.csv',
  format: 'csv',
  body: createReadStream(file),
});
const tUpload = performance.now();
await runImportJob(ctx, LEGACY_IMPORTS, { importId: started.id, phase: 'check', actor });
const tCheck = performance.now();
const [checked] = (
  (await ctx.db.execute(
    sql`select status, problem_count, message from bulk_imports where id = ${started.id}`,
  )) as unknown as {
    rows: Array<{ status: string; problem_count: number; message: string | null }>;
  }
).rows;
if (checked.status !== 'ready') {
  const problems = await ctx.db.execute(
    sql`select row_no, field, message from bulk_import_problems where import_id = ${started.id} limit 5`,
  );
  console.error('check did not pass:', checked, (problems as unknown as { rows: unknown[] }).rows);
  process.exit(1);
}
await commitImport(ctx, actor, LEGACY_IMPORTS, started.id);
await runImportJob(ctx, LEGACY_IMPORTS, { importId: started.id, phase: 'commit', actor });
const tCommit = performance.now();
probing = false;
await probe;
rss.stop();

const [done] = (
  (await ctx.db.execute(sql`select status, report from bulk_imports where id = ${started.id}`)) as unknown as {
    rows: Array<{ status: string; report: Record<string, number> }>;
  }
).rows;
const sorted = [...latencies].sort((a, b) => a - b);
const pct = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(1);
const seconds = (tCommit - t0) / 1000;
console.log(
  `database: ${bench.url ? 'PostgreSQL' : 'PGlite'}; load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`import: ${done.status}, report ${JSON.stringify(done.report)}`);
console.log(
  `upload ${((tUpload - t0) / 1000).toFixed(1)} s, check ${((tCheck - tUpload) / 1000).toFixed(1)} s (${Math.round(N / ((tCheck - tUpload) / 1000)).toLocaleString()} rows/s), commit ${((tCommit - tCheck) / 1000).toFixed(1)} s (${Math.round(N / ((tCommit - tCheck) / 1000)).toLocaleString()} rows/s)`,
);
console.log(
  `end to end: ${Math.round(N / seconds).toLocaleString()} rows/s = ${(N / seconds / (N / refSeconds)).toFixed(2)}× the reference; peak RSS ${megabytes(rss.peak())}`,
);
console.log(
  `light GET (/healthz) during the import: ${latencies.length} requests, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
);
await app.close();
await bench.close();
process.exit(0);
