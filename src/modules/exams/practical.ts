// EXM-7 practical scoring sheets, EXM-10 session archive, EXM-8 results and their hand-over to
// certificate issuance (`passedCandidates`: the certificates module does not exist yet, so a pass is
// recorded and offered through this one function — nothing is issued here).
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { emitEvent } from '../../kernel/events.js';
import { chinaDate } from '../../kernel/clock.js';
import { settingInForce } from '../../kernel/province-settings.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { isUniqueViolation } from '../../db/index.js';
import { getOperationItem, itemDetailsIn } from '../catalog/index.js';
import { appendArchiveEvent } from '../registry/index.js';
import {
  archiveRefs,
  bookingsOfSession,
  blueprintInForce,
  findBooking,
  findSession,
  findSite,
  insertArchiveRef,
  insertResults,
  insertSheet,
  latestResult,
  papersOfSession,
  passedResults,
  resultsOfSession,
  sheetsOfSession,
  type SessionRow,
} from './queries.js';
import { DEFAULT_PASS_MARK, archiveGaps, provinceOf, resultVerdict, scoreSheet } from './rules.js';
import { nationalPracticalStandard, type PracticalStandardSetting } from './practical-standards.js';
import { requireStaffFor } from './staff.js';
import { ATTEMPT_LABELS } from './schema.js';
import { RESULTS_WORKING_DAYS } from './results-deadline.js';
import { addWorkingDays, provinceCalendar } from '../../kernel/working-days.js';

async function centreSession(ctx: AppContext, actor: Actor, sessionId: string): Promise<SessionRow> {
  const session = await findSession(ctx.db, sessionId);
  const prefix = jurisdictionPrefix(actor);
  if (!session || (prefix ? !session.regionCode.startsWith(prefix) : session.centreOrgId !== actor.orgId))
    throw notFound('考试场次');
  return session;
}

/**
 * EXM-7 / EXM-9 / CAT-2: the item's scoring standard in force in the province of `regionCode` today
 * (the province's own version, else the national one). Items on real equipment — by the national
 * catalogue or the province's stricter detail — are scored by two examiners, the mean counting.
 */
export async function getPracticalStandard(ctx: AppContext, itemCode: string, regionCode?: string | null) {
  const item = await getOperationItem(ctx, itemCode);
  const [own, details] = await Promise.all([
    regionCode
      ? settingInForce<PracticalStandardSetting>(ctx.db, {
          regionCode,
          kind: 'practical_standard',
          key: itemCode,
          on: chinaDate(ctx.clock.now()),
        })
      : null,
    itemDetailsIn(ctx, item, regionCode),
  ]);
  const { requiresRealEquipment } = details;
  const standard = own?.value ?? nationalPracticalStandard({ ...item, requiresRealEquipment });
  return {
    itemCode,
    itemName: item.name,
    subjects: standard.subjects,
    examiners: (requiresRealEquipment ? 2 : 1) as 1 | 2,
    source: own ? ('province' as const) : ('national' as const),
    effectiveFrom: own?.effectiveFrom ?? null,
  };
}

/** EXM-7 / EXM-2: an examiner of the session's centre scores a checked-in candidate, once. */
export async function recordSheet(
  ctx: AppContext,
  actor: Actor,
  bookingId: string,
  input: {
    subjects: Array<{ code: string; deductions: Array<{ points: number; reason: string }> }>;
    station?: string;
  },
) {
  requirePermission(actor, 'exams.practical');
  const booking = await findBooking(ctx.db, bookingId);
  const session = booking && (await findSession(ctx.db, booking.sessionId));
  if (!booking || !session || session.centreOrgId !== actor.orgId) throw notFound('考试预约');
  if (!booking.checkedInAt)
    throw ruleViolation('EXM-5', '考生未通过入场核验', '未通过身份核验的考生不能参加实操考试。');
  // EXM-4 (in the personnel database, certificate for an examiner) and EXM-2 (考培分离).
  await requireStaffFor(ctx, actor, 'examiner', booking, session.itemCode);
  const standard = await getPracticalStandard(ctx, session.itemCode, session.regionCode);
  const scored = scoreSheet(standard, input.subjects);
  if ('error' in scored) throw badRequest(scored.error);
  const station = await stationUsed(ctx, session, input.station);
  return ctx.db.transaction(async (tx) => {
    const sheet = await insertSheet(tx, {
      bookingId,
      examinerUserId: actor.userId,
      examinerName: actor.displayName,
      subjects: scored.subjects,
      total: scored.total,
      station,
      submittedAt: ctx.clock.now(),
    }).catch((err: unknown) => {
      throw isUniqueViolation(err, 'exam_practical_sheets_examiner_unique')
        ? conflict('您已为该考生提交过评分表，评分提交后不能修改。', 'EXM-7')
        : err;
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.practical_sheet',
      entityType: 'exam_booking',
      entityId: bookingId,
      regionCode: session.regionCode,
      after: { total: sheet.total, subjects: sheet.subjects, station },
    });
    return sheet;
  });
}

