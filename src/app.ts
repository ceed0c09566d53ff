// Builds the Fastify app from the modules' plugins: API under /api, OpenAPI at /docs, the web app at /.
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import { Type } from 'typebox';
import { TestClock } from './kernel/clock.js';
import type { AppContext } from './kernel/context.js';
import {
  ProblemSchema,
  clientErrorHandler,
  frameworkErrorHandler,
  installInputGuards,
  installNoStore,
  installUtf8Guard,
  installProblemHandlers,
  installSecurityHeaders,
  tightenFormats,
  lazyValidators,
} from './kernel/http.js';
import { originOf, withRequestOrigin } from './kernel/origin.js';
import { Problem } from './kernel/problem.js';
import { installHttpMetrics, metricsRoute, observeDatabase, readiness } from './kernel/metrics.js';
import { installRequestIds, requestIdOf } from './kernel/request-id.js';
import { sharedRateLimitStore } from './kernel/rate-limit.js';
import { closeListeners } from './kernel/notify.js';
import { accountRoutes, sessionHook } from './modules/accounts/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { catalogRoutes } from './modules/catalog/index.js';
import { certificateRoutes, jwksRoute, nationalPushRoutes } from './modules/certificates/index.js';
import { faceRoutes } from './modules/face/index.js';
import { institutionRoutes } from './modules/institutions/index.js';
import { examRoutes, vendorImportRoutes } from './modules/exams/index.js';
import { employerRoutes } from './modules/employers/index.js';
import { integrityRoutes } from './modules/integrity/index.js';
import { supervisionRoutes } from './modules/supervision/index.js';
import { analyticsRoutes } from './modules/analytics/index.js';
import { injuryRoutes } from './modules/injuries/index.js';
import { organisationRoutes } from './modules/organisations/index.js';
import { registryRoutes } from './modules/registry/index.js';
import { settingsRoutes } from './modules/settings/index.js';
import { learningRoutes } from './modules/learning/index.js';
import { trainingRoutes } from './modules/training/index.js';
import { legacyRoutes } from './modules/legacy/index.js';
import { onboardingRoutes } from './modules/onboarding/index.js';
import { workbenchRoutes } from './modules/workbench/index.js';
import { PROJECT_ROOT } from './paths.js';

const WEB_DIST = path.join(PROJECT_ROOT, 'web/dist');

/**
 * Issue 19 item 10: hashed build assets never change under their name, so browsers keep them a
 * year without asking; everything else (index.html, which names the current assets) is revalidated.
 */
export function cacheControlFor(filePath: string): string {
  return /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(?:\.(?:br|gz))?$/.test(filePath)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}

/** Where the first start's demo data stands: 'loading' while it is written after the server began listening. */
export type DemoState = 'none' | 'loading' | 'ready' | 'failed';

