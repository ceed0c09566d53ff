// The tamper-evident audit chain (SEC-1): every write appends a record, in the writer's own
// transaction, whose MAC covers its content and the previous record's MAC. The MAC key lives
// outside the database (config), so write access to the tables is not enough to forge a record;
// signed checkpoints of the head, kept in a file store outside the database, make deleting the
// newest records and moving the head back detectable too (docs/audit.md).
import {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import canonicalizeModule from 'canonicalize';
import { and, asc, count, desc, eq, gte, like, lt, sql } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../db/index.js';
import type { Actor } from './access.js';
import type { Clock } from './clock.js';
import { type CryptoProfile, sm2PublicJwk, sm2Sign, sm2Verify } from './gm.js';
import { sm2 } from 'sm-crypto-v2';
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
type RecordContent = Omit<AuditRecord, 'hash'> & { hash?: string };

export type { CryptoProfile } from './gm.js';

interface AuditKeys {
  profile: CryptoProfile;
  macKey: Buffer;
  /** The other profile's MAC key: records written before a CRYPTO_PROFILE switch hold under it. */
  otherMacKey: Buffer;
  signingKey: KeyObject;
  publicKey: KeyObject;
  /** Under gm the checkpoints are signed with SM2 (GB/T 32918.2, default user id); hex keys. */
  sm2PrivateKey: string;
  sm2PublicKey: string;
  /** Names the key pair; checkpoints are kept per key, so a rotated key starts its own series. */
  keyId: string;
  checkpointDir: string;
}

let keys: AuditKeys | null = null;

/** PKCS#8 prefix of an Ed25519 private key; the 32-byte seed follows (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Set once at start (platform.ts makeContext) from key material held outside the database. The MAC
 * key and the checkpoint signing key are both derived from it; `checkpointDir` is the file store
 * the checkpoints are written to (the database role must not be able to write it).
 */
export function configureAuditChain(material: Buffer, checkpointDir: string, profile: CryptoProfile = 'international') {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', material, 'quanlian-audit', info, 32));
  const signingKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, derive('checkpoint-signing-ed25519')]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(signingKey);
  const raw = publicKey.export({ format: 'der', type: 'spki' });
  const keyId = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  const other: CryptoProfile = profile === 'gm' ? 'international' : 'gm';
  // SM2 private key d in [1, n − 2] (GB/T 32918.1), from 40 derived bytes so the reduction is unbiased.
  const n = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');
  const wide = BigInt(
    `0x${Buffer.from(hkdfSync('sha256', material, 'quanlian-audit', 'checkpoint-signing-sm2', 40)).toString('hex')}`,
  );
  const sm2PrivateKey = ((wide % (n - 2n)) + 1n).toString(16).padStart(64, '0');
  keys = {
    sm2PrivateKey,
    sm2PublicKey: sm2.getPublicKeyFromPrivateKey(sm2PrivateKey),
    profile,
    macKey: derive(`chain-mac-${profile}`),
    otherMacKey: derive(`chain-mac-${other}`),
    signingKey,
    publicKey,
    keyId,
    checkpointDir,
  };
}

function auditKeys(): AuditKeys {
  if (!keys) throw new Error('The audit chain key is not configured (configureAuditChain is called by makeContext).');
  return keys;
}

/** JSON values exactly as jsonb will give them back, so the hash recomputes after a round trip. */
function asJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/**
 * The rule of records written before the keyed chain: SHA-256 over the canonical JSON (RFC 8785) of
 * every column but the hash, the time to the millisecond. Anyone can recompute it, so such records
 * are trusted only up to the signed boundary checkpoint that closed them (`legacyUpTo`).
 */
