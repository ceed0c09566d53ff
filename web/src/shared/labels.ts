// Code → Chinese label for the enumerations the forms offer. The API sends labels with the
// data it returns (roleLabel, kindLabel …); these lists are only for choosing a value.
import type { InstitutionLevel, OrgKind, Role } from '../types';

/** Roles of staff accounts; worker accounts belong to a registered worker, not to an organisation. */
export type StaffRole = Exclude<Role, 'worker'>;

export const ROLE_OPTIONS: { value: StaffRole; label: string }[] = [
  { value: 'province_regulator', label: '省级监管部门' },
  { value: 'city_regulator', label: '市级监管部门' },
  { value: 'county_regulator', label: '县级监管部门' },
  { value: 'issuing_authority', label: '考核发证机关' },
  { value: 'exam_centre_staff', label: '考试机构工作人员' },
  { value: 'examiner', label: '考评员' },
  { value: 'institution_admin', label: '培训机构管理员' },
  { value: 'employer_admin', label: '生产经营单位管理员' },
  { value: 'system_admin', label: '系统管理员' },
];

/** The kind of organisation a staff account of each role belongs to (the server checks it too). */
export const ROLE_ORG_KIND: Record<StaffRole, OrgKind> = {
  province_regulator: 'regulator',
  city_regulator: 'regulator',
  county_regulator: 'regulator',
  issuing_authority: 'regulator',
  exam_centre_staff: 'exam_centre',
  examiner: 'exam_centre',
  institution_admin: 'institution',
  employer_admin: 'employer',
  system_admin: 'platform',
};

export const ORG_KIND_OPTIONS: { value: OrgKind; label: string }[] = [
  { value: 'regulator', label: '监管部门' },
  { value: 'institution', label: '培训机构' },
  { value: 'exam_centre', label: '考试机构' },
  { value: 'exam_site', label: '考试点' },
  { value: 'employer', label: '生产经营单位' },
  { value: 'platform', label: '平台运营' },
];

/** An organisation's level follows its region's. */
export const REGION_LEVEL_OPTIONS = [
  { value: 'province', label: '省级' },
  { value: 'city', label: '市级' },
  { value: 'county', label: '县级' },
];

export const EDUCATION_OPTIONS = [
  { value: 'primary', label: '小学' },
  { value: 'junior_high', label: '初中' },
  { value: 'senior_high', label: '高中/中专/技校' },
  { value: 'college', label: '大专' },
  { value: 'bachelor', label: '本科' },
  { value: 'postgraduate', label: '研究生' },
];

export const HEALTH_INSTITUTION_LEVELS: { value: InstitutionLevel; label: string }[] = [
  { value: 'community', label: '社区医疗机构' },
  { value: 'county_or_above', label: '县级以上医疗机构' },
  { value: 'other', label: '其他医疗机构' },
];

/** Diseases and defects that make a person unfit for special operations (health condition of REG-3). */
export const DISQUALIFYING_CONDITIONS = [
  { value: 'organic_heart_disease', label: '器质性心脏病' },
  { value: 'epilepsy', label: '癫痫病' },
  { value: 'menieres_disease', label: '美尼尔氏症' },
  { value: 'vertigo', label: '眩晕症' },
  { value: 'hysteria', label: '癔病' },
  { value: 'paralysis_agitans', label: '震颤麻痹症' },
  { value: 'psychosis', label: '精神病' },
  { value: 'dementia', label: '痴呆症' },
  { value: 'other_impeding_condition', label: '其他妨碍从事特种作业的疾病和生理缺陷' },
];

export function labelOf(options: { value: string; label: string }[], value: string | null | undefined): string {
  return options.find((o) => o.value === value)?.label ?? value ?? '—';
}
