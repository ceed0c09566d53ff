// EXM-5 at the door: the ID number read from the card and a face photo against the registered one.
// With no registered photo the door never admits on the typed ID alone: the identity source is asked
// when one is configured, else the candidate is held for a named staff decision. The photo that
// admitted such a candidate becomes their reference photo; every person–certificate mismatch is stored
// and listed to the exam centre and the regulator.
import { and, desc, eq, gte, inArray, like, lt } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { isFaceVerified, needsRetake } from '../../kernel/face.js';
import { badRequest, conflict, notFound, ruleViolation } from '../../kernel/problem.js';
import { FACE_OUTCOME_LABELS } from '../face/index.js';
import { findWorkerById, findWorkerByIdNumberHash } from '../registry/index.js';
import { compareWithIdentitySource } from './identity-source.js';
import { findBooking, findSession, insertIncident, updateBooking } from './queries.js';
import {
  type DoorCheck,
  examDoorHolds,
  examIncidents,
  examReferencePhotos,
  examSessions,
  examSites,
} from './schema.js';
import { requireStaffFor } from './staff.js';

export const DOOR_GROUND_LABELS: Record<string, string> = {
  no_identity_source: '未登记人脸照片，未配置身份核验源',
  identity_source_not_found: '身份核验源无此人照片',
  identity_source_unavailable: '身份核验源暂不可用',
};

