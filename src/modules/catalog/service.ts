import type { Actor } from '../../kernel/access.js';
import { can, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { settingInForce } from '../../kernel/province-settings.js';
import { notFound, Problem } from '../../kernel/problem.js';
import type { OperationItem } from '../../shared/catalog.js';
import { findOperationItem, listCatalogue, updateSyllabusHours, type OperationItemRow } from './queries.js';

export const EDUCATION_MIN_LABELS: Record<string, string> = {
  junior_high: '初中及以上',
  senior_high: '高中或同等学历及以上',
};

/** The API's item is the shape the web app reads (src/shared/catalog.ts). */
export function presentItem(item: OperationItemRow): OperationItem {
  return {
    code: item.code,
    name: item.name,
    categoryCode: item.categoryCode,
    theoryHours: item.theoryHours,
    practicalHours: item.practicalHours,
    hoursConfirmed: item.hoursConfirmed,
    requiresRealEquipment: item.requiresRealEquipment,
    // The catalogue is seeded with these two floors only (queries.ts, CAT-2).
    minEducation: item.minEducation as OperationItem['minEducation'],
    minEducationLabel: EDUCATION_MIN_LABELS[item.minEducation] ?? item.minEducation,
  };
}

export async function getCatalogue(ctx: AppContext) {
  const categories = await listCatalogue(ctx.db);
  return { categories: categories.map((c) => ({ code: c.code, name: c.name, items: c.items.map(presentItem) })) };
}

export async function getOperationItem(ctx: Pick<AppContext, 'db'>, code: string): Promise<OperationItemRow> {
  const item = await findOperationItem(ctx.db, code);
  if (!item) throw notFound('作业项目');
  return item;
}

/**
 * CAT-2: the national baseline hours of an item (the platform operator loads the ministry's syllabus).
 * A province's own hours are a province setting (settings module, kind syllabus_hours): a province
 * regulator writing the national row would change every other province's classes.
 */
export async function setSyllabusHours(
  ctx: AppContext,
  actor: Actor,
  input: { code: string; theoryHours: number | null; practicalHours: number | null; confirmed: boolean },
) {
  if (!can(actor, 'catalog.national')) {
    if (can(actor, 'catalog.manage')) {
      throw new Problem(
        403,
        'province-setting',
        '请在省级设置中设定本省学时',
        '全国目录的学时基准由平台运营方维护；本省的大纲学时请在“省级设置 → 培训大纲学时”中设定（按省、分版本生效）。',
        { rule: 'CAT-2' },
      );
    }
    requirePermission(actor, 'catalog.national');
  }
  return ctx.db.transaction(async (tx) => {
    const before = await findOperationItem(tx, input.code);
    if (!before) throw notFound('作业项目');
    const after = await updateSyllabusHours(tx, { ...input, at: ctx.clock.now() });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'catalog.set_syllabus_hours',
      entityType: 'operation_item',
      entityId: input.code,
      regionCode: actor.regionCode,
      before: {
        theoryHours: before.theoryHours,
        practicalHours: before.practicalHours,
        hoursConfirmed: before.hoursConfirmed,
      },
      after: {
        theoryHours: after!.theoryHours,
        practicalHours: after!.practicalHours,
        hoursConfirmed: after!.hoursConfirmed,
      },
    });
    return presentItem(after!);
  });
}

/**
 * CAT-2 / EXM-9 / REG-3: an item's details as the province of `regionCode` has them today. A
 * province may only be stricter than the catalogue (the settings module checks that on entry), so
 * real equipment stays required where the nation requires it.
 */
export async function itemDetailsIn(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  item: OperationItemRow,
  regionCode: string | null | undefined,
): Promise<{ requiresRealEquipment: boolean; minEducation: string }> {
  const own = regionCode
    ? await settingInForce<{ requiresRealEquipment: boolean; minEducation: string }>(ctx.db, {
        regionCode,
        kind: 'item_details',
        key: item.code,
        on: chinaDate(ctx.clock.now()),
      })
    : null;
  return {
    requiresRealEquipment: item.requiresRealEquipment || !!own?.value.requiresRealEquipment,
    minEducation: own?.value.minEducation ?? item.minEducation,
  };
}
