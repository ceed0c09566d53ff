// The basic conditions of AQ 8011-2023 as the regulators' checklist (seed 001 annex) lists them
// (INS-2, INS-3, INS-4), evaluated from the facts an institution recorded. Pure: no I/O, so the
// web app can show the same verdicts. Every condition names the annex item it comes from.

// Education levels and the management rules live in src/shared, which the web app imports too.
import { MANAGEMENT_RULES } from '../../shared/institutions.js';
import { EDUCATIONS, type Education } from '../../shared/registry.js';

export { MANAGEMENT_RULES, type Education };

const atLeast = (actual: Education | null | undefined, required: Education) =>
  actual ? EDUCATIONS.indexOf(actual) >= EDUCATIONS.indexOf(required) : null;

/** met / not met / no data; 'declared' = stated by the institution, not checked against platform records (INS-4). */
export type ConditionStatus = 'met' | 'not_met' | 'no_data' | 'declared';

export interface Condition {
  id: string;
  aspect: string;
  /** The item of seed 001's annex, e.g. '二、4'. */
  annexItem: string;
  label: string;
  status: ConditionStatus;
  reason: string;
}

export interface Premises {
  tenure: 'owned' | 'leased' | null;
  leaseYears: number | null;
  exits: number | null;
  theoryRoomCapacity: number | null;
  theoryRoomAreaM2: number | null;
  fireAcceptance: boolean | null;
  /** Basement, residential, temporary or illegal building (二、3). */
  prohibitedLocation: boolean | null;
  multimedia: boolean | null;
  practicalSiteAdequate: boolean | null;
}

export interface Manager {
  name: string;
  education: Education | null;
  labourContract: boolean | null;
  retired: boolean | null;
  /**
   * EXM-2: the manager's ID number as stored — a keyed hash to match exam staff, and a masked copy to
   * show; the number itself is never kept in the filing. Optional: older filings have none.
   */
  idNumberHash?: string | null;
  idNumberMasked?: string | null;
}

export interface PracticalEquipment {
  categoryCode: string;
  kind: 'real' | 'physical_simulation' | 'full_simulation';
  tenure: 'owned' | 'leased';
  leaseYears: number | null;
}

export interface Equipment {
  identityAttendance: boolean | null;
  cctvRecorded: boolean | null;
  cctvNoBlindSpots: boolean | null;
  emergencySupplies: boolean | null;
  practicalLedger: boolean | null;
  practical: PracticalEquipment[];
}

export interface EmergencyPlans {
  fire: boolean;
  stampede: boolean;
  electricShock: boolean;
  evacuationContent: boolean | null;
}

/** AQ 8011 annex 四、4 (seed 001): the 13 functions an online training platform has at least. */
export const ONLINE_PLATFORM_FUNCTIONS = [
  '课程管理',
  '实名注册',
  '远程教学',
  '交流互动',
  '学习记录',
  '学时证明',
  '档案管理',
  '查询统计',
  '人像抓拍',
  '人脸识别',
  '屏蔽快进',
  '防止多点登录',
  '无操作锁屏',
] as const;

/** INS-2 teaching (AQ 8011 annex 四): what the institution states of its teaching. */
export interface Teaching {
  /** 四、1 教学评估考核机制 */
  evaluationMechanism: boolean | null;
  /** 四、2 教材与课件满足培训大纲并定期更新、审核 */
  materialsReviewed: boolean | null;
  /** 四、4 online theory: none; this platform's learning module (TRN-3, all 13 functions); or its own platform. */
  onlinePlatform: 'none' | 'provincial' | 'own' | null;
  /** 四、4: the functions an own platform has (names of ONLINE_PLATFORM_FUNCTIONS). */
  ownPlatformFunctions: string[];
  /** 四、5 机构审核线上课程符合大纲并全过程管理线上教学 */
  onlineCoursesReviewed: boolean | null;
}

/** INS-2 archives (AQ 8011 annex 六). */
export interface Archives {
  /** 六、2 how archives are kept: paper needs an archive room, electronic must stay queryable and verifiable. */
  storage: 'paper' | 'electronic' | 'both' | null;
  /** 六、2 档案管理室满足防火、防盗、防潮要求 (paper archives). */
  archiveRoom: boolean | null;
}

export interface FilingFacts {
  premises: Premises;
  managers: Manager[];
  equipment: Equipment;
  emergencyPlans: EmergencyPlans;
  managementRules: string[];
  /** Absent on filings made before the teaching and archive aspects were evaluated: judged as not reported. */
  teaching?: Teaching;
  archives?: Archives;
}

