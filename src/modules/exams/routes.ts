// HTTP ↔ exams use cases (EXM-1..9): thin handlers, JSON schemas on every route.
import { bookMyself, openSessionsForMe } from './self-booking.js';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import { badRequest } from '../../kernel/problem.js';
import { sessionGuardOf } from '../accounts/index.js';
import { examGovernanceRoutes } from './governance-routes.js';
import { centreFilingRoutes } from './centre-filing-routes.js';
import { getBank, getBankSummary, importQuestions, importQuestionWorkbook, setBlueprint } from './bank.js';
import {
  bookCandidate,
  createSession,
  deleteSession,
  updateSession,
  decidePlan,
  filePlan,
  findPlans,
  findSessions,
  getSessionRoster,
} from './plans.js';
import { addArchiveRef, getPracticalStandard, getSessionArchive, publishResults, recordSheet } from './practical.js';
import { ACCEPTANCE_CHECKLIST } from './rules.js';
import { listStaff, registerStaff } from './staff.js';
import { assignChiefExaminer, deactivateStaff, updateStaff } from './staff-admin.js';
import {
  IMPORT_BODY_LIMIT,
  MAX_IMPORT_ROWS,
  getVendorMapping,
  importAttempts,
  listAttemptImports,
  readAttemptCsv,
  saveVendorMapping,
} from './imports.js';
import { acceptSite, createSite, findSites, getSite, publicSites, recordSiteFinding } from './sites.js';
import { doorCheck } from './door.js';
import {
  applyForSite,
  fileSiteApplication,
  findSiteApplications,
  getSiteApplication,
  reviewSiteApplication,
} from './site-applications.js';
import { EVENT_KINDS, admissionTicket, getPaper, myBookings, recordEvents, startPaper, submitPaper } from './theory.js';
import { readContext } from '../../kernel/context.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ItemCode = Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', maxLength: 5 });
const ItemParam = Type.Object({ code: ItemCode });
const Kind = Type.Union([Type.Literal('judge'), Type.Literal('single'), Type.Literal('multiple')]);
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Section = Type.Object(
  {
    kind: Kind,
    knowledgePoint: Type.Union([Text(40), Type.Null()]),
    count: Type.Integer({ minimum: 1, maximum: 200 }),
    points: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);
const Room = Type.Object(
  { name: Text(50), seats: Type.Integer({ minimum: 1, maximum: 1000 }) },
  { additionalProperties: false },
);
const Station = Type.Object(
  {
    name: Text(50),
    itemCodes: Type.Array(ItemCode, { minItems: 1, maxItems: 50 }),
    real: Type.Boolean(),
    // EXM-2: the owner when the equipment is leased or lent (GB 32100, checked by the service).
    ownerCreditCode: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
    ownerName: Type.Optional(Text(100)),
  },
  { additionalProperties: false },
);
const Checks = Type.Array(
  Type.Object(
    {
      code: Type.Union(ACCEPTANCE_CHECKLIST.map((c) => Type.Literal(c.code))),
      passed: Type.Boolean(),
      note: Type.Optional(Text(200, 0)),
    },
    { additionalProperties: false },
  ),
  { maxItems: 20 },
);
const ApplicationStatus = Type.Union([
  Type.Literal('submitted'),
  Type.Literal('city_approved'),
  Type.Literal('filed'),
  Type.Literal('returned'),
]);
const PlanLine = Type.Object(
  {
    siteId: Type.String({ format: 'uuid' }),
    itemCode: ItemCode,
    date: Type.String({ format: 'date' }),
    capacity: Type.Integer({ minimum: 1, maximum: 1000 }),
  },
  { additionalProperties: false },
);
const AnswerEvent = Type.Object(
  {
    clientSeq: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    kind: Type.Union(EVENT_KINDS.map((k) => Type.Literal(k))),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    selected: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 10 }), { maxItems: 10 })),
    clientAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  },
  { additionalProperties: false },
);

