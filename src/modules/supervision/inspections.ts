// Inspections (SUP-1, SUP-2): the regulator's annual plan holds every institution and exam site of its
// jurisdiction (the platform shows who is missing); an inspector works through a checklist on a phone
// — for institutions pre-filled with the AQ 8011 verdicts the platform already computes — and records
// findings with photos, legal basis, deadline and responsible person; the organisation submits its
// rectification with evidence; the inspector verifies it, and only then is the finding closed (闭环).
import { can, jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/problem.js';
import { regionFullName } from '../../kernel/regions.js';
import { findSite, listSites } from '../exams/index.js';
import { basicConditionsOf } from '../institutions/index.js';
import { findOrganisation, listOrganisations } from '../organisations/index.js';
import { evidencePhotos } from './photos.js';
import {
  ensurePlan,
  findFinding,
  findInspection,
  findPhoto,
  findPlan,
  findPlanEntry,
  findingsOfInspection,
  findingsOfTarget,
  insertFinding,
  insertInspection,
  insertPhotos,
  insertPlanEntries,
  insertRectification,
  inspectionsOfTargets,
  inspectionsWithin,
  listFindings,
  lockFinding,
  lockInspection,
  photoIdsOf,
  planEntries,
  rectificationsOf,
  updateFinding,
  updateInspection,
  updateRectification,
  type FindingRow,
  type InspectionRow,
} from './queries.js';
import {
  EMPLOYER_ITEMS,
  EXAM_SITE_ITEMS,
  INSPECTION_PURPOSES,
  INSPECTION_TARGETS,
  INSTITUTION_SITE_ITEMS,
  PLAN_ENTRY_SOURCES,
  PURPOSE_OF_SOURCE,
  REPEAT_WINDOW_DAYS,
  completionRefusal,
  findingStanding,
  missingFromPlan,
  spreadOverMonths,
  type ChecklistItem,
  type ChecklistResult,
  type FindingStanding,
  type InspectionPurpose,
  type InspectionTarget,
} from './rules.js';

const FINDING_LABELS: Record<FindingStanding, string> = {
  open: '待整改',
  overdue: '逾期未整改',
  submitted: '整改待核验',
  closed: '已闭环',
};

interface Target {
  kind: InspectionTarget;
  id: string;
  name: string;
  regionCode: string;
  /** Who answers for findings: the organisation itself, or the exam centre that runs the site. */
  responsibleOrgId: string;
}

function inspectorScope(actor: Actor): string {
  requirePermission(actor, 'supervision.inspections');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden('检查由监管部门开展。');
  return prefix;
}

const today = (ctx: AppContext) => chinaDate(ctx.clock.now());

/** SUP-1: what must be in the plan — every institution and every accepted exam site of the jurisdiction. */
async function plannedTargets(ctx: AppContext, prefix: string): Promise<Target[]> {
  const [{ items: institutions }, sites] = await Promise.all([
    listOrganisations(ctx.db, { kind: 'institution', regionPrefix: prefix, page: 1, pageSize: 10_000 }),
    listSites(ctx.db, { regionPrefix: prefix, filedOnly: true }),
  ]);
  return [
    ...institutions.map((o) => ({
      kind: 'institution' as const,
      id: o.id,
      name: o.name,
      regionCode: o.regionCode,
      responsibleOrgId: o.id,
    })),
    ...sites.map((s) => ({
      kind: 'exam_site' as const,
      id: s.id,
      name: s.name,
      regionCode: s.regionCode,
      responsibleOrgId: s.centreOrgId,
    })),
  ];
}

/** One target inside the actor's jurisdiction; another region's is a 404 (SEC-2). */
async function resolveTarget(ctx: AppContext, prefix: string, kind: InspectionTarget, id: string): Promise<Target> {
  if (kind === 'exam_site') {
    const site = await findSite(ctx.db, id);
    if (!site || !site.regionCode.startsWith(prefix)) throw notFound('考试点');
    return { kind, id: site.id, name: site.name, regionCode: site.regionCode, responsibleOrgId: site.centreOrgId };
  }
  const org = await findOrganisation(ctx.db, id);
  if (!org || org.kind !== kind || !org.regionCode.startsWith(prefix)) throw notFound(INSPECTION_TARGETS[kind]);
  return { kind, id: org.id, name: org.name, regionCode: org.regionCode, responsibleOrgId: org.id };
}

const yearStart = (year: number) => new Date(`${year}-01-01T00:00:00+08:00`);

export async function getInspectionPlan(ctx: AppContext, actor: Actor, year: number) {
  const prefix = inspectorScope(actor);
  const plan = await findPlan(ctx.db, actor.orgId!, year);
  const entries = plan ? await planEntries(ctx.db, plan.id) : [];
  const targets = await plannedTargets(ctx, prefix);
  const done = await inspectionsOfTargets(
    ctx.db,
    entries.map((e) => e.targetId),
    yearStart(year),
  );
  const day = today(ctx);
  const month = Number(day.slice(5, 7));
  const currentYear = Number(day.slice(0, 4));
  const rows = entries.map((e) => {
    // The annual inspection is any in the year; a draw's or a 回头看's one must start after it was planned.
    const counts = (i: InspectionRow) =>
      e.source === 'annual' ? i.startedAt >= yearStart(year) : i.startedAt > e.createdAt;
    const inspection = done.find(
      (i) => i.targetId === e.targetId && (i.planEntryId === e.id || (i.status === 'completed' && counts(i))),
    );
    const state =
      inspection?.status === 'completed'
        ? 'done'
        : inspection
          ? 'in_progress'
          : year < currentYear || (year === currentYear && e.plannedMonth < month)
            ? 'overdue'
            : 'planned';
    return {
      id: e.id,
      targetKind: e.targetKind,
      targetKindLabel: INSPECTION_TARGETS[e.targetKind],
      targetId: e.targetId,
      targetName: e.targetName,
      regionName: regionFullName(e.regionCode) ?? e.regionCode,
      plannedMonth: e.plannedMonth,
      source: e.source,
      sourceLabel: PLAN_ENTRY_SOURCES[e.source],
      reason: e.reason,
      state,
      inspectionId: inspection?.id ?? null,
      inspectedOn: inspection ? chinaDate(inspection.startedAt) : null,
    };
  });
  const missing = missingFromPlan(
    targets,
    new Set(entries.filter((e) => e.source === 'annual').map((e) => e.targetId)),
  ).map((t) => ({
    targetKind: t.kind,
    targetKindLabel: INSPECTION_TARGETS[t.kind],
    targetId: t.id,
    targetName: t.name,
    regionName: regionFullName(t.regionCode) ?? t.regionCode,
  }));
  return {
    year,
    entries: rows,
    missing,
    counts: {
      targets: targets.length,
      planned: rows.filter((r) => r.source === 'annual').length,
      entries: rows.length,
      missing: missing.length,
      done: rows.filter((r) => r.state === 'done').length,
      overdue: rows.filter((r) => r.state === 'overdue').length,
    },
  };
}

export interface PlanEntryInput {
  targetKind: InspectionTarget;
  targetId: string;
  plannedMonth: number;
}

/** Adds targets to the year's plan; with `allMissing`, every institution and site not yet in it, spread over the months left. */
export async function addToInspectionPlan(
  ctx: AppContext,
  actor: Actor,
  year: number,
  input: { entries?: PlanEntryInput[]; allMissing?: boolean },
) {
  const prefix = inspectorScope(actor);
  const day = today(ctx);
  const currentYear = Number(day.slice(0, 4));
  if (year < currentYear || year > currentYear + 1)
    throw badRequest(`只能编制 ${currentYear} 或 ${currentYear + 1} 年的检查计划。`, [
      { field: 'year', message: '年度不可编制' },
    ]);
  const firstMonth = year === currentYear ? Number(day.slice(5, 7)) : 1;
  if (!input.allMissing && !input.entries?.length)
    throw badRequest('请选择要列入计划的对象。', [{ field: 'entries', message: '必填' }]);
  let wanted: Array<Target & { plannedMonth: number }> = [];
  if (input.allMissing) {
    const plan = await findPlan(ctx.db, actor.orgId!, year);
    const planned = new Set(
      (plan ? await planEntries(ctx.db, plan.id) : []).filter((e) => e.source === 'annual').map((e) => e.targetId),
    );
    const missing = missingFromPlan(await plannedTargets(ctx, prefix), planned);
    const months = spreadOverMonths(missing.length, firstMonth);
    wanted = missing.map((t, i) => ({ ...t, plannedMonth: months[i] }));
  } else {
    for (const e of input.entries ?? []) {
      if (e.plannedMonth < firstMonth)
        throw badRequest(`计划月份不能早于 ${firstMonth} 月。`, [{ field: 'plannedMonth', message: '月份已过' }]);
      wanted.push({ ...(await resolveTarget(ctx, prefix, e.targetKind, e.targetId)), plannedMonth: e.plannedMonth });
    }
  }
  await ctx.db.transaction(async (tx) => {
    const plan = await ensurePlan(tx, {
      orgId: actor.orgId!,
      regionCode: actor.regionCode!,
      year,
      createdAt: ctx.clock.now(),
    });
    await insertPlanEntries(
      tx,
      wanted.map((t) => ({
        planId: plan.id,
        targetKind: t.kind,
        targetId: t.id,
        targetName: t.name,
        regionCode: t.regionCode,
        plannedMonth: t.plannedMonth,
        createdAt: ctx.clock.now(),
      })),
    );
    await appendAudit(tx, ctx.clock, actor, {
      action: 'inspection.plan',
      entityType: 'inspection_plan',
      entityId: plan.id,
      regionCode: actor.regionCode,
      after: { year, added: wanted.length },
    });
  });
  return getInspectionPlan(ctx, actor, year);
}

/** The findings of earlier inspections of the target: the last 12 months', and any still open from before. */
async function earlierFindingsOf(
  ctx: AppContext,
  targetId: string,
  before: Date,
  exceptInspectionId?: string,
): Promise<FindingRow[]> {
  const since = new Date(before.getTime() - REPEAT_WINDOW_DAYS * 86_400_000);
  return (await findingsOfTarget(ctx.db, targetId, since)).filter(
    (f) => f.inspectionId !== exceptInspectionId && f.createdAt <= before,
  );
}

/** SUP-2 回头看: each earlier finding becomes an item to check again — is it rectified, and did it stay so. */
function reinspectionItems(findings: readonly FindingRow[], day: string): ChecklistItem[] {
  return findings.map((f) => ({
    id: `re.${f.id}`,
    aspect: '回头看：以往问题整改情况',
    label: `${f.description}（${chinaDate(f.createdAt)} 发现，${FINDING_LABELS[findingStanding(f, day)]}）`,
    basis: f.legalBasis,
    prefill: null,
    result: null,
    note: null,
  }));
}

async function checklistFor(ctx: AppContext, target: Target, purpose: InspectionPurpose): Promise<ChecklistItem[]> {
  const again =
    purpose === 'reinspection'
      ? reinspectionItems(await earlierFindingsOf(ctx, target.id, ctx.clock.now()), today(ctx))
      : [];
  if (target.kind === 'exam_site') return [...again, ...EXAM_SITE_ITEMS.map((i) => ({ ...i }))];
  if (target.kind === 'employer') return [...again, ...EMPLOYER_ITEMS.map((i) => ({ ...i }))];
  // INS-2 pre-filled: the inspector confirms or corrects on site what the recorded facts say.
  const conditions = (await basicConditionsOf(ctx, target.id)) ?? [];
  return [
    ...again,
    ...conditions.map((c) => ({
      id: `aq.${c.id}`,
      aspect: c.aspect,
      label: c.label,
      basis: `基本条件 ${c.annexItem}`,
      prefill: { status: c.status, reason: c.reason },
      result: null,
      note: null,
    })),
    ...INSTITUTION_SITE_ITEMS.map((i) => ({ ...i })),
  ];
}

export async function startInspection(
  ctx: AppContext,
  actor: Actor,
  input: { targetKind: InspectionTarget; targetId: string; planEntryId?: string; purpose?: InspectionPurpose },
) {
  const prefix = inspectorScope(actor);
  const target = await resolveTarget(ctx, prefix, input.targetKind, input.targetId);
  let purpose: InspectionPurpose = input.purpose ?? 'full';
  if (input.planEntryId) {
    const entry = await findPlanEntry(ctx.db, input.planEntryId);
    if (!entry || entry.targetId !== target.id)
      throw badRequest('计划条目与检查对象不符。', [{ field: 'planEntryId', message: '不符' }]);
    purpose = PURPOSE_OF_SOURCE[entry.source];
  }
  if (purpose === 'first_class' && target.kind !== 'institution')
    throw badRequest('首期开班检查的对象是培训机构。', [{ field: 'purpose', message: '对象不符' }]);
  const checklist = await checklistFor(ctx, target, purpose);
  const inspection = await ctx.db.transaction(async (tx) => {
    const row = await insertInspection(tx, {
      orgId: actor.orgId!,
      inspectorUserId: actor.userId,
      inspectorName: actor.displayName,
      planEntryId: input.planEntryId ?? null,
      targetKind: target.kind,
      targetId: target.id,
      targetName: target.name,
      responsibleOrgId: target.responsibleOrgId,
      regionCode: target.regionCode,
      checklist,
      purpose,
      status: 'in_progress',
      startedAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'inspection.start',
      entityType: 'inspection',
      entityId: row.id,
      regionCode: row.regionCode,
      after: { target: target.name, kind: target.kind, purpose },
    });
    return row;
  });
  return presentInspection(ctx, inspection);
}

async function inspectionInScope(ctx: AppContext, actor: Actor, id: string): Promise<InspectionRow> {
  const prefix = inspectorScope(actor);
  const inspection = await findInspection(ctx.db, id);
  if (!inspection || !inspection.regionCode.startsWith(prefix)) throw notFound('检查');
  return inspection;
}

async function presentFinding(ctx: AppContext, f: FindingRow) {
  const standing = findingStanding(f, today(ctx));
  const [photos, rectifications] = await Promise.all([photoIdsOf(ctx.db, f.id), rectificationsOf(ctx.db, f.id)]);
  return {
    id: f.id,
    inspectionId: f.inspectionId,
    checklistItemId: f.checklistItemId,
    targetName: f.targetName,
    regionName: regionFullName(f.regionCode) ?? f.regionCode,
    description: f.description,
    legalBasis: f.legalBasis,
    deadline: f.deadline,
    responsiblePerson: f.responsiblePerson,
    standing,
    standingLabel: FINDING_LABELS[standing],
    createdAt: f.createdAt.toISOString(),
    closedAt: f.closedAt?.toISOString() ?? null,
    photoIds: photos.filter((p) => !p.rectificationId).map((p) => p.id),
    rectifications: rectifications.map((r) => ({
      id: r.id,
      note: r.note,
      submittedAt: r.submittedAt.toISOString(),
      verdict: r.verdict,
      verifyNote: r.verifyNote,
      verifiedAt: r.verifiedAt?.toISOString() ?? null,
      photoIds: photos.filter((p) => p.rectificationId === r.id).map((p) => p.id),
    })),
  };
}

async function presentInspection(ctx: AppContext, i: InspectionRow) {
  const [findings, earlier] = await Promise.all([
    findingsOfInspection(ctx.db, i.id),
    earlierFindingsOf(ctx, i.targetId, i.startedAt, i.id),
  ]);
  return {
    purpose: i.purpose,
    purposeLabel: INSPECTION_PURPOSES[i.purpose],
    /** What earlier inspections found here (a 回头看 checks each of them again). */
    earlierFindings: await Promise.all(earlier.map((f) => presentFinding(ctx, f))),
    id: i.id,
    targetKind: i.targetKind,
    targetKindLabel: INSPECTION_TARGETS[i.targetKind],
    targetId: i.targetId,
    targetName: i.targetName,
    regionName: regionFullName(i.regionCode) ?? i.regionCode,
    inspectorName: i.inspectorName,
    status: i.status,
    startedAt: i.startedAt.toISOString(),
    completedAt: i.completedAt?.toISOString() ?? null,
    checklist: i.checklist,
    findings: await Promise.all(findings.map((f) => presentFinding(ctx, f))),
  };
}

export async function getInspection(ctx: AppContext, actor: Actor, id: string) {
  return presentInspection(ctx, await inspectionInScope(ctx, actor, id));
}

export async function listInspections(ctx: AppContext, actor: Actor) {
  const prefix = inspectorScope(actor);
  const rows = await inspectionsWithin(ctx.db, prefix);
  return {
    items: rows.map((i) => ({
      id: i.id,
      purposeLabel: INSPECTION_PURPOSES[i.purpose],
      targetKindLabel: INSPECTION_TARGETS[i.targetKind],
      targetName: i.targetName,
      regionName: regionFullName(i.regionCode) ?? i.regionCode,
      inspectorName: i.inspectorName,
      status: i.status,
      startedAt: i.startedAt.toISOString(),
      completedAt: i.completedAt?.toISOString() ?? null,
    })),
  };
}

/** Only the inspecting regulator works on an open inspection. */
async function openInspection(
  ctx: AppContext,
  actor: Actor,
  tx: Parameters<typeof lockInspection>[0],
  id: string,
): Promise<InspectionRow> {
  const prefix = inspectorScope(actor);
  const inspection = await lockInspection(tx, id);
  if (!inspection || !inspection.regionCode.startsWith(prefix)) throw notFound('检查');
  if (inspection.orgId !== actor.orgId) throw forbidden('检查由开展检查的监管部门记录。');
  if (inspection.status !== 'in_progress') throw conflict('该检查已结束，不能再修改。', 'SUP-2');
  return inspection;
}

export async function checkItem(
  ctx: AppContext,
  actor: Actor,
  id: string,
  itemId: string,
  input: { result: ChecklistResult; note?: string },
) {
  const row = await ctx.db.transaction(async (tx) => {
    const inspection = await openInspection(ctx, actor, tx, id);
    if (!inspection.checklist.some((c) => c.id === itemId)) throw notFound('检查项');
    const checklist = inspection.checklist.map((c) =>
      c.id === itemId ? { ...c, result: input.result, note: input.note?.trim() || null } : c,
    );
    return updateInspection(tx, id, { checklist });
  });
  return presentInspection(ctx, row);
}

export interface FindingInput {
  checklistItemId?: string;
  description: string;
  legalBasis: string;
  deadline: string;
  responsiblePerson: string;
  photos?: string[];
}

export async function recordFinding(ctx: AppContext, actor: Actor, inspectionId: string, input: FindingInput) {
  // Permission before any business rule (issue 21): a worker learns it may not, not what is wrong.
  inspectorScope(actor);
  // SUP-2: each finding has its evidence, a deadline and a responsible person.
  if (input.deadline <= today(ctx))
    throw badRequest('整改期限须晚于今天。', [{ field: 'deadline', message: '须晚于今天' }]);
  for (const field of ['description', 'legalBasis', 'responsiblePerson'] as const) {
    if (!input[field].trim())
      throw badRequest(
        `请填写${{ description: '问题描述', legalBasis: '法律依据', responsiblePerson: '整改责任人' }[field]}。`,
        [{ field, message: '必填' }],
      );
  }
  const photos = await evidencePhotos(input.photos, 'photos');
  const row = await ctx.db.transaction(async (tx) => {
    const inspection = await openInspection(ctx, actor, tx, inspectionId);
    if (input.checklistItemId && !inspection.checklist.some((c) => c.id === input.checklistItemId))
      throw badRequest('检查项不存在。', [{ field: 'checklistItemId', message: '不存在' }]);
    const finding = await insertFinding(tx, {
      inspectionId,
      checklistItemId: input.checklistItemId ?? null,
      responsibleOrgId: inspection.responsibleOrgId,
      targetName: inspection.targetName,
      regionCode: inspection.regionCode,
      description: input.description.trim(),
      legalBasis: input.legalBasis.trim(),
      deadline: input.deadline,
      responsiblePerson: input.responsiblePerson.trim(),
      status: 'open',
      createdAt: ctx.clock.now(),
    });
    await insertPhotos(
      tx,
      photos.map((jpeg) => ({ findingId: finding.id, jpeg: jpeg.toString('base64'), takenAt: ctx.clock.now() })),
    );
    if (input.checklistItemId) {
      await updateInspection(tx, inspectionId, {
        checklist: inspection.checklist.map((c) =>
          c.id === input.checklistItemId ? { ...c, result: 'problem' as const } : c,
        ),
      });
    }
    await appendAudit(tx, ctx.clock, actor, {
      action: 'inspection.finding',
      entityType: 'inspection_finding',
      entityId: finding.id,
      regionCode: finding.regionCode,
      after: { target: finding.targetName, deadline: finding.deadline, photos: photos.length },
    });
    return finding;
  });
  return presentFinding(ctx, row);
}

export async function completeInspection(ctx: AppContext, actor: Actor, id: string) {
  const row = await ctx.db.transaction(async (tx) => {
    const inspection = await openInspection(ctx, actor, tx, id);
    const findings = await findingsOfInspection(tx, id);
    const refusal = completionRefusal(
      inspection.checklist,
      new Set(findings.map((f) => f.checklistItemId).filter((x): x is string => !!x)),
    );
    if (refusal) throw conflict(refusal, 'SUP-2');
    const done = await updateInspection(tx, id, { status: 'completed', completedAt: ctx.clock.now() });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'inspection.complete',
      entityType: 'inspection',
      entityId: id,
      regionCode: inspection.regionCode,
      after: { findings: findings.length },
    });
    return done;
  });
  return presentInspection(ctx, row);
}

