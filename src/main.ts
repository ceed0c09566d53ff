// Entry point: `serve` (default), `audit:verify`, `audit:checkpoint`, `vault:rotate`, `seed`.
import { randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError, type Database } from './db/index.js';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildApp, type DemoState } from './app.js';
import type { AppContext } from './kernel/context.js';
import {
  AuditChainBrokenError,
  latestAuditCheckpoint,
  verifyAuditChain,
  writeAuditCheckpoint,
} from './kernel/audit.js';
import { registerAuditJobs } from './modules/audit/index.js';
import { startEventDelivery } from './kernel/events.js';
import { subscribers } from './subscribers.js';
import { startJobs, type JobQueue } from './kernel/jobs.js';
import { createOrganisation } from './modules/organisations/index.js';
import { chinaDate, systemClock, TestClock } from './kernel/clock.js';
import { isLocalhostUrl } from './kernel/origin.js';
import { registerInjuryJobs } from './modules/injuries/index.js';
import { registerImportJobs } from './kernel/imports/index.js';
import { LEGACY_IMPORTS } from './modules/legacy/index.js';
import { EMPLOYER_IMPORTS } from './modules/employers/index.js';
import { INJURY_IMPORTS } from './modules/injuries/index.js';
import { VENDOR_IMPORTS } from './modules/exams/index.js';
import {
  nationalPushSubscriber,
  nationalRecordOf,
  produceReminders,
  registerNationalPushWorker,
  startVerificationTally,
} from './modules/certificates/index.js';
import { registerIntegrityJobs } from './modules/integrity/index.js';
import { registerAnalyticsJobs } from './modules/analytics/index.js';
import { proposeUncertifiedCases } from './modules/employers/index.js';
import { countUsers, createUser } from './modules/accounts/index.js';
import { makeContext, openDatabase, openReplica, prepareDatabase } from './platform.js';
import { rotateVault } from './vault-rotation.js';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../scripts/demo/seed.js';

async function open(withReplica = false) {
  const config = loadConfig();
  const database = await openDatabase(config);
  await prepareDatabase(database);
  // Issue 23: only the server reads from a replica; the CLI commands work on the primary.
  const replica = withReplica ? await openReplica(config, database) : undefined;
  if (config.testClock)
    console.warn("E2E_TEST_CLOCK is on: POST /api/testing/clock moves this server's clock (tests only).");
  const clock = config.testClock ? new TestClock() : systemClock;
  return { config, database, ctx: makeContext(database, config, clock, replica) };
}

function printLogins(url: string) {
  const width = Math.max(...DEMO_LOGINS.map((l) => l.username.length));
  console.log(
    `\n  全链 Quanlian is running at ${url}\n  API docs: ${url}/docs\n  Public pages (no login): ${url}/verify  ${url}/report  ${url}/public/institutions\n\n  Demo logins (password ${DEMO_PASSWORD}):`,
  );
  for (const l of DEMO_LOGINS) console.log(`    ${l.username.padEnd(width)}  ${l.label}`);
  console.log('');
}

/**
 * Issue 19 item 10: certificate QR codes must be scannable from a phone. Says where the platform
 * is reached on this machine's network, and warns when the public address is (or falls back to)
 * localhost.
 */
function printPublicAddress(publicUrl: string | undefined, host: string, port: number) {
  const lan =
    host === '0.0.0.0' || host === '::'
      ? Object.values(networkInterfaces())
          .flat()
          .filter((i) => i && i.family === 'IPv4' && !i.internal)
          .map((i) => `http://${i!.address}:${port}`)
      : [];
  if (lan.length) console.log(`  On this network: ${lan.join('  ')}`);
  if (!publicUrl)
    console.warn(
      '  Note: PUBLIC_URL is not set. Certificate QR codes point to the address each user reached the server at (links made by background jobs: localhost). Set PUBLIC_URL to the address the public uses, e.g. PUBLIC_URL=https://zhengshu.example.gov.cn',
    );
  else if (isLocalhostUrl(publicUrl))
    console.warn(
      `  Warning: PUBLIC_URL is ${publicUrl}: QR codes on certificates point to this computer only and cannot be scanned from a phone.`,
    );
  console.log('');
}

