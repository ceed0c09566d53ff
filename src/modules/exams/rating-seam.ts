// What the annual ratings read from exams: which institution booked a flagged candidate (INS-5), and
// how many sessions each site held in the year (EXM-11: a site that held none is up for cancellation).
import { and, count, gte, inArray, lt } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { examBookings, examSessions } from './schema.js';

/** The applying institution of each (session, worker) attempt that has one, keyed `${sessionId}:${workerId}`. */
export async function applicantOrgsOfAttempts(
  db: Executor,
  attempts: ReadonlyArray<{ sessionId: string; workerId: string }>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!attempts.length) return out;
  const wanted = new Set(attempts.map((a) => `${a.sessionId}:${a.workerId}`));
  const rows = await db
    .select({ sessionId: examBookings.sessionId, workerId: examBookings.workerId, orgId: examBookings.applicantOrgId })
    .from(examBookings)
    .where(
      and(
        inArray(examBookings.sessionId, [...new Set(attempts.map((a) => a.sessionId))]),
        inArray(examBookings.workerId, [...new Set(attempts.map((a) => a.workerId))]),
      ),
    );
  for (const r of rows)
    if (r.orgId && wanted.has(`${r.sessionId}:${r.workerId}`)) out.set(`${r.sessionId}:${r.workerId}`, r.orgId);
  return out;
}

/** Sessions each site held on days in [fromDay, toDay). */
export async function sessionsHeldBySites(
  db: Executor,
  siteIds: string[],
  fromDay: string,
  toDay: string,
): Promise<Map<string, number>> {
  if (!siteIds.length) return new Map();
  const rows = await db
    .select({ siteId: examSessions.siteId, n: count() })
    .from(examSessions)
    .where(and(inArray(examSessions.siteId, siteIds), gte(examSessions.date, fromDay), lt(examSessions.date, toDay)))
    .groupBy(examSessions.siteId);
  return new Map(rows.map((r) => [r.siteId, Number(r.n)]));
}
