// Entry point: `serve` (default), `audit:verify`, `seed`.
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError, type Database } from './db/index.js';
import { buildApp } from './app.js';
import { verifyAuditChain } from './kernel/audit.js';
import { countUsers, createUser } from './modules/accounts/index.js';
import { makeContext, openDatabase, prepareDatabase } from './platform.js';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../scripts/demo/seed.js';

async function open() {
  const config = loadConfig();
  const database = await openDatabase(config);
  await prepareDatabase(database);
  return { config, database, ctx: makeContext(database, config) };
}

function printLogins(url: string) {
  const width = Math.max(...DEMO_LOGINS.map((l) => l.username.length));
  console.log(`\n  全链 Quanlian is running at ${url}\n  API docs: ${url}/docs\n\n  Demo logins (password ${DEMO_PASSWORD}):`);
  for (const l of DEMO_LOGINS) console.log(`    ${l.username.padEnd(width)}  ${l.label}`);
  console.log('');
}

async function serve() {
  const { config, database, ctx } = await open();
  if ((await countUsers(ctx.db)) === 0) {
    if (config.seedDemo) {
      console.log('First start: seeding demo data …');
      await seedDemo(ctx);
    } else {
      const password = `Ql${randomBytes(9).toString('base64url')}9`;
      await createUser(ctx, null, { username: 'admin', displayName: '系统管理员', password, role: 'system_admin', orgId: null });
      console.log(`First start: created system administrator "admin" with password ${password} — change it after logging in.`);
    }
  }
  const app = await buildApp(ctx, { logger: { level: config.logLevel } });
  const stop = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (config.seedDemo) printLogins(`http://localhost:${port}`);
  else console.log(`全链 Quanlian is running at http://localhost:${port}`);
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
        if (verdict.ok) {
          console.log(`Audit chain intact: ${verdict.count} records.`);
          return 0;
        }
        console.error(`Audit chain BROKEN at record ${verdict.firstBroken!.seq}: ${verdict.firstBroken!.reason} (${verdict.count} records verified before it).`);
        return 1;
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
      console.error(`Unknown command "${command}". Commands: serve, audit:verify, seed.`);
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
