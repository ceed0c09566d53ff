// What each per-province setting is, its national default, and what a province may enter. Each
// kind is read where its rule acts (kernel/province-settings.ts); here are only the edit's checks.
import { ROLES, ROLE_LABELS } from '../../kernel/access.js';
import type { SettingKind } from '../../kernel/province-settings.js';
import type { OperationItemRow } from '../catalog/index.js';
import { CHINA_2026_CALENDAR } from '../certificates/index.js';
import {
  COMMON_SUBJECTS,
  nationalPracticalStandard,
  practicalStandardProblems,
  type PracticalStandardSetting,
} from '../exams/index.js';
import { RATING_COMPONENTS, RISK_FACTORS, VIOLATIONS } from '../supervision/index.js';
import { EXAM_WITHIN_DAYS, NATIONAL_PLACE_LEVEL, PLACE_LEVELS } from '../training/index.js';

/** What the checks need of an operation item (a catalogue row or its presentation). */
export type ItemFacts = Pick<
  OperationItemRow,
  'code' | 'categoryCode' | 'requiresRealEquipment' | 'minEducation' | 'theoryHours' | 'practicalHours'
>;

export type KeyKind = 'item' | 'violation' | 'year' | null;

export interface KindSpec {
  label: string;
  /** The DOMAIN rule the setting serves, named in refusals. */
  rule: string;
  /** Which settings page it belongs to. */
  group: SettingGroup;
  keyKind: KeyKind;
}

export const SETTING_GROUPS = {
  syllabus: '培训大纲学时',
  catalogue: '目录省级细则',
  practical: '实操考试科目与评分标准',
  weights: '评级与风险权重',
  legal: '处罚法律依据',
  calendar: '工作日历',
  exam: '考试时限与地点',
  security: '账户安全',
} as const;
export type SettingGroup = keyof typeof SETTING_GROUPS;

export const KINDS: Record<SettingKind, KindSpec> = {
  syllabus_hours: { label: '大纲学时', rule: 'CAT-2', group: 'syllabus', keyKind: 'item' },
  item_details: { label: '作业项目省级细则', rule: 'CAT-2', group: 'catalogue', keyKind: 'item' },
  practical_standard: { label: '实操考试科目与评分标准', rule: 'EXM-7', group: 'practical', keyKind: 'item' },
  rating_weights: { label: '培训机构综合评定权重', rule: 'INS-5', group: 'weights', keyKind: null },
  risk_weights: { label: '双随机抽查风险权重', rule: 'SUP-1', group: 'weights', keyKind: null },
  legal_bases: { label: '违法行为的法律依据', rule: 'SUP-4', group: 'legal', keyKind: 'violation' },
  calendar: { label: '节假日与调休工作日', rule: 'CER-1', group: 'calendar', keyKind: 'year' },
  exam_within_days: { label: '培训结束后须考试的期限（日）', rule: 'ORDER30-60D', group: 'exam', keyKind: null },
  exam_place_level: { label: '户籍所在地/从业所在地的比较层级', rule: 'ORDER30-PLACE', group: 'exam', keyKind: null },
  second_factor: { label: '须使用第二重验证的角色', rule: 'issue 22', group: 'security', keyKind: null },
};

/** The names the pages show for a kind's fields (weights' components, the common subjects). */
export function fieldLabels(kind: SettingKind): Record<string, string> {
  switch (kind) {
    case 'rating_weights':
      return Object.fromEntries(Object.entries(RATING_COMPONENTS).map(([k, v]) => [k, v.label]));
    case 'risk_weights':
      return Object.fromEntries(Object.entries(RISK_FACTORS).map(([k, v]) => [k, v.label]));
    case 'practical_standard':
      return { ...COMMON_SUBJECTS };
    case 'item_details':
      return { junior_high: '初中及以上', senior_high: '高中或同等学历及以上' };
    case 'exam_place_level':
      return { ...PLACE_LEVELS };
    case 'second_factor':
      return { ...ROLE_LABELS };
    default:
      return {};
  }
}

export const EDUCATION_ORDER = ['junior_high', 'senior_high'] as const;

