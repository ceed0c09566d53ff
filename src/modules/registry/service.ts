import type { Actor } from '../../kernel/access.js';
import { can, isRegulator, jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import { isUniqueViolation, type Tx } from '../../db/index.js';
import type { AppContext } from '../../kernel/context.js';
import { maskIdNumber, maskPhone, parseMobilePhone, parseResidentIdNumber } from '../../kernel/ids.js';
import { Problem, badRequest, conflict, notFound, ruleViolation } from '../../kernel/problem.js';
import { getRegion, regionLevel, regionPrefix } from '../../kernel/regions.js';
import { getOperationItem, itemDetailsIn } from '../catalog/index.js';
import { findOrganisation, presentOrganisation } from '../organisations/index.js';
import { appendArchiveEvent } from './archive.js';
import type { PreparedWorker } from './legacy.js';
import { auditView, presentArchiveEvent, presentWorkerDetail, presentWorkerSummary, type LinkView } from './present.js';
import {
  findVisibleWorker,
  findWorkerByIdNumberHash,
  hasOrgLink,
  insertHealthDeclaration,
  insertArchiveEvents,
  insertOrgLink,
  renewOrgLink,
  insertOrgLinks,
  insertWorker,
  insertWorkers,
  latestHealthDeclaration,
  listArchiveEvents,
  listOrgLinks,
  searchWorkers,
  type WorkerRow,
  type WorkerScope,
} from './queries.js';
import {
  DISQUALIFYING_CONDITIONS,
  EDUCATIONS,
  checkApplicantConditions,
  defaultOriginalRetirementAge,
  type Education,
  type HealthDeclaration,
  type OriginalRetirementAge,
} from './rules.js';

/** SEC-2: a regulator sees its jurisdiction, an organisation the people linked to it, a worker themself. */
export function workerScope(actor: Actor, at: Date = new Date()): WorkerScope {
  const prefix = jurisdictionPrefix(actor);
  if (prefix) return { kind: 'region', prefix };
  if (actor.role === 'worker' && actor.workerId) return { kind: 'self', workerId: actor.workerId };
  if (actor.role !== 'system_admin' && actor.orgId) return { kind: 'organisation', orgId: actor.orgId, at };
  return { kind: 'none' };
}

const today = (ctx: AppContext) => chinaDate(ctx.clock.now());

async function loadVisibleWorker(ctx: AppContext, actor: Actor, id: string): Promise<WorkerRow> {
  const worker = await findVisibleWorker(ctx.db, workerScope(actor, ctx.clock.now()), id);
  if (!worker) throw notFound('人员');
  return worker;
}

/** Who may see the full ID and phone number: the person, their regulators, the organisation that registered them. */
async function mayReveal(ctx: AppContext, actor: Actor, worker: WorkerRow): Promise<boolean> {
  if (actor.workerId === worker.id || isRegulator(actor)) return true;
  // Within the registering organisation, only the staff who register people; an examiner has no need.
  return (
    can(actor, 'workers.register') &&
    !!actor.orgId &&
    (await hasOrgLink(ctx.db, { workerId: worker.id, orgId: actor.orgId, relations: ['registrar'] }))
  );
}

function idNumberProblem(message: string) {
  return new Problem(400, 'invalid-id-number', '身份证号不合法', message, {
    rule: 'REG-2',
    errors: [{ field: 'idNumber', message }],
  });
}

export async function findWorkers(
  ctx: AppContext,
  actor: Actor,
  params: { q?: string; regionCode?: string; page: number; pageSize: number },
) {
  requirePermission(actor, 'workers');
  const q = params.q?.trim() ?? '';
  const search: Parameters<typeof searchWorkers>[1] = {
    scope: workerScope(actor, ctx.clock.now()),
    page: params.page,
    pageSize: params.pageSize,
  };
  if (/^\d{17}[\dXx]$/.test(q)) search.idNumberHash = ctx.vault.lookupHashes('id_number', q.toUpperCase());
  else if (/^[+\d][\d\s-]{10,16}$/.test(q) && parseMobilePhone(q).ok) {
    search.phoneHash = ctx.vault.lookupHashes('phone', (parseMobilePhone(q) as { phone: string }).phone);
  } else if (q) search.name = q;
  if (params.regionCode) {
    if (!getRegion(params.regionCode))
      throw badRequest('未知的行政区划代码。', [{ field: 'regionCode', message: '未知的行政区划代码' }]);
    search.regionPrefix = regionPrefix(params.regionCode);
  }
  const { items, total } = await searchWorkers(ctx.db, search);
  const day = today(ctx);
  return { items: items.map((w) => presentWorkerSummary(w, day)), total, page: params.page, pageSize: params.pageSize };
}

export async function getWorker(ctx: AppContext, actor: Actor, id: string) {
  const worker = await loadVisibleWorker(ctx, actor, id);
  const [links, health, canReveal] = await Promise.all([
    listOrgLinks(ctx.db, id),
    latestHealthDeclaration(ctx.db, id),
    mayReveal(ctx, actor, worker),
  ]);
  const linkViews: LinkView[] = await Promise.all(
    links.map(async (link) => {
      const org = await findOrganisation(ctx.db, link.orgId);
      return { link, org: org && presentOrganisation(org) };
    }),
  );
  return presentWorkerDetail(worker, today(ctx), { links: linkViews, health, canReveal });
}

export interface HealthInput {
  issuedAt: string;
  institutionName: string;
  institutionLevel: HealthDeclaration['institutionLevel'];
  disqualifyingConditions: string[];
}

function validateHealth(ctx: AppContext, health: HealthInput): void {
  if (health.issuedAt > today(ctx))
    throw badRequest('体检证明的出具日期不能晚于今天。', [{ field: 'health.issuedAt', message: '不能晚于今天' }]);
  const known = new Set<string>(DISQUALIFYING_CONDITIONS.map((c) => c.code));
  const unknown = health.disqualifyingConditions.filter((c) => !known.has(c));
  if (unknown.length)
    throw badRequest(`未知的疾病代码：${unknown.join('、')}`, [
      { field: 'health.disqualifyingConditions', message: '未知的疾病代码' },
    ]);
}

function healthSummary(h: HealthInput): string {
  const labels = DISQUALIFYING_CONDITIONS.filter((c) => h.disqualifyingConditions.includes(c.code)).map((c) => c.label);
  return `${h.institutionName}出具体检证明（${h.issuedAt}）：${labels.length ? `发现${labels.join('、')}` : '未见妨碍从事特种作业的疾病和生理缺陷'}`;
}

export interface NewWorker {
  name: string;
  idNumber: string;
  phone?: string;
  education: Education;
  originalRetirementAge?: OriginalRetirementAge;
  regionCode: string;
  intendedItem?: string;
  health?: HealthInput;
}

/** REG-1..3: registers a person once, with the applicant conditions checked when an item is named. */
export async function registerWorker(ctx: AppContext, actor: Actor, input: NewWorker) {
  requirePermission(actor, 'workers.register');
  const now = ctx.clock.now();
  const name = input.name.trim();
  if (!/^[\p{Script=Han}A-Za-z·•\s]{2,30}$/u.test(name)) {
    throw badRequest('姓名应为 2–30 个汉字或字母（少数民族姓名可含“·”）。', [{ field: 'name', message: '格式不正确' }]);
  }
  const id = parseResidentIdNumber(input.idNumber, { today: now }); // REG-2
  if (!id.ok) throw idNumberProblem(id.message);
  const phone = input.phone ? parseMobilePhone(input.phone) : null;
  if (phone && !phone.ok) throw badRequest(phone.message, [{ field: 'phone', message: phone.message }]);
  if (!getRegion(input.regionCode) || regionLevel(input.regionCode) !== 'county') {
    throw badRequest('所在地区须选到区县一级。', [{ field: 'regionCode', message: '须为区县级行政区划代码' }]);
  }
  const prefix = jurisdictionPrefix(actor);
  if (prefix && !input.regionCode.startsWith(prefix)) {
    throw new Problem(403, 'outside-jurisdiction', '超出管辖范围', '只能登记本辖区的人员。', { rule: 'SEC-2' });
  }
  if (id.gender === 'male' && input.originalRetirementAge && input.originalRetirementAge !== 60) {
    throw badRequest('男性的原法定退休年龄为 60 岁。', [{ field: 'originalRetirementAge', message: '男性为 60 岁' }]);
  }
  const originalRetirementAge = input.originalRetirementAge ?? defaultOriginalRetirementAge(id.gender);
  if (input.health) validateHealth(ctx, input.health);
  if (input.intendedItem) {
    // An unknown code in the body is bad input (400 naming the field), not a missing resource:
    // a 404 on POST /workers would read as "this address does not exist".
    const item = await getOperationItem(ctx, input.intendedItem).catch((err: unknown) => {
      if (err instanceof Problem && err.status === 404) {
        throw badRequest(`作业项目代码 ${input.intendedItem} 不在特种作业目录中。`, [
          { field: 'intendedItem', message: '未知的作业项目' },
        ]);
      }
      throw err;
    });
    const verdict = checkApplicantConditions({
      birthDate: id.birthDate,
      originalRetirementAge,
      education: input.education,
      health: input.health ?? null,
      // REG-3 / CAT-2: the education the province of the worker's registration requires for the item.
      item: {
        code: item.code,
        name: item.name,
        minEducation: (await itemDetailsIn(ctx, item, input.regionCode)).minEducation as Education,
      },
      on: today(ctx),
    });
    if (!verdict.eligible) {
      const reasons = verdict.checks.filter((c) => !c.passed).map((c) => c.message);
      throw ruleViolation('REG-3', '不符合申请条件', `不符合「${item.name}」的申请条件：${reasons.join('；')}`, {
        checks: verdict.checks,
      });
    }
  }
  const idNumberHash = ctx.vault.lookupHash('id_number', id.idNumber);
  const alreadyRegistered = () =>
    conflict('该身份证号已登记，同一人员不可重复登记；如需查看或关联，请使用「关联已登记人员」。', 'REG-2');
  const worker = await ctx.db
    .transaction(async (tx) => {
      // REG-2: a person registered before a profile switch still counts while vault:rotate runs.
      if (await findWorkerByIdNumberHash(tx, ctx.vault.lookupHashes('id_number', id.idNumber)))
        throw alreadyRegistered();
      const row = await insertWorker(tx, {
        name,
        gender: id.gender,
        birthDate: id.birthDate,
        idNumberSealed: ctx.vault.seal(id.idNumber),
        idNumberHash,
        idNumberMasked: maskIdNumber(id.idNumber),
        phoneSealed: phone?.ok ? ctx.vault.seal(phone.phone) : null,
        phoneHash: phone?.ok ? ctx.vault.lookupHash('phone', phone.phone) : null,
        phoneMasked: phone?.ok ? maskPhone(phone.phone) : null,
        education: input.education,
        originalRetirementAge,
        regionCode: input.regionCode,
        householdRegionCode: id.regionCode,
        registeredByOrgId: actor.orgId,
        registeredAt: now,
      });
      if (actor.orgId && !isRegulator(actor)) {
        await insertOrgLink(tx, { workerId: row.id, orgId: actor.orgId, relation: 'registrar', since: now });
      }
      await appendArchiveEvent(tx, now, actor, {
        workerId: row.id,
        kind: 'registered',
        summary: `${actor.orgName ?? actor.displayName}为其登记建档`,
        detail: { regionCode: row.regionCode, education: row.education, intendedItem: input.intendedItem ?? null },
      });
      if (input.health) await recordHealth(ctx, tx, actor, row.id, input.health);
      await appendAudit(tx, ctx.clock, actor, {
        action: 'worker.register',
        entityType: 'worker',
        entityId: row.id,
        regionCode: row.regionCode,
        after: auditView(row),
      });
      return row;
    })
    .catch((err: unknown) => {
      // REG-2: two simultaneous registrations of one person both pass the look-up above; on
      // PostgreSQL the second then hits the unique index. That is the same 409, not a 500.
      throw isUniqueViolation(err, 'workers_id_number_hash_unique') ? alreadyRegistered() : err;
    });
  return getWorker(ctx, actor, worker.id);
}

async function recordHealth(
  ctx: AppContext,
  tx: Parameters<typeof appendArchiveEvent>[0],
  actor: Actor,
  workerId: string,
  health: HealthInput,
) {
  const now = ctx.clock.now();
  await insertHealthDeclaration(tx, { workerId, ...health, recordedAt: now, recordedByOrgId: actor.orgId });
  await appendArchiveEvent(tx, now, actor, {
    workerId,
    kind: 'health_declared',
    summary: healthSummary(health),
    detail: { ...health },
  });
}

export async function addHealthDeclaration(ctx: AppContext, actor: Actor, workerId: string, health: HealthInput) {
  requirePermission(actor, 'workers.register');
  const worker = await loadVisibleWorker(ctx, actor, workerId);
  validateHealth(ctx, health);
  await ctx.db.transaction(async (tx) => {
    await recordHealth(ctx, tx, actor, workerId, health);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'worker.health_declared',
      entityType: 'worker',
      entityId: workerId,
      regionCode: worker.regionCode,
      after: health,
    });
  });
  return getWorker(ctx, actor, workerId);
}

