// HTTP plumbing shared by every module's routes: the acting user, problem+json errors, paging.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createRequire } from 'node:module';
import { Type, type Static } from 'typebox';
import type { Actor, Permission } from './access.js';
import { requirePermission } from './access.js';
import type { AppContext } from './context.js';
import { Problem, unauthorized, type FieldError } from './problem.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The CSRF token of the session that authenticated this request. */
    sessionCsrf: string | null;
  }
}

/** The logged-in actor, holding `permission` when given; 401/403 problems otherwise. */
export function actorOf(req: FastifyRequest, permission?: Permission): Actor {
  if (!req.actor) throw unauthorized();
  if (permission) requirePermission(req.actor, permission);
  return req.actor;
}

export const Paging = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
});
export type Paging = Static<typeof Paging>;

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    rule: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, $id: 'Problem' },
);

/** Standard error responses for the OpenAPI document. */
export const problemResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
};

/** ajv-i18n's Chinese messages for schema-validation errors (CommonJS). */
const localizeZh = createRequire(import.meta.url)('ajv-i18n/localize/zh') as (errors: unknown) => void;

const STATUS_TITLES: Record<number, string> = {
  400: '请求参数不合法',
  401: '未登录或登录已失效',
  403: '无权访问',
  404: '未找到',
  405: '不支持的请求方法',
  406: '不支持的响应格式',
  409: '与已有记录冲突',
  413: '请求内容过大',
  415: '不支持的请求内容类型',
  429: '请求过于频繁',
};

function validationProblem(error: FastifyError): Problem {
  const details = error.validation ?? [];
  localizeZh(details as never);
  const errors: FieldError[] = details.map((d) => {
    const missing = (d.params as { missingProperty?: string }).missingProperty;
    const extra = (d.params as { additionalProperty?: string }).additionalProperty;
    const path = d.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const field = [error.validationContext, path, missing ?? extra].filter(Boolean).join('.');
    return { field, message: extra ? `不允许的字段 ${extra}` : (d.message ?? '不合法') };
  });
  const detail = errors.map((e) => `${e.field}：${e.message}`).join('；');
  return new Problem(400, 'bad-request', '请求参数不合法', detail || '请求参数不合法', { errors });
}

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type('application/problem+json').send(problem.toBody());
}

/** Every error leaves as problem+json; an unexpected one is logged and told as a 500 without internals. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof Problem) return sendProblem(reply, error);
    if (error.validation) return sendProblem(reply, validationProblem(error));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const detail = status === 429 ? '请求过于频繁，请稍后再试。' : error.message;
      return sendProblem(reply, new Problem(status, `http-${status}`, STATUS_TITLES[status] ?? '请求有误', detail));
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, new Problem(500, 'internal', '服务器内部错误', '服务器处理请求时出错，已记录日志，请稍后再试。'));
  });
}
