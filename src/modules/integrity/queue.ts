// Issue 19 item 4: integrity's to-do queue for the 工作台 (module workbench).
import { and, asc, eq, isNull, like, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { WORKBENCH_ITEMS, dayOf, queueOf, type Queue } from '../../kernel/queue.js';
import { KIND_LABELS } from './rules.js';
import { integrityFlags } from './schema.js';

/**
 * INT-1..INT-6: open flags, oldest first. A regulator sees its jurisdiction's flags to decide (SEC-2,
 * served by the (region_code, status) index); an exam centre sees its sites' open flags it has not
 * answered yet (it explains, it never decides its own flags).
 */
export async function openFlagQueue(
  db: Executor,
  p: { scope: { regionPrefix: string } | { centreOrgId: string }; today: string },
): Promise<Queue> {
  const centre = 'centreOrgId' in p.scope;
  const where = and(
    'centreOrgId' in p.scope
      ? and(eq(integrityFlags.centreOrgId, p.scope.centreOrgId), isNull(integrityFlags.centreExplanation))
      : like(integrityFlags.regionCode, `${p.scope.regionPrefix}%`),
    eq(integrityFlags.status, 'open'),
  );
  const [[counts], rows] = await Promise.all([
    db
      .select({ count: sql<number>`count(*)::int`, overdue: sql<number>`0`, oldestDue: sql<string | null>`null` })
      .from(integrityFlags)
      .where(where),
    db
      .select({
        id: integrityFlags.id,
        siteName: integrityFlags.siteName,
        kind: integrityFlags.kind,
        itemCode: integrityFlags.itemCode,
        createdAt: integrityFlags.createdAt,
      })
      .from(integrityFlags)
      .where(where)
      .orderBy(asc(integrityFlags.createdAt))
      .limit(WORKBENCH_ITEMS),
  ]);
  return queueOf(
    {
      key: centre ? 'flags-to-answer' : 'integrity-flags',
      label: centre ? '待说明的诚信疑点' : '待研判的考试诚信疑点',
      link: '/integrity',
      unit: '条',
    },
    counts,
    rows.map((f) => ({
      id: f.id,
      title: f.siteName,
      detail: (KIND_LABELS as Record<string, string>)[f.kind] ?? '考试诚信疑点',
      itemCode: f.itemCode ?? undefined,
      since: dayOf(f.createdAt),
      dueOn: null,
      overdueDays: null,
      link: '/integrity',
    })),
    p.today,
  );
}
