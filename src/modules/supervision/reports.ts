// Public reports (举报, SUP-6): anyone files one without an account and follows it with its tracking
// code; the regulator of the place handles it — accepts or rejects, transfers, investigates, closes
// with a finding the reporter can read, and records a reward for a true report. Who reported is seen
// only by the handling regulator, and every look at it is audited.
import { randomInt } from 'node:crypto';
import { isRegulator, jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { maskName, maskPhone, parseMobilePhone } from '../../kernel/ids.js';
import { Problem, badRequest, conflict, forbidden, notFound } from '../../kernel/problem.js';
import { getRegion, isWithinRegion, regionFullName, regionPrefix } from '../../kernel/regions.js';
import { findOrganisation, listOrganisations, type OrganisationRow } from '../organisations/index.js';
import {
  attachmentCounts,
  attachmentList,
  findAttachment,
  findReport,
  findReportByTrackingCode,
  insertAttachments,
  insertReport,
  insertStep,
  listReports,
  lockReport,
  reportCountsByStatus,
  reportSteps,
  updateReport,
  type PublicReportRow,
} from './queries.js';
import {
  ATTACHMENT_LIMITS,
  REPORT_CATEGORIES,
  REPORT_FINDINGS,
  REPORT_STATUSES,
  REPORT_STEPS,
  TRACKING_ALPHABET,
  TRACKING_CODE_LENGTH,
  canTakeAction,
  normaliseTrackingCode,
  rewardRefusal,
  sniffAttachmentType,
  type ReportAction,
  type ReportCategory,
  type ReportFinding,
  type ReportStatus,
} from './rules.js';
import { cleanImage } from './photos.js';

export interface AttachmentInput {
  fileName: string;
  /** base64 of the file's bytes. */
  data: string;
}

export interface ReportInput {
  regionCode: string;
  category: ReportCategory;
  subjectName: string;
  content: string;
  reporterName?: string;
  reporterPhone?: string;
  attachments?: AttachmentInput[];
}

function newTrackingCode(): string {
  let code = '';
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++) code += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return `JB${code}`;
}

/** The regulator closest to the place: the county's, else the city's, else the province's. */
async function regulatorOfPlace(ctx: AppContext, regionCode: string): Promise<OrganisationRow | undefined> {
  const { items } = await listOrganisations(ctx.db, {
    kind: 'regulator',
    regionPrefix: regionCode.slice(0, 2),
    page: 1,
    pageSize: 1000,
  });
  const covering = items.filter((o) => isWithinRegion(regionCode, o.regionCode));
  return covering.sort(
    (a, b) => regionPrefix(b.regionCode).length - regionPrefix(a.regionCode).length || a.name.localeCompare(b.name),
  )[0];
}

/** Images are written again without metadata (a phone photo's GPS position names the reporter). */
async function cleanAttachment(input: AttachmentInput, index: number) {
  const field = `attachments[${index}]`;
  const bytes = Buffer.from(input.data, 'base64');
  if (bytes.length === 0) throw badRequest(`附件「${input.fileName}」是空文件。`, [{ field, message: '空文件' }]);
  if (bytes.length > ATTACHMENT_LIMITS.maxBytes)
    throw badRequest(`附件「${input.fileName}」超过 ${ATTACHMENT_LIMITS.maxBytes / 1024 / 1024} MB。`, [
      { field, message: '文件过大' },
    ]);
  const type = sniffAttachmentType(bytes);
  if (!type)
    throw badRequest(`附件「${input.fileName}」不是 JPEG、PNG 图片或 PDF 文件。`, [
      { field, message: '文件类型不支持' },
    ]);
  if (type === 'application/pdf') return { fileName: input.fileName, mimeType: type, bytes };
  return {
    fileName: input.fileName,
    mimeType: type,
    bytes: await cleanImage(bytes, type === 'image/png' ? 'png' : 'jpeg', `附件「${input.fileName}」`, field),
  };
}

