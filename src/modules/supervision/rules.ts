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

// ——— Inspections (SUP-1, SUP-2) ———

export const INSPECTION_TARGETS = { institution: '培训机构', exam_site: '考试点', employer: '生产经营单位' } as const;
export type InspectionTarget = keyof typeof INSPECTION_TARGETS;

export type ChecklistResult = 'ok' | 'problem' | 'not_applicable';

export interface ChecklistItem {
  id: string;
  aspect: string;
  label: string;
  /** Where the requirement comes from (the annex item of seed 001, a DOMAIN rule, an article). */
  basis: string;
  /** What the platform already knows (institutions: the AQ 8011 verdict from the recorded facts). */
  prefill: { status: 'met' | 'not_met' | 'no_data' | 'declared'; reason: string } | null;
  result: ChecklistResult | null;
  note: string | null;
}

const item = (id: string, aspect: string, label: string, basis: string): ChecklistItem => ({ id, aspect, label, basis, prefill: null, result: null, note: null });

/** What the inspector checks at an institution beyond the AQ 8011 conditions the platform evaluates. */
export const INSTITUTION_SITE_ITEMS: readonly ChecklistItem[] = [
  item('ins.archive', '培训管理', '一期一档：花名册、课表、签到与人脸考勤、学时、教学资料齐全', 'TRN-4；基本条件 三'),
  item('ins.attendance', '培训管理', '现场培训人数与签到、人脸考勤记录一致，无代签、缺课', 'TRN-2'),
  item('ins.scope', '培训管理', '开班项目均在备案范围内', 'INS-6'),
  item('ins.exam_separation', '考培分离', '未在本机构场地或设备上组织考试，未参与考务', 'EXM-2'),
];

export const EXAM_SITE_ITEMS: readonly ChecklistItem[] = [
  item('site.separation', '考培分离', '考点不设在培训机构场地，未使用培训机构设备', 'EXM-2'),
  item('site.staff', '考培分离', '考务人员、考评员近一年内未在培训机构任职或授课', 'EXM-2'),
  item('site.real_equipment', '设施设备', '要求实物操作的项目使用真实设备，不以模拟器代替', 'EXM-9'),
  item('site.identity', '考务管理', '身份证件与人脸核验设备正常使用，记录完整', 'EXM-5'),
  item('site.video', '考务管理', '考场视频监控全程录像并按规定保存', 'EXM-10'),
  item('site.archive', '考务管理', '考试档案（试卷、评分表、签到）齐全', 'EXM-10'),
];

export const EMPLOYER_ITEMS: readonly ChecklistItem[] = [
  item('emp.verify', '持证上岗', '特种作业人员上岗前经证书核验，现场人员均持有效证件', 'EMP-1；《特种作业人员安全技术培训考核管理规定》第三十九条'),
  item('emp.filing', '聘用备案', '聘用的特种作业人员在 15 日内备案', 'EMP-2'),
  item('emp.ledger', '台账档案', '特种作业人员台账完整，含劳务派遣、外包、临时用工人员', 'EMP-3；第三十八条'),
  item('emp.review', '台账档案', '证书复审、到期情况有跟踪，无逾期未复审仍在作业', 'EMP-3'),
  item('emp.plan', '教育培训', '年度特种作业人员培训计划已编制并落实', 'EMP-5'),
];

/** SUP-2: an inspection is complete when every item has a result and every problem has a finding to follow it. */
export function completionRefusal(checklist: readonly ChecklistItem[], findingItemIds: ReadonlySet<string>): string | null {
  const unchecked = checklist.filter((c) => c.result === null);
  if (unchecked.length) return `还有 ${unchecked.length} 项未检查：${unchecked.slice(0, 3).map((c) => c.label).join('；')}${unchecked.length > 3 ? '…' : ''}`;
  const untracked = checklist.filter((c) => c.result === 'problem' && !findingItemIds.has(c.id));
  if (untracked.length) return `发现问题的检查项须登记问题（含整改期限和责任人）后才能结束检查：${untracked.map((c) => c.label).join('；')}`;
  return null;
}

export type FindingStatus = 'open' | 'submitted' | 'closed';
export type FindingStanding = 'open' | 'overdue' | 'submitted' | 'closed';

/** 闭环 (SUP-2): a finding is overdue when its deadline has passed with no accepted rectification. */
export function findingStanding(f: { status: FindingStatus; deadline: string }, today: string): FindingStanding {
  if (f.status === 'closed') return 'closed';
  if (f.status === 'submitted') return 'submitted';
  return today > f.deadline ? 'overdue' : 'open';
}

/** SUP-1: the targets of the jurisdiction that the year's plan does not yet hold. */
export function missingFromPlan<T extends { id: string }>(targets: readonly T[], plannedIds: ReadonlySet<string>): T[] {
  return targets.filter((t) => !plannedIds.has(t.id));
}

