// HTTP ↔ integrity use cases (INT-1..INT-6): thin handlers, JSON schemas on every route.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { actorOf, PagedQuery, problemResponses } from '../../kernel/http.js';
import { listen } from '../../kernel/notify.js';
import { drawVisits, PATROL_CHANNEL, patrolAct, patrolBoard, patrolSession, recordVisit, visits } from './patrol.js';
import { flagReport, siteReport } from './reports.js';
import {
  decideFlag,
  explainFlag,
  getFlag,
  rankedFlags,
  recentScans,
  requestScan,
  siteOverview,
  suspensionProposals,
} from './service.js';
import { setSiteRegister, getSiteRegister } from './registers.js';
import { compromisedItems, rankedScores, scoresWorkbook } from './scores.js';

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Day = Type.String({ format: 'date', maxLength: 10 });
/** INT-6: how often the live board is pushed to an open patrol page. */
const PATROL_PUSH_MS = 3000;

/**
 * INT-6: pushes the board now, every PATROL_PUSH_MS, and at once when a patrol action is taken on
 * any app instance (PATROL_CHANNEL, PostgreSQL NOTIFY), until the client goes away. The board is
 * read from the database each time, so every instance's streams show the same board.
 */
function streamBoard(ctx: AppContext, actor: Actor, req: FastifyRequest, reply: FastifyReply) {
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let open = true;
  let pushing: Promise<void> | null = null;
  let again = false;
  const push = async (): Promise<void> => {
    if (!open) return;
    // One read at a time; a nudge during a read asks for one more after it.
    if (pushing) {
      again = true;
      return;
    }
    pushing = (async () => {
      try {
        const board = await patrolBoard(ctx, actor);
        if (open) reply.raw.write(`event: board\ndata: ${JSON.stringify(board)}\n\n`);
      } catch (err) {
        req.log.error({ err }, 'patrol board push failed');
      }
    })();
    await pushing;
    pushing = null;
    if (again) {
      again = false;
      await push();
    }
  };
  void push();
  const timer = setInterval(() => void push(), PATROL_PUSH_MS);
  let unlisten: (() => void) | null = null;
  listen(ctx.db, PATROL_CHANNEL, () => void push()).then(
    (u) => {
      if (open) unlisten = u;
      else u();
    },
    (err: unknown) => req.log.warn({ err }, 'patrol board: no notifications, pushing on the timer only'),
  );
  req.raw.on('close', () => {
    open = false;
    clearInterval(timer);
    unlisten?.();
  });
}

