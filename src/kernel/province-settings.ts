// The read side of per-province settings (ARCHITECTURE.md "Settings that belong to a province").
// It lives in the kernel so the module that owns a rule reads its province's value where it
// acts, whatever its place in the chain; the settings module holds the edits and their checks.
import { and, desc, eq, lte } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { provinceSettings } from './schema.js';

export const SETTING_KINDS = [
  'syllabus_hours',
  'item_details',
  'practical_standard',
  'rating_weights',
  'risk_weights',
  'legal_bases',
  'calendar',
  'exam_within_days',
  'exam_place_level',
  'second_factor',
] as const;
export type SettingKind = (typeof SETTING_KINDS)[number];

/** The province a region belongs to: 510107 → 510000. */
export function provinceOf(regionCode: string): string {
  return `${regionCode.slice(0, 2)}0000`;
}

export interface SettingVersion<T = unknown> {
  id: string;
  provinceCode: string;
  kind: string;
  key: string;
  value: T;
  effectiveFrom: string;
  note: string;
  recordedAt: Date;
  recordedByName: string;
}

/**
 * The version of one setting in force on `on` (a China date) in the province of `regionCode`, or
 * null when the province never set it (the caller then applies the national default). A later
 * recording for the same effective date replaces the earlier one.
 */
export async function settingInForce<T>(
  db: Executor,
  p: { regionCode: string; kind: SettingKind; key?: string; on: string },
): Promise<SettingVersion<T> | null> {
  const [row] = await db
    .select()
    .from(provinceSettings)
    .where(
      and(
        eq(provinceSettings.provinceCode, provinceOf(p.regionCode)),
        eq(provinceSettings.kind, p.kind),
        eq(provinceSettings.key, p.key ?? ''),
        lte(provinceSettings.effectiveFrom, p.on),
      ),
    )
    .orderBy(desc(provinceSettings.effectiveFrom), desc(provinceSettings.recordedAt))
    .limit(1);
  return (row as SettingVersion<T> | undefined) ?? null;
}

/** Every key of a kind in force on `on`, e.g. all the legal bases a province has restated. */
export async function settingsInForce<T>(
  db: Executor,
  p: { regionCode: string; kind: SettingKind; on: string },
): Promise<Map<string, SettingVersion<T>>> {
  const rows = await db
    .select()
    .from(provinceSettings)
    .where(
      and(
        eq(provinceSettings.provinceCode, provinceOf(p.regionCode)),
        eq(provinceSettings.kind, p.kind),
        lte(provinceSettings.effectiveFrom, p.on),
      ),
    )
    .orderBy(desc(provinceSettings.effectiveFrom), desc(provinceSettings.recordedAt));
  const byKey = new Map<string, SettingVersion<T>>();
  for (const row of rows) if (!byKey.has(row.key)) byKey.set(row.key, row as SettingVersion<T>);
  return byKey;
}

/** All versions of a kind in one province, newest first: the history the settings pages show. */
export async function settingVersions(db: Executor, p: { provinceCode: string; kind: SettingKind; key?: string }) {
  const rows = await db
    .select()
    .from(provinceSettings)
    .where(
      and(
        eq(provinceSettings.provinceCode, p.provinceCode),
        eq(provinceSettings.kind, p.kind),
        ...(p.key !== undefined ? [eq(provinceSettings.key, p.key)] : []),
      ),
    )
    .orderBy(provinceSettings.key, desc(provinceSettings.effectiveFrom), desc(provinceSettings.recordedAt));
  return rows as SettingVersion[];
}

export async function insertSettingVersion(
  db: Executor,
  row: Omit<SettingVersion, 'id'> & { recordedBy: string | null },
): Promise<SettingVersion> {
  const [inserted] = await db.insert(provinceSettings).values(row).returning();
  return inserted as SettingVersion;
}
