import { describe, expect, it } from 'vitest';
import { compliantFacts, compliantTeachers } from './examples.js';
import {
  blockingConditions,
  certificateRows,
  evaluateBasicConditions,
  premisesConditions,
  teacherProblems,
  type Teacher,
} from './rules.js';

const names = { '1': '电工作业', '2': '焊接与热切割作业', '4': '制冷与空调作业' };
const on = '2026-11-23';
const find = (conditions: ReturnType<typeof evaluateBasicConditions>, id: string) =>
  conditions.find((x) => x.id === id)!;
const evaluate = (over: { facts?: ReturnType<typeof compliantFacts>; teachers?: Teacher[]; scope?: string[] } = {}) =>
  evaluateBasicConditions({
    facts: over.facts ?? compliantFacts(),
    teachers: over.teachers ?? compliantTeachers(),
    scope: over.scope ?? ['1.1'],
    categoryNames: names,
    on,
  });

describe('basic conditions (seed 001 annex)', () => {
  it('INS-2 a compliant institution meets every condition; certificates are only declared (INS-4)', () => {
    const conditions = evaluate();
    expect(blockingConditions(conditions)).toEqual([]);
    expect(find(conditions, 'teachers_certificate_1')).toMatchObject({ status: 'declared', annexItem: '三、4' });
    expect(conditions.every((x) => x.annexItem && x.reason)).toBe(true);
  });

  it('INS-2 theory room: exactly 60 trainees at exactly 1.5 m² each is met; 59 or 89.9 m² is not', () => {
    const base = compliantFacts().premises;
    const room = (capacity: number, area: number) =>
      premisesConditions({ ...base, theoryRoomCapacity: capacity, theoryRoomAreaM2: area }).find(
        (x) => x.id === 'theory_room',
      )!;
    expect(room(60, 90).status).toBe('met');
    expect(room(59, 90).status).toBe('not_met');
    expect(room(60, 89.9).status).toBe('not_met');
    expect(room(60, 89.9).reason).toContain('人均');
    expect(premisesConditions({ ...base, theoryRoomAreaM2: null }).find((x) => x.id === 'theory_room')!.status).toBe(
      'no_data',
    );
  });

  it('INS-2 premises: leased exactly 3 years is met, 2 years not; owned is met; ≥ 2 exits on both sides', () => {
    const base = compliantFacts().premises;
    const tenure = (p: Partial<typeof base>) =>
      premisesConditions({ ...base, ...p }).find((x) => x.id === 'tenure')!.status;
    expect(tenure({ tenure: 'leased', leaseYears: 3 })).toBe('met');
    expect(tenure({ tenure: 'leased', leaseYears: 2 })).toBe('not_met');
    expect(tenure({ tenure: 'leased', leaseYears: null })).toBe('no_data');
    expect(tenure({ tenure: 'owned', leaseYears: null })).toBe('met');
    expect(tenure({ tenure: null })).toBe('no_data');
    const exits = (n: number) => premisesConditions({ ...base, exits: n }).find((x) => x.id === 'exits')!;
    expect(exits(2).status).toBe('met');
    expect(exits(1)).toMatchObject({ status: 'not_met', annexItem: '二、4' });
  });

  it('INS-2 the three emergency plans: a missing stampede plan is named', () => {
    const facts = compliantFacts();
    facts.emergencyPlans.stampede = false;
    expect(find(evaluate({ facts }), 'emergency_plans')).toMatchObject({
      status: 'not_met',
      annexItem: '一、2',
      reason: '缺少踩踏专项应急预案',
    });
  });

  it('INS-2 management rules: each missing rule is named', () => {
    const facts = compliantFacts();
    facts.managementRules = facts.managementRules.filter((r) => r !== 'finance');
    expect(find(evaluate({ facts }), 'rules').reason).toBe('缺少：财务管理');
  });

  it('INS-3 three teachers per category is met, two is not', () => {
    expect(find(evaluate(), 'teachers_count_1').status).toBe('met');
    expect(find(evaluate({ teachers: compliantTeachers().slice(0, 2) }), 'teachers_count_1')).toMatchObject({
      status: 'not_met',
      reason: '2 名（要求不少于 3 名）',
    });
  });

  it('INS-3 electrical, welding and height work need a full-time teacher; refrigeration does not', () => {
    const partTime = compliantTeachers(['1', '4']).map((t) => ({ ...t, fullTime: false }));
    const conditions = evaluate({ teachers: partTime, scope: ['1.1', '4.1'], facts: compliantFacts(['1', '4']) });
    expect(find(conditions, 'teachers_fulltime_1').status).toBe('not_met');
    expect(conditions.find((x) => x.id === 'teachers_fulltime_4')).toBeUndefined();
  });

  it('INS-3 teacher qualifications: 5 years of practice on both sides, retirees, education by kind', () => {
    const t = compliantTeachers()[0];
    expect(teacherProblems({ ...t, practiceYears: 5 }).problems).toEqual([]);
    expect(teacherProblems({ ...t, practiceYears: 4 }).problems).toEqual(['实践经验 4 年，不足 5 年']);
    expect(teacherProblems({ ...t, retired: true }).problems).toContain('聘用退休人员担任专职教师');
    expect(teacherProblems({ ...t, fullTime: false, retired: true }).problems).toEqual([]);
    expect(teacherProblems({ ...t, education: 'senior_high' }).problems).toContain('线下理论教师学历低于大专');
    expect(teacherProblems({ ...t, education: 'college' }).problems).toEqual([]);
    const online: Teacher = { ...t, kinds: ['online_theory'], education: 'college' };
    expect(teacherProblems(online).problems).toEqual([
      '线上理论教师学历低于本科',
      '线上理论教师无中级注册安全工程师或高级职称',
    ]);
    expect(teacherProblems({ ...online, education: 'bachelor', seniorTitle: true }).problems).toEqual([]);
    expect(teacherProblems({ ...t, certificates: [] }).problems[0]).toContain('实操教师无所授类别');
    expect(teacherProblems({ ...t, certificates: [], intermediateSkillCertificate: true }).problems).toEqual([]);
    expect(teacherProblems({ ...t, practiceYears: null }).missing).toEqual(['实践年限']);
  });

  it('INS-4 a certificate valid until yesterday is not met; valid until today is declared, never verified', () => {
    const until = (validUntil: string) =>
      compliantTeachers().map((t) => ({ ...t, certificates: t.certificates.map((x) => ({ ...x, validUntil })) }));
    expect(find(evaluate({ teachers: until('2026-11-22') }), 'teachers_certificate_1').status).toBe('not_met');
    expect(find(evaluate({ teachers: until(on) }), 'teachers_certificate_1').status).toBe('declared');
  });

  it('INS-3 managers: three qualified is met; a retiree or a missing contract is not', () => {
    const facts = compliantFacts();
    expect(find(evaluate({ facts }), 'managers').status).toBe('met');
    facts.managers[2] = { ...facts.managers[2], retired: true };
    expect(find(evaluate({ facts }), 'managers')).toMatchObject({ status: 'not_met', annexItem: '三、6' });
    facts.managers[2] = { ...facts.managers[2], retired: null };
    expect(find(evaluate({ facts }), 'managers').status).toBe('no_data');
  });

  it('INS-2 equipment: real equipment for electrical work; refrigeration may be physical simulation but not full simulation', () => {
    const facts = compliantFacts(['1', '4']);
    facts.equipment.practical = [
      { categoryCode: '1', kind: 'physical_simulation', tenure: 'owned', leaseYears: null },
      { categoryCode: '4', kind: 'physical_simulation', tenure: 'leased', leaseYears: 3 },
    ];
    const conditions = evaluate({ facts, teachers: compliantTeachers(['1', '4']), scope: ['1.1', '4.1'] });
    expect(find(conditions, 'practical_equipment_1')).toMatchObject({
      status: 'not_met',
      reason: '须配备真实设备，登记的为仿真或模拟设备',
    });
    expect(find(conditions, 'practical_equipment_4').status).toBe('met');
    facts.equipment.practical[1] = { categoryCode: '4', kind: 'full_simulation', tenure: 'owned', leaseYears: null };
    expect(
      find(evaluate({ facts, teachers: compliantTeachers(['1', '4']), scope: ['1.1', '4.1'] }), 'practical_equipment_4')
        .status,
    ).toBe('not_met');
    facts.equipment.identityAttendance = null;
    expect(find(evaluate({ facts }), 'attendance_device').status).toBe('no_data');
  });

  it('INS-4 the certificate table has one row per teacher per category, with declared state in 备注', () => {
    const t = { ...compliantTeachers()[0], categoryCodes: ['1', '2'] };
    const rows = certificateRows([t], names, on);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ categoryName: '电工作业', held: '是', note: '机构申报，尚未与平台证书核验' });
    expect(rows[1]).toMatchObject({ categoryName: '焊接与热切割作业', held: '否', number: '', note: '未申报证书' });
  });
});

