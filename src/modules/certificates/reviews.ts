// CER-4: review (复审) and extended review (延期复审). The holder (or the employer) applies in the 60
// days before the review date with a health declaration, a record of the work performed and the
// 8 学时 retraining with its exam. The training module does not run review classes yet, so the
// retraining is recorded as declared facts with evidence text that the authority checks.
import { and, desc, eq } from 'drizzle-orm';
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { emitEvent } from '../../kernel/events.js';
import { conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { appendArchiveEvent } from '../registry/index.js';
import { ownCertificate, resign } from './issue.js';
import { visibleCertificate } from './service.js';
import {
  REVIEW_REFUSAL_GROUNDS,
  afterApprovedReview,
  retrainingShortfall,
  reviewWindow,
  type ReviewRefusalGround,
} from './rules.js';
import { touchRegister } from './register-cache.js';
import { recordedRetraining, reviewDecisionDueOn } from './review-deadline.js';
import { certificateReviews, certificates } from './schema.js';

export interface ReviewApplication {
  healthDeclaration: string;
  workRecord: string;
  retrainingHours: number;
  retrainingExamPassed: boolean;
  retrainingEvidence: string;
  tenYearCompliance: boolean;
}

export async function applyForReview(ctx: AppContext, actor: Actor, certificateId: string, input: ReviewApplication) {
  if (actor.role !== 'worker' && actor.role !== 'employer_admin') throw forbidden('复审由持证人本人或聘用单位申请。');
  const c = await visibleCertificate(ctx, actor, certificateId);
  const today = chinaDate(ctx.clock.now());
  return ctx.db.transaction(async (tx) => {
    const previous = await tx
      .select()
      .from(certificateReviews)
      .where(and(eq(certificateReviews.certificateId, c.id), eq(certificateReviews.dueOn, c.nextReviewDue ?? '')))
      .orderBy(desc(certificateReviews.appliedAt));
    if (previous.some((r) => r.status === 'pending')) throw conflict('已有待审批的复审申请。', 'CER-4');
    const refused = previous.filter((r) => r.status === 'refused');
    // Order 30 art. 25: one retraining and exam after a refusal on the grounds that allow it.
    if (refused.length >= 2 || (refused.length === 1 && !refused[0].retrainingAllowed))
      throw ruleViolation('CER-4', '不能再次申请复审', '本次复审已被驳回且不再给予补考机会，证书复审不合格。');
    const window = reviewWindow(c, today, refused.length === 1);
    if (!window.open) throw ruleViolation('CER-4', '不在复审申请期内', window.reason);
    const shortfall = retrainingShortfall(input);
    if (shortfall) throw ruleViolation('CER-4', '复审培训不满足要求', shortfall);
    // CER-4: where the platform holds the review class, its attendance decides, not the declared number.
    const recorded = await recordedRetraining(tx, c.workerId, c.itemCode);
    if (recorded.refusal) throw ruleViolation('CER-4', '复审培训学时未达到要求', recorded.refusal);
    // CER-4: the authority's 20-working-day decision deadline runs from the application, on its calendar.
    const decisionDueOn = await reviewDecisionDueOn(tx, c.authorityOrgId, today);
    const [row] = await tx
      .insert(certificateReviews)
      .values({
        certificateId: c.id,
        dueOn: c.nextReviewDue!,
        kind: window.kind,
        appliedAt: ctx.clock.now(),
        appliedByName: actor.displayName,
        ...input,
        ...recorded.override,
        status: 'pending',
        decisionDueOn,
      })
      .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: 'certificates.review_apply',
      entityType: 'certificate',
      entityId: c.id,
      regionCode: c.regionCode,
      after: { reviewId: row.id, kind: window.kind },
    });
    return row;
  });
}