/** REG-2/REG-4: an organisation claims a person already registered, proving it knows both ID number and name. */
export async function linkRegisteredWorker(ctx: AppContext, actor: Actor, input: { idNumber: string; name: string }) {
  requirePermission(actor, 'workers.register');
  if (!actor.orgId || isRegulator(actor)) throw badRequest('监管部门按辖区查看人员，无需关联。');
  const id = parseResidentIdNumber(input.idNumber, { today: ctx.clock.now() });
  if (!id.ok) throw idNumberProblem(id.message);
  const worker = await findWorkerByIdNumberHash(ctx.db, ctx.vault.lookupHashes('id_number', id.idNumber));
  if (!worker || worker.name !== input.name.trim())
    throw new Problem(404, 'not-found', '未找到', '未找到身份证号与姓名均匹配的已登记人员。');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    // 'linked', not 'registrar': knowing an ID number and name lets an organisation see the person
    // (SEC-2), not read their full ID and phone numbers (SEC-3), which stays with the registrar.
    const added = await renewOrgLink(tx, { workerId: worker.id, orgId: actor.orgId!, relation: 'linked', since: now });
    if (!added) return;
    await appendArchiveEvent(tx, now, actor, {
      workerId: worker.id,
      kind: 'linked',
      summary: `${actor.orgName}关联该人员`,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'worker.link',
      entityType: 'worker',
      entityId: worker.id,
      regionCode: worker.regionCode,
      after: { orgId: actor.orgId, relation: 'linked' },
    });
  });
  return getWorker(ctx, actor, worker.id);
}

