// Issue 19 item 4: the employer's to-do queues and suspension notice for the 工作台 (module workbench).
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import type { AppContext } from '../../kernel/context.js';
import { WORKBENCH_ITEMS, daysOverdue, queueOf, type Queue } from '../../kernel/queue.js';
import { sanctionText } from '../../kernel/sanctions.js';
import type { WorkbenchBanner } from '../../shared/workbench.js';
import { CERTIFICATE_ALERT_LABELS, itemStanding, type CertificateAlert } from './rules.js';
import { employerSanction } from './sanctions.js';
import { employments } from './schema.js';

/** EMP-2: current employments not yet filed, the earliest 15-day deadline first ((employer_org_id) index). */
export async function filingDueQueue(db: Executor, p: { employerOrgId: string; today: string }): Promise<Queue> {
  const where = and(
    eq(employments.employerOrgId, p.employerOrgId),
    isNull(employments.endedOn),
    isNull(employments.filedOn),
  );
  const late = sql`${employments.filingDueOn} < ${p.today}`;
  const [[counts], rows] = await Promise.all([
    db
      .select({
        count: sql<number>`count(*)::int`,
        overdue: sql<number>`(count(*) filter (where ${late}))::int`,
        oldestDue: sql<string | null>`(min(${employments.filingDueOn}) filter (where ${late}))::text`,
      })
      .from(employments)
      .where(where),
    db
      .select({
        id: employments.id,
        workerName: employments.workerName,
        hiredOn: employments.hiredOn,
        filingDueOn: employments.filingDueOn,
      })
      .from(employments)
      .where(where)
      .orderBy(asc(employments.filingDueOn))
      .limit(WORKBENCH_ITEMS),
  ]);
  return queueOf(
    { key: 'employment-filings', label: '待备案登记的聘用（聘用后15日内）', link: '/employer/ledger', unit: '人' },
    counts,
    rows.map((r) => ({
      id: r.id,
      title: r.workerName,
      detail: `聘用于 ${r.hiredOn}`,
      since: r.hiredOn,
      dueOn: r.filingDueOn,
      overdueDays: daysOverdue(p.today, r.filingDueOn),
      link: '/employer/ledger',
    })),
    p.today,
  );
}

const URGENT: CertificateAlert[] = ['uncertified', 'revoked', 'expired', 'review_overdue'];

/**
 * EMP-3: the ledger's workers whose certificate lapsed, is overdue for review, is due for review
 * (60 days) or expires (90 days) — computed as the ledger computes it, the lapsed ones first.
 */
export async function certificateRiskQueue(
  ctx: Pick<AppContext, 'db' | 'certificates'>,
  p: { employerOrgId: string; today: string },
): Promise<Queue> {
  const rows = await ctx.db
    .select({
      id: employments.id,
      workerId: employments.workerId,
      workerName: employments.workerName,
      itemCodes: employments.itemCodes,
    })
    .from(employments)
    .where(and(eq(employments.employerOrgId, p.employerOrgId), isNull(employments.endedOn)));
  const held = await ctx.certificates.heldBy(ctx.db, [...new Set(rows.map((r) => r.workerId))], p.today);
  const found: { id: string; name: string; itemCode: string; alert: CertificateAlert; due: string | null }[] = [];
  for (const r of rows)
    for (const code of r.itemCodes) {
      const s = itemStanding(code, held.get(r.workerId) ?? [], p.today);
      if (!s.alert) continue;
      const due = s.certificate ? (s.certificate.nextReviewDue ?? s.certificate.validUntil) : null;
      found.push({ id: `${r.id}:${code}`, name: r.workerName, itemCode: code, alert: s.alert, due });
    }
  found.sort(
    (a, b) =>
      Number(URGENT.includes(b.alert)) - Number(URGENT.includes(a.alert)) || (a.due ?? '').localeCompare(b.due ?? ''),
  );
  const urgent = found.filter((f) => URGENT.includes(f.alert));
  return queueOf(
    { key: 'certificate-risks', label: '证书到期、待复审的作业人员', link: '/employer/ledger', unit: '项' },
    {
      count: found.length,
      overdue: urgent.length,
      oldestDue:
        urgent
          .map((f) => f.due)
          .filter(Boolean)
          .sort()[0] ?? null,
    },
    found.slice(0, WORKBENCH_ITEMS).map((f) => ({
      id: f.id,
      title: f.name,
      detail: CERTIFICATE_ALERT_LABELS[f.alert],
      itemCode: f.itemCode,
      since: f.due ?? p.today,
      dueOn: f.due,
      overdueDays: URGENT.includes(f.alert) ? (daysOverdue(p.today, f.due) ?? 0) : null,
      link: '/employer/ledger',
    })),
    p.today,
  );
}

/** SUP-4: the employer's suspension in force, as a notice on top of its 工作台. */
export async function employerBanner(
  db: Executor,
  p: { employerOrgId: string; today: string },
): Promise<WorkbenchBanner | null> {
  const s = await employerSanction(db, p.employerOrgId, p.today);
  if (!s) return null;
  return {
    type: 'error',
    message: `本单位${sanctionText(s)}`,
    description: '停产停业整顿期间，不得安排新的人员从事特种作业。',
  };
}
