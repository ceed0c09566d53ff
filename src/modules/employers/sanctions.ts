// Sanctions on an employer (SUP-4), applied by supervision through this service like institutions'
// and exam sites': a suspension (停产停业整顿) stops the employer from putting anyone new on special
// operations until its last day has passed or it is lifted.
import { eq } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { Clock } from '../../kernel/clock.js';
import { ruleViolation } from '../../kernel/problem.js';
import { sanctionInForce, sanctionText, type SanctionStanding } from '../../kernel/sanctions.js';
import { employerSanctionStates } from './schema.js';

async function setState(
  tx: Tx,
  clock: Clock,
  actor: Actor | null,
  orgId: string,
  regionCode: string,
  state: 'active' | 'suspended',
  until: string | null,
  ref: string | null,
) {
  const [before] = await tx.select().from(employerSanctionStates).where(eq(employerSanctionStates.orgId, orgId));
  const values = { state, until, ref, updatedAt: clock.now() };
  await tx
    .insert(employerSanctionStates)
    .values({ orgId, ...values })
    .onConflictDoUpdate({ target: employerSanctionStates.orgId, set: values });
  await appendAudit(tx, clock, actor, {
    action: `employer.sanction_${state}`,
    entityType: 'organisation',
    entityId: orgId,
    regionCode,
    before: before ? { state: before.state, until: before.until, ref: before.ref } : null,
    after: { state, until, ref },
  });
}

/** SUP-4: a suspended employer assigns and hires no special-operations workers until `until` has passed. */
export const suspendEmployer = (
  tx: Tx,
  clock: Clock,
  actor: Actor | null,
  p: { orgId: string; regionCode: string; until: string; ref: string },
) => setState(tx, clock, actor, p.orgId, p.regionCode, 'suspended', p.until, p.ref);
export const restoreEmployer = (
  tx: Tx,
  clock: Clock,
  actor: Actor | null,
  p: { orgId: string; regionCode: string; ref: string },
) => setState(tx, clock, actor, p.orgId, p.regionCode, 'active', null, p.ref);

/** The sanction in force on the employer on `today`, or null. */
export async function employerSanction(db: Executor, orgId: string, today: string): Promise<SanctionStanding | null> {
  const [r] = await db.select().from(employerSanctionStates).where(eq(employerSanctionStates.orgId, orgId));
  return r ? sanctionInForce({ state: r.state, until: r.until, ref: r.ref }, today) : null;
}

/** SUP-4: refuses putting anyone new on special operations while a suspension is in force. */
export async function requireEmployerNotSuspended(
  db: Executor,
  orgId: string,
  today: string,
  what: string,
): Promise<void> {
  const s = await employerSanction(db, orgId, today);
  if (s)
    throw ruleViolation(
      'SUP-4',
      '单位处于停产停业整顿期',
      `本单位${sanctionText(s).replace('暂停业务', '停产停业整顿')}（${s.ref ?? '处罚决定'}），整顿期间不能${what}。`,
      { sanction: s },
    );
}
