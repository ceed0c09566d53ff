// Reading certificates with access checks (SEC-2), the contracts other code calls (PDF input,
// national record, the kernel register), the re-application bar and the reminders (CER-4).
import { and, asc, desc, eq, inArray, like, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { jurisdictionPrefix, type Actor } from '../../kernel/access.js';
import type { CertificateRegister, RegisteredCertificate } from '../../kernel/certificates.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/problem.js';
import type { PersonalDataVault } from '../../kernel/vault.js';
import { portraitForCertificate } from '../face/index.js';
import { hasOrgLink } from '../registry/index.js';
import { publicBaseUrl } from './credentials.js';
import { shortLinkFor } from './links.js';
import type { CertificateRow } from './issue.js';
import {
  SEX_LABELS,
  idNumberOfCertificate,
  publicStatus,
  reapplicationBar,
  registerStatus,
  remindersDue,
  type CertificatePdfInput,
  type NationalCertificateRecord,
} from './rules.js';
import { certificateReminders, certificates } from './schema.js';

/** Worker: own; employer: its current employees' (the link ends with the employment); regulator: its jurisdiction's. Anything else is a 404. */
export async function visibleCertificate(ctx: AppContext, actor: Actor, id: string): Promise<CertificateRow> {
  const [row] = await ctx.db.select().from(certificates).where(eq(certificates.id, id));
  if (!row || !(await mayView(ctx, actor, row))) throw notFound('证书');
  return row;
}

async function mayView(ctx: AppContext, actor: Actor, row: CertificateRow): Promise<boolean> {
  if (actor.role === 'worker') return actor.workerId === row.workerId;
  if (actor.role === 'employer_admin' && actor.orgId)
    return hasOrgLink(ctx.db, { workerId: row.workerId, orgId: actor.orgId, relations: ['employee'] });
  const prefix = jurisdictionPrefix(actor);
  return Boolean(prefix && (row.regionCode.startsWith(prefix) || row.authorityOrgId === actor.orgId));
}

export function presentCertificate(ctx: AppContext, c: CertificateRow) {
  const today = chinaDate(ctx.clock.now());
  return {
    id: c.id,
    number: c.number,
    itemCode: c.itemCode,
    itemName: c.itemName,
    categoryName: c.categoryName,
    workerId: c.workerId,
    holderName: c.holderName,
    idNumberMasked: c.idNumberMasked,
    regionCode: c.regionCode,
    authorityOrgId: c.authorityOrgId,
    authorityName: c.authorityName,
    issuedOn: c.issuedOn,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    nextReviewDue: c.nextReviewDue,
    reviewIntervalYears: c.reviewIntervalYears,
    state: c.state,
    status: publicStatus(c, today),
    revokeReason: c.revokeReason,
    cancelReason: c.cancelReason,
    stateNote: c.stateNote,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    cancelledAt: c.cancelledAt?.toISOString() ?? null,
    replacements: c.replacements,
    changedAt: c.changedAt.toISOString(),
  };
}

/** With the signed token, for the holder's QR code and the pages that show it. */
export function presentWithCredential(ctx: AppContext, c: CertificateRow) {
  return { ...presentCertificate(ctx, c), credential: c.credential, verifyUrl: verifyUrl(ctx, c) };
}

export function verifyUrl(ctx: AppContext, c: Pick<CertificateRow, 'credential'>) {
  return `${publicBaseUrl(ctx)}/verify?token=${c.credential ?? ''}`;
}

export async function listCertificates(
  ctx: AppContext,
  actor: Actor,
  f: { q?: string; status?: string; page: number; pageSize: number },
) {
  let scope: SQL | undefined;
  if (actor.role === 'worker')
    scope = eq(certificates.workerId, actor.workerId ?? '00000000-0000-0000-0000-000000000000');
  else if (actor.role === 'employer_admin' && actor.orgId)
    scope = sql`exists (select 1 from worker_org_links l where l.worker_id = ${certificates.workerId} and l.org_id = ${actor.orgId} and l.relation = 'employee' and l.until is null)`;
  else {
    const prefix = jurisdictionPrefix(actor);
    if (!prefix) return { items: [], total: 0 };
    scope = actor.orgId
      ? or(like(certificates.regionCode, `${prefix}%`), eq(certificates.authorityOrgId, actor.orgId))
      : like(certificates.regionCode, `${prefix}%`);
  }
  const q = f.q?.trim();
  const where = and(
    scope,
    q
      ? or(eq(certificates.number, q.toUpperCase()), like(certificates.holderName, `%${q.replace(/[%_\\]/g, '\\$&')}%`))
      : undefined,
    f.status ? statusCondition(ctx, f.status) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select()
      .from(certificates)
      .where(where)
      .orderBy(desc(certificates.issuedOn), asc(certificates.number))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    ctx.db.select({ total: sql<number>`count(*)::int` }).from(certificates).where(where),
  ]);
  return { items: rows.map((r) => presentCertificate(ctx, r)), total };
}

