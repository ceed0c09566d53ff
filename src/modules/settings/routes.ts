import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, problemResponses } from '../../kernel/http.js';
import { SETTING_KINDS } from '../../kernel/province-settings.js';
import { getProvinceSettings, recordSetting } from './service.js';

const tags = ['settings'];
const Params = Type.Object({
  province: Type.String({ pattern: '^\\d{2}0000$', description: '省级行政区划代码，如 510000' }),
  kind: Type.Union(
    SETTING_KINDS.map((k) => Type.Literal(k)),
    { description: '设置类别' },
  ),
});

export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/settings/provinces/:province/:kind',
    { schema: { tags, summary: '省级设置：全国默认值、现行值与各版本', params: Params, response: problemResponses } },
    async (req) => getProvinceSettings(app.ctx, actorOf(req), req.params.province, req.params.kind),
  );

  app.post(
    '/settings/provinces/:province/:kind',
    {
      schema: {
        tags,
        summary: '新增一个省级设置版本（本省省级监管部门，自生效日期起适用）',
        params: Params,
        body: Type.Object(
          {
            key: Type.String({ maxLength: 20, description: '作业项目代码、违法行为代码或年份；单值设置留空' }),
            value: Type.Unknown(),
            effectiveFrom: Type.String({ format: 'date' }),
            note: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const version = await recordSetting(app.ctx, actorOf(req), req.params.province, req.params.kind, req.body);
      return reply.status(201).send(version);
    },
  );
};
