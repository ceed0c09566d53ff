import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf, problemResponses } from '../../kernel/http.js';
import { exportTeacherCertificates } from './export.js';
import { MANAGEMENT_RULES, ONLINE_PLATFORM_FUNCTIONS } from './rules.js';
import {
  addTeacher,
  deleteTeacher,
  getFiling,
  listFilingsFor,
  listMyTeachers,
  listPublicInstitutions,
  myInstitution,
  recordFiling,
  reviewFiling,
  submitFiling,
} from './service.js';
import { readContext } from '../../kernel/context.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Bool = Type.Union([Type.Boolean(), Type.Null()]);
const Num = (max: number) => Type.Union([Type.Number({ minimum: 0, maximum: max }), Type.Null()]);
const Education = Type.Union([
  ...['primary', 'junior_high', 'senior_high', 'college', 'bachelor', 'postgraduate'].map((e) => Type.Literal(e)),
  Type.Null(),
]);
const Name = Type.String({ minLength: 1, maxLength: 30 });
const CategoryCode = Type.String({ pattern: '^\\d{1,2}$', maxLength: 2 });
const strict = { additionalProperties: false } as const;

const Facts = Type.Object(
  {
    premises: Type.Object(
      {
        tenure: Type.Union([Type.Literal('owned'), Type.Literal('leased'), Type.Null()]),
        leaseYears: Num(100),
        exits: Num(100),
        theoryRoomCapacity: Num(10_000),
        theoryRoomAreaM2: Num(100_000),
        fireAcceptance: Bool,
        prohibitedLocation: Bool,
        multimedia: Bool,
        practicalSiteAdequate: Bool,
      },
      strict,
    ),
    managers: Type.Array(
      Type.Object(
        {
          name: Name,
          education: Education,
          labourContract: Bool,
          retired: Bool,
          idNumber: Type.Optional(Type.Union([Type.String({ maxLength: 18 }), Type.Null()])),
        },
        strict,
      ),
      { maxItems: 100 },
    ),
    equipment: Type.Object(
      {
        identityAttendance: Bool,
        cctvRecorded: Bool,
        cctvNoBlindSpots: Bool,
        emergencySupplies: Bool,
        practicalLedger: Bool,
        practical: Type.Array(
          Type.Object(
            {
              categoryCode: CategoryCode,
              kind: Type.Union([
                Type.Literal('real'),
                Type.Literal('physical_simulation'),
                Type.Literal('full_simulation'),
              ]),
              tenure: Type.Union([Type.Literal('owned'), Type.Literal('leased')]),
              leaseYears: Num(100),
            },
            strict,
          ),
          { maxItems: 200 },
        ),
      },
      strict,
    ),
    emergencyPlans: Type.Object(
      { fire: Type.Boolean(), stampede: Type.Boolean(), electricShock: Type.Boolean(), evacuationContent: Bool },
      strict,
    ),
    managementRules: Type.Array(Type.Union(MANAGEMENT_RULES.map(([code]) => Type.Literal(code))), {
      maxItems: 20,
      uniqueItems: true,
    }),
    // INS-2 (AQ 8011 annex 四、六): optional in the schema so a filing without them is judged 未填报, in words.
    teaching: Type.Optional(
      Type.Object(
        {
          evaluationMechanism: Bool,
          materialsReviewed: Bool,
          onlinePlatform: Type.Union([
            Type.Literal('none'),
            Type.Literal('provincial'),
            Type.Literal('own'),
            Type.Null(),
          ]),
          ownPlatformFunctions: Type.Array(Type.Union(ONLINE_PLATFORM_FUNCTIONS.map((f) => Type.Literal(f))), {
            maxItems: 13,
            uniqueItems: true,
          }),
          onlineCoursesReviewed: Bool,
        },
        strict,
      ),
    ),
    archives: Type.Optional(
      Type.Object(
        {
          storage: Type.Union([Type.Literal('paper'), Type.Literal('electronic'), Type.Literal('both'), Type.Null()]),
          archiveRoom: Bool,
        },
        strict,
      ),
    ),
  },
  strict,
);

