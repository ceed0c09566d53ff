// Code → Chinese label for the enumerations the forms offer, built from the code lists the server
// uses (src/shared). The API sends labels with the data it returns (roleLabel, kindLabel …); these
// lists are only for choosing a value.
import {
  DISQUALIFYING_CONDITIONS as CONDITIONS,
  EDUCATIONS,
  EDUCATION_LABELS,
  HEALTH_INSTITUTION_LEVEL_LABELS,
} from '@shared/registry';
import { ORG_KINDS, ORG_KIND_LABELS, ROLES, ROLE_LABELS, ROLE_ORG_KIND as ROLE_ORG_KINDS } from '@shared/roles';
import type { HealthInstitutionLevel, OrgKind, StaffRole } from '../types';

export type { StaffRole };

interface Option<T extends string = string> {
  value: T;
  label: string;
}

const optionsOf = <T extends string>(codes: readonly T[], labels: Readonly<Record<T, string>>): Option<T>[] =>
  codes.map((value) => ({ value, label: labels[value] }));

const STAFF_ROLES = ROLES.filter((r): r is StaffRole => r !== 'worker');

export const ROLE_OPTIONS: Option<StaffRole>[] = optionsOf(STAFF_ROLES, ROLE_LABELS);

/** The kind of organisation a staff account of each role belongs to (the server checks it too). */
export const ROLE_ORG_KIND = ROLE_ORG_KINDS as Record<StaffRole, OrgKind>;

export const ORG_KIND_OPTIONS: Option<OrgKind>[] = optionsOf(ORG_KINDS, ORG_KIND_LABELS);

/** An organisation's level follows its region's. */
export const REGION_LEVEL_OPTIONS = [
  { value: 'province', label: '省级' },
  { value: 'city', label: '市级' },
  { value: 'county', label: '县级' },
];

export const EDUCATION_OPTIONS = optionsOf(EDUCATIONS, EDUCATION_LABELS);

export const HEALTH_INSTITUTION_LEVELS: Option<HealthInstitutionLevel>[] = optionsOf(
  Object.keys(HEALTH_INSTITUTION_LEVEL_LABELS) as HealthInstitutionLevel[],
  HEALTH_INSTITUTION_LEVEL_LABELS,
);

/** Diseases and defects that make a person unfit for special operations (health condition of REG-3). */
export const DISQUALIFYING_CONDITIONS: Option[] = CONDITIONS.map((c) => ({ value: c.code, label: c.label }));

export function labelOf(options: { value: string; label: string }[], value: string | null | undefined): string {
  return options.find((o) => o.value === value)?.label ?? value ?? '—';
}