export type TeacherKind = 'offline_theory' | 'online_theory' | 'practical';

export interface DeclaredCertificate {
  categoryCode: string;
  number: string;
  validUntil: string;
  /**
   * INS-2/INS-4: what the platform's register says of it, when it was asked (filing review): a
   * certificate the register shows revoked, expired, cancelled or of another category does not count.
   */
  platform?: { status: string; label: string; refused: boolean };
}

/** A declared certificate that counts for `category` on `on`: in date and not refused by the platform register. */
const counts = (x: DeclaredCertificate, category: string, on: string) =>
  x.categoryCode === category && x.validUntil >= on && !x.platform?.refused;

export interface Teacher {
  name: string;
  kinds: TeacherKind[];
  fullTime: boolean;
  categoryCodes: string[];
  education: Education | null;
  practiceYears: number | null;
  labourContract: boolean | null;
  retired: boolean | null;
  registeredSafetyEngineer: boolean;
  seniorTitle: boolean;
  intermediateSkillCertificate: boolean;
  certificates: DeclaredCertificate[];
}

/** Electrical, welding and thermal cutting, work at height: a full-time teacher and real equipment (annex 三、2, 五、4). */
export const CORE_CATEGORIES = ['1', '2', '3'];
export const categoryOf = (itemCode: string) => itemCode.split('.')[0];

/** INS-4: from this day no trainer may teach without the certificate of the category (seed 002 §4). */
export const TRAINER_CERTIFICATE_FROM = '2024-07-01';

export const MIN_THEORY_CAPACITY = 60;
export const MIN_AREA_PER_TRAINEE_M2 = 1.5;
export const MIN_LEASE_YEARS = 3;
export const MIN_EXITS = 2;
export const MIN_TEACHERS_PER_CATEGORY = 3;
export const MIN_MANAGERS = 3;
export const MIN_PRACTICE_YEARS = 5;

const c = (
  id: string,
  aspect: string,
  annexItem: string,
  label: string,
  status: ConditionStatus,
  reason: string,
): Condition => ({ id, aspect, annexItem, label, status, reason });
const yesNo = (
  v: boolean | null | undefined,
  id: string,
  aspect: string,
  annexItem: string,
  label: string,
  yes: string,
  no: string,
) =>
  c(id, aspect, annexItem, label, v == null ? 'no_data' : v ? 'met' : 'not_met', v == null ? '未填报' : v ? yes : no);

function managementConditions(f: FilingFacts): Condition[] {
  const missing = MANAGEMENT_RULES.filter(([code]) => !f.managementRules.includes(code)).map(([, label]) => label);
  const plans = f.emergencyPlans;
  const missingPlans = [!plans.fire && '火灾', !plans.stampede && '踩踏', !plans.electricShock && '触电'].filter(
    Boolean,
  );
  return [
    c(
      'rules',
      '培训管理制度',
      '一、1',
      '建立规定的各项管理制度',
      missing.length ? 'not_met' : 'met',
      missing.length ? `缺少：${missing.join('、')}` : '十项管理制度齐全',
    ),
    c(
      'emergency_plans',
      '培训管理制度',
      '一、2',
      '火灾、踩踏、触电三类专项应急预案',
      missingPlans.length ? 'not_met' : 'met',
      missingPlans.length ? `缺少${missingPlans.join('、')}专项应急预案` : '三类专项应急预案齐全',
    ),
    yesNo(
      plans.evacuationContent,
      'evacuation',
      '培训管理制度',
      '一、2',
      '预案含员工、学员逃生疏散内容',
      '含逃生疏散内容',
      '预案缺少逃生疏散内容',
    ),
  ];
}

