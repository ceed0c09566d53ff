// Integrity use cases: scans (after each session, nightly, on demand), the ranked flag list, a
// person's decision on a flag (dismiss with a reason, or confirm — optionally cancelling the score
// through exams and proposing the site's suspension to its regulator, seed 000 §9).
import type { Actor } from '../../kernel/access.js';
import { isRegulator, jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { emitEvent } from '../../kernel/events.js';
import { sendJob } from '../../kernel/jobs.js';
import { Problem, badRequest, conflict, notFound, ruleViolation } from '../../kernel/problem.js';
import { cancelScore, integrityQuestionLabels, vendorItemCodes } from '../exams/index.js';
import { KIND_RULE, type DetectorKind, type Verdict } from './detectors/index.js';
import { loadScanSessions, scanScope, type SessionInfo } from './load.js';
import {
  findFlag,
  findScan,
  insertProposal,
  insertScan,
  listFlags,
  listProposals,
  latestScans,
  replaceCompromised,
  replaceScores,
  updateFlag,
  updateScan,
  upsertFlag,
  type FlagFilter,
  type FlagRow,
} from './queries.js';
import {
  KIND_LABELS,
  MIN_SUSPENSION_MONTHS,
  RULE_LABELS,
  compactTimeline,
  decisionProblems,
  type Decision,
} from './rules.js';
import { runScan, type ScanAttempt, type ScanOutput } from './scan-core.js';
import { combineScores } from './detectors/index.js';
import type { Tx } from '../../db/index.js';
import type { FlagStatus, ScanTrigger } from './schema.js';

export const SCAN_QUEUE = 'integrity.scan';
export const SUSPENSION_EVENT = 'integrity.site-suspension-proposed';
const SITE_KINDS = new Set<DetectorKind>(['site_pass_rate', 'site_score']);

/** Who may see which flags: a regulator its jurisdiction, an exam centre its own sites. */
function scopeOf(actor: Actor): Pick<FlagFilter, 'regionPrefix' | 'centreOrgId'> {
  if (actor.orgKind === 'exam_centre')
    return { regionPrefix: null, centreOrgId: actor.orgId ?? '00000000-0000-0000-0000-000000000000' };
  return { regionPrefix: jurisdictionPrefix(actor) };
}

function visible(actor: Actor, flag: { regionCode: string; centreOrgId: string }): boolean {
  const s = scopeOf(actor);
  if (s.centreOrgId) return flag.centreOrgId === s.centreOrgId;
  return !s.regionPrefix || flag.regionCode.startsWith(s.regionPrefix);
}

export interface ScanRequest {
  from?: string;
  to?: string;
  siteId?: string;
  sessionIds?: string[];
  /** An exam centre scans its own sites only. */
  centreOrgId?: string;
}

/** On demand (a date range or a site): the scan is queued and runs in the background job, off the request path. */
export async function requestScan(
  ctx: AppContext,
  actor: Actor | null,
  input: ScanRequest,
  trigger: ScanTrigger = 'manual',
) {
  if (actor) requirePermission(actor, 'integrity');
  if (input.from && input.to && input.from > input.to) throw badRequest('开始日期不能晚于结束日期。');
  if (trigger === 'manual' && !input.from && !input.siteId && !input.sessionIds)
    throw badRequest('请指定日期范围或考点。');
  return ctx.db.transaction(async (tx) => {
    const scope = actor?.orgKind === 'exam_centre' ? { ...input, centreOrgId: actor.orgId ?? undefined } : { ...input };
    const scan = await insertScan(tx, {
      trigger,
      scope,
      regionPrefix: actor ? jurisdictionPrefix(actor) : null,
      status: 'queued',
      requestedBy: actor?.userId ?? null,
      createdAt: ctx.clock.now(),
    });
    await sendJob(tx, SCAN_QUEUE, { scanId: scan.id });
    if (actor)
      await appendAudit(tx, ctx.clock, actor, {
        action: 'integrity.scan_request',
        entityType: 'integrity_scan',
        entityId: scan.id,
        regionCode: actor.regionCode,
        after: input,
      });
    return scan;
  });
}

/** Runs a queued scan: loads its sessions and the bank's reference data, runs every detector, keeps the flags. */
export async function executeScan(ctx: AppContext, scanId: string) {
  const scan = await findScan(ctx.db, scanId);
  if (!scan || scan.status === 'done') return scan;
  const started = Date.now();
  await updateScan(ctx.db, scanId, { status: 'running' });
  try {
    const scope = scan.scope as ScanRequest;
    const { targets, sessions } = await scanScope(
      ctx.db,
      { ...scope, regionPrefix: scan.regionPrefix },
      chinaDate(ctx.clock.now()),
    );
    const loaded = await loadScanSessions(ctx.db, sessions);
    const out = runScan(loaded);
    const info = new Map(sessions.map((s) => [s.id, s]));
    const targetIds = new Set(targets.map((s) => s.id));
    const attempts = new Map<string, ScanAttempt>();
    for (const s of loaded) for (const a of s.attempts) attempts.set(a.meta.id, a);
    const siteInfo = new Map<string, SessionInfo>();
    for (const s of sessions) siteInfo.set(s.siteId, s);
    const targetSites = new Set(targets.map((s) => s.siteId));
    let flags = 0;
    const now = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      for (const v of out.verdicts) {
        if (!v.flagged) continue;
        const row = flagRow(v, attempts, info, siteInfo, targetIds, targetSites, scanId, now);
        if (!row) continue;
        await upsertFlag(tx, row);
        flags += 1;
      }
      const siteScores = new Map(out.verdicts.filter((v) => v.kind === 'site_score').map((v) => [v.subjectId, v]));
      const sites = out.funnel.points.map((p) => {
        const s = siteInfo.get(p.siteId)!;
        const sc = siteScores.get(p.siteId);
        return {
          ...p,
          siteName: s.siteName,
          regionCode: s.regionCode,
          centreOrgId: s.centreOrgId,
          siteScore: sc?.score ?? 0,
          borderline: (sc?.detail.borderline as number) ?? 0,
          siteScoreQ: sc?.pValue ?? 1,
          siteScoreFlagged: !!sc?.flagged,
        };
      });
      await keepScores(tx, out, targetIds, info, siteInfo, scanId, now);
      await keepCompromised(tx, out, targetSites, siteInfo, scanId, now);
      await updateScan(tx, scanId, {
        status: 'done',
        attempts: out.attempts,
        events: out.events,
        flags,
        durationMs: Date.now() - started,
        sites,
        funnel: { overallRate: out.funnel.overallRate, limits: out.funnel.limits, calibration: out.calibration },
        finishedAt: ctx.clock.now(),
      });
    });
    return findScan(ctx.db, scanId);
  } catch (err) {
    await updateScan(ctx.db, scanId, {
      status: 'failed',
      error: String((err as Error)?.message ?? err).slice(0, 2000),
      finishedAt: ctx.clock.now(),
    });
    throw err;
  }
}