/** SEC-3: the full value is shown only to those who need it, and every viewing is audited. */
export async function revealPersonalData(ctx: AppContext, actor: Actor, workerId: string, field: 'idNumber' | 'phone') {
  const worker = await loadVisibleWorker(ctx, actor, workerId);
  if (!(await mayReveal(ctx, actor, worker)))
    throw new Problem(403, 'forbidden', '无权查看', '仅本人、辖区监管部门和登记机构可查看完整信息。', {
      rule: 'SEC-3',
    });
  const sealed = field === 'idNumber' ? worker.idNumberSealed : worker.phoneSealed;
  if (!sealed) throw notFound('手机号');
  const value = ctx.vault.open(sealed);
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx.clock, actor, {
      action: `worker.reveal_${field === 'idNumber' ? 'id_number' : 'phone'}`,
      entityType: 'worker',
      entityId: workerId,
      regionCode: worker.regionCode,
    }),
  );
  return { value };
}

export async function getArchive(ctx: AppContext, actor: Actor, workerId: string) {
  await loadVisibleWorker(ctx, actor, workerId);
  return { events: (await listArchiveEvents(ctx.db, workerId)).map(presentArchiveEvent) };
}

/** REG-3 for one operation item, judged today with the latest health declaration. */
export async function checkEligibility(ctx: AppContext, actor: Actor, workerId: string, itemCode: string) {
  const worker = await loadVisibleWorker(ctx, actor, workerId);
  const item = await getOperationItem(ctx, itemCode);
  const health = await latestHealthDeclaration(ctx.db, workerId);
  const verdict = checkApplicantConditions({
    birthDate: worker.birthDate,
    originalRetirementAge: worker.originalRetirementAge as OriginalRetirementAge,
    education: worker.education as Education,
    health: health
      ? { ...health, institutionLevel: health.institutionLevel as HealthDeclaration['institutionLevel'] }
      : null,
    item: {
      code: item.code,
      name: item.name,
      minEducation: (await itemDetailsIn(ctx, item, worker.regionCode)).minEducation as Education,
    },
    on: today(ctx),
  });
  // CER-4 through the kernel seam: the certificates module (later in the chain) knows revocations.
  const barredUntil = await ctx.certificates.reapplicationBarredUntil(ctx.db, workerId);
  if (barredUntil && barredUntil > today(ctx)) {
    verdict.checks.push({
      rule: 'REG-3',
      code: 'reapplication_bar',
      label: '撤证后三年内不得再次申请',
      passed: false,
      message: `因证书记载虚假信息或以不正当手段取得被撤销，${barredUntil} 前不得再次申请（CER-4）。`,
    });
    verdict.eligible = false;
  }
  return { ...verdict, item: { code: item.code, name: item.name } };
}

