// TRN-6: direct registration (seed 004 §9) — a candidate with matching vocational education applies
// for the exam without a class; the evidence is recorded and a regulator of their region reviews it.
import { and, desc, eq, like } from 'drizzle-orm';
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { getOperationItem } from '../catalog/index.js';
import { appendArchiveEvent, checkEligibility, getWorker } from '../registry/index.js';
import { directRegistrations } from './schema.js';

type Evidence = { school: string; major: string; graduatedOn: string; diplomaNumber: string };

export async function applyDirect(ctx: AppContext, actor: Actor, input: { itemCode: string; evidence: Evidence }) {
  requirePermission(actor, 'me.training');
  if (!actor.workerId) throw forbidden('仅本人可申请直接报考。');
  const item = await getOperationItem(ctx, input.itemCode).catch(() => null);
  if (!item)
    throw badRequest(`作业项目 ${input.itemCode} 不在特种作业目录中。`, [
      { field: 'itemCode', message: '未知的作业项目' },
    ]);
  const verdict = await checkEligibility(ctx, actor, actor.workerId, item.code);
  if (!verdict.eligible)
    throw ruleViolation(
      'REG-3',
      '不符合申请条件',
      verdict.checks
        .filter((c) => !c.passed)
        .map((c) => c.message)
        .join('；'),
    );
  if (input.evidence.graduatedOn > chinaDate(ctx.clock.now()))
    throw badRequest('毕业日期不能晚于今天。', [{ field: 'evidence.graduatedOn', message: '不能晚于今天' }]);
  const worker = await getWorker(ctx, actor, actor.workerId);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [open] = await tx
      .select()
      .from(directRegistrations)
      .where(
        and(
          eq(directRegistrations.workerId, actor.workerId!),
          eq(directRegistrations.itemCode, item.code),
          eq(directRegistrations.status, 'submitted'),
        ),
      );
    if (open) throw conflict('该项目已有直接报考申请在审核中。', 'TRN-6');
    const [row] = await tx
      .insert(directRegistrations)
      .values({
        workerId: actor.workerId!,
        regionCode: worker.regionCode,
        itemCode: item.code,
        evidence: input.evidence,
        status: 'submitted',
        submittedAt: now,
      })
      .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.direct_apply',
      entityType: 'direct_registration',
      entityId: row.id,
      regionCode: row.regionCode,
      after: { itemCode: item.code, evidence: input.evidence },
    });
    return row;
  });
}

export async function listDirect(ctx: AppContext, actor: Actor) {
  const prefix = jurisdictionPrefix(actor);
  if (prefix) {
    requirePermission(actor, 'training.supervise');
    return {
      items: await ctx.db
        .select()
        .from(directRegistrations)
        .where(like(directRegistrations.regionCode, `${prefix}%`))
        .orderBy(desc(directRegistrations.submittedAt))
        .limit(500),
    };
  }
  requirePermission(actor, 'me.training');
  if (!actor.workerId) return { items: [] };
  return {
    items: await ctx.db
      .select()
      .from(directRegistrations)
      .where(eq(directRegistrations.workerId, actor.workerId))
      .orderBy(desc(directRegistrations.submittedAt)),
  };
}

/**
 * The regulator approves (the candidate may then book the exam) or rejects with a reason. Whether a
 * major "matches" the item is a judgement on the evidence, so a person decides it, not a rule.
 */
export async function reviewDirect(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { decision: 'approve' | 'reject'; reason?: string },
) {
  requirePermission(actor, 'training.supervise');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden();
  const reason = input.reason?.trim() || null;
  if (input.decision === 'reject' && !reason)
    throw badRequest('不予通过须说明理由。', [{ field: 'reason', message: '必填' }]);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(directRegistrations).where(eq(directRegistrations.id, id)).for('update');
    if (!row || !row.regionCode.startsWith(prefix)) throw notFound('直接报考申请');
    if (row.status !== 'submitted') throw conflict('该申请已审核。', 'TRN-6');
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    const [after] = await tx
      .update(directRegistrations)
      .set({ status, reviewedAt: now, reviewedBy: actor.userId, reason })
      .where(eq(directRegistrations.id, id))
      .returning();
    await appendArchiveEvent(tx, now, actor, {
      workerId: row.workerId,
      kind: 'enrolled',
      summary: `直接报考「${row.itemCode}」${status === 'approved' ? '审核通过' : `未通过：${reason}`}（${row.evidence.school}${row.evidence.major}）`,
      detail: { directRegistrationId: id, status },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: `training.direct_${input.decision}`,
      entityType: 'direct_registration',
      entityId: id,
      regionCode: row.regionCode,
      before: { status: row.status },
      after: { status, reason },
    });
    return after;
  });
}