/** Issue 20: every target candidate's, session's and site's combined score, kept (not only the flagged). */
async function keepScores(
  tx: Tx,
  out: ScanOutput,
  targetIds: Set<string>,
  sessions: Map<string, SessionInfo>,
  sites: Map<string, SessionInfo>,
  scanId: string,
  now: Date,
) {
  const targets = out.metas.filter((m) => targetIds.has(m.sessionId));
  const scores = combineScores(targets, out.verdicts);
  const rows = scores.map((s) => {
    const session = s.sessionId ? sessions.get(s.sessionId) : undefined;
    const site = session ?? sites.get(s.siteId)!;
    return {
      level: s.level,
      subjectId: s.subjectId,
      scanId,
      paperId: s.level === 'attempt' ? s.subjectId : null,
      workerId: s.meta?.candidateId ?? null,
      sessionId: s.level === 'site' ? null : (s.sessionId ?? null),
      siteId: s.siteId,
      siteName: site.siteName,
      centreOrgId: site.centreOrgId,
      regionCode: site.regionCode,
      itemCode: s.level === 'site' ? null : site.itemCode,
      sessionDate: s.level === 'site' ? null : (session?.date ?? null),
      pValue: Math.max(s.pValue, 1e-300),
      log10P: Number.isFinite(s.log10P) ? s.log10P : 1e6,
      qValue: s.qValue,
      grade: s.grade,
      attempts: s.attempts,
      evidence: s.evidence as unknown as Array<Record<string, unknown>>,
      updatedAt: now,
    };
  });
  await replaceScores(tx, rows);
}

