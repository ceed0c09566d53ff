// What the integrity module (a later step of the chain) may read of exams, and the one change it
// may ask for: cancelling a theory score. Read-only queries as functions of (db, params).
import { and, asc, eq, gte, inArray, like, lte, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { Clock } from '../../kernel/clock.js';
import { appendArchiveEvent } from '../registry/index.js';
import {
  examAnswerEvents,
  examBookings,
  examFinalAnswers,
  examPapers,
  examResults,
  examSessionArchive,
  examSessions,
  examSites,
  examVendorItems,
  examQuestions,
  type ExamAttempt,
} from './schema.js';

export interface IntegritySessionFilter {
  sessionIds?: string[];
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  siteId?: string;
  regionPrefix?: string | null;
  itemCodes?: string[];
  centreOrgId?: string;
}

/** Sessions with their site's name and region, for a scan or a board. */
export async function integritySessions(db: Executor, f: IntegritySessionFilter) {
  return db
    .select({
      id: examSessions.id,
      siteId: examSessions.siteId,
      siteName: examSites.name,
      centreOrgId: examSessions.centreOrgId,
      regionCode: examSessions.regionCode,
      itemCode: examSessions.itemCode,
      date: examSessions.date,
      startsAt: examSessions.startsAt,
      capacity: examSessions.capacity,
      rooms: examSites.rooms,
    })
    .from(examSessions)
    .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
    .where(
      and(
        f.sessionIds
          ? inArray(examSessions.id, f.sessionIds.length ? f.sessionIds : ['00000000-0000-0000-0000-000000000000'])
          : undefined,
        f.from ? gte(examSessions.date, f.from) : undefined,
        f.to ? lte(examSessions.date, f.to) : undefined,
        f.siteId ? eq(examSessions.siteId, f.siteId) : undefined,
        f.regionPrefix ? like(examSessions.regionCode, `${f.regionPrefix}%`) : undefined,
        f.itemCodes ? inArray(examSessions.itemCode, f.itemCodes.length ? f.itemCodes : ['-']) : undefined,
        f.centreOrgId ? eq(examSessions.centreOrgId, f.centreOrgId) : undefined,
      ),
    )
    .orderBy(asc(examSessions.startsAt));
}

/** The papers of some sessions with the booking's attempt and eligibility verdict (INT-5). */
export async function integrityPapers(db: Executor, sessionIds: string[]) {
  if (!sessionIds.length) return [];
  return db
    .select({
      id: examPapers.id,
      sessionId: examPapers.sessionId,
      workerId: examPapers.workerId,
      bookingId: examPapers.bookingId,
      itemCode: examPapers.itemCode,
      questions: examPapers.questions,
      startedAt: examPapers.startedAt,
      deadline: examPapers.deadline,
      submittedAt: examPapers.submittedAt,
      score: examPapers.score,
      passed: examPapers.passed,
      passMark: examPapers.passMark,
      source: examPapers.source,
      vendor: examPapers.vendor,
      scoreCancelledAt: examPapers.scoreCancelledAt,
      // An imported past exam (issue 16) has no booking: counted as a first attempt, no eligibility verdict.
      attempt: sql<ExamAttempt>`coalesce(${examBookings.attempt}, 'first')`,
      eligibility: examBookings.eligibility,
    })
    .from(examPapers)
    .leftJoin(examBookings, eq(examBookings.id, examPapers.bookingId))
    .where(inArray(examPapers.sessionId, sessionIds));
}

/** INT-2/INT-3: the final answers of some papers (bank option indices, correctness, vendor response seconds). */
export async function integrityFinalAnswers(db: Executor, paperIds: string[]) {
  if (!paperIds.length) return [];
  return db
    .select()
    .from(examFinalAnswers)
    .where(inArray(examFinalAnswers.paperId, paperIds))
    .orderBy(asc(examFinalAnswers.paperId), asc(examFinalAnswers.position));
}

/** INT-1/INT-2/INT-5: the answer-event log of some papers, in the order the server received it. */
export async function integrityAnswerEvents(db: Executor, paperIds: string[]) {
  if (!paperIds.length) return [];
  return db
    .select({
      paperId: examAnswerEvents.paperId,
      clientSeq: examAnswerEvents.clientSeq,
      kind: examAnswerEvents.kind,
      position: examAnswerEvents.position,
      selected: examAnswerEvents.selected,
      clientAt: examAnswerEvents.clientAt,
      serverAt: examAnswerEvents.serverAt,
      deviceId: examAnswerEvents.deviceId,
      clientIp: examAnswerEvents.clientIp,
    })
    .from(examAnswerEvents)
    .where(inArray(examAnswerEvents.paperId, paperIds))
    .orderBy(asc(examAnswerEvents.paperId), asc(examAnswerEvents.serverAt), asc(examAnswerEvents.clientSeq));
}

/** Item difficulty labels (1–3) of bank questions, for evidence only (the detectors use the fitted model). */
export async function integrityQuestionLabels(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  const bank = await db
    .select({ id: examQuestions.id, key: examQuestions.key, difficulty: examQuestions.difficulty })
    .from(examQuestions)
    .where(inArray(examQuestions.id, ids));
  const vendor = await db
    .select({ id: examVendorItems.id, key: examVendorItems.vendorItemId })
    .from(examVendorItems)
    .where(inArray(examVendorItems.id, ids));
  return [...bank, ...vendor.map((v) => ({ ...v, difficulty: null }))];
}

/** Issue 20: the vendor's own codes of imported items (exam_vendor_items ids → vendor, vendor item id). */
export async function vendorItemCodes(db: Executor, ids: string[]) {
  const out = new Map<string, { vendor: string; vendorItemId: string }>();
  for (let k = 0; k < ids.length; k += 1000) {
    const rows = await db
      .select({ id: examVendorItems.id, vendor: examVendorItems.vendor, vendorItemId: examVendorItems.vendorItemId })
      .from(examVendorItems)
      .where(inArray(examVendorItems.id, ids.slice(k, k + 1000)));
    for (const r of rows) out.set(r.id, { vendor: r.vendor, vendorItemId: r.vendorItemId });
  }
  return out;
}

/** INT-6: the session's video and paper archive references. */
export async function integrityArchiveRefs(db: Executor, sessionId: string) {
  return db
    .select()
    .from(examSessionArchive)
    .where(eq(examSessionArchive.sessionId, sessionId))
    .orderBy(asc(examSessionArchive.recordedAt));
}

/** INT-6: papers being answered now (started, not submitted, deadline not long past). */
export async function papersInProgress(db: Executor, at: Date, regionPrefix: string | null) {
  return db
    .select({
      paperId: examPapers.id,
      sessionId: examPapers.sessionId,
      workerId: examPapers.workerId,
      startedAt: examPapers.startedAt,
      deadline: examPapers.deadline,
      questions: sql<number>`jsonb_array_length(${examPapers.questions})`,
    })
    .from(examPapers)
    .innerJoin(examSessions, eq(examSessions.id, examPapers.sessionId))
    .where(
      and(
        sql`${examPapers.submittedAt} is null`,
        lte(examPapers.startedAt, at),
        gte(examPapers.deadline, new Date(at.getTime() - 60_000)),
        regionPrefix ? like(examSessions.regionCode, `${regionPrefix}%`) : undefined,
      ),
    );
}

/**
 * INT-2/INT-6: cancels a candidate's theory score (a confirmed integrity flag, or a patroller's
 * decision), in the caller's transaction: the paper and any published result no longer count as
 * passed, the worker's archive records it, the audit chain too. Idempotent.
 */
export async function cancelScore(
  tx: Tx,
  clock: Clock,
  actor: Actor,
  input: { paperId: string; reason: string; source: string },
) {
  const [paper] = await tx.select().from(examPapers).where(eq(examPapers.id, input.paperId)).for('update');
  if (!paper) return null;
  if (paper.scoreCancelledAt)
    return { paperId: paper.id, workerId: paper.workerId, sessionId: paper.sessionId, alreadyCancelled: true };
  const now = clock.now();
  await tx
    .update(examPapers)
    .set({ scoreCancelledAt: now, scoreCancelReason: input.reason, passed: false })
    .where(eq(examPapers.id, paper.id));
  // An imported past exam (issue 16) has no booking and no result to withdraw.
  if (paper.bookingId)
    await tx
      .update(examResults)
      .set({ theoryPassed: false, passed: false })
      .where(eq(examResults.bookingId, paper.bookingId));
  const [session] = await tx
    .select({ regionCode: examSessions.regionCode, centreOrgId: examSessions.centreOrgId })
    .from(examSessions)
    .where(eq(examSessions.id, paper.sessionId));
  await appendArchiveEvent(tx, now, actor, {
    workerId: paper.workerId,
    kind: 'examined',
    summary: `${paper.itemCode} 理论考试成绩已取消：${input.reason}`,
    detail: {
      paperId: paper.id,
      sessionId: paper.sessionId,
      part: 'theory',
      cancelled: true,
      reason: input.reason,
      source: input.source,
      previousScore: paper.score,
    },
  });
  await appendAudit(tx, clock, actor, {
    action: 'exams.score_cancel',
    entityType: 'exam_paper',
    entityId: paper.id,
    regionCode: session?.regionCode ?? null,
    before: { score: paper.score, passed: paper.passed },
    after: { cancelled: true, reason: input.reason, source: input.source },
  });
  return { paperId: paper.id, workerId: paper.workerId, sessionId: paper.sessionId, alreadyCancelled: false };
}
