// Analytics' read-only SQL over the other modules' tables (ARCHITECTURE: analytics is last in the
// chain and owns these query definitions as its "views"; nothing here writes). Each dashboard figure
// is one FROM/WHERE fragment used by both its count and its list, so the two cannot disagree (ANA-3).
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { regionMatch, rowsOf } from '../../db/read.js';
import {
  certificateReviewsSeam,
  certificatesSeam,
  verificationCountsSeam,
  verificationMissesSeam,
} from '../certificates/read-seam.js';
import { employmentsSeam } from '../employers/read-seam.js';
import { examBookingsSeam, examResultsSeam, examSessionsSeam, examSitesSeam } from '../exams/read-seam.js';
import { integrityFlagsSeam, integrityPatrolActionsSeam } from '../integrity/read-seam.js';
import { organisationsSeam } from '../organisations/read-seam.js';
import {
  enforcementCasesSeam,
  enforcementSanctionsSeam,
  inspectionFindingsSeam,
  inspectionsSeam,
  spotExamsSeam,
} from '../supervision/read-seam.js';
import type { DashboardMetric } from './rules.js';

interface Scope {
  /** Region-code prefix of the jurisdiction (SEC-2). */
  prefix: string;
  /** China date of today. */
  today: string;
}

interface MetricSql {
  /** FROM … WHERE … without the region condition. */
  from: (s: Scope) => SQL;
  /** The region column the jurisdiction and drill-down group on. */
  region: SQL;
  /** The list's columns (personal data masked). */
  columns: SQL;
  order: SQL;
}

const METRIC_SQL: Record<DashboardMetric, MetricSql> = {
  // ANA-3: active certificates whose validity ends within EXPIRING_WITHIN_DAYS.
  certificates_expiring: {
    from: (s) =>
      sql`from ${certificatesSeam.as('c')} where c.state = 'active' and c.valid_until >= ${s.today}::date and c.valid_until <= ${s.today}::date + 90`,
    region: sql`c.region_code`,
    columns: sql`c.id, 'T' || c.id_number_masked as number, c.holder_name as name, c.item_name as item, c.valid_until::text as date, c.region_code`,
    order: sql`c.valid_until, c.id`,
  },
  // ANA-3 (CER-4): active, still valid, review date passed, no review application pending.
  reviews_overdue: {
    from: (s) =>
      sql`from ${certificatesSeam.as('c')} where c.state = 'active' and c.valid_until >= ${s.today}::date and c.next_review_due < ${s.today}::date
        and not exists (select 1 from ${certificateReviewsSeam.as('r')} where r.certificate_id = c.id and r.status = 'pending')`,
    region: sql`c.region_code`,
    columns: sql`c.id, 'T' || c.id_number_masked as number, c.holder_name as name, c.item_name as item, c.next_review_due::text as date, c.region_code`,
    order: sql`c.next_review_due, c.id`,
  },
  // ANA-3 (EMP-2): current employments not filed by their 15-day due date.
  filings_overdue: {
    from: (s) =>
      sql`from ${employmentsSeam.as('e')} left join ${organisationsSeam.as('o')} on o.id = e.employer_org_id where e.filed_at is null and e.ended_on is null and e.filing_due_on < ${s.today}::date`,
    region: sql`e.region_code`,
    columns: sql`e.id, e.id_number_masked as number, e.worker_name as name, coalesce(o.name, '') as item, e.filing_due_on::text as date, e.region_code`,
    order: sql`e.filing_due_on, e.id`,
  },
  // ANA-3 (SUP-2): findings not closed by a verified rectification.
  findings_open: {
    from: () => sql`from ${inspectionFindingsSeam.as('f')} where f.status <> 'closed'`,
    region: sql`f.region_code`,
    columns: sql`f.id, '' as number, f.target_name as name, f.description as item, f.deadline::text as date, f.region_code`,
    order: sql`f.deadline, f.id`,
  },
  // ANA-3 (INT-1..INT-5): flags awaiting a person's decision.
  integrity_flags: {
    from: () => sql`from ${integrityFlagsSeam.as('g')} where g.status = 'open'`,
    region: sql`g.region_code`,
    columns: sql`g.id, g.rule as number, g.site_name as name, g.kind as item, to_char(g.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as date, g.region_code`,
    order: sql`g.score desc, g.id`,
  },
  // ANA-3 (CER-5): verifications of numbers that do not exist, last 30 days. A number whose region
  // cannot be told from it has no region and is seen on the CER-5 page, not on a jurisdiction's dashboard.
  suspected_fakes: {
    from: (s) =>
      sql`from ${verificationMissesSeam.as('m')} where m.reason = 'no_such_number' and m.at >= (${s.today}::date - 30)::timestamp at time zone 'Asia/Shanghai'`,
    region: sql`m.region_code`,
    columns: sql`m.id::text as id, m.number as number, m.name_masked as name, m.reason as item, to_char(m.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as date, m.region_code`,
    order: sql`m.at desc, m.id`,
  },
};