/** Issue 20: the items each target site seems to have known in advance, named and kept with the scan. */
async function keepCompromised(
  tx: Tx,
  out: ScanOutput,
  targetSites: Set<string>,
  sites: Map<string, SessionInfo>,
  scanId: string,
  now: Date,
) {
  const found = out.suspects
    .map((s) => {
      const [itemCode, siteId] = s.groupKey.split('|');
      return { itemCode, siteId, items: s.items };
    })
    .filter((s) => targetSites.has(s.siteId));
  const ids = [...new Set(found.flatMap((s) => s.items.map((i) => i.itemId)))];
  const labels = new Map((await integrityQuestionLabels(tx, ids)).map((l) => [l.id, l]));
  const vendorOf = await vendorItemCodes(tx, ids);
  const rows = found.flatMap((s) => {
    const site = sites.get(s.siteId)!;
    return s.items.map((i) => ({
      scanId,
      siteId: s.siteId,
      siteName: site.siteName,
      centreOrgId: site.centreOrgId,
      regionCode: site.regionCode,
      itemCode: s.itemCode,
      questionId: i.itemId,
      vendor: vendorOf.get(i.itemId)?.vendor ?? null,
      vendorItemId: vendorOf.get(i.itemId)?.vendorItemId ?? labels.get(i.itemId)?.key ?? null,
      z: i.z,
      pValue: Math.max(i.p, 1e-300),
      responses: i.n,
      evidence: {
        correctRate: i.correctRate,
        expectedRate: i.expectedRate,
        meanSpeedZ: i.meanSpeedZ,
        method: 'int3-preknowledge-loo v1',
        fdr: 0.05,
      },
      createdAt: now,
    }));
  });
  const scopes = [
    ...new Set(out.metas.filter((m) => targetSites.has(m.siteId)).map((m) => `${m.siteId}|${m.itemCode}`)),
  ].map((k) => {
    const [siteId, itemCode] = k.split('|');
    return { siteId, itemCode };
  });
  await replaceCompromised(tx, scopes, rows);
}

function evidenceOf(a: ScanAttempt | undefined) {
  if (!a) return null;
  return {
    paperId: a.meta.id,
    workerId: a.meta.candidateId,
    source: a.meta.source,
    answers: a.responses.map((r, position) => ({
      position,
      itemId: r.itemId,
      selected: r.selected,
      correct: r.correct,
      seconds: r.rtSeconds === null ? null : Math.round(r.rtSeconds * 10) / 10,
    })),
    timeline: a.events ? compactTimeline(a.events) : null,
  };
}

function flagRow(
  v: Verdict,
  attempts: Map<string, ScanAttempt>,
  sessions: Map<string, SessionInfo>,
  sites: Map<string, SessionInfo>,
  targetIds: Set<string>,
  targetSites: Set<string>,
  scanId: string,
  now: Date,
) {
  const base = {
    scanId,
    kind: v.kind,
    rule: KIND_RULE[v.kind],
    method: v.method,
    version: v.version,
    statistic: v.statistic,
    value: Number.isFinite(v.value) ? v.value : 0,
    threshold: v.threshold,
    // PostgreSQL's double refuses underflowed values; ln p stays in the detail at full range.
    pValue: v.pValue === null ? null : Math.max(v.pValue, 1e-300),
    score: v.score,
    detail: v.logP !== undefined ? { ...v.detail, logP: v.logP } : v.detail,
    status: 'open' as FlagStatus,
    createdAt: now,
    updatedAt: now,
  };
  if (SITE_KINDS.has(v.kind)) {
    if (!targetSites.has(v.subjectId)) return null;
    const s = sites.get(v.subjectId)!;
    // One site finding per month: a flag dismissed in one month does not hide the next month's.
    return {
      ...base,
      dedupeKey: `${v.kind}:${v.subjectId}:${chinaDate(now).slice(0, 7)}`,
      subject: 'site' as const,
      siteId: s.siteId,
      siteName: s.siteName,
      centreOrgId: s.centreOrgId,
      regionCode: s.regionCode,
      evidence: { sessions: [] },
    };
  }
  const a = attempts.get(v.subjectId);
  if (!a || !targetIds.has(a.meta.sessionId)) return null;
  const s = sessions.get(a.meta.sessionId)!;
  return {
    ...base,
    dedupeKey: `${v.kind}:${v.subjectId}:${v.partnerId ?? ''}`,
    subject: 'attempt' as const,
    paperId: a.meta.id,
    partnerPaperId: v.partnerId ?? null,
    workerId: a.meta.candidateId,
    sessionId: s.id,
    siteId: s.siteId,
    siteName: s.siteName,
    centreOrgId: s.centreOrgId,
    regionCode: s.regionCode,
    itemCode: s.itemCode,
    evidence: { candidate: evidenceOf(a), partner: v.partnerId ? evidenceOf(attempts.get(v.partnerId)) : null },
  };
}

