// CER-1: issuance tasks. A published pass (exam.passed) becomes a task of the issuing authority of
// the exam's region, due after the authority's promised number of working days on its own
// calendar. The authority approves (→ certificate) or returns with a reason; a returned task is
// reopened by the authority itself once the missing item is supplied (there is no re-submission
// channel from the exam centre: the pass stands, only the paperwork was short).
import { and, asc, desc, eq, inArray, like, lt, ne, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/index.js';
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import { provinceCalendar } from '../../kernel/working-days.js';
import type { AppContext } from '../../kernel/context.js';
import type { DomainEvent, EventSubscriber } from '../../kernel/events.js';
import { Problem, badRequest, conflict, forbidden, notFound } from '../../kernel/problem.js';
import { findOrganisation, listOrganisations } from '../organisations/index.js';
import { admissionNumber, resultsByBookingIds } from '../exams/index.js';
import { findWorkerById, workerIdsByIdNumberHash } from '../registry/index.js';
import { parseResidentIdNumber } from '../../kernel/ids.js';
import { issueCertificate } from './issue.js';
import { DEFAULT_DEADLINE_WORKING_DAYS, addWorkingDays, taskDeadline, type CalendarException } from './rules.js';
import { authoritySettings, calendarDays, issuanceTasks } from './schema.js';

export interface ExamPassedPayload {
  resultId: string;
  workerId: string;
  itemCode: string;
  sessionId: string;
  passedAt: string;
  regionCode: string;
}

/**
 * The issuing authority of a region: a regulator seated at the region's city, else its province
 * (考核发证机关 are city or provincial 应急管理 bureaus). One that has configured its issuance
 * settings is preferred, so a region with several regulators of that level has a definite answer.
 */
export async function authorityFor(db: Executor, regionCode: string) {
  const city = `${regionCode.slice(0, 4)}00`;
  const province = `${regionCode.slice(0, 2)}0000`;
  const { items } = await listOrganisations(db, {
    regionPrefix: regionCode.slice(0, 2),
    kind: 'regulator',
    page: 1,
    pageSize: 200,
  });
  const configured = new Set(
    (await db.select({ orgId: authoritySettings.orgId }).from(authoritySettings)).map((r) => r.orgId),
  );
  for (const level of [city, province]) {
    const candidates = items
      .filter((o) => o.regionCode === level)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const pick = candidates.find((o) => configured.has(o.id)) ?? candidates[0];
    if (pick) return pick;
  }
  return undefined;
}

export async function deadlineSetting(db: Executor, orgId: string): Promise<number> {
  const [row] = await db.select().from(authoritySettings).where(eq(authoritySettings.orgId, orgId));
  return row?.deadlineWorkingDays ?? DEFAULT_DEADLINE_WORKING_DAYS;
}

export async function calendarOf(db: Executor, orgId: string): Promise<CalendarException[]> {
  return db
    .select({ day: calendarDays.day, working: calendarDays.working, note: calendarDays.note })
    .from(calendarDays)
    .where(eq(calendarDays.orgId, orgId))
    .orderBy(asc(calendarDays.day));
}

/**
 * CER-1: working days are counted on the province's calendar of holidays and adjusted working days
 * in force on `from` (settings module, one version per year), with the authority's own exceptions
 * on top of it.
 */
async function dueDate(db: Executor, orgId: string, regionCode: string, from: string, workingDays: number) {
  const exceptions = await provinceCalendar(db, regionCode, from);
  for (const d of await calendarOf(db, orgId)) exceptions.set(d.day, d.working);
  return addWorkingDays(from, workingDays, exceptions);
}

/** CER-1: exam.passed → one task per result (a redelivered event finds its task and stops). */
export async function createTaskFromPass(tx: Tx, ctx: AppContext, event: DomainEvent) {
  const p = event.payload as unknown as ExamPassedPayload;
  const authority = await authorityFor(tx, p.regionCode);
  if (!authority) throw new Error(`no issuing authority for region ${p.regionCode}`);
  const days = await deadlineSetting(tx, authority.id);
  const receivedOn = chinaDate(new Date(p.passedAt));
  const dueOn = await dueDate(tx, authority.id, p.regionCode, receivedOn, days);
  const inserted = await tx
    .insert(issuanceTasks)
    .values({
      resultId: p.resultId,
      sessionId: p.sessionId,
      workerId: p.workerId,
      itemCode: p.itemCode,
      regionCode: p.regionCode,
      authorityOrgId: authority.id,
      passedAt: new Date(p.passedAt),
      receivedOn,
      deadlineWorkingDays: days,
      dueOn,
      status: 'pending',
      createdAt: ctx.clock.now(),
    })
    .onConflictDoNothing({ target: issuanceTasks.resultId })
    .returning({ id: issuanceTasks.id });
  if (inserted.length)
    await appendAudit(tx, ctx.clock, null, {
      action: 'certificates.task_create',
      entityType: 'issuance_task',
      entityId: inserted[0].id,
      regionCode: p.regionCode,
      after: { dueOn, authority: authority.name },
    });
}

export const certificateSubscribers: EventSubscriber[] = [
  {
    name: 'certificates.issuance-tasks',
    types: ['exam.passed'],
    handle: (tx, event, ctx) => createTaskFromPass(tx, ctx, event),
  },
];

type TaskRow = typeof issuanceTasks.$inferSelect;

/** Who sees which tasks: the authority its own; other regulators (its superiors) those of their jurisdiction. */
function taskScope(actor: Actor) {
  if (actor.role === 'issuing_authority' && actor.orgId) return eq(issuanceTasks.authorityOrgId, actor.orgId);
  const prefix = jurisdictionPrefix(actor);
  if (prefix) return like(issuanceTasks.regionCode, `${prefix}%`);
  throw forbidden();
}

async function present(ctx: AppContext, rows: TaskRow[]) {
  const today = chinaDate(ctx.clock.now());
  // The scores behind each pass, so the authority sees what it certifies (also in a batch).
  const results = new Map(
    (
      await resultsByBookingIds(
        ctx.db,
        rows.map((t) => t.resultId),
      )
    ).map((r) => [r.bookingId, r]),
  );
  return Promise.all(
    rows.map(async (t) => {
      const worker = await findWorkerById(ctx.db, t.workerId);
      const r = results.get(t.resultId);
      return {
        id: t.id,
        resultId: t.resultId,
        workerId: t.workerId,
        workerName: worker?.name ?? '',
        idNumberMasked: worker?.idNumberMasked ?? '',
        itemCode: t.itemCode,
        regionCode: t.regionCode,
        passedAt: t.passedAt.toISOString(),
        receivedOn: t.receivedOn,
        deadlineWorkingDays: t.deadlineWorkingDays,
        status: t.status,
        returnReason: t.returnReason,
        decidedAt: t.decidedAt?.toISOString() ?? null,
        decidedByName: t.decidedByName,
        certificateId: t.certificateId,
        exam: r
          ? {
              admissionNumber: admissionNumber(r.date, r.seq),
              date: r.date,
              siteName: r.siteName,
              theoryScore: r.theoryScore,
              theoryPassMark: r.theoryPassMark,
              practicalScore: r.practicalScore,
              practicalPassMark: r.practicalPassMark,
              passed: r.passed,
            }
          : null,
        ...taskDeadline(t, today),
      };
    }),
  );
}

/** The worker ids a search text names: an 18-digit ID number exactly (through its keyed hash). */
async function workerIdsOfIdNumber(ctx: AppContext, q: string): Promise<string[] | null> {
  const parsed = parseResidentIdNumber(q.toUpperCase(), { today: ctx.clock.now() });
  if (!parsed.ok) return null;
  const found = await workerIdsByIdNumberHash(ctx.db, [ctx.vault.lookupHash('id_number', parsed.idNumber)]);
  return [...found.values()].map((w) => w.id);
}

export async function listTasks(
  ctx: AppContext,
  actor: Actor,
  f: { status?: 'pending' | 'returned' | 'issued'; overdue?: boolean; q?: string; page: number; pageSize: number },
) {
  requirePermission(actor, 'certificates.tasks');
  const today = chinaDate(ctx.clock.now());
  const q = f.q?.trim();
  // Search by the holder's ID number (exact) or name (part of it).
  const byId = q ? await workerIdsOfIdNumber(ctx, q) : null;
  const search = !q
    ? undefined
    : byId
      ? byId.length
        ? inArray(issuanceTasks.workerId, byId)
        : sql`false`
      : sql`exists (select 1 from workers w where w.id = ${issuanceTasks.workerId} and w.name like ${`%${q.replace(/[%_\\]/g, '\\$&')}%`})`;
  const where = and(
    taskScope(actor),
    f.status ? eq(issuanceTasks.status, f.status) : undefined,
    f.overdue ? and(ne(issuanceTasks.status, 'issued'), lt(issuanceTasks.dueOn, today)) : undefined,
    search,
  );
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select()
      .from(issuanceTasks)
      .where(where)
      .orderBy(asc(issuanceTasks.dueOn), desc(issuanceTasks.createdAt))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(issuanceTasks).where(where),
  ]);
  return { items: await present(ctx, rows), total };
}

