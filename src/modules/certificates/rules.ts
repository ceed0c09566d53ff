// Pure rules of the certificates module (CER-1, CER-3, CER-4): working-day deadlines, the number,
// validity and review dates, the status a verifier sees, the review window, reminders. No I/O.

// The public status words and the verification answer live in src/shared, which the web app imports too.
import {
  PUBLIC_STATUS_LABELS,
  type PublicStatus,
  type VerifyAnswer,
  type VerifyStatus,
} from '../../shared/certificates.js';

export { PUBLIC_STATUS_LABELS, type PublicStatus, type VerifyAnswer, type VerifyStatus };

/** Defaults from NATIONAL.md (Order 30 art. 17–26); the deadline is a per-authority setting. */
export const DEFAULT_DEADLINE_WORKING_DAYS = 20;
export const VALIDITY_YEARS = 6;
export const REVIEW_INTERVAL_YEARS = 3;
export const EXTENDED_REVIEW_INTERVAL_YEARS = 6;
export const REVIEW_WINDOW_DAYS = 60;
export const RETRAINING_HOURS = 8;
export const REAPPLICATION_BAR_YEARS = 3;
/** W3C Bitstring Status List: at least 16 KB (131,072 entries) per list, for group privacy. */
export const STATUS_LIST_SIZE = 131_072;

