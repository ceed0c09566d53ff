// INS-4 / EXM-4: one reading of the platform's certificate register for a certificate someone
// declared (a teacher's, an examiner's). The platform is the authority only where it holds the
// certificate: not found there is shown as 平台未查到 beside the declared data and never refuses
// by itself (the certificate may be from before the platform or another province); the platform
// saying the certificate is revoked, expired, cancelled or of another category does refuse.
import type { Executor } from '../db/index.js';
import type { CertificateRegister, RegisteredCertificate } from './certificates.js';

export type PlatformCheckStatus =
  | 'not_found'
  | 'valid'
  | 'review_overdue'
  | 'expired'
  | 'revoked'
  | 'cancelled'
  | 'category_mismatch';

export interface PlatformCheck {
  status: PlatformCheckStatus;
  label: string;
  /** True when the platform itself says this certificate may not be relied on for the category. */
  refused: boolean;
  /** The platform's record for the category, when it holds one. */
  certificate: RegisteredCertificate | null;
}

export const PLATFORM_CHECK_LABELS: Record<PlatformCheckStatus, string> = {
  not_found: '平台未查到',
  valid: '平台核验有效',
  review_overdue: '平台显示逾期未复审',
  expired: '平台显示已过期',
  revoked: '平台显示已吊销',
  cancelled: '平台显示已注销',
  category_mismatch: '平台证书类别不符',
};

const REFUSING: PlatformCheckStatus[] = ['expired', 'revoked', 'cancelled', 'category_mismatch'];

export async function checkDeclaredCertificate(
  register: CertificateRegister,
  db: Executor,
  declared: { number: string; holderName: string; categoryCode: string; onDate: string },
): Promise<PlatformCheck> {
  const found = await register.lookup(db, {
    number: declared.number.trim(),
    holderName: declared.holderName.trim(),
    onDate: declared.onDate,
  });
  const make = (status: PlatformCheckStatus, certificate: RegisteredCertificate | null): PlatformCheck => ({
    status,
    label: PLATFORM_CHECK_LABELS[status],
    refused: REFUSING.includes(status),
    certificate,
  });
  if (!found.length) return make('not_found', null);
  const forCategory = found.filter((c) => c.categoryCode === declared.categoryCode);
  if (!forCategory.length) return make('category_mismatch', found[0]);
  // Several issues under one number (renewals): the best standing counts.
  const rank: PlatformCheckStatus[] = ['valid', 'review_overdue', 'expired', 'cancelled', 'revoked'];
  const best = [...forCategory].sort((a, b) => rank.indexOf(a.status) - rank.indexOf(b.status))[0];
  return make(best.status, best);
}
