// Reads the supervision module's spot exams (SUP-3, 逢查必考) need from the exams module: questions of
// an item's bank, and the exam (site, centre) that led to a worker's certificate of an item.
import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { examQuestions, examResults, examSessions, examSites } from './schema.js';

export interface BankQuestion {
  id: string;
  kind: string;
  stem: string;
  options: string[];
  answer: number[];
}

/** Every current question of the item's bank (answers included: callers score on the server). */
export async function currentBankQuestions(db: Executor, itemCode: string): Promise<BankQuestion[]> {
  return db
    .select({
      id: examQuestions.id,
      kind: examQuestions.kind,
      stem: examQuestions.stem,
      options: examQuestions.options,
      answer: examQuestions.answer,
    })
    .from(examQuestions)
    .where(and(eq(examQuestions.itemCode, itemCode), eq(examQuestions.current, true)));
}

/** The latest passed exam of the worker for the item, with the site that examined them; null when none is on record. */
export async function passedExamOrigin(db: Executor, workerId: string, itemCode: string) {
  const [row] = await db
    .select({
      siteId: examSites.id,
      siteName: examSites.name,
      centreOrgId: examSites.centreOrgId,
      sessionId: examSessions.id,
      date: examSessions.date,
    })
    .from(examResults)
    .innerJoin(examSessions, eq(examSessions.id, examResults.sessionId))
    .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
    .where(and(eq(examResults.workerId, workerId), eq(examResults.itemCode, itemCode), eq(examResults.passed, true)))
    .orderBy(desc(examResults.publishedAt))
    .limit(1);
  return row ?? null;
}
