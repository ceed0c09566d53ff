import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { NATIONAL_CATALOGUE, REAL_EQUIPMENT_CATEGORIES, SENIOR_HIGH_CATEGORIES } from './reference.js';
import { operationCategories, operationItems } from './schema.js';

export type OperationItemRow = typeof operationItems.$inferSelect;

/** Inserts the national catalogue where missing; never overwrites what the authority changed. */
export async function ensureCatalogue(db: Executor): Promise<void> {
  await db
    .insert(operationCategories)
    .values(NATIONAL_CATALOGUE.map((c, i) => ({ code: c.code, name: c.name, sortOrder: i + 1 })))
    .onConflictDoNothing();
  const items = NATIONAL_CATALOGUE.flatMap((c) =>
    c.items.map(([code, name], i) => ({
      code,
      categoryCode: c.code,
      name,
      sortOrder: i + 1,
      requiresRealEquipment: REAL_EQUIPMENT_CATEGORIES.has(c.code),
      minEducation: SENIOR_HIGH_CATEGORIES.has(c.code) ? 'senior_high' : 'junior_high',
    })),
  );
  await db.insert(operationItems).values(items).onConflictDoNothing();
}

export async function listCatalogue(db: Executor) {
  const [categories, items] = await Promise.all([
    db.select().from(operationCategories).orderBy(asc(operationCategories.sortOrder)),
    db.select().from(operationItems).orderBy(asc(operationItems.sortOrder)),
  ]);
  return categories.map((c) => ({ code: c.code, name: c.name, items: items.filter((i) => i.categoryCode === c.code) }));
}

export async function findOperationItem(db: Executor, code: string): Promise<OperationItemRow | undefined> {
  const [row] = await db.select().from(operationItems).where(eq(operationItems.code, code));
  return row;
}

export async function updateSyllabusHours(
  db: Executor,
  params: { code: string; theoryHours: number | null; practicalHours: number | null; confirmed: boolean; at: Date },
): Promise<OperationItemRow | undefined> {
  const [row] = await db
    .update(operationItems)
    .set({
      theoryHours: params.theoryHours,
      practicalHours: params.practicalHours,
      hoursConfirmed: params.confirmed,
      updatedAt: params.at,
    })
    .where(eq(operationItems.code, params.code))
    .returning();
  return row;
}

export async function countOperationItems(db: Executor): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(operationItems);
  return n;
}