/** INS-2 premises: fixed, owned or leased ≥ 3 years, ≥ 2 exits, theory room for ≥ 60 at ≥ 1.5 m² each. */
export function premisesConditions(p: Premises): Condition[] {
  const aspect = '培训场所';
  const tenure =
    p.tenure === null
      ? c('tenure', aspect, '二、1', '场所自有或长期租赁（不低于3年）', 'no_data', '未填报产权或租赁情况')
      : p.tenure === 'owned'
        ? c('tenure', aspect, '二、1', '场所自有或长期租赁（不低于3年）', 'met', '自有场所')
        : p.leaseYears === null
          ? c('tenure', aspect, '二、1', '场所自有或长期租赁（不低于3年）', 'no_data', '租赁场所未填报租期')
          : c(
              'tenure',
              aspect,
              '二、1',
              '场所自有或长期租赁（不低于3年）',
              p.leaseYears >= MIN_LEASE_YEARS ? 'met' : 'not_met',
              `租期 ${p.leaseYears} 年（要求不低于 ${MIN_LEASE_YEARS} 年）`,
            );
  const exits =
    p.exits === null
      ? c('exits', aspect, '二、4', '2个以上安全出口', 'no_data', '未填报安全出口数量')
      : c(
          'exits',
          aspect,
          '二、4',
          '2个以上安全出口',
          p.exits >= MIN_EXITS ? 'met' : 'not_met',
          `安全出口 ${p.exits} 个（要求不少于 ${MIN_EXITS} 个）`,
        );
  let room: Condition;
  if (p.theoryRoomCapacity === null || p.theoryRoomAreaM2 === null) {
    room = c(
      'theory_room',
      aspect,
      '二、6',
      '理论场地同期60人以上、人均1.5㎡以上',
      'no_data',
      '未填报理论培训场地容量或面积',
    );
  } else {
    const perTrainee = p.theoryRoomCapacity > 0 ? p.theoryRoomAreaM2 / p.theoryRoomCapacity : 0;
    const problems = [
      p.theoryRoomCapacity < MIN_THEORY_CAPACITY && `容量 ${p.theoryRoomCapacity} 人，不足 ${MIN_THEORY_CAPACITY} 人`,
      // DOMAIN INS-2 reads "≥ 1.5 m² each": exactly 1.5 m² meets it.
      perTrainee < MIN_AREA_PER_TRAINEE_M2 && `人均 ${perTrainee.toFixed(2)}㎡，不足 ${MIN_AREA_PER_TRAINEE_M2}㎡`,
    ].filter(Boolean);
    room = c(
      'theory_room',
      aspect,
      '二、6',
      '理论场地同期60人以上、人均1.5㎡以上',
      problems.length ? 'not_met' : 'met',
      problems.length
        ? problems.join('；')
        : `容量 ${p.theoryRoomCapacity} 人，面积 ${p.theoryRoomAreaM2}㎡，人均 ${perTrainee.toFixed(2)}㎡`,
    );
  }
  return [
    tenure,
    yesNo(
      p.fireAcceptance,
      'fire_acceptance',
      aspect,
      '二、2',
      '建筑履行消防验收备案手续',
      '已履行消防验收备案',
      '未履行消防验收备案',
    ),
    yesNo(
      p.prohibitedLocation === null ? null : !p.prohibitedLocation,
      'location',
      aspect,
      '二、3',
      '不设在地下、住宅、临时或违规建筑内',
      '场所位置符合要求',
      '场所设在禁止的位置',
    ),
    exits,
    room,
    yesNo(p.multimedia, 'multimedia', aspect, '二、6', '配备多媒体教学设备', '已配备', '未配备多媒体教学设备'),
    yesNo(
      p.practicalSiteAdequate,
      'practical_site',
      aspect,
      '二、6',
      '实际操作场地满足培训需求',
      '满足',
      '实际操作场地不满足需求',
    ),
  ];
}

/** Problems of one teacher against annex 三、1, 三、3, 三、4 (INS-3); null entries = no data. */
export function teacherProblems(t: Teacher): { problems: string[]; missing: string[] } {
  const problems: string[] = [];
  const missing: string[] = [];
  if (t.practiceYears === null) missing.push('实践年限');
  else if (t.practiceYears < MIN_PRACTICE_YEARS)
    problems.push(`实践经验 ${t.practiceYears} 年，不足 ${MIN_PRACTICE_YEARS} 年`);
  if (t.fullTime) {
    if (t.labourContract === null) missing.push('劳动合同');
    else if (!t.labourContract) problems.push('专职教师未签订劳动（聘用）合同');
    if (t.retired === null) missing.push('是否退休');
    else if (t.retired) problems.push('聘用退休人员担任专职教师');
  }
  if (t.kinds.includes('offline_theory')) {
    const ok = atLeast(t.education, 'college');
    if (ok === null) missing.push('学历');
    else if (!ok) problems.push('线下理论教师学历低于大专');
  }
  if (t.kinds.includes('online_theory')) {
    const ok = atLeast(t.education, 'bachelor');
    if (ok === null) missing.push('学历');
    else if (!ok) problems.push('线上理论教师学历低于本科');
    if (!t.registeredSafetyEngineer && !t.seniorTitle) problems.push('线上理论教师无中级注册安全工程师或高级职称');
  }
  if (t.kinds.includes('practical')) {
    const uncovered = t.categoryCodes.filter(
      (cat) => !t.certificates.some((x) => x.categoryCode === cat && !x.platform?.refused),
    );
    if (uncovered.length && !t.intermediateSkillCertificate)
      problems.push(`实操教师无所授类别（${uncovered.join('、')}）的特种作业操作证或中级工证书`);
  }
  return { problems, missing: [...new Set(missing)] };
}

