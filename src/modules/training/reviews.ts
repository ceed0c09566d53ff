// 学员网上评议 (INS-5, seed 004 §5): a trainee rates a class once it has ended — teaching, practical
// training and whether the hours were honestly given — one review per trainee and class. The
// institution reads the reviews without knowing who wrote them; ratings read the scores per year.
import { and, asc, desc, eq, gte, inArray, lt, max } from 'drizzle-orm';
import { requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../db/index.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { findOrganisation } from '../organisations/index.js';
import { enrolmentsOfWorker, findClass, isEnrolled, listClasses } from './queries.js';
import { classReviews, classSessions } from './schema.js';

export type ClassReviewRow = typeof classReviews.$inferSelect;
export interface ReviewInput {
  teaching: number;
  practical: number;
  honesty: number;
  comment?: string;
}

/** The end of each class: the end of its last scheduled session (a class with no session has not ended). */
async function classEnds(db: Executor, classIds: string[]): Promise<Map<string, Date>> {
  if (!classIds.length) return new Map();
  const rows = await db
    .select({ classId: classSessions.classId, last: max(classSessions.endsAt) })
    .from(classSessions)
    .where(inArray(classSessions.classId, classIds))
    .groupBy(classSessions.classId);
  return new Map(rows.filter((r) => r.last).map((r) => [r.classId, new Date(r.last as unknown as string)]));
}

/** INS-5: why this trainee may not review this class now, or null when they may. */
export function reviewRefusal(p: {
  enrolled: boolean;
  endsAt: Date | null;
  now: Date;
  alreadyReviewed: boolean;
}): string | null {
  if (!p.enrolled) return '只有该班学员可以评议。';
  if (!p.endsAt || p.endsAt.getTime() > p.now.getTime()) return '培训班结束后才能评议。';
  if (p.alreadyReviewed) return '每位学员对每个培训班只能评议一次。';
  return null;
}

/** INS-5: the trainee's one review of an ended class. */
export async function submitClassReview(ctx: AppContext, actor: Actor, classId: string, input: ReviewInput) {
  requirePermission(actor, 'me.training');
  if (!actor.workerId) throw forbidden('只有学员本人可以评议。');
  for (const k of ['teaching', 'practical', 'honesty'] as const) {
    const v = input[k];
    if (!Number.isInteger(v) || v < 1 || v > 5) throw badRequest('评分为 1–5 分。', [{ field: k, message: '1–5 分' }]);
  }
  const comment = input.comment?.trim() || null;
  const row = await findClass(ctx.db, classId);
  if (!row) throw notFound('培训班');
  const enrolled = await isEnrolled(ctx.db, classId, actor.workerId);
  if (!enrolled) throw notFound('培训班');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: classReviews.id })
      .from(classReviews)
      .where(and(eq(classReviews.classId, classId), eq(classReviews.workerId, actor.workerId!)));
    const endsAt = (await classEnds(tx, [classId])).get(classId) ?? null;
    // INS-5: only trainees of an ended class, once each.
    const refusal = reviewRefusal({ enrolled, endsAt, now, alreadyReviewed: !!existing });
    if (refusal) {
      if (existing) throw conflict(refusal);
      throw ruleViolation('INS-5', '暂不能评议', refusal);
    }
    const [review] = await tx
      .insert(classReviews)
      .values({
        classId,
        orgId: row.orgId,
        workerId: actor.workerId!,
        teaching: input.teaching,
        practical: input.practical,
        honesty: input.honesty,
        comment,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!review) throw conflict('每位学员对每个培训班只能评议一次。');
    // The audit names the class, not the trainee's scores beside their identity in the institution's view.
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.class_review',
      entityType: 'training_class',
      entityId: classId,
      regionCode: row.regionCode,
      after: { reviewId: review.id, teaching: review.teaching, practical: review.practical, honesty: review.honesty },
    });
    return {
      id: review.id,
      classId,
      teaching: review.teaching,
      practical: review.practical,
      honesty: review.honesty,
      comment: review.comment,
      createdAt: review.createdAt,
    };
  });
}

/** The trainee's classes and, for each, whether it has ended and their review. */
export async function myClassReviews(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'me.training');
  if (!actor.workerId) return { items: [] };
  const enrolments = await enrolmentsOfWorker(ctx.db, actor.workerId);
  const ids = enrolments.map((e) => e.classId);
  if (!ids.length) return { items: [] };
  const [classes, ends, reviews] = await Promise.all([
    listClasses(ctx.db, { ids }),
    classEnds(ctx.db, ids),
    ctx.db
      .select()
      .from(classReviews)
      .where(and(inArray(classReviews.classId, ids), eq(classReviews.workerId, actor.workerId))),
  ]);
  const now = ctx.clock.now();
  const mine = new Map(reviews.map((r) => [r.classId, r]));
  const orgNames = new Map(
    await Promise.all(
      [...new Set(classes.map((c) => c.orgId))].map(
        async (id) => [id, (await findOrganisation(ctx.db, id))?.name ?? null] as const,
      ),
    ),
  );
  return {
    items: classes.map((c) => {
      const endsAt = ends.get(c.id) ?? null;
      const r = mine.get(c.id);
      return {
        classId: c.id,
        name: c.name,
        orgName: orgNames.get(c.orgId) ?? null,
        endsOn: endsAt ? chinaDate(endsAt) : null,
        ended: !!endsAt && endsAt.getTime() <= now.getTime(),
        review: r
          ? {
              teaching: r.teaching,
              practical: r.practical,
              honesty: r.honesty,
              comment: r.comment,
              createdAt: r.createdAt,
            }
          : null,
      };
    }),
  };
}

/** The institution's reviews, without who wrote them (INS-5: the trainee stays anonymous to the institution). */
export async function institutionClassReviews(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'training.classes');
  if (!actor.orgId || actor.orgKind !== 'institution') throw forbidden();
  const rows = await ctx.db
    .select()
    .from(classReviews)
    .where(eq(classReviews.orgId, actor.orgId))
    .orderBy(desc(classReviews.createdAt))
    .limit(500);
  const classes = new Map(
    (await listClasses(ctx.db, { ids: [...new Set(rows.map((r) => r.classId))] })).map((c) => [c.id, c.name]),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      className: classes.get(r.classId) ?? '',
      teaching: r.teaching,
      practical: r.practical,
      honesty: r.honesty,
      comment: r.comment,
      on: chinaDate(r.createdAt),
    })),
  };
}

/** INS-5: the reviews the institutions received in [from, to), for the annual rating. */
export async function classReviewsOfInstitutions(db: Executor, orgIds: string[], from: Date, to: Date) {
  if (!orgIds.length) return [];
  return db
    .select({
      id: classReviews.id,
      orgId: classReviews.orgId,
      classId: classReviews.classId,
      teaching: classReviews.teaching,
      practical: classReviews.practical,
      honesty: classReviews.honesty,
      createdAt: classReviews.createdAt,
    })
    .from(classReviews)
    .where(and(inArray(classReviews.orgId, orgIds), gte(classReviews.createdAt, from), lt(classReviews.createdAt, to)))
    .orderBy(asc(classReviews.createdAt));
}
