// Pure rules of the exams module (no I/O): question and blueprint validity (EXM-6), paper drawing
// and scoring (EXM-6), real equipment (EXM-9), site standing (EXM-11), make-up rules (EXM-8).
import type {
  AcceptanceCheck,
  BlueprintSection,
  CentreLevel,
  PaperQuestion,
  QuestionKind,
  SiteStation,
} from './schema.js';

export const QUESTION_KINDS: QuestionKind[] = ['judge', 'single', 'multiple'];
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  judge: '判断题',
  single: '单选题',
  multiple: '多选题',
};
export const JUDGE_OPTIONS = ['正确', '错误'];

/** NATIONAL.md (Order 30 art. 13–16): 80 out of 100 per part, to be confirmed per province — so a per-item setting. */
export const DEFAULT_PASS_MARK = 80;

/** 考培分离: the province (its GB/T 2260 code, e.g. '510000') whose authority keeps the bank of a region. */
export const provinceOf = (regionCode: string): string => `${regionCode.slice(0, 2)}0000`;

/**
 * EXM-8 (NATIONAL.md): a province may set pass marks above the national 80, never below; returns the
 * refusals, empty when the marks stand.
 */
export function passMarkProblems(marks: { theoryPassMark: number; practicalPassMark: number }): string[] {
  const out: string[] = [];
  for (const [label, v] of [
    ['理论考试', marks.theoryPassMark],
    ['实际操作考试', marks.practicalPassMark],
  ] as const)
    if (!Number.isInteger(v) || v < DEFAULT_PASS_MARK || v > 100)
      out.push(
        `${label}合格线 ${v} 分不在 ${DEFAULT_PASS_MARK}–100 分之间（全国合格线 ${DEFAULT_PASS_MARK} 分为下限）`,
      );
  return out;
}

export interface QuestionInput {
  key: string;
  kind: QuestionKind;
  knowledgePoint: string;
  difficulty: number;
  stem: string;
  options?: string[];
  answer: number[];
}

/** The reasons a question cannot enter the bank, in Chinese; empty when it is fine. */
export function questionProblems(q: Partial<QuestionInput>): string[] {
  const out: string[] = [];
  if (!q.key || typeof q.key !== 'string' || !/^[A-Za-z0-9._-]{1,40}$/.test(q.key))
    out.push('题号须为 1–40 位字母、数字或 . _ -');
  if (!q.kind || !QUESTION_KINDS.includes(q.kind))
    out.push('题型须为 judge（判断）、single（单选）或 multiple（多选）');
  if (
    !q.knowledgePoint ||
    typeof q.knowledgePoint !== 'string' ||
    q.knowledgePoint.trim().length === 0 ||
    q.knowledgePoint.length > 40
  )
    out.push('知识点必填，最多 40 字');
  if (!Number.isInteger(q.difficulty) || (q.difficulty as number) < 1 || (q.difficulty as number) > 3)
    out.push('难度须为 1（易）、2（中）或 3（难）');
  if (!q.stem || typeof q.stem !== 'string' || q.stem.trim().length < 4 || q.stem.length > 500)
    out.push('题干须为 4–500 字');
  const options = q.kind === 'judge' ? JUDGE_OPTIONS : q.options;
  if (q.kind !== 'judge') {
    if (!Array.isArray(options) || options.length < 2 || options.length > 6) out.push('选择题须有 2–6 个选项');
    else if (options.some((o) => typeof o !== 'string' || !o.trim() || o.length > 200))
      out.push('选项不能为空，最多 200 字');
    else if (new Set(options.map((o) => o.trim())).size !== options.length) out.push('选项不能重复');
  }
  const answer = q.answer;
  if (!Array.isArray(answer) || answer.some((a) => !Number.isInteger(a))) out.push('答案须为选项序号列表');
  else if (Array.isArray(options)) {
    if (answer.some((a) => a < 0 || a >= options.length) || new Set(answer).size !== answer.length)
      out.push('答案序号超出选项范围或重复');
    else if ((q.kind === 'judge' || q.kind === 'single') && answer.length !== 1)
      out.push('判断题和单选题只有一个正确答案');
    else if (q.kind === 'multiple' && answer.length < 2) out.push('多选题至少有两个正确答案');
  }
  return out;
}

/** Answer letters as people write them ("A", "ABD", "正确"/"对"/"√") → option indices. */
export function parseAnswer(kind: QuestionKind, raw: string): number[] | null {
  const text = raw.trim().toUpperCase();
  if (kind === 'judge') {
    if (['正确', '对', '√', 'T', 'TRUE', 'A', 'Y'].includes(text)) return [0];
    if (['错误', '错', '×', 'F', 'FALSE', 'B', 'N'].includes(text)) return [1];
    return null;
  }
  const letters = text.replace(/[\s,，、]/g, '');
  if (!/^[A-F]+$/.test(letters)) return null;
  return [...new Set([...letters].map((c) => c.charCodeAt(0) - 65))].sort((a, b) => a - b);
}

