// How a worker is shown: personal data masked (SEC-3) unless explicitly revealed.
import { regionFullName } from '../../kernel/regions.js';
import { ARCHIVE_EVENT_LABELS } from './archive.js';
import type { ArchiveEventRow, HealthDeclarationRow, WorkerOrgLinkRow, WorkerRow } from './queries.js';
import { EDUCATION_LABELS, statutoryRetirementDate, type Education, type OriginalRetirementAge } from './rules.js';

export const GENDER_LABELS = { male: '男', female: '女' } as const;

export const RELATION_LABELS: Record<string, string> = {
  registrar: '登记机构',
  linked: '关联机构',
  trainee: '培训学员',
  candidate: '考生',
  employee: '聘用人员',
};

/** Full years of age on `today` (YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

export function presentWorkerSummary(w: WorkerRow, today: string) {
  return {
    id: w.id,
    name: w.name,
    gender: w.gender as 'male' | 'female',
    genderLabel: GENDER_LABELS[w.gender as 'male' | 'female'],
    birthDate: w.birthDate,
    age: ageOn(w.birthDate, today),
    idNumber: w.idNumberMasked,
    phone: w.phoneMasked,
    education: w.education,
    educationLabel: EDUCATION_LABELS[w.education as Education] ?? w.education,
    regionCode: w.regionCode,
    regionName: regionFullName(w.regionCode) ?? w.regionCode,
    registeredAt: w.registeredAt,
  };
}

export function presentHealth(h: HealthDeclarationRow | undefined) {
  if (!h) return null;
  return {
    issuedAt: h.issuedAt,
    institutionName: h.institutionName,
    institutionLevel: h.institutionLevel,
    disqualifyingConditions: h.disqualifyingConditions,
  };
}

export interface LinkView {
  link: WorkerOrgLinkRow;
  org: { name: string; kindLabel: string } | undefined;
}

export function presentWorkerDetail(
  w: WorkerRow,
  today: string,
  extra: { links: LinkView[]; health: HealthDeclarationRow | undefined; canReveal: boolean },
) {
  return {
    ...presentWorkerSummary(w, today),
    originalRetirementAge: w.originalRetirementAge,
    retirementDate: statutoryRetirementDate(w.birthDate, w.originalRetirementAge as OriginalRetirementAge),
    householdRegionCode: w.householdRegionCode,
    links: extra.links.map(({ link, org }) => ({
      orgId: link.orgId,
      orgName: org?.name ?? '（已撤销的机构）',
      orgKindLabel: org?.kindLabel ?? '',
      relation: link.relation,
      relationLabel: RELATION_LABELS[link.relation] ?? link.relation,
      since: link.since,
      until: link.until,
    })),
    health: presentHealth(extra.health),
    canReveal: extra.canReveal,
  };
}

export function presentArchiveEvent(e: ArchiveEventRow) {
  return {
    id: e.id,
    occurredAt: e.occurredAt,
    kind: e.kind,
    kindLabel: ARCHIVE_EVENT_LABELS[e.kind] ?? e.kind,
    summary: e.summary,
    actorName: e.actorName,
    orgName: e.orgName,
    detail: e.detail,
  };
}

/** What the audit trail keeps of a worker: masked values only, never the sealed ones. */
export function auditView(w: WorkerRow) {
  return {
    name: w.name,
    gender: w.gender,
    birthDate: w.birthDate,
    idNumber: w.idNumberMasked,
    phone: w.phoneMasked,
    education: w.education,
    originalRetirementAge: w.originalRetirementAge,
    regionCode: w.regionCode,
  };
}
