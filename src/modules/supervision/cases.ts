// Cases and sanctions (SUP-4): a case (立案) is opened by hand, from an inspection finding or a public
// report, or proposed by an event (an integrity flag's suspension proposal, an accepted EMP-4
// proposal); it names the party (and for 一案双罚 the principal), its evidence and the catalogue's
// violation; the decision is checked against the catalogue (SUP-4) and its sanctions take effect in
// the modules they concern, through their services. Every step is audited in its transaction.
import { and, desc, eq, inArray, isNotNull, isNull, like } from 'drizzle-orm';
import type { Tx } from '../../db/index.js';
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { DomainEvent, EventSubscriber } from '../../kernel/events.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { maskName } from '../../kernel/ids.js';
import { settingInForce } from '../../kernel/province-settings.js';
import { regionFullName } from '../../kernel/regions.js';
import {
  cancelExamSite,
  findDoorIncident,
  findSite,
  restoreExamSite,
  restoreExaminer,
  revokeExaminer,
  staffOfCentre,
  suspendExamSite,
} from '../exams/index.js';
import { eliminateInstitution, restoreInstitution, suspendInstitution } from '../institutions/index.js';
import { restoreEmployer, suspendEmployer } from '../employers/index.js';
import { findOrganisation } from '../organisations/index.js';
import { appendArchiveEvent, findWorkerById } from '../registry/index.js';
import { findFinding, findInspection, findReport, photoIdsOf } from './queries.js';
import {
  enforcementCases,
  enforcementSanctions,
  type CaseDecision,
  type CaseEvidence,
  type CaseStep,
} from './schema.js';
import {
  CATALOGUE_VERSION,
  PARTY_KINDS,
  SANCTION_KINDS,
  VIOLATIONS,
  decisionRefusal,
  findViolation,
  suspensionEnd,
  type PartyKind,
  type SanctionKind,
} from './violations.js';

type CaseRow = typeof enforcementCases.$inferSelect;
type SanctionRow = typeof enforcementSanctions.$inferSelect;

export const CASE_STATUSES = {
  proposed: '建议立案',
  open: '已立案',
  decided: '已作出处罚决定',
  dismissed: '不予立案／撤销',
} as const;
export const CASE_SOURCES = {
  manual: '监管人员直接立案',
  finding: '检查发现问题',
  report: '群众举报',
  integrity: '考试诚信预警',
  employer: '持证上岗核查（一案双罚）',
  door: '考场入场人证不符',
} as const;
const EFFECTIVE: readonly SanctionKind[] = ['suspend', 'cancel_site', 'eliminate', 'revoke_examiner'];

function scope(actor: Actor): string {
  requirePermission(actor, 'supervision.cases');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden('案件由监管部门办理。');
  return prefix;
}

const step = (ctx: AppContext, s: CaseStep['step'], by: string | null, note: string | null): CaseStep => ({
  step: s,
  at: ctx.clock.now().toISOString(),
  by,
  note,
});
const caseNo = (ctx: AppContext, id: string) =>
  `案${chinaDate(ctx.clock.now()).slice(0, 4)}-${id.slice(0, 8).toUpperCase()}`;

interface Party {
  kind: PartyKind;
  id: string;
  name: string;
  regionCode: string;
}

async function resolveParty(ctx: AppContext, kind: PartyKind, id: string): Promise<Party | null> {
  if (kind === 'worker') {
    const w = await findWorkerById(ctx.db, id);
    return w ? { kind, id: w.id, name: w.name, regionCode: w.regionCode } : null;
  }
  if (kind === 'exam_site') {
    const site = await findSite(ctx.db, id);
    return site ? { kind, id: site.id, name: site.name, regionCode: site.regionCode } : null;
  }
  const org = await findOrganisation(ctx.db, id);
  return org && org.kind === kind ? { kind, id: org.id, name: org.name, regionCode: org.regionCode } : null;
}

