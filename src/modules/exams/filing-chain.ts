// EXM-1: the steps both filing chains share — an exam centre's filing (centre-filings.ts) and an exam
// site's (site-applications.ts): who may take a step, a return needs its reasons, the province's
// decision gives a number (the entity's own, the one typed, or the next of the province's yearly
// sequence), a return is recorded with its decider and audited in the same transaction, and a typed
// number another entity already carries is a conflict naming it, never a 500.
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { Problem, badRequest, conflict } from '../../kernel/problem.js';
import { provinceOf } from '../../kernel/province-settings.js';
import { isUniqueViolation, type Tx } from '../../db/index.js';

/** The province's decision on an application the city accepted (or a province centre's own). */
export interface ProvinceDecision {
  decision: 'file' | 'return';
  filingNumber?: string;
  remarks?: string;
}

/** EXM-1: each step of the chain belongs to one level (the city reviews, the province files); others get 403. */
export function requireChainRole(
  actor: Actor,
  role: 'city_regulator' | 'province_regulator',
  title: string,
  detail: string,
): void {
  if (actor.role !== role) throw new Problem(403, 'forbidden', title, detail, { rule: 'EXM-1' });
}

/** The remarks of a decision; a return without its reasons is refused (400). */
export function decisionRemarks(input: { decision: string; remarks?: string }): string | null {
  const remarks = input.remarks?.trim() || null;
  if (input.decision === 'return' && !remarks)
    throw badRequest('退回须说明理由。', [{ field: 'remarks', message: '必填' }]);
  return remarks;
}

/**
 * The filing number the province gives: the one the entity already carries (a change keeps it), else
 * the one typed, else the next of the province's sequence for the year (China date).
 */
export async function filingNumberFor(
  tx: Tx,
  o: {
    kept: string | null;
    given: string | null;
    regionCode: string;
    now: Date;
    countInYear: (tx: Tx, province: string, year: string) => Promise<number>;
    format: (province: string, year: string, seq: number) => string;
  },
): Promise<string> {
  if (o.kept) return o.kept;
  if (o.given) return o.given;
  const province = provinceOf(o.regionCode);
  const year = chinaDate(o.now).slice(0, 4);
  return o.format(province, year, (await o.countInYear(tx, province, year)) + 1);
}

/** What a return by the province writes on the application. */
export interface ProvinceReturnPatch {
  status: 'returned';
  returnedBy: 'province';
  provinceDecidedAt: Date;
  provinceDecidedBy: string;
  provinceDeciderName: string;
  provinceRemarks: string | null;
}

/** What filing by the province writes on the application. */
export function provinceFiledPatch(actor: Actor, now: Date, remarks: string | null, filingNumber: string) {
  return {
    status: 'filed' as const,
    provinceDecidedAt: now,
    provinceDecidedBy: actor.userId,
    provinceDeciderName: actor.displayName,
    provinceRemarks: remarks,
    filingNumber,
  };
}

/** EXM-1: the province returns an application with its reasons; the decider is recorded and audited in `tx`. */
export async function provinceReturn<A>(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  o: {
    id: string;
    app: { status: string; regionCode: string };
    remarks: string | null;
    now: Date;
    entityType: string;
    action: string;
    update: (patch: ProvinceReturnPatch) => Promise<A>;
  },
): Promise<A> {
  const after = await o.update({
    status: 'returned',
    returnedBy: 'province',
    provinceDecidedAt: o.now,
    provinceDecidedBy: actor.userId,
    provinceDeciderName: actor.displayName,
    provinceRemarks: o.remarks,
  });
  await appendAudit(tx, ctx.clock, actor, {
    action: o.action,
    entityType: o.entityType,
    entityId: o.id,
    regionCode: o.app.regionCode,
    before: { status: o.app.status },
    after: { status: 'returned', remarks: o.remarks },
  });
  return after;
}

/** Runs the filing; a typed number another centre or site already carries is a 409 naming it (EXM-1). */
export async function withUniqueFilingNumber<T>(
  given: string | null,
  constraint: string,
  holder: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err, constraint)) throw conflict(`备案编号「${given}」已被其他${holder}使用。`, 'EXM-1');
    throw err;
  }
}
