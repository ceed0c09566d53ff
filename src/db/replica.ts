// Issue 23: reads from a PostgreSQL streaming replica. Public verification (CER-3), the public
// lists and the analytics dashboards read through `pickReadDb`; everything else writes and reads
// the primary. The replica is used only while it is known to be close behind the primary: its lag
// is measured at most every LAG_SAMPLE_MS and, above the configured bound (or when the replica does
// not answer), reads go to the primary and the answer can say so.
import { sql } from 'drizzle-orm';
import type { Database, Db } from './index.js';
import { rowsOf } from './read.js';

/** How often the lag is measured; callers in between share the last figure. */
export const LAG_SAMPLE_MS = 200;
/** Primary positions older than this are forgotten: a replica further behind is simply "too far". */
const HISTORY_MS = 60_000;

export type ReadFrom = 'replica' | 'primary';

export interface ReplicaLag {
  /** Whether a replica is configured at all. */
  configured: boolean;
  /**
   * How stale the replica's data may be, in milliseconds: the time since the primary was last seen at
   * a WAL position the replica has replayed. Infinity when the replica does not answer or is further
   * behind than the history kept; 0 without a replica.
   */
  lagMs: number;
  /** Bytes of WAL the primary has that the replica had not replayed when measured. */
  bytesBehind: number;
  /** Whether reads go to the replica now (lag within bound). */
  withinBound: boolean;
  maxLagMs: number;
  measuredAt: Date | null;
  /** The replica's reason for not answering, when it did not. */
  error?: string;
}

/** LSN "16/B374D848" → a number of bytes (exact up to 2^53, i.e. 8 PiB of WAL). */
export function lsnBytes(lsn: string): number {
  const [hi, lo] = lsn.split('/');
  return Number.parseInt(hi!, 16) * 2 ** 32 + Number.parseInt(lo!, 16);
}

/**
 * The lag from the primary's recent WAL positions (each seen at a time) and the replica's replayed
 * position: the replica holds everything the primary had at the latest sample at or below its
 * position, so its data is at most `now - that sample's time` old. Measuring the primary first and
 * the replica right after makes a caught-up replica read as ≈ 0 even under writes. Comparing
 * positions, not `now() - pg_last_xact_replay_timestamp()`, keeps an idle primary from looking like
 * a growing lag (that timestamp stops moving when nothing is written). When the replica is short of
 * the latest sample, the sample spacing (LAG_SAMPLE_MS) would overstate a small lag under steady
 * writes; the age of the last replayed commit is then a second upper bound (what the replica lacks was
 * committed after it), and the smaller of the two is taken.
 */
export function lagFromSamples(
  samples: { lsn: number; at: number }[],
  replayed: number,
  now: number,
  replayAgeMs: number | null = null,
): number {
  let best: number | null = null;
  let latest: { lsn: number; at: number } | null = null;
  for (const s of samples) {
    if (s.lsn <= replayed && (best === null || s.at > best)) best = s.at;
    if (!latest || s.at > latest.at) latest = s;
  }
  const bySamples = best === null ? Number.POSITIVE_INFINITY : Math.max(0, now - best);
  if (latest && latest.lsn <= replayed) return bySamples;
  return replayAgeMs === null ? bySamples : Math.min(bySamples, Math.max(0, replayAgeMs));
}

export class ReadReplica {
  private samples: { lsn: number; at: number }[] = [];
  private last: ReplicaLag;
  private measuring: Promise<ReplicaLag> | null = null;
  /**
   * Counts the times the replica came back within bound. A cache of replica reads checked while the
   * replica was behind may hold rows older than its re-check interval allows; a reader drops such a
   * cache when the epoch moved (see certificates/verify.ts).
   */
  epoch = 0;

  constructor(
    readonly database: Database,
    private readonly primary: Db,
    readonly maxLagMs: number,
  ) {
    this.last = {
      configured: true,
      lagMs: Number.POSITIVE_INFINITY,
      bytesBehind: 0,
      withinBound: false,
      maxLagMs,
      measuredAt: null,
    };
  }

  get db(): Db {
    return this.database.db;
  }

  /** The lag, re-measured when the last figure is older than LAG_SAMPLE_MS; concurrent callers share one. */
  async lag(): Promise<ReplicaLag> {
    if (this.last.measuredAt && Date.now() - this.last.measuredAt.getTime() < LAG_SAMPLE_MS) return this.last;
    this.measuring ??= this.measure().finally(() => {
      this.measuring = null;
    });
    return this.measuring;
  }

  private async measure(): Promise<ReplicaLag> {
    const base = { configured: true as const, maxLagMs: this.maxLagMs };
    try {
      const [p] = await rowsOf<{ lsn: string }>(this.primary, sql`select pg_current_wal_lsn()::text as lsn`);
      const at = Date.now();
      const primaryLsn = lsnBytes(p!.lsn);
      this.samples.push({ lsn: primaryLsn, at });
      this.samples = this.samples.filter((s) => s.at > at - HISTORY_MS);
      const [r] = await rowsOf<{ lsn: string | null; recovering: boolean; age: number | string | null }>(
        this.db,
        sql`select pg_last_wal_replay_lsn()::text as lsn, pg_is_in_recovery() as recovering,
          (extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::float8 as age`,
      );
      // A server that is not in recovery is not a replica (a misconfigured URL): never read from it.
      if (!r?.recovering || !r.lsn) throw new Error('DATABASE_REPLICA_URL 指向的服务器不是流复制备库（不在恢复状态）');
      const replayed = lsnBytes(r.lsn);
      const now = Date.now();
      const lagMs = lagFromSamples(this.samples, replayed, now, r.age === null ? null : Number(r.age));
      if (lagMs <= this.maxLagMs && !this.last.withinBound) this.epoch += 1;
      this.last = {
        ...base,
        lagMs,
        bytesBehind: Math.max(0, primaryLsn - replayed),
        withinBound: lagMs <= this.maxLagMs,
        measuredAt: new Date(now),
      };
    } catch (err) {
      this.last = {
        ...base,
        lagMs: Number.POSITIVE_INFINITY,
        bytesBehind: 0,
        withinBound: false,
        measuredAt: new Date(),
        error: (err as Error).message,
      };
    }
    return this.last;
  }

  close(): Promise<void> {
    return this.database.close();
  }
}

/** The handle a read-only public or dashboard path uses now, and which server it is. */
export async function pickReadDb(
  primary: Db,
  replica: ReadReplica | undefined,
): Promise<{ db: Db; readFrom: ReadFrom; epoch: number }> {
  if (!replica) return { db: primary, readFrom: 'primary', epoch: 0 };
  const lag = await replica.lag();
  return lag.withinBound
    ? { db: replica.db, readFrom: 'replica', epoch: replica.epoch }
    : { db: primary, readFrom: 'primary', epoch: replica.epoch };
}
