import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, problemResponses } from '../../kernel/http.js';
import { exportClassArchivePdf } from './archive.js';
import { checkIn, checkOut } from './attendance.js';
import { recordRollCall, sessionRoll } from './roll-call.js';
import { applyDirect, listDirect, reviewDirect } from './direct.js';
import {
  declareArchiveFalse,
  exportClassArchive,
  getArchiveStatus,
  requestExam,
  setMaterials,
  submitExamApplication,
} from './exam.js';
import { institutionClassReviews, myClassReviews, submitClassReview } from './reviews.js';
import {
  enrolTrainee,
  fileClass,
  getClass,
  listOwnClasses,
  myTraining,
  openClass,
  scheduleSession,
  superviseClasses,
} from './service.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const strict = { additionalProperties: false } as const;
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
// A face photo as base64: up to ~700 KB of image inside the 1 MB body limit.
const Photo = Type.Object(
  { workerId: Type.String({ format: 'uuid' }), photo: Type.String({ minLength: 8, maxLength: 950_000 }) },
  strict,
);

export const trainingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['training'];

  app.get('/training/classes', { schema: { tags, summary: '本机构培训班', response: problemResponses } }, async (req) =>
    listOwnClasses(app.ctx, actorOf(req)),
  );

  app.post(
    '/training/classes',
    {
      schema: {
        tags,
        summary: '开班（TRN-1；限备案范围 INS-6）',
        body: Type.Object(
          {
            itemCode: Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', maxLength: 5 }),
            name: Type.String({ minLength: 1, maxLength: 100 }),
            opensAt: Instant,
            kind: Type.Optional(Type.Union([Type.Literal('initial'), Type.Literal('review')])),
          },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await openClass(app.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/training/classes/:id',
    { schema: { tags, summary: '培训班详情：课表、学员与学时进度（TRN-4）', params: Id, response: problemResponses } },
    async (req) => getClass(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/training/classes/:id/file',
    { schema: { tags, summary: '开班报备（48 小时内，TRN-1）', params: Id } },
    async (req) => fileClass(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/training/classes/:id/enrolments',
    {
      schema: {
        tags,
        summary: '学员报名（从人员库选择）',
        params: Id,
        body: Type.Object({ workerId: Type.String({ format: 'uuid' }) }, strict),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await enrolTrainee(app.ctx, actorOf(req), req.params.id, req.body.workerId)),
  );

  app.post(
    '/training/classes/:id/sessions',
    {
      schema: {
        tags,
        summary: '排课：理论（线下/线上）或实际操作（仅线下，TRN-4），指定持证授课教师（INS-4）',
        params: Id,
        body: Type.Object(
          {
            subject: Type.Union([Type.Literal('theory'), Type.Literal('practical')]),
            mode: Type.Union([Type.Literal('offline'), Type.Literal('online')]),
            topic: Type.String({ minLength: 1, maxLength: 100 }),
            startsAt: Instant,
            endsAt: Instant,
            // Optional in the schema so a missing teacher is refused by the rule (INS-4), in words, not as a schema error.
            teacherId: Type.Optional(Type.String({ format: 'uuid' })),
          },
          strict,
        ),
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await scheduleSession(app.ctx, actorOf(req), req.params.id, {
          ...req.body,
          teacherId: req.body.teacherId ?? '',
        }),
      ),
  );

  app.post(
    '/training/sessions/:id/check-in',
    { schema: { tags, summary: '人脸签到（TRN-2）', params: Id, body: Photo } },
    async (req) => checkIn(app.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/training/sessions/:id/check-out',
    { schema: { tags, summary: '人脸签退并计算学时（TRN-2、TRN-4）', params: Id, body: Photo } },
    async (req) => checkOut(app.ctx, actorOf(req), req.params.id, req.body),
  );

  // TRN-2 for a whole session: the roll, and captures taken in turn sent in batches (each compared and
  // recorded for its own trainee). Up to 10 captures of ≤ 950 kB base64 a request.
  app.get(
    '/training/sessions/:id/roll',
    {
      schema: {
        tags,
        summary: '本节课点名册：每位学员的签到、签退与人脸比对结果（TRN-2）',
        params: Id,
        response: problemResponses,
      },
    },
    async (req) => sessionRoll(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/training/sessions/:id/roll-call',
    {
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags,
        summary: '点名考勤：逐人拍照后批量提交，每张照片分别与本人比对并记录（TRN-2）',
        params: Id,
        body: Type.Object(
          {
            kind: Type.Union([Type.Literal('check-in'), Type.Literal('check-out')]),
            captures: Type.Array(Photo, { minItems: 1, maxItems: 10 }),
          },
          strict,
        ),
      },
    },
    async (req) => recordRollCall(app.ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/training/supervision/classes',
    { schema: { tags, summary: '辖区培训班报备情况：逾期与未报备（TRN-1）', response: problemResponses } },
    async (req) => superviseClasses(app.ctx, actorOf(req)),
  );

  app.get(
    '/training/me',
    { schema: { tags, summary: '我的培训与学时进度（TRN-4）', response: problemResponses } },
    async (req) => myTraining(app.ctx, actorOf(req)),
  );

  app.get(
    '/training/classes/:id/archive',
    { schema: { tags, summary: '一期一档完整性核查（TRN-5）', params: Id, response: problemResponses } },
    async (req) => getArchiveStatus(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/training/classes/:id/materials',
    {
      schema: {
        tags,
        summary: '登记培训教材与课件目录',
        params: Id,
        body: Type.Object(
          { items: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 }) },
          strict,
        ),
      },
    },
    async (req) => setMaterials(app.ctx, actorOf(req), req.params.id, req.body.items),
  );

  app.post(
    '/training/classes/:id/archive-false',
    {
      schema: {
        tags,
        summary: '认定培训档案虚假并取消考试申请（TRN-5，监管部门）',
        params: Id,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, strict),
      },
    },
    async (req) => declareArchiveFalse(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/training/classes/:id/exam-request',
    { schema: { tags, summary: '学员申请考试（学时达标后，TRN-5）', params: Id } },
    async (req) => requestExam(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/training/classes/:id/exam-application',
    { schema: { tags, summary: '机构提交本班考试申请（档案完整，TRN-5）', params: Id } },
    async (req, reply) => reply.status(201).send(await submitExamApplication(app.ctx, actorOf(req), req.params.id)),
  );

  app.get(
    '/training/classes/:id/archive.xlsx',
    { schema: { tags, summary: '导出一期一档（xlsx）', params: Id } },
    async (req, reply) => {
      const buffer = await exportClassArchive(app.ctx, actorOf(req), req.params.id);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('培训班档案.xlsx')}`)
        .send(buffer);
    },
  );

  app.get(
    '/training/classes/:id/archive.pdf',
    {
      schema: {
        tags,
        summary: '导出一期一档（PDF：名册、课表、考勤与人像、学时、线上学习、教材、考试申请）',
        params: Id,
      },
    },
    async (req, reply) => {
      const pdf = await exportClassArchivePdf(app.ctx, actorOf(req), req.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('培训班档案.pdf')}`)
        .send(Buffer.from(pdf));
    },
  );

  const Evidence = Type.Object(
    {
      school: Type.String({ minLength: 2, maxLength: 100 }),
      major: Type.String({ minLength: 2, maxLength: 100 }),
      graduatedOn: Type.String({ format: 'date' }),
      diplomaNumber: Type.String({ minLength: 4, maxLength: 40 }),
    },
    strict,
  );
  app.post(
    '/training/direct-registrations',
    {
      schema: {
        tags,
        summary: '直接报考申请（职业教育对口，TRN-6）',
        body: Type.Object(
          { itemCode: Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', maxLength: 5 }), evidence: Evidence },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await applyDirect(app.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/training/direct-registrations',
    { schema: { tags, summary: '直接报考申请列表（本人或辖区）', response: problemResponses } },
    async (req) => listDirect(app.ctx, actorOf(req)),
  );

  app.post(
    '/training/direct-registrations/:id/review',
    {
      schema: {
        tags,
        summary: '审核直接报考申请（TRN-6）',
        params: Id,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          strict,
        ),
      },
    },
    async (req) => reviewDirect(app.ctx, actorOf(req), req.params.id, req.body),
  );

  // INS-5 学员网上评议.
  const Score = Type.Integer({ minimum: 1, maximum: 5 });
  app.get(
    '/training/me/reviews',
    { schema: { tags, summary: '我的培训班评议：结束后可评议一次（INS-5）', response: problemResponses } },
    async (req) => myClassReviews(app.ctx, actorOf(req)),
  );
  app.post(
    '/training/classes/:id/review',
    {
      schema: {
        tags,
        summary: '学员网上评议：培训班结束后评议一次（INS-5）',
        params: Id,
        body: Type.Object(
          {
            teaching: Score,
            practical: Score,
            honesty: Score,
            comment: Type.Optional(Type.String({ maxLength: 500 })),
          },
          strict,
        ),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await submitClassReview(app.ctx, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/training/reviews',
    { schema: { tags, summary: '本机构收到的学员评议（不显示学员身份，INS-5）', response: problemResponses } },
    async (req) => institutionClassReviews(app.ctx, actorOf(req)),
  );
};
