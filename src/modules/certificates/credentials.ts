// Signed electronic certificates: W3C VC 2.0 secured as compact JWS (VC-JOSE-COSE, typ vc+jwt) with
// Ed25519, or with SM2 (SM3 digest, GB/T 32918) under CRYPTO_PROFILE=gm (docs/crypto.md). Keys: one per
// issuing authority (the issuer signs its own certificates) plus one platform key for the status lists;
// private keys sealed by the vault; rotation retires a key from signing but keeps it published so
// certificates it signed still verify. Ed25519 keys are published in the JWKS, SM2 keys in its sibling
// /.well-known/jwks-sm2.json (JOSE registers no SM2 algorithm, so standard JWKS readers never see them).
import { createHash } from 'node:crypto';
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
import {
  SM2_JWS_ALG,
  sm2GenerateKeyPair,
  sm2PublicJwk,
  sm2PublicKeyHexOfJwk,
  sm2Sign,
  sm2Verify,
} from '../../kernel/gm.js';
import { STATUS_LIST_SIZE } from './rules.js';
import { certificates, signingKeys } from './schema.js';

const gzipAsync = promisify(gzip);
export const VC_TYP = 'vc+jwt';
const PLATFORM = 'platform';

type SigningAlg = 'EdDSA' | typeof SM2_JWS_ALG;

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

/** The algorithm new signatures use: the deployment's crypto profile decides (CRYPTO_PROFILE). */
function profileAlg(ctx: Pick<AppContext, 'config'>): SigningAlg {
  return ctx.config.cryptoProfile === 'gm' ? SM2_JWS_ALG : 'EdDSA';
}

const algOf = sql<string>`coalesce(${signingKeys.publicJwk}->>'alg', 'EdDSA')`;

interface Signer {
  kid: string;
  alg: SigningAlg;
  sign(header: { alg: string; kid: string; typ: string; cty: string }, payload: Uint8Array): Promise<string>;
}

// Imported private keys, by kid: key material never changes under a kid, so any instance may cache it.
const signers = new Map<string, Signer>();

