import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, problemResponses } from '../../kernel/http.js';
import { childrenOf, getRegion, regionLevel } from '../../kernel/regions.js';
import { notFound } from '../../kernel/problem.js';
import { getCatalogue, getOperationItem, presentItem, setSyllabusHours } from './service.js';

const ItemCode = Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', maxLength: 5, description: '作业项目代码，如 1.2' });
const Hours = Type.Union([Type.Integer({ minimum: 0, maximum: 2000 }), Type.Null()]);
const RegionCode = Type.String({ pattern: '^\\d{6}$' });

export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/catalog', { schema: { tags: ['catalog'], summary: '特种作业目录（CAT-1、CAT-2）' } }, async () =>
    getCatalogue(app.ctx),
  );

  app.get(
    '/catalog/items/:code',
    {
      schema: {
        tags: ['catalog'],
        summary: '作业项目详情',
        params: Type.Object({ code: ItemCode }),
        response: problemResponses,
      },
    },
    async (req) => presentItem(await getOperationItem(app.ctx, req.params.code)),
  );

  app.put(
    '/catalog/items/:code/hours',
    {
      schema: {
        tags: ['catalog'],
        summary: '设置作业项目的全国学时基准（平台运营方；各省学时在省级设置中设定）',
        params: Type.Object({ code: ItemCode }),
        body: Type.Object(
          { theoryHours: Hours, practicalHours: Hours, confirmed: Type.Boolean() },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => setSyllabusHours(app.ctx, actorOf(req), { code: req.params.code, ...req.body }),
  );

  app.get(
    '/regions',
    {
      schema: {
        tags: ['catalog'],
        summary: '行政区划（GB/T 2260，CAT-3）：省份，或某地区的下级',
        querystring: Type.Object({ parent: Type.Optional(RegionCode) }, { additionalProperties: false }),
      },
    },
    async (req) => {
      const parent = req.query.parent ?? null;
      if (parent && !getRegion(parent)) throw notFound('行政区划');
      return {
        items: childrenOf(parent).map((r) => ({
          code: r.code,
          name: r.name,
          level: r.level,
          hasChildren: regionLevel(r.code) !== 'county' && childrenOf(r.code).length > 0,
        })),
      };
    },
  );
};