async function insertCase(
  tx: Tx,
  ctx: AppContext,
  actor: Actor | null,
  values: Omit<typeof enforcementCases.$inferInsert, 'caseNo' | 'createdAt' | 'steps'> & { steps: CaseStep[] },
) {
  const id = crypto.randomUUID();
  const rows = await tx
    .insert(enforcementCases)
    .values({ ...values, id, caseNo: caseNo(ctx, id), createdAt: ctx.clock.now() })
    .onConflictDoNothing()
    .returning();
  if (!rows.length) return null;
  const row = rows[0];
  await appendAudit(tx, ctx.clock, actor, {
    action: `supervision.case_${row.status === 'proposed' ? 'propose' : 'open'}`,
    entityType: 'enforcement_case',
    entityId: row.id,
    regionCode: row.regionCode,
    after: {
      caseNo: row.caseNo,
      source: row.source,
      sourceRef: row.sourceRef,
      partyKind: row.partyKind,
      partyId: row.partyId,
      violationCode: row.violationCode,
    },
  });
  return row;
}

export interface OpenCaseInput {
  source: 'manual' | 'finding' | 'report' | 'door';
  sourceId?: string;
  partyKind?: PartyKind;
  partyId?: string;
  principalName?: string;
  violationCode: string;
  facts: string;
  evidence?: { label: string; ref: string }[];
}

/** SUP-4: a regulator opens a case by hand, from a finding of its jurisdiction, or from a public report it handles. */
export async function openCase(ctx: AppContext, actor: Actor, input: OpenCaseInput) {
  const prefix = scope(actor);
  const violation = findViolation(input.violationCode);
  if (!violation)
    throw badRequest(`违法行为代码 ${input.violationCode} 不在违法行为目录中。`, [
      { field: 'violationCode', message: '未知代码' },
    ]);
  const evidence: CaseEvidence[] = (input.evidence ?? []).map((e) => ({
    kind: 'document',
    label: e.label.trim(),
    ref: e.ref.trim(),
  }));
  let partyKind = input.partyKind;
  let partyId = input.partyId;
  if (input.source !== 'manual' && !input.sourceId)
    throw badRequest('请指明案件来源（检查问题或举报）。', [{ field: 'sourceId', message: '必填' }]);
  if (input.source === 'finding') {
    const f = await findFinding(ctx.db, input.sourceId!);
    if (!f || !f.regionCode.startsWith(prefix)) throw notFound('检查问题');
    // The finding's on-site photos (not the rectification's) go into the file with it.
    const photos = (await photoIdsOf(ctx.db, f.id)).filter((x) => !x.rectificationId);
    evidence.unshift(
      { kind: 'finding', ref: f.id, label: `检查问题：${f.description}（${f.legalBasis}）` },
      ...photos.map((x, i) => ({
        kind: 'photo' as const,
        ref: `/api/findings/${f.id}/photos/${x.id}`,
        label: `现场照片 ${i + 1}`,
      })),
    );
    // The party is what was inspected: the institution, the employer, or the exam site itself.
    const inspection = await findInspection(ctx.db, f.inspectionId);
    if (!input.partyId && inspection) {
      partyKind = inspection.targetKind;
      partyId = inspection.targetId;
    }
  }
  if (input.source === 'report') {
    const r = await findReport(ctx.db, input.sourceId!);
    if (!r || r.handlingOrgId !== actor.orgId) throw notFound('举报');
    evidence.unshift({
      kind: 'report',
      ref: r.id,
      label: `群众举报（${r.trackingCode.slice(0, 4)}…）：${r.subjectName}`,
    });
  }
  // EXM-5: a person–certificate mismatch at an exam door is a case against the site (its door) or the
  // candidate (Order 30 art. 41, 冒用); it is handled where it happened, whatever the candidate's home.
  let caseRegion: string | null = null;
  let sourceRef = input.source === 'manual' ? null : (input.sourceId ?? null);
  if (input.source === 'door') {
    const incident = await findDoorIncident(ctx.db, input.sourceId!);
    if (!incident || !incident.regionCode.startsWith(prefix)) throw notFound('入场人证不符记录');
    partyKind = input.partyKind === 'worker' ? 'worker' : 'exam_site';
    partyId = partyKind === 'worker' ? incident.workerId : incident.siteId;
    caseRegion = incident.regionCode;
    sourceRef = `${incident.id}/${partyKind}`;
    evidence.unshift({
      kind: 'door_incident',
      ref: incident.id,
      label: `入场人证不符：${incident.siteName}，${incident.date}，${incident.itemCode}`,
    });
  }
  if (!partyKind || !partyId) throw badRequest('请选择当事单位。', [{ field: 'partyId', message: '必填' }]);
  if (violation.party !== partyKind)
    throw ruleViolation(
      'SUP-4',
      '违法行为与当事单位类型不符',
      `「${violation.title}」适用于${PARTY_KINDS[violation.party]}，当事单位是${PARTY_KINDS[partyKind]}。`,
    );
  const party = await resolveParty(ctx, partyKind, partyId);
  if (!party || !(caseRegion ?? party.regionCode).startsWith(prefix)) throw notFound(PARTY_KINDS[partyKind]);
  const facts = input.facts.trim();
  if (facts.length < 4) throw badRequest('请写明违法事实。', [{ field: 'facts', message: '必填' }]);
  return ctx.db.transaction(async (tx) => {
    const row = await insertCase(tx, ctx, actor, {
      regionCode: caseRegion ?? party.regionCode,
      handlingOrgId: actor.orgId,
      status: 'open',
      source: input.source,
      sourceRef,
      partyKind,
      partyId,
      partyName: party.name,
      principalName: input.principalName?.trim() || null,
      violationCode: violation.code,
      facts,
      evidence,
      steps: [step(ctx, 'opened', actor.displayName, null)],
    });
    if (!row) throw conflict('该来源已立案，请在案件列表中查看。', 'SUP-4');
    return presentCase(row, [], chinaDate(ctx.clock.now()));
  });
}

