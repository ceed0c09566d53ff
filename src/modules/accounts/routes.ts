import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ROLES } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import { Problem, unauthorized } from '../../kernel/problem.js';
import {
  changeOwnPassword,
  createStaffUser,
  createUser,
  csrfMatches,
  editUser,
  resetPassword,
  setUserDisabled,
  listStaff,
  login,
  logout,
  presentSession,
  hashToken,
  resolveSessionByHash,
  searchUsers,
  unlockUser,
} from './service.js';
import {
  completeSecondFactor,
  confirmTotpEnrolment,
  disableTotp,
  resetSecondFactor,
  secondFactorStatus,
  startTotpEnrolment,
} from './factors.js';
import { rememberSession, reusableSession, setSessionGuard } from './hot-session.js';

export const SESSION_COOKIE = 'ql_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What an account whose password was reset may do before choosing a new one. */
const WHILE_PASSWORD_CHANGE_REQUIRED = new Set([
  'GET /api/auth/me',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/password',
]);
/** Requests of sessions whose password must be changed first (issue 19 item 5). */
const mustChange = new WeakSet<FastifyRequest>();
/**
 * Issue 22: what a session of a role the province requires a second factor of may do before one is
 * set up: the enrolment (TOTP here, SMS through onboarding) and nothing else.
 */
