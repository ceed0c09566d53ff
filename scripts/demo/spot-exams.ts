// Demo spot exams (逢查必考, SUP-3): Chengdu's inspection of the building company under way, with workers
// found on site examined on the spot — passed, failed and one still waiting for the worker — so the
// inspection page, the regulator's results page and the employer's failed-workers list show content.
import { eq } from 'drizzle-orm';
import type { Actor } from '../../src/kernel/access.js';
import type { AppContext } from '../../src/kernel/context.js';
import { passedExamOrigin } from '../../src/modules/exams/index.js';
import { openSpotExam, startInspection, startSpotExam, submitSpotExam } from '../../src/modules/supervision/index.js';
import { spotExams } from '../../src/modules/supervision/schema.js';

export async function seedSpotExamDemo(
  ctx: AppContext,
  a: { city: Actor; employerOrgId: string; trainees: Array<{ id: string; idNumber: string }>; ownWorkers: string[] },
): Promise<void> {
  // Trainees the demo examined at a site first, so the attribution to institution and site shows.
  const examined: string[] = [];
  for (const t of a.trainees)
    if (examined.length < 3 && (await passedExamOrigin(ctx.db, t.id, '1.2'))) examined.push(t.idNumber);
  const idNumbers = [
    ...examined,
    ...a.trainees
      .map((t) => t.idNumber)
      .filter((n) => !examined.includes(n))
      .slice(0, 3 - examined.length),
    ...a.ownWorkers.slice(0, 2),
  ];
  const inspection = await startInspection(ctx, a.city, { targetKind: 'employer', targetId: a.employerOrgId });
  // Right answers for the first `right` questions, a wrong one for the rest: a realistic spread of scores.
  const plan = [18, 11, 20, 9]; // scores 90, 55, 100, 45
  for (const [i, idNumber] of idNumbers.slice(0, plan.length + 1).entries()) {
    const exam = await startSpotExam(ctx, a.city, inspection.id, { idNumber, itemCode: '1.2' });
    if (i >= plan.length || !exam.code) continue; // the last one waits for the worker
    const paper = await openSpotExam(ctx, exam.code);
    const [row] = await ctx.db
      .select({ questions: spotExams.questions })
      .from(spotExams)
      .where(eq(spotExams.id, exam.id));
    const answers = row.questions.map((q, k) =>
      k < plan[i] ? q.answer : q.answer.length === q.options.length ? [] : q.options.map((_, n) => n),
    );
    await submitSpotExam(ctx, exam.code, { token: paper.token, answers });
  }
}
