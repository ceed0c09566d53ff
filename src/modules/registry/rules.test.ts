import { describe, expect, it } from 'vitest';
import {
  checkApplicantConditions,
  defaultOriginalRetirementAge,
  DISQUALIFYING_CONDITIONS,
  EDUCATION_LABELS,
  educationAtLeast,
  statutoryRetirementDate,
  type ApplicantConditionsInput,
  type HealthDeclaration,
} from './rules.js';

// Years and months of age at retirement, from the date the function returns.
function ageAt(birthDate: string, retirementDate: string): string {
  const [by, bm] = birthDate.split('-').map(Number);
  const [ry, rm] = retirementDate.split('-').map(Number);
  const months = (ry - by) * 12 + (rm - bm);
  return `${Math.floor(months / 12)}y${months % 12}m`;
}

describe('statutory retirement age (2024 NPC Standing Committee decision)', () => {
  // Anchor points of the official tables (birth month → retirement age).
  const anchors: Array<[60 | 55 | 50, string, string]> = [
    [60, '1964-12-15', '60y0m'],
    [60, '1965-01-15', '60y1m'],
    [60, '1965-04-15', '60y1m'],
    [60, '1965-05-15', '60y2m'],
    [60, '1976-08-15', '62y11m'],
    [60, '1976-09-15', '63y0m'],
    [60, '1990-01-15', '63y0m'],
    [55, '1969-12-15', '55y0m'],
    [55, '1970-01-15', '55y1m'],
    [55, '1981-09-15', '58y0m'],
    [55, '1995-01-15', '58y0m'],
    [50, '1974-12-15', '50y0m'],
    [50, '1975-01-15', '50y1m'],
    [50, '1975-02-15', '50y1m'],
    [50, '1975-03-15', '50y2m'],
    [50, '1984-10-15', '54y11m'],
    [50, '1984-11-15', '55y0m'],
    [50, '2000-01-15', '55y0m'],
  ];
  for (const [original, birth, age] of anchors) {
    it(`REG-3 retires someone born ${birth.slice(0, 7)} with original age ${original} at ${age}`, () => {
      const date = statutoryRetirementDate(birth, original);
      expect(date.slice(8)).toBe('15');
      expect(ageAt(birth, date)).toBe(age);
    });
  }

  it('REG-3 adds the age and delay to the birth date', () => {
    expect(statutoryRetirementDate('1964-12-20', 60)).toBe('2024-12-20');
    expect(statutoryRetirementDate('1965-01-01', 60)).toBe('2025-02-01');
    expect(statutoryRetirementDate('1975-03-10', 50)).toBe('2025-05-10');
  });

  it("REG-3 clamps to the month's last day when the day does not exist", () => {
    expect(statutoryRetirementDate('1965-01-31', 60)).toBe('2025-02-28'); // +60y1m
    expect(statutoryRetirementDate('1975-01-31', 50)).toBe('2025-02-28'); // +50y1m
    expect(statutoryRetirementDate('1964-02-29', 60)).toBe('2024-02-29');
    expect(statutoryRetirementDate('1963-02-28', 60)).toBe('2023-02-28');
  });

  it('REG-3 refuses malformed input', () => {
    expect(() => statutoryRetirementDate('1965-02-30', 60)).toThrow(RangeError);
    expect(() => statutoryRetirementDate('1965-1-1', 60)).toThrow(RangeError);
    expect(() => statutoryRetirementDate('1965-01-01', 65 as 60)).toThrow(RangeError);
  });

  it('REG-3 defaults men to 60 and women to 50 (workers)', () => {
    expect(defaultOriginalRetirementAge('male')).toBe(60);
    expect(defaultOriginalRetirementAge('female')).toBe(50);
  });
});

