// EXM-3 use cases: the exam centre files a plan with its supervising regulator, who approves it;
// sessions exist only inside an approved plan; seats go to applications in order of submission.
import { isUniqueViolation } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import { isRegulator, jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { requireFiledCentre } from './centre-filings.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { isWithinRegion } from '../../kernel/regions.js';
import { getOperationItem } from '../catalog/index.js';
import { findOrganisation, listOrganisations } from '../organisations/index.js';
import { appendArchiveEvent, getWorker, linkWorkerToOrganisation } from '../registry/index.js';
import {
  bookingsOfSession,
  countAllocated,
  countBookings,
  deleteSessionRow,
  findPlan,
  findSession,
  findSite,
  insertBooking,
  insertPlan,
  insertSession,
  listPlans,
  listSessions,
  sessionsAt,
  sessionsOfPlanLine,
  siteNames,
  updatePlan,
  updateSessionStart,
  type PlanRow,
  type SessionRow,
} from './queries.js';
import { equipmentVerdict } from './rules.js';
import { ATTEMPT_LABELS, type PlanLine } from './schema.js';
import { candidateEligibility, type CandidateEligibility, type ExamPurpose } from './seams.js';
import { loadVisibleSite } from './sites.js';
import { requireSiteNotSanctioned } from './sanctions.js';

function planFilter(actor: Actor): { centreOrgId?: string; regionPrefix?: string } {
  const prefix = jurisdictionPrefix(actor);
  if (prefix) return { regionPrefix: prefix };
  if (actor.orgKind === 'exam_centre' && actor.orgId) return { centreOrgId: actor.orgId };
  throw forbidden();
}

async function loadVisiblePlan(ctx: AppContext, actor: Actor, id: string): Promise<PlanRow> {
  const plan = await findPlan(ctx.db, id);
  const f = planFilter(actor);
  if (
    !plan ||
    (f.centreOrgId && plan.centreOrgId !== f.centreOrgId) ||
    (f.regionPrefix && !plan.regionCode.startsWith(f.regionPrefix))
  )
    throw notFound('考试计划');
  return plan;
}

const STATUS_LABELS = { submitted: '待审批', approved: '已批准', rejected: '已退回' } as const;
const presentPlan = (p: PlanRow) => ({ ...p, statusLabel: STATUS_LABELS[p.status] });

/** EXM-3: every line names a filed site of this centre that may examine the item with the right equipment (EXM-1, EXM-9). */
async function checkPlanLines(ctx: AppContext, actor: Actor, lines: PlanLine[]) {
  const today = chinaDate(ctx.clock.now());
  for (const [i, line] of lines.entries()) {
    const where = `第 ${i + 1} 行`;
    const site = await loadVisibleSite(ctx.db, actor, line.siteId);
    // EXM-1 (seed 004 §8): accepted by the city and filed by the province before any exam is planned there.
    if (!site.filedAt)
      throw ruleViolation(
        'EXM-1',
        '考试点尚未备案',
        site.acceptedAt
          ? `${where}：考试点「${site.name}」已经市级审核验收，尚待省级备案，备案后才能列入考试计划。`
          : `${where}：考试点「${site.name}」尚未通过市级审核验收和省级备案，不能列入考试计划。`,
      );
    if (!site.itemCodes.includes(line.itemCode))
      throw ruleViolation(
        'EXM-1',
        '考试点无此项目',
        `${where}：考试点「${site.name}」未申报 ${line.itemCode} 项目的考试。`,
      );
    const item = await getOperationItem(ctx, line.itemCode);
    const verdict = equipmentVerdict(item.requiresRealEquipment, site.stations, line.itemCode);
    if (!verdict.ok) throw ruleViolation('EXM-9', '实操设备不满足要求', `${where}：${verdict.reason}`);
    const seats = site.rooms.reduce((n, r) => n + r.seats, 0);
    if (line.capacity > seats) throw badRequest(`${where}：容量 ${line.capacity} 超过考试点座位数 ${seats}。`);
    if (line.date < today) throw badRequest(`${where}：考试日期不能早于今天。`);
  }
}

/** EXM-3: the exam centre files a plan with the regulator that supervises its area. */
export async function filePlan(
  ctx: AppContext,
  actor: Actor,
  input: { title: string; regulatorOrgId: string; lines: PlanLine[] },
) {
  requirePermission(actor, 'exams.plans');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId || !actor.regionCode) throw forbidden('考试计划由考试机构报备。');
  const regulator = await findOrganisation(ctx.db, input.regulatorOrgId);
  if (!regulator || regulator.kind !== 'regulator' || !isWithinRegion(actor.regionCode, regulator.regionCode)) {
    throw ruleViolation('EXM-3', '报备对象不是属地监管部门', '考试计划须报所在地（本级或上级）应急管理部门审批。');
  }
  await checkPlanLines(ctx, actor, input.lines);
  return ctx.db.transaction(async (tx) => {
    // EXM-1: a centre whose own filing is missing or revoked files no new plan.
    await requireFiledCentre(tx, actor.orgId!, '报备考试计划');
    const plan = await insertPlan(tx, {
      centreOrgId: actor.orgId!,
      regulatorOrgId: regulator.id,
      regionCode: actor.regionCode!,
      title: input.title.trim(),
      lines: input.lines,
      status: 'submitted',
      submittedAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.plan_file',
      entityType: 'exam_plan',
      entityId: plan.id,
      regionCode: plan.regionCode,
      after: plan,
    });
    return presentPlan(plan);
  });
}

