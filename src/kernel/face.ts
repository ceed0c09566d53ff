// The face-matching interface the chain relies on (TRN-2 attendance, TRN-3 online learning, EXM-5
// exam door). The face module supplies the engine; callers only ever see this contract, and a
// check is "verified" only when an engine's real comparison said so.

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

export type FacePurpose = 'attendance' | 'learning' | 'exam_door' | 'spot_check';

export interface FaceVerification {
  outcome: FaceOutcome;
  /** Similarity with the registered photo and the threshold it was judged against, when compared. */
  similarity: number | null;
  threshold: number | null;
  /** The stored evidence record (image reference, scores, model version), when an engine ran. */
  verificationId: string | null;
}

export interface FaceMatcher {
  /** Decides on the server, from the image; never from a score a client sends. */
  verify(input: { workerId: string; image: Buffer; purpose: FacePurpose; reference?: string }): Promise<FaceVerification>;
}

/** Used until an engine is configured: every check is recorded as unverified, never as a match. */
export const unverifiedFaceMatcher: FaceMatcher = {
  async verify() {
    return { outcome: 'unverified', similarity: null, threshold: null, verificationId: null };
  },
};

export const isFaceVerified = (v: Pick<FaceVerification, 'outcome'>) => v.outcome === 'match';
