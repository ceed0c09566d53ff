import { and, count, gte, inArray, lt } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { workInjuries } from './schema.js';

/** Injuries recorded per employer between two China dates [from, to) — a risk factor of SUP-1's draw. */
export async function injuryCountsByEmployer(db: Executor, params: { employerIds: string[]; from: string; to: string }): Promise<Map<string, number>> {
  if (!params.employerIds.length) return new Map();
  const rows = await db
    .select({ employerOrgId: workInjuries.employerOrgId, n: count() })
    .from(workInjuries)
    .where(and(inArray(workInjuries.employerOrgId, params.employerIds), gte(workInjuries.occurredOn, params.from), lt(workInjuries.occurredOn, params.to)))
    .groupBy(workInjuries.employerOrgId);
  return new Map(rows.map((r) => [r.employerOrgId!, Number(r.n)]));
}