/** Subscriber: integrity's suspension proposal (seed 000 §9) and an accepted EMP-4 proposal become proposed cases. */
export const supervisionSubscribers: readonly EventSubscriber[] = [
  {
    name: 'supervision.cases',
    types: ['integrity.site-suspension-proposed', 'employers.case-proposal-accepted'],
    async handle(tx: Tx, event: DomainEvent, ctx: AppContext) {
      const p = event.payload as Record<string, string | number | null | undefined>;
      if (event.type === 'integrity.site-suspension-proposed') {
        await insertCase(tx, ctx, null, {
          regionCode: event.regionCode ?? '',
          status: 'proposed',
          source: 'integrity',
          sourceRef: String(p.proposalId),
          partyKind: 'exam_site',
          partyId: String(p.siteId),
          partyName: String(p.siteName ?? ''),
          violationCode: 'EXM-03',
          facts: `考试诚信预警经确认，建议暂停考试点 ${p.months ?? ''} 个月：${p.reason ?? ''}`,
          evidence: [{ kind: 'integrity_flag', ref: String(p.flagId), label: `诚信预警 ${p.rule ?? ''}` }],
          steps: [step(ctx, 'proposed', null, '考试诚信预警确认后自动建议立案')],
        });
        return;
      }
      const ground = String(p.ground ?? '');
      await insertCase(tx, ctx, null, {
        regionCode: event.regionCode ?? '',
        status: 'proposed',
        source: 'employer',
        sourceRef: String(p.proposalId),
        partyKind: 'employer',
        partyId: String(p.employerOrgId),
        partyName: String(p.employerName ?? ''),
        principalName: p.principalName ? String(p.principalName) : null,
        violationCode: ground === 'uncertified' ? 'EMP-02' : ground === 'not_found' ? 'EMP-03' : 'EMP-04',
        facts: `${p.workerName ?? ''} ${p.groundLabel ?? ground}${p.itemCode ? `（作业项目 ${p.itemCode}）` : ''}`,
        evidence: [{ kind: 'employer_proposal', ref: String(p.proposalId), label: '持证上岗核查立案建议（EMP-4）' }],
        steps: [step(ctx, 'proposed', null, '立案建议经监管部门采纳')],
      });
    },
  },
];

async function loadCase(tx: Tx, prefix: string, id: string): Promise<CaseRow> {
  const [row] = await tx.select().from(enforcementCases).where(eq(enforcementCases.id, id)).for('update');
  if (!row || !row.regionCode.startsWith(prefix)) throw notFound('案件');
  return row;
}

