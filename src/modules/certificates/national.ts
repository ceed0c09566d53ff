// CER-2: every issued or changed certificate is pushed to the national query platform through an
// outbound adapter: the change enqueues a job (atomic with the outbox delivery), a worker POSTs the
// record with retries, and what the platform refused waits in a dead-letter view for an admin.
// Payload, headers and error semantics: docs/national-push.md.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import type { Executor } from '../../db/index.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import type { EventSubscriber } from '../../kernel/events.js';
import { PagedQuery, actorOf, problemResponses } from '../../kernel/http.js';
import {
  PermanentJobError,
  jobStateCounts,
  listFailedJobs,
  retryFailedJob,
  sendJob,
  type JobQueue,
  type QueueSpec,
} from '../../kernel/jobs.js';
import { notFound } from '../../kernel/problem.js';
import type { PersonalDataVault } from '../../kernel/vault.js';
import type { NationalCertificateRecord } from './rules.js';

export type { NationalCertificateRecord } from './rules.js';

export type LoadNationalRecord = (
  db: Executor,
  vault: PersonalDataVault,
  certificateId: string,
) => Promise<NationalCertificateRecord | null>;

export const NATIONAL_PUSH_QUEUE = 'national-push';
export const NATIONAL_PUSH_EVENT_TYPES = [
  'certificate.issued',
  'certificate.revoked',
  'certificate.cancelled',
  'certificate.reviewed',
  'certificate.replaced',
] as const;
export const NATIONAL_PAYLOAD_SCHEMA = 'quanlian.national-certificate/1';

/**
 * 8 retries with doubling delays from 30 s (pg-boss adds up to 100 % jitter): the last try comes
 * roughly 2–4 hours after the first, long enough to ride out a maintenance window at the other end.
 */
export const NATIONAL_PUSH_RETRY: QueueSpec = {
  retryLimit: 8,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 300,
};

/** The same record state always carries the same key, so a retried or repeated push is applied once. */
export const idempotencyKey = (record: Pick<NationalCertificateRecord, 'number' | 'changedAt'>) =>
  `${record.number}:${record.changedAt}`;

export function nationalPayload(record: NationalCertificateRecord) {
  return { schema: NATIONAL_PAYLOAD_SCHEMA, idempotencyKey: idempotencyKey(record), record };
}

export type PushOutcome =
  | { outcome: 'delivered'; status: number; idempotencyKey: string }
  | { outcome: 'disabled'; reason: string }
  | { outcome: 'not_found'; certificateId: string };

const snippet = async (res: Response) => (await res.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);

/**
 * One POST of one record. Resolves when the platform accepted it (2xx); throws an Error to be retried
 * (network failure, timeout, 408, 425, 429, 5xx) or a PermanentJobError for any other answer, which
 * says the request itself is wrong and would be refused again.
 */
export async function postNationalRecord(
  push: NonNullable<Config['nationalPush']> & { url: string },
  record: NationalCertificateRecord,
  fetchImpl: typeof fetch = fetch,
): Promise<PushOutcome> {
  const payload = nationalPayload(record);
  let res: Response;
  try {
    res = await fetchImpl(push.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        accept: 'application/json',
        'idempotency-key': payload.idempotencyKey,
        ...(push.token ? { authorization: `Bearer ${push.token}` } : {}),
      },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(push.timeoutMs),
    });
  } catch (err) {
    const reason =
      (err as Error)?.name === 'TimeoutError'
        ? `超过 ${push.timeoutMs} ms 未响应`
        : String((err as Error)?.message ?? err);
    throw new Error(`无法连接全国查询平台：${reason}`);
  }
  if (res.ok) {
    await res.body?.cancel().catch(() => undefined);
    return { outcome: 'delivered', status: res.status, idempotencyKey: payload.idempotencyKey };
  }
  const detail = `HTTP ${res.status} ${await snippet(res)}`.trim();
  if (res.status === 408 || res.status === 425 || res.status === 429 || res.status >= 500)
    throw new Error(`全国查询平台暂不可用：${detail}`);
  throw new PermanentJobError(`全国查询平台拒收：${detail}`);
}

