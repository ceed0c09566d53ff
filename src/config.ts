import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Everything the platform reads from the environment, validated once at start. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL server URL; absent → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /**
   * Issue 23: a PostgreSQL streaming replica of `databaseUrl`. Public verification, the public lists and
   * the analytics dashboards read there while its lag is within `replicaMaxLagMs`; absent = all on the primary.
   */
  databaseReplicaUrl?: string;
  /** Issue 23: above this lag the replica's readers fall back to the primary. */
  replicaMaxLagMs?: number;
  dataDir: string;
  /** Master secret for personal-data encryption and look-up hashes (SEC-3). */
  secret: Buffer;
  /**
   * The secret before a rotation (QUANLIAN_SECRET_PREVIOUS): personal data sealed with it still opens
   * until `npm run vault:rotate` has re-sealed it with `secret` (docs/crypto.md). Never used to seal.
   */
  previousSecret?: Buffer;
  session: { idleMinutes: number; absoluteHours: number; secureCookie: boolean };
  login: { maxFailures: number; lockoutMinutes: number };
  seedDemo: boolean;
  /** Seat of the platform operator's organisation, created with the first administrator (GB/T 2260). */
  platformRegionCode: string;
  logLevel: string;
  /**
   * The national query platform's intake (CER-2, docs/national-push.md). No URL: pushing is disabled
   * and each certificate change is recorded as not pushed.
   */
  nationalPush?: { url: string | undefined; token: string | undefined; timeoutMs: number };
  /**
   * EXM-5: the identity source (e.g. the public-security portrait service) a door compares a candidate
   * without a registered photo against. No URL: such candidates are held for a named staff decision.
   */
  identitySource?: { url: string | undefined; token: string | undefined; timeoutMs: number };
  /**
   * The national query platform's look-up (CER-2/CER-3 inbound, docs/national-query.md): asked about
   * certificate numbers this platform does not hold. No URL: not asked, the answer stays 未查到.
   */
  nationalQuery?: {
    url: string | undefined;
    token: string | undefined;
    timeoutMs: number;
    /** How long an answer that found the certificate is kept; a "not found" is kept for an hour at most. */
    cacheHours: number;
    sourceName: string;
  };
  /** Overrides of the face module's calibrated defaults (modules/face/settings.ts); absent = defaults. */
  face?: { matchThreshold?: number; realThreshold?: number; liveThreshold?: number };
  /**
   * The address the public reaches the platform at: certificate QR codes and credentials point there.
   * Unset: the address each request came in at (kernel/origin.ts), localhost for background jobs.
   */
  publicUrl?: string;
  /** Public certificate verification: requests per minute per client address (CER-3). */
  verifyRatePerMinute?: number;
  /** SEC-1: key material of the audit chain's MAC and checkpoint signatures; absent = derived from `secret`. */
  auditKey?: Buffer;
  /** SEC-1: file store of the signed audit checkpoints; absent = `dataDir/audit-checkpoints`. */
  auditCheckpointDir?: string;
  /**
   * Behind reverse proxies / load balancers: `true` believes X-Forwarded-For/-Host/-Proto from any
   * peer, a comma-separated list of IPs or CIDRs only from those. The client address (rate limits)
   * and the public origin (QR links) come from them. Absent = the connection's own address and host.
   */
  trustProxy?: boolean | string;
  /** Bearer token a scraper outside this machine presents to read /metrics; absent = loopback only. */
  metricsToken?: string;
  /**
   * Browser journeys only (E2E_TEST_CLOCK=1): the server clock may be moved forward through
   * `POST /api/testing/clock` (kernel/clock.ts TestClock). Refused when NODE_ENV=production.
   */
  testClock?: boolean;
  /**
   * Issue 22: the SMS gateway (Alibaba Cloud SMS SendSms, modules/onboarding/sms.ts). No URL: the
   * development adapter (console + administrator page), refused when NODE_ENV=production.
   */
  sms?: {
    /** SMS_PROVIDER: `aliyun` (default) or `tencent`. */
    provider?: 'aliyun' | 'tencent';
    url: string | undefined;
    /** Tencent Cloud only: SMS_SDK_APP_ID and SMS_REGION (ap-guangzhou). */
    sdkAppId?: string | undefined;
    region?: string | undefined;
    accessKeyId: string | undefined;
    accessKeySecret: string | undefined;
    signName: string | undefined;
    codeTemplate: string | undefined;
    inviteTemplate: string | undefined;
    timeoutMs: number;
  };
  /** `gm`: national algorithms — SM2 signatures, SM3 (HMAC) hashes, SM4-GCM sealing (docs/crypto.md); default international. */
  cryptoProfile?: 'international' | 'gm';
  /** SEC-2: argon2id cost of new password hashes (modules/accounts/passwords.ts); absent = OWASP's minimum. */
  passwordHashCost?: { memoryCost: number; timeCost: number };
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function num(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new ConfigError(`${name} must be a number between ${min} and ${max}, got "${raw}"`);
  return value;
}