/** Spreads targets over the months left in the year, so the plan's load is even. */
export function spreadOverMonths(count: number, fromMonth: number): number[] {
  const months = 13 - fromMonth;
  return Array.from({ length: count }, (_, i) => fromMonth + Math.floor((i * months) / Math.max(count, 1)));
}

/**
 * SUP-3 (逢查必考): a spot exam is a short paper from the item's bank. The pass mark is the national
 * theory pass mark (NATIONAL.md: 80 of 100) scaled to the paper: every question weighs the same.
 * The code opens the paper once and only for a short while, so a code seen by someone else is useless.
 */
export const SPOT_EXAM = { questions: 20, minutes: 20, codeValidMinutes: 30, passMark: 80 } as const;

/** Draws `n` distinct questions uniformly (partial Fisher–Yates); `random` is injectable for tests. */
export function drawQuestions<T>(bank: readonly T[], n: number, random: () => number = Math.random): T[] {
  const pool = [...bank];
  const take = Math.min(n, pool.length);
  for (let i = 0; i < take; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, take);
}

/** SUP-3 scoring: a question counts only when the chosen options are exactly the correct ones; the score is on 100. */
export function scoreSpotExam(questions: ReadonlyArray<{ answer: readonly number[] }>, answers: ReadonlyArray<readonly number[] | null | undefined>) {
  let correct = 0;
  questions.forEach((q, i) => {
    const given = [...new Set(answers[i] ?? [])].sort((a, b) => a - b);
    if (given.length === q.answer.length && given.every((v, k) => v === q.answer[k])) correct += 1;
  });
  const score = questions.length ? Math.round((correct * 100) / questions.length) : 0;
  return { correct, score, passed: score >= SPOT_EXAM.passMark };
}

/** Why a one-time code cannot open its paper (SUP-3), or null when it can. */
export function spotCodeRefusal(e: { status: string; codeExpiresAt: Date }, now: Date): string | null {
  if (e.status !== 'issued') return '该抽考码已使用，不能再次打开试卷。';
  if (now.getTime() > e.codeExpiresAt.getTime()) return '该抽考码已过期，请检查人员重新生成。';
  return null;
}

// ——— Annual rating and points assessment of institutions (INS-5) ———

/**
 * INS-5 (seed 002 §1 量化考核, seed 004 §5 ABCD): the points start at 100 each year and every
 * recorded fact that counts against the institution deducts, traced to that fact. The weights are
 * the platform's reading of the seeds (they name the inputs, not the numbers) and live here so a
 * province can change them in one place.
 */
export const POINTS_START = 100;
/** Below this line forced exit (强制退出) is proposed to the regulator. */
export const EXIT_LINE = 60;
export const DEDUCTIONS = {
  finding: { points: 2, label: '检查发现问题' },
  finding_overdue: { points: 3, label: '问题逾期未整改（或逾期后才整改）' },
  late_filing: { points: 2, label: '开班超过 48 小时才报备（TRN-1）' },
  sanction_warning: { points: 5, label: '受到警告' },
  sanction_rectify: { points: 3, label: '被责令限期改正' },
  sanction_fine: { points: 10, label: '受到罚款处罚' },
  sanction_suspend: { points: 20, label: '被暂停培训业务' },
  sanction_police: { points: 30, label: '涉嫌犯罪移送公安机关' },
  sanction_eliminate: { points: 100, label: '被淘汰清退' },
  pass_rate_low: { points: 5, label: '首次考试合格率低于 75%' },
  pass_rate_very_low: { points: 10, label: '首次考试合格率低于 60%' },
  spot_exam_fail: { points: 2, label: '执法抽考不合格（逢查必考）' },
} as const;
export type DeductionKind = keyof typeof DEDUCTIONS;
/** Pass rates count only with enough candidates to mean something. */
export const PASS_RATE_MIN_CANDIDATES = 10;

export interface RatingFacts {
  findings: Array<{ id: string; description: string; deadline: string; status: FindingStatus; closedOn: string | null; on: string }>;
  lateFilings: Array<{ id: string; name: string; opensOn: string }>;
  sanctions: Array<{ id: string; kind: string; caseNo: string; on: string }>;
  firstAttempts: { sat: number; passed: number } | null;
  spotExamFails?: Array<{ id: string; on: string; label: string }>;
}

export interface Deduction {
  kind: DeductionKind;
  label: string;
  points: number;
  /** The fact: what kind of record and its id, so the page can link to it. */
  fact: { type: 'finding' | 'training_class' | 'sanction' | 'exam_results' | 'spot_exam'; id: string | null; text: string; on: string | null };
}

export type Grade = 'A' | 'B' | 'C' | 'D';

