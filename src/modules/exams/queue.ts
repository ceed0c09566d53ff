// Issue 19 item 4: the exam centre's, the examiner's and the candidate's queues for the 工作台 (module workbench).
import { and, asc, eq, gte, inArray, isNotNull, isNull, like, lte, notExists, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { addDays } from '../../kernel/clock.js';
import { WORKBENCH_ITEMS, dayOf, daysOverdue, queueOf, type Queue } from '../../kernel/queue.js';
import {
  examBookings,
  examCentreApplications,
  examPracticalSheets,
  examResults,
  examSessions,
  examSiteApplications,
  examSites,
} from './schema.js';

/** A centre's sessions, through its sites: (centre_org_id) on sites, then (site_id, date) on sessions. */
function centreSessions(centreOrgId: string) {
  return inArray(
    examSessions.siteId,
    sql`(select ${examSites.id} from ${examSites} where ${examSites.centreOrgId} = ${centreOrgId})`,
  );
}

const noResult = (db: Executor) =>
  notExists(db.select({ one: sql`1` }).from(examResults).where(eq(examResults.bookingId, examBookings.id)));

/** EXM-3: the centre's sessions from today to six days on, the soonest first. */
export async function sessionsAheadQueue(db: Executor, p: { centreOrgId: string; today: string }): Promise<Queue> {
  const where = and(
    centreSessions(p.centreOrgId),
    gte(examSessions.date, p.today),
    lte(examSessions.date, addDays(p.today, 6)),
  );
  const [[counts], rows] = await Promise.all([
    db
      .select({
        count: sql<number>`count(*)::int`,
        today: sql<number>`(count(*) filter (where ${examSessions.date} = ${p.today}))::int`,
      })
      .from(examSessions)
      .where(where),
    db
      .select({
        id: examSessions.id,
        date: examSessions.date,
        startsAt: examSessions.startsAt,
        itemCode: examSessions.itemCode,
        siteName: examSites.name,
        capacity: examSessions.capacity,
      })
      .from(examSessions)
      .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
      .where(where)
      .orderBy(asc(examSessions.startsAt))
      .limit(WORKBENCH_ITEMS),
  ]);
  const queue = queueOf(
    { key: 'sessions-ahead', label: '今日及本周考试场次', link: '/exams/sessions', unit: '场' },
    { count: counts.count, overdue: 0, oldestDue: null },
    rows.map((s) => ({
      id: s.id,
      title: s.siteName,
      detail: `${s.date === p.today ? '今天' : s.date} ${hhmm(s.startsAt)} · ${s.capacity} 个考位`,
      itemCode: s.itemCode,
      since: s.date,
      dueOn: s.date,
      overdueDays: null,
      link: '/exams/sessions',
    })),
    p.today,
  );
  return { ...queue, label: `今日 ${counts.today} 场 · 本周考试场次` };
}

function hhmm(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
}

/**
 * EXM-5: candidates with a seat in today's sessions not yet through the door check, by session
 * start; EXM-7/EXM-8: candidates checked in at past sessions still without a published result
 * (scoring or publication outstanding), the oldest session first — overdue from the day after.
 */
export async function candidateQueue(
  db: Executor,
  p: { centreOrgId: string; today: string; step: 'door' | 'publish' },
): Promise<Queue> {
  const where =
    p.step === 'door'
      ? and(
          centreSessions(p.centreOrgId),
          eq(examSessions.date, p.today),
          eq(examBookings.status, 'allocated'),
          isNull(examBookings.checkedInAt),
        )
      : and(
          centreSessions(p.centreOrgId),
          lte(examSessions.date, p.today),
          isNotNull(examBookings.checkedInAt),
          noResult(db),
        );
  const late = sql`${examSessions.date} < ${p.today}`;
  const [[counts], rows] = await Promise.all([
    db
      .select({
        count: sql<number>`count(*)::int`,
        overdue: p.step === 'door' ? sql<number>`0` : sql<number>`(count(*) filter (where ${late}))::int`,
        oldestDue: p.step === 'door' ? sql<string | null>`null` : sql<string | null>`min(${examSessions.date})::text`,
      })
      .from(examBookings)
      .innerJoin(examSessions, eq(examSessions.id, examBookings.sessionId))
      .where(where),
    db
      .select({
        id: examSessions.id,
        date: examSessions.date,
        startsAt: examSessions.startsAt,
        itemCode: examSessions.itemCode,
        siteName: examSites.name,
        n: sql<number>`count(*)::int`,
      })
      .from(examBookings)
      .innerJoin(examSessions, eq(examSessions.id, examBookings.sessionId))
      .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
      .where(where)
      .groupBy(examSessions.id, examSessions.date, examSessions.startsAt, examSessions.itemCode, examSites.name)
      .orderBy(asc(examSessions.startsAt))
      .limit(WORKBENCH_ITEMS),
  ]);
  const door = p.step === 'door';
  return queueOf(
    door
      ? { key: 'door-checks', label: '今日待检录考生（人证核验）', link: '/exams/sessions', unit: '人' }
      : { key: 'results-to-publish', label: '待评分、待发布成绩的考生', link: '/exams/practical', unit: '人' },
    counts,
    rows.map((s) => ({
      id: s.id,
      title: s.siteName,
      detail: `${door ? hhmm(s.startsAt) : s.date} · ${s.n} 人`,
      itemCode: s.itemCode,
      since: s.date,
      dueOn: door ? null : s.date,
      overdueDays: door ? null : daysOverdue(p.today, s.date),
      link: door ? '/exams/sessions' : '/exams/practical',
    })),
    p.today,
  );
}

/** EXM-7: an examiner's candidates checked in at the centre's sessions that this examiner has not scored. */
export async function examinerSheetQueue(
  db: Executor,
  p: { centreOrgId: string; examinerUserId: string; today: string },
): Promise<Queue> {
  const where = and(
    centreSessions(p.centreOrgId),
    lte(examSessions.date, p.today),
    isNotNull(examBookings.checkedInAt),
    noResult(db),
    notExists(
      db
        .select({ one: sql`1` })
        .from(examPracticalSheets)
        .where(
          and(
            eq(examPracticalSheets.bookingId, examBookings.id),
            eq(examPracticalSheets.examinerUserId, p.examinerUserId),
          ),
        ),
    ),
  );
  const [[counts], rows] = await Promise.all([
    db
      .select({ count: sql<number>`count(*)::int`, overdue: sql<number>`0`, oldestDue: sql<string | null>`null` })
      .from(examBookings)
      .innerJoin(examSessions, eq(examSessions.id, examBookings.sessionId))
      .where(where),
    db
      .select({
        id: examBookings.id,
        date: examSessions.date,
        itemCode: examSessions.itemCode,
        siteName: examSites.name,
      })
      .from(examBookings)
      .innerJoin(examSessions, eq(examSessions.id, examBookings.sessionId))
      .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
      .where(where)
      .orderBy(asc(examSessions.startsAt), asc(examBookings.seq))
      .limit(WORKBENCH_ITEMS),
  ]);
  return queueOf(
    { key: 'practical-sheets', label: '待评分的实际操作考试', link: '/exams/practical', unit: '人' },
    counts,
    rows.map((b) => ({
      id: b.id,
      title: b.siteName,
      detail: b.date,
      itemCode: b.itemCode,
      since: b.date,
      dueOn: null,
      overdueDays: null,
      link: '/exams/practical',
    })),
    p.today,
  );
}

/** EXM-3: the candidate's own coming exams (booked, no result yet), the soonest first. */
export async function myExamQueue(db: Executor, p: { workerId: string; today: string }): Promise<Queue> {
  const rows = await db
    .select({
      id: examBookings.id,
      date: examSessions.date,
      startsAt: examSessions.startsAt,
      itemCode: examSessions.itemCode,
      siteName: examSites.name,
      address: examSites.address,
      status: examBookings.status,
    })
    .from(examBookings)
    .innerJoin(examSessions, eq(examSessions.id, examBookings.sessionId))
    .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
    .where(and(eq(examBookings.workerId, p.workerId), gte(examSessions.date, p.today), noResult(db)))
    .orderBy(asc(examSessions.startsAt));
  return queueOf(
    { key: 'my-exams', label: '我的考试安排', link: '/exam', unit: '场' },
    { count: rows.length, overdue: 0, oldestDue: null },
    rows.slice(0, WORKBENCH_ITEMS).map((b) => ({
      id: b.id,
      title: `${b.date} ${hhmm(b.startsAt)} · ${b.siteName}`,
      detail: b.status === 'waitlisted' ? '候补中' : b.address,
      itemCode: b.itemCode,
      since: b.date,
      dueOn: b.date,
      overdueDays: null,
      link: '/exam',
    })),
    p.today,
  );
}

/**
 * EXM-1: exam-site applications waiting for this regulator — the city reviews what a centre submitted,
 * the province files what its city accepted — the longest waiting first.
 */
export async function siteApplicationQueue(
  db: Executor,
  p: { regionPrefix: string; step: 'review' | 'file'; today: string },
): Promise<Queue> {
  const where = and(
    like(examSiteApplications.regionCode, `${p.regionPrefix}%`),
    eq(examSiteApplications.status, p.step === 'review' ? 'submitted' : 'city_approved'),
  );
  const [[counts], rows] = await Promise.all([
    db.select({ count: sql<number>`count(*)::int` }).from(examSiteApplications).where(where),
    db
      .select({
        id: examSiteApplications.id,
        kind: examSiteApplications.kind,
        proposal: examSiteApplications.proposal,
        submittedAt: examSiteApplications.submittedAt,
      })
      .from(examSiteApplications)
      .where(where)
      .orderBy(asc(examSiteApplications.submittedAt))
      .limit(WORKBENCH_ITEMS),
  ]);
  return queueOf(
    {
      key: 'site-applications',
      label: p.step === 'review' ? '待审核的考试点设立与变更' : '待备案的考试点设立与变更',
      link: '/exams/sites',
      unit: '份',
    },
    { count: counts.count, overdue: 0, oldestDue: null },
    rows.map((r) => ({
      id: r.id,
      title: r.proposal.name,
      detail: r.kind === 'establish' ? '设立申请' : '变更申请',
      since: dayOf(r.submittedAt),
      dueOn: null,
      overdueDays: null,
      link: '/exams/sites',
    })),
    p.today,
  );
}

/**
 * EXM-1: exam centres' own filings waiting for the viewer — a city's review of its city centres'
 * applications, the province's filing of what its cities approved and of its own centre's application.
 */
export async function centreApplicationQueue(
  db: Executor,
  p: { regionPrefix: string; step: 'review' | 'file'; today: string },
): Promise<Queue> {
  const t = examCentreApplications;
  const where = and(
    like(t.regionCode, `${p.regionPrefix}%`),
    p.step === 'review'
      ? and(eq(t.status, 'submitted'), eq(t.level, 'city'))
      : or(
          and(eq(t.status, 'city_approved'), eq(t.level, 'city')),
          and(eq(t.status, 'submitted'), eq(t.level, 'province')),
        ),
  );
  const [[counts], rows] = await Promise.all([
    db.select({ count: sql<number>`count(*)::int` }).from(t).where(where),
    db
      .select({ id: t.id, kind: t.kind, profile: t.profile, submittedAt: t.submittedAt })
      .from(t)
      .where(where)
      .orderBy(asc(t.submittedAt))
      .limit(WORKBENCH_ITEMS),
  ]);
  return queueOf(
    {
      key: 'centre-applications',
      label: p.step === 'review' ? '待审核的考试机构备案' : '待备案的考试机构备案',
      link: '/exams/centre-filing',
      unit: '份',
    },
    { count: counts.count, overdue: 0, oldestDue: null },
    rows.map((r) => ({
      id: r.id,
      title: r.profile.name,
      detail: r.kind === 'establish' ? '备案申请' : '变更申请',
      since: dayOf(r.submittedAt),
      dueOn: null,
      overdueDays: null,
      link: '/exams/centre-filing',
    })),
    p.today,
  );
}
