// The back-office menu: the entries of menu-entries.ts with their icons, grouped by the chain's steps.
import type { ReactNode } from 'react';
import {
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  DashboardOutlined,
  EditOutlined,
  EnvironmentOutlined,
  FileDoneOutlined,
  FileProtectOutlined,
  FormOutlined,
  IdcardOutlined,
  ReadOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  CloudUploadOutlined,
  TeamOutlined,
  UploadOutlined,
  UserAddOutlined,
  UserOutlined,
  SafetyCertificateOutlined,
  AlertOutlined,
  ClockCircleOutlined,
  NotificationOutlined,
  KeyOutlined,
  EyeOutlined,
  RadarChartOutlined,
  BarChartOutlined,
} from '@ant-design/icons';
import { MedicineBoxOutlined } from '@ant-design/icons';
import { menuEntryData, type MenuEntryData } from './menu-entries';

export { activeEntry } from './menu-entries';

export interface MenuEntry extends MenuEntryData {
  icon: ReactNode;
}

const ICONS: Record<string, ReactNode> = {
  dashboard: <DashboardOutlined />,
  workers: <TeamOutlined />,
  'workers.register': <UserAddOutlined />,
  organisations: <BankOutlined />,
  catalog: <AppstoreOutlined />,
  'catalog.manage': <FormOutlined />,
  'institution.filing': <FileProtectOutlined />,
  'institution.teachers': <SolutionOutlined />,
  'training.classes': <ScheduleOutlined />,
  'filings.review': <FileDoneOutlined />,
  'training.supervise': <ScheduleOutlined />,
  'me.training': <ReadOutlined />,
  users: <UserOutlined />,
  audit: <AuditOutlined />,
  'exams.bank': <ReadOutlined />,
  'exams.bank.propose': <EditOutlined />,
  'exams.door_records': <IdcardOutlined />,
  'exams.sites': <EnvironmentOutlined />,
  'exams.centre_filing': <BankOutlined />,
  'exams.plans': <FileDoneOutlined />,
  'exams.sessions': <CalendarOutlined />,
  'exams.staff': <IdcardOutlined />,
  'exams.import': <UploadOutlined />,
  'exams.practical': <FormOutlined />,
  'exams.take': <EditOutlined />,
  'employer.ledger': <SolutionOutlined />,
  'employer.plan': <CalendarOutlined />,
  'org.staff': <UserOutlined />,
  'onboarding.review': <FileDoneOutlined />,
  'employers.supervise': <BankOutlined />,
  'certificates.tasks': <FileDoneOutlined />,
  certificates: <SafetyCertificateOutlined />,
  'certificates.calendar': <ClockCircleOutlined />,
  'certificates.manage': <KeyOutlined />,
  'certificates.fakes': <AlertOutlined />,
  'legacy.import': <CloudUploadOutlined />,
  'supervision.reports': <NotificationOutlined />,
  'supervision.inspections': <AuditOutlined />,
  'supervision.campaigns': <ScheduleOutlined />,
  'supervision.cases': <FileProtectOutlined />,
  'supervision.ratings': <RadarChartOutlined />,
  rectifications: <SolutionOutlined />,
  self_inspection: <FormOutlined />,
  'me.certificates': <SafetyCertificateOutlined />,
  'admin.national_push': <CloudUploadOutlined />,
  integrity: <RadarChartOutlined />,
  'integrity.patrol': <EyeOutlined />,
  analytics: <BarChartOutlined />,
  injuries: <MedicineBoxOutlined />,
  'me.archive': <IdcardOutlined />,
  'institution.self_assessment': <FormOutlined />,
};

/** The chain's steps, in the order a person moves along it; the menu is grouped by them (issue 19 item 10). */
export const MENU_GROUPS = [
  { key: 'people', label: '人员', icon: <TeamOutlined /> },
  { key: 'training', label: '培训', icon: <ReadOutlined /> },
  { key: 'exams', label: '考试', icon: <EditOutlined /> },
  { key: 'certificates', label: '证书', icon: <SafetyCertificateOutlined /> },
  { key: 'employment', label: '用工', icon: <SolutionOutlined /> },
  { key: 'supervision', label: '监管', icon: <AuditOutlined /> },
  { key: 'analysis', label: '分析', icon: <BarChartOutlined /> },
  { key: 'system', label: '系统', icon: <AppstoreOutlined /> },
] as const;