const inRegion = (m: MetricSql, prefix: string) => sql`and ${regionMatch(m.region, prefix)}`;

/** Count of a figure in the jurisdiction, split by the next region level (prefix length `childLen`). */
export async function metricByChild(db: Executor, metric: DashboardMetric, scope: Scope, childLen: number | null) {
  const m = METRIC_SQL[metric];
  const child = childLen ? sql`left(${m.region}, ${childLen})` : sql`${m.region}`;
  return rowsOf<{ child: string; n: number }>(
    db,
    sql`select ${child} as child, count(*)::int as n ${m.from(scope)} ${inRegion(m, scope.prefix)} group by 1 order by 1`,
  );
}

export interface MetricRow {
  id: string;
  number: string;
  name: string;
  item: string;
  date: string;
  region_code: string;
}

/** The records behind a figure, one page; `total` is computed from the same fragment as the figure. */
export async function metricList(
  db: Executor,
  metric: DashboardMetric,
  scope: Scope,
  page: { limit: number; offset: number },
) {
  const m = METRIC_SQL[metric];
  const where = sql`${m.from(scope)} ${inRegion(m, scope.prefix)}`;
  const [items, [{ total }]] = await Promise.all([
    rowsOf<MetricRow>(
      db,
      sql`select ${m.columns} ${where} order by ${m.order} limit ${page.limit} offset ${page.offset}`,
    ),
    rowsOf<{ total: number }>(db, sql`select count(*)::int as total ${where}`),
  ]);
  return { total, items };
}

export interface PassRow {
  id: string;
  name: string;
  sat: number;
  passed: number;
}

/** ANA-3: results published in the last year at sites in the jurisdiction, per site. */
export async function passBySite(db: Executor, scope: Scope) {
  return rowsOf<PassRow>(
    db,
    sql`select s.id, s.name, count(*)::int as sat, (count(*) filter (where r.passed))::int as passed
      from ${examResultsSeam.as('r')} join ${examSessionsSeam.as('se')} on se.id = r.session_id join ${examSitesSeam.as('s')} on s.id = se.site_id
      where ${regionMatch(sql`se.region_code`, scope.prefix)} and r.attempt <> 'return' and r.published_at >= (${scope.today}::date - 365)::timestamp at time zone 'Asia/Shanghai'
      group by s.id, s.name order by sat desc, s.name limit 50`,
  );
}

/** ANA-3: the same results per training institution that applied for the seat (EXM-3 booking). */
export async function passByInstitution(db: Executor, scope: Scope) {
  return rowsOf<PassRow>(
    db,
    sql`select o.id, o.name, count(*)::int as sat, (count(*) filter (where r.passed))::int as passed
      from ${examResultsSeam.as('r')} join ${examSessionsSeam.as('se')} on se.id = r.session_id join ${examBookingsSeam.as('b')} on b.id = r.booking_id
      join ${organisationsSeam.as('o')} on o.id = b.applicant_org_id and o.kind = 'institution'
      where ${regionMatch(sql`se.region_code`, scope.prefix)} and r.attempt <> 'return' and r.published_at >= (${scope.today}::date - 365)::timestamp at time zone 'Asia/Shanghai'
      group by o.id, o.name order by sat desc, o.name limit 50`,
  );
}