export async function fileReport(ctx: AppContext, input: ReportInput) {
  const region = getRegion(input.regionCode);
  if (!region || region.level === 'province')
    throw badRequest('请选择被举报事项所在的市或区县。', [{ field: 'regionCode', message: '须为市或区县' }]);
  if (!isWithinRegion(input.regionCode, ctx.config.platformRegionCode)) {
    throw badRequest(
      `本平台受理${regionFullName(ctx.config.platformRegionCode) ?? ''}范围内的举报；其他地区请拨打 12350 或向当地应急管理部门举报。`,
      [{ field: 'regionCode', message: '不在本平台受理范围' }],
    );
  }
  if (!(input.category in REPORT_CATEGORIES))
    throw badRequest('请选择举报类别。', [{ field: 'category', message: '未知的类别' }]);
  const content = input.content.trim();
  if (content.length < 10)
    throw badRequest('请写明举报事实（至少 10 个字）：什么人、在哪里、做了什么。', [
      { field: 'content', message: '内容过短' },
    ]);
  const subjectName = input.subjectName.trim();
  if (!subjectName) throw badRequest('请填写被举报的单位或个人。', [{ field: 'subjectName', message: '必填' }]);
  let phone: string | null = null;
  if (input.reporterPhone?.trim()) {
    const parsed = parseMobilePhone(input.reporterPhone.trim());
    if (!parsed.ok)
      throw badRequest(`联系电话：${parsed.message}`, [{ field: 'reporterPhone', message: parsed.message }]);
    phone = parsed.phone;
  }
  const attachments = input.attachments ?? [];
  if (attachments.length > ATTACHMENT_LIMITS.maxFiles)
    throw badRequest(`附件最多 ${ATTACHMENT_LIMITS.maxFiles} 个。`, [{ field: 'attachments', message: '附件过多' }]);
  const cleaned = await Promise.all(attachments.map(cleanAttachment));
  const handler = await regulatorOfPlace(ctx, input.regionCode);
  if (!handler)
    throw new Problem(
      422,
      'no-handler',
      '暂无受理部门',
      `${regionFullName(input.regionCode)}尚无监管部门在本平台受理举报，请拨打 12350 举报。`,
      { rule: 'SUP-6' },
    );

  const now = ctx.clock.now();
  const name = input.reporterName?.trim() || null;
  return ctx.db.transaction(async (tx) => {
    const report = await insertReport(tx, {
      trackingCode: newTrackingCode(),
      regionCode: input.regionCode,
      handlingOrgId: handler.id,
      category: input.category,
      subjectName,
      content,
      reporterNameSealed: name ? ctx.vault.seal(name) : null,
      reporterPhoneSealed: phone ? ctx.vault.seal(phone) : null,
      status: 'received',
      receivedAt: now,
      updatedAt: now,
    });
    await insertAttachments(
      tx,
      cleaned.map((a) => ({
        reportId: report.id,
        fileName: a.fileName,
        mimeType: a.mimeType,
        size: a.bytes.length,
        contentSealed: ctx.vault.seal(a.bytes.toString('base64')),
      })),
    );
    await insertStep(tx, {
      reportId: report.id,
      step: 'filed',
      publicNote: `举报已收到，由${handler.name}办理。`,
      orgId: handler.id,
      at: now,
    });
    // The audit names what was reported and where, never who reported it.
    await appendAudit(tx, ctx.clock, null, {
      action: 'report.file',
      entityType: 'public_report',
      entityId: report.id,
      regionCode: report.regionCode,
      after: {
        category: report.category,
        handlingOrgId: handler.id,
        anonymous: !name && !phone,
        attachments: cleaned.length,
      },
    });
    return {
      trackingCode: report.trackingCode,
      receivedAt: now.toISOString(),
      handlingOrgName: handler.name,
      statusLabel: REPORT_STATUSES.received,
    };
  });
}

/** What the public form offers: the categories, the province the platform takes reports for, the attachment limits. */
export function reportForm(ctx: AppContext) {
  return {
    categories: Object.entries(REPORT_CATEGORIES).map(([value, label]) => ({ value, label })),
    provinceCode: ctx.config.platformRegionCode,
    provinceName: regionFullName(ctx.config.platformRegionCode) ?? ctx.config.platformRegionCode,
    attachments: {
      maxFiles: ATTACHMENT_LIMITS.maxFiles,
      maxBytes: ATTACHMENT_LIMITS.maxBytes,
      types: Object.keys(ATTACHMENT_LIMITS.types),
    },
    hotlines: ['12350', '12345'],
  };
}

