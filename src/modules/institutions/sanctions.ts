// Sanctions on an institution (SUP-4), applied by supervision through this service — a later step
// changes an earlier one by calling it — and enforced where institutions act (opening a class) and
// where they are listed (the public list).
import { eq, inArray } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { Clock } from '../../kernel/clock.js';
import { ruleViolation } from '../../kernel/problem.js';
import { sanctionInForce, sanctionText, type SanctionStanding } from '../../kernel/sanctions.js';
import { institutionSanctionStates } from './schema.js';

type InstitutionState = 'active' | 'suspended' | 'eliminated';

async function setState(
  tx: Tx,
  clock: Clock,
  actor: Actor | null,
  orgId: string,
  regionCode: string,
  state: InstitutionState,
  until: string | null,
  ref: string | null,
) {
  const [before] = await tx.select().from(institutionSanctionStates).where(eq(institutionSanctionStates.orgId, orgId));
  const values = { state, until, ref, updatedAt: clock.now() };
  await tx
    .insert(institutionSanctionStates)
    .values({ orgId, ...values })
    .onConflictDoUpdate({ target: institutionSanctionStates.orgId, set: values });
  await appendAudit(tx, clock, actor, {
    action: `institution.sanction_${state}`,
    entityType: 'organisation',
    entityId: orgId,
    regionCode,
    before: before ? { state: before.state, until: before.until, ref: before.ref } : null,
    after: { state, until, ref },
  });
}

/** SUP-4: suspended institutions cannot open classes until `until` has passed or the suspension is lifted. */
export const suspendInstitution = (
  tx: Tx,
  clock: Clock,
  actor: Actor | null,
  p: { orgId: string; regionCode: string; until: string; ref: string },
) => setState(tx, clock, actor, p.orgId, p.regionCode, 'suspended', p.until, p.ref);
/** SUP-4 (seed 001 §三(一)): an eliminated institution leaves the public list and cannot train. */
export const eliminateInstitution = (
  tx: Tx,
  clock: Clock,
  actor: Actor | null,
  p: { orgId: string; regionCode: string; ref: string },
) => setState(tx, clock, actor, p.orgId, p.regionCode, 'eliminated', null, p.ref);
export const restoreInstitution = (
  tx: Tx,
  clock: Clock,
  actor: Actor | null,
  p: { orgId: string; regionCode: string; ref: string },
) => setState(tx, clock, actor, p.orgId, p.regionCode, 'active', null, p.ref);

/** The sanctions in force on `today`, by institution. */
export async function institutionSanctions(
  db: Executor,
  orgIds: string[],
  today: string,
): Promise<Map<string, SanctionStanding>> {
  if (!orgIds.length) return new Map();
  const rows = await db
    .select()
    .from(institutionSanctionStates)
    .where(inArray(institutionSanctionStates.orgId, [...new Set(orgIds)]));
  const out = new Map<string, SanctionStanding>();
  for (const r of rows) {
    const s = sanctionInForce({ state: r.state, until: r.until, ref: r.ref }, today);
    if (s) out.set(r.orgId, s);
  }
  return out;
}

/** SUP-4: refuses any new training work while a sanction is in force. */
export async function requireInstitutionNotSanctioned(db: Executor, orgId: string, today: string): Promise<void> {
  const s = (await institutionSanctions(db, [orgId], today)).get(orgId);
  if (s)
    throw ruleViolation(
      'SUP-4',
      '机构处于处罚期',
      `本机构${sanctionText(s)}（${s.ref ?? '处罚决定'}），处罚期间不能开班。`,
    );
}

/** INS-5, SUP-7: supervision publishes the annual rating computed from facts; the public list shows it. */
export async function publishInstitutionRating(
  tx: Tx,
  clock: Clock,
  actor: Actor | null,
  p: { orgId: string; regionCode: string; year: number; rating: 'A' | 'B' | 'C' | 'D'; points: number },
) {
  const [before] = await tx
    .select()
    .from(institutionSanctionStates)
    .where(eq(institutionSanctionStates.orgId, p.orgId));
  const values = { rating: p.rating, ratingYear: p.year, ratingPoints: p.points, updatedAt: clock.now() };
  await tx
    .insert(institutionSanctionStates)
    .values({ orgId: p.orgId, state: 'active', ...values })
    .onConflictDoUpdate({ target: institutionSanctionStates.orgId, set: values });
  await appendAudit(tx, clock, actor, {
    action: 'institution.rating_publish',
    entityType: 'organisation',
    entityId: p.orgId,
    regionCode: p.regionCode,
    before: before ? { rating: before.rating, ratingYear: before.ratingYear, ratingPoints: before.ratingPoints } : null,
    after: { rating: p.rating, ratingYear: p.year, ratingPoints: p.points },
  });
}

/** The published ratings, by institution. */
export async function institutionRatings(
  db: Executor,
  orgIds: string[],
): Promise<Map<string, { rating: string; year: number; points: number | null }>> {
  if (!orgIds.length) return new Map();
  const rows = await db
    .select()
    .from(institutionSanctionStates)
    .where(inArray(institutionSanctionStates.orgId, [...new Set(orgIds)]));
  return new Map(
    rows
      .filter((r) => r.rating && r.ratingYear)
      .map((r) => [r.orgId, { rating: r.rating!, year: r.ratingYear!, points: r.ratingPoints }]),
  );
}
