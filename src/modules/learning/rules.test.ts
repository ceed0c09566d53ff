import { describe, expect, it } from 'vitest';
import { judgeHeartbeat, nextCaptureAt } from './rules.js';

const t0 = new Date('2026-11-23T02:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const base = {
  state: 'active',
  lastBeatAt: t0,
  lastInteractionAt: t0,
  lastPosition: 100,
  furthestPosition: 100,
  captureDueAt: null,
  durationSeconds: 600,
};

describe('judgeHeartbeat (TRN-3)', () => {
  it('TRN-3 credit is the smaller of server elapsed time and position advance', () => {
    expect(judgeHeartbeat(base, at(30), 120, true)).toMatchObject({ accepted: true, creditMs: 20_000 });
    expect(judgeHeartbeat(base, at(30), 134, true)).toMatchObject({ accepted: true, creditMs: 30_000 });
  });
  it('TRN-3 rewinding earns nothing for the backwards step; a jump past furthest + elapsed + 5 s is refused', () => {
    expect(judgeHeartbeat(base, at(30), 50, true)).toMatchObject({ accepted: true, creditMs: 0 });
    expect(judgeHeartbeat(base, at(30), 135, true)).toMatchObject({ accepted: true });
    expect(judgeHeartbeat(base, at(30), 135.5, true)).toMatchObject({ accepted: false, reason: 'jump' });
  });
  it('TRN-3 idle: exactly 5 minutes without interaction credits, one second more locks', () => {
    const s = { ...base, lastBeatAt: at(270), lastPosition: 370, furthestPosition: 370 };
    expect(judgeHeartbeat(s, at(300), 400, false)).toMatchObject({ accepted: true });
    expect(judgeHeartbeat(s, at(301), 400, true)).toMatchObject({ accepted: false, reason: 'idle' });
  });
  it('TRN-3 a capture overdue beyond the 2-minute grace pauses credit; a session not active earns nothing', () => {
    const s = { ...base, captureDueAt: t0 };
    expect(judgeHeartbeat(s, at(120), 200, true)).toMatchObject({ accepted: true });
    expect(judgeHeartbeat(s, at(121), 200, true)).toMatchObject({ accepted: false, reason: 'capture_missing' });
    expect(judgeHeartbeat({ ...base, state: 'superseded' }, at(30), 130, true)).toMatchObject({
      accepted: false,
      reason: 'not_active',
    });
  });
  it('TRN-3 random captures fall 5–15 minutes apart', () => {
    expect(nextCaptureAt(t0, 0).getTime() - t0.getTime()).toBe(300_000);
    expect(nextCaptureAt(t0, 0.999999).getTime() - t0.getTime()).toBeLessThan(900_000);
  });
});
