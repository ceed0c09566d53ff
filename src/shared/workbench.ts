// Issue 19 item 4: the shape of a role's 工作台 — its to-do queues, oldest and overdue first.
// Served by GET /api/workbench (module workbench), drawn by web/src/app/DashboardPage.tsx.

/** One thing waiting for the viewer. */
export interface QueueItem {
  id: string;
  /** What it is, in the regulation's words (a person's name is masked where the viewer does not need it). */
  title: string;
  /** A second line: where, which item, since when. */
  detail: string | null;
  /** The day it started waiting (YYYY-MM-DD). */
  since: string;
  /** The day it is due (YYYY-MM-DD), when a rule sets one. */
  dueOn: string | null;
  /** Days past `dueOn` (0 or more), null when not overdue or no due day. */
  overdueDays: number | null;
  /** Where the viewer acts on it. */
  link: string;
  /** The operation item it concerns: the workbench adds its name to the detail line. */
  itemCode?: string;
}

/** A queue: how many, how many overdue, the oldest overdue, and the first items (overdue first, oldest first). */
export interface Queue {
  key: string;
  label: string;
  count: number;
  overdue: number;
  /** Days the oldest overdue item is past its due day; null when none is overdue. */
  oldestOverdueDays: number | null;
  items: QueueItem[];
  /** The page that lists the whole queue. */
  link: string;
  /** How the count reads ("份", "人", "条"). */
  unit: string;
}

/** A notice above the queues (an employer's suspension, an institution's sanction). */
export interface WorkbenchBanner {
  type: 'warning' | 'error' | 'info';
  message: string;
  description: string | null;
}

export interface Workbench {
  role: string;
  today: string;
  banners: WorkbenchBanner[];
  queues: Queue[];
}

/** How many items each queue lists on the 工作台 (the rest is on the queue's own page). */
export const WORKBENCH_ITEMS = 5;
