// TRN-3 → TRN-4: the learning module reports credited online seconds here; training owns the ledger,
// so the later module calls this earlier one's service rather than the ledger reading its tables.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { onlineCredits } from './schema.js';

/** Sets (not adds) the seconds credited by one learning session: idempotent on retries. */
export async function recordOnlineCredit(db: Executor, c: { sourceId: string; classId: string; workerId: string; seconds: number; at: Date }) {
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