async function updateCase(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  row: CaseRow,
  values: Partial<typeof enforcementCases.$inferInsert>,
  s: CaseStep,
  action: string,
  after: Record<string, unknown>,
) {
  const [updated] = await tx
    .update(enforcementCases)
    .set({ ...values, steps: [...row.steps, s] })
    .where(eq(enforcementCases.id, row.id))
    .returning();
  await appendAudit(tx, ctx.clock, actor, {
    action: `supervision.case_${action}`,
    entityType: 'enforcement_case',
    entityId: row.id,
    regionCode: row.regionCode,
    before: { status: row.status },
    after,
  });
  return updated;
}

/** 立案 of a proposed case, or its dismissal with a reason (SUP-4). */
export async function actOnCase(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { action: 'open' | 'dismiss'; note?: string },
) {
  const prefix = scope(actor);
  const note = input.note?.trim() || null;
  if (input.action === 'dismiss' && !note)
    throw badRequest('不予立案或撤销案件须说明理由。', [{ field: 'note', message: '必填' }]);
  return ctx.db.transaction(async (tx) => {
    const row = await loadCase(tx, prefix, id);
    if (input.action === 'open' && row.status !== 'proposed') throw conflict('只有建议立案的案件可以立案。', 'SUP-4');
    if (input.action === 'dismiss' && row.status !== 'proposed' && row.status !== 'open')
      throw conflict('已作出决定的案件不能撤销。', 'SUP-4');
    const status = input.action === 'open' ? 'open' : 'dismissed';
    const updated = await updateCase(
      tx,
      ctx,
      actor,
      row,
      { status, handlingOrgId: actor.orgId },
      step(ctx, input.action === 'open' ? 'opened' : 'dismissed', actor.displayName, note),
      input.action,
      { status, note },
    );
    return presentCase(updated, [], chinaDate(ctx.clock.now()));
  });
}

export interface DecideInput {
  sanctions: SanctionKind[];
  fineYuan?: number;
  principalFineYuan?: number;
  suspendMonths?: number;
  examinerStaffId?: string;
  principalName?: string;
  reasoning: string;
}

/** SUP-4: the decision, within the catalogue's sanctions and ranges; its sanctions take effect at once. */
export async function decideCase(ctx: AppContext, actor: Actor, id: string, input: DecideInput) {
  const prefix = scope(actor);
  const reasoning = input.reasoning.trim();
  if (!reasoning) throw badRequest('请写明处罚理由。', [{ field: 'reasoning', message: '必填' }]);
  return ctx.db.transaction(async (tx) => {
    const row = await loadCase(tx, prefix, id);
    if (row.status !== 'open')
      throw conflict(row.status === 'proposed' ? '请先立案再作出决定。' : '该案件已办结。', 'SUP-4');
    const v = findViolation(row.violationCode)!;
    // SUP-4: the legal basis the province has restated for this behaviour (settings module), else the catalogue's.
    const ownBasis = await settingInForce<{ legalBasis: string }>(tx, {
      regionCode: row.regionCode,
      kind: 'legal_bases',
      key: v.code,
      on: chinaDate(ctx.clock.now()),
    });
    const sanctions = [...new Set(input.sanctions)];
    const refusal = decisionRefusal(v, {
      sanctions,
      fineYuan: input.fineYuan ?? null,
      principalFineYuan: input.principalFineYuan ?? null,
      suspendMonths: input.suspendMonths ?? null,
    });
    if (refusal) throw ruleViolation('SUP-4', '处罚决定超出违法行为目录的裁量范围', refusal);
    const principalName = input.principalName?.trim() || row.principalName;
    if (input.principalFineYuan != null && !principalName)
      throw badRequest('对主要负责人罚款须写明其姓名（一案双罚）。', [{ field: 'principalName', message: '必填' }]);
    if (sanctions.includes('revoke_examiner') && !input.examinerStaffId)
      throw badRequest('取消考评员资格须选择考评员。', [{ field: 'examinerStaffId', message: '必填' }]);
    const today = chinaDate(ctx.clock.now());
    const endsOn = input.suspendMonths ? suspensionEnd(today, input.suspendMonths) : null;
    for (const kind of sanctions) await applySanction(tx, ctx, actor, row, kind, endsOn, input.examinerStaffId ?? null);
    await tx.insert(enforcementSanctions).values(
      sanctions.map((kind) => ({
        caseId: row.id,
        regionCode: row.regionCode,
        kind,
        partyKind: row.partyKind,
        partyId: row.partyId,
        targetId: kind === 'revoke_examiner' ? input.examinerStaffId! : null,
        fineYuan: kind === 'fine' ? (input.fineYuan ?? null) : null,
        principalFineYuan: kind === 'fine' ? (input.principalFineYuan ?? null) : null,
        startsOn: today,
        endsOn: kind === 'suspend' ? endsOn : null,
      })),
    );
    const decision: CaseDecision = {
      sanctions,
      fineYuan: input.fineYuan ?? null,
      principalFineYuan: input.principalFineYuan ?? null,
      suspendMonths: input.suspendMonths ?? null,
      examinerStaffId: input.examinerStaffId ?? null,
      reasoning,
      legalBasis: ownBasis?.value.legalBasis ?? v.legalBasis,
      catalogueVersion: CATALOGUE_VERSION,
    };
    const updated = await updateCase(
      tx,
      ctx,
      actor,
      row,
      { status: 'decided', decision, principalName, decidedAt: ctx.clock.now() },
      step(ctx, 'decided', actor.displayName, sanctions.map((s) => SANCTION_KINDS[s]).join('、')),
      'decide',
      { decision },
    );
    return presentCase(
      updated,
      await tx.select().from(enforcementSanctions).where(eq(enforcementSanctions.caseId, row.id)),
      chinaDate(ctx.clock.now()),
    );
  });
}

