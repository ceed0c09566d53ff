// Issue 19 item 4: the certificates module's to-do queues for the 工作台 (module workbench).
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { WORKBENCH_ITEMS, daysOverdue, queueOf, type Queue } from '../../kernel/queue.js';
import { maskName } from '../../kernel/ids.js';
import { findWorkerById } from '../registry/index.js';
import { certificates, issuanceTasks } from './schema.js';

/** Whose tasks: the issuing authority's own, or a regulator's jurisdiction (SEC-2). */
export type TaskQueueScope = { authorityOrgId: string } | { regionPrefix: string };

/**
 * CER-1: pending issuance tasks, overdue first (due day ascending puts the oldest overdue first).
 * One count over the (authority, status, due_on) index; the first items with the holder's name masked.
 */
export async function issuanceQueue(db: Executor, p: { scope: TaskQueueScope; today: string }): Promise<Queue> {
  const where = and(
    'authorityOrgId' in p.scope
      ? eq(issuanceTasks.authorityOrgId, p.scope.authorityOrgId)
      : like(issuanceTasks.regionCode, `${p.scope.regionPrefix}%`),
    eq(issuanceTasks.status, 'pending'),
  );
  const [[counts], rows] = await Promise.all([
    db
      .select({
        count: sql<number>`count(*)::int`,
        overdue: sql<number>`(count(*) filter (where ${issuanceTasks.dueOn} < ${p.today}))::int`,
        oldestDue: sql<string | null>`min(${issuanceTasks.dueOn})::text`,
      })
      .from(issuanceTasks)
      .where(where),
    db
      .select()
      .from(issuanceTasks)
      .where(where)
      .orderBy(asc(issuanceTasks.dueOn), asc(issuanceTasks.createdAt))
      .limit(WORKBENCH_ITEMS),
  ]);
  const names = await Promise.all(rows.map(async (r) => (await findWorkerById(db, r.workerId))?.name ?? '—'));
  return queueOf(
    { key: 'issuance', label: '待发证任务', link: '/certificates/tasks', unit: '份' },
    counts,
    rows.map((t) => ({
      id: t.id,
      title: maskName(names[rows.indexOf(t)] ?? '—'),
      detail: null,
      itemCode: t.itemCode,
      since: t.receivedOn,
      dueOn: t.dueOn,
      overdueDays: daysOverdue(p.today, t.dueOn),
      link: '/certificates/tasks',
    })),
    p.today,
  );
}

/** CER-4: a holder's own certificates with their review and validity dates, the soonest first. */
export async function holderCertificateQueue(db: Executor, p: { workerId: string; today: string }): Promise<Queue> {
  const rows = await db
    .select({
      id: certificates.id,
      itemCode: certificates.itemCode,
      itemName: certificates.itemName,
      validUntil: certificates.validUntil,
      nextReviewDue: certificates.nextReviewDue,
      issuedOn: certificates.issuedOn,
    })
    .from(certificates)
    .where(and(eq(certificates.workerId, p.workerId), eq(certificates.state, 'active')))
    .orderBy(asc(sql`coalesce(${certificates.nextReviewDue}, ${certificates.validUntil})`));
  const due = (r: (typeof rows)[number]) => r.nextReviewDue ?? r.validUntil;
  const overdue = rows.filter((r) => due(r) < p.today);
  return queueOf(
    { key: 'my-certificates', label: '我的证书复审', link: '/me/certificates', unit: '本' },
    { count: rows.length, overdue: overdue.length, oldestDue: overdue[0] ? due(overdue[0]) : null },
    rows.slice(0, WORKBENCH_ITEMS).map((r) => ({
      id: r.id,
      title: r.itemName,
      detail: r.nextReviewDue ? `复审日期 ${r.nextReviewDue}，有效期至 ${r.validUntil}` : `有效期至 ${r.validUntil}`,
      since: r.issuedOn,
      dueOn: due(r),
      overdueDays: daysOverdue(p.today, due(r)),
      link: '/me/certificates',
    })),
    p.today,
  );
}