export interface BulkNewWorker {
  name: string;
  idNumber: string;
  phone?: string | null;
  education: Education;
  regionCode: string;
}

/**
 * REG-2, REG-4: what registration checks on each field, as messages instead of a thrown problem, so a
 * bulk import can name every bad row at once. Empty when the row can be registered.
 */
export function newWorkerProblems(
  ctx: AppContext,
  actor: Actor,
  input: BulkNewWorker,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!/^[\p{Script=Han}A-Za-z·•\s]{2,30}$/u.test(input.name.trim()))
    problems.push({ field: 'name', message: '姓名应为 2–30 个汉字或字母' });
  const id = parseResidentIdNumber(input.idNumber, { today: ctx.clock.now() });
  if (!id.ok) problems.push({ field: 'idNumber', message: id.message });
  if (input.phone) {
    const phone = parseMobilePhone(input.phone);
    if (!phone.ok) problems.push({ field: 'phone', message: phone.message });
  }
  if (!getRegion(input.regionCode) || regionLevel(input.regionCode) !== 'county')
    problems.push({ field: 'regionCode', message: '所在地区须为区县级行政区划代码' });
  else {
    const prefix = jurisdictionPrefix(actor);
    if (prefix && !input.regionCode.startsWith(prefix)) problems.push({ field: 'regionCode', message: '超出管辖范围' });
  }
  if (!EDUCATIONS.includes(input.education)) problems.push({ field: 'education', message: '未知的文化程度' });
  return problems;
}

