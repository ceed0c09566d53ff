// ANA-3 (CER-3, CER-5): verification traffic without a write per verification. Each answer is counted in
// the process (per China day, county and outcome) and the counts are added to
// certificate_verification_counts by one upsert every TALLY_FLUSH_MS and at shutdown; a flush that fails
// puts its counts back, so a database hiccup loses nothing.
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { verificationCounts } from './schema.js';

export const TALLY_FLUSH_MS = 10_000;
const tallies = new WeakMap<object, Map<string, number>>();

function tallyOf(db: Executor): Map<string, number> {
  let t = tallies.get(db);
  if (!t) tallies.set(db, (t = new Map()));
  return t;
}

/** Counts one answered verification. */
export function tallyVerification(db: Executor, day: string, regionCode: string | null, outcome: string): void {
  const t = tallyOf(db);
  const key = `${day}|${regionCode ?? ''}|${outcome}`;
  t.set(key, (t.get(key) ?? 0) + 1);
}

/** Adds the counts gathered since the last flush to the table. */
export async function flushVerificationTally(db: Executor): Promise<number> {
  const t = tallyOf(db);
  if (!t.size) return 0;
  const rows = [...t].map(([key, n]) => {
    const [day, regionCode, outcome] = key.split('|');
    return { day, regionCode, outcome, n };
  });
  t.clear();
  try {
    await db
      .insert(verificationCounts)
      .values(rows)
      .onConflictDoUpdate({
        target: [verificationCounts.day, verificationCounts.regionCode, verificationCounts.outcome],
        set: { n: sql`${verificationCounts.n} + excluded.n` },
      });
  } catch (err) {
    for (const r of rows) {
      const key = `${r.day}|${r.regionCode}|${r.outcome}`;
      t.set(key, (t.get(key) ?? 0) + r.n);
    }
    throw err;
  }
  return rows.reduce((s, r) => s + r.n, 0);
}

/** Flushes every TALLY_FLUSH_MS in the serving process; the returned function stops and flushes once more. */
export function startVerificationTally(
  db: Executor,
  onError: (err: unknown) => void,
  intervalMs = TALLY_FLUSH_MS,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => flushVerificationTally(db)).catch(onError);
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
    await flushVerificationTally(db).catch(onError);
  };
}