/** EXM-3: only the regulator the plan was filed with decides it, once. */
export async function decidePlan(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  input: { approve: boolean; note?: string },
) {
  requirePermission(actor, 'exams.plans');
  const plan = await loadVisiblePlan(ctx, actor, planId);
  if (!isRegulator(actor) || actor.orgId !== plan.regulatorOrgId) throw forbidden('只有受理该计划的监管部门可以审批。');
  if (plan.status !== 'submitted') throw conflict(`该计划已${STATUS_LABELS[plan.status]}，不能重复审批。`, 'EXM-3');
  return ctx.db.transaction(async (tx) => {
    // EXM-1: no plan of a centre not (or no longer) filed is approved, i.e. published to be run.
    if (input.approve) await requireFiledCentre(tx, plan.centreOrgId, '批准其考试计划');
    const after = await updatePlan(tx, planId, {
      status: input.approve ? 'approved' : 'rejected',
      decidedAt: ctx.clock.now(),
      decidedBy: actor.userId,
      decisionNote: input.note?.trim() || null,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: input.approve ? 'exams.plan_approve' : 'exams.plan_reject',
      entityType: 'exam_plan',
      entityId: planId,
      regionCode: plan.regionCode,
      before: { status: plan.status },
      after: { status: after.status, note: after.decisionNote },
    });
    return presentPlan(after);
  });
}

/**
 * Plans are often given the same title ("2026年度考试计划"): the label adds the dates and sites of
 * the lines, so four plans of one name can be told apart in lists and pickers.
 */
export function planLabel(plan: Pick<PlanRow, 'title' | 'lines'>, names: Map<string, string>): string {
  const dates = plan.lines.map((l) => l.date).sort();
  if (!dates.length) return plan.title;
  const span = dates[0] === dates.at(-1) ? dates[0] : `${dates[0]} 至 ${dates.at(-1)}`;
  const sites = [...new Set(plan.lines.map((l) => names.get(l.siteId) ?? '未知考试点'))];
  const where = sites.length > 2 ? `${sites.slice(0, 2).join('、')} 等 ${sites.length} 个考试点` : sites.join('、');
  return `${plan.title}（${span} · ${where}）`;
}

export async function findPlans(
  ctx: AppContext,
  actor: Actor,
  f: { q?: string; status?: string; page?: number; pageSize?: number } = {},
) {
  requirePermission(actor, 'exams.plans');
  const { rows, total } = await listPlans(ctx.db, { ...planFilter(actor), ...f });
  const names = await siteNames(
    ctx.db,
    rows.flatMap((p) => p.lines.map((l) => l.siteId)),
  );
  const items = rows.map((p) => ({
    ...presentPlan(p),
    label: planLabel(p, names),
    lines: p.lines.map((l) => ({ ...l, siteName: names.get(l.siteId) ?? null })),
  }));
  return {
    items,
    total,
    regulators: actor.orgKind === 'exam_centre' ? await supervisingRegulators(ctx, actor.regionCode ?? '') : [],
  };
}

