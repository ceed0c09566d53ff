// Pure rules of self-service onboarding (issue 22): code lifetimes and send limits, licence files,
// which administrator an applying organisation gets.
import type { OrgKind, Role } from '../../kernel/access.js';

export const CODE_DIGITS = 6;
export const CODE_TTL_MS = 5 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;
export const RESEND_AFTER_MS = 60_000;
/** Per number: one per minute, ten a day (issue 22). */
export const PHONE_DAILY_MAX = 10;
/**
 * Per address: looser than per number, since a work site's phones share one carrier address behind
 * NAT; still low enough that one address cannot walk through a number range.
 */
export const IP_HOURLY_MAX = 30;
export const IP_DAILY_MAX = 100;
/** How long the proof "this number was verified" lasts for the step that follows, used once. */
export const TICKET_TTL_MS = 30 * 60_000;
export const INVITE_TTL_MS = 7 * 24 * 3_600_000;
export const LICENCE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * What a code may be asked for through the public send route. `password_reset` and `bind_phone`
 * (the SMS second factor) prove the number like `signup`; `login` (the second factor at log-in) is
 * sent only to the account's own number, through the log-in challenge.
 */
export const SMS_PURPOSES = ['signup', 'org_application', 'password_reset', 'bind_phone'] as const;
export type SmsPurpose = (typeof SMS_PURPOSES)[number] | 'login';

export interface SendRefusal {
  reason: 'resend_too_soon' | 'phone_daily' | 'ip_hourly' | 'ip_daily';
  retryAfterSeconds: number;
  message: string;
}

/** Decides whether one more code may be sent, from the send times already recorded (issue 22). */
export function smsSendRefusal(phoneSends: Date[], ipSends: Date[], now: Date): SendRefusal | null {
  const t = now.getTime();
  const since = (list: Date[], ms: number) => list.filter((d) => t - d.getTime() < ms);
  const lastPhone = Math.max(0, ...phoneSends.map((d) => d.getTime()));
  if (t - lastPhone < RESEND_AFTER_MS) {
    const wait = Math.ceil((RESEND_AFTER_MS - (t - lastPhone)) / 1000);
    return { reason: 'resend_too_soon', retryAfterSeconds: wait, message: `请 ${wait} 秒后再获取验证码。` };
  }
  if (since(phoneSends, 86_400_000).length >= PHONE_DAILY_MAX)
    return {
      reason: 'phone_daily',
      retryAfterSeconds: 3600,
      message: '该号码今日获取验证码次数已达上限，请明天再试。',
    };
  if (since(ipSends, 3_600_000).length >= IP_HOURLY_MAX)
    return { reason: 'ip_hourly', retryAfterSeconds: 600, message: '当前网络获取验证码过于频繁，请稍后再试。' };
  if (since(ipSends, 86_400_000).length >= IP_DAILY_MAX)
    return { reason: 'ip_daily', retryAfterSeconds: 3600, message: '当前网络今日获取验证码次数已达上限。' };
  return null;
}

/** The file type a licence scan really is, from its first bytes (never from its name or declared type). */
export function licenceType(bytes: Buffer): 'image/jpeg' | 'image/png' | 'application/pdf' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).toString('hex') === '89504e470d0a1a0a') return 'image/png';
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** Organisations that may apply, and the role of the first administrator each gets. */
export const APPLYING_KINDS = ['institution', 'employer', 'exam_centre'] as const satisfies readonly OrgKind[];
export type ApplyingKind = (typeof APPLYING_KINDS)[number];
export const ADMIN_ROLE_OF_KIND: Record<ApplyingKind, Role> = {
  institution: 'institution_admin',
  employer: 'employer_admin',
  exam_centre: 'exam_centre_staff',
};

export const APPLICATION_STATUS_LABELS: Record<string, string> = {
  pending: '待审核',
  approved: '已通过',
  refused: '未通过',
};