export interface BankQuestion {
  id: string;
  kind: QuestionKind;
  knowledgePoint: string;
  options: string[];
  answer: number[];
}

/** The sections a bank cannot fill: a blueprint is refused rather than drawing short papers (EXM-6). */
export function blueprintShortfalls(
  sections: BlueprintSection[],
  bank: Pick<BankQuestion, 'kind' | 'knowledgePoint'>[],
): string[] {
  const out: string[] = [];
  // Sections naming a knowledge point take their questions first; "any" sections draw from what is left.
  const taken = new Map<string, number>();
  for (const s of sections.filter((x) => x.knowledgePoint)) {
    const have = bank.filter((q) => q.kind === s.kind && q.knowledgePoint === s.knowledgePoint).length;
    if (have < s.count)
      out.push(`${QUESTION_KIND_LABELS[s.kind]}「${s.knowledgePoint}」需 ${s.count} 题，题库仅 ${have} 题`);
    taken.set(s.kind, (taken.get(s.kind) ?? 0) + s.count);
  }
  for (const kind of QUESTION_KINDS) {
    const any = sections.filter((x) => x.kind === kind && !x.knowledgePoint).reduce((n, s) => n + s.count, 0);
    if (!any) continue;
    const have = bank.filter((q) => q.kind === kind).length - (taken.get(kind) ?? 0);
    if (have < any) out.push(`${QUESTION_KIND_LABELS[kind]}（不限知识点）需 ${any} 题，题库余 ${Math.max(have, 0)} 题`);
  }
  return out;
}

export function blueprintTotal(sections: BlueprintSection[]): number {
  return sections.reduce((n, s) => n + s.count * s.points, 0);
}

export type Random = () => number;

