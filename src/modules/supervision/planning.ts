// Inspection planning driven by data (SUP-1, SUP-2 回头看): the first-class inspection each
// institution is owed (seed 000 §8), the year's coverage of full inspections, the risk-weighted
// random draw of employers (双随机) recorded so that anyone can re-run it, and re-inspections
// (回头看, seed 003 §三(一)) proposed from overdue or repeated findings.
import { randomInt } from 'node:crypto';
import type { Tx } from '../../db/index.js';
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { addDays, chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { DomainEvent, EventSubscriber } from '../../kernel/events.js';
import { badRequest, forbidden } from '../../kernel/problem.js';
import { settingInForce } from '../../kernel/province-settings.js';
import { mulberry32 } from '../../kernel/random.js';
import { regionFullName } from '../../kernel/regions.js';
import { employerRiskCounts } from '../employers/index.js';
import { listSites } from '../exams/index.js';
import { injuryCountsByEmployer } from '../injuries/index.js';
import { listOrganisations } from '../organisations/index.js';
import { CLASS_FILED_EVENT, classFilingsOfInstitutions } from '../training/index.js';
import {
  drawsOf,
  ensurePlan,
  findPlan,
  findingsWithTargets,
  firstClassTasksWithin,
  insertDraw,
  insertFirstClassTask,
  insertPlanEntries,
  inspectionsOfTargets,
  planEntries,
  upsertReinspectionEntries,
  type DrawRow,
} from './queries.js';
import {
  COVERAGE_LABELS,
  FIRST_CLASS_DUE_DAYS,
  INSPECTION_TARGETS,
  REPEAT_WINDOW_DAYS,
  coverageState,
  drawWeighted,
  reinspectionReasons,
  riskScore,
  type RiskFactor,
  taskState,
  type CoverageState,
  type DrawCandidate,
  type InspectionTarget,
  type TaskState,
} from './rules.js';

const TASK_LABELS: Record<TaskState, string> = {
  open: '待检查',
  overdue: '逾期未检查',
  in_progress: '检查中',
  done: '已检查',
};
/** A draw asks for at least one employer and at most this many: a plan, not a campaign. */
export const MAX_DRAW = 100;

function plannerScope(actor: Actor): string {
  requirePermission(actor, 'supervision.inspections');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden('检查计划由监管部门编制。');
  return prefix;
}

const today = (ctx: AppContext) => chinaDate(ctx.clock.now());
const yearStart = (year: number) => new Date(`${year}-01-01T00:00:00+08:00`);
const regionName = (code: string) => regionFullName(code) ?? code;

/** Plans can be made for this year and the next (as addToInspectionPlan allows). */
function plannableYear(ctx: AppContext, year: number): { firstMonth: number } {
  const day = today(ctx);
  const currentYear = Number(day.slice(0, 4));
  if (year < currentYear || year > currentYear + 1)
    throw badRequest(`只能编制 ${currentYear} 或 ${currentYear + 1} 年的检查计划。`, [
      { field: 'year', message: '年度不可编制' },
    ]);
  return { firstMonth: year === currentYear ? Number(day.slice(5, 7)) : 1 };
}

// ——— SUP-1: the first class ———

export const planningSubscribers: readonly EventSubscriber[] = [
  {
    name: 'supervision.first-class',
    types: [CLASS_FILED_EVENT],
    async handle(tx: Tx, event: DomainEvent, ctx: AppContext) {
      const p = event.payload as {
        classId: string;
        institutionOrgId: string;
        institutionName: string;
        className: string;
        itemCode: string;
        opensAt: string;
      };
      // SUP-1 (seed 000 §8): only the institution's first filed class calls for the inspection; classes filed before it mean this is not the first.
      const filed = (
        await classFilingsOfInstitutions(tx, [p.institutionOrgId], new Date(0), new Date('9999-01-01'))
      ).filter((c) => c.filedAt);
      const mine = filed.find((c) => c.id === p.classId);
      if (filed.some((c) => c.id !== p.classId && mine?.filedAt && c.filedAt! < mine.filedAt)) return;
      const opensOn = chinaDate(new Date(p.opensAt));
      await insertFirstClassTask(tx, {
        institutionOrgId: p.institutionOrgId,
        institutionName: p.institutionName,
        regionCode: event.regionCode ?? '',
        classId: p.classId,
        className: p.className,
        itemCode: p.itemCode,
        opensOn,
        dueOn: addDays(opensOn, FIRST_CLASS_DUE_DAYS),
        createdAt: ctx.clock.now(),
      });
    },
  },
];

/** SUP-1: the first-class inspections of the jurisdiction — those of the year, and any still owed from before. */
export async function firstClassTasks(ctx: AppContext, actor: Actor, year: number) {
  const prefix = plannerScope(actor);
  const day = today(ctx);
  const tasks = await firstClassTasksWithin(ctx.db, prefix);
  const since = tasks.reduce((d, t) => (t.createdAt < d ? t.createdAt : d), ctx.clock.now());
  const done = await inspectionsOfTargets(ctx.db, [...new Set(tasks.map((t) => t.institutionOrgId))], since);
  const items = tasks
    .map((t) => {
      const ofInstitution = done.filter((i) => i.targetId === t.institutionOrgId);
      const state = taskState(t, ofInstitution, day);
      const inspection = ofInstitution.find((i) => (i.completedAt ?? i.startedAt) >= t.createdAt);
      return {
        id: t.id,
        institutionId: t.institutionOrgId,
        institutionName: t.institutionName,
        regionName: regionName(t.regionCode),
        classId: t.classId,
        className: t.className,
        itemCode: t.itemCode,
        opensOn: t.opensOn,
        dueOn: t.dueOn,
        state,
        stateLabel: TASK_LABELS[state],
        inspectionId: inspection?.id ?? null,
        createdYear: Number(chinaDate(t.createdAt).slice(0, 4)),
      };
    })
    .filter((t) => t.createdYear === year || (t.createdYear < year && t.state !== 'done'))
    .map(({ createdYear: _, ...t }) => t);
  return {
    items,
    counts: {
      total: items.length,
      open: items.filter((t) => t.state === 'open' || t.state === 'in_progress').length,
      overdue: items.filter((t) => t.state === 'overdue').length,
      done: items.filter((t) => t.state === 'done').length,
    },
  };
}

// ——— SUP-1: every institution and site fully inspected once a year ———

export async function annualCoverage(ctx: AppContext, actor: Actor, year: number) {
  const prefix = plannerScope(actor);
  const day = today(ctx);
  const [{ items: institutions }, sites, plan] = await Promise.all([
    listOrganisations(ctx.db, { kind: 'institution', regionPrefix: prefix, page: 1, pageSize: 10_000 }),
    listSites(ctx.db, { regionPrefix: prefix, filedOnly: true }),
    findPlan(ctx.db, actor.orgId!, year),
  ]);
  const targets = [
    ...institutions.map((o) => ({
      kind: 'institution' as InspectionTarget,
      id: o.id,
      name: o.name,
      regionCode: o.regionCode,
    })),
    ...sites.map((s) => ({ kind: 'exam_site' as InspectionTarget, id: s.id, name: s.name, regionCode: s.regionCode })),
  ];
  const month = new Map(
    (plan ? await planEntries(ctx.db, plan.id) : [])
      .filter((e) => e.source === 'annual')
      .map((e) => [e.targetId, e.plannedMonth]),
  );
  const end = yearStart(year + 1);
  const inYear = (
    await inspectionsOfTargets(
      ctx.db,
      targets.map((t) => t.id),
      yearStart(year),
    )
  ).filter((i) => i.startedAt < end);
  const items = targets.map((t) => {
    const of = inYear.filter((i) => i.targetId === t.id);
    const completed = of
      .filter((i) => i.status === 'completed')
      .sort((a, b) => a.completedAt!.getTime() - b.completedAt!.getTime())[0];
    const state = coverageState(
      {
        year,
        plannedMonth: month.get(t.id) ?? null,
        completedOn: completed ? chinaDate(completed.completedAt!) : null,
        inProgress: of.some((i) => i.status === 'in_progress'),
      },
      day,
    );
    return {
      targetKind: t.kind,
      targetKindLabel: INSPECTION_TARGETS[t.kind],
      targetId: t.id,
      targetName: t.name,
      regionName: regionName(t.regionCode),
      plannedMonth: month.get(t.id) ?? null,
      state,
      stateLabel: COVERAGE_LABELS[state],
      inspectionId: (completed ?? of[0])?.id ?? null,
      inspectedOn: completed ? chinaDate(completed.completedAt!) : null,
    };
  });
  // Those still owed first: the page reads top-down.
  const order: CoverageState[] = ['missed', 'overdue', 'unplanned', 'in_progress', 'planned', 'done'];
  items.sort(
    (a, b) =>
      order.indexOf(a.state) - order.indexOf(b.state) ||
      (a.plannedMonth ?? 13) - (b.plannedMonth ?? 13) ||
      a.targetName.localeCompare(b.targetName, 'zh'),
  );
  const counts = Object.fromEntries(order.map((s) => [s, items.filter((i) => i.state === s).length])) as Record<
    CoverageState,
    number
  >;
  return { year, items, counts: { ...counts, total: items.length }, labels: COVERAGE_LABELS };
}

// ——— SUP-1: the risk-weighted random draw of employers (双随机) ———

async function drawCandidates(ctx: AppContext, prefix: string): Promise<DrawCandidate[]> {
  const day = today(ctx);
  const { items: employers } = await listOrganisations(ctx.db, {
    kind: 'employer',
    regionPrefix: prefix,
    page: 1,
    pageSize: 100_000,
  });
  const ids = employers.map((e) => e.id);
  const [risk, injuries, weights] = await Promise.all([
    employerRiskCounts(ctx, { regionPrefix: prefix, today: day }),
    injuryCountsByEmployer(ctx.db, { employerIds: ids, from: addDays(day, -365), to: addDays(day, 1) }),
    // SUP-1: the risk weights are the province's (settings module), the defaults where it set none.
    settingInForce<Partial<Record<RiskFactor, number>>>(ctx.db, {
      regionCode: prefix.padEnd(6, '0'),
      kind: 'risk_weights',
      on: day,
    }),
  ]);
  return employers.map((e) => {
    const r = risk.get(e.id);
    const score = riskScore(
      {
        uncertified: r?.uncertified ?? 0,
        overdueFilings: r?.overdueFilings ?? 0,
        certificatesAtRisk: r?.certificatesAtRisk ?? 0,
        injuries: injuries.get(e.id) ?? 0,
      },
      weights?.value,
    );
    return { id: e.id, name: e.name, regionCode: e.regionCode, weight: score.weight, factors: score.factors };
  });
}

function presentDraw(d: DrawRow, names: Map<string, string>) {
  const rerun = drawWeighted(d.candidates, d.count, mulberry32(d.seed)).map((c) => c.id);
  const total = d.candidates.reduce((n, c) => n + c.weight, 0);
  return {
    id: d.id,
    year: d.year,
    seed: d.seed,
    count: d.count,
    drawnByName: d.drawnByName,
    drawnAt: d.drawnAt.toISOString(),
    candidates: d.candidates.length,
    totalWeight: total,
    drawn: d.drawn.map((id) => {
      const c = d.candidates.find((x) => x.id === id);
      return {
        id,
        name: names.get(id) ?? c?.name ?? '',
        regionName: c ? regionName(c.regionCode) : '',
        weight: c?.weight ?? 0,
        factors: c?.factors ?? [],
      };
    }),
    // Anyone can re-run the draw from its seed and candidates; the page shows that it comes out the same.
    reproduced: rerun.length === d.drawn.length && rerun.every((id, i) => id === d.drawn[i]),
  };
}

/** The employers of the jurisdiction with their risk factors and weights, and the year's draws so far. */
export async function employerRisk(ctx: AppContext, actor: Actor, year: number) {
  const prefix = plannerScope(actor);
  const [candidates, draws, plan] = await Promise.all([
    drawCandidates(ctx, prefix),
    drawsOf(ctx.db, actor.orgId!, year),
    findPlan(ctx.db, actor.orgId!, year),
  ]);
  const drawnIds = new Set(
    (plan ? await planEntries(ctx.db, plan.id) : []).filter((e) => e.source === 'random').map((e) => e.targetId),
  );
  const total = candidates.reduce((n, c) => n + c.weight, 0);
  const names = new Map(candidates.map((c) => [c.id, c.name]));
  return {
    year,
    items: candidates
      .map((c) => ({
        id: c.id,
        name: c.name,
        regionName: regionName(c.regionCode),
        weight: c.weight,
        share: total ? c.weight / total : 0,
        factors: c.factors,
        drawn: drawnIds.has(c.id),
      }))
      .sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name, 'zh')),
    draws: draws.map((d) => presentDraw(d, names)),
  };
}

