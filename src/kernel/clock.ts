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

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A calendar date (YYYY-MM-DD) plus whole months. Where the target month has no such day (the 31st,
 * 29 February), the month's last day is used: 民法典 art. 202 ends a period on the month's last day
 * when there is no corresponding day.
 */
export function addMonths(day: string, months: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(day)}`);
  const index = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const y = Math.floor(index / 12);
  const mo = (index % 12) + 1;
  const d = Math.min(Number(m[3]), daysInMonth(y, mo));
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
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