describe('issue 17: AQ 8011 teaching and archives, and the platform register at filing', () => {
  it('INS-2 teaching (annex 四): an own online platform lacking one of the 13 functions is not met, naming it', () => {
    const facts = compliantFacts();
    facts.teaching = {
      ...facts.teaching!,
      onlinePlatform: 'own',
      ownPlatformFunctions: ['课程管理', '实名注册', '远程教学', '交流互动', '学习记录', '学时证明', '档案管理'],
    };
    const condition = find(evaluate({ facts }), 'online_platform');
    expect(condition).toMatchObject({ status: 'not_met', annexItem: '四、4' });
    expect(condition.reason).toBe('自建平台缺少：查询统计、人像抓拍、人脸识别、屏蔽快进、防止多点登录、无操作锁屏');
    facts.teaching = { ...facts.teaching, onlinePlatform: 'none', onlineCoursesReviewed: null };
    expect(blockingConditions(evaluate({ facts }))).toEqual([]);
  });

  it('INS-2 archives (annex 六): paper archives need an archive room; electronic ones are kept here', () => {
    const facts = compliantFacts();
    facts.archives = { storage: 'paper', archiveRoom: false };
    expect(find(evaluate({ facts }), 'archive_storage')).toMatchObject({ status: 'not_met', annexItem: '六、2' });
    facts.archives = { storage: 'both', archiveRoom: true };
    expect(find(evaluate({ facts }), 'archive_storage').status).toBe('met');
    expect(find(evaluate({ facts }), 'archive_per_class')).toMatchObject({ status: 'met', annexItem: '六、1' });
  });

  it('INS-4 a certificate the platform register refuses does not count; one it holds valid is verified (met)', () => {
    const verified = compliantTeachers().map((t) => ({
      ...t,
      certificates: t.certificates.map((x) => ({
        ...x,
        platform: { status: 'valid', label: '平台核验有效', refused: false },
      })),
    }));
    expect(find(evaluate({ teachers: verified }), 'teachers_certificate_1')).toMatchObject({
      status: 'met',
      reason: '均经平台证书库核验有效',
    });
    const [first, ...rest] = verified;
    const revoked = {
      ...first,
      certificates: first.certificates.map((x) => ({
        ...x,
        platform: { status: 'revoked', label: '平台显示已吊销', refused: true },
      })),
    };
    const condition = find(evaluate({ teachers: [revoked, ...rest] }), 'teachers_certificate_1');
    expect(condition.status).toBe('not_met');
    expect(condition.reason).toContain(`${first.name}（${first.certificates[0].number}：平台显示已吊销）`);
    expect(teacherProblems(revoked).problems[0]).toContain('实操教师无所授类别');
  });
});
