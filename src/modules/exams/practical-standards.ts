// EXM-7, EXM-9, CAT-2: each operation item's practical subjects and scoring standard. The national
// standards (安全技术实际操作考试标准) examine every item in four parts out of 100 — K1 safety
// equipment, K2 safe operation, K3 hazards on site, K4 emergency response — but what each part
// examines differs by category, and the common subjects (extinguisher, breathing apparatus,
// protective dressing, self-rescuer, wound dressing) sit where that category's standard puts them.
// These are the national defaults; a province keeps its own version (settings module).

export const COMMON_SUBJECTS = {
  extinguisher: '灭火器的选择和使用',
  breathing_apparatus: '正压式空气呼吸器的使用',
  protective_dressing: '个人防护用品穿戴',
  self_rescuer: '自救器的使用',
  wound_dressing: '创伤包扎',
} as const;
export type CommonSubject = keyof typeof COMMON_SUBJECTS;

export interface PracticalSubject {
  code: string;
  name: string;
  maxScore: number;
  /** EXM-9: examined on real equipment, not a simulator. */
  realEquipment: boolean;
  commonSubjects: CommonSubject[];
  /** What the examiner checks, in the standard's words; deductions are recorded against these. */
  criteria: string[];
}

export interface PracticalStandardSetting {
  subjects: PracticalSubject[];
}

interface CategoryReading {
  k1: { criteria: string[]; common: CommonSubject[] };
  k2: string[];
  k3: string[];
  k4: { criteria: string[]; common: CommonSubject[] };
}

const CPR = '单人徒手心肺复苏操作';
const READINGS: Record<string, CategoryReading> = {
  '1': {
    k1: { criteria: ['电工仪表安全使用', '电工安全用具使用'], common: [] },
    k2: ['按作业项目完成接线、检修或送电操作', '停送电顺序与验电、挂牌'],
    k3: ['识别并排除配电箱、线路的安全隐患'],
    k4: { criteria: ['触电事故现场的应急处理', CPR, '灭火器的选择和使用'], common: ['extinguisher'] },
  },
  '2': {
    k1: { criteria: ['焊接个人防护用品的正确穿戴', '焊接设备与工具的安全检查'], common: ['protective_dressing'] },
    k2: ['按作业项目完成焊接或切割操作', '气瓶、焊机的安全使用'],
    k3: ['识别并排除焊接作业现场的火灾、触电隐患'],
    k4: { criteria: ['灭火器的选择和使用', '创伤包扎'], common: ['extinguisher', 'wound_dressing'] },
  },
  '3': {
    k1: { criteria: ['安全带、安全帽、防滑鞋的正确穿戴与检查'], common: ['protective_dressing'] },
    k2: ['按作业项目完成登高架设或高处安装、维护、拆除操作'],
    k3: ['识别并排除脚手架、吊篮、作业平台的隐患'],
    k4: { criteria: ['高处坠落事故现场应急处置', '创伤包扎', CPR], common: ['wound_dressing'] },
  },
  '4': {
    k1: { criteria: ['制冷作业个人防护用品穿戴', '检测仪表使用'], common: ['protective_dressing'] },
    k2: ['制冷与空调设备的安全运行或安装修理操作'],
    k3: ['识别并排除制冷剂泄漏、压力容器隐患'],
    k4: { criteria: ['灭火器的选择和使用', '冻伤、窒息事故应急处置', CPR], common: ['extinguisher'] },
  },
  '5': {
    k1: { criteria: ['自救器的佩戴与使用', '便携式检测仪器使用'], common: ['self_rescuer'] },
    k2: ['按作业项目完成井下安全操作'],
    k3: ['识别并排除井下作业地点的安全隐患'],
    k4: { criteria: ['灭火器的选择和使用', '创伤包扎', CPR], common: ['extinguisher', 'wound_dressing'] },
  },
  '6': {
    k1: { criteria: ['自救器的佩戴与使用', '矿山安全防护用品使用'], common: ['self_rescuer'] },
    k2: ['按作业项目完成矿山安全操作'],
    k3: ['识别并排除矿山作业现场的安全隐患'],
    k4: { criteria: ['灭火器的选择和使用', '创伤包扎', CPR], common: ['extinguisher', 'wound_dressing'] },
  },
  '7': {
    k1: { criteria: ['正压式空气呼吸器的使用', '硫化氢检测仪使用'], common: ['breathing_apparatus'] },
    k2: ['司钻岗位安全操作（起下钻、井控）'],
    k3: ['识别并排除井场安全隐患'],
    k4: { criteria: ['井喷、硫化氢泄漏应急处置', '灭火器的选择和使用'], common: ['extinguisher'] },
  },
  '8': {
    k1: { criteria: ['正压式空气呼吸器的使用', '煤气检测仪使用'], common: ['breathing_apparatus'] },
    k2: ['煤气设施的安全操作（置换、堵盲板、动火）'],
    k3: ['识别并排除煤气泄漏隐患'],
    k4: { criteria: ['煤气中毒事故应急处置', CPR, '灭火器的选择和使用'], common: ['extinguisher'] },
  },
  '9': {
    k1: {
      criteria: ['正压式空气呼吸器的使用', '化学防护服等个人防护用品穿戴'],
      common: ['breathing_apparatus', 'protective_dressing'],
    },
    k2: ['危险化工工艺装置的开停车与正常操作（DCS 仿真或实物）'],
    k3: ['识别并排除工艺与设备的安全隐患'],
    k4: { criteria: ['泄漏、火灾事故应急处置', '灭火器的选择和使用'], common: ['extinguisher'] },
  },
  '10': {
    k1: { criteria: ['防静电工作服等个人防护用品穿戴'], common: ['protective_dressing'] },
    k2: ['按作业项目完成涉药安全操作'],
    k3: ['识别并排除药物、工房的安全隐患'],
    k4: { criteria: ['灭火器的选择和使用', '烧伤、爆炸事故应急处置'], common: ['extinguisher'] },
  },
};