export function presentFlag(f: FlagRow, full = false) {
  return {
    id: f.id,
    kind: f.kind,
    kindLabel: KIND_LABELS[f.kind as DetectorKind] ?? f.kind,
    rule: f.rule,
    ruleLabel: RULE_LABELS[f.rule] ?? f.rule,
    subject: f.subject,
    paperId: f.paperId,
    partnerPaperId: f.partnerPaperId,
    workerId: f.workerId,
    sessionId: f.sessionId,
    siteId: f.siteId,
    siteName: f.siteName,
    regionCode: f.regionCode,
    itemCode: f.itemCode,
    method: f.method,
    version: f.version,
    statistic: f.statistic,
    value: f.value,
    threshold: f.threshold,
    pValue: f.pValue,
    score: f.score,
    status: f.status,
    decisionReason: f.decisionReason,
    decidedByName: f.decidedByName,
    decidedAt: f.decidedAt,
    scoreCancelled: f.scoreCancelled,
    centreExplanation: f.centreExplanation,
    centreExplainedAt: f.centreExplainedAt,
    centreExplainedByName: f.centreExplainedByName,
    createdAt: f.createdAt,
    detail: f.detail,
    ...(full ? { evidence: f.evidence } : {}),
  };
}

/** The ranked flag list (highest score first) of the actor's jurisdiction or exam centre. */
export async function rankedFlags(
  ctx: AppContext,
  actor: Actor,
  q: { status?: FlagStatus; siteId?: string; rule?: string; page?: number; pageSize?: number },
) {
  requirePermission(actor, 'integrity');
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const found = await listFlags(ctx.db, {
    ...scopeOf(actor),
    status: q.status,
    siteId: q.siteId,
    rule: q.rule,
    page,
    pageSize,
  });
  return {
    items: found.items.map((f, i) => ({ rank: (page - 1) * pageSize + i + 1, ...presentFlag(f) })),
    total: found.total,
    page,
    pageSize,
  };
}

export async function getFlag(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'integrity');
  const f = await findFlag(ctx.db, id);
  if (!f || !visible(actor, f)) throw notFound('诚信疑点');
  return presentFlag(f, true);
}

/**
 * A person decides: dismiss with a reason, or confirm. A confirmed flag may cancel the candidate's
 * score (exams' cancelScore, appended to the archive) and proposes the site's suspension for at
 * least a month to its regulator (seed 000 §9), handed to supervision as a domain event.
 */
export async function decideFlag(ctx: AppContext, actor: Actor, id: string, d: Decision) {
  requirePermission(actor, 'integrity');
  // EXM-2 (seed 001 §三(三)3, seed 004 §11): exam bodies do not supervise themselves — a flag on a
  // centre's session is decided by the regulator whose jurisdiction covers the site, never the centre.
  if (!isRegulator(actor))
    throw new Problem(
      403,
      'forbidden',
      '考试机构不能处理本机构的诚信疑点',
      '疑点由考试点所在地的监管部门处理（EXM-2 考培分离、考试机构不自我监督）；考试机构可在疑点中提交情况说明。',
      { rule: 'EXM-2' },
    );
  const problems = decisionProblems(d, 'attempt');
  return ctx.db.transaction(async (tx) => {
    const f = await findFlag(tx, id, true);
    if (!f || !visible(actor, f)) throw notFound('诚信疑点');
    const p = decisionProblems(d, f.subject);
    if (problems.length || p.length)
      throw ruleViolation(f.rule, '处理意见不完整', [...new Set([...problems, ...p])].join('；'));
    if (f.status !== 'open') throw conflict('该疑点已处理。', f.rule);
    const now = ctx.clock.now();
    let cancelled = false;
    if (d.decision === 'confirm' && d.cancelScore && f.paperId) {
      await cancelScore(tx, ctx.clock, actor, {
        paperId: f.paperId,
        reason: `${f.rule} ${KIND_LABELS[f.kind as DetectorKind] ?? f.kind}：${d.reason.trim()}`,
        source: `integrity_flag:${f.id}`,
      });
      cancelled = true;
    }
    const after = await updateFlag(tx, id, {
      status: d.decision === 'confirm' ? 'confirmed' : 'dismissed',
      decisionReason: d.reason.trim(),
      decidedBy: actor.userId,
      decidedByName: actor.displayName,
      decidedAt: now,
      scoreCancelled: cancelled,
      updatedAt: now,
    });
    let proposal = null;
    if (d.decision === 'confirm' && d.proposeSuspension !== false) {
      const months = d.months ?? MIN_SUSPENSION_MONTHS;
      proposal = await insertProposal(tx, {
        flagId: f.id,
        siteId: f.siteId,
        siteName: f.siteName,
        regionCode: f.regionCode,
        months,
        reason: `${f.rule} ${KIND_LABELS[f.kind as DetectorKind] ?? f.kind}：${d.reason.trim()}`,
        status: 'proposed',
        proposedBy: actor.userId,
        proposedByName: actor.displayName,
        createdAt: now,
      });
      // Seed 000 §9: supervision opens the investigation and decides the suspension.
      await emitEvent(tx, ctx.clock, {
        type: SUSPENSION_EVENT,
        payload: {
          proposalId: proposal.id,
          flagId: f.id,
          siteId: f.siteId,
          siteName: f.siteName,
          months,
          rule: f.rule,
          reason: proposal.reason,
        },
        regionCode: f.regionCode,
      });
    }
    await appendAudit(tx, ctx.clock, actor, {
      action: `integrity.flag_${d.decision}`,
      entityType: 'integrity_flag',
      entityId: id,
      regionCode: f.regionCode,
      before: { status: f.status },
      after: { status: after.status, reason: d.reason, scoreCancelled: cancelled, proposalId: proposal?.id ?? null },
    });
    return { flag: presentFlag(after), proposal };
  });
}

