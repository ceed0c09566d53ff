// HTTP plumbing shared by every module's routes: the acting user, problem+json errors, paging.
import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { isUtf8 } from 'node:buffer';
import { STATUS_CODES } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import { Transform } from 'node:stream';
import { Type, type TProperties } from 'typebox';
import type { Actor, Permission } from './access.js';
import { requirePermission } from './access.js';
import type { AppContext } from './context.js';
import { Problem, unauthorized, type FieldError } from './problem.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The CSRF token of the session that authenticated this request. */
    sessionCsrf: string | null;
  }
}

/** The logged-in actor, holding `permission` when given; 401/403 problems otherwise. */
export function actorOf(req: FastifyRequest, permission?: Permission): Actor {
  if (!req.actor) throw unauthorized();
  if (permission) requirePermission(req.actor, permission);
  return req.actor;
}

const pagingFields = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
};

/** A list route's querystring: its own filters plus page/pageSize, nothing else accepted. */
export function PagedQuery<T extends TProperties = {}>(filters: T = {} as T) {
  return Type.Object({ ...filters, ...pagingFields }, { additionalProperties: false });
}

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    rule: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    /** The request's id, as in the X-Request-Id header and the server's log lines. */
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true, $id: 'Problem' },
);

/** Standard error responses for the OpenAPI document. */
export const problemResponses = {
  400: Type.Ref('Problem'),
  401: Type.Ref('Problem'),
  403: Type.Ref('Problem'),
  404: Type.Ref('Problem'),
};

/** ajv-i18n's Chinese messages for schema-validation errors (CommonJS). */
const localizeZh = createRequire(import.meta.url)('ajv-i18n/localize/zh') as (errors: unknown) => void;

const STATUS_TITLES: Record<number, string> = {
  400: '请求参数不合法',
  401: '未登录或登录已失效',
  403: '无权访问',
  404: '未找到',
  405: '不支持的请求方法',
  406: '不支持的响应格式',
  409: '与已有记录冲突',
  408: '请求超时',
  413: '请求内容过大',
  414: '请求地址过长',
  431: '请求头过大',
  415: '不支持的请求内容类型',
  429: '请求过于频繁',
};

function validationProblem(error: FastifyError): Problem {
  const details = error.validation ?? [];
  localizeZh(details as never);
  const errors: FieldError[] = details.map((d) => {
    const missing = (d.params as { missingProperty?: string }).missingProperty;
    const extra = (d.params as { additionalProperty?: string }).additionalProperty;
    const path = d.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const field = [error.validationContext, path, missing ?? extra].filter(Boolean).join('.');
    return { field, message: extra ? `不允许的字段 ${extra}` : (d.message ?? '不合法') };
  });
  const detail = errors.map((e) => `${e.field}：${e.message}`).join('；');
  return new Problem(400, 'bad-request', '请求参数不合法', detail || '请求参数不合法', { errors });
}

/** Fastify's own client errors are in English; users read Chinese (issue 3: titles in Chinese, details say what to do). */
const FRAMEWORK_DETAILS: Record<string, string> = {
  FST_ERR_CTP_EMPTY_JSON_BODY:
    '请求体为空，但声明的内容类型为 application/json：请提交 JSON 对象，或去掉 content-type。',
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体不是合法的 JSON，请检查格式后重试。',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持该请求内容类型，请以 application/json 提交。',
  FST_ERR_CTP_BODY_TOO_LARGE: '请求内容超过大小上限（一般接口 1 MB；照片接口为 5 MB 的图片）。',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求头 content-length 与实际内容长度不符。',
  FST_ERR_BAD_URL: '请求地址含有无法解码的字符（百分号编码不合法）。',
  FST_ERR_MAX_PARAM_LENGTH: '请求地址中的参数过长。',
};

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type('application/problem+json').send(problem.toBody());
}

/** Every error leaves as problem+json; an unexpected one is logged and told as a 500 without internals. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof Problem) return sendProblem(reply, error);
    if (error.validation) return sendProblem(reply, validationProblem(error));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const detail =
        status === 429
          ? '请求过于频繁，请稍后再试。'
          : (FRAMEWORK_DETAILS[error.code] ?? `${STATUS_TITLES[status] ?? '请求有误'}：${error.message}`);
      return sendProblem(reply, new Problem(status, `http-${status}`, STATUS_TITLES[status] ?? '请求有误', detail));
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      new Problem(500, 'internal', '服务器内部错误', '服务器处理请求时出错，已记录日志，请稍后再试。'),
    );
  });
}

/**
 * Errors Fastify raises before routing (a malformed percent-encoding, an over-long path parameter)
 * bypass the error handler; without this they leave as Fastify's plain JSON, not problem+json.
 */
