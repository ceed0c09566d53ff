// The engine behind ctx.face (kernel/face.ts): 1:1 verification of a capture against the worker's
// registered photo, decided here from the image (TRN-2, TRN-3, EXM-5) and stored with its evidence.
import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import type { FaceMatcher, FaceOutcome, FaceVerification, FaceVerifyInput } from '../../kernel/face.js';
import { Problem, badRequest, forbidden } from '../../kernel/problem.js';
import { getWorker } from '../registry/index.js';
import {
  ImageError,
  checkImageFormat,
  cosineSimilarity,
  loadFaceEngine,
  type DetectedFace,
  type FaceAnalysis,
  type FaceEngine,
} from './engine.js';
import { findEnrolment, insertVerification, updateEnrolmentDescriptor, type FaceEnrolmentRow } from './queries.js';
import { decideMatch, decodeDescriptor, encodeDescriptor, purposesFor, screenCapture } from './rules.js';
import { faceSettings, type FaceSettings } from './settings.js';

/** How many checks may wait for the engine before new ones are told to retry (one CPU core does the work). */
const MAX_WAITING = 16;
let waiting = 0;

/** Runs the engine on an upload; bad images become 400 problems, an overloaded engine a 503. */
export async function analyseUpload(
  image: Buffer,
  settings: FaceSettings,
): Promise<{ engine: FaceEngine; analysis: FaceAnalysis }> {
  if (image.length === 0)
    throw badRequest('图片为空：请拍摄或上传 JPEG/PNG 照片。', [{ field: 'image', message: '不能为空' }]);
  if (image.length > settings.maxImageBytes) {
    throw badRequest(`图片超过 ${settings.maxImageBytes / 1024 / 1024} MB：请压缩后重新上传。`, [
      { field: 'image', message: '图片过大' },
    ]);
  }
  if (waiting >= MAX_WAITING)
    throw new Problem(503, 'face-engine-busy', '人脸核验繁忙', '当前人脸核验请求过多，请稍后重试。');
  waiting += 1;
  try {
    await checkImageFormat(image); // a non-image never loads the model
    const engine = await loadFaceEngine();
    return { engine, analysis: await engine.analyse(image) };
  } catch (err) {
    if (err instanceof ImageError) throw badRequest(err.message, [{ field: 'image', message: err.message }]);
    throw err;
  } finally {
    waiting -= 1;
  }
}

export const observe = (f: DetectedFace) => ({
  size: f.size,
  score: f.score,
  real: f.real,
  live: f.live,
  hasDescriptor: f.descriptor !== null,
});

/** The registered descriptor, recomputed from the sealed photo when it was made by another model version. */
async function registeredDescriptor(
  ctx: AppContext,
  engine: FaceEngine,
  row: FaceEnrolmentRow,
): Promise<Float32Array | null> {
  if (row.modelVersion === engine.model.version) return decodeDescriptor(ctx.vault.open(row.descriptorSealed));
  const photo = Buffer.from(ctx.vault.open(row.photoSealed), 'base64');
  const again = (await engine.analyse(photo)).faces.sort((a, b) => b.size - a.size)[0];
  if (!again?.descriptor) return null;
  await updateEnrolmentDescriptor(
    ctx.db,
    row.workerId,
    ctx.vault.seal(encodeDescriptor(again.descriptor)),
    engine.model.version,
  );
  return again.descriptor;
}

async function checkAccess(ctx: AppContext, actor: Actor, input: FaceVerifyInput): Promise<string> {
  const worker = await getWorker(ctx, actor, input.workerId); // SEC-2: out of scope is a 404
  if (actor.role === 'worker' && actor.workerId !== input.workerId) throw forbidden('只能核验本人。');
  if (!purposesFor(actor).includes(input.purpose)) throw forbidden('您的角色无权执行该用途的人脸核验。');
  return worker.regionCode;
}

export function engineFaceMatcher(ctx: AppContext): FaceMatcher {
  return {
    async verify(input: FaceVerifyInput): Promise<FaceVerification> {
      const started = performance.now();
      const settings = faceSettings(ctx.config);
      const regionFromScope = input.actor ? await checkAccess(ctx, input.actor, input) : null;
      const { engine, analysis } = await analyseUpload(input.image, settings);
      const enrolment = await findEnrolment(ctx.db, input.workerId);
      const screened = screenCapture(analysis.faces.map(observe), settings);
      const largest = [...analysis.faces].sort((a, b) => b.size - a.size)[0];
      let outcome: FaceOutcome = screened ?? 'not_enrolled';
      let similarity: number | null = null;
      if (!screened && enrolment) {
        const registered = await registeredDescriptor(ctx, engine, enrolment);
        if (registered && largest.descriptor) {
          // The decision: the server's own cosine similarity; input.clientScore is never read here.
          similarity = Math.round(cosineSimilarity(registered, largest.descriptor) * 10_000) / 10_000;
          outcome = decideMatch(similarity, settings.matchThreshold);
        } else outcome = 'poor_quality';
      }
      const threshold = similarity === null ? null : settings.matchThreshold;
      const actor = input.actor ?? null;
      const row = await ctx.db.transaction(async (tx) => {
        const stored = await insertVerification(tx, {
          workerId: input.workerId,
          regionCode: regionFromScope ?? enrolment?.regionCode ?? null,
          purpose: input.purpose,
          reference: input.reference ?? null,
          outcome,
          similarity,
          thresholds: {
            match: settings.matchThreshold,
            real: settings.realThreshold,
            live: settings.liveThreshold,
            minFaceSize: settings.minFaceSize,
            minFaceScore: settings.minFaceScore,
          },
          scores: {
            boxScore: largest?.boxScore ?? null,
            faceScore: largest?.score ?? null,
            real: largest?.real ?? null,
            live: largest?.live ?? null,
            faceSize: largest ? Math.round(largest.size) : null,
          },
          facesFound: analysis.faces.length,
          clientScore:
            typeof input.clientScore === 'number' && Number.isFinite(input.clientScore) ? input.clientScore : null,
          imageSha256: createHash('sha256').update(input.image).digest('hex'),
          imageSealed: ctx.vault.seal(analysis.jpeg.toString('base64')),
          modelVersion: engine.model.version,
          enrolledAt: similarity === null ? null : (enrolment?.enrolledAt ?? null),
          durationMs: Math.round(performance.now() - started),
          actorUserId: actor?.userId ?? null,
          actorName: actor?.displayName ?? '系统',
          actorOrgId: actor?.orgId ?? null,
          at: ctx.clock.now(),
        });
        await appendAudit(tx, ctx.clock, actor, {
          action: 'face.verify',
          entityType: 'face_verification',
          entityId: stored.id,
          regionCode: stored.regionCode,
          after: { workerId: input.workerId, purpose: input.purpose, outcome, similarity, threshold },
        });
        return stored;
      });
      return { outcome, similarity, threshold, verificationId: row.id };
    },
  };
}
