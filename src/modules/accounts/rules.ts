// Pure account rules: password strength, lockout after repeated failures, session expiry.

export function passwordProblem(password: string): string | null {
  if (password.length < 8) return '密码至少 8 位。';
  if (password.length > 128) return '密码不能超过 128 位。';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '密码须同时包含字母和数字。';
  return null;
}

export interface LockoutPolicy {
  maxFailures: number;
  lockoutMinutes: number;
}

/** After `maxFailures` consecutive failures the account locks for `lockoutMinutes`, then counting restarts. */
export function afterFailedLogin(
  failedLogins: number,
  now: Date,
  policy: LockoutPolicy,
): { failedLogins: number; lockedUntil: Date | null } {
  const failures = failedLogins + 1;
  if (failures >= policy.maxFailures)
    return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000) };
  return { failedLogins: failures, lockedUntil: null };
}

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** A session ends at its absolute expiry or after `idleMinutes` without a request, whichever comes first. */
export function isSessionLive(
  session: { lastSeenAt: Date; expiresAt: Date },
  now: Date,
  policy: SessionPolicy,
): boolean {
  return (
    now.getTime() < session.expiresAt.getTime() &&
    now.getTime() - session.lastSeenAt.getTime() < policy.idleMinutes * 60_000
  );
}
