// Issue 19 item 4: helpers for the to-do queues each module serves to the 工作台 (module workbench).
// A module counts its queue in one indexed query and lists its first few items, overdue and oldest
// first; these helpers only shape the answer the same way everywhere.
import type { Queue, QueueItem } from '../shared/workbench.js';
import { chinaDate, daysBetween } from './clock.js';

export type { Queue, QueueItem };
export { WORKBENCH_ITEMS } from '../shared/workbench.js';

/** Days `dueOn` lies behind `today`; null when it is not past (or there is no due day). */
export function daysOverdue(today: string, dueOn: string | null | undefined): number | null {
  if (!dueOn) return null;
  const days = daysBetween(dueOn, today);
  return days > 0 ? days : null;
}

/** The count row every queue query returns: how many, how many overdue, the oldest due day among the overdue. */
export interface QueueCounts {
  count: number;
  overdue: number;
  oldestDue: string | null;
}

export function queueOf(
  head: { key: string; label: string; link: string; unit: string },
  counts: QueueCounts,
  items: QueueItem[],
  today: string,
): Queue {
  return {
    ...head,
    count: Number(counts.count),
    overdue: Number(counts.overdue),
    oldestOverdueDays: counts.overdue > 0 ? daysOverdue(today, counts.oldestDue) : null,
    items,
  };
}

/** YYYY-MM-DD of a timestamp in China (the day a thing began waiting). */
export function dayOf(at: Date | string): string {
  return chinaDate(typeof at === 'string' ? new Date(at) : at);
}
