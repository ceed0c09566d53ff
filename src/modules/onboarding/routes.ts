import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../kernel/context.js';
import { actorOf, problemResponses } from '../../kernel/http.js';
import { unauthorized } from '../../kernel/problem.js';
import { SESSION_COOKIE } from '../accounts/index.js';
import { EDUCATIONS } from '../registry/index.js';
import { APPLYING_KINDS, LICENCE_MAX_BYTES, SMS_PURPOSES } from './rules.js';
import {
  acceptInvite,
  applyForOrganisation,
  decideOrgApplication,
  devOutbox,
  completeLoginBySms,
  getLicence,
  listOrgApplications,
  myIdentity,
  resetPasswordBySms,
  sendLoginCode,
  setMySmsFactor,
  sendCode,
  signUpWorker,
  verifyCode,
  verifyMyFace,
} from './service.js';

const Phone = Type.String({ minLength: 1, maxLength: 20 });
const Purpose = Type.Union(SMS_PURPOSES.map((p) => Type.Literal(p)));
const Ticket = Type.String({ minLength: 10, maxLength: 100 });
const Photo = Type.String({ minLength: 1, maxLength: 8 * 1024 * 1024 });
const ApplicationId = Type.Object({ id: Type.String({ format: 'uuid' }) });
/** A licence a little over 10 MB still reaches the service, which names the field (400); far larger is a 413. */
const LICENCE_BODY_LIMIT = Math.ceil(LICENCE_MAX_BYTES * 1.4) + 64 * 1024;

function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.session.secureCookie,
    maxAge: ctx.config.session.absoluteHours * 3600,
  });
}

export const onboardingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['onboarding'];

  app.post(
    '/onboarding/sms/send',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '获取短信验证码（同一号码 60 秒一次、每日 10 次）',
        body: Type.Object({ phone: Phone, purpose: Purpose }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.status(202).send(await sendCode(app.ctx, { ...req.body, clientIp: req.ip })),
  );

  app.post(
    '/onboarding/sms/verify',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '校验短信验证码（5 分钟内、最多 5 次），换取下一步的凭据',
        body: Type.Object(
          { phone: Phone, purpose: Purpose, code: Type.String({ minLength: 1, maxLength: 10 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => verifyCode(app.ctx, req.body),
  );

  app.post(
    '/onboarding/workers',
    {
      bodyLimit: 12 * 1024 * 1024,
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '特种作业人员手机注册：实名信息、人脸核验、开通账户并登录',
        body: Type.Object(
          {
            ticket: Ticket,
            name: Type.String({ minLength: 1, maxLength: 30 }),
            idNumber: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 8, maxLength: 128 }),
            regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
            education: Type.Optional(Type.Union(EDUCATIONS.map((e) => Type.Literal(e)))),
            photo: Type.Optional(Photo),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const { token, session, identity, claimed } = await signUpWorker(app.ctx, req.body);
      setSessionCookie(app.ctx, reply, token);
      return reply.status(201).send({ ...session, identity, claimed });
    },
  );

  app.get(
    '/onboarding/me',
    { schema: { tags, summary: '本人实名核验状态', response: problemResponses } },
    async (req) => myIdentity(app.ctx, actorOf(req)),
  );

  app.post(
    '/onboarding/me/face',
    {
      bodyLimit: 12 * 1024 * 1024,
      schema: {
        tags,
        summary: '补做人脸核验（与证件照或登记照片比对）',
        body: Type.Object({ photo: Photo }, { additionalProperties: false }),
      },
    },
    async (req) => verifyMyFace(app.ctx, actorOf(req), req.body.photo),
  );

  app.post(
    '/onboarding/org-applications',
    {
      bodyLimit: LICENCE_BODY_LIMIT,
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '机构入驻申请（培训机构、生产经营单位、考试机构）',
        body: Type.Object(
          {
            ticket: Ticket,
            kind: Type.Union(APPLYING_KINDS.map((k) => Type.Literal(k))),
            name: Type.String({ minLength: 2, maxLength: 100 }),
            creditCode: Type.String({ minLength: 1, maxLength: 18 }),
            regionCode: Type.String({ pattern: '^\\d{6}$' }),
            contactName: Type.String({ minLength: 1, maxLength: 30 }),
            licence: Type.String({ minLength: 1, maxLength: LICENCE_BODY_LIMIT }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await applyForOrganisation(app.ctx, req.body)),
  );

  app.get(
    '/onboarding/org-applications',
    {
      schema: {
        tags,
        summary: '本辖区机构入驻申请（监管部门审核）',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused')]),
            ),
          },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => listOrgApplications(app.ctx, actorOf(req), req.query),
  );

  app.get(
    '/onboarding/org-applications/:id/licence',
    { schema: { tags, summary: '营业执照扫描件', params: ApplicationId, response: problemResponses } },
    async (req, reply) => {
      const { bytes, type } = await getLicence(app.ctx, actorOf(req), req.params.id);
      return reply.header('content-type', type).header('cache-control', 'no-store, private').send(bytes);
    },
  );

  app.post(
    '/onboarding/org-applications/:id/decision',
    {
      schema: {
        tags,
        summary: '审核机构入驻申请（通过或不予通过并说明理由）',
        params: ApplicationId,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => decideOrgApplication(app.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/onboarding/invites/accept',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '机构管理员凭邀请链接设置密码并登录',
        body: Type.Object(
          {
            token: Type.String({ minLength: 10, maxLength: 100 }),
            password: Type.String({ minLength: 8, maxLength: 128 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const { token, session, username } = await acceptInvite(app.ctx, req.body);
      setSessionCookie(app.ctx, reply, token);
      return { ...session, username };
    },
  );

  app.post(
    '/onboarding/password-reset',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '忘记密码：凭短信验证（purpose=password_reset）设置新密码，账户的所有会话随之结束',
        body: Type.Object(
          { ticket: Ticket, password: Type.String({ minLength: 1, maxLength: 128 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => resetPasswordBySms(app.ctx, req.body),
  );

  const Challenge = Type.String({ minLength: 10, maxLength: 100 });

  app.post(
    '/auth/login/sms/send',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '登录第二步：向账户绑定的手机号发送验证码',
        body: Type.Object({ challenge: Challenge }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.status(202).send(await sendLoginCode(app.ctx, { ...req.body, clientIp: req.ip })),
  );

  app.post(
    '/auth/login/sms',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: '登录第二步：短信验证码',
        body: Type.Object(
          { challenge: Challenge, code: Type.String({ minLength: 1, maxLength: 10 }) },
          { additionalProperties: false },
        ),
        response: { 401: Type.Ref('Problem') },
      },
    },
    async (req, reply) => {
      const { token, session } = await completeLoginBySms(app.ctx, req.body);
      setSessionCookie(app.ctx, reply, token);
      return session;
    },
  );

  app.post(
    '/onboarding/me/sms-factor',
    {
      schema: {
        tags,
        summary: '绑定手机号并开通或关闭短信验证（凭 purpose=bind_phone 的短信验证）',
        body: Type.Object({ ticket: Ticket, enabled: Type.Boolean() }, { additionalProperties: false }),
      },
    },
    async (req) => {
      const token = req.cookies[SESSION_COOKIE];
      if (!req.actor || !token) throw unauthorized();
      return setMySmsFactor(app.ctx, req.actor, token, req.body);
    },
  );

  app.get(
    '/onboarding/dev/sms-outbox',
    { schema: { tags, summary: '开发短信发件箱（仅开发/演示适配器；系统管理员）', response: problemResponses } },
    async (req) => devOutbox(app.ctx, actorOf(req)),
  );
};