export const examRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['exams'];
  await app.register(examGovernanceRoutes);
  await app.register(centreFilingRoutes);
  // .xlsx uploads (the question bank) arrive as the raw file and stay a stream: the bank import writes it
  // to disk under its own caps and inspects it before reading (issue 18, kernel/imports).
  app.addContentTypeParser(XLSX, (_req, payload, done) => done(null, payload));
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  app.get(
    '/public/exam-sites',
    {
      schema: {
        tags,
        summary: '公开：已验收的考试点名单（EXM-1）',
        querystring: Type.Object(
          { regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => publicSites(await readContext(app.ctx), req.query.regionCode),
  );

  // ---- question bank and blueprint (EXM-6)
  app.get(
    '/exams/bank',
    { schema: { tags, summary: '题库概况（各项目题量）', response: problemResponses } },
    async (req) => getBankSummary(app.ctx, actorOf(req)),
  );
  app.get(
    '/exams/bank/:code',
    { schema: { tags, summary: '某项目的现行题目与组卷规则', params: ItemParam, response: problemResponses } },
    async (req) => getBank(app.ctx, actorOf(req), req.params.code),
  );
  app.post(
    '/exams/bank/:code/import',
    {
      schema: {
        tags,
        summary: '导入题目（JSON 数组；逐行报告错误；修改即新版本）',
        params: ItemParam,
        body: Type.Object(
          { questions: Type.Array(Type.Unknown(), { maxItems: 5000 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => importQuestions(app.ctx, actorOf(req), req.params.code, req.body.questions, 'json'),
  );
  app.post(
    '/exams/bank/:code/import-xlsx',
    { schema: { tags, summary: `导入题目（.xlsx 文件原文，Content-Type: ${XLSX}）`, params: ItemParam } },
    async (req) => importQuestionWorkbook(app.ctx, actorOf(req), req.params.code, req.body as Readable),
  );
  app.put(
    '/exams/bank/:code/blueprint',
    {
      schema: {
        tags,
        summary: '发布本省组卷规则与合格线的新版本（自生效日期起适用，合格线不低于 80）',
        params: ItemParam,
        body: Type.Object(
          {
            sections: Type.Array(Section, { minItems: 1, maxItems: 30 }),
            timeLimitMinutes: Type.Integer({ minimum: 10, maximum: 300 }),
            theoryPassMark: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            practicalPassMark: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            effectiveFrom: Type.Optional(Type.String({ format: 'date', maxLength: 10 })),
            note: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => setBlueprint(app.ctx, actorOf(req), req.params.code, req.body),
  );

  // ---- sites (EXM-1, EXM-2, EXM-9, EXM-11)
  app.get('/exams/sites', { schema: { tags, summary: '考试点（含状态）', response: problemResponses } }, async (req) =>
    findSites(app.ctx, actorOf(req)),
  );
  app.get(
    '/exams/sites/:id',
    { schema: { tags, summary: '考试点详情', params: Id, response: problemResponses } },
    async (req) => getSite(app.ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/exams/sites',
    {
      schema: {
        tags,
        summary: '申请设立考试点（市级审核验收、省级备案后方可使用）',
        body: Type.Object(
          {
            name: Text(100, 2),
            address: Text(200, 4),
            regionCode: Type.String({ pattern: '^\\d{6}$' }),
            operatorOrgId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
            rooms: Type.Array(Room, { minItems: 1, maxItems: 50 }),
            stations: Type.Array(Station, { maxItems: 200 }),
            itemCodes: Type.Array(ItemCode, { minItems: 1, maxItems: 60 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await createSite(app.ctx, actorOf(req), req.body)),
  );
  app.post(
    '/exams/sites/:id/acceptance',
    {
      schema: {
        tags,
        summary: '市级审核验收考试点（逐项核查；全部通过即报省级备案，否则退回）',
        params: Id,
        body: Type.Object(
          {
            checks: Checks,
            remarks: Type.Optional(Text(500, 0)),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => acceptSite(app.ctx, actorOf(req), req.params.id, req.body.checks, req.body.remarks),
  );

  // ---- the chain of a site's set-up and changes (EXM-1, seed 004 §8): centre → city → province
  app.get(
    '/exams/site-applications',
    {
      schema: {
        tags,
        summary: '考试点设立/变更申请：考试机构看本机构的，市级、省级看辖区的审核与备案队列',
        querystring: Type.Object({ status: Type.Optional(ApplicationStatus) }, { additionalProperties: false }),
        response: problemResponses,
      },
    },
    async (req) => findSiteApplications(app.ctx, actorOf(req), req.query),
  );
  app.get(
    '/exams/site-applications/:id',
    { schema: { tags, summary: '考试点申请详情', params: Id, response: problemResponses } },
    async (req) => getSiteApplication(app.ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/exams/sites/:id/applications',
    {
      schema: {
        tags,
        summary: '申请变更考试点（或退回后重新申请设立）',
        params: Id,
        body: Type.Object(
          {
            name: Text(100, 2),
            address: Text(200, 4),
            operatorOrgId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
            rooms: Type.Array(Room, { minItems: 1, maxItems: 50 }),
            stations: Type.Array(Station, { maxItems: 200 }),
            itemCodes: Type.Array(ItemCode, { minItems: 1, maxItems: 60 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await applyForSite(app.ctx, actorOf(req), req.params.id, {
          ...req.body,
          operatorOrgId: req.body.operatorOrgId ?? null,
        }),
      ),
  );
  app.post(
    '/exams/site-applications/:id/review',
    {
      schema: {
        tags,
        summary: '市级审核验收考试点申请（通过并附意见，或退回并说明理由）',
        params: Id,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('approve'), Type.Literal('return')]),
            checks: Checks,
            remarks: Type.Optional(Text(500, 0)),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => reviewSiteApplication(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/exams/site-applications/:id/filing',
    {
      schema: {
        tags,
        summary: '省级备案考试点申请（备案并编号，或退回并说明理由）',
        params: Id,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('file'), Type.Literal('return')]),
            filingNumber: Type.Optional(Text(50, 0)),
            remarks: Type.Optional(Text(500, 0)),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => fileSiteApplication(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/exams/sites/:id/findings',
    {
      schema: {
        tags,
        summary: '记录设施检查不合格或查实大面积舞弊（EXM-11）',
        params: Id,
        body: Type.Object(
          { finding: Type.Union([Type.Literal('facilities_failed'), Type.Literal('cheating_confirmed')]) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => recordSiteFinding(app.ctx, actorOf(req), req.params.id, req.body.finding),
  );

  // ---- plans and sessions (EXM-3)
  app.get(
    '/exams/plans',
    {
      schema: {
        tags,
        summary: '考试计划（新报备的在前；按名称搜索、按状态筛选）',
        querystring: PagedQuery({
          q: Type.Optional(Type.String({ maxLength: 50 })),
          status: Type.Optional(
            Type.Union([Type.Literal('submitted'), Type.Literal('approved'), Type.Literal('rejected')]),
          ),
        }),
        response: problemResponses,
      },
    },
    async (req) => findPlans(app.ctx, actorOf(req), req.query),
  );
  app.post(
    '/exams/plans',
    {
      schema: {
        tags,
        summary: '报备考试计划',
        body: Type.Object(
          {
            title: Text(100, 2),
            regulatorOrgId: Type.String({ format: 'uuid' }),
            lines: Type.Array(PlanLine, { minItems: 1, maxItems: 200 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await filePlan(app.ctx, actorOf(req), req.body)),
  );
  app.post(
    '/exams/plans/:id/decision',
    {
      schema: {
        tags,
        summary: '审批考试计划',
        params: Id,
        body: Type.Object(
          { approve: Type.Boolean(), note: Type.Optional(Text(500, 0)) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => decidePlan(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/exams/sessions',
    {
      schema: {
        tags,
        summary: '按已批准计划安排考试场次',
        body: Type.Object(
          {
            planId: Type.String({ format: 'uuid' }),
            line: Type.Integer({ minimum: 0, maximum: 199 }),
            startTime: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await createSession(app.ctx, actorOf(req), req.body)),
  );
  app.get(
    '/exams/sessions',
    {
      schema: {
        tags,
        summary: '考试场次（开考时间新的在前；按考试点名称、项目、日期筛选）',
        querystring: PagedQuery({
          q: Type.Optional(Type.String({ maxLength: 50 })),
          itemCode: Type.Optional(ItemCode),
          from: Type.Optional(Type.String({ format: 'date' })),
          to: Type.Optional(Type.String({ format: 'date' })),
        }),
        response: problemResponses,
      },
    },
    async (req) => findSessions(app.ctx, actorOf(req), req.query),
  );
  app.put(
    '/exams/sessions/:id',
    {
      schema: {
        tags,
        summary: '修改考试场次开考时间（尚无考生报名时）',
        params: Id,
        body: Type.Object(
          { startTime: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => updateSession(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/exams/sessions/:id',
    {
      schema: { tags, summary: '删除考试场次（尚无考生报名时）', params: Id, response: problemResponses },
    },
    async (req) => deleteSession(app.ctx, actorOf(req), req.params.id),
  );
  app.get(
    '/exams/sessions/:id',
    { schema: { tags, summary: '场次与考生名单', params: Id, response: problemResponses } },
    async (req) => getSessionRoster(app.ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/exams/sessions/:id/bookings',
    {
      schema: {
        tags,
        summary: '为考生报名（按提交顺序分配座位）；离岗 6 个月以上的持证人员可报离岗复考（仅实操）',
        params: Id,
        body: Type.Object(
          {
            workerId: Type.String({ format: 'uuid' }),
            purpose: Type.Optional(Type.Union([Type.Literal('certification'), Type.Literal('return_to_work')])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await bookCandidate(app.ctx, actorOf(req), req.params.id, req.body)),
  );

  // ---- door check and theory exam (EXM-5, EXM-6)
  app.post(
    '/exams/bookings/:id/door-check',
    {
      schema: {
        tags,
        summary: '入场核验（身份证号 + 人脸）',
        params: Id,
        body: Type.Object(
          { idNumber: Text(18, 15), photo: Type.String({ maxLength: 700_000 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => doorCheck(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/exams/my-bookings',
    { schema: { tags, summary: '本人的考试预约与成绩', response: problemResponses } },
    async (req) => myBookings(app.ctx, actorOf(req)),
  );
  // Issue 22: the candidate books their own exam on the phone (TRN-5, TRN-6, EXM-3).
  app.get(
    '/exams/my-open-sessions',
    { schema: { tags, summary: '本人可报名的考试场次（按培训或直接报考资格）', response: problemResponses } },
    async (req) => openSessionsForMe(app.ctx, actorOf(req)),
  );
  app.post(
    '/exams/my-bookings',
    {
      schema: {
        tags,
        summary: '本人报名考试（按提交顺序分配座位，TRN-5 / TRN-6）',
        body: Type.Object({ sessionId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.status(201).send(await bookMyself(app.ctx, actorOf(req), req.body)),
  );
  app.get(
    '/exams/bookings/:id/ticket',
    { schema: { tags, summary: '准考证（本人，已分配座位的报名）', params: Id, response: problemResponses } },
    async (req) => admissionTicket(app.ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/exams/bookings/:id/paper',
    { schema: { tags, summary: '开始作答（首次进入时组卷）', params: Id } },
    async (req) => startPaper(app.ctx, actorOf(req), req.params.id),
  );
  app.get(
    '/exams/papers/:id',
    { schema: { tags, summary: '试卷与已保存的作答', params: Id, response: problemResponses } },
    async (req) => getPaper(app.ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/exams/papers/:id/events',
    {
      // Issue 18: every candidate posts here every few seconds; the session is checked in the
      // insert's own statement (accounts/hot-session.ts) instead of being read first.
      config: { sessionCheckedInStatement: true },
      schema: {
        tags,
        summary: '作答事件（提交后即持久化再确认）',
        params: Id,
        body: Type.Object(
          { events: Type.Array(AnswerEvent, { minItems: 1, maxItems: 200 }) },
          { additionalProperties: false },
        ),
      },
    },
    // INT-5: the exam computer's id (set by the exam client) and the address are kept with the events.
    async (req) =>
      recordEvents(app.ctx, actorOf(req), req.params.id, req.body.events, {
        ip: req.ip,
        deviceId: typeof req.headers['x-exam-device'] === 'string' ? req.headers['x-exam-device'] : null,
        session: sessionGuardOf(req),
      }),
  );
  app.post(
    '/exams/papers/:id/submit',
    {
      schema: {
        tags,
        summary: '交卷并评分',
        params: Id,
        body: Type.Object(
          {
            clientSeq: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
            answers: Type.Array(
              Type.Object(
                {
                  position: Type.Integer({ minimum: 0, maximum: 1000 }),
                  selected: Type.Array(Type.Integer({ minimum: 0, maximum: 10 }), { maxItems: 10 }),
                },
                { additionalProperties: false },
              ),
              { maxItems: 1000 },
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => submitPaper(app.ctx, actorOf(req), req.params.id, req.body),
  );

  // ---- practical exam, session archive, results (EXM-7, EXM-8, EXM-10)
  app.get(
    '/exams/standards/:code',
    {
      schema: {
        tags,
        summary: '实操考试科目与评分标准（本省现行版本）',
        params: ItemParam,
        response: problemResponses,
      },
    },
    async (req) => {
      // EXM-7: the standard of the caller's province (a province keeps its own, CAT-2).
      return getPracticalStandard(app.ctx, req.params.code, actorOf(req).regionCode);
    },
  );
  app.post(
    '/exams/bookings/:id/practical-sheet',
    {
      schema: {
        tags,
        summary: '提交实操评分表（逐科目扣分）',
        params: Id,
        body: Type.Object(
          {
            subjects: Type.Array(
              Type.Object(
                {
                  code: Text(4),
                  deductions: Type.Array(
                    Type.Object(
                      { points: Type.Number({ exclusiveMinimum: 0, maximum: 100 }), reason: Text(200) },
                      { additionalProperties: false },
                    ),
                    { maxItems: 50 },
                  ),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 10 },
            ),
            station: Type.Optional(Text(50)),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await recordSheet(app.ctx, actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/exams/sessions/:id/archive',
    { schema: { tags, summary: '场次档案（视频、纸质）与完整性', params: Id, response: problemResponses } },
    async (req) => getSessionArchive(app.ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/exams/sessions/:id/archive',
    {
      schema: {
        tags,
        summary: '登记场次档案（视频或纸质档案的存放位置）',
        params: Id,
        body: Type.Object(
          { kind: Type.Union([Type.Literal('video'), Type.Literal('paper')]), label: Text(100), reference: Text(500) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await addArchiveRef(app.ctx, actorOf(req), req.params.id, req.body)),
  );
  // ---- finished attempts from another vendor's exam software (EXM-6; format: docs/exam-import.md)
  app.get(
    '/exams/attempt-imports',
    { schema: { tags, summary: '外部考试系统作答导入记录', response: problemResponses } },
    async (req) => listAttemptImports(app.ctx, actorOf(req)),
  );
  const Codes = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 100 }), { maxProperties: 5000 });
  app.get(
    '/exams/attempt-imports/mappings/:vendor',
    {
      schema: {
        tags,
        summary: '外部考试系统的列名与考点、场次代码对照表（每个厂商保存一次）',
        params: Type.Object({ vendor: Text(50) }),
        response: problemResponses,
      },
    },
    async (req) => getVendorMapping(app.ctx, actorOf(req), req.params.vendor),
  );
  app.put(
    '/exams/attempt-imports/mappings/:vendor',
    {
      schema: {
        tags,
        summary: '保存外部考试系统的列名与考点、场次代码对照表',
        params: Type.Object({ vendor: Text(50) }),
        body: Type.Object(
          { headers: Codes, sites: Codes, sessions: Codes, candidates: Type.Optional(Codes) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => saveVendorMapping(app.ctx, actorOf(req), req.params.vendor, req.body),
  );
  app.post(
    '/exams/attempt-imports',
    {
      // Issue 20: the documented 20,000 rows fit (a JSON row is ~300 bytes); the default 1 MB stays for every other route.
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '导入外部考试系统作答（JSON；逐行报告错误；整份作答要么全部导入要么不导入）',
        body: Type.Object(
          { vendor: Text(50), rows: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_IMPORT_ROWS }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) =>
      importAttempts(app.ctx, actorOf(req), { vendor: req.body.vendor, rows: req.body.rows, format: 'json' }),
  );
  app.post(
    '/exams/attempt-imports/csv',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '导入外部考试系统作答（CSV 原文，Content-Type: text/csv，UTF-8，首行为列名）',
        querystring: Type.Object({ vendor: Text(50) }, { additionalProperties: false }),
      },
    },
    async (req) => {
      if (!Buffer.isBuffer(req.body)) throw badRequest('请以 Content-Type: text/csv 上传 CSV 文件。');
      return importAttempts(app.ctx, actorOf(req), {
        vendor: req.query.vendor,
        rows: readAttemptCsv(req.body),
        format: 'csv',
      });
    },
  );

  // ---- personnel database of proctors and examiners (EXM-4, EXM-2)
  const StaffFields = {
    name: Text(50, 2),
    duties: Type.Array(Type.Union([Type.Literal('proctor'), Type.Literal('examiner')]), {
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
    }),
    employer: Type.Union([Type.Literal('exam_centre'), Type.Literal('regulator'), Type.Literal('other')]),
    username: Type.Optional(Type.Union([Text(64, 0), Type.Null()])),
    training: Type.Array(
      Type.Object(
        { date: Type.String({ format: 'date' }), course: Text(100), organiser: Text(100), passed: Type.Boolean() },
        { additionalProperties: false },
      ),
      { maxItems: 50 },
    ),
    certificates: Type.Array(
      Type.Object(
        {
          number: Text(40),
          holderName: Text(50),
          itemCodes: Type.Array(ItemCode, { minItems: 1, maxItems: 20, uniqueItems: true }),
          validUntil: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
  };
  app.get(
    '/exams/staff',
    { schema: { tags, summary: '考务人员库（监考员、考评员，含培训记录与证书核验）', response: problemResponses } },
    async (req) => listStaff(app.ctx, actorOf(req)),
  );
  app.post(
    '/exams/staff',
    {
      schema: {
        tags,
        summary: '登记考务人员（EXM-4；考评员须持相应类别证书，不得兼任培训教师 EXM-2）',
        // The registration's fields are the record's, plus the ID number, which is fixed once registered.
        body: Type.Object({ ...StaffFields, idNumber: Text(18, 15) }, { additionalProperties: false }),
      },
    },
    async (req, reply) => reply.status(201).send(await registerStaff(app.ctx, actorOf(req), req.body)),
  );

  app.put(
    '/exams/staff/:id',
    {
      schema: {
        tags,
        summary: '修改考务人员记录（EXM-4；身份证号不可改）',
        params: Id,
        body: Type.Object(StaffFields, { additionalProperties: false }),
      },
    },
    async (req) => updateStaff(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/exams/staff/:id/deactivate',
    {
      schema: {
        tags,
        summary: '停用考务人员（保留历史记录，EXM-4）',
        params: Id,
        body: Type.Object({ reason: Text(200, 2) }, { additionalProperties: false }),
      },
    },
    async (req) => deactivateStaff(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.put(
    '/exams/sessions/:id/chief-examiner',
    {
      schema: {
        tags,
        summary: '指定场次主考（须为监管部门或考试机构人员，EXM-4）',
        params: Id,
        body: Type.Object({ staffId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
      },
    },
    async (req) => assignChiefExaminer(app.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/exams/sessions/:id/publish',
    { schema: { tags, summary: '发布成绩（档案完整、评分齐全后）', params: Id } },
    async (req) => publishResults(app.ctx, actorOf(req), req.params.id),
  );
};