/**
 * SUP-1 双随机: draws `count` employers not yet drawn this year, weighted by risk, with a recorded seed
 * (the regulator's, or one the server picks), and puts them into the year's plan. The draw, its
 * candidates and their weights are kept and audited in the same transaction.
 */
export async function drawEmployers(
  ctx: AppContext,
  actor: Actor,
  year: number,
  input: { count: number; seed?: number },
) {
  const prefix = plannerScope(actor);
  const { firstMonth } = plannableYear(ctx, year);
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_DRAW)
    throw badRequest(`抽取数量须为 1 至 ${MAX_DRAW} 家。`, [{ field: 'count', message: '数量不符' }]);
  const plan = await findPlan(ctx.db, actor.orgId!, year);
  const already = new Set(
    (plan ? await planEntries(ctx.db, plan.id) : []).filter((e) => e.source === 'random').map((e) => e.targetId),
  );
  const candidates = (await drawCandidates(ctx, prefix)).filter((c) => !already.has(c.id));
  if (!candidates.length)
    throw badRequest('辖区内没有可抽取的生产经营单位（均已抽取或尚无单位）。', [
      { field: 'count', message: '无可抽取对象' },
    ]);
  if (input.count > candidates.length)
    throw badRequest(`可抽取的生产经营单位只有 ${candidates.length} 家。`, [
      { field: 'count', message: `最多 ${candidates.length} 家` },
    ]);
  const seed = input.seed ?? randomInt(0, 2 ** 32);
  const drawn = drawWeighted(candidates, input.count, mulberry32(seed));
  const row = await ctx.db.transaction(async (tx) => {
    const p = await ensurePlan(tx, {
      orgId: actor.orgId!,
      regionCode: actor.regionCode!,
      year,
      createdAt: ctx.clock.now(),
    });
    const draw = await insertDraw(tx, {
      orgId: actor.orgId!,
      regionCode: actor.regionCode!,
      year,
      seed,
      count: input.count,
      candidates,
      drawn: drawn.map((c) => c.id),
      drawnBy: actor.userId,
      drawnByName: actor.displayName,
      drawnAt: ctx.clock.now(),
    });
    await insertPlanEntries(
      tx,
      drawn.map((c) => ({
        planId: p.id,
        targetKind: 'employer' as const,
        targetId: c.id,
        targetName: c.name,
        regionCode: c.regionCode,
        plannedMonth: firstMonth,
        source: 'random' as const,
        reason: `双随机抽取（风险权重 ${c.weight}，随机种子 ${seed}）`,
        drawId: draw.id,
        createdAt: ctx.clock.now(),
      })),
    );
    await appendAudit(tx, ctx.clock, actor, {
      action: 'inspection.random_draw',
      entityType: 'employer_draw',
      entityId: draw.id,
      regionCode: actor.regionCode,
      after: {
        year,
        seed,
        count: input.count,
        candidates: candidates.length,
        drawn: drawn.map((c) => ({ id: c.id, name: c.name, weight: c.weight })),
      },
    });
    return draw;
  });
  return presentDraw(row, new Map(candidates.map((c) => [c.id, c.name])));
}

