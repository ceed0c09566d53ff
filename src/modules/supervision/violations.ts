// The violation catalogue (SUP-4): the behaviours of training institutions, exam bodies and
// employers the campaign targets (seed 001 §三, seed 003 §一: 3 kinds of party, 19 behaviours) and
// the penalty articles of Order 30 (NATIONAL.md "Penalties the platform records"), each with its
// legal basis and the sanctions a decision may choose from. Data in code, versioned: a case keeps
// the version it was decided under, so a later edit never rewrites an old decision's basis.
// Pure: imported by the web app too.

export const CATALOGUE_VERSION = '2026.1';

export const SANCTION_KINDS = {
  warning: '警告',
  rectify: '责令限期改正',
  fine: '罚款',
  suspend: '暂停业务（停业整顿）',
  cancel_site: '取消考试点资格',
  eliminate: '淘汰清退培训机构',
  revoke_examiner: '取消考评员资格',
  police: '移送公安机关',
} as const;
export type SanctionKind = keyof typeof SANCTION_KINDS;

export const PARTY_KINDS = {
  institution: '培训机构',
  exam_site: '考试机构（考试点）',
  employer: '生产经营单位',
  // Order 30 art. 41: the worker is the party of forging, lending or impersonating a certificate.
  worker: '特种作业人员',
} as const;
export type PartyKind = keyof typeof PARTY_KINDS;

export interface Violation {
  code: string;
  party: PartyKind;
  title: string;
  legalBasis: string;
  sanctions: readonly SanctionKind[];
  /** Fine on the organisation, yuan (inclusive). */
  fine?: { min: number; max: number };
  /** 一案双罚: fine on the directly responsible principal, yuan. */
  principalFine?: { min: number; max: number };
  /** Longest suspension a decision may impose, months. */
  maxSuspendMonths?: number;
}

const O30 = '《特种作业人员安全技术培训考核管理规定》（安监总局令第30号）';
const TRAIN = '《安全生产培训管理办法》';
const AQ = '《安全生产培训机构基本条件》（AQ 8011-2023）';

