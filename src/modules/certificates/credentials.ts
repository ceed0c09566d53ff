// Signed electronic certificates: W3C VC 2.0 secured as compact JWS (VC-JOSE-COSE, typ vc+jwt) with
// Ed25519. Keys: one per issuing authority (the issuer signs its own certificates) plus one platform
// key for the status lists; private keys sealed by the vault; rotation retires a key from signing
// but keeps it in the JWKS so certificates it signed still verify.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import {
  CompactSign,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  calculateJwkThumbprint,
  type JWK,
} from 'jose';
import type { Executor } from '../../db/index.js';
import type { AppContext } from '../../kernel/context.js';
import { requestOrigin } from '../../kernel/origin.js';
import { STATUS_LIST_SIZE } from './rules.js';
import { certificates, signingKeys } from './schema.js';

const gzipAsync = promisify(gzip);
export const VC_TYP = 'vc+jwt';
const PLATFORM = 'platform';

/** PUBLIC_URL; unset, the address the current request reached the server at (issue 19 item 10). */
export function publicBaseUrl(ctx: Pick<AppContext, 'config'>): string {
  return (ctx.config.publicUrl ?? requestOrigin() ?? `http://localhost:${ctx.config.port || 3000}`).replace(/\/$/, '');
}

export function statusPosition(statusSeq: number) {
  return { listId: Math.floor((statusSeq - 1) / STATUS_LIST_SIZE) + 1, index: (statusSeq - 1) % STATUS_LIST_SIZE };
}

export function statusListUrl(ctx: Pick<AppContext, 'config'>, listId: number): string {
  return `${publicBaseUrl(ctx)}/api/public/certificates/status-list/${listId}`;
}

// Imported private keys, by kid: key material never changes under a kid, so any instance may cache it.
const privateKeys = new Map<string, CryptoKey>();

async function createKey(ctx: AppContext, db: Executor, orgId: string | null) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = await exportJWK(privateKey);
  await db.insert(signingKeys).values({
    kid,
    orgId,
    publicJwk: { ...publicJwk, kid, alg: 'EdDSA', use: 'sig' },
    privateSealed: ctx.vault.seal(JSON.stringify(privateJwk)),
    createdAt: ctx.clock.now(),
  });
  return kid;
}

/** The key that signs for `orgId` now (null = the platform), created on first use. */
async function activeKey(
  ctx: AppContext,
  db: Executor,
  orgId: string | null,
): Promise<{ kid: string; key: CryptoKey }> {
  const [row] = await db
    .select()
    .from(signingKeys)
    .where(and(orgId ? eq(signingKeys.orgId, orgId) : isNull(signingKeys.orgId), isNull(signingKeys.retiredAt)))
    .orderBy(desc(signingKeys.createdAt))
    .limit(1);
  const kid = row?.kid ?? (await createKey(ctx, db, orgId));
  let key = privateKeys.get(kid);
  if (!key) {
    const sealed =
      row?.privateSealed ?? (await db.select().from(signingKeys).where(eq(signingKeys.kid, kid)))[0].privateSealed;
    key = (await importJWK(JSON.parse(ctx.vault.open(sealed)) as JWK, 'EdDSA')) as CryptoKey;
    privateKeys.set(kid, key);
  }
  return { kid, key };
}

/** Rotation: the current key of `orgId` stops signing; a new one takes over; the old stays published. */
export async function rotateKey(ctx: AppContext, db: Executor, orgId: string | null): Promise<string> {
  await db
    .update(signingKeys)
    .set({ retiredAt: ctx.clock.now() })
    .where(and(orgId ? eq(signingKeys.orgId, orgId) : isNull(signingKeys.orgId), isNull(signingKeys.retiredAt)));
  return createKey(ctx, db, orgId);
}

/** Every key ever used, retired ones included, so every certificate ever issued verifies. */
export async function publishedJwks(db: Executor): Promise<{ keys: JWK[] }> {
  const rows = await db.select({ jwk: signingKeys.publicJwk }).from(signingKeys).orderBy(signingKeys.createdAt);
  return { keys: rows.map((r) => r.jwk as JWK) };
}