const WHILE_SECOND_FACTOR_REQUIRED = new Set([
  'GET /api/auth/me',
  'POST /api/auth/logout',
  // A one-time password from the administrator is replaced first (the web app asks for it first).
  'POST /api/auth/password',
  'GET /api/auth/second-factor',
  'POST /api/auth/second-factor/totp/start',
  'POST /api/auth/second-factor/totp/confirm',
  'POST /api/onboarding/sms/send',
  'POST /api/onboarding/sms/verify',
  'POST /api/onboarding/me/sms-factor',
]);
const enrolRequired = new WeakSet<FastifyRequest>();

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
    const tokenHash = hashToken(token);
    // Issue 18: a route that checks the session in its own statement reuses a recent resolution.
    const inStatement =
      (req.routeOptions.config as { sessionCheckedInStatement?: boolean } | undefined)?.sessionCheckedInStatement ===
      true;
    let session = inStatement ? reusableSession(ctx.db, tokenHash) : undefined;
    if (!session) {
      const resolved = await resolveSessionByHash(ctx, tokenHash);
      if (!resolved) return;
      session = resolved;
      // Issue 18: any route's full resolution (the exam page loading its paper) spares the next
      // answer event's; the hot route still checks the session in its own statement.
      rememberSession(ctx.db, tokenHash, resolved);
    }
    // Logging in needs no session, so a stale cookie must not make the login form fail its CSRF check.
    const isLogin = req.method === 'POST' && req.url.split('?')[0] === '/api/auth/login';
    if (
      !SAFE_METHODS.has(req.method) &&
      !isLogin &&
      !csrfMatches(session.csrfToken, req.headers['x-csrf-token'] as string | undefined)
    ) {
      throw new Problem(403, 'csrf', '请求校验失败', '缺少或错误的 CSRF 令牌（x-csrf-token），请刷新页面后重试。');
    }
    // Issue 19 item 5: after an administrator's reset the one-time password opens nothing but the
    // change of password (and log-out), so it cannot serve as a lasting credential.
    if (session.mustChangePassword && req.url.startsWith('/api/')) {
      if (!WHILE_PASSWORD_CHANGE_REQUIRED.has(`${req.method} ${req.url.split('?')[0]}`))
        throw new Problem(
          403,
          'password-change-required',
          '请先修改密码',
          '管理员已为您重置密码，请先设置新密码，再继续使用平台。',
        );
      mustChange.add(req);
    }
    if (session.restriction === 'enrol_second_factor' && req.url.startsWith('/api/')) {
      if (!WHILE_SECOND_FACTOR_REQUIRED.has(`${req.method} ${req.url.split('?')[0]}`))
        throw new Problem(
          403,
          'second-factor-enrolment-required',
          '请先开通第二重验证',
          '本省规定您的角色登录须使用第二重验证（动态口令或短信验证码），请先完成设置，再继续使用平台。',
          { rule: 'issue 22' },
        );
      enrolRequired.add(req);
    }
    req.actor = session.actor;
    req.sessionCsrf = session.csrfToken;
    if (inStatement) {
      const now = ctx.clock.now();
      setSessionGuard(req, {
        tokenHash,
        userId: session.actor.userId,
        role: session.actor.role,
        workerId: session.actor.workerId,
        orgId: session.actor.orgId,
        now,
        idleCutoff: new Date(now.getTime() - ctx.config.session.idleMinutes * 60_000),
      });
    }
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
      const { token, session, secondFactor } = await login(app.ctx, req.body);
      // Issue 22: with a second factor the first step sets no cookie: the answer is only a challenge.
      if (secondFactor) return { secondFactorRequired: true, ...secondFactor };
      setSessionCookie(app, reply, token!);
      return session;
    },
  );

  app.post(
    '/auth/login/second-factor',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '登录第二步：动态口令（TOTP）或恢复码',
        body: Type.Object(
          {
            challenge: Type.String({ minLength: 10, maxLength: 100 }),
            method: Type.Union([Type.Literal('totp'), Type.Literal('recovery')]),
            code: Type.String({ minLength: 1, maxLength: 20 }),
          },
          { additionalProperties: false },
        ),
        response: { 401: Type.Ref('Problem') },
      },
    },
    async (req, reply) => {
      const { token, session } = await completeSecondFactor(app.ctx, req.body);
      setSessionCookie(app, reply, token);
      return session;
    },
  );

  app.get(
    '/auth/second-factor',
    { schema: { tags: ['auth'], summary: '本人第二重验证状态', response: problemResponses } },
    async (req) => secondFactorStatus(app.ctx, actorOf(req)),
  );

  app.post(
    '/auth/second-factor/totp/start',
    { schema: { tags: ['auth'], summary: '开通动态口令：生成密钥与二维码', response: problemResponses } },
    async (req) => startTotpEnrolment(app.ctx, actorOf(req)),
  );

  const Code = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false });

  app.post(
    '/auth/second-factor/totp/confirm',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '开通动态口令：输入验证器当前口令确认，返回恢复码（仅显示一次）', body: Code },
    },
    async (req) => {
      const token = req.cookies[SESSION_COOKIE];
      if (!req.actor || !token) throw unauthorized();
      return confirmTotpEnrolment(app.ctx, req.actor, token, req.body.code);
    },
  );

  app.post(
    '/auth/second-factor/totp/disable',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '关闭动态口令（须输入当前口令或恢复码）', body: Code },
    },
    async (req, reply) => {
      await disableTotp(app.ctx, actorOf(req), req.body.code);
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['auth'], summary: '当前登录用户、菜单与 CSRF 令牌', response: { 401: Type.Ref('Problem') } } },
    async (req) => {
      return presentSession(
        actorOf(req),
        req.sessionCsrf!,
        mustChange.has(req),
        enrolRequired.has(req) ? 'enrol_second_factor' : null,
      );
    },
  );

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: '退出登录' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!req.actor || !token) throw unauthorized();
    await logout(app.ctx, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.post(
    '/auth/password',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '修改本人密码（其他会话随之结束）',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 128 }),
            newPassword: Type.String({ minLength: 1, maxLength: 128 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (!req.actor || !token) throw unauthorized();
      await changeOwnPassword(app.ctx, req.actor, token, req.body);
      return reply.status(204).send();
    },
  );

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
            workerIdNumber: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 32 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(app.ctx, actorOf(req), req.body)),
  );

  const UserId = Type.Object({ id: Type.String({ format: 'uuid' }) });

  app.put(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: '修改账户姓名或角色（系统管理员，角色限于所在机构类型）',
        params: UserId,
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            role: Type.Optional(Type.Union(ROLES.map((r) => Type.Literal(r)))),
          },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => editUser(app.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/users/:id/reset-password',
    {
      schema: {
        tags: ['users'],
        summary: '重置密码（系统管理员）：一次性密码仅显示一次，下次登录须修改',
        params: UserId,
        response: problemResponses,
      },
    },
    async (req) => resetPassword(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/users/:id/second-factor/reset',
    {
      schema: {
        tags: ['users'],
        summary: '重置第二重验证（系统管理员）：动态口令、恢复码与短信验证一并清除，会话随即结束',
        params: UserId,
        response: problemResponses,
      },
    },
    async (req) => resetSecondFactor(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/users/:id/disable',
    {
      schema: {
        tags: ['users'],
        summary: '停用账户（系统管理员）：会话随即结束',
        params: UserId,
        response: problemResponses,
      },
    },
    async (req) => setUserDisabled(app.ctx, actorOf(req), req.params.id, true),
  );

  app.post(
    '/users/:id/enable',
    { schema: { tags: ['users'], summary: '启用账户（系统管理员）', params: UserId, response: problemResponses } },
    async (req) => setUserDisabled(app.ctx, actorOf(req), req.params.id, false),
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
