// Public reports (举报, SUP-6): what can be reported (seed 000 §三(三), seed 001 §四(四)), how a
// report moves through its handling, and what the reporter may attach. Pure: used by the web app too.

export const REPORT_CATEGORIES = {
  uncertified_work: '无证上岗、持假证或过期证件作业',
  fake_certificate: '制售假冒特种作业操作证',
  fake_website: '假冒政府网站或证书查询网站',
  training_fraud: '培训不实：虚假学时、缺课、代培代签',
  exam_cheating: '考试舞弊：替考、作弊、泄题',
  exam_training_mixed: '考培不分离：考试点由培训机构控制',
  certificate_for_sale: '花钱包过、买卖证书',
  other: '其他违法违规行为',
} as const;
export type ReportCategory = keyof typeof REPORT_CATEGORIES;

export const REPORT_STATUSES = {
  received: '已收到，待受理',
  accepted: '已受理',
  investigating: '调查核实中',
  closed: '已办结',
  rejected: '不予受理',
} as const;
export type ReportStatus = keyof typeof REPORT_STATUSES;

export const REPORT_FINDINGS = { substantiated: '举报属实', partly: '部分属实', unsubstantiated: '举报不属实' } as const;
export type ReportFinding = keyof typeof REPORT_FINDINGS;

export const REPORT_STEPS = {
  filed: '提交举报',
  accepted: '受理',
  rejected: '不予受理',
  transferred: '转办',
  investigating: '开始调查核实',
  closed: '办结',
  rewarded: '发放举报奖励',
} as const;
export type ReportStep = keyof typeof REPORT_STEPS;

export type ReportAction = 'accept' | 'reject' | 'transfer' | 'investigate' | 'close' | 'reward';

/** SUP-6: the handling moves forward only; a closed or rejected report is final (a new report starts again). */
const ALLOWED: Record<ReportAction, readonly ReportStatus[]> = {
  accept: ['received'],
  reject: ['received'],
  transfer: ['received', 'accepted', 'investigating'],
  investigate: ['accepted'],
  close: ['accepted', 'investigating'],
  reward: ['closed'],
};

export function canTakeAction(status: ReportStatus, action: ReportAction): boolean {
  return ALLOWED[action].includes(status);
}

/** A reward is for a report that turned out true, and is recorded once (seed 000 §三(三)). */
export function rewardRefusal(report: { status: ReportStatus; finding: ReportFinding | null; rewardYuan: number | null }): string | null {
  if (report.status !== 'closed') return '举报办结后才能登记奖励。';
  if (report.finding !== 'substantiated' && report.finding !== 'partly') return '只有查证属实或部分属实的举报才能给予奖励。';
  if (report.rewardYuan !== null) return '该举报已登记过奖励。';
  return null;
}

// Crockford's base32 without I, L, O, U: read aloud over the 12350 hotline without confusion.
export const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 symbols of base32 = 60 bits: guessing one code among millions of reports stays hopeless under a rate limit. */
export const TRACKING_CODE_LENGTH = 12;

/** Accepts what a reporter types: lower case, spaces or dashes, and the look-alikes O→0, I/L→1. */
export function normaliseTrackingCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const body = code.startsWith('JB') ? code.slice(2) : code;
  if (body.length !== TRACKING_CODE_LENGTH || [...body].some((c) => !TRACKING_ALPHABET.includes(c))) return null;
  return `JB${body}`;
}

export const ATTACHMENT_LIMITS = {
  maxFiles: 3,
  maxBytes: 4 * 1024 * 1024,
  types: { 'image/jpeg': 'JPEG 图片', 'image/png': 'PNG 图片', 'application/pdf': 'PDF 文件' },
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_LIMITS.types;

/** The type the bytes really are (their signature), whatever the reporter's browser claimed. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return null;
}

/** SUP-5 (seed 001 §四(一)): training institutions and exam bodies inspect themselves and report. */
export const CAMPAIGN_TARGETS = { institution: '培训机构', exam_centre: '考试机构' } as const;
export type CampaignTarget = keyof typeof CAMPAIGN_TARGETS;

export type MeasureStanding = 'done' | 'done_late' | 'open' | 'overdue';

/** A measure is overdue the day after its deadline while it is not done (SUP-5). */
export function measureStanding(item: { dueOn: string; completedOn: string | null }, today: string): MeasureStanding {
  if (item.completedOn) return item.completedOn > item.dueOn ? 'done_late' : 'done';
  return today > item.dueOn ? 'overdue' : 'open';
}

export type ReportStanding = 'filed' | 'filed_late' | 'due' | 'overdue';

/** Whether an organisation has filed its self-inspection report, and on time. */
export function campaignStanding(campaign: { dueOn: string }, submittedOn: string | null, today: string): ReportStanding {
  if (submittedOn) return submittedOn > campaign.dueOn ? 'filed_late' : 'filed';
  return today > campaign.dueOn ? 'overdue' : 'due';
}