/** EXM-3: the regulators a centre may file with — those whose area contains the centre's. */
async function supervisingRegulators(ctx: AppContext, regionCode: string) {
  if (!/^\d{6}$/.test(regionCode)) return [];
  const { items } = await listOrganisations(ctx.db, {
    kind: 'regulator',
    regionPrefix: regionCode.slice(0, 2),
    page: 1,
    pageSize: 200,
  });
  return items
    .filter((o) => isWithinRegion(regionCode, o.regionCode))
    .map((o) => ({ id: o.id, name: o.name, regionCode: o.regionCode }));
}

/** EXM-3: a session is one line of an approved plan, on that line's date, with that line's capacity. */
export async function createSession(
  ctx: AppContext,
  actor: Actor,
  input: { planId: string; line: number; startTime: string },
) {
  requirePermission(actor, 'exams.plans');
  if (actor.orgKind !== 'exam_centre') throw forbidden('考试场次由考试机构安排。');
  const plan = await loadVisiblePlan(ctx, actor, input.planId);
  if (plan.status !== 'approved')
    throw ruleViolation('EXM-3', '考试计划未经批准', '只能在监管部门批准的考试计划内安排考试场次。');
  const line = plan.lines[input.line];
  if (!line) throw badRequest(`计划中没有第 ${input.line + 1} 行。`);
  // Site and equipment may have changed since filing: judge them again (EXM-1, EXM-9).
  await checkPlanLines(ctx, actor, [line]);
  const startsAt = new Date(`${line.date}T${input.startTime}:00+08:00`);
  if (Number.isNaN(startsAt.getTime())) throw badRequest('开考时间格式应为 HH:MM。');
  return ctx.db.transaction(async (tx) => {
    if ((await sessionsOfPlanLine(tx, { planId: plan.id, ...line })).length)
      throw conflict('该计划行已安排考试场次。', 'EXM-3');
    await refuseDuplicate(tx, { siteId: line.siteId, itemCode: line.itemCode, startsAt });
    const site = await loadVisibleSite(tx, actor, line.siteId);
    // SUP-4: a suspended or cancelled site holds no new session.
    requireSiteNotSanctioned(site, chinaDate(ctx.clock.now()));
    const session = await insertSession(tx, {
      planId: plan.id,
      siteId: site.id,
      centreOrgId: plan.centreOrgId,
      regionCode: site.regionCode,
      itemCode: line.itemCode,
      date: line.date,
      startsAt,
      capacity: line.capacity,
      createdAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.session_create',
      entityType: 'exam_session',
      entityId: session.id,
      regionCode: session.regionCode,
      after: session,
    });
    return session;
  });
}

/** EXM-3: one site does not hold two sessions of one item starting at the same moment (a double click, a second plan). */
async function refuseDuplicate(
  db: Parameters<typeof sessionsAt>[0],
  p: { siteId: string; itemCode: string; startsAt: Date; exceptId?: string },
) {
  const same = await sessionsAt(db, p);
  if (same.length)
    throw ruleViolation(
      'EXM-3',
      '重复的考试场次',
      `该考试点已有同一项目（${p.itemCode}）同一开考时间的场次，不能重复安排。`,
    );
}

/**
 * EXM-3: the centre may move or cancel a session only while nobody is booked on it (a booked
 * candidate was promised that time and place) and before it starts.
 */
async function loadEditableSession(ctx: AppContext, tx: Parameters<typeof sessionsAt>[0], actor: Actor, id: string) {
  requirePermission(actor, 'exams.plans');
  if (actor.orgKind !== 'exam_centre') throw forbidden('考试场次由考试机构安排。');
  const session = await findSession(tx, id, true);
  if (!session || session.centreOrgId !== actor.orgId) throw notFound('考试场次');
  const booked = await countBookings(tx, id);
  if (booked)
    throw ruleViolation(
      'EXM-3',
      '场次已有考生报名',
      `该场次已有 ${booked} 名考生报名，不能修改或删除；如需调整，请另行安排场次并通知考生。`,
    );
  if (session.startsAt <= ctx.clock.now()) throw conflict('该场次已开考，不能修改或删除。', 'EXM-3');
  return session;
}