/** The findings of the jurisdiction (a superior sees its subordinates' overdue ones: escalation). */
export async function listJurisdictionFindings(ctx: AppContext, actor: Actor, filter: { standing?: FindingStanding }) {
  const prefix = inspectorScope(actor);
  const rows = await listFindings(ctx.db, { regionPrefix: prefix });
  const items = await Promise.all(rows.map((f) => presentFinding(ctx, f)));
  const counts = { open: 0, overdue: 0, submitted: 0, closed: 0 } as Record<FindingStanding, number>;
  for (const f of items) counts[f.standing] += 1;
  return { items: filter.standing ? items.filter((f) => f.standing === filter.standing) : items, counts };
}

function responsibleOrg(actor: Actor): string {
  requirePermission(actor, 'rectifications');
  if (!actor.orgId) throw forbidden();
  return actor.orgId;
}

/** The findings an organisation must rectify. */
export async function myFindings(ctx: AppContext, actor: Actor) {
  const orgId = responsibleOrg(actor);
  const rows = await listFindings(ctx.db, { responsibleOrgId: orgId });
  return { items: await Promise.all(rows.map((f) => presentFinding(ctx, f))) };
}

export async function submitRectification(
  ctx: AppContext,
  actor: Actor,
  findingId: string,
  input: { note: string; photos?: string[] },
) {
  const orgId = responsibleOrg(actor);
  if (!input.note.trim()) throw badRequest('请说明整改情况。', [{ field: 'note', message: '必填' }]);
  const photos = await evidencePhotos(input.photos, 'photos');
  const row = await ctx.db.transaction(async (tx) => {
    const finding = await lockFinding(tx, findingId);
    if (!finding || finding.responsibleOrgId !== orgId) throw notFound('检查问题');
    if (finding.status === 'closed') throw conflict('该问题已闭环。', 'SUP-2');
    if (finding.status === 'submitted') throw conflict('整改情况已提交，等待检查人员核验。', 'SUP-2');
    const rectification = await insertRectification(tx, {
      findingId,
      note: input.note.trim(),
      submittedBy: actor.userId,
      submittedAt: ctx.clock.now(),
    });
    await insertPhotos(
      tx,
      photos.map((jpeg) => ({
        findingId,
        rectificationId: rectification.id,
        jpeg: jpeg.toString('base64'),
        takenAt: ctx.clock.now(),
      })),
    );
    const updated = await updateFinding(tx, findingId, { status: 'submitted' });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'inspection.rectify',
      entityType: 'inspection_finding',
      entityId: findingId,
      regionCode: finding.regionCode,
      after: { photos: photos.length, late: today(ctx) > finding.deadline },
    });
    return updated;
  });
  return presentFinding(ctx, row);
}

