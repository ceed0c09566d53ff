// Who may apply for a special-operations certificate (REG-3; Order 30 art. 4). Pure functions
// with no runtime imports, so the web app can run the same checks before submitting.

import { addMonths as addCalendarMonths, daysInMonth } from '../../kernel/clock.js';
import type { Gender } from '../../kernel/ids.js';
// Education levels and health conditions live in src/shared, which the web app imports too.
import {
  DISQUALIFYING_CONDITIONS,
  EDUCATIONS,
  EDUCATION_LABELS,
  type Education,
  type HealthInstitutionLevel,
} from '../../shared/registry.js';

export * from '../../shared/registry.js';

/**
 * SEC-2 (issue 21): how long a relationship lets an organisation read a person's record and archive.
 * `afterEnd`: while the relationship runs and this many days after it ends (filing corrections, the
 * end-of-employment record). `fromStart`: this many days from its start, however it goes on — a
 * registration or link is for enrolling or hiring, a candidacy for the exam, its make-up and results.
 */
export const RELATION_ACCESS_DAYS = {
  afterEnd: { employee: 30 },
  fromStart: { registrar: 90, linked: 90, trainee: 365, candidate: 365 },
} as const;

// ---------------------------------------------------------------------------------------------
// Dates as 'YYYY-MM-DD' strings in China's calendar: string order is date order.

function parseDate(iso: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  }
  return { year, month, day };
}

/** `iso` plus whole months (kernel/clock.ts, 民法典 art. 202), after checking it is a real date. */
function addMonths(iso: string, months: number): string {
  parseDate(iso);
  return addCalendarMonths(iso, months);
}

// ---------------------------------------------------------------------------------------------
// Education

// How a requirement reads in a sentence: "要求高中或同等学历以上".
const REQUIREMENT_LABELS: Readonly<Record<Education, string>> = { ...EDUCATION_LABELS, senior_high: '高中' };

export function educationAtLeast(actual: Education, required: Education): boolean {
  return EDUCATIONS.indexOf(actual) >= EDUCATIONS.indexOf(required);
}

// REG-3: junior high school is the floor for every item; CAT-2 may raise it (hazardous chemicals).
const MIN_EDUCATION: Education = 'junior_high';

// ---------------------------------------------------------------------------------------------
// Age

export const MIN_APPLICANT_AGE = 18;

export type OriginalRetirementAge = 60 | 55 | 50;

// 全国人大常委会关于实施渐进式延迟法定退休年龄的决定 (2024), in force 2025-01-01: per original age,
// the first birth month that retires later, how many birth months share each extra month, and
// the most extra months.
const RETIREMENT_DELAY: Readonly<
  Record<OriginalRetirementAge, { from: string; monthsPerStep: number; maxMonths: number }>
> = {
  60: { from: '1965-01', monthsPerStep: 4, maxMonths: 36 }, // men: 60 → 63
  55: { from: '1970-01', monthsPerStep: 4, maxMonths: 36 }, // women cadres: 55 → 58
  50: { from: '1975-01', monthsPerStep: 2, maxMonths: 60 }, // women workers: 50 → 55
};

/** The day a person reaches the statutory retirement age (REG-3 upper bound). */
export function statutoryRetirementDate(birthDate: string, originalAge: OriginalRetirementAge): string {
  const rule = RETIREMENT_DELAY[originalAge];
  if (!rule) throw new RangeError(`original retirement age must be 60, 55 or 50: ${originalAge}`);
  const { year, month } = parseDate(birthDate);
  const from = parseDate(`${rule.from}-01`);
  const birthMonthsAfterStart = (year - from.year) * 12 + (month - from.month);
  const delay =
    birthMonthsAfterStart < 0
      ? 0 // earlier cohorts keep the original age
      : Math.min(rule.maxMonths, Math.floor(birthMonthsAfterStart / rule.monthsPerStep) + 1);
  return addMonths(birthDate, originalAge * 12 + delay);
}

/**
 * The original retirement age to store for a new person. Most special-operations workers hold
 * 工人 posts, so women default to 50; the registrar chooses 55 for a woman in a 管理/技术 post
 * (the person's record keeps whichever applies, NATIONAL.md).
 */
export function defaultOriginalRetirementAge(gender: Gender): OriginalRetirementAge {
  return gender === 'male' ? 60 : 50;
}

// ---------------------------------------------------------------------------------------------
// Health

export interface HealthDeclaration {
  issuedAt: string;
  institutionName: string;
  institutionLevel: HealthInstitutionLevel;
  /** Codes from DISQUALIFYING_CONDITIONS the examination found; empty when none. */
  disqualifyingConditions: string[];
}

