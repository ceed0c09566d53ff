// EMP-4 (一案双罚): whoever hires the uncertified is responsible. A daily scan of every current
// assignment proposes a case against the employer and its principal for each operation item the
// worker performs without a valid certificate; the regulator of the employer's region decides.
import { and, desc, eq, gt, isNull, like } from 'drizzle-orm';
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/problem.js';
import { findOrganisation } from '../organisations/index.js';
import { CERTIFICATE_ALERT_LABELS, itemStanding, type CertificateAlert } from './rules.js';
import { caseProposals, employments } from './schema.js';
import { itemNames } from './service.js';

/** The alerts that mean the worker may not do the work at all (as opposed to a reminder). */
export const CASE_GROUNDS: readonly CertificateAlert[] = ['uncertified', 'expired', 'review_overdue', 'revoked'];

/** Proposes the cases due on `today`; each (assignment, item, ground) once. Returns how many are new. */
export async function proposeUncertifiedCases(ctx: AppContext, today = chinaDate(ctx.clock.now())): Promise<number> {
  let created = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await ctx.db.select().from(employments).where(and(isNull(employments.endedOn), gt(employments.id, after))).orderBy(employments.id).limit(2000);
    if (!batch.length) break;
    after = batch[batch.length - 1].id;
    const held = await ctx.certificates.heldBy(ctx.db, [...new Set(batch.map((e) => e.workerId))], today);
    const proposals = batch.flatMap((e) =>
      e.itemCodes.flatMap((itemCode) => {
        const standing = itemStanding(itemCode, held.get(e.workerId) ?? [], today);
        if (!standing.alert || !CASE_GROUNDS.includes(standing.alert)) return [];
        return [{
          employerOrgId: e.employerOrgId,
          regionCode: e.regionCode,
          employmentId: e.id,
          workerId: e.workerId,
          workerName: e.workerName,
          itemCode,
          ground: standing.alert,
          evidence: { on: today, hiredOn: e.hiredOn, kind: e.kind, providerName: e.providerName, certificate: standing.certificate, idNumberMasked: e.idNumberMasked },
          status: 'proposed',
          proposedAt: ctx.clock.now(),
        }];
      }),
    );
    if (!proposals.length) continue;
    await ctx.db.transaction(async (tx) => {
      const rows = await tx.insert(caseProposals).values(proposals).onConflictDoNothing().returning({ id: caseProposals.id, regionCode: caseProposals.regionCode, ground: caseProposals.ground, workerName: caseProposals.workerName });
      // One audit record per region and batch (a scan may propose thousands), naming every proposal.
      const byRegion = new Map<string, typeof rows>();
      for (const row of rows) byRegion.set(row.regionCode, [...(byRegion.get(row.regionCode) ?? []), row]);
      for (const [regionCode, group] of byRegion) {
        await appendAudit(tx, ctx.clock, null, { action: 'employer.case_propose', entityType: 'employer_case_proposal', entityId: group[0].id, regionCode, after: { proposals: group.map((r) => ({ id: r.id, ground: r.ground, workerName: r.workerName })) } });
      }
      created += rows.length;
    });
  }
  return created;
}

function regulatorScope(actor: Actor): string {
  requirePermission(actor, 'employers.supervise');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden();
  return prefix;
}

export async function listCaseProposals(ctx: AppContext, actor: Actor, status?: string) {
  const prefix = regulatorScope(actor);
  const rows = await ctx.db
    .select()
    .from(caseProposals)
    .where(and(like(caseProposals.regionCode, `${prefix}%`), status ? eq(caseProposals.status, status) : undefined))
    .orderBy(desc(caseProposals.proposedAt))
    .limit(500);
  const names = await itemNames(ctx);
  const orgs = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.employerOrgId))) orgs.set(id, (await findOrganisation(ctx.db, id))?.name ?? '');
  return {
    items: rows.map((r) => ({
      id: r.id,
      employerOrgId: r.employerOrgId,
      employerName: orgs.get(r.employerOrgId) ?? '',
      // 一案双罚: the employer and its principal are both parties to the one case.
      parties: [`${orgs.get(r.employerOrgId) ?? ''}（生产经营单位）`, '其主要负责人'],
      workerId: r.workerId,
      workerName: r.workerName,
      itemCode: r.itemCode,
      itemName: names.get(r.itemCode) ?? r.itemCode,
      ground: r.ground,
      groundLabel: CERTIFICATE_ALERT_LABELS[r.ground as CertificateAlert] ?? r.ground,
      evidence: r.evidence,
      status: r.status,
      proposedAt: r.proposedAt.toISOString(),
      decisionNote: r.decisionNote,
    })),
  };
}

export async function decideCaseProposal(ctx: AppContext, actor: Actor, id: string, input: { decision: 'accept' | 'dismiss'; note?: string }) {
  const prefix = regulatorScope(actor);
  const note = input.note?.trim() || null;
  if (input.decision === 'dismiss' && !note) throw badRequest('不予立案须说明理由。', [{ field: 'note', message: '必填' }]);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(caseProposals).where(eq(caseProposals.id, id)).for('update');
    if (!row || !row.regionCode.startsWith(prefix)) throw notFound('立案建议');
    if (row.status !== 'proposed') throw conflict('该立案建议已处理。', 'EMP-4');
    const status = input.decision === 'accept' ? 'accepted' : 'dismissed';
    const [updated] = await tx.update(caseProposals).set({ status, decidedAt: ctx.clock.now(), decidedBy: actor.userId, decisionNote: note }).where(eq(caseProposals.id, id)).returning();
    await appendAudit(tx, ctx.clock, actor, { action: 'employer.case_decide', entityType: 'employer_case_proposal', entityId: id, regionCode: row.regionCode, before: { status: row.status }, after: { status, note } });
    return { id: updated.id, status: updated.status, decisionNote: updated.decisionNote };
  });
}
