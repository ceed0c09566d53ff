import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import { badRequest } from '../../kernel/problem.js';
import { commitInjuryImport, injuryTemplate, previewInjuryImport, recentInjuryImports } from './imports.js';
import { DIMENSIONS } from './rules.js';
import { exportInjuryAnalysis, injuryAnalysis, injuryRecordList } from './service.js';

const strict = { additionalProperties: false } as const;
const Day = Type.String({ format: 'date', maxLength: 10 });
const Region = Type.String({ pattern: '^\\d{6}$', maxLength: 6 });
const Period = { from: Day, to: Day, region: Type.Optional(Region) };
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
const FileQuery = Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 200 })) }, strict);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv';

function fileOf(req: { body: unknown; headers: Record<string, string | string[] | undefined> }) {
  if (!Buffer.isBuffer(req.body)) throw badRequest(`请以 Content-Type: ${XLSX} 或 ${CSV} 上传文件。`);
  const format: 'xlsx' | 'csv' = String(req.headers['content-type'] ?? '').startsWith(CSV) ? 'csv' : 'xlsx';
  return { buffer: req.body, format };
}

/** ANA-2: work-injury import and the injury × certification analysis, for regulators. */
export const injuryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['injuries'];
  // Import files arrive as the raw file body, as the employers' ledger import does.
  app.addContentTypeParser([XLSX, CSV], { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
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

  app.post(
    '/injuries/imports/preview',
    { schema: { tags, summary: '预检工伤数据文件：逐行错误与关联结果，不写入（ANA-2）', querystring: FileQuery } },
    async (req) => previewInjuryImport(app.ctx, actorOf(req), fileOf(req)),
  );

  app.post(
    '/injuries/imports',
    { schema: { tags, summary: '导入工伤数据（整批导入，任何一行有误则不导入，ANA-2）', querystring: FileQuery } },
    async (req, reply) => {
      const file = fileOf(req);
      return reply.status(201).send(
        await commitInjuryImport(app.ctx, actorOf(req), {
          ...file,
          fileName: req.query.fileName ?? `upload.${file.format}`,
        }),
      );
    },
  );

  app.get(
    '/injuries/imports',
    { schema: { tags, summary: '辖区内的工伤数据导入记录', response: problemResponses } },
    async (req) => recentInjuryImports(app.ctx, actorOf(req)),
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