function shuffle<T>(items: T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * EXM-6: one candidate's paper by the blueprint — questions chosen at random within each section,
 * the whole paper shuffled, and the options of choice questions shuffled (judge keeps 正确/错误).
 */
export function drawPaper(sections: BlueprintSection[], bank: BankQuestion[], random: Random): PaperQuestion[] {
  const used = new Set<string>();
  const picked: PaperQuestion[] = [];
  const ordered = [...sections.filter((s) => s.knowledgePoint), ...sections.filter((s) => !s.knowledgePoint)];
  for (const s of ordered) {
    const pool = bank.filter(
      (q) => q.kind === s.kind && (!s.knowledgePoint || q.knowledgePoint === s.knowledgePoint) && !used.has(q.id),
    );
    if (pool.length < s.count) throw new Error(`bank too small for section ${s.kind}/${s.knowledgePoint ?? '*'}`);
    for (const q of shuffle(pool, random).slice(0, s.count)) {
      used.add(q.id);
      const indices = q.options.map((_, i) => i);
      picked.push({
        questionId: q.id,
        kind: q.kind,
        points: s.points,
        optionOrder: q.kind === 'judge' ? indices : shuffle(indices, random),
      });
    }
  }
  // Judge, single, multiple stay grouped as on the national paper; order within each group is shuffled.
  return QUESTION_KINDS.flatMap((kind) =>
    shuffle(
      picked.filter((p) => p.kind === kind),
      random,
    ),
  );
}

/** Display places chosen → bank option indices, ascending; invalid places are dropped. */
export function toBankIndices(optionOrder: number[], places: number[]): number[] {
  return [
    ...new Set(
      places.filter((p) => Number.isInteger(p) && p >= 0 && p < optionOrder.length).map((p) => optionOrder[p]),
    ),
  ].sort((a, b) => a - b);
}

/** Exact match only: a multiple-choice answer with a missing or extra option scores nothing. */
export function isCorrect(answer: number[], selected: number[]): boolean {
  return answer.length === selected.length && [...answer].sort((a, b) => a - b).every((a, i) => a === selected[i]);
}

/** EXM-9: stations at a site that can examine an item, and whether the item may be examined there. */
export function equipmentVerdict(
  requiresReal: boolean,
  stations: SiteStation[],
  itemCode: string,
): { ok: boolean; reason?: string } {
  const forItem = stations.filter((s) => s.itemCodes.includes(itemCode));
  if (!forItem.length) return { ok: false, reason: `考试点没有可用于 ${itemCode} 实操考试的工位` };
  if (requiresReal && !forItem.some((s) => s.real))
    return { ok: false, reason: `${itemCode} 的实操考试须使用实物设备，该考试点此项目的工位均为模拟设备` };
  return { ok: true };
}

/** EXM-1: what a new site is accepted against (seed 004 §8: the province's unified standard). */
export const ACCEPTANCE_CHECKLIST: Array<{ code: string; label: string }> = [
  { code: 'rooms', label: '理论考场座位、隔断与考试机满足要求' },
  { code: 'video', label: '考场及实操区视频监控全覆盖并可存档' },
  { code: 'identity', label: '身份证阅读器与人脸识别核验设备到位' },
  { code: 'equipment', label: '实操设备与申报项目一致（电工、焊接等为实物设备）' },
  { code: 'separation', label: '场所与设备不属于任何培训机构（考培分离）' },
  { code: 'safety', label: '消防、通风、用电等场所安全条件合格' },
  { code: 'staff', label: '考务人员经培训合格并已录入人员库' },
];

export type SiteStanding = {
  status: 'pending_acceptance' | 'pending_filing' | 'active' | 'proposed_for_cancellation';
  reasons: string[];
};

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * EXM-1: a site holds sessions only once the city accepted it and the province filed it.
 * EXM-11: a filed site that ran no exam for 12 months, failed its facilities check, or had
 * confirmed large-scale cheating is proposed for cancellation.
 */
export function siteStanding(
  site: {
    acceptedAt: Date | null;
    filedAt: Date | null;
    facilitiesFailedAt: Date | null;
    cheatingConfirmedAt: Date | null;
  },
  lastExamAt: Date | null,
  now: Date,
): SiteStanding {
  if (!site.filedAt)
    return site.acceptedAt
      ? { status: 'pending_filing', reasons: ['市级已审核验收，待省级备案，不能安排考试'] }
      : { status: 'pending_acceptance', reasons: ['尚未通过市级审核验收，不能安排考试'] };
  const reasons: string[] = [];
  const since = lastExamAt ?? site.filedAt;
  if (now.getTime() - since.getTime() >= YEAR_MS)
    reasons.push(lastExamAt ? '连续 12 个月未组织考试' : '备案后 12 个月未组织考试');
  if (site.facilitiesFailedAt) reasons.push('设施设备检查不合格');
  if (site.cheatingConfirmedAt) reasons.push('经查实发生大面积舞弊');
  return reasons.length ? { status: 'proposed_for_cancellation', reasons } : { status: 'active', reasons };
}

/** Seed 004 §7: exam centres sit at the province and in each city; a county only assists. */
export function centreLevelOf(level: 'province' | 'city' | 'county' | null): 'province' | 'city' | null {
  return level === 'province' || level === 'city' ? level : null;
}

export const CENTRE_LEVEL_LABELS = { province: '省级考试中心', city: '市级考试中心' } as const;

export const SITE_APPLICATION_STATUS_LABELS = {
  submitted: '待市级审核',
  city_approved: '待省级备案',
  filed: '已备案',
  returned: '已退回',
} as const;

/** EXM-1: the filing number the province gives a site when it files it: 考点备〔2026〕51-0003号. */
export function siteFilingNumber(provinceCode: string, year: string, seq: number): string {
  return `考点备〔${year}〕${provinceCode.slice(0, 2)}-${String(seq).padStart(4, '0')}号`;
}

export function acceptanceFailures(checks: AcceptanceCheck[]): string[] {
  return ACCEPTANCE_CHECKLIST.filter((c) => !checks.find((x) => x.code === c.code)?.passed).map((c) => c.label);
}

export interface PracticalStandard {
  subjects: Array<{ code: string; name: string; maxScore: number }>;
  /** Sheets needed per candidate: two examiners score independently and the mean counts. */
  examiners: 1 | 2;
}

/** EXM-7: the four subjects of the national practical exam (K1–K4), out of 100. */
const FOUR_SUBJECTS = [
  { code: 'K1', name: '安全用具使用', maxScore: 10 },
  { code: 'K2', name: '安全操作技术', maxScore: 40 },
  { code: 'K3', name: '作业现场安全隐患排除', maxScore: 20 },
  { code: 'K4', name: '作业现场应急处置', maxScore: 30 },
];

/** Items examined on real equipment (EXM-9) are scored by two examiners; others by one. */
export function practicalStandard(requiresRealEquipment: boolean): PracticalStandard {
  return { subjects: FOUR_SUBJECTS, examiners: requiresRealEquipment ? 2 : 1 };
}

/** EXM-7: subject score = maximum − deductions, never below zero; unknown or missing subjects are refused. */
export function scoreSheet(
  standard: PracticalStandard,
  input: Array<{ code: string; deductions: Array<{ points: number; reason: string }> }>,
):
  | {
      subjects: Array<{
        code: string;
        maxScore: number;
        deductions: Array<{ points: number; reason: string }>;
        score: number;
      }>;
      total: number;
    }
  | { error: string } {
  const codes = standard.subjects.map((s) => s.code);
  const unknown = input.filter((i) => !codes.includes(i.code)).map((i) => i.code);
  if (unknown.length) return { error: `评分表没有科目 ${unknown.join('、')}` };
  const missing = codes.filter((c) => !input.some((i) => i.code === c));
  if (missing.length) return { error: `评分表缺少科目 ${missing.join('、')}` };
  const subjects = standard.subjects.map((s) => {
    const deductions = input.find((i) => i.code === s.code)!.deductions;
    return {
      code: s.code,
      maxScore: s.maxScore,
      deductions,
      score: Math.max(0, s.maxScore - deductions.reduce((n, d) => n + d.points, 0)),
    };
  });
  return { subjects, total: subjects.reduce((n, s) => n + s.score, 0) };
}

export interface PartOutcome {
  theoryScore: number | null;
  practicalScore: number | null;
}

/**
 * EXM-8: each part against its pass mark; a make-up keeps a part already passed at the previous
 * attempt (one make-up per failed part, NATIONAL.md).
 */
export function resultVerdict(
  now: PartOutcome,
  marks: { theory: number; practical: number },
  previous: { theoryPassed: boolean; practicalPassed: boolean } | null,
) {
  const theoryPassed = (now.theoryScore !== null && now.theoryScore >= marks.theory) || !!previous?.theoryPassed;
  const practicalPassed =
    (now.practicalScore !== null && now.practicalScore >= marks.practical) || !!previous?.practicalPassed;
  return { theoryPassed, practicalPassed, passed: theoryPassed && practicalPassed };
}

/** EXM-10: a video for every room and for the practical area, and the paper archive, before results are published. */
export function archiveGaps(rooms: string[], refs: Array<{ kind: 'video' | 'paper'; label: string }>): string[] {
  const videos = new Set(refs.filter((r) => r.kind === 'video').map((r) => r.label));
  const gaps = [...rooms, '实操考试区'].filter((room) => !videos.has(room)).map((room) => `缺少「${room}」的全程视频`);
  if (!refs.some((r) => r.kind === 'paper')) gaps.push('缺少纸质档案（签到表、试卷或评分表）');
  return gaps;
}

/** EXM-4 (seed 004 §11): who may be a session's chief examiner (主考) — a regulator's or exam centre's employee. */
export const CHIEF_EXAMINER_EMPLOYERS = ['exam_centre', 'regulator'] as const;

export function chiefExaminerVerdict(staff: {
  name: string;
  employer: string;
  deactivatedAt: Date | null;
}): { ok: true } | { ok: false; reason: string } {
  if (staff.deactivatedAt) return { ok: false, reason: `「${staff.name}」已停用，不能担任主考` };
  if (!(CHIEF_EXAMINER_EMPLOYERS as readonly string[]).includes(staff.employer))
    return { ok: false, reason: `「${staff.name}」不是应急管理部门或考试机构的工作人员（外聘人员不能担任主考）` };
  return { ok: true };
}

/** EXM-2: a teacher (or manager) of an institution stays barred from its candidates for 365 days after leaving; exactly 365 days later still counts. */
export const SEPARATION_YEAR_MS = 365 * 24 * 3600_000;
export function withinSeparationYear(leftAt: Date | null, now: Date): boolean {
  return !leftAt || now.getTime() - leftAt.getTime() <= SEPARATION_YEAR_MS;
}

/**
 * 准考证号: the exam date (8 digits) and the booking's submission sequence (at least 6 digits).
 * The sequence is unique across all bookings, so the number is unique and needs no table of its own;
 * the date in front lets a proctor read it against the session at a glance.
 */
export function admissionNumber(date: string, seq: number): string {
  return `${date.replaceAll('-', '')}${String(seq).padStart(6, '0')}`;
}

/** EXM-1: the filing number the province gives an exam centre: 考机备〔2026〕51-003号. */
export function centreFilingNumber(provinceCode: string, year: string, seq: number): string {
  return `考机备〔${year}〕${provinceCode.slice(0, 2)}-${String(seq).padStart(3, '0')}号`;
}

/**
 * EXM-1 (seed 004 §7): the chain of a centre's own filing depends on its level. A city centre
 * (市级安全生产考试中心) is reviewed by the city regulator, then filed by the province; the province's
 * own centre (省安全生产考试中心) is filed by the province directly — there is no level above the city
 * to review it but the province itself.
 */
export function centreFilingSteps(level: CentreLevel): Array<'city_review' | 'province_file'> {
  return level === 'city' ? ['city_review', 'province_file'] : ['province_file'];
}

export const CENTRE_APPLICATION_STATUS_LABELS = {
  submitted: '待审核',
  city_approved: '待省级备案',
  filed: '已备案',
  returned: '已退回',
} as const;