export async function decideReview(
  ctx: AppContext,
  actor: Actor,
  reviewId: string,
  input: { approve: boolean; sixYear?: boolean; refusalGround?: ReviewRefusalGround; note: string },
) {
  return ctx.db.transaction(async (tx) => {
    const [review] = await tx
      .select()
      .from(certificateReviews)
      .where(eq(certificateReviews.id, reviewId))
      .for('update');
    if (!review) throw notFound('复审申请');
    const c = await ownCertificate(tx, actor, review.certificateId);
    if (review.status !== 'pending') throw conflict('该复审申请已决定。', 'CER-4');
    const now = ctx.clock.now();
    // CER-4: a decision after the 20-working-day deadline is still taken, and stays marked late.
    const decidedLate = review.decisionDueOn !== null && chinaDate(now) > review.decisionDueOn;
    if (!input.approve) {
      if (!input.refusalGround)
        throw ruleViolation(
          'CER-4',
          '请选择不予复审的依据',
          '驳回复审须选择《特种作业人员安全技术培训考核管理规定》第二十五条所列情形之一。',
        );
      const ground = REVIEW_REFUSAL_GROUNDS[input.refusalGround];
      await tx
        .update(certificateReviews)
        .set({
          status: 'refused',
          decidedLate,
          decidedAt: now,
          decidedByName: actor.displayName,
          refusalGround: input.refusalGround,
          retrainingAllowed: ground.retraining,
          note: input.note,
        })
        .where(eq(certificateReviews.id, reviewId));
      await appendArchiveEvent(tx, now, actor, {
        workerId: c.workerId,
        kind: 'reviewed',
        summary: `证书 ${c.number} 复审不合格：${ground.label}${ground.retraining ? '（可再培训考试一次后复审）' : ''}`,
        detail: { certificateId: c.id, reviewId, ground: input.refusalGround },
      });
      await appendAudit(tx, ctx.clock, actor, {
        action: 'certificates.review_refuse',
        entityType: 'certificate',
        entityId: c.id,
        regionCode: c.regionCode,
        after: { reviewId, ground: input.refusalGround },
      });
      return { reviewId, status: 'refused' as const, retrainingAllowed: ground.retraining };
    }
    // Order 30 art. 21: every 6 years only with 10 years' continuous compliant work and the authority's consent.
    const sixYear = Boolean(input.sixYear);
    if (sixYear && !review.tenYearCompliance)
      throw ruleViolation(
        'CER-4',
        '不满足每 6 年复审一次的条件',
        '申请人未申报连续从事本工种 10 年以上且严格遵守安全生产法律法规。',
      );
    const next = afterApprovedReview(
      { validFrom: c.validFrom, validUntil: c.validUntil, nextReviewDue: c.nextReviewDue ?? c.validUntil },
      review.kind,
      sixYear,
      chinaDate(now),
    );
    const [updated] = await tx
      .update(certificates)
      .set({ ...next, changedAt: now })
      .where(eq(certificates.id, c.id))
      .returning();
    await touchRegister(tx, ctx.db);
    await resign(tx, ctx, updated);
    await tx
      .update(certificateReviews)
      .set({
        status: 'approved',
        decidedLate,
        decidedAt: now,
        decidedByName: actor.displayName,
        sixYearGranted: sixYear,
        note: input.note,
      })
      .where(eq(certificateReviews.id, reviewId));
    await appendArchiveEvent(tx, now, actor, {
      workerId: c.workerId,
      kind: 'reviewed',
      summary: `证书 ${c.number} ${review.kind === 'extended' ? '延期复审' : '复审'}合格；有效期至 ${next.validUntil}，下次复审 ${next.nextReviewDue}`,
      detail: { certificateId: c.id, reviewId, ...next },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'certificates.review_approve',
      entityType: 'certificate',
      entityId: c.id,
      regionCode: c.regionCode,
      before: { validUntil: c.validUntil, nextReviewDue: c.nextReviewDue },
      after: next,
    });
    await emitEvent(tx, ctx.clock, {
      type: 'certificate.reviewed',
      payload: { certificateId: c.id },
      regionCode: c.regionCode,
    });
    return { reviewId, status: 'approved' as const, ...next };
  });
}

export async function reviewsOf(ctx: AppContext, actor: Actor, certificateId: string) {
  const c = await visibleCertificate(ctx, actor, certificateId);
  return ctx.db
    .select()
    .from(certificateReviews)
    .where(eq(certificateReviews.certificateId, c.id))
    .orderBy(desc(certificateReviews.appliedAt));
}

/** The authority's pending review decisions. */
export async function pendingReviews(ctx: AppContext, actor: Actor) {
  if (!actor.orgId) throw forbidden();
  return ctx.db
    .select({
      review: certificateReviews,
      number: certificates.number,
      holderName: certificates.holderName,
      itemName: certificates.itemName,
      nextReviewDue: certificates.nextReviewDue,
      validUntil: certificates.validUntil,
    })
    .from(certificateReviews)
    .innerJoin(certificates, eq(certificates.id, certificateReviews.certificateId))
    .where(and(eq(certificates.authorityOrgId, actor.orgId), eq(certificateReviews.status, 'pending')))
    .orderBy(certificateReviews.appliedAt);
}
