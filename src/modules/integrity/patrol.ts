// INT-6 remote patrol ("鹰眼", seed 003 §一(三)) and unannounced on-site proctoring: the live board of
// sessions in progress with progress and live flags (the timeline detectors run on the events so
// far), a patroller's warning or score cancellation with a reason, the counts the national report
// uses, and visits drawn at random.
import { randomInt } from 'node:crypto';
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { notify } from '../../kernel/notify.js';
import { badRequest, notFound, ruleViolation } from '../../kernel/problem.js';
import {
  cancelScore,
  integrityAnswerEvents,
  integrityArchiveRefs,
  integrityPapers,
  integritySessions,
  papersInProgress,
} from '../exams/index.js';
import { deviceNetwork, lockstep, machineAnswering, type TimelineEvent } from './detectors/index.js';
import { findWorkerById } from '../registry/index.js';
import {
  findRegisters,
  findVisit,
  insertPatrolAction,
  insertVisits,
  listFlags,
  listVisits,
  patrolActionsOfSession,
  patrolCounts,
  updateVisit,
} from './queries.js';
import { KIND_LABELS, drawAtRandom } from './rules.js';

function scope(actor: Actor) {
  requirePermission(actor, 'integrity.patrol');
  return {
    regionPrefix: actor.orgKind === 'exam_centre' ? null : jurisdictionPrefix(actor),
    centreOrgId: actor.orgKind === 'exam_centre' ? (actor.orgId ?? '-') : undefined,
  };
}

const timeline = (rows: Awaited<ReturnType<typeof integrityAnswerEvents>>): TimelineEvent[] =>
  rows
    .map((e) => ({
      t: (e.clientAt ?? e.serverAt).getTime(),
      kind: e.kind,
      position: e.position,
      selected: e.selected,
      deviceId: e.deviceId,
      ip: e.clientIp,
    }))
    .sort((a, b) => a.t - b.t);

/** Live findings on the events so far: machine-like answering, lock-step, devices (INT-1, INT-5). */
async function liveFlags(ctx: AppContext, sessionId: string, siteId: string, paperIds: string[]) {
  const events = await integrityAnswerEvents(ctx.db, paperIds);
  const by = new Map<string, TimelineEvent[]>();
  for (const e of events) (by.get(e.paperId) ?? by.set(e.paperId, []).get(e.paperId)!).push(e as never);
  const lines = new Map(paperIds.map((id) => [id, timeline((by.get(id) ?? []) as never)]));
  const reg = (await findRegisters(ctx.db, [siteId])).get(siteId);
  const verdicts = [
    ...[...lines].map(([id, ev]) => machineAnswering(id, ev)),
    ...lockstep(
      [...lines].map(([id, ev]) => ({
        paperId: id,
        answerTimes: ev.filter((e) => e.kind === 'option_selected' || e.kind === 'option_changed').map((e) => e.t),
      })),
    ),
    ...deviceNetwork(
      [...lines].map(([id, ev]) => ({ paperId: id, events: ev })),
      reg ? { devices: reg.devices, networks: reg.networks } : null,
    ),
  ].filter((v) => v.flagged);
  const answered = new Map(
    [...lines].map(([id, ev]) => [
      id,
      new Set(ev.filter((e) => e.kind === 'option_selected' || e.kind === 'option_changed').map((e) => e.position))
        .size,
    ]),
  );
  return {
    verdicts: verdicts.map((v) => ({
      paperId: v.subjectId,
      kind: v.kind,
      kindLabel: KIND_LABELS[v.kind],
      statistic: v.statistic,
      value: v.value,
      pValue: v.pValue,
      detail: v.detail,
    })),
    answered,
    sessionId,
  };
}