/**
 * A person's row as `registerPreparedWorkersInBulk` writes it: personal data sealed and hashed once
 * (SEC-3), so an import seals at its check, stages the sealed row, and writes it as is at commit.
 */
export type PreparedBulkWorker = PreparedWorker;

/** Seals and derives what a new person's row holds; the input passed `newWorkerProblems` (REG-2). */
export function prepareBulkWorker(ctx: AppContext, input: BulkNewWorker): PreparedBulkWorker {
  const id = parseResidentIdNumber(input.idNumber, { today: ctx.clock.now() });
  if (!id.ok) throw idNumberProblem(id.message);
  const phone = input.phone ? parseMobilePhone(input.phone) : null;
  return {
    name: input.name.trim(),
    gender: id.gender,
    birthDate: id.birthDate,
    idNumberSealed: ctx.vault.seal(id.idNumber),
    idNumberHash: ctx.vault.lookupHash('id_number', id.idNumber),
    idNumberMasked: maskIdNumber(id.idNumber),
    phoneSealed: phone?.ok ? ctx.vault.seal(phone.phone) : null,
    phoneHash: phone?.ok ? ctx.vault.lookupHash('phone', phone.phone) : null,
    phoneMasked: phone?.ok ? maskPhone(phone.phone) : null,
    education: input.education,
    originalRetirementAge: defaultOriginalRetirementAge(id.gender),
    regionCode: input.regionCode,
    householdRegionCode: id.regionCode,
  };
}

/**
 * REG-4: registers many people in the caller's transaction with set-based inserts (an employer's
 * import of hundreds or thousands). Rows must have passed `newWorkerProblems`; the caller writes the
 * one audit record of the import. Returns the new worker id per ID-number hash.
 */
export async function registerWorkersInBulk(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  rows: BulkNewWorker[],
  summary: string,
): Promise<Map<string, string>> {
  return registerPreparedWorkersInBulk(
    tx,
    ctx,
    actor,
    rows.map((r) => prepareBulkWorker(ctx, r)),
    summary,
  );
}

/** `registerWorkersInBulk` for rows prepared (sealed) beforehand by `prepareBulkWorker`. */
export async function registerPreparedWorkersInBulk(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  rows: PreparedBulkWorker[],
  summary: string,
): Promise<Map<string, string>> {
  const now = ctx.clock.now();
  const ids = new Map<string, string>();
  for (let i = 0; i < rows.length; i += 5000) {
    const values = rows
      .slice(i, i + 5000)
      .map((input) => ({ ...input, registeredByOrgId: actor.orgId, registeredAt: now }));
    const inserted = await insertWorkers(tx, values);
    for (const w of inserted) ids.set(w.idNumberHash, w.id);
    if (actor.orgId && !isRegulator(actor))
      await insertOrgLinks(
        tx,
        inserted.map((w) => ({ workerId: w.id, orgId: actor.orgId!, relation: 'registrar', since: now })),
      );
    const byHash = new Map(values.map((v) => [v.idNumberHash, v]));
    await insertArchiveEvents(
      tx,
      inserted.map((w) => ({
        workerId: w.id,
        occurredAt: now,
        kind: 'registered',
        summary,
        detail: {
          regionCode: byHash.get(w.idNumberHash)!.regionCode,
          education: byHash.get(w.idNumberHash)!.education,
          bulk: true,
        },
        actorUserId: actor.userId,
        actorName: actor.displayName,
        orgId: actor.orgId,
        orgName: actor.orgName,
      })),
    );
  }
  return ids;
}
