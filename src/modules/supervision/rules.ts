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

export const REPORT_FINDINGS = {
  substantiated: '举报属实',
  partly: '部分属实',
  unsubstantiated: '举报不属实',
} as const;
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
export function rewardRefusal(report: {
  status: ReportStatus;
  finding: ReportFinding | null;
  rewardYuan: number | null;
}): string | null {
  if (report.status !== 'closed') return '举报办结后才能登记奖励。';
  if (report.finding !== 'substantiated' && report.finding !== 'partly')
    return '只有查证属实或部分属实的举报才能给予奖励。';
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
export function campaignStanding(
  campaign: { dueOn: string },
  submittedOn: string | null,
  today: string,
): ReportStanding {
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
  /** Where the requirement comes from, in the regulation's words (issue 19 item 3: never a DOMAIN rule id). */
  basis: string;
  /** What the platform already knows (institutions: the AQ 8011 verdict from the recorded facts). */
  prefill: { status: 'met' | 'not_met' | 'no_data' | 'declared'; reason: string } | null;
  result: ChecklistResult | null;
  note: string | null;
}

const item = (id: string, aspect: string, label: string, basis: string): ChecklistItem => ({
  id,
  aspect,
  label,
  basis,
  prefill: null,
  result: null,
  note: null,
});

/** What the inspector checks at an institution beyond the AQ 8011 conditions the platform evaluates. */
export const INSTITUTION_SITE_ITEMS: readonly ChecklistItem[] = [
  item(
    'ins.archive',
    '培训管理',
    '一期一档：花名册、课表、签到与人脸考勤、学时、教学资料齐全',
    '《安全生产培训机构基本条件》（AQ 8011-2023）档案管理（一期一档）',
  ),
  item(
    'ins.attendance',
    '培训管理',
    '现场培训人数与签到、人脸考勤记录一致，无代签、缺课',
    '专项治理方案 附件 5.1（人脸识别考勤）',
  ),
  item('ins.scope', '培训管理', '开班项目均在备案范围内', '专项治理方案 三(二)（不得超出备案范围培训）'),
  item(
    'ins.exam_separation',
    '考培分离',
    '未在本机构场地或设备上组织考试，未参与考务',
    '专项治理方案 三(三)3（考培分离）',
  ),
];

export const EXAM_SITE_ITEMS: readonly ChecklistItem[] = [
  item('site.separation', '考培分离', '考点不设在培训机构场地，未使用培训机构设备', '专项治理方案 三(三)3（考培分离）'),
  item('site.staff', '考培分离', '考务人员、考评员近一年内未在培训机构任职或授课', '专项治理方案 三(三)3（考培分离）'),
  item(
    'site.real_equipment',
    '设施设备',
    '要求实物操作的项目使用真实设备，不以模拟器代替',
    '专项治理方案 三(三)1(2)（实物设备考试）',
  ),
  item(
    'site.identity',
    '考务管理',
    '身份证件与人脸核验设备正常使用，记录完整',
    '专项治理方案 三(三)2(1)（考生实名身份核验）',
  ),
  item('site.video', '考务管理', '考场视频监控全程录像并按规定保存', '专项治理方案 三(三)2(3)'),
  item('site.archive', '考务管理', '考试档案（试卷、评分表、签到）齐全', '专项治理方案 三(三)2(1)（考试档案）'),
];

export const EMPLOYER_ITEMS: readonly ChecklistItem[] = [
  item(
    'emp.verify',
    '持证上岗',
    '特种作业人员上岗前经证书核验，现场人员均持有效证件',
    '《特种作业人员安全技术培训考核管理规定》第三十九条',
  ),
  item('emp.filing', '聘用备案', '聘用的特种作业人员在 15 日内备案', '专项整治要求：聘用之日起 15 日内在平台备案'),
  item(
    'emp.ledger',
    '台账档案',
    '特种作业人员台账完整，含劳务派遣、外包、临时用工人员',
    '《特种作业人员安全技术培训考核管理规定》第三十八条',
  ),
  item(
    'emp.review',
    '台账档案',
    '证书复审、到期情况有跟踪，无逾期未复审仍在作业',
    '《特种作业人员安全技术培训考核管理规定》第三十九条（逾期未复审不得作业）',
  ),
  item(
    'emp.plan',
    '教育培训',
    '年度特种作业人员培训计划已编制并落实',
    '《安全生产法》第二十八条（年度教育和培训计划）',
  ),
];

/** SUP-2: an inspection is complete when every item has a result and every problem has a finding to follow it. */
export function completionRefusal(
  checklist: readonly ChecklistItem[],
  findingItemIds: ReadonlySet<string>,
): string | null {
  const unchecked = checklist.filter((c) => c.result === null);
  if (unchecked.length)
    return `还有 ${unchecked.length} 项未检查：${unchecked
      .slice(0, 3)
      .map((c) => c.label)
      .join('；')}${unchecked.length > 3 ? '…' : ''}`;
  const untracked = checklist.filter((c) => c.result === 'problem' && !findingItemIds.has(c.id));
  if (untracked.length)
    return `发现问题的检查项须登记问题（含整改期限和责任人）后才能结束检查：${untracked.map((c) => c.label).join('；')}`;
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
export function scoreSpotExam(
  questions: ReadonlyArray<{ answer: readonly number[] }>,
  answers: ReadonlyArray<readonly number[] | null | undefined>,
) {
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
 * INS-5 (seed 002 §1 量化考核, seed 004 §5 ABCD): two results from the same recorded facts.
 *
 * 1. The points assessment (量化考核): 100 each year, every recorded fact that counts against the
 *    institution deducts, traced to that fact. Below EXIT_LINE forced exit is proposed (seed 002 §1).
 * 2. The rating (综合评定, seed 004 §5): a weighted mean of the components the seed names — self-
 *    assessment, third-party assessment, training quality, inspections (日常检查), spot exams (执法抽查)
 *    and trainee reviews — each scored on 100 (RATING_COMPONENTS). A component without a recorded
 *    fact is 未评估: it is left out and the weights of the assessed ones are rescaled, so a missing
 *    third-party assessment neither lifts nor sinks the grade. The inspections component is always
 *    assessed: a year without findings or sanctions is itself the record of a clean year.
 *
 * The weights are the platform's reading of the seeds (they name the inputs, not the numbers) and live
 * here so a province can change them in one place.
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
  integrity_flag: { points: 5, label: '本机构考生的考试诚信疑点经核实' },
} as const;
/** Pass rates count only with enough candidates to mean something. */
export const PASS_RATE_MIN_CANDIDATES = 10;
/** Trainee reviews count only with enough of them that one grudge cannot decide the component. */
export const REVIEWS_MIN = 3;
/** Grade lines on the 100-point score (A ≥ 90, B ≥ 75, C ≥ 60, otherwise D). */
export const GRADE_LINES = { A: 90, B: 75, C: EXIT_LINE } as const;
/** A third-party assessor who gave only a grade: the middle of that grade's band. */
export const THIRD_PARTY_GRADE_SCORES = { A: 95, B: 82, C: 67, D: 50 } as const;
/** The rating's components (seed 004 §5) and their weights (sum 100). */
export const RATING_COMPONENTS = {
  self_assessment: { weight: 10, label: '机构自评' },
  third_party: { weight: 20, label: '第三方评估' },
  training_quality: { weight: 20, label: '培训质量（首次考试合格率）' },
  inspections: { weight: 25, label: '日常检查（检查问题、处罚、报备、考试诚信）' },
  spot_exams: { weight: 10, label: '执法抽查（逢查必考）' },
  trainee_reviews: { weight: 15, label: '学员网上评议' },
} as const;
export type ComponentKey = keyof typeof RATING_COMPONENTS;
/** The self-assessment's dimensions: the institution scores itself on what the regulator rates. */
export const SELF_ASSESSMENT_DIMENSIONS = {
  training_quality: '培训质量与合格率',
  management: '日常管理与合规（报备、档案、整改）',
  teachers_facilities: '师资与场地设施',
  trainee_service: '学员服务与学时真实',
} as const;

/** The inspection-side deductions that make up the 日常检查 component. */
const INSPECTION_KINDS = new Set<string>([
  'finding',
  'finding_overdue',
  'late_filing',
  'sanction_warning',
  'sanction_rectify',
  'sanction_fine',
  'sanction_suspend',
  'sanction_police',
  'sanction_eliminate',
  'integrity_flag',
]);

export interface RatingFacts {
  findings: Array<{
    id: string;
    description: string;
    deadline: string;
    status: FindingStatus;
    closedOn: string | null;
    on: string;
  }>;
  lateFilings: Array<{ id: string; name: string; opensOn: string }>;
  sanctions: Array<{ id: string; kind: string; caseNo: string; on: string }>;
  firstAttempts: { sat: number; passed: number } | null;
  spotExamFails?: Array<{ id: string; on: string; label: string }>;
  /** Passed spot exams, listed beside the fails as the component's facts. */
  spotExamPasses?: Array<{ id: string; on: string; label: string }>;
  /** All spot exams of the institution's trainees submitted in the year (passed and failed). */
  spotExams?: { taken: number; passed: number };
  integrityFlags?: Array<{ id: string; label: string; on: string }>;
  reviews?: Array<{ id: string; classId: string; teaching: number; practical: number; honesty: number; on: string }>;
  selfAssessment?: {
    id: string;
    scores: Array<{ dimension: string; score: number }>;
    on: string;
    rated: boolean;
  } | null;
  thirdParty?: {
    id: string;
    assessor: string;
    score: number | null;
    grade: string | null;
    reportRef: string;
    on: string;
  } | null;
}

export type FactType =
  | 'finding'
  | 'training_class'
  | 'sanction'
  | 'exam_results'
  | 'spot_exam'
  | 'integrity_flag'
  | 'class_review'
  | 'self_assessment'
  | 'third_party'
  | 'exam_session'
  | 'integrity_scan'
  | 'door_incident';
export interface Fact {
  type: FactType;
  id: string | null;
  text: string;
  on: string | null;
}

export interface Deduction {
  kind: string;
  label: string;
  points: number;
  /** The fact: what kind of record and its id, so the page can link to it. */
  fact: Fact;
}

export interface Component {
  key: string;
  label: string;
  weight: number;
  /** On 100; null when 未评估 (no recorded fact), which leaves the component out of the mean. */
  score: number | null;
  basis: string;
  facts: Fact[];
}

export type Grade = 'A' | 'B' | 'C' | 'D';

const round1 = (n: number) => Math.round(n * 10) / 10;

export function gradeOf(score: number): Grade {
  return score >= GRADE_LINES.A ? 'A' : score >= GRADE_LINES.B ? 'B' : score >= GRADE_LINES.C ? 'C' : 'D';
}

/** The weighted mean of the assessed components, weights rescaled; null when none is assessed. */
export function combineComponents(components: readonly Component[]): {
  score: number | null;
  assessedWeight: number;
  notAssessed: string[];
} {
  const assessed = components.filter((c) => c.score !== null);
  const weight = assessed.reduce((n, c) => n + c.weight, 0);
  return {
    score: weight ? round1(assessed.reduce((n, c) => n + c.weight * c.score!, 0) / weight) : null,
    assessedWeight: weight,
    notAssessed: components.filter((c) => c.score === null).map((c) => c.label),
  };
}

function findingDeductions(findings: RatingFacts['findings'], today: string, add: (kind: string, fact: Fact) => void) {
  for (const f of findings) {
    add('finding', { type: 'finding', id: f.id, text: f.description, on: f.on });
    const lateClose = f.closedOn !== null && f.closedOn > f.deadline;
    if (lateClose || (f.status !== 'closed' && today > f.deadline))
      add('finding_overdue', { type: 'finding', id: f.id, text: `整改期限 ${f.deadline}`, on: f.deadline });
  }
}

/** INS-5: points, components, score, grade and whether forced exit is proposed, from the facts of the year as of `today`. */
/**
 * INS-5: the components with a province's weights (settings module) in place of the defaults; the
 * labels stay the seed's.
 */
export function ratingComponentsWith(weights?: Partial<Record<ComponentKey, number>> | null) {
  const out = {} as Record<ComponentKey, { weight: number; label: string }>;
  for (const key of Object.keys(RATING_COMPONENTS) as ComponentKey[])
    out[key] = { label: RATING_COMPONENTS[key].label, weight: weights?.[key] ?? RATING_COMPONENTS[key].weight };
  return out;
}

export function assessInstitution(
  facts: RatingFacts,
  today: string,
  weights?: Partial<Record<ComponentKey, number>> | null,
) {
  const d: Deduction[] = [];
  const add = (kind: string, fact: Fact) => {
    const w = DEDUCTIONS[kind as keyof typeof DEDUCTIONS];
    if (w) d.push({ kind, label: w.label, points: w.points, fact });
  };
  findingDeductions(facts.findings, today, add);
  for (const c of facts.lateFilings)
    add('late_filing', { type: 'training_class', id: c.id, text: c.name, on: c.opensOn });
  for (const s of facts.sanctions) add(`sanction_${s.kind}`, { type: 'sanction', id: s.id, text: s.caseNo, on: s.on });
  const fa = facts.firstAttempts;
  const passRateCounts = !!fa && fa.sat >= PASS_RATE_MIN_CANDIDATES;
  const passText = fa
    ? `首次考试 ${fa.sat} 人，合格 ${fa.passed} 人（${fa.sat ? ((fa.passed / fa.sat) * 100).toFixed(1) : '0.0'}%）`
    : '本年度无首次考试成绩';
  if (fa && passRateCounts) {
    const rate = fa.passed / fa.sat;
    if (rate < 0.6) add('pass_rate_very_low', { type: 'exam_results', id: null, text: passText, on: null });
    else if (rate < 0.75) add('pass_rate_low', { type: 'exam_results', id: null, text: passText, on: null });
  }
  for (const s of facts.spotExamFails ?? [])
    add('spot_exam_fail', { type: 'spot_exam', id: s.id, text: s.label, on: s.on });
  // INS-5: a confirmed integrity flag of the institution's candidate counts against the institution.
  for (const f of facts.integrityFlags ?? [])
    add('integrity_flag', { type: 'integrity_flag', id: f.id, text: f.label, on: f.on });

  const points = Math.max(0, POINTS_START - d.reduce((n, x) => n + x.points, 0));
  const eliminated = facts.sanctions.some((s) => s.kind === 'eliminate');
  const exitProposed = eliminated || points < EXIT_LINE;

  const C = ratingComponentsWith(weights);
  const inspectionDeductions = d.filter((x) => INSPECTION_KINDS.has(x.kind));
  const reviews = facts.reviews ?? [];
  const spot = facts.spotExams ?? { taken: facts.spotExamFails?.length ?? 0, passed: 0 };
  const self = facts.selfAssessment ?? null;
  const third = facts.thirdParty ?? null;
  const thirdScore = third
    ? (third.score ??
      (third.grade ? ((THIRD_PARTY_GRADE_SCORES as Record<string, number>)[third.grade] ?? null) : null))
    : null;
  const reviewMean = reviews.length
    ? reviews.reduce((n, r) => n + (r.teaching + r.practical + r.honesty) / 3, 0) / reviews.length
    : 0;
  const components: Component[] = [
    self && self.scores.length
      ? {
          key: 'self_assessment',
          label: C.self_assessment.label,
          weight: C.self_assessment.weight,
          score: round1(self.scores.reduce((n, x) => n + x.score, 0) / self.scores.length),
          basis: `${self.scores.length} 项自评得分的平均${self.rated ? '（已评定，不可再改）' : ''}`,
          facts: [{ type: 'self_assessment', id: self.id, text: '年度自评', on: self.on }],
        }
      : {
          key: 'self_assessment',
          label: C.self_assessment.label,
          weight: C.self_assessment.weight,
          score: null,
          basis: '机构尚未提交本年度自评',
          facts: [],
        },
    third && thirdScore !== null
      ? {
          key: 'third_party',
          label: C.third_party.label,
          weight: C.third_party.weight,
          score: thirdScore,
          basis: `${third.assessor}：${third.score !== null ? `${third.score} 分` : `${third.grade} 级（折合 ${thirdScore} 分）`}`,
          facts: [
            { type: 'third_party', id: third.id, text: `${third.assessor} 评估报告 ${third.reportRef}`, on: third.on },
          ],
        }
      : {
          key: 'third_party',
          label: C.third_party.label,
          weight: C.third_party.weight,
          score: null,
          basis: '尚未登记第三方评估结果',
          facts: [],
        },
    fa && passRateCounts
      ? {
          key: 'training_quality',
          label: C.training_quality.label,
          weight: C.training_quality.weight,
          score: round1((fa.passed / fa.sat) * 100),
          basis: passText,
          facts: [{ type: 'exam_results', id: null, text: passText, on: null }],
        }
      : {
          key: 'training_quality',
          label: C.training_quality.label,
          weight: C.training_quality.weight,
          score: null,
          basis: fa ? `${passText}；不足 ${PASS_RATE_MIN_CANDIDATES} 人不计` : passText,
          facts: [],
        },
    {
      key: 'inspections',
      label: C.inspections.label,
      weight: C.inspections.weight,
      score: Math.max(0, 100 - inspectionDeductions.reduce((n, x) => n + x.points, 0)),
      basis: inspectionDeductions.length
        ? `100 分扣除 ${inspectionDeductions.length} 项`
        : '本年度无检查问题、处罚、逾期报备或核实的诚信疑点',
      facts: inspectionDeductions.map((x) => x.fact),
    },
    spot.taken > 0
      ? {
          key: 'spot_exams',
          label: C.spot_exams.label,
          weight: C.spot_exams.weight,
          score: round1((spot.passed / spot.taken) * 100),
          basis: `抽考 ${spot.taken} 人次，合格 ${spot.passed} 人次`,
          facts: [
            ...(facts.spotExamFails ?? []).map((s) => ({
              type: 'spot_exam' as const,
              id: s.id,
              text: `不合格：${s.label}`,
              on: s.on,
            })),
            ...(facts.spotExamPasses ?? []).map((s) => ({
              type: 'spot_exam' as const,
              id: s.id,
              text: `合格：${s.label}`,
              on: s.on,
            })),
          ],
        }
      : {
          key: 'spot_exams',
          label: C.spot_exams.label,
          weight: C.spot_exams.weight,
          score: null,
          basis: '本年度本机构学员未被执法抽考',
          facts: [],
        },
    reviews.length >= REVIEWS_MIN
      ? {
          key: 'trainee_reviews',
          label: C.trainee_reviews.label,
          weight: C.trainee_reviews.weight,
          score: round1((reviewMean / 5) * 100),
          basis: `${reviews.length} 条评议，平均 ${reviewMean.toFixed(2)} / 5 分`,
          facts: reviews.map((r) => ({
            type: 'class_review' as const,
            id: r.id,
            text: `授课 ${r.teaching} · 实操 ${r.practical} · 学时真实 ${r.honesty}`,
            on: r.on,
          })),
        }
      : {
          key: 'trainee_reviews',
          label: C.trainee_reviews.label,
          weight: C.trainee_reviews.weight,
          score: null,
          basis: `评议 ${reviews.length} 条，不足 ${REVIEWS_MIN} 条不计`,
          facts: reviews.map((r) => ({
            type: 'class_review' as const,
            id: r.id,
            text: `授课 ${r.teaching} · 实操 ${r.practical} · 学时真实 ${r.honesty}`,
            on: r.on,
          })),
        },
  ];
  const combined = combineComponents(components);
  const score = combined.score ?? points;
  // Forced exit overrides the mean: an institution up for exit is rated D.
  const grade: Grade = exitProposed ? 'D' : gradeOf(score);
  return {
    points,
    score,
    grade,
    exitProposed,
    deductions: d,
    components,
    assessedWeight: combined.assessedWeight,
    notAssessed: combined.notAssessed,
  };
}

// ——— Annual grade of exam sites (EXM-11, seed 004 §18 考试机构综合评估) ———

/**
 * EXM-11 (seed 004 §18, seed 001 §三(三)1): exam sites are rated each year like institutions, on points
 * from their recorded facts — findings of inspections at the site and their closure, sanctions on the
 * site, integrity flags confirmed at its sessions, and its pass rate against the integrity module's
 * prediction (INT-4). A site that held no session in a finished year, or whose qualification was
 * cancelled, is D and its cancellation proposed. No scan having measured the site is 未评估 (no
 * deduction, shown as such).
 */
export const SITE_DEDUCTIONS = {
  finding: { points: DEDUCTIONS.finding.points, label: '考试点检查发现问题' },
  finding_overdue: DEDUCTIONS.finding_overdue,
  sanction_warning: DEDUCTIONS.sanction_warning,
  sanction_rectify: DEDUCTIONS.sanction_rectify,
  sanction_fine: DEDUCTIONS.sanction_fine,
  sanction_suspend: { points: DEDUCTIONS.sanction_suspend.points, label: '被暂停考试业务' },
  sanction_police: DEDUCTIONS.sanction_police,
  sanction_cancel_site: { points: 100, label: '被取消考试点资格' },
  integrity_flag: { points: DEDUCTIONS.integrity_flag.points, label: '本考点的考试诚信疑点经核实' },
  pass_rate_anomaly: { points: 15, label: '合格率显著偏离预测（INT-4）' },
} as const;

export interface SiteRatingFacts {
  findings: RatingFacts['findings'];
  sanctions: RatingFacts['sanctions'];
  integrityFlags: Array<{ id: string; label: string; on: string }>;
  passRate: {
    scanId: string;
    on: string;
    n: number;
    observedRate: number;
    expectedRate: number;
    z: number;
    flagged: boolean;
  } | null;
  sessionsHeld: number;
  /** EXM-5: person–certificate mismatches the site's door caught in the year. */
  doorMismatches?: Array<{ id: string; text: string; on: string }>;
  /** Whether the rated year is over: only then does "no session in the year" count (EXM-11). */
  yearEnded: boolean;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** EXM-11: the site's points, components, grade and whether cancellation is proposed, as of `today`. */
export function assessExamSite(facts: SiteRatingFacts, today: string) {
  const d: Deduction[] = [];
  const add = (kind: string, fact: Fact) => {
    const w = SITE_DEDUCTIONS[kind as keyof typeof SITE_DEDUCTIONS];
    if (w) d.push({ kind, label: w.label, points: w.points, fact });
  };
  findingDeductions(facts.findings, today, add);
  for (const s of facts.sanctions) add(`sanction_${s.kind}`, { type: 'sanction', id: s.id, text: s.caseNo, on: s.on });
  for (const f of facts.integrityFlags)
    add('integrity_flag', { type: 'integrity_flag', id: f.id, text: f.label, on: f.on });
  const pr = facts.passRate;
  const prText = pr
    ? `${pr.n} 人次，实际合格率 ${pct(pr.observedRate)}，预测 ${pct(pr.expectedRate)}（z = ${pr.z.toFixed(2)}）`
    : '本年度尚无诚信扫描测算本考点';
  if (pr?.flagged) add('pass_rate_anomaly', { type: 'integrity_scan', id: pr.scanId, text: prText, on: pr.on });
  const points = Math.max(0, POINTS_START - d.reduce((n, x) => n + x.points, 0));
  const cancelled = facts.sanctions.some((s) => s.kind === 'cancel_site');
  const idle = facts.yearEnded && facts.sessionsHeld === 0;
  const exitProposed = cancelled || idle || points < EXIT_LINE;
  const of = (kinds: string[]) => d.filter((x) => kinds.includes(x.kind));
  const insp = of([
    'finding',
    'finding_overdue',
    ...Object.keys(SITE_DEDUCTIONS).filter((k) => k.startsWith('sanction_')),
  ]);
  const integ = of(['integrity_flag']);
  const components: Component[] = [
    {
      key: 'inspections',
      label: '检查与处罚',
      weight: 0,
      score: Math.max(0, 100 - insp.reduce((n, x) => n + x.points, 0)),
      basis: insp.length ? `扣除 ${insp.length} 项` : '本年度无检查问题或处罚',
      facts: insp.map((x) => x.fact),
    },
    {
      key: 'integrity',
      label: '考试诚信（已核实疑点）',
      weight: 0,
      score: Math.max(0, 100 - integ.reduce((n, x) => n + x.points, 0)),
      basis: integ.length ? `已核实疑点 ${integ.length} 条` : '本年度无已核实的诚信疑点',
      facts: integ.map((x) => x.fact),
    },
    {
      key: 'pass_rate',
      label: '合格率与预测对比',
      weight: 0,
      score: pr ? (pr.flagged ? 100 - SITE_DEDUCTIONS.pass_rate_anomaly.points : 100) : null,
      basis: prText,
      facts: pr ? [{ type: 'integrity_scan', id: pr.scanId, text: prText, on: pr.on }] : [],
    },
    {
      // EXM-5: counted and shown with each record, without a deduction — the door that records a
      // mismatch did its job, and a deduction would reward a door that lets them pass unrecorded.
      // Repeated attempts point the regulator at the site (a case may be opened from each record).
      key: 'door',
      label: '入场人证核验',
      weight: 0,
      score: 100,
      basis: facts.doorMismatches?.length
        ? `入场时拦截人证不符 ${facts.doorMismatches.length} 起（如实记录，不扣分；可据此立案）`
        : '本年度无入场人证不符记录',
      facts: (facts.doorMismatches ?? []).map((m) => ({ type: 'door_incident', id: m.id, text: m.text, on: m.on })),
    },
    {
      key: 'sessions',
      label: '考试场次',
      weight: 0,
      score: facts.sessionsHeld > 0 ? 100 : facts.yearEnded ? 0 : null,
      basis:
        facts.sessionsHeld > 0
          ? `本年度举办 ${facts.sessionsHeld} 场`
          : facts.yearEnded
            ? '全年未组织考试（EXM-11：应取消考试点）'
            : '本年度尚未举办考试',
      facts: [],
    },
  ];
  const grade: Grade = exitProposed ? 'D' : gradeOf(points);
  return {
    points,
    score: points,
    grade,
    exitProposed,
    deductions: d,
    components,
    notAssessed: components.filter((c) => c.score === null).map((c) => c.label),
  };
}

// ——— Inspection planning driven by data (SUP-1, SUP-2 回头看) ———

export type InspectionPurpose = 'full' | 'first_class' | 'random' | 'reinspection';
export const INSPECTION_PURPOSES: Record<InspectionPurpose, string> = {
  full: '全面检查',
  first_class: '首期开班检查',
  random: '双随机抽查',
  reinspection: '回头看',
};
export type PlanEntrySource = 'annual' | 'random' | 'reinspection';
export const PLAN_ENTRY_SOURCES: Record<PlanEntrySource, string> = {
  annual: '年度全面检查',
  random: '双随机',
  reinspection: '回头看',
};
export const PURPOSE_OF_SOURCE: Record<PlanEntrySource, InspectionPurpose> = {
  annual: 'full',
  random: 'random',
  reinspection: 'reinspection',
};

/** SUP-1: the first-class inspection is due while the class is still running — within 30 days of its opening. */
export const FIRST_CLASS_DUE_DAYS = 30;

export type TaskState = 'open' | 'overdue' | 'in_progress' | 'done';
/** A task is done by an inspection of the target completed after the task arose; started, it is in progress. */
export function taskState(
  task: { createdAt: Date; dueOn: string },
  inspections: ReadonlyArray<{ status: string; startedAt: Date; completedAt: Date | null }>,
  today: string,
): TaskState {
  const after = inspections.filter((i) => (i.completedAt ?? i.startedAt).getTime() >= task.createdAt.getTime());
  if (after.some((i) => i.status === 'completed')) return 'done';
  if (after.some((i) => i.status === 'in_progress')) return 'in_progress';
  return today > task.dueOn ? 'overdue' : 'open';
}

export type CoverageState = 'done' | 'in_progress' | 'planned' | 'overdue' | 'unplanned' | 'missed';
export const COVERAGE_LABELS: Record<CoverageState, string> = {
  done: '已完成',
  in_progress: '检查中',
  planned: '待检查',
  overdue: '逾期未检查',
  unplanned: '未列入计划',
  missed: '未完成年度全面检查',
};

/**
 * SUP-1 (seed 000 §8 每年至少 1 次全方位检查): where a target stands for the year. Every inspection
 * works the whole checklist (SUP-2 refuses to complete one with items left), so any completed
 * inspection in the year is a full one. Past its planned month it is overdue; once the year is over
 * without one it is missed.
 */
export function coverageState(
  p: { year: number; plannedMonth: number | null; completedOn: string | null; inProgress: boolean },
  today: string,
): CoverageState {
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

/** SUP-1: `weights` are the province's own (settings module); a factor it did not set keeps the default. */
export function riskScore(counts: RiskCounts, weights?: Partial<Record<RiskFactor, number>> | null): RiskScore {
  const factors = (Object.keys(RISK_FACTORS) as RiskFactor[]).map((factor) => {
    const count = Math.max(0, counts[factor] ?? 0);
    const weight = weights?.[factor] ?? RISK_FACTORS[factor].weight;
    return { factor, label: RISK_FACTORS[factor].label, count, weight, points: count * weight };
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
export function drawWeighted<T extends { id: string; weight: number }>(
  candidates: readonly T[],
  count: number,
  random: () => number,
): T[] {
  const ordered = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const keyed = ordered.map((c) => {
    const u = Math.max(random(), Number.MIN_VALUE); // ln(0) would be −∞ and never drawn
    return { c, key: Math.log(u) / Math.max(c.weight, Number.MIN_VALUE) };
  });
  return keyed
    .sort((a, b) => b.key - a.key)
    .slice(0, Math.max(0, count))
    .map((k) => k.c);
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
export function reinspectionReasons(
  findings: readonly FindingFact[],
  today: string,
  windowStart: string,
): ReinspectionReason[] {
  const reasons: ReinspectionReason[] = [];
  const overdue = findings.filter((f) => findingStanding(f, today) === 'overdue');
  if (overdue.length)
    reasons.push({
      kind: 'overdue',
      text: `${overdue.length} 个问题逾期未整改（最早期限 ${overdue.map((f) => f.deadline).sort()[0]}）`,
      findingIds: overdue.map((f) => f.id),
    });
  const recent = findings.filter((f) => f.on >= windowStart);
  const byItem = new Map<string, FindingFact[]>();
  for (const f of recent)
    if (f.checklistItemId) byItem.set(f.checklistItemId, [...(byItem.get(f.checklistItemId) ?? []), f]);
  for (const same of byItem.values()) {
    // The same item in two inspections: found, (maybe) rectified, and found again.
    if (new Set(same.map((f) => f.inspectionId)).size >= 2)
      reasons.push({
        kind: 'repeated_item',
        text: `同一检查项 12 个月内再次发现问题：${same[same.length - 1].description}`,
        findingIds: same.map((f) => f.id),
      });
  }
  if (recent.length >= REPEATED_FINDINGS_THRESHOLD)
    reasons.push({ kind: 'many', text: `12 个月内发现问题 ${recent.length} 个`, findingIds: recent.map((f) => f.id) });
  return reasons;
}
