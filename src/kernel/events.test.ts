import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testing/harness.js';
import { appendAudit, verifyAuditChain } from './audit.js';
import { RETRY_DELAYS_MS, deliverEvents, emitEvent, type DomainEvent, type EventSubscriber } from './events.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(() => p.close());

let n = 0;
function recorder(types: string[], fail: (e: DomainEvent) => boolean = () => false) {
  const seen: DomainEvent[] = [];
  const subscriber: EventSubscriber = {
    name: `test-${(n += 1)}`,
    types,
    async handle(tx, event, ctx) {
      // A write of the handler, to prove it commits or rolls back with the delivery.
      await appendAudit(tx, ctx.clock, null, {
        action: 'test.handled',
        entityType: 'event',
        entityId: String(event.id),
      });
      if (fail(event)) throw new Error(`cannot handle ${event.id}`);
      seen.push(event);
    },
  };
  return { subscriber, seen };
}

const emit = (type: string, payload: Record<string, unknown> = {}) =>
  p.ctx.db.transaction((tx) => emitEvent(tx, p.ctx.clock, { type, payload, regionCode: '510107' }));

describe('outbox', () => {
  it('delivers an event once to each subscriber of its type, in order, and never again', async () => {
    const a = recorder(['thing.happened']);
    const b = recorder(['thing.happened', 'other.thing']);
    await emit('thing.happened', { k: 1 });
    await emit('other.thing', { k: 2 });
    await emit('thing.happened', { k: 3 });
    expect(await deliverEvents(p.ctx, [a.subscriber, b.subscriber])).toBe(5);
    expect(a.seen.map((e) => e.payload.k)).toEqual([1, 3]);
    expect(b.seen.map((e) => e.payload.k)).toEqual([1, 2, 3]);
    expect(a.seen[0]).toMatchObject({ type: 'thing.happened', regionCode: '510107' });
    expect(await deliverEvents(p.ctx, [a.subscriber, b.subscriber])).toBe(0);
    expect(a.seen).toHaveLength(2);
  });

  it('an event emitted in a rolled-back transaction does not exist', async () => {
    const a = recorder(['rolled.back']);
    await expect(
      p.ctx.db.transaction(async (tx) => {
        await emitEvent(tx, p.ctx.clock, { type: 'rolled.back', payload: {} });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await deliverEvents(p.ctx, [a.subscriber])).toBe(0);
  });

  it('a failing subscriber rolls back its writes, is retried after the delays, and stops after the last one', async () => {
    let failing = true;
    const a = recorder(['flaky'], () => failing);
    await emit('flaky');
    const audited = async () => (await verifyAuditChain(p.ctx.db)).count;
    const before = await audited();
    for (const delay of RETRY_DELAYS_MS) {
      expect(await deliverEvents(p.ctx, [a.subscriber])).toBe(0);
      expect(await deliverEvents(p.ctx, [a.subscriber])).toBe(0); // not due yet: nothing attempted
      p.clock.advance(delay);
    }
    expect(await audited()).toBe(before); // every failed attempt's audit record was rolled back
    failing = false;
    expect(await deliverEvents(p.ctx, [a.subscriber])).toBe(0); // given up: left for a person
    expect(a.seen).toHaveLength(0);
  });

  it('a subscriber that recovers before its retries run out gets the event', async () => {
    let failing = true;
    const a = recorder(['recovers'], () => failing);
    await emit('recovers');
    expect(await deliverEvents(p.ctx, [a.subscriber])).toBe(0);
    failing = false;
    p.clock.advance(RETRY_DELAYS_MS[0]);
    expect(await deliverEvents(p.ctx, [a.subscriber])).toBe(1);
    expect(a.seen).toHaveLength(1);
  });
});
