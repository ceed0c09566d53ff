// Pure rules of the employers module: kinds of employment (REG-4), the 15-day filing (EMP-2) and
// the reading of one row of an employer's import file.
import { addDays, addMonths, daysBetween } from '../../kernel/clock.js';

export const EMPLOYMENT_KINDS = ['own', 'dispatched', 'outsourced', 'temporary'] as const;
export type EmploymentKind = (typeof EMPLOYMENT_KINDS)[number];
export const EMPLOYMENT_KIND_LABELS: Record<EmploymentKind, string> = {
  own: '本单位职工',
  dispatched: '劳务派遣',
  outsourced: '外包单位人员',
  temporary: '临时用工',
};
/** REG-4: kinds whose worker comes through another company, which the ledger names. */
export const PROVIDED_KINDS: readonly EmploymentKind[] = ['dispatched', 'outsourced'];

/** EMP-2: the employment is filed within 15 days of the hire date (seed 000 §7). */
export const FILING_DAYS = 15;

export function filingDueOn(hiredOn: string): string {
  return addDays(hiredOn, FILING_DAYS);
}

export type FilingStatus = 'filed' | 'filed_late' | 'due' | 'overdue';
export const FILING_STATUS_LABELS: Record<FilingStatus, string> = {
  filed: '已备案',
  filed_late: '逾期备案',
  due: '待备案',
  overdue: '逾期未备案',
};

/** EMP-2: filing on the due date is in time; the day after is late. */
export function filingStatus(e: { filingDueOn: string; filedOn: string | null }, today: string): FilingStatus {
  if (e.filedOn) return e.filedOn > e.filingDueOn ? 'filed_late' : 'filed';
  return today > e.filingDueOn ? 'overdue' : 'due';
}

export function daysUntilFilingDue(e: { filingDueOn: string }, today: string): number {
  return daysBetween(today, e.filingDueOn);
}

export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

/** The import template's columns, in order; header names are matched, not positions. */
export const IMPORT_COLUMNS = [
  '姓名',
  '身份证号',
  '手机号',
  '文化程度',
  '所在区县代码',
  '用工形式',
  '派遣或外包单位',
  '作业项目代码',
  '聘用日期',
] as const;
export const REQUIRED_COLUMNS = ['姓名', '身份证号', '用工形式', '作业项目代码', '聘用日期'] as const;
/** The item cell may be empty: a person awaiting certification is on the ledger with no item yet (EMP-1). */
const REQUIRED_CELLS = REQUIRED_COLUMNS.filter((c) => c !== '作业项目代码');

const KIND_WORDS: Record<string, EmploymentKind> = {
  本单位职工: 'own',
  自有: 'own',
  自有职工: 'own',
  职工: 'own',
  own: 'own',
  劳务派遣: 'dispatched',
  派遣: 'dispatched',
  dispatched: 'dispatched',
  外包: 'outsourced',
  外包单位人员: 'outsourced',
  承包: 'outsourced',
  outsourced: 'outsourced',
  临时: 'temporary',
  临时用工: 'temporary',
  temporary: 'temporary',
};

const EDUCATION_WORDS: Record<string, string> = {
  小学: 'primary',
  初中: 'junior_high',
  高中: 'senior_high',
  中专: 'senior_high',
  中职: 'senior_high',
  技校: 'senior_high',
  职高: 'senior_high',
  '高中/中专/技校': 'senior_high',
  大专: 'college',
  高职: 'college',
  本科: 'bachelor',
  研究生: 'postgraduate',
  硕士: 'postgraduate',
  博士: 'postgraduate',
};

/** The kind of employment as the ledgers write it (本单位职工 / 劳务派遣 / 外包 / 临时); null when unknown. */
export function parseEmploymentKind(word: string): EmploymentKind | null {
  return KIND_WORDS[word.trim()] ?? null;
}

export type RawImportRow = Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>;

export interface ParsedImportRow {
  name: string;
  idNumber: string;
  phone: string | null;
  education: string | null;
  regionCode: string | null;
  kind: EmploymentKind;
  providerName: string | null;
  itemCodes: string[];
  hiredOn: string;
}

