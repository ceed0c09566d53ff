// TRN-3 → TRN-4: the learning module reports credited online seconds here; training owns the ledger,
// so the later module calls this earlier one's service rather than the ledger reading its tables.
import { and, eq, sql } from 'drizzle-orm';
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
  const [totals] = await db
    .select({
      all: sql<number>`coalesce(sum(${onlineCredits.seconds}), 0)::int`,
      own: sql<number>`coalesce(sum(case when ${onlineCredits.sourceId} = ${c.sourceId} then ${onlineCredits.seconds} else 0 end), 0)::int`,
    })
    .from(onlineCredits)
    .where(and(eq(onlineCredits.classId, c.classId), eq(onlineCredits.workerId, c.workerId)));
  const before = hourUnits(Math.floor(Number(totals.all) / 60), 'online');
  const after = hourUnits(Math.floor((Number(totals.all) - Number(totals.own) + c.seconds) / 60), 'online');
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
  await db
    .insert(onlineCredits)
    .values({ sourceId: c.sourceId, classId: c.classId, workerId: c.workerId, seconds: c.seconds, updatedAt: c.at })
    .onConflictDoUpdate({ target: onlineCredits.sourceId, set: { seconds: c.seconds, updatedAt: c.at } });
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
