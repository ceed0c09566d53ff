import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { institutionFilings } from './schema.js';

export type InstitutionFilingRow = typeof institutionFilings.$inferSelect;

export async function insertFiling(db: Executor, values: typeof institutionFilings.$inferInsert): Promise<InstitutionFilingRow> {
  const [row] = await db.insert(institutionFilings).values(values).returning();
  return row;
}

/** The institution's current filing in force, if any. */
export async function findFiledFiling(db: Executor, orgId: string): Promise<InstitutionFilingRow | undefined> {
  const [row] = await db
    .select()
    .from(institutionFilings)
    .where(and(eq(institutionFilings.orgId, orgId), eq(institutionFilings.status, 'filed')))
    .orderBy(desc(institutionFilings.filedAt))
    .limit(1);
  return row;
}

/** INS-6: the operation items a filed institution may train; null when it is not filed. */
export async function filedScopeOf(db: Executor, orgId: string): Promise<string[] | null> {
  return (await findFiledFiling(db, orgId))?.scope ?? null;
}
