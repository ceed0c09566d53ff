// TRN-2 for a whole class session (issue 19 item 6): the session's roster with each trainee's check-in
// and check-out, and a batch of face captures taken in turn at the desk. Each capture is still compared
// face to face and recorded for its own trainee through the single check-in/out (its own transaction,
// face engine, audit and archive events); one refusal does not stop the others and is named per trainee.
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { Problem, notFound } from '../../kernel/problem.js';
import { checkIn, checkOut, OUTCOME_LABELS } from './attendance.js';
import { findAttendance, findClass, findSession } from './queries.js';
import { getClass } from './service.js';

/** The session's roll: every enrolled trainee, checked in or out or not yet, with the engine's verdicts. */
export async function sessionRoll(ctx: AppContext, actor: Actor, sessionId: string) {
  requirePermission(actor, 'training.classes');
  const session = await findSession(ctx.db, sessionId);
  const row = session && (await findClass(ctx.db, session.classId));
  if (!session || !row || row.orgId !== actor.orgId) throw notFound('课程');
  const cls = await getClass(ctx, actor, row.id);
  const items = await Promise.all(
    cls.roster.map(async (r) => {
      const a = await findAttendance(ctx.db, sessionId, r.workerId);
      return {
        workerId: r.workerId,
        name: r.name,
        idNumber: r.idNumber,
        checkInAt: a?.checkInAt ?? null,
        checkInOutcome: a?.checkInOutcome ?? null,
        checkInOutcomeLabel: a?.checkInOutcome ? OUTCOME_LABELS[a.checkInOutcome] : null,
        checkOutAt: a?.checkOutAt ?? null,
        checkOutOutcome: a?.checkOutOutcome ?? null,
        checkOutOutcomeLabel: a?.checkOutOutcome ? OUTCOME_LABELS[a.checkOutOutcome] : null,
      };
    }),
  );
  return {
    session: {
      id: session.id,
      topic: session.topic,
      subject: session.subject,
      mode: session.mode,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
    },
    className: row.name,
    filed: !!row.filedAt,
    items,
  };
}

export interface Capture {
  workerId: string;
  photo: string;
}

/** TRN-2: a batch of captures of one session, each compared and recorded for its own trainee. */
export async function recordRollCall(
  ctx: AppContext,
  actor: Actor,
  sessionId: string,
  input: { kind: 'check-in' | 'check-out'; captures: Capture[] },
) {
  requirePermission(actor, 'training.classes');
  const results = [];
  for (const capture of input.captures) {
    try {
      const r =
        input.kind === 'check-in'
          ? await checkIn(ctx, actor, sessionId, capture)
          : await checkOut(ctx, actor, sessionId, capture);
      results.push({
        workerId: capture.workerId,
        ok: true as const,
        outcome: r.outcome,
        outcomeLabel: r.outcomeLabel,
        faceVerified: r.faceVerified,
        units: 'units' in r ? r.units : undefined,
      });
    } catch (err) {
      // A refusal of one trainee (already checked in, not enrolled, class not filed, teacher no longer
      // qualified, unreadable photo) is named for that trainee; anything else is a fault and propagates.
      if (!(err instanceof Problem)) throw err;
      results.push({
        workerId: capture.workerId,
        ok: false as const,
        title: err.title,
        detail: err.detail,
        rule: err.options.rule ?? null,
      });
    }
  }
  return {
    kind: input.kind,
    results,
    recorded: results.filter((r) => r.ok).length,
    refused: results.filter((r) => !r.ok).length,
  };
}
