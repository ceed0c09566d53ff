// CER-2/CER-3 inbound: what the national query platform says about a number this platform does not
// hold, through the cache. Called outside any transaction (no network call inside one). A source
// that cannot answer is "unavailable"; an answer kept from before is then served, marked stale.
import { and, eq } from 'drizzle-orm';
import type { RegisteredCertificateStatus } from '../../../kernel/certificates.js';
import { chinaDate } from '../../../kernel/clock.js';
import type { AppContext } from '../../../kernel/context.js';
import { maskName } from '../../../kernel/ids.js';
import { askNationalQueryPlatform } from './adapter.js';
import { nationalQueryAnswers, type NationalQueryRecord } from './schema.js';

export interface NationalCertificate extends Omit<NationalQueryRecord, 'status'> {
  categoryCode: string;
  /** The standing today: the national platform's word, made worse by the dates where they say so. */
  status: RegisteredCertificateStatus;
  reportedStatus: string;
}

export type NationalLookup =
  | { outcome: 'disabled' }
  | { outcome: 'unavailable'; sourceName: string; reason: string }
  | {
      outcome: 'answered';
      found: boolean;
      certificates: NationalCertificate[];
      sourceName: string;
      answeredAt: string;
      fetchedAt: string;
      /** Served from the cache rather than asked now. */
      cached: boolean;
      /** Past its expiry, served because the source could not answer now. */
      stale: boolean;
    };

export const NATIONAL_SOURCE_OF_PLATFORM = '本平台';

const RANK: Record<RegisteredCertificateStatus, number> = {
  valid: 0,
  review_overdue: 1,
  expired: 2,
  revoked: 3,
  cancelled: 4,
};

/** The national platform's record as it stands on `today`. */
export function nationalStanding(r: NationalQueryRecord, today: string): RegisteredCertificateStatus {
  const reported = (r.status in RANK ? r.status : 'revoked') as RegisteredCertificateStatus;
  const byDates: RegisteredCertificateStatus =
    today > r.validUntil ? 'expired' : r.nextReviewDue && today > r.nextReviewDue ? 'review_overdue' : 'valid';
  return RANK[byDates] > RANK[reported] ? byDates : reported;
}

const NOT_FOUND_HOURS = 1;

function present(row: typeof nationalQueryAnswers.$inferSelect, today: string, cached: boolean, stale: boolean) {
  return {
    outcome: 'answered' as const,
    found: row.found,
    certificates: row.records.map((r) => ({
      ...r,
      categoryCode: r.itemCode.split('.')[0],
      status: nationalStanding(r, today),
      reportedStatus: r.status,
    })),
    sourceName: row.sourceName,
    answeredAt: row.answeredAt.toISOString(),
    fetchedAt: row.fetchedAt.toISOString(),
    cached,
    stale,
  };
}

export function nationalQueryEnabled(ctx: AppContext): boolean {
  return Boolean(ctx.config.nationalQuery?.url);
}

/** CER-3: asks (or reads the kept answer of) the national query platform about a number and name. */
export async function lookUpNationally(ctx: AppContext, q: { number: string; name: string }): Promise<NationalLookup> {
  const cfg = ctx.config.nationalQuery;
  if (!cfg?.url) return { outcome: 'disabled' };
  const number = q.number.trim().toUpperCase();
  const name = q.name.trim();
  const nameHash = ctx.vault.lookupHash('certificate_holder', name);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const [kept] = await ctx.db
    .select()
    .from(nationalQueryAnswers)
    .where(and(eq(nationalQueryAnswers.number, number), eq(nationalQueryAnswers.nameHash, nameHash)));
  if (kept && kept.expiresAt > now) return present(kept, today, true, false);
  const answer = await askNationalQueryPlatform({ ...cfg, url: cfg.url }, { number, name });
  if (answer.outcome === 'unavailable') {
    if (kept) return present(kept, today, true, true);
    return { outcome: 'unavailable', sourceName: cfg.sourceName, reason: answer.reason };
  }
  // The national platform is asked by number and name; a record under another name is not this person's.
  const records: NationalQueryRecord[] = answer.records
    .filter((r) => r.number === number && r.holderName === name)
    .map(({ holderName, ...r }) => ({ ...r, holderNameMasked: maskName(holderName) }));
  const found = records.length > 0;
  const fetchedAt = ctx.clock.now();
  const hours = found ? cfg.cacheHours : Math.min(NOT_FOUND_HOURS, cfg.cacheHours);
  const values = {
    number,
    nameHash,
    found,
    records,
    sourceName: cfg.sourceName,
    sourceAddress: sourceAddress(cfg.url),
    answeredAt: answer.answeredAt ?? fetchedAt,
    fetchedAt,
    expiresAt: new Date(fetchedAt.getTime() + hours * 3_600_000),
  };
  const [row] = await ctx.db
    .insert(nationalQueryAnswers)
    .values(values)
    .onConflictDoUpdate({ target: [nationalQueryAnswers.number, nationalQueryAnswers.nameHash], set: values })
    .returning();
  return present(row, today, false, false);
}

/** Origin and path only: a token or query in the configured URL is never stored or shown. */
export function sourceAddress(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}