describe('education levels', () => {
  it('REG-3 orders education levels and labels them in Chinese', () => {
    expect(educationAtLeast('senior_high', 'junior_high')).toBe(true);
    expect(educationAtLeast('junior_high', 'junior_high')).toBe(true);
    expect(educationAtLeast('junior_high', 'senior_high')).toBe(false);
    expect(educationAtLeast('postgraduate', 'college')).toBe(true);
    expect(EDUCATION_LABELS.senior_high).toBe('高中/中专/技校');
  });

  it('REG-3 lists the nine disqualifying conditions', () => {
    expect(DISQUALIFYING_CONDITIONS.map((c) => c.label)).toEqual([
      '器质性心脏病',
      '癫痫病',
      '美尼尔氏症',
      '眩晕症',
      '癔病',
      '震颤麻痹症',
      '精神病',
      '痴呆症',
      '其他妨碍从事特种作业的疾病和生理缺陷',
    ]);
    expect(new Set(DISQUALIFYING_CONDITIONS.map((c) => c.code)).size).toBe(9);
  });
});

describe('applicant conditions', () => {
  const healthy: HealthDeclaration = {
    issuedAt: '2025-05-01',
    institutionName: '成都市武侯区人民医院',
    institutionLevel: 'county_or_above',
    disqualifyingConditions: [],
  };
  const electrician = { code: '1.2', name: '低压电工作业', minEducation: 'junior_high' as const };
  const chemicals = { code: '9.2', name: '危险化学品安全作业', minEducation: 'senior_high' as const };
  const base: ApplicantConditionsInput = {
    birthDate: '2009-03-04',
    originalRetirementAge: 60,
    education: 'junior_high',
    health: healthy,
    item: electrician,
    on: '2027-03-04',
  };
  const run = (over: Partial<ApplicantConditionsInput>) => checkApplicantConditions({ ...base, ...over });
  const find = (over: Partial<ApplicantConditionsInput>, code: string) => {
    const c = run(over).checks.find((x) => x.code === code);
    if (!c) throw new Error(`no check ${code}`);
    return c;
  };

  it('REG-3 lists every check, each citing REG-3, and finds a qualified applicant eligible', () => {
    const result = run({});
    expect(result.eligible).toBe(true);
    expect(result.checks.map((c) => c.code)).toEqual([
      'age_min',
      'age_max',
      'education',
      'health_missing',
      'health_institution',
      'health_conditions',
    ]);
    expect(result.checks.every((c) => c.rule === 'REG-3' && c.passed && c.label && c.message)).toBe(true);
  });

  it('REG-3 refuses an applicant one day before the 18th birthday', () => {
    const result = run({ on: '2027-03-03' });
    expect(result.eligible).toBe(false);
    expect(find({ on: '2027-03-03' }, 'age_min')).toMatchObject({
      passed: false,
      message: '申请人未满18周岁（将于2027-03-04年满18周岁）',
    });
  });

  it('REG-3 accepts an applicant on the 18th birthday', () => {
    expect(find({ on: '2027-03-04' }, 'age_min').passed).toBe(true);
  });

  it('REG-3 puts the 18th birthday of someone born on 29 February on 28 February', () => {
    expect(find({ birthDate: '2008-02-29', on: '2026-02-27' }, 'age_min').message).toBe(
      '申请人未满18周岁（将于2026-02-28年满18周岁）',
    );
    expect(find({ birthDate: '2008-02-29', on: '2026-02-28' }, 'age_min').passed).toBe(true);
  });

  it('REG-3 accepts an applicant the day before the statutory retirement date', () => {
    // Man born 1966-02-01: 1966-02 is cohort 4 (+4 months) → 60y4m → 2026-06-01.
    const c = find({ birthDate: '1966-02-01', on: '2026-05-31' }, 'age_max');
    expect(c).toMatchObject({ passed: true, message: '未达到法定退休年龄（2026-06-01）' });
  });

  it('REG-3 refuses an applicant on the statutory retirement date', () => {
    const result = run({ birthDate: '1966-02-01', on: '2026-06-01' });
    expect(result.eligible).toBe(false);
    expect(result.checks.find((c) => c.code === 'age_max')).toMatchObject({
      passed: false,
      message: '已达到法定退休年龄（2026-06-01）',
    });
  });

  it('REG-3 uses the original retirement age stored for the person', () => {
    // Woman born 1975-03-01: worker (50) retires 2025-05-01, cadre (55) 2031-07-01.
    expect(find({ birthDate: '1975-03-01', originalRetirementAge: 50, on: '2025-05-01' }, 'age_max').passed).toBe(
      false,
    );
    expect(find({ birthDate: '1975-03-01', originalRetirementAge: 55, on: '2025-05-01' }, 'age_max').passed).toBe(true);
  });

  it('REG-3 refuses a junior-high applicant for hazardous chemicals (CAT-2) with the reason', () => {
    const c = find({ item: chemicals, education: 'junior_high' }, 'education');
    expect(c).toMatchObject({ passed: false, message: '危险化学品安全作业要求高中或同等学历以上，申请人学历为初中' });
    expect(find({ item: chemicals, education: 'senior_high' }, 'education').passed).toBe(true);
    expect(find({ item: chemicals, education: 'bachelor' }, 'education').passed).toBe(true);
  });

  it('REG-3 requires junior high school even where an item asks for less', () => {
    const lax = { ...electrician, minEducation: 'primary' as const };
    const c = find({ item: lax, education: 'primary' }, 'education');
    expect(c).toMatchObject({ passed: false, message: '低压电工作业要求初中或同等学历以上，申请人学历为小学' });
    expect(find({ item: lax, education: 'junior_high' }, 'education').passed).toBe(true);
  });

  it('REG-3 refuses an applicant without a health declaration and fails every health check', () => {
    const result = run({ health: null });
    expect(result.eligible).toBe(false);
    const health = result.checks.filter((c) => c.code.startsWith('health_'));
    expect(health).toHaveLength(3);
    expect(health.every((c) => !c.passed && c.message.includes('未提交体检证明'))).toBe(true);
  });

  it('REG-3 refuses a health declaration from an institution below community or county level', () => {
    const c = find(
      { health: { ...healthy, institutionLevel: 'other', institutionName: '某诊所' } },
      'health_institution',
    );
    expect(c).toMatchObject({ passed: false, message: '体检证明须由社区或者县级以上医疗机构出具' });
    expect(find({ health: { ...healthy, institutionLevel: 'community' } }, 'health_institution').passed).toBe(true);
    expect(find({ health: { ...healthy, institutionName: '  ' } }, 'health_institution').passed).toBe(false);
  });

  it('REG-3 refuses an applicant with a disqualifying condition and names it', () => {
    const health = { ...healthy, disqualifyingConditions: ['epilepsy', 'vertigo'] };
    const result = run({ health });
    expect(result.eligible).toBe(false);
    expect(result.checks.find((c) => c.code === 'health_conditions')).toMatchObject({
      passed: false,
      message: '患有妨碍从事特种作业的疾病或生理缺陷：癫痫病、眩晕症',
    });
    // A condition the list does not know still disqualifies.
    expect(find({ health: { ...healthy, disqualifyingConditions: ['色盲'] } }, 'health_conditions').passed).toBe(false);
  });

  it('REG-3 gives every failed reason at once', () => {
    const result = run({ on: '2026-01-01', item: chemicals, health: null });
    expect(result.checks.filter((c) => !c.passed).map((c) => c.code)).toEqual([
      'age_min',
      'education',
      'health_missing',
      'health_institution',
      'health_conditions',
    ]);
  });

  it('REG-3 throws on a malformed date rather than comparing strings', () => {
    expect(() => run({ on: '2027-3-4' })).toThrow(RangeError);
    expect(() => run({ birthDate: '2009-02-30' })).toThrow(RangeError);
  });
});