/** EXM-5: at the door, the ID number read from the card and a face photo against the registered one. */
export async function doorCheck(
  ctx: AppContext,
  actor: Actor,
  bookingId: string,
  input: { idNumber: string; photo: string },
) {
  requirePermission(actor, 'exams.door');
  const booking = await findBooking(ctx.db, bookingId);
  const session = booking && (await findSession(ctx.db, booking.sessionId));
  if (!booking || !session || actor.orgId !== session.centreOrgId) throw notFound('考试预约');
  if (booking.status !== 'allocated') throw conflict('该考生为候补，未分配座位。', 'EXM-3');
  // EXM-4 (in the personnel database, certificate for an examiner) and EXM-2 (考培分离).
  await requireStaffFor(ctx, actor, 'door', booking, session.itemCode);
  const idNumber = input.idNumber.trim().toUpperCase();
  const holder = await findWorkerByIdNumberHash(ctx.db, ctx.vault.lookupHashes('id_number', idNumber));
  const idNumberMatches = holder?.id === booking.workerId;
  const image = Buffer.from(input.photo, 'base64');
  // The face engine and the identity source are called outside any transaction (no network call inside one).
  const face = await ctx.face.verify({ workerId: booking.workerId, image, purpose: 'exam_door' });
  // EXM-5: no registered photo — compare with the identity source, never admit on the typed ID alone.
  const source =
    idNumberMatches && face.outcome === 'not_enrolled' && ctx.config.identitySource?.url
      ? await compareWithIdentitySource(ctx.config.identitySource, { idNumber, name: holder!.name, photo: image })
      : null;
  const mismatch = !idNumberMatches || face.outcome === 'no_match' || source?.outcome === 'no_match';
  const now = ctx.clock.now();
  const check: DoorCheck = {
    idNumberMatches,
    faceOutcome: face.outcome,
    faceVerificationId: face.verificationId,
    at: now.toISOString(),
    byUserId: actor.userId,
    identitySource: source,
  };
  // EXM-5: an engine that could not judge this capture (no face, several, poor quality, not live)
  // has not verified anyone: the candidate is not admitted as "unverified" — a new photo is taken.
  // Only an engine that is not there at all ('unverified') lets the door fall back to the ID check.
  if (!mismatch && needsRetake(face)) {
    await ctx.db.transaction((tx) =>
      appendAudit(tx, ctx.clock, actor, {
        action: 'exams.door_retake',
        entityType: 'exam_booking',
        entityId: bookingId,
        regionCode: session.regionCode,
        after: check,
      }),
    );
    throw ruleViolation(
      'EXM-5',
      '请重新拍照',
      `${FACE_OUTCOME_LABELS[face.outcome]}：未能核验本人，请让考生摘下帽子口罩、正对摄像头，重新拍摄一张只含本人的清晰正面照片。`,
      { retake: true, check },
    );
  }
  const held = !mismatch && face.outcome === 'not_enrolled' && source?.outcome !== 'match';
  const ground = !source
    ? 'no_identity_source'
    : source.outcome === 'not_found'
      ? 'identity_source_not_found'
      : 'identity_source_unavailable';
  const outcome = await ctx.db.transaction(async (tx) => {
    await updateBooking(tx, bookingId, { doorCheck: check, checkedInAt: mismatch || held ? null : now });
    const incident = mismatch
      ? await insertIncident(tx, {
          kind: 'person_certificate_mismatch',
          sessionId: session.id,
          bookingId,
          workerId: booking.workerId,
          detail: { ...check },
          at: now,
        })
      : null;
    const [hold] = held
      ? await tx
          .insert(examDoorHolds)
          .values({
            bookingId,
            sessionId: session.id,
            workerId: booking.workerId,
            centreOrgId: session.centreOrgId,
            regionCode: session.regionCode,
            ground,
            photoSealed: ctx.vault.seal(image.toString('base64')),
            check,
            status: 'held',
            heldAt: now,
            heldBy: actor.userId,
          })
          .returning()
      : [null];
    // EXM-5: the identity source confirmed the person: this photo is the reference from now on.
    if (source?.outcome === 'match' && !mismatch)
      await saveReferencePhoto(
        tx,
        ctx,
        { bookingId, workerId: booking.workerId, sessionId: session.id },
        image,
        now,
        'identity_source',
      );
    await appendAudit(tx, ctx.clock, actor, {
      action: mismatch ? 'exams.door_mismatch' : held ? 'exams.door_hold' : 'exams.door_check',
      entityType: 'exam_booking',
      entityId: bookingId,
      regionCode: session.regionCode,
      after: { ...check, ...(hold ? { holdId: hold.id, ground } : {}) },
    });
    return { incident, hold };
  });
  // EXM-5: refused after the incident (or the hold) is committed, so the record survives the refusal.
  if (outcome.incident)
    throw ruleViolation(
      'EXM-5',
      '人证不符',
      !idNumberMatches
        ? '身份证号与报名人员不一致，已记录人证不符事件。'
        : source?.outcome === 'no_match'
          ? '与身份核验源的证件照片比对不一致，已记录人证不符事件。'
          : '人脸比对不一致，已记录人证不符事件。',
      { incidentId: outcome.incident.id, check },
    );
  if (outcome.hold)
    throw ruleViolation(
      'EXM-5',
      '待人工核验',
      `${DOOR_GROUND_LABELS[ground]}：不能仅凭身份证号入场。考生已暂留，请由考务人员当面核对证件后在“入场暂留”中作出决定（记名、留痕）。`,
      { held: true, holdId: outcome.hold.id, check },
    );
  return {
    checkedIn: true,
    faceVerified: isFaceVerified(face) || source?.outcome === 'match',
    faceOutcomeLabel: source?.outcome === 'match' ? '与身份核验源比对一致' : FACE_OUTCOME_LABELS[face.outcome],
    check,
  };
}

async function saveReferencePhoto(
  tx: Executor,
  ctx: AppContext,
  b: { bookingId: string; workerId: string; sessionId: string },
  image: Buffer,
  at: Date,
  basis: 'identity_source' | 'staff_decision',
) {
  await tx
    .insert(examReferencePhotos)
    .values({ ...b, photoSealed: ctx.vault.seal(image.toString('base64')), basis, takenAt: at })
    .onConflictDoNothing();
}

/**
 * EXM-5: a named member of the centre's door staff decides on a held candidate after checking the
 * card in person: admitted (the door photo becomes the reference photo) or refused (a person–
 * certificate mismatch). Recorded on the hold, the booking and the audit chain.
 */