export async function buildApp(
  ctx: AppContext,
  options: {
    logger?: FastifyServerOptions['logger'];
    demoState?: () => DemoState;
    /** The built web app (tests use a folder of their own). */
    webDist?: string;
  } = {},
) {
  const webDist = options.webDist ?? WEB_DIST;
  const demoState = options.demoState ?? (() => 'none');
  const app = Fastify({
    logger: options.logger ?? false,
    // Issue 19 item 11: each request is logged at debug level (below), so at the default level the
    // start-up console keeps the demo logins in view instead of scrolling them away.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Each request's id: the caller's X-Request-Id when well-formed (a proxy or client traces with it), else new.
    genReqId: requestIdOf,
    requestIdHeader: false,
    // Behind a balancer the client is who X-Forwarded-For names, for the listed proxies only.
    trustProxy: ctx.config.trustProxy ?? false,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true, useDefaults: true },
      onCreate: tightenFormats,
    },
    schemaController: { compilersFactory: { buildValidator: lazyValidators() } },
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('ctx', ctx);
  // Hooks that run on every request take Fastify's callback form (issue 18): no promise and no
  // extra microtask per hook per request.
  app.addHook('onResponse', (req, reply, done) => {
    req.log.debug(
      { method: req.method, url: req.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
    done();
  });
  // Links made while answering (certificate QR codes) use the address this request came in at,
  // unless PUBLIC_URL is set (kernel/origin.ts).
  app.addHook('onRequest', (req, _reply, done) => withRequestOrigin(originOf(req.protocol, req.host), done));
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionCsrf', null);
  app.addSchema(ProblemSchema);
  installRequestIds(app);
  installHttpMetrics(app);
  const unobserve = observeDatabase(ctx.db, ctx.dbKind);
  app.addHook('onClose', async () => {
    unobserve();
    // The LISTENing connection (kernel/notify.ts) goes before the database it listens on.
    await closeListeners(ctx.db);
  });
  installProblemHandlers(app);
  installInputGuards(app);
  installUtf8Guard(app);
  installNoStore(app);

  await installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(cookie);
  // The counts live in the database: a limit holds across every app instance (kernel/rate-limit.ts).
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(ctx.db) });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '全链 Quanlian API',
        version: '0.1.0',
        description: '特种作业人员全链条监管平台。错误均为 RFC 9457 application/problem+json。',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ql_session' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  // The first start answers at once and writes the demo data behind it; until that is done the API
  // says so (the login page shows 演示数据加载中) instead of answering from half-written data.
  app.addHook('onRequest', (req, reply, done) => {
    if (demoState() !== 'loading' || !req.url.startsWith('/api/')) return done();
    const problem = new Problem(
      503,
      'demo-loading',
      '演示数据加载中',
      '首次启动正在加载演示数据，通常需要一两分钟；加载完成后即可登录和使用，请稍候再试。',
    );
    reply.status(503).header('retry-after', '5').type('application/problem+json').send(problem.toBody());
  });
  app.addHook('onRequest', sessionHook(ctx));

  app.get('/healthz/demo', { schema: { tags: ['platform'], summary: '演示数据加载状态' } }, async () => ({
    demo: demoState(),
  }));

  app.get('/healthz', { schema: { tags: ['platform'], summary: '健康检查' } }, async () => {
    await ctx.db.execute('select 1');
    return { status: 'ok', database: ctx.dbKind };
  });

  // Ready for traffic: database reachable, migrations current, and every registered check (a replica's lag).
  app.get(
    '/readyz',
    { schema: { tags: ['platform'], summary: '就绪检查（数据库、迁移、只读副本延迟）' } },
    async (_req, reply) => {
      const { ready, checks } = await readiness(ctx);
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );
  // Prometheus text format, for the operator's scraper only: loopback, or METRICS_TOKEN as a bearer token.
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) =>
    metricsRoute(req, reply, ctx.config.metricsToken),
  );

  // Browser journeys only: the server was started with E2E_TEST_CLOCK (refused in production), so a
  // journey can move its clock forward (TRN-3: 30 minutes of learning in a minute). Absent otherwise.
  const clock = ctx.clock;
  if (ctx.config.testClock && clock instanceof TestClock)
    app.post(
      '/api/testing/clock',
      {
        schema: {
          tags: ['platform'],
          summary: '测试时钟前移（仅浏览器测试，生产环境不存在）',
          body: Type.Object(
            { advanceMs: Type.Integer({ minimum: 0, maximum: 24 * 3_600_000 }) },
            { additionalProperties: false },
          ),
        },
      },
      async (req) => {
        clock.advance(req.body.advanceMs);
        return { now: clock.now().toISOString() };
      },
    );

  await app.register(jwksRoute);
  await app.register(
    async (api) => {
      await api.register(accountRoutes);
      await api.register(catalogRoutes);
      await api.register(organisationRoutes);
      await api.register(registryRoutes);
      await api.register(faceRoutes);
      await api.register(institutionRoutes);
      await api.register(trainingRoutes);
      await api.register(learningRoutes);
      await api.register(auditRoutes);
      await api.register(examRoutes);
      // EXM-6 / issue 16: its own scope, like the other imports on the shared mechanism (a raw-file body).
      await api.register(vendorImportRoutes);
      await api.register(employerRoutes);
      await api.register(integrityRoutes);
      await api.register(supervisionRoutes);
      await api.register(analyticsRoutes);
      await api.register(certificateRoutes);
      await api.register(nationalPushRoutes);
      await api.register(injuryRoutes);
      await api.register(settingsRoutes);
      await api.register(legacyRoutes);
      await api.register(onboardingRoutes);
      await api.register(workbenchRoutes);
    },
    { prefix: '/api' },
  );

  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  if (hasWeb)
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      // Issue 19 item 10: the build wrote .br and .gz beside each file; the one the browser accepts is sent.
      preCompressed: true,
      setHeaders: (reply, filePath) => void reply.header('cache-control', cacheControlFor(filePath)),
    });
  app.setNotFoundHandler((req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !path.extname(req.url.split('?')[0]);
    // The web app routes on the client: any page URL gets index.html.
    if (hasWeb && isPage) return reply.type('text/html').sendFile('index.html');
    // The build's index.html names the current hashed assets: revalidated on every load (setHeaders).
    const problem = new Problem(404, 'not-found', '未找到', `没有这个地址：${req.method} ${req.url.split('?')[0]}`);
    return reply.status(404).type('application/problem+json').send(problem.toBody());
  });

  return app;
}
