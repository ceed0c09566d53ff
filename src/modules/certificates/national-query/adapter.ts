// The inbound side of the national query platform (CER-2/CER-3), as documented in
// docs/national-query.md: one GET per number + name, bearer token, JSON answer. Everything that is not
// a well-formed answer in time is "unavailable" — the caller shows that, never an error of its own.
import type { NationalQueryRecord } from './schema.js';

export const NATIONAL_QUERY_SCHEMA = 'quanlian.national-certificate-query/1';

export interface NationalQueryTarget {
  url: string;
  token: string | undefined;
  timeoutMs: number;
}

export type AdapterAnswer =
  | {
      outcome: 'answered';
      found: boolean;
      records: Array<NationalQueryRecord & { holderName: string }>;
      answeredAt: Date | null;
    }
  | { outcome: 'unavailable'; reason: string };

const REPORTED_STATUSES = ['valid', 'expired', 'review_overdue', 'revoked', 'cancelled'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const str = (v: unknown, max: number) => (typeof v === 'string' && v.length <= max ? v : null);

/** One record of the answer, or null when it does not follow the documented shape. */
export function parseRecord(raw: unknown): (NationalQueryRecord & { holderName: string }) | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const number = str(r.number, 40);
  const holderName = str(r.holderName, 40);
  const itemCode = str(r.itemCode, 5);
  const status = str(r.status, 20);
  const dates = [r.issuedOn, r.validFrom, r.validUntil].map((d) => str(d, 10));
  const nextReviewDue = r.nextReviewDue == null ? null : str(r.nextReviewDue, 10);
  if (!number || !holderName || !itemCode || !/^\d{1,2}\.\d{1,2}$/.test(itemCode)) return null;
  if (!status || !REPORTED_STATUSES.includes(status)) return null;
  if (dates.some((d) => !d || !DATE.test(d)) || (nextReviewDue !== null && !DATE.test(nextReviewDue))) return null;
  const provinceCode = str(r.provinceCode, 6);
  return {
    number: number.toUpperCase(),
    holderName,
    holderNameMasked: '',
    itemCode,
    itemName: str(r.itemName, 60) ?? itemCode,
    authorityName: str(r.authorityName, 100) ?? '',
    provinceCode: provinceCode && /^\d{6}$/.test(provinceCode) ? provinceCode : null,
    issuedOn: dates[0]!,
    validFrom: dates[1]!,
    validUntil: dates[2]!,
    nextReviewDue,
    status,
  };
}

/** Asks the national query platform about one number and name. Never throws. */
export async function askNationalQueryPlatform(
  target: NationalQueryTarget,
  q: { number: string; name: string },
): Promise<AdapterAnswer> {
  const url = new URL(target.url);
  url.searchParams.set('number', q.number);
  url.searchParams.set('name', q.name);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: {
        accept: 'application/json',
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
      },
      signal: AbortSignal.timeout(target.timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { outcome: 'unavailable', reason: timedOut ? `超时（${target.timeoutMs} 毫秒）` : '无法连接' };
  }
  let body: unknown;
  try {
    // A body larger than any answer about one number is not an answer.
    const text = await res.text();
    if (text.length > 200_000) return { outcome: 'unavailable', reason: '应答过大' };
    body = JSON.parse(text);
  } catch {
    return { outcome: 'unavailable', reason: `应答不是 JSON（HTTP ${res.status}）` };
  }
  if (res.status !== 200) return { outcome: 'unavailable', reason: `HTTP ${res.status}` };
  const b = body as Record<string, unknown>;
  if (!b || b.schema !== NATIONAL_QUERY_SCHEMA || typeof b.found !== 'boolean' || !Array.isArray(b.records))
    return { outcome: 'unavailable', reason: '应答格式不符' };
  const records = b.records.map(parseRecord);
  if (records.some((r) => r === null)) return { outcome: 'unavailable', reason: '应答记录格式不符' };
  const answeredAt =
    typeof b.answeredAt === 'string' && !Number.isNaN(Date.parse(b.answeredAt)) ? new Date(b.answeredAt) : null;
  return {
    outcome: 'answered',
    found: b.found && records.length > 0,
    records: records as Array<NationalQueryRecord & { holderName: string }>,
    answeredAt,
  };
}
