// The national practical standards (EXM-7, EXM-9, CAT-2) as pure data: every item's standard is
// out of 100 and passes the checks a province's own version must pass.
import { describe, expect, it } from 'vitest';
import { NATIONAL_CATALOGUE } from '../catalog/reference.js';
import { nationalPracticalStandard, practicalStandardProblems } from './practical-standards.js';

const REAL = new Set(['1', '2', '3', '4', '10']);
const items = NATIONAL_CATALOGUE.flatMap((c) =>
  c.items.map(([code]) => ({ code, categoryCode: c.code, requiresRealEquipment: REAL.has(c.code) })),
);

describe('national practical standards (EXM-7)', () => {
  it('EXM-7 every one of the 51 items has subjects out of 100 that pass the province checks', () => {
    expect(items).toHaveLength(51);
    for (const item of items) {
      const std = nationalPracticalStandard(item);
      expect(
        std.subjects.reduce((n, s) => n + s.maxScore, 0),
        item.code,
      ).toBe(100);
      expect(practicalStandardProblems(std, std, item.requiresRealEquipment), item.code).toEqual([]);
    }
  });

  it('EXM-9 the common subjects sit where the category examines them, always on real equipment', () => {
    const common = (categoryCode: string) =>
      nationalPracticalStandard({ categoryCode, requiresRealEquipment: REAL.has(categoryCode) })
        .subjects.flatMap((s) => s.commonSubjects)
        .sort();
    expect(common('1')).toEqual(['extinguisher']);
    expect(common('5')).toContain('self_rescuer');
    expect(common('6')).toContain('self_rescuer');
    expect(common('9')).toEqual(['breathing_apparatus', 'extinguisher', 'protective_dressing']);
    expect(common('8')).toContain('breathing_apparatus');
    for (const item of items)
      for (const s of nationalPracticalStandard(item).subjects)
        if (s.commonSubjects.length) expect(s.realEquipment, `${item.code} ${s.code}`).toBe(true);
  });

  it('EXM-9 a province may not drop a common subject, move it off real equipment, or stop using real equipment', () => {
    const item = { categoryCode: '5', requiresRealEquipment: false };
    const national = nationalPracticalStandard(item);
    const dropped = { subjects: national.subjects.map((s) => ({ ...s, commonSubjects: [] })) };
    expect(practicalStandardProblems(dropped, national, false).join()).toContain('自救器的使用');
    const simulated = { subjects: national.subjects.map((s) => ({ ...s, realEquipment: false })) };
    expect(practicalStandardProblems(simulated, national, false).join()).toContain('须使用实物设备');
    const electric = nationalPracticalStandard({ categoryCode: '1', requiresRealEquipment: true });
    const noReal = {
      subjects: electric.subjects.map((s) => ({ ...s, realEquipment: s.commonSubjects.length > 0 })),
    };
    expect(practicalStandardProblems(noReal, electric, true).join()).toContain('至少一个操作科目');
    const over = { subjects: [...electric.subjects, { ...electric.subjects[0], code: 'K5' }] };
    expect(practicalStandardProblems(over, electric, true).join()).toContain('合计须为 100 分（现为 110 分）');
  });
});