async function ownTask(tx: Executor, actor: Actor, id: string) {
  requirePermission(actor, 'certificates.manage');
  const [task] = await tx.select().from(issuanceTasks).where(eq(issuanceTasks.id, id)).for('update');
  if (!task || task.authorityOrgId !== actor.orgId) throw notFound('发证任务');
  return task;
}

/** CER-1: approve → the certificate is issued in the same transaction. */
export async function approveTask(ctx: AppContext, actor: Actor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const task = await ownTask(tx, actor, id);
    if (task.status !== 'pending')
      throw conflict(task.status === 'issued' ? '该任务已发证。' : '该任务已退回，请先重新受理。', 'CER-1');
    const certificate = await issueCertificate(tx, ctx, actor, task);
    await tx
      .update(issuanceTasks)
      .set({
        status: 'issued',
        certificateId: certificate.id,
        decidedAt: ctx.clock.now(),
        decidedByName: actor.displayName,
      })
      .where(eq(issuanceTasks.id, id));
    return { taskId: id, certificateId: certificate.id, number: certificate.number };
  });
}

/**
 * CER-1: approval of several tasks at once. Each task is decided on its own, in its own transaction,
 * with the same permission and rule checks as a single approval; one refusal does not undo or stop
 * the others, and the answer says what happened to each.
 */
