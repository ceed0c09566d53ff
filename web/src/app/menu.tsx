// Menu keys sent by the server → label, icon, route. Keys the web app does not know are ignored.
import type { ReactNode } from 'react';
import {
  AppstoreOutlined, AuditOutlined, BankOutlined, CalendarOutlined, DashboardOutlined, EditOutlined, EnvironmentOutlined,
  FileDoneOutlined, FileProtectOutlined, FormOutlined, IdcardOutlined, ReadOutlined, ScheduleOutlined, SolutionOutlined,
  TeamOutlined, UserAddOutlined, UserOutlined,
} from '@ant-design/icons';

export interface MenuEntry {
  key: string;
  label: string;
  path: string;
  icon: ReactNode;
  description: string;
}

const ENTRIES: MenuEntry[] = [
  { key: 'dashboard', label: '工作台', path: '/dashboard', icon: <DashboardOutlined />, description: '概况与常用功能' },
  { key: 'workers', label: '人员查询', path: '/workers', icon: <TeamOutlined />, description: '按姓名、身份证号、手机号或地区查询特种作业人员及其档案' },
  { key: 'workers.register', label: '人员登记', path: '/workers/register', icon: <UserAddOutlined />, description: '登记特种作业人员，核验身份证号与报考条件' },
  { key: 'organisations', label: '机构管理', path: '/organisations', icon: <BankOutlined />, description: '监管部门、培训机构、考试机构、生产经营单位' },
  { key: 'catalog', label: '作业目录', path: '/catalog', icon: <AppstoreOutlined />, description: '特种作业类别、操作项目与培训学时' },
  { key: 'institution.filing', label: '机构备案', path: '/institution/filing', icon: <FileProtectOutlined />, description: '一网通办备案申请、培训范围与基本条件自查' },
  { key: 'institution.teachers', label: '培训教师', path: '/institution/teachers', icon: <SolutionOutlined />, description: '教师资格与持证情况，导出持证情况统计表' },
  { key: 'training.classes', label: '培训班', path: '/training/classes', icon: <ScheduleOutlined />, description: '开班、报备、学员、课表、考勤与学时' },
  { key: 'filings.review', label: '备案审核', path: '/filings', icon: <FileDoneOutlined />, description: '培训机构备案的市级审核与省级备案' },
  { key: 'training.supervise', label: '培训班监管', path: '/supervision/classes', icon: <ScheduleOutlined />, description: '辖区内培训班报备情况：逾期报备与未报备' },
  { key: 'me.training', label: '我的培训', path: '/me/training', icon: <ReadOutlined />, description: '本人参加的培训班与学时进度' },
  { key: 'users', label: '账户管理', path: '/users', icon: <UserOutlined />, description: '平台账户与角色' },
  { key: 'audit', label: '审计日志', path: '/audit', icon: <AuditOutlined />, description: '全部写操作的防篡改记录与哈希链校验' },
  { key: 'exams.bank', label: '题库与组卷', path: '/exams/bank', icon: <ReadOutlined />, description: '各项目题库导入（Excel/JSON）、版本与组卷规则' },
  { key: 'exams.sites', label: '考试点', path: '/exams/sites', icon: <EnvironmentOutlined />, description: '考试点设立、验收、设备（实物/模拟）与状态' },
  { key: 'exams.plans', label: '考试计划', path: '/exams/plans', icon: <FileDoneOutlined />, description: '考试计划报备与审批，按计划安排场次' },
  { key: 'exams.sessions', label: '考试场次', path: '/exams/sessions', icon: <CalendarOutlined />, description: '场次、考生名单、报名与入场核验' },
  { key: 'exams.practical', label: '实操评分', path: '/exams/practical', icon: <FormOutlined />, description: '按科目（K1–K4）记录扣分，提交实操评分表' },
  { key: 'exams.take', label: '在线考试', path: '/exam', icon: <EditOutlined />, description: '本人的考试预约、理论考试与成绩' },
  { key: 'me.archive', label: '我的档案', path: '/me/archive', icon: <IdcardOutlined />, description: '本人信息与全生命周期档案' },
];

const BY_KEY = new Map(ENTRIES.map((e) => [e.key, e]));

/** The entries of the server's menu, in the server's order. */
export function menuEntries(menu: string[]): MenuEntry[] {
  return menu.flatMap((key) => BY_KEY.get(key) ?? []);
}

/** The entry a path belongs to: the longest path that is the path itself or a prefix of it. */
export function activeEntry(entries: MenuEntry[], pathname: string): MenuEntry | undefined {
  return [...entries]
    .sort((a, b) => b.path.length - a.path.length)
    .find((e) => pathname === e.path || pathname.startsWith(`${e.path}/`));
}
