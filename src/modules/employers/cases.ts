// EMP-4 (一案双罚): whoever hires the uncertified is responsible. A daily scan of every current
// assignment proposes a case against the employer and its principal for each operation item the
// worker performs without a valid certificate, and for each worker kept on the ledger after the
// employer's own check (EMP-1) said the number does not exist; the regulator of the employer's
// region decides. The employer records its principal (EMP-4's second party).
import { and, desc, eq, gt, gte, inArray, isNull, like } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { emitEvent } from '../../kernel/events.js';
import { addDays, chinaDate } from '../../kernel/clock.js';
import { parseResidentIdNumber } from '../../kernel/ids.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound } from '../../kernel/problem.js';
import { findOrganisation } from '../organisations/index.js';
import { workerIdsByIdNumberHash } from '../registry/index.js';
import { CERTIFICATE_ALERT_LABELS, itemStanding, type CertificateAlert } from './rules.js';
import { caseProposals, certificateChecks, employerProfiles, employments } from './schema.js';
import { employerOf, itemNames } from './service.js';

export const CASE_ACCEPTED_EVENT = 'employers.case-proposal-accepted';

/** The alerts that mean the worker may not do the work at all (as opposed to a reminder). */
export const CASE_GROUNDS: readonly CertificateAlert[] = ['uncertified', 'expired', 'review_overdue', 'revoked'];
export type CaseGround = CertificateAlert | 'not_found';
export const CASE_GROUND_LABELS: Record<string, string> = {
  ...CERTIFICATE_ALERT_LABELS,
  not_found: '核验查无此证（疑似假证）',
};
/** How far back the scan reads the employer's not_found checks: a year of hiring decisions. */
const CHECK_LOOKBACK_DAYS = 366;

type Principal = { principalName: string; principalTitle: string };

async function principalsOf(db: Executor, orgIds: string[]): Promise<Map<string, Principal>> {
  if (!orgIds.length) return new Map();
  const rows = await db
    .select()
    .from(employerProfiles)
    .where(inArray(employerProfiles.orgId, [...new Set(orgIds)]));
  return new Map(rows.map((r) => [r.orgId, { principalName: r.principalName, principalTitle: r.principalTitle }]));
}

/** 一案双罚: the two parties of the case, the principal as recorded by the employer. */
export function caseParties(employerName: string, principal: Principal | null | undefined): string[] {
  return [
    `${employerName}（生产经营单位）`,
    principal ? `${principal.principalName}（${principal.principalTitle}）` : '其主要负责人（单位尚未登记，须核实）',
  ];
}

type Proposal = typeof caseProposals.$inferInsert;

async function insertProposals(ctx: AppContext, proposals: Proposal[]): Promise<number> {
  if (!proposals.length) return 0;
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.insert(caseProposals).values(proposals).onConflictDoNothing().returning({
      id: caseProposals.id,
      regionCode: caseProposals.regionCode,
      ground: caseProposals.ground,
      workerName: caseProposals.workerName,
    });
    // One audit record per region and batch (a scan may propose thousands), naming every proposal.
    const byRegion = new Map<string, typeof rows>();
    for (const row of rows) byRegion.set(row.regionCode, [...(byRegion.get(row.regionCode) ?? []), row]);
    for (const [regionCode, group] of byRegion) {
      await appendAudit(tx, ctx.clock, null, {
        action: 'employer.case_propose',
        entityType: 'employer_case_proposal',
        entityId: group[0].id,
        regionCode,
        after: { proposals: group.map((r) => ({ id: r.id, ground: r.ground, workerName: r.workerName })) },
      });
    }
    return rows.length;
  });
}

/** Proposes the cases due on `today`; each (assignment, item, ground) once. Returns how many are new. */
export async function proposeUncertifiedCases(ctx: AppContext, today = chinaDate(ctx.clock.now())): Promise<number> {
  let created = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await ctx.db
      .select()
      .from(employments)
      .where(and(isNull(employments.endedOn), gt(employments.id, after)))
      .orderBy(employments.id)
      .limit(2000);
    if (!batch.length) break;
    after = batch[batch.length - 1].id;
    const held = await ctx.certificates.heldBy(ctx.db, [...new Set(batch.map((e) => e.workerId))], today);
    const principals = await principalsOf(
      ctx.db,
      batch.map((e) => e.employerOrgId),
    );
    const proposals = batch.flatMap((e): Proposal[] =>
      e.itemCodes.flatMap((itemCode) => {
        const standing = itemStanding(itemCode, held.get(e.workerId) ?? [], today);
        if (!standing.alert || !CASE_GROUNDS.includes(standing.alert)) return [];
        return [
          {
            employerOrgId: e.employerOrgId,
            regionCode: e.regionCode,
            employmentId: e.id,
            workerId: e.workerId,
            workerName: e.workerName,
            itemCode,
            ground: standing.alert,
            evidence: {
              on: today,
              hiredOn: e.hiredOn,
              kind: e.kind,
              providerName: e.providerName,
              certificate: standing.certificate,
              idNumberMasked: e.idNumberMasked,
              principal: principals.get(e.employerOrgId) ?? null,
            },
            status: 'proposed',
            proposedAt: ctx.clock.now(),
          },
        ];
      }),
    );
    created += await insertProposals(ctx, proposals);
  }
  return created + (await proposeFakeCertificateCases(ctx, today));
}