/** Issue 22: which SMS gateway SMS_GATEWAY_URL is. */
function smsProvider(env: NodeJS.ProcessEnv): 'aliyun' | 'tencent' {
  const raw = env.SMS_PROVIDER || 'aliyun';
  if (raw !== 'aliyun' && raw !== 'tencent')
    throw new ConfigError(`SMS_PROVIDER must be aliyun or tencent, got "${raw}"`);
  return raw;
}

function httpUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  return url.toString();
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/**
 * The secret comes from QUANLIAN_SECRET (hex or base64, ≥ 32 bytes) in production. On a fresh
 * machine without it, one is generated into the data folder so that `npm start` just works;
 * losing that file makes the encrypted personal data unreadable, which the README says.
 */
function hexOrBase64Key(env: NodeJS.ProcessEnv, name: string): Buffer | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  const decoded = /^[0-9a-f]+$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (decoded.length < 32) throw new ConfigError(`${name} must hold at least 32 bytes (64 hex characters)`);
  return decoded;
}

function cryptoProfile(env: NodeJS.ProcessEnv): 'international' | 'gm' {
  const raw = env.CRYPTO_PROFILE || 'international';
  if (raw !== 'international' && raw !== 'gm')
    throw new ConfigError(`CRYPTO_PROFILE must be international or gm, got "${raw}"`);
  return raw;
}

function trustProxy(env: NodeJS.ProcessEnv): boolean | string | undefined {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return undefined;
  if (raw === 'true') return true;
  if (!/^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/.test(raw))
    throw new ConfigError(`TRUST_PROXY must list IP addresses or CIDR ranges separated by commas, got "${raw}"`);
  return raw.replace(/\s+/g, '');
}

function metricsToken(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.METRICS_TOKEN;
  if (!raw) return undefined;
  if (raw.length < 16 || !/^[\x21-\x7e]+$/.test(raw))
    throw new ConfigError('METRICS_TOKEN must be at least 16 printable characters without spaces');
  return raw;
}

