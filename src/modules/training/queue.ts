// Issue 19 item 4: training's to-do queues for the 工作台 (module workbench).
import { and, asc, eq, isNull, like, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { chinaDate } from '../../kernel/clock.js';
import { WORKBENCH_ITEMS, daysOverdue, dayOf, queueOf, type Queue } from '../../kernel/queue.js';
import { FILING_WINDOW_MS, realOpening } from './rules.js';
import { examApplications, trainingClasses } from './schema.js';

/**
 * TRN-1: classes not yet filed, the earliest filing deadline (real opening + 48 h) first, so the
 * overdue ones lead. The institution sees its own ((org_id) index); a regulator its jurisdiction's
 * overdue ones (SEC-2, (region_code) index) — a class still inside its 48 hours is nobody's concern yet.
 */
export async function classFilingQueue(
  db: Executor,
  p: { scope: { orgId: string } | { regionPrefix: string }; now: Date },
): Promise<Queue> {
  const today = chinaDate(p.now);
  const regulator = 'regionPrefix' in p.scope;
  const opening = sql`coalesce(${trainingClasses.firstSessionAt}, ${trainingClasses.opensAt})`;
  const late = sql`${opening} < ${new Date(p.now.getTime() - FILING_WINDOW_MS).toISOString()}::timestamptz`;
  const where = and(
    'orgId' in p.scope
      ? eq(trainingClasses.orgId, p.scope.orgId)
      : like(trainingClasses.regionCode, `${p.scope.regionPrefix}%`),
    isNull(trainingClasses.filedAt),
    regulator ? late : undefined,
  );
  const [[counts], rows] = await Promise.all([
    db
      .select({
        count: sql<number>`count(*)::int`,
        overdue: sql<number>`(count(*) filter (where ${late}))::int`,
        oldestDue: sql<string | null>`(min(${opening}) filter (where ${late}))`,
      })
      .from(trainingClasses)
      .where(where),
    db
      .select({
        id: trainingClasses.id,
        name: trainingClasses.name,
        itemCode: trainingClasses.itemCode,
        opensAt: trainingClasses.opensAt,
        firstSessionAt: trainingClasses.firstSessionAt,
      })
      .from(trainingClasses)
      .where(where)
      .orderBy(asc(opening))
      .limit(WORKBENCH_ITEMS),
  ]);
  const dueOf = (opened: Date) => chinaDate(new Date(opened.getTime() + FILING_WINDOW_MS));
  const oldest = counts.oldestDue ? dueOf(new Date(counts.oldestDue)) : null;
  const link = regulator ? '/supervision/classes' : '/training/classes';
  return queueOf(
    {
      key: 'class-filings',
      label: regulator ? '开班逾期未备案的培训班' : '待备案的培训班（开班后48小时内）',
      link,
      unit: '个',
    },
    { ...counts, oldestDue: oldest },
    rows.map((c) => {
      const due = dueOf(realOpening(c));
      return {
        id: c.id,
        title: c.name,
        detail: `开班 ${dayOf(realOpening(c))}`,
        itemCode: c.itemCode,
        since: dayOf(realOpening(c)),
        dueOn: due,
        overdueDays: daysOverdue(today, due),
        link,
      };
    }),
    today,
  );
}

/** TRN-5: the institution's exam applications cancelled (returned) because a class archive was found false. */
export async function returnedApplicationQueue(db: Executor, p: { orgId: string; today: string }): Promise<Queue> {
  const where = and(eq(trainingClasses.orgId, p.orgId), eq(examApplications.status, 'cancelled'));
  const [[counts], rows] = await Promise.all([
    db
      .select({ count: sql<number>`count(*)::int`, overdue: sql<number>`0`, oldestDue: sql<string | null>`null` })
      .from(examApplications)
      .innerJoin(trainingClasses, eq(trainingClasses.id, examApplications.classId))
      .where(where),
    db
      .select({
        id: examApplications.id,
        name: trainingClasses.name,
        itemCode: trainingClasses.itemCode,
        reason: examApplications.cancelReason,
        at: examApplications.cancelledAt,
        submittedAt: examApplications.submittedAt,
      })
      .from(examApplications)
      .innerJoin(trainingClasses, eq(trainingClasses.id, examApplications.classId))
      .where(where)
      .orderBy(asc(examApplications.cancelledAt))
      .limit(WORKBENCH_ITEMS),
  ]);
  return queueOf(
    { key: 'returned-applications', label: '被退回的考试申请', link: '/training/classes', unit: '份' },
    counts,
    rows.map((r) => ({
      id: r.id,
      title: r.name,
      detail: r.reason,
      itemCode: r.itemCode,
      since: dayOf(r.at ?? r.submittedAt),
      dueOn: null,
      overdueDays: null,
      link: '/training/classes',
    })),
    p.today,
  );
}
