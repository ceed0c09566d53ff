// EXM-6 computer-based theory exam (the EXM-5 door check is in door.ts): the paper drawn per candidate, every
// answer event recorded with server time (committed before it is acknowledged), the final
// answers stored apart from the events, automatic scoring.
import { randomInt } from 'node:crypto';
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { isFaceVerified } from '../../kernel/face.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation, unauthorized } from '../../kernel/problem.js';
import { forgetSession, type SessionGuard } from '../accounts/index.js';
import { getOperationItem } from '../catalog/index.js';
import { FACE_OUTCOME_LABELS, getFaceStatus } from '../face/index.js';
import { findOrganisation } from '../organisations/index.js';
import { appendArchiveEvent, findWorkerById, findWorkerByIdNumberHash } from '../registry/index.js';
import {
  answerEvents,
  appendAnswerEventsIfOpen,
  bookingsOfWorker,
  blueprintInForce,
  findBooking,
  findPaper,
  findPaperByBooking,
  findSession,
  findSite,
  currentQuestions,
  insertAnswerEvents,
  insertFinalAnswers,
  insertIncident,
  insertPaper,
  questionsByIds,
  updateBooking,
  updatePaper,
  type PaperRow,
} from './queries.js';
import { ATTEMPT_LABELS } from './schema.js';
import { cachedPaperShape, forgetPaperShape, rememberPaperShape } from './paper-shapes.js';
import { admissionNumber, drawPaper, isCorrect, provinceOf, toBankIndices } from './rules.js';
import { requireStaffFor } from './staff.js';

function ownPaperGuard(actor: Actor, paper: PaperRow | undefined): PaperRow {
  if (!paper || !actor.workerId || paper.workerId !== actor.workerId) throw notFound('试卷');
  return paper;
}

/**
 * The candidate's bookings with everything their own page shows: the 准考证 (admission ticket) and
 * each attempt's theory, practical and final result once published (before that, the theory score
 * of the submitted paper only).
 */
export async function myBookings(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'exams.take');
  if (!actor.workerId) return { items: [] };
  const rows = await bookingsOfWorker(ctx.db, actor.workerId);
  return {
    items: rows.map((r) => ({
      bookingId: r.booking.id,
      admissionNumber: admissionNumber(r.session.date, r.booking.seq),
      status: r.booking.status,
      attempt: r.booking.attempt,
      attemptLabel: ATTEMPT_LABELS[r.booking.attempt],
      checkedIn: !!r.booking.checkedInAt,
      itemCode: r.session.itemCode,
      date: r.session.date,
      startsAt: r.session.startsAt,
      siteName: r.siteName,
      siteAddress: r.siteAddress,
      paperId: r.paperId,
      submittedAt: r.submittedAt,
      score: r.score,
      passed: r.passed,
      result: r.result
        ? {
            theoryScore: r.result.theoryScore,
            theoryPassMark: r.result.theoryPassMark,
            theoryPassed: r.result.theoryPassed,
            practicalScore: r.result.practicalScore,
            practicalPassMark: r.result.practicalPassMark,
            practicalPassed: r.result.practicalPassed,
            passed: r.result.passed,
            publishedAt: r.result.publishedAt,
          }
        : null,
    })),
  };
}

/**
 * 准考证 (admission ticket) of one of the candidate's own bookings: what the printed ticket shows.
 * Only the candidate; the ID number masked (the ticket is shown at the door beside the ID card).
 */