export function legacyHashRecord(record: RecordContent): string {
  const { hash: _ignored, ...content } = record;
  const canonical = canonicalize({ ...content, at: record.at.toISOString() }) ?? '';
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * SEC-1: HMAC (SHA-256, or SM3 under the gm profile) over the canonical JSON of every column but the
 * MAC, the time in microseconds since the epoch as the column stores it (a µs edit changes it).
 */
export function macRecord(
  record: RecordContent,
  atMicros: string,
  macKey = auditKeys().macKey,
  profile: CryptoProfile = auditKeys().profile,
): string {
  const { hash: _ignored, ...content } = record;
  const canonical = canonicalize({ ...content, at: atMicros, v: 2 }) ?? '';
  return createHmac(profile === 'gm' ? 'sm3' : 'sha256', macKey)
    .update(canonical)
    .digest('hex');
}

/**
 * A record holds under the current profile's MAC or, written before a CRYPTO_PROFILE switch, under the
 * other profile's (its own key, also derived from the audit key material): both are keyed, so
 * accepting either gives a forger nothing, and a switched deployment keeps its chain (docs/crypto.md).
 */
function macHolds(record: RecordContent & { hash: string }, atMicros: string): boolean {
  const k = auditKeys();
  if (macRecord(record, atMicros) === record.hash) return true;
  const other: CryptoProfile = k.profile === 'gm' ? 'international' : 'gm';
  return macRecord(record, atMicros, k.otherMacKey, other) === record.hash;
}

const microsOf = (at: Date) => (BigInt(at.getTime()) * 1000n).toString();

export async function appendAudit(tx: Tx, clock: Clock, actor: Actor | null, entry: AuditEntry): Promise<number> {
  auditKeys();
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
  const hash = macRecord(record, microsOf(record.at));
  await tx.insert(auditRecords).values({ ...record, hash });
  await tx
    .insert(auditHead)
    .values({ id: 1, seq: record.seq, hash })
    .onConflictDoUpdate({ target: auditHead.id, set: { seq: record.seq, hash } });
  return record.seq;
}

// ---- signed checkpoints ----------------------------------------------------------------------

export interface CheckpointPayload {
  /** The last record the checkpoint vouches for (0: an empty chain). */
  seq: number;
  headHash: string;
  at: string;
  /** Records 1..legacyUpTo were written under the unkeyed rule; legacyHeadHash pins the last of them. */
  legacyUpTo: number;
  legacyHeadHash: string;
  macAlgorithm: 'HMAC-SHA-256' | 'HMAC-SM3';
  /** Ed25519, or SM2 under CRYPTO_PROFILE=gm (docs/crypto.md). */
  signatureAlgorithm: 'Ed25519' | 'SM2';
  keyId: string;
}

export interface AuditCheckpoint {
  payload: CheckpointPayload;
  /** base64url signature (Ed25519, or SM2 r ‖ s) over the canonical JSON of the payload. */
  signature: string;
}

const checkpointFolder = () => path.join(auditKeys().checkpointDir, auditKeys().keyId);

/**
 * The public key that checks checkpoints signed with `algorithm` (default: the profile's), as a JWK
 * published beside them; the SM2 one is `{kty: 'EC', crv: 'SM2', x, y}` like the certificates' SM2 keys.
 */
export function auditCheckpointPublicKey(
  algorithm: CheckpointPayload['signatureAlgorithm'] = auditKeys().profile === 'gm' ? 'SM2' : 'Ed25519',
): { kid: string; jwk: Record<string, unknown> } {
  const { publicKey, keyId, sm2PublicKey } = auditKeys();
  if (algorithm === 'SM2')
    return { kid: keyId, jwk: { ...sm2PublicJwk(sm2PublicKey), kid: keyId, use: 'sig', alg: 'SM2' } };
  return { kid: keyId, jwk: { ...publicKey.export({ format: 'jwk' }), kid: keyId, use: 'sig', alg: 'EdDSA' } };
}

export function checkpointSignatureValid(checkpoint: AuditCheckpoint, publicKey = auditKeys().publicKey): boolean {
  try {
    const message = Buffer.from(canonicalize(checkpoint.payload) ?? '');
    const signature = Buffer.from(checkpoint.signature, 'base64url');
    if (checkpoint.payload.signatureAlgorithm === 'SM2') return sm2Verify(message, signature, auditKeys().sm2PublicKey);
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

/** The newest checkpoint in the file store, newest first by sequence then time; null when none. */
export function latestAuditCheckpoint(): AuditCheckpoint | null {
  return listAuditCheckpoints(1)[0] ?? null;
}

export function listAuditCheckpoints(limit = 24): AuditCheckpoint[] {
  let names: string[];
  try {
    names = readdirSync(checkpointFolder()).filter((n) => /^\d{12}-\d{13}\.json$/.test(n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  names.sort().reverse();
  return names
    .slice(0, limit)
    .map((n) => JSON.parse(readFileSync(path.join(checkpointFolder(), n), 'utf8')) as AuditCheckpoint);
}

export class AuditChainBrokenError extends Error {
  constructor(readonly verdict: ChainVerdict) {
    super(`审计链在记录 ${verdict.firstBroken?.seq} 处断裂：${verdict.firstBroken?.reason}`);
  }
}

/**
 * SEC-1: verifies the chain since the last checkpoint and signs its head into the file store. A
 * broken chain is never signed. The first checkpoint of a database written before the keyed chain
 * fixes the boundary up to which records are checked by the old rule.
 */
export async function writeAuditCheckpoint(db: Db, clock: Clock): Promise<AuditCheckpoint> {
  const { profile, signingKey, keyId, sm2PrivateKey, sm2PublicKey } = auditKeys();
  const verdict = await walkAuditChain(db, 2000);
  if (!verdict.ok) throw new AuditChainBrokenError(verdict);
  const payload: CheckpointPayload = {
    seq: verdict.count,
    headHash: verdict.headHash ?? GENESIS_HASH,
    at: clock.now().toISOString(),
    legacyUpTo: verdict.legacyUpTo ?? 0,
    legacyHeadHash: verdict.legacyHeadHash ?? GENESIS_HASH,
    macAlgorithm: profile === 'gm' ? 'HMAC-SM3' : 'HMAC-SHA-256',
    signatureAlgorithm: profile === 'gm' ? 'SM2' : 'Ed25519',
    keyId,
  };
  const message = Buffer.from(canonicalize(payload) ?? '');
  const signature = Buffer.from(
    profile === 'gm' ? sm2Sign(message, sm2PrivateKey, sm2PublicKey) : sign(null, message, signingKey),
  ).toString('base64url');
  const checkpoint: AuditCheckpoint = { payload, signature };
  const folder = checkpointFolder();
  mkdirSync(folder, { recursive: true });
  const name = `${String(payload.seq).padStart(12, '0')}-${String(clock.now().getTime()).padStart(13, '0')}.json`;
  const temporary = path.join(folder, `.${name}.tmp`);
  // Written whole then renamed, so a reader never sees half a checkpoint; read-only once written.
  writeFileSync(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o444 });
  renameSync(temporary, path.join(folder, name));
  return checkpoint;
}

// ---- verification ------------------------------------------------------------------------------

export interface ChainVerdict {
  ok: boolean;
  count: number;
  firstBroken?: { seq: number; reason: string };
  /** The checkpoint the chain was held against (sequence and time), when there was one. */
  checkpoint?: { seq: number; at: string };
}

interface ChainWalk extends ChainVerdict {
  headHash?: string;
  legacyUpTo?: number;
  legacyHeadHash?: string;
}

export async function verifyAuditChain(db: Db, batchSize = 2000): Promise<ChainVerdict> {
  const { headHash: _h, legacyUpTo: _l, legacyHeadHash: _lh, ...verdict } = await walkAuditChain(db, batchSize);
  return verdict;
}

/**
 * Walks the whole chain in order and names the first record that does not hold. Against the latest
 * signed checkpoint: records up to its `legacyUpTo` are checked by the old rule, the rest by the MAC,
 * and the chain must still reach the checkpoint's record with the same hash (a moved-back head and
 * deleted tail are caught there). Without any checkpoint (a new or just-upgraded database) the
 * leading records that hold only under the old rule are taken as the legacy part.
 */
async function walkAuditChain(db: Db, batchSize: number): Promise<ChainWalk> {
  const checkpoint = latestAuditCheckpoint();
  if (checkpoint && !checkpointSignatureValid(checkpoint)) {
    return {
      ok: false,
      count: 0,
      firstBroken: { seq: checkpoint.payload.seq, reason: '最新检查点的签名无效（检查点被伪造或改动）' },
    };
  }
  const cp = checkpoint?.payload;
  const seen = (r: ChainWalk): ChainWalk => (cp ? { ...r, checkpoint: { seq: cp.seq, at: cp.at } } : r);
  let legacyUpTo = cp ? cp.legacyUpTo : null; // null: still discovering (no checkpoint yet)
  let legacyHeadHash = cp?.legacyHeadHash ?? GENESIS_HASH;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const batch = await db
      .select({
        record: auditRecords,
        atMicros: sql<string>`((extract(epoch from ${auditRecords.at}) * 1000000)::bigint)::text`,
      })
      .from(auditRecords)
      .where(gte(auditRecords.seq, expectedSeq))
      .orderBy(asc(auditRecords.seq))
      .limit(batchSize);
    for (const { record, atMicros } of batch) {
      const broken = (reason: string): ChainWalk =>
        seen({ ok: false, count: expectedSeq - 1, firstBroken: { seq: record.seq, reason } });
      if (record.seq !== expectedSeq)
        return seen({
          ok: false,
          count: expectedSeq - 1,
          firstBroken: { seq: expectedSeq, reason: `记录 ${expectedSeq} 至 ${record.seq - 1} 缺失（被删除）` },
        });
      if (record.prevHash !== prevHash) return broken('前一条记录的哈希与本记录保存的不一致');
      let legacy: boolean;
      if (legacyUpTo === null) {
        legacy = legacyHashRecord(record) === record.hash;
        if (!legacy) legacyUpTo = expectedSeq - 1;
      } else legacy = record.seq <= legacyUpTo;
      if (legacy) {
        if (legacyHashRecord(record) !== record.hash) return broken('记录内容与其哈希不一致（被修改）');
        legacyHeadHash = record.hash;
      } else if (!macHolds(record, atMicros)) {
        return broken('记录内容与其消息认证码不一致（被修改或伪造）');
      }
      if (cp && record.seq === cp.legacyUpTo && record.hash !== cp.legacyHeadHash)
        return broken('与签名检查点记下的旧规则记录哈希不一致（检查点之前的记录被重写）');
      if (cp && record.seq === cp.seq && record.hash !== cp.headHash)
        return broken(`与签名检查点（${cp.at}）记下的哈希不一致（检查点之前的记录被重写）`);
      prevHash = record.hash;
      expectedSeq += 1;
    }
    if (batch.length < batchSize) break;
  }
  const last = expectedSeq - 1;
  if (legacyUpTo === null) legacyUpTo = last;
  if (cp && last < cp.seq) {
    return seen({
      ok: false,
      count: last,
      firstBroken: {
        seq: last + 1,
        reason: `记录 ${last + 1} 至 ${cp.seq} 缺失：签名检查点（${cp.at}）记有 ${cp.seq} 条，实有 ${last} 条（链尾被删除）`,
      },
    });
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const headSeq = head?.seq ?? 0;
  const headHash = head?.hash ?? GENESIS_HASH;
  if (headSeq !== last || headHash !== prevHash) {
    // Name a record that exists (or existed): the head alone is not a record.
    const firstBroken =
      headSeq > last
        ? { seq: last + 1, reason: `链尾记录缺失：链头（audit_head）记有 ${headSeq} 条，实有 ${last} 条` }
        : headSeq < last
          ? {
              seq: headSeq + 1,
              reason: `链头（audit_head）被改动：指向记录 ${headSeq}，而记录 ${headSeq + 1} 至 ${last} 仍在链上`,
            }
          : { seq: last, reason: `链头（audit_head）被改动：其哈希与最后一条记录 ${last} 的不一致` };
    return seen({ ok: false, count: last, firstBroken });
  }
  return seen({ ok: true, count: last, headHash: prevHash, legacyUpTo, legacyHeadHash });
}
export interface AuditPage {
  items: Array<
    Pick<
      AuditRecord,
      | 'seq'
      | 'at'
      | 'actorName'
      | 'actorRole'
      | 'actorOrgId'
      | 'action'
      | 'entityType'
      | 'entityId'
      | 'regionCode'
      | 'hash'
    > & {
      /**
       * SEC-1: the record's time is earlier than that of the record written just before it (seq − 1).
       * The chain is ordered by sequence, the order of writing; a back-dated record (a past event entered
       * later, the demo's moved clocks) keeps its place in the chain and is shown as entered later (补录).
       */
      backdated?: boolean;
    }
  >;
  total: number;
}

/** Newest first; `regionPrefix` limits a regulator to its jurisdiction, null = everything. */
/** What the audit page filters by; dates are China dates, inclusive. */
export interface AuditFilter {
  regionPrefix: string | null;
  action?: string;
  entityType?: string;
  entityId?: string;
  actor?: string;
  from?: string;
  to?: string;
}

function auditWhere(f: AuditFilter) {
  const actor = f.actor?.trim();
  return and(
    f.regionPrefix === null ? undefined : like(auditRecords.regionCode, `${f.regionPrefix}%`),
    f.action ? eq(auditRecords.action, f.action) : undefined,
    f.entityType ? eq(auditRecords.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditRecords.entityId, f.entityId.trim()) : undefined,
    actor ? like(auditRecords.actorName, `%${actor.replace(/[%_\\]/g, '\\$&')}%`) : undefined,
    f.from ? gte(auditRecords.at, new Date(`${f.from}T00:00:00+08:00`)) : undefined,
    f.to ? lt(auditRecords.at, new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000)) : undefined,
  );
}

const auditListColumns = {
  seq: auditRecords.seq,
  at: auditRecords.at,
  actorName: auditRecords.actorName,
  actorRole: auditRecords.actorRole,
  actorOrgId: auditRecords.actorOrgId,
  action: auditRecords.action,
  entityType: auditRecords.entityType,
  entityId: auditRecords.entityId,
  regionCode: auditRecords.regionCode,
  hash: auditRecords.hash,
};

export async function listAuditRecords(
  db: Executor,
  params: AuditFilter & { page: number; pageSize: number },
): Promise<AuditPage> {
  const where = auditWhere(params);
  const [items, [{ total }]] = await Promise.all([
    db
      .select({
        ...auditListColumns,
        // One primary-key look-up per row of the page.
        // Qualified by the table's name: drizzle writes a bare column, which inside the sub-select would mean p's.
        backdated: sql<boolean>`coalesce(audit_records.at < (select p.at from audit_records p where p.seq = audit_records.seq - 1), false)`,
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

/** The same selection, newest first, read in batches of `batch` for an export; at most `cap` records. */
export async function* auditRecordsForExport(db: Executor, f: AuditFilter, cap: number, batch = 1000) {
  const where = auditWhere(f);
  let before: number | null = null;
  let sent = 0;
  while (sent < cap) {
    const rows = await db
      .select(auditListColumns)
      .from(auditRecords)
      .where(before === null ? where : and(where, lt(auditRecords.seq, before)))
      .orderBy(desc(auditRecords.seq))
      .limit(Math.min(batch, cap - sent));
    if (!rows.length) return;
    yield rows;
    sent += rows.length;
    before = rows.at(-1)!.seq;
  }
}
