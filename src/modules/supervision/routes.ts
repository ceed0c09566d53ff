import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import {
  fileReport,
  getPublicReport,
  reportForm,
  getReportAttachment,
  handleReport,
  listPublicReports,
  revealReporter,
  trackReport,
  transferTargets,
} from './reports.js';
import {
  ATTACHMENT_LIMITS,
  CAMPAIGN_TARGETS,
  INSPECTION_PURPOSES,
  INSPECTION_TARGETS,
  REPORT_CATEGORIES,
  REPORT_FINDINGS,
  REPORT_STATUSES,
} from './rules.js';
import {
  completeMeasure,
  fileSelfInspection,
  getCampaign,
  listCampaigns,
  myCampaigns,
  openCampaign,
} from './campaigns.js';
import {
  addToInspectionPlan,
  checkItem,
  completeInspection,
  findingPhoto,
  getInspection,
  getInspectionPlan,
  listInspections,
  listJurisdictionFindings,
  myFindings,
  recordFinding,
  startInspection,
  submitRectification,
  verifyRectification,
} from './inspections.js';
import {
  MAX_DRAW,
  addReinspections,
  annualCoverage,
  drawEmployers,
  employerRisk,
  firstClassTasks,
  listReinspections,
} from './planning.js';
import {
  inspectionSpotExams,
  listSpotExams,
  myFailedSpotExams,
  openSpotExam,
  startSpotExam,
  submitSpotExam,
} from './spot-exams.js';
import { readContext } from '../../kernel/context.js';
import {
  CASE_SOURCES,
  CASE_STATUSES,
  caseExaminers,
  actOnCase,
  decideCase,
  getCase,
  liftSanction,
  listCases,
  listPublishedPenalties,
  openCase,
  publishCase,
  violationCatalogue,
} from './cases.js';
import { PARTY_KINDS, SANCTION_KINDS } from './violations.js';
import {
  getRating,
  getSiteRating,
  listRatings,
  listSiteRatings,
  publicSiteRatings,
  publishRatings,
} from './ratings.js';
import { getSelfAssessment, recordThirdPartyAssessment, saveSelfAssessment } from './assessments.js';
import { SELF_ASSESSMENT_DIMENSIONS } from './rules.js';

const strict = { additionalProperties: false } as const;
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) }, strict);
const keysOf = (o: object) => Type.Union(Object.keys(o).map((k) => Type.Literal(k)));
const Category = keysOf(REPORT_CATEGORIES);
const Status = keysOf(REPORT_STATUSES);
const Finding = keysOf(REPORT_FINDINGS);
// base64 is 4/3 of the bytes; the body holds every attachment plus the text.
const REPORT_BODY_LIMIT = Math.ceil((ATTACHMENT_LIMITS.maxFiles * ATTACHMENT_LIMITS.maxBytes * 4) / 3) + 64 * 1024;

