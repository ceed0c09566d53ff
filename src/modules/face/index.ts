// Face verification (TRN-2, TRN-3, EXM-5): registered photos, the engine behind ctx.face, evidence review.
export { faceRoutes } from './routes.js';
export { engineFaceMatcher } from './matcher.js';
export { enrolFace, deleteFace, getFaceStatus, portraitForCertificate } from './service.js';
export { FACE_OUTCOME_LABELS, FACE_PURPOSE_LABELS, purposesFor } from './rules.js';
export { FACE_DEFAULTS, faceSettings, type FaceSettings } from './settings.js';
// Sample portraits cut from a package's pictures: calibration, demo data and browser tests, never production data.
export { SAMPLE1_FACES, TRANSFORMS, cutPortrait, faceApiSamplesDir, type Box } from './samples.js';
