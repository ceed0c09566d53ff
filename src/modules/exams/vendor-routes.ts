// EXM-6 / issue 16 / issue 20: the vendor-attempt import on the shared import mechanism. The upload carries
// the vendor's name (its saved column names and candidate codes are per vendor); progress, the problem
// list, the preview, the confirmation and the template are the mechanism's own routes.
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, problemResponses } from '../../kernel/http.js';
import { importRoutes, uploadImport } from '../../kernel/imports/index.js';
import { badRequest } from '../../kernel/problem.js';
import { vendorAttemptImport } from './vendor-kind.js';
import { pastSessions } from './vendor-past.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv';
export const VENDOR_IMPORTS = [vendorAttemptImport];
const PREFIX = '/exams/vendor-imports';

export const vendorImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['exams'];
  await app.register(
    importRoutes({
      prefix: PREFIX,
      tag: tags[0],
      kinds: VENDOR_IMPORTS,
      templates: {
        'vendor-attempts': {
          title: '外部考试系统作答导入模板',
          example: {
            idNumber: '510104199003030017',
            candidateCode: 'ZK2025001',
            siteId: '（本平台考点编号）',
            sessionId: 'S-20250312-01',
            examDate: '2025-03-12',
            startTime: '09:00',
            itemCode: '1.2',
            vendorItemId: 'VX-001',
            key: 'A',
            chosen: 'A',
            correct: '是',
            responseSeconds: '20',
            pilot: '否',
            questionCount: '100',
          },
        },
      },
    }),
  );
  // The upload with the vendor's name: a sibling scope, so the file body stays a stream here too.
  await app.register(async (sub) => {
    sub.addContentTypeParser([XLSX, CSV], (_req, payload, done) => done(null, payload));
    sub.post(
      PREFIX,
      {
        schema: {
          tags,
          summary: '上传外部考试系统作答文件（.xlsx 或 .csv 原文）并开始检查；vendor 为厂商名称',
          querystring: Type.Object(
            { fileName: Type.Optional(Type.String({ maxLength: 200 })), vendor: Type.String({ maxLength: 50 }) },
            { additionalProperties: false },
          ),
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        vendorAttemptImport.authorise(actor);
        const type = req.headers['content-type'] ?? '';
        if (!type.startsWith(XLSX) && !type.startsWith(CSV))
          throw badRequest(`请以 Content-Type: ${XLSX}（.xlsx）或 ${CSV}（.csv）上传文件原文。`);
        const format = type.startsWith(CSV) ? 'csv' : 'xlsx';
        const query = req.query as { fileName?: string; vendor: string };
        return reply.status(202).send(
          await uploadImport(app.ctx, actor, vendorAttemptImport, {
            fileName: query.fileName ?? `upload.${format}`,
            format,
            body: req.body as Readable,
            params: { vendor: query.vendor.trim() },
          }),
        );
      },
    );
  });
  app.get(
    '/exams/past-sessions',
    {
      schema: { tags, summary: '导入的历史考试场次（平台上线前举行，用于统计与诚信分析）', response: problemResponses },
    },
    async (req) => pastSessions(app.ctx, actorOf(req)),
  );
};
