// EMP-5: special-operations training is in the employer's annual plan (seed 000 §7, seed 004 §13):
// which items, how many people, when; each line is linked to the class it was booked into.
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/problem.js';
import { findOrganisation } from '../organisations/index.js';
import { findTrainingClass } from '../training/index.js';
import {
  deletePlanLine,
  findPlanLine,
  insertPlanLine,
  ledgerRows,
  planLines,
  updatePlanLine,
  type PlanLineRow,
} from './queries.js';
import { itemNames } from './service.js';
import { requirePermission } from '../../kernel/access.js';

export const PLAN_PURPOSES = { initial: '取证培训', review: '复审培训' } as const;
export type PlanPurpose = keyof typeof PLAN_PURPOSES;

function planEmployer(actor: Actor): string {
  requirePermission(actor, 'employer.plan');
  if (actor.orgKind !== 'employer' || !actor.orgId) throw forbidden('仅生产经营单位可编制本单位的培训计划。');
  return actor.orgId;
}

async function presentLine(ctx: AppContext, line: PlanLineRow, names: Map<string, string>) {
  const cls = line.classId ? await findTrainingClass(ctx.db, line.classId) : undefined;
  const institution = cls ? await findOrganisation(ctx.db, cls.orgId) : undefined;
  return {
    id: line.id,
    year: line.year,
    itemCode: line.itemCode,
    itemName: names.get(line.itemCode) ?? line.itemCode,
    purpose: line.purpose,
    purposeLabel: PLAN_PURPOSES[line.purpose as PlanPurpose] ?? line.purpose,
    headcount: line.headcount,
    plannedFrom: line.plannedFrom,
    plannedTo: line.plannedTo,
    note: line.note,
    class: cls
      ? { id: cls.id, name: cls.name, institutionName: institution?.name ?? null, opensAt: cls.opensAt.toISOString() }
      : null,
  };
}

export async function getTrainingPlan(ctx: AppContext, actor: Actor, year: number) {
  const orgId = planEmployer(actor);
  const names = await itemNames(ctx);
  const lines = await planLines(ctx.db, orgId, year);
  // What the plan is for: the people on the ledger per item, so the headcount can be judged against it.
  const ledger = await ledgerRows(ctx.db, { employerOrgId: orgId, page: 1, pageSize: 100_000 });
  const onLedger = new Map<string, number>();
  for (const e of ledger.items) for (const code of e.itemCodes) onLedger.set(code, (onLedger.get(code) ?? 0) + 1);
  return {
    year,
    lines: await Promise.all(lines.map((l) => presentLine(ctx, l, names))),
    itemsOnLedger: [...onLedger].map(([code, workers]) => ({
      code,
      name: names.get(code) ?? code,
      workers,
      planned: lines.filter((l) => l.itemCode === code).reduce((n, l) => n + l.headcount, 0),
    })),
  };
}

export interface PlanLineInput {
  year: number;
  itemCode: string;
  purpose: PlanPurpose;
  headcount: number;
  plannedFrom: string;
  plannedTo: string;
  note?: string;
}

export async function addPlanLine(ctx: AppContext, actor: Actor, input: PlanLineInput) {
  const orgId = planEmployer(actor);
  const names = await itemNames(ctx);
  if (!names.has(input.itemCode))
    throw badRequest(`作业项目代码 ${input.itemCode} 不在特种作业目录中。`, [
      { field: 'itemCode', message: '未知的作业项目' },
    ]);
  if (input.plannedTo < input.plannedFrom)
    throw badRequest('计划结束日期不能早于开始日期。', [{ field: 'plannedTo', message: '早于开始日期' }]);
  if (!input.plannedFrom.startsWith(String(input.year)) || !input.plannedTo.startsWith(String(input.year))) {
    throw badRequest(`计划日期须在 ${input.year} 年内。`, [{ field: 'plannedFrom', message: '不在计划年度内' }]);
  }
  if (input.year < Number(chinaDate(ctx.clock.now()).slice(0, 4)) - 1)
    throw badRequest('不能编制两年前的培训计划。', [{ field: 'year', message: '年度过早' }]);
  return ctx.db.transaction(async (tx) => {
    const line = await insertPlanLine(tx, {
      employerOrgId: orgId,
      regionCode: actor.regionCode!,
      year: input.year,
      itemCode: input.itemCode,
      purpose: input.purpose,
      headcount: input.headcount,
      plannedFrom: input.plannedFrom,
      plannedTo: input.plannedTo,
      note: input.note?.trim() || null,
      createdAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'employer.plan_add',
      entityType: 'training_plan_line',
      entityId: line.id,
      regionCode: line.regionCode,
      after: { ...input },
    });
    return presentLine(ctx, line, names);
  });
}

async function ownLine(ctx: AppContext, actor: Actor, id: string) {
  const orgId = planEmployer(actor);
  const line = await findPlanLine(ctx.db, id);
  if (!line || line.employerOrgId !== orgId) throw notFound('培训计划');
  return line;
}

/** Links a plan line to the training class its people were booked into (or unlinks it with null). */
export async function linkPlanLine(ctx: AppContext, actor: Actor, id: string, classId: string | null) {
  const line = await ownLine(ctx, actor, id);
  if (classId) {
    const cls = await findTrainingClass(ctx.db, classId);
    if (!cls) throw badRequest('未找到该培训班，请核对培训班编号。', [{ field: 'classId', message: '未找到' }]);
    if (cls.itemCode !== line.itemCode)
      throw badRequest('培训班的作业项目与计划不一致。', [{ field: 'classId', message: '作业项目不一致' }]);
  }
  const names = await itemNames(ctx);
  return ctx.db.transaction(async (tx) => {
    const row = await updatePlanLine(tx, id, { classId });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'employer.plan_link',
      entityType: 'training_plan_line',
      entityId: id,
      regionCode: row.regionCode,
      before: { classId: line.classId },
      after: { classId },
    });
    return presentLine(ctx, row, names);
  });
}

export async function removePlanLine(ctx: AppContext, actor: Actor, id: string) {
  const line = await ownLine(ctx, actor, id);
  if (line.classId) throw conflict('该计划已关联培训班，不能删除；请先取消关联。');
  await ctx.db.transaction(async (tx) => {
    await deletePlanLine(tx, id);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'employer.plan_remove',
      entityType: 'training_plan_line',
      entityId: id,
      regionCode: line.regionCode,
      before: { itemCode: line.itemCode, headcount: line.headcount },
    });
  });
}
