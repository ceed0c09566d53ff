// TRN-3 互动: questions to the teacher. The trainee asks within their class; the institution answers.
import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/problem.js';
import { findTrainingClass, isEnrolled } from '../training/index.js';
import { learningQuestions } from './schema.js';

export async function askQuestion(
  ctx: AppContext,
  actor: Actor,
  classId: string,
  input: { question: string; lessonId?: string | null },
) {
  const cls = await findTrainingClass(ctx.db, classId);
  if (!cls || !actor.workerId || !(await isEnrolled(ctx.db, classId, actor.workerId))) throw notFound('培训班');
  return ctx.db.transaction(async (tx) => {
    const [q] = await tx
      .insert(learningQuestions)
      .values({
        classId,
        workerId: actor.workerId!,
        lessonId: input.lessonId ?? null,
        question: input.question,
        askedAt: ctx.clock.now(),
      })
      .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: 'learning.question',
      entityType: 'training_class',
      entityId: classId,
      regionCode: cls.regionCode,
      after: { questionId: q.id },
    });
    return q;
  });
}

/** The institution sees every question of its class; a trainee only their own. */
export async function listQuestions(ctx: AppContext, actor: Actor, classId: string) {
  const cls = await findTrainingClass(ctx.db, classId);
  const mine = !!actor.workerId && !!cls && (await isEnrolled(ctx.db, classId, actor.workerId));
  if (!cls || !(mine || cls.orgId === actor.orgId)) throw notFound('培训班');
  const where = mine
    ? and(eq(learningQuestions.classId, classId), eq(learningQuestions.workerId, actor.workerId!))
    : eq(learningQuestions.classId, classId);
  return ctx.db.select().from(learningQuestions).where(where).orderBy(asc(learningQuestions.askedAt));
}

export async function answerQuestion(ctx: AppContext, actor: Actor, id: string, answer: string) {
  const [q] = await ctx.db.select().from(learningQuestions).where(eq(learningQuestions.id, id));
  const cls = q && (await findTrainingClass(ctx.db, q.classId));
  if (!q || !cls || cls.orgId !== actor.orgId) throw notFound('提问');
  return ctx.db.transaction(async (tx) => {
    const [after] = await tx
      .update(learningQuestions)
      .set({ answer, answeredAt: ctx.clock.now(), answeredBy: actor.userId })
      .where(eq(learningQuestions.id, id))
      .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: 'learning.answer',
      entityType: 'training_class',
      entityId: cls.id,
      regionCode: cls.regionCode,
      after: { questionId: id },
    });
    return after;
  });
}