const GENERIC: CategoryReading = {
  k1: { criteria: ['安全用具使用'], common: [] },
  k2: ['按作业项目完成安全操作'],
  k3: ['识别并排除作业现场的安全隐患'],
  k4: { criteria: ['作业现场应急处置', '灭火器的选择和使用'], common: ['extinguisher'] },
};

/** The national default standard of an item (EXM-7): K1–K4 of 10/40/20/30, read per category. */
export function nationalPracticalStandard(item: {
  categoryCode: string;
  requiresRealEquipment: boolean;
}): PracticalStandardSetting {
  const r = READINGS[item.categoryCode] ?? GENERIC;
  // EXM-9: the common subjects are always done on real equipment; the operation itself where the item requires it.
  return {
    subjects: [
      {
        code: 'K1',
        name: '安全用具使用',
        maxScore: 10,
        realEquipment: r.k1.common.length > 0 || item.requiresRealEquipment,
        commonSubjects: r.k1.common,
        criteria: r.k1.criteria,
      },
      {
        code: 'K2',
        name: '安全操作技术',
        maxScore: 40,
        realEquipment: item.requiresRealEquipment,
        commonSubjects: [],
        criteria: r.k2,
      },
      {
        code: 'K3',
        name: '作业现场安全隐患排除',
        maxScore: 20,
        realEquipment: item.requiresRealEquipment,
        commonSubjects: [],
        criteria: r.k3,
      },
      {
        code: 'K4',
        name: '作业现场应急处置',
        maxScore: 30,
        realEquipment: true,
        commonSubjects: r.k4.common,
        criteria: r.k4.criteria,
      },
    ],
  };
}

/**
 * EXM-7 / EXM-9 / CAT-2: what a province's standard must keep. Out of 100 (EXM-8 marks are on
 * 100), codes unique, every common subject of the national standard kept and on real equipment,
 * and an item that needs real equipment keeps at least one subject on it. Returns the problems.
 */
export function practicalStandardProblems(
  value: PracticalStandardSetting,
  national: PracticalStandardSetting,
  requiresRealEquipment: boolean,
): string[] {
  const problems: string[] = [];
  const subjects = value.subjects;
  if (subjects.length < 1 || subjects.length > 10) problems.push('科目数须为 1–10 个');
  const codes = subjects.map((s) => s.code);
  if (new Set(codes).size !== codes.length) problems.push('科目代码不得重复');
  const total = subjects.reduce((n, s) => n + s.maxScore, 0);
  if (total !== 100) problems.push(`各科目分值合计须为 100 分（现为 ${total} 分）`);
  const kept = new Set(subjects.flatMap((s) => s.commonSubjects));
  for (const c of national.subjects.flatMap((s) => s.commonSubjects))
    if (!kept.has(c)) problems.push(`国家标准中的通用科目「${COMMON_SUBJECTS[c]}」不得删除`);
  for (const s of subjects)
    if (s.commonSubjects.length && !s.realEquipment) problems.push(`科目 ${s.code} 含通用科目，须使用实物设备考试`);
  if (requiresRealEquipment && !subjects.some((s) => s.realEquipment && s.commonSubjects.length === 0))
    problems.push('该作业项目须使用实物设备考试，至少一个操作科目须使用实物设备');
  return problems;
}
