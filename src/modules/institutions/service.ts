// Use cases of institution filing (INS-1) with its basic-conditions check (INS-2, INS-3), teachers
// and their declared certificates (INS-4), and the public list of filed institutions.
import { institutionRatings, institutionSanctions } from './sanctions.js';
import { sanctionText } from '../../kernel/sanctions.js';
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { regionFullName } from '../../kernel/regions.js';
import { checkDeclaredCertificate } from '../../kernel/certificate-check.js';
import { maskIdNumber, parseResidentIdNumber } from '../../kernel/ids.js';
import { getCatalogue } from '../catalog/index.js';
import { findOrganisation } from '../organisations/index.js';
import {
  findFiledFiling,
  findFiling,
  findFilingForUpdate,
  insertFiling,
  insertTeacher,
  listFilings,
  listTeachers,
  removeTeacher,
  updateFiling,
  type InstitutionFilingRow,
  type TeacherRow,
} from './queries.js';
import {
  blockingConditions,
  evaluateBasicConditions,
  type Education,
  type FilingFacts,
  type Teacher,
} from './rules.js';

export const FILING_STATUS_LABELS: Record<string, string> = {
  submitted: '待市级审核',
  reviewed: '市级已审核，待省级备案',
  returned: '已退回',
  filed: '已备案',
  superseded: '已被新备案替代',
};

const today = (ctx: AppContext) => chinaDate(ctx.clock.now());

/** Category names and item names of the catalogue, for conditions and lists. */
export async function catalogueNames(ctx: AppContext) {
  const { categories } = await getCatalogue(ctx);
  const categoryNames: Record<string, string> = {};
  const itemNames: Record<string, string> = {};
  for (const cat of categories) {
    categoryNames[cat.code] = cat.name;
    for (const item of cat.items) itemNames[item.code] = item.name;
  }
  return { categoryNames, itemNames };
}

export function asTeacher(row: TeacherRow): Teacher {
  return { ...row, education: row.education as Education | null };
}

function presentFiling(row: InstitutionFilingRow, orgName: string, itemNames: Record<string, string>) {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName,
    regionCode: row.regionCode,
    regionName: regionFullName(row.regionCode),
    status: row.status,
    statusLabel: FILING_STATUS_LABELS[row.status] ?? row.status,
    scope: row.scope.map((code) => ({ code, name: itemNames[code] ?? code })),
    submittedAt: row.submittedAt,
    reviewedAt: row.reviewedAt,
    returnReason: row.returnReason,
    filedAt: row.filedAt,
    // The matching hash stays on the server; people see the masked number (SEC-3).
    facts: row.facts && { ...row.facts, managers: row.facts.managers.map(({ idNumberHash: _hash, ...m }) => m) },
    conditions: row.conditions ?? [],
  };
}

async function present(ctx: AppContext, row: InstitutionFilingRow) {
  const [{ itemNames }, org] = await Promise.all([catalogueNames(ctx), findOrganisation(ctx.db, row.orgId)]);
  return presentFiling(row, org?.name ?? '', itemNames);
}

function institutionOf(actor: Actor): string {
  if (actor.orgKind !== 'institution' || !actor.orgId) throw forbidden('仅培训机构可办理备案。');
  return actor.orgId;
}

async function validateScope(ctx: AppContext, scope: string[]) {
  const { itemNames } = await catalogueNames(ctx);
  const unknown = scope.filter((code) => !itemNames[code]);
  if (unknown.length)
    throw badRequest(`作业项目 ${unknown.join('、')} 不在特种作业目录中。`, [
      { field: 'scope', message: '未知的作业项目' },
    ]);
  if (!scope.length) throw badRequest('请至少选择一个培训的作业项目。', [{ field: 'scope', message: '必填' }]);
}

/**
 * INS-2/INS-3: the verdicts from recorded facts and the institution's current teachers, each declared
 * certificate read against the platform's register first (INS-4): what the platform knows of it counts.
 */
async function evaluate(ctx: AppContext, orgId: string, scope: string[], facts: FilingFacts) {
  const [{ categoryNames }, teachers] = await Promise.all([catalogueNames(ctx), listTeachers(ctx.db, orgId)]);
  const on = today(ctx);
  const checked: Teacher[] = [];
  for (const row of teachers) {
    const t = asTeacher(row);
    const certificates = [];
    for (const x of t.certificates) {
      const check = await checkDeclaredCertificate(ctx.certificates, ctx.db, {
        number: x.number,
        holderName: t.name,
        categoryCode: x.categoryCode,
        onDate: on,
      });
      certificates.push({ ...x, platform: { status: check.status, label: check.label, refused: check.refused } });
    }
    checked.push({ ...t, certificates });
  }
  return evaluateBasicConditions({ facts, teachers: checked, scope, categoryNames, on });
}

