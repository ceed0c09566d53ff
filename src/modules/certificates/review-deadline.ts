// CER-4 (NATIONAL.md): review retraining from the platform's records, and (Order 30 art. 23) the issuing authority completes a review (复审) within 20
// working days of the application. The deadline is fixed when the application is made, on the
// authority's own working-day calendar, and the reviews past it are listed for the authority and for
// the regulators of the area (the authority does not supervise its own lateness alone).
import { and, asc, eq, like, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { forbidden } from '../../kernel/problem.js';
import { reviewTrainingStanding } from '../training/index.js';
import { addWorkingDays } from './rules.js';
import { certificateReviews, certificates } from './schema.js';
import { calendarOf } from './tasks.js';

export const REVIEW_DECISION_WORKING_DAYS = 20;

/** CER-4: the day by which the authority must decide a review applied for on `appliedOn`. */
export async function reviewDecisionDueOn(db: Executor, authorityOrgId: string, appliedOn: string): Promise<string> {
  const exceptions = new Map((await calendarOf(db, authorityOrgId)).map((d) => [d.day, d.working]));
  return addWorkingDays(appliedOn, REVIEW_DECISION_WORKING_DAYS, exceptions);
}

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

/**
 * CER-4: pending reviews past their 20-working-day deadline, and decisions taken late in the last
 * 180 days. An authority sees those it must decide; a regulator those of certificates of its area.
 */
export async function overdueReviews(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'certificates.fakes');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix || !actor.orgId) throw forbidden();
  const today = chinaDate(ctx.clock.now());
  const scope = or(like(certificates.regionCode, `${prefix}%`), eq(certificates.authorityOrgId, actor.orgId));
  const since = new Date(ctx.clock.now().getTime() - 180 * DAY);
  const rows = await ctx.db
    .select({
      review: certificateReviews,
      number: certificates.number,
      holderName: certificates.holderName,
      itemName: certificates.itemName,
      authorityName: certificates.authorityName,
      regionCode: certificates.regionCode,
    })
    .from(certificateReviews)
    .innerJoin(certificates, eq(certificates.id, certificateReviews.certificateId))
    .where(
      and(
        scope,
        or(
          and(eq(certificateReviews.status, 'pending'), lt(certificateReviews.decisionDueOn, today)),
          and(eq(certificateReviews.decidedLate, true), sql`${certificateReviews.decidedAt} >= ${since}`),
        ),
      ),
    )
    .orderBy(asc(certificateReviews.decisionDueOn))
    .limit(500);
  const items = rows.map((r) => ({
    reviewId: r.review.id,
    certificateId: r.review.certificateId,
    number: r.number,
    holderName: r.holderName,
    itemName: r.itemName,
    authorityName: r.authorityName,
    regionCode: r.regionCode,
    kind: r.review.kind,
    appliedOn: chinaDate(r.review.appliedAt),
    decisionDueOn: r.review.decisionDueOn,
    status: r.review.status,
    decidedOn: r.review.decidedAt ? chinaDate(r.review.decidedAt) : null,
    // Calendar days past the working-day deadline: how late it is (or was) as the applicant lives it.
    daysLate: r.review.decisionDueOn
      ? daysBetween(r.review.decisionDueOn, r.review.decidedAt ? chinaDate(r.review.decidedAt) : today)
      : 0,
  }));
  return {
    today,
    workingDays: REVIEW_DECISION_WORKING_DAYS,
    pendingOverdue: items.filter((i) => i.status === 'pending'),
    decidedLate: items.filter((i) => i.status !== 'pending'),
  };
}

/**
 * CER-4 (Order 30 art. 21): the review retraining as the platform recorded it. When the person was
 * enrolled in a review class of the item, that class's attendance ledger is the retraining: short of
 * 8 学时 refuses whatever was declared; met, its hours and class replace the declared ones. A person
 * with no review class on the platform (trained before it, or elsewhere) keeps the declared record
 * with its evidence for the authority to check.
 */
export async function recordedRetraining(db: Executor, workerId: string, itemCode: string) {
  const standing = await reviewTrainingStanding(db, workerId, itemCode);
  if (!standing.classId) return { refusal: null, override: {} };
  if (!standing.met)
    return {
      refusal: `平台记录显示，复审培训班「${standing.className}」的学时为 ${standing.hours} 学时，未达到 ${standing.requiredHours} 学时（${standing.missing.join('；')}）。请完成复审培训后再申请。`,
      override: {},
    };
  return {
    refusal: null,
    override: {
      retrainingHours: standing.hours,
      retrainingEvidence: `平台复审培训记录：${standing.className}（${standing.hours} 学时）`,
    },
  };
}
