// Personal data at rest (SEC-3): values are sealed with AES-256-GCM ('v1'), or SM4-GCM ('g1') under the
// national-cryptography profile; exact look-ups use a keyed hash (HMAC-SHA-256, or HMAC-SM3 under gm),
// so the database never holds an ID or phone number in the clear. `open` reads every format with the
// current or the previous secret, so `npm run vault:rotate` can re-seal a live database row by row
// (docs/crypto.md).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { type CryptoProfile, sm4GcmDecrypt, sm4GcmEncrypt } from './gm.js';

export type LookupKind = 'id_number' | 'phone' | 'certificate_holder' | 'sms_code' | 'token' | 'recovery_code';

interface KeySet {
  aes: Buffer;
  sm4: Buffer;
  lookupSha256: Buffer;
  lookupSm3: Buffer;
}

function keysOf(secret: Buffer): KeySet {
  // The international keys are derived exactly as before the gm profile existed, so old seals open.
  const sha = (info: string, length: number) => Buffer.from(hkdfSync('sha256', secret, 'quanlian', info, length));
  const sm3 = (info: string, length: number) => Buffer.from(hkdfSync('sm3', secret, 'quanlian', info, length));
  return {
    aes: sha('personal-data-encryption', 32),
    lookupSha256: sha('personal-data-lookup', 32),
    sm4: sm3('personal-data-encryption-sm4', 16),
    lookupSm3: sm3('personal-data-lookup-sm3', 32),
  };
}

const VERSION: Record<CryptoProfile, string> = { international: 'v1', gm: 'g1' };

/**
 * GCM nonces, 12 random bytes each, cut from a block drawn 12 KB at a time: one randomBytes call per
 * seal was the largest single cost of sealing an import's million ID numbers (issue 18). Each nonce
 * is still fresh CSPRNG output, used once (a block is never reused).
 */
const IV_BYTES = 12;
let ivBlock = Buffer.alloc(0);
let ivAt = 0;
function freshIv(): Buffer {
  if (ivAt + IV_BYTES > ivBlock.length) {
    ivBlock = randomBytes(IV_BYTES * 1024);
    ivAt = 0;
  }
  ivAt += IV_BYTES;
  return ivBlock.subarray(ivAt - IV_BYTES, ivAt);
}

export class PersonalDataVault {
  readonly profile: CryptoProfile;
  private readonly current: KeySet;
  private readonly previous: KeySet | null;

  /**
   * `previousSecret` (QUANLIAN_SECRET_PREVIOUS) is only read: seals made with it open until the
   * rotation has re-sealed them with `secret`.
   */
  constructor(secret: Buffer, options: { profile?: CryptoProfile; previousSecret?: Buffer } = {}) {
    this.profile = options.profile ?? 'international';
    this.current = keysOf(secret);
    this.previous = options.previousSecret ? keysOf(options.previousSecret) : null;
  }

  seal(plain: string): string {
    const iv = freshIv();
    const data = Buffer.from(plain, 'utf8');
    let tag: Buffer;
    let body: Buffer;
    if (this.profile === 'gm') ({ body, tag } = sm4GcmEncrypt(this.current.sm4, iv, data));
    else {
      const cipher = createCipheriv('aes-256-gcm', this.current.aes, iv);
      body = Buffer.concat([cipher.update(data), cipher.final()]);
      tag = cipher.getAuthTag();
    }
    return [
      VERSION[this.profile],
      iv.toString('base64url'),
      tag.toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  open(sealed: string): string {
    return this.openWithOrigin(sealed).plain;
  }

  /**
   * Opens any format; `current` says whether the value is already sealed the way `seal` would seal it
   * now (this profile, this secret), i.e. whether the rotation can leave it alone.
   */
  openWithOrigin(sealed: string): { plain: string; current: boolean } {
    const [version, iv, tag, body] = sealed.split('.');
    if ((version !== 'v1' && version !== 'g1') || !iv || !tag || body === undefined)
      throw new Error('unknown sealed value format');
    const parts = [iv, tag, body].map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
    const sameProfile = version === VERSION[this.profile];
    try {
      return { plain: decrypt(version, this.current, ...parts), current: sameProfile };
    } catch (err) {
      if (!this.previous) throw err;
      return { plain: decrypt(version, this.previous, ...parts), current: false };
    }
  }

  /**
   * True when `sealed` is surely in the current form without opening it: this profile's format and no
   * previous secret configured (so it can only be the current secret's). Lets a repeated rotation skip
   * large values (photos) cheaply.
   */
  surelyCurrent(sealed: string): boolean {
    return !this.previous && sealed.startsWith(`${VERSION[this.profile]}.`);
  }

  /** Keyed, so a leaked table cannot be reversed by hashing every possible ID number. */
  lookupHash(kind: LookupKind, value: string): string {
    return lookup(this.profile, this.current, kind, value);
  }

  /**
   * Every hash the value may be stored under while `vault:rotate` runs (this profile first, then the
   * other profile, then the previous secret's): exact look-ups match rows not yet re-hashed.
   */
  lookupHashes(kind: LookupKind, value: string): string[] {
    const other: CryptoProfile = this.profile === 'gm' ? 'international' : 'gm';
    const sets = this.previous ? [this.current, this.previous] : [this.current];
    const hashes = sets.flatMap((keys) => [lookup(this.profile, keys, kind, value), lookup(other, keys, kind, value)]);
    return [...new Set(hashes)];
  }
}

function decrypt(version: string, keys: KeySet, iv: Buffer, tag: Buffer, body: Buffer): string {
  if (version === 'g1') return sm4GcmDecrypt(keys.sm4, iv, body, tag).toString('utf8');
  const decipher = createDecipheriv('aes-256-gcm', keys.aes, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

function lookup(profile: CryptoProfile, keys: KeySet, kind: LookupKind, value: string): string {
  return profile === 'gm'
    ? createHmac('sm3', keys.lookupSm3).update(`${kind}:${value}`).digest('hex')
    : createHmac('sha256', keys.lookupSha256).update(`${kind}:${value}`).digest('hex');
}
