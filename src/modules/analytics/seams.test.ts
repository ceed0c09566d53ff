// The read seams between the owning modules and the read models (analytics, injuries): every
// declared column exists in the migrated database, and every reader runs against the seams — so a
// column renamed or dropped by its owner, or a reader that reaches past a seam, fails here first.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/index.js';
import { readSeam, rowsOf, type ReadSeam } from '../../db/read.js';
import { createTestDatabase } from '../../testing/database.js';
import * as certificateSeams from '../certificates/read-seam.js';
import { certificates } from '../certificates/schema.js';
import * as employerSeams from '../employers/read-seam.js';
import * as examSeams from '../exams/read-seam.js';
import { DIMENSIONS } from '../injuries/rules.js';
import { injuriesByGroup, injuryRecords, injuryTotals, liveDenominators } from '../injuries/queries.js';
import * as integritySeams from '../integrity/read-seam.js';
import * as organisationSeams from '../organisations/read-seam.js';
import * as supervisionSeams from '../supervision/read-seam.js';
import * as trainingSeams from '../training/read-seam.js';
import * as q from './queries.js';
import { DASHBOARD_METRICS, type DashboardMetric } from './rules.js';

const SEAMS: Record<string, ReadSeam> = {
  ...certificateSeams,
  ...employerSeams,
  ...examSeams,
  ...integritySeams,
  ...organisationSeams,
  ...supervisionSeams,
  ...trainingSeams,
};

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('read seams', () => {
  it('every seam declares columns its table has in the migrated database', async () => {
    expect(Object.keys(SEAMS).length).toBeGreaterThanOrEqual(19);
    for (const [name, seam] of Object.entries(SEAMS)) {
      const columns = sql.join(
        seam.columns.map((c) => sql.identifier(c)),
        sql`, `,
      );
      await expect(
        database.db.execute(sql`select ${columns} from ${sql.identifier(seam.table)} limit 0`),
        name,
      ).resolves.toBeDefined();
    }
  });

  it('a seam naming a column its table lacks stops at load, and a reader using an undeclared column fails', async () => {
    expect(() => readSeam(certificates, ['id', 'no_such_column'])).toThrow(/no_such_column/);
    const narrow = readSeam(certificates, ['id', 'region_code']);
    await expect(
      rowsOf(database.db, sql`select c.id from ${narrow.as('c')} where c.region_code = '510104'`),
    ).resolves.toEqual([]);
    await expect(rowsOf(database.db, sql`select c.state from ${narrow.as('c')}`)).rejects.toThrow(/state/);
  });

  it('ANA-3 every dashboard reader runs against the seams, for a county and a province', async () => {
    const db = database.db;
    for (const prefix of ['510104', '51']) {
      const scope = { prefix, today: '2026-11-23' };
      for (const metric of Object.keys(DASHBOARD_METRICS) as DashboardMetric[]) {
        expect(await q.metricByChild(db, metric, scope, prefix.length === 6 ? null : 4)).toEqual([]);
        expect(await q.metricList(db, metric, scope, { limit: 10, offset: 0 })).toEqual({ total: 0, items: [] });
      }
      expect(await q.passBySite(db, scope)).toEqual([]);
      expect(await q.passByInstitution(db, scope)).toEqual([]);
      expect(await q.verificationTraffic(db, scope)).toEqual([]);
    }
    await q.refreshSummaries(db, '2026-11-23', new Date('2026-11-23T02:00:00Z'));
    expect(await q.summaryByChild(db, '51', 4)).toEqual([]);
    expect(await q.summaryPassBySite(db, '51')).toEqual([]);
  });

  it('ANA-1 every campaign-statistics reader runs against the seams', async () => {
    const db = database.db;
    const p = { prefix: '51', from: '2026-01-01', to: '2026-12-31' };
    const reads = [
      q.inspectedRecords(db, p, 'employer'),
      q.findingRecords(db, p, 'employer'),
      q.patrolRecords(db, p, 'warning'),
      q.cancelledByFlag(db, p),
      q.sanctionRecords(db, p, 'institution', 'suspend'),
      q.employerPenaltyRecords(db, p),
      q.employerFineRecords(db, p),
      q.publishedCaseRecords(db, p),
      q.spotExamRecords(db, p, true),
      q.spotExamRecords(db, p, false),
    ];
    for (const rows of await Promise.all(reads)) expect(rows).toEqual([]);
  });

  it('ANA-2 every injury-analysis reader runs against the seams, per dimension and denominator', async () => {
    const db = database.db;
    for (const prefix of ['510104', '51']) {
      const s = { prefix, from: '2026-01-01', to: '2026-12-31' };
      expect(await injuryTotals(db, s)).toMatchObject({ injuries: 0 });
      for (const dimension of DIMENSIONS) expect(await injuriesByGroup(db, s, dimension)).toEqual([]);
      for (const dimension of ['total', ...DIMENSIONS] as const) {
        expect((await liveDenominators(db, s, dimension)).size).toBe(0);
        expect((await liveDenominators(db, s, dimension, ['x'])).size).toBe(0);
      }
      expect(await injuryRecords(db, s, {}, { limit: 10, offset: 0 })).toEqual({ total: 0, items: [] });
    }
  });
});
