// National cryptography (商用密码, CRYPTO_PROFILE=gm): SM2 signatures, SM3 hashes, SM4-GCM. Node's
// OpenSSL has SM3 (hash, HMAC) but neither SM2 signing with the GB/T 32918 Z value nor an SM4 GCM mode,
// so those come from sm-crypto-v2 (noble-curves based); nothing here implements a primitive or a mode.
import { sm2, sm4 } from 'sm-crypto-v2';

export type CryptoProfile = 'international' | 'gm';

/**
 * GB/T 32918.2 / GM/T 0009: the signer's distinguishing identifier hashed into Z. Nobody here has
 * another agreed identity, so the standard's default is used (and verifiers assume it).
 */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** JOSE has no registered SM2 algorithm; this name is ours, documented in docs/crypto.md. */
export const SM2_JWS_ALG = 'SM2';

export interface Sm2JwkPublic {
  kty: 'EC';
  crv: 'SM2';
  x: string;
  y: string;
}

export function sm2GenerateKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { privateKey, publicKey };
}

/** Signature over `message` with SM3(Z ‖ M) (GB/T 32918.2), as r ‖ s (64 bytes, like JWS's ES256). */
export function sm2Sign(message: Uint8Array, privateKeyHex: string, publicKeyHex: string): Uint8Array {
  const hex = sm2.doSignature(message, privateKeyHex, {
    hash: true,
    publicKey: publicKeyHex,
    userId: SM2_DEFAULT_USER_ID,
  });
  return Buffer.from(hex, 'hex');
}

// Precomputed multiples of each published key (the library's window table): a verification takes about a
// quarter of the time. The platform has a few keys per issuing authority, so the map stays small.
const precomputed = new Map<string, ReturnType<typeof sm2.precomputePublicKey>>();

function publicPoint(publicKeyHex: string) {
  let point = precomputed.get(publicKeyHex);
  if (!point) {
    point = sm2.precomputePublicKey(publicKeyHex);
    if (precomputed.size > 10_000) precomputed.clear();
    precomputed.set(publicKeyHex, point);
  }
  return point;
}

export function sm2Verify(message: Uint8Array, signature: Uint8Array, publicKeyHex: string): boolean {
  if (signature.length !== 64) return false;
  try {
    return sm2.doVerifySignature(message, Buffer.from(signature).toString('hex'), publicPoint(publicKeyHex), {
      hash: true,
      userId: SM2_DEFAULT_USER_ID,
    });
  } catch {
    return false;
  }
}

/** Uncompressed public key '04‖X‖Y' (hex) as a JWK of our own curve name. */
export function sm2PublicJwk(publicKeyHex: string): Sm2JwkPublic {
  const raw = Buffer.from(publicKeyHex, 'hex');
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('expected an uncompressed SM2 public key');
  return {
    kty: 'EC',
    crv: 'SM2',
    x: raw.subarray(1, 33).toString('base64url'),
    y: raw.subarray(33).toString('base64url'),
  };
}

export function sm2PublicKeyHexOfJwk(jwk: { x?: unknown; y?: unknown }): string {
  const x = Buffer.from(String(jwk.x ?? ''), 'base64url');
  const y = Buffer.from(String(jwk.y ?? ''), 'base64url');
  if (x.length !== 32 || y.length !== 32) throw new Error('not an SM2 public JWK');
  return `04${x.toString('hex')}${y.toString('hex')}`;
}

/** SM4 in GCM mode (128-bit key, 96-bit IV, 128-bit tag), as RFC 8998 uses it. */
export function sm4GcmEncrypt(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): { body: Buffer; tag: Buffer } {
  const { output, tag } = sm4.encrypt(plain, key, { mode: 'gcm', iv, output: 'array', outputTag: true });
  return { body: Buffer.from(output), tag: Buffer.from(tag!) };
}

/** Throws when the tag does not hold (wrong key or altered data). */
export function sm4GcmDecrypt(key: Uint8Array, iv: Uint8Array, body: Uint8Array, tag: Uint8Array): Buffer {
  return Buffer.from(sm4.decrypt(body, key, { mode: 'gcm', iv, tag, output: 'array' }));
}
