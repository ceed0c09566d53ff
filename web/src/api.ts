// fetch wrapper for the Quanlian API: same-origin cookie session, CSRF header on writes,
// RFC 9457 problem+json errors turned into ApiError (shown by shared/problem.tsx).

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail?: string;
  readonly rule?: string;
  readonly errors: FieldError[];
  /** The whole problem document, for extension members such as `checks`. */
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === 'string' ? body.title : `请求失败（HTTP ${status}）`;
    super(title);
    this.name = 'ApiError';
    this.status = status;
    this.type = typeof body.type === 'string' ? body.type : 'about:blank';
    this.title = title;
    this.detail = typeof body.detail === 'string' ? body.detail : undefined;
    this.rule = typeof body.rule === 'string' ? body.rule : undefined;
    this.errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
    this.body = body;
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Kept in memory only: set from the login and /me responses, cleared on logout. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request outside /api/auth/ gets 401 (the session expired). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** A raw body (e.g. an .xlsx file) sent as-is with this content type instead of JSON. */
  contentType?: string;
}

async function request<T>(
  path: string,
  { method = 'GET', body, signal, contentType }: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['content-type'] = contentType ?? 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : contentType ? (body as BodyInit) : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, { title: '网络错误', detail: '无法连接服务器，请检查网络后重试。' });
  }

  if (res.status === 204) return undefined as T;
  const parsed = await parseBody(res);
  if (res.ok) return parsed as T;

  const problem = isObject(parsed) ? parsed : { title: '服务暂不可用', detail: `服务器返回 HTTP ${res.status}。` };
  if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized?.();
  throw new ApiError(res.status, problem);
}

export const get = <T>(path: string, signal?: AbortSignal) => request<T>(path, { signal });
export const post = <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body: body ?? {} });
export const del = <T = void>(path: string) => request<T>(path, { method: 'DELETE' });
export const put = <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body });
/** Uploads a file as the raw request body (the server's route declares the content type it takes). */
export const postFile = <T>(path: string, file: Blob, contentType: string) =>
  request<T>(path, { method: 'POST', body: file, contentType });

/** `?a=1&b=x` from the defined, non-empty values. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function parseBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
