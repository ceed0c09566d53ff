// The face decision without the engine: what a capture allows before any comparison.
import { describe, expect, it } from 'vitest';
import {
  decideMatch,
  decodeDescriptor,
  encodeDescriptor,
  purposesFor,
  screenCapture,
  type FaceObservation,
} from './rules.js';
import { FACE_DEFAULTS } from './settings.js';

const face = (o: Partial<FaceObservation> = {}): FaceObservation => ({
  size: 150,
  score: 0.99,
  real: 0.6,
  live: 0.9,
  hasDescriptor: true,
  ...o,
});

describe('screenCapture', () => {
  it('TRN-2 no face, two faces, a small or unclear face each get their own answer', () => {
    expect(screenCapture([], FACE_DEFAULTS)).toBe('no_face');
    expect(screenCapture([face(), face()], FACE_DEFAULTS)).toBe('several_faces');
    expect(screenCapture([face({ size: 30 })], FACE_DEFAULTS)).toBe('poor_quality');
    expect(screenCapture([face({ score: 0.2 })], FACE_DEFAULTS)).toBe('poor_quality');
    expect(screenCapture([face({ hasDescriptor: false })], FACE_DEFAULTS)).toBe('poor_quality');
    expect(screenCapture([face()], FACE_DEFAULTS)).toBeNull();
  });

  it('TRN-2 a far-away passer-by below the minimum face size does not make a capture "several faces"', () => {
    expect(screenCapture([face(), face({ size: FACE_DEFAULTS.minFaceSize - 1 })], FACE_DEFAULTS)).toBeNull();
  });

  it('EXM-5 not_live only when both anti-spoofing and liveness fall below their thresholds (weak evidence)', () => {
    expect(screenCapture([face({ real: 0.1, live: 0.1 })], FACE_DEFAULTS)).toBe('not_live');
    expect(screenCapture([face({ real: 0.1, live: 0.9 })], FACE_DEFAULTS)).toBeNull();
    expect(screenCapture([face({ real: 0.9, live: 0.1 })], FACE_DEFAULTS)).toBeNull();
  });
});

describe('decideMatch', () => {
  it('EXM-5 the threshold itself is a match; just below is not', () => {
    expect(decideMatch(FACE_DEFAULTS.matchThreshold, FACE_DEFAULTS.matchThreshold)).toBe('match');
    expect(decideMatch(FACE_DEFAULTS.matchThreshold - 0.0001, FACE_DEFAULTS.matchThreshold)).toBe('no_match');
  });
});

describe('purposesFor', () => {
  it('TRN-2/TRN-3/EXM-5 each role runs only its own kind of check', () => {
    expect(purposesFor({ role: 'institution_admin', orgKind: 'institution' })).toEqual(['attendance', 'learning']);
    expect(purposesFor({ role: 'examiner', orgKind: 'exam_centre' })).toEqual(['exam_door']);
    expect(purposesFor({ role: 'worker', orgKind: null })).toEqual(['learning']);
    expect(purposesFor({ role: 'county_regulator', orgKind: 'regulator' })).toEqual(['spot_check']);
    expect(purposesFor({ role: 'employer_admin', orgKind: 'employer' })).toEqual([]);
  });
});

it('SEC-3 a descriptor survives the text form it is sealed in', () => {
  const d = Float32Array.from({ length: 1024 }, (_, i) => Math.sin(i));
  expect(decodeDescriptor(encodeDescriptor(d))).toEqual(d);
});