/** A spreadsheet date as typed (2026-11-01, 2026/11/1, 2026.11.1, 2026年11月1日) → YYYY-MM-DD; null when not a real date. */
export function isoDayOf(input: string): string | null {
  const text = input
    .trim()
    .replace(/[./年月]/g, '-')
    .replace(/日$/, '');
  const day = /^\d{4}-\d{1,2}-\d{1,2}$/.test(text)
    ? text
        .split('-')
        .map((p, i) => (i ? p.padStart(2, '0') : p))
        .join('-')
    : null;
  if (
    !day ||
    Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ||
    new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day
  )
    return null;
  return day;
}

/**
 * Reads one row as typed (the checks that need the database — known items, registered people —
 * come after). Errors name the column as the user sees it.
 */
export function parseImportRow(
  raw: RawImportRow,
  row: number,
  today: string,
): { value?: ParsedImportRow; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const text = (c: (typeof IMPORT_COLUMNS)[number]) => (raw[c] ?? '').trim();
  const fail = (field: string, message: string) => errors.push({ row, field, message });
  for (const c of REQUIRED_CELLS) if (!text(c)) fail(c, '必填');
  const kind = KIND_WORDS[text('用工形式')];
  if (text('用工形式') && !kind) fail('用工形式', `「${text('用工形式')}」不是本单位职工/劳务派遣/外包/临时之一`);
  if (kind && PROVIDED_KINDS.includes(kind) && !text('派遣或外包单位'))
    fail('派遣或外包单位', '劳务派遣和外包人员须填写派遣或外包单位');
  const isoDay = isoDayOf(text('聘用日期'));
  if (text('聘用日期') && !isoDay) fail('聘用日期', '日期格式应为 YYYY-MM-DD');
  else if (isoDay && isoDay > today) fail('聘用日期', '聘用日期不能晚于今天');
  const itemCodes = [
    ...new Set(
      text('作业项目代码')
        .split(/[、,，;；\s]+/)
        .filter(Boolean),
    ),
  ];
  const educationText = text('文化程度');
  const education = educationText ? (EDUCATION_WORDS[educationText] ?? educationText) : null;
  const phone = text('手机号') || null;
  if (text('姓名').length > 30) fail('姓名', '姓名过长');
  if (errors.length) return { errors };
  return {
    value: {
      name: text('姓名'),
      idNumber: text('身份证号').toUpperCase(),
      phone,
      education,
      regionCode: text('所在区县代码') || null,
      kind: kind!,
      providerName: text('派遣或外包单位') || null,
      itemCodes,
      hiredOn: isoDay!,
    },
    errors,
  };
}

/**
 * EMP-3: what the ledger warns about for one operation item the worker is assigned to, from the
 * certificates the platform holds. Review is due in the 60 days before its date (NATIONAL.md), and
 * expiry is announced 90 days ahead.
 */
export type CertificateAlert = 'uncertified' | 'revoked' | 'expired' | 'review_overdue' | 'review_due' | 'expiring';
export const CERTIFICATE_ALERT_LABELS: Record<CertificateAlert, string> = {
  uncertified: '无有效操作证',
  revoked: '证书已撤销',
  expired: '证书已过期',
  review_overdue: '逾期未复审',
  review_due: '即将复审',
  expiring: '90 日内到期',
};
export const REVIEW_NOTICE_DAYS = 60;
export const EXPIRY_NOTICE_DAYS = 90;

export interface HeldCertificate {
  number: string;
  itemCode: string;
  /** From when the certificate is valid; absent when not known (then only today's standing counts). */
  validFrom?: string;
  validUntil: string;
  nextReviewDue: string | null;
  status: 'valid' | 'expired' | 'review_overdue' | 'revoked' | 'cancelled';
}

export interface ItemStanding {
  itemCode: string;
  certificate: HeldCertificate | null;
  alert: CertificateAlert | null;
}

const STANDING_RANK: Record<HeldCertificate['status'], number> = {
  valid: 0,
  review_overdue: 1,
  expired: 2,
  revoked: 3,
  cancelled: 4,
};

