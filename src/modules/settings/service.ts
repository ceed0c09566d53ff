// Use cases of the per-province settings: read a kind with its national defaults, the value in
// force and every version; record a new version from an effective date, audited before/after.
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import {
  insertSettingVersion,
  provinceOf,
  settingInForce,
  settingVersions,
  type SettingKind,
  type SettingVersion,
} from '../../kernel/province-settings.js';
import { getRegion, regionLevel } from '../../kernel/regions.js';
import { getCatalogue, getOperationItem } from '../catalog/index.js';
import { VIOLATIONS } from '../supervision/index.js';
import { KINDS, SETTING_GROUPS, fieldLabels, nationalValue, valueProblems, type ItemFacts } from './kinds.js';

function requireProvince(code: string): string {
  if (regionLevel(code) !== 'province' || !getRegion(code)) throw notFound('省份');
  return code;
}

/** Everyone signed in may read a province's settings: they are the rules its people are held to. */
function requireReader(actor: Actor) {
  requirePermission(actor, 'catalog');
}

/**
 * Only the regulator of the province itself edits (ARCHITECTURE.md "Settings that belong to a
 * province"): not a city or county, not another province, not the platform's administrator.
 */
function requireEditor(actor: Actor, provinceCode: string) {
  requirePermission(actor, 'catalog.manage');
  if (actor.role !== 'province_regulator' || !actor.regionCode) throw forbidden('省级设置由本省省级监管部门维护。');
  if (provinceOf(actor.regionCode) !== provinceCode) throw forbidden('只能修改本省的设置，其他省份的设置只能查看。');
}

function presentVersion(v: SettingVersion) {
  return {
    id: v.id,
    key: v.key,
    value: v.value,
    effectiveFrom: v.effectiveFrom,
    note: v.note,
    recordedAt: v.recordedAt.toISOString(),
    recordedByName: v.recordedByName,
  };
}

async function keysOf(
  ctx: AppContext,
  kind: SettingKind,
): Promise<Array<{ key: string; label: string; item?: ItemFacts }>> {
  switch (KINDS[kind].keyKind) {
    case 'item': {
      const { categories } = await getCatalogue(ctx);
      return categories
        .flatMap((c) => c.items)
        .map((item) => ({ key: item.code, label: `${item.code} ${item.name}`, item }));
    }
    case 'violation':
      return VIOLATIONS.map((v) => ({ key: v.code, label: `${v.code} ${v.title}` }));
    case 'year': {
      const year = Number(chinaDate(ctx.clock.now()).slice(0, 4));
      return [year, year + 1].map((y) => ({ key: String(y), label: `${y} 年` }));
    }
    default:
      return [{ key: '', label: KINDS[kind].label }];
  }
}

/** One kind in one province: per key the national value, the value in force today, and its versions. */
export async function getProvinceSettings(ctx: AppContext, actor: Actor, provinceCode: string, kind: SettingKind) {
  requireReader(actor);
  requireProvince(provinceCode);
  const today = chinaDate(ctx.clock.now());
  const [keys, versions] = await Promise.all([keysOf(ctx, kind), settingVersions(ctx.db, { provinceCode, kind })]);
  // A year someone has set stays listed even when it is no longer this year or next.
  for (const v of versions)
    if (!keys.some((k) => k.key === v.key))
      keys.push({ key: v.key, label: KINDS[kind].keyKind === 'year' ? `${v.key} 年` : v.key });
  return {
    provinceCode,
    provinceName: getRegion(provinceCode)!.name,
    kind,
    ...KINDS[kind],
    groupLabel: SETTING_GROUPS[KINDS[kind].group],
    fieldLabels: fieldLabels(kind),
    editable:
      actor.role === 'province_regulator' && !!actor.regionCode && provinceOf(actor.regionCode) === provinceCode,
    today,
    keys: keys.map(({ key, label, item }) => {
      const own = versions.filter((v) => v.key === key);
      const inForce = own.find((v) => v.effectiveFrom <= today) ?? null;
      return {
        key,
        label,
        national: nationalValue(kind, key, item),
        inForce: inForce ? presentVersion(inForce) : null,
        versions: own.map(presentVersion),
      };
    }),
  };
}

/**
 * A new version of one setting, in force from `effectiveFrom` (today or later: decisions already
 * taken stand on the rules of their day). The audit record keeps the value it replaces on that day.
 */
export async function recordSetting(
  ctx: AppContext,
  actor: Actor,
  provinceCode: string,
  kind: SettingKind,
  input: { key: string; value: unknown; effectiveFrom: string; note?: string },
) {
  requireEditor(actor, requireProvince(provinceCode));
  const spec = KINDS[kind];
  const today = chinaDate(ctx.clock.now());
  if (input.effectiveFrom < today)
    throw badRequest(`生效日期不得早于今天（${today}）：已作出的决定按当时的设置，不溯及既往。`, [
      { field: 'effectiveFrom', message: '不得早于今天' },
    ]);
  const key = spec.keyKind === null ? '' : input.key.trim();
  const item =
    spec.keyKind === 'item'
      ? await getOperationItem(ctx, key).catch(() => {
          throw badRequest(`作业项目 ${key} 不在特种作业目录中。`, [{ field: 'key', message: '未知的作业项目' }]);
        })
      : undefined;
  const problems = valueProblems(kind, key, input.value, item);
  if (problems.length)
    throw ruleViolation(
      spec.rule,
      `${spec.label}不符合要求`,
      `${spec.label}（${spec.rule}）：${problems.join('；')}。`,
      {
        problems,
      },
    );
  return ctx.db.transaction(async (tx) => {
    const before = await settingInForce(tx, { regionCode: provinceCode, kind, key, on: input.effectiveFrom });
    const row = await insertSettingVersion(tx, {
      provinceCode,
      kind,
      key,
      value: input.value,
      effectiveFrom: input.effectiveFrom,
      note: input.note?.trim() ?? '',
      recordedAt: ctx.clock.now(),
      recordedBy: actor.userId,
      recordedByName: actor.displayName,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'settings.record',
      entityType: 'province_setting',
      entityId: `${provinceCode}:${kind}:${key}`,
      regionCode: provinceCode,
      before: before
        ? { value: before.value, effectiveFrom: before.effectiveFrom, source: 'province' }
        : { value: nationalValue(kind, key, item), source: 'national' },
      after: { value: row.value, effectiveFrom: row.effectiveFrom, note: row.note },
    });
    return presentVersion(row);
  });
}
