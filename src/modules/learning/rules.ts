// TRN-3: pure crediting rules of online learning. Credit comes only from server time between accepted
// heartbeats, never from the client's own count (seed 001 annex 4.4: 禁止快进、禁止多点登录、挂机锁定、人像抓拍).

export const LEARNING_RULES = {
  /** Position may run this far past the furthest watched point beyond real elapsed time (network jitter). */
  toleranceSeconds: 5,
  /** 挂机锁定: no interaction for this long locks the session until the learner resumes. */
  idleLimitMs: 5 * 60_000,
  /** A requested portrait must arrive within this grace, or crediting pauses until it does. */
  captureGraceMs: 2 * 60_000,
  /** Random portrait captures are requested every 5–15 minutes of learning. */
  captureMinMs: 5 * 60_000,
  captureMaxMs: 15 * 60_000,
};

export type BeatOutcome =
  | { accepted: true; creditMs: number; position: number; interacted: boolean }
  | { accepted: false; reason: 'jump' | 'idle' | 'capture_missing' | 'not_active'; creditMs: 0 };

export interface SessionState {
  state: string;
  lastBeatAt: Date;
  lastInteractionAt: Date;
  lastPosition: number;
  furthestPosition: number;
  captureDueAt: Date | null;
  durationSeconds: number;
}

/**
 * One heartbeat: credit = min(real elapsed since the last accepted beat, position advance).
 * A position past furthest + elapsed + tolerance is a fast-forward and earns nothing.
 */
export function judgeHeartbeat(
  s: SessionState,
  now: Date,
  position: number,
  interacted: boolean,
  rules = LEARNING_RULES,
): BeatOutcome {
  if (s.state !== 'active') return { accepted: false, reason: 'not_active', creditMs: 0 };
  const elapsedMs = Math.max(0, now.getTime() - s.lastBeatAt.getTime());
  // Strictly more than the limit locks: exactly 5 minutes without interaction still credits.
  if (now.getTime() - s.lastInteractionAt.getTime() > rules.idleLimitMs)
    return { accepted: false, reason: 'idle', creditMs: 0 };
  if (position > Math.min(s.durationSeconds, s.furthestPosition + elapsedMs / 1000 + rules.toleranceSeconds))
    return { accepted: false, reason: 'jump', creditMs: 0 };
  if (s.captureDueAt && now.getTime() > s.captureDueAt.getTime() + rules.captureGraceMs)
    return { accepted: false, reason: 'capture_missing', creditMs: 0 };
  const advanceMs = Math.max(0, (position - s.lastPosition) * 1000);
  return { accepted: true, creditMs: Math.floor(Math.min(elapsedMs, advanceMs)), position, interacted };
}

/** When the next random portrait is due; `random` in [0, 1) is injected so tests can fix it. */
export function nextCaptureAt(now: Date, random: number, rules = LEARNING_RULES): Date {
  return new Date(now.getTime() + rules.captureMinMs + Math.floor(random * (rules.captureMaxMs - rules.captureMinMs)));
}

export const REASON_LABELS: Record<string, string> = {
  jump: '播放进度超出已观看位置（禁止快进），本次不计学时',
  idle: '长时间无操作，学习已锁定，请点击「继续学习」',
  capture_missing: '未按要求完成人像抓拍，暂停计时',
  not_active: '本次学习已结束（可能已在其他设备登录）',
};
