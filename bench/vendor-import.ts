// Vendor-attempt import on the shared streaming mechanism (EXM-6, issue 16, issue 20): a province
// regulator imports N rows (default 200,000) of past exams — 2,000 candidates × 100 items in 20 historical
// sessions — over real HTTP as the page does: log in, POST the CSV as a streamed body, poll, confirm,
// poll to the end; the check and commit jobs run in the serving process, as pg-boss's worker runs them.
// Prints rows/s beside a bare multi-row insert of the same rows in the same run, the load average, and
// a light GET's p99 while the import runs (one request every 50 ms).
// Usage: npx tsx bench/vendor-import.ts [N]   (BENCH_DATABASE_URL=postgres://… for PostgreSQL)
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { generateCreditCode, generateResidentIdNumber } from '../src/kernel/ids.js';
import { pendingImportJobs, runImportJob } from '../src/kernel/imports/index.js';
import { createUser } from '../src/modules/accounts/index.js';
import { VENDOR_IMPORTS } from '../src/modules/exams/index.js';
import { examSites } from '../src/modules/exams/schema.js';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { registerWorkersInBulk } from '../src/modules/registry/index.js';
import { megabytes, openBenchPlatform, trackPeakRss } from './support.js';

const N = Number(process.argv[2] ?? 200_000);
const ITEMS = 100;
const PEOPLE = Math.ceil(N / ITEMS);
const bench = await openBenchPlatform();
const { ctx, database } = bench;
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

// Reference, same run: the same rows into an unindexed text table, no checks.
await ctx.db.execute(sql.raw(`create unlogged table bench_reference (${HEAD.map((_, c) => `c${c} text`).join(', ')})`));
const tRef = performance.now();
for (let start = 0; start < N; start += 1000) {
  const rows = Array.from({ length: Math.min(1000, N - start) }, (_, k) => row(start + k));
  const cols = HEAD.map((_, c) => sql`${sql.param(rows.map((r) => r[c]))}::text[]`);
  await ctx.db.execute(sql`insert into bench_reference select * from unnest(${sql.join(cols, sql`, `)})`);
}
const refSeconds = (performance.now() - tRef) / 1000;
console.log(
  `reference: bare multi-row insert (unnest, 1,000 rows) into an unindexed text table: ${Math.round(N / refSeconds).toLocaleString()} rows/s`,
);

const app = await buildApp(ctx, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bench-province', password: PASSWORD }),
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

let working = true;
const worker = (async () => {
  while (working) {
    const jobs = await pendingImportJobs(ctx.db);
    for (const job of jobs) {
      await ctx.db.execute(sql`update pgboss.job set state = 'completed', completed_on = now() where id = ${job.id}`);
      await runImportJob(ctx, VENDOR_IMPORTS, job.data);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
})();
const latencies: number[] = [];
let probing = true;
const probe = (async () => {
  let due = performance.now();
  while (probing) {
    await fetch(`${base}/api/exams/vendor-imports`, { headers }).then((r) => r.arrayBuffer());
    latencies.push(performance.now() - due);
    due += 50;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else due = performance.now();
  }
})();

const rss = trackPeakRss();
const t0 = performance.now();
const uploaded = await new Promise<{ status: number; body: { id: string } }>((resolve, reject) => {
  const req = http.request(
    `${base}/api/exams/vendor-imports?fileName=vendor.csv&vendor=${encodeURIComponent('压测厂商')}`,
    {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
    },
  );
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
    const s = await api('GET', `/api/exams/vendor-imports/${uploaded.body.id}`);
    if (status.includes(String(s.body.status))) return s.body;
    await new Promise((r) => setTimeout(r, 250));
  }
};
const checked = await until(['ready', 'rejected', 'failed']);
const tCheck = performance.now();
if (checked.status !== 'ready') {
  const problems = await api('GET', `/api/exams/vendor-imports/${uploaded.body.id}/problems?pageSize=5`);
  throw new Error(`check ended ${JSON.stringify(checked)} ${JSON.stringify(problems.body)}`);
}
const commit = await api('POST', `/api/exams/vendor-imports/${uploaded.body.id}/commit`);
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
console.log(`peak RSS:    ${megabytes(rss.peak())}`);
console.log(
  `light GET during the import: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms over ${sorted.length} requests (target p99 ≤ 200 ms)`,
);
await app.close();
await bench.close();