export function frameworkErrorHandler(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  void sendProblem(
    reply,
    new Problem(
      status,
      `http-${status}`,
      STATUS_TITLES[status] ?? '请求有误',
      FRAMEWORK_DETAILS[error.code] ?? '请求地址不合法。',
    ),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Narrows two ajv-formats formats to what PostgreSQL accepts, so a value that passes the schema
 * never fails in the database as a 500: ajv's `uuid` also accepts an `urn:uuid:` prefix (not
 * valid input for the uuid type), and its `date` accepts year 0000 (PostgreSQL has no year 0).
 * Used as Fastify's `ajv.onCreate`, after ajv-formats has added its own.
 */
export function tightenFormats(ajv: {
  addFormat(name: string, format: RegExp | { type: 'string'; validate: (s: string) => boolean }): unknown;
}): void {
  ajv.addFormat('uuid', UUID);
  ajv.addFormat('date', {
    type: 'string',
    validate: (s) => {
      const m = ISO_DATE.exec(s);
      if (!m) return false;
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const d = new Date(0);
      d.setUTCFullYear(year, month - 1, day);
      return year >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
    },
  });
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function isBinaryOrStream(value: object): boolean {
  return (
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    typeof (value as { pipe?: unknown }).pipe === 'function'
  );
}

/** The first value the database cannot take: a string holding U+0000, or a number that is not finite. */
function findUnstorable(root: unknown, rootPath: string): { field: string; message: string } | null {
  const stack: Array<[unknown, string]> = [[root, rootPath]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string' && value.includes('\u0000'))
      return { field: path, message: '不能包含空字符（U+0000）' };
    // A lone UTF-16 surrogate cannot be stored in jsonb (the audit record) and is never real text.
    if (typeof value === 'string' && LONE_SURROGATE.test(value))
      return { field: path, message: '包含无效的 Unicode 字符' };
    if (typeof value === 'number' && !Number.isFinite(value)) return { field: path, message: '数值超出范围' };
    // An upload's body is a stream whose buffered chunks are Buffers: walking those byte by byte
    // stalled a 41 MB upload. Parsed JSON and query values are walked whatever their prototype.
    if (value && typeof value === 'object' && !isBinaryOrStream(value)) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = `${path}.${key}`;
        if (key.includes('\u0000')) return { field: childPath, message: '不能包含空字符（U+0000）' };
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

/**
 * Values a schema lets through but PostgreSQL refuses, which would otherwise fail as a 500:
 * text cannot hold the NUL character (U+0000), and ajv 8.20 coerces '?page=1e309' to Infinity
 * and (in most schema shapes) lets it pass `integer` and `maximum` — a JSON body's 1e309 parses
 * to Infinity too. No legitimate input holds either, so both are refused as a 400 before any handler.
 */
export function installInputGuards(app: FastifyInstance): void {
  // A callback hook (issue 18): no promise per request.
  app.addHook('preHandler', (req, _reply, done) => {
    const found =
      findUnstorable(req.params, 'params') ??
      findUnstorable(req.query, 'querystring') ??
      findUnstorable(req.body, 'body');
    if (!found) return done();
    done(
      new Problem(400, 'bad-request', '请求参数不合法', `${found.field}：${found.message}。`, {
        errors: [found],
      }),
    );
  });
}

/**
 * The headers helmet sets on every response, for the responses Node writes on the raw socket
 * before Fastify sees a request (431, 408), which the helmet hook never reaches.
 */
const RAW_SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
  'Cache-Control': 'no-store',
};

/**
 * Fastify's `clientErrorHandler`: a URL or headers over Node's limit (431), a body slower than its
 * content-length (408) or a malformed request line leave as problem+json with the security
 * headers, like every other refusal (issue 21), instead of Fastify's plain JSON.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const detail =
    status === 431
      ? '请求地址或请求头超过 16 KB 上限，请缩短后重试。'
      : status === 408
        ? '请求体未在时限内按 content-length 送达，连接已关闭，请重试。'
        : '请求格式不合法（HTTP 请求行或请求头有误）。';
  const body = JSON.stringify(
    new Problem(status, `http-${status}`, STATUS_TITLES[status] ?? '请求有误', detail).toBody(),
  );
  const headers = {
    ...RAW_SECURITY_HEADERS,
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/**
 * Helmet's security headers on every route, with the middleware built once. @fastify/helmet 13 calls
 * `helmet(options)` on every request, which re-parses the whole configuration (CSP directives
 * included): ~8 % of the server's CPU on the answer-event route in the issue-18 profile. The headers
 * are the same (the same helmet, the same options, built once, no nonces); a route with its own
 * `helmet` option (`false`, or an object) is still handled by the plugin exactly as before.
 */
export async function installSecurityHeaders(
  app: FastifyInstance,
  options: { contentSecurityPolicy: { directives: Record<string, string[]> } },
): Promise<void> {
  // The plugin still handles the routes with their own option, and decorates `reply.helmet`.
  await app.register(fastifyHelmet, { ...options, global: false } as FastifyHelmetOptions);
  // The very helmet the plugin uses, whatever version is installed beside it.
  const helmet = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'))('helmet') as (
    o: object,
  ) => (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
  const apply = helmet(options);
  app.addHook('onRequest', (req, reply, done) => {
    if ((req.routeOptions.config as { helmet?: unknown }).helmet !== undefined) return done();
    apply(req.raw, reply.raw, (err) => done(err as Error | undefined));
  });
}

/**
 * API answers carry personal data (names, ID numbers, photos): no browser or proxy may keep them.
 * A route that is public and cacheable (the JWKS, the public checkpoint) sets its own header first.
 */
export function installNoStore(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

/** A request body that is not valid UTF-8 is refused whole, rather than stored with U+FFFD in its place. */
function notUtf8(): Problem {
  return new Problem(400, 'bad-request', '请求参数不合法', '请求内容不是合法的 UTF-8 文本，请以 UTF-8 编码提交。', {
    errors: [{ field: 'body', message: '不是合法的 UTF-8' }],
  });
}

function utf8Guard(): Transform & { receivedEncodedLength: number } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      guard.receivedEncodedLength += chunk.length;
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return done(notUtf8());
      }
      done(null, chunk);
    },
    flush(done) {
      try {
        decoder.decode();
      } catch {
        return done(notUtf8());
      }
      done();
    },
  }) as Transform & { receivedEncodedLength: number };
  guard.receivedEncodedLength = 0;
  return guard;
}

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