// ---------------------------------------------------------------------------------------------
// Dates (YYYY-MM-DD, China calendar dates)

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Same month and day n years later; 29 February becomes 28 February in a common year. */
export function addYears(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y + n, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// Working days live in the kernel (exams count the 10 working days to publish scores on them too).
export { addWorkingDays, isWorkingDay, type CalendarException } from '../../kernel/working-days.js';
import type { CalendarException } from '../../kernel/working-days.js';

/**
 * The 2026 public holidays and adjusted working days (国务院办公厅关于2026年部分节假日安排的通知)
 * as the demo seeds them; each authority edits its own copy.
 */
export const CHINA_2026_CALENDAR: CalendarException[] = [
  ...range('2026-01-01', 3, '元旦'),
  { day: '2026-01-04', working: true, note: '元旦调休上班' },
  { day: '2026-02-14', working: true, note: '春节调休上班' },
  ...range('2026-02-15', 9, '春节'),
  { day: '2026-02-28', working: true, note: '春节调休上班' },
  ...range('2026-04-04', 3, '清明节'),
  ...range('2026-05-01', 5, '劳动节'),
  { day: '2026-05-09', working: true, note: '劳动节调休上班' },
  ...range('2026-06-19', 3, '端午节'),
  { day: '2026-09-20', working: true, note: '国庆节调休上班' },
  ...range('2026-09-25', 3, '中秋节'),
  ...range('2026-10-01', 7, '国庆节'),
  { day: '2026-10-10', working: true, note: '国庆节调休上班' },
];

function range(first: string, days: number, note: string): CalendarException[] {
  return Array.from({ length: days }, (_, i) => ({ day: addDays(first, i), working: false, note }));
}

export interface TaskDeadline {
  dueOn: string;
  daysLeft: number;
  overdue: boolean;
}

/** CER-1: what the task list shows; a task is overdue the day after its due date while undecided. */
export function taskDeadline(task: { dueOn: string; status: string }, today: string): TaskDeadline {
  const daysLeft = daysBetween(today, task.dueOn);
  return { dueOn: task.dueOn, daysLeft, overdue: task.status !== 'issued' && daysLeft < 0 };
}

// ---------------------------------------------------------------------------------------------
// Number, validity, review

/** NATIONAL.md: "T" followed by the holder's 18-character ID number (to confirm per province). */
export function certificateNumber(idNumber: string): string {
  return `T${idNumber.trim().toUpperCase()}`;
}

/** The ID number inside a certificate number, when it has that shape. */
export function idNumberOfCertificate(number: string): string | null {
  return /^T\d{17}[\dX]$/.test(number) ? number.slice(1) : null;
}

/** CER-4: 6 years of validity; the first review 3 years in. */
export function certificatePeriod(validFrom: string, reviewIntervalYears = REVIEW_INTERVAL_YEARS) {
  const validUntil = addYears(validFrom, VALIDITY_YEARS);
  const nextReviewDue = reviewIntervalYears >= VALIDITY_YEARS ? validUntil : addYears(validFrom, reviewIntervalYears);
  return { validFrom, validUntil, nextReviewDue };
}

export type CertificateState = 'active' | 'revoked' | 'cancelled';
/**
 * CER-3: the status a verifier sees on `today`. Cancelled certificates read `revoked`: the public
 * answer has no separate word for 注销, and both mean "not valid, never again".
 */
export function publicStatus(
  c: { state: CertificateState; validUntil: string; nextReviewDue: string | null },
  today: string,
): PublicStatus {
  if (c.state !== 'active') return 'revoked';
  if (today > c.validUntil) return 'expired';
  if (c.nextReviewDue && today > c.nextReviewDue) return 'review_overdue';
  return 'valid';
}

/** The kernel register's status (INS-4, EXM-4) keeps cancelled apart. */
export function registerStatus(
  c: { state: CertificateState; validUntil: string; nextReviewDue: string | null },
  today: string,
) {
  return c.state === 'cancelled' ? ('cancelled' as const) : publicStatus(c, today);
}

const STATUS_RANK: Record<PublicStatus, number> = { valid: 0, review_overdue: 1, expired: 2, revoked: 3 };

/** Several items under one number: the verifier sees the best standing one unless it names the item. */
export function pickForVerifier<T extends { status: PublicStatus; issuedOn: string }>(rows: T[]): T | undefined {
  return [...rows].sort(
    (a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || b.issuedOn.localeCompare(a.issuedOn),
  )[0];
}

/** CER-3: the holder's name as verification shows it (张三 → 张*, 张三明 → 张*明): the kernel's one masking rule. */
export { maskName } from '../../kernel/ids.js';

export type ReviewWindow = { open: true; kind: 'review' | 'extended' } | { open: false; reason: string };

/**
 * CER-4: the review application is made within the 60 days before the review date; a review due
 * on the last day of validity is the 延期复审 that starts a new period. `secondChance` = a refusal
 * on a ground that allows one retraining and exam (Order 30 art. 25) keeps the window open.
 */
export function reviewWindow(
  c: { state: CertificateState; validUntil: string; nextReviewDue: string | null },
  today: string,
  secondChance = false,
): ReviewWindow {
  if (c.state !== 'active') return { open: false, reason: '证书已撤销或注销，不能申请复审。' };
  if (!c.nextReviewDue) return { open: false, reason: '该证书没有待办的复审。' };
  const kind = c.nextReviewDue >= c.validUntil ? 'extended' : 'review';
  if (today > c.nextReviewDue && !secondChance)
    return { open: false, reason: `复审日期 ${c.nextReviewDue} 已过，未按期复审的证书失效，请重新申请取证。` };
  const opens = addDays(c.nextReviewDue, -REVIEW_WINDOW_DAYS);
  if (today < opens)
    return {
      open: false,
      reason: `复审申请须在复审日期（${c.nextReviewDue}）前 ${REVIEW_WINDOW_DAYS} 日内提出，即 ${opens} 起。`,
    };
  return { open: true, kind };
}

/** CER-4: 8 学时 of safety training with an exam passed, as declared by the applicant. */
export function retrainingShortfall(input: { retrainingHours: number; retrainingExamPassed: boolean }): string | null {
  if (input.retrainingHours < RETRAINING_HOURS)
    return `复审前须参加不少于 ${RETRAINING_HOURS} 学时的安全培训（申报 ${input.retrainingHours} 学时）。`;
  if (!input.retrainingExamPassed) return '复审前的安全培训须考试合格。';
  return null;
}

/** CER-4: the next review date after an approved review. */
export function afterApprovedReview(
  c: { validFrom: string; validUntil: string; nextReviewDue: string },
  kind: 'review' | 'extended',
  sixYear: boolean,
  today: string,
) {
  const interval = sixYear ? EXTENDED_REVIEW_INTERVAL_YEARS : REVIEW_INTERVAL_YEARS;
  if (kind === 'extended') {
    // 延期复审: a new 6-year period from the decision.
    return { ...certificatePeriod(today, interval), reviewIntervalYears: interval };
  }
  const next = addYears(c.nextReviewDue, interval);
  return {
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    nextReviewDue: next > c.validUntil ? c.validUntil : next,
    reviewIntervalYears: interval,
  };
}

export const REVIEW_REFUSAL_GROUNDS = {
  health_failed: { label: '体检不合格', retraining: false },
  violations: { label: '违章作业造成严重后果或 2 次以上违章行为经查证确实', retraining: true },
  penalty: { label: '有安全生产违法行为并给予行政处罚', retraining: true },
  obstruction: { label: '拒绝、阻碍安全生产监管监察部门监督检查', retraining: true },
  training_failed: { label: '未按规定参加安全培训或考试不合格', retraining: true },
  revocation_ground: { label: '具有撤销或注销证书的情形', retraining: false },
} as const;
export type ReviewRefusalGround = keyof typeof REVIEW_REFUSAL_GROUNDS;

export const REVOKE_REASONS = {
  expired_without_review: { label: '超过特种作业操作证有效期未延期复审', bar: false },
  unfit: { label: '身体条件已不适合继续从事特种作业', bar: false },
  accident: { label: '对发生生产安全事故负有责任', bar: false },
  false_info: { label: '特种作业操作证记载虚假信息', bar: true },
  improper_means: { label: '以欺骗、贿赂等不正当手段取得特种作业操作证', bar: true },
} as const;
export type RevokeReason = keyof typeof REVOKE_REASONS;

export const CANCEL_REASONS = {
  died: '持证人死亡',
  holder_request: '持证人提出注销申请',
  revoked: '特种作业操作证被依法撤销',
} as const;
export type CancelReason = keyof typeof CANCEL_REASONS;

/** CER-4: false information or improper means bar a new application for 3 years from the revocation. */
export function reapplicationBar(revocations: Array<{ reason: string | null; revokedOn: string }>): string | null {
  let until: string | null = null;
  for (const r of revocations) {
    if (!r.reason || !(r.reason in REVOKE_REASONS) || !REVOKE_REASONS[r.reason as RevokeReason].bar) continue;
    const end = addYears(r.revokedOn, REAPPLICATION_BAR_YEARS);
    if (!until || end > until) until = end;
  }
  return until;
}

// ---------------------------------------------------------------------------------------------
// Reminders

export type ReminderKind = 'review_60' | 'review_30' | 'review_overdue' | 'expiry_90' | 'expired';

export interface ReminderDue {
  certificateId: string;
  workerId: string;
  kind: ReminderKind;
  concernsDate: string;
  message: string;
}

/** CER-4: review due within 60/30 days, review overdue, expiry within 90 days, expired. */
export function remindersDue(
  certs: Array<{
    id: string;
    workerId: string;
    number: string;
    itemName: string;
    state: CertificateState;
    validUntil: string;
    nextReviewDue: string | null;
  }>,
  today: string,
): ReminderDue[] {
  const out: ReminderDue[] = [];
  for (const c of certs) {
    if (c.state !== 'active') continue;
    const base = { certificateId: c.id, workerId: c.workerId };
    const label = `${c.itemName}证书（${c.number}）`;
    if (today > c.validUntil) {
      out.push({
        ...base,
        kind: 'expired',
        concernsDate: c.validUntil,
        message: `${label}已于 ${c.validUntil} 过期。`,
      });
      continue;
    }
    const toExpiry = daysBetween(today, c.validUntil);
    if (toExpiry <= 90)
      out.push({
        ...base,
        kind: 'expiry_90',
        concernsDate: c.validUntil,
        message: `${label}将于 ${c.validUntil} 到期，请及时申请延期复审。`,
      });
    if (c.nextReviewDue && c.nextReviewDue < c.validUntil) {
      const toReview = daysBetween(today, c.nextReviewDue);
      if (toReview < 0)
        out.push({
          ...base,
          kind: 'review_overdue',
          concernsDate: c.nextReviewDue,
          message: `${label}复审日期 ${c.nextReviewDue} 已过，尚未复审。`,
        });
      else if (toReview <= 30)
        out.push({
          ...base,
          kind: 'review_30',
          concernsDate: c.nextReviewDue,
          message: `${label}须在 ${c.nextReviewDue} 前复审（剩 ${toReview} 天）。`,
        });
      else if (toReview <= 60)
        out.push({
          ...base,
          kind: 'review_60',
          concernsDate: c.nextReviewDue,
          message: `${label}复审日期为 ${c.nextReviewDue}，现可申请复审。`,
        });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Contracts with the PDF renderer and the national push (built beside this module)

/** What the national query platform push sends (CER-2). */
export interface NationalCertificateRecord {
  number: string;
  holderName: string;
  /** Full, unsealed: the national platform keys on it. */
  idNumber: string;
  sex: string | null;
  itemCode: string;
  itemName: string;
  categoryName: string;
  authorityName: string;
  authorityCreditCode: string | null;
  issuedOn: string;
  validFrom: string;
  validUntil: string;
  nextReviewDue: string | null;
  status: string;
  changedAt: string;
}

/** What the PDF renderer draws (CER-6). */
export interface CertificatePdfInput {
  number: string;
  holderName: string;
  sex: string | null;
  birthDate: string | null;
  idNumberMasked: string;
  photo: Uint8Array | null;
  categoryName: string;
  itemName: string;
  itemCode: string;
  authorityName: string;
  issuedOn: string;
  validFrom: string;
  validUntil: string;
  nextReviewDue: string | null;
  credentialToken: string;
  /** The short link (`/v/<code>`) the QR code holds when the token is too long to scan reliably. */
  verifyUrl: string;
}

/** CER-3: short-link codes are 12 base62 characters (≈ 71 bits): not guessable, short enough for a small QR code. */
export const SHORT_CODE_LENGTH = 12;
export const SHORT_CODE_PATTERN = /^[0-9A-Za-z]{12}$/;

export const SEX_LABELS: Record<string, string> = { male: '男', female: '女' };

/**
 * ANA-2: how a certificate stood on a past day, from what the record keeps. Null when it was not yet
 * issued that day (it did not exist). Revocation or cancellation counts only from its own date; the
 * review date is today's (an approved review moves it forward, so a later review reads as "in time").
 */
export function standingOnDay(
  c: {
    state: CertificateState;
    validFrom: string;
    validUntil: string;
    nextReviewDue: string | null;
    revokedOn: string | null;
    cancelledOn: string | null;
  },
  day: string,
): PublicStatus | null {
  if (c.validFrom > day) return null;
  const endedOn = c.revokedOn ?? c.cancelledOn;
  if (c.state !== 'active' && endedOn && endedOn <= day) return 'revoked';
  return publicStatus({ state: 'active', validUntil: c.validUntil, nextReviewDue: c.nextReviewDue }, day);
}
