// Imported certificates (issue 16): records of the province's earlier system or of another province,
// written by the legacy import into the same register as native ones, so they verify (CER-3), count
// at hiring (EMP-1), enter review reminders (CER-4) and can be revoked like any other.
import { eq, sql, type SQL } from 'drizzle-orm';
import { insertMany, selectColumnsOf } from '../../db/bulk.js';
import type { Executor, Tx } from '../../db/index.js';
import { touchRegister } from './register-cache.js';
import { certificateReviews, certificates } from './schema.js';

export type CertificateOrigin = 'native' | 'legacy' | 'other_province';

export const ORIGIN_LABELS: Record<CertificateOrigin, string> = {
  native: '本平台签发',
  legacy: '历史导入',
  other_province: '外省',
};

export type StoredCertificate = Pick<
  typeof certificates.$inferSelect,
  | 'id'
  | 'number'
  | 'itemCode'
  | 'issuedOn'
  | 'validFrom'
  | 'validUntil'
  | 'nextReviewDue'
  | 'state'
  | 'authorityName'
  | 'holderName'
  | 'workerId'
  | 'origin'
  | 'originRecordedOn'
  | 'changedAt'
  | 'regionCode'
>;

/**
 * Every certificate under these numbers, whatever its state (the import matches and checks against
 * them); `numbers` is a list, or a query yielding them (rows staged in the database).
 */
export async function certificatesByNumbers(db: Executor, numbers: string[] | SQL): Promise<StoredCertificate[]> {
  if (Array.isArray(numbers) && numbers.length === 0) return [];
  return db
    .select({
      id: certificates.id,
      number: certificates.number,
      itemCode: certificates.itemCode,
      issuedOn: certificates.issuedOn,
      validFrom: certificates.validFrom,
      validUntil: certificates.validUntil,
      nextReviewDue: certificates.nextReviewDue,
      state: certificates.state,
      authorityName: certificates.authorityName,
      holderName: certificates.holderName,
      workerId: certificates.workerId,
      origin: certificates.origin,
      originRecordedOn: certificates.originRecordedOn,
      changedAt: certificates.changedAt,
      regionCode: certificates.regionCode,
    })
    .from(certificates)
    .where(
      Array.isArray(numbers)
        ? // One array parameter, not a parameter per number: 1,000 placeholders cost more to build and plan.
          sql`${certificates.number} = any(${sql.param(numbers)}::text[])`
        : sql`${certificates.number} in (${numbers})`,
    );
}

export type ImportedCertificate = Omit<
  typeof certificates.$inferInsert,
  'id' | 'statusSeq' | 'credential' | 'credentialKid' | 'taskId' | 'replacements'
>;

/** Multi-row insert of imported certificates (nothing returned: the import needs no ids back). */
export async function insertImportedCertificates(tx: Tx, rows: ImportedCertificate[]): Promise<void> {
  await insertMany(tx, certificates, rows);
}

/**
 * `insertImportedCertificates` for rows already in the database (an import's staged rows): `source`
 * yields an ImportedCertificate's properties `keys` as columns of those names (text is cast). Only those not yet on the
 * platform under the same number, item and first issue are inserted (the others are the caller's
 * to update or keep: newer wins); returns what the archive events of the inserted ones need.
 */
export async function insertNewImportedCertificatesFrom(
  tx: Tx,
  keys: readonly (keyof ImportedCertificate)[],
  source: SQL,
): Promise<
  Array<{
    workerId: string;
    number: string;
    itemCode: string;
    itemName: string;
    issuedOn: string;
    authorityName: string;
    origin: CertificateOrigin;
    state: string;
  }>
> {
  const { names, exprs } = selectColumnsOf(certificates, keys, (key) => `s."${key}"`);
  const result = (await tx.execute(sql`
    insert into certificates (${sql.raw(names)})
    select ${sql.raw(exprs)} from (${source}) s
    where not exists (
      select 1 from certificates x
      where x.number = s."number" and x.item_code = s."itemCode" and x.issued_on = s."issuedOn"::date)
    returning worker_id as "workerId", number, item_code as "itemCode", item_name as "itemName",
      issued_on::text as "issuedOn", authority_name as "authorityName", origin, state`)) as unknown as {
    rows: Awaited<ReturnType<typeof insertNewImportedCertificatesFrom>>;
  };
  return result.rows;
}