type GroupKey = (typeof MENU_GROUPS)[number]['key'];

const GROUP_OF: Record<string, GroupKey> = {
  workers: 'people',
  'workers.register': 'people',
  'me.archive': 'people',
  'institution.filing': 'training',
  'institution.teachers': 'training',
  'training.classes': 'training',
  'filings.review': 'training',
  'training.supervise': 'training',
  'me.training': 'training',
  'employer.plan': 'training',
  'institution.self_assessment': 'training',
  'exams.bank': 'exams',
  'exams.bank.propose': 'exams',
  'exams.door_records': 'exams',
  'exams.sites': 'exams',
  'exams.centre_filing': 'exams',
  'exams.plans': 'exams',
  'exams.sessions': 'exams',
  'exams.staff': 'exams',
  'exams.import': 'exams',
  'exams.practical': 'exams',
  'exams.take': 'exams',
  'certificates.tasks': 'certificates',
  certificates: 'certificates',
  'certificates.calendar': 'certificates',
  'certificates.manage': 'certificates',
  'certificates.fakes': 'certificates',
  'legacy.import': 'certificates',
  'me.certificates': 'certificates',
  'admin.national_push': 'certificates',
  'employer.ledger': 'employment',
  'employers.supervise': 'employment',
  'supervision.reports': 'supervision',
  'supervision.inspections': 'supervision',
  'supervision.campaigns': 'supervision',
  'supervision.cases': 'supervision',
  'supervision.ratings': 'supervision',
  rectifications: 'supervision',
  self_inspection: 'supervision',
  integrity: 'supervision',
  'integrity.patrol': 'supervision',
  analytics: 'analysis',
  injuries: 'analysis',
  organisations: 'system',
  catalog: 'system',
  'catalog.manage': 'system',
  users: 'system',
  audit: 'system',
  'org.staff': 'system',
};

/** Up to this many entries a menu stays flat: a worker's six entries need no folders. */
const FLAT_MENU_MAX = 8;

export type MenuNode =
  | { kind: 'entry'; entry: MenuEntry }
  | { kind: 'group'; key: string; label: string; icon: ReactNode; entries: MenuEntry[] };

/**
 * The menu as the sidebar and the phone drawer show it: 工作台 first, then one folder per step of
 * the chain in the chain's order; a step with one entry is shown as that entry.
 */
export function menuTree(entries: MenuEntry[]): MenuNode[] {
  if (entries.length <= FLAT_MENU_MAX) return entries.map((entry) => ({ kind: 'entry', entry }));
  const loose = entries.filter((e) => !GROUP_OF[e.key]).map((entry): MenuNode => ({ kind: 'entry', entry }));
  const grouped = MENU_GROUPS.flatMap((g): MenuNode[] => {
    const members = entries.filter((e) => GROUP_OF[e.key] === g.key);
    if (members.length === 0) return [];
    if (members.length === 1) return [{ kind: 'entry', entry: members[0] }];
    return [{ kind: 'group', key: `group:${g.key}`, label: g.label, icon: g.icon, entries: members }];
  });
  return [...loose, ...grouped];
}

/** The folder an entry sits in, to open it when one of its pages is shown. */
export function groupKeyOf(tree: MenuNode[], entryKey: string): string | undefined {
  for (const node of tree) if (node.kind === 'group' && node.entries.some((e) => e.key === entryKey)) return node.key;
  return undefined;
}

/** The entries of the server's menu, in the server's order, each with its icon. */
export function menuEntries(menu: string[]): MenuEntry[] {
  return menuEntryData(menu).map((e) => ({ ...e, icon: ICONS[e.key] }));
}