export async function admissionTicket(ctx: AppContext, actor: Actor, bookingId: string) {
  requirePermission(actor, 'exams.take');
  const booking = await findBooking(ctx.db, bookingId);
  if (!booking || !actor.workerId || booking.workerId !== actor.workerId) throw notFound('考试预约');
  if (booking.status !== 'allocated') throw conflict('候补中的报名尚未分配座位，没有准考证。', 'EXM-3');
  const session = (await findSession(ctx.db, booking.sessionId))!;
  const [site, worker, item, photo] = await Promise.all([
    findSite(ctx.db, session.siteId),
    findWorkerById(ctx.db, booking.workerId),
    getOperationItem(ctx, session.itemCode).catch(() => null),
    getFaceStatus(ctx, actor, booking.workerId).then(
      (f) => f.enrolled && f.canViewPhoto,
      () => false,
    ),
  ]);
  const number = admissionNumber(session.date, booking.seq);
  return {
    bookingId,
    admissionNumber: number,
    workerId: booking.workerId,
    name: worker?.name ?? '',
    gender: worker?.gender ?? null,
    idNumberMasked: worker?.idNumberMasked ?? '',
    hasPhoto: photo,
    itemCode: session.itemCode,
    itemName: item?.name ?? session.itemCode,
    attemptLabel: ATTEMPT_LABELS[booking.attempt],
    date: session.date,
    startsAt: session.startsAt,
    siteName: site?.name ?? '',
    siteAddress: site?.address ?? '',
    /** What the ticket's QR code holds: the number and the booking, read by the door staff. */
    qr: `ZKZ:${number}:${bookingId}`,
  };
}

/** EXM-6: the candidate opens the paper; the first opening draws it by the blueprint (idempotent afterwards). */
export async function startPaper(ctx: AppContext, actor: Actor, bookingId: string) {
  requirePermission(actor, 'exams.take');
  const booking = await findBooking(ctx.db, bookingId);
  if (!booking || booking.workerId !== actor.workerId) throw notFound('考试预约');
  const existing = await findPaperByBooking(ctx.db, bookingId);
  if (existing) return getPaper(ctx, actor, existing.id);
  if (!booking.checkedInAt) throw ruleViolation('EXM-5', '未通过身份核验', '请先在考场入口完成身份证和人脸核验。');
  const session = (await findSession(ctx.db, booking.sessionId))!;
  const now = ctx.clock.now();
  if (chinaDate(now) !== session.date || now.getTime() < session.startsAt.getTime() - 30 * 60_000)
    throw conflict('不在本场考试的时间内。', 'EXM-3');
  // EXM-6 / EXM-8: the province's blueprint and pass mark in force on the exam's date, its bank.
  const province = provinceOf(session.regionCode);
  const blueprint = await blueprintInForce(ctx.db, session.itemCode, province, session.date);
  if (!blueprint)
    throw ruleViolation('EXM-6', '未设置组卷规则', `作业项目 ${session.itemCode} 尚无组卷规则，无法组卷。`);
  const bank = await currentQuestions(ctx.db, session.itemCode, province);
  const questions = drawPaper(blueprint.sections, bank, () => randomInt(0, 2 ** 32) / 2 ** 32);
  const paper = await ctx.db.transaction(async (tx) => {
    const row = await insertPaper(tx, {
      bookingId,
      sessionId: session.id,
      workerId: booking.workerId,
      itemCode: session.itemCode,
      blueprintVersion: blueprint.version,
      questions,
      passMark: blueprint.theoryPassMark,
      startedAt: now,
      deadline: new Date(now.getTime() + blueprint.timeLimitMinutes * 60_000),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.paper_start',
      entityType: 'exam_paper',
      entityId: row.id,
      regionCode: session.regionCode,
      after: { bookingId, questions: questions.length },
    });
    return row;
  });
  return getPaper(ctx, actor, paper.id);
}

/** The paper as the candidate sees it, with the answers saved so far (rebuilt from the event log, so a reload loses nothing). */
export async function getPaper(ctx: AppContext, actor: Actor, paperId: string) {
  requirePermission(actor, 'exams.take');
  const paper = ownPaperGuard(actor, await findPaper(ctx.db, paperId));
  rememberPaperShape(ctx.db, paper);
  const [rows, events] = await Promise.all([
    questionsByIds(
      ctx.db,
      paper.questions.map((q) => q.questionId),
    ),
    answerEvents(ctx.db, paperId),
  ]);
  // An imported vendor paper (EXM-6) refers to the vendor's items, whose text the platform never had.
  const byId = new Map<string, { stem: string; options: string[] }>(rows.map((q) => [q.id, q]));
  if (paper.source === 'vendor')
    for (const [i, pq] of paper.questions.entries())
      byId.set(pq.questionId, {
        stem: `外部考试系统（${paper.vendor}）第 ${i + 1} 题，题目内容未导入`,
        options: pq.optionOrder.map((k) => String.fromCharCode(65 + k)),
      });
  const answers = answersFromEvents(events);
  const lastSeq = events.reduce((n, e) => Math.max(n, e.clientSeq), 0);
  return {
    id: paper.id,
    itemCode: paper.itemCode,
    startedAt: paper.startedAt,
    deadline: paper.deadline,
    serverNow: ctx.clock.now(),
    submittedAt: paper.submittedAt,
    score: paper.score,
    passed: paper.passed,
    passMark: paper.passMark,
    lastClientSeq: lastSeq,
    questions: paper.questions.map((pq, position) => {
      const q = byId.get(pq.questionId)!;
      return {
        position,
        kind: pq.kind,
        points: pq.points,
        stem: q.stem,
        options: pq.optionOrder.map((i) => q.options[i]),
      };
    }),
    answers,
  };
}

