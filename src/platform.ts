// Opening the platform: connect, migrate, reference data. Shared by `serve`, the CLI and the tests.
import path from 'node:path';
import type { Config } from './config.js';
import { migrateDatabase, openPglite, openPostgres, type Database } from './db/index.js';
import { ReadReplica } from './db/replica.js';
import { configureAuditChain } from './kernel/audit.js';
import { systemClock, type Clock } from './kernel/clock.js';
import { emptyCertificateRegister } from './kernel/certificates.js';
import { defineJobQueue, migrateJobs } from './kernel/jobs.js';
import { IMPORT_QUEUE, IMPORT_QUEUE_SPEC } from './kernel/imports/index.js';
import type { AppContext } from './kernel/context.js';
import { unverifiedFaceMatcher } from './kernel/face.js';
import { PersonalDataVault } from './kernel/vault.js';
import { ensureCatalogue } from './modules/catalog/index.js';
import { certificateRegister } from './modules/certificates/index.js';
import { engineFaceMatcher } from './modules/face/index.js';

export function openDatabase(config: Config): Promise<Database> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
}

/** Issue 23: the streaming replica named by DATABASE_REPLICA_URL, if any (never migrated: it is read-only). */
export async function openReplica(config: Config, primary: Database): Promise<ReadReplica | undefined> {
  if (!config.databaseReplicaUrl || primary.kind !== 'postgres') return undefined;
  return new ReadReplica(await openPostgres(config.databaseReplicaUrl), primary.db, config.replicaMaxLagMs ?? 300);
}

export function makeContext(
  database: Database,
  config: Config,
  clock: Clock = systemClock,
  replica?: ReadReplica,
): AppContext {
  // SEC-1: the chain's key comes from the configuration, never from the database it protects.
  configureAuditChain(
    config.auditKey ?? config.secret,
    config.auditCheckpointDir ?? path.join(config.dataDir, 'audit-checkpoints'),
    config.cryptoProfile ?? 'international',
  );
  const ctx: AppContext = {
    db: database.db,
    dbKind: database.kind,
    clock,
    vault: new PersonalDataVault(config.secret, {
      profile: config.cryptoProfile ?? 'international',
      previousSecret: config.previousSecret,
    }),
    config,
    face: unverifiedFaceMatcher,
    certificates: emptyCertificateRegister,
    replica,
  };
  // INS-4/EXM-4 and the REG-3 re-application bar (CER-4) read the real register.
  ctx.certificates = certificateRegister;
  // The real engine (modules/face): its model loads on the first verification, not here.
  ctx.face = engineFaceMatcher(ctx);
  return ctx;
}

/** Brings a database to the current schema and reference data; safe to run on every start. */
export async function prepareDatabase(database: Database): Promise<void> {
  await migrateDatabase(database);
  // pg-boss's own schema, created here once (and so in the test template), not at every job start.
  await migrateJobs(database);
  // Uploads are queued for their check in the request that stores them, so the queue exists from the start.
  await defineJobQueue(database.db, IMPORT_QUEUE, IMPORT_QUEUE_SPEC);
  await ensureCatalogue(database.db);
}