/** A filing's managers as submitted may carry `idNumber`; it is validated (REG-2), then kept only hashed and masked (EXM-2, SEC-3). */
export type SubmittedFacts = Omit<FilingFacts, 'managers'> & {
  managers: Array<FilingFacts['managers'][number] & { idNumber?: string | null }>;
};

function sealManagers(ctx: AppContext, facts: SubmittedFacts): FilingFacts {
  const managers = facts.managers.map(({ idNumber, ...m }, i) => {
    if (!idNumber?.trim()) return { ...m, idNumberHash: null, idNumberMasked: null };
    const parsed = parseResidentIdNumber(idNumber, { today: ctx.clock.now() });
    if (!parsed.ok)
      throw badRequest(`管理人员「${m.name}」的身份证号有误：${parsed.message}`, [
        { field: `facts.managers.${i}.idNumber`, message: parsed.message },
      ]);
    return {
      ...m,
      idNumberHash: ctx.vault.lookupHash('id_number', parsed.idNumber),
      idNumberMasked: maskIdNumber(parsed.idNumber),
    };
  });
  return { ...facts, managers };
}

/** INS-1: an institution applies (or applies again, for a changed scope) with its facts. */
export async function submitFiling(ctx: AppContext, actor: Actor, input: { scope: string[]; facts: SubmittedFacts }) {
  requirePermission(actor, 'institution.filing');
  const orgId = institutionOf(actor);
  const scope = [...new Set(input.scope)];
  await validateScope(ctx, scope);
  const facts = sealManagers(ctx, input.facts);
  const conditions = await evaluate(ctx, orgId, scope, facts);
  const row = await ctx.db.transaction(async (tx) => {
    const pending = await listFilings(tx, { orgId, statuses: ['submitted', 'reviewed'] });
    if (pending.length) throw conflict('已有备案申请正在办理中，请等待审核结果后再提交。', 'INS-1');
    const filing = await insertFiling(tx, {
      orgId,
      regionCode: actor.regionCode!,
      status: 'submitted',
      scope,
      facts,
      conditions,
      submittedAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'institution.filing_submit',
      entityType: 'institution_filing',
      entityId: filing.id,
      regionCode: filing.regionCode,
      after: { scope, facts: { ...facts, managers: facts.managers.map(({ idNumberHash: _hash, ...m }) => m) } },
    });
    return filing;
  });
  return present(ctx, row);
}

/** SEC-2: the institution sees its own filings; the city and province those of their jurisdiction. */
function filingVisible(actor: Actor, row: InstitutionFilingRow): boolean {
  const prefix = jurisdictionPrefix(actor);
  if (prefix) return row.regionCode.startsWith(prefix);
  return actor.orgId === row.orgId;
}

export async function listFilingsFor(ctx: AppContext, actor: Actor, params: { status?: string }) {
  const prefix = jurisdictionPrefix(actor);
  if (prefix) requirePermission(actor, 'filings.review');
  else requirePermission(actor, 'institution.filing');
  const rows = await listFilings(ctx.db, {
    ...(prefix ? { regionPrefix: prefix } : { orgId: institutionOf(actor) }),
    statuses: params.status ? [params.status] : undefined,
  });
  return { items: await Promise.all(rows.map((r) => present(ctx, r))) };
}

export async function getFiling(ctx: AppContext, actor: Actor, id: string) {
  const row = await findFiling(ctx.db, id);
  if (!row || !filingVisible(actor, row)) throw notFound('备案申请');
  return present(ctx, row);
}

