// Use cases of face verification: registering and deleting a worker's photo, verifying a capture
// through ctx.face, and reviewing the stored evidence (TRN-2, TRN-3, EXM-5; SEC-3).
import type { Actor } from '../../kernel/access.js';
import { can, isRegulator, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import type { FacePurpose } from '../../kernel/face.js';
import { Problem, badRequest, forbidden, notFound } from '../../kernel/problem.js';
import { appendArchiveEvent, getWorker, hasOrgLink } from '../registry/index.js';
import { analyseUpload, observe } from './matcher.js';
import {
  deleteEnrolment,
  findEnrolment,
  findVerification,
  listVerifications,
  upsertEnrolment,
  type FaceVerificationRow,
} from './queries.js';
import { FACE_OUTCOME_LABELS, FACE_PURPOSE_LABELS, encodeDescriptor, purposesFor, screenCapture } from './rules.js';
import { faceSettings } from './settings.js';

/** A JSON body carries the image as base64, optionally as a data: URL (what a browser canvas gives). */
export function decodeBase64Image(text: string): Buffer {
  const body = text.replace(/^data:image\/(jpeg|jpg|png);base64,/i, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 === 1) {
    throw badRequest('image 须为 JPEG 或 PNG 图片的 base64 编码。', [{ field: 'image', message: '不是合法的 base64' }]);
  }
  return Buffer.from(body, 'base64');
}

/**
 * SEC-3: the registered photo itself is shown only to the person, their regulators, and the
 * organisation that registered the person or the photo (with the right to register workers).
 */
async function mayViewPhoto(
  ctx: AppContext,
  actor: Actor,
  workerId: string,
  enrolledByOrgId: string | null,
): Promise<boolean> {
  if (actor.workerId === workerId || isRegulator(actor)) return true;
  if (!can(actor, 'workers.register') || !actor.orgId) return false;
  return (
    actor.orgId === enrolledByOrgId || hasOrgLink(ctx.db, { workerId, orgId: actor.orgId, relations: ['registrar'] })
  );
}

/** What a worker's page shows: a flag "已登记人脸" and dates, never the photo or descriptor. */
export async function getFaceStatus(ctx: AppContext, actor: Actor, workerId: string) {
  await getWorker(ctx, actor, workerId); // SEC-2: 404 out of scope
  const row = await findEnrolment(ctx.db, workerId);
  return {
    enrolled: !!row,
    enrolledAt: row?.enrolledAt ?? null,
    modelVersion: row?.modelVersion ?? null,
    canViewPhoto: row ? await mayViewPhoto(ctx, actor, workerId, row.enrolledByOrgId) : false,
    canManage: can(actor, 'workers.register'),
    verifyPurposes: purposesFor(actor).map((p) => ({ value: p, label: FACE_PURPOSE_LABELS[p] })),
  };
}

/** Registers (or replaces) the worker's photo: exactly one clear face; its descriptor is stored sealed. */
export async function enrolFace(ctx: AppContext, actor: Actor, workerId: string, image: Buffer) {
  requirePermission(actor, 'workers.register');
  const worker = await getWorker(ctx, actor, workerId);
  const settings = faceSettings(ctx.config);
  const { engine, analysis } = await analyseUpload(image, settings);
  // Liveness is not asked of a registered photo: it may be a scanned ID-style photograph.
  const refused = screenCapture(analysis.faces.map(observe), { ...settings, realThreshold: 0, liveThreshold: 0 });
  if (refused) {
    throw new Problem(
      422,
      'face-photo-unusable',
      '照片不可用于人脸登记',
      `${FACE_OUTCOME_LABELS[refused]}：请拍摄一张只含本人、正面、清晰的照片。`,
      { rule: 'TRN-2', extra: { outcome: refused } },
    );
  }
  const face = analysis.faces.filter((f) => f.size >= settings.minFaceSize)[0];
  const now = ctx.clock.now();
  const previous = await findEnrolment(ctx.db, workerId);
  await ctx.db.transaction(async (tx) => {
    await upsertEnrolment(tx, {
      workerId,
      regionCode: worker.regionCode,
      photoSealed: ctx.vault.seal(analysis.jpeg.toString('base64')),
      descriptorSealed: ctx.vault.seal(encodeDescriptor(face.descriptor!)),
      modelVersion: engine.model.version,
      faceScore: face.score,
      faceSize: Math.round(face.size),
      enrolledAt: now,
      enrolledByUserId: actor.userId,
      enrolledByOrgId: actor.orgId,
    });
    // The archive records the fact, never the image (SEC-3).
    await appendArchiveEvent(tx, now, actor, {
      workerId,
      kind: previous ? 'face_replaced' : 'face_enrolled',
      summary: `${actor.orgName ?? actor.displayName}${previous ? '更换' : '登记'}人脸照片`,
      detail: { modelVersion: engine.model.version },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: previous ? 'face.replace' : 'face.enrol',
      entityType: 'worker',
      entityId: workerId,
      regionCode: worker.regionCode,
      after: { modelVersion: engine.model.version },
    });
  });
  return getFaceStatus(ctx, actor, workerId);
}

/** Personal-data deletion on request: the photo and descriptor are removed, not hidden. */
export async function deleteFace(ctx: AppContext, actor: Actor, workerId: string) {
  requirePermission(actor, 'workers.register');
  const worker = await getWorker(ctx, actor, workerId);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await deleteEnrolment(tx, workerId))) throw notFound('人脸照片');
    await appendArchiveEvent(tx, now, actor, {
      workerId,
      kind: 'face_deleted',
      summary: `${actor.orgName ?? actor.displayName}删除人脸照片及特征数据`,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'face.delete',
      entityType: 'worker',
      entityId: workerId,
      regionCode: worker.regionCode,
    });
  });
}

