// REG-3: the education levels and the health conditions a registration records, with their
// Chinese names as the regulation words them.

export type Education = 'primary' | 'junior_high' | 'senior_high' | 'college' | 'bachelor' | 'postgraduate';

/** Lowest to highest. */
export const EDUCATIONS: readonly Education[] = [
  'primary',
  'junior_high',
  'senior_high',
  'college',
  'bachelor',
  'postgraduate',
];

/**
 * senior_high covers 普通高中, 职业高中, 技工学校 and 中等专业学校: NATIONAL.md treats them as the same
 * level ("senior high school (or equivalent)").
 */
export const EDUCATION_LABELS: Readonly<Record<Education, string>> = {
  primary: '小学',
  junior_high: '初中',
  senior_high: '高中/中专/技校',
  college: '大专',
  bachelor: '本科',
  postgraduate: '研究生',
};

/** Diseases and defects that make a person unfit for special operations (health condition of REG-3). */
export const DISQUALIFYING_CONDITIONS = [
  { code: 'organic_heart_disease', label: '器质性心脏病' },
  { code: 'epilepsy', label: '癫痫病' },
  { code: 'menieres_disease', label: '美尼尔氏症' },
  { code: 'vertigo', label: '眩晕症' },
  { code: 'hysteria', label: '癔病' },
  { code: 'paralysis_agitans', label: '震颤麻痹症' },
  { code: 'psychosis', label: '精神病' },
  { code: 'dementia', label: '痴呆症' },
  { code: 'other_impeding_condition', label: '其他妨碍从事特种作业的疾病和生理缺陷' },
] as const;

export type DisqualifyingCondition = (typeof DISQUALIFYING_CONDITIONS)[number]['code'];

/** The level of the medical institution that issued a health declaration. */
export type HealthInstitutionLevel = 'community' | 'county_or_above' | 'other';

export const HEALTH_INSTITUTION_LEVEL_LABELS: Readonly<Record<HealthInstitutionLevel, string>> = {
  community: '社区医疗机构',
  county_or_above: '县级以上医疗机构',
  other: '其他医疗机构',
};
