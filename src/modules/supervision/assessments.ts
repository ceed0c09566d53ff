// INS-5 (seed 004 §5 "通过培训机构自评、第三方评估等方式"): the two assessments the rating combines
// with the platform's own facts — the institution's annual self-assessment, editable until the
// regulator publishes the year's rating, and the third-party assessor's result the regulator records.
import { and, eq } from 'drizzle-orm';
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { findOrganisation } from '../organisations/index.js';
import { checkYear } from './ratings.js';
import { SELF_ASSESSMENT_DIMENSIONS } from './rules.js';
import { institutionSelfAssessments, thirdPartyAssessments, type SelfAssessmentScore } from './schema.js';

export interface SelfAssessmentInput {
  scores: SelfAssessmentScore[];
  summary: string;
}

function ownInstitution(actor: Actor): string {
  requirePermission(actor, 'institution.self_assessment');
  if (!actor.orgId || actor.orgKind !== 'institution') throw forbidden('机构自评由培训机构填报。');
  return actor.orgId;
}

const present = (row: typeof institutionSelfAssessments.$inferSelect | undefined) =>
  row
    ? {
        id: row.id,
        year: row.year,
        scores: row.scores,
        summary: row.summary,
        submittedAt: row.submittedAt,
        updatedAt: row.updatedAt,
        ratedAt: row.ratedAt,
      }
    : null;

/** The institution's self-assessment of the year, with the dimensions to score. */
export async function getSelfAssessment(ctx: AppContext, actor: Actor, year: number) {
  const orgId = ownInstitution(actor);
  checkYear(ctx, year);
  const [row] = await ctx.db
    .select()
    .from(institutionSelfAssessments)
    .where(and(eq(institutionSelfAssessments.orgId, orgId), eq(institutionSelfAssessments.year, year)));
  return { year, dimensions: SELF_ASSESSMENT_DIMENSIONS, assessment: present(row), editable: !row?.ratedAt };
}

/** INS-5: files or amends the year's self-assessment; refused once the regulator rated the year. */
export async function saveSelfAssessment(ctx: AppContext, actor: Actor, year: number, input: SelfAssessmentInput) {
  const orgId = ownInstitution(actor);
  checkYear(ctx, year);
  const dims = Object.keys(SELF_ASSESSMENT_DIMENSIONS);
  const seen = new Set<string>();
  for (const [i, s] of input.scores.entries()) {
    if (!dims.includes(s.dimension))
      throw badRequest('自评项目无效。', [{ field: `scores.${i}.dimension`, message: '无此项目' }]);
    if (seen.has(s.dimension))
      throw badRequest('自评项目重复。', [{ field: `scores.${i}.dimension`, message: '重复' }]);
    seen.add(s.dimension);
    if (!Number.isInteger(s.score) || s.score < 0 || s.score > 100)
      throw badRequest('自评得分为 0–100 的整数。', [{ field: `scores.${i}.score`, message: '0–100' }]);
    if (!s.evidence.trim())
      throw badRequest('每项自评须写明佐证材料。', [{ field: `scores.${i}.evidence`, message: '必填' }]);
  }
  const missing = dims.filter((d) => !seen.has(d));
  if (missing.length)
    throw badRequest(
      `请对全部项目自评：缺少${missing.map((d) => SELF_ASSESSMENT_DIMENSIONS[d as keyof typeof SELF_ASSESSMENT_DIMENSIONS]).join('、')}。`,
      [{ field: 'scores', message: '不完整' }],
    );
  const org = await findOrganisation(ctx.db, orgId);
  if (!org) throw notFound('培训机构');
  const scores = input.scores.map((s) => ({ dimension: s.dimension, score: s.score, evidence: s.evidence.trim() }));
  const summary = input.summary.trim();
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(institutionSelfAssessments)
      .where(and(eq(institutionSelfAssessments.orgId, orgId), eq(institutionSelfAssessments.year, year)))
      .for('update');
    // INS-5: editable until the regulator rates; the rated input stays as it was rated.
    if (before?.ratedAt)
      throw ruleViolation(
        'INS-5',
        '自评已评定',
        `${year} 年度评级已于 ${chinaDate(before.ratedAt)} 公布，自评不能再修改。`,
      );
    const [row] = before
      ? await tx
          .update(institutionSelfAssessments)
          .set({ scores, summary, updatedAt: now, submittedBy: actor.userId })
          .where(eq(institutionSelfAssessments.id, before.id))
          .returning()
      : await tx
          .insert(institutionSelfAssessments)
          .values({
            orgId,
            regionCode: org.regionCode,
            year,
            scores,
            summary,
            submittedBy: actor.userId,
            submittedAt: now,
            updatedAt: now,
          })
          .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: before ? 'supervision.self_assessment_update' : 'supervision.self_assessment_file',
      entityType: 'institution_self_assessment',
      entityId: row.id,
      regionCode: org.regionCode,
      before: before ? { scores: before.scores, summary: before.summary } : null,
      after: { year, scores, summary },
    });
    return present(row)!;
  });
}

