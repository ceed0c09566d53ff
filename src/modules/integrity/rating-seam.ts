// What the annual ratings (INS-5 for institutions, EXM-11 for exam sites) read from integrity: the
// flags a person confirmed in the year, and each site's pass rate against the prediction as the
// year's latest finished scan measured it.
import { and, desc, eq, gte, inArray, like, lt } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { KIND_LABELS } from './rules.js';
import { integrityFlags, integrityScans } from './schema.js';

export interface ConfirmedFlag {
  id: string;
  kind: string;
  label: string;
  subject: 'attempt' | 'site';
  paperId: string | null;
  sessionId: string | null;
  workerId: string | null;
  siteId: string;
  siteName: string;
  decidedOn: Date;
}

/** Flags confirmed by a person (a dismissed or open flag is not a fact against anyone), raised in [from, to). */
export async function confirmedFlagsBetween(
  db: Executor,
  p: { from: Date; to: Date; regionPrefix?: string; siteIds?: string[] },
): Promise<ConfirmedFlag[]> {
  if (p.siteIds && !p.siteIds.length) return [];
  const rows = await db
    .select()
    .from(integrityFlags)
    .where(
      and(
        eq(integrityFlags.status, 'confirmed'),
        gte(integrityFlags.createdAt, p.from),
        lt(integrityFlags.createdAt, p.to),
        p.regionPrefix ? like(integrityFlags.regionCode, `${p.regionPrefix}%`) : undefined,
        p.siteIds ? inArray(integrityFlags.siteId, p.siteIds) : undefined,
      ),
    )
    .limit(10_000);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    label: (KIND_LABELS as Record<string, string>)[r.kind] ?? r.kind,
    subject: r.subject,
    paperId: r.paperId,
    sessionId: r.sessionId,
    workerId: r.workerId,
    siteId: r.siteId,
    siteName: r.siteName,
    decidedOn: r.decidedAt ?? r.createdAt,
  }));
}

export interface SitePassRate {
  scanId: string;
  scannedAt: Date;
  n: number;
  observedRate: number;
  expectedRate: number;
  z: number;
  flagged: boolean;
}

/** INT-4 per site: the latest finished scan in [from, to) that measured the site. */
export async function sitePassRatesBetween(
  db: Executor,
  siteIds: string[],
  from: Date,
  to: Date,
): Promise<Map<string, SitePassRate>> {
  const out = new Map<string, SitePassRate>();
  if (!siteIds.length) return out;
  const wanted = new Set(siteIds);
  const scans = await db
    .select({
      id: integrityScans.id,
      sites: integrityScans.sites,
      finishedAt: integrityScans.finishedAt,
      createdAt: integrityScans.createdAt,
    })
    .from(integrityScans)
    .where(
      and(eq(integrityScans.status, 'done'), gte(integrityScans.createdAt, from), lt(integrityScans.createdAt, to)),
    )
    .orderBy(desc(integrityScans.createdAt))
    .limit(200);
  for (const s of scans) {
    if (!Array.isArray(s.sites)) continue;
    for (const p of s.sites as Array<{
      siteId: string;
      n: number;
      observedRate: number;
      expectedRate: number;
      z: number;
      flagged: boolean;
    }>) {
      if (!wanted.has(p.siteId) || out.has(p.siteId)) continue;
      out.set(p.siteId, {
        scanId: s.id,
        scannedAt: s.finishedAt ?? s.createdAt,
        n: p.n,
        observedRate: p.observedRate,
        expectedRate: p.expectedRate,
        z: p.z,
        flagged: !!p.flagged,
      });
    }
  }
  return out;
}
