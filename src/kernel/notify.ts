// Cross-instance notifications (issue 23 "Several app instances"): PostgreSQL's LISTEN/NOTIFY, so a
// change made on one app instance reaches what the others hold open (the INT-6 patrol board's
// event streams). A notification sent in a transaction is delivered when it commits, to every
// listening session of the database, this process's included. On PGlite (one process) the same
// calls go through PGlite's own listen/notify.
//
// Notifications are a nudge, not a record: a listener that misses one (a lost connection) still has
// its own periodic refresh; nothing may depend on them for correctness.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db, Executor } from '../db/index.js';

const CHANNEL = /^[a-z][a-z0-9_]{0,62}$/;
type Listener = (payload: string) => void;

interface Hub {
  listeners: Map<string, Set<Listener>>;
  /** Channels LISTENed to (or being), on the hub's connection. */
  joined: Map<string, Promise<unknown>>;
  join(channel: string): Promise<unknown>;
  close(): Promise<void>;
}

const hubs = new WeakMap<object, Hub>();

function dispatch(hub: Hub, channel: string, payload: string) {
  for (const fn of hub.listeners.get(channel) ?? []) {
    try {
      fn(payload);
    } catch {
      // A listener's failure is its own; the others still hear.
    }
  }
}

function postgresHub(pool: { options: pg.ClientConfig }): Hub {
  // Its own connection outside the pool: a LISTENing session is held for the life of the app.
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  const hub: Hub = {
    listeners: new Map(),
    joined: new Map(),
    join(channel) {
      connecting ??= (async () => {
        const c = new pg.Client(pool.options);
        c.on('notification', (m) => dispatch(hub, m.channel, m.payload ?? ''));
        // A lost connection forgets its channels: the next listener reconnects and joins again.
        c.on('error', () => {
          client = null;
          connecting = null;
          hub.joined.clear();
        });
        await c.connect();
        client = c;
        return c;
      })().catch((err: unknown) => {
        connecting = null;
        throw err;
      });
      return connecting.then((c) => c.query(`listen ${channel}`));
    },
    async close() {
      const c = client ?? (await connecting?.catch(() => null));
      client = null;
      connecting = null;
      await c?.end().catch(() => undefined);
    },
  };
  return hub;
}

function pgliteHub(instance: {
  listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>>;
}): Hub {
  const unlisteners: Array<Promise<() => Promise<void>>> = [];
  const hub: Hub = {
    listeners: new Map(),
    joined: new Map(),
    join(channel) {
      const u = instance.listen(channel, (payload) => dispatch(hub, channel, payload ?? ''));
      unlisteners.push(u);
      return u;
    },
    async close() {
      for (const u of unlisteners.splice(0)) await (await u.catch(() => null))?.().catch(() => undefined);
    },
  };
  return hub;
}

function hubOf(db: Db): Hub {
  let hub = hubs.get(db);
  if (!hub) {
    const client = (db as unknown as { $client: unknown }).$client as Record<string, unknown>;
    hub =
      typeof client.listen === 'function'
        ? pgliteHub(client as never)
        : postgresHub(client as unknown as { options: pg.ClientConfig });
    hubs.set(db, hub);
  }
  return hub;
}

/** Sends `payload` on `channel`; inside a transaction it goes out when (and only if) it commits. */
export async function notify(executor: Executor, channel: string, payload = ''): Promise<void> {
  if (!CHANNEL.test(channel)) throw new Error(`notify: bad channel name ${channel}`);
  await executor.execute(sql`select pg_notify(${channel}, ${payload})`);
}

/** Calls `fn` for every notification on `channel` (from any instance); returns the unsubscribe. */
export async function listen(db: Db, channel: string, fn: Listener): Promise<() => void> {
  if (!CHANNEL.test(channel)) throw new Error(`listen: bad channel name ${channel}`);
  const hub = hubOf(db);
  const set = hub.listeners.get(channel) ?? new Set<Listener>();
  hub.listeners.set(channel, set);
  set.add(fn);
  let joined = hub.joined.get(channel);
  if (!joined) {
    joined = hub.join(channel).catch((err: unknown) => {
      hub.joined.delete(channel);
      throw err;
    });
    hub.joined.set(channel, joined);
  }
  await joined;
  return () => {
    set.delete(fn);
  };
}

/** Ends the listening connection of `db` (the app closes it before its database). */
export async function closeListeners(db: Db): Promise<void> {
  const hub = hubs.get(db);
  if (!hub) return;
  hubs.delete(db);
  await hub.close();
}
