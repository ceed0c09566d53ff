import { and, asc, count, desc, eq, gt, ilike, inArray, isNotNull, isNull, like, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { insertMany } from '../../db/bulk.js';
import { returnToWorkPasses } from '../exams/index.js';
import type { EmploymentKind, WorkHistory } from './rules.js';
import { employments, trainingPlanLines } from './schema.js';

export type EmploymentRow = typeof employments.$inferSelect;
export type PlanLineRow = typeof trainingPlanLines.$inferSelect;

export async function insertEmployment(db: Executor, values: typeof employments.$inferInsert): Promise<EmploymentRow> {
  const [row] = await db.insert(employments).values(values).returning();
  return row;
}

export async function findEmployment(db: Executor, id: string): Promise<EmploymentRow | undefined> {
  const [row] = await db.select().from(employments).where(eq(employments.id, id));
  return row;
}

export async function updateEmployment(
  db: Executor,
  id: string,
  values: Partial<typeof employments.$inferInsert>,
): Promise<EmploymentRow> {
  const [row] = await db.update(employments).set(values).where(eq(employments.id, id)).returning();
  return row;
}

export interface LedgerFilter {
  employerOrgId?: string;
  regionPrefix?: string;
  workerIds?: string[];
  q?: string;
  kind?: EmploymentKind;
  itemCode?: string;
  filing?: 'due' | 'overdue' | 'filed' | 'filed_late' | 'unfiled';
  includeEnded?: boolean;
  today?: string;
  page: number;
  pageSize: number;
}

function ledgerWhere(f: LedgerFilter): SQL | undefined {
  const day = f.today ?? new Date().toISOString().slice(0, 10);
  const conditions: (SQL | undefined)[] = [
    f.employerOrgId ? eq(employments.employerOrgId, f.employerOrgId) : undefined,
    f.regionPrefix ? like(employments.regionCode, `${f.regionPrefix}%`) : undefined,
    f.workerIds
      ? inArray(employments.workerId, f.workerIds.length ? f.workerIds : ['00000000-0000-0000-0000-000000000000'])
      : undefined,
    f.q ? ilike(employments.workerName, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
    f.kind ? eq(employments.kind, f.kind) : undefined,
    f.itemCode ? sql`${employments.itemCodes} @> ${JSON.stringify([f.itemCode])}::jsonb` : undefined,
    f.includeEnded ? undefined : isNull(employments.endedOn),
  ];
  if (f.filing === 'unfiled') conditions.push(isNull(employments.filedOn));
  if (f.filing === 'due') conditions.push(isNull(employments.filedOn), sql`${employments.filingDueOn} >= ${day}`);
  if (f.filing === 'overdue') conditions.push(isNull(employments.filedOn), lt(employments.filingDueOn, day));
  if (f.filing === 'filed')
    conditions.push(isNotNull(employments.filedOn), sql`${employments.filedOn} <= ${employments.filingDueOn}`);
  if (f.filing === 'filed_late') conditions.push(gt(employments.filedOn, employments.filingDueOn));
  return and(...conditions.filter((c): c is SQL => !!c));
}

export async function ledgerRows(db: Executor, f: LedgerFilter): Promise<{ items: EmploymentRow[]; total: number }> {
  const where = ledgerWhere(f);
  const [items, [{ n }]] = await Promise.all([
    db
      .select()
      .from(employments)
      .where(where)
      .orderBy(desc(employments.hiredOn), asc(employments.workerName), asc(employments.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(employments).where(where),
  ]);
  return { items, total: n };
}

/** EMP-2: per employer of a jurisdiction, current employments unfiled past their due date and those filed late. */
export async function overdueFilingsByEmployer(db: Executor, p: { regionPrefix: string; today: string }) {
  const rows = await db
    .select({
      employerOrgId: employments.employerOrgId,
      regionCode: employments.regionCode,
      overdue:
        sql<number>`count(*) filter (where ${employments.filedOn} is null and ${employments.filingDueOn} < ${p.today})`.mapWith(
          Number,
        ),
      filedLate: sql<number>`count(*) filter (where ${employments.filedOn} > ${employments.filingDueOn})`.mapWith(
        Number,
      ),
      oldestDue: sql<
        string | null
      >`min(${employments.filingDueOn}) filter (where ${employments.filedOn} is null and ${employments.filingDueOn} < ${p.today})`,
    })
    .from(employments)
    .where(and(like(employments.regionCode, `${p.regionPrefix}%`), isNull(employments.endedOn)))
    .groupBy(employments.employerOrgId, employments.regionCode);
  return rows
    .filter((r) => r.overdue > 0 || r.filedLate > 0)
    .sort((a, b) => b.overdue - a.overdue || b.filedLate - a.filedLate);
}

export async function currentEmploymentsOfWorkers(
  db: Executor,
  employerOrgId: string,
  workerIds: string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < workerIds.length; i += 1000) {
    const rows = await db
      .select({ workerId: employments.workerId })
      .from(employments)
      .where(
        and(
          eq(employments.employerOrgId, employerOrgId),
          isNull(employments.endedOn),
          inArray(employments.workerId, workerIds.slice(i, i + 1000)),
        ),
      );
    for (const r of rows) found.add(r.workerId);
  }
  return found;
}

export async function insertEmployments(db: Executor, values: (typeof employments.$inferInsert)[]): Promise<void> {
  await insertMany(db, employments, values);
}

export async function planLines(db: Executor, employerOrgId: string, year: number): Promise<PlanLineRow[]> {
  return db
    .select()
    .from(trainingPlanLines)
    .where(and(eq(trainingPlanLines.employerOrgId, employerOrgId), eq(trainingPlanLines.year, year)))
    .orderBy(asc(trainingPlanLines.plannedFrom), asc(trainingPlanLines.itemCode));
}

export async function findPlanLine(db: Executor, id: string): Promise<PlanLineRow | undefined> {
  const [row] = await db.select().from(trainingPlanLines).where(eq(trainingPlanLines.id, id));
  return row;
}

export async function insertPlanLine(
  db: Executor,
  values: typeof trainingPlanLines.$inferInsert,
): Promise<PlanLineRow> {
  const [row] = await db.insert(trainingPlanLines).values(values).returning();
  return row;
}

export async function updatePlanLine(
  db: Executor,
  id: string,
  values: Partial<typeof trainingPlanLines.$inferInsert>,
): Promise<PlanLineRow> {
  const [row] = await db.update(trainingPlanLines).set(values).where(eq(trainingPlanLines.id, id)).returning();
  return row;
}

export async function deletePlanLine(db: Executor, id: string): Promise<void> {
  await db.delete(trainingPlanLines).where(eq(trainingPlanLines.id, id));
}

/** Every employment of these workers, ended ones included (ANA-2: who employed them on a past day). */
export async function employmentsOfWorkers(db: Executor, workerIds: string[]): Promise<EmploymentRow[]> {
  const out: EmploymentRow[] = [];
  for (let i = 0; i < workerIds.length; i += 1000)
    out.push(
      ...(await db
        .select()
        .from(employments)
        .where(inArray(employments.workerId, workerIds.slice(i, i + 1000)))),
    );
  return out;
}

/** Order 30 art. 32: each worker's employments (any employer) and passed return-to-work exams. */
export async function workHistories(db: Executor, workerIds: string[]): Promise<Map<string, WorkHistory>> {
  const out = new Map<string, WorkHistory>();
  if (!workerIds.length) return out;
  const [rows, passes] = await Promise.all([employmentsOfWorkers(db, workerIds), returnToWorkPasses(db, workerIds)]);
  for (const id of workerIds) out.set(id, { employments: [], returnPasses: passes.get(id) ?? new Map() });
  for (const r of rows) out.get(r.workerId)?.employments.push({ itemCodes: r.itemCodes, endedOn: r.endedOn });
  return out;
}

/** Issue 16 (legacy ledgers): the open employments of these workers at these employers, by employer|worker. */
export async function openEmploymentsAt(
  db: Executor,
  pairs: Array<{ employerOrgId: string; workerId: string }>,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < pairs.length; i += 1000) {
    const chunk = pairs.slice(i, i + 1000);
    const rows = await db
      .select({ id: employments.id, employerOrgId: employments.employerOrgId, workerId: employments.workerId })
      .from(employments)
      .where(
        and(
          isNull(employments.endedOn),
          inArray(employments.employerOrgId, [...new Set(chunk.map((p) => p.employerOrgId))]),
          inArray(employments.workerId, [...new Set(chunk.map((p) => p.workerId))]),
        ),
      );
    for (const r of rows) found.set(`${r.employerOrgId}|${r.workerId}`, r.id);
  }
  return found;
}

/** Issue 16: inserts employments of a legacy ledger, returning their ids in order. */
export async function insertImportedEmployments(
  db: Executor,
  values: (typeof employments.$inferInsert)[],
): Promise<string[]> {
  if (values.length === 0) return [];
  const rows = await db.insert(employments).values(values).returning({ id: employments.id });
  return rows.map((r) => r.id);
}

/** Issue 16: a newer record of the source system's ledger changes the employment's terms. */
export async function updateImportedEmployment(
  db: Executor,
  id: string,
  set: Pick<typeof employments.$inferInsert, 'kind' | 'providerName' | 'itemCodes' | 'hiredOn' | 'filingDueOn'>,
): Promise<void> {
  await db.update(employments).set(set).where(eq(employments.id, id));
}
