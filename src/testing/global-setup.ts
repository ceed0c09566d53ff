// Vitest global setup: migrate one template database per run; each test file clones it
// (PGlite: a dump restored in memory; PostgreSQL: CREATE DATABASE … TEMPLATE), then drops its copy.
import { randomBytes } from 'node:crypto';
import { writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openMemoryPglite, openPostgres } from '../db/index.js';
import { prepareDatabase } from '../platform.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresRun: { url: string; runId: string } | null;
  }
}

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    // Unique per project too: each vitest project (vitest.config.ts) runs this setup of its own.
    const runId = `ql_t${Date.now().toString(36)}${process.pid}${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${runId}_tpl`);
    const template = await openPostgres(databaseUrl(base, `${runId}_tpl`));
    await prepareDatabase(template);
    await template.close();
    project.provide('postgresRun', { url: base, runId });
    project.provide('pgliteTemplate', '');
    return async () => {
      const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [
        `${runId}%`,
      ]);
      for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.end();
    };
  }
  const database = await openMemoryPglite();
  await prepareDatabase(database);
  const file = path.join(os.tmpdir(), `quanlian-template-${process.pid}-${randomBytes(4).toString('hex')}.tar`);
  await writeFile(file, Buffer.from(await (await database.dump!()).arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplate', file);
  project.provide('postgresRun', null);
  return () => rm(file, { force: true });
}