/**
 * EMP-4, CER-5: the employer checked a certificate number (EMP-1), the platform answered that it does
 * not exist, and the person it belongs to (the number is T + the ID number) is still on that
 * employer's current ledger — unless a later check of the same number by the employer found it valid
 * (the person has since been certified). One proposal per employment.
 */
async function proposeFakeCertificateCases(ctx: AppContext, today: string): Promise<number> {
  const since = new Date(`${addDays(today, -CHECK_LOOKBACK_DAYS)}T00:00:00+08:00`);
  const checks = await ctx.db
    .select()
    .from(certificateChecks)
    .where(and(gte(certificateChecks.checkedAt, since), inArray(certificateChecks.result, ['not_found', 'valid'])))
    .orderBy(certificateChecks.checkedAt);
  const latestValid = new Map<string, Date>();
  for (const c of checks) if (c.result === 'valid') latestValid.set(`${c.employerOrgId}|${c.number}`, c.checkedAt);
  const misses = checks.filter(
    (c) =>
      c.result === 'not_found' &&
      !((latestValid.get(`${c.employerOrgId}|${c.number}`)?.getTime() ?? 0) > c.checkedAt.getTime()),
  );
  const hashOf = new Map<string, string>();
  for (const c of misses) {
    const id = /^T[0-9X]{18}$/.test(c.number)
      ? parseResidentIdNumber(c.number.slice(1), { today: ctx.clock.now() })
      : null;
    if (id?.ok) hashOf.set(c.number, ctx.vault.lookupHash('id_number', id.idNumber));
  }
  const workers = await workerIdsByIdNumberHash(ctx.db, [...new Set(hashOf.values())]);
  const workerOfNumber = (n: string) => (hashOf.has(n) ? workers.get(hashOf.get(n)!) : undefined);
  const missOf = new Map<string, (typeof misses)[number]>();
  for (const c of misses) {
    const worker = workerOfNumber(c.number);
    if (worker) missOf.set(`${c.employerOrgId}|${worker.id}`, c);
  }
  const workerIds = [...new Set([...missOf.keys()].map((k) => k.split('|')[1]))];
  let created = 0;
  for (let i = 0; i < workerIds.length; i += 1000) {
    const current = await ctx.db
      .select()
      .from(employments)
      .where(and(isNull(employments.endedOn), inArray(employments.workerId, workerIds.slice(i, i + 1000))));
    const principals = await principalsOf(
      ctx.db,
      current.map((e) => e.employerOrgId),
    );
    const proposals = current.flatMap((e): Proposal[] => {
      const check = missOf.get(`${e.employerOrgId}|${e.workerId}`);
      if (!check) return [];
      return [
        {
          employerOrgId: e.employerOrgId,
          regionCode: e.regionCode,
          employmentId: e.id,
          workerId: e.workerId,
          workerName: e.workerName,
          // The number named no certificate, so no item: the case is about the person kept at work.
          itemCode: '',
          ground: 'not_found',
          evidence: {
            on: today,
            hiredOn: e.hiredOn,
            kind: e.kind,
            providerName: e.providerName,
            idNumberMasked: e.idNumberMasked,
            itemCodes: e.itemCodes,
            check: {
              number: check.number,
              holderNameMasked: check.holderNameMasked,
              result: check.result,
              checkedAt: check.checkedAt.toISOString(),
              checkedByName: check.checkedByName,
            },
            principal: principals.get(e.employerOrgId) ?? null,
          },
          status: 'proposed',
          proposedAt: ctx.clock.now(),
        },
      ];
    });
    created += await insertProposals(ctx, proposals);
  }
  return created;
}