export async function approveTasks(ctx: AppContext, actor: Actor, ids: string[]) {
  requirePermission(actor, 'certificates.manage');
  const results: Array<
    | { taskId: string; ok: true; certificateId: string; number: string }
    | { taskId: string; ok: false; detail: string; rule?: string }
  > = [];
  for (const id of [...new Set(ids)]) {
    try {
      const done = await approveTask(ctx, actor, id);
      results.push({ taskId: id, ok: true, certificateId: done.certificateId, number: done.number });
    } catch (err) {
      if (!(err instanceof Problem)) throw err;
      results.push({ taskId: id, ok: false, detail: err.detail, rule: err.options.rule });
    }
  }
  return { results, approved: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length };
}

export async function returnTask(ctx: AppContext, actor: Actor, id: string, reason: string) {
  if (!reason.trim()) throw badRequest('请填写退回原因，告知需补正的全部材料。');
  return ctx.db.transaction(async (tx) => {
    const task = await ownTask(tx, actor, id);
    if (task.status !== 'pending') throw conflict('只有待办任务可以退回。', 'CER-1');
    await tx
      .update(issuanceTasks)
      .set({
        status: 'returned',
        returnReason: reason.trim(),
        decidedAt: ctx.clock.now(),
        decidedByName: actor.displayName,
      })
      .where(eq(issuanceTasks.id, id));
    await appendAudit(tx, ctx.clock, actor, {
      action: 'certificates.task_return',
      entityType: 'issuance_task',
      entityId: id,
      regionCode: task.regionCode,
      after: { reason: reason.trim() },
    });
    return { id, status: 'returned' as const };
  });
}

