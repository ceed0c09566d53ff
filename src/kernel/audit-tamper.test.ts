// SEC-1: the sixteen ways of rewriting the audit chain found by the security probe (issue 21), each
// applied to a chain anchored by a signed checkpoint and each detected, naming a record that exists
// (or existed). The attacker here has full write access to the database but not the MAC key.
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import canonicalizeModule from 'canonicalize';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestPlatform, queryRows, signedInAs, startTestPlatform, testConfig } from '../testing/harness.js';
import {
  GENESIS_HASH,
  appendAudit,
  latestAuditCheckpoint,
  legacyHashRecord,
  macRecord,
  verifyAuditChain,
  writeAuditCheckpoint,
} from './audit.js';
import { auditHead, auditRecords } from './schema.js';

const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ?? canonicalizeModule) as (
  input: unknown,
) => string;

let p: TestPlatform;
let store: string;
beforeAll(async () => {
  store = await mkdtemp(path.join(os.tmpdir(), 'quanlian-audit-store-'));
  p = await startTestPlatform(testConfig({ dataDir: store }));
});
afterAll(async () => {
  await p.close();
  await rm(store, { recursive: true, force: true });
});

const exec = (query: string) => p.ctx.db.execute(sql.raw(query));
const lastSeq = async () => (await p.ctx.db.select().from(auditHead).where(eq(auditHead.id, 1)))[0]?.seq ?? 0;

async function append(n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    await p.ctx.db.transaction((tx) =>
      appendAudit(tx, p.ctx.clock, null, {
        action: `test.${tag}`,
        entityType: 'thing',
        entityId: `${tag}-${i}`,
        regionCode: '510107',
        before: { n: i },
        after: { n: i + 1 },
      }),
    );
    p.clock.advance(1000);
  }
}

/** Records as stored, with the time in microseconds, for an attacker who recomputes hashes. */
async function storedRecords(fromSeq: number) {
  return p.ctx.db
    .select({
      record: auditRecords,
      atMicros: sql<string>`((extract(epoch from ${auditRecords.at}) * 1000000)::bigint)::text`,
    })
    .from(auditRecords)
    .where(sql`${auditRecords.seq} >= ${fromSeq}`)
    .orderBy(asc(auditRecords.seq));
}

/** The attacker's recomputation: the old public rule, or a MAC under a key they made up. */
const attackerKey = randomBytes(32);
const forge = (
  record: Parameters<typeof legacyHashRecord>[0],
  atMicros: string,
  rule: 'sha256' | 'guessed-key',
): string => (rule === 'sha256' ? legacyHashRecord(record) : macRecord(record, atMicros, attackerKey));

async function rechainFrom(seq: number, rule: 'sha256' | 'guessed-key') {
  const rows = await storedRecords(seq);
  let prev = rows.length ? rows[0].record.prevHash : GENESIS_HASH;
  let last = { seq: 0, hash: '' };
  for (const { record, atMicros } of rows) {
    const hash = forge({ ...record, prevHash: prev }, atMicros, rule);
    await p.ctx.db.update(auditRecords).set({ prevHash: prev, hash }).where(eq(auditRecords.seq, record.seq));
    prev = hash;
    last = { seq: record.seq, hash };
  }
  await p.ctx.db.update(auditHead).set(last).where(eq(auditHead.id, 1));
}

