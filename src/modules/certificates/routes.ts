// HTTP ↔ certificates use cases (CER-1..6): thin handlers, JSON schemas on every route.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, PagedQuery, problemResponses } from '../../kernel/http.js';
import { publishedJwks, publishedSm2Jwks, statusListCredential } from './credentials.js';
import { cancelCertificate, issueLegacyCredential, replaceCertificate, revokeCertificate } from './issue.js';
import { applyForReview, decideReview, pendingReviews, reviewsOf } from './reviews.js';
import { CANCEL_REASONS, REVIEW_REFUSAL_GROUNDS, REVOKE_REASONS } from './rules.js';
import { renderCertificatePdf } from './pdf.js';
import { certificatePdfInput, getCertificate, listCertificates, myReminders } from './service.js';
import {
  approveTask,
  approveTasks,
  editCalendar,
  getAuthoritySettings,
  listTasks,
  reopenTask,
  returnTask,
  setAuthoritySettings,
} from './tasks.js';
import { fakeQueryReport, verifyByNumber, verifyByToken } from './verify.js';
import { overdueReviews } from './review-deadline.js';
import { resolveShortLink } from './links.js';
import { listSigningKeys, rotateSigningKey } from './keys.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Day = Type.String({ format: 'date', maxLength: 10 });
const keysOf = <T extends object>(o: T) => Object.keys(o).map((k) => Type.Literal(k));
const VerifyAnswer = Type.Object(
  {
    status: Type.String(),
    number: Type.Union([Type.String(), Type.Null()]),
    itemCode: Type.Union([Type.String(), Type.Null()]),
    itemName: Type.Union([Type.String(), Type.Null()]),
    authorityName: Type.Union([Type.String(), Type.Null()]),
    validFrom: Type.Union([Type.String(), Type.Null()]),
    validUntil: Type.Union([Type.String(), Type.Null()]),
    nextReviewDue: Type.Union([Type.String(), Type.Null()]),
    holderName: Type.Union([Type.String(), Type.Null()]),
    idNumber: Type.Union([Type.String(), Type.Null()]),
    national: Type.Optional(
      Type.Object({
        outcome: Type.String(),
        sourceName: Type.String(),
        answeredAt: Type.Union([Type.String(), Type.Null()]),
        cached: Type.Boolean(),
        stale: Type.Boolean(),
        provinceCode: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    /** Issue 16: native, legacy (历史导入) or other_province (外省), with its Chinese label. */
    origin: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    originLabel: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    /** Issue 23: with a read replica configured, which server answered (the primary when the replica is behind). */
    readFrom: Type.Optional(Type.Union([Type.Literal('replica'), Type.Literal('primary')])),
  },
  { additionalProperties: false },
);

/**
 * CER-3 under load: the public answers are JSON, so they carry one fixed set of security headers,
 * built once, instead of helmet's per-request middleware (@fastify/helmet 13 rebuilds its
 * configuration on every request — a measurable share of a verification's CPU).
 */
const JSON_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
const publicJson = {
  helmet: false as const,
  onRequest: (_req: unknown, reply: { headers(h: Record<string, string>): unknown }, done: () => void) => {
    reply.headers(JSON_SECURITY_HEADERS);
    done();
  },
};

export const certificateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['certificates'];
  const client = (req: { ip: string; headers: Record<string, unknown> }) => ({
    ip: req.ip,
    userAgent: String(req.headers['user-agent'] ?? ''),
  });
  // CER-3: enumeration is throttled per client address.
  const rateLimit = { max: app.ctx.config.verifyRatePerMinute ?? 60, timeWindow: '1 minute' };

  // ---- public (no login): verification, status lists
  app.get(
    '/public/certificates/verify',
    {
      ...publicJson,
      config: { rateLimit },
      schema: {
        tags,
        summary: '公开：按证号和姓名核验证书（CER-3）',
        querystring: Type.Object(
          {
            number: Text(40),
            name: Text(40),
            itemCode: Type.Optional(Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', maxLength: 5 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: VerifyAnswer, ...problemResponses },
      },
    },
    async (req) => verifyByNumber(app.ctx, client(req), req.query),
  );
  app.post(
    '/public/certificates/verify',
    {
      ...publicJson,
      config: { rateLimit },
      schema: {
        tags,
        summary: '公开：核验二维码中的电子证书（CER-3）',
        body: Type.Object({ token: Text(8000, 10) }, { additionalProperties: false }),
        response: { 200: VerifyAnswer, ...problemResponses },
      },
    },
    async (req) => verifyByToken(app.ctx, client(req), req.body.token),
  );
  app.get(
    '/public/certificates/links/:code',
    {
      ...publicJson,
      config: { rateLimit },
      schema: {
        tags,
        summary: '公开：按二维码短链接取电子证书凭证（由核验页验证签名与状态，CER-3）',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }),
        response: { 200: Type.Object({ token: Type.String() }), ...problemResponses },
      },
    },
    async (req) => resolveShortLink(app.ctx, client(req), req.params.code),
  );
  app.get(
    '/public/certificates/status-list/:listId',
    {
      schema: {
        tags,
        summary: '公开：证书撤销状态列表（W3C Bitstring Status List，vc+jwt）',
        params: Type.Object({ listId: Type.Integer({ minimum: 1, maximum: 100_000 }) }),
      },
    },
    async (req, reply) => {
      // Revocation must reach verifiers within a second.
      reply.header('cache-control', 'public, max-age=1').type('application/vc+jwt');
      return statusListCredential(app.ctx, req.params.listId);
    },
  );

  // ---- issuance tasks (CER-1)
  app.get(
    '/certificates/tasks',
    {
      schema: {
        tags,
        summary: '发证任务（期限、剩余天数、逾期）',
        querystring: PagedQuery({
          status: Type.Optional(
            Type.Union([Type.Literal('pending'), Type.Literal('returned'), Type.Literal('issued')]),
          ),
          overdue: Type.Optional(Type.Boolean()),
          q: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: problemResponses,
      },
    },
    async (req) => listTasks(app.ctx, actorOf(req, 'certificates.tasks'), req.query),
  );
  app.post(
    '/certificates/tasks/:id/approve',
    { schema: { tags, summary: '审批发证', params: Id, response: problemResponses } },
    async (req) => approveTask(app.ctx, actorOf(req, 'certificates.manage'), req.params.id),
  );
  app.post(
    '/certificates/tasks/batch-approve',
    {
      schema: {
        tags,
        summary: '批量审批发证（逐项检查，逐项返回结果）',
        body: Type.Object(
          { ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 100 }) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => approveTasks(app.ctx, actorOf(req, 'certificates.manage'), req.body.ids),
  );
  app.post(
    '/certificates/tasks/:id/return',
    {
      schema: {
        tags,
        summary: '退回发证任务（写明须补正的全部材料）',
        params: Id,
        body: Type.Object({ reason: Text(500) }, { additionalProperties: false }),
        response: problemResponses,
      },
    },
    async (req) => returnTask(app.ctx, actorOf(req, 'certificates.manage'), req.params.id, req.body.reason),
  );
  app.post(
    '/certificates/tasks/:id/reopen',
    { schema: { tags, summary: '补正后重新受理退回的任务', params: Id, response: problemResponses } },
    async (req) => reopenTask(app.ctx, actorOf(req, 'certificates.manage'), req.params.id),
  );

  // ---- the authority's promise and calendar
  app.get(
    '/certificates/authority-settings',
    { schema: { tags, summary: '发证承诺期限与工作日历', response: problemResponses } },
    async (req) => getAuthoritySettings(app.ctx, actorOf(req, 'certificates.calendar')),
  );
  app.put(
    '/certificates/authority-settings',
    {
      schema: {
        tags,
        summary: '设置发证承诺期限（工作日）',
        body: Type.Object(
          { deadlineWorkingDays: Type.Integer({ minimum: 1, maximum: 60 }) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => setAuthoritySettings(app.ctx, actorOf(req, 'certificates.calendar'), req.body),
  );
  app.put(
    '/certificates/calendar',
    {
      schema: {
        tags,
        summary: '编辑工作日历（节假日、调休上班日；working 为 null 即删除）',
        body: Type.Object(
          {
            days: Type.Array(
              Type.Object(
                { day: Day, working: Type.Union([Type.Boolean(), Type.Null()]), note: Type.Optional(Text(40, 0)) },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 400 },
            ),
          },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => editCalendar(app.ctx, actorOf(req, 'certificates.calendar'), req.body.days),
  );

  // ---- signing keys (rotation keeps old certificates verifiable)
  app.get(
    '/certificates/keys',
    { schema: { tags, summary: '本机关的电子证书签名密钥（含已停用）', response: problemResponses } },
    async (req) => listSigningKeys(app.ctx, actorOf(req, 'certificates.manage')),
  );
  app.post(
    '/certificates/keys/rotate',
    {
      schema: {
        tags,
        summary: '轮换签名密钥：新密钥签发，旧密钥停用但继续公布，已发证书仍可验证',
        response: problemResponses,
      },
    },
    async (req) => rotateSigningKey(app.ctx, actorOf(req, 'certificates.manage')),
  );

  // ---- certificates
  app.get(
    '/certificates',
    {
      schema: {
        tags,
        summary: '证书列表（本人、本单位员工或辖区）',
        querystring: PagedQuery({
          q: Type.Optional(Text(40)),
          status: Type.Optional(
            Type.Union(['valid', 'expired', 'review_overdue', 'revoked'].map((s) => Type.Literal(s))),
          ),
        }),
        response: problemResponses,
      },
    },
    async (req) => listCertificates(app.ctx, actorOf(req), req.query),
  );
  app.get(
    '/certificates/reminders',
    { schema: { tags, summary: '复审与到期提醒（本人或本单位员工）', response: problemResponses } },
    async (req) => myReminders(app.ctx, actorOf(req)),
  );
  app.get(
    '/certificates/reviews/overdue',
    { schema: { tags, summary: '超过 20 个工作日未办结的复审（CER-4）', response: problemResponses } },
    async (req) => overdueReviews(app.ctx, actorOf(req)),
  );
  app.get(
    '/certificates/reviews/pending',
    { schema: { tags, summary: '待审批的复审申请', response: problemResponses } },
    async (req) => pendingReviews(app.ctx, actorOf(req, 'certificates.manage')),
  );
  app.get(
    '/certificates/:id',
    { schema: { tags, summary: '证书详情（含电子证书凭证）', params: Id, response: problemResponses } },
    async (req) => getCertificate(app.ctx, actorOf(req), req.params.id),
  );
  // CER-1, CER-6: the certificate to print — right after issuance, by the worker or the employer.
  app.get(
    '/certificates/:id/pdf',
    { schema: { tags, summary: '下载/打印电子证书（PDF，CER-6）', params: Id } },
    async (req, reply) => {
      const input = await certificatePdfInput(app.ctx, actorOf(req), req.params.id);
      const pdf = await renderCertificatePdf(input);
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `inline; filename*=UTF-8''${encodeURIComponent(`特种作业操作证-${input.holderName}-${input.itemName}.pdf`)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf));
    },
  );
  app.post(
    '/certificates/:id/revoke',
    {
      schema: {
        tags,
        summary: '撤销证书（CER-4）',
        params: Id,
        body: Type.Object(
          { reason: Type.Union(keysOf(REVOKE_REASONS)), note: Text(500) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => revokeCertificate(app.ctx, actorOf(req, 'certificates.manage'), req.params.id, req.body as never),
  );
  app.post(
    '/certificates/:id/cancel',
    {
      schema: {
        tags,
        summary: '注销证书（CER-4）',
        params: Id,
        body: Type.Object(
          { reason: Type.Union(keysOf(CANCEL_REASONS)), note: Text(500) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => cancelCertificate(app.ctx, actorOf(req, 'certificates.manage'), req.params.id, req.body as never),
  );
  app.post(
    '/certificates/:id/replace',
    {
      schema: {
        tags,
        summary: '补发证书（证号不变，重新签发电子证书）',
        params: Id,
        body: Type.Object({ note: Text(500) }, { additionalProperties: false }),
        response: problemResponses,
      },
    },
    async (req) => replaceCertificate(app.ctx, actorOf(req, 'certificates.manage'), req.params.id, req.body),
  );
  app.post(
    '/certificates/:id/legacy-credential',
    {
      schema: {
        tags,
        summary: '为历史导入/外省证书签发电子证书（标明为历史记录补签）',
        params: Id,
        response: problemResponses,
      },
    },
    async (req) => {
      const row = await issueLegacyCredential(app.ctx, actorOf(req, 'certificates.manage'), req.params.id);
      return { id: row.id, number: row.number, origin: row.origin, credential: row.credential, reissued: row.reissued };
    },
  );
  app.get(
    '/certificates/:id/reviews',
    { schema: { tags, summary: '证书的复审记录', params: Id, response: problemResponses } },
    async (req) => reviewsOf(app.ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/certificates/:id/reviews',
    {
      schema: {
        tags,
        summary: '申请复审（复审日期前 60 日内；8 学时再培训）',
        params: Id,
        body: Type.Object(
          {
            healthDeclaration: Text(500),
            workRecord: Text(1000),
            retrainingHours: Type.Integer({ minimum: 0, maximum: 200 }),
            retrainingExamPassed: Type.Boolean(),
            retrainingEvidence: Text(500),
            tenYearCompliance: Type.Boolean(),
          },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => applyForReview(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/certificates/reviews/:id/decision',
    {
      schema: {
        tags,
        summary: '复审决定（合格 / 不予复审）',
        params: Id,
        body: Type.Object(
          {
            approve: Type.Boolean(),
            sixYear: Type.Optional(Type.Boolean()),
            refusalGround: Type.Optional(Type.Union(keysOf(REVIEW_REFUSAL_GROUNDS))),
            note: Text(500, 0),
          },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => decideReview(app.ctx, actorOf(req, 'certificates.manage'), req.params.id, req.body as never),
  );

  // ---- CER-5
  app.get(
    '/certificates/fake-queries',
    {
      schema: {
        tags,
        summary: '疑似假证查询（未查到或姓名不符的核验）',
        querystring: Type.Object(
          { days: Type.Integer({ minimum: 1, maximum: 366, default: 30 }) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => fakeQueryReport(app.ctx, actorOf(req, 'certificates.fakes'), req.query),
  );
};

/** Outside /api: the published keys, where verifiers expect them. */
export const jwksRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/.well-known/jwks.json',
    { schema: { tags: ['certificates'], summary: '公开：电子证书签名公钥（JWKS，含已轮换的旧密钥）' } },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return publishedJwks(app.ctx.db);
    },
  );
  // The SM2 keys (CRYPTO_PROFILE=gm) beside it, in the same shape: JOSE has no SM2 algorithm, so a
  // standard JWKS reader is never handed a key it cannot parse (docs/crypto.md).
  app.get(
    '/.well-known/jwks-sm2.json',
    { schema: { tags: ['certificates'], summary: '公开：电子证书 SM2 签名公钥（国密，JWKS 格式，含已轮换的旧密钥）' } },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return publishedSm2Jwks(app.ctx.db);
    },
  );
};