/**
 * ANA-3 (CER-3, CER-5): verifications per day and answer, last 30 days — found certificates from the
 * counts the serving process adds every few seconds (by the certificate's county), misses from their
 * own record (by the county the number names).
 */
export async function verificationTraffic(db: Executor, scope: Scope) {
  return rowsOf<{ day: string; reason: string; n: number }>(
    db,
    sql`select day, reason, sum(n)::int as n from (
        select to_char(m.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, m.reason, count(*)::int as n
        from ${verificationMissesSeam.as('m')}
        where ${regionMatch(sql`m.region_code`, scope.prefix)} and m.at >= (${scope.today}::date - 30)::timestamp at time zone 'Asia/Shanghai'
        group by 1, 2
        union all
        select c.day::text, c.outcome, c.n from ${verificationCountsSeam.as('c')}
        where ${regionMatch(sql`nullif(c.region_code, '')`, scope.prefix)} and c.day >= ${scope.today}::date - 30
      ) t group by 1, 2 order by 1, 2`,
  );
}

// ANA-1 ---------------------------------------------------------------------------------------

export interface Period {
  prefix: string;
  from: string;
  to: string;
}

const startOf = (day: string) => sql`(${day}::date)::timestamp at time zone 'Asia/Shanghai'`;
const endOf = (day: string) => sql`(${day}::date + 1)::timestamp at time zone 'Asia/Shanghai'`;
const inspectionsIn = (p: Period, target: string) =>
  sql`i.region_code like ${`${p.prefix}%`} and i.target_kind = ${target} and i.started_at >= ${startOf(p.from)} and i.started_at < ${endOf(p.to)}`;

export interface CampaignRecord {
  id: string;
  name: string;
  detail: string;
  date: string;
  region_code: string;
  /** For a sum figure (fines): the yuan this record adds. */
  amount_yuan?: number | null;
}

/** ANA-1: inspections (SUP-1) of a target kind in the period, one row per inspection. */
export function inspectedRecords(db: Executor, p: Period, target: string) {
  return rowsOf<CampaignRecord & { target_id: string }>(
    db,
    sql`select i.id, i.target_id, i.target_name as name, i.inspector_name || '（' || case i.status when 'completed' then '已完成' else '检查中' end || '）' as detail,
      to_char(i.started_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as date, i.region_code
      from ${inspectionsSeam.as('i')} where ${inspectionsIn(p, target)} order by i.started_at, i.id`,
  );
}

/** ANA-1: findings (SUP-2) recorded in those inspections; each finding carries an order to rectify. */
export function findingRecords(db: Executor, p: Period, target: string) {
  return rowsOf<CampaignRecord & { target_id: string }>(
    db,
    sql`select f.id, i.target_id, f.target_name as name, f.description as detail, f.deadline::text as date, f.region_code
      from ${inspectionFindingsSeam.as('f')} join ${inspectionsSeam.as('i')} on i.id = f.inspection_id where ${inspectionsIn(p, target)} order by f.created_at, f.id`,
  );
}

/** ANA-1 (INT-6): remote-patrol actions of a kind in the period. */
export function patrolRecords(db: Executor, p: Period, kind: 'patrolled' | 'warning' | 'cancellation') {
  return rowsOf<CampaignRecord & { session_id: string }>(
    db,
    sql`select a.id, a.session_id, a.by_name as name, coalesce(a.reason, '') as detail, to_char(a.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as date, a.region_code
      from ${integrityPatrolActionsSeam.as('a')}
      where a.region_code like ${`${p.prefix}%`} and a.kind = ${kind} and a.at >= ${startOf(p.from)} and a.at < ${endOf(p.to)} order by a.at, a.id`,
  );
}