describe('SEC-1 audit chain against tampering', () => {
  it('SEC-1 records written under the old unkeyed rule stay verifiable up to the signed boundary checkpoint', async () => {
    // Three records as the code before the keyed chain wrote them.
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const record = {
        seq,
        at: new Date(Date.UTC(2026, 10, 1, 8, 0, seq)),
        actorUserId: null,
        actorName: '系统',
        actorRole: null,
        actorOrgId: null,
        action: 'test.legacy',
        entityType: 'thing',
        entityId: `legacy-${seq}`,
        regionCode: '510107',
        before: null,
        after: { n: seq },
        prevHash: prev,
      };
      const hash = legacyHashRecord(record);
      await p.ctx.db.insert(auditRecords).values({ ...record, hash });
      await p.ctx.db
        .insert(auditHead)
        .values({ id: 1, seq, hash })
        .onConflictDoUpdate({ target: auditHead.id, set: { seq, hash } });
      prev = hash;
    }
    expect(await verifyAuditChain(p.ctx.db)).toEqual({ ok: true, count: 3 });
    const boundary = await writeAuditCheckpoint(p.ctx.db, p.ctx.clock);
    expect(boundary.payload).toMatchObject({ seq: 3, legacyUpTo: 3, legacyHeadHash: prev });
    await append(8, 'keyed');
    expect((await verifyAuditChain(p.ctx.db)).ok).toBe(true);

    // Rewriting a legacy record by the public rule no longer passes: the boundary pins its hash.
    await exec(`create table legacy_backup as select * from audit_records`);
    await exec(`update audit_records set actor_name = '伪造者' where seq = 1`);
    await rechainFrom(1, 'sha256');
    await exec(`update audit_records set prev_hash = (select hash from audit_records where seq = 3) where seq = 4`);
    const verdict = await verifyAuditChain(p.ctx.db);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken?.seq).toBe(3);
    await exec(`delete from audit_records`);
    await exec(`insert into audit_records select * from legacy_backup`);
    await exec(`drop table legacy_backup`);
    await rechainHeadOnly();
    expect((await verifyAuditChain(p.ctx.db)).ok).toBe(true);
  });

  it('SEC-1 detects 16/16 kinds of tampering, each naming a real record', async () => {
    await append(4, 'more');
    const checkpoint = await writeAuditCheckpoint(p.ctx.db, p.ctx.clock);
    const n = checkpoint.payload.seq;
    expect(n).toBe(await lastSeq());
    await exec('create table audit_backup as select * from audit_records');
    await exec('create table head_backup as select * from audit_head');
    const restore = async () => {
      await exec('delete from audit_records');
      await exec('insert into audit_records select * from audit_backup');
      await exec('delete from audit_head');
      await exec('insert into audit_head select * from head_backup');
      expect((await verifyAuditChain(p.ctx.db)).ok).toBe(true);
    };
    const target = n - 5;
    const kinds: Array<{ name: string; tamper: () => Promise<unknown>; names: number }> = [
      // 11 simple edits
      {
        name: 'actor name',
        tamper: () => exec(`update audit_records set actor_name = '他人' where seq = ${target}`),
        names: target,
      },
      {
        name: 'actor user',
        tamper: () => exec(`update audit_records set actor_user_id = gen_random_uuid() where seq = ${target}`),
        names: target,
      },
      {
        name: 'action',
        tamper: () => exec(`update audit_records set action = 'certificate.revoke' where seq = ${target}`),
        names: target,
      },
      {
        name: 'entity id',
        tamper: () => exec(`update audit_records set entity_id = 'other' where seq = ${target}`),
        names: target,
      },
      {
        name: 'region',
        tamper: () => exec(`update audit_records set region_code = '110101' where seq = ${target}`),
        names: target,
      },
      {
        name: 'before',
        tamper: () => exec(`update audit_records set before = '{"n": 99}' where seq = ${target}`),
        names: target,
      },
      {
        name: 'after',
        tamper: () => exec(`update audit_records set after = null where seq = ${target}`),
        names: target,
      },
      {
        name: 'time +1 s',
        tamper: () => exec(`update audit_records set at = at + interval '1 second' where seq = ${target}`),
        names: target,
      },
      {
        name: 'hash overwritten',
        tamper: () => exec(`update audit_records set hash = '${'ab'.repeat(32)}' where seq = ${target}`),
        names: target,
      },
      {
        name: 'previous hash overwritten',
        tamper: () => exec(`update audit_records set prev_hash = '${'cd'.repeat(32)}' where seq = ${target}`),
        names: target,
      },
      {
        name: 'middle record deleted',
        tamper: () => exec(`delete from audit_records where seq = ${target}`),
        names: target,
      },
      // 3 recomputed forgeries
      {
        name: 'forged certificate.revoke appended, hash recomputed, head moved',
        tamper: async () => {
          const [{ record, atMicros }] = await storedRecords(n);
          const forged = {
            ...record,
            seq: n + 1,
            action: 'certificate.revoke',
            entityType: 'certificate',
            prevHash: record.hash,
          };
          const hash = forge(forged, atMicros, 'sha256');
          await p.ctx.db.insert(auditRecords).values({ ...forged, hash });
          await p.ctx.db
            .update(auditHead)
            .set({ seq: n + 1, hash })
            .where(eq(auditHead.id, 1));
        },
        names: n + 1,
      },
      {
        name: 'tail deleted, head moved back',
        tamper: async () => {
          await exec(`delete from audit_records where seq > ${n - 2}`);
          await exec(
            `update audit_head set seq = ${n - 2}, hash = (select hash from audit_records where seq = ${n - 2})`,
          );
        },
        names: n - 1,
      },
      {
        name: "an old record's actor changed and every later hash recomputed",
        tamper: async () => {
          await exec(`update audit_records set actor_name = '替罪者' where seq = ${target}`);
          await rechainFrom(target, 'guessed-key');
        },
        names: target,
      },
      // the microsecond edit
      {
        name: 'time +999 µs',
        tamper: () => exec(`update audit_records set at = at + interval '999 microseconds' where seq = ${target}`),
        names: target,
      },
      // the head edit
      {
        name: 'head edited',
        tamper: () => exec(`update audit_head set hash = '${'ef'.repeat(32)}'`),
        names: n,
      },
    ];
    expect(kinds).toHaveLength(16);
    const detected: string[] = [];
    for (const kind of kinds) {
      await kind.tamper();
      const verdict = await verifyAuditChain(p.ctx.db);
      if (!verdict.ok && verdict.firstBroken?.seq === kind.names) detected.push(kind.name);
      else console.error(`not detected as expected: ${kind.name}`, verdict);
      await restore();
    }
    expect(detected).toHaveLength(16);
    // Each named record is a real one: it is in the untouched chain.
    const [{ max }] = await queryRows<{ max: string }>(p, sql`select max(seq)::text as max from audit_backup`);
    expect(Math.max(...kinds.map((k) => k.names))).toBeLessThanOrEqual(Number(max) + 1);
    await exec('drop table audit_backup');
    await exec('drop table head_backup');
  });

  it('SEC-1 publishes the latest checkpoint with a public key that checks its signature, and signs on demand', async () => {
    const admin = await signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '510000' });
    const made = await admin.client.post('/api/audit/checkpoints');
    expect(made.statusCode).toBe(200);
    const published = (await p.app.inject({ method: 'GET', url: '/api/public/audit/checkpoint' })).json();
    expect(published.checkpoint).toEqual(made.json());
    const message = Buffer.from(canonicalize(published.checkpoint.payload));
    const signature = Buffer.from(published.checkpoint.signature, 'base64url');
    if (published.checkpoint.payload.signatureAlgorithm === 'SM2') {
      // CRYPTO_PROFILE=gm: an SM2 signature (default user id), checked with the published key alone.
      const { x, y } = published.publicKey.jwk;
      const publicKey = `04${Buffer.from(x, 'base64url').toString('hex')}${Buffer.from(y, 'base64url').toString('hex')}`;
      expect(sm2.doVerifySignature(message, signature.toString('hex'), publicKey, { hash: true })).toBe(true);
    } else {
      const key = createPublicKey({ key: published.publicKey.jwk, format: 'jwk' });
      expect(verify(null, message, key, signature)).toBe(true);
    }
    expect(published.checkpoint.payload.seq).toBe(await lastSeq());
    expect(latestAuditCheckpoint()?.signature).toBe(published.checkpoint.signature);

    const employer = await signedInAs(p, 'employer_admin', { kind: 'employer', regionCode: '510107' });
    expect((await employer.client.post('/api/audit/checkpoints')).statusCode).toBe(403);

    // A checkpoint file whose payload was changed after signing is refused by the verifier.
    const folder = path.join(store, 'audit-checkpoints', published.publicKey.kid);
    const forged = {
      ...published.checkpoint,
      payload: { ...published.checkpoint.payload, seq: 1 + published.checkpoint.payload.seq },
    };
    const file = path.join(folder, `${'9'.repeat(12)}-${'0'.repeat(13)}.json`);
    await writeFile(file, JSON.stringify(forged));
    const verdict = await verifyAuditChain(p.ctx.db);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken?.reason).toContain('签名无效');
    await rm(file);
  });

  it('SEC-1 refuses to sign a checkpoint over a broken chain', async () => {
    const admin = await signedInAs(p, 'system_admin', { kind: 'platform', regionCode: '510000' });
    const seq = await lastSeq();
    await exec(`update audit_records set actor_name = '他人' where seq = ${seq - 1}`);
    const res = await admin.client.post('/api/audit/checkpoints');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().rule).toBe('SEC-1');
    expect(latestAuditCheckpoint()?.payload.seq).toBeLessThan(seq);
  });
});

/** After restoring the legacy records, the head points at the last record again. */
async function rechainHeadOnly() {
  const [last] = await p.ctx.db.select().from(auditRecords).orderBy(sql`${auditRecords.seq} desc`).limit(1);
  await p.ctx.db.update(auditHead).set({ seq: last.seq, hash: last.hash }).where(eq(auditHead.id, 1));
}