/** The effect in the module concerned (the architecture: a later step calls the earlier one's service). */
async function applySanction(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  row: CaseRow,
  kind: SanctionKind,
  endsOn: string | null,
  staffId: string | null,
) {
  const ref = row.caseNo;
  if (kind === 'suspend' && row.partyKind === 'institution')
    await suspendInstitution(tx, ctx.clock, actor, {
      orgId: row.partyId,
      regionCode: row.regionCode,
      until: endsOn!,
      ref,
    });
  if (kind === 'suspend' && row.partyKind === 'employer')
    await suspendEmployer(tx, ctx.clock, actor, {
      orgId: row.partyId,
      regionCode: row.regionCode,
      until: endsOn!,
      ref,
    });
  if (kind === 'suspend' && row.partyKind === 'exam_site')
    await suspendExamSite(tx, ctx.clock, actor, { siteId: row.partyId, until: endsOn!, ref });
  if (kind === 'eliminate')
    await eliminateInstitution(tx, ctx.clock, actor, { orgId: row.partyId, regionCode: row.regionCode, ref });
  if (kind === 'cancel_site') await cancelExamSite(tx, ctx.clock, actor, { siteId: row.partyId, ref });
  // REG-1: a penalty on a worker (Order 30 art. 41) is part of their life-cycle archive, and a ground
  // the issuing authority weighs at review (CER-4, 有安全生产违法行为并给予行政处罚).
  if (row.partyKind === 'worker')
    await appendArchiveEvent(tx, ctx.clock.now(), actor, {
      workerId: row.partyId,
      kind: 'sanctioned',
      summary: `行政处罚（${ref}）：${SANCTION_KINDS[kind]}——${findViolation(row.violationCode)?.title ?? row.violationCode}`,
      detail: { caseId: row.id, caseNo: ref, sanction: kind },
    });
  if (kind === 'revoke_examiner') {
    const site = row.partyKind === 'exam_site' ? await findSite(tx, row.partyId) : null;
    const staff = await revokeExaminer(tx, ctx.clock, actor, { staffId: staffId!, ref });
    // Only an examiner of the sanctioned site's own centre.
    if (!site || staff.centreOrgId !== site.centreOrgId) throw notFound('考评员');
  }
}