/** INS-1: the city regulator of the institution's region approves (→ reviewed) or returns with a reason. */
export async function reviewFiling(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { decision: 'approve' | 'return'; reason?: string },
) {
  requirePermission(actor, 'filings.review');
  if (actor.role !== 'city_regulator') throw forbidden('备案申请由机构所在地的市级监管部门审核。');
  const current = await findFiling(ctx.db, id);
  if (!current || !filingVisible(actor, current)) throw notFound('备案申请');
  // Evaluated before the transaction: PGlite has one connection, and reads through ctx.db inside a
  // transaction would wait for it. The row lock below still stops two reviewers acting at once.
  const blocking =
    input.decision === 'approve' && current.facts
      ? blockingConditions(await evaluate(ctx, current.orgId, current.scope, current.facts))
      : [];
  const row = await ctx.db.transaction(async (tx) => {
    const filing = (await findFilingForUpdate(tx, id))!;
    if (filing.status !== 'submitted')
      throw conflict(`该申请当前状态为「${FILING_STATUS_LABELS[filing.status]}」，不能审核。`, 'INS-1');
    let values: Parameters<typeof updateFiling>[2];
    if (input.decision === 'return') {
      const reason = input.reason?.trim();
      if (!reason) throw badRequest('退回须说明理由。', [{ field: 'reason', message: '必填' }]);
      values = { status: 'returned', returnReason: reason, reviewedAt: ctx.clock.now(), reviewedBy: actor.userId };
    } else {
      // INS-2: any condition not met — or not evidenced — eliminates; the reviewer returns it instead.
      if (blocking.length) {
        throw ruleViolation(
          'INS-2',
          '不符合安全生产培训机构基本条件',
          `有 ${blocking.length} 项基本条件未满足或缺少资料：${blocking.map((b) => `${b.annexItem} ${b.label}（${b.reason}）`).join('；')}`,
          { conditions: blocking },
        );
      }
      values = { status: 'reviewed', reviewedAt: ctx.clock.now(), reviewedBy: actor.userId, returnReason: null };
    }
    const after = await updateFiling(tx, id, values);
    await appendAudit(tx, ctx.clock, actor, {
      action: `institution.filing_${input.decision}`,
      entityType: 'institution_filing',
      entityId: id,
      regionCode: after.regionCode,
      before: { status: filing.status },
      after: { status: after.status, reason: after.returnReason },
    });
    return after;
  });
  return present(ctx, row);
}

/** INS-1: the province records a reviewed filing; it is published at once (the public list reads filed rows). */
export async function recordFiling(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'filings.review');
  if (actor.role !== 'province_regulator') throw forbidden('备案由省级监管部门登记。');
  const row = await ctx.db.transaction(async (tx) => {
    const filing = await findFilingForUpdate(tx, id);
    if (!filing || !filingVisible(actor, filing)) throw notFound('备案申请');
    if (filing.status !== 'reviewed')
      throw conflict(`该申请当前状态为「${FILING_STATUS_LABELS[filing.status]}」，须经市级审核后才能备案。`, 'INS-1');
    for (const old of await listFilings(tx, { orgId: filing.orgId, statuses: ['filed'] }))
      await updateFiling(tx, old.id, { status: 'superseded' });
    const after = await updateFiling(tx, id, { status: 'filed', filedAt: ctx.clock.now(), filedBy: actor.userId });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'institution.filing_record',
      entityType: 'institution_filing',
      entityId: id,
      regionCode: after.regionCode,
      before: { status: filing.status },
      after: { status: 'filed', scope: after.scope },
    });
    return after;
  });
  return present(ctx, row);
}

/** INS-1: the public list — institution name, region, scope and filing date; no personal data. */
export async function listPublicInstitutions(ctx: AppContext) {
  const [{ itemNames }, filed] = await Promise.all([catalogueNames(ctx), listFilings(ctx.db, { statuses: ['filed'] })]);
  // SUP-4, SUP-7: an eliminated institution leaves the public list; a suspension in force is shown.
  const sanctions = await institutionSanctions(
    ctx.db,
    filed.map((r) => r.orgId),
    chinaDate(ctx.clock.now()),
  );
  const rows = filed.filter((r) => sanctions.get(r.orgId)?.state !== 'eliminated');
  const ratings = await institutionRatings(
    ctx.db,
    rows.map((r) => r.orgId),
  );
  const items = await Promise.all(
    rows.map(async (r) => {
      const org = await findOrganisation(ctx.db, r.orgId);
      const sanction = sanctions.get(r.orgId);
      return {
        orgId: r.orgId,
        name: org?.name ?? '',
        creditCode: org?.creditCode ?? null,
        regionCode: r.regionCode,
        regionName: regionFullName(r.regionCode),
        scope: r.scope.map((code) => ({ code, name: itemNames[code] ?? code })),
        filedAt: r.filedAt,
        rating: ratings.get(r.orgId) ?? null,
        sanction: sanction
          ? { state: sanction.state, until: sanction.until, text: sanctionText(sanction), ref: sanction.ref }
          : null,
      };
    }),
  );
  return {
    items: items.sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.name.localeCompare(b.name, 'zh')),
  };
}

/** The institution's own view: its filings, teachers and the conditions as they stand today. */
export async function myInstitution(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'institution.filing');
  const orgId = institutionOf(actor);
  const filings = await listFilings(ctx.db, { orgId });
  const latest = filings[0];
  const liveConditions = latest?.facts ? await evaluate(ctx, orgId, latest.scope, latest.facts) : [];
  return { filings: await Promise.all(filings.map((f) => present(ctx, f))), liveConditions };
}

