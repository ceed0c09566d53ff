import { describe, expect, it } from 'vitest';
import { judgeHeartbeat as judge, nextCaptureAt, resumePoint, type SessionState } from './rules.js';

const t0 = new Date('2026-11-23T02:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const base: SessionState = {
  state: 'active',
  lastBeatAt: t0,
  lastInteractionAt: t0,
  lastPosition: 100,
  furthestPosition: 100,
  captureDueAt: null,
  durationSeconds: 600,
};

/** The former call shape: position and input only, as an older client reports. */
const judgeHeartbeat = (s: SessionState, now: Date, position: number, interacted: boolean) =>
  judge(s, now, { position, interacted });

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
  it('TRN-3 watching is activity: a video advancing on a visible page keeps the session awake without input', () => {
    // 20 minutes of beats with no mouse or key: each playing beat counts as activity.
    let s: SessionState = { ...base, durationSeconds: 7200 };
    for (let t = 15; t <= 1200; t += 15) {
      const v = judge(s, at(t), { position: 100 + t, interacted: false, playing: true, visible: true });
      expect(v).toMatchObject({ accepted: true, creditMs: 15_000, active: true });
      s = { ...s, lastBeatAt: at(t), lastInteractionAt: at(t), lastPosition: 100 + t, furthestPosition: 100 + t };
    }
  });
  it('TRN-3 idle: a paused player (or a claim of playing that does not advance) without input for more than 5 minutes locks', () => {
    const paused = judge(base, at(15), { position: 100, interacted: false, playing: false, visible: true });
    expect(paused).toMatchObject({ accepted: true, creditMs: 0, active: false });
    const stuck = judge(base, at(15), { position: 100, interacted: false, playing: true, visible: true });
    expect(stuck).toMatchObject({ accepted: true, active: false });
    const s = { ...base, lastBeatAt: at(290) };
    expect(judge(s, at(300), { position: 100, interacted: false, visible: true })).toMatchObject({ accepted: true });
    expect(judge(s, at(301), { position: 100, interacted: true, playing: true, visible: true })).toMatchObject({
      accepted: false,
      reason: 'idle',
    });
  });
  it('TRN-3 a hidden page earns nothing, whatever it claims', () => {
    expect(judge(base, at(30), { position: 130, interacted: true, playing: true, visible: false })).toEqual({
      accepted: false,
      reason: 'hidden',
      creditMs: 0,
    });
  });
  it('TRN-3 after a pause of credit the position may advance only as fast as wall-clock time since the last accepted beat', () => {
    // Credit restarted 15 s ago (a resume or an accepted capture sets the last beat to then), the server
    // credited up to 100: a player that kept running for 6 minutes is refused; back at 100 it is credited.
    const restarted = { ...base, lastBeatAt: at(345), lastInteractionAt: at(345) };
    expect(judge(restarted, at(360), { position: 475, interacted: false, playing: true, visible: true })).toMatchObject(
      {
        accepted: false,
        reason: 'jump',
      },
    );
    expect(judge(restarted, at(360), { position: 115, interacted: false, playing: true, visible: true })).toMatchObject(
      {
        accepted: true,
        creditMs: 15_000,
      },
    );
  });
  it('TRN-3 a lesson resumes at the last credited position; once watched to the end it starts again from 0', () => {
    expect(resumePoint(undefined, 600)).toEqual({ lastPosition: 0, furthestPosition: 0 });
    expect(resumePoint({ lastPosition: 250, furthestPosition: 400 }, 600)).toEqual({
      lastPosition: 250,
      furthestPosition: 400,
    });
    expect(resumePoint({ lastPosition: 600, furthestPosition: 600 }, 600)).toEqual({
      lastPosition: 0,
      furthestPosition: 600,
    });
  });
});