export async function decideDoorHold(
  ctx: AppContext,
  actor: Actor,
  holdId: string,
  d: { admit: boolean; reason: string },
) {
  requirePermission(actor, 'exams.door');
  const reason = d.reason.trim();
  const [found] = await ctx.db.select().from(examDoorHolds).where(eq(examDoorHolds.id, holdId));
  if (!found || found.centreOrgId !== actor.orgId) throw notFound('入场暂留');
  const booking = (await findBooking(ctx.db, found.bookingId))!;
  const session = (await findSession(ctx.db, found.sessionId))!;
  await requireStaffFor(ctx, actor, 'door', booking, session.itemCode);
  if (reason.length < 4)
    throw badRequest('请写明核对了什么（如：核对身份证原件与本人相貌一致）。', [
      { field: 'reason', message: '至少 4 个字' },
    ]);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [hold] = await tx.select().from(examDoorHolds).where(eq(examDoorHolds.id, holdId)).for('update');
    if (hold.status !== 'held') throw conflict('该暂留已处理。', 'EXM-5');
    const decision = { holdId, byUserId: actor.userId, byName: actor.displayName, reason };
    const [after] = await tx
      .update(examDoorHolds)
      .set({
        status: d.admit ? 'admitted' : 'refused',
        decidedAt: now,
        decidedBy: actor.userId,
        decidedByName: actor.displayName,
        decisionReason: reason,
      })
      .where(eq(examDoorHolds.id, holdId))
      .returning();
    if (d.admit) {
      await updateBooking(tx, hold.bookingId, {
        doorCheck: { ...hold.check, staffDecision: decision },
        checkedInAt: now,
      });
      const photo = Buffer.from(ctx.vault.open(hold.photoSealed), 'base64');
      await saveReferencePhoto(tx, ctx, hold, photo, now, 'staff_decision');
    } else
      await insertIncident(tx, {
        kind: 'person_certificate_mismatch',
        sessionId: hold.sessionId,
        bookingId: hold.bookingId,
        workerId: hold.workerId,
        detail: { ...hold.check, staffDecision: decision },
        at: now,
      });
    await appendAudit(tx, ctx.clock, actor, {
      action: d.admit ? 'exams.door_hold_admit' : 'exams.door_hold_refuse',
      entityType: 'exam_door_hold',
      entityId: holdId,
      regionCode: hold.regionCode,
      before: { status: hold.status },
      after: { status: after.status, reason, by: actor.displayName },
    });
    return { id: after.id, status: after.status, decidedByName: after.decidedByName, decisionReason: reason };
  });
}

/** Whose door records an actor sees: a centre its own sites, a regulator its jurisdiction (SEC-2). */
function scopeWhere(actor: Actor) {
  if (actor.orgKind === 'exam_centre')
    return eq(examSessions.centreOrgId, actor.orgId ?? '00000000-0000-0000-0000-000000000000');
  return like(examSessions.regionCode, `${jurisdictionPrefix(actor) ?? ''}%`);
}

/**
 * EXM-5: the door's record for the centre and the regulator — person–certificate mismatches and the
 * candidates held for a staff decision, with who decided what.
 */
export async function doorRecords(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'exams.door_records');
  const where = scopeWhere(actor);
  const session = {
    sessionId: examSessions.id,
    date: examSessions.date,
    itemCode: examSessions.itemCode,
    regionCode: examSessions.regionCode,
    siteId: examSites.id,
    siteName: examSites.name,
  };
  const [incidents, holds] = await Promise.all([
    ctx.db
      .select({
        ...session,
        id: examIncidents.id,
        kind: examIncidents.kind,
        workerId: examIncidents.workerId,
        at: examIncidents.at,
        detail: examIncidents.detail,
      })
      .from(examIncidents)
      .innerJoin(examSessions, eq(examSessions.id, examIncidents.sessionId))
      .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
      .where(where)
      .orderBy(desc(examIncidents.at))
      .limit(200),
    ctx.db
      .select({
        ...session,
        id: examDoorHolds.id,
        bookingId: examDoorHolds.bookingId,
        workerId: examDoorHolds.workerId,
        ground: examDoorHolds.ground,
        status: examDoorHolds.status,
        heldAt: examDoorHolds.heldAt,
        decidedAt: examDoorHolds.decidedAt,
        decidedByName: examDoorHolds.decidedByName,
        decisionReason: examDoorHolds.decisionReason,
      })
      .from(examDoorHolds)
      .innerJoin(examSessions, eq(examSessions.id, examDoorHolds.sessionId))
      .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
      .where(where)
      .orderBy(desc(examDoorHolds.heldAt))
      .limit(200),
  ]);
  const names = new Map<string, string>();
  for (const id of new Set([...incidents, ...holds].map((r) => r.workerId)))
    names.set(id, (await findWorkerById(ctx.db, id))?.name ?? '');
  return {
    incidents: incidents.map((r) => ({
      id: r.id,
      kind: r.kind,
      at: r.at,
      sessionId: r.sessionId,
      date: r.date,
      itemCode: r.itemCode,
      regionCode: r.regionCode,
      siteId: r.siteId,
      siteName: r.siteName,
      workerName: names.get(r.workerId) ?? '',
      idNumberMatches: r.detail.idNumberMatches !== false,
      faceOutcome: String(r.detail.faceOutcome ?? ''),
      staffDecision: (r.detail.staffDecision as DoorCheck['staffDecision']) ?? null,
      identitySource: (r.detail.identitySource as DoorCheck['identitySource']) ?? null,
    })),
    holds: holds.map((r) => ({
      ...r,
      workerName: names.get(r.workerId) ?? '',
      groundLabel: DOOR_GROUND_LABELS[r.ground] ?? r.ground,
    })),
  };
}