export type ImportedUpdate = Pick<
  typeof certificates.$inferInsert,
  | 'validFrom'
  | 'validUntil'
  | 'nextReviewDue'
  | 'state'
  | 'authorityName'
  | 'holderName'
  | 'originRecordedOn'
  | 'revokedAt'
  | 'cancelledAt'
  | 'stateNote'
  | 'changedAt'
> & { id: string };

/** Applies newer records of the source system to certificates already on the platform, in one statement. */
export async function updateImportedCertificates(tx: Tx, rows: ImportedUpdate[]): Promise<void> {
  if (rows.length === 0) return;
  // One array parameter per column: a bare JS array in drizzle's sql template expands to a list
  // "($1, $2)", which is not an array ("malformed array literal"), so every newer-wins update failed.
  const col = <K extends keyof ImportedUpdate>(k: K) =>
    sql.param(rows.map((r) => (r[k] instanceof Date ? (r[k] as Date).toISOString() : (r[k] ?? null))));
  await tx.execute(sql`
    update certificates c set
      valid_from = u.valid_from, valid_until = u.valid_until, next_review_due = u.next_review_due, state = u.state,
      authority_name = u.authority_name, holder_name = u.holder_name, origin_recorded_on = u.origin_recorded_on,
      revoked_at = coalesce(c.revoked_at, u.revoked_at), cancelled_at = coalesce(c.cancelled_at, u.cancelled_at),
      state_note = coalesce(u.state_note, c.state_note), changed_at = u.changed_at,
      -- A credential signed for the older record would carry stale dates: it is issued again on request.
      credential = case when c.origin = 'native' then c.credential end,
      credential_kid = case when c.origin = 'native' then c.credential_kid end
    from unnest(${col('id')}::uuid[], ${col('validFrom')}::date[], ${col('validUntil')}::date[], ${col('nextReviewDue')}::date[],
                ${col('state')}::text[], ${col('authorityName')}::text[], ${col('holderName')}::text[], ${col('originRecordedOn')}::date[],
                ${col('revokedAt')}::timestamptz[], ${col('cancelledAt')}::timestamptz[], ${col('stateNote')}::text[], ${col('changedAt')}::timestamptz[])
      as u(id, valid_from, valid_until, next_review_due, state, authority_name, holder_name, origin_recorded_on, revoked_at, cancelled_at, state_note, changed_at)
    where c.id = u.id`);
}

/** CER-3: after an import the public register's caches are re-read, so imported records verify at once. */
export async function importedCertificatesWritten(tx: Tx, db: Executor): Promise<void> {
  await touchRegister(tx, db);
}

export type ImportedReview = Omit<typeof certificateReviews.$inferInsert, 'id'>;

/**
 * Issue 16: review (复审) decisions of the province's earlier system, kept as decided reviews of the
 * certificate (they show in its review history); returns their ids in order.
 */
export async function insertImportedReviews(tx: Tx, rows: ImportedReview[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await tx.insert(certificateReviews).values(rows).returning({ id: certificateReviews.id });
  return inserted.map((r) => r.id);
}

/** Issue 16: a newer record of the source system changes an imported review's decision. */
export async function updateImportedReview(
  tx: Tx,
  id: string,
  set: Pick<ImportedReview, 'status' | 'decidedAt' | 'decidedByName' | 'retrainingHours' | 'note' | 'refusalGround'>,
): Promise<void> {
  await tx.update(certificateReviews).set(set).where(eq(certificateReviews.id, id));
}

/**
 * CER-4: a passed review moves the next review 3 years on from it, never past the end of validity and
 * never back (a later review on the platform or in the file already counts).
 */
export async function advanceReviewDates(tx: Tx, rows: Array<{ certificateId: string; reviewedOn: string }>) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    update certificates c set next_review_due = (u.reviewed_on + interval '3 years')::date
    from unnest(${sql.param(rows.map((r) => r.certificateId))}::uuid[], ${sql.param(rows.map((r) => r.reviewedOn))}::date[])
      as u(id, reviewed_on)
    where c.id = u.id and (u.reviewed_on + interval '3 years')::date < c.valid_until
      and (c.next_review_due is null or c.next_review_due < (u.reviewed_on + interval '3 years')::date)`);
}
