// Thresholds of the face decision and the limits of uploads. The figures behind each default come
// from `npx tsx bench/face-calibration.ts` on this machine; docs/face.md explains their limits.
import type { Config } from '../../config.js';

export interface FaceSettings {
  /** Cosine similarity at or above which two descriptors are the same person. */
  matchThreshold: number;
  /** Anti-spoofing "real" and liveness "live" scores under which a capture is refused as not live. */
  realThreshold: number;
  liveThreshold: number;
  /** Smaller side of the face box, in pixels of the ≤ 800 px analysed image, below which quality is too poor. */
  minFaceSize: number;
  /** Overall face confidence (detector + mesh) below which quality is too poor to compare. */
  minFaceScore: number;
  /** Largest accepted upload, in bytes of the decoded JPEG/PNG file. */
  maxImageBytes: number;
}

export const FACE_DEFAULTS: FaceSettings = {
  // bench/face-calibration.ts, 2026-11-23, 22 faces from @vladmandic/face-api's demo photos:
  // different people (2079 pairs): median 0.413, p99 0.603, max 0.657 → FMR 0/2079 at ≥ 0.675
  // (3/2079 at 0.65, 21/2079 at 0.60); same face under 4 transformations (88 pairs): min 0.858 →
  // FNMR 0/88 up to 0.85. 0.70 keeps a 0.04 margin over the worst different-person pair seen, because
  // a false match (a substitute passes the exam door, EXM-5) costs more than a false non-match (a
  // manual check). Same-person pairs are one photo transformed, so real captures will score lower:
  // FNMR in use is NOT measured (docs/face.md). 0 of 2079 is compatible with a true FMR up to ~0.14 %.
  matchThreshold: 0.7,
  // Genuine portraits scored real 0.42–0.96 and live 0.23–1.0 here (FACE.md saw real ≥ 0.25, live
  // ≥ 0.13); both models are weak evidence, so a capture is refused as not live only when BOTH fall
  // below 0.2. No spoof samples exist here: how many photos of photos this catches is unmeasured.
  realThreshold: 0.2,
  liveThreshold: 0.2,
  minFaceSize: 64,
  minFaceScore: 0.5,
  maxImageBytes: 5 * 1024 * 1024,
};

export function faceSettings(config: Pick<Config, 'face'>): FaceSettings {
  return { ...FACE_DEFAULTS, ...config.face };
}