/** Reopening keeps the original due date: the promise to the applicant runs from the pass. */
export async function reopenTask(ctx: AppContext, actor: Actor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const task = await ownTask(tx, actor, id);
    if (task.status !== 'returned') throw conflict('只有已退回的任务可以重新受理。', 'CER-1');
    await tx
      .update(issuanceTasks)
      .set({ status: 'pending', decidedAt: null, decidedByName: null })
      .where(eq(issuanceTasks.id, id));
    await appendAudit(tx, ctx.clock, actor, {
      action: 'certificates.task_reopen',
      entityType: 'issuance_task',
      entityId: id,
      regionCode: task.regionCode,
      before: { reason: task.returnReason },
    });
    return { id, status: 'pending' as const };
  });
}

// ---- the authority's settings and calendar

function ownAuthority(actor: Actor) {
  requirePermission(actor, 'certificates.calendar');
  if (!actor.orgId) throw forbidden();
  return actor.orgId;
}

export async function getAuthoritySettings(ctx: AppContext, actor: Actor) {
  const orgId = ownAuthority(actor);
  return { deadlineWorkingDays: await deadlineSetting(ctx.db, orgId), calendar: await calendarOf(ctx.db, orgId) };
}

/** Changing the promise applies to tasks created afterwards; existing tasks keep the date they were given. */
export async function setAuthoritySettings(ctx: AppContext, actor: Actor, input: { deadlineWorkingDays: number }) {
  const orgId = ownAuthority(actor);
  await ctx.db.transaction(async (tx) => {
    const org = await findOrganisation(tx, orgId);
    await tx
      .insert(authoritySettings)
      .values({ orgId, deadlineWorkingDays: input.deadlineWorkingDays, updatedAt: ctx.clock.now() })
      .onConflictDoUpdate({
        target: authoritySettings.orgId,
        set: { deadlineWorkingDays: input.deadlineWorkingDays, updatedAt: ctx.clock.now() },
      });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'certificates.settings',
      entityType: 'organisation',
      entityId: orgId,
      regionCode: org?.regionCode,
      after: input,
    });
  });
  return getAuthoritySettings(ctx, actor);
}

/** Sets (or, with working = null, removes) calendar exceptions. */
export async function editCalendar(
  ctx: AppContext,
  actor: Actor,
  days: Array<{ day: string; working: boolean | null; note?: string }>,
) {
  const orgId = ownAuthority(actor);
  await ctx.db.transaction(async (tx) => {
    const remove = days.filter((d) => d.working === null).map((d) => d.day);
    if (remove.length)
      await tx.delete(calendarDays).where(and(eq(calendarDays.orgId, orgId), inArray(calendarDays.day, remove)));
    for (const d of days.filter((x) => x.working !== null)) {
      const note = d.note?.trim() || (d.working ? '调休上班' : '节假日');
      await tx
        .insert(calendarDays)
        .values({ orgId, day: d.day, working: d.working!, note })
        .onConflictDoUpdate({ target: [calendarDays.orgId, calendarDays.day], set: { working: d.working!, note } });
    }
    await appendAudit(tx, ctx.clock, actor, {
      action: 'certificates.calendar',
      entityType: 'organisation',
      entityId: orgId,
      after: { days: days.length },
    });
  });
  return getAuthoritySettings(ctx, actor);
}