export function installUtf8Guard(app: FastifyInstance): void {
  // Issue 18: a JSON body (nearly every request) is checked whole, natively, once Fastify has read
  // it, and parsed by Fastify's own JSON parser (same poisoning options, same errors): piping every
  // request through a Transform and a streaming decoder was a visible share of a small request's CPU.
  const parseJson = app.getDefaultJsonParser(
    app.initialConfig.onProtoPoisoning ?? 'error',
    app.initialConfig.onConstructorPoisoning ?? 'error',
  );
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    if (!isUtf8(body as Buffer)) return done(notUtf8(), undefined);
    parseJson(req, body as unknown as string, done); // secure-json-parse takes a Buffer too
  });
  // Every other text body (text/*, …+json) is decoded as it streams in.
  app.addHook('preParsing', (req, _reply, payload, done) => {
    const type = req.headers['content-type'] ?? '';
    if (JSON_MEDIA_TYPE.test(type) || !/^(application\/(json|[\w.+-]*\+json)|text\/)/i.test(type))
      return done(null, payload);
    done(null, payload.pipe(utf8Guard()));
  });
}

type ValidatorFactory = (externalSchemas: unknown, ajvOptions: unknown) => (route: unknown) => Validator;
type Validator = ((data: unknown, dataCtx?: unknown) => unknown) & { errors?: unknown; schemaEnv?: unknown };

/**
 * Issue 18 (start-up): Fastify's own ajv compiler, but each route's validator is compiled at the
 * route's first request instead of all of them before the server listens (compiling every route
 * was about a fifth of a start). Same ajv, same options; `errors` and `schemaEnv` (which Fastify
 * reads off the function) come from the compiled validator.
 */
export function lazyValidators(): NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
> {
  const eager = (createRequire(import.meta.url)('@fastify/ajv-compiler') as () => ValidatorFactory)();
  const factory: ValidatorFactory = (externalSchemas, ajvOptions) => {
    const build = eager(externalSchemas, ajvOptions);
    return (route) => {
      let compiled: Validator | undefined;
      const real = () => (compiled ??= build(route));
      const validate: Validator = (data, dataCtx) => real()(data, dataCtx);
      Object.defineProperties(validate, {
        errors: { get: () => real().errors },
        schemaEnv: { get: () => real().schemaEnv },
      });
      return validate;
    };
  };
  return factory as never;
}
