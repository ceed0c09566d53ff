// Menu keys sent by the server → label, route and description: plain data, no icons, so that the
// worker's phone shell (issue 22: first load ≤ 300 kB) can name its pages without the back office's
// icon set (web/src/app/menu.tsx adds the icons). Keys the web app does not know are ignored.

export interface MenuEntryData {
  key: string;
  label: string;
  path: string;
  description: string;
}

const ENTRIES: MenuEntryData[] = [
  { key: 'dashboard', label: '工作台', path: '/dashboard', description: '概况与常用功能' },
  {
    key: 'workers',
    label: '人员查询',
    path: '/workers',
    description: '按姓名、身份证号、手机号或地区查询特种作业人员及其档案',
  },
  {
    key: 'workers.register',
    label: '人员登记',
    path: '/workers/register',
    description: '登记特种作业人员，核验身份证号与报考条件',
  },
  {
    key: 'organisations',
    label: '机构管理',
    path: '/organisations',
    description: '监管部门、培训机构、考试机构、生产经营单位',
  },
  {
    key: 'catalog',
    label: '作业目录',
    path: '/catalog',
    description: '特种作业类别、操作项目与培训学时',
  },
  {
    key: 'catalog.manage',
    label: '省级设置',
    path: '/settings',
    description: '大纲学时、目录细则、实操评分标准、评级与风险权重、法律依据、工作日历、考试时限与地点（按省、分版本）',
  },
  {
    key: 'institution.filing',
    label: '机构备案',
    path: '/institution/filing',
    description: '一网通办备案申请、培训范围与基本条件自查',
  },
  {
    key: 'institution.teachers',
    label: '培训教师',
    path: '/institution/teachers',
    description: '教师资格与持证情况，导出持证情况统计表',
  },
  {
    key: 'training.classes',
    label: '培训班',
    path: '/training/classes',
    description: '开班、报备、学员、课表、考勤与学时',
  },
  {
    key: 'filings.review',
    label: '备案审核',
    path: '/filings',
    description: '培训机构备案的市级审核与省级备案',
  },
  {
    key: 'training.supervise',
    label: '培训班监管',
    path: '/supervision/classes',
    description: '辖区内培训班报备情况：逾期报备与未报备',
  },
  {
    key: 'me.training',
    label: '我的培训',
    path: '/me/training',
    description: '本人参加的培训班与学时进度',
  },
  { key: 'users', label: '账户管理', path: '/users', description: '平台账户与角色' },
  {
    key: 'audit',
    label: '审计日志',
    path: '/audit',
    description: '全部写操作的防篡改记录与哈希链校验',
  },
  {
    key: 'exams.bank',
    label: '题库与组卷',
    path: '/exams/bank',
    description: '本省题库、考试机构题目建议、组卷规则与合格线的版本及生效日期（考培分离）',
  },
  {
    key: 'exams.bank.propose',
    label: '题目建议',
    path: '/exams/bank-proposals',
    description: '考培分离：向省考核发证机关提出题目建议，查看采纳情况',
  },
  {
    key: 'exams.door_records',
    label: '入场核验记录',
    path: '/exams/door-records',
    description: '无登记照片考生的暂留与记名决定、人证不符事件',
  },
  {
    key: 'exams.sites',
    label: '考试点',
    path: '/exams/sites',
    description: '考试点设立与变更申请、市级审核验收、省级备案、设备（实物/模拟）与状态',
  },
  {
    key: 'exams.centre_filing',
    label: '考试机构备案',
    path: '/exams/centre-filing',
    description: '考试机构备案申请与变更、市级审核、省级备案与撤销备案',
  },
  {
    key: 'exams.plans',
    label: '考试计划',
    path: '/exams/plans',
    description: '考试计划报备与审批，按计划安排场次',
  },
  {
    key: 'exams.sessions',
    label: '考试场次',
    path: '/exams/sessions',
    description: '场次、考生名单、报名与入场核验',
  },
  {
    key: 'exams.staff',
    label: '考务人员库',
    path: '/exams/staff',
    description: '监考员、考评员的培训记录与证书（平台核验），考培分离比对',
  },
  {
    key: 'exams.import',
    label: '外部作答导入',
    path: '/exams/imports',
    description: '其他厂商考试系统的理论考试作答导入（.xlsx/.csv，后台检查、整批导入）；省级可导入平台上线前的历史考试',
  },
  {
    key: 'exams.practical',
    label: '实操评分',
    path: '/exams/practical',
    description: '按科目（K1–K4）记录扣分，提交实操评分表',
  },
  {
    key: 'exams.take',
    label: '在线考试',
    path: '/exam',
    description: '本人的考试预约、理论考试与成绩',
  },
  {
    key: 'employer.ledger',
    label: '人员台账',
    path: '/employer/ledger',
    description: '本单位特种作业人员（含派遣、外包、临时）、聘用备案与导出',
  },
  {
    key: 'employer.plan',
    label: '培训计划',
    path: '/employer/plan',
    description: '年度特种作业培训计划，关联培训班',
  },
  {
    key: 'org.staff',
    label: '本单位账户',
    path: '/org/staff',
    description: '为本单位工作人员新建账户',
  },
  {
    key: 'onboarding.review',
    label: '机构入驻审核',
    path: '/onboarding/applications',
    description: '辖区培训机构、生产经营单位、考试机构的入驻申请',
  },
  {
    key: 'employers.supervise',
    label: '用人单位监管',
    path: '/supervision/employers',
    description: '辖区生产经营单位的聘用备案逾期与人员台账',
  },
  {
    key: 'certificates.tasks',
    label: '发证任务',
    path: '/certificates/tasks',
    description: '考试合格后的制证审批：承诺期限、剩余工作日与逾期督办',
  },
  {
    key: 'certificates',
    label: '证书管理',
    path: '/certificates',
    description: '特种作业操作证的状态、复审、撤销、注销与补发',
  },
  {
    key: 'certificates.calendar',
    label: '发证期限与日历',
    path: '/certificates/calendar',
    description: '承诺办结工作日数与法定节假日、调休工作日',
  },
  {
    key: 'certificates.manage',
    label: '签名密钥',
    path: '/certificates/keys',
    description: '电子证书签名密钥与轮换（旧密钥继续公布，已发证书仍可验证）',
  },
  {
    key: 'certificates.fakes',
    label: '疑似假证',
    path: '/certificates/fakes',
    description: '查无此证或姓名不符的核验记录，按证号与来源统计',
  },
  {
    key: 'legacy.import',
    label: '历史数据导入',
    path: '/legacy-imports',
    description: '导入本省原系统的持证人员与特种作业操作证（.xlsx/.csv），预览逐行问题后整批导入',
  },
  {
    key: 'supervision.reports',
    label: '举报处理',
    path: '/supervision/reports',
    description: '群众举报的受理、转办、核查、办结与奖励',
  },
  {
    key: 'supervision.inspections',
    label: '监督检查',
    path: '/supervision/inspections',
    description: '年度检查计划、现场检查表、问题整改闭环',
  },
  {
    key: 'supervision.campaigns',
    label: '自查自改',
    path: '/supervision/campaigns',
    description: '部署辖区培训机构、考试机构自查自改，跟踪报送与整改',
  },
  {
    key: 'supervision.cases',
    label: '案件办理',
    path: '/supervision/cases',
    description: '立案、处罚决定（限违法行为目录的措施和裁量幅度）、处罚执行与解除；违法行为目录',
  },
  {
    key: 'supervision.ratings',
    label: '机构评级',
    path: '/supervision/ratings',
    description: '培训机构年度积分考核与 ABCD 评级：由检查、处罚、报备、合格率计算，逐项可追溯',
  },
  {
    key: 'rectifications',
    label: '检查整改',
    path: '/rectifications',
    description: '监督检查发现的问题：提交整改情况与佐证照片',
  },
  {
    key: 'self_inspection',
    label: '自查报告',
    path: '/self-inspection',
    description: '报送自查报告和问题清单，登记整改完成',
  },
  {
    key: 'me.certificates',
    label: '我的证书',
    path: '/me/certificates',
    description: '本人证书、二维码、打印下载与复审申请',
  },
  {
    key: 'admin.national_push',
    label: '全国平台推送',
    path: '/admin/national-push',
    description: '证书数据推送至全国查询平台：失败记录与重试',
  },
  {
    key: 'integrity',
    label: '考试诚信',
    path: '/integrity',
    description: '机器答题、答案不一致、作答时间、答案雷同、提前知晓试题与考点合格率异常的疑点、证据与处理',
  },
  {
    key: 'integrity.patrol',
    label: '远程巡查',
    path: '/integrity/patrol',
    description: '“鹰眼”远程巡查进行中的考试：进度、实时疑点、警告与取消成绩；飞行巡考抽取与记录',
  },
  {
    key: 'analytics',
    label: '统计分析',
    path: '/analytics',
    description: '辖区监管看板（省—市—县下钻）与专项整治统计（国家报表口径），导出 xlsx/PDF',
  },
  {
    key: 'injuries',
    label: '工伤数据分析',
    path: '/injuries',
    description:
      '导入工伤数据，与培训取证数据交叉分析：分作业项目、年龄段、用人单位、培训机构、劳务派遣单位的工伤率与重点监管对象',
  },
  {
    key: 'me.archive',
    label: '我的档案',
    path: '/me/archive',
    description: '本人信息与全生命周期档案',
  },
  {
    key: 'institution.self_assessment',
    label: '年度自评',
    path: '/institution/self-assessment',
    description: '年度评级的机构自评：逐项打分并写明佐证，评级公布前可修改；查看学员网上评议',
  },
];

const BY_KEY = new Map(ENTRIES.map((e) => [e.key, e]));

/** The entries of the server's menu, in the server's order (without icons). */
export function menuEntryData(menu: string[]): MenuEntryData[] {
  return menu.flatMap((key) => BY_KEY.get(key) ?? []);
}

/** The entry a path belongs to: the longest path that is the path itself or a prefix of it. */
export function activeEntry<T extends MenuEntryData>(entries: T[], pathname: string): T | undefined {
  return [...entries]
    .sort((a, b) => b.path.length - a.path.length)
    .find((e) => pathname === e.path || pathname.startsWith(`${e.path}/`));
}
