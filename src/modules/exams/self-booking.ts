// Issue 22: a worker books their own exam on their phone (seed 004 §9, candidate-centred one-stop
// sign-up) where the rules allow it: the same `candidateEligibility` as a booking by an institution
// (TRN-5 class hours and the class's exam application naming them, or an approved TRN-6 direct
// registration; REG-3, EXM-8, CER-1, Order 30's 60 days and place), and seats in order of submission
// (EXM-3). The candidate chooses a session the centre planned; nobody reorders the queue.
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { getWorker } from '../registry/index.js';
import { findTrainingClass, trainingStanding } from '../training/index.js';
import { placeBooking } from './plans.js';
import { bookingsOfWorker, findSession, listSessions } from './queries.js';
import { candidateEligibility } from './seams.js';

/** Sessions shown to one candidate at most: a province plans a few sessions per item and month. */
const MAX_OFFERED = 50;

/**
 * The sessions of the candidate's province still open to booking, for the items they have a
 * training standing in (TRN-5 / TRN-6), each with the eligibility verdict for its date and place.
 * Items without any standing are left out: a worker sees what they may book, not every session.
 */
export async function openSessionsForMe(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'exams.take');
  if (!actor.workerId) return { items: [] };
  const workerId = actor.workerId;
  const worker = await getWorker(ctx, actor, workerId);
  const now = ctx.clock.now();
  const { rows } = await listSessions(ctx.db, {
    regionPrefix: worker.regionCode.slice(0, 2),
    fromDate: chinaDate(now),
    pageSize: 200,
  });
  const booked = new Set((await bookingsOfWorker(ctx.db, workerId)).map((b) => b.session.id));
  const open = rows.filter((r) => r.session.startsAt > now && !booked.has(r.session.id));
  const standing = new Map<string, boolean>();
  for (const code of new Set(open.map((r) => r.session.itemCode)))
    standing.set(code, (await trainingStanding(ctx.db, workerId, code, { now })).hoursMet);
  // Soonest first: the next sitting is the one a candidate looks for.
  const offered = open
    .filter((r) => standing.get(r.session.itemCode))
    .sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime())
    .slice(0, MAX_OFFERED);
  const items = [];
  // The verdict depends on the item, the date and the place only: sessions sharing them share it.
  const verdicts = new Map<string, Awaited<ReturnType<typeof candidateEligibility>>>();
  for (const r of offered) {
    const key = `${r.session.itemCode}|${r.session.date}|${r.session.regionCode}`;
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = await candidateEligibility(ctx, actor, {
        workerId,
        itemCode: r.session.itemCode,
        exam: { date: r.session.date, regionCode: r.session.regionCode },
      });
      verdicts.set(key, verdict);
    }
    items.push({
      sessionId: r.session.id,
      itemCode: r.session.itemCode,
      date: r.session.date,
      startsAt: r.session.startsAt,
      siteName: r.siteName,
      capacity: r.session.capacity,
      seatsLeft: Math.max(0, r.session.capacity - r.allocated),
      eligible: verdict.eligible,
      attempt: verdict.attempt,
      // What refuses it, in the rule's own words (the page shows them, the candidate knows what to do).
      refusals: verdict.checks.filter((c) => c.status === 'failed').map((c) => ({ rule: c.rule, message: c.message })),
    });
  }
  return { items };
}

/**
 * EXM-3 + TRN-5/TRN-6: the candidate books a session for themselves. The application is in their own
 * name; when a class gives the standing, its institution is the applicant of record, so its roster
 * shows the booking as it would one it made.
 */
export async function bookMyself(ctx: AppContext, actor: Actor, input: { sessionId: string }) {
  requirePermission(actor, 'exams.take');
  if (!actor.workerId) throw forbidden('账户尚未完成实名核验，不能报名考试。');
  const workerId = actor.workerId;
  const session = await findSession(ctx.db, input.sessionId);
  if (!session) throw notFound('考试场次');
  const worker = await getWorker(ctx, actor, workerId);
  // A province's sessions only (its exam centres serve it); another province's are not offered.
  if (!session.regionCode.startsWith(worker.regionCode.slice(0, 2))) throw notFound('考试场次');
  if (session.startsAt <= ctx.clock.now()) throw conflict('该场次已开考，不能再报名。', 'EXM-3');
  const verdict = await candidateEligibility(ctx, actor, {
    workerId,
    itemCode: session.itemCode,
    exam: { date: session.date, regionCode: session.regionCode },
  });
  if (!verdict.eligible) {
    const failed = verdict.checks.filter((c) => c.status === 'failed');
    throw ruleViolation(failed[0].rule, '不符合报考条件', failed.map((c) => c.message).join('；'), {
      checks: verdict.checks,
    });
  }
  const training = verdict.training;
  const cls =
    training?.source === 'class' && training.classId ? await findTrainingClass(ctx.db, training.classId) : null;
  const booking = await placeBooking(ctx, actor, session, {
    workerId,
    applicantOrgId: cls?.orgId ?? null,
    verdict,
  });
  return { id: booking.id, status: booking.status, attempt: booking.attempt };
}