/** EXM-3: a new start time on the same day (the plan line fixes the date); refused once anyone is booked. */
export async function updateSession(ctx: AppContext, actor: Actor, id: string, input: { startTime: string }) {
  return ctx.db.transaction(async (tx) => {
    const session = await loadEditableSession(ctx, tx, actor, id);
    const startsAt = new Date(`${session.date}T${input.startTime}:00+08:00`);
    if (Number.isNaN(startsAt.getTime())) throw badRequest('开考时间格式应为 HH:MM。');
    if (startsAt <= ctx.clock.now()) throw badRequest('开考时间不能早于现在。');
    await refuseDuplicate(tx, { siteId: session.siteId, itemCode: session.itemCode, startsAt, exceptId: id });
    const after = await updateSessionStart(tx, id, startsAt);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.session_update',
      entityType: 'exam_session',
      entityId: id,
      regionCode: session.regionCode,
      before: { startsAt: session.startsAt },
      after: { startsAt: after.startsAt },
    });
    return after;
  });
}

/** EXM-3: a session nobody booked may be withdrawn; its plan line can then be arranged again. */
export async function deleteSession(ctx: AppContext, actor: Actor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const session = await loadEditableSession(ctx, tx, actor, id);
    await deleteSessionRow(tx, id);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.session_delete',
      entityType: 'exam_session',
      entityId: id,
      regionCode: session.regionCode,
      before: session,
    });
    return { id, deleted: true as const };
  });
}

/** Who sees a session: its centre, regulators of its area, and institutions (to apply for seats). */
async function loadSession(ctx: AppContext, actor: Actor, id: string): Promise<SessionRow> {
  const session = await findSession(ctx.db, id);
  if (!session) throw notFound('考试场次');
  const prefix = jurisdictionPrefix(actor);
  const visible = prefix
    ? session.regionCode.startsWith(prefix)
    : actor.orgKind === 'exam_centre'
      ? session.centreOrgId === actor.orgId
      : actor.orgKind === 'institution' && (await institutionMaySee(ctx, actor, session));
  if (!visible) throw notFound('考试场次');
  return session;
}

/**
 * SEC-2 (issue 21): an institution books seats, so it sees the sessions still open to booking (the
 * same ones its list shows) and those it has candidates in — not every past session of every city.
 */
async function institutionMaySee(ctx: AppContext, actor: Actor, session: SessionRow): Promise<boolean> {
  if (session.date >= chinaDate(ctx.clock.now())) return true;
  const bookings = await bookingsOfSession(ctx.db, session.id);
  return bookings.some((b) => b.applicantOrgId === actor.orgId);
}

/** What booking needs of a session; who examines it and from which plan stay with the centre and its regulator. */
function sessionForApplicant(session: SessionRow) {
  const { chiefExaminerStaffId: _chief, planId: _plan, createdAt: _created, ...shown } = session;
  return shown;
}

export async function findSessions(
  ctx: AppContext,
  actor: Actor,
  f: { q?: string; itemCode?: string; from?: string; to?: string; page?: number; pageSize?: number } = {},
) {
  requirePermission(actor, 'exams.sessions');
  const prefix = jurisdictionPrefix(actor);
  const today = chinaDate(ctx.clock.now());
  const filter = prefix
    ? { regionPrefix: prefix }
    : actor.orgKind === 'exam_centre'
      ? { centreOrgId: actor.orgId! }
      : { fromDate: today };
  const from = filter.fromDate && (!f.from || f.from < filter.fromDate) ? filter.fromDate : f.from;
  const { rows, total } = await listSessions(ctx.db, {
    ...filter,
    fromDate: from,
    toDate: f.to,
    itemCode: f.itemCode,
    q: f.q,
    page: f.page,
    pageSize: f.pageSize,
  });
  return {
    items: rows.map((r) => ({ ...r.session, siteName: r.siteName, allocated: r.allocated, booked: r.booked })),
    total,
  };
}