/** What the holder of a tracking code sees: the handling's progress and the result, nothing about anyone. */
export async function trackReport(ctx: AppContext, code: string) {
  const trackingCode = normaliseTrackingCode(code);
  const report = trackingCode ? await findReportByTrackingCode(ctx.db, trackingCode) : undefined;
  if (!report) throw notFound('举报（请核对查询码）');
  const handler = await findOrganisation(ctx.db, report.handlingOrgId);
  const steps = await reportSteps(ctx.db, report.id);
  return {
    trackingCode: report.trackingCode,
    category: report.category,
    categoryLabel: REPORT_CATEGORIES[report.category],
    regionName: regionFullName(report.regionCode) ?? report.regionCode,
    subjectName: report.subjectName,
    status: report.status,
    statusLabel: REPORT_STATUSES[report.status],
    handlingOrgName: handler?.name ?? null,
    finding: report.finding,
    findingLabel: report.finding ? REPORT_FINDINGS[report.finding] : null,
    publicResult: report.publicResult,
    rewarded: report.rewardYuan !== null,
    receivedAt: report.receivedAt.toISOString(),
    closedAt: report.closedAt?.toISOString() ?? null,
    steps: steps
      .filter((s) => s.publicNote !== null)
      .map((s) => ({ step: s.step, label: REPORT_STEPS[s.step], note: s.publicNote, at: s.at.toISOString() })),
  };
}

function reportScope(actor: Actor): string {
  requirePermission(actor, 'supervision.reports');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden('举报由监管部门办理。');
  return prefix;
}

/** Another jurisdiction's report is a 404, not a 403 (SEC-2). */
async function reportInScope(
  ctx: AppContext,
  actor: Actor,
  id: string,
  lock?: Parameters<typeof lockReport>[0],
): Promise<PublicReportRow> {
  const prefix = reportScope(actor);
  const report = lock ? await lockReport(lock, id) : await findReport(ctx.db, id);
  if (!report || !report.regionCode.startsWith(prefix)) throw notFound('举报');
  return report;
}

async function presentReport(
  ctx: AppContext,
  actor: Actor,
  report: PublicReportRow,
  extra: { attachments?: number; handlerName?: string | null } = {},
) {
  const handlerName =
    extra.handlerName !== undefined
      ? extra.handlerName
      : ((await findOrganisation(ctx.db, report.handlingOrgId))?.name ?? null);
  const handling = actor.orgId === report.handlingOrgId;
  const anonymous = !report.reporterNameSealed && !report.reporterPhoneSealed;
  return {
    id: report.id,
    trackingCode: report.trackingCode,
    regionCode: report.regionCode,
    regionName: regionFullName(report.regionCode) ?? report.regionCode,
    category: report.category,
    categoryLabel: REPORT_CATEGORIES[report.category],
    subjectName: report.subjectName,
    content: report.content,
    status: report.status,
    statusLabel: REPORT_STATUSES[report.status],
    finding: report.finding,
    findingLabel: report.finding ? REPORT_FINDINGS[report.finding] : null,
    publicResult: report.publicResult,
    rewardYuan: report.rewardYuan,
    handlingOrgId: report.handlingOrgId,
    handlingOrgName: handlerName,
    handledByMe: handling,
    // SUP-6: the reporter is known (masked) to the handling regulator only; others learn only whether there is one.
    reporter: anonymous
      ? { anonymous: true as const }
      : handling
        ? {
            anonymous: false as const,
            nameMasked: report.reporterNameSealed ? maskName(ctx.vault.open(report.reporterNameSealed)) : null,
            phoneMasked: report.reporterPhoneSealed ? maskPhone(ctx.vault.open(report.reporterPhoneSealed)) : null,
          }
        : { anonymous: false as const, hidden: true as const },
    receivedAt: report.receivedAt.toISOString(),
    closedAt: report.closedAt?.toISOString() ?? null,
    ...(extra.attachments !== undefined ? { attachments: extra.attachments } : {}),
  };
}

export async function listPublicReports(
  ctx: AppContext,
  actor: Actor,
  f: { status?: ReportStatus; category?: ReportCategory; mine?: boolean; q?: string; page: number; pageSize: number },
) {
  const regionPrefix = reportScope(actor);
  const { items, total } = await listReports(ctx.db, {
    regionPrefix,
    status: f.status,
    category: f.category,
    handlingOrgId: f.mine ? actor.orgId! : undefined,
    q: f.q?.trim() || undefined,
    page: f.page,
    pageSize: f.pageSize,
  });
  const counts = await attachmentCounts(
    ctx.db,
    items.map((r) => r.id),
  );
  const byStatus = Object.fromEntries((await reportCountsByStatus(ctx.db, regionPrefix)).map((r) => [r.status, r.n]));
  // A page names a handful of handling regulators: look each up once.
  const handlers = new Map<string, string | null>();
  for (const orgId of new Set(items.map((r) => r.handlingOrgId)))
    handlers.set(orgId, (await findOrganisation(ctx.db, orgId))?.name ?? null);
  return {
    items: await Promise.all(
      items.map((r) =>
        presentReport(ctx, actor, r, {
          attachments: counts.get(r.id) ?? 0,
          handlerName: handlers.get(r.handlingOrgId) ?? null,
        }),
      ),
    ),
    total,
    byStatus,
  };
}