/** The registered photo as JPEG, to those who need it; every viewing is audited (SEC-3). */
export async function getFacePhoto(ctx: AppContext, actor: Actor, workerId: string): Promise<Buffer> {
  const worker = await getWorker(ctx, actor, workerId);
  const row = await findEnrolment(ctx.db, workerId);
  if (!row) throw notFound('人脸照片');
  if (!(await mayViewPhoto(ctx, actor, workerId, row.enrolledByOrgId)))
    throw new Problem(403, 'forbidden', '无权查看', '仅本人、辖区监管部门和登记机构可查看人脸照片。', {
      rule: 'SEC-3',
    });
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx.clock, actor, {
      action: 'face.view_photo',
      entityType: 'worker',
      entityId: workerId,
      regionCode: worker.regionCode,
    }),
  );
  return Buffer.from(ctx.vault.open(row.photoSealed), 'base64');
}

export interface VerifyRequest {
  workerId: string;
  image: string;
  purpose: FacePurpose;
  reference?: string;
  clientScore?: number;
}

/** 1:1 verification over HTTP: the engine decides from the image; the client's score is only recorded. */
export async function verifyFace(ctx: AppContext, actor: Actor, input: VerifyRequest) {
  const image = decodeBase64Image(input.image);
  const result = await ctx.face.verify({
    workerId: input.workerId,
    image,
    purpose: input.purpose,
    reference: input.reference,
    actor,
    clientScore: input.clientScore ?? null,
  });
  return { ...result, outcomeLabel: FACE_OUTCOME_LABELS[result.outcome] };
}

function presentVerification(v: FaceVerificationRow) {
  const { imageSealed: _sealed, ...rest } = v;
  return {
    ...rest,
    outcomeLabel: FACE_OUTCOME_LABELS[v.outcome as keyof typeof FACE_OUTCOME_LABELS] ?? v.outcome,
    purposeLabel: FACE_PURPOSE_LABELS[v.purpose as FacePurpose] ?? v.purpose,
  };
}

/** Review is for regulators over the workers of their jurisdiction (SEC-2); anyone else gets 404. */
async function loadForReview(ctx: AppContext, actor: Actor, id: string): Promise<FaceVerificationRow> {
  if (!isRegulator(actor)) throw forbidden('仅监管部门可复核人脸核验记录。');
  const row = await findVerification(ctx.db, id);
  if (!row) throw notFound('核验记录');
  await getWorker(ctx, actor, row.workerId).catch((err: unknown) => {
    throw err instanceof Problem && err.status === 404 ? notFound('核验记录') : err;
  });
  return row;
}

export async function getVerification(ctx: AppContext, actor: Actor, id: string) {
  return presentVerification(await loadForReview(ctx, actor, id));
}

export async function getVerificationImage(ctx: AppContext, actor: Actor, id: string): Promise<Buffer> {
  const row = await loadForReview(ctx, actor, id);
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx.clock, actor, {
      action: 'face.view_capture',
      entityType: 'face_verification',
      entityId: id,
      regionCode: row.regionCode,
    }),
  );
  return Buffer.from(ctx.vault.open(row.imageSealed), 'base64');
}

export async function listWorkerVerifications(ctx: AppContext, actor: Actor, workerId: string) {
  if (!isRegulator(actor)) throw forbidden('仅监管部门可复核人脸核验记录。');
  await getWorker(ctx, actor, workerId);
  return { items: (await listVerifications(ctx.db, workerId, 50)).map(presentVerification) };
}

/** The registered portrait for a printed certificate (CER-6); the certificates module checks access first. */
export async function portraitForCertificate(ctx: AppContext, workerId: string): Promise<Buffer | null> {
  const row = await findEnrolment(ctx.db, workerId);
  return row ? Buffer.from(ctx.vault.open(row.photoSealed), 'base64') : null;
}
