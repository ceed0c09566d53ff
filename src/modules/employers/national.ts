// EMP-1 with CER-3 inbound: a certificate of another province or from before the platform is not in
// the platform's register; the national query platform's answer counts for the check and at hiring.
import type { AppContext } from '../../kernel/context.js';
import { lookUpNationally, type NationalLookup } from '../certificates/index.js';
import { findWorkerById } from '../registry/index.js';
import type { HeldCertificate } from './rules.js';

/** The certificates the national platform says the worker holds (number = T + ID number), if asked. */
export async function nationallyHeld(
  ctx: AppContext,
  workerId: string,
): Promise<{ held: HeldCertificate[]; lookup: NationalLookup | null }> {
  if (!ctx.config.nationalQuery?.url) return { held: [], lookup: null };
  const worker = await findWorkerById(ctx.db, workerId);
  if (!worker) return { held: [], lookup: null };
  const idNumber = ctx.vault.open(worker.idNumberSealed);
  const lookup = await lookUpNationally(ctx, { number: `T${idNumber}`, name: worker.name });
  if (lookup.outcome !== 'answered') return { held: [], lookup };
  return {
    held: lookup.certificates.map((c) => ({
      number: c.number,
      itemCode: c.itemCode,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      nextReviewDue: c.nextReviewDue,
      status: c.status,
    })),
    lookup,
  };
}
