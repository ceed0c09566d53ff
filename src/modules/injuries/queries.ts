import { and, count, desc, gte, inArray, like, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { regionMatch, rowsOf } from '../../db/read.js';
import { certificatesSeam } from '../certificates/read-seam.js';
import { employmentsSeam } from '../employers/read-seam.js';
import { organisationsSeam } from '../organisations/read-seam.js';
import { classEnrolmentsSeam, trainingClassesSeam } from '../training/read-seam.js';
import { AGE_BANDS, type Dimension } from './rules.js';
import { injuryImports, workInjuries, type CertificateStandingAtInjury, type InjurySeverity } from './schema.js';

/** Injuries recorded per employer between two China dates [from, to) — a risk factor of SUP-1's draw. */
export async function injuryCountsByEmployer(
  db: Executor,
  params: { employerIds: string[]; from: string; to: string },
): Promise<Map<string, number>> {
  if (!params.employerIds.length) return new Map();
  const rows = await db
    .select({ employerOrgId: workInjuries.employerOrgId, n: count() })
    .from(workInjuries)
    .where(
      and(
        inArray(workInjuries.employerOrgId, params.employerIds),
        gte(workInjuries.occurredOn, params.from),
        lt(workInjuries.occurredOn, params.to),
      ),
    )
    .groupBy(workInjuries.employerOrgId);
  return new Map(rows.map((r) => [r.employerOrgId!, Number(r.n)]));
}

// ---------------------------------------------------------------------------------------------
// ANA-2 analysis: read-only SQL over the injury records and, for the denominators, the certificates,
// employments and training classes of the jurisdiction (like analytics' "views"). Each figure's
// count and the list it opens share one WHERE fragment (recordWhere), so they cannot disagree.

export interface AnalysisScope {
  /** Region-code prefix (SEC-2). */
  prefix: string;
  from: string;
  to: string;
}

/** The group key of an injury record per dimension; null = not in any group of it. */
const GROUP_KEY: Record<Dimension, SQL> = {
  item: sql`w.item_code`,
  age: sql.raw(`case ${AGE_BANDS.map((b) => `when w.age_at_injury <= ${b.max} then '${b.key}'`).join(' ')} end`),
  employer: sql`w.employer_credit_code`,
  institution: sql`w.institution_org_id::text`,
  provider: sql`case when w.employment_kind in ('dispatched', 'outsourced') then coalesce(w.provider_credit_code, w.provider_name) end`,
};

export interface RecordFilter {
  dimension?: Dimension;
  key?: string;
  /** 'not_valid' = every standing but valid (the uncertified share's numerator). */
  standing?: CertificateStandingAtInjury | 'not_valid';
  severity?: InjurySeverity;
  importId?: string;
}

/** FROM … WHERE of the injury records of a scope and filter: used by every count and every list. */
export function recordWhere(s: AnalysisScope, f: RecordFilter = {}): SQL {
  return sql`from work_injuries w where ${regionMatch(sql`w.region_code`, s.prefix)} and w.occurred_on between ${s.from}::date and ${s.to}::date
    ${f.dimension && f.key !== undefined ? sql`and ${GROUP_KEY[f.dimension]} = ${f.key}` : sql``}
    ${f.standing === 'not_valid' ? sql`and w.certificate_standing <> 'valid'` : f.standing ? sql`and w.certificate_standing = ${f.standing}` : sql``}
    ${f.severity ? sql`and w.severity = ${f.severity}` : sql``}
    ${f.importId ? sql`and w.import_id = ${f.importId}` : sql``}`;
}

/** Injuries and those without a valid certificate, per group of a dimension. */
export async function injuriesByGroup(db: Executor, s: AnalysisScope, dimension: Dimension) {
  const key = GROUP_KEY[dimension];
  return rowsOf<{ key: string; injuries: number; uncertified: number; name: string | null; org_id: string | null }>(
    db,
    sql`select ${key} as key, count(*)::int as injuries, (count(*) filter (where w.certificate_standing <> 'valid'))::int as uncertified, max(w.employer_org_id::text) as org_id,
        max(${dimension === 'employer' ? sql`eo.name` : dimension === 'institution' ? sql`io.name` : dimension === 'provider' ? sql`w.provider_name` : sql`null::text`}) as name
      from work_injuries w left join ${organisationsSeam.as('eo')} on eo.id = w.employer_org_id left join ${organisationsSeam.as('io')} on io.id = w.institution_org_id
      where ${regionMatch(sql`w.region_code`, s.prefix)} and w.occurred_on between ${s.from}::date and ${s.to}::date and ${key} is not null
      group by 1`,
  );
}

export async function injuryTotals(db: Executor, s: AnalysisScope) {
  const [row] = await rowsOf<{ injuries: number; uncertified: number; workers: number }>(
    db,
    sql`select count(*)::int as injuries, (count(*) filter (where w.certificate_standing <> 'valid'))::int as uncertified, count(distinct w.id_number_hash)::int as workers ${recordWhere(s)}`,
  );
  return row;
}

/** A PostgreSQL array literal of texts, as one parameter (drizzle would spread a JS array into a list). */
export const pgTextArray = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** Certificates of the jurisdiction valid on some day of the period (not revoked or cancelled before it began). */
const validInPeriod = (
  s: AnalysisScope,
) => sql`${regionMatch(sql`c.region_code`, s.prefix)} and c.valid_from <= ${s.to}::date and c.valid_until >= ${s.from}::date
  and (c.state = 'active' or (coalesce(c.revoked_at, c.cancelled_at) at time zone 'Asia/Shanghai')::date >= ${s.from}::date)`;

export type DenominatorDimension = 'total' | 'item' | 'age' | 'institution' | 'employer' | 'provider';

/**
 * The denominators of the analysis as one grouped SELECT (key, n — and region_code per county when
 * `perCounty`), shared by the live analysis and the injuries.refresh job's summary:
 * - total / item / age: certified workers of the jurisdiction in the period (a worker with two
 *   certificates counts once per group; age on the period's last day);
 * - institution: certificates whose latest initial class of the item (opened by validFrom) was the institution's;
 * - employer / provider: workers on the ledgers of the employers (by organisation id) or of the dispatch
 *   companies and contractors (by credit code, else name) during the period.
 * `keys` narrows the groups (live: only the groups that have injuries).
 */
export function denominatorSelect(
  s: AnalysisScope,
  dimension: DenominatorDimension,
  perCounty: boolean,
  keys?: string[],
): SQL {
  const filter = (column: SQL, cast: 'text' | 'uuid' = 'text') =>
    keys
      ? sql`and ${column} = any(${cast === 'uuid' ? `{${keys.filter((k) => /^[0-9a-f-]{36}$/.test(k)).join(',')}}` : pgTextArray(keys)}::${sql.raw(cast)}[])`
      : sql``;
  const grouped = (region: SQL, key: SQL, n: SQL, rest: SQL) =>
    perCounty
      ? sql`select ${region} as region_code, ${key} as key, ${n} as n ${rest} group by 1, 2`
      : sql`select ${key} as key, ${n} as n ${rest} group by 1`;
  const workers = sql`count(distinct c.worker_id)::int`;
  const onLedger = sql`${regionMatch(sql`e.region_code`, s.prefix)} and e.hired_on <= ${s.to}::date and (e.ended_on is null or e.ended_on >= ${s.from}::date)`;
  switch (dimension) {
    case 'total':
      return grouped(
        sql`c.region_code`,
        sql`''::text`,
        workers,
        sql`from ${certificatesSeam.as('c')} where ${validInPeriod(s)}`,
      );
    case 'item':
      return grouped(
        sql`c.region_code`,
        sql`c.item_code`,
        workers,
        sql`from ${certificatesSeam.as('c')} where ${validInPeriod(s)} ${filter(sql`c.item_code`)}`,
      );
    case 'age': {
      const band = sql.raw(
        `case ${AGE_BANDS.map((b) => `when extract(year from age(to_date('${s.to.replace(/[^0-9-]/g, '')}', 'YYYY-MM-DD'), c.holder_birth_date)) <= ${b.max} then '${b.key}'`).join(' ')} end`,
      );
      return grouped(
        sql`c.region_code`,
        band,
        workers,
        sql`from ${certificatesSeam.as('c')} where ${validInPeriod(s)} and c.holder_birth_date is not null`,
      );
    }
    case 'institution':
      return grouped(
        sql`c.region_code`,
        sql`tc.org_id::text`,
        workers,
        sql`from ${trainingClassesSeam.as('tc')} join ${classEnrolmentsSeam.as('e')} on e.class_id = tc.id
          join ${certificatesSeam.as('c')} on c.worker_id = e.worker_id and c.item_code = tc.item_code and (tc.opens_at at time zone 'Asia/Shanghai')::date <= c.valid_from
          where tc.kind = 'initial' and ${validInPeriod(s)} ${filter(sql`tc.org_id`, 'uuid')}
            and not exists (select 1 from ${classEnrolmentsSeam.as('e2')} join ${trainingClassesSeam.as('t2')} on t2.id = e2.class_id
              where e2.worker_id = c.worker_id and t2.item_code = c.item_code and t2.kind = 'initial' and t2.opens_at > tc.opens_at and (t2.opens_at at time zone 'Asia/Shanghai')::date <= c.valid_from)`,
      );
    case 'employer':
      return grouped(
        sql`e.region_code`,
        sql`e.employer_org_id::text`,
        sql`count(distinct e.worker_id)::int`,
        sql`from ${employmentsSeam.as('e')} where ${onLedger} ${filter(sql`e.employer_org_id`, 'uuid')}`,
      );
    case 'provider':
      return grouped(
        sql`e.region_code`,
        sql`coalesce(e.provider_credit_code, e.provider_name)`,
        sql`count(distinct e.worker_id)::int`,
        sql`from ${employmentsSeam.as('e')} where ${onLedger} and e.kind in ('dispatched', 'outsourced') and coalesce(e.provider_credit_code, e.provider_name) is not null ${filter(sql`coalesce(e.provider_credit_code, e.provider_name)`)}`,
      );
  }
}

/** Live: one denominator's groups over the whole jurisdiction (distinct workers across its counties). */
export async function liveDenominators(
  db: Executor,
  s: AnalysisScope,
  dimension: DenominatorDimension,
  keys?: string[],
): Promise<Map<string, number>> {
  if (keys && !keys.length) return new Map();
  const rows = await rowsOf<{ key: string; n: number }>(db, denominatorSelect(s, dimension, false, keys));
  return new Map(rows.map((r) => [r.key, r.n]));
}

export interface InjuryRecordRow {
  id: string;
  occurred_on: string;
  severity: InjurySeverity;
  item_code: string;
  description: string;
  id_number_masked: string;
  age_at_injury: number;
  worker_id: string | null;
  employer_credit_code: string;
  employer_name: string | null;
  employment_kind: string | null;
  provider_name: string | null;
  certificate_standing: CertificateStandingAtInjury;
  institution_name: string | null;
  region_code: string;
}

/** One page of the records behind a figure; `total` from the same fragment as the figure. */
export async function injuryRecords(
  db: Executor,
  s: AnalysisScope,
  f: RecordFilter,
  page: { limit: number; offset: number },
) {
  const where = recordWhere(s, f);
  const [items, [{ total }]] = await Promise.all([
    rowsOf<InjuryRecordRow>(
      db,
      sql`select w.id, w.occurred_on::text, w.severity, w.item_code, w.description, w.id_number_masked, w.age_at_injury, w.worker_id, w.employer_credit_code,
          (select o.name from ${organisationsSeam.as('o')} where o.id = w.employer_org_id) as employer_name, w.employment_kind, w.provider_name, w.certificate_standing,
          (select o.name from ${organisationsSeam.as('o')} where o.id = w.institution_org_id) as institution_name, w.region_code
        ${where} order by w.occurred_on desc, w.id limit ${page.limit} offset ${page.offset}`,
    ),
    rowsOf<{ total: number }>(db, sql`select count(*)::int as total ${where}`),
  ]);
  return { total, items };
}

/** Injury records already on file, by (ID-number hash, day, item): a re-imported row is a duplicate. */
export async function existingInjuryKeys(db: Executor, hashes: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < hashes.length; i += 1000) {
    const rows = await db
      .select({ h: workInjuries.idNumberHash, d: workInjuries.occurredOn, i: workInjuries.itemCode })
      .from(workInjuries)
      .where(inArray(workInjuries.idNumberHash, hashes.slice(i, i + 1000)));
    for (const r of rows) out.add(`${r.h}|${r.d}|${r.i}`);
  }
  return out;
}

export async function insertInjuryImport(db: Executor, values: typeof injuryImports.$inferInsert) {
  const [row] = await db.insert(injuryImports).values(values).returning();
  return row;
}

export async function insertInjuries(db: Executor, values: (typeof workInjuries.$inferInsert)[]) {
  for (let i = 0; i < values.length; i += 500) await db.insert(workInjuries).values(values.slice(i, i + 500));
}

export async function listInjuryImports(db: Executor, prefix: string) {
  return db
    .select()
    .from(injuryImports)
    .where(like(injuryImports.regionCode, `${prefix}%`))
    .orderBy(desc(injuryImports.createdAt))
    .limit(50);
}
