// HTTP ↔ the exam's governance (考培分离, EXM-5): question proposals from exam centres decided by the
// province's authority, and the door's held candidates and person–certificate mismatches.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, problemResponses } from '../../kernel/http.js';
import { decideProposal, listProposals, proposeQuestion } from './bank-proposals.js';
import { bookingReferencePhoto, decideDoorHold, doorRecords } from './door.js';
import { resultsDeadlines } from './results-deadline.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ItemCode = Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', maxLength: 5 });
const Status = Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('rejected')]);

export const examGovernanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['exams'];
  app.get(
    '/exams/bank-proposals',
    {
      schema: {
        tags,
        summary: '题目建议：考试机构看本机构提出的，考核发证机关看本省待处理的（考培分离）',
        querystring: Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false }),
        response: problemResponses,
      },
    },
    async (req) => listProposals(app.ctx, actorOf(req), req.query),
  );
  app.post(
    '/exams/bank-proposals',
    {
      schema: {
        tags,
        summary: '考试机构提出一道题目建议（由本省考核发证机关决定是否入库）',
        body: Type.Object(
          {
            itemCode: ItemCode,
            question: Type.Object({}, { additionalProperties: true, maxProperties: 10 }),
            reason: Type.Optional(Type.String({ maxLength: 300 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => proposeQuestion(app.ctx, actorOf(req), req.body),
  );
  app.post(
    '/exams/bank-proposals/:id/decision',
    {
      schema: {
        tags,
        summary: '考核发证机关采纳或不采纳题目建议（采纳即入本省题库）',
        params: Id,
        body: Type.Object(
          { accept: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 300 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => decideProposal(app.ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/exams/results-deadlines',
    {
      schema: {
        tags,
        summary: '成绩发布期限：考试结束后 10 个工作日内发布成绩，逾期未发布与逾期发布的场次',
        response: problemResponses,
      },
    },
    async (req) => resultsDeadlines(app.ctx, actorOf(req)),
  );
  app.get(
    '/exams/door-records',
    {
      schema: {
        tags,
        summary: '入场核验记录：人证不符事件与待人工核验的暂留考生（EXM-5）',
        response: problemResponses,
      },
    },
    async (req) => doorRecords(app.ctx, actorOf(req)),
  );
  app.post(
    '/exams/door-holds/:id/decision',
    {
      schema: {
        tags,
        summary: '考务人员对暂留考生作出记名决定：准入（入场照片成为参照照片）或不准入（记为人证不符）',
        params: Id,
        body: Type.Object(
          { admit: Type.Boolean(), reason: Type.String({ minLength: 1, maxLength: 300 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => decideDoorHold(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/exams/bookings/:id/reference-photo',
    { schema: { tags, summary: '考生入场参照照片（无登记照片者，供实操考评与制证）', params: Id } },
    async (req, reply) => {
      const photo = await bookingReferencePhoto(app.ctx, actorOf(req), req.params.id);
      return reply.type(photo[0] === 0x89 ? 'image/png' : 'image/jpeg').send(photo);
    },
  );
};