function statusCondition(ctx: AppContext, status: string) {
  const today = chinaDate(ctx.clock.now());
  switch (status) {
    case 'revoked':
      return sql`${certificates.state} <> 'active'`;
    case 'expired':
      return sql`${certificates.state} = 'active' and ${certificates.validUntil} < ${today}`;
    case 'review_overdue':
      return sql`${certificates.state} = 'active' and ${certificates.validUntil} >= ${today} and ${certificates.nextReviewDue} < ${today}`;
    default:
      return sql`${certificates.state} = 'active' and ${certificates.validUntil} >= ${today} and (${certificates.nextReviewDue} is null or ${certificates.nextReviewDue} >= ${today})`;
  }
}

export async function getCertificate(ctx: AppContext, actor: Actor, id: string) {
  const c = await visibleCertificate(ctx, actor, id);
  // The short link (CER-3) the PDF prints when the token is too long; shown so it can also be shared.
  return { ...presentWithCredential(ctx, c), shortUrl: await shortLinkFor(ctx, ctx.db, c.id) };
}

/** CER-6: what the PDF renderer draws, to those who may see the certificate. */
export async function certificatePdfInput(
  ctx: AppContext,
  actor: Actor,
  certificateId: string,
): Promise<CertificatePdfInput> {
  const c = await visibleCertificate(ctx, actor, certificateId);
  const photo = await portraitForCertificate(ctx, c.workerId);
  return {
    number: c.number,
    holderName: c.holderName,
    sex: c.holderGender ? (SEX_LABELS[c.holderGender] ?? null) : null,
    birthDate: c.holderBirthDate,
    idNumberMasked: c.idNumberMasked,
    photo: photo ? new Uint8Array(photo) : null,
    categoryName: c.categoryName,
    itemName: c.itemName,
    itemCode: c.itemCode,
    authorityName: c.authorityName,
    issuedOn: c.issuedOn,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    nextReviewDue: c.nextReviewDue,
    credentialToken: c.credential ?? '',
    verifyUrl: await shortLinkFor(ctx, ctx.db, c.id),
  };
}

/** CER-2: the record the national query platform receives; the ID number is the number's own digits. */
export async function nationalRecordOf(
  db: Executor,
  _vault: PersonalDataVault,
  certificateId: string,
): Promise<NationalCertificateRecord | null> {
  const [c] = await db.select().from(certificates).where(eq(certificates.id, certificateId));
  if (!c) return null;
  return {
    number: c.number,
    holderName: c.holderName,
    idNumber: idNumberOfCertificate(c.number) ?? c.number.slice(1),
    sex: c.holderGender ? (SEX_LABELS[c.holderGender] ?? null) : null,
    itemCode: c.itemCode,
    itemName: c.itemName,
    categoryName: c.categoryName,
    authorityName: c.authorityName,
    authorityCreditCode: c.authorityCreditCode,
    issuedOn: c.issuedOn,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    nextReviewDue: c.nextReviewDue,
    status: c.state === 'active' ? publicStatus(c, chinaDate(c.changedAt)) : c.state,
    changedAt: c.changedAt.toISOString(),
  };
}

/** CER-4: until when a worker may not apply again (false information or improper means: 3 years). */
export async function reapplicationBarredUntil(db: Executor, workerId: string): Promise<string | null> {
  const rows = await db
    .select({ reason: certificates.revokeReason, revokedAt: certificates.revokedAt })
    .from(certificates)
    .where(
      and(eq(certificates.workerId, workerId), inArray(certificates.revokeReason, ['false_info', 'improper_means'])),
    );
  return reapplicationBar(
    rows.filter((r) => r.revokedAt).map((r) => ({ reason: r.reason, revokedOn: chinaDate(r.revokedAt!) })),
  );
}