export const VIOLATIONS: readonly Violation[] = [
  // Training institutions (seed 001 §三(一)(二)).
  {
    code: 'INS-01',
    party: 'institution',
    title: '不符合《基本条件》（管理制度、场所、师资、教学、设施设备任一项）',
    legalBasis: `${AQ}；专项治理方案 三(一)`,
    sanctions: ['rectify', 'suspend', 'eliminate'],
    maxSuspendMonths: 6,
  },
  {
    code: 'INS-02',
    party: 'institution',
    title: '未按大纲组织教学，擅自改变教学内容、压缩学时、实操流于形式',
    legalBasis: `${TRAIN}第三十六条；专项治理方案 三(二)1`,
    sanctions: ['warning', 'rectify', 'fine', 'suspend'],
    fine: { min: 0, max: 30_000 },
    maxSuspendMonths: 6,
  },
  {
    code: 'INS-03',
    party: 'institution',
    title: '未建立培训档案、档案不规范或档案造假（一期一档）',
    legalBasis: `${TRAIN}第三十六条；专项治理方案 三(二)2`,
    sanctions: ['warning', 'rectify', 'fine', 'suspend'],
    fine: { min: 0, max: 30_000 },
    maxSuspendMonths: 6,
  },
  {
    code: 'INS-04',
    party: 'institution',
    title: '以考试点名义招生，宣传或承诺“包过”“保过”，诋毁其他机构',
    legalBasis: `${TRAIN}第三十六条；专项治理方案 三(二)3`,
    sanctions: ['warning', 'rectify', 'fine'],
    fine: { min: 0, max: 30_000 },
  },
  {
    code: 'INS-05',
    party: 'institution',
    title: '弄虚作假、只收费不培训',
    legalBasis: `${TRAIN}第三十五条；专项治理方案 三(二)4`,
    sanctions: ['warning', 'fine', 'suspend', 'eliminate', 'police'],
    fine: { min: 10_000, max: 50_000 },
    maxSuspendMonths: 12,
  },
  {
    code: 'INS-06',
    party: 'institution',
    title: '超出备案范围培训',
    legalBasis: `${TRAIN}第三十六条；专项治理方案 三(二)4`,
    sanctions: ['warning', 'rectify', 'fine', 'suspend'],
    fine: { min: 0, max: 30_000 },
    maxSuspendMonths: 6,
  },
  {
    code: 'INS-07',
    party: 'institution',
    title: '违规转包、分包培训',
    legalBasis: `${TRAIN}第三十六条；专项治理方案 三(二)4`,
    sanctions: ['warning', 'rectify', 'fine', 'suspend'],
    fine: { min: 0, max: 30_000 },
    maxSuspendMonths: 6,
  },
  {
    code: 'INS-08',
    party: 'institution',
    title: '与考试机构相互勾结、组织考生作弊、倒卖证书',
    legalBasis: `${TRAIN}第三十五条；专项治理方案 四(三)`,
    sanctions: ['fine', 'suspend', 'eliminate', 'police'],
    fine: { min: 10_000, max: 50_000 },
    maxSuspendMonths: 12,
  },
  // Exam bodies and sites (seed 001 §三(三)).
  {
    code: 'EXM-01',
    party: 'exam_site',
    title: '考试点一年内未组织开展考试业务',
    legalBasis: '专项治理方案 三(三)1(1)',
    sanctions: ['cancel_site'],
  },
  {
    code: 'EXM-02',
    party: 'exam_site',
    title: '理论或实操考试场地设施设备不达标',
    legalBasis: '专项治理方案 三(三)1(2)',
    sanctions: ['rectify', 'suspend', 'cancel_site'],
    maxSuspendMonths: 6,
  },
  {
    code: 'EXM-03',
    party: 'exam_site',
    title: '监考把关不严，出现大范围作弊',
    legalBasis: '专项治理方案 三(三)1(3)',
    sanctions: ['suspend', 'cancel_site', 'revoke_examiner', 'police'],
    maxSuspendMonths: 12,
  },
  {
    code: 'EXM-04',
    party: 'exam_site',
    title: '以不正当手段协助他人取得考试资格、考试档案造假、考务人员擅离职守',
    legalBasis: '专项治理方案 三(三)2(1)',
    sanctions: ['rectify', 'suspend', 'cancel_site', 'revoke_examiner', 'police'],
    maxSuspendMonths: 12,
  },
  {
    code: 'EXM-05',
    party: 'exam_site',
    title: '协助考生作弊、串通作弊，截留窃取遗失试卷，泄漏考题答案',
    legalBasis: '专项治理方案 三(三)2(2)',
    sanctions: ['rectify', 'suspend', 'cancel_site', 'revoke_examiner', 'police'],
    maxSuspendMonths: 12,
  },
  {
    code: 'EXM-06',
    party: 'exam_site',
    title: '考前准备不到位、考场存在安全隐患、未全程录像',
    legalBasis: '专项治理方案 三(三)2(3)',
    sanctions: ['warning', 'rectify', 'suspend'],
    maxSuspendMonths: 3,
  },
  {
    code: 'EXM-07',
    party: 'exam_site',
    title: '要求培训机构购买指定设备或指定线上学习平台',
    legalBasis: '专项治理方案 三(三)2(4)',
    sanctions: ['warning', 'rectify', 'suspend', 'cancel_site'],
    maxSuspendMonths: 6,
  },
  // Employers (Order 30 art. 38–41; EMP-4).
  {
    code: 'EMP-01',
    party: 'employer',
    title: '未建立健全特种作业人员档案',
    legalBasis: `${O30}第三十八条`,
    sanctions: ['warning', 'rectify', 'fine'],
    fine: { min: 0, max: 10_000 },
  },
  {
    code: 'EMP-02',
    party: 'employer',
    title: '使用未取得特种作业操作证的人员上岗作业（一案双罚）',
    legalBasis: `${O30}第三十九条；《安全生产法》第九十七条`,
    sanctions: ['rectify', 'fine', 'suspend'],
    fine: { min: 0, max: 100_000 },
    principalFine: { min: 10_000, max: 20_000 },
    maxSuspendMonths: 6,
  },
  {
    code: 'EMP-03',
    party: 'employer',
    title: '非法印制、伪造、倒卖特种作业操作证，或使用非法印制、伪造、倒卖的操作证',
    legalBasis: `${O30}第四十条`,
    sanctions: ['warning', 'fine', 'police'],
    fine: { min: 10_000, max: 30_000 },
  },
  {
    code: 'EMP-04',
    party: 'employer',
    title: '使用证书过期、逾期未复审或已被撤销的人员作业（一案双罚）',
    legalBasis: `${O30}第三十九条；《安全生产法》第九十七条`,
    sanctions: ['rectify', 'fine', 'suspend'],
    fine: { min: 0, max: 100_000 },
    principalFine: { min: 10_000, max: 20_000 },
    maxSuspendMonths: 6,
  },
  // Workers (Order 30 art. 41; NATIONAL.md "Penalties the platform records").
  {
    code: 'WRK-01',
    party: 'worker',
    title: '伪造、涂改特种作业操作证或者使用伪造的特种作业操作证',
    legalBasis: `${O30}第四十一条第一款`,
    sanctions: ['warning', 'fine', 'police'],
    fine: { min: 1_000, max: 5_000 },
  },
  {
    code: 'WRK-02',
    party: 'worker',
    title: '转借、转让、冒用特种作业操作证（含冒名顶替参加考试）',
    legalBasis: `${O30}第四十一条第二款`,
    sanctions: ['warning', 'fine', 'police'],
    fine: { min: 2_000, max: 10_000 },
  },
];