// ——— SUP-2 回头看: re-inspections proposed from the findings ———

async function reinspectionProposals(ctx: AppContext, prefix: string, orgId: string, year: number) {
  const day = today(ctx);
  const windowStart = addDays(day, -REPEAT_WINDOW_DAYS);
  const rows = await findingsWithTargets(ctx.db, prefix, new Date(`${windowStart}T00:00:00+08:00`));
  const byTarget = new Map<string, typeof rows>();
  for (const r of rows) byTarget.set(r.targetId, [...(byTarget.get(r.targetId) ?? []), r]);
  const plan = await findPlan(ctx.db, orgId, year);
  const entries = (plan ? await planEntries(ctx.db, plan.id) : []).filter((e) => e.source === 'reinspection');
  const proposals = [];
  for (const [targetId, found] of byTarget) {
    const reasons = reinspectionReasons(
      found.map(({ finding: f }) => ({
        id: f.id,
        inspectionId: f.inspectionId,
        checklistItemId: f.checklistItemId,
        description: f.description,
        deadline: f.deadline,
        status: f.status,
        on: chinaDate(f.createdAt),
      })),
      day,
      windowStart,
    );
    if (!reasons.length) continue;
    const latest = found[found.length - 1].finding;
    // Planned after the latest finding: the 回头看 is in hand; a finding after it calls for another.
    const entry = entries.find((e) => e.targetId === targetId && e.createdAt >= latest.createdAt);
    proposals.push({
      targetKind: found[0].targetKind,
      targetKindLabel: INSPECTION_TARGETS[found[0].targetKind],
      targetId,
      targetName: latest.targetName,
      regionCode: latest.regionCode,
      regionName: regionName(latest.regionCode),
      reasons,
      findings: found.length,
      inPlan: !!entry,
      planEntryId: entry?.id ?? null,
    });
  }
  const rank = (p: { reasons: Array<{ kind: string }> }) =>
    p.reasons.some((r) => r.kind === 'overdue') ? 0 : p.reasons.some((r) => r.kind === 'repeated_item') ? 1 : 2;
  return proposals.sort((a, b) => Number(a.inPlan) - Number(b.inPlan) || rank(a) - rank(b) || b.findings - a.findings);
}

