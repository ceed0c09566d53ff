// Working days (工作日) as Chinese deadlines count them: weekends off, except the days a province's
// calendar marks (public holidays off, adjusted weekend days on). The calendar is a province setting
// (kind `calendar`, one version per year); an organisation may keep its own exceptions on top.
import type { Executor } from '../db/index.js';
import { addDays } from './clock.js';
import { settingsInForce } from './province-settings.js';

/** A calendar exception: a holiday (working=false) or an adjusted working weekend day. */
export interface CalendarException {
  day: string;
  working: boolean;
  note: string;
}

function isWeekend(day: string): boolean {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

export function isWorkingDay(day: string, exceptions: ReadonlyMap<string, boolean>): boolean {
  return exceptions.get(day) ?? !isWeekend(day);
}

/** The date of the n-th working day after `start` (`start` itself is day 0). */
export function addWorkingDays(start: string, n: number, exceptions: ReadonlyMap<string, boolean>): string {
  let day = start;
  let counted = 0;
  while (counted < n) {
    day = addDays(day, 1);
    if (isWorkingDay(day, exceptions)) counted += 1;
  }
  return day;
}

/** The province's holidays and adjusted working days in force on `on` (every year it has recorded). */
export async function provinceCalendar(db: Executor, regionCode: string, on: string): Promise<Map<string, boolean>> {
  const years = await settingsInForce<{ days: CalendarException[] }>(db, { regionCode, kind: 'calendar', on });
  const exceptions = new Map<string, boolean>();
  for (const year of years.values()) for (const d of year.value.days) exceptions.set(d.day, d.working);
  return exceptions;
}