async function serve() {
  const started = performance.now();
  const { config, database, ctx } = await open(true);
  let demoState: DemoState = 'none';
  // A first start whose demo seed was cut short (the process stopped) leaves this marker behind.
  const demoMarker = path.join(config.dataDir, 'demo-loading');
  if ((await countUsers(ctx.db)) === 0) {
    if (config.seedDemo) demoState = 'loading';
    else {
      const password = `Ql${randomBytes(9).toString('base64url')}9`;
      // The administrator belongs to the platform operator's organisation (a system_admin must).
      const platform = await createOrganisation(ctx, null, {
        kind: 'platform',
        name: '全链平台运营中心',
        regionCode: config.platformRegionCode,
      });
      await createUser(ctx, null, {
        username: 'admin',
        displayName: '系统管理员',
        password,
        role: 'system_admin',
        orgId: platform.id,
      });
      console.log(
        `First start: created system administrator "admin" with password ${password} — change it after logging in.`,
      );
    }
  } else if (existsSync(demoMarker))
    console.warn(
      `The demo data of this data folder was not completely loaded (the first start was stopped while loading it). Delete ${config.dataDir} and start again for the full demo.`,
    );
  // SEC-1: the first start with the keyed chain signs a boundary checkpoint, closing the records
  // written under the old unkeyed rule before anything new is appended.
  if (!latestAuditCheckpoint()) await anchorAuditChain(ctx, (message) => console.error(message));
  const app = await buildApp(ctx, { logger: { level: config.logLevel }, demoState: () => demoState });
  let background: { stop(): Promise<void> } | null = null;
  const stop = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await background?.stop();
    await ctx.replica?.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // Listening comes first: /healthz and the login page answer while the demo loads and jobs start.
  // Issue 18: Node's default queue of 511 pending connections overflowed when an exam's candidates
  // connected within seconds (SYNs dropped, retried after 1, 3, 7 … s: seconds of latency).
  await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`Listening after ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  if (config.seedDemo) printLogins(`http://localhost:${port}`);
  else console.log(`全链 Quanlian is running at http://localhost:${port}`);
  printPublicAddress(config.publicUrl, config.host, port);
  if (demoState === 'loading') {
    console.log('First start: loading demo data … (the pages say 演示数据加载中 until it is complete)');
    const seedStarted = performance.now();
    await writeFile(demoMarker, new Date().toISOString());
    try {
      await seedDemo(ctx);
      await rm(demoMarker, { force: true });
      demoState = 'ready';
      console.log(`Demo data complete in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s.`);
    } catch (err) {
      demoState = 'failed';
      app.log.error({ err }, 'demo data could not be loaded');
    }
  }
  // Jobs start after the demo is written: the seed does not compete with them for the embedded
  // database, and the events it emitted are delivered once it is complete.
  background = await startBackground(ctx, app.log);
}

/** Background jobs and event delivery run in this process (PGlite allows one process per data folder). */
async function startBackground(
  ctx: AppContext,
  log: { error(o: object, msg: string): void },
): Promise<{ stop(): Promise<void> }> {
  // Queues and workers are registered on `jobs` by the modules that own them.
  const jobs = await startJobs(ctx, { onError: (err) => log.error({ err }, 'background job error') });
  // CER-2: each certificate change is pushed to the national query platform by a retrying job.
  await registerNationalPushWorker(jobs, ctx, nationalRecordOf);
  // SEC-1: the audit chain's head is signed into the checkpoint store hourly.
  await registerAuditJobs(jobs, ctx);
  // INT-1..5: a scan after every session that ended, nightly, and on demand.
  await registerIntegrityJobs(jobs, ctx);
  // ANA-3: the dashboard summaries, every 15 minutes.
  await registerAnalyticsJobs(jobs, ctx);
  // ANA-2: the injury analysis's denominators for the default periods, hourly.
  await registerInjuryJobs(jobs, ctx);
  // Bulk imports (issue 16, 18): each upload's check and commit run as jobs, never in the request.
  await registerImportJobs(jobs, ctx, [...LEGACY_IMPORTS, ...EMPLOYER_IMPORTS, ...INJURY_IMPORTS, ...VENDOR_IMPORTS]);
  // CER-4 reminders before review and expiry; EMP-4 proposals for people used without a valid certificate.
  await scheduleDaily(jobs, 'certificates.reminders', '10 6 * * *', async () =>
    produceReminders(ctx, chinaDate(ctx.clock.now())),
  );
  await scheduleDaily(jobs, 'employers.uncertified-cases', '20 6 * * *', async () => proposeUncertifiedCases(ctx));
  // Domain events (e.g. exam.passed → an issuance task, CER-1) are delivered from the outbox in this process.
  const stopEvents = startEventDelivery(ctx, [...subscribers, nationalPushSubscriber(nationalRecordOf)], (err) =>
    log.error({ err }, 'event delivery failed'),
  );
  // ANA-3: verification traffic is counted in memory and added to the database every few seconds.
  const stopTally = startVerificationTally(ctx.db, (err) => log.error({ err }, 'verification tally flush failed'));
  return {
    async stop() {
      await stopEvents();
      await stopTally();
      // Lets running jobs finish (or fail them for a retry) before the database goes away.
      await jobs.stop();
    },
  };
}