export async function getPublicReport(ctx: AppContext, actor: Actor, id: string) {
  const report = await reportInScope(ctx, actor, id);
  const steps = await reportSteps(ctx.db, id);
  const orgNames = new Map<string, string>();
  for (const orgId of new Set(steps.map((s) => s.orgId).filter((x): x is string => !!x)))
    orgNames.set(orgId, (await findOrganisation(ctx.db, orgId))?.name ?? '');
  return {
    ...(await presentReport(ctx, actor, report)),
    attachments: await attachmentList(ctx.db, id),
    steps: steps.map((s) => ({
      step: s.step,
      label: REPORT_STEPS[s.step],
      note: s.note,
      publicNote: s.publicNote,
      detail: s.detail,
      orgName: s.orgId ? (orgNames.get(s.orgId) ?? null) : null,
      at: s.at.toISOString(),
    })),
    actions: (['accept', 'reject', 'transfer', 'investigate', 'close', 'reward'] as const).filter((a) =>
      allowedFor(actor, report, a),
    ),
  };
}

function allowedFor(actor: Actor, report: PublicReportRow, action: ReportAction): boolean {
  if (!canTakeAction(report.status, action)) return false;
  // A superior regulator may send a report on (转办); the handling itself stays with the handler.
  if (action === 'transfer') return isRegulator(actor);
  return actor.orgId === report.handlingOrgId;
}

/** The reporter in full, for calling them back: handling regulator only, and audited. */
export async function revealReporter(ctx: AppContext, actor: Actor, id: string) {
  const report = await reportInScope(ctx, actor, id);
  if (actor.orgId !== report.handlingOrgId) throw forbidden('举报人信息仅承办单位可以查看（SUP-6）。');
  return ctx.db.transaction(async (tx) => {
    await appendAudit(tx, ctx.clock, actor, {
      action: 'report.reveal_reporter',
      entityType: 'public_report',
      entityId: id,
      regionCode: report.regionCode,
    });
    return {
      name: report.reporterNameSealed ? ctx.vault.open(report.reporterNameSealed) : null,
      phone: report.reporterPhoneSealed ? ctx.vault.open(report.reporterPhoneSealed) : null,
    };
  });
}

export async function getReportAttachment(ctx: AppContext, actor: Actor, id: string, attachmentId: string) {
  const report = await reportInScope(ctx, actor, id);
  const file = await findAttachment(ctx.db, report.id, attachmentId);
  if (!file) throw notFound('附件');
  return {
    fileName: file.fileName,
    mimeType: file.mimeType,
    bytes: Buffer.from(ctx.vault.open(file.contentSealed), 'base64'),
  };
}

export interface ReportActionInput {
  note?: string;
  /** What the reporter reads (rejection reason, result). */
  publicNote?: string;
  toOrgId?: string;
  finding?: ReportFinding;
  rewardYuan?: number;
}

const ACTION_TITLES: Record<ReportAction, string> = {
  accept: '受理',
  reject: '不予受理',
  transfer: '转办',
  investigate: '调查核实',
  close: '办结',
  reward: '登记奖励',
};

