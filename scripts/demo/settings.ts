// 省级设置 for the demo: Sichuan's own versions of what the national rules leave to a province, so
// the settings pages show the national value beside a province's, versions and a pending one.
import { chinaDate } from '../../src/kernel/clock.js';
import type { Actor } from '../../src/kernel/access.js';
import type { AppContext } from '../../src/kernel/context.js';
import { CHINA_2026_CALENDAR } from '../../src/modules/certificates/index.js';
import { nationalPracticalStandard } from '../../src/modules/exams/index.js';
import { recordSetting } from '../../src/modules/settings/index.js';

export async function seedProvinceSettingsDemo(ctx: AppContext, a: { province: Actor }): Promise<void> {
  const today = chinaDate(ctx.clock.now());
  const nextYear = `${Number(today.slice(0, 4)) + 1}-01-01`;
  const record = (kind: Parameters<typeof recordSetting>[3], key: string, value: unknown, note: string, on = today) =>
    recordSetting(ctx, a.province, '510000', kind, { key, value, effectiveFrom: on, note });

  // Issue 22: the second factor stays optional for every role in the demo, so the README's demo
  // logins keep working with a password alone; a province lists here the roles that must use it.
  await record(
    'second_factor',
    '',
    { required: [] },
    '演示环境：各角色均可选开通第二重验证；正式上线前由省级监管部门指定须使用的角色（如各级监管部门、考核发证机关）',
  );
  // CAT-2: Sichuan's hours for the items its institutions train most, above the catalogue's.
  await record(
    'syllabus_hours',
    '3.1',
    { theoryHours: 56, practicalHours: 40 },
    '川应急〔2026〕12号：登高架设加强实操',
  );
  await record('syllabus_hours', '9.16', { theoryHours: 88, practicalHours: 40 }, '川应急〔2026〕12号');
  // CAT-2 / EXM-9: gas work (8.1) examined on real equipment and open to senior-high graduates only.
  await record(
    'item_details',
    '8.1',
    { requiresRealEquipment: true, minEducation: 'senior_high' },
    '冶金煤气作业风险较高，省级从严',
  );
  // EXM-7: 登高架设 gets a fifth subject on fall-arrest equipment; the common subjects stay.
  const national = nationalPracticalStandard({ categoryCode: '3', requiresRealEquipment: true });
  await record(
    'practical_standard',
    '3.1',
    {
      subjects: [
        national.subjects[0],
        national.subjects[1],
        { ...national.subjects[2], maxScore: 15 },
        { ...national.subjects[3], maxScore: 25 },
        {
          code: 'K5',
          name: '防坠落装置检查与系挂',
          maxScore: 10,
          realEquipment: true,
          commonSubjects: [],
          criteria: ['速差防坠器外观与制动检查', '安全带高挂低用、系挂点选择'],
        },
      ],
    },
    '四川省登高架设作业实操考试补充科目',
  );
  // SUP-1: uncertified work weighs more in Sichuan's random draw.
  await record(
    'risk_weights',
    '',
    { uncertified: 8, overdueFilings: 2, certificatesAtRisk: 1, injuries: 5 },
    '2026 年专项整治：无证上岗权重加大',
  );
  // INS-5: from next year inspections weigh more and self-assessment less (a pending version).
  await record(
    'rating_weights',
    '',
    {
      self_assessment: 5,
      third_party: 20,
      training_quality: 20,
      inspections: 30,
      spot_exams: 10,
      trainee_reviews: 15,
    },
    '下一年度起加重日常检查',
    nextYear,
  );
  // SUP-4: the province's own regulation cited beside Order 30 for uncertified workers.
  await record(
    'legal_bases',
    'EMP-02',
    {
      legalBasis:
        '《特种作业人员安全技术培训考核管理规定》（安监总局令第30号）第三十九条；《安全生产法》第九十七条；《四川省安全生产条例》相关条款',
    },
    '援引地方性法规',
  );
  // CER-1: the year's public holidays and adjusted working days as Sichuan counts them.
  await record('calendar', '2026', { days: CHINA_2026_CALENDAR }, '国务院办公厅 2026 年部分节假日安排');
}