const registered = (c: CertificateRow, onDate: string): RegisteredCertificate => ({
  number: c.number,
  itemCode: c.itemCode,
  categoryCode: c.categoryCode,
  validFrom: c.validFrom,
  validUntil: c.validUntil,
  nextReviewDue: c.nextReviewDue,
  status: registerStatus(c, onDate),
});

/** The kernel seam (INS-4, EXM-4, EMP-1, EMP-3): the platform's certificates as earlier and later steps see them. */
export const certificateRegister: CertificateRegister = {
  async lookup(db, query) {
    const rows = await db
      .select()
      .from(certificates)
      .where(
        and(
          eq(certificates.number, query.number.trim().toUpperCase()),
          eq(certificates.holderName, query.holderName.trim()),
        ),
      );
    return rows.map((c) => registered(c, query.onDate));
  },
  async heldBy(db, workerIds, onDate) {
    const held = new Map<string, RegisteredCertificate[]>();
    for (let i = 0; i < workerIds.length; i += 1000) {
      const rows = await db
        .select()
        .from(certificates)
        .where(inArray(certificates.workerId, workerIds.slice(i, i + 1000)));
      for (const c of rows) held.set(c.workerId, [...(held.get(c.workerId) ?? []), registered(c, onDate)]);
    }
    return held;
  },
  reapplicationBarredUntil,
};

/** Records the reminders due on `today`, once per certificate, kind and date concerned; returns how many were new. */
export async function produceReminders(ctx: AppContext, today: string): Promise<number> {
  let created = 0;
  let after = 0;
  for (;;) {
    const batch = await ctx.db
      .select()
      .from(certificates)
      .where(and(eq(certificates.state, 'active'), sql`${certificates.statusSeq} > ${after}`))
      .orderBy(asc(certificates.statusSeq))
      .limit(1000);
    if (!batch.length) break;
    after = batch[batch.length - 1].statusSeq;
    const due = remindersDue(batch, today);
    if (due.length) {
      const rows = await ctx.db
        .insert(certificateReminders)
        .values(due.map((d) => ({ ...d, createdAt: ctx.clock.now() })))
        .onConflictDoNothing()
        .returning({ id: certificateReminders.certificateId });
      created += rows.length;
    }
  }
  return created;
}

/** Reminders for the worker (own) or the employer (its employees'). */
export async function myReminders(ctx: AppContext, actor: Actor) {
  const cols = {
    certificateId: certificateReminders.certificateId,
    kind: certificateReminders.kind,
    concernsDate: certificateReminders.concernsDate,
    message: certificateReminders.message,
    createdAt: certificateReminders.createdAt,
  };
  if (actor.role === 'worker' && actor.workerId)
    return ctx.db
      .select(cols)
      .from(certificateReminders)
      .where(eq(certificateReminders.workerId, actor.workerId))
      .orderBy(desc(certificateReminders.createdAt))
      .limit(100);
  if (actor.role === 'employer_admin' && actor.orgId)
    return ctx.db
      .select(cols)
      .from(certificateReminders)
      .where(
        sql`exists (select 1 from worker_org_links l where l.worker_id = ${certificateReminders.workerId} and l.org_id = ${actor.orgId} and l.relation = 'employee' and l.until is null)`,
      )
      .orderBy(desc(certificateReminders.createdAt))
      .limit(200);
  return [];
}

/** Every certificate these workers hold or held, with what standingOnDay needs (ANA-2). */
export async function certificatesOfWorkers(db: Executor, workerIds: string[]) {
  const out = [];
  for (let i = 0; i < workerIds.length; i += 1000) {
    const rows = await db
      .select({
        id: certificates.id,
        workerId: certificates.workerId,
        itemCode: certificates.itemCode,
        regionCode: certificates.regionCode,
        state: certificates.state,
        validFrom: certificates.validFrom,
        validUntil: certificates.validUntil,
        nextReviewDue: certificates.nextReviewDue,
        revokedAt: certificates.revokedAt,
        cancelledAt: certificates.cancelledAt,
      })
      .from(certificates)
      .where(inArray(certificates.workerId, workerIds.slice(i, i + 1000)));
    out.push(
      ...rows.map((r) => ({
        ...r,
        revokedOn: r.revokedAt ? chinaDate(r.revokedAt) : null,
        cancelledOn: r.cancelledAt ? chinaDate(r.cancelledAt) : null,
      })),
    );
  }
  return out;
}