export async function handleReport(
  ctx: AppContext,
  actor: Actor,
  id: string,
  action: ReportAction,
  input: ReportActionInput,
) {
  reportScope(actor);
  const note = input.note?.trim() || null;
  const publicNote = input.publicNote?.trim() || null;
  if (action === 'reject' && !publicNote)
    throw badRequest('不予受理须向举报人说明理由。', [{ field: 'publicNote', message: '必填' }]);
  if (action === 'close' && (!input.finding || !publicNote))
    throw badRequest('办结须写明核查结论和答复举报人的处理结果。', [
      { field: input.finding ? 'publicNote' : 'finding', message: '必填' },
    ]);
  if (action === 'reward' && !(input.rewardYuan && input.rewardYuan > 0))
    throw badRequest('请填写奖励金额（元）。', [{ field: 'rewardYuan', message: '须大于 0' }]);
  if (action === 'transfer' && !input.toOrgId)
    throw badRequest('请选择转办的监管部门。', [{ field: 'toOrgId', message: '必填' }]);

  const target = action === 'transfer' ? await findOrganisation(ctx.db, input.toOrgId!) : undefined;
  const updated = await ctx.db.transaction(async (tx) => {
    const report = await reportInScope(ctx, actor, id, tx);
    if (!canTakeAction(report.status, action)) {
      throw conflict(`该举报当前为「${REPORT_STATUSES[report.status]}」，不能${ACTION_TITLES[action]}。`, 'SUP-6');
    }
    if (!allowedFor(actor, report, action))
      throw forbidden(
        `举报由${(await findOrganisation(tx, report.handlingOrgId))?.name ?? '承办单位'}办理，其他单位不能${ACTION_TITLES[action]}（SUP-6）。`,
      );
    const now = ctx.clock.now();
    const before = { status: report.status, handlingOrgId: report.handlingOrgId };
    let changes: Partial<PublicReportRow> = {};
    let stepPublicNote: string | null = publicNote;
    let detail: Record<string, unknown> | null = null;
    switch (action) {
      case 'accept':
        changes = { status: 'accepted' };
        stepPublicNote = publicNote ?? '举报已受理，将依法核查。';
        break;
      case 'reject':
        changes = { status: 'rejected', closedAt: now };
        break;
      case 'investigate':
        changes = { status: 'investigating' };
        stepPublicNote = publicNote ?? '正在调查核实。';
        break;
      case 'close': {
        changes = { status: 'closed', finding: input.finding!, publicResult: publicNote, closedAt: now };
        break;
      }
      case 'reward': {
        const refusal = rewardRefusal(report);
        if (refusal) throw conflict(refusal, 'SUP-6');
        changes = { rewardYuan: input.rewardYuan!, rewardedAt: now };
        stepPublicNote = publicNote ?? '已按规定给予举报奖励，请保持联系方式畅通。';
        break;
      }
      case 'transfer': {
        // The receiver must be a regulator of the place, inside the transferring regulator's jurisdiction.
        const prefix = jurisdictionPrefix(actor)!;
        if (
          !target ||
          target.kind !== 'regulator' ||
          !target.regionCode.startsWith(prefix) ||
          !isWithinRegion(report.regionCode, target.regionCode)
        ) {
          throw badRequest('只能转给本辖区内、管辖被举报地的监管部门。', [
            { field: 'toOrgId', message: '不能转给该单位' },
          ]);
        }
        if (target.id === report.handlingOrgId)
          throw badRequest('该举报已由该单位办理。', [{ field: 'toOrgId', message: '已是承办单位' }]);
        changes = { handlingOrgId: target.id };
        stepPublicNote = `举报已转${target.name}办理。`;
        detail = { fromOrgId: report.handlingOrgId, toOrgId: target.id, toOrgName: target.name };
        break;
      }
    }
    const row = await updateReport(tx, id, { ...changes, updatedAt: now });
    await insertStep(tx, {
      reportId: id,
      step:
        action === 'reward'
          ? 'rewarded'
          : action === 'accept'
            ? 'accepted'
            : action === 'reject'
              ? 'rejected'
              : action === 'transfer'
                ? 'transferred'
                : action === 'investigate'
                  ? 'investigating'
                  : 'closed',
      note,
      publicNote: stepPublicNote,
      detail,
      orgId: actor.orgId,
      userId: actor.userId,
      at: now,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: `report.${action}`,
      entityType: 'public_report',
      entityId: id,
      regionCode: report.regionCode,
      before,
      after: { status: row.status, handlingOrgId: row.handlingOrgId, finding: row.finding, rewardYuan: row.rewardYuan },
    });
    return row;
  });
  // Read after commit: on the embedded database the transaction holds the only connection.
  return presentReport(ctx, actor, updated);
}

/** Regulators a report may be transferred to: inside the actor's jurisdiction, covering the report's place. */
export async function transferTargets(ctx: AppContext, actor: Actor, id: string) {
  const report = await reportInScope(ctx, actor, id);
  const prefix = jurisdictionPrefix(actor)!;
  const { items } = await listOrganisations(ctx.db, {
    kind: 'regulator',
    regionPrefix: prefix,
    page: 1,
    pageSize: 1000,
  });
  return {
    items: items
      .filter((o) => o.id !== report.handlingOrgId && isWithinRegion(report.regionCode, o.regionCode))
      .map((o) => ({ id: o.id, name: o.name, regionCode: o.regionCode })),
  };
}
