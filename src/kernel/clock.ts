// The one source of time, so deadline rules (48 h, 15 days, working days) can be tested at their edges.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and move. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date | string): void {
    this.current = new Date(date);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * The browser journeys' clock (E2E_TEST_CLOCK=1, never in production — config refuses it there): real
 * time plus an offset the journey moves forward through `POST /api/testing/clock`, so 30 minutes of
 * online learning (TRN-3) take a minute. It only goes forward: audit records stay in time order.
 */
export class TestClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('the test clock only moves forward');
    this.offsetMs += ms;
  }
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000; // China Standard Time has no daylight saving.

/** The calendar date in China (YYYY-MM-DD) at an instant: ages and deadlines are counted in it. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A calendar date (YYYY-MM-DD) moved by whole days. */
export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