export function findViolation(code: string): Violation | undefined {
  return VIOLATIONS.find((v) => v.code === code);
}

export interface DecisionInput {
  sanctions: readonly SanctionKind[];
  fineYuan?: number | null;
  principalFineYuan?: number | null;
  suspendMonths?: number | null;
}

/**
 * SUP-4: a decision may choose only the sanctions the catalogue allows for the violation, a fine
 * only within its range, a principal's fine only where the violation is 一案双罚, and a suspension
 * no longer than the catalogue's maximum. Returns the refusal in Chinese, or null.
 */
export function decisionRefusal(v: Violation, d: DecisionInput): string | null {
  if (!d.sanctions.length) return '请至少选择一项处理措施。';
  const disallowed = d.sanctions.filter((s) => !v.sanctions.includes(s));
  if (disallowed.length)
    return `「${v.title}」不可适用：${disallowed.map((s) => SANCTION_KINDS[s]).join('、')}。可选：${v.sanctions.map((s) => SANCTION_KINDS[s]).join('、')}。`;
  const fining = d.sanctions.includes('fine');
  if (fining) {
    if (d.fineYuan == null) return '选择罚款须填写罚款金额。';
    // A fine of 0 is no fine: the floor is at least 1 yuan even where the article sets none.
    const lo = Math.max(1, v.fine?.min ?? 1);
    if (!v.fine || d.fineYuan < lo || d.fineYuan > v.fine.max)
      return `罚款金额 ${d.fineYuan} 元超出裁量范围（${v.fine ? `${lo}–${v.fine.max}` : '不适用'} 元）。`;
  } else if (d.fineYuan) return '未选择罚款，不应填写罚款金额。';
  if (d.principalFineYuan != null) {
    if (!fining || !v.principalFine) return '该违法行为不适用对主要负责人的罚款（一案双罚）。';
    if (d.principalFineYuan < v.principalFine.min || d.principalFineYuan > v.principalFine.max)
      return `对主要负责人的罚款 ${d.principalFineYuan} 元超出范围（${v.principalFine.min}–${v.principalFine.max} 元）。`;
  }
  if (d.sanctions.includes('suspend')) {
    const max = v.maxSuspendMonths ?? 0;
    if (!d.suspendMonths || d.suspendMonths < 1 || d.suspendMonths > max) return `暂停期限应为 1–${max} 个月。`;
  } else if (d.suspendMonths) return '未选择暂停业务，不应填写暂停期限。';
  return null;
}

/** A suspension's last day: the day before the same date `months` later (a month from 3-15 ends 4-14). */
export function suspensionEnd(startsOn: string, months: number): string {
  const [y, m, d] = startsOn.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1 + months, d));
  // 1-31 + 1 month overflows into March in JS: clamp to the month's last day first.
  if (end.getUTCDate() !== d) end.setUTCDate(0);
  else end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}
