// Domain events through an outbox: written in the changing transaction, delivered afterwards to
// each subscriber exactly once (a delivery row per event and subscriber), with retries.
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/index.js';
import type { Clock } from './clock.js';
import type { AppContext } from './context.js';
import { recordOutboxDelivered, recordOutboxRound } from './metrics.js';
import { domainEvents, eventDeliveries } from './schema.js';

export interface DomainEvent<P extends Record<string, unknown> = Record<string, unknown>> {
  id: number;
  type: string;
  payload: P;
  regionCode: string | null;
  occurredAt: Date;
}

export interface EventSubscriber {
  /** Stable name: deliveries are remembered per subscriber. */
  name: string;
  types: readonly string[];
  /** Runs in the delivery's transaction: its writes commit exactly when the delivery does. */
  handle(tx: Tx, event: DomainEvent, ctx: AppContext): Promise<void>;
}

/** Failed deliveries wait this long before the next try; after the last, they stay for a person to look at. */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000];

export async function emitEvent(
  tx: Tx,
  clock: Clock,
  event: { type: string; payload: Record<string, unknown>; regionCode?: string | null },
): Promise<void> {
  await tx.insert(domainEvents).values({
    type: event.type,
    payload: event.payload,
    regionCode: event.regionCode ?? null,
    occurredAt: clock.now(),
  });
}

async function pendingFor(ctx: AppContext, subscriber: EventSubscriber, limit: number) {
  const now = ctx.clock.now();
  return ctx.db
    .select({ event: domainEvents })
    .from(domainEvents)
    .leftJoin(
      eventDeliveries,
      and(eq(eventDeliveries.eventId, domainEvents.id), eq(eventDeliveries.subscriber, subscriber.name)),
    )
    .where(
      and(
        inArray(domainEvents.type, [...subscriber.types]),
        or(
          isNull(eventDeliveries.eventId),
          and(
            isNull(eventDeliveries.deliveredAt),
            lt(eventDeliveries.attempts, RETRY_DELAYS_MS.length),
            lte(eventDeliveries.nextAttemptAt, now),
          ),
        ),
      ),
    )
    .orderBy(asc(domainEvents.id))
    .limit(limit);
}

async function deliverOne(ctx: AppContext, subscriber: EventSubscriber, event: DomainEvent): Promise<boolean> {
  try {
    return await ctx.db.transaction(async (tx) => {
      // Claim first: a concurrent deliverer waits on this row and then finds it delivered.
      const claimed = await tx
        .insert(eventDeliveries)
        .values({ eventId: event.id, subscriber: subscriber.name, deliveredAt: ctx.clock.now(), attempts: 1 })
        .onConflictDoUpdate({
          target: [eventDeliveries.eventId, eventDeliveries.subscriber],
          set: {
            deliveredAt: ctx.clock.now(),
            attempts: sql`${eventDeliveries.attempts} + 1`,
            lastError: null,
            nextAttemptAt: null,
          },
          setWhere: isNull(eventDeliveries.deliveredAt),
        })
        .returning({ eventId: eventDeliveries.eventId });
      if (claimed.length === 0) return false;
      await subscriber.handle(tx, event, ctx);
      return true;
    });
  } catch (err) {
    const now = ctx.clock.now();
    const [row] = await ctx.db
      .select({ attempts: eventDeliveries.attempts })
      .from(eventDeliveries)
      .where(and(eq(eventDeliveries.eventId, event.id), eq(eventDeliveries.subscriber, subscriber.name)));
    const attempts = (row?.attempts ?? 0) + 1;
    const delay = RETRY_DELAYS_MS[attempts - 1];
    const failure = {
      attempts,
      lastError: String((err as Error)?.message ?? err).slice(0, 2000),
      nextAttemptAt: delay ? new Date(now.getTime() + delay) : null,
    };
    await ctx.db
      .insert(eventDeliveries)
      .values({ eventId: event.id, subscriber: subscriber.name, ...failure })
      .onConflictDoUpdate({ target: [eventDeliveries.eventId, eventDeliveries.subscriber], set: failure });
    return false;
  }
}

/** Delivers what is due to every subscriber, oldest first; returns how many were delivered. */
export async function deliverEvents(
  ctx: AppContext,
  subscribers: readonly EventSubscriber[],
  limit = 200,
): Promise<number> {
  let delivered = 0;
  for (const subscriber of subscribers) {
    const due = await pendingFor(ctx, subscriber, limit);
    // The backlog as this round sees it is the outbox's lag for /metrics, at no extra query.
    recordOutboxRound(subscriber.name, due.length, due[0]?.event.occurredAt ?? null, ctx.clock.now());
    for (const { event } of due) {
      if (await deliverOne(ctx, subscriber, event as DomainEvent)) {
        delivered += 1;
        recordOutboxDelivered(subscriber.name);
      }
    }
  }
  return delivered;
}

/** Polls the outbox in the serving process; returns a function that stops it. */
export function startEventDelivery(
  ctx: AppContext,
  subscribers: readonly EventSubscriber[],
  onError: (err: unknown) => void,
  intervalMs = 1000,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => deliverEvents(ctx, subscribers)).catch(onError);
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
