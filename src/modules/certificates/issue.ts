// CER-1, CER-4: issuing a certificate and the changes of its state (revocation, cancellation,
// replacement). Each writes the certificate, its credential, the archive, the audit record and a
// domain event (for the national push) in one transaction.
import { and, eq } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { emitEvent } from '../../kernel/events.js';
import { conflict, notFound, ruleViolation } from '../../kernel/problem.js';
import { getCatalogue } from '../catalog/index.js';
import { findOrganisation } from '../organisations/index.js';
import { appendArchiveEvent, findWorkerById } from '../registry/index.js';
import { signCertificate } from './credentials.js';
import {
  CANCEL_REASONS,
  REVOKE_REASONS,
  certificateNumber,
  certificatePeriod,
  REVIEW_INTERVAL_YEARS,
  type CancelReason,
  type RevokeReason,
} from './rules.js';
import { touchRegister } from './register-cache.js';
import { certificates, type issuanceTasks } from './schema.js';

export type CertificateRow = typeof certificates.$inferSelect;

async function itemNames(ctx: AppContext, tx: Executor, itemCode: string) {
  // Read in the caller's transaction: PGlite has one connection, a second reader would wait on it.
  const { categories } = await getCatalogue({ ...ctx, db: tx as AppContext['db'] });
  for (const c of categories) {
    const item = c.items.find((i) => i.code === itemCode);
    if (item) return { itemName: item.name, categoryCode: c.code, categoryName: c.name };
  }
  throw notFound('作业项目');
}

/** Re-signs after any change so the credential in the holder's hands can be refreshed (same number). */
export async function resign(tx: Executor, ctx: AppContext, row: CertificateRow) {
  const { jws, kid } = await signCertificate(ctx, tx, row);
  const [updated] = await tx
    .update(certificates)
    .set({ credential: jws, credentialKid: kid })
    .where(eq(certificates.id, row.id))
    .returning();
  await touchRegister(tx, ctx.db);
  return updated;
}

export async function issueCertificate(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  task: typeof issuanceTasks.$inferSelect,
): Promise<CertificateRow> {
  const worker = await findWorkerById(tx, task.workerId);
  if (!worker) throw notFound('人员');
  const number = certificateNumber(ctx.vault.open(worker.idNumberSealed));
  // CER-1: one certificate per operation item held.
  const [held] = await tx
    .select({ id: certificates.id })
    .from(certificates)
    .where(
      and(eq(certificates.number, number), eq(certificates.itemCode, task.itemCode), eq(certificates.state, 'active')),
    );
  if (held)
    throw conflict(
      `${worker.name} 已持有该作业项目（${task.itemCode}）的证书 ${number}；如证书已失效，请先撤销或注销后再发证。`,
      'CER-1',
    );
  const authority = await findOrganisation(tx, task.authorityOrgId);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const names = await itemNames(ctx, tx, task.itemCode);
  const [row] = await tx
    .insert(certificates)
    .values({
      number,
      itemCode: task.itemCode,
      ...names,
      workerId: worker.id,
      holderName: worker.name,
      holderGender: worker.gender,
      holderBirthDate: worker.birthDate,
      idNumberMasked: worker.idNumberMasked,
      regionCode: worker.regionCode,
      authorityOrgId: task.authorityOrgId,
      authorityName: authority?.name ?? '',
      authorityCreditCode: authority?.creditCode ?? null,
      taskId: task.id,
      issuedOn: today,
      ...certificatePeriod(today),
      reviewIntervalYears: REVIEW_INTERVAL_YEARS,
      state: 'active',
      changedAt: now,
      createdAt: now,
    })
    .returning();
  const signed = await resign(tx, ctx, row);
  await appendArchiveEvent(tx, now, actor, {
    workerId: worker.id,
    kind: 'certified',
    summary: `取得${names.itemName}（${task.itemCode}）特种作业操作证 ${number}，有效期 ${signed.validFrom} 至 ${signed.validUntil}，复审日期 ${signed.nextReviewDue}`,
    detail: { certificateId: row.id, number, itemCode: task.itemCode, taskId: task.id },
  });
  await appendAudit(tx, ctx.clock, actor, {
    action: 'certificates.issue',
    entityType: 'certificate',
    entityId: row.id,
    regionCode: row.regionCode,
    after: { number, itemCode: task.itemCode, validUntil: row.validUntil },
  });
  await emitEvent(tx, ctx.clock, {
    type: 'certificate.issued',
    payload: { certificateId: row.id },
    regionCode: row.regionCode,
  });
  return signed;
}

/** The certificate an issuing authority acts on: its own issue; another's is a 404. */
export async function ownCertificate(tx: Executor, actor: Actor, id: string): Promise<CertificateRow> {
  const [row] = await tx.select().from(certificates).where(eq(certificates.id, id)).for('update');
  if (!row || row.authorityOrgId !== actor.orgId) throw notFound('证书');
  return row;
}

