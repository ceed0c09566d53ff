import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { orgApplications, orgInvites, smsCodes, smsDevOutbox, workerSignups } from './schema.js';

export type SmsCodeRow = typeof smsCodes.$inferSelect;
export type WorkerSignupRow = typeof workerSignups.$inferSelect;
export type OrgApplicationRow = typeof orgApplications.$inferSelect;

/** Serialises sends to one number (and one address) across requests and processes. */
export async function lockSends(db: Executor, key: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

export async function recentSends(db: Executor, since: Date, by: { phoneHash?: string; clientIp?: string }) {
  const rows = await db
    .select({ sentAt: smsCodes.sentAt })
    .from(smsCodes)
    .where(
      and(
        gt(smsCodes.sentAt, since),
        by.phoneHash ? eq(smsCodes.phoneHash, by.phoneHash) : undefined,
        by.clientIp ? eq(smsCodes.clientIp, by.clientIp) : undefined,
      ),
    );
  return rows.map((r) => r.sentAt);
}

export async function insertSmsCode(db: Executor, values: typeof smsCodes.$inferInsert): Promise<SmsCodeRow> {
  const [row] = await db.insert(smsCodes).values(values).returning();
  return row;
}

export async function deleteSmsCode(db: Executor, id: string): Promise<void> {
  await db.delete(smsCodes).where(eq(smsCodes.id, id));
}

export async function setGatewayReference(db: Executor, id: string, reference: string | null): Promise<void> {
  await db.update(smsCodes).set({ gatewayReference: reference }).where(eq(smsCodes.id, id));
}

/** The latest code sent to a number for a purpose, under a row lock (tries counted one after another). */
export async function latestCodeForUpdate(db: Executor, phoneHash: string, purpose: string) {
  const [row] = await db
    .select()
    .from(smsCodes)
    .where(and(eq(smsCodes.phoneHash, phoneHash), eq(smsCodes.purpose, purpose)))
    .orderBy(desc(smsCodes.sentAt))
    .limit(1)
    .for('update');
  return row as SmsCodeRow | undefined;
}

export async function updateSmsCode(db: Executor, id: string, values: Partial<SmsCodeRow>): Promise<void> {
  await db.update(smsCodes).set(values).where(eq(smsCodes.id, id));
}

export async function findTicket(db: Executor, ticketHash: string): Promise<SmsCodeRow | undefined> {
  const [row] = await db.select().from(smsCodes).where(eq(smsCodes.ticketHash, ticketHash));
  return row;
}

/** Marks a ticket used; false when another request used it first. */
export async function useTicket(db: Executor, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(smsCodes)
    .set({ ticketUsedAt: at })
    .where(and(eq(smsCodes.id, id), isNull(smsCodes.ticketUsedAt)))
    .returning({ id: smsCodes.id });
  return rows.length === 1;
}

export async function listDevOutbox(db: Executor, limit = 50) {
  return db.select().from(smsDevOutbox).orderBy(desc(smsDevOutbox.sentAt), desc(smsDevOutbox.id)).limit(limit);
}

export async function findSignupByWorker(db: Executor, workerId: string) {
  const [row] = await db.select().from(workerSignups).where(eq(workerSignups.workerId, workerId));
  return row as WorkerSignupRow | undefined;
}

export async function findSignupByPhone(db: Executor, phoneHash: string) {
  const [row] = await db.select().from(workerSignups).where(eq(workerSignups.phoneHash, phoneHash));
  return row as WorkerSignupRow | undefined;
}

export async function findSignupByUser(db: Executor, userId: string) {
  const [row] = await db.select().from(workerSignups).where(eq(workerSignups.userId, userId));
  return row as WorkerSignupRow | undefined;
}

export async function insertSignup(db: Executor, values: WorkerSignupRow): Promise<void> {
  await db.insert(workerSignups).values(values);
}

export async function markSignupVerified(
  db: Executor,
  userId: string,
  values: { method: string; evidence: string | null; verifiedAt: Date },
): Promise<void> {
  await db
    .update(workerSignups)
    .set({ identity: 'verified', ...values })
    .where(eq(workerSignups.userId, userId));
}

export async function insertApplication(db: Executor, values: typeof orgApplications.$inferInsert) {
  const [row] = await db.insert(orgApplications).values(values).returning();
  return row;
}

export async function findPendingApplicationByCreditCode(db: Executor, creditCode: string) {
  const [row] = await db
    .select({ id: orgApplications.id })
    .from(orgApplications)
    .where(and(eq(orgApplications.creditCode, creditCode), eq(orgApplications.status, 'pending')));
  return row;
}

export async function findApplication(db: Executor, id: string, forUpdate = false) {
  const q = db.select().from(orgApplications).where(eq(orgApplications.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row as OrgApplicationRow | undefined;
}

/** The queue of a jurisdiction, without the licence bytes (fetched one at a time). */
export async function listApplications(db: Executor, f: { regionPrefix: string; status?: string }) {
  return db
    .select({
      id: orgApplications.id,
      kind: orgApplications.kind,
      name: orgApplications.name,
      creditCode: orgApplications.creditCode,
      regionCode: orgApplications.regionCode,
      contactName: orgApplications.contactName,
      contactPhoneMasked: orgApplications.contactPhoneMasked,
      licenceType: orgApplications.licenceType,
      claimsOrgId: orgApplications.claimsOrgId,
      status: orgApplications.status,
      reason: orgApplications.reason,
      decidedAt: orgApplications.decidedAt,
      orgId: orgApplications.orgId,
      createdAt: orgApplications.createdAt,
    })
    .from(orgApplications)
    .where(
      and(
        sql`${orgApplications.regionCode} like ${`${f.regionPrefix}%`}`,
        f.status ? eq(orgApplications.status, f.status) : undefined,
      ),
    )
    .orderBy(desc(orgApplications.createdAt))
    .limit(200);
}

export async function updateApplication(db: Executor, id: string, values: Partial<OrgApplicationRow>) {
  await db.update(orgApplications).set(values).where(eq(orgApplications.id, id));
}

export async function insertInvite(db: Executor, values: typeof orgInvites.$inferInsert): Promise<void> {
  await db.insert(orgInvites).values(values);
}

export async function findInviteForUpdate(db: Executor, tokenHash: string) {
  const [row] = await db.select().from(orgInvites).where(eq(orgInvites.tokenHash, tokenHash)).for('update');
  return row;
}

export async function useInvite(db: Executor, tokenHash: string, at: Date): Promise<void> {
  await db.update(orgInvites).set({ usedAt: at }).where(eq(orgInvites.tokenHash, tokenHash));
}
