// Sanctions on exam sites and examiners (SUP-4), applied by supervision through this service and
// enforced where sites hold sessions, where they are listed and where staff are assigned.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { Clock } from '../../kernel/clock.js';
import { notFound, ruleViolation } from '../../kernel/problem.js';
import { sanctionInForce, sanctionText, type SanctionStanding } from '../../kernel/sanctions.js';
import { examSites, examStaff } from './schema.js';

type SiteState = 'active' | 'suspended' | 'cancelled';

async function setSiteState(
  tx: Tx,
  clock: Clock,
  actor: Actor | null,
  siteId: string,
  state: SiteState,
  until: string | null,
  ref: string,
) {
  const [before] = await tx.select().from(examSites).where(eq(examSites.id, siteId)).for('update');
  if (!before) throw notFound('考试点');
  await tx
    .update(examSites)
    .set({ sanctionState: state, sanctionUntil: until, sanctionRef: ref })
    .where(eq(examSites.id, siteId));
  await appendAudit(tx, clock, actor, {
    action: `exams.site_sanction_${state}`,
    entityType: 'exam_site',
    entityId: siteId,
    regionCode: before.regionCode,
    before: { state: before.sanctionState, until: before.sanctionUntil, ref: before.sanctionRef },
    after: { state, until, ref },
  });
}

/** SUP-4 (seed 000 §9): a suspended site holds no new session until `until` has passed or it is lifted. */
export const suspendExamSite = (
  tx: Tx,
  clock: Clock,
  actor: Actor | null,
  p: { siteId: string; until: string; ref: string },
) => setSiteState(tx, clock, actor, p.siteId, 'suspended', p.until, p.ref);
/** SUP-4 (seed 001 §三(三)1): a cancelled site leaves the public list and holds no session. */
export const cancelExamSite = (tx: Tx, clock: Clock, actor: Actor | null, p: { siteId: string; ref: string }) =>
  setSiteState(tx, clock, actor, p.siteId, 'cancelled', null, p.ref);
export const restoreExamSite = (tx: Tx, clock: Clock, actor: Actor | null, p: { siteId: string; ref: string }) =>
  setSiteState(tx, clock, actor, p.siteId, 'active', null, p.ref);

export function siteSanction(
  site: { sanctionState: SiteState; sanctionUntil: string | null; sanctionRef: string | null },
  today: string,
): SanctionStanding | null {
  return sanctionInForce({ state: site.sanctionState, until: site.sanctionUntil, ref: site.sanctionRef }, today);
}

export function requireSiteNotSanctioned(
  site: { name: string; sanctionState: SiteState; sanctionUntil: string | null; sanctionRef: string | null },
  today: string,
): void {
  const s = siteSanction(site, today);
  if (s)
    throw ruleViolation(
      'SUP-4',
      '考试点处于处罚期',
      `考试点「${site.name}」${sanctionText(s)}（${s.ref ?? '处罚决定'}），不能安排新的考试场次。`,
    );
}

/** SUP-4: an examiner whose qualification is revoked cannot be assigned to any duty; `ref` null restores it. */
export async function revokeExaminer(
  tx: Tx,
  clock: Clock,
  actor: Actor | null,
  p: { staffId: string; ref: string | null },
) {
  const [before] = await tx.select().from(examStaff).where(eq(examStaff.id, p.staffId)).for('update');
  if (!before) throw notFound('考务人员');
  const revokedAt = p.ref ? clock.now() : null;
  await tx.update(examStaff).set({ revokedAt, revokedRef: p.ref }).where(eq(examStaff.id, p.staffId));
  await appendAudit(tx, clock, actor, {
    action: p.ref ? 'exams.staff_revoke' : 'exams.staff_restore',
    entityType: 'exam_staff',
    entityId: p.staffId,
    regionCode: before.regionCode,
    before: { revokedRef: before.revokedRef },
    after: { revokedRef: p.ref },
  });
  return { staffId: before.id, name: before.name, centreOrgId: before.centreOrgId };
}
export const restoreExaminer = (tx: Tx, clock: Clock, actor: Actor | null, p: { staffId: string }) =>
  revokeExaminer(tx, clock, actor, { staffId: p.staffId, ref: null });
