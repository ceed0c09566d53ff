// Who may do what, decided in one place (SEC-2): a role grants permissions; the actor's
// organisation and region decide which records those permissions reach.
import { forbidden } from './problem.js';
import { regionPrefix } from './regions.js';

// The role and organisation-kind codes live in src/shared, which the web app imports too.
import {
  ORG_KINDS,
  ORG_KIND_LABELS,
  ROLES,
  ROLE_LABELS,
  ROLE_ORG_KIND,
  type OrgKind,
  type Role,
} from '../shared/roles.js';

export { ORG_KINDS, ORG_KIND_LABELS, ROLES, ROLE_LABELS, ROLE_ORG_KIND, type OrgKind, type Role };

/** Permissions double as the web app's menu keys, in display order. */
export const PERMISSIONS = [
  'dashboard',
  'workers',
  'workers.register',
  'me.archive',
  'organisations',
  'organisations.manage',
  'catalog',
  'catalog.manage',
  'catalog.national',
  'institution.filing',
  'institution.teachers',
  'filings.review',
  'training.classes',
  'training.supervise',
  'me.training',
  'users',
  'audit',
  'exams.bank',
  'exams.bank.propose',
  'exams.door_records',
  'exams.sites',
  'exams.centre_filing',
  'exams.plans',
  'exams.sessions',
  'exams.door',
  'exams.take',
  'exams.practical',
  'employer.ledger',
  'employer.plan',
  'org.staff',
  'employers.supervise',
  'exams.staff',
  'exams.import',
  'certificates',
  'certificates.tasks',
  'certificates.manage',
  'certificates.calendar',
  'certificates.fakes',
  'legacy.import',
  'me.certificates',
  'admin.national_push',
  'integrity',
  'integrity.patrol',
  'supervision.reports',
  'supervision.campaigns',
  'self_inspection',
  'supervision.inspections',
  'rectifications',
  'analytics',
  'supervision.cases',
  'supervision.ratings',
  'institution.self_assessment',
  'injuries',
  'onboarding.review',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// SEC-1: every regulator may read and verify the audit trail of its own jurisdiction.
// EXM-3/EXM-11: regulators see the exam sites, plans and sessions of their jurisdiction and approve plans.
// EMP-2/EMP-3: regulators see their jurisdiction's employers' ledgers and overdue filings.
// CER-1/CER-5: regulators see certificates, overdue issuance tasks and possible fakes in their jurisdiction.
// INT-1..INT-6: regulators see and decide integrity flags of their jurisdiction and patrol its sessions.
// SUP-6: regulators handle the public's reports about their jurisdiction; SUP-5: they run self-inspection
// campaigns; SUP-1/SUP-2: they plan and carry out inspections and verify rectifications; SUP-4: they open
// and decide cases; INS-5: they compute and publish institutions' annual ratings.
// ANA-1/ANA-3: regulators read their jurisdiction's statistics and dashboards.
// ANA-2: regulators import their jurisdiction's work-injury records and read the injury × certification analysis.
const REGULATOR: Permission[] = [
  'dashboard',
  'workers',
  'workers.register',
  'organisations',
  'catalog',
  'audit',
  'training.supervise',
  'exams.sites',
  'exams.centre_filing',
  'exams.plans',
  'exams.sessions',
  'exams.door_records',
  'employers.supervise',
  'certificates',
  'certificates.tasks',
  'certificates.fakes',
  'integrity',
  'integrity.patrol',
  'supervision.reports',
  'supervision.campaigns',
  'supervision.inspections',
  'supervision.cases',
  'supervision.ratings',
  'analytics',
  'injuries',
];
// The exam centre applies for its own filing and runs its sites (EXM-1), plans and sessions (EXM-3), the door (EXM-5) and its personnel database (EXM-4).
// 考培分离 (EXM-2): it proposes questions; the bank, blueprints and pass marks are the province authority's (exams.bank).
// INT-1..INT-6: the exam centre reviews its own sites' flags and patrols its own sessions; SUP-5/SUP-2: it files self-inspections and rectifies findings.
const EXAM_CENTRE: Permission[] = [
  'exams.bank.propose',
  'exams.door_records',
  'exams.sites',
  'exams.centre_filing',
  'exams.plans',
  'exams.sessions',
  'exams.door',
  'exams.staff',
  'exams.import',
  'integrity',
  'integrity.patrol',
  'self_inspection',
  'rectifications',
];

const GRANTS: Record<Role, Permission[]> = {
  // INS-1: the city reviews filings, the province records them.
  // 考培分离 (EXM-2, EXM-6, EXM-8): the province's authority keeps the bank, blueprints and pass marks.
  // Issue 16: the province's records from its earlier system are brought in by the province or the issuing authority.
  // Issue 16: past exams (held before the platform) are brought in by the province side too (exams.import page).
  province_regulator: [
    ...REGULATOR,
    'catalog.manage',
    'filings.review',
    'exams.bank',
    'exams.import',
    'legacy.import',
    'onboarding.review',
  ],
  // Issue 22: the city regulator decides organisations' applications to join the platform in its jurisdiction.
  city_regulator: [...REGULATOR, 'filings.review', 'onboarding.review'],
  county_regulator: REGULATOR,
  // CER-1/CER-4: the issuing authority decides issuance, reviews, revocation and keeps its working-day calendar.
  issuing_authority: [
    ...REGULATOR,
    'certificates.manage',
    'certificates.calendar',
    'exams.bank',
    'exams.import',
    'legacy.import',
  ],
  // Issue 22: an organisation that joined by application adds its own staff (org.staff), whatever its kind.
  exam_centre_staff: [
    'dashboard',
    'workers',
    'workers.register',
    'organisations',
    'catalog',
    ...EXAM_CENTRE,
    'org.staff',
  ],
  examiner: ['dashboard', 'workers', 'organisations', 'catalog', 'exams.sessions', 'exams.door', 'exams.practical'],
  // Institutions apply for seats for their trainees (EXM-3); they do not see the bank or the sites' files.
  institution_admin: [
    'dashboard',
    'workers',
    'workers.register',
    'organisations',
    'catalog',
    'institution.filing',
    'institution.teachers',
    'training.classes',
    'exams.sessions',
    'self_inspection',
    'rectifications',
    'institution.self_assessment',
    'org.staff',
  ],
  // REG-4, EMP-1..3, EMP-5: the employer keeps its ledger and plan; its admin adds its own staff accounts.
  employer_admin: [
    'dashboard',
    'employer.ledger',
    'employer.plan',
    'workers',
    'workers.register',
    'organisations',
    'catalog',
    'certificates',
    'org.staff',
    'rectifications',
  ],
  worker: ['dashboard', 'me.archive', 'me.training', 'catalog', 'exams.take', 'me.certificates'],
  // Least privilege: the administrator runs accounts and organisations, not people's records.
  // CER-2: the administrator runs the platform's outbound interfaces (the national push's dead letters).
  system_admin: [
    'dashboard',
    'organisations',
    'organisations.manage',
    'users',
    'audit',
    'catalog',
    'catalog.manage',
    // CAT-2: the national baseline of the catalogue is kept by the platform operator; provinces set
    // their own hours through the settings module (per province, versioned), never the national row.
    'catalog.national',
    'admin.national_push',
  ],
};

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => GRANTS[role].includes(p));
}

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  orgId: string | null;
  orgKind: OrgKind | null;
  orgName: string | null;
  /** The region of the actor's organisation (its jurisdiction, for a regulator). */
  regionCode: string | null;
  workerId: string | null;
}

export function isRegulator(actor: Actor): boolean {
  return actor.orgKind === 'regulator';
}

/**
 * The region prefix a regulator's view is limited to (SEC-2): '51' for a province, '5101' for a
 * city, '510107' for a county. Null for everyone else — they see by organisation, not region.
 */
export function jurisdictionPrefix(actor: Actor): string | null {
  return isRegulator(actor) && actor.regionCode ? regionPrefix(actor.regionCode) : null;
}

export function can(actor: Actor, permission: Permission): boolean {
  return GRANTS[actor.role].includes(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}
