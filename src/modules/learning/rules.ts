// TRN-3: pure crediting rules of online learning. Credit comes only from server time between accepted
// heartbeats, never from the client's own count (seed 001 annex 4.4: 禁止快进、禁止多点登录、挂机锁定、人像抓拍).

export const LEARNING_RULES = {
  /** Position may run this far past the furthest watched point beyond real elapsed time (network jitter). */
  toleranceSeconds: 5,
  /** 挂机锁定: no activity (input, or a video playing on a visible page) for this long locks the session. */
  idleLimitMs: 5 * 60_000,
  /** A requested portrait must arrive within this grace, or crediting pauses until it does. */
  captureGraceMs: 2 * 60_000,
  /** Random portrait captures are requested every 5–15 minutes of learning. */
  captureMinMs: 5 * 60_000,
  captureMaxMs: 15 * 60_000,
};

export type RefusalReason = 'jump' | 'idle' | 'capture_missing' | 'not_active' | 'hidden';

export type BeatOutcome =
  | { accepted: true; creditMs: number; position: number; active: boolean }
  | { accepted: false; reason: RefusalReason; creditMs: 0 };

export interface SessionState {
  state: string;
  lastBeatAt: Date;
  /** The last accepted beat that showed activity (input, or playback advancing on a visible page). */
  lastInteractionAt: Date;
  lastPosition: number;
  furthestPosition: number;
  captureDueAt: Date | null;
  durationSeconds: number;
}

/** What the player reports every beat; `playing`/`visible` are absent from older clients. */
export interface BeatReport {
  position: number;
  /** Mouse, keys or touch since the last beat. */
  interacted: boolean;
  /** The video played (on a visible page) since the last beat. */
  playing?: boolean;
  /** The page is visible now; false = a hidden tab or minimised window. */
  visible?: boolean;
}

/**
 * One heartbeat: credit = min(real elapsed since the last accepted beat, position advance).
 * A position past furthest + elapsed + tolerance is a fast-forward and earns nothing.
 */
export function judgeHeartbeat(s: SessionState, now: Date, beat: BeatReport, rules = LEARNING_RULES): BeatOutcome {
  if (s.state !== 'active') return { accepted: false, reason: 'not_active', creditMs: 0 };
  // TRN-3: a hidden page learns nothing; the refusal leaves the last accepted beat where it was, so the
  // time hidden is never credited (the next visible beat is bounded by the position advance).
  if (beat.visible === false) return { accepted: false, reason: 'hidden', creditMs: 0 };
  const elapsedMs = Math.max(0, now.getTime() - s.lastBeatAt.getTime());
  // TRN-3 挂机锁定: strictly more than the limit without activity locks; exactly 5 minutes still credits.
  if (now.getTime() - s.lastInteractionAt.getTime() > rules.idleLimitMs)
    return { accepted: false, reason: 'idle', creditMs: 0 };
  // TRN-3 禁止快进: the position may not run ahead of the watched point faster than wall-clock time.
  const { position } = beat;
  if (position > Math.min(s.durationSeconds, s.furthestPosition + elapsedMs / 1000 + rules.toleranceSeconds))
    return { accepted: false, reason: 'jump', creditMs: 0 };
  if (s.captureDueAt && now.getTime() > s.captureDueAt.getTime() + rules.captureGraceMs)
    return { accepted: false, reason: 'capture_missing', creditMs: 0 };
  const advanceMs = Math.max(0, (position - s.lastPosition) * 1000);
  // TRN-3: watching is activity — a video that really advanced on a visible page keeps the session
  // awake as input does; a paused player without input for 5 minutes is idle.
  const active = beat.interacted || (!!beat.playing && advanceMs > 0);
  return { accepted: true, creditMs: Math.floor(Math.min(elapsedMs, advanceMs)), position, active };
}

/**
 * Where a new session of a lesson starts: the last credited position of the learner's previous session
 * (the start again once the lesson was watched to its end), with the furthest point ever watched kept
 * so the learner may seek back and forth within it.
 */
export function resumePoint(
  previous: { lastPosition: number; furthestPosition: number } | undefined,
  durationSeconds: number,
): { lastPosition: number; furthestPosition: number } {
  if (!previous) return { lastPosition: 0, furthestPosition: 0 };
  const furthestPosition = Math.min(durationSeconds, previous.furthestPosition);
  const lastPosition =
    previous.lastPosition >= durationSeconds - 1 ? 0 : Math.min(previous.lastPosition, furthestPosition);
  return { lastPosition, furthestPosition };
}

/** When the next random portrait is due; `random` in [0, 1) is injected so tests can fix it. */
export function nextCaptureAt(now: Date, random: number, rules = LEARNING_RULES): Date {
  return new Date(now.getTime() + rules.captureMinMs + Math.floor(random * (rules.captureMaxMs - rules.captureMinMs)));
}

export const REASON_LABELS: Record<RefusalReason, string> = {
  jump: '播放进度超出已观看位置（禁止快进），本次不计学时；播放器已回到已计时的位置',
  idle: '长时间无操作，学习已锁定，请点击「继续学习」',
  capture_missing: '未按要求完成人像抓拍，暂停计时',
  not_active: '本次学习已结束（可能已在其他设备登录）',
  hidden: '页面不在前台（已切换到其他窗口或标签页），暂停计时',
};

/**
 * TRN-3 人像抓拍: what a learner is told when a capture does not satisfy the request — why, and what
 * to do next. A match (or no engine configured) satisfies it and needs no message.
 */
export const CAPTURE_ADVICE: Record<string, string> = {
  no_match: '照片与本人登记照片不一致。请本人正对摄像头重新拍摄；如登记照片有误，请联系培训机构更换。',
  no_face: '照片中未检测到人脸。请正对摄像头、脸部填满虚线框后重新拍摄。',
  several_faces: '照片中有多张人脸。请确保画面中只有本人后重新拍摄。',
  poor_quality: '照片不够清晰或光线不足。请在光线充足处正对摄像头重新拍摄。',
  not_live: '活体检测未通过（疑似翻拍照片或屏幕）。请本人正对摄像头实时拍摄。',
  not_enrolled: '您尚未登记人脸照片，无法比对。请联系培训机构登记本人照片后再继续学习。',
};
