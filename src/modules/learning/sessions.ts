// TRN-3: learning sessions credited on the server. Every decision uses ctx.clock (server time), so
// the client's own count never matters; the credit is written to training's ledger (TRN-4) at once.
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { conflict, notFound, ruleViolation, unauthorized } from '../../kernel/problem.js';
import { forgetSession, type SessionGuard } from '../accounts/index.js';
import { creditCrossesHour, findTrainingClass, isEnrolled, recordOnlineCredit } from '../training/index.js';
import {
  courseIdsOfClass,
  creditBeatGrouped,
  findLearningSession,
  findLesson,
  insertSession,
  lockSessionForBeat,
  previousProgress,
  readSessionForBeatGrouped,
  sessionGuardHolds,
  supersedeOpenSessions,
  updateLearningSession,
  type LearningSessionRow,
} from './queries.js';
import { judgeHeartbeat, nextCaptureAt, REASON_LABELS, resumePoint, type BeatReport } from './rules.js';

/** Injected randomness for the capture schedule, so tests can pin it. */
export const captureRandom = { next: () => Math.random() };

function learnerOf(actor: Actor): string {
  requirePermission(actor, 'me.training');
  if (!actor.workerId) throw notFound('学员档案');
  return actor.workerId;
}

export function presentSession<E extends object>(s: LearningSessionRow, now: Date, extra: E = {} as E) {
  const captureRequested = !!s.captureDueAt && now >= s.captureDueAt;
  return {
    id: s.id,
    lessonId: s.lessonId,
    classId: s.classId,
    state: s.state,
    /** Where the server last credited the player; a player that ran ahead of it seeks back here. */
    lastPosition: s.lastPosition,
    furthestPosition: s.furthestPosition,
    creditedSeconds: Math.floor(s.creditedMs / 1000),
    captureRequested,
    captureDueAt: s.captureDueAt,
    ...extra,
  };
}

/** 实名学习: only an enrolled trainee, for a lesson of a course assigned to the class; ends any other session. */
export async function startLesson(ctx: AppContext, actor: Actor, input: { classId: string; lessonId: string }) {
  const workerId = learnerOf(actor);
  const [cls, lesson] = await Promise.all([
    findTrainingClass(ctx.db, input.classId),
    findLesson(ctx.db, input.lessonId),
  ]);
  if (!cls || !lesson || !(await isEnrolled(ctx.db, cls.id, workerId))) throw notFound('课程');
  if (!(await courseIdsOfClass(ctx.db, cls.id)).includes(lesson.courseId)) throw notFound('课程');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    // TRN-3: a lesson resumes where the server last credited it, not at 0 s.
    const from = resumePoint(await previousProgress(tx, workerId, cls.id, lesson.id), lesson.durationSeconds);
    const ended = await supersedeOpenSessions(tx, workerId, now);
    const s = await insertSession(tx, {
      workerId,
      classId: cls.id,
      lessonId: lesson.id,
      state: 'active',
      startedAt: now,
      lastBeatAt: now,
      lastInteractionAt: now,
      lastPosition: from.lastPosition,
      furthestPosition: from.furthestPosition,
      creditedMs: 0,
      refusedBeats: 0,
      captureDueAt: nextCaptureAt(now, captureRandom.next()),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'learning.start',
      entityType: 'learning_session',
      entityId: s.id,
      regionCode: cls.regionCode,
      after: { lessonId: lesson.id, superseded: ended.map((e) => e.id), from: from.lastPosition },
    });
    return presentSession(s, now, { durationSeconds: lesson.durationSeconds, supersededSessions: ended.length });
  });
}

async function ownSession(ctx: AppContext, actor: Actor, id: string, tx: Parameters<typeof findLearningSession>[0]) {
  const s = await findLearningSession(tx, id, true);
  if (!s || s.workerId !== learnerOf(actor)) throw notFound('学习记录');
  return s;
}