/** SUP-4: lifting a suspension, cancellation, elimination or revocation restores the party in its module. */
export async function liftSanction(ctx: AppContext, actor: Actor, sanctionId: string, input: { note: string }) {
  const prefix = scope(actor);
  const note = input.note.trim();
  if (!note) throw badRequest('请写明解除理由。', [{ field: 'note', message: '必填' }]);
  return ctx.db.transaction(async (tx) => {
    const [s] = await tx
      .select()
      .from(enforcementSanctions)
      .where(eq(enforcementSanctions.id, sanctionId))
      .for('update');
    if (!s || !s.regionCode.startsWith(prefix)) throw notFound('处罚措施');
    if (!EFFECTIVE.includes(s.kind as SanctionKind))
      throw conflict(`「${SANCTION_KINDS[s.kind as SanctionKind] ?? s.kind}」无需解除。`, 'SUP-4');
    if (s.liftedAt) throw conflict('该处罚措施已解除。', 'SUP-4');
    const row = await loadCase(tx, prefix, s.caseId);
    const ref = `${row.caseNo} 解除`;
    await tx
      .update(enforcementSanctions)
      .set({ liftedAt: ctx.clock.now(), liftNote: note })
      .where(eq(enforcementSanctions.id, s.id));
    if (s.kind === 'revoke_examiner') await restoreExaminer(tx, ctx.clock, actor, { staffId: s.targetId! });
    else await reapplyRemaining(tx, ctx, actor, s, ref);
    const updated = await updateCase(
      tx,
      ctx,
      actor,
      row,
      {},
      step(ctx, 'lifted', actor.displayName, `${SANCTION_KINDS[s.kind as SanctionKind]}：${note}`),
      'lift',
      { sanctionId, kind: s.kind, note },
    );
    return presentCase(
      updated,
      await tx.select().from(enforcementSanctions).where(eq(enforcementSanctions.caseId, row.id)),
      chinaDate(ctx.clock.now()),
    );
  });
}

/**
 * SUP-4: lifting one sanction restores the party only if no other sanction of another case is still in
 * force on it; otherwise the strongest remaining one (elimination or cancellation, else the latest
 * suspension) stays in effect.
 */
async function reapplyRemaining(tx: Tx, ctx: AppContext, actor: Actor, lifted: SanctionRow, ref: string) {
  const today = chinaDate(ctx.clock.now());
  const others = (
    await tx
      .select({ s: enforcementSanctions, caseNo: enforcementCases.caseNo })
      .from(enforcementSanctions)
      .innerJoin(enforcementCases, eq(enforcementCases.id, enforcementSanctions.caseId))
      .where(and(eq(enforcementSanctions.partyId, lifted.partyId), isNull(enforcementSanctions.liftedAt)))
  ).filter(
    ({ s }) =>
      s.kind === 'eliminate' ||
      s.kind === 'cancel_site' ||
      (s.kind === 'suspend' && s.endsOn !== null && s.endsOn >= today),
  );
  const final = others.find(({ s }) => s.kind === 'eliminate' || s.kind === 'cancel_site');
  const suspension = others
    .filter(({ s }) => s.kind === 'suspend')
    .sort((a, b) => b.s.endsOn!.localeCompare(a.s.endsOn!))[0];
  if (lifted.partyKind === 'employer') {
    if (suspension)
      await suspendEmployer(tx, ctx.clock, actor, {
        orgId: lifted.partyId,
        regionCode: lifted.regionCode,
        until: suspension.s.endsOn!,
        ref: suspension.caseNo,
      });
    else await restoreEmployer(tx, ctx.clock, actor, { orgId: lifted.partyId, regionCode: lifted.regionCode, ref });
  } else if (lifted.partyKind === 'institution') {
    if (final)
      await eliminateInstitution(tx, ctx.clock, actor, {
        orgId: lifted.partyId,
        regionCode: lifted.regionCode,
        ref: final.caseNo,
      });
    else if (suspension)
      await suspendInstitution(tx, ctx.clock, actor, {
        orgId: lifted.partyId,
        regionCode: lifted.regionCode,
        until: suspension.s.endsOn!,
        ref: suspension.caseNo,
      });
    else await restoreInstitution(tx, ctx.clock, actor, { orgId: lifted.partyId, regionCode: lifted.regionCode, ref });
  } else {
    if (final) await cancelExamSite(tx, ctx.clock, actor, { siteId: lifted.partyId, ref: final.caseNo });
    else if (suspension)
      await suspendExamSite(tx, ctx.clock, actor, {
        siteId: lifted.partyId,
        until: suspension.s.endsOn!,
        ref: suspension.caseNo,
      });
    else await restoreExamSite(tx, ctx.clock, actor, { siteId: lifted.partyId, ref });
  }
}

