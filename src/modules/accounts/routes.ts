import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ROLES } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import { Problem, unauthorized } from '../../kernel/problem.js';
import {
  createStaffUser,
  createUser,
  csrfMatches,
  listStaff,
  login,
  logout,
  presentSession,
  resolveSession,
  searchUsers,
  unlockUser,
} from './service.js';

export const SESSION_COOKIE = 'ql_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global onRequest hook: attaches the session's actor, and refuses a cookie-authenticated write
 * that does not carry the session's CSRF token (double submit through a header a foreign page cannot set).
 */
export function sessionHook(ctx: AppContext) {
  return async (req: FastifyRequest) => {
    req.actor = null;
    req.sessionCsrf = null;
    const token = req.cookies[SESSION_COOKIE];
    if (!token || token.length > 100) return;
    const session = await resolveSession(ctx, token);
    if (!session) return;
    // Logging in needs no session, so a stale cookie must not make the login form fail its CSRF check.
    const isLogin = req.method === 'POST' && req.url.split('?')[0] === '/api/auth/login';
    if (
      !SAFE_METHODS.has(req.method) &&
      !isLogin &&
      !csrfMatches(session.csrfToken, req.headers['x-csrf-token'] as string | undefined)
    ) {
      throw new Problem(403, 'csrf', '请求校验失败', '缺少或错误的 CSRF 令牌（x-csrf-token），请刷新页面后重试。');
    }
    req.actor = session.actor;
    req.sessionCsrf = session.csrfToken;
  };
}

function setSessionCookie(app: { ctx: AppContext }, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: app.ctx.config.session.secureCookie,
    maxAge: app.ctx.config.session.absoluteHours * 3600,
  });
}

export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '登录',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 128 }),
          },
          { additionalProperties: false },
        ),
        response: { 401: Type.Ref('Problem') },
      },
    },
    async (req, reply) => {
      const { token, session } = await login(app.ctx, req.body);
      setSessionCookie(app, reply, token);
      return session;
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: '当前登录用户、菜单与 CSRF 令牌', response: { 401: Type.Ref('Problem') } } },
    async (req) => {
      return presentSession(actorOf(req), req.sessionCsrf!);
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: '退出登录' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!req.actor || !token) throw unauthorized();
    await logout(app.ctx, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: '账户列表（系统管理员）',
        querystring: PagedQuery(),
        response: problemResponses,
      },
    },
    async (req) => searchUsers(app.ctx, actorOf(req), req.query),
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: '新建账户（系统管理员）',
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 32 }),
            displayName: Type.String({ minLength: 1, maxLength: 50 }),
            password: Type.String({ minLength: 8, maxLength: 128 }),
            role: Type.Union(ROLES.map((r) => Type.Literal(r))),
            orgId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
            workerId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(app.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/org/staff',
    { schema: { tags: ['users'], summary: '本单位账户', response: problemResponses } },
    async (req) => listStaff(app.ctx, actorOf(req)),
  );

  app.post(
    '/org/staff',
    {
      schema: {
        tags: ['users'],
        summary: '为本单位工作人员新建账户（与管理员同一角色）',
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 32 }),
            displayName: Type.String({ minLength: 1, maxLength: 50 }),
            password: Type.String({ minLength: 8, maxLength: 128 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await createStaffUser(app.ctx, actorOf(req), req.body)),
  );

  app.post(
    '/users/:id/unlock',
    {
      schema: {
        tags: ['users'],
        summary: '解除账户锁定（系统管理员）',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      },
    },
    async (req, reply) => {
      await unlockUser(app.ctx, actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
