import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import { importRoutes } from '../../kernel/imports/index.js';
import { decideCaseProposal, getEmployerProfile, listCaseProposals, setEmployerProfile } from './cases.js';
import { checkCertificate, recentChecks } from './checks.js';
import { EMPLOYER_IMPORTS, importTemplate } from './imports.js';
import { addPlanLine, getTrainingPlan, linkPlanLine, removePlanLine } from './plan.js';
import { EMPLOYMENT_KINDS } from './rules.js';
import {
  assignItem,
  endEmployment,
  exportLedger,
  fileEmployment,
  fileEmployments,
  getLedger,
  hireWorker,
  ledgerAlerts,
  ownSanction,
  superviseFilings,
} from './service.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const strict = { additionalProperties: false } as const;
const Day = Type.String({ format: 'date', maxLength: 10 });
const ItemCode = Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', maxLength: 5 });
const Kind = Type.Union(EMPLOYMENT_KINDS.map((k) => Type.Literal(k)));
const Filing = Type.Union(['due', 'overdue', 'filed', 'filed_late', 'unfiled'].map((k) => Type.Literal(k)));
const Alert = Type.Union(
  ['uncertified', 'revoked', 'expired', 'review_overdue', 'review_due', 'expiring'].map((k) => Type.Literal(k)),
);
const LedgerFilters = {
  alert: Type.Optional(Alert),
  q: Type.Optional(Type.String({ maxLength: 30 })),
  kind: Type.Optional(Kind),
  itemCode: Type.Optional(ItemCode),
  filing: Type.Optional(Filing),
  includeEnded: Type.Optional(Type.Boolean()),
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const employerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['employers'];
  // The ledger import on the shared mechanism (issue 18): the file body stays a stream, written to disk
  // under the import's own caps (the only route whose body may pass the global limit), checked and
  // committed by background jobs. `POST /employment-imports` uploads, as it always did.
  await app.register(
    importRoutes({
      prefix: '/employment-imports',
      tag: tags[0],
      kinds: EMPLOYER_IMPORTS,
      defaultKind: 'ledger',
      templates: {
        ledger: {
          title: '特种作业人员台账导入模板',
          example: {
            姓名: '张三',
            身份证号: '510104199001011234',
            手机号: '13800000000',
            文化程度: '高中',
            所在区县代码: '510104',
            用工形式: '劳务派遣',
            派遣或外包单位: '四川某劳务派遣有限公司',
            作业项目代码: '3.1',
            聘用日期: '2026-11-01',
          },
        },
      },
    }),
  );

  app.get(
    '/employments',
    {
      schema: {
        tags,
        summary: '特种作业人员台账（本单位；监管部门为辖区，EMP-3）',
        querystring: PagedQuery(LedgerFilters),
        response: problemResponses,
      },
    },
    async (req) => getLedger(app.ctx, actorOf(req), req.query),
  );

  app.get(
    '/employments/export.xlsx',
    { schema: { tags, summary: '导出台账（xlsx）', querystring: Type.Object(LedgerFilters, strict) } },
    async (req, reply) => {
      const file = await exportLedger(app.ctx, actorOf(req), req.query);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('特种作业人员台账.xlsx')}`)
        .send(file);
    },
  );

  app.post(
    '/employments',
    {
      schema: {
        tags,
        summary: '录入聘用的特种作业人员（须已登记，REG-4；所选作业项目须持有效操作证，EMP-1；待取证人员可不选项目）',
        body: Type.Object(
          {
            idNumber: Type.String({ minLength: 15, maxLength: 18 }),
            kind: Kind,
            providerName: Type.Optional(Type.String({ maxLength: 100 })),
            providerCreditCode: Type.Optional(Type.String({ maxLength: 18 })),
            itemCodes: Type.Array(ItemCode, { minItems: 0, maxItems: 10 }),
            hiredOn: Day,
          },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await hireWorker(app.ctx, actorOf(req), req.body)),
  );

  app.post(
    '/employments/batch-file',
    {
      schema: {
        tags,
        summary: '批量聘用备案（逐人检查，逐人返回结果，EMP-2）',
        body: Type.Object(
          { ids: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 100 }) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => fileEmployments(app.ctx, actorOf(req), req.body.ids),
  );
  app.post(
    '/employments/:id/file',
    { schema: { tags, summary: '聘用备案（聘用之日起 15 日内，EMP-2）', params: Id } },
    async (req) => fileEmployment(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/employments/:id/items',
    {
      schema: {
        tags,
        summary: '增加作业项目（须持该项目有效操作证，EMP-1）',
        params: Id,
        body: Type.Object({ itemCode: ItemCode }, strict),
      },
    },
    async (req) => assignItem(app.ctx, actorOf(req), req.params.id, req.body.itemCode),
  );

  app.get(
    '/employer/sanction',
    { schema: { tags, summary: '本单位正在执行的停产停业整顿（SUP-4）', response: problemResponses } },
    async (req) => ownSanction(app.ctx, actorOf(req)),
  );

  app.get(
    '/employer/profile',
    { schema: { tags, summary: '本单位主要负责人（一案双罚的当事人，EMP-4）', response: problemResponses } },
    async (req) => getEmployerProfile(app.ctx, actorOf(req)),
  );
  app.put(
    '/employer/profile',
    {
      schema: {
        tags,
        summary: '登记本单位主要负责人（法定代表人或主要负责人，EMP-4）',
        body: Type.Object(
          {
            principalName: Type.String({ minLength: 1, maxLength: 30 }),
            principalTitle: Type.String({ minLength: 1, maxLength: 30 }),
          },
          strict,
        ),
        response: problemResponses,
      },
    },
    async (req) => setEmployerProfile(app.ctx, actorOf(req), req.body),
  );

  app.post(
    '/employments/:id/end',
    {
      schema: {
        tags,
        summary: '解除聘用（台账保留记录）',
        params: Id,
        body: Type.Object({ endedOn: Day, reason: Type.String({ minLength: 1, maxLength: 200 }) }, strict),
      },
    },
    async (req) => endEmployment(app.ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/employments/alerts',
    {
      schema: {
        tags,
        summary: '证书预警：无证、撤销、过期、逾期未复审、即将复审、即将到期（EMP-3）',
        response: problemResponses,
      },
    },
    async (req) => ledgerAlerts(app.ctx, actorOf(req)),
  );

  app.get(
    '/employments/supervision',
    { schema: { tags, summary: '辖区聘用备案逾期情况（EMP-2）', response: problemResponses } },
    async (req) => superviseFilings(app.ctx, actorOf(req)),
  );

  app.get(
    '/employer-cases',
    {
      schema: {
        tags,
        summary: '一案双罚立案建议：使用无有效证书人员（EMP-4）',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union([Type.Literal('proposed'), Type.Literal('accepted'), Type.Literal('dismissed')]),
            ),
          },
          strict,
        ),
        response: problemResponses,
      },
    },
    async (req) => listCaseProposals(app.ctx, actorOf(req), req.query.status),
  );

  app.post(
    '/employer-cases/:id/decide',
    {
      schema: {
        tags,
        summary: '立案或不予立案（EMP-4）',
        params: Id,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('accept'), Type.Literal('dismiss')]),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          strict,
        ),
      },
    },
    async (req) => decideCaseProposal(app.ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/employment-imports/template.xlsx',
    { schema: { tags, summary: '台账导入模板（xlsx）' } },
    async (_req, reply) =>
      reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent('特种作业人员台账导入模板.xlsx')}`,
        )
        .send(await importTemplate()),
  );

  app.get(
    '/employer/certificate-checks',
    { schema: { tags, summary: '本单位的证书核验记录（EMP-1）', response: problemResponses } },
    async (req) => recentChecks(app.ctx, actorOf(req)),
  );

  app.post(
    '/employer/certificate-checks',
    {
      schema: {
        tags,
        summary: '上岗前核验特种作业操作证（EMP-1），记录核验人、时间与结果',
        body: Type.Object(
          { number: Type.String({ minLength: 1, maxLength: 30 }), name: Type.String({ minLength: 1, maxLength: 30 }) },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await checkCertificate(app.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/training-plan',
    {
      schema: {
        tags,
        summary: '年度特种作业培训计划（EMP-5）',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, strict),
        response: problemResponses,
      },
    },
    async (req) => getTrainingPlan(app.ctx, actorOf(req), req.query.year),
  );

  app.post(
    '/training-plan',
    {
      schema: {
        tags,
        summary: '新增培训计划（EMP-5）',
        body: Type.Object(
          {
            year: Type.Integer({ minimum: 2000, maximum: 2100 }),
            itemCode: ItemCode,
            purpose: Type.Union([Type.Literal('initial'), Type.Literal('review')]),
            headcount: Type.Integer({ minimum: 1, maximum: 100_000 }),
            plannedFrom: Day,
            plannedTo: Day,
            note: Type.Optional(Type.String({ maxLength: 200 })),
          },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await addPlanLine(app.ctx, actorOf(req), req.body)),
  );

  app.post(
    '/training-plan/:id/class',
    {
      schema: {
        tags,
        summary: '关联已报名的培训班',
        params: Id,
        body: Type.Object({ classId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) }, strict),
      },
    },
    async (req) => linkPlanLine(app.ctx, actorOf(req), req.params.id, req.body.classId),
  );

  app.delete('/training-plan/:id', { schema: { tags, summary: '删除培训计划', params: Id } }, async (req, reply) => {
    await removePlanLine(app.ctx, actorOf(req), req.params.id);
    return reply.status(204).send();
  });
};