export interface ThirdPartyInput {
  assessor: string;
  score?: number | null;
  grade?: 'A' | 'B' | 'C' | 'D' | null;
  reportRef: string;
  assessedOn: string;
}

/** INS-5: the regulator records (or corrects) the third-party assessment of an institution for a year. */
export async function recordThirdPartyAssessment(
  ctx: AppContext,
  actor: Actor,
  year: number,
  orgId: string,
  input: ThirdPartyInput,
) {
  requirePermission(actor, 'supervision.ratings');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden('第三方评估结果由监管部门登记。');
  checkYear(ctx, year);
  const score = input.score ?? null;
  const grade = input.grade ?? null;
  if (score === null && grade === null)
    throw badRequest('请填写评估得分或等级。', [{ field: 'score', message: '得分或等级至少填一项' }]);
  if (score !== null && (!Number.isInteger(score) || score < 0 || score > 100))
    throw badRequest('评估得分为 0–100 的整数。', [{ field: 'score', message: '0–100' }]);
  const today = chinaDate(ctx.clock.now());
  if (input.assessedOn > today)
    throw badRequest('评估日期不能晚于今天。', [{ field: 'assessedOn', message: '不能晚于今天' }]);
  if (input.assessedOn < `${year}-01-01`)
    throw badRequest(`评估日期不能早于 ${year} 年。`, [{ field: 'assessedOn', message: '早于评定年度' }]);
  const assessor = input.assessor.trim();
  const reportRef = input.reportRef.trim();
  if (!assessor) throw badRequest('请填写评估机构。', [{ field: 'assessor', message: '必填' }]);
  if (!reportRef) throw badRequest('请填写评估报告编号或附件。', [{ field: 'reportRef', message: '必填' }]);
  const org = await findOrganisation(ctx.db, orgId);
  if (!org || org.kind !== 'institution' || !org.regionCode.startsWith(prefix)) throw notFound('培训机构');
  const values = {
    assessor,
    score,
    grade,
    reportRef,
    assessedOn: input.assessedOn,
    recordedBy: actor.userId,
    recordedAt: ctx.clock.now(),
  };
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(thirdPartyAssessments)
      .where(and(eq(thirdPartyAssessments.orgId, orgId), eq(thirdPartyAssessments.year, year)))
      .for('update');
    const [row] = before
      ? await tx.update(thirdPartyAssessments).set(values).where(eq(thirdPartyAssessments.id, before.id)).returning()
      : await tx
          .insert(thirdPartyAssessments)
          .values({ orgId, regionCode: org.regionCode, year, ...values })
          .returning();
    if (!row) throw conflict('第三方评估结果保存失败，请重试。');
    await appendAudit(tx, ctx.clock, actor, {
      action: 'supervision.third_party_assessment',
      entityType: 'organisation',
      entityId: orgId,
      regionCode: org.regionCode,
      before: before
        ? {
            assessor: before.assessor,
            score: before.score,
            grade: before.grade,
            reportRef: before.reportRef,
            assessedOn: before.assessedOn,
          }
        : null,
      after: { year, assessor, score, grade, reportRef, assessedOn: input.assessedOn },
    });
    return {
      id: row.id,
      orgId,
      year,
      assessor: row.assessor,
      score: row.score,
      grade: row.grade,
      reportRef: row.reportRef,
      assessedOn: row.assessedOn,
      recordedAt: row.recordedAt,
    };
  });
}
