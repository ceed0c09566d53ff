import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import { DISQUALIFYING_CONDITIONS, EDUCATIONS } from './rules.js';
import {
  addHealthDeclaration,
  checkEligibility,
  findWorkers,
  getArchive,
  getWorker,
  linkRegisteredWorker,
  registerWorker,
  revealPersonalData,
} from './service.js';

const WorkerId = Type.Object({ id: Type.String({ format: 'uuid' }) });
const IdNumber = Type.String({ minLength: 1, maxLength: 64, description: '18 位居民身份证号码' });
const PersonName = Type.String({ minLength: 1, maxLength: 30 });
const Health = Type.Object(
  {
    issuedAt: Type.String({ format: 'date' }),
    institutionName: Type.String({ minLength: 2, maxLength: 100 }),
    institutionLevel: Type.Union([Type.Literal('community'), Type.Literal('county_or_above'), Type.Literal('other')]),
    disqualifyingConditions: Type.Array(Type.Union(DISQUALIFYING_CONDITIONS.map((c) => Type.Literal(c.code))), {
      maxItems: 20,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);

export const registryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['registry'];

  app.get(
    '/workers',
    {
      schema: {
        tags,
        summary: '人员查询（姓名、身份证号或手机号；按管辖范围）',
        querystring: PagedQuery({
          q: Type.Optional(Type.String({ maxLength: 50 })),
          regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
        }),
        response: problemResponses,
      },
    },
    async (req) => findWorkers(app.ctx, actorOf(req), req.query),
  );

  app.post(
    '/workers',
    {
      schema: {
        tags,
        summary: '人员登记（REG-1..3）',
        body: Type.Object(
          {
            name: PersonName,
            idNumber: IdNumber,
            phone: Type.Optional(Type.String({ maxLength: 20 })),
            education: Type.Union(EDUCATIONS.map((e) => Type.Literal(e))),
            originalRetirementAge: Type.Optional(Type.Union([Type.Literal(60), Type.Literal(55), Type.Literal(50)])),
            regionCode: Type.String({ pattern: '^\\d{6}$' }),
            intendedItem: Type.Optional(Type.String({ maxLength: 5 })),
            health: Type.Optional(Health),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await registerWorker(app.ctx, actorOf(req), req.body)),
  );

  app.post(
    '/workers/link',
    {
      schema: {
        tags,
        summary: '关联已登记人员（须同时提供身份证号和姓名）',
        body: Type.Object({ idNumber: IdNumber, name: PersonName }, { additionalProperties: false }),
      },
    },
    async (req) => linkRegisteredWorker(app.ctx, actorOf(req), req.body),
  );

  app.get(
    '/workers/:id',
    { schema: { tags, summary: '人员详情（个人信息已脱敏）', params: WorkerId, response: problemResponses } },
    async (req) => getWorker(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/workers/:id/reveal',
    {
      schema: {
        tags,
        summary: '查看完整身份证号或手机号（记入审计）',
        params: WorkerId,
        body: Type.Object(
          { field: Type.Union([Type.Literal('idNumber'), Type.Literal('phone')]) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => revealPersonalData(app.ctx, actorOf(req), req.params.id, req.body.field),
  );

  app.get(
    '/workers/:id/archive',
    { schema: { tags, summary: '全生命周期档案（REG-1）', params: WorkerId, response: problemResponses } },
    async (req) => getArchive(app.ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/workers/:id/eligibility',
    {
      schema: {
        tags,
        summary: '申请条件核验（REG-3）',
        params: WorkerId,
        querystring: Type.Object(
          { item: Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', maxLength: 5 }) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => checkEligibility(app.ctx, actorOf(req), req.params.id, req.query.item),
  );

  app.post(
    '/workers/:id/health-declarations',
    { schema: { tags, summary: '录入体检证明', params: WorkerId, body: Health } },
    async (req, reply) =>
      reply.status(201).send(await addHealthDeclaration(app.ctx, actorOf(req), req.params.id, req.body)),
  );
};
