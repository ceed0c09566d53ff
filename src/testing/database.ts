// A database of its own for each test file, cloned from the run's migrated template.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openMemoryPglite, openPostgres, type Database } from '../db/index.js';
import { databaseUrl } from './global-setup.js';

export async function createTestDatabase(): Promise<Database> {
  const run = inject('postgresRun');
  if (!run) return openMemoryPglite(new Blob([await readFile(inject('pgliteTemplate'))]));
  const name = `${run.runId}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: run.url });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${run.runId}_tpl`);
  } finally {
    await admin.end();
  }
  const database = await openPostgres(databaseUrl(run.url, name));
  return {
    ...database,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: run.url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