export function teacherConditions(
  teachers: Teacher[],
  scopeItems: string[],
  categoryNames: Record<string, string>,
  on: string,
): Condition[] {
  const aspect = '培训教师及管理人员';
  const categories = [...new Set(scopeItems.map(categoryOf))].sort((a, b) => Number(a) - Number(b));
  const out: Condition[] = [];
  for (const cat of categories) {
    const name = categoryNames[cat] ?? `类别${cat}`;
    const ofCat = teachers.filter((t) => t.categoryCodes.includes(cat));
    out.push(
      c(
        `teachers_count_${cat}`,
        aspect,
        '三、2',
        `${name}专（兼）职教师3名以上`,
        ofCat.length >= MIN_TEACHERS_PER_CATEGORY ? 'met' : 'not_met',
        `${ofCat.length} 名（要求不少于 ${MIN_TEACHERS_PER_CATEGORY} 名）`,
      ),
    );
    if (CORE_CATEGORIES.includes(cat)) {
      const fullTime = ofCat.filter((t) => t.fullTime).length;
      out.push(
        c(
          `teachers_fulltime_${cat}`,
          aspect,
          '三、2',
          `${name}至少1名专职教师`,
          fullTime >= 1 ? 'met' : 'not_met',
          `专职教师 ${fullTime} 名`,
        ),
      );
    }
    // INS-4: a declared certificate counts unless the platform's register refuses it (revoked, expired,
    // cancelled, another category); it is verified only where the register holds it as valid, and
    // otherwise stays declared (the platform may not have issued it).
    if (on >= TRAINER_CERTIFICATE_FROM) {
      const without = ofCat.filter((t) => !t.certificates.some((x) => counts(x, cat, on)));
      const refused = without.flatMap((t) =>
        t.certificates
          .filter((x) => x.categoryCode === cat && x.platform?.refused)
          .map((x) => `${t.name}（${x.number}：${x.platform!.label}）`),
      );
      const allVerified =
        ofCat.length > 0 &&
        ofCat.every((t) => t.certificates.some((x) => counts(x, cat, on) && x.platform?.status === 'valid'));
      out.push(
        c(
          `teachers_certificate_${cat}`,
          aspect,
          '三、4',
          `${name}教师持相应特种作业操作证（INS-4）`,
          !ofCat.length ? 'no_data' : without.length ? 'not_met' : allVerified ? 'met' : 'declared',
          !ofCat.length
            ? '无该类别教师'
            : without.length
              ? `未持有效证书：${without.map((t) => t.name).join('、')}${refused.length ? `；平台证书库：${refused.join('、')}` : ''}`
              : allVerified
                ? '均经平台证书库核验有效'
                : '均已申报证书，平台证书库未查到的按申报',
        ),
      );
    }
  }
  for (const t of teachers) {
    const { problems, missing } = teacherProblems(t);
    out.push(
      c(
        `teacher_${t.name}`,
        aspect,
        '三、1/三、3/三、4',
        `教师 ${t.name} 的资格条件`,
        problems.length ? 'not_met' : missing.length ? 'no_data' : 'met',
        problems.length
          ? problems.join('；')
          : missing.length
            ? `未填报：${missing.join('、')}`
            : '专业背景、学历、经验与合同符合要求',
      ),
    );
  }
  return out;
}

export function managerConditions(managers: Manager[]): Condition[] {
  const aspect = '培训教师及管理人员';
  const qualified = managers.filter(
    (m) => atLeast(m.education, 'college') && m.labourContract === true && m.retired === false,
  );
  const unknown = managers
    .filter((m) => m.education === null || m.labourContract === null || m.retired === null)
    .map((m) => m.name);
  const retired = managers.filter((m) => m.retired).map((m) => m.name);
  const status: ConditionStatus =
    qualified.length >= MIN_MANAGERS && !retired.length
      ? 'met'
      : unknown.length && qualified.length + unknown.length >= MIN_MANAGERS
        ? 'no_data'
        : 'not_met';
  const reason = [
    `符合条件的管理人员 ${qualified.length} 名（要求不少于 ${MIN_MANAGERS} 名，大专以上、签订合同、非退休）`,
    unknown.length && `信息不全：${unknown.join('、')}`,
    retired.length && `聘用退休人员担任管理人员：${retired.join('、')}`,
  ].filter(Boolean);
  return [c('managers', aspect, '三、6', '3名以上大专以上学历、签订合同的管理人员', status, reason.join('；'))];
}