export async function getSessionRoster(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'exams.sessions');
  const session = await loadSession(ctx, actor, id);
  const bookings = await bookingsOfSession(ctx.db, id);
  // An institution sees only its own applications, not its competitors' (EXM-3: no favouring, no peeking).
  const mine = actor.orgKind === 'institution' ? bookings.filter((b) => b.applicantOrgId === actor.orgId) : bookings;
  // Names and masked ID numbers through the registry, which applies SEC-2/SEC-3 to the caller.
  const people = await Promise.all(mine.map((b) => getWorker(ctx, actor, b.workerId).catch(() => null)));
  // EXM-9: the stations for the session's item, which the examiners name on their score sheets.
  const site = actor.orgKind === 'institution' ? null : await findSite(ctx.db, session.siteId);
  return {
    session: actor.orgKind === 'institution' ? sessionForApplicant(session) : session,
    stations: site?.stations.filter((s) => s.itemCodes.includes(session.itemCode)) ?? [],
    bookings: mine.map((b, i) => ({
      id: b.id,
      seq: b.seq,
      workerId: b.workerId,
      name: people[i]?.name ?? '—',
      idNumberMasked: people[i]?.idNumber ?? '—',
      applicantOrgId: b.applicantOrgId,
      attempt: b.attempt,
      status: b.status,
      submittedAt: b.submittedAt,
      checkedInAt: b.checkedInAt,
      doorCheck: b.doorCheck,
      eligibility: b.eligibility,
    })),
  };
}

/**
 * EXM-3 + TRN-5: books a candidate through `candidateEligibility`; the session row is locked so
 * seats are given strictly in order of submission — the first `capacity` applications get seats,
 * later ones wait. No route lets anyone reorder or hand-pick.
 */
export async function bookCandidate(
  ctx: AppContext,
  actor: Actor,
  sessionId: string,
  input: { workerId: string; purpose?: ExamPurpose },
) {
  requirePermission(actor, 'exams.sessions');
  if (actor.orgKind !== 'institution' && actor.orgKind !== 'exam_centre')
    throw forbidden('由培训机构或考试机构为考生报名。');
  const session = await loadSession(ctx, actor, sessionId);
  const now = ctx.clock.now();
  if (session.startsAt <= now) throw conflict('该场次已开考，不能再报名。', 'EXM-3');
  const verdict = await candidateEligibility(ctx, actor, {
    workerId: input.workerId,
    itemCode: session.itemCode,
    exam: { date: session.date, regionCode: session.regionCode },
    purpose: input.purpose,
  });
  if (!verdict.eligible) {
    const failed = verdict.checks.filter((c) => c.status === 'failed');
    throw ruleViolation(failed[0].rule, '不符合报考条件', failed.map((c) => c.message).join('；'), {
      checks: verdict.checks,
    });
  }
  return placeBooking(ctx, actor, session, { workerId: input.workerId, applicantOrgId: actor.orgId, verdict });
}

/**
 * EXM-3: the seat, in order of submission, for an application already found eligible (by an
 * institution or exam centre for a candidate, or by the candidate on their own phone, issue 22).
 */
export async function placeBooking(
  ctx: AppContext,
  actor: Actor,
  session: SessionRow,
  input: { workerId: string; applicantOrgId: string | null; verdict: CandidateEligibility },
) {
  const { verdict } = input;
  const sessionId = session.id;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await findSession(tx, sessionId, true);
    const allocated = await countAllocated(tx, sessionId);
    const status = allocated < session.capacity ? 'allocated' : 'waitlisted';
    const booking = await insertBooking(tx, {
      sessionId,
      workerId: input.workerId,
      applicantOrgId: input.applicantOrgId,
      attempt: verdict.attempt,
      status,
      eligibility: verdict,
      submittedAt: now,
    }).catch((err: unknown) => {
      if (isUniqueViolation(err, 'exam_bookings_session_worker_unique'))
        throw conflict('该人员已报名本场次。', 'EXM-3');
      throw err;
    });
    // The exam centre must see its candidates (SEC-2 by organisation link).
    await linkWorkerToOrganisation(tx, {
      workerId: input.workerId,
      orgId: session.centreOrgId,
      relation: 'candidate',
      since: now,
    });
    await appendArchiveEvent(tx, now, actor, {
      workerId: input.workerId,
      kind: 'exam_booked',
      summary: `报名 ${session.itemCode} ${ATTEMPT_LABELS[verdict.attempt]}（${session.date}）${status === 'allocated' ? '，已分配座位' : '，候补'}`,
      detail: { sessionId, bookingId: booking.id, attempt: verdict.attempt, status },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.book',
      entityType: 'exam_booking',
      entityId: booking.id,
      regionCode: session.regionCode,
      after: { sessionId, workerId: input.workerId, status, attempt: verdict.attempt, checks: verdict.checks },
    });
    return booking;
  });
}
