// Personal data at rest (SEC-3): values are sealed with AES-256-GCM; exact look-ups use a keyed
// hash (HMAC-SHA256), so the database never holds an ID or phone number in the clear.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export type LookupKind = 'id_number' | 'phone' | 'certificate_holder' | 'sms_code' | 'token';

export class PersonalDataVault {
  private readonly encryptionKey: Buffer;
  private readonly lookupKey: Buffer;

  constructor(secret: Buffer) {
    this.encryptionKey = Buffer.from(hkdfSync('sha256', secret, 'quanlian', 'personal-data-encryption', 32));
    this.lookupKey = Buffer.from(hkdfSync('sha256', secret, 'quanlian', 'personal-data-lookup', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(
      '.',
    );
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown sealed value format');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Keyed, so a leaked table cannot be reversed by hashing every possible ID number. */
  lookupHash(kind: LookupKind, value: string): string {
    return createHmac('sha256', this.lookupKey).update(`${kind}:${value}`).digest('hex');
  }
}