/** The national value of one key of a kind: what is in force where a province set nothing. */
export function nationalValue(kind: SettingKind, key: string, item?: ItemFacts): unknown {
  switch (kind) {
    case 'syllabus_hours':
      return item && item.theoryHours !== null && item.practicalHours !== null
        ? { theoryHours: item.theoryHours, practicalHours: item.practicalHours }
        : null;
    case 'item_details':
      return item ? { requiresRealEquipment: item.requiresRealEquipment, minEducation: item.minEducation } : null;
    case 'practical_standard':
      return item ? nationalPracticalStandard(item) : null;
    case 'rating_weights':
      return Object.fromEntries(Object.entries(RATING_COMPONENTS).map(([k, v]) => [k, v.weight]));
    case 'risk_weights':
      return Object.fromEntries(Object.entries(RISK_FACTORS).map(([k, v]) => [k, v.weight]));
    case 'legal_bases': {
      const v = VIOLATIONS.find((x) => x.code === key);
      return v ? { legalBasis: v.legalBasis } : null;
    }
    case 'calendar':
      return key === '2026' ? { days: CHINA_2026_CALENDAR } : { days: [] };
    case 'exam_within_days':
      return { days: EXAM_WITHIN_DAYS };
    case 'exam_place_level':
      return { level: NATIONAL_PLACE_LEVEL };
    case 'second_factor':
      // Issue 22: no national rule requires a second factor; a province names the roles it requires.
      return { required: [] };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isText = (v: unknown, min: number, max: number) =>
  typeof v === 'string' && v.trim().length >= min && v.trim().length <= max;

/** Every key must be there and nothing else: a half-filled table is a typo, not a choice. */
function exactKeys(value: Record<string, unknown>, keys: string[]): string[] {
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  const missing = keys.filter((k) => !(k in value));
  return [
    ...(extra.length ? [`不认识的项：${extra.join('、')}`] : []),
    ...(missing.length ? [`缺少：${missing.join('、')}`] : []),
  ];
}

function weightProblems(value: unknown, spec: Record<string, { label: string }>, sum: number | null): string[] {
  if (!isObject(value)) return ['权重须为对象'];
  const problems = exactKeys(value, Object.keys(spec));
  if (problems.length) return problems;
  for (const [k, w] of Object.entries(value))
    if (!isInt(w, 0, 100)) problems.push(`「${spec[k].label}」的权重须为 0–100 的整数`);
  if (problems.length) return problems;
  const total = Object.values(value).reduce((n: number, w) => n + (w as number), 0);
  if (sum !== null && total !== sum) problems.push(`各项权重合计须为 ${sum}（现为 ${total}）`);
  return problems;
}

function practicalShapeProblems(value: unknown): string[] {
  if (!isObject(value) || !Array.isArray(value.subjects)) return ['评分标准须包含科目列表 subjects'];
  const problems: string[] = [];
  value.subjects.forEach((s: unknown, i: number) => {
    const at = `第 ${i + 1} 个科目`;
    if (!isObject(s)) return problems.push(`${at}格式不正确`);
    if (typeof s.code !== 'string' || !/^[A-Z]\d{1,2}$/.test(s.code)) problems.push(`${at}的代码须如 K1`);
    if (!isText(s.name, 2, 50)) problems.push(`${at}的名称须为 2–50 字`);
    if (!isInt(s.maxScore, 1, 100)) problems.push(`${at}的分值须为 1–100 的整数`);
    if (typeof s.realEquipment !== 'boolean') problems.push(`${at}须注明是否使用实物设备`);
    if (!Array.isArray(s.commonSubjects) || s.commonSubjects.some((c) => !(c in COMMON_SUBJECTS)))
      problems.push(`${at}的通用科目不正确`);
    if (!Array.isArray(s.criteria) || s.criteria.length > 20 || s.criteria.some((c) => !isText(c, 1, 100)))
      problems.push(`${at}的考核要点须为至多 20 条、每条 1–100 字`);
  });
  return problems;
}

/**
 * What is wrong with a province's value for one key (empty when it may be saved). The floors of the
 * national rules hold: a province may be stricter, never looser (NATIONAL.md "a province may set
 * stricter values").
 */
export function valueProblems(kind: SettingKind, key: string, value: unknown, item?: ItemFacts): string[] {
  switch (kind) {
    case 'syllabus_hours': {
      if (!isObject(value)) return ['学时须为对象'];
      const problems = exactKeys(value, ['theoryHours', 'practicalHours']);
      if (!problems.length && !isInt(value.theoryHours, 1, 2000)) problems.push('理论学时须为 1–2000 的整数');
      if (!problems.length && !isInt(value.practicalHours, 0, 2000)) problems.push('实操学时须为 0–2000 的整数');
      return problems;
    }
    case 'item_details': {
      if (!isObject(value)) return ['细则须为对象'];
      const problems = exactKeys(value, ['requiresRealEquipment', 'minEducation']);
      if (problems.length) return problems;
      if (typeof value.requiresRealEquipment !== 'boolean') problems.push('是否须实物设备须为是或否');
      const order = EDUCATION_ORDER as readonly string[];
      if (!order.includes(value.minEducation as string)) problems.push('最低学历须为初中或高中');
      if (problems.length || !item) return problems;
      // EXM-9: real equipment where the nation requires it; REG-3: never below the national education.
      if (item.requiresRealEquipment && !value.requiresRealEquipment)
        problems.push('国家规定该项目须使用实物设备考试，省级不得放宽（EXM-9）');
      if (order.indexOf(value.minEducation as string) < order.indexOf(item.minEducation))
        problems.push('最低学历不得低于国家规定（REG-3）');
      return problems;
    }
    case 'practical_standard': {
      const shape = practicalShapeProblems(value);
      if (shape.length || !item) return shape;
      return practicalStandardProblems(
        value as PracticalStandardSetting,
        nationalPracticalStandard(item),
        item.requiresRealEquipment,
      );
    }
    case 'rating_weights':
      return weightProblems(value, RATING_COMPONENTS, 100);
    case 'risk_weights':
      return weightProblems(value, RISK_FACTORS, null);
    case 'legal_bases':
      if (!VIOLATIONS.some((v) => v.code === key)) return [`违法行为目录中没有 ${key}`];
      if (!isObject(value) || !isText(value.legalBasis, 2, 500)) return ['法律依据须为 2–500 字'];
      return exactKeys(value, ['legalBasis']);
    case 'calendar': {
      if (!/^20\d{2}$/.test(key)) return ['年份须为四位数字，如 2027'];
      if (!isObject(value) || !Array.isArray(value.days)) return ['日历须包含日期列表 days'];
      if (value.days.length > 80) return ['一年的节假日与调休日至多 80 天'];
      const problems: string[] = [];
      const seen = new Set<string>();
      for (const d of value.days as unknown[]) {
        if (!isObject(d) || typeof d.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d.day)) {
          problems.push('日期须为 YYYY-MM-DD');
          continue;
        }
        if (!d.day.startsWith(`${key}-`) || Number.isNaN(Date.parse(`${d.day}T00:00:00Z`)))
          problems.push(`${d.day} 不是 ${key} 年的日期`);
        if (seen.has(d.day)) problems.push(`${d.day} 重复`);
        seen.add(d.day);
        if (typeof d.working !== 'boolean') problems.push(`${d.day} 须注明是否上班`);
        if (!isText(d.note, 1, 50)) problems.push(`${d.day} 的说明须为 1–50 字`);
      }
      return problems;
    }
    case 'exam_within_days': {
      if (!isObject(value)) return ['期限须为对象'];
      const problems = exactKeys(value, ['days']);
      // Order 30 art. 13–16: 60 days is the national ceiling; a province may shorten it, never lengthen it.
      if (!problems.length && !isInt(value.days, 1, EXAM_WITHIN_DAYS))
        problems.push(
          `期限须为 1–${EXAM_WITHIN_DAYS} 的整数：令第30号规定 ${EXAM_WITHIN_DAYS} 日内考试，省级可缩短、不得延长`,
        );
      return problems;
    }
    case 'exam_place_level': {
      if (!isObject(value)) return ['比较层级须为对象'];
      const problems = exactKeys(value, ['level']);
      if (!problems.length && !Object.keys(PLACE_LEVELS).includes(value.level as string))
        problems.push('比较层级须为区县、设区的市或全省');
      return problems;
    }
    case 'second_factor': {
      if (!isObject(value) || !Array.isArray(value.required)) return ['须包含角色列表 required'];
      const problems = exactKeys(value, ['required']);
      const roles = ROLES as readonly string[];
      for (const r of value.required as unknown[])
        if (typeof r !== 'string' || !roles.includes(r)) problems.push(`不认识的角色：${String(r)}`);
      if (new Set(value.required).size !== value.required.length) problems.push('角色重复');
      return problems;
    }
  }
}
