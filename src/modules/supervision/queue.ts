// Issue 19 item 4: supervision's to-do queues for the 工作台 (module workbench).
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { WORKBENCH_ITEMS, daysOverdue, dayOf, queueOf, type Queue } from '../../kernel/queue.js';
import { REPORT_CATEGORIES, REPORT_STATUSES } from './rules.js';
import { inspectionFindings, publicReports } from './schema.js';

/**
 * SUP-2 (闭环): findings not yet closed, the earliest deadline first, so those past their
 * rectification deadline lead. A regulator sees its jurisdiction's (SEC-2, (region_code, status)
 * index); an inspected organisation sees the findings it must rectify ((responsible_org_id, status)).
 */
export async function findingQueue(
  db: Executor,
  p: { scope: { regionPrefix: string } | { responsibleOrgId: string }; today: string },
): Promise<Queue> {
  const org = 'responsibleOrgId' in p.scope;
  const where = and(
    'responsibleOrgId' in p.scope
      ? eq(inspectionFindings.responsibleOrgId, p.scope.responsibleOrgId)
      : like(inspectionFindings.regionCode, `${p.scope.regionPrefix}%`),
    // An organisation's to-do is what it has not rectified yet; a regulator's includes rectifications to verify.
    org ? eq(inspectionFindings.status, 'open') : inArray(inspectionFindings.status, ['open', 'submitted']),
  );
  const late = sql`${inspectionFindings.status} = 'open' and ${inspectionFindings.deadline} < ${p.today}`;
  const [[counts], rows] = await Promise.all([
    db
      .select({
        count: sql<number>`count(*)::int`,
        overdue: sql<number>`(count(*) filter (where ${late}))::int`,
        oldestDue: sql<string | null>`(min(${inspectionFindings.deadline}) filter (where ${late}))::text`,
      })
      .from(inspectionFindings)
      .where(where),
    db
      .select({
        id: inspectionFindings.id,
        targetName: inspectionFindings.targetName,
        description: inspectionFindings.description,
        deadline: inspectionFindings.deadline,
        status: inspectionFindings.status,
        createdAt: inspectionFindings.createdAt,
      })
      .from(inspectionFindings)
      .where(where)
      .orderBy(asc(inspectionFindings.deadline), asc(inspectionFindings.createdAt))
      .limit(WORKBENCH_ITEMS),
  ]);
  const link = org ? '/rectifications' : '/supervision/inspections';
  return queueOf(
    {
      key: org ? 'rectifications' : 'findings',
      label: org ? '待整改问题' : '检查问题整改（闭环）',
      link,
      unit: '项',
    },
    counts,
    rows.map((f) => ({
      id: f.id,
      title: org ? f.description : f.targetName,
      detail: org ? null : f.status === 'submitted' ? `已提交整改，待核查：${f.description}` : f.description,
      since: dayOf(f.createdAt),
      dueOn: f.deadline,
      overdueDays: f.status === 'open' ? daysOverdue(p.today, f.deadline) : null,
      link,
    })),
    p.today,
  );
}

/** SUP-6: public reports the viewer's organisation handles and has not closed, oldest first. */
export async function reportQueue(db: Executor, p: { handlingOrgId: string; today: string }): Promise<Queue> {
  const where = and(
    eq(publicReports.handlingOrgId, p.handlingOrgId),
    inArray(publicReports.status, ['received', 'accepted', 'investigating']),
  );
  const [[counts], rows] = await Promise.all([
    db
      .select({ count: sql<number>`count(*)::int`, overdue: sql<number>`0`, oldestDue: sql<string | null>`null` })
      .from(publicReports)
      .where(where),
    db
      .select({
        id: publicReports.id,
        subjectName: publicReports.subjectName,
        category: publicReports.category,
        status: publicReports.status,
        receivedAt: publicReports.receivedAt,
      })
      .from(publicReports)
      .where(where)
      .orderBy(asc(publicReports.receivedAt))
      .limit(WORKBENCH_ITEMS),
  ]);
  return queueOf(
    { key: 'reports', label: '待办理的举报', link: '/supervision/reports', unit: '件' },
    counts,
    rows.map((r) => ({
      id: r.id,
      title: r.subjectName,
      detail: `${REPORT_CATEGORIES[r.category] ?? '举报'} · ${REPORT_STATUSES[r.status] ?? ''}`,
      since: dayOf(r.receivedAt),
      dueOn: null,
      overdueDays: null,
      link: '/supervision/reports',
    })),
    p.today,
  );
}
