// Shapes of the API's JSON (dates are ISO strings). Mirrors the contract agreed with src/.

// Codes the server uses too (src/shared): one list, imported by both.
export type { Role, StaffRole, OrgKind } from '@shared/roles';
export type { OperationItem, Category } from '@shared/catalog';
import type { HealthInstitutionLevel } from '@shared/registry';
import type { OrgKind, Role } from '@shared/roles';

export type { HealthInstitutionLevel };
/** The health declaration's institution level (REG-3); the name the forms have always used. */
export type InstitutionLevel = HealthInstitutionLevel;

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  org: { id: string; name: string; kind: OrgKind; kindLabel: string; regionCode: string; regionName: string } | null;
  workerId: string | null;
  jurisdiction: { regionCode: string; regionName: string } | null;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  menu: string[];
  /** After an administrator's reset: a new password must be chosen before anything else. */
  mustChangePassword?: boolean;
  /** Issue 22: the province requires a second factor of this role and none is set up yet. */
  secondFactorEnrolmentRequired?: boolean;
}

/** Issue 22: the answer of a right password when the account has a second factor (no session yet). */
export interface SecondFactorChallenge {
  secondFactorRequired: true;
  challenge: string;
  methods: Array<'totp' | 'sms'>;
  /** The bound number, masked, when SMS is one of the methods. */
  phone: string | null;
  expiresInSeconds: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Region {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  hasChildren: boolean;
}

export interface WorkerSummary {
  id: string;
  name: string;
  gender: 'male' | 'female';
  genderLabel: string;
  birthDate: string;
  age: number;
  idNumber: string;
  phone: string | null;
  education: string;
  educationLabel: string;
  regionCode: string;
  regionName: string;
  registeredAt: string;
}

export interface HealthDeclaration {
  issuedAt: string;
  institutionName: string;
  institutionLevel: InstitutionLevel;
  disqualifyingConditions: string[];
}

export interface WorkerLink {
  orgId: string;
  orgName: string;
  orgKindLabel: string;
  relation: string;
  relationLabel: string;
  since: string;
  until: string | null;
}

export interface WorkerDetail extends WorkerSummary {
  originalRetirementAge: number;
  retirementDate: string;
  householdRegionCode: string;
  links: WorkerLink[];
  health: HealthDeclaration | null;
  canReveal: boolean;
}

export interface ArchiveEvent {
  id: string;
  occurredAt: string;
  kind: string;
  kindLabel: string;
  summary: string;
  actorName: string;
  orgName: string | null;
  detail: Record<string, unknown>;
}

export interface EligibilityCheck {
  rule: string;
  code: string;
  label: string;
  passed: boolean;
  message: string;
}

export interface Eligibility {
  eligible: boolean;
  item: { code: string; name: string };
  checks: EligibilityCheck[];
}

export interface Organisation {
  id: string;
  kind: OrgKind;
  kindLabel: string;
  name: string;
  regionCode: string;
  regionName: string;
  level: string | null;
  creditCode: string | null;
}

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  orgName: string | null;
  orgKind: OrgKind | null;
  workerLinked: boolean;
  lockedUntil: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  /** Issue 22: the second factors the account has set up. */
  secondFactors: Array<'totp' | 'sms'>;
  createdAt: string;
}

export interface AuditRow {
  seq: number;
  at: string;
  /** The time is earlier than the record written before it: a past event entered later (SEC-1 keeps the write order). */
  backdated?: boolean;
  actorName: string;
  action: string;
  actionLabel: string;
  entityType: string;
  entityTypeLabel: string;
  entityId: string;
  hash: string;
  entityName: string | null;
  actorRoleLabel: string | null;
  actorOrgName: string | null;
  regionName: string | null;
}

export interface AuditVerification {
  ok: boolean;
  count: number;
  firstBroken?: { seq: number; reason: string };
  /** The signed checkpoint the chain was held against (SEC-1). */
  checkpoint?: { seq: number; at: string };
}

/** GET /api/audit/checkpoints (SEC-1): signed anchors of the chain's head, kept outside the database. */
export interface AuditCheckpoint {
  payload: {
    seq: number;
    headHash: string;
    at: string;
    legacyUpTo: number;
    macAlgorithm: string;
    signatureAlgorithm: string;
    keyId: string;
  };
  signature: string;
}

/** GET /api/admin/national-push (CER-2). */
export interface NationalPushFailure {
  id: string;
  certificateId: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  failedAt: string | null;
}

export interface NationalPushOverview extends Page<NationalPushFailure> {
  enabled: boolean;
  target: string | null;
  counts: { created: number; retry: number; active: number; completed: number; cancelled: number; failed: number };
  page: number;
  pageSize: number;
}
