// Issue 19 item 4: institutions' to-do queue for the 工作台 (module workbench).
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { WORKBENCH_ITEMS, dayOf, queueOf, type Queue } from '../../kernel/queue.js';
import { findOrganisation } from '../organisations/index.js';
import { institutionFilings } from './schema.js';

/**
 * INS-1: filings waiting for this regulator — the city reviews submitted ones, the province records
 * reviewed ones — oldest first, in its jurisdiction (SEC-2, (region_code, status) index).
 */
export async function filingReviewQueue(
  db: Executor,
  p: { regionPrefix: string; step: 'review' | 'record'; today: string },
): Promise<Queue> {
  const where = and(
    like(institutionFilings.regionCode, `${p.regionPrefix}%`),
    eq(institutionFilings.status, p.step === 'review' ? 'submitted' : 'reviewed'),
  );
  const [[counts], rows] = await Promise.all([
    db
      .select({ count: sql<number>`count(*)::int`, overdue: sql<number>`0`, oldestDue: sql<string | null>`null` })
      .from(institutionFilings)
      .where(where),
    db
      .select({
        id: institutionFilings.id,
        orgId: institutionFilings.orgId,
        scope: institutionFilings.scope,
        submittedAt: institutionFilings.submittedAt,
      })
      .from(institutionFilings)
      .where(where)
      .orderBy(asc(institutionFilings.submittedAt))
      .limit(WORKBENCH_ITEMS),
  ]);
  const names = await Promise.all(rows.map(async (r) => (await findOrganisation(db, r.orgId))?.name ?? '培训机构'));
  return queueOf(
    {
      key: 'institution-filings',
      label: p.step === 'review' ? '待审核的培训机构备案' : '待登记的培训机构备案',
      link: '/filings',
      unit: '份',
    },
    counts,
    rows.map((r, i) => ({
      id: r.id,
      title: names[i] ?? '培训机构',
      detail: `申请培训 ${r.scope.length} 个操作项目`,
      since: dayOf(r.submittedAt),
      dueOn: null,
      overdueDays: null,
      link: '/filings',
    })),
    p.today,
  );
}
