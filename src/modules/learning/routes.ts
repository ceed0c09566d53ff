import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, problemResponses } from '../../kernel/http.js';
import { submitCapture } from './captures.js';
import { answerQuestion, askQuestion, listQuestions } from './questions.js';
import { addLesson, assignCourse, createCourse, listCourses } from './courses.js';
import { classRecords, hourCertificate, hourCertificatePdf, myLessons } from './records.js';
import { sessionGuardOf } from '../accounts/index.js';
import { endLesson, heartbeat, resume, startLesson } from './sessions.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ClassId = Type.Object({ classId: Type.String({ format: 'uuid' }) });
const strict = { additionalProperties: false } as const;

export const learningRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['learning'];
  app.get(
    '/learning/courses',
    { schema: { tags, summary: '本机构线上课程', response: problemResponses } },
    async (req) => listCourses(app.ctx, actorOf(req)),
  );
  app.post(
    '/learning/courses',
    {
      schema: {
        tags,
        summary: '新建线上课程（TRN-3 课程管理）',
        body: Type.Object(
          {
            itemCode: Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', maxLength: 5 }),
            title: Type.String({ minLength: 1, maxLength: 100 }),
          },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await createCourse(app.ctx, actorOf(req), req.body)),
  );
  const Lesson = Type.Object(
    {
      title: Type.String({ minLength: 1, maxLength: 100 }),
      videoUrl: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
      durationSeconds: Type.Integer({ minimum: 60, maximum: 6 * 3600 }),
      topic: Type.String({ minLength: 1, maxLength: 100 }),
    },
    strict,
  );
  app.post(
    '/learning/courses/:id/lessons',
    { schema: { tags, summary: '添加课时（视频与大纲内容）', params: Id, body: Lesson } },
    async (req, reply) => reply.status(201).send(await addLesson(app.ctx, actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/learning/courses/:id/classes',
    { schema: { tags, summary: '将课程分配给培训班', params: Id, body: ClassId } },
    async (req) => assignCourse(app.ctx, actorOf(req), req.params.id, req.body.classId),
  );

  app.get(
    '/learning/me',
    { schema: { tags, summary: '我的线上课程与学习记录', response: problemResponses } },
    async (req) => myLessons(app.ctx, actorOf(req)),
  );
  app.post(
    '/learning/sessions',
    {
      schema: {
        tags,
        summary: '开始学习（另一处登录的学习随即停止计时）',
        body: Type.Object(
          { classId: Type.String({ format: 'uuid' }), lessonId: Type.String({ format: 'uuid' }) },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await startLesson(app.ctx, actorOf(req), req.body)),
  );
  const Beat = Type.Object(
    {
      position: Type.Number({ minimum: 0, maximum: 6 * 3600 }),
      interacted: Type.Boolean(),
      // TRN-3: watching a video on a visible page is activity; a hidden page earns nothing.
      playing: Type.Optional(Type.Boolean()),
      visible: Type.Optional(Type.Boolean()),
    },
    strict,
  );
  app.post(
    '/learning/sessions/:id/heartbeat',
    {
      // Issue 18: every learner beats every 30 s; the session is checked in the beat's own statements
      // (accounts/hot-session.ts) instead of being read first.
      config: { sessionCheckedInStatement: true },
      schema: { tags, summary: '学习心跳：服务器计时（TRN-3）', params: Id, body: Beat },
    },
    async (req) => heartbeat(app.ctx, actorOf(req), req.params.id, req.body, { session: sessionGuardOf(req) }),
  );
  app.post(
    '/learning/sessions/:id/resume',
    { schema: { tags, summary: '继续学习（解除挂机锁定）', params: Id } },
    async (req) => resume(app.ctx, actorOf(req), req.params.id),
  );
  app.post('/learning/sessions/:id/end', { schema: { tags, summary: '结束学习', params: Id } }, async (req) =>
    endLesson(app.ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/learning/sessions/:id/captures',
    {
      schema: {
        tags,
        summary: '学习中人像抓拍（人脸核验）',
        params: Id,
        body: Type.Object({ photo: Type.String({ minLength: 8, maxLength: 950_000 }) }, strict),
      },
    },
    async (req) => submitCapture(app.ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/learning/classes/:classId/records',
    { schema: { tags, summary: '学习记录与统计（机构、监管部门）', params: ClassId, response: problemResponses } },
    async (req) => classRecords(app.ctx, actorOf(req), req.params.classId),
  );
  app.get(
    '/learning/classes/:classId/certificate.pdf',
    { schema: { tags, summary: '学时证明 PDF（本人）', params: ClassId } },
    async (req, reply) => {
      const pdf = await hourCertificatePdf(app.ctx, actorOf(req), req.params.classId);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('学时证明.pdf')}`)
        .send(Buffer.from(pdf));
    },
  );
  app.get(
    '/learning/classes/:classId/certificate',
    { schema: { tags, summary: '学时证明（本人）', params: ClassId, response: problemResponses } },
    async (req) => hourCertificate(app.ctx, actorOf(req), req.params.classId),
  );

  const Text = Type.String({ minLength: 1, maxLength: 1000 });
  app.get(
    '/learning/classes/:classId/questions',
    { schema: { tags, summary: '互动：提问与答复', params: ClassId, response: problemResponses } },
    async (req) => listQuestions(app.ctx, actorOf(req), req.params.classId),
  );
  app.post(
    '/learning/classes/:classId/questions',
    {
      schema: {
        tags,
        summary: '向教师提问',
        params: ClassId,
        body: Type.Object(
          { question: Text, lessonId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])) },
          strict,
        ),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await askQuestion(app.ctx, actorOf(req), req.params.classId, req.body)),
  );
  app.post(
    '/learning/questions/:id/answer',
    { schema: { tags, summary: '答复学员提问', params: Id, body: Type.Object({ answer: Text }, strict) } },
    async (req) => answerQuestion(app.ctx, actorOf(req), req.params.id, req.body.answer),
  );
};
