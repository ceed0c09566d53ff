// Issue 22: the second factor's pure parts — TOTP (RFC 6238, HMAC-SHA1, 6 digits, 30-second steps,
// through the `otpauth` library) and recovery codes. No database here; the service stores the
// sealed secret, the last step used and the hashed recovery codes.
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** One step either side: a phone's clock a little off still works, a code read aloud a minute later does not. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const CHALLENGE_MAX_ATTEMPTS = 5;
export const SECOND_FACTOR_ISSUER = '全链特种作业';

/** What the province setting `second_factor` holds: the roles that must use a second factor. */
export interface SecondFactorSetting {
  required: string[];
}

/** A new random secret (160 bits, RFC 4226's recommended length), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, label = '') {
  return new TOTP({
    issuer: SECOND_FACTOR_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The otpauth:// URI the enrolment's QR code carries. */
export function totpUri(secretBase32: string, label: string): string {
  return totp(secretBase32, label).toString();
}

/** The code of a secret at a time (for tests and the RFC vectors), `digits` long. */
export function totpAt(secret: Secret | string, at: Date, digits = TOTP_DIGITS, algorithm = 'SHA1'): string {
  return new TOTP({
    algorithm,
    digits,
    period: TOTP_PERIOD_SECONDS,
    secret: typeof secret === 'string' ? Secret.fromBase32(secret) : secret,
  }).generate({ timestamp: at.getTime() });
}

/**
 * The step a code is right for, within the window, or null. A step at or before `lastStep` is
 * refused: a code seen once (over a shoulder, in a proxy log) cannot be replayed.
 */
export function acceptedTotpStep(secretBase32: string, code: string, at: Date, lastStep: number | null): number | null {
  const clean = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const delta = totp(secretBase32).validate({ token: clean, timestamp: at.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

/** Recovery codes as a person copies them: 4+4 characters from an alphabet without look-alikes. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const chars = Array.from(randomBytes(8), (b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4)}`;
  });
}

/** How a typed recovery code is compared: case, spaces and the hyphen do not matter. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether this role must use a second factor in the province in force (issue 22). */
export function secondFactorRequired(setting: SecondFactorSetting | null, role: string): boolean {
  return (setting?.required ?? []).includes(role);
}
