// EMP-1: before putting a worker on a special operation the employer verifies the certificate
// through the platform (CER-3); each check — who, when, what it answered — is kept.
import { desc, eq } from 'drizzle-orm';
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { RegisteredCertificate, RegisteredCertificateStatus } from '../../kernel/certificates.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { maskName } from '../../kernel/ids.js';
import { certificateChecks } from './schema.js';
import { lookUpNationally } from '../certificates/index.js';
import { employerOf, itemNames } from './service.js';

export type CheckResult = RegisteredCertificateStatus | 'not_found';
export const CHECK_RESULT_LABELS: Record<CheckResult, string> = {
  valid: '有效',
  expired: '已过期',
  review_overdue: '逾期未复审',
  revoked: '已撤销',
  cancelled: '已注销',
  not_found: '查无此证（证号与姓名不符或不存在）',
};
const RANK: Record<RegisteredCertificateStatus, number> = {
  valid: 0,
  review_overdue: 1,
  expired: 2,
  revoked: 3,
  cancelled: 4,
};

/** The answer a certificate number gives: the best standing of the certificates under it. */
export function checkResult(found: RegisteredCertificate[]): CheckResult {
  return found.length ? [...found].sort((a, b) => RANK[a.status] - RANK[b.status])[0].status : 'not_found';
}

export async function checkCertificate(ctx: AppContext, actor: Actor, input: { number: string; name: string }) {
  const orgId = employerOf(actor);
  const number = input.number.trim().toUpperCase();
  const name = input.name.trim();
  const now = ctx.clock.now();
  const onPlatform = await ctx.certificates.lookup(ctx.db, { number, holderName: name, onDate: chinaDate(now) });
  // CER-3 inbound: what the platform does not hold, the national query platform may (another
  // province, or issued before the platform); asked outside the transaction below.
  const national = onPlatform.length ? null : await lookUpNationally(ctx, { number, name });
  const found: Array<RegisteredCertificate & { provinceCode?: string | null; authorityName?: string }> =
    national?.outcome === 'answered' ? national.certificates : onPlatform;
  const source = national?.outcome === 'answered' && national.found ? ('national' as const) : ('platform' as const);
  const result = checkResult(found);
  const names = await itemNames(ctx);
  const best = found.find((c) => c.status === result);
  const row = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(certificateChecks)
      .values({
        employerOrgId: orgId,
        regionCode: actor.regionCode!,
        number,
        holderNameMasked: maskName(name),
        result,
        itemCode: best?.itemCode ?? null,
        validUntil: best?.validUntil ?? null,
        checkedBy: actor.userId,
        checkedByName: actor.displayName,
        checkedAt: now,
        source,
        sourceName: national && national.outcome !== 'disabled' ? national.sourceName : null,
        sourceAnsweredAt: national?.outcome === 'answered' ? new Date(national.answeredAt) : null,
        nationalUnavailable: national?.outcome === 'unavailable',
      })
      .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: 'employer.certificate_check',
      entityType: 'certificate_check',
      entityId: row.id,
      regionCode: row.regionCode,
      after: { number, result },
    });
    return row;
  });
  return {
    ...presentCheck(row, names),
    national:
      national && national.outcome !== 'disabled'
        ? {
            outcome: national.outcome === 'unavailable' ? 'unavailable' : national.found ? 'found' : 'not_found',
            reason: national.outcome === 'unavailable' ? national.reason : null,
            cached: national.outcome === 'answered' && national.cached,
            stale: national.outcome === 'answered' && national.stale,
          }
        : null,
    certificates: found.map((c) => ({
      ...c,
      itemName: names.get(c.itemCode) ?? c.itemCode,
      statusLabel: CHECK_RESULT_LABELS[c.status],
    })),
  };
}

function presentCheck(row: typeof certificateChecks.$inferSelect, names: Map<string, string>) {
  return {
    id: row.id,
    number: row.number,
    holderNameMasked: row.holderNameMasked,
    result: row.result as CheckResult,
    resultLabel: CHECK_RESULT_LABELS[row.result as CheckResult] ?? row.result,
    itemCode: row.itemCode,
    itemName: row.itemCode ? (names.get(row.itemCode) ?? row.itemCode) : null,
    validUntil: row.validUntil,
    checkedByName: row.checkedByName,
    checkedAt: row.checkedAt.toISOString(),
    source: row.source,
    sourceName: row.source === 'national' ? row.sourceName : '本平台',
    sourceAnsweredAt: (row.sourceAnsweredAt ?? row.checkedAt).toISOString(),
    nationalUnavailable: row.nationalUnavailable,
  };
}

export async function recentChecks(ctx: AppContext, actor: Actor) {
  const orgId = employerOf(actor);
  const names = await itemNames(ctx);
  const rows = await ctx.db
    .select()
    .from(certificateChecks)
    .where(eq(certificateChecks.employerOrgId, orgId))
    .orderBy(desc(certificateChecks.checkedAt))
    .limit(100);
  return { items: rows.map((r) => presentCheck(r, names)) };
}
