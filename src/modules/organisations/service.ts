import type { Actor, OrgKind } from '../../kernel/access.js';
import { ORG_KIND_LABELS, jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
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

export async function searchOrganisations(ctx: AppContext, actor: Actor, params: { kind?: string; q?: string; page: number; pageSize: number }) {
  requirePermission(actor, 'organisations');
  const { items, total } = await listOrganisations(ctx.db, { ...params, ...organisationScope(actor) });
  return { items: items.map(presentOrganisation), total, page: params.page, pageSize: params.pageSize };
}

export async function getOrganisation(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'organisations');
  const org = await findOrganisation(ctx.db, id);
  const scope = organisationScope(actor);
  const visible =
    org && (!scope.onlyId || scope.onlyId === org.id) && (!scope.regionPrefix || org.regionCode.startsWith(scope.regionPrefix));
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
  if (!getRegion(input.regionCode)) {
    throw badRequest(`行政区划代码 ${input.regionCode} 不在 GB/T 2260 区划表中。`, [{ field: 'regionCode', message: '未知的行政区划代码' }]);
  }
  let creditCode: string | null = null;
  if (input.creditCode) {
    const parsed = parseCreditCode(input.creditCode);
    if (!parsed.ok) throw badRequest(parsed.message, [{ field: 'creditCode', message: parsed.message }]);
    creditCode = parsed.creditCode;
  } else if (CREDIT_CODE_REQUIRED.has(input.kind)) {
    throw badRequest(`${ORG_KIND_LABELS[input.kind]}须填写统一社会信用代码。`, [{ field: 'creditCode', message: '必填' }]);
  }
  return ctx.db.transaction(async (tx) => {
    if (creditCode && (await findOrganisationByCreditCode(tx, creditCode))) {
      throw conflict(`统一社会信用代码 ${creditCode} 已被其他机构使用。`);
    }
    const org = await insertOrganisation(tx, { kind: input.kind, name: input.name.trim(), regionCode: input.regionCode, creditCode, createdAt: ctx.clock.now() });
    const view = presentOrganisation(org);
    await appendAudit(tx, ctx.clock, actor, { action: 'organisation.create', entityType: 'organisation', entityId: org.id, regionCode: org.regionCode, after: view });
    return view;
  });
}