/** EMP-4: the employer's principal, as its admin recorded it (null until recorded). */
export async function getEmployerProfile(ctx: AppContext, actor: Actor) {
  const orgId = employerOf(actor);
  const [row] = await ctx.db.select().from(employerProfiles).where(eq(employerProfiles.orgId, orgId));
  return {
    principalName: row?.principalName ?? null,
    principalTitle: row?.principalTitle ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

export async function setEmployerProfile(
  ctx: AppContext,
  actor: Actor,
  input: { principalName: string; principalTitle: string },
) {
  const orgId = employerOf(actor);
  const values = { principalName: input.principalName.trim(), principalTitle: input.principalTitle.trim() };
  if (!values.principalName || !values.principalTitle)
    throw badRequest('请填写主要负责人的姓名和职务。', [
      { field: values.principalName ? 'principalTitle' : 'principalName', message: '必填' },
    ]);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(employerProfiles).where(eq(employerProfiles.orgId, orgId));
    await tx
      .insert(employerProfiles)
      .values({ orgId, ...values, updatedAt: now, updatedBy: actor.userId })
      .onConflictDoUpdate({
        target: employerProfiles.orgId,
        set: { ...values, updatedAt: now, updatedBy: actor.userId },
      });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'employer.principal',
      entityType: 'organisation',
      entityId: orgId,
      regionCode: actor.regionCode,
      before: before ? { principalName: before.principalName, principalTitle: before.principalTitle } : null,
      after: values,
    });
  });
  return getEmployerProfile(ctx, actor);
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
  for (const id of new Set(rows.map((r) => r.employerOrgId)))
    orgs.set(id, (await findOrganisation(ctx.db, id))?.name ?? '');
  const principals = await principalsOf(
    ctx.db,
    rows.map((r) => r.employerOrgId),
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      employerOrgId: r.employerOrgId,
      employerName: orgs.get(r.employerOrgId) ?? '',
      // 一案双罚: the employer and its principal are both parties to the one case.
      // The principal as recorded now, else as it stood when the case was proposed.
      parties: caseParties(
        orgs.get(r.employerOrgId) ?? '',
        principals.get(r.employerOrgId) ?? (r.evidence.principal as Principal | null),
      ),
      workerId: r.workerId,
      workerName: r.workerName,
      itemCode: r.itemCode,
      itemName: r.itemCode ? (names.get(r.itemCode) ?? r.itemCode) : null,
      ground: r.ground,
      groundLabel: CASE_GROUND_LABELS[r.ground] ?? r.ground,
      evidence: r.evidence,
      status: r.status,
      proposedAt: r.proposedAt.toISOString(),
      decisionNote: r.decisionNote,
    })),
  };
}

export async function decideCaseProposal(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { decision: 'accept' | 'dismiss'; note?: string },
) {
  const prefix = regulatorScope(actor);
  const note = input.note?.trim() || null;
  if (input.decision === 'dismiss' && !note)
    throw badRequest('不予立案须说明理由。', [{ field: 'note', message: '必填' }]);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(caseProposals).where(eq(caseProposals.id, id)).for('update');
    if (!row || !row.regionCode.startsWith(prefix)) throw notFound('立案建议');
    if (row.status !== 'proposed') throw conflict('该立案建议已处理。', 'EMP-4');
    const status = input.decision === 'accept' ? 'accepted' : 'dismissed';
    const [updated] = await tx
      .update(caseProposals)
      .set({ status, decidedAt: ctx.clock.now(), decidedBy: actor.userId, decisionNote: note })
      .where(eq(caseProposals.id, id))
      .returning();
    if (status === 'accepted') {
      // EMP-4 → SUP-4: supervision (a later step) opens the case from this event; no import of it here.
      const principal =
        (await principalsOf(tx, [row.employerOrgId])).get(row.employerOrgId) ??
        (row.evidence.principal as Principal | null);
      const org = await findOrganisation(tx, row.employerOrgId);
      await emitEvent(tx, ctx.clock, {
        type: CASE_ACCEPTED_EVENT,
        regionCode: row.regionCode,
        payload: {
          proposalId: row.id,
          employerOrgId: row.employerOrgId,
          employerName: org?.name ?? '',
          principalName: principal?.principalName ?? null,
          workerName: row.workerName,
          itemCode: row.itemCode,
          ground: row.ground,
          groundLabel: CASE_GROUND_LABELS[row.ground] ?? row.ground,
        },
      });
    }
    await appendAudit(tx, ctx.clock, actor, {
      action: 'employer.case_decide',
      entityType: 'employer_case_proposal',
      entityId: id,
      regionCode: row.regionCode,
      before: { status: row.status },
      after: { status, note },
    });
    return { id: updated.id, status: updated.status, decisionNote: updated.decisionNote };
  });
}
