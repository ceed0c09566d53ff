import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ORG_KINDS } from '../../kernel/access.js';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import { createOrganisation, getOrganisation, searchOrganisations } from './service.js';

const Kind = Type.Union(ORG_KINDS.map((k) => Type.Literal(k)));

export const organisationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: '机构列表（按管辖范围）',
        querystring: PagedQuery({ kind: Type.Optional(Kind), q: Type.Optional(Type.String({ maxLength: 50 })) }),
        response: problemResponses,
      },
    },
    async (req) => searchOrganisations(app.ctx, actorOf(req), req.query),
  );

  app.get(
    '/organisations/:id',
    {
      schema: {
        tags: ['organisations'],
        summary: '机构详情',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: problemResponses,
      },
    },
    async (req) => getOrganisation(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/organisations',
    {
      schema: {
        tags: ['organisations'],
        summary: '新建机构（系统管理员）',
        body: Type.Object(
          {
            kind: Kind,
            name: Type.String({ minLength: 2, maxLength: 100 }),
            regionCode: Type.String({ pattern: '^\\d{6}$' }),
            creditCode: Type.Optional(Type.String({ maxLength: 18 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await createOrganisation(app.ctx, actorOf(req), req.body)),
  );
};
