import { badRequest } from './problem.js';

// The face-matching interface the chain relies on (TRN-2 attendance, TRN-3 online learning, EXM-5
// exam door). The face module supplies the engine; callers only ever see this contract, and a
// check is "verified" only when an engine's real comparison said so.

import type { Actor } from './access.js';

export type FaceOutcome =
  | 'match'
  | 'no_match'
  | 'no_face'
  | 'several_faces'
  | 'poor_quality'
  | 'not_live'
  /** No registered photo for this person, so nothing to compare with. */
  | 'not_enrolled'
  /** No engine is wired: recorded, but never counted as face-verified. */
  | 'unverified';

export type FacePurpose = 'attendance' | 'learning' | 'exam_door' | 'spot_check' | 'identity';

export interface FaceVerification {
  outcome: FaceOutcome;
  /** Similarity with the registered photo and the threshold it was judged against, when compared. */
  similarity: number | null;
  threshold: number | null;
  /** The stored evidence record (image reference, scores, model version), when an engine ran. */
  verificationId: string | null;
}

export interface FaceVerifyInput {
  workerId: string;
  /** The captured JPEG/PNG, as uploaded. */
  image: Buffer;
  purpose: FacePurpose;
  /** The caller's own reference (a class session, an exam seat), kept with the evidence. */
  reference?: string;
  /**
   * Who asks. When given, the engine checks that the worker is in the actor's scope (404) and that
   * the role may run this purpose (403). A caller without an actor (a background job) vouches for
   * scope itself.
   */
  actor?: Actor | null;
  /** A score the client computed, if any: recorded for review as given, never used to decide. */
  clientScore?: number | null;
}

export interface FaceMatcher {
  /** Decides on the server, from the image; never from a score a client sends. */
  verify(input: FaceVerifyInput): Promise<FaceVerification>;
}

/** Used until an engine is configured: every check is recorded as unverified, never as a match. */
export const unverifiedFaceMatcher: FaceMatcher = {
  async verify() {
    return { outcome: 'unverified', similarity: null, threshold: null, verificationId: null };
  },
};

export const isFaceVerified = (v: Pick<FaceVerification, 'outcome'>) => v.outcome === 'match';

/**
 * Outcomes where the engine could not judge the capture (no face, several, poor quality, not live):
 * nobody was verified or refused by it, so the capture is taken again rather than recorded (EXM-5 at
 * the door, TRN-2 at attendance).
 */
export const RETAKE_OUTCOMES: readonly FaceOutcome[] = ['no_face', 'several_faces', 'poor_quality', 'not_live'];
export const needsRetake = (v: Pick<FaceVerification, 'outcome'>) => RETAKE_OUTCOMES.includes(v.outcome);

/**
 * A captured photo as the API receives it: base64, optionally as a data: URL (what a browser canvas
 * gives). Anything but JPEG or PNG is refused before an engine sees it; `what` names it for the user.
 */
export function decodeCapturedPhoto(photo: string, what: string): Buffer {
  const image = Buffer.from(photo.replace(/^data:image\/\w+;base64,/, ''), 'base64');
  const jpeg = image[0] === 0xff && image[1] === 0xd8;
  const png = image.subarray(0, 4).toString('hex') === '89504e47';
  if (!jpeg && !png)
    throw badRequest(`请上传 JPEG 或 PNG 格式的${what}。`, [{ field: 'photo', message: '须为 JPEG 或 PNG 图片' }]);
  return image;
}