export function equipmentConditions(
  e: Equipment,
  scopeItems: string[],
  categoryNames: Record<string, string>,
): Condition[] {
  const aspect = '设备设施配备';
  const out = [
    yesNo(
      e.identityAttendance,
      'attendance_device',
      aspect,
      '五、1',
      '具备身份录入与识别功能的考勤设备',
      '已配备',
      '未配备身份识别考勤设备',
    ),
    yesNo(e.cctvRecorded, 'cctv', aspect, '五、1', '联网并存储录像的监控设备', '已配备', '未配备联网录像监控'),
    yesNo(e.cctvNoBlindSpots, 'cctv_coverage', aspect, '五、1', '培训区域监控无死角', '无死角', '监控存在死角'),
    yesNo(
      e.emergencySupplies,
      'emergency_supplies',
      aspect,
      '五、2',
      '应急设备设施与物资及管理台账',
      '已配备',
      '应急设备物资不全',
    ),
    yesNo(
      e.practicalLedger,
      'practical_ledger',
      aspect,
      '五、5',
      '实操设备设施管理台账与定期维护',
      '已建立',
      '未建立实操设备台账',
    ),
  ];
  for (const cat of [...new Set(scopeItems.map(categoryOf))].sort((a, b) => Number(a) - Number(b))) {
    const name = categoryNames[cat] ?? `类别${cat}`;
    const own = e.practical.filter((p) => p.categoryCode === cat);
    const core = CORE_CATEGORIES.includes(cat);
    const fitting = own.filter((p) => (core ? p.kind === 'real' : p.kind !== 'full_simulation'));
    const longEnough = fitting.filter((p) => p.tenure === 'owned' || (p.leaseYears ?? 0) >= MIN_LEASE_YEARS);
    const status: ConditionStatus = !own.length ? 'not_met' : longEnough.length ? 'met' : 'not_met';
    const reason = !own.length
      ? '未登记该类别实操设备'
      : !fitting.length
        ? core
          ? '须配备真实设备，登记的为仿真或模拟设备'
          : '不得仅配备全模拟设备'
        : longEnough.length
          ? `${core ? '真实' : '实物仿真或真实'}设备 ${longEnough.length} 套`
          : `设备租期不足 ${MIN_LEASE_YEARS} 年`;
    out.push(
      c(
        `practical_equipment_${cat}`,
        aspect,
        core ? '五、3/五、4' : '五、3',
        `${name}实际操作培训设备${core ? '（真实设备）' : ''}`,
        status,
        reason,
      ),
    );
  }
  return out;
}

/** INS-2 teaching (AQ 8011 annex 四), as seed 001 words the checklist. */
export function teachingConditions(t: Teaching | undefined): Condition[] {
  const aspect = '培训教学';
  const own = t?.onlinePlatform === 'own';
  const lacking = own ? ONLINE_PLATFORM_FUNCTIONS.filter((f) => !t?.ownPlatformFunctions.includes(f)) : [];
  return [
    yesNo(
      t?.evaluationMechanism ?? null,
      'teaching_evaluation',
      aspect,
      '四、1',
      '建立教学评估考核机制',
      '已建立',
      '未建立教学评估考核机制',
    ),
    yesNo(
      t?.materialsReviewed ?? null,
      'teaching_materials',
      aspect,
      '四、2',
      '培训教材与课件满足培训大纲要求并定期更新、审核',
      '满足并定期更新审核',
      '教材课件未满足大纲或未定期更新审核',
    ),
    // 四、3 is enforced per class by the platform itself: practical offline only, offline theory ≥ 30 %, 45/30-minute 学时 (TRN-4).
    c(
      'teaching_modes',
      aspect,
      '四、3',
      '理论线下或线上线下结合、实操仅线下、线下理论学时不低于30%',
      'met',
      '平台逐班按 TRN-4 核算学时，不符合的学时不计入',
    ),
    !t || t.onlinePlatform === null
      ? c(
          'online_platform',
          aspect,
          '四、4',
          '线上培训平台具备人像抓拍、人脸识别等13项功能',
          'no_data',
          '未填报线上培训方式',
        )
      : t.onlinePlatform === 'none'
        ? c('online_platform', aspect, '四、4', '线上培训平台具备人像抓拍、人脸识别等13项功能', 'met', '不开展线上培训')
        : t.onlinePlatform === 'provincial'
          ? c(
              'online_platform',
              aspect,
              '四、4',
              '线上培训平台具备人像抓拍、人脸识别等13项功能',
              'met',
              '使用本平台线上学习（13项功能齐全，TRN-3）',
            )
          : c(
              'online_platform',
              aspect,
              '四、4',
              '线上培训平台具备人像抓拍、人脸识别等13项功能',
              lacking.length ? 'not_met' : 'met',
              lacking.length ? `自建平台缺少：${lacking.join('、')}` : '自建平台13项功能齐全',
            ),
    t?.onlinePlatform === 'none'
      ? c('online_courses', aspect, '四、5', '审核线上课程符合大纲并全过程管理线上教学', 'met', '不开展线上培训')
      : yesNo(
          t?.onlineCoursesReviewed ?? null,
          'online_courses',
          aspect,
          '四、5',
          '审核线上课程符合大纲并全过程管理线上教学',
          '已审核并全过程管理',
          '未审核线上课程或未全过程管理',
        ),
  ];
}

