// ANA-2 at provincial scale: the analysis counts injuries live (tens of thousands of rows) but its
// denominators read millions of certificates and employments. For the periods the page offers by
// default, the injuries.refresh job keeps them per county in injury_denominators (the same SELECT as
// the live count, grouped by county as well); a province or city sums its counties. Another period,
// or before the first refresh of the day, is counted live. Summing counties counts a worker who
// holds certificates (or ledger places) in two counties once in each — as the county figures do.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { addDays, chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { JobQueue } from '../../kernel/jobs.js';
import { rowsOf } from '../../db/read.js';
import {
  denominatorSelect,
  liveDenominators,
  pgTextArray,
  type AnalysisScope,
  type DenominatorDimension,
} from './queries.js';
import { injuryDenominators } from './schema.js';

export const REFRESH_QUEUE = 'injuries.refresh';
const DIMENSIONS: readonly DenominatorDimension[] = ['total', 'item', 'age', 'institution', 'employer', 'provider'];

/** The periods kept: this year to date, the last 365 days (today inclusive), and last year. */
export function summaryPeriods(today: string): Array<{ from: string; to: string }> {
  const year = Number(today.slice(0, 4));
  return [
    { from: `${year}-01-01`, to: today },
    { from: addDays(today, -364), to: today },
    { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
  ];
}

/** Recomputes every kept period's denominators per county, each period in one transaction. */
export async function refreshInjuryDenominators(ctx: AppContext): Promise<void> {
  const today = chinaDate(ctx.clock.now());
  for (const period of summaryPeriods(today)) {
    const scope: AnalysisScope = { prefix: '', ...period };
    await ctx.db.transaction(async (tx) => {
      await tx
        .delete(injuryDenominators)
        .where(and(eq(injuryDenominators.periodFrom, period.from), eq(injuryDenominators.periodTo, period.to)));
      for (const d of DIMENSIONS) {
        await tx.execute(sql`insert into injury_denominators (period_from, period_to, region_code, dimension, key, n, as_of)
          select ${period.from}::date, ${period.to}::date, g.region_code, ${d}, g.key, g.n, ${today}::date from (${denominatorSelect(scope, d, true)}) g where g.key is not null`);
      }
    });
  }
}

/** The denominators of a scope: from the summary when it holds today's figures for the period, else live. */
export async function denominators(
  db: Executor,
  s: AnalysisScope,
  today: string,
  keys: Record<Exclude<DenominatorDimension, 'total' | 'age'>, string[]>,
) {
  const fromSummary =
    summaryPeriods(today).some((p) => p.from === s.from && p.to === s.to) && (await summaryOf(db, s, today));
  const read = (d: DenominatorDimension, k?: string[]) =>
    fromSummary ? summed(db, s, d, k) : liveDenominators(db, s, d, k);
  const [total, item, age, institution, employer, provider] = await Promise.all([
    read('total'),
    read('item', keys.item),
    read('age'),
    read('institution', keys.institution),
    read('employer', keys.employer),
    read('provider', keys.provider),
  ]);
  return {
    source: fromSummary ? ('summary' as const) : ('live' as const),
    total: total.get('') ?? 0,
    item,
    age,
    institution,
    employer,
    provider,
  };
}

async function summaryOf(db: Executor, s: AnalysisScope, today: string): Promise<boolean> {
  const [row] = await rowsOf<{ fresh: boolean }>(
    db,
    sql`select exists (select 1 from injury_denominators where period_from = ${s.from}::date and period_to = ${s.to}::date and as_of = ${today}::date) as fresh`,
  );
  return Boolean(row?.fresh);
}

async function summed(
  db: Executor,
  s: AnalysisScope,
  d: DenominatorDimension,
  keys?: string[],
): Promise<Map<string, number>> {
  if (keys && !keys.length) return new Map();
  const rows = await rowsOf<{ key: string; n: number }>(
    db,
    sql`select key, sum(n)::int as n from injury_denominators
      where period_from = ${s.from}::date and period_to = ${s.to}::date and dimension = ${d} and region_code like ${`${s.prefix}%`}
        ${keys ? sql`and key = any(${pgTextArray(keys)}::text[])` : sql``}
      group by key`,
  );
  return new Map(rows.map((r) => [r.key, r.n]));
}

export async function registerInjuryJobs(jobs: JobQueue, ctx: AppContext): Promise<void> {
  await jobs.defineQueue(REFRESH_QUEUE, { retryLimit: 1, retryDelay: 60, retryBackoff: false, expireInSeconds: 1800 });
  await jobs.work(REFRESH_QUEUE, async () => {
    await refreshInjuryDenominators(ctx);
    return { refreshed: true };
  });
  // Hourly: certificates and ledgers change slowly; the page says which figures are from the summary.
  await jobs.schedule(REFRESH_QUEUE, '7 * * * *');
}