export const supervisionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['supervision'];
  await app.register(caseRoutes);

  app.post(
    '/public/reports',
    {
      bodyLimit: REPORT_BODY_LIMIT,
      // Anyone may file; one address may not flood the handlers.
      config: { rateLimit: { max: 10, timeWindow: '1 hour' } },
      schema: {
        tags,
        summary: '公开：提交举报（无需登录，SUP-6），返回查询码',
        body: Type.Object(
          {
            regionCode: Type.String({ pattern: '^\\d{6}$' }),
            category: Category,
            subjectName: Type.String({ minLength: 1, maxLength: 100 }),
            content: Type.String({ minLength: 1, maxLength: 5000 }),
            reporterName: Type.Optional(Type.String({ maxLength: 30 })),
            reporterPhone: Type.Optional(Type.String({ maxLength: 20 })),
            attachments: Type.Optional(
              Type.Array(
                Type.Object(
                  {
                    fileName: Type.String({ minLength: 1, maxLength: 100 }),
                    data: Type.String({
                      maxLength: Math.ceil((ATTACHMENT_LIMITS.maxBytes * 4) / 3) + 4,
                      contentEncoding: 'base64',
                    }),
                  },
                  strict,
                ),
                { maxItems: ATTACHMENT_LIMITS.maxFiles },
              ),
            ),
          },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await fileReport(app.ctx, req.body)),
  );

  app.get('/public/reports/form', { schema: { tags, summary: '公开：举报表单的类别、受理范围与附件限制' } }, async () =>
    reportForm(app.ctx),
  );

  app.get(
    '/public/reports/:code',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '公开：凭查询码查看举报办理进度与结果（SUP-6）',
        params: Type.Object({ code: Type.String({ minLength: 8, maxLength: 30 }) }, strict),
      },
    },
    async (req) => trackReport(app.ctx, req.params.code),
  );

  app.get(
    '/public-reports',
    {
      schema: {
        tags,
        summary: '辖区举报列表（SUP-6）',
        querystring: PagedQuery({
          status: Type.Optional(Status),
          category: Type.Optional(Category),
          mine: Type.Optional(Type.Boolean()),
          q: Type.Optional(Type.String({ maxLength: 50 })),
        }),
        response: problemResponses,
      },
    },
    async (req) => listPublicReports(app.ctx, actorOf(req), req.query),
  );

  app.get('/public-reports/:id', { schema: { tags, summary: '举报详情与办理记录', params: Id } }, async (req) =>
    getPublicReport(app.ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/public-reports/:id/transfer-targets',
    { schema: { tags, summary: '可转办的监管部门', params: Id } },
    async (req) => transferTargets(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/public-reports/:id/reveal-reporter',
    { schema: { tags, summary: '查看举报人身份（仅承办单位，记入审计）', params: Id } },
    async (req) => revealReporter(app.ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/public-reports/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: '下载举报附件',
        params: Type.Object(
          { id: Type.String({ format: 'uuid' }), attachmentId: Type.String({ format: 'uuid' }) },
          strict,
        ),
      },
    },
    async (req, reply) => {
      const file = await getReportAttachment(app.ctx, actorOf(req), req.params.id, req.params.attachmentId);
      return reply
        .header('content-type', file.mimeType)
        .header('cache-control', 'no-store, private')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(file.bytes);
    },
  );

  app.post(
    '/public-reports/:id/:action',
    {
      schema: {
        tags,
        summary: '办理举报：受理、不予受理、转办、调查核实、办结、登记奖励（SUP-6）',
        params: Type.Object(
          {
            id: Type.String({ format: 'uuid' }),
            action: Type.Union(
              ['accept', 'reject', 'transfer', 'investigate', 'close', 'reward'].map((a) => Type.Literal(a)),
            ),
          },
          strict,
        ),
        body: Type.Object(
          {
            note: Type.Optional(Type.String({ maxLength: 2000 })),
            publicNote: Type.Optional(Type.String({ maxLength: 2000 })),
            toOrgId: Type.Optional(Type.String({ format: 'uuid' })),
            finding: Type.Optional(Finding),
            rewardYuan: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
          },
          strict,
        ),
      },
    },
    async (req) =>
      handleReport(
        app.ctx,
        actorOf(req),
        req.params.id,
        req.params.action as Parameters<typeof handleReport>[3],
        req.body as Parameters<typeof handleReport>[4],
      ),
  );

  const Day = Type.String({ format: 'date', maxLength: 10 });

  app.get(
    '/campaigns',
    { schema: { tags, summary: '自查自改活动及报送、整改进度（SUP-5）', response: problemResponses } },
    async (req) => listCampaigns(app.ctx, actorOf(req)),
  );

  app.post(
    '/campaigns',
    {
      schema: {
        tags,
        summary: '部署自查自改：辖区培训机构或考试机构在截止日前报送自查报告（SUP-5）',
        body: Type.Object(
          {
            title: Type.String({ minLength: 1, maxLength: 100 }),
            description: Type.String({ maxLength: 2000 }),
            targetKind: keysOf(CAMPAIGN_TARGETS),
            dueOn: Day,
          },
          strict,
        ),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await openCampaign(app.ctx, actorOf(req), req.body as Parameters<typeof openCampaign>[2])),
  );

  app.get(
    '/campaigns/:id',
    { schema: { tags, summary: '活动名单：未报送、逾期报送、逾期未整改（SUP-5）', params: Id } },
    async (req) => getCampaign(app.ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/self-inspections',
    { schema: { tags, summary: '本单位需报送的自查自改活动与问题清单（SUP-5）', response: problemResponses } },
    async (req) => myCampaigns(app.ctx, actorOf(req)),
  );

  app.post(
    '/campaigns/:id/report',
    {
      schema: {
        tags,
        summary: '报送自查报告：问题、整改措施、时限、责任人（SUP-5）',
        params: Id,
        body: Type.Object(
          {
            summary: Type.String({ minLength: 1, maxLength: 5000 }),
            items: Type.Array(
              Type.Object(
                {
                  problem: Type.String({ minLength: 1, maxLength: 500 }),
                  measure: Type.String({ minLength: 1, maxLength: 500 }),
                  responsible: Type.String({ minLength: 1, maxLength: 50 }),
                  dueOn: Day,
                },
                strict,
              ),
              { maxItems: 100 },
            ),
          },
          strict,
        ),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await fileSelfInspection(app.ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/self-inspection-items/:id/complete',
    {
      schema: {
        tags,
        summary: '登记整改完成（SUP-5）',
        params: Id,
        body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 1000 })) }, strict),
      },
    },
    async (req) => completeMeasure(app.ctx, actorOf(req), req.params.id, req.body),
  );

  const Target = keysOf(INSPECTION_TARGETS);
  const Year = Type.Object({ year: Type.Integer({ minimum: 2020, maximum: 2100 }) }, strict);
  const Photos = Type.Optional(
    Type.Array(Type.String({ maxLength: 8_500_000, contentEncoding: 'base64' }), { maxItems: 6 }),
  );
  const PHOTO_BODY_LIMIT = 6 * 8_500_000 + 64 * 1024;
  const FindingStandingQ = Type.Union(['open', 'overdue', 'submitted', 'closed'].map((k) => Type.Literal(k)));

  app.get(
    '/inspection-plans/:year',
    { schema: { tags, summary: '年度检查计划：已列入、未列入（应全覆盖）、完成情况（SUP-1）', params: Year } },
    async (req) => getInspectionPlan(app.ctx, actorOf(req), req.params.year),
  );

  app.post(
    '/inspection-plans/:year/entries',
    {
      schema: {
        tags,
        summary: '列入检查计划：指定对象与月份，或全部未列入的对象（SUP-1）',
        params: Year,
        body: Type.Object(
          {
            allMissing: Type.Optional(Type.Boolean()),
            entries: Type.Optional(
              Type.Array(
                Type.Object(
                  {
                    targetKind: Target,
                    targetId: Type.String({ format: 'uuid' }),
                    plannedMonth: Type.Integer({ minimum: 1, maximum: 12 }),
                  },
                  strict,
                ),
                { maxItems: 500 },
              ),
            ),
          },
          strict,
        ),
      },
    },
    async (req) =>
      addToInspectionPlan(
        app.ctx,
        actorOf(req),
        req.params.year,
        req.body as Parameters<typeof addToInspectionPlan>[3],
      ),
  );

  app.get(
    '/inspection-plans/:year/first-class',
    { schema: { tags, summary: '首期开班检查：培训机构首次开班报备后应开展的检查及完成情况（SUP-1）', params: Year } },
    async (req) => firstClassTasks(app.ctx, actorOf(req), req.params.year),
  );

  app.get(
    '/inspection-plans/:year/coverage',
    { schema: { tags, summary: '年度全面检查覆盖：每个培训机构、考试点当年是否已全面检查（SUP-1）', params: Year } },
    async (req) => annualCoverage(app.ctx, actorOf(req), req.params.year),
  );

  app.get(
    '/inspection-plans/:year/employer-risk',
    { schema: { tags, summary: '生产经营单位风险权重及本年度双随机抽取记录（SUP-1）', params: Year } },
    async (req) => employerRisk(app.ctx, actorOf(req), req.params.year),
  );

  app.post(
    '/inspection-plans/:year/draws',
    {
      schema: {
        tags,
        summary: '按风险加权随机抽取生产经营单位列入检查计划，记录随机种子以便复核（SUP-1 双随机）',
        params: Year,
        body: Type.Object(
          {
            count: Type.Integer({ minimum: 1, maximum: MAX_DRAW }),
            seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1 })),
          },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await drawEmployers(app.ctx, actorOf(req), req.params.year, req.body)),
  );

  app.get(
    '/inspection-plans/:year/reinspections',
    { schema: { tags, summary: '回头看建议：问题逾期未整改或反复出现的单位（SUP-2）', params: Year } },
    async (req) => listReinspections(app.ctx, actorOf(req), req.params.year),
  );

  app.post(
    '/inspection-plans/:year/reinspections',
    {
      schema: {
        tags,
        summary: '将回头看建议列入检查计划（全部或所选，SUP-2）',
        params: Year,
        body: Type.Object(
          { targetIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 500 })) },
          strict,
        ),
      },
    },
    async (req) => addReinspections(app.ctx, actorOf(req), req.params.year, req.body),
  );

  app.get(
    '/inspections',
    { schema: { tags, summary: '辖区现场检查记录（SUP-2）', response: problemResponses } },
    async (req) => listInspections(app.ctx, actorOf(req)),
  );

  app.post(
    '/inspections',
    {
      schema: {
        tags,
        summary: '开始现场检查：按对象生成检查表（培训机构预填基本条件核验结果，SUP-2）',
        body: Type.Object(
          {
            targetKind: Target,
            targetId: Type.String({ format: 'uuid' }),
            planEntryId: Type.Optional(Type.String({ format: 'uuid' })),
            purpose: Type.Optional(keysOf(INSPECTION_PURPOSES)),
          },
          strict,
        ),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await startInspection(app.ctx, actorOf(req), req.body as Parameters<typeof startInspection>[2])),
  );

  app.get('/inspections/:id', { schema: { tags, summary: '检查表与检查问题', params: Id } }, async (req) =>
    getInspection(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/inspections/:id/checklist/:itemId',
    {
      schema: {
        tags,
        summary: '记录检查项结果',
        params: Type.Object(
          { id: Type.String({ format: 'uuid' }), itemId: Type.String({ minLength: 1, maxLength: 100 }) },
          strict,
        ),
        body: Type.Object(
          {
            result: Type.Union([Type.Literal('ok'), Type.Literal('problem'), Type.Literal('not_applicable')]),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          strict,
        ),
      },
    },
    async (req) =>
      checkItem(app.ctx, actorOf(req), req.params.id, req.params.itemId, req.body as Parameters<typeof checkItem>[4]),
  );

  app.post(
    '/inspections/:id/findings',
    {
      bodyLimit: PHOTO_BODY_LIMIT,
      schema: {
        tags,
        summary: '登记检查问题：照片、法律依据、整改期限、责任人（SUP-2）',
        params: Id,
        body: Type.Object(
          {
            checklistItemId: Type.Optional(Type.String({ maxLength: 100 })),
            description: Type.String({ minLength: 1, maxLength: 2000 }),
            legalBasis: Type.String({ minLength: 1, maxLength: 500 }),
            deadline: Day,
            responsiblePerson: Type.String({ minLength: 1, maxLength: 50 }),
            photos: Photos,
          },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await recordFinding(app.ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    '/inspections/:id/complete',
    { schema: { tags, summary: '结束检查（每项有结果、每个问题已登记，SUP-2）', params: Id } },
    async (req) => completeInspection(app.ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/findings',
    {
      schema: {
        tags,
        summary: '辖区检查问题与整改闭环情况（含下级逾期，SUP-2）',
        querystring: Type.Object({ standing: Type.Optional(FindingStandingQ) }, strict),
      },
    },
    async (req) =>
      listJurisdictionFindings(app.ctx, actorOf(req), req.query as Parameters<typeof listJurisdictionFindings>[2]),
  );

  app.get('/my-findings', { schema: { tags, summary: '本单位需整改的检查问题（SUP-2）' } }, async (req) =>
    myFindings(app.ctx, actorOf(req)),
  );

  app.post(
    '/findings/:id/rectification',
    {
      bodyLimit: PHOTO_BODY_LIMIT,
      schema: {
        tags,
        summary: '提交整改情况与佐证照片（SUP-2）',
        params: Id,
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }), photos: Photos }, strict),
      },
    },
    async (req) => submitRectification(app.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/findings/:id/verify',
    {
      schema: {
        tags,
        summary: '核验整改：通过则闭环，不通过退回（SUP-2）',
        params: Id,
        body: Type.Object(
          {
            verdict: Type.Union([Type.Literal('accept'), Type.Literal('return')]),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          strict,
        ),
      },
    },
    async (req) =>
      verifyRectification(app.ctx, actorOf(req), req.params.id, req.body as Parameters<typeof verifyRectification>[3]),
  );

  app.get(
    '/findings/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: '检查问题或整改佐证照片',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), photoId: Type.String({ format: 'uuid' }) }, strict),
      },
    },
    async (req, reply) =>
      reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'no-store, private')
        .send(await findingPhoto(app.ctx, actorOf(req), req.params.id, req.params.photoId)),
  );

  // Spot exams on site (逢查必考, SUP-3).
  app.post(
    '/inspections/:id/spot-exams',
    {
      schema: {
        tags,
        summary: '现场抽考：按身份证号或证书编号选定在场作业人员，从该作业项目题库抽题，生成一次性抽考码（SUP-3）',
        params: Id,
        body: Type.Object(
          {
            idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
            certificateNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            itemCode: Type.String({ minLength: 1, maxLength: 20 }),
          },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await startSpotExam(app.ctx, actorOf(req), req.params.id, req.body)),
  );

  app.get(
    '/inspections/:id/spot-exams',
    { schema: { tags, summary: '本次检查的现场抽考（SUP-3）', params: Id } },
    async (req) => inspectionSpotExams(app.ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/spot-exams',
    { schema: { tags, summary: '辖区现场抽考结果：按培训机构、考试点统计（SUP-3）', response: problemResponses } },
    async (req) => listSpotExams(app.ctx, actorOf(req)),
  );

  app.get(
    '/my-spot-exam-failures',
    { schema: { tags, summary: '本单位人员现场抽考不合格名单（SUP-3）', response: problemResponses } },
    async (req) => myFailedSpotExams(app.ctx, actorOf(req)),
  );

  const SpotCode = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9]{10}$' }) }, strict);

  app.post(
    '/public/spot-exams/:code/open',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags, summary: '公开：凭一次性抽考码打开试卷（无需登录，仅可使用一次，SUP-3）', params: SpotCode },
    },
    async (req) => openSpotExam(app.ctx, req.params.code),
  );

  app.post(
    '/public/spot-exams/:code/submit',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: '公开：提交抽考答卷，服务器评分（SUP-3）',
        params: SpotCode,
        body: Type.Object(
          {
            token: Type.String({ minLength: 10, maxLength: 100 }),
            answers: Type.Array(Type.Array(Type.Integer({ minimum: 0, maximum: 9 }), { maxItems: 10 }), {
              maxItems: 100,
            }),
          },
          strict,
        ),
      },
    },
    async (req) => submitSpotExam(app.ctx, req.params.code, req.body),
  );
};