/** The board: every session in progress in the jurisdiction with its site, progress and live flags. */
export async function patrolBoard(ctx: AppContext, actor: Actor) {
  const s = scope(actor);
  const now = ctx.clock.now();
  const papers = await papersInProgress(ctx.db, now, s.regionPrefix);
  const sessionIds = [...new Set(papers.map((p) => p.sessionId))];
  const sessions = (await integritySessions(ctx.db, { sessionIds, centreOrgId: s.centreOrgId })).filter((x) =>
    sessionIds.includes(x.id),
  );
  const stored = await listFlags(ctx.db, {
    regionPrefix: s.regionPrefix,
    centreOrgId: s.centreOrgId,
    sessionIds,
    status: 'open',
    page: 1,
    pageSize: 200,
  });
  const items = [];
  for (const session of sessions) {
    const mine = papers.filter((p) => p.sessionId === session.id);
    const live = await liveFlags(
      ctx,
      session.id,
      session.siteId,
      mine.map((p) => p.paperId),
    );
    const total = mine.reduce((n, p) => n + Number(p.questions), 0);
    const done = [...live.answered.values()].reduce((n, k) => n + k, 0);
    items.push({
      sessionId: session.id,
      siteId: session.siteId,
      siteName: session.siteName,
      rooms: session.rooms.map((r) => r.name),
      itemCode: session.itemCode,
      startsAt: session.startsAt,
      regionCode: session.regionCode,
      candidates: mine.length,
      progress: total ? done / total : 0,
      liveFlags: live.verdicts.length + stored.items.filter((f) => f.sessionId === session.id).length,
    });
  }
  const counts = await patrolCounts(
    ctx.db,
    s.regionPrefix,
    new Date(`${chinaDate(now).slice(0, 4)}-01-01T00:00:00+08:00`),
  );
  return { at: now, sessions: items, counts };
}

/** Opens a session on the board: its candidates, progress, live flags and video references; recorded as patrolled. */
export async function patrolSession(ctx: AppContext, actor: Actor, sessionId: string) {
  const s = scope(actor);
  const [session] = await integritySessions(ctx.db, {
    sessionIds: [sessionId],
    regionPrefix: s.regionPrefix,
    centreOrgId: s.centreOrgId,
  });
  if (!session) throw notFound('考试场次');
  const papers = await integrityPapers(ctx.db, [sessionId]);
  const live = await liveFlags(
    ctx,
    sessionId,
    session.siteId,
    papers.map((p) => p.id),
  );
  const stored = await listFlags(ctx.db, {
    regionPrefix: null,
    sessionIds: [sessionId],
    status: 'open',
    page: 1,
    pageSize: 200,
  });
  await ctx.db.transaction(async (tx) => {
    await insertPatrolAction(tx, {
      kind: 'patrolled',
      sessionId,
      regionCode: session.regionCode,
      byUserId: actor.userId,
      byName: actor.displayName,
      at: ctx.clock.now(),
    });
  });
  const actions = await patrolActionsOfSession(ctx.db, sessionId);
  // The patroller matches candidates with the video by name (ID numbers are not shown here).
  const names = new Map(
    await Promise.all(
      papers.map(async (p) => [p.workerId, (await findWorkerById(ctx.db, p.workerId))?.name ?? ''] as const),
    ),
  );
  return {
    session: {
      id: session.id,
      siteName: session.siteName,
      itemCode: session.itemCode,
      startsAt: session.startsAt,
      rooms: session.rooms.map((r) => r.name),
    },
    videos: (await integrityArchiveRefs(ctx.db, sessionId))
      .filter((r) => r.kind === 'video')
      .map((r) => ({ label: r.label, reference: r.reference })),
    candidates: papers.map((p) => ({
      paperId: p.id,
      workerId: p.workerId,
      name: names.get(p.workerId) ?? '',
      questions: p.questions.length,
      answered: live.answered.get(p.id) ?? 0,
      submitted: !!p.submittedAt,
      scoreCancelled: !!p.scoreCancelledAt,
      liveFlags: live.verdicts.filter((v) => v.paperId === p.id),
      storedFlags: stored.items
        .filter((f) => f.paperId === p.id)
        .map((f) => ({
          id: f.id,
          kind: f.kind,
          kindLabel: KIND_LABELS[f.kind as keyof typeof KIND_LABELS] ?? f.kind,
          score: f.score,
        })),
      warnings: actions.filter((a) => a.kind === 'warning' && a.paperId === p.id).length,
    })),
  };
}