/** ANA-1 (INT-5): scores cancelled by a decision on an integrity flag in the period. */
export function cancelledByFlag(db: Executor, p: Period) {
  return rowsOf<CampaignRecord>(
    db,
    sql`select g.id, g.site_name as name, coalesce(g.decision_reason, '') as detail, to_char(g.decided_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as date, g.region_code
      from ${integrityFlagsSeam.as('g')}
      where g.region_code like ${`${p.prefix}%`} and g.score_cancelled and g.decided_at >= ${startOf(p.from)} and g.decided_at < ${endOf(p.to)} order by g.decided_at, g.id`,
  );
}

/** ANA-1 (SUP-4): sanctions of a kind on a kind of party that took effect in the period, one row per sanction. */
export function sanctionRecords(
  db: Executor,
  p: Period,
  partyKind: 'institution' | 'exam_site',
  kind: 'eliminate' | 'suspend' | 'cancel_site',
) {
  return rowsOf<CampaignRecord & { target_id: string }>(
    db,
    sql`select s.id, s.party_id as target_id, c.party_name as name, c.case_no || '：' || c.violation_code || case when s.ends_on is not null then '，至 ' || s.ends_on else '' end as detail,
      s.starts_on as date, s.region_code
      from ${enforcementSanctionsSeam.as('s')} join ${enforcementCasesSeam.as('c')} on c.id = s.case_id
      where s.region_code like ${`${p.prefix}%`} and s.party_kind = ${partyKind} and s.kind = ${kind} and s.starts_on >= ${p.from} and s.starts_on <= ${p.to}
      order by s.starts_on, s.id`,
  );
}

/** ANA-1 (SUP-4): administrative penalties decided on employers in the period, one row per case. */
export function employerPenaltyRecords(db: Executor, p: Period) {
  return rowsOf<CampaignRecord>(
    db,
    sql`select c.id, c.party_name as name, c.case_no || '：' || c.violation_code as detail, to_char(c.decided_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as date, c.region_code
      from ${enforcementCasesSeam.as('c')}
      where c.region_code like ${`${p.prefix}%`} and c.party_kind = 'employer' and c.status = 'decided' and c.decided_at >= ${startOf(p.from)} and c.decided_at < ${endOf(p.to)}
      order by c.decided_at, c.id`,
  );
}

/** ANA-1 (SUP-4): fines decided on employers in the period — on the organisation and its principal (一案双罚) — one row per fine. */
export function employerFineRecords(db: Executor, p: Period) {
  return rowsOf<CampaignRecord>(
    db,
    sql`select s.id, c.party_name as name,
      c.case_no || '：' || c.violation_code || '，罚款 ' || coalesce(s.fine_yuan, 0) || ' 元' || case when s.principal_fine_yuan is not null then '，主要负责人 ' || s.principal_fine_yuan || ' 元' else '' end as detail,
      s.starts_on as date, s.region_code, (coalesce(s.fine_yuan, 0) + coalesce(s.principal_fine_yuan, 0))::int as amount_yuan
      from ${enforcementSanctionsSeam.as('s')} join ${enforcementCasesSeam.as('c')} on c.id = s.case_id
      where s.region_code like ${`${p.prefix}%`} and s.party_kind = 'employer' and s.kind = 'fine' and s.starts_on >= ${p.from} and s.starts_on <= ${p.to}
      order by s.starts_on, s.id`,
  );
}

/** ANA-1 (SUP-7): penalty decisions made public (行政处罚信息公示) in the period, one row per case. */
export function publishedCaseRecords(db: Executor, p: Period) {
  return rowsOf<CampaignRecord>(
    db,
    sql`select c.id, c.party_name as name, c.case_no || '：' || c.violation_code as detail, to_char(c.published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as date, c.region_code
      from ${enforcementCasesSeam.as('c')}
      where c.region_code like ${`${p.prefix}%`} and c.published_at >= ${startOf(p.from)} and c.published_at < ${endOf(p.to)}
      order by c.published_at, c.id`,
  );
}

