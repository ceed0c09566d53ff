// CER-3 in the browser: a scanned credential is checked against the published keys and the
// revocation status list, both cached in localStorage so a printed certificate checks offline.
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import type { CertStatus } from './certificates';

const JWKS_KEY = 'ql.jwks';
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

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export async function verifyOffline(token: string): Promise<OfflineResult> {
  const empty: OfflineResult = {
    signature: 'invalid',
    status: null,
    subject: null,
    issuerName: null,
    validFrom: null,
    validUntil: null,
    keysCachedAt: null,
    listCachedAt: null,
    listChecked: false,
  };
  const jwks = await fetchOr<JSONWebKeySet>('/.well-known/jwks.json', JWKS_KEY, (r) => r.json());
  if (!jwks) return { ...empty, signature: 'no_keys' };
  let vc: Record<string, any>;
  try {
    if (decodeProtectedHeader(token).typ !== 'vc+jwt') throw new Error('typ');
    const { payload } = await compactVerify(token, createLocalJWKSet(jwks.value));
    vc = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ...empty, keysCachedAt: jwks.cachedAt };
  }
  const subject = vc.credentialSubject as CredentialSubject;
  const validUntil = String(vc.validUntil ?? '').slice(0, 10);
  const result: OfflineResult = {
    ...empty,
    signature: 'valid',
    subject,
    issuerName: vc.issuer?.name ?? null,
    validFrom: String(vc.validFrom ?? '').slice(0, 10),
    validUntil,
    keysCachedAt: jwks.cachedAt,
  };
  let revoked = false;
  const status = vc.credentialStatus;
  if (status?.statusListCredential) {
    const path = new URL(status.statusListCredential).pathname;
    const list = await fetchOr<string>(path, LIST_PREFIX + path, (r) => r.text());
    if (list) {
      try {
        const { payload } = await compactVerify(list.value, createLocalJWKSet(jwks.value));
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