/** INT-6: a patroller warns a candidate or cancels the candidate's score, with a reason. */
/** INT-6: the notification channel a patrol action is announced on, to the board streams of every instance. */
export const PATROL_CHANNEL = 'integrity_patrol_board';

export async function patrolAct(
  ctx: AppContext,
  actor: Actor,
  sessionId: string,
  input: { paperId: string; action: 'warning' | 'cancellation'; reason: string },
) {
  const s = scope(actor);
  if (input.reason.trim().length < 4)
    throw ruleViolation('INT-6', '请写明理由', '警告或取消成绩须写明理由（至少 4 个字）。');
  const [session] = await integritySessions(ctx.db, {
    sessionIds: [sessionId],
    regionPrefix: s.regionPrefix,
    centreOrgId: s.centreOrgId,
  });
  if (!session) throw notFound('考试场次');
  const paper = (await integrityPapers(ctx.db, [sessionId])).find((p) => p.id === input.paperId);
  if (!paper) throw notFound('试卷');
  return ctx.db.transaction(async (tx) => {
    if (input.action === 'cancellation')
      await cancelScore(tx, ctx.clock, actor, {
        paperId: paper.id,
        reason: `INT-6 远程巡查：${input.reason.trim()}`,
        source: 'integrity_patrol',
      });
    const row = await insertPatrolAction(tx, {
      kind: input.action,
      sessionId,
      paperId: paper.id,
      workerId: paper.workerId,
      regionCode: session.regionCode,
      reason: input.reason.trim(),
      byUserId: actor.userId,
      byName: actor.displayName,
      at: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: `integrity.patrol_${input.action}`,
      entityType: 'exam_paper',
      entityId: paper.id,
      regionCode: session.regionCode,
      after: { reason: input.reason, sessionId },
    });
    // Sent when this transaction commits: every instance's open boards show the action at once.
    await notify(tx, PATROL_CHANNEL, sessionId);
    return row;
  });
}

/** INT-6 unannounced visits: `count` sessions of a day drawn at random in the jurisdiction. */
export async function drawVisits(ctx: AppContext, actor: Actor, input: { date: string; count: number }) {
  const s = scope(actor);
  if (input.count < 1 || input.count > 50) throw badRequest('抽取场次数应在 1 到 50 之间。');
  const sessions = await integritySessions(ctx.db, {
    from: input.date,
    to: input.date,
    regionPrefix: s.regionPrefix,
    centreOrgId: s.centreOrgId,
  });
  const drawn = drawAtRandom(sessions, input.count, () => randomInt(0, 2 ** 32) / 2 ** 32);
  return ctx.db.transaction(async (tx) => {
    const rows = await insertVisits(
      tx,
      drawn.map((x) => ({
        sessionId: x.id,
        siteName: x.siteName,
        regionCode: x.regionCode,
        drawnAt: ctx.clock.now(),
        drawnBy: actor.userId,
      })),
    );
    await appendAudit(tx, ctx.clock, actor, {
      action: 'integrity.visits_draw',
      entityType: 'integrity_visit',
      entityId: rows[0]?.id ?? input.date,
      regionCode: actor.regionCode,
      after: { date: input.date, asked: input.count, drawn: rows.length, of: sessions.length },
    });
    return { drawn: rows, of: sessions.length };
  });
}

export async function recordVisit(ctx: AppContext, actor: Actor, id: string, findings: string) {
  const s = scope(actor);
  const v = await findVisit(ctx.db, id);
  if (!v || (s.regionPrefix && !v.regionCode.startsWith(s.regionPrefix))) throw notFound('巡考记录');
  if (findings.trim().length < 2) throw badRequest('请填写巡考发现。');
  return ctx.db.transaction(async (tx) => {
    const row = await updateVisit(tx, id, { findings: findings.trim(), recordedAt: ctx.clock.now() });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'integrity.visit_record',
      entityType: 'integrity_visit',
      entityId: id,
      regionCode: v.regionCode,
      after: { findings },
    });
    return row;
  });
}

export async function visits(ctx: AppContext, actor: Actor) {
  const s = scope(actor);
  return { items: await listVisits(ctx.db, s.regionPrefix) };
}
