// The face decision and who may ask for which check: pure functions, no I/O.
import type { FaceOutcome, FacePurpose } from '../../kernel/face.js';

export interface FaceObservation {
  size: number;
  score: number;
  real: number | null;
  live: number | null;
  hasDescriptor: boolean;
}

export interface DecisionThresholds {
  minFaceSize: number;
  minFaceScore: number;
  realThreshold: number;
  liveThreshold: number;
}

/**
 * What the capture allows before any comparison (TRN-2, TRN-3, EXM-5): exactly one face, large and
 * clear enough, and not refused as a spoof. Returns null when the face may be compared.
 * Faces smaller than the minimum size are not counted as people: a passer-by far behind the
 * candidate cannot be compared anyway, while a second face near the camera makes the check void.
 */
export function screenCapture(
  faces: FaceObservation[],
  t: DecisionThresholds,
): Exclude<FaceOutcome, 'match' | 'no_match' | 'not_enrolled' | 'unverified'> | null {
  if (faces.length === 0) return 'no_face';
  const counted = faces.filter((f) => f.size >= t.minFaceSize);
  if (counted.length > 1) return 'several_faces';
  if (counted.length === 0) return 'poor_quality';
  const face = counted[0];
  if (face.score < t.minFaceScore || !face.hasDescriptor) return 'poor_quality';
  // Anti-spoofing and liveness are weak evidence (docs/face.md): refuse only when both say "not live".
  if (face.real !== null && face.live !== null && face.real < t.realThreshold && face.live < t.liveThreshold)
    return 'not_live';
  return null;
}

/** The comparison itself: the server's cosine similarity against the configured threshold. */
export function decideMatch(similarity: number, matchThreshold: number): 'match' | 'no_match' {
  return similarity >= matchThreshold ? 'match' : 'no_match';
}

export const FACE_OUTCOME_LABELS: Record<FaceOutcome, string> = {
  match: '比对通过',
  no_match: '比对不通过',
  no_face: '未检测到人脸',
  several_faces: '检测到多张人脸',
  poor_quality: '图像质量不足',
  not_live: '活体检测未通过',
  not_enrolled: '未登记人脸照片',
  unverified: '未核验（无比对引擎）',
};

export const FACE_PURPOSE_LABELS: Record<FacePurpose, string> = {
  attendance: '培训考勤（TRN-2）',
  learning: '在线学习（TRN-3）',
  exam_door: '考场身份核验（EXM-5）',
  spot_check: '监管抽查',
  identity: '注册实名核验（issue 22）',
};

/**
 * Who runs which check: training institutions take attendance (TRN-2), the learner's own session
 * and the institution check online learning (TRN-3), exam staff check at the door (EXM-5), and
 * regulators spot-check. Anyone else has no need to compare a person's face.
 */
export function purposesFor(actor: { role: string; orgKind: string | null }): FacePurpose[] {
  if (actor.orgKind === 'regulator') return ['spot_check'];
  switch (actor.role) {
    case 'institution_admin':
      return ['attendance', 'learning'];
    case 'exam_centre_staff':
    case 'examiner':
      return ['exam_door'];
    case 'worker':
      return ['learning'];
    default:
      return [];
  }
}

/** SEC-3: a stored descriptor as text for the vault, and back. */
export function encodeDescriptor(d: Float32Array): string {
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('base64');
}

export function decodeDescriptor(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
