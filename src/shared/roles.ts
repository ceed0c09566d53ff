// SEC-2: the roles of accounts and the kinds of organisation they belong to, with their Chinese
// names. The server decides permissions from these (kernel/access.ts); the web app offers them.

export const ROLES = [
  'province_regulator',
  'city_regulator',
  'county_regulator',
  'issuing_authority',
  'exam_centre_staff',
  'examiner',
  'institution_admin',
  'employer_admin',
  'worker',
  'system_admin',
] as const;
export type Role = (typeof ROLES)[number];
/** Roles of staff accounts; worker accounts belong to a registered worker, not to an organisation. */
export type StaffRole = Exclude<Role, 'worker'>;

export const ROLE_LABELS: Record<Role, string> = {
  province_regulator: '省级监管部门',
  city_regulator: '市级监管部门',
  county_regulator: '县级监管部门',
  issuing_authority: '考核发证机关',
  exam_centre_staff: '考试机构工作人员',
  examiner: '考评员',
  institution_admin: '培训机构管理员',
  employer_admin: '生产经营单位管理员',
  worker: '特种作业人员',
  system_admin: '系统管理员',
};

export const ORG_KINDS = ['regulator', 'institution', 'exam_centre', 'exam_site', 'employer', 'platform'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  regulator: '监管部门',
  institution: '培训机构',
  exam_centre: '考试机构',
  exam_site: '考试点',
  employer: '生产经营单位',
  platform: '平台运营',
};

/** The organisation kind a role's account must belong to (a worker belongs to none). */
export const ROLE_ORG_KIND: Record<Role, OrgKind | null> = {
  province_regulator: 'regulator',
  city_regulator: 'regulator',
  county_regulator: 'regulator',
  issuing_authority: 'regulator',
  exam_centre_staff: 'exam_centre',
  examiner: 'exam_centre',
  institution_admin: 'institution',
  employer_admin: 'employer',
  worker: null,
  system_admin: 'platform',
};
