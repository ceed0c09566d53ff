// Text messages (issue 22): one-time codes and invitation links, sent through an adapter chosen by
// configuration. The HTTP adapter speaks Alibaba Cloud SMS "SendSms" (API version 2017-05-25, RPC
// style, signature version 1.0: HMAC-SHA1 over the sorted, percent-encoded parameters), the
// interface Chinese government systems commonly buy; the development adapter writes the message to
// the server's console and to a table an administrator page reads, and is refused in production.
import { createHmac, randomUUID } from 'node:crypto';
import type { Executor } from '../../db/index.js';
import { maskPhone } from '../../kernel/ids.js';
import { smsDevOutbox } from './schema.js';

export type SmsMessage = { kind: 'code'; code: string } | { kind: 'invite'; url: string; orgName: string };

export interface SmsSendResult {
  ok: boolean;
  /** The gateway's own reference (Alibaba's BizId), kept as evidence; null for the development adapter. */
  reference: string | null;
  /** Why a send failed, in the gateway's words (never shown to the public: it may name the account). */
  error?: string;
}

export interface SmsSender {
  /** 'aliyun' (a real gateway) or 'dev' (console + administrator page, not for production). */
  readonly kind: 'aliyun' | 'dev' | 'none';
  send(db: Executor, phone: string, message: SmsMessage): Promise<SmsSendResult>;
}

export interface SmsConfig {
  /** Base URL of the gateway, e.g. https://dysmsapi.aliyuncs.com/ ; absent → development adapter. */
  url: string | undefined;
  accessKeyId: string | undefined;
  accessKeySecret: string | undefined;
  signName: string | undefined;
  /** Template with a ${code} variable. */
  codeTemplate: string | undefined;
  /** Template with ${org} and ${link} variables. */
  inviteTemplate: string | undefined;
  timeoutMs: number;
}

/** RFC 3986 percent-encoding as Alibaba's RPC signature wants it ('~' kept, space as %20, '*' encoded). */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A');
}

/** Signature v1.0: base64(HMAC-SHA1(secret + '&', METHOD & %2F & encode(sorted canonical query))). */
export function aliyunSignature(method: string, params: Record<string, string>, accessKeySecret: string): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(params[k])}`)
    .join('&');
  const stringToSign = `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

export function aliyunSmsSender(config: SmsConfig, now: () => Date = () => new Date()): SmsSender {
  return {
    kind: 'aliyun',
    async send(_db, phone, message) {
      const template = message.kind === 'code' ? config.codeTemplate : config.inviteTemplate;
      if (!config.url || !config.accessKeyId || !config.accessKeySecret || !config.signName || !template)
        return { ok: false, reference: null, error: 'SMS gateway not fully configured' };
      const params: Record<string, string> = {
        AccessKeyId: config.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        PhoneNumbers: phone,
        RegionId: 'cn-hangzhou',
        SignName: config.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: randomUUID(),
        SignatureVersion: '1.0',
        TemplateCode: template,
        TemplateParam: JSON.stringify(
          message.kind === 'code' ? { code: message.code } : { org: message.orgName.slice(0, 20), link: message.url },
        ),
        Timestamp: now()
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
        Version: '2017-05-25',
      };
      const body = new URLSearchParams({
        ...params,
        Signature: aliyunSignature('POST', params, config.accessKeySecret),
      });
      try {
        const res = await fetch(config.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: body.toString(),
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        const answer = (await res.json().catch(() => ({}))) as { Code?: unknown; Message?: unknown; BizId?: unknown };
        if (res.ok && answer.Code === 'OK')
          return { ok: true, reference: typeof answer.BizId === 'string' ? answer.BizId.slice(0, 100) : null };
        return {
          ok: false,
          reference: null,
          error: `${String(answer.Code ?? res.status)} ${String(answer.Message ?? '')}`,
        };
      } catch (err) {
        return { ok: false, reference: null, error: (err as Error).name };
      }
    },
  };
}

/**
 * Development and demo only: the message goes to the console, clearly marked, and to a table the
 * system administrator's page reads (so the demo works with no outside service). Codes never leave
 * this adapter's console line and table — the real adapters do not log them.
 */
export const devSmsSender: SmsSender = {
  kind: 'dev',
  async send(db, phone, message) {
    const text =
      message.kind === 'code'
        ? `【全链】验证码 ${message.code}，5 分钟内有效，请勿告诉他人。`
        : `【全链】${message.orgName}的入驻申请已通过，请打开链接设置管理员密码：${message.url}`;
    console.warn(`[开发短信 DEV SMS — 未真实发送，仅限开发/演示] ${maskPhone(phone)} ← ${text}`);
    await db.insert(smsDevOutbox).values({ phone, text, sentAt: new Date() });
    return { ok: true, reference: null };
  },
};

/** Production with no gateway configured: nothing is sent and the caller says the service is unavailable. */
const noSmsSender: SmsSender = {
  kind: 'none',
  async send() {
    return { ok: false, reference: null, error: 'no SMS gateway configured' };
  },
};

/** The adapter the configuration chooses; the development adapter is refused when NODE_ENV=production. */
export function smsSenderFor(config: SmsConfig | undefined, env: NodeJS.ProcessEnv = process.env): SmsSender {
  if (config?.url) return aliyunSmsSender(config);
  return env.NODE_ENV === 'production' ? noSmsSender : devSmsSender;
}