/** The latest selection per question (display places) as the event log holds it. */
function answersFromEvents(
  events: Array<{ kind: string; position: number | null; selected: number[] | null }>,
): Record<number, number[]> {
  const answers: Record<number, number[]> = {};
  for (const e of events)
    if ((e.kind === 'option_selected' || e.kind === 'option_changed') && e.position !== null)
      answers[e.position] = e.selected ?? [];
  return answers;
}

export const EVENT_KINDS = [
  'question_shown',
  'option_selected',
  'option_changed',
  'focus_lost',
  'focus_regained',
  // Item 8 of issue 19: the exam runs full-screen; leaving it is recorded for the integrity review (INT-*).
  'fullscreen_exit',
  'fullscreen_enter',
] as const;
export type AnswerEventInput = {
  clientSeq: number;
  kind: (typeof EVENT_KINDS)[number];
  position?: number;
  selected?: number[];
  clientAt?: string;
};

const POSITIONLESS_KINDS = new Set<string>(['focus_lost', 'focus_regained', 'fullscreen_exit', 'fullscreen_enter']);

/** Answers may still arrive this long after the deadline (in flight when the countdown reached zero). */
const LATE_GRACE_MS = 60_000;

/**
 * EXM-6: records a batch of answer events with the server's time. The response is sent only after
 * the insert has committed, so an acknowledged event survives a crash; a resent batch is
 * idempotent by clientSeq. Individual events are not written to the audit chain: its single lock
 * would serialise every candidate in every room; the event table itself is append-only.
 */
export async function recordEvents(
  ctx: AppContext,
  actor: Actor,
  paperId: string,
  events: AnswerEventInput[],
  client: { ip?: string | null; deviceId?: string | null; session?: SessionGuard | null } = {},
) {
  requirePermission(actor, 'exams.take');
  const shape = await cachedPaperShape(ctx.db, paperId);
  if (!shape || !actor.workerId || shape.workerId !== actor.workerId) throw notFound('试卷');
  const now = ctx.clock.now();
  for (const e of events) {
    // PostgreSQL cannot store every year a date-time string may carry (year 0): refuse, not 500.
    if (e.clientAt && !(new Date(e.clientAt).getUTCFullYear() >= 2000 && new Date(e.clientAt).getUTCFullYear() < 2200))
      throw badRequest(`事件 ${e.clientSeq}：客户端时间不合理。`);
    const needsPosition = !POSITIONLESS_KINDS.has(e.kind);
    if (needsPosition && (e.position === undefined || e.position < 0 || e.position >= shape.optionCounts.length))
      throw badRequest(`事件 ${e.clientSeq}：题目序号不正确。`);
    if (
      (e.kind === 'option_selected' || e.kind === 'option_changed') &&
      (!e.selected || e.selected.some((s) => s < 0 || s >= shape.optionCounts[e.position!]))
    ) {
      throw badRequest(`事件 ${e.clientSeq}：所选选项不正确。`);
    }
  }
  // EXM-6: owner, not submitted and the deadline (plus grace) are checked in the insert's own
  // statement; a refused batch records nothing.
  const { sessionOk, paper: state } = await appendAnswerEventsIfOpen(ctx.db, {
    paperId,
    workerId: actor.workerId,
    serverAt: now,
    deadlineNotBefore: new Date(now.getTime() - LATE_GRACE_MS),
    deviceId: client.deviceId?.slice(0, 100) || null,
    clientIp: client.ip?.slice(0, 64) || null,
    events: events.map((e) => ({
      clientSeq: e.clientSeq,
      kind: e.kind,
      position: e.position ?? null,
      selected: e.selected ?? null,
      clientAt: e.clientAt ? new Date(e.clientAt) : null,
    })),
    session: client.session,
  });
  // Issue 18: the session was checked in the statement (logged out, expired or disabled meanwhile,
  // on any instance): nothing was written.
  if (!sessionOk) {
    // The reused resolution is stale: the next request resolves the session afresh.
    if (client.session) forgetSession(ctx.db, client.session.tokenHash);
    throw unauthorized();
  }
  if (!state) {
    forgetPaperShape(ctx.db, paperId);
    throw notFound('试卷');
  }
  if (state.submitted) throw conflict('试卷已交卷，不能再作答。', 'EXM-6');
  if (state.late) throw conflict('考试时间已到，不能再作答，请交卷。', 'EXM-6');
  return { acked: events.map((e) => e.clientSeq), serverAt: now };
}

