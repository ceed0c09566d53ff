// The HTTP side of the import mechanism, mounted by each module that owns import kinds under its own
// prefix: upload (the raw file as the body, streamed to disk — no body held in memory), progress,
// the preview's problems page by page, the confirmation, and the templates.
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actorOf, PagedQuery, problemResponses } from '../http.js';
import { badRequest, notFound } from '../problem.js';
import {
  commitImport,
  getImport,
  importProblems,
  importStagedRows,
  listImports,
  uploadImport,
  type ImportKind,
} from './engine.js';
import { importTemplateCsv, importTemplateXlsx } from './templates.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv';
const strict = { additionalProperties: false };

export interface ImportRoutesOptions {
  prefix: string;
  tag: string;
  kinds: readonly ImportKind[];
  /** Per kind slug: the template's title and one example row (keyed by column key). */
  templates: Record<string, { title: string; example: Record<string, string> }>;
  /** A kind also uploaded at `POST <prefix>` itself (a module's single import keeps its documented URL). */
  defaultKind?: string;
}

export function importRoutes(options: ImportRoutesOptions): FastifyPluginAsyncTypebox {
  const { prefix, kinds } = options;
  const tags = [options.tag];
  const kindOf = (slug: string) => {
    const kind = kinds.find((k) => k.slug === slug);
    if (!kind) throw notFound('导入类型');
    return kind;
  };
  return async (app) => {
    // The body stays a stream: the mechanism writes it to disk under the kind's own size cap.
    app.addContentTypeParser([XLSX, CSV], (_req, payload, done) => done(null, payload));

    app.get(prefix, { schema: { tags, summary: '最近的导入', response: problemResponses } }, async (req) =>
      listImports(app.ctx, actorOf(req), kinds),
    );

    app.get(
      `${prefix}/templates/:file`,
      {
        schema: {
          tags,
          summary: '导入模板（.xlsx 含填写说明，或 .csv）',
          params: Type.Object({ file: Type.String({ maxLength: 60 }) }, strict),
        },
      },
      async (req, reply) => {
        const [slug, ext] = req.params.file.split('.');
        const kind = kindOf(slug);
        const template = options.templates[slug];
        if (!template) throw notFound('模板');
        const name = encodeURIComponent(`${template.title}.${ext}`);
        reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`);
        if (ext === 'csv')
          return reply.header('content-type', `${CSV}; charset=utf-8`).send(importTemplateCsv(kind.columns));
        if (ext !== 'xlsx') throw notFound('模板');
        return reply
          .header('content-type', XLSX)
          .send(await importTemplateXlsx(template.title, kind.columns, template.example));
      },
    );

    const upload = async (slug: string, req: FastifyRequest, reply: FastifyReply) => {
      const kind = kindOf(slug);
      const actor = actorOf(req);
      kind.authorise(actor);
      const type = req.headers['content-type'] ?? '';
      if (!type.startsWith(XLSX) && !type.startsWith(CSV))
        throw badRequest(`请以 Content-Type: ${XLSX}（.xlsx）或 ${CSV}（.csv）上传文件原文。`);
      const format = type.startsWith(CSV) ? 'csv' : 'xlsx';
      const body = req.body as Readable;
      const fileName = (req.query as { fileName?: string }).fileName ?? `upload.${format}`;
      return reply.status(202).send(await uploadImport(app.ctx, actor, kind, { fileName, format, body }));
    };
    const FileQuery = Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 200 })) }, strict);
    const uploadSummary = `上传文件（.xlsx 或 .csv 原文，Content-Type: ${XLSX} 或 ${CSV}）并开始检查`;

    app.post(
      `${prefix}/kinds/:kind`,
      {
        schema: {
          tags,
          summary: uploadSummary,
          params: Type.Object({ kind: Type.String({ maxLength: 40 }) }, strict),
          querystring: FileQuery,
        },
      },
      async (req, reply) => upload(req.params.kind, req, reply),
    );
    const defaultKind = options.defaultKind;
    if (defaultKind)
      app.post(prefix, { schema: { tags, summary: uploadSummary, querystring: FileQuery } }, async (req, reply) =>
        upload(defaultKind, req, reply),
      );

    const Id = Type.Object({ id: Type.String({ maxLength: 36 }) }, strict);
    app.get(
      `${prefix}/:id`,
      { schema: { tags, summary: '导入进度与结果', params: Id, response: problemResponses } },
      async (req) => getImport(app.ctx, actorOf(req), kinds, req.params.id),
    );
    app.get(
      `${prefix}/:id/problems`,
      {
        schema: {
          tags,
          summary: '逐行问题清单（预览）',
          params: Id,
          querystring: PagedQuery(),
          response: problemResponses,
        },
      },
      async (req) => importProblems(app.ctx, actorOf(req), kinds, req.params.id, req.query),
    );
    app.get(
      `${prefix}/:id/rows`,
      {
        schema: {
          tags,
          summary: '通过检查的行（预览：每行将写入或关联的内容）',
          params: Id,
          querystring: PagedQuery(),
          response: problemResponses,
        },
      },
      async (req) => importStagedRows(app.ctx, actorOf(req), kinds, req.params.id, req.query),
    );
    app.post(
      `${prefix}/:id/commit`,
      { schema: { tags, summary: '确认导入（后台整批写入，或不写入）', params: Id } },
      async (req, reply) => reply.status(202).send(await commitImport(app.ctx, actorOf(req), kinds, req.params.id)),
    );
  };
}
