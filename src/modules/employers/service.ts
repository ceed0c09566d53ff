// Employers' use cases: hire (REG-4), file the employment within 15 days (EMP-2), end it, and read
// the ledger (EMP-3) — the employer its own, a regulator its jurisdiction's.
import ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { isUniqueViolation } from '../../db/index.js';
import { parseResidentIdNumber } from '../../kernel/ids.js';
import { Problem, badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { getCatalogue } from '../catalog/index.js';
import { findOrganisation } from '../organisations/index.js';
import { regionFullName } from '../../kernel/regions.js';
import {
  appendArchiveEvent,
  endOrgLink,
  findWorkerByIdNumberHash,
  linkWorkerToOrganisation,
  reopenOrgLinks,
} from '../registry/index.js';
import { employerSanction, requireEmployerNotSuspended } from './sanctions.js';
import { nationallyHeld } from './national.js';
import {
  findEmployment,
  insertEmployment,
  ledgerRows,
  overdueFilingsByEmployer,
  updateEmployment,
  workHistories,
  type LedgerFilter,
} from './queries.js';
import {
  ASSIGNMENT_REFUSAL_LABELS,
  CERTIFICATE_ALERT_LABELS,
  EMPLOYMENT_KIND_LABELS,
  refusedAssignments,
  FILING_STATUS_LABELS,
  PROVIDED_KINDS,
  daysUntilFilingDue,
  filingDueOn,
  filingStatus,
  itemStanding,
  type CertificateAlert,
  type EmploymentKind,
  type HeldCertificate,
} from './rules.js';
import type { employments } from './schema.js';

type EmploymentRow = typeof employments.$inferSelect;
const today = (ctx: AppContext) => chinaDate(ctx.clock.now());

/** The employer whose ledger the actor keeps: only an employer's own staff write to it. */
export function employerOf(actor: Actor): string {
  requirePermission(actor, 'employer.ledger');
  if (actor.orgKind !== 'employer' || !actor.orgId) throw forbidden('仅生产经营单位可管理本单位的特种作业人员台账。');
  return actor.orgId;
}

export async function itemNames(ctx: AppContext): Promise<Map<string, string>> {
  const { categories } = await getCatalogue(ctx);
  return new Map(categories.flatMap((c) => c.items.map((i) => [i.code, i.name] as const)));
}

export function presentEmployment(
  row: EmploymentRow & { employerName?: string | null },
  day: string,
  names: Map<string, string>,
  held: HeldCertificate[] = [],
) {
  const status = filingStatus(row, day);
  const standings = row.itemCodes.map((code) => itemStanding(code, held, day));
  return {
    id: row.id,
    workerId: row.workerId,
    workerName: row.workerName,
    idNumberMasked: row.idNumberMasked,
    employerOrgId: row.employerOrgId,
    employerName: row.employerName ?? null,
    regionCode: row.regionCode,
    kind: row.kind,
    kindLabel: EMPLOYMENT_KIND_LABELS[row.kind],
    providerName: row.providerName,
    items: standings.map((s) => ({
      code: s.itemCode,
      name: names.get(s.itemCode) ?? s.itemCode,
      certificate: s.certificate && {
        number: s.certificate.number,
        status: s.certificate.status,
        validUntil: s.certificate.validUntil,
        nextReviewDue: s.certificate.nextReviewDue,
      },
      alert: s.alert,
      alertLabel: s.alert ? CERTIFICATE_ALERT_LABELS[s.alert] : null,
    })),
    hiredOn: row.hiredOn,
    filingDueOn: row.filingDueOn,
    filedOn: row.filedOn,
    filingStatus: status,
    filingStatusLabel: FILING_STATUS_LABELS[status],
    daysUntilFilingDue: row.filedOn ? null : daysUntilFilingDue(row, day),
    endedOn: row.endedOn,
    endReason: row.endReason,
  };
}

/** EMP-1: the problem that refuses putting a worker on items they hold no valid certificate for. */
export function uncertifiedProblem(
  workerName: string,
  refused: ReturnType<typeof refusedAssignments>,
  names: Map<string, string>,
  from: string,
) {
  const list = refused
    .map((r) => `「${r.itemCode} ${names.get(r.itemCode) ?? r.itemCode}」（${ASSIGNMENT_REFUSAL_LABELS[r.reason]}）`)
    .join('、');
  return ruleViolation(
    'EMP-1',
    '无有效操作证，不能安排该作业',
    refused.every((r) => r.reason === 'away_from_work')
      ? `${workerName} 不能在 ${from} 安排从事${list}（EMP-1）。请为其报名离岗复考（实际操作考试），合格后再添加作业项目；可不选作业项目先录入台账。`
      : `${workerName} 在 ${from} 没有有效的特种作业操作证：${list}，不能安排从事该作业（EMP-1）。可不选作业项目先录入台账，取证后再添加作业项目。`,
    {
      errors: refused.map((r) => ({
        field: 'itemCodes',
        message: `${r.itemCode} ${ASSIGNMENT_REFUSAL_LABELS[r.reason]}`,
      })),
      refusedItems: refused,
    },
  );
}

/** EMP-1: the items of `itemCodes` the worker may not be put on from `from`, by the platform's own register. */
export async function refusedItemsOf(ctx: AppContext, workerId: string, itemCodes: string[], from: string) {
  if (!itemCodes.length) return [];
  const day = today(ctx);
  const [held, histories] = await Promise.all([
    ctx.certificates.heldBy(ctx.db, [workerId], day),
    workHistories(ctx.db, [workerId]),
  ]);
  const history = histories.get(workerId);
  const refused = refusedAssignments(itemCodes, held.get(workerId) ?? [], from, day, history);
  if (!refused.some((r) => r.reason !== 'away_from_work')) return refused;
  // CER-3 inbound: a certificate of another province or from before the platform counts as the
  // national query platform reports it (asked only when the platform's own register refuses).
  const national = await nationallyHeld(ctx, workerId);
  if (!national.held.length) return refused;
  return refusedAssignments(itemCodes, [...(held.get(workerId) ?? []), ...national.held], from, day, history);
}

export interface HireInput {
  idNumber: string;
  kind: EmploymentKind;
  providerName?: string;
  providerCreditCode?: string;
  itemCodes: string[];
  hiredOn: string;
}

/**
 * REG-4: records a worker the employer puts on special operations. A person not yet in the registry
 * must be registered first (the employer may do so: it holds `workers.register`).
 */
export async function hireWorker(ctx: AppContext, actor: Actor, input: HireInput) {
  const orgId = employerOf(actor);
  const day = today(ctx);
  // SUP-4: no new special-operations worker while the employer is suspended (停产停业整顿).
  await requireEmployerNotSuspended(ctx.db, orgId, day, '新聘特种作业人员');
  const id = parseResidentIdNumber(input.idNumber, { today: ctx.clock.now() });
  if (!id.ok) throw badRequest(id.message, [{ field: 'idNumber', message: id.message }]);
  if (input.hiredOn > day) throw badRequest('聘用日期不能晚于今天。', [{ field: 'hiredOn', message: '不能晚于今天' }]);
  const providerName = input.providerName?.trim() || null;
  if (PROVIDED_KINDS.includes(input.kind) && !providerName) {
    throw ruleViolation('REG-4', '缺少派遣或外包单位', '劳务派遣和外包人员须写明派遣单位或外包单位。', {
      errors: [{ field: 'providerName', message: '必填' }],
    });
  }
  const names = await itemNames(ctx);
  const unknown = input.itemCodes.filter((c) => !names.has(c));
  if (unknown.length)
    throw badRequest(`作业项目代码 ${unknown.join('、')} 不在特种作业目录中。`, [
      { field: 'itemCodes', message: '未知的作业项目' },
    ]);
  const worker = await findWorkerByIdNumberHash(ctx.db, ctx.vault.lookupHashes('id_number', id.idNumber));
  if (!worker) {
    throw ruleViolation(
      'REG-4',
      '人员尚未登记',
      '该人员尚未在平台登记。劳务派遣、外包和临时用工人员同样须先登记，方可从事特种作业；请先为其登记建档。',
      { registrationRequired: true },
    );
  }
  // EMP-1: a worker whose certificate is not valid for an item cannot be assigned to it; with no item
  // (awaiting certification) the person is still recorded.
  const refused = await refusedItemsOf(ctx, worker.id, input.itemCodes, input.hiredOn);
  if (refused.length) throw uncertifiedProblem(worker.name, refused, names, input.hiredOn);
  const held = await ctx.certificates.heldBy(ctx.db, [worker.id], day);
  const now = ctx.clock.now();
  const duplicate = () => conflict(`${worker.name} 已在本单位台账中；如需变更作业项目，请先解除原聘用记录。`);
  const row = await ctx.db
    .transaction(async (tx) => {
      const row = await insertEmployment(tx, {
        employerOrgId: orgId,
        regionCode: actor.regionCode!,
        workerId: worker.id,
        workerName: worker.name,
        idNumberMasked: worker.idNumberMasked,
        kind: input.kind,
        providerName,
        providerCreditCode: input.providerCreditCode?.trim() || null,
        itemCodes: [...new Set(input.itemCodes)],
        hiredOn: input.hiredOn,
        filingDueOn: filingDueOn(input.hiredOn),
        createdAt: now,
        createdBy: actor.userId,
      });
      // The link lets the employer see the person's record (SEC-2) for as long as they work here.
      await linkWorkerToOrganisation(tx, { workerId: worker.id, orgId, relation: 'employee', since: now });
      await reopenOrgLinks(tx, { workerIds: [worker.id], orgId, relation: 'employee', since: now });
      await appendAudit(tx, ctx.clock, actor, {
        action: 'employer.hire',
        entityType: 'employment',
        entityId: row.id,
        regionCode: row.regionCode,
        after: { workerId: worker.id, kind: row.kind, itemCodes: row.itemCodes, hiredOn: row.hiredOn },
      });
      return row;
    })
    .catch((err: unknown) => {
      throw isUniqueViolation(err, 'employments_current_unique') ? duplicate() : err;
    });
  return presentEmployment(row, day, names, held.get(worker.id) ?? []);
}

async function ownEmployment(ctx: AppContext, actor: Actor, id: string) {
  const orgId = employerOf(actor);
  const row = await findEmployment(ctx.db, id);
  if (!row || row.employerOrgId !== orgId) throw notFound('聘用记录');
  return row;
}

/**
 * EMP-1: puts a worker already on the ledger on another operation item, from today, once they hold a
 * valid certificate of it (e.g. a person recorded while awaiting certification).
 */
export async function assignItem(ctx: AppContext, actor: Actor, id: string, itemCode: string) {
  const current = await ownEmployment(ctx, actor, id);
  if (current.endedOn) throw conflict('该聘用记录已解除，不能再安排作业项目。');
  const names = await itemNames(ctx);
  if (!names.has(itemCode))
    throw badRequest(`作业项目代码 ${itemCode} 不在特种作业目录中。`, [
      { field: 'itemCode', message: '未知的作业项目' },
    ]);
  if (current.itemCodes.includes(itemCode))
    throw conflict(`${current.workerName} 已安排从事 ${itemCode} ${names.get(itemCode)}。`);
  const day = today(ctx);
  // SUP-4: nobody is put on a special operation while the employer is suspended.
  await requireEmployerNotSuspended(ctx.db, current.employerOrgId, day, '安排人员从事特种作业');
  const refused = await refusedItemsOf(ctx, current.workerId, [itemCode], day);
  if (refused.length) throw uncertifiedProblem(current.workerName, refused, names, day);
  const now = ctx.clock.now();
  const held = await ctx.certificates.heldBy(ctx.db, [current.workerId], day);
  return ctx.db.transaction(async (tx) => {
    const row = await updateEmployment(tx, id, { itemCodes: [...current.itemCodes, itemCode] });
    await appendArchiveEvent(tx, now, actor, {
      workerId: row.workerId,
      kind: 'employment_item_added',
      summary: `${actor.orgName ?? ''}安排从事${names.get(itemCode)}（${day} 起）`,
      detail: { employmentId: row.id, itemCode, from: day },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'employer.assign_item',
      entityType: 'employment',
      entityId: row.id,
      regionCode: row.regionCode,
      before: { itemCodes: current.itemCodes },
      after: { itemCodes: row.itemCodes },
    });
    return presentEmployment(row, day, names, held.get(row.workerId) ?? []);
  });
}

/** EMP-2: files the employment; filing after the 15th day is accepted but stays marked late. */
export async function fileEmployment(ctx: AppContext, actor: Actor, id: string) {
  const current = await ownEmployment(ctx, actor, id);
  if (current.endedOn) throw conflict('该聘用记录已解除，无需备案。');
  if (current.filedAt) throw conflict('该聘用已备案。', 'EMP-2');
  const now = ctx.clock.now();
  const day = today(ctx);
  const names = await itemNames(ctx);
  const late = day > current.filingDueOn;
  return ctx.db.transaction(async (tx) => {
    const row = await updateEmployment(tx, id, { filedAt: now, filedOn: day, filedBy: actor.userId });
    await appendArchiveEvent(tx, now, actor, {
      workerId: row.workerId,
      kind: 'employment_filed',
      summary: `${actor.orgName ?? ''}聘用备案：${EMPLOYMENT_KIND_LABELS[row.kind]}${row.providerName ? `（${row.providerName}）` : ''}，从事${row.itemCodes.map((c) => names.get(c) ?? c).join('、')}，聘用日期 ${row.hiredOn}${late ? `，逾期 ${-daysUntilFilingDue(row, day)} 天备案` : ''}`,
      detail: {
        employmentId: row.id,
        kind: row.kind,
        itemCodes: row.itemCodes,
        hiredOn: row.hiredOn,
        filingDueOn: row.filingDueOn,
        late,
      },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'employer.file',
      entityType: 'employment',
      entityId: row.id,
      regionCode: row.regionCode,
      before: { filedOn: null },
      after: { filedOn: day, late },
    });
    return presentEmployment(row, day, names);
  });
}

/**
 * EMP-2 for several employments at once (issue 19 item 6): each is filed through `fileEmployment`,
 * in its own transaction with its own checks; a refusal is reported for that one and the rest go on.
 */
export async function fileEmployments(ctx: AppContext, actor: Actor, ids: string[]) {
  const results: Array<
    | { id: string; ok: true; workerName: string; late: boolean }
    | { id: string; ok: false; detail: string; rule?: string }
  > = [];
  for (const id of [...new Set(ids)]) {
    try {
      const row = await fileEmployment(ctx, actor, id);
      results.push({ id, ok: true, workerName: row.workerName, late: row.filingStatus === 'filed_late' });
    } catch (err) {
      if (!(err instanceof Problem) || err.status >= 500) throw err;
      results.push({ id, ok: false, detail: err.detail, rule: err.options.rule });
    }
  }
  return { results, filed: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length };
}

/** A worker who leaves is ended, never deleted: the ledger is history too (EMP-3). */
export async function endEmployment(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { endedOn: string; reason: string },
) {
  const current = await ownEmployment(ctx, actor, id);
  if (current.endedOn) throw conflict('该聘用记录已解除。');
  const day = today(ctx);
  if (input.endedOn > day) throw badRequest('解除日期不能晚于今天。', [{ field: 'endedOn', message: '不能晚于今天' }]);
  if (input.endedOn < current.hiredOn)
    throw badRequest('解除日期不能早于聘用日期。', [{ field: 'endedOn', message: '早于聘用日期' }]);
  const now = ctx.clock.now();
  const names = await itemNames(ctx);
  return ctx.db.transaction(async (tx) => {
    const row = await updateEmployment(tx, id, { endedOn: input.endedOn, endReason: input.reason.trim() });
    // The employer's access to the person's record and certificates ends with the employment (SEC-2).
    await endOrgLink(tx, { workerId: row.workerId, orgId: row.employerOrgId, relation: 'employee', until: now });
    await appendArchiveEvent(tx, now, actor, {
      workerId: row.workerId,
      kind: 'employment_ended',
      summary: `${actor.orgName ?? ''}解除聘用（${input.endedOn}）：${input.reason.trim()}`,
      detail: { employmentId: row.id, endedOn: input.endedOn },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'employer.end',
      entityType: 'employment',
      entityId: row.id,
      regionCode: row.regionCode,
      before: { endedOn: null },
      after: { endedOn: input.endedOn, reason: input.reason.trim() },
    });
    return presentEmployment(row, day, names);
  });
}

export interface LedgerQuery {
  alert?: CertificateAlert;
  q?: string;
  kind?: EmploymentKind;
  itemCode?: string;
  filing?: 'due' | 'overdue' | 'filed' | 'filed_late' | 'unfiled';
  includeEnded?: boolean;
  page: number;
  pageSize: number;
}

/** The scope of a ledger read: an employer its own; a regulator its jurisdiction's employers (SEC-2). */
function ledgerScope(actor: Actor): Pick<LedgerFilter, 'employerOrgId' | 'regionPrefix'> {
  const prefix = jurisdictionPrefix(actor);
  if (prefix) {
    requirePermission(actor, 'employers.supervise');
    return { regionPrefix: prefix };
  }
  return { employerOrgId: employerOf(actor) };
}

/** Ledger reads that filter by certificate alert look at every row in scope; beyond this, narrow the filters. */
const ALERT_SCAN_LIMIT = 200_000;

export async function getLedger(ctx: AppContext, actor: Actor, query: LedgerQuery) {
  const scope = ledgerScope(actor);
  const day = today(ctx);
  const names = await itemNames(ctx);
  const { alert, ...filters } = query;
  let items: EmploymentRow[];
  let total: number;
  let held: Map<string, HeldCertificate[]>;
  if (alert) {
    // EMP-3: the alert comes from the certificates, so the whole scope is read, then filtered and paged.
    const all = await ledgerRows(ctx.db, { ...scope, ...filters, today: day, page: 1, pageSize: ALERT_SCAN_LIMIT });
    held = await ctx.certificates.heldBy(ctx.db, [...new Set(all.items.map((r) => r.workerId))], day);
    const matching = all.items.filter(
      (r) =>
        !r.endedOn && r.itemCodes.some((code) => itemStanding(code, held.get(r.workerId) ?? [], day).alert === alert),
    );
    total = matching.length;
    items = matching.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
  } else {
    const found = await ledgerRows(ctx.db, { ...scope, ...filters, today: day });
    ({ items, total } = found);
    held = await ctx.certificates.heldBy(ctx.db, [...new Set(items.map((r) => r.workerId))], day);
  }
  const employers = scope.regionPrefix
    ? await employerNames(
        ctx,
        items.map((r) => r.employerOrgId),
      )
    : new Map<string, string>();
  return {
    items: items.map((r) =>
      presentEmployment(
        { ...r, employerName: employers.get(r.employerOrgId) ?? null },
        day,
        names,
        held.get(r.workerId) ?? [],
      ),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** EMP-3: how many current assignments carry each certificate alert, for the employer (or a regulator's jurisdiction). */
export async function ledgerAlerts(ctx: AppContext, actor: Actor) {
  const scope = ledgerScope(actor);
  const day = today(ctx);
  const all = await ledgerRows(ctx.db, { ...scope, today: day, page: 1, pageSize: ALERT_SCAN_LIMIT });
  const held = await ctx.certificates.heldBy(ctx.db, [...new Set(all.items.map((r) => r.workerId))], day);
  const counts = Object.fromEntries(Object.keys(CERTIFICATE_ALERT_LABELS).map((k) => [k, 0])) as Record<
    CertificateAlert,
    number
  >;
  for (const r of all.items) {
    const alerts = new Set(
      r.itemCodes
        .map((code) => itemStanding(code, held.get(r.workerId) ?? [], day).alert)
        .filter((a): a is CertificateAlert => !!a),
    );
    for (const a of alerts) counts[a] += 1;
  }
  return { counts, labels: CERTIFICATE_ALERT_LABELS };
}

/** EMP-3: the ledger as a workbook an inspector can take away; personal data stays masked. */
export async function exportLedger(
  ctx: AppContext,
  actor: Actor,
  query: Omit<LedgerQuery, 'page' | 'pageSize'>,
): Promise<Buffer> {
  const { items } = await getLedger(ctx, actor, { ...query, page: 1, pageSize: 100_000 });
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('特种作业人员台账');
  sheet.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '身份证号', key: 'id', width: 22 },
    ...(scopeIsRegulator(actor) ? [{ header: '生产经营单位', key: 'employer', width: 24 }] : []),
    { header: '用工形式', key: 'kind', width: 12 },
    { header: '派遣或外包单位', key: 'provider', width: 20 },
    { header: '作业项目', key: 'items', width: 30 },
    { header: '证书状态', key: 'certificates', width: 40 },
    { header: '聘用日期', key: 'hired', width: 12 },
    { header: '备案期限', key: 'due', width: 12 },
    { header: '备案状态', key: 'filing', width: 12 },
    { header: '解除日期', key: 'ended', width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  items.forEach((e, i) =>
    sheet.addRow({
      n: i + 1,
      name: e.workerName,
      id: e.idNumberMasked,
      employer: e.employerName,
      kind: e.kindLabel,
      provider: e.providerName ?? '',
      items: e.items.map((x) => `${x.code} ${x.name}`).join('；'),
      certificates: e.items
        .map(
          (x) =>
            `${x.code}：${x.certificate ? `${x.certificate.number} 有效期至 ${x.certificate.validUntil}` : '无'}${x.alertLabel ? `（${x.alertLabel}）` : ''}`,
        )
        .join('；'),
      hired: e.hiredOn,
      due: e.filingDueOn,
      filing: e.filingStatusLabel,
      ended: e.endedOn ?? '',
    }),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}

function scopeIsRegulator(actor: Actor): boolean {
  return jurisdictionPrefix(actor) !== null;
}

/** EMP-2: the regulator's view — employers of its jurisdiction with filings overdue or filed late. */
export async function superviseFilings(ctx: AppContext, actor: Actor) {
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden();
  requirePermission(actor, 'employers.supervise');
  const rows = await overdueFilingsByEmployer(ctx.db, { regionPrefix: prefix, today: today(ctx) });
  const names = await employerNames(
    ctx,
    rows.map((r) => r.employerOrgId),
  );
  return {
    items: rows.map((r) => ({
      ...r,
      employerName: names.get(r.employerOrgId) ?? '',
      regionName: regionFullName(r.regionCode),
    })),
  };
}

async function employerNames(ctx: AppContext, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const orgs = await Promise.all(unique.map((id) => findOrganisation(ctx.db, id)));
  return new Map(orgs.filter((o) => !!o).map((o) => [o!.id, o!.name]));
}

/** SUP-4: the suspension in force on the employer, for the ledger's banner. */
export async function ownSanction(ctx: AppContext, actor: Actor) {
  const orgId = employerOf(actor);
  return { sanction: await employerSanction(ctx.db, orgId, today(ctx)) };
}
