import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { listAuditRecords, verifyAuditChain } from '../../kernel/audit.js';
import { auditActionLabel, auditEntityLabel } from '../../kernel/audit-labels.js';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志（系统管理员：全部；省级监管部门：本辖区）',
        querystring: PagedQuery(),
        response: problemResponses,
      },
    },
    async (req) => {
      const actor = actorOf(req, 'audit');
      const page = await listAuditRecords(app.ctx.db, { regionPrefix: jurisdictionPrefix(actor), ...req.query });
      const items = page.items.map((r) => ({
        ...r,
        actionLabel: auditActionLabel(r.action),
        entityTypeLabel: auditEntityLabel(r.entityType),
      }));
      return { items, total: page.total, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  app.get(
    '/audit/verify',
    { schema: { tags: ['audit'], summary: '校验审计哈希链（SEC-1）', response: problemResponses } },
    async (req) => {
      requirePermission(actorOf(req), 'audit');
      return verifyAuditChain(app.ctx.db);
    },
  );
};