// ——— Cases and sanctions (SUP-4) ———
export const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['supervision'];
  const Id = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
  const Party = Type.Union(Object.keys(PARTY_KINDS).map((k) => Type.Literal(k)));
  const Sanction = Type.Union(Object.keys(SANCTION_KINDS).map((k) => Type.Literal(k)));
  const CaseStatus = Type.Union(Object.keys(CASE_STATUSES).map((k) => Type.Literal(k)));

  app.get('/violations', { schema: { tags, summary: '违法行为目录：法律依据与可适用的处罚（SUP-4）' } }, async () =>
    violationCatalogue(),
  );

  app.get(
    '/cases',
    {
      schema: {
        tags,
        summary: '辖区执法案件（SUP-4）',
        querystring: Type.Object(
          {
            status: Type.Optional(CaseStatus),
            source: Type.Optional(Type.Union(Object.keys(CASE_SOURCES).map((k) => Type.Literal(k)))),
            sourceRef: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => listCases(app.ctx, actorOf(req), req.query as Parameters<typeof listCases>[2]),
  );

  app.post(
    '/cases',
    {
      schema: {
        tags,
        summary: '立案：直接立案，或由检查问题、群众举报、入场人证不符记录立案（SUP-4）',
        body: Type.Object(
          {
            source: Type.Union([
              Type.Literal('manual'),
              Type.Literal('finding'),
              Type.Literal('report'),
              Type.Literal('door'),
            ]),
            sourceId: Type.Optional(Type.String({ format: 'uuid' })),
            partyKind: Type.Optional(Party),
            partyId: Type.Optional(Type.String({ format: 'uuid' })),
            principalName: Type.Optional(Type.String({ maxLength: 30 })),
            violationCode: Type.String({ minLength: 1, maxLength: 20 }),
            facts: Type.String({ minLength: 1, maxLength: 5000 }),
            evidence: Type.Optional(
              Type.Array(
                Type.Object(
                  { label: Type.String({ minLength: 1, maxLength: 200 }), ref: Type.String({ maxLength: 200 }) },
                  { additionalProperties: false },
                ),
                { maxItems: 30 },
              ),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await openCase(app.ctx, actorOf(req), req.body as Parameters<typeof openCase>[2])),
  );

  app.get(
    '/cases/:id',
    { schema: { tags, summary: '案件详情：当事人、证据、决定与办理记录', params: Id } },
    async (req) => getCase(app.ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/cases/:id/examiners',
    { schema: { tags, summary: '当事考试点所属考试机构的考评员（供取消考评员资格，SUP-4）', params: Id } },
    async (req) => caseExaminers(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/cases/:id/act',
    {
      schema: {
        tags,
        summary: '建议立案转立案，或不予立案／撤销（SUP-4）',
        params: Id,
        body: Type.Object(
          {
            action: Type.Union([Type.Literal('open'), Type.Literal('dismiss')]),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => actOnCase(app.ctx, actorOf(req), req.params.id, req.body as Parameters<typeof actOnCase>[3]),
  );

  app.post(
    '/cases/:id/decision',
    {
      schema: {
        tags,
        summary: '作出处罚决定：措施须在目录范围内，罚款须在裁量幅度内（SUP-4）',
        params: Id,
        body: Type.Object(
          {
            sanctions: Type.Array(Sanction, { minItems: 1, maxItems: 8 }),
            fineYuan: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
            principalFineYuan: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
            suspendMonths: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
            examinerStaffId: Type.Optional(Type.String({ format: 'uuid' })),
            principalName: Type.Optional(Type.String({ maxLength: 30 })),
            reasoning: Type.String({ minLength: 1, maxLength: 5000 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => decideCase(app.ctx, actorOf(req), req.params.id, req.body as Parameters<typeof decideCase>[3]),
  );

  app.post(
    '/cases/:id/publish',
    { schema: { tags, summary: '公示处罚决定（行政处罚信息公示，仅限已作出决定的案件，SUP-7）', params: Id } },
    async (req) => publishCase(app.ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/public/penalties',
    {
      schema: {
        tags,
        summary: '公开：行政处罚信息公示（无需登录，SUP-7）',
        querystring: Type.Object(
          { regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => listPublishedPenalties(await readContext(app.ctx), req.query as { regionCode?: string }),
  );

  const Year = Type.Object({ year: Type.Integer({ minimum: 2020, maximum: 2100 }) }, { additionalProperties: false });
  app.get(
    '/ratings/:year',
    { schema: { tags, summary: '培训机构年度积分考核与 ABCD 评级（由记录的事实计算，INS-5）', params: Year } },
    async (req) => listRatings(app.ctx, actorOf(req), req.params.year),
  );
  app.get(
    '/ratings/:year/:orgId',
    {
      schema: {
        tags,
        summary: '单个机构的扣分明细及对应事实（INS-5）',
        params: Type.Object(
          { year: Type.Integer({ minimum: 2020, maximum: 2100 }), orgId: Type.String({ format: 'uuid' }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => getRating(app.ctx, actorOf(req), req.params.year, req.params.orgId),
  );
  app.post(
    '/ratings/:year/publish',
    { schema: { tags, summary: '公布年度评级：在公开名单中显示（INS-5、SUP-7）', params: Year } },
    async (req) => publishRatings(app.ctx, actorOf(req), req.params.year),
  );
  // EXM-11: exam sites' annual grade; INS-5: self-assessment and third-party assessment.
  const YearSite = Type.Object(
    { year: Type.Integer({ minimum: 2020, maximum: 2100 }), siteId: Type.String({ format: 'uuid' }) },
    strict,
  );
  const YearOrg = Type.Object(
    { year: Type.Integer({ minimum: 2020, maximum: 2100 }), orgId: Type.String({ format: 'uuid' }) },
    strict,
  );
  app.get(
    '/site-ratings/:year',
    { schema: { tags, summary: '考试点年度积分与评级（由记录的事实计算，EXM-11）', params: Year } },
    async (req) => listSiteRatings(app.ctx, actorOf(req), req.params.year),
  );
  app.get(
    '/site-ratings/:year/:siteId',
    { schema: { tags, summary: '单个考试点的扣分明细及对应事实（EXM-11）', params: YearSite } },
    async (req) => getSiteRating(app.ctx, actorOf(req), req.params.year, req.params.siteId),
  );
  app.get(
    '/public/exam-site-ratings',
    { schema: { tags, summary: '公开：考试点已公布的年度评级（SUP-7）' } },
    async () => publicSiteRatings(await readContext(app.ctx)),
  );
  app.put(
    '/ratings/:year/:orgId/third-party',
    {
      schema: {
        tags,
        summary: '登记第三方评估结果（评估机构、得分或等级、报告、日期，INS-5）',
        params: YearOrg,
        body: Type.Object(
          {
            assessor: Type.String({ minLength: 1, maxLength: 100 }),
            score: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()])),
            grade: Type.Optional(
              Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D'), Type.Null()]),
            ),
            reportRef: Type.String({ minLength: 1, maxLength: 300 }),
            assessedOn: Type.String({ format: 'date' }),
          },
          strict,
        ),
      },
    },
    async (req) => recordThirdPartyAssessment(app.ctx, actorOf(req), req.params.year, req.params.orgId, req.body),
  );
  app.get(
    '/self-assessments/:year',
    { schema: { tags, summary: '本机构年度自评（INS-5）', params: Year } },
    async (req) => getSelfAssessment(app.ctx, actorOf(req), req.params.year),
  );
  app.put(
    '/self-assessments/:year',
    {
      schema: {
        tags,
        summary: '填报或修改年度自评：评级公布前可改（INS-5）',
        params: Year,
        body: Type.Object(
          {
            scores: Type.Array(
              Type.Object(
                {
                  dimension: keysOf(SELF_ASSESSMENT_DIMENSIONS),
                  score: Type.Integer({ minimum: 0, maximum: 100 }),
                  evidence: Type.String({ minLength: 1, maxLength: 1000 }),
                },
                strict,
              ),
              { minItems: 1, maxItems: 10 },
            ),
            summary: Type.String({ maxLength: 2000 }),
          },
          strict,
        ),
      },
    },
    async (req) => saveSelfAssessment(app.ctx, actorOf(req), req.params.year, req.body),
  );

  app.post(
    '/sanctions/:id/lift',
    {
      schema: {
        tags,
        summary: '解除处罚措施（暂停、取消、淘汰、取消考评员资格），恢复业务（SUP-4）',
        params: Id,
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
      },
    },
    async (req) => liftSanction(app.ctx, actorOf(req), req.params.id, req.body),
  );
};
