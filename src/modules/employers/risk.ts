// The facts about an employer's special-operations workers that SUP-1's risk-weighted draw reads:
// assignments without a valid certificate (EMP-1/EMP-4), employments unfiled past their due date
// (EMP-2), and certificates about to lapse or overdue for review (EMP-3) — computed the way the
// ledger computes them, for every employer of a jurisdiction at once.
import { and, isNull, like } from 'drizzle-orm';
import type { AppContext } from '../../kernel/context.js';
import { itemStanding } from './rules.js';
import { employments } from './schema.js';

export interface EmployerRiskCounts {
  /** Current assignments (worker × item) with no certificate, or an expired or revoked one. */
  uncertified: number;
  /** Current employments not filed by their due date (EMP-2). */
  overdueFilings: number;
  /** Assignments whose certificate expires within 90 days or whose review is due or overdue (EMP-3). */
  certificatesAtRisk: number;
}

export async function employerRiskCounts(
  ctx: AppContext,
  p: { regionPrefix: string; today: string },
): Promise<Map<string, EmployerRiskCounts>> {
  const rows = await ctx.db
    .select({
      employerOrgId: employments.employerOrgId,
      workerId: employments.workerId,
      itemCodes: employments.itemCodes,
      filingDueOn: employments.filingDueOn,
      filedOn: employments.filedOn,
    })
    .from(employments)
    .where(and(like(employments.regionCode, `${p.regionPrefix}%`), isNull(employments.endedOn)));
  const held = await ctx.certificates.heldBy(ctx.db, [...new Set(rows.map((r) => r.workerId))], p.today);
  const out = new Map<string, EmployerRiskCounts>();
  for (const r of rows) {
    const c = out.get(r.employerOrgId) ?? { uncertified: 0, overdueFilings: 0, certificatesAtRisk: 0 };
    if (!r.filedOn && r.filingDueOn < p.today) c.overdueFilings += 1;
    for (const code of r.itemCodes) {
      const alert = itemStanding(code, held.get(r.workerId) ?? [], p.today).alert;
      if (alert === 'uncertified' || alert === 'expired' || alert === 'revoked') c.uncertified += 1;
      else if (alert === 'review_overdue' || alert === 'expiring' || alert === 'review_due') c.certificatesAtRisk += 1;
    }
    out.set(r.employerOrgId, c);
  }
  return out;
}
