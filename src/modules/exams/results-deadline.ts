// Scores are published within 10 working days after the exam (Order 30 art. 16; NATIONAL.md "Exams").
// The deadline runs on the province's working-day calendar (settings module) from the exam day; the
// sessions past it are listed to the centre that must publish and to the regulators of the area, since
// the examined body does not supervise its own lateness alone.
import { and, count, eq, gte, isNotNull, like, lt, sql } from 'drizzle-orm';
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { addDays, chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { forbidden } from '../../kernel/problem.js';
import { addWorkingDays, provinceCalendar } from '../../kernel/working-days.js';
import { provinceOf } from '../../kernel/province-settings.js';
import { examBookings, examResults, examSessions, examSites } from './schema.js';

export const RESULTS_WORKING_DAYS = 10;
/** How far back the list looks: a quarter of sessions is what a centre or a regulator follows up. */
const LOOKBACK_DAYS = 120;

export type ResultsDeadlineStatus = 'overdue' | 'due' | 'published_late' | 'published';

export const RESULTS_DEADLINE_LABELS: Record<ResultsDeadlineStatus, string> = {
  overdue: '逾期未发布',
  due: '待发布',
  published_late: '逾期发布',
  published: '按期发布',
};

/** The status of one session's results against its deadline, on `today`. */
export function resultsDeadlineStatus(dueOn: string, publishedOn: string | null, today: string): ResultsDeadlineStatus {
  if (publishedOn) return publishedOn > dueOn ? 'published_late' : 'published';
  return today > dueOn ? 'overdue' : 'due';
}

/**
 * Held sessions of the last 120 days with examined candidates, each with its publication deadline:
 * overdue first (oldest deadline first), then those still due, then those published late.
 */
export async function resultsDeadlines(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'exams.sessions');
  const prefix = jurisdictionPrefix(actor);
  const scope =
    actor.orgKind === 'exam_centre' && actor.orgId
      ? eq(examSessions.centreOrgId, actor.orgId)
      : prefix
        ? like(examSessions.regionCode, `${prefix}%`)
        : null;
  if (!scope) throw forbidden('成绩发布期限由考试机构及其监管部门查看。');
  const today = chinaDate(ctx.clock.now());
  const rows = await ctx.db
    .select({
      sessionId: examSessions.id,
      date: examSessions.date,
      itemCode: examSessions.itemCode,
      regionCode: examSessions.regionCode,
      siteName: examSites.name,
      examined: count(examBookings.id),
      publishedAt: sql<
        Date | string | null
      >`(select max(${examResults.publishedAt}) from ${examResults} where ${examResults.sessionId} = ${examSessions.id})`,
    })
    .from(examSessions)
    .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
    .innerJoin(examBookings, and(eq(examBookings.sessionId, examSessions.id), isNotNull(examBookings.checkedInAt)))
    .where(and(scope, gte(examSessions.date, addDays(today, -LOOKBACK_DAYS)), lt(examSessions.date, today)))
    .groupBy(examSessions.id, examSites.name)
    .limit(2_000);
  const calendars = new Map<string, Map<string, boolean>>();
  const items: Array<
    Omit<(typeof rows)[number], 'publishedAt'> & {
      publishedAt: Date | null;
      dueOn: string;
      status: ResultsDeadlineStatus;
      statusLabel: string;
    }
  > = [];
  for (const r of rows) {
    const province = provinceOf(r.regionCode);
    if (!calendars.has(province)) calendars.set(province, await provinceCalendar(ctx.db, r.regionCode, today));
    const dueOn = addWorkingDays(r.date, RESULTS_WORKING_DAYS, calendars.get(province)!);
    // The subquery's timestamp comes back as text on some drivers.
    const publishedOn = r.publishedAt ? chinaDate(new Date(r.publishedAt)) : null;
    const status = resultsDeadlineStatus(dueOn, publishedOn, today);
    if (status === 'published') continue;
    items.push({
      ...r,
      publishedAt: r.publishedAt ? new Date(r.publishedAt) : null,
      dueOn,
      status,
      statusLabel: RESULTS_DEADLINE_LABELS[status],
    });
  }
  const order: ResultsDeadlineStatus[] = ['overdue', 'due', 'published_late'];
  items.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.dueOn.localeCompare(b.dueOn));
  return {
    workingDays: RESULTS_WORKING_DAYS,
    counts: Object.fromEntries(order.map((s) => [s, items.filter((i) => i.status === s).length])),
    items,
  };
}