// ---------------------------------------------------------------------------------------------
// The check

export type ApplicantCheckCode =
  | 'age_min'
  | 'age_max'
  | 'education'
  | 'health_missing'
  | 'health_institution'
  | 'health_conditions'
  /** CER-4: revoked for false information or improper means — no new application for 3 years. */
  | 'reapplication_bar';

export interface ApplicantCheck {
  rule: 'REG-3';
  code: ApplicantCheckCode;
  label: string;
  passed: boolean;
  message: string;
}

export interface ApplicantConditionsInput {
  birthDate: string;
  originalRetirementAge: OriginalRetirementAge;
  education: Education;
  health: HealthDeclaration | null;
  item: { code: string; name: string; minEducation: Education };
  /** The day the conditions are judged on (YYYY-MM-DD, China's calendar). */
  on: string;
}

/**
 * REG-3: every condition of Order 30 art. 4, each listed whether it passed or not, so the
 * applicant and the reviewer see all reasons at once rather than one refusal at a time.
 */
export function checkApplicantConditions(input: ApplicantConditionsInput): {
  eligible: boolean;
  checks: ApplicantCheck[];
} {
  const { birthDate, on, item, health } = input;
  parseDate(on); // a malformed date must throw, not compare as a string
  const checks: ApplicantCheck[] = [];
  const check = (code: ApplicantCheckCode, label: string, passed: boolean, message: string) =>
    checks.push({ rule: 'REG-3', code, label, passed, message });

  // REG-3 age: 年满18周岁 is reached on the 18th birthday itself, the everyday civil reading (the
  // criminal-law reading, "from the day after", does not govern a licence application). A
  // 29 February birthday falls on 28 February in common years.
  const adultOn = addMonths(birthDate, MIN_APPLICANT_AGE * 12);
  check(
    'age_min',
    `年满${MIN_APPLICANT_AGE}周岁`,
    on >= adultOn,
    on >= adultOn
      ? `申请人已年满${MIN_APPLICANT_AGE}周岁`
      : `申请人未满${MIN_APPLICANT_AGE}周岁（将于${adultOn}年满${MIN_APPLICANT_AGE}周岁）`,
  );

  // REG-3 age: on or after the retirement date the person is above the statutory retirement age.
  const retiresOn = statutoryRetirementDate(birthDate, input.originalRetirementAge);
  check(
    'age_max',
    '未达到法定退休年龄',
    on < retiresOn,
    on < retiresOn ? `未达到法定退休年龄（${retiresOn}）` : `已达到法定退休年龄（${retiresOn}）`,
  );

  // REG-3 + CAT-2 education: the item's requirement, never below junior high.
  const required = educationAtLeast(item.minEducation, MIN_EDUCATION) ? item.minEducation : MIN_EDUCATION;
  const educationOk = educationAtLeast(input.education, required);
  const requirement = `${item.name}要求${REQUIREMENT_LABELS[required]}或同等学历以上`;
  check(
    'education',
    '文化程度',
    educationOk,
    `${requirement}，申请人学历为${EDUCATION_LABELS[input.education]}${educationOk ? '，符合要求' : ''}`,
  );

  // REG-3 health declaration (Order 30 art. 4 (2)).
  if (health === null) {
    check('health_missing', '体检证明', false, '未提交体检证明，请提交社区或者县级以上医疗机构出具的体检证明');
    check('health_institution', '体检机构', false, '未提交体检证明，无法核验出具机构');
    check('health_conditions', '身体条件', false, '未提交体检证明，无法核验身体条件');
  } else {
    check('health_missing', '体检证明', true, `已提交体检证明（${health.issuedAt}）`);
    const institutionName = health.institutionName.trim();
    const institutionOk = health.institutionLevel !== 'other' && institutionName !== '';
    check(
      'health_institution',
      '体检机构',
      institutionOk,
      institutionOk
        ? `体检证明由${institutionName}出具，符合要求`
        : institutionName === ''
          ? '体检证明未填写出具机构，体检证明须由社区或者县级以上医疗机构出具'
          : '体检证明须由社区或者县级以上医疗机构出具',
    );
    // Any recorded condition disqualifies, including a code this list does not know.
    const found = health.disqualifyingConditions.map(
      (code) => DISQUALIFYING_CONDITIONS.find((c) => c.code === code)?.label ?? code,
    );
    check(
      'health_conditions',
      '身体条件',
      found.length === 0,
      found.length === 0
        ? '无妨碍从事特种作业的疾病和生理缺陷'
        : `患有妨碍从事特种作业的疾病或生理缺陷：${found.join('、')}`,
    );
  }

  return { eligible: checks.every((c) => c.passed), checks };
}
