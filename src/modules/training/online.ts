// TRN-3 → TRN-4: the learning module reports credited online seconds here; training owns the ledger,
// so the later module calls this earlier one's service rather than the ledger reading its tables.
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/index.js';
import { appendArchiveEvent } from '../registry/index.js';
import { hourUnits } from './rules.js';
import { onlineCredits } from './schema.js';

/**
 * Sets (not adds) the seconds credited by one learning session: idempotent on retries. When the
 * trainee's online theory in the class reaches another whole 学时 (30 minutes, TRN-4), the
 * life-cycle archive records it, as check-out does for offline hours (REG-1).
 */
export async function recordOnlineCredit(
  db: Tx,
  c: { sourceId: string; classId: string; workerId: string; seconds: number; at: Date },
) {
  // One statement per beat (TRN-3 heartbeats are the platform's busiest write): the totals are read
  // in the same statement as the upsert, from the snapshot before it.
  const result = (await db.execute(sql`
    with totals as (
      select coalesce(sum(seconds), 0)::int as all_seconds,
        coalesce(sum(case when source_id = ${c.sourceId}::uuid then seconds else 0 end), 0)::int as own
      from online_credits where class_id = ${c.classId}::uuid and worker_id = ${c.workerId}::uuid
    ), up as (
      insert into online_credits (source_id, class_id, worker_id, seconds, updated_at)
      values (${c.sourceId}::uuid, ${c.classId}::uuid, ${c.workerId}::uuid, ${c.seconds}::int, ${c.at.toISOString()}::timestamptz)
      on conflict (source_id) do update set seconds = excluded.seconds, updated_at = excluded.updated_at
    )
    select all_seconds, own from totals`)) as unknown as { rows: Array<{ all_seconds: number; own: number }> };
  const totals = result.rows[0];
  const before = hourUnits(Math.floor(Number(totals.all_seconds) / 60), 'online');
  const after = hourUnits(Math.floor((Number(totals.all_seconds) - Number(totals.own) + c.seconds) / 60), 'online');
  if (after > before) {
    await appendArchiveEvent(db, c.at, null, {
      workerId: c.workerId,
      kind: 'hours_credited',
      summary: `线上理论学时累计 ${after} 学时（每学时 30 分钟，由平台服务器计时认定）`,
      detail: {
        classId: c.classId,
        units: after - before,
        total: after,
        subject: 'theory',
        mode: 'online',
        learningSessionId: c.sourceId,
      },
    });
  }
}

/**
 * Issue 18 (TRN-3 heartbeats without a transaction): the trainee's online seconds in the class, as a
 * scalar sub-query a caller puts in its own statement (SQL expressions naming class and worker).
 */
export function onlineSecondsText(classId: string, workerId: string): string {
  return `(select coalesce(sum(oc.seconds), 0)::bigint from online_credits oc where oc.class_id = ${classId} and oc.worker_id = ${workerId})`;
}
export function onlineSecondsOfSourceText(sourceId: string): string {
  return `(select coalesce(sum(oc.seconds), 0)::bigint from online_credits oc where oc.source_id = ${sourceId})`;
}

/**
 * The credit's upsert as a CTE body over the rows of the caller's CTE `fromRows`, which has the
 * columns source_id, class_id, worker_id, seconds, at (one row per source at most).
 */
export function onlineCreditUpsertText(fromRows: string): string {
  if (!/^[a-z_]+$/.test(fromRows)) throw new Error(`onlineCreditUpsertText: bad CTE name ${fromRows}`);
  return `insert into online_credits (source_id, class_id, worker_id, seconds, updated_at)
    select source_id, class_id, worker_id, seconds, at from ${fromRows}
    on conflict (source_id) do update set seconds = excluded.seconds, updated_at = excluded.updated_at`;
}

/**
 * Whether setting the source's seconds to `seconds` leaves the trainee's whole 学时 unchanged, given
 * the totals read before: then the credit needs no archive event and may be written by
 * `onlineCreditUpsertText` in the caller's statement; otherwise the caller uses recordOnlineCredit.
 */
export function creditCrossesHour(totals: { all: number; own: number }, seconds: number): boolean {
  const before = hourUnits(Math.floor(totals.all / 60), 'online');
  const after = hourUnits(Math.floor((totals.all - totals.own + seconds) / 60), 'online');
  return after !== before;
}

/** Seconds of online learning per trainee of a class. */
export async function onlineSecondsOfClass(db: Executor, classId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ workerId: onlineCredits.workerId, seconds: sql<number>`sum(${onlineCredits.seconds})::int` })
    .from(onlineCredits)
    .where(eq(onlineCredits.classId, classId))
    .groupBy(onlineCredits.workerId);
  return new Map(rows.map((r) => [r.workerId, Number(r.seconds)]));
}

/** 一期一档: each trainee's online learning as credited by the server, with when it last grew. */
export async function onlineCreditsOfClass(
  db: Executor,
  classId: string,
): Promise<Array<{ workerId: string; seconds: number; sessions: number; updatedAt: Date }>> {
  const rows = await db
    .select({
      workerId: onlineCredits.workerId,
      seconds: sql<number>`sum(${onlineCredits.seconds})::int`,
      sessions: sql<number>`count(*)::int`,
      updatedAt: sql<string>`max(${onlineCredits.updatedAt})`,
    })
    .from(onlineCredits)
    .where(eq(onlineCredits.classId, classId))
    .groupBy(onlineCredits.workerId);
  return rows.map((r) => ({
    workerId: r.workerId,
    seconds: Number(r.seconds),
    sessions: Number(r.sessions),
    updatedAt: new Date(r.updatedAt),
  }));
}
