import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import { importRoutes } from '../../kernel/imports/index.js';
import { INJURY_IMPORTS, injuryTemplate } from './imports.js';
import { DIMENSIONS } from './rules.js';
import { exportInjuryAnalysis, injuryAnalysis, injuryRecordList } from './service.js';

const strict = { additionalProperties: false } as const;
const Day = Type.String({ format: 'date', maxLength: 10 });
const Region = Type.String({ pattern: '^\\d{6}$', maxLength: 6 });
// ANA-2: no period means the year so far, ending on the server's China date (as ANA-1).
const Period = { from: Type.Optional(Day), to: Type.Optional(Day), region: Type.Optional(Region) };
const RecordFilters = {
  ...Period,
  dimension: Type.Optional(Type.Union(DIMENSIONS.map((d) => Type.Literal(d)))),
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  standing: Type.Optional(
    Type.Union(['valid', 'expired', 'review_overdue', 'revoked', 'none', 'not_valid'].map((s) => Type.Literal(s))),
  ),
  severity: Type.Optional(Type.Union(['minor', 'serious', 'fatal'].map((s) => Type.Literal(s)))),
  importId: Type.Optional(Type.String({ format: 'uuid' })),
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** ANA-2: work-injury import and the injury × certification analysis, for regulators. */
export const injuryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['injuries'];
  // The import on the shared mechanism (issue 18): `POST /injuries/imports` streams the file to disk
  // under the import's caps and answers at once; the check and the commit run as background jobs.
  await app.register(
    importRoutes({
      prefix: '/injuries/imports',
      tag: tags[0],
      kinds: INJURY_IMPORTS,
      defaultKind: 'injuries',
      templates: {},
    }),
  );

  app.get(
    '/injuries/template.xlsx',
    { schema: { tags, summary: '工伤数据导入模板（xlsx，含填写说明）' } },
    async (req, reply) => {
      actorOf(req, 'injuries');
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('工伤数据导入模板.xlsx')}`)
        .send(await injuryTemplate());
    },
  );

  app.get(
    '/injuries/analysis',
    {
      schema: {
        tags,
        summary: '工伤与持证交叉分析：分维度工伤率、置信区间、重点监管对象（ANA-2）',
        querystring: Type.Object(Period, strict),
        response: problemResponses,
      },
    },
    async (req) => injuryAnalysis(app.ctx, actorOf(req), req.query),
  );

  app.get(
    '/injuries/analysis.xlsx',
    { schema: { tags, summary: '导出工伤交叉分析（xlsx）', querystring: Type.Object(Period, strict) } },
    async (req, reply) => {
      const file = await exportInjuryAnalysis(app.ctx, actorOf(req), req.query);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('工伤与持证交叉分析.xlsx')}`)
        .send(file);
    },
  );

  app.get(
    '/injuries/records',
    {
      schema: {
        tags,
        summary: '工伤记录（分组下钻，身份证号脱敏）',
        querystring: PagedQuery(RecordFilters),
        response: problemResponses,
      },
    },
    async (req) => injuryRecordList(app.ctx, actorOf(req), req.query as Parameters<typeof injuryRecordList>[2]),
  );
};
