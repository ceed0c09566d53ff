// HTTP ↔ exam centres' own filing (考试机构备案, EXM-1): the centre applies, the city reviews a city
// centre, the province files and revokes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, problemResponses } from '../../kernel/http.js';
import {
  applyForCentreFiling,
  centreFilingOverview,
  fileCentreApplication,
  reviewCentreApplication,
  revokeCentreFiling,
} from './centre-filings.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ItemCode = Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', maxLength: 5 });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Level = Type.Union([Type.Literal('province'), Type.Literal('city')]);
const Status = Type.Union([
  Type.Literal('submitted'),
  Type.Literal('city_approved'),
  Type.Literal('filed'),
  Type.Literal('returned'),
]);

export const centreFilingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['exams'];
  app.get(
    '/exams/centre-filing',
    {
      schema: {
        tags,
        summary: '考试机构备案：考试机构看本机构的备案与申请，市级、省级看辖区的审核与备案队列和已备案机构',
        querystring: Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false }),
        response: problemResponses,
      },
    },
    async (req) => centreFilingOverview(app.ctx, actorOf(req), req.query),
  );
  app.post(
    '/exams/centre-filing/applications',
    {
      schema: {
        tags,
        summary: '考试机构申请备案（或申请变更备案内容）',
        body: Type.Object(
          {
            level: Level,
            name: Text(100, 2),
            creditCode: Text(24, 18),
            address: Text(200, 4),
            responsiblePerson: Text(30, 2),
            itemCodes: Type.Array(ItemCode, { minItems: 1, maxItems: 60 }),
            staffCount: Type.Integer({ minimum: 1, maximum: 10000 }),
            examinerCount: Type.Integer({ minimum: 1, maximum: 10000 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await applyForCentreFiling(app.ctx, actorOf(req), req.body)),
  );
  app.post(
    '/exams/centre-filing/applications/:id/review',
    {
      schema: {
        tags,
        summary: '市级审核市级考试机构的备案申请（通过并附意见，或退回并说明理由）',
        params: Id,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('approve'), Type.Literal('return')]),
            remarks: Type.Optional(Text(500, 0)),
          },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => reviewCentreApplication(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/exams/centre-filing/applications/:id/file',
    {
      schema: {
        tags,
        summary: '省级备案考试机构（给予备案编号），或退回并说明理由',
        params: Id,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('file'), Type.Literal('return')]),
            filingNumber: Type.Optional(Text(40, 0)),
            remarks: Type.Optional(Text(500, 0)),
          },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => fileCentreApplication(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/exams/centre-filings/:id/revoke',
    {
      schema: {
        tags,
        summary: '省级撤销考试机构备案（须说明理由）',
        params: Id,
        body: Type.Object({ reason: Text(500, 1) }, { additionalProperties: false }),
        response: problemResponses,
      },
    },
    async (req) => revokeCentreFiling(app.ctx, actorOf(req), req.params.id, req.body.reason),
  );
};