/** EXM-6: final submit — answers stored apart from the events (INT-2 compares them), scored at once. */
export async function submitPaper(
  ctx: AppContext,
  actor: Actor,
  paperId: string,
  input: { answers: Array<{ position: number; selected: number[] }>; clientSeq: number },
) {
  requirePermission(actor, 'exams.take');
  ownPaperGuard(actor, await findPaper(ctx.db, paperId));
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const paper = (await findPaper(tx, paperId, true))!;
    if (paper.submittedAt) return paper; // a resent submit gets the same result
    const bank = new Map(
      (
        await questionsByIds(
          tx,
          paper.questions.map((q) => q.questionId),
        )
      ).map((q) => [q.id, q]),
    );
    // A submit after the deadline (plus grace) cannot bring new answers: the paper is scored from the
    // answers the event log holds, which stopped accepting changes at the deadline.
    const late = now.getTime() > paper.deadline.getTime() + LATE_GRACE_MS;
    const given = late
      ? new Map(Object.entries(answersFromEvents(await answerEvents(tx, paperId))).map(([k, v]) => [Number(k), v]))
      : new Map(input.answers.map((a) => [a.position, a.selected]));
    const finals = paper.questions.map((pq, position) => {
      const selected = toBankIndices(pq.optionOrder, given.get(position) ?? []);
      const correct = isCorrect(bank.get(pq.questionId)!.answer, selected);
      return { paperId, position, questionId: pq.questionId, selected, correct, points: correct ? pq.points : 0 };
    });
    const score = Math.round(finals.reduce((n, f) => n + f.points, 0) * 10) / 10;
    await insertAnswerEvents(tx, [
      {
        paperId,
        clientSeq: input.clientSeq,
        kind: 'final_submit',
        position: null,
        selected: null,
        clientAt: null,
        serverAt: now,
      },
    ]);
    await insertFinalAnswers(tx, finals);
    const after = await updatePaper(tx, paperId, { submittedAt: now, score, passed: score >= paper.passMark });
    const session = (await findSession(tx, paper.sessionId))!;
    const centre = await findOrganisation(tx, session.centreOrgId);
    await appendArchiveEvent(tx, now, actor, {
      workerId: paper.workerId,
      kind: 'examined',
      summary: `${paper.itemCode} 理论考试 ${score} 分（合格线 ${paper.passMark}）：${after.passed ? '合格' : '不合格'}`,
      detail: {
        paperId,
        sessionId: paper.sessionId,
        part: 'theory',
        score,
        passMark: paper.passMark,
        passed: after.passed,
      },
      org: { id: session.centreOrgId, name: centre?.name ?? '' },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.paper_submit',
      entityType: 'exam_paper',
      entityId: paperId,
      regionCode: session.regionCode,
      after: { score, passed: after.passed },
    });
    return after;
  });
  if (!result.submittedAt) throw forbidden();
  return { score: result.score, passed: result.passed, passMark: result.passMark, submittedAt: result.submittedAt };
}
