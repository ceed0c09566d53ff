// Rate limits that hold across app instances (issue 23 "Several app instances"): @fastify/rate-limit
// with a store in the platform's own database instead of one process's memory, so 30 login tries a
// minute (or CER-3's verifications per address) are 30 for the whole deployment, whichever instance
// a balancer sends each request to. The windows are fixed (as the plugin's own store), timed by the
// database's clock so instances with drifting clocks agree.
//
// Cost: the hits asked for while the event loop turns once are added in ONE upsert (per key: all
// its hits of that turn), so a burst costs a round trip per turn, not per request. A key already
// over its limit is answered from memory until its window ends (it cannot come back under it
// sooner), so a client hammering a limited route costs no writes.
import { sql } from 'drizzle-orm';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Db } from '../db/index.js';
import { rowsOf } from '../db/read.js';

/** Expired windows older than this are deleted, at most once per SWEEP_EVERY_MS. */
const SWEEP_EVERY_MS = 10 * 60_000;

interface Pending {
  windowMs: number;
  waiters: Array<{ resolve: (r: { current: number; ttl: number }) => void; reject: (err: unknown) => void }>;
}

class SharedCounter {
  private pending = new Map<string, Pending>();
  private scheduled = false;
  /** Keys over their limit, until their window ends (Date.now() ms): answered without the database. */
  private blocked = new Map<string, { until: number; current: number }>();
  private sweptAt = Date.now();

  constructor(private readonly db: Db) {}

  incr(key: string, windowMs: number, max: number): Promise<{ current: number; ttl: number }> {
    const block = this.blocked.get(key);
    if (block) {
      const ttl = block.until - Date.now();
      if (ttl > 0) {
        block.current += 1;
        return Promise.resolve({ current: block.current, ttl });
      }
      this.blocked.delete(key);
    }
    return new Promise<{ current: number; ttl: number }>((resolve, reject) => {
      const p = this.pending.get(key) ?? { windowMs, waiters: [] };
      p.waiters.push({ resolve, reject });
      this.pending.set(key, p);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    }).then((r) => {
      if (r.current > max && r.ttl > 0) {
        if (this.blocked.size > 50_000) this.blocked.clear();
        this.blocked.set(key, { until: Date.now() + r.ttl, current: r.current });
      }
      return r;
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = [...this.pending];
    this.pending.clear();
    const rows = batch.map(([key, p]) => ({ key, window_ms: p.windowMs, n: p.waiters.length }));
    try {
      // Within the window the hits add up; a window that has ended starts again with this turn's hits.
      const found = await rowsOf<{ key: string; hits: number; ttl: number }>(
        this.db,
        sql`insert into rate_limit_windows as w (key, started_at, window_ms, hits)
            select t.key, now(), t.window_ms, t.n
              from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(key text, window_ms int, n int)
            on conflict (key) do update set
              hits = case when w.started_at + w.window_ms * interval '1 millisecond' <= now()
                          then excluded.hits else w.hits + excluded.hits end,
              started_at = case when w.started_at + w.window_ms * interval '1 millisecond' <= now()
                                then now() else w.started_at end,
              window_ms = excluded.window_ms
            returning w.key, w.hits,
              greatest(0, ceil(extract(epoch from (w.started_at + w.window_ms * interval '1 millisecond' - now())) * 1000))::int as ttl`,
      );
      const byKey = new Map(found.map((r) => [r.key, r]));
      for (const [key, p] of batch) {
        const r = byKey.get(key);
        if (!r) {
          for (const w of p.waiters) w.reject(new Error(`rate limit: no window returned for ${key}`));
          continue;
        }
        // This turn's hits were added together: each caller is told its own place among them.
        const first = Number(r.hits) - p.waiters.length;
        p.waiters.forEach((w, i) => w.resolve({ current: first + i + 1, ttl: Number(r.ttl) }));
      }
    } catch (err) {
      for (const [, p] of batch) for (const w of p.waiters) w.reject(err);
    }
    if (Date.now() - this.sweptAt > SWEEP_EVERY_MS) {
      this.sweptAt = Date.now();
      await this.db
        .execute(
          sql`delete from rate_limit_windows where started_at + window_ms * interval '1 millisecond' < now() - interval '1 hour'`,
        )
        .catch(() => undefined);
    }
  }
}

/**
 * The store for `@fastify/rate-limit`'s `store` option: each route's limit counts under its own
 * prefix (method and route pattern, or the limit's groupId), the key (the client address) after it.
 */
export function sharedRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  const counter = new SharedCounter(db);
  class SharedRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = 'global|',
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void {
      counter.incr(`${this.prefix}${key}`, timeWindow, max).then(
        (r) => callback(null, r),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    }

    // The plugin passes the limit's merged options, the route's own under `routeInfo` (not in its types).
    child(options: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const routeOptions = options as unknown as { groupId?: string; routeInfo?: { method?: unknown; url?: string } };
      const info = routeOptions.routeInfo ?? {};
      const method = Array.isArray(info.method) ? info.method.join(',') : String(info.method ?? '');
      const prefix = routeOptions.groupId ? `group:${routeOptions.groupId}|` : `${method} ${info.url ?? ''}|`;
      return new SharedRateLimitStore(undefined, prefix);
    }
  }
  return SharedRateLimitStore as unknown as FastifyRateLimitStoreCtor;
}
