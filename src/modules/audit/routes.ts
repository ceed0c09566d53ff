import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { ROLE_LABELS, jurisdictionPrefix, requirePermission, type Role } from '../../kernel/access.js';
import {
  AuditChainBrokenError,
  type AuditPage,
  appendAudit,
  auditRecordsForExport,
  auditCheckpointPublicKey,
  latestAuditCheckpoint,
  listAuditCheckpoints,
  listAuditRecords,
  verifyAuditChain,
  writeAuditCheckpoint,
} from '../../kernel/audit.js';
import { auditActionLabel, auditActionOptions, auditEntityLabel } from '../../kernel/audit-labels.js';
import type { AppContext } from '../../kernel/context.js';
import { regionFullName } from '../../kernel/regions.js';
import { findOrganisation } from '../organisations/index.js';
import { findWorkerById } from '../registry/index.js';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import { ruleViolation } from '../../kernel/problem.js';

const AuditFilters = {
  action: Type.Optional(Type.String({ maxLength: 80 })),
  entityType: Type.Optional(Type.String({ maxLength: 60 })),
  entityId: Type.Optional(Type.String({ maxLength: 80 })),
  actor: Type.Optional(Type.String({ maxLength: 40 })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
};

/** SEC-1: an export is capped so one click cannot pull the whole trail of a province; narrow the filter for more. */
export const AUDIT_EXPORT_CAP = 10_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Row = AuditPage['items'][number];

/**
 * People read names, not UUIDs: organisations and workers named as objects (and the actor's
 * organisation) are looked up once per page; other objects keep their id, which stays copyable.
 */
async function readable(ctx: AppContext, rows: Row[]) {
  const orgIds = new Set<string>();
  const workerIds = new Set<string>();
  for (const r of rows) {
    if (r.actorOrgId) orgIds.add(r.actorOrgId);
    if (r.entityType === 'organisation' && UUID.test(r.entityId)) orgIds.add(r.entityId);
    if (r.entityType === 'worker' && UUID.test(r.entityId)) workerIds.add(r.entityId);
  }
  const orgs = new Map(
    await Promise.all([...orgIds].map(async (id) => [id, (await findOrganisation(ctx.db, id))?.name ?? null] as const)),
  );
  const people = new Map(
    await Promise.all(
      [...workerIds].map(async (id) => [id, (await findWorkerById(ctx.db, id))?.name ?? null] as const),
    ),
  );
  return rows.map((r) => ({
    ...r,
    actionLabel: auditActionLabel(r.action),
    entityTypeLabel: auditEntityLabel(r.entityType),
    entityName:
      r.entityType === 'organisation'
        ? (orgs.get(r.entityId) ?? null)
        : r.entityType === 'worker'
          ? (people.get(r.entityId) ?? null)
          : null,
    actorRoleLabel: r.actorRole ? (ROLE_LABELS[r.actorRole as Role] ?? r.actorRole) : null,
    actorOrgName: r.actorOrgId ? (orgs.get(r.actorOrgId) ?? null) : null,
    regionName: r.regionCode ? (regionFullName(r.regionCode) ?? r.regionCode) : null,
  }));
}

/** "2026-12-07 14:05:09" in China time, as the page shows it. */
function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志（系统管理员：全部；省级监管部门：本辖区）；按操作、对象、操作人、日期筛选',
        querystring: PagedQuery(AuditFilters),
        response: problemResponses,
      },
    },
    async (req) => {
      const actor = actorOf(req, 'audit');
      const page = await listAuditRecords(app.ctx.db, { regionPrefix: jurisdictionPrefix(actor), ...req.query });
      return {
        items: await readable(app.ctx, page.items),
        total: page.total,
        page: req.query.page,
        pageSize: req.query.pageSize,
      };
    },
  );

  app.get(
    '/audit/actions',
    { schema: { tags: ['audit'], summary: '审计操作名称表（筛选用）', response: problemResponses } },
    async (req) => {
      actorOf(req, 'audit');
      return { items: auditActionOptions() };
    },
  );

  app.get(
    '/audit/export.xlsx',
    {
      schema: {
        tags: ['audit'],
        summary: `导出审计日志（xlsx，按当前筛选，最多 ${AUDIT_EXPORT_CAP} 条）`,
        querystring: Type.Object(AuditFilters, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req, 'audit');
      const filter = { regionPrefix: jurisdictionPrefix(actor), ...req.query };
      // The export itself is a trail entry: who took which part of the trail away.
      await app.ctx.db.transaction((tx) =>
        appendAudit(tx, app.ctx.clock, actor, {
          action: 'audit.export',
          entityType: 'audit_export',
          entityId: actor.userId,
          regionCode: actor.regionCode ?? null,
          after: { filter: req.query, cap: AUDIT_EXPORT_CAP },
        }),
      );
      const out = new PassThrough();
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
      const sheet = book.addWorksheet('审计日志');
      sheet.columns = [
        { header: '序号', key: 'seq', width: 10 },
        { header: '时间', key: 'at', width: 20 },
        { header: '操作人', key: 'actorName', width: 14 },
        { header: '角色', key: 'role', width: 14 },
        { header: '所在机构', key: 'org', width: 28 },
        { header: '操作', key: 'action', width: 22 },
        { header: '操作代码', key: 'code', width: 26 },
        { header: '对象类型', key: 'entityType', width: 14 },
        { header: '对象', key: 'entity', width: 38 },
        { header: '地区', key: 'region', width: 20 },
        { header: '哈希', key: 'hash', width: 20 },
      ];
      const write = async () => {
        let n = 0;
        for await (const batch of auditRecordsForExport(app.ctx.db, filter, AUDIT_EXPORT_CAP)) {
          for (const r of await readable(app.ctx, batch)) {
            sheet
              .addRow({
                seq: r.seq,
                at: chinaDateTime(r.at),
                actorName: r.actorName,
                role: r.actorRoleLabel ?? '',
                org: r.actorOrgName ?? '',
                action: r.actionLabel,
                code: r.action,
                entityType: r.entityTypeLabel,
                entity: r.entityName ? `${r.entityName}（${r.entityId}）` : r.entityId,
                region: r.regionName ?? '',
                hash: r.hash.slice(0, 16),
              })
              .commit();
            n++;
          }
        }
        if (n >= AUDIT_EXPORT_CAP)
          sheet.addRow({ seq: '', at: `已达导出上限 ${AUDIT_EXPORT_CAP} 条，请缩小筛选范围后分批导出。` }).commit();
        sheet.commit();
        await book.commit();
      };
      write().catch((err) => out.destroy(err));
      return reply
        .header('content-type', XLSX)
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('审计日志.xlsx')}`)
        .send(out);
    },
  );

  app.get(
    '/audit/verify',
    { schema: { tags: ['audit'], summary: '校验审计链（SEC-1，对照最新签名检查点）', response: problemResponses } },
    async (req) => {
      requirePermission(actorOf(req), 'audit');
      return verifyAuditChain(app.ctx.db);
    },
  );

  app.get(
    '/audit/checkpoints',
    {
      schema: {
        tags: ['audit'],
        summary: '审计链签名检查点（最近 24 个，SEC-1）',
        response: problemResponses,
      },
    },
    async (req) => {
      requirePermission(actorOf(req), 'audit');
      return { items: listAuditCheckpoints(24), publicKey: auditCheckpointPublicKey() };
    },
  );

  app.post(
    '/audit/checkpoints',
    { schema: { tags: ['audit'], summary: '立即生成审计链签名检查点（SEC-1）', response: problemResponses } },
    async (req) => {
      requirePermission(actorOf(req), 'audit');
      try {
        return await writeAuditCheckpoint(app.ctx.db, app.ctx.clock);
      } catch (err) {
        // SEC-1: a broken chain is never signed, so a checkpoint cannot launder a forgery.
        if (err instanceof AuditChainBrokenError)
          throw ruleViolation('SEC-1', '审计链已断裂，不能签发检查点', err.message, {
            firstBroken: err.verdict.firstBroken,
          });
        throw err;
      }
    },
  );

  app.get(
    '/public/audit/checkpoint',
    {
      schema: {
        tags: ['audit'],
        summary: '公开：最新审计链签名检查点及验签公钥（SEC-1）',
        querystring: Type.Object({}),
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-cache');
      const checkpoint = latestAuditCheckpoint();
      // The key of the latest checkpoint's algorithm (Ed25519, or SM2 under CRYPTO_PROFILE=gm).
      return { checkpoint, publicKey: auditCheckpointPublicKey(checkpoint?.payload.signatureAlgorithm) };
    },
  );
};