/** RFC 7638 thumbprint of an SM2 public JWK (jose computes it only for the registered curves). */
function sm2Thumbprint(jwk: { crv: string; kty: string; x: string; y: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

async function createKey(ctx: AppContext, db: Executor, orgId: string | null) {
  if (profileAlg(ctx) === SM2_JWS_ALG) {
    const pair = sm2GenerateKeyPair();
    const publicJwk = sm2PublicJwk(pair.publicKey);
    const kid = sm2Thumbprint(publicJwk);
    const privateJwk = { ...publicJwk, d: Buffer.from(pair.privateKey.padStart(64, '0'), 'hex').toString('base64url') };
    await db.insert(signingKeys).values({
      kid,
      orgId,
      publicJwk: { ...publicJwk, kid, alg: SM2_JWS_ALG, use: 'sig' },
      privateSealed: ctx.vault.seal(JSON.stringify(privateJwk)),
      createdAt: ctx.clock.now(),
    });
    return kid;
  }
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

async function signerOf(ctx: AppContext, kid: string, alg: SigningAlg, sealed: string): Promise<Signer> {
  const privateJwk = JSON.parse(ctx.vault.open(sealed)) as JWK;
  if (alg === SM2_JWS_ALG) {
    const publicHex = sm2PublicKeyHexOfJwk(privateJwk);
    const privateHex = Buffer.from(String(privateJwk.d), 'base64url').toString('hex');
    return {
      kid,
      alg,
      async sign(header, payload) {
        // Compact JWS by hand (RFC 7515 §7.1): jose signs only registered algorithms.
        const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
        const signature = sm2Sign(Buffer.from(input, 'ascii'), privateHex, publicHex);
        return `${input}.${Buffer.from(signature).toString('base64url')}`;
      },
    };
  }
  const key = (await importJWK(privateJwk, 'EdDSA')) as CryptoKey;
  return {
    kid,
    alg,
    sign: (header, payload) => new CompactSign(payload).setProtectedHeader(header).sign(key),
  };
}

/**
 * The key that signs for `orgId` now (null = the platform), created on first use. Only a key of the
 * profile's algorithm signs: after a switch to gm the authority's Ed25519 key stays published (its
 * certificates verify) and an SM2 key signs what is issued or re-signed from then on.
 */
async function activeKey(ctx: AppContext, db: Executor, orgId: string | null): Promise<Signer> {
  const alg = profileAlg(ctx);
  const [row] = await db
    .select()
    .from(signingKeys)
    .where(
      and(
        orgId ? eq(signingKeys.orgId, orgId) : isNull(signingKeys.orgId),
        isNull(signingKeys.retiredAt),
        sql`${algOf} = ${alg}`,
      ),
    )
    .orderBy(desc(signingKeys.createdAt))
    .limit(1);
  const kid = row?.kid ?? (await createKey(ctx, db, orgId));
  let signer = signers.get(kid);
  if (!signer) {
    const sealed =
      row?.privateSealed ?? (await db.select().from(signingKeys).where(eq(signingKeys.kid, kid)))[0].privateSealed;
    signer = await signerOf(ctx, kid, alg, sealed);
    signers.set(kid, signer);
  }
  return signer;
}

/** Rotation: the current keys of `orgId` stop signing; a new one (of the profile's algorithm) takes over; the old stay published. */
export async function rotateKey(ctx: AppContext, db: Executor, orgId: string | null): Promise<string> {
  await db
    .update(signingKeys)
    .set({ retiredAt: ctx.clock.now() })
    .where(and(orgId ? eq(signingKeys.orgId, orgId) : isNull(signingKeys.orgId), isNull(signingKeys.retiredAt)));
  return createKey(ctx, db, orgId);
}

/** Every Ed25519 key ever used, retired ones included, so every certificate ever issued verifies. */
export async function publishedJwks(db: Executor): Promise<{ keys: JWK[] }> {
  const rows = await db
    .select({ jwk: signingKeys.publicJwk })
    .from(signingKeys)
    .where(sql`${algOf} <> ${SM2_JWS_ALG}`)
    .orderBy(signingKeys.createdAt);
  return { keys: rows.map((r) => r.jwk as JWK) };
}

/** The SM2 keys, same shape as the JWKS ({kty: 'EC', crv: 'SM2', x, y, kid, alg: 'SM2'}), retired ones included. */
export async function publishedSm2Jwks(db: Executor): Promise<{ keys: JWK[] }> {
  const rows = await db
    .select({ jwk: signingKeys.publicJwk })
    .from(signingKeys)
    .where(sql`${algOf} = ${SM2_JWS_ALG}`)
    .orderBy(signingKeys.createdAt);
  return { keys: rows.map((r) => r.jwk as JWK) };
}

async function sign(ctx: AppContext, db: Executor, orgId: string | null, payload: Record<string, unknown>) {
  const signer = await activeKey(ctx, db, orgId);
  const jws = await signer.sign(
    { alg: signer.alg, kid: signer.kid, typ: VC_TYP, cty: 'vc' },
    new TextEncoder().encode(JSON.stringify(payload)),
  );
  return { jws, kid: signer.kid };
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
    type: [
      'VerifiableCredential',
      'SpecialOperationsCertificate',
      ...(c.origin !== 'native' ? ['LegacyRecordReissue'] : []),
    ],
    issuer: { id: issuerId(ctx, c.authorityOrgId), name: c.authorityName },
    validFrom: `${c.validFrom}T00:00:00+08:00`,
    validUntil: `${c.validUntil}T23:59:59+08:00`,
    credentialSubject: {
      type: 'SpecialOperationsCertificateHolder',
      certificateNumber: c.number,
      // Full name on purpose: the credential is the holder's to show, and the employer matches it to the
      // person in front of them; /verify, open to anyone with a number, masks it (docs/certificates.md).
      name: c.holderName,
      idNumberMasked: c.idNumberMasked,
      operationCategory: c.categoryName,
      operationItemCode: c.itemCode,
      operationItemName: c.itemName,
      nextReviewDue: c.nextReviewDue,
      issuedOn: c.issuedOn,
      // A replacement (补发) is a new credential for the same certificate: its copy number tells them apart.
      reissue: c.replacements,
      // Issue 16: a certificate brought in by the legacy import was issued before the platform (or by
      // another province); its credential is a re-issue of that record by the authority keeping it now,
      // and says so, with the authority that issued it and the date of the source system's record.
      ...(c.origin !== 'native'
        ? {
            legacyRecord: {
              origin: c.origin,
              originLabel: c.origin === 'other_province' ? '外省' : '历史导入',
              originalAuthorityName: c.authorityName,
              recordedOn: c.originRecordedOn,
            },
          }
        : {}),
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

/**
 * Verifies a compact JWS against our published keys — Ed25519 (JWKS) or SM2 (the SM2 key set), whatever
 * the profile now is, so credentials signed before a switch keep verifying; returns the VC payload or
 * throws InvalidCredential.
 */
export async function verifyCredential(
  db: Executor,
  token: string,
): Promise<{ id?: string; credentialSubject?: { certificateNumber?: string } }> {
  try {
    const header = decodeProtectedHeader(token);
    if (header.typ !== VC_TYP) throw new InvalidCredential('unexpected header');
    if (header.alg === SM2_JWS_ALG) {
      const payload = verifySm2Jws(token, await publishedSm2Jwks(db));
      return JSON.parse(new TextDecoder().decode(payload));
    }
    if (header.alg !== 'EdDSA') throw new InvalidCredential('unexpected header');
    const jwks = createLocalJWKSet(await publishedJwks(db));
    const { payload } = await compactVerify(token, jwks, { algorithms: ['EdDSA'] });
    return JSON.parse(new TextDecoder().decode(payload));
  } catch (err) {
    if (err instanceof InvalidCredential) throw err;
    throw new InvalidCredential(String((err as Error).message));
  }
}

/** An SM2-signed compact JWS (alg 'SM2', r ‖ s over the ASCII signing input) against an SM2 key set; the payload bytes. */
export function verifySm2Jws(token: string, jwks: { keys: JWK[] }): Uint8Array {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidCredential('not a compact JWS');
  const header = decodeProtectedHeader(token);
  if (header.alg !== SM2_JWS_ALG) throw new InvalidCredential('unexpected algorithm');
  const key = jwks.keys.find((k) => k.kid === header.kid && k.alg === SM2_JWS_ALG);
  if (!key) throw new InvalidCredential('unknown key');
  const ok = sm2Verify(
    Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'),
    Buffer.from(parts[2], 'base64url'),
    sm2PublicKeyHexOfJwk(key),
  );
  if (!ok) throw new InvalidCredential('signature verification failed');
  return Buffer.from(parts[1], 'base64url');
}
