// Issue 19 item 4: onboarding's to-do queue for the 工作台 (module workbench).
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { WORKBENCH_ITEMS, dayOf, queueOf, type Queue } from '../../kernel/queue.js';
import { ORG_KIND_LABELS, type OrgKind } from '../../shared/roles.js';
import { orgApplications } from './schema.js';

/** Issue 22: organisations' applications to join, pending in the jurisdiction (SEC-2), oldest first. */
export async function applicationQueue(db: Executor, p: { regionPrefix: string; today: string }): Promise<Queue> {
  const where = and(like(orgApplications.regionCode, `${p.regionPrefix}%`), eq(orgApplications.status, 'pending'));
  const [[counts], rows] = await Promise.all([
    db
      .select({ count: sql<number>`count(*)::int`, overdue: sql<number>`0`, oldestDue: sql<string | null>`null` })
      .from(orgApplications)
      .where(where),
    db
      .select({
        id: orgApplications.id,
        name: orgApplications.name,
        kind: orgApplications.kind,
        createdAt: orgApplications.createdAt,
      })
      .from(orgApplications)
      .where(where)
      .orderBy(asc(orgApplications.createdAt))
      .limit(WORKBENCH_ITEMS),
  ]);
  return queueOf(
    { key: 'org-applications', label: '待审核的机构入驻申请', link: '/onboarding/applications', unit: '份' },
    counts,
    rows.map((r) => ({
      id: r.id,
      title: r.name,
      detail: ORG_KIND_LABELS[r.kind as OrgKind] ?? null,
      since: dayOf(r.createdAt),
      dueOn: null,
      overdueDays: null,
      link: '/onboarding/applications',
    })),
    p.today,
  );
}
