// TRN-3 人像抓拍 / 人脸识别: a portrait requested at random during learning, checked by the face engine
// (purpose 'learning') outside the transaction, kept sealed with its verdict.
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { decodeCapturedPhoto } from '../../kernel/face.js';
import { notFound } from '../../kernel/problem.js';
import { findLearningSession, insertCapture, updateLearningSession } from './queries.js';
import { CAPTURE_ADVICE, nextCaptureAt } from './rules.js';
import { captureRandom, presentSession } from './sessions.js';

export async function submitCapture(ctx: AppContext, actor: Actor, id: string, input: { photo: string }) {
  const found = await findLearningSession(ctx.db, id);
  if (!found || found.workerId !== actor.workerId) throw notFound('学习记录');
  const image = decodeCapturedPhoto(input.photo, '人像照片');
  const face = await ctx.face.verify({ workerId: found.workerId, image, purpose: 'learning', reference: id, actor });
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await insertCapture(tx, {
      sessionId: id,
      workerId: found.workerId,
      at: now,
      portraitSealed: ctx.vault.seal(image.toString('base64')),
      outcome: face.outcome,
      similarity: face.similarity,
    });
    // TRN-3: a capture satisfies the request only when the face matched (or no engine is configured);
    // a capture of someone else, or of no one, leaves it due, so crediting stays paused until a good one.
    const satisfied = face.outcome === 'match' || face.outcome === 'unverified';
    // Crediting restarts from now: the time the capture was overdue earns nothing.
    const s = await updateLearningSession(
      tx,
      id,
      satisfied
        ? { captureDueAt: nextCaptureAt(now, captureRandom.next()), lastBeatAt: now, lastInteractionAt: now }
        : { lastInteractionAt: now },
    );
    await appendAudit(tx, ctx.clock, actor, {
      action: 'learning.capture',
      entityType: 'learning_session',
      entityId: id,
      regionCode: null,
      after: { outcome: face.outcome, similarity: face.similarity },
    });
    // TRN-3: a refused capture says why and what to do, so the dialog never just stays open.
    return presentSession(s, now, {
      outcome: face.outcome,
      similarity: face.similarity,
      satisfied,
      advice: satisfied ? null : (CAPTURE_ADVICE[face.outcome] ?? '人像核验未通过，请本人正对摄像头重新拍摄。'),
    });
  });
}