export function itemStanding(itemCode: string, held: HeldCertificate[], today: string): ItemStanding {
  const certificate =
    held.filter((c) => c.itemCode === itemCode).sort((a, b) => STANDING_RANK[a.status] - STANDING_RANK[b.status])[0] ??
    null;
  if (!certificate || certificate.status === 'cancelled') return { itemCode, certificate, alert: 'uncertified' };
  if (certificate.status !== 'valid') return { itemCode, certificate, alert: certificate.status };
  if (certificate.nextReviewDue && daysBetween(today, certificate.nextReviewDue) <= REVIEW_NOTICE_DAYS)
    return { itemCode, certificate, alert: 'review_due' };
  if (daysBetween(today, certificate.validUntil) <= EXPIRY_NOTICE_DAYS)
    return { itemCode, certificate, alert: 'expiring' };
  return { itemCode, certificate, alert: null };
}

/**
 * EMP-1: why the worker may not be put on `itemCode` from `from` (the hire date, or today when an
 * item is added later): no certificate of the item, or one that is not valid today (expired,
 * review overdue, revoked, cancelled), or one that only became valid after `from`. Null = allowed.
 * A certificate merely due for review or expiring soon still allows the work (EMP-3 warns instead).
 */
export type AssignmentRefusal =
  | 'uncertified'
  | 'revoked'
  | 'expired'
  | 'review_overdue'
  | 'not_yet_valid'
  | 'away_from_work';
export const ASSIGNMENT_REFUSAL_LABELS: Record<AssignmentRefusal, string> = {
  uncertified: '未持有该项目的操作证',
  revoked: '证书已撤销或注销',
  expired: '证书已过期',
  review_overdue: '证书逾期未复审',
  not_yet_valid: '证书在聘用日期时尚未生效',
  away_from_work: '离开该特种作业岗位 6 个月以上，须重新参加实际操作考试合格后方可上岗（第30号令第三十二条）',
};

/** What the platform knows of a person's work on special operations: employments and return-to-work exams. */
export interface WorkHistory {
  employments: Array<{ itemCodes: string[]; endedOn: string | null }>;
  /** Item → China date of the last passed return-to-work practical exam. */
  returnPasses: Map<string, string>;
}

export const AWAY_MONTHS = 6;

/**
 * Order 30 art. 32: a holder who left the work of an item 6 months or more before `from` retakes the
 * practical exam before working on it again. Only a departure the platform recorded counts — a first
 * job after certification, or a person still employed on the item elsewhere, is not "away".
 * Returns the date the work ended when the person is away and has not passed that exam since.
 */
export function awayFromWork(itemCode: string, history: WorkHistory | undefined, from: string): string | null {
  const worked = history?.employments.filter((e) => e.itemCodes.includes(itemCode)) ?? [];
  if (!worked.length || worked.some((e) => !e.endedOn)) return null;
  const lastEnded = worked
    .map((e) => e.endedOn!)
    .sort()
    .at(-1)!;
  if (addMonths(lastEnded, AWAY_MONTHS) > from) return null;
  const passed = history?.returnPasses.get(itemCode);
  return passed && passed >= lastEnded ? null : lastEnded;
}

export function assignmentRefusal(
  itemCode: string,
  held: HeldCertificate[],
  from: string,
  today: string,
  history?: WorkHistory,
): AssignmentRefusal | null {
  const standing = itemStanding(itemCode, held, today);
  if (
    standing.alert === 'uncertified' ||
    standing.alert === 'revoked' ||
    standing.alert === 'expired' ||
    standing.alert === 'review_overdue'
  )
    return standing.alert;
  if (standing.certificate?.validFrom && standing.certificate.validFrom > from) return 'not_yet_valid';
  if (awayFromWork(itemCode, history, from)) return 'away_from_work';
  return null;
}

/** EMP-1: every item of `itemCodes` the worker may not be put on, with the reason. */
export function refusedAssignments(
  itemCodes: string[],
  held: HeldCertificate[],
  from: string,
  today: string,
  history?: WorkHistory,
): Array<{ itemCode: string; reason: AssignmentRefusal }> {
  return itemCodes.flatMap((itemCode) => {
    const reason = assignmentRefusal(itemCode, held, from, today, history);
    return reason ? [{ itemCode, reason }] : [];
  });
}