/** ANA-1 (SUP-3): spot exams taken on site (submitted) in the period; `passedOnly` for those passed. */
export function spotExamRecords(db: Executor, p: Period, passedOnly: boolean) {
  return rowsOf<CampaignRecord>(
    db,
    sql`select e.id, e.worker_name as name, e.item_name || '：' || e.score || ' 分' || case when e.passed then '（合格）' else '（不合格）' end || ' · ' || e.target_name as detail,
      to_char(e.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as date, e.region_code
      from ${spotExamsSeam.as('e')}
      where e.region_code like ${`${p.prefix}%`} and e.status = 'submitted' and e.submitted_at >= ${startOf(p.from)} and e.submitted_at < ${endOf(p.to)}
        ${passedOnly ? sql`and e.passed` : sql``}
      order by e.submitted_at, e.id`,
  );
}

// Summaries (ANA-3 at provincial scale) ---------------------------------------------------------

/**
 * Recomputes the summary tables from the same fragments the live figures use, in one transaction
 * (readers see the old or the new summary, never half of one).
 */
export async function refreshSummaries(db: Executor, today: string, now: Date): Promise<void> {
  const scope = { prefix: '', today };
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from analytics_metric_counts`);
    for (const [metric, m] of Object.entries(METRIC_SQL)) {
      await tx.execute(sql`insert into analytics_metric_counts (metric, region_code, n, as_of, refreshed_at)
        select ${metric}, ${m.region}, count(*)::int, ${today}::date, ${now} ${m.from(scope)} and ${m.region} is not null group by ${m.region}`);
    }
    await tx.execute(sql`delete from analytics_pass_counts`);
    await tx.execute(sql`insert into analytics_pass_counts (site_id, site_name, region_code, institution_id, institution_name, sat, passed, as_of)
      select s.id, s.name, se.region_code, o.id, o.name, count(*)::int, (count(*) filter (where r.passed))::int, ${today}::date
      from ${examResultsSeam.as('r')} join ${examSessionsSeam.as('se')} on se.id = r.session_id join ${examSitesSeam.as('s')} on s.id = se.site_id
      left join ${examBookingsSeam.as('b')} on b.id = r.booking_id left join ${organisationsSeam.as('o')} on o.id = b.applicant_org_id and o.kind = 'institution'
      where r.attempt <> 'return' and r.published_at >= (${today}::date - 365)::timestamp at time zone 'Asia/Shanghai'
      group by s.id, s.name, se.region_code, o.id, o.name`);
  });
}

/** When the summary was last refreshed (null: never). */
export async function summaryState(db: Executor) {
  const [row] = await rowsOf<{ as_of: string | null; refreshed_at: Date | string | null }>(
    db,
    sql`select max(as_of)::text as as_of, max(refreshed_at) as refreshed_at from analytics_metric_counts`,
  );
  return row?.as_of ? { asOf: row.as_of, refreshedAt: new Date(row.refreshed_at!) } : null;
}

/** Every figure per child region from the summary. */
export async function summaryByChild(db: Executor, prefix: string, childLen: number) {
  return rowsOf<{ metric: DashboardMetric; child: string; n: number }>(
    db,
    sql`select metric, left(region_code, ${childLen}) as child, sum(n)::int as n from analytics_metric_counts where region_code like ${`${prefix}%`} group by 1, 2 order by 1, 2`,
  );
}

export async function summaryPassBySite(db: Executor, prefix: string) {
  return rowsOf<PassRow>(
    db,
    sql`select site_id as id, site_name as name, sum(sat)::int as sat, sum(passed)::int as passed from analytics_pass_counts
      where region_code like ${`${prefix}%`} group by 1, 2 order by sat desc, name limit 50`,
  );
}

export async function summaryPassByInstitution(db: Executor, prefix: string) {
  return rowsOf<PassRow>(
    db,
    sql`select institution_id as id, institution_name as name, sum(sat)::int as sat, sum(passed)::int as passed from analytics_pass_counts
      where region_code like ${`${prefix}%`} and institution_id is not null group by 1, 2 order by sat desc, name limit 50`,
  );
}
