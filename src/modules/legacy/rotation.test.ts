// SEC-3 `vault:rotate` and uploads waiting for their commit: the shared import mechanism stages checked
// rows with personal data sealed and hashed inside JSON (bulk_import_rows). A rotation re-seals and
// re-hashes them, so an upload checked before the rotation commits after it with the new keys; an
// upload whose staged rows hold a look-up hash without its value (a person matched at the check) cannot
// be carried over and is failed, to be uploaded again, rather than committing rows that miss their people.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainImportJobs } from '../../kernel/imports/index.js';
import { PersonalDataVault } from '../../kernel/vault.js';
import {
  makeIdNumber,
  makeWorker,
  queryRows,
  signedInAs,
  startTestPlatform,
  type TestPlatform,
} from '../../testing/harness.js';
import { rotateVault } from '../../vault-rotation.js';
import { EMPLOYER_IMPORTS } from '../employers/index.js';
import { IMPORT_COLUMNS } from '../employers/rules.js';
import { CERTIFICATE_COLUMNS, LEGACY_IMPORTS } from './index.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

/** What a restart with another CRYPTO_PROFILE does to the running context (new keys, old seals still open). */
function useProfile(profile: 'international' | 'gm') {
  p.ctx.config.cryptoProfile = profile;
  p.ctx.vault = new PersonalDataVault(p.ctx.config.secret, { profile });
}

const staged = (importId: string) =>
  queryRows<{ w?: Record<string, string | null>; hash?: string }>(
    p,
    sql`select data->'w' as w, data->>'hash' as hash from bulk_import_rows where import_id = ${importId} order by row_no`,
  );

describe('SEC-3 vault:rotate and staged imports', () => {
  it('SEC-3 a legacy upload checked before the rotation is re-sealed and re-hashed in staging and commits after it under the new keys', async () => {
    useProfile('international');
    const authority = await signedInAs(p, 'issuing_authority', { kind: 'regulator', regionCode: '510000' });
    const ids = [makeIdNumber('1979-02-11'), makeIdNumber('1981-07-30')];
    const keys = CERTIFICATE_COLUMNS.map((c) => c.key);
    const row = (id: string): Record<string, string> => ({
      idNumber: id,
      name: '王轮换',
      phone: '13900139000',
      education: '高中',
      regionCode: '510107',
      number: `T${id}`,
      itemCode: '1.1',
      issuedOn: '2021-05-18',
      validUntil: '2027-05-17',
      nextReviewDue: '2027-05-17',
      authorityName: '四川省应急管理厅',
      state: '有效',
    });
    const csv = `${CERTIFICATE_COLUMNS.map((c) => c.label).join(',')}\n${ids.map((id) => keys.map((k) => row(id)[k] ?? '').join(',')).join('\n')}\n`;
    const up = await authority.client.inject({
      method: 'POST',
      url: '/api/legacy-imports/kinds/certificates?fileName=legacy.csv',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(up.statusCode, up.body).toBe(202);
    await drainImportJobs(p.ctx, LEGACY_IMPORTS);
    const id = up.json().id as string;
    expect((await authority.client.get(`/api/legacy-imports/${id}`)).json().status).toBe('ready');
    const before = await staged(id);
    expect(before.map((r) => r.w!.idNumberSealed!.slice(0, 3))).toEqual(['v1.', 'v1.']);

    useProfile('gm');
    const report = await rotateVault(p.ctx);
    expect(report.failed).toEqual([]);
    expect(report.stagedImports).toMatchObject({ rows: 2, resealed: 2, invalidated: [] });
    const after = await staged(id);
    for (const [i, r] of after.entries()) {
      expect(r.w!.idNumberSealed!.startsWith('g1.')).toBe(true);
      expect(p.ctx.vault.open(r.w!.idNumberSealed!)).toBe(ids[i]);
      expect(r.w!.idNumberHash).toBe(p.ctx.vault.lookupHash('id_number', ids[i]));
      expect(r.w!.idNumberHash).not.toBe(before[i].w!.idNumberHash);
      expect(r.w!.phoneHash).toBe(p.ctx.vault.lookupHash('phone', '13900139000'));
    }

    expect((await authority.client.post(`/api/legacy-imports/${id}/commit`)).statusCode).toBe(202);
    await drainImportJobs(p.ctx, LEGACY_IMPORTS);
    expect((await authority.client.get(`/api/legacy-imports/${id}`)).json().status).toBe('committed');
    // REG-2: each holder is on the platform once, found by the new look-up hash, sealed the new way.
    for (const idNumber of ids) {
      const found = await queryRows<{ sealed: string }>(
        p,
        sql`select id_number_sealed as sealed from workers where id_number_hash = ${p.ctx.vault.lookupHash('id_number', idNumber)}`,
      );
      expect(found.length).toBe(1);
      expect(found[0].sealed.startsWith('g1.')).toBe(true);
    }
    // A second run has nothing left to do in staging.
    expect((await rotateVault(p.ctx)).stagedImports).toMatchObject({ resealed: 0, invalidated: [] });
  });

  it('SEC-3 REG-2 a ledger upload that matched a registered person by ID number before the rotation is failed by it, writes nothing, and must be uploaded again', async () => {
    useProfile('international');
    const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510107' });
    const idNumber = makeIdNumber('1986-09-09');
    const worker = await makeWorker(p, employer.actor, { idNumber, name: '赵已登' });
    const csv = `${IMPORT_COLUMNS.join(',')}\n赵已登,${idNumber},,,,本单位职工,,,2026-11-20\n`;
    const up = await employer.client.inject({
      method: 'POST',
      url: '/api/employment-imports?fileName=ledger.csv',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(up.statusCode, up.body).toBe(202);
    await drainImportJobs(p.ctx, EMPLOYER_IMPORTS);
    const id = up.json().id as string;
    const checked = (await employer.client.get(`/api/employment-imports/${id}`)).json();
    expect(checked.status, JSON.stringify(checked)).toBe('ready');

    useProfile('gm');
    const report = await rotateVault(p.ctx);
    expect(report.stagedImports?.invalidated).toEqual([id]);
    const failed = (await employer.client.get(`/api/employment-imports/${id}`)).json();
    expect(failed.status).toBe('failed');
    expect(failed.message).toContain('密钥已轮换');
    expect((await staged(id)).length).toBe(0);
    expect((await employer.client.post(`/api/employment-imports/${id}/commit`)).statusCode).toBe(409);
    const employments = await queryRows<{ n: number }>(
      p,
      sql`select count(*)::int as n from employments where worker_id = ${worker.id}`,
    );
    expect(employments[0].n).toBe(0);
  });
});