/** Pushes the certificate's current record; what happened is kept on the job (its output). */
export async function pushCertificateOnce(
  ctx: AppContext,
  load: LoadNationalRecord,
  certificateId: string,
  fetchImpl: typeof fetch = fetch,
): Promise<PushOutcome> {
  const push = ctx.config.nationalPush;
  if (!push?.url) return { outcome: 'disabled', reason: '未配置 NATIONAL_PUSH_URL，未推送至全国查询平台' };
  // Loaded when pushed, not when enqueued: the job table never holds personal data, and a retry
  // sends the latest state (with its own idempotency key).
  const record = await load(ctx.db, ctx.vault, certificateId);
  if (!record) return { outcome: 'not_found', certificateId };
  return postNationalRecord({ ...push, url: push.url }, record, fetchImpl);
}

type PushJob = { certificateId: string };

/** CER-2: on each certificate change, queue its push in the outbox delivery's transaction. */
export function nationalPushSubscriber(load: LoadNationalRecord): EventSubscriber {
  return {
    name: 'national-push',
    types: NATIONAL_PUSH_EVENT_TYPES,
    async handle(tx, event, ctx) {
      const certificateId = event.payload.certificateId;
      if (typeof certificateId !== 'string') throw new Error(`事件 ${event.id}（${event.type}）缺少 certificateId`);
      if (!(await load(tx, ctx.vault, certificateId))) return;
      const id = await sendJob<PushJob>(tx, NATIONAL_PUSH_QUEUE, { certificateId });
      // pg-boss inserts nothing for a queue that does not exist: fail the delivery, to be retried.
      if (!id) throw new Error(`队列 ${NATIONAL_PUSH_QUEUE} 尚未创建，推送稍后重试`);
    },
  };
}

/** Declares the queue (retries, dead letter) and runs the pushes in this process. */
export async function registerNationalPushWorker(
  jobs: JobQueue,
  ctx: AppContext,
  load: LoadNationalRecord,
  options: { fetch?: typeof fetch; retry?: QueueSpec; pollingIntervalSeconds?: number } = {},
): Promise<string> {
  await jobs.defineQueue(NATIONAL_PUSH_QUEUE, options.retry ?? NATIONAL_PUSH_RETRY);
  return jobs.work<PushJob>(
    NATIONAL_PUSH_QUEUE,
    (job) => pushCertificateOnce(ctx, load, job.data.certificateId, options.fetch),
    {
      batchSize: 5,
      ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
    },
  );
}

export interface FailedPush {
  id: string;
  certificateId: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  failedAt: Date | null;
}

/** The admin's dead-letter view: pushes that gave up (refused, or out of retries), newest first. */
export async function listFailedPushes(db: Executor, page: { page: number; pageSize: number }) {
  const found = await listFailedJobs<PushJob>(db, NATIONAL_PUSH_QUEUE, {
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  const items: FailedPush[] = found.items.map((j) => ({
    id: j.id,
    certificateId: String(j.data?.certificateId ?? ''),
    attempts: j.retryCount + 1,
    lastError: j.lastError,
    createdAt: j.createdOn,
    failedAt: j.completedOn,
  }));
  return { items, total: found.total };
}

const PushId = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const nationalPushRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['certificates'];
  app.get(
    '/admin/national-push',
    {
      schema: {
        tags,
        summary: '全国查询平台推送：失败（死信）列表与各状态数量（CER-2）',
        querystring: PagedQuery(),
        response: problemResponses,
      },
    },
    async (req) => {
      actorOf(req, 'admin.national_push');
      const { url } = app.ctx.config.nationalPush ?? {};
      const [page, counts] = await Promise.all([
        listFailedPushes(app.ctx.db, req.query),
        jobStateCounts(app.ctx.db, NATIONAL_PUSH_QUEUE),
      ]);
      // The address without credentials or query: enough to see where pushes go.
      const target = url ? `${new URL(url).origin}${new URL(url).pathname}` : null;
      return { enabled: Boolean(url), target, counts, ...page, page: req.query.page, pageSize: req.query.pageSize };
    },
  );

  app.post(
    '/admin/national-push/:id/retry',
    { schema: { tags, summary: '重新推送一条失败的记录（CER-2）', params: PushId, response: problemResponses } },
    async (req) => {
      const actor = actorOf(req, 'admin.national_push');
      const retried = await app.ctx.db.transaction(async (tx) => {
        if (!(await retryFailedJob(tx, NATIONAL_PUSH_QUEUE, req.params.id))) return false;
        await appendAudit(tx, app.ctx.clock, actor, {
          action: 'national_push.retry',
          entityType: 'national_push',
          entityId: req.params.id,
        });
        return true;
      });
      if (!retried) throw notFound('失败的推送记录');
      return { id: req.params.id, retried: true };
    },
  );
};