function loadSecret(env: NodeJS.ProcessEnv, dataDir: string): Buffer {
  const raw = env.QUANLIAN_SECRET;
  if (raw) {
    const decoded = /^[0-9a-f]+$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (decoded.length < 32) throw new ConfigError('QUANLIAN_SECRET must hold at least 32 bytes (64 hex characters)');
    return decoded;
  }
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.DATA_DIR || './data');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const databaseReplicaUrl = env.DATABASE_REPLICA_URL || undefined;
  if (databaseReplicaUrl && (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseReplicaUrl))) {
    throw new ConfigError('DATABASE_REPLICA_URL must be a postgres:// URL and needs DATABASE_URL (its primary)');
  }
  const testClock = bool(env, 'E2E_TEST_CLOCK', false);
  if (testClock && env.NODE_ENV === 'production')
    throw new ConfigError(
      'E2E_TEST_CLOCK lets anyone move the server clock: it is for browser tests, never production',
    );
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    testClock,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    databaseReplicaUrl,
    // 300 ms keeps CER-3's promise: a revocation shows within lag bound + one lag sample (200 ms) +
    // the register cache's version re-read (500 ms) ≤ 1 s.
    replicaMaxLagMs: int(env, 'REPLICA_MAX_LAG_MS', 300, 0, 3_600_000),
    dataDir,
    secret: loadSecret(env, dataDir),
    previousSecret: hexOrBase64Key(env, 'QUANLIAN_SECRET_PREVIOUS'),
    session: {
      idleMinutes: int(env, 'SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      absoluteHours: int(env, 'SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
      secureCookie: bool(env, 'COOKIE_SECURE', false),
    },
    login: {
      maxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
      lockoutMinutes: int(env, 'LOGIN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    },
    seedDemo: bool(env, 'SEED_DEMO', true),
    platformRegionCode: env.PLATFORM_REGION_CODE || '510000',
    publicUrl: env.PUBLIC_URL || undefined,
    auditKey: hexOrBase64Key(env, 'QUANLIAN_AUDIT_KEY'),
    auditCheckpointDir: path.resolve(env.AUDIT_CHECKPOINT_DIR || path.join(dataDir, 'audit-checkpoints')),
    cryptoProfile: cryptoProfile(env),
    metricsToken: metricsToken(env),
    trustProxy: trustProxy(env),
    verifyRatePerMinute: int(env, 'VERIFY_RATE_PER_MINUTE', 60, 1, 10_000_000),
    identitySource: {
      url: httpUrl(env, 'IDENTITY_SOURCE_URL'),
      token: env.IDENTITY_SOURCE_TOKEN || undefined,
      timeoutMs: int(env, 'IDENTITY_SOURCE_TIMEOUT_MS', 5_000, 100, 60_000),
    },
    sms: {
      provider: smsProvider(env),
      url: httpUrl(env, 'SMS_GATEWAY_URL'),
      sdkAppId: env.SMS_SDK_APP_ID || undefined,
      region: env.SMS_REGION || undefined,
      accessKeyId: env.SMS_ACCESS_KEY_ID || undefined,
      accessKeySecret: env.SMS_ACCESS_KEY_SECRET || undefined,
      signName: env.SMS_SIGN_NAME || undefined,
      codeTemplate: env.SMS_TEMPLATE_CODE || undefined,
      inviteTemplate: env.SMS_INVITE_TEMPLATE_CODE || undefined,
      timeoutMs: int(env, 'SMS_TIMEOUT_MS', 5_000, 100, 60_000),
    },
    nationalPush: {
      url: httpUrl(env, 'NATIONAL_PUSH_URL'),
      token: env.NATIONAL_PUSH_TOKEN || undefined,
      timeoutMs: int(env, 'NATIONAL_PUSH_TIMEOUT_MS', 10_000, 100, 120_000),
    },
    nationalQuery: {
      url: httpUrl(env, 'NATIONAL_QUERY_URL'),
      token: env.NATIONAL_QUERY_TOKEN || undefined,
      timeoutMs: int(env, 'NATIONAL_QUERY_TIMEOUT_MS', 3_000, 100, 60_000),
      cacheHours: int(env, 'NATIONAL_QUERY_CACHE_HOURS', 24, 1, 24 * 30),
      sourceName: (env.NATIONAL_QUERY_SOURCE_NAME || '全国特种作业操作证查询平台').slice(0, 60),
    },
    logLevel: env.LOG_LEVEL || 'info',
    face: Object.fromEntries(
      Object.entries({
        matchThreshold: num(env, 'FACE_MATCH_THRESHOLD', 0, 1),
        realThreshold: num(env, 'FACE_REAL_THRESHOLD', 0, 1),
        liveThreshold: num(env, 'FACE_LIVE_THRESHOLD', 0, 1),
      }).filter(([, v]) => v !== undefined),
    ),
  };
}
