// The tamper-evident audit chain (SEC-1): every write appends a record, in the writer's own
// transaction, whose hash covers its content and the previous record's hash.
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { asc, count, desc, eq, gt, like, sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../db/index.js';
import type { Actor } from './access.js';
import type { Clock } from './clock.js';
import { auditHead, auditRecords } from './schema.js';

// canonicalize is CommonJS with an ESM-style default export in its types.
const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ?? canonicalizeModule) as (
  input: unknown,
) => string | undefined;

export const GENESIS_HASH = '0'.repeat(64);
/** pg_advisory_xact_lock key that serialises appends, so two transactions never fork the chain. */
const AUDIT_LOCK_KEY = 7_141_500_001;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

type AuditRecord = typeof auditRecords.$inferSelect;

/** JSON values exactly as jsonb will give them back, so the hash recomputes after a round trip. */
function asJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/** SHA-256 over the canonical JSON (RFC 8785) of every column but the hash itself. */
export function hashRecord(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...content } = record;
  const canonical = canonicalize({ ...content, at: record.at.toISOString() }) ?? '';
  return createHash('sha256').update(canonical).digest('hex');
}

export async function appendAudit(tx: Tx, clock: Clock, actor: Actor | null, entry: AuditEntry): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1));
  const record: Omit<AuditRecord, 'hash'> = {
    seq: (head?.seq ?? 0) + 1,
    at: clock.now(),
    actorUserId: actor?.userId ?? null,
    actorName: actor?.displayName ?? '系统',
    actorRole: actor?.role ?? null,
    actorOrgId: actor?.orgId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    regionCode: entry.regionCode ?? null,
    before: asJson(entry.before),
    after: asJson(entry.after),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const hash = hashRecord(record);
  await tx.insert(auditRecords).values({ ...record, hash });
  await tx
    .insert(auditHead)
    .values({ id: 1, seq: record.seq, hash })
    .onConflictDoUpdate({ target: auditHead.id, set: { seq: record.seq, hash } });
  return record.seq;
}

export interface ChainVerdict {
  ok: boolean;
  count: number;
  firstBroken?: { seq: number; reason: string };
}

/** Walks the whole chain in order; names the first record that does not hold. */
export async function verifyAuditChain(db: Db, batchSize = 2000): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const batch = await db
      .select()
      .from(auditRecords)
      .where(gt(auditRecords.seq, expectedSeq - 1))
      .orderBy(asc(auditRecords.seq))
      .limit(batchSize);
    for (const record of batch) {
      const broken = (reason: string): ChainVerdict => ({
        ok: false,
        count: expectedSeq - 1,
        firstBroken: { seq: record.seq, reason },
      });
      if (record.seq !== expectedSeq)
        return {
          ok: false,
          count: expectedSeq - 1,
          firstBroken: { seq: expectedSeq, reason: `记录 ${expectedSeq} 至 ${record.seq - 1} 缺失（被删除）` },
        };
      if (record.prevHash !== prevHash) return broken('前一条记录的哈希与本记录保存的不一致');
      if (hashRecord(record) !== record.hash) return broken('记录内容与其哈希不一致（被修改）');
      prevHash = record.hash;
      expectedSeq += 1;
    }
    if (batch.length < batchSize) break;
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const last = expectedSeq - 1;
  if ((head?.seq ?? 0) !== last || (head?.hash ?? GENESIS_HASH) !== prevHash) {
    return {
      ok: false,
      count: last,
      firstBroken: { seq: last + 1, reason: `链尾记录缺失：应有 ${head?.seq ?? 0} 条，实有 ${last} 条` },
    };
  }
  return { ok: true, count: last };
}

export interface AuditPage {
  items: Array<
    Pick<AuditRecord, 'seq' | 'at' | 'actorName' | 'action' | 'entityType' | 'entityId' | 'regionCode' | 'hash'>
  >;
  total: number;
}

/** Newest first; `regionPrefix` limits a regulator to its jurisdiction, null = everything. */
export async function listAuditRecords(
  db: Executor,
  params: { regionPrefix: string | null; page: number; pageSize: number },
): Promise<AuditPage> {
  const where = params.regionPrefix === null ? undefined : like(auditRecords.regionCode, `${params.regionPrefix}%`);
  const [items, [{ total }]] = await Promise.all([
    db
      .select({
        seq: auditRecords.seq,
        at: auditRecords.at,
        actorName: auditRecords.actorName,
        action: auditRecords.action,
        entityType: auditRecords.entityType,
        entityId: auditRecords.entityId,
        regionCode: auditRecords.regionCode,
        hash: auditRecords.hash,
      })
      .from(auditRecords)
      .where(where)
      .orderBy(desc(auditRecords.seq))
      .limit(params.pageSize)
      .offset((params.page - 1) * params.pageSize),
    db.select({ total: count() }).from(auditRecords).where(where),
  ]);
  return { items, total };
}