const TeacherBody = Type.Object(
  {
    name: Name,
    kinds: Type.Array(
      Type.Union([Type.Literal('offline_theory'), Type.Literal('online_theory'), Type.Literal('practical')]),
      { minItems: 1, maxItems: 3, uniqueItems: true },
    ),
    fullTime: Type.Boolean(),
    categoryCodes: Type.Array(CategoryCode, { minItems: 1, maxItems: 20, uniqueItems: true }),
    education: Education,
    practiceYears: Type.Union([Type.Integer({ minimum: 0, maximum: 70 }), Type.Null()]),
    labourContract: Bool,
    retired: Bool,
    registeredSafetyEngineer: Type.Boolean(),
    seniorTitle: Type.Boolean(),
    intermediateSkillCertificate: Type.Boolean(),
    certificates: Type.Array(
      Type.Object(
        {
          categoryCode: CategoryCode,
          number: Type.String({ minLength: 1, maxLength: 40 }),
          validUntil: Type.String({ format: 'date' }),
        },
        strict,
      ),
      { maxItems: 20 },
    ),
    idNumber: Type.Optional(Type.Union([Type.String({ maxLength: 18 }), Type.Null()])),
  },
  strict,
);

export const institutionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['institutions'];

  app.get(
    '/public/institutions',
    { schema: { tags, summary: '已备案培训机构名单（公开，无需登录，INS-1）' } },
    async () => listPublicInstitutions(await readContext(app.ctx)),
  );

  app.get(
    '/institutions/me',
    { schema: { tags, summary: '本机构备案情况与基本条件（INS-1、INS-2）', response: problemResponses } },
    async (req) => myInstitution(app.ctx, actorOf(req)),
  );

  app.post(
    '/institutions/filings',
    {
      schema: {
        tags,
        summary: '提交备案申请（INS-1）',
        body: Type.Object(
          {
            scope: Type.Array(Type.String({ pattern: '^\\d{1,2}\\.\\d{1,2}$', maxLength: 5 }), {
              minItems: 1,
              maxItems: 100,
            }),
            facts: Facts,
          },
          strict,
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await submitFiling(app.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/institutions/filings',
    {
      schema: {
        tags,
        summary: '备案申请列表（机构本身或辖区）',
        querystring: Type.Object(
          {
            status: Type.Optional(
              Type.Union(['submitted', 'reviewed', 'returned', 'filed', 'superseded'].map((s) => Type.Literal(s))),
            ),
          },
          strict,
        ),
        response: problemResponses,
      },
    },
    async (req) => listFilingsFor(app.ctx, actorOf(req), req.query),
  );

  app.get(
    '/institutions/filings/:id',
    { schema: { tags, summary: '备案申请详情及基本条件核查结果', params: Id, response: problemResponses } },
    async (req) => getFiling(app.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/institutions/filings/:id/review',
    {
      schema: {
        tags,
        summary: '市级审核：通过或退回（INS-1、INS-2）',
        params: Id,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('approve'), Type.Literal('return')]),
            reason: Type.Optional(Type.String({ maxLength: 500 })),
          },
          strict,
        ),
      },
    },
    async (req) => reviewFiling(app.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/institutions/filings/:id/record',
    { schema: { tags, summary: '省级备案登记（INS-1）', params: Id } },
    async (req) => recordFiling(app.ctx, actorOf(req), req.params.id),
  );

  app.get(
    '/institutions/teachers',
    { schema: { tags, summary: '本机构培训教师（INS-3、INS-4）', response: problemResponses } },
    async (req) => listMyTeachers(app.ctx, actorOf(req)),
  );

  app.post(
    '/institutions/teachers',
    { schema: { tags, summary: '登记培训教师（证书为机构申报）', body: TeacherBody } },
    async (req, reply) => reply.status(201).send(await addTeacher(app.ctx, actorOf(req), req.body)),
  );

  app.delete(
    '/institutions/teachers/:id',
    { schema: { tags, summary: '移除培训教师', params: Id } },
    async (req, reply) => {
      await deleteTeacher(app.ctx, actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/institutions/teachers/certificates.xlsx',
    { schema: { tags, summary: '教师持证情况统计表（INS-4，xlsx）' } },
    async (req, reply) => {
      const buffer = await exportTeacherCertificates(app.ctx, actorOf(req));
      const filename = encodeURIComponent('培训教师持证情况统计表.xlsx');
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${filename}`)
        .send(buffer);
    },
  );
};
