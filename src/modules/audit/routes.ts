import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import {
  AuditChainBrokenError,
  auditCheckpointPublicKey,
  latestAuditCheckpoint,
  listAuditCheckpoints,
  listAuditRecords,
  verifyAuditChain,
  writeAuditCheckpoint,
} from '../../kernel/audit.js';
import { auditActionLabel, auditEntityLabel } from '../../kernel/audit-labels.js';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import { ruleViolation } from '../../kernel/problem.js';

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