/**
 * EXM-9: the station a sheet was scored on — one of the site's stations for the item, real equipment
 * where the item needs it. Named by the examiner; implied when the site has a single one for the item.
 */
async function stationUsed(ctx: AppContext, session: SessionRow, named: string | undefined): Promise<string> {
  const site = await findSite(ctx.db, session.siteId);
  const item = await getOperationItem(ctx, session.itemCode);
  const usable = (site?.stations ?? []).filter(
    (s) => s.itemCodes.includes(session.itemCode) && (s.real || !item.requiresRealEquipment),
  );
  const names = usable.map((s) => `「${s.name}」`).join('、');
  if (named === undefined) {
    if (usable.length === 1) return usable[0].name;
    throw ruleViolation('EXM-9', '未注明实操工位', `请注明考生使用的实操工位（本考试点可用：${names || '无'}）。`, {
      errors: [{ field: 'station', message: '必填' }],
    });
  }
  if (!usable.some((s) => s.name === named))
    throw ruleViolation(
      'EXM-9',
      '实操工位不可用于该项目',
      `「${named}」不是本考试点用于 ${session.itemCode} 的${item.requiresRealEquipment ? '实物设备' : ''}工位（可用：${names || '无'}）。`,
      { errors: [{ field: 'station', message: '不可用' }] },
    );
  return named;
}

/** EXM-10: the exam centre records where a session's video and paper archive are kept. */
export async function addArchiveRef(
  ctx: AppContext,
  actor: Actor,
  sessionId: string,
  input: { kind: 'video' | 'paper'; label: string; reference: string },
) {
  requirePermission(actor, 'exams.sessions');
  if (actor.orgKind !== 'exam_centre') throw forbidden('考试档案由考试机构登记。');
  const session = await centreSession(ctx, actor, sessionId);
  return ctx.db.transaction(async (tx) => {
    const ref = await insertArchiveRef(tx, {
      sessionId,
      kind: input.kind,
      label: input.label.trim(),
      reference: input.reference.trim(),
      recordedAt: ctx.clock.now(),
      recordedBy: actor.userId,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.archive_ref',
      entityType: 'exam_session',
      entityId: sessionId,
      regionCode: session.regionCode,
      after: ref,
    });
    return ref;
  });
}

export async function getSessionArchive(ctx: AppContext, actor: Actor, sessionId: string) {
  requirePermission(actor, 'exams.sessions');
  const session = await centreSession(ctx, actor, sessionId);
  const site = (await findSite(ctx.db, session.siteId))!;
  const refs = await archiveRefs(ctx.db, sessionId);
  const gaps = archiveGaps(
    site.rooms.map((r) => r.name),
    refs,
  );
  return { refs, gaps, complete: gaps.length === 0, results: await resultsOfSession(ctx.db, sessionId) };
}

/**
 * EXM-8 / EXM-10: publishes a session's results — refused while its archive is incomplete or a
 * practical sheet is missing. Each result is appended to the worker's archive; passes become
 * visible to issuance through `passedCandidates`.
 */