async function sign(ctx: AppContext, db: Executor, orgId: string | null, payload: Record<string, unknown>) {
  const { kid, key } = await activeKey(ctx, db, orgId);
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: VC_TYP, cty: 'vc' })
    .sign(key);
  return { jws, kid };
}

type CertificateRow = typeof certificates.$inferSelect;

export function issuerId(ctx: Pick<AppContext, 'config'>, orgId: string) {
  return `${publicBaseUrl(ctx)}/issuers/${orgId}`;
}

/** The VC 2.0 document of a certificate; only the masked ID number goes into it (CER-3). */
export function credentialDocument(ctx: Pick<AppContext, 'config'>, c: CertificateRow) {
  const { listId, index } = statusPosition(c.statusSeq);
  const listUrl = statusListUrl(ctx, listId);
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: `urn:uuid:${c.id}`,
    type: ['VerifiableCredential', 'SpecialOperationsCertificate'],
    issuer: { id: issuerId(ctx, c.authorityOrgId), name: c.authorityName },
    validFrom: `${c.validFrom}T00:00:00+08:00`,
    validUntil: `${c.validUntil}T23:59:59+08:00`,
    credentialSubject: {
      type: 'SpecialOperationsCertificateHolder',
      certificateNumber: c.number,
      name: c.holderName,
      idNumberMasked: c.idNumberMasked,
      operationCategory: c.categoryName,
      operationItemCode: c.itemCode,
      operationItemName: c.itemName,
      nextReviewDue: c.nextReviewDue,
      issuedOn: c.issuedOn,
      // A replacement (补发) is a new credential for the same certificate: its copy number tells them apart.
      reissue: c.replacements,
    },
    credentialStatus: {
      id: `${listUrl}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(index),
      statusListCredential: listUrl,
    },
  };
}

/** Signs (or re-signs, on review or replacement) the certificate's credential with its authority's key. */
export async function signCertificate(ctx: AppContext, db: Executor, c: CertificateRow) {
  return sign(ctx, db, c.authorityOrgId, credentialDocument(ctx, c));
}

/** MSB-first bitstring, gzipped, multibase base64url ('u' prefix) as the W3C Bitstring Status List requires. */
export async function encodeStatusList(setIndexes: Iterable<number>, size = STATUS_LIST_SIZE): Promise<string> {
  const bytes = new Uint8Array(size / 8);
  for (const i of setIndexes) bytes[i >> 3] |= 0x80 >> (i & 7);
  return `u${Buffer.from(await gzipAsync(bytes)).toString('base64url')}`;
}

/** The signed BitstringStatusListCredential of list `listId`: revoked and cancelled certificates have their bit set. */
export async function statusListCredential(ctx: AppContext, listId: number): Promise<string> {
  const first = (listId - 1) * STATUS_LIST_SIZE + 1;
  const rows = await ctx.db
    .select({ seq: certificates.statusSeq })
    .from(certificates)
    .where(
      sql`${certificates.statusSeq} between ${first} and ${first + STATUS_LIST_SIZE - 1} and ${certificates.state} <> 'active'`,
    );
  const url = statusListUrl(ctx, listId);
  const encodedList = await encodeStatusList(rows.map((r) => statusPosition(r.seq).index));
  const now = ctx.clock.now();
  const { jws } = await sign(ctx, ctx.db, null, {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: { id: `${publicBaseUrl(ctx)}/issuers/${PLATFORM}`, name: '全链特种作业人员监管平台' },
    validFrom: now.toISOString(),
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList },
  });
  return jws;
}

export class InvalidCredential extends Error {}

/** Verifies a compact JWS against our published keys; returns the VC payload or throws InvalidCredential. */
export async function verifyCredential(
  db: Executor,
  token: string,
): Promise<{ id?: string; credentialSubject?: { certificateNumber?: string } }> {
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'EdDSA' || header.typ !== VC_TYP) throw new InvalidCredential('unexpected header');
    const jwks = createLocalJWKSet(await publishedJwks(db));
    const { payload } = await compactVerify(token, jwks, { algorithms: ['EdDSA'] });
    return JSON.parse(new TextDecoder().decode(payload));
  } catch (err) {
    if (err instanceof InvalidCredential) throw err;
    throw new InvalidCredential(String((err as Error).message));
  }
}