async function withDatabase(run: (db: Database, ctx: ReturnType<typeof makeContext>) => Promise<number>) {
  const { database, ctx } = await open();
  try {
    return await run(database, ctx);
  } finally {
    await database.close();
  }
}

async function main(command: string): Promise<number | void> {
  switch (command) {
    case 'serve':
      return serve();
    case 'audit:verify':
      return withDatabase(async (_db, ctx) => {
        const verdict = await verifyAuditChain(ctx.db);
        const against = verdict.checkpoint
          ? `checked against the signed checkpoint of record ${verdict.checkpoint.seq} at ${verdict.checkpoint.at}`
          : 'no signed checkpoint yet: a cut-off tail cannot be detected until one is written (npm start, or audit:checkpoint)';
        if (verdict.ok) {
          console.log(`Audit chain intact: ${verdict.count} records; ${against}.`);
          return 0;
        }
        console.error(
          `Audit chain BROKEN at record ${verdict.firstBroken!.seq}: ${verdict.firstBroken!.reason} (${verdict.count} records verified before it; ${against}).`,
        );
        return 1;
      });
    case 'audit:checkpoint':
      return withDatabase(async (_db, ctx) => {
        if (!(await anchorAuditChain(ctx, console.error))) return 1;
        const latest = latestAuditCheckpoint()!;
        console.log(`Signed checkpoint written: record ${latest.payload.seq}, ${latest.payload.headHash}.`);
        return 0;
      });
    case 'vault:rotate':
      // SEC-3: re-seal personal data and re-hash look-ups to the current profile and secret (docs/crypto.md).
      return withDatabase(async (_db, ctx) => {
        const started = performance.now();
        const report = await rotateVault(ctx, { log: (line) => console.log(line) });
        console.log(
          `Vault rotated to the ${report.profile} profile: ${report.resealed} values re-sealed in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
        );
        for (const f of report.failed) console.error(`Not rotated: ${f.table} ${f.key}: ${f.error}`);
        return report.failed.length ? 1 : 0;
      });
    case 'seed':
      return withDatabase(async (_db, ctx) => {
        if ((await countUsers(ctx.db)) > 0) {
          console.error('The database already has users; demo data is seeded only into an empty database.');
          return 1;
        }
        await seedDemo(ctx);
        console.log('Demo data seeded.');
        return 0;
      });
    default:
      console.error(
        `Unknown command "${command}". Commands: serve, audit:verify, audit:checkpoint, vault:rotate, seed.`,
      );
      return 2;
  }
}

main(process.argv[2] ?? 'serve').then(
  (code) => {
    if (typeof code === 'number') process.exit(code);
  },
  (err) => {
    if (err instanceof DataDirLockedError || err instanceof ConfigError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  },
);

/** A job that runs once a day (China time) and records what it produced as the job's output. */
async function anchorAuditChain(ctx: ReturnType<typeof makeContext>, report: (message: string) => void) {
  try {
    await writeAuditCheckpoint(ctx.db, ctx.clock);
    return true;
  } catch (err) {
    if (!(err instanceof AuditChainBrokenError)) throw err;
    report(`The audit chain is broken, so no checkpoint was signed: ${err.message}`);
    return false;
  }
}

async function scheduleDaily(jobs: JobQueue, name: string, cron: string, run: () => Promise<number>): Promise<void> {
  await jobs.defineQueue(name, { retryLimit: 3, retryDelay: 300, retryBackoff: true });
  await jobs.work(name, async () => ({ produced: await run() }));
  await jobs.schedule(name, cron);
}
