import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testing/harness.js';
import { appendAudit, verifyAuditChain } from './audit.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

async function append(n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    await p.ctx.db.transaction((tx) =>
      appendAudit(tx, p.ctx.clock, null, {
        action: `test.${tag}`,
        entityType: 'thing',
        entityId: `${tag}-${i}`,
        before: { n: i, nested: { b: 1, a: [1, 'x'] } },
        after: { n: i + 1 },
      }),
    );
  }
}

const exec = (query: string) => p.ctx.db.execute(sql.raw(query));

describe('audit chain', () => {
  it('SEC-1 verifies an intact chain of records written in separate transactions', async () => {
    await append(5, 'intact');
    const verdict = await verifyAuditChain(p.ctx.db);
    expect(verdict.ok).toBe(true);
    expect(verdict.count).toBeGreaterThanOrEqual(5);
  });

  it('SEC-1 keeps one unforked chain under concurrent writers', async () => {
    await Promise.all([append(4, 'a'), append(4, 'b'), append(4, 'c')]);
    expect((await verifyAuditChain(p.ctx.db)).ok).toBe(true);
  });

  it('SEC-1 a rolled-back change leaves no audit record and no gap', async () => {
    const before = await verifyAuditChain(p.ctx.db);
    await expect(
      p.ctx.db.transaction(async (tx) => {
        await appendAudit(tx, p.ctx.clock, null, { action: 'test.rollback', entityType: 'thing', entityId: 'x' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const after = await verifyAuditChain(p.ctx.db);
    expect(after).toEqual({ ok: true, count: before.count });
  });

  it('SEC-1 names the first record whose content was edited', async () => {
    await append(3, 'edit');
    const { count } = await verifyAuditChain(p.ctx.db);
    await exec(`update audit_records set after = '{"n": 999}' where seq = ${count - 1}`);
    const verdict = await verifyAuditChain(p.ctx.db);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken?.seq).toBe(count - 1);
    expect(verdict.firstBroken?.reason).toContain('被修改');
    await exec(`update audit_records set after = '{"n": 2}' where seq = ${count - 1}`);
    expect((await verifyAuditChain(p.ctx.db)).ok).toBe(true);
  });

  it('SEC-1 detects a deleted record in the middle and at the end', async () => {
    await append(4, 'delete');
    const { count } = await verifyAuditChain(p.ctx.db);
    await exec(`delete from audit_records where seq = ${count - 2}`);
    const middle = await verifyAuditChain(p.ctx.db);
    expect(middle).toMatchObject({ ok: false, firstBroken: { seq: count - 2 } });
    expect(middle.firstBroken?.reason).toContain('缺失');
    await exec(`delete from audit_records where seq > ${count - 3}`);
    const tail = await verifyAuditChain(p.ctx.db);
    expect(tail.ok).toBe(false);
    expect(tail.firstBroken?.reason).toContain('链尾');
  });
});