/** 闭环 (SUP-2): the regulator accepts the rectification (the finding closes) or returns it with a reason. */
export async function verifyRectification(
  ctx: AppContext,
  actor: Actor,
  findingId: string,
  input: { verdict: 'accept' | 'return'; note?: string },
) {
  const prefix = inspectorScope(actor);
  if (input.verdict === 'return' && !input.note?.trim())
    throw badRequest('退回整改须说明理由。', [{ field: 'note', message: '必填' }]);
  const row = await ctx.db.transaction(async (tx) => {
    const finding = await lockFinding(tx, findingId);
    if (!finding || !finding.regionCode.startsWith(prefix)) throw notFound('检查问题');
    if (finding.status !== 'submitted')
      throw conflict(finding.status === 'closed' ? '该问题已闭环。' : '单位尚未提交整改情况，不能核验。', 'SUP-2');
    const [latest] = (await rectificationsOf(tx, findingId)).slice(-1);
    await updateRectification(tx, latest.id, {
      verdict: input.verdict === 'accept' ? 'accepted' : 'returned',
      verifyNote: input.note?.trim() || null,
      verifiedBy: actor.userId,
      verifiedAt: ctx.clock.now(),
    });
    const updated = await updateFinding(
      tx,
      findingId,
      input.verdict === 'accept' ? { status: 'closed', closedAt: ctx.clock.now() } : { status: 'open' },
    );
    await appendAudit(tx, ctx.clock, actor, {
      action: input.verdict === 'accept' ? 'inspection.close_finding' : 'inspection.return_rectification',
      entityType: 'inspection_finding',
      entityId: findingId,
      regionCode: finding.regionCode,
      after: { note: input.note ?? null },
    });
    return updated;
  });
  return presentFinding(ctx, row);
}

/** A photo of a finding or its rectification: for the regulators of the place and the responsible organisation. */
export async function findingPhoto(ctx: AppContext, actor: Actor, findingId: string, photoId: string): Promise<Buffer> {
  // SEC-2: the regulators who inspect, or the staff of the responsible organisation who may list its
  // findings (an examiner of the inspected centre is of that organisation but does not rectify).
  const inspects = can(actor, 'supervision.inspections');
  const rectifies = can(actor, 'rectifications');
  if (!inspects && !rectifies) throw forbidden();
  const finding = await findFinding(ctx.db, findingId);
  const prefix = jurisdictionPrefix(actor);
  const allowed =
    finding &&
    ((inspects && prefix !== null && finding.regionCode.startsWith(prefix)) ||
      (rectifies && actor.orgId === finding.responsibleOrgId));
  if (!allowed) throw notFound('照片');
  const photo = await findPhoto(ctx.db, findingId, photoId);
  if (!photo) throw notFound('照片');
  return Buffer.from(photo.jpeg, 'base64');
}