/** A heartbeat: judged by the pure rule, then the credit is added and mirrored into the hours ledger. */
export async function heartbeat(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: BeatReport,
  client: { session?: SessionGuard | null } = {},
) {
  const workerId = learnerOf(actor);
  const now = ctx.clock.now();
  const guard = client.session ?? null;
  // Issue 18: the common beat (credited, no whole 学时 reached) is two statements and no transaction,
  // each shared with the other beats of its event-loop turn (group commit): a plain read, judged here
  // beat by beat, then one statement that writes the session and the ledger only if the session and
  // the trainee's total are still as read (and the session guard holds). Anything else — a refusal, a
  // new 学时 (its archive event), or a change in between — takes the locked transaction below, as before.
  const read = await readSessionForBeatGrouped(ctx.db, id, guard);
  if (!read.sessionOk) throw staleSession(ctx, guard);
  if (!read.session || read.session.workerId !== workerId) throw notFound('学习记录');
  const s = read.session;
  const v = judgeHeartbeat({ ...s, durationSeconds: read.durationSeconds }, now, input);
  if (v.accepted) {
    const set = {
      lastBeatAt: now,
      lastPosition: v.position,
      furthestPosition: Math.max(s.furthestPosition, v.position),
      creditedMs: s.creditedMs + v.creditMs,
      lastInteractionAt: v.active ? now : s.lastInteractionAt,
    };
    const seconds = Math.floor(set.creditedMs / 1000);
    if (
      !creditCrossesHour({ all: read.allSeconds, own: read.ownSeconds }, seconds) &&
      (await creditBeatGrouped(ctx.db, { read: s, allSecondsRead: read.allSeconds, set, seconds, guard }))
    )
      return presentSession({ ...s, ...set }, now, { accepted: true, creditedNow: Math.floor(v.creditMs / 1000) });
  }
  return ctx.db.transaction(async (tx) => {
    // TRN-3: the session and its lesson's length in one locked read; another learner's session is not found.
    const locked = await lockSessionForBeat(tx, id);
    if (!(await sessionGuardHolds(tx, guard))) throw staleSession(ctx, guard);
    if (!locked || locked.session.workerId !== workerId) throw notFound('学习记录');
    const s = locked.session;
    const v = judgeHeartbeat({ ...s, durationSeconds: locked.durationSeconds }, now, input);
    if (!v.accepted)
      return presentSession(await refuse(tx, s, v.reason), now, {
        accepted: false,
        reason: v.reason,
        reasonLabel: REASON_LABELS[v.reason],
        creditedNow: 0,
      });
    const after = await updateLearningSession(tx, s.id, {
      lastBeatAt: now,
      lastPosition: v.position,
      furthestPosition: Math.max(s.furthestPosition, v.position),
      creditedMs: s.creditedMs + v.creditMs,
      ...(v.active ? { lastInteractionAt: now } : {}),
    });
    await recordOnlineCredit(tx, {
      sourceId: s.id,
      classId: s.classId,
      workerId: s.workerId,
      seconds: Math.floor(after.creditedMs / 1000),
      at: now,
    });
    return presentSession(after, now, { accepted: true, creditedNow: Math.floor(v.creditMs / 1000) });
  });
}

/** Issue 18: the session ended (log-out, expiry, idle, disabling, a change of the account) meanwhile. */
function staleSession(ctx: AppContext, guard: SessionGuard | null) {
  // The reused resolution is stale: the next request resolves the session afresh.
  if (guard) forgetSession(ctx.db, guard.tokenHash);
  return unauthorized();
}

/** A refused beat counts for the record; idle locks the session until an explicit resume. */
async function refuse(tx: Parameters<typeof findLearningSession>[0], s: LearningSessionRow, reason: string) {
  if (reason === 'not_active') return s;
  return updateLearningSession(tx, s.id, {
    refusedBeats: s.refusedBeats + 1,
    ...(reason === 'idle' ? { state: 'idle_locked' } : {}),
  });
}

/** 继续学习: unlocks an idle session; the time spent away earns nothing because the clock restarts now. */
export async function resume(ctx: AppContext, actor: Actor, id: string) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const s = await ownSession(ctx, actor, id, tx);
    if (s.state === 'superseded' || s.state === 'ended')
      throw conflict('本次学习已结束（可能已在其他设备登录），请重新开始学习。', 'TRN-3');
    const after = await updateLearningSession(tx, s.id, { state: 'active', lastBeatAt: now, lastInteractionAt: now });
    return presentSession(after, now);
  });
}

export async function endLesson(ctx: AppContext, actor: Actor, id: string) {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const s = await ownSession(ctx, actor, id, tx);
    if (s.state !== 'active' && s.state !== 'idle_locked')
      throw ruleViolation('TRN-3', '学习已结束', '本次学习已结束。');
    return presentSession(await updateLearningSession(tx, s.id, { state: 'ended', endedAt: now }), now);
  });
}