/** `idNumber` (optional) lets exam staff be matched to this teacher record (EXM-2); stored hashed and sealed, shown masked. */
export type NewTeacher = Omit<Teacher, 'education'> & { education: Education | null; idNumber?: string | null };

/** INS-4: each declared certificate as the platform's register sees it (平台未查到 until it holds it). */
export async function presentTeachers(ctx: AppContext, rows: TeacherRow[]) {
  const on = today(ctx);
  return Promise.all(
    rows.map(async (row) => ({
      ...asTeacher(row),
      id: row.id,
      idNumberHash: undefined,
      idNumberSealed: undefined,
      idNumberMasked: row.idNumberMasked,
      certificates: await Promise.all(
        row.certificates.map(async (x) => {
          const check = await checkDeclaredCertificate(ctx.certificates, ctx.db, {
            number: x.number,
            holderName: row.name,
            categoryCode: x.categoryCode,
            onDate: on,
          });
          return {
            ...x,
            verification: check.status,
            verificationLabel: check.label,
            platformRefused: check.refused,
            platformValidUntil: check.certificate?.validUntil ?? null,
          };
        }),
      ),
    })),
  );
}

export async function listMyTeachers(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'institution.teachers');
  return { items: await presentTeachers(ctx, await listTeachers(ctx.db, institutionOf(actor))) };
}

export async function addTeacher(ctx: AppContext, actor: Actor, input: NewTeacher) {
  requirePermission(actor, 'institution.teachers');
  const orgId = institutionOf(actor);
  const { idNumber: rawId, ...teacher } = input;
  const name = teacher.name.trim();
  if (name.length < 2) throw badRequest('请填写教师姓名。', [{ field: 'name', message: '必填' }]);
  let identity: { idNumberHash: string; idNumberSealed: string; idNumberMasked: string } | null = null;
  if (rawId?.trim()) {
    const parsed = parseResidentIdNumber(rawId, { today: ctx.clock.now() }); // REG-2
    if (!parsed.ok) throw badRequest(parsed.message, [{ field: 'idNumber', message: parsed.message }]);
    identity = {
      idNumberHash: ctx.vault.lookupHash('id_number', parsed.idNumber),
      idNumberSealed: ctx.vault.seal(parsed.idNumber),
      idNumberMasked: maskIdNumber(parsed.idNumber),
    };
  }
  const bad = teacher.certificates.find((x) => !teacher.categoryCodes.includes(x.categoryCode));
  if (bad)
    throw badRequest(`证书 ${bad.number} 的作业类别不在该教师所授类别中。`, [
      { field: 'certificates', message: '类别不符' },
    ]);
  const { categoryNames } = await catalogueNames(ctx);
  const unknown = teacher.categoryCodes.filter((cat) => !categoryNames[cat]);
  if (unknown.length)
    throw badRequest(`作业类别 ${unknown.join('、')} 不在特种作业目录中。`, [
      { field: 'categoryCodes', message: '未知的作业类别' },
    ]);
  const row = await ctx.db.transaction(async (tx) => {
    const inserted = await insertTeacher(tx, {
      ...teacher,
      ...identity,
      name,
      orgId,
      regionCode: actor.regionCode!,
      createdAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'institution.teacher_add',
      entityType: 'institution_teacher',
      entityId: inserted.id,
      regionCode: inserted.regionCode,
      after: { ...teacher, name, idNumber: identity?.idNumberMasked ?? null },
    });
    return inserted;
  });
  return (await presentTeachers(ctx, [row]))[0];
}

export async function deleteTeacher(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'institution.teachers');
  const orgId = institutionOf(actor);
  await ctx.db.transaction(async (tx) => {
    const removed = await removeTeacher(tx, { id, orgId, at: ctx.clock.now() });
    if (!removed) throw notFound('教师');
    await appendAudit(tx, ctx.clock, actor, {
      action: 'institution.teacher_remove',
      entityType: 'institution_teacher',
      entityId: id,
      regionCode: removed.regionCode,
    });
  });
}

/**
 * INS-2/INS-3 for an inspection (SUP-2): the basic conditions of an institution as the platform knows
 * them — from its filed (or latest) filing's facts and its current teachers; null when it never applied.
 */
export async function basicConditionsOf(ctx: AppContext, orgId: string) {
  const filing = (await findFiledFiling(ctx.db, orgId)) ?? (await listFilings(ctx.db, { orgId }))[0];
  if (!filing?.facts) return null;
  return evaluate(ctx, orgId, filing.scope, filing.facts);
}