/**
 * EXM-2: the exam centre answers a flag raised on its own sites with an explanation, stored and shown
 * to the regulator who decides; it may revise it until the flag is decided.
 */
export async function explainFlag(ctx: AppContext, actor: Actor, id: string, input: { explanation: string }) {
  requirePermission(actor, 'integrity');
  if (actor.orgKind !== 'exam_centre') throw notFound('本机构的诚信疑点');
  const explanation = input.explanation.trim();
  if (explanation.length < 4)
    throw badRequest('情况说明至少 4 个字，请写明事实和依据。', [{ field: 'explanation', message: '过短' }]);
  return ctx.db.transaction(async (tx) => {
    const f = await findFlag(tx, id, true);
    if (!f || !visible(actor, f)) throw notFound('诚信疑点');
    if (f.status !== 'open') throw conflict('该疑点已由监管部门处理，不能再提交说明。', f.rule);
    const now = ctx.clock.now();
    const after = await updateFlag(tx, id, {
      centreExplanation: explanation,
      centreExplainedAt: now,
      centreExplainedByName: actor.displayName,
      updatedAt: now,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'integrity.flag_explain',
      entityType: 'integrity_flag',
      entityId: id,
      regionCode: f.regionCode,
      before: { centreExplanation: f.centreExplanation },
      after: { centreExplanation: explanation },
    });
    return presentFlag(after);
  });
}

/** The regulator's list of suspension proposals in its jurisdiction. */
export async function suspensionProposals(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'integrity');
  const rows = await listProposals(ctx.db, jurisdictionPrefix(actor));
  return { items: rows };
}

/** INT-4: the latest finished scan's site table and funnel plot, within the actor's jurisdiction. */
export async function siteOverview(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'integrity');
  const scans = await latestScans(ctx.db, 30);
  const scan = scans.find((s) => s.status === 'done' && Array.isArray(s.sites) && (s.sites as unknown[]).length > 0);
  if (!scan) return { scan: null, sites: [], funnel: null };
  const s = scopeOf(actor);
  const sites = (scan.sites as Array<{ regionCode: string; centreOrgId: string }>).filter((x) =>
    s.centreOrgId ? x.centreOrgId === s.centreOrgId : !s.regionPrefix || x.regionCode.startsWith(s.regionPrefix),
  );
  return {
    scan: {
      id: scan.id,
      finishedAt: scan.finishedAt,
      attempts: scan.attempts,
      events: scan.events,
      durationMs: scan.durationMs,
    },
    sites,
    funnel: scan.funnel,
  };
}

export async function recentScans(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'integrity');
  const rows = await latestScans(ctx.db, 20);
  const prefix = jurisdictionPrefix(actor);
  return {
    items: rows
      .filter((r) => !prefix || !r.regionPrefix || r.regionPrefix.startsWith(prefix))
      .map(({ sites: _s, funnel: _f, ...r }) => r),
  };
}
