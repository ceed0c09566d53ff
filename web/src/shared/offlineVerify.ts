// CER-3 in the browser: a scanned credential is checked against the published keys and the
// revocation status list, both cached in localStorage so a printed certificate checks offline.
// Credentials are signed with Ed25519 (JWKS) or, under the national-cryptography profile, with SM2
// (SM3 digest, default user id; keys at /.well-known/jwks-sm2.json) — either verifies (docs/crypto.md).
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import type { CertStatus } from './certificates';

const JWKS_KEY = 'ql.jwks';
const SM2_JWKS_KEY = 'ql.jwks-sm2';
/** GB/T 32918.2 / GM/T 0009 default distinguishing identifier, which the platform signs with. */
const SM2_USER_ID = '1234567812345678';
const LIST_PREFIX = 'ql.statuslist:';

interface Cached<T> {
  at: string;
  value: T;
}

function readCache<T>(key: string): Cached<T> | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Cached<T>) : null;
  } catch {
    return null;
  }
}
function writeCache<T>(key: string, value: T) {
  try {
    localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), value }));
  } catch {
    /* storage full or disabled: verification still works online */
  }
}

async function fetchOr<T>(
  url: string,
  key: string,
  parse: (r: Response) => Promise<T>,
): Promise<{ value: T; cachedAt: string | null } | null> {
  try {
    const res = await fetch(url, { cache: 'no-store' });
    if (!res.ok) throw new Error(String(res.status));
    const value = await parse(res);
    writeCache(key, value);
    return { value, cachedAt: null };
  } catch {
    const cached = readCache<T>(key);
    return cached ? { value: cached.value, cachedAt: cached.at } : null;
  }
}

export interface CredentialSubject {
  certificateNumber: string;
  name: string;
  idNumberMasked: string;
  operationCategory: string;
  operationItemCode: string;
  operationItemName: string;
  nextReviewDue: string | null;
  issuedOn: string;
}

export interface OfflineResult {
  signature: 'valid' | 'invalid' | 'no_keys';
  /** The credential's signature algorithm: Ed25519, or SM2 under the national-cryptography profile. */
  algorithm: 'Ed25519' | 'SM2' | null;
  status: CertStatus | null;
  subject: CredentialSubject | null;
  issuerName: string | null;
  validFrom: string | null;
  validUntil: string | null;
  keysCachedAt: string | null;
  listCachedAt: string | null;
  listChecked: boolean;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function base64url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

type KeySets = { jwks: JSONWebKeySet | null; sm2: JSONWebKeySet | null };

/** The payload of a compact JWS signed with a published Ed25519 or SM2 key; throws otherwise. */
async function verifyJws(token: string, keys: KeySets): Promise<Uint8Array> {
  const header = decodeProtectedHeader(token);
  if (header.alg === 'SM2') {
    const key = keys.sm2?.keys.find((k) => k.kid === header.kid && k.alg === 'SM2');
    if (!key?.x || !key.y) throw new Error('unknown SM2 key');
    const [h, p, sig] = token.split('.');
    // Loaded only for an SM2 credential: the library stays out of the page's first load.
    const { sm2 } = await import('sm-crypto-v2');
    const ok = sm2.doVerifySignature(
      new TextEncoder().encode(`${h}.${p}`),
      hex(base64url(sig)),
      `04${hex(base64url(key.x))}${hex(base64url(key.y))}`,
      { hash: true, userId: SM2_USER_ID },
    );
    if (!ok) throw new Error('SM2 signature');
    return base64url(p);
  }
  if (header.alg !== 'EdDSA' || !keys.jwks) throw new Error('alg');
  return (await compactVerify(token, createLocalJWKSet(keys.jwks), { algorithms: ['EdDSA'] })).payload;
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export async function verifyOffline(token: string): Promise<OfflineResult> {
  const empty: OfflineResult = {
    signature: 'invalid',
    algorithm: null,
    status: null,
    subject: null,
    issuerName: null,
    validFrom: null,
    validUntil: null,
    keysCachedAt: null,
    listCachedAt: null,
    listChecked: false,
  };
  const [jwks, sm2Jwks] = await Promise.all([
    fetchOr<JSONWebKeySet>('/.well-known/jwks.json', JWKS_KEY, (r) => r.json()),
    fetchOr<JSONWebKeySet>('/.well-known/jwks-sm2.json', SM2_JWKS_KEY, (r) => r.json()),
  ]);
  if (!jwks && !sm2Jwks) return { ...empty, signature: 'no_keys' };
  const keys: KeySets = { jwks: jwks?.value ?? null, sm2: sm2Jwks?.value ?? null };
  const keysCachedAt = jwks?.cachedAt ?? sm2Jwks?.cachedAt ?? null;
  let vc: Record<string, any>;
  try {
    if (decodeProtectedHeader(token).typ !== 'vc+jwt') throw new Error('typ');
    const payload = await verifyJws(token, keys);
    vc = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ...empty, keysCachedAt };
  }
  const subject = vc.credentialSubject as CredentialSubject;
  const validUntil = String(vc.validUntil ?? '').slice(0, 10);
  const result: OfflineResult = {
    ...empty,
    signature: 'valid',
    algorithm: decodeProtectedHeader(token).alg === 'SM2' ? 'SM2' : 'Ed25519',
    subject,
    issuerName: vc.issuer?.name ?? null,
    validFrom: String(vc.validFrom ?? '').slice(0, 10),
    validUntil,
    keysCachedAt,
  };
  let revoked = false;
  const status = vc.credentialStatus;
  if (status?.statusListCredential) {
    const path = new URL(status.statusListCredential).pathname;
    const list = await fetchOr<string>(path, LIST_PREFIX + path, (r) => r.text());
    if (list) {
      try {
        const payload = await verifyJws(list.value, keys);
        const encoded: string = JSON.parse(new TextDecoder().decode(payload)).credentialSubject.encodedList;
        const bits = await gunzip(base64url(encoded.replace(/^u/, '')));
        const index = Number(status.statusListIndex);
        revoked = ((bits[index >> 3] >> (7 - (index & 7))) & 1) === 1;
        result.listChecked = true;
        result.listCachedAt = list.cachedAt;
      } catch {
        result.listChecked = false;
      }
    }
  }
  const t = today();
  result.status = revoked
    ? 'revoked'
    : t > validUntil
      ? 'expired'
      : subject.nextReviewDue && t > subject.nextReviewDue
        ? 'review_overdue'
        : 'valid';
  return result;
}

export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
