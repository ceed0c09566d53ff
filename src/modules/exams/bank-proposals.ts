// 考培分离 (EXM-2, EXM-6): an exam centre proposes questions for its province's bank; the province's
// authority accepts (the question enters the bank as a new version) or rejects, with a note. Both
// steps are audited; the centre follows the status of what it proposed.
import { and, desc, eq } from 'drizzle-orm';
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, notFound, ruleViolation } from '../../kernel/problem.js';
import { getOperationItem } from '../catalog/index.js';
import { bankProvinceOf } from './bank.js';
import { currentQuestionByKey, insertQuestion, retireQuestion } from './queries.js';
import { JUDGE_OPTIONS, provinceOf, questionProblems, type QuestionInput } from './rules.js';
import { examQuestionProposals, type ProposalStatus } from './schema.js';

type ProposalRow = typeof examQuestionProposals.$inferSelect;

function present(r: ProposalRow) {
  return {
    id: r.id,
    centreName: r.centreName,
    provinceCode: r.provinceCode,
    itemCode: r.itemCode,
    question: r.question,
    reason: r.reason,
    status: r.status,
    submittedAt: r.submittedAt,
    submittedByName: r.submittedByName,
    decidedAt: r.decidedAt,
    decidedByName: r.decidedByName,
    decisionNote: r.decisionNote,
    questionId: r.questionId,
  };
}

/** The exam centre proposes one question for the bank of its own province. */
export async function proposeQuestion(
  ctx: AppContext,
  actor: Actor,
  input: { itemCode: string; question: unknown; reason?: string },
) {
  requirePermission(actor, 'exams.bank.propose');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId || !actor.regionCode) throw notFound('考试机构');
  await getOperationItem(ctx, input.itemCode);
  const candidate = (
    input.question && typeof input.question === 'object' ? input.question : {}
  ) as Partial<QuestionInput>;
  const problems = questionProblems(candidate);
  if (problems.length) throw ruleViolation('EXM-6', '题目不完整', problems.join('；'), { problems });
  const q = candidate as QuestionInput;
  const question = {
    key: q.key.trim(),
    kind: q.kind,
    knowledgePoint: q.knowledgePoint.trim(),
    difficulty: q.difficulty,
    stem: q.stem.trim(),
    options: q.kind === 'judge' ? [...JUDGE_OPTIONS] : q.options!.map((o) => o.trim()),
    answer: [...q.answer].sort((a, b) => a - b),
  };
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(examQuestionProposals)
      .values({
        centreOrgId: actor.orgId!,
        centreName: actor.orgName ?? '',
        provinceCode: provinceOf(actor.regionCode!),
        itemCode: input.itemCode,
        question,
        reason: input.reason?.trim() || null,
        status: 'pending',
        submittedAt: now,
        submittedBy: actor.userId,
        submittedByName: actor.displayName,
      })
      .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.question_propose',
      entityType: 'exam_question_proposal',
      entityId: row.id,
      regionCode: actor.regionCode,
      after: { itemCode: row.itemCode, key: question.key },
    });
    return present(row);
  });
}

/** The centre sees its own proposals; the authority the proposals made in its province. */
export async function listProposals(ctx: AppContext, actor: Actor, q: { status?: ProposalStatus } = {}) {
  const where = [];
  if (actor.orgKind === 'exam_centre') {
    requirePermission(actor, 'exams.bank.propose');
    where.push(eq(examQuestionProposals.centreOrgId, actor.orgId ?? '00000000-0000-0000-0000-000000000000'));
  } else where.push(eq(examQuestionProposals.provinceCode, bankProvinceOf(actor)));
  if (q.status) where.push(eq(examQuestionProposals.status, q.status));
  const rows = await ctx.db
    .select()
    .from(examQuestionProposals)
    .where(and(...where))
    .orderBy(desc(examQuestionProposals.submittedAt))
    .limit(200);
  return { items: rows.map(present) };
}

/** The province's authority decides a pending proposal; an accepted one enters the province's bank. */
export async function decideProposal(ctx: AppContext, actor: Actor, id: string, d: { accept: boolean; note?: string }) {
  const province = bankProvinceOf(actor);
  const note = d.note?.trim() ?? '';
  if (!d.accept && note.length < 2)
    throw badRequest('不采纳须写明理由，考试机构会看到。', [{ field: 'note', message: '必填' }]);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [p] = await tx.select().from(examQuestionProposals).where(eq(examQuestionProposals.id, id)).for('update');
    if (!p || p.provinceCode !== province) throw notFound('题目建议');
    if (p.status !== 'pending') throw conflict('该题目建议已处理。', 'EXM-6');
    const q = p.question as unknown as QuestionInput;
    let questionId: string | null = null;
    if (d.accept) {
      // A proposal on a national question's key becomes the province's version of it.
      const own = await currentQuestionByKey(tx, p.itemCode, q.key, province);
      const existing = own ?? (await currentQuestionByKey(tx, p.itemCode, q.key, null));
      if (own) await retireQuestion(tx, own.id);
      const row = await insertQuestion(tx, {
        ...q,
        options: q.options!,
        itemCode: p.itemCode,
        version: (existing?.version ?? 0) + 1,
        current: true,
        createdAt: now,
        createdBy: actor.userId,
        provinceCode: province,
      });
      questionId = row.id;
    }
    const [after] = await tx
      .update(examQuestionProposals)
      .set({
        status: d.accept ? 'accepted' : 'rejected',
        decidedAt: now,
        decidedBy: actor.userId,
        decidedByName: actor.displayName,
        decisionNote: note || null,
        questionId,
      })
      .where(eq(examQuestionProposals.id, id))
      .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: d.accept ? 'exams.question_proposal_accept' : 'exams.question_proposal_reject',
      entityType: 'exam_question_proposal',
      entityId: id,
      regionCode: province,
      before: { status: p.status },
      after: { status: after.status, note: after.decisionNote, questionId },
    });
    return present(after);
  });
}
