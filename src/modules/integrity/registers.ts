// INT-5: a site's registered exam computers and network ranges, kept by its exam centre.
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { forbidden, notFound } from '../../kernel/problem.js';
import { integritySessions } from '../exams/index.js';
import { findRegisters, upsertRegister } from './queries.js';

async function siteOf(ctx: AppContext, actor: Actor, siteId: string) {
  const [s] = await integritySessions(ctx.db, {
    siteId,
    regionPrefix: actor.orgKind === 'exam_centre' ? null : jurisdictionPrefix(actor),
    centreOrgId: actor.orgKind === 'exam_centre' ? (actor.orgId ?? '-') : undefined,
  });
  return s;
}

export async function getSiteRegister(ctx: AppContext, actor: Actor, siteId: string) {
  requirePermission(actor, 'integrity');
  const reg = (await findRegisters(ctx.db, [siteId])).get(siteId);
  return { siteId, devices: reg?.devices ?? [], networks: reg?.networks ?? [], updatedAt: reg?.updatedAt ?? null };
}

export async function setSiteRegister(
  ctx: AppContext,
  actor: Actor,
  siteId: string,
  input: { devices: string[]; networks: string[] },
) {
  requirePermission(actor, 'integrity');
  if (actor.orgKind !== 'exam_centre') throw forbidden('考试机与网段由考点所属考试机构登记。');
  const site = await siteOf(ctx, actor, siteId);
  if (!site) throw notFound('考点');
  const devices = [...new Set(input.devices.map((d) => d.trim()).filter(Boolean))];
  const networks = [...new Set(input.networks)];
  await ctx.db.transaction(async (tx) => {
    await upsertRegister(tx, { siteId, devices, networks, updatedAt: ctx.clock.now(), updatedBy: actor.userId });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'integrity.site_register',
      entityType: 'exam_site',
      entityId: siteId,
      regionCode: site.regionCode,
      after: { devices: devices.length, networks },
    });
  });
  return getSiteRegister(ctx, actor, siteId);
}
