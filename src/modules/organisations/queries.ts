import { and, count, eq, ilike, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { organisations } from './schema.js';

export type OrganisationRow = typeof organisations.$inferSelect;

export interface OrganisationFilter {
  /** Limits to a jurisdiction: region codes starting with it. */
  regionPrefix?: string;
  /** Limits to one organisation (non-regulators see only their own). */
  onlyId?: string;
  kind?: string;
  q?: string;
}

function where(f: OrganisationFilter): SQL | undefined {
  return and(
    f.regionPrefix ? like(organisations.regionCode, `${f.regionPrefix}%`) : undefined,
    f.onlyId ? eq(organisations.id, f.onlyId) : undefined,
    f.kind ? eq(organisations.kind, f.kind) : undefined,
    f.q ? ilike(organisations.name, `%${f.q.replace(/[%_\\]/g, '\\$&')}%`) : undefined,
  );
}

export async function listOrganisations(db: Executor, f: OrganisationFilter & { page: number; pageSize: number }) {
  const condition = where(f);
  const [items, [{ total }]] = await Promise.all([
    db
      .select()
      .from(organisations)
      .where(condition)
      .orderBy(organisations.regionCode, organisations.kind, organisations.name)
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ total: count() }).from(organisations).where(condition),
  ]);
  return { items, total };
}

export async function findOrganisation(db: Executor, id: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function findOrganisationByCreditCode(
  db: Executor,
  creditCode: string,
): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.creditCode, creditCode));
  return row;
}

export async function insertOrganisation(
  db: Executor,
  values: typeof organisations.$inferInsert,
): Promise<OrganisationRow> {
  const [row] = await db.insert(organisations).values(values).returning();
  return row;
}

/** Organisations by credit code, for imports that name many organisations at once (ANA-2). */
export async function organisationsByCreditCodes(
  db: Executor,
  creditCodes: string[],
): Promise<Map<string, OrganisationRow>> {
  const found = new Map<string, OrganisationRow>();
  for (let i = 0; i < creditCodes.length; i += 1000) {
    const rows = await db
      .select()
      .from(organisations)
      .where(inArray(organisations.creditCode, creditCodes.slice(i, i + 1000)));
    for (const row of rows) found.set(row.creditCode!, row);
  }
  return found;
}

/**
 * Several provinces on one deployment: the ids of the organisations of a jurisdiction, as a SQL
 * sub-select another module can use in its own query (a regulator's view of the people employed
 * there) without reading this module's table itself.
 */
export function organisationIdsInRegion(regionPrefix: string): SQL {
  return sql`(select ${organisations.id} from ${organisations} where ${organisations.regionCode} like ${`${regionPrefix}%`})`;
}
