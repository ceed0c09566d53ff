// EXM-6: the immutable parts of a drawn paper (its worker, the option count of each question), kept
// per process so an answer event does not read 90 questions of JSON to validate one click. Nothing
// here can go stale: a paper is never re-drawn or re-assigned; its changing state (submitted,
// deadline) is checked in the insert statement itself (queries.ts appendAnswerEventsIfOpen).
import type { Db, Executor } from '../../db/index.js';
import { paperShape } from './queries.js';

export interface PaperShape {
  workerId: string;
  optionCounts: number[];
}

/** Enough for every candidate of a province's busiest exam day; the oldest entry leaves first. */
const MAX_ENTRIES = 50_000;
// Keyed by database so two databases in one process (tests, benches) never share entries.
const byDatabase = new WeakMap<object, Map<string, PaperShape>>();

export async function cachedPaperShape(db: Db | Executor, paperId: string): Promise<PaperShape | undefined> {
  let cache = byDatabase.get(db);
  if (!cache) {
    cache = new Map();
    byDatabase.set(db, cache);
  }
  const hit = cache.get(paperId);
  if (hit) return hit;
  const shape = await paperShape(db, paperId);
  if (!shape) return undefined; // not cached: a paper not yet drawn may be drawn later
  store(cache, paperId, shape);
  return shape;
}

function store(cache: Map<string, PaperShape>, paperId: string, shape: PaperShape) {
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(paperId, shape);
}

/**
 * Issue 18: the exam page loads its paper before the first answer, and that read already holds the
 * shape; keeping it then spares every candidate's first answer event a read of 90 questions of JSON
 * (at the start of an exam, all candidates' first events arrive within seconds).
 */
export function rememberPaperShape(
  db: Db | Executor,
  paper: { id: string; workerId: string; questions: Array<{ optionOrder: unknown[] }> },
): void {
  let cache = byDatabase.get(db);
  if (!cache) byDatabase.set(db, (cache = new Map()));
  if (cache.has(paper.id)) return;
  store(cache, paper.id, { workerId: paper.workerId, optionCounts: paper.questions.map((q) => q.optionOrder.length) });
}

/** A paper that disappeared (an import rolled back) must not be answered from memory. */
export function forgetPaperShape(db: Db | Executor, paperId: string): void {
  byDatabase.get(db)?.delete(paperId);
}