export const integrityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['integrity'];
  const pdf = (reply: { header(k: string, v: string): unknown }, name: string) => {
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
  };

  app.get(
    '/integrity/flags',
    {
      schema: {
        tags,
        summary: '诚信疑点（按排序分，INT-1..5）',
        querystring: PagedQuery({
          status: Type.Optional(
            Type.Union([Type.Literal('open'), Type.Literal('dismissed'), Type.Literal('confirmed')]),
          ),
          siteId: Type.Optional(Type.String({ format: 'uuid' })),
          rule: Type.Optional(Type.String({ pattern: '^INT-[1-5]$', maxLength: 5 })),
        }),
        response: problemResponses,
      },
    },
    async (req) => rankedFlags(app.ctx, actorOf(req), req.query),
  );
  app.get(
    '/integrity/flags/:id',
    { schema: { tags, summary: '疑点详情与证据（作答时间线）', params: Id, response: problemResponses } },
    async (req) => getFlag(app.ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/integrity/flags/:id/decision',
    {
      schema: {
        tags,
        summary: '处理疑点：排除（写明理由）或确认（可取消成绩、建议暂停考点）',
        params: Id,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('dismiss'), Type.Literal('confirm')]),
            reason: Text(500),
            cancelScore: Type.Optional(Type.Boolean()),
            proposeSuspension: Type.Optional(Type.Boolean()),
            months: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
          },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => decideFlag(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/integrity/flags/:id/explanation',
    {
      schema: {
        tags,
        summary: '考试机构对本机构考试点的疑点提交情况说明（由监管部门处理）',
        params: Id,
        body: Type.Object({ explanation: Text(1000) }, { additionalProperties: false }),
        response: problemResponses,
      },
    },
    async (req) => explainFlag(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/integrity/flags/:id/report.pdf',
    { schema: { tags, summary: '疑点证据报告（PDF）', params: Id } },
    async (req, reply) => {
      const bytes = await flagReport(app.ctx, actorOf(req), req.params.id);
      pdf(reply, `诚信疑点证据-${req.params.id.slice(0, 8)}.pdf`);
      return reply.send(Buffer.from(bytes));
    },
  );
  app.get(
    '/integrity/scores',
    {
      schema: {
        tags,
        summary: '综合评分排名（每名考生、场次、考点；等级与说明，统计量按需展开）',
        querystring: PagedQuery({
          level: Type.Optional(Type.Union([Type.Literal('attempt'), Type.Literal('session'), Type.Literal('site')])),
          grade: Type.Optional(Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')])),
          siteId: Type.Optional(Type.String({ format: 'uuid' })),
        }),
        response: problemResponses,
      },
    },
    async (req) => rankedScores(app.ctx, actorOf(req), req.query),
  );
  app.get('/integrity/scores.xlsx', { schema: { tags, summary: '综合评分导出（xlsx）' } }, async (req, reply) => {
    const bytes = await scoresWorkbook(app.ctx, actorOf(req));
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('考试诚信综合评分.xlsx')}`);
    return reply.send(bytes);
  });
  app.get(
    '/integrity/compromised-items',
    {
      schema: {
        tags,
        summary: '各考点、各试卷疑似提前泄露的试题（厂商题号与证据）',
        querystring: Type.Object(
          { siteId: Type.Optional(Type.String({ format: 'uuid' })) },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => compromisedItems(app.ctx, actorOf(req), req.query),
  );
  app.get(
    '/integrity/sites',
    { schema: { tags, summary: '考点合格率（漏斗图）与考点评分（INT-4）', response: problemResponses } },
    async (req) => siteOverview(app.ctx, actorOf(req)),
  );
  app.get(
    '/integrity/sites/:id/report.pdf',
    { schema: { tags, summary: '考点诚信报告（PDF）', params: Id } },
    async (req, reply) => {
      const bytes = await siteReport(app.ctx, actorOf(req), req.params.id);
      pdf(reply, `考点诚信报告-${req.params.id.slice(0, 8)}.pdf`);
      return reply.send(Buffer.from(bytes));
    },
  );
  app.get(
    '/integrity/sites/:id/register',
    { schema: { tags, summary: '考点登记的考试机与网段（INT-5）', params: Id, response: problemResponses } },
    async (req) => getSiteRegister(app.ctx, actorOf(req), req.params.id),
  );
  app.put(
    '/integrity/sites/:id/register',
    {
      schema: {
        tags,
        summary: '登记考点考试机与网段（INT-5）',
        params: Id,
        body: Type.Object(
          {
            devices: Type.Array(Text(100), { maxItems: 2000 }),
            networks: Type.Array(Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}$', maxLength: 18 }), {
              maxItems: 50,
            }),
          },
          { additionalProperties: false },
        ),
        response: problemResponses,
      },
    },
    async (req) => setSiteRegister(app.ctx, actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/integrity/proposals',
    { schema: { tags, summary: '暂停考点建议（种子 000 第 9 条）', response: problemResponses } },
    async (req) => suspensionProposals(app.ctx, actorOf(req)),
  );
  app.get('/integrity/scans', { schema: { tags, summary: '扫描记录', response: problemResponses } }, async (req) =>
    recentScans(app.ctx, actorOf(req)),
  );
  app.post(
    '/integrity/scans',
    {
      schema: {
        tags,
        summary: '按日期范围或考点发起扫描（后台任务）',
        body: Type.Object(
          { from: Type.Optional(Day), to: Type.Optional(Day), siteId: Type.Optional(Type.String({ format: 'uuid' })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(202).send(await requestScan(app.ctx, actorOf(req), req.body)),
  );

  // ---- INT-6 remote patrol and unannounced visits
  app.get(
    '/integrity/patrol',
    { schema: { tags, summary: '远程巡查看板（进行中的场次）', response: problemResponses } },
    async (req) => patrolBoard(app.ctx, actorOf(req)),
  );
  app.get(
    '/integrity/patrol/stream',
    { schema: { tags, summary: '远程巡查看板（SSE 推送；非 EventSource 客户端得到一次快照）' } },
    async (req, reply) => {
      const actor = actorOf(req, 'integrity.patrol');
      // A client that does not ask for an event stream (not an EventSource) gets one snapshot.
      if (!String(req.headers.accept ?? '').includes('text/event-stream')) return patrolBoard(app.ctx, actor);
      streamBoard(app.ctx, actor, req, reply);
    },
  );
  app.get(
    '/integrity/patrol/sessions/:id',
    { schema: { tags, summary: '巡查场次：考生、进度、实时疑点、视频', params: Id, response: problemResponses } },
    async (req) => patrolSession(app.ctx, actorOf(req), req.params.id),
  );
  app.post(
    '/integrity/patrol/sessions/:id/actions',
    {
      schema: {
        tags,
        summary: '巡查处置：警告或取消考生成绩（写明理由）',
        params: Id,
        body: Type.Object(
          {
            paperId: Type.String({ format: 'uuid' }),
            action: Type.Union([Type.Literal('warning'), Type.Literal('cancellation')]),
            reason: Text(500),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await patrolAct(app.ctx, actorOf(req), req.params.id, req.body)),
  );
  app.get('/integrity/visits', { schema: { tags, summary: '飞行巡考记录', response: problemResponses } }, async (req) =>
    visits(app.ctx, actorOf(req)),
  );
  app.post(
    '/integrity/visits/draw',
    {
      schema: {
        tags,
        summary: '随机抽取场次进行飞行巡考',
        body: Type.Object(
          { date: Day, count: Type.Integer({ minimum: 1, maximum: 50 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => reply.status(201).send(await drawVisits(app.ctx, actorOf(req), req.body)),
  );
  app.post(
    '/integrity/visits/:id/findings',
    {
      schema: {
        tags,
        summary: '记录飞行巡考发现',
        params: Id,
        body: Type.Object({ findings: Text(2000) }, { additionalProperties: false }),
        response: problemResponses,
      },
    },
    async (req) => recordVisit(app.ctx, actorOf(req), req.params.id, req.body.findings),
  );
};
