// Text messages (issue 22): one-time codes and invitation links, sent through an adapter chosen by
// configuration. The HTTP adapter speaks Alibaba Cloud SMS "SendSms" (API version 2017-05-25, RPC
// style, signature version 1.0: HMAC-SHA1 over the sorted, percent-encoded parameters), the
// interface Chinese government systems commonly buy; the development adapter writes the message to
// the server's console and to a table an administrator page reads, and is refused in production.
import { createHash, createHmac, randomUUID } from 'node:crypto';
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
  /** 'aliyun' or 'tencent' (real gateways), 'dev' (console + administrator page, not for production). */
  readonly kind: 'aliyun' | 'tencent' | 'dev' | 'none';
  send(db: Executor, phone: string, message: SmsMessage): Promise<SmsSendResult>;
}

export interface SmsConfig {
  /** Which gateway `url` is: Alibaba Cloud (default) or Tencent Cloud (SMS_PROVIDER). */
  provider?: 'aliyun' | 'tencent';
  /** Base URL of the gateway, e.g. https://dysmsapi.aliyuncs.com/ ; absent → development adapter. */
  url: string | undefined;
  /** Tencent Cloud only: the SMS application (SmsSdkAppId) and the API region (X-TC-Region). */
  sdkAppId?: string | undefined;
  region?: string | undefined;
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
 * Tencent Cloud API 3.0 signature TC3-HMAC-SHA256 (documented at cloud.tencent.com/document/api/382/52072):
 * canonical request = method, "/", query, the signed headers as `name:value\n` (names and trimmed
 * values in lower case), their names joined by ';', hex SHA-256 of the body; string to sign =
 * "TC3-HMAC-SHA256", timestamp, `date/service/tc3_request`, hex SHA-256 of the canonical request;
 * key = HMAC chain "TC3"+secret → date → service → "tc3_request"; signature = hex HMAC of the string.
 */
export function tencentTc3Signature(input: {
  secretKey: string;
  service: string;
  timestamp: number;
  method: string;
  query?: string;
  /** The signed headers, names lower-case; signed in name order. */
  headers: Record<string, string>;
  payload: string;
}): { signature: string; signedHeaders: string; credentialScope: string } {
  const sha256 = (v: string) => createHash('sha256').update(v, 'utf8').digest('hex');
  const hmac = (key: string | Buffer, v: string) => createHmac('sha256', key).update(v, 'utf8').digest();
  const names = Object.keys(input.headers).sort();
  // Tencent's canonical headers take names and values in lower case (x-tc-action:sendsms).
  const canonicalHeaders = names.map((n) => `${n}:${input.headers[n].trim().toLowerCase()}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    input.method,
    '/',
    input.query ?? '',
    canonicalHeaders,
    signedHeaders,
    sha256(input.payload),
  ].join('\n');
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), credentialScope, sha256(canonicalRequest)].join(
    '\n',
  );
  const signing = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  return {
    signature: createHmac('sha256', signing).update(stringToSign, 'utf8').digest('hex'),
    signedHeaders,
    credentialScope,
  };
}

/**
 * Tencent Cloud SMS `SendSms` (API 3.0, version 2021-01-11): a JSON POST signed with
 * TC3-HMAC-SHA256. `SMS_ACCESS_KEY_ID`/`SMS_ACCESS_KEY_SECRET` are the SecretId/SecretKey,
 * `SMS_TEMPLATE_CODE` the TemplateId. Success is `Response.SendStatusSet[0].Code === "Ok"`; the
 * SerialNo is kept as the gateway reference.
 */
export function tencentSmsSender(config: SmsConfig, now: () => Date = () => new Date()): SmsSender {
  return {
    kind: 'tencent',
    async send(_db, phone, message) {
      const template = message.kind === 'code' ? config.codeTemplate : config.inviteTemplate;
      if (
        !config.url ||
        !config.accessKeyId ||
        !config.accessKeySecret ||
        !config.signName ||
        !config.sdkAppId ||
        !template
      )
        return { ok: false, reference: null, error: 'SMS gateway not fully configured' };
      const payload = JSON.stringify({
        PhoneNumberSet: [`+86${phone}`],
        SmsSdkAppId: config.sdkAppId,
        SignName: config.signName,
        TemplateId: template,
        // Tencent's templates take positional parameters: {1} the code; {1} the organisation, {2} the link.
        TemplateParamSet: message.kind === 'code' ? [message.code] : [message.orgName.slice(0, 20), message.url],
      });
      const host = new URL(config.url).host;
      const timestamp = Math.floor(now().getTime() / 1000);
      const contentType = 'application/json; charset=utf-8';
      const { signature, signedHeaders, credentialScope } = tencentTc3Signature({
        secretKey: config.accessKeySecret,
        service: 'sms',
        timestamp,
        method: 'POST',
        headers: { 'content-type': contentType, host, 'x-tc-action': 'SendSms' },
        payload,
      });
      try {
        const res = await fetch(config.url, {
          method: 'POST',
          headers: {
            authorization: `TC3-HMAC-SHA256 Credential=${config.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
            'content-type': contentType,
            'x-tc-action': 'SendSms',
            'x-tc-version': '2021-01-11',
            'x-tc-timestamp': String(timestamp),
            'x-tc-region': config.region || 'ap-guangzhou',
          },
          body: payload,
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        const answer = (await res.json().catch(() => ({}))) as {
          Response?: {
            Error?: { Code?: unknown; Message?: unknown };
            SendStatusSet?: Array<{ Code?: unknown; Message?: unknown; SerialNo?: unknown }>;
          };
        };
        const status = answer.Response?.SendStatusSet?.[0];
        if (res.ok && status?.Code === 'Ok')
          return { ok: true, reference: typeof status.SerialNo === 'string' ? status.SerialNo.slice(0, 100) : null };
        const error = answer.Response?.Error ?? status;
        return {
          ok: false,
          reference: null,
          error: `${String(error?.Code ?? res.status)} ${String(error?.Message ?? '')}`,
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
  if (config?.url) return config.provider === 'tencent' ? tencentSmsSender(config) : aliyunSmsSender(config);
  return env.NODE_ENV === 'production' ? noSmsSender : devSmsSender;
}