export async function publishResults(ctx: AppContext, actor: Actor, sessionId: string) {
  requirePermission(actor, 'exams.sessions');
  if (actor.orgKind !== 'exam_centre') throw forbidden('成绩由考试机构发布。');
  const session = await centreSession(ctx, actor, sessionId);
  const { gaps } = await getSessionArchive(ctx, actor, sessionId);
  if (gaps.length)
    throw ruleViolation('EXM-10', '考试档案不完整', `本场考试档案不完整，不能发布成绩：${gaps.join('；')}。`, { gaps });
  // EXM-4 (seed 004 §11): a session is examined under a named chief examiner, who answers for its results.
  if (!session.chiefExaminerStaffId)
    throw ruleViolation('EXM-4', '未指定主考', '本场考试未指定主考（须为监管部门或考试机构人员），不能发布成绩。');
  const [bookings, papers, sheets, blueprint, standard] = await Promise.all([
    bookingsOfSession(ctx.db, sessionId),
    papersOfSession(ctx.db, sessionId),
    sheetsOfSession(ctx.db, sessionId),
    blueprintInForce(ctx.db, session.itemCode, provinceOf(session.regionCode), session.date),
    getPracticalStandard(ctx, session.itemCode, session.regionCode),
  ]);
  const examined = bookings.filter((b) => b.checkedInAt);
  const short = examined.filter((b) => sheets.filter((s) => s.bookingId === b.id).length < standard.examiners);
  if (short.length)
    throw ruleViolation(
      'EXM-7',
      '实操评分未完成',
      `${short.length} 名考生的实操评分表不足 ${standard.examiners} 份（须${standard.examiners === 2 ? '两名考评员分别' : '考评员'}评分）。`,
    );
  const marks = {
    theory: blueprint?.theoryPassMark ?? DEFAULT_PASS_MARK,
    practical: blueprint?.practicalPassMark ?? DEFAULT_PASS_MARK,
  };
  const now = ctx.clock.now();
  // Order 30 art. 16: within 10 working days of the exam; a late publication is still made, and kept as late.
  const dueOn = addWorkingDays(
    session.date,
    RESULTS_WORKING_DAYS,
    await provinceCalendar(ctx.db, session.regionCode, chinaDate(now)),
  );
  const late = chinaDate(now) > dueOn;
  return ctx.db.transaction(async (tx) => {
    if ((await resultsOfSession(tx, sessionId)).length) throw conflict('本场考试成绩已发布。', 'EXM-8');
    const rows = [];
    for (const b of examined) {
      const paper = papers.find((p) => p.bookingId === b.id && p.submittedAt);
      const own = sheets.filter((s) => s.bookingId === b.id);
      const practicalScore = Math.round((own.reduce((n, s) => n + s.total, 0) / own.length) * 10) / 10;
      const previous = b.attempt === 'makeup' ? await latestResult(tx, b.workerId, session.itemCode) : undefined;
      // Order 30 art. 32: a return-to-work exam is the practical part alone.
      const verdict =
        b.attempt === 'return'
          ? {
              theoryPassed: true,
              practicalPassed: practicalScore >= marks.practical,
              passed: practicalScore >= marks.practical,
            }
          : resultVerdict({ theoryScore: paper?.score ?? null, practicalScore }, marks, previous ?? null);
      rows.push({
        bookingId: b.id,
        sessionId,
        workerId: b.workerId,
        itemCode: session.itemCode,
        regionCode: session.regionCode,
        attempt: b.attempt,
        theoryScore: paper?.score ?? null,
        practicalScore,
        theoryPassMark: marks.theory,
        practicalPassMark: marks.practical,
        ...verdict,
        publishedAt: now,
      });
      await appendArchiveEvent(tx, now, actor, {
        workerId: b.workerId,
        kind: 'examined',
        summary:
          b.attempt === 'return'
            ? `${session.itemCode} 离岗复考（实操）成绩 ${practicalScore}（合格线 ${marks.practical}）：${verdict.passed ? '合格，可重新上岗' : '不合格'}`
            : `${session.itemCode} ${ATTEMPT_LABELS[b.attempt]}成绩：理论 ${paper?.score ?? '缺考'}，实操 ${practicalScore}（合格线各 ${marks.theory}/${marks.practical}）：${verdict.passed ? '合格' : '不合格'}`,
        detail: { sessionId, bookingId: b.id, ...verdict, theoryScore: paper?.score ?? null, practicalScore },
      });
    }
    await insertResults(tx, rows);
    // CER-1: each pass is handed to issuance through the outbox, committed with the results.
    // Order 30 art. 32: a passed return-to-work exam confirms the certificate held; it is not a new one.
    for (const r of rows.filter((x) => x.passed && x.attempt !== 'return')) {
      await emitEvent(tx, ctx.clock, {
        type: 'exam.passed',
        payload: {
          resultId: r.bookingId,
          workerId: r.workerId,
          itemCode: r.itemCode,
          sessionId,
          passedAt: now.toISOString(),
          regionCode: r.regionCode,
        },
        regionCode: r.regionCode,
      });
    }
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.results_publish',
      entityType: 'exam_session',
      entityId: sessionId,
      regionCode: session.regionCode,
      after: { results: rows.length, passed: rows.filter((r) => r.passed).length, dueOn, late },
    });
    return { published: rows.length, passed: rows.filter((r) => r.passed).length, results: rows, dueOn, late };
  });
}

/**
 * The hand-over to certificate issuance (CRT): published passes, oldest first, optionally after a
 * point in time and within a regulator's jurisdiction. Issuance itself is the certificates module's job.
 */
export async function passedCandidates(
  ctx: Pick<AppContext, 'db'>,
  params: { regionPrefix?: string; since?: Date; limit?: number } = {},
) {
  return passedResults(ctx.db, { ...params, limit: params.limit ?? 500 });
}
