import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import { campaignPdf, campaignWorkbook, dashboardWorkbook, metricWorkbook } from './export.js';
import { CAMPAIGN_FIGURES, DASHBOARD_METRICS, type CampaignFigure, type DashboardMetric } from './rules.js';
import { campaignFigureRecords, campaignStatistics, dashboard, metricRecords } from './service.js';
import { readContext } from '../../kernel/context.js';

const strict = { additionalProperties: false } as const;
const Region = Type.Optional(Type.String({ pattern: '^\\d{6}$' }));
const Day = Type.String({ format: 'date' });
const Metric = Type.Union(Object.keys(DASHBOARD_METRICS).map((k) => Type.Literal(k)));
const Figure = Type.Union(CAMPAIGN_FIGURES.map((f) => Type.Literal(f.key)));
// ANA-1: both ends optional: without them the period is this year to today on the server's China date,
// so a browser whose clock is not on China time does not move the period's end (issue 19).
const PeriodQuery = Type.Object({ region: Region, from: Type.Optional(Day), to: Type.Optional(Day) }, strict);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

export const analyticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['analytics'];
  const rq = Type.Object({ region: Region }, strict);

  app.get(
    '/analytics/dashboard',
    { schema: { tags, summary: '辖区监管看板（ANA-3），可按市、县下钻', querystring: rq, response: problemResponses } },
    async (req) => dashboard(await readContext(app.ctx), actorOf(req, 'analytics'), req.query.region),
  );
  app.get(
    '/analytics/dashboard.xlsx',
    { schema: { tags, summary: '导出看板各图表的数据表（ANA-3，xlsx）', querystring: rq } },
    async (req, reply) => {
      const buffer = await dashboardWorkbook(await readContext(app.ctx), actorOf(req, 'analytics'), req.query.region);
      return reply.type(XLSX).header('content-disposition', attachment('监管看板.xlsx')).send(buffer);
    },
  );
  app.get(
    '/analytics/dashboard/:metric',
    {
      schema: {
        tags,
        summary: '看板指标背后的记录（ANA-3），条数与指标一致',
        params: Type.Object({ metric: Metric }, strict),
        querystring: PagedQuery({ region: Region }),
        response: problemResponses,
      },
    },
    async (req) =>
      metricRecords(
        await readContext(app.ctx),
        actorOf(req, 'analytics'),
        req.params.metric as DashboardMetric,
        req.query,
      ),
  );
  app.get(
    '/analytics/dashboard/:metric/records.xlsx',
    {
      schema: {
        tags,
        summary: '导出看板指标背后的记录（ANA-3，xlsx）',
        params: Type.Object({ metric: Metric }, strict),
        querystring: rq,
      },
    },
    async (req, reply) => {
      const buffer = await metricWorkbook(
        await readContext(app.ctx),
        actorOf(req, 'analytics'),
        req.params.metric as DashboardMetric,
        req.query.region,
      );
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`${DASHBOARD_METRICS[req.params.metric as DashboardMetric]}.xlsx`))
        .send(buffer);
    },
  );

  app.get(
    '/analytics/campaign',
    {
      schema: {
        tags,
        summary: '专项整治统计（ANA-1），国家报表口径',
        querystring: PeriodQuery,
        response: problemResponses,
      },
    },
    async (req) => campaignStatistics(await readContext(app.ctx), actorOf(req, 'analytics'), req.query),
  );
  app.get(
    '/analytics/campaign.xlsx',
    { schema: { tags, summary: '导出专项整治统计表（ANA-1，xlsx）', querystring: PeriodQuery } },
    async (req, reply) => {
      const buffer = await campaignWorkbook(await readContext(app.ctx), actorOf(req, 'analytics'), req.query);
      return reply.type(XLSX).header('content-disposition', attachment('专项整治统计表.xlsx')).send(buffer);
    },
  );
  app.get(
    '/analytics/campaign.pdf',
    { schema: { tags, summary: '导出专项整治统计报告（ANA-1，PDF）', querystring: PeriodQuery } },
    async (req, reply) => {
      const bytes = await campaignPdf(await readContext(app.ctx), actorOf(req, 'analytics'), req.query);
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment('专项整治统计报告.pdf'))
        .send(Buffer.from(bytes));
    },
  );
  app.get(
    '/analytics/campaign/:figure',
    {
      schema: {
        tags,
        summary: '专项整治统计数字背后的记录（ANA-1）',
        params: Type.Object({ figure: Figure }, strict),
        querystring: PeriodQuery,
        response: problemResponses,
      },
    },
    async (req) =>
      campaignFigureRecords(
        await readContext(app.ctx),
        actorOf(req, 'analytics'),
        req.params.figure as CampaignFigure,
        req.query,
      ),
  );
};