/** INS-5: points, grade and whether forced exit is proposed, from the facts of the year as of `today`. */
export function assessInstitution(facts: RatingFacts, today: string): { points: number; grade: Grade; exitProposed: boolean; deductions: Deduction[] } {
  const d: Deduction[] = [];
  const add = (kind: DeductionKind, fact: Deduction['fact']) => d.push({ kind, label: DEDUCTIONS[kind].label, points: DEDUCTIONS[kind].points, fact });
  for (const f of facts.findings) {
    add('finding', { type: 'finding', id: f.id, text: f.description, on: f.on });
    const lateClose = f.closedOn !== null && f.closedOn > f.deadline;
    if (lateClose || (f.status !== 'closed' && today > f.deadline)) add('finding_overdue', { type: 'finding', id: f.id, text: `整改期限 ${f.deadline}`, on: f.deadline });
  }
  for (const c of facts.lateFilings) add('late_filing', { type: 'training_class', id: c.id, text: c.name, on: c.opensOn });
  for (const s of facts.sanctions) {
    const kind = `sanction_${s.kind}` as DeductionKind;
    if (kind in DEDUCTIONS) add(kind, { type: 'sanction', id: s.id, text: s.caseNo, on: s.on });
  }
  const fa = facts.firstAttempts;
  if (fa && fa.sat >= PASS_RATE_MIN_CANDIDATES) {
    const rate = fa.passed / fa.sat;
    const text = `首次考试 ${fa.sat} 人，合格 ${fa.passed} 人（${(rate * 100).toFixed(1)}%）`;
    if (rate < 0.6) add('pass_rate_very_low', { type: 'exam_results', id: null, text, on: null });
    else if (rate < 0.75) add('pass_rate_low', { type: 'exam_results', id: null, text, on: null });
  }
  for (const s of facts.spotExamFails ?? []) add('spot_exam_fail', { type: 'spot_exam', id: s.id, text: s.label, on: s.on });
  const points = Math.max(0, POINTS_START - d.reduce((n, x) => n + x.points, 0));
  const eliminated = facts.sanctions.some((s) => s.kind === 'eliminate');
  const grade: Grade = eliminated ? 'D' : points >= 90 ? 'A' : points >= 75 ? 'B' : points >= EXIT_LINE ? 'C' : 'D';
  return { points, grade, exitProposed: eliminated || points < EXIT_LINE, deductions: d };
}

// ——— Inspection planning driven by data (SUP-1, SUP-2 回头看) ———

export type InspectionPurpose = 'full' | 'first_class' | 'random' | 'reinspection';
export const INSPECTION_PURPOSES: Record<InspectionPurpose, string> = { full: '全面检查', first_class: '首期开班检查', random: '双随机抽查', reinspection: '回头看' };
export type PlanEntrySource = 'annual' | 'random' | 'reinspection';
export const PLAN_ENTRY_SOURCES: Record<PlanEntrySource, string> = { annual: '年度全面检查', random: '双随机', reinspection: '回头看' };
export const PURPOSE_OF_SOURCE: Record<PlanEntrySource, InspectionPurpose> = { annual: 'full', random: 'random', reinspection: 'reinspection' };

/** SUP-1: the first-class inspection is due while the class is still running — within 30 days of its opening. */
export const FIRST_CLASS_DUE_DAYS = 30;

export type TaskState = 'open' | 'overdue' | 'in_progress' | 'done';
/** A task is done by an inspection of the target completed after the task arose; started, it is in progress. */
export function taskState(task: { createdAt: Date; dueOn: string }, inspections: ReadonlyArray<{ status: string; startedAt: Date; completedAt: Date | null }>, today: string): TaskState {
  const after = inspections.filter((i) => (i.completedAt ?? i.startedAt).getTime() >= task.createdAt.getTime());
  if (after.some((i) => i.status === 'completed')) return 'done';
  if (after.some((i) => i.status === 'in_progress')) return 'in_progress';
  return today > task.dueOn ? 'overdue' : 'open';
}

export type CoverageState = 'done' | 'in_progress' | 'planned' | 'overdue' | 'unplanned' | 'missed';
export const COVERAGE_LABELS: Record<CoverageState, string> = { done: '已完成', in_progress: '检查中', planned: '待检查', overdue: '逾期未检查', unplanned: '未列入计划', missed: '未完成年度全面检查' };

/**
 * SUP-1 (seed 000 §8 每年至少 1 次全方位检查): where a target stands for the year. Every inspection
 * works the whole checklist (SUP-2 refuses to complete one with items left), so any completed
 * inspection in the year is a full one. Past its planned month it is overdue; once the year is over
 * without one it is missed.
 */
export function coverageState(p: { year: number; plannedMonth: number | null; completedOn: string | null; inProgress: boolean }, today: string): CoverageState {
  if (p.completedOn) return 'done';
  const currentYear = Number(today.slice(0, 4));
  if (p.year < currentYear) return 'missed';
  if (p.inProgress) return 'in_progress';
  if (p.plannedMonth === null) return 'unplanned';
  if (p.year === currentYear && p.plannedMonth < Number(today.slice(5, 7))) return 'overdue';
  return 'planned';
}