export async function revokeCertificate(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { reason: RevokeReason; note: string },
) {
  return ctx.db.transaction(async (tx) => {
    const c = await ownCertificate(tx, actor, id);
    if (c.state !== 'active') throw conflict('该证书已撤销或注销。', 'CER-4');
    const now = ctx.clock.now();
    const [row] = await tx
      .update(certificates)
      .set({ state: 'revoked', revokedAt: now, revokeReason: input.reason, stateNote: input.note, changedAt: now })
      .where(eq(certificates.id, id))
      .returning();
    await touchRegister(tx, ctx.db);
    const reason = REVOKE_REASONS[input.reason];
    await appendArchiveEvent(tx, now, actor, {
      workerId: c.workerId,
      kind: 'revoked',
      summary: `撤销证书 ${c.number}（${c.itemName}）：${reason.label}${reason.bar ? '；3 年内不得再次申请' : ''}`,
      detail: { certificateId: id, reason: input.reason, note: input.note },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'certificates.revoke',
      entityType: 'certificate',
      entityId: id,
      regionCode: c.regionCode,
      before: { state: c.state },
      after: { state: 'revoked', reason: input.reason, note: input.note },
    });
    await emitEvent(tx, ctx.clock, {
      type: 'certificate.revoked',
      payload: { certificateId: id },
      regionCode: c.regionCode,
    });
    return row;
  });
}

export async function cancelCertificate(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { reason: CancelReason; note: string },
) {
  return ctx.db.transaction(async (tx) => {
    const c = await ownCertificate(tx, actor, id);
    if (c.state === 'cancelled') throw conflict('该证书已注销。', 'CER-4');
    if (input.reason === 'revoked' && c.state !== 'revoked')
      throw ruleViolation('CER-4', '不能以"已撤销"为由注销', '该证书尚未撤销；请选择其他注销原因，或先撤销。');
    const now = ctx.clock.now();
    const [row] = await tx
      .update(certificates)
      .set({ state: 'cancelled', cancelledAt: now, cancelReason: input.reason, stateNote: input.note, changedAt: now })
      .where(eq(certificates.id, id))
      .returning();
    await touchRegister(tx, ctx.db);
    await appendArchiveEvent(tx, now, actor, {
      workerId: c.workerId,
      kind: 'cancelled',
      summary: `注销证书 ${c.number}（${c.itemName}）：${CANCEL_REASONS[input.reason]}`,
      detail: { certificateId: id, reason: input.reason, note: input.note },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'certificates.cancel',
      entityType: 'certificate',
      entityId: id,
      regionCode: c.regionCode,
      before: { state: c.state },
      after: { state: 'cancelled', reason: input.reason },
    });
    await emitEvent(tx, ctx.clock, {
      type: 'certificate.cancelled',
      payload: { certificateId: id },
      regionCode: c.regionCode,
    });
    return row;
  });
}

/**
 * Issue 16: the signed credential of an imported certificate (历史导入 / 外省), issued on request with the
 * key of the authority that keeps the record on the platform and marked as a re-issue of the legacy
 * record. Asking again returns the credential already issued (it changes only when the record does).
 */
export async function issueLegacyCredential(ctx: AppContext, actor: Actor, id: string) {
  return ctx.db.transaction(async (tx) => {
    const c = await ownCertificate(tx, actor, id);
    if (c.origin === 'native') throw conflict('本平台签发的证书已有电子证书，无需补签。', 'CER-3');
    if (c.state !== 'active') throw conflict('已撤销或注销的证书不签发电子证书。', 'CER-4');
    if (c.credential) return { ...c, reissued: false };
    const row = await resign(tx, ctx, c);
    const now = ctx.clock.now();
    await appendArchiveEvent(tx, now, actor, {
      workerId: c.workerId,
      kind: 'renewed',
      summary: `为${c.origin === 'other_province' ? '外省' : '历史导入'}证书 ${c.number}（${c.itemName}）签发电子证书（历史记录补签）`,
      detail: { certificateId: id, legacyReissue: true },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'certificates.legacy_credential',
      entityType: 'certificate',
      entityId: id,
      regionCode: c.regionCode,
      after: { kid: row.credentialKid, origin: c.origin },
    });
    return { ...row, reissued: true };
  });
}

/** CER-4: a lost or damaged certificate is reissued: same number and status-list position, a new credential. */
export async function replaceCertificate(ctx: AppContext, actor: Actor, id: string, input: { note: string }) {
  return ctx.db.transaction(async (tx) => {
    const c = await ownCertificate(tx, actor, id);
    if (c.state !== 'active') throw conflict('已撤销或注销的证书不能补发。', 'CER-4');
    const now = ctx.clock.now();
    const [bumped] = await tx
      .update(certificates)
      .set({ replacements: c.replacements + 1, changedAt: now })
      .where(eq(certificates.id, id))
      .returning();
    await touchRegister(tx, ctx.db);
    const row = await resign(tx, ctx, bumped);
    await appendArchiveEvent(tx, now, actor, {
      workerId: c.workerId,
      kind: 'renewed',
      summary: `补发证书 ${c.number}（${c.itemName}）：${input.note}`,
      detail: { certificateId: id, note: input.note },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'certificates.replace',
      entityType: 'certificate',
      entityId: id,
      regionCode: c.regionCode,
      after: { replacements: row.replacements, note: input.note },
    });
    await emitEvent(tx, ctx.clock, {
      type: 'certificate.replaced',
      payload: { certificateId: id },
      regionCode: c.regionCode,
    });
    return row;
  });
}