function presentSanction(s: SanctionRow, today: string) {
  const inForce = !s.liftedAt && (s.kind !== 'suspend' || !s.endsOn || today <= s.endsOn);
  return {
    id: s.id,
    kind: s.kind,
    kindLabel: SANCTION_KINDS[s.kind as SanctionKind] ?? s.kind,
    fineYuan: s.fineYuan,
    principalFineYuan: s.principalFineYuan,
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    liftedAt: s.liftedAt?.toISOString() ?? null,
    liftNote: s.liftNote,
    liftable: EFFECTIVE.includes(s.kind as SanctionKind) && inForce,
    inForce: EFFECTIVE.includes(s.kind as SanctionKind) ? inForce : null,
  };
}

function presentCase(row: CaseRow, sanctions: SanctionRow[], today: string) {
  const v = findViolation(row.violationCode);
  return {
    id: row.id,
    caseNo: row.caseNo,
    status: row.status,
    statusLabel: CASE_STATUSES[row.status],
    source: row.source,
    sourceLabel: CASE_SOURCES[row.source],
    sourceRef: row.sourceRef,
    partyKind: row.partyKind,
    partyKindLabel: PARTY_KINDS[row.partyKind],
    partyId: row.partyId,
    partyName: row.partyName,
    principalName: row.principalName,
    regionCode: row.regionCode,
    regionName: regionFullName(row.regionCode) ?? row.regionCode,
    violation: v ?? null,
    facts: row.facts,
    evidence: row.evidence,
    decision: row.decision,
    steps: row.steps,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    sanctions: sanctions.map((s) => presentSanction(s, today)),
  };
}

/** The jurisdiction's cases; by source, so a finding or report shows the case opened from it (SUP-4). */
export async function listCases(
  ctx: AppContext,
  actor: Actor,
  q: { status?: CaseRow['status']; source?: CaseRow['source']; sourceRef?: string },
) {
  const prefix = scope(actor);
  const rows = await ctx.db
    .select()
    .from(enforcementCases)
    .where(
      and(
        like(enforcementCases.regionCode, `${prefix}%`),
        q.status ? eq(enforcementCases.status, q.status) : undefined,
        q.source ? eq(enforcementCases.source, q.source) : undefined,
        q.sourceRef ? eq(enforcementCases.sourceRef, q.sourceRef) : undefined,
      ),
    )
    .orderBy(desc(enforcementCases.createdAt))
    .limit(500);
  return { items: rows.map((r) => ({ ...presentCase(r, [], chinaDate(ctx.clock.now())), steps: undefined })) };
}

export async function getCase(ctx: AppContext, actor: Actor, id: string) {
  const prefix = scope(actor);
  const [row] = await ctx.db.select().from(enforcementCases).where(eq(enforcementCases.id, id));
  if (!row || !row.regionCode.startsWith(prefix)) throw notFound('案件');
  return presentCase(
    row,
    await ctx.db.select().from(enforcementSanctions).where(eq(enforcementSanctions.caseId, id)),
    chinaDate(ctx.clock.now()),
  );
}

/** SUP-7: the handling regulator makes a decided case public (行政处罚信息公示), once; audited. */
export async function publishCase(ctx: AppContext, actor: Actor, id: string) {
  const prefix = scope(actor);
  return ctx.db.transaction(async (tx) => {
    const row = await loadCase(tx, prefix, id);
    if (row.status !== 'decided') throw conflict('只有已作出处罚决定的案件可以公示。', 'SUP-7');
    if (row.publishedAt) throw conflict('该案件已公示。', 'SUP-7');
    if (row.handlingOrgId !== actor.orgId) throw forbidden('只有办案的监管部门可以公示该案件。');
    const updated = await updateCase(
      tx,
      ctx,
      actor,
      row,
      { publishedAt: ctx.clock.now(), publishedBy: actor.userId },
      step(ctx, 'published', actor.displayName, '行政处罚信息公示'),
      'publish',
      { publishedAt: ctx.clock.now().toISOString() },
    );
    return presentCase(
      updated,
      await tx.select().from(enforcementSanctions).where(eq(enforcementSanctions.caseId, row.id)),
      chinaDate(ctx.clock.now()),
    );
  });
}

