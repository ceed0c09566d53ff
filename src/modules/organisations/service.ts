import type { Actor, OrgKind } from '../../kernel/access.js';
import { ORG_KIND_LABELS, jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { isUniqueViolation, type Tx } from '../../db/index.js';
import type { AppContext } from '../../kernel/context.js';
import { parseCreditCode } from '../../kernel/ids.js';
import { badRequest, conflict, notFound } from '../../kernel/problem.js';
import { getRegion, regionFullName, regionLevel } from '../../kernel/regions.js';
import {
  findOrganisation,
  findOrganisationByCreditCode,
  insertOrganisation,
  listOrganisations,
  type OrganisationFilter,
  type OrganisationRow,
} from './queries.js';

/** Institutions and employers are legal persons identified by their credit code (GB 32100). */
const CREDIT_CODE_REQUIRED: ReadonlySet<OrgKind> = new Set(['institution', 'employer']);

export function presentOrganisation(org: OrganisationRow) {
  const kind = org.kind as OrgKind;
  return {
    id: org.id,
    kind,
    kindLabel: ORG_KIND_LABELS[kind] ?? org.kind,
    name: org.name,
    regionCode: org.regionCode,
    regionName: regionFullName(org.regionCode),
    level: regionLevel(org.regionCode),
    creditCode: org.creditCode,
  };
}

/** SEC-2: the system administrator sees all; a regulator its jurisdiction; anyone else their own organisation. */
export function organisationScope(actor: Actor): OrganisationFilter {
  if (actor.role === 'system_admin') return {};
  const prefix = jurisdictionPrefix(actor);
  if (prefix) return { regionPrefix: prefix };
  return { onlyId: actor.orgId ?? '00000000-0000-0000-0000-000000000000' };
}

export async function searchOrganisations(
  ctx: AppContext,
  actor: Actor,
  params: { kind?: string; q?: string; page: number; pageSize: number },
) {
  requirePermission(actor, 'organisations');
  const { items, total } = await listOrganisations(ctx.db, { ...params, ...organisationScope(actor) });
  return { items: items.map(presentOrganisation), total, page: params.page, pageSize: params.pageSize };
}

export async function getOrganisation(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'organisations');
  const org = await findOrganisation(ctx.db, id);
  const scope = organisationScope(actor);
  const visible =
    org &&
    (!scope.onlyId || scope.onlyId === org.id) &&
    (!scope.regionPrefix || org.regionCode.startsWith(scope.regionPrefix));
  if (!visible) throw notFound('机构');
  return presentOrganisation(org);
}

export interface NewOrganisation {
  kind: OrgKind;
  name: string;
  regionCode: string;
  creditCode?: string;
}

export async function createOrganisation(ctx: AppContext, actor: Actor | null, input: NewOrganisation) {
  if (actor) requirePermission(actor, 'organisations.manage');
  const prepared = prepareOrganisation(input);
  try {
    return await ctx.db.transaction((tx) => insertPrepared(tx, ctx, actor, prepared));
  } catch (err) {
    // Two simultaneous creations both pass the look-up; on PostgreSQL the second then hits
    // the unique index. That is the same conflict, not a 500 ("no input may produce a 500").
    if (isUniqueViolation(err, 'organisations_credit_code_unique')) throw creditCodeTaken(prepared.creditCode);
    throw err;
  }
}

/**
 * Issue 22: an approved application creates its organisation in the approval's own transaction, with
 * the same checks; `actor` is the regulator who approved (their permission is checked by the caller).
 */
export async function createOrganisationInTransaction(tx: Tx, ctx: AppContext, actor: Actor, input: NewOrganisation) {
  return insertPrepared(tx, ctx, actor, prepareOrganisation(input));
}

const creditCodeTaken = (creditCode: string | null) => conflict(`统一社会信用代码 ${creditCode} 已被其他机构使用。`);

function prepareOrganisation(input: NewOrganisation) {
  // The schema counts blanks toward minLength 2; a name of blanks would be stored empty and the
  // organisation could not be told apart in any list (CAT-3), so the trimmed name is what counts.
  const name = input.name.trim();
  if (name.length < 2)
    throw badRequest('机构名称至少 2 个字（不计空格）。', [{ field: 'name', message: '至少 2 个字' }]);
  if (!getRegion(input.regionCode)) {
    throw badRequest(`行政区划代码 ${input.regionCode} 不在 GB/T 2260 区划表中。`, [
      { field: 'regionCode', message: '未知的行政区划代码' },
    ]);
  }
  let creditCode: string | null = null;
  if (input.creditCode) {
    const parsed = parseCreditCode(input.creditCode);
    if (!parsed.ok) throw badRequest(parsed.message, [{ field: 'creditCode', message: parsed.message }]);
    creditCode = parsed.creditCode;
  } else if (CREDIT_CODE_REQUIRED.has(input.kind)) {
    throw badRequest(`${ORG_KIND_LABELS[input.kind]}须填写统一社会信用代码。`, [
      { field: 'creditCode', message: '必填' },
    ]);
  }
  return { kind: input.kind, name, regionCode: input.regionCode, creditCode };
}

async function insertPrepared(
  tx: Tx,
  ctx: AppContext,
  actor: Actor | null,
  input: ReturnType<typeof prepareOrganisation>,
) {
  if (input.creditCode && (await findOrganisationByCreditCode(tx, input.creditCode)))
    throw creditCodeTaken(input.creditCode);
  const org = await insertOrganisation(tx, { ...input, createdAt: ctx.clock.now() });
  const view = presentOrganisation(org);
  await appendAudit(tx, ctx.clock, actor, {
    action: 'organisation.create',
    entityType: 'organisation',
    entityId: org.id,
    regionCode: org.regionCode,
    after: view,
  });
  return view;
}
