// Issue 16: the past exams brought in by the import, listed for the regulator side (and the centre whose
// record they are), marked 导入 on the page; their papers feed the integrity scan like any other.
import { and, count, desc, eq, like, sql } from 'drizzle-orm';
import { can, jurisdictionPrefix, type Actor } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { forbidden } from '../../kernel/problem.js';
import { examPapers, examSessions, examSites } from './schema.js';

export async function pastSessions(ctx: AppContext, actor: Actor) {
  if (!can(actor, 'legacy.import') && !can(actor, 'exams.import') && !can(actor, 'integrity')) throw forbidden();
  const prefix = jurisdictionPrefix(actor);
  // SEC-2: a regulator sees its jurisdiction, an exam centre its own sites.
  const scope =
    actor.orgKind === 'exam_centre'
      ? eq(examSessions.centreOrgId, actor.orgId ?? '00000000-0000-0000-0000-000000000000')
      : prefix
        ? like(examSessions.regionCode, `${prefix}%`)
        : can(actor, 'legacy.import') && actor.regionCode
          ? like(examSessions.regionCode, `${actor.regionCode.slice(0, 2)}%`)
          : sql`false`;
  const rows = await ctx.db
    .select({
      id: examSessions.id,
      code: examSessions.importCode,
      date: examSessions.date,
      itemCode: examSessions.itemCode,
      siteId: examSessions.siteId,
      siteName: examSites.name,
      regionCode: examSessions.regionCode,
      papers: count(examPapers.id),
      vendor: sql<string | null>`max(${examPapers.vendor})`,
      passed: sql<number>`count(*) filter (where ${examPapers.passed})`.mapWith(Number),
    })
    .from(examSessions)
    .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
    .leftJoin(examPapers, eq(examPapers.sessionId, examSessions.id))
    .where(and(eq(examSessions.source, 'import'), scope))
    .groupBy(examSessions.id, examSites.name)
    .orderBy(desc(examSessions.date))
    .limit(200);
  return { items: rows.map((r) => ({ ...r, source: 'import' as const })) };
}