/** What the public reads of a sanction: its kind, the fine amounts, the suspension's end; never an examiner's name. */
function publicSanctionText(s: SanctionRow): string {
  if (s.kind === 'fine')
    return `罚款 ${s.fineYuan ?? 0} 元${s.principalFineYuan != null ? `，对主要负责人罚款 ${s.principalFineYuan} 元` : ''}`;
  const label = SANCTION_KINDS[s.kind as SanctionKind] ?? s.kind;
  if (s.kind === 'suspend' && s.partyKind === 'employer')
    return `责令停产停业整顿${s.endsOn ? `（${s.startsOn} 至 ${s.endsOn}）` : ''}`;
  return s.kind === 'suspend' && s.endsOn ? `${label}（${s.startsOn} 至 ${s.endsOn}）` : label;
}

/**
 * SUP-7: the published penalty decisions (行政处罚信息公示), public and without login. The party is an
 * organisation and named; the principal's name is masked and the facts (which may name workers) stay inside.
 */
export async function listPublishedPenalties(ctx: AppContext, q: { regionCode?: string }) {
  const prefix = q.regionCode ? q.regionCode.replace(/(00)+$/, '') : '';
  const rows = await ctx.db
    .select()
    .from(enforcementCases)
    .where(
      and(
        isNotNull(enforcementCases.publishedAt),
        eq(enforcementCases.status, 'decided'),
        prefix ? like(enforcementCases.regionCode, `${prefix}%`) : undefined,
      ),
    )
    .orderBy(desc(enforcementCases.publishedAt))
    .limit(500);
  const sanctions = rows.length
    ? await ctx.db
        .select()
        .from(enforcementSanctions)
        .where(
          inArray(
            enforcementSanctions.caseId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const today = chinaDate(ctx.clock.now());
  return {
    items: rows.map((r) => {
      const v = findViolation(r.violationCode);
      const own = sanctions.filter((s) => s.caseId === r.id);
      return {
        caseNo: r.caseNo,
        // A natural person's name is public only masked, like a principal's (SEC-3).
        partyName: r.partyKind === 'worker' ? maskName(r.partyName) : r.partyName,
        partyKindLabel: PARTY_KINDS[r.partyKind],
        regionName: regionFullName(r.regionCode) ?? r.regionCode,
        principalName: r.principalName ? maskName(r.principalName) : null,
        violationCode: r.violationCode,
        violationTitle: v?.title ?? r.violationCode,
        legalBasis: r.decision?.legalBasis ?? v?.legalBasis ?? '',
        sanctions: own.map((s) => ({
          kind: s.kind,
          text: publicSanctionText(s),
          inForce: EFFECTIVE.includes(s.kind as SanctionKind) ? presentSanction(s, today).inForce : null,
          lifted: !!s.liftedAt,
        })),
        fineYuan: r.decision?.fineYuan ?? null,
        principalFineYuan: r.decision?.principalFineYuan ?? null,
        decidedOn: r.decidedAt ? chinaDate(r.decidedAt) : null,
        publishedOn: chinaDate(r.publishedAt!),
      };
    }),
  };
}

export function violationCatalogue() {
  return { version: CATALOGUE_VERSION, sanctionKinds: SANCTION_KINDS, partyKinds: PARTY_KINDS, items: VIOLATIONS };
}

/** SUP-7, INS-5: the sanctions decided against parties (for the rating and the public lists). */
export async function sanctionsOfParties(ctx: AppContext, partyIds: string[]) {
  if (!partyIds.length) return [];
  return ctx.db.select().from(enforcementSanctions).where(inArray(enforcementSanctions.partyId, partyIds));
}

/** SUP-4: the examiners of the sanctioned site's exam centre, for a decision revoking one (names only). */
export async function caseExaminers(ctx: AppContext, actor: Actor, id: string) {
  const prefix = scope(actor);
  const [row] = await ctx.db.select().from(enforcementCases).where(eq(enforcementCases.id, id));
  if (!row || !row.regionCode.startsWith(prefix)) throw notFound('案件');
  if (row.partyKind !== 'exam_site') return { items: [] };
  const site = await findSite(ctx.db, row.partyId);
  const staff = site ? await staffOfCentre(ctx.db, site.centreOrgId) : [];
  return {
    items: staff
      .filter((s) => s.duties.includes('examiner') && !s.deactivatedAt)
      .map((s) => ({ id: s.id, name: s.name, revoked: !!s.revokedAt })),
  };
}