export async function listReinspections(ctx: AppContext, actor: Actor, year: number) {
  const prefix = plannerScope(actor);
  const items = (await reinspectionProposals(ctx, prefix, actor.orgId!, year)).map(({ regionCode: _, ...p }) => p);
  return {
    year,
    items,
    counts: { proposed: items.filter((p) => !p.inPlan).length, planned: items.filter((p) => p.inPlan).length },
  };
}

/** SUP-2 回头看: puts the proposed re-inspections (all, or those chosen) into the year's plan in one action. */
export async function addReinspections(ctx: AppContext, actor: Actor, year: number, input: { targetIds?: string[] }) {
  const prefix = plannerScope(actor);
  const { firstMonth } = plannableYear(ctx, year);
  const open = (await reinspectionProposals(ctx, prefix, actor.orgId!, year)).filter((p) => !p.inPlan);
  const chosen = input.targetIds ? open.filter((p) => input.targetIds!.includes(p.targetId)) : open;
  if (input.targetIds && chosen.length !== new Set(input.targetIds).size)
    throw badRequest('所选对象不在回头看建议中，或已列入计划。', [{ field: 'targetIds', message: '不在建议中' }]);
  if (!chosen.length) throw badRequest('没有待列入计划的回头看建议。', [{ field: 'targetIds', message: '无建议' }]);
  await ctx.db.transaction(async (tx) => {
    const plan = await ensurePlan(tx, {
      orgId: actor.orgId!,
      regionCode: actor.regionCode!,
      year,
      createdAt: ctx.clock.now(),
    });
    await upsertReinspectionEntries(
      tx,
      chosen.map((p) => ({
        planId: plan.id,
        targetKind: p.targetKind,
        targetId: p.targetId,
        targetName: p.targetName,
        regionCode: p.regionCode,
        plannedMonth: firstMonth,
        source: 'reinspection' as const,
        reason: p.reasons.map((r) => r.text).join('；'),
        createdAt: ctx.clock.now(),
      })),
    );
    await appendAudit(tx, ctx.clock, actor, {
      action: 'inspection.plan_reinspection',
      entityType: 'inspection_plan',
      entityId: plan.id,
      regionCode: actor.regionCode,
      after: {
        year,
        targets: chosen.map((p) => ({ id: p.targetId, name: p.targetName, reasons: p.reasons.map((r) => r.kind) })),
      },
    });
  });
  return listReinspections(ctx, actor, year);
}