/** EXM-5 / EXM-11: person–certificate mismatches at each site's door, for its standing and rating. */
export async function doorMismatchesBySites(db: Executor, siteIds: string[]): Promise<Map<string, number>> {
  if (!siteIds.length) return new Map();
  const rows = await db
    .select({ siteId: examSessions.siteId, id: examIncidents.id })
    .from(examIncidents)
    .innerJoin(examSessions, eq(examSessions.id, examIncidents.sessionId))
    .where(and(inArray(examSessions.siteId, siteIds), eq(examIncidents.kind, 'person_certificate_mismatch')));
  const out = new Map<string, number>();
  for (const r of rows) out.set(r.siteId, (out.get(r.siteId) ?? 0) + 1);
  return out;
}

/** EXM-5: one person–certificate mismatch with where it happened, for a case opened from it (SUP-4). */
export async function findDoorIncident(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: examIncidents.id,
      workerId: examIncidents.workerId,
      at: examIncidents.at,
      date: examSessions.date,
      itemCode: examSessions.itemCode,
      regionCode: examSessions.regionCode,
      siteId: examSites.id,
      siteName: examSites.name,
    })
    .from(examIncidents)
    .innerJoin(examSessions, eq(examSessions.id, examIncidents.sessionId))
    .innerJoin(examSites, eq(examSites.id, examSessions.siteId))
    .where(and(eq(examIncidents.id, id), eq(examIncidents.kind, 'person_certificate_mismatch')));
  return row ?? null;
}

/** EXM-11: each site's door mismatches recorded in [from, to), for its annual rating. */
export async function doorMismatchesBetween(db: Executor, p: { siteIds: string[]; from: Date; to: Date }) {
  if (!p.siteIds.length) return [];
  return db
    .select({
      id: examIncidents.id,
      siteId: examSessions.siteId,
      at: examIncidents.at,
      itemCode: examSessions.itemCode,
    })
    .from(examIncidents)
    .innerJoin(examSessions, eq(examSessions.id, examIncidents.sessionId))
    .where(
      and(
        inArray(examSessions.siteId, p.siteIds),
        eq(examIncidents.kind, 'person_certificate_mismatch'),
        gte(examIncidents.at, p.from),
        lt(examIncidents.at, p.to),
      ),
    );
}

/**
 * EXM-5: the reference photo of a person admitted without a registered one (the latest door photo), for
 * the practical exam's examiners and the certificate; null when none was taken.
 */
export async function doorReferencePhoto(ctx: AppContext, workerId: string): Promise<Buffer | null> {
  const [row] = await ctx.db
    .select()
    .from(examReferencePhotos)
    .where(eq(examReferencePhotos.workerId, workerId))
    .orderBy(desc(examReferencePhotos.takenAt))
    .limit(1);
  return row ? Buffer.from(ctx.vault.open(row.photoSealed), 'base64') : null;
}

/** The reference photo of a booking's candidate, for the centre's door and practical staff. */
export async function bookingReferencePhoto(ctx: AppContext, actor: Actor, bookingId: string): Promise<Buffer> {
  requirePermission(actor, 'exams.door');
  const booking = await findBooking(ctx.db, bookingId);
  const session = booking && (await findSession(ctx.db, booking.sessionId));
  if (!booking || !session || session.centreOrgId !== actor.orgId) throw notFound('考试预约');
  const photo = await doorReferencePhoto(ctx, booking.workerId);
  if (!photo) throw notFound('入场参照照片');
  return photo;
}
