// Bulk import of an employer's ledger (REG-4, EMP-3, issue 18): N rows (default 100,000), every person
// new to the registry (the heaviest case: each is registered too; people new to the registry hold no
// certificate, so they come with no item — EMP-1 would refuse one). Run over real HTTP as the page
// does: log in, POST the file as a streamed body, poll the import, confirm, poll to the end; the
// check and commit jobs run in the serving process, as pg-boss's worker runs them. Prints rows/s beside
// a bare multi-row insert (or COPY on PostgreSQL) of the same rows in the same run, the peak RSS, and a
// light GET's p99 while the import runs (one request every 50 ms).
// Usage: npx tsx bench/employer-import.ts [N] [csv|xlsx]   (BENCH_DATABASE_URL=postgres://… for PostgreSQL)
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { buildApp } from '../src/app.js';
import { generateCreditCode, generateResidentIdNumber } from '../src/kernel/ids.js';
import { pendingImportJobs, runImportJob } from '../src/kernel/imports/index.js';
import { createUser } from '../src/modules/accounts/index.js';
import { EMPLOYER_IMPORTS } from '../src/modules/employers/index.js';
import { IMPORT_COLUMNS } from '../src/modules/employers/rules.js';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { megabytes, openBenchPlatform, trackPeakRss } from './support.js';

const N = Number(process.argv[2] ?? 100_000);
const format = (process.argv[3] ?? 'csv') as 'xlsx' | 'csv';
const bench = await openBenchPlatform();
const { ctx, database } = bench;
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

// Reference, same run: the same rows into an unindexed text table, no checks, no sealing.
await ctx.db.execute(
  sql.raw(`create unlogged table bench_reference (${IMPORT_COLUMNS.map((_, c) => `c${c} text`).join(', ')})`),
);
const tRef = performance.now();
let reference: string;
if (bench.url && format === 'csv') {
  execFileSync('psql', [bench.url, '-q', '-c', `\\copy bench_reference from '${file}' with (format csv, header true)`]);
  reference = 'bare COPY (psql \\copy) into an unindexed text table';
} else {
  for (let start = 0; start < N; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, N - start) }, (_, k) => row(start + k));
    const cols = IMPORT_COLUMNS.map((_, c) => sql`${sql.param(rows.map((r) => r[c]))}::text[]`);
    await ctx.db.execute(sql`insert into bench_reference select * from unnest(${sql.join(cols, sql`, `)})`);
  }
  reference = 'bare multi-row insert (unnest, 1,000 rows) into an unindexed text table';
}
const refSeconds = (performance.now() - tRef) / 1000;
console.log(`reference: ${reference}: ${Math.round(N / refSeconds).toLocaleString()} rows/s`);

const app = await buildApp(ctx, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bench-employer', password: PASSWORD }),
});
if (login.status !== 200) throw new Error(`login ${login.status}: ${await login.text()}`);
const cookie = login.headers
  .getSetCookie()
  .map((c) => c.split(';')[0])
  .join('; ');
const headers = { cookie, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
const api = async (method: string, url: string) => {
  const res = await fetch(`${base}${url}`, { method, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

// The serving process's import worker: runs each queued job as pg-boss would hand it over.
let working = true;
const worker = (async () => {
  while (working) {
    const jobs = await pendingImportJobs(ctx.db);
    for (const job of jobs) {
      await ctx.db.execute(sql`update pgboss.job set state = 'completed', completed_on = now() where id = ${job.id}`);
      await runImportJob(ctx, EMPLOYER_IMPORTS, job.data);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
})();

// A light GET every 50 ms (the page's list of imports), timed from when it was due.
const latencies: number[] = [];
let probing = true;
const probe = (async () => {
  let due = performance.now();
  while (probing) {
    await fetch(`${base}/api/employment-imports`, { headers }).then((r) => r.arrayBuffer());
    latencies.push(performance.now() - due);
    due += 50;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else due = performance.now();
  }
})();

const rss = trackPeakRss();
const idle = process.memoryUsage().rss;
const t0 = performance.now();
const uploaded = await new Promise<{ status: number; body: { id: string } }>((resolve, reject) => {
  const type = format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const req = http.request(`${base}/api/employment-imports?fileName=ledger.${format}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': type },
  });
  req.on('error', reject);
  req.on('response', async (res) => {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) });
  });
  createReadStream(file).pipe(req);
});
if (uploaded.status !== 202) throw new Error(`upload ${uploaded.status}: ${JSON.stringify(uploaded.body)}`);
const tUpload = performance.now();
const until = async (status: string[]) => {
  for (;;) {
    const s = await api('GET', `/api/employment-imports/${uploaded.body.id}`);
    if (status.includes(String(s.body.status))) return s.body;
    await new Promise((r) => setTimeout(r, 250));
  }
};
const checked = await until(['ready', 'rejected', 'failed']);
const tCheck = performance.now();
if (checked.status !== 'ready') throw new Error(`check ended ${JSON.stringify(checked)}`);
const commit = await api('POST', `/api/employment-imports/${uploaded.body.id}/commit`);
if (commit.status !== 202) throw new Error(`commit ${commit.status}: ${JSON.stringify(commit.body)}`);
const done = await until(['committed', 'failed']);
const tCommit = performance.now();
probing = false;
working = false;
await Promise.all([probe, worker]);
rss.stop();
if (done.status !== 'committed') throw new Error(`import ended ${JSON.stringify(done)}`);

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
const rate = (ms: number) => Math.round(N / (ms / 1000));
const seconds = (tCommit - t0) / 1000;
console.log(
  `database: ${database.kind}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(`report: ${JSON.stringify(done.report)}`);
console.log(`upload (streamed, inspected): ${Math.round(tUpload - t0)} ms`);
console.log(`check rows:  ${Math.round(tCheck - tUpload)} ms  (${rate(tCheck - tUpload).toLocaleString()} rows/s)`);
console.log(`commit:      ${Math.round(tCommit - tCheck)} ms  (${rate(tCommit - tCheck).toLocaleString()} rows/s)`);
console.log(
  `end to end:  ${Math.round(N / seconds).toLocaleString()} rows/s = ${(N / seconds / (N / refSeconds)).toFixed(3)}× the reference (target ≥ 20,000 rows/s)`,
);
console.log(
  `peak RSS:    ${megabytes(rss.peak())} (${megabytes(rss.peak() - idle)} above the start of the import; target ≤ 500 MB)`,
);
console.log(
  `light GET during the import: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms over ${sorted.length} requests (target p99 ≤ 200 ms)`,
);

await app.close();
await bench.close();
