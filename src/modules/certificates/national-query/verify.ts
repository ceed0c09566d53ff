// CER-3 inbound: /verify's answer for a number the platform does not hold, from the national query
// platform, with its source and time; "unavailable" is an answer too (the page says so), never a 500.
import { maskIdNumber } from '../../../kernel/ids.js';
import type { AppContext } from '../../../kernel/context.js';
import { pickForVerifier, type PublicStatus, type VerifyAnswer } from '../rules.js';
import { lookUpNationally } from './lookup.js';

const EMPTY = {
  number: null,
  itemCode: null,
  itemName: null,
  authorityName: null,
  validFrom: null,
  validUntil: null,
  nextReviewDue: null,
  holderName: null,
  idNumber: null,
};

export async function verifyNationally(
  ctx: AppContext,
  q: { number: string; name: string; itemCode?: string },
): Promise<VerifyAnswer> {
  const looked = await lookUpNationally(ctx, q);
  if (looked.outcome === 'disabled') return { status: 'not_found', ...EMPTY };
  if (looked.outcome === 'unavailable')
    return {
      status: 'not_found',
      ...EMPTY,
      national: {
        outcome: 'unavailable',
        sourceName: looked.sourceName,
        answeredAt: null,
        cached: false,
        stale: false,
        provinceCode: null,
      },
    };
  const meta = {
    sourceName: looked.sourceName,
    answeredAt: looked.answeredAt,
    cached: looked.cached,
    stale: looked.stale,
  };
  const candidates = looked.certificates
    .filter((c) => !q.itemCode || c.itemCode === q.itemCode)
    .map((c) => ({ ...c, status: (c.status === 'cancelled' ? 'revoked' : c.status) as PublicStatus }));
  const best = pickForVerifier(candidates);
  if (!best) return { status: 'not_found', ...EMPTY, national: { outcome: 'not_found', ...meta, provinceCode: null } };
  return {
    status: best.status,
    number: best.number,
    itemCode: best.itemCode,
    itemName: best.itemName,
    authorityName: best.authorityName,
    validFrom: best.validFrom,
    validUntil: best.validUntil,
    nextReviewDue: best.nextReviewDue,
    holderName: best.holderNameMasked,
    // The national answer's number is T + the ID number; the public answer shows it masked as ours does.
    idNumber: maskedIdOf(best.number),
    national: { outcome: 'found', ...meta, provinceCode: best.provinceCode },
  };
}

function maskedIdOf(number: string): string | null {
  const id = number.replace(/^T/, '');
  return /^\d{17}[\dX]$/.test(id) ? maskIdNumber(id) : null;
}