/** INS-2 archives (AQ 8011 annex 六): 一期一档 is kept by the platform per class; storage is stated. */
export function archiveConditions(a: Archives | undefined): Condition[] {
  const aspect = '培训档案';
  const paper = a?.storage === 'paper' || a?.storage === 'both';
  return [
    // 六、1: every class trained here has its archive on the platform (TRN-5), with learning records, portraits and hour certificates.
    c('archive_per_class', aspect, '六、1', '学员培训档案实行“一期一档”', 'met', '平台按班建立培训档案（TRN-5）'),
    !a || a.storage === null
      ? c('archive_storage', aspect, '六、2', '档案保管条件', 'no_data', '未填报档案保存方式')
      : paper
        ? yesNo(
            a.archiveRoom,
            'archive_storage',
            aspect,
            '六、2',
            '纸质档案配备档案管理室（防火、防盗、防潮）',
            '已配备',
            '纸质档案未配备合格的档案管理室',
          )
        : c(
            'archive_storage',
            aspect,
            '六、2',
            '电子档案可查询、可验证',
            'met',
            '电子档案保存在本平台，可查询、可验证',
          ),
  ];
}

/** All conditions; any not met (or without data) means the institution cannot be approved (INS-2). */
export function evaluateBasicConditions(input: {
  facts: FilingFacts;
  teachers: Teacher[];
  scope: string[];
  categoryNames: Record<string, string>;
  on: string;
}): Condition[] {
  return [
    ...managementConditions(input.facts),
    ...premisesConditions(input.facts.premises),
    ...teacherConditions(input.teachers, input.scope, input.categoryNames, input.on),
    ...managerConditions(input.facts.managers),
    ...equipmentConditions(input.facts.equipment, input.scope, input.categoryNames),
    ...teachingConditions(input.facts.teaching),
    ...archiveConditions(input.facts.archives),
  ];
}

/** The conditions that stand in the way of approval: not met, or nothing recorded to judge by. */
export const blockingConditions = (conditions: Condition[]) =>
  conditions.filter((x) => x.status === 'not_met' || x.status === 'no_data');

export type CertificateState = 'declared_valid' | 'declared_expired' | 'none';

/** INS-4 table rows (seed 002 annex): one per teacher per category taught; certificates as declared. */
export function certificateRows(teachers: Teacher[], categoryNames: Record<string, string>, on: string) {
  return teachers.flatMap((t) =>
    t.categoryCodes.map((cat) => {
      const cert = t.certificates.find((x) => x.categoryCode === cat);
      const state: CertificateState = !cert ? 'none' : cert.validUntil >= on ? 'declared_valid' : 'declared_expired';
      return {
        name: t.name,
        categoryCode: cat,
        categoryName: categoryNames[cat] ?? cat,
        state,
        held: state === 'declared_valid' ? '是' : '否',
        number: cert?.number ?? '',
        validUntil: cert?.validUntil ?? '',
        note:
          state === 'declared_valid'
            ? '机构申报，尚未与平台证书核验'
            : state === 'declared_expired'
              ? '证书已过有效期，请注明预计取证时间'
              : '未申报证书',
      };
    }),
  );
}