/**
 * SUP-1 双随机, weighted by risk: each fact about an employer that makes uncertified work more likely
 * adds to its weight. The weights are the platform's reading (the issue names the factors, not the
 * numbers) and live here so a province can change them in one place. Every employer keeps the base
 * weight, so one with a clean record can still be drawn — the point of a random inspection.
 */
export const RISK_FACTORS = {
  uncertified: { weight: 5, label: '无有效证件上岗（EMP-4）' },
  overdueFilings: { weight: 2, label: '逾期未聘用备案（EMP-2）' },
  certificatesAtRisk: { weight: 1, label: '证书 90 日内到期或逾期未复审（EMP-3）' },
  injuries: { weight: 4, label: '近 12 个月工伤事故' },
} as const;
export type RiskFactor = keyof typeof RISK_FACTORS;
export const BASE_RISK_WEIGHT = 1;

export type RiskCounts = Record<RiskFactor, number>;
export interface RiskScore {
  weight: number;
  factors: Array<{ factor: RiskFactor; label: string; count: number; weight: number; points: number }>;
}

export function riskScore(counts: RiskCounts): RiskScore {
  const factors = (Object.keys(RISK_FACTORS) as RiskFactor[]).map((factor) => {
    const count = Math.max(0, counts[factor] ?? 0);
    return { factor, label: RISK_FACTORS[factor].label, count, weight: RISK_FACTORS[factor].weight, points: count * RISK_FACTORS[factor].weight };
  });
  return { weight: BASE_RISK_WEIGHT + factors.reduce((n, f) => n + f.points, 0), factors };
}

export interface DrawCandidate {
  id: string;
  name: string;
  regionCode: string;
  weight: number;
  factors: RiskScore['factors'];
}

/**
 * Weighted sampling without replacement (Efraimidis–Spirakis): every candidate gets the key
 * ln(u)/w with u uniform from the seeded generator, and the `count` largest keys are drawn. Candidates
 * are taken in id order, so the seed and the candidate list alone reproduce the draw.
 */
export function drawWeighted<T extends { id: string; weight: number }>(candidates: readonly T[], count: number, random: () => number): T[] {
  const ordered = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const keyed = ordered.map((c) => {
    const u = Math.max(random(), Number.MIN_VALUE); // ln(0) would be −∞ and never drawn
    return { c, key: Math.log(u) / Math.max(c.weight, Number.MIN_VALUE) };
  });
  return keyed.sort((a, b) => b.key - a.key).slice(0, Math.max(0, count)).map((k) => k.c);
}

/** SUP-2 回头看: repeated problems are the same checklist item found again within 12 months, or this many findings in 12 months. */
export const REPEATED_FINDINGS_THRESHOLD = 3;
export const REPEAT_WINDOW_DAYS = 365;

export interface FindingFact {
  id: string;
  inspectionId: string;
  checklistItemId: string | null;
  description: string;
  deadline: string;
  status: FindingStatus;
  /** China date the finding was recorded. */
  on: string;
}

export interface ReinspectionReason {
  kind: 'overdue' | 'repeated_item' | 'many';
  text: string;
  findingIds: string[];
}

/** SUP-2 回头看: why a target's findings call for a re-inspection (empty: they do not). */
export function reinspectionReasons(findings: readonly FindingFact[], today: string, windowStart: string): ReinspectionReason[] {
  const reasons: ReinspectionReason[] = [];
  const overdue = findings.filter((f) => findingStanding(f, today) === 'overdue');
  if (overdue.length) reasons.push({ kind: 'overdue', text: `${overdue.length} 个问题逾期未整改（最早期限 ${overdue.map((f) => f.deadline).sort()[0]}）`, findingIds: overdue.map((f) => f.id) });
  const recent = findings.filter((f) => f.on >= windowStart);
  const byItem = new Map<string, FindingFact[]>();
  for (const f of recent) if (f.checklistItemId) byItem.set(f.checklistItemId, [...(byItem.get(f.checklistItemId) ?? []), f]);
  for (const same of byItem.values()) {
    // The same item in two inspections: found, (maybe) rectified, and found again.
    if (new Set(same.map((f) => f.inspectionId)).size >= 2) reasons.push({ kind: 'repeated_item', text: `同一检查项 12 个月内再次发现问题：${same[same.length - 1].description}`, findingIds: same.map((f) => f.id) });
  }
  if (recent.length >= REPEATED_FINDINGS_THRESHOLD) reasons.push({ kind: 'many', text: `12 个月内发现问题 ${recent.length} 个`, findingIds: recent.map((f) => f.id) });
  return reasons;
}
