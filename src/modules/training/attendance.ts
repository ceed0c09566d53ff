// TRN-2: offline attendance with a face photo. The face engine is asked outside any transaction
// (no network or heavy work while holding the database); the portrait is kept sealed (SEC-3)
// with the engine's outcome and score. 'unverified' is recorded as such, never as a match.
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { decodeCapturedPhoto, isFaceVerified, needsRetake, type FaceVerification } from '../../kernel/face.js';
import { conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { chinaDate } from '../../kernel/clock.js';
import { teachingVerdict } from '../institutions/index.js';
import { appendArchiveEvent } from '../registry/index.js';
import { findAttendance, findClass, findSession, insertAttendance, isEnrolled, updateAttendance } from './queries.js';
import { attendanceEarnsHours, attendedMinutes, countsAfterFiling, hourUnits } from './rules.js';

export const OUTCOME_LABELS: Record<string, string> = {
  match: '人脸比对通过',
  no_match: '人脸比对不通过',
  no_face: '未检测到人脸',
  several_faces: '检测到多张人脸',
  poor_quality: '照片质量不足',
  not_live: '活体检测未通过',
  not_enrolled: '无登记照片可比对',
  unverified: '未核验（人脸识别引擎未接入）',
};

async function loadSessionFor(ctx: AppContext, actor: Actor, sessionId: string, workerId: string) {
  requirePermission(actor, 'training.classes');
  const session = await findSession(ctx.db, sessionId);
  const row = session && (await findClass(ctx.db, session.classId));
  if (!session || !row || row.orgId !== actor.orgId) throw notFound('课程');
  if (session.mode !== 'offline')
    throw ruleViolation(
      'TRN-2',
      '线上课程不在此签到',
      '线上课程的学时由在线学习平台记录（TRN-3），不通过现场签到计入。',
    );
  if (!(await isEnrolled(ctx.db, row.id, workerId))) throw notFound('本班学员');
  // TRN-1: until the class is filed it does not exist for the regulators; nothing is recorded for it.
  if (!row.filedAt)
    throw ruleViolation(
      'TRN-1',
      '培训班尚未报备',
      '培训班报备后方可考勤，报备前的培训不计学时。请先在「培训班」办理开班报备。',
    );
  return { session, row };
}

/**
 * TRN-2: a capture the engine could not judge (no face, several faces, poor quality, not live) is no
 * attendance record of anyone — recording it would keep the trainee from the session's hours, since a
 * check-in is taken once. Nothing is recorded (the attempt is audited) and the desk takes a new photo.
 */
async function refuseUnusableCapture(
  ctx: AppContext,
  actor: Actor,
  kind: 'check-in' | 'check-out',
  at: { sessionId: string; regionCode: string; workerId: string },
  face: FaceVerification,
): Promise<void> {
  if (!needsRetake(face)) return;
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx.clock, actor, {
      action: 'training.attendance_retake',
      entityType: 'class_session',
      entityId: at.sessionId,
      regionCode: at.regionCode,
      after: { workerId: at.workerId, kind, outcome: face.outcome },
    }),
  );
  throw ruleViolation(
    'TRN-2',
    '请重新拍照',
    `${OUTCOME_LABELS[face.outcome]}：本次${kind === 'check-in' ? '签到' : '签退'}未记录。请学员摘下帽子口罩、正对摄像头，重新拍摄一张只含本人的清晰照片。`,
    { retake: true, outcome: face.outcome },
  );
}

/** INS-4 when the teaching happens: the session's teacher must still hold the category's certificate today. */
async function requireTeacherNow(
  ctx: AppContext,
  row: { orgId: string; itemCode: string },
  session: { teacherId: string | null; subject: string; mode: string },
) {
  // Sessions scheduled before teachers were named per session carry none; there is nothing to check.
  if (!session.teacherId) return;
  const verdict = await teachingVerdict(ctx, ctx.db, {
    orgId: row.orgId,
    teacherId: session.teacherId,
    itemCode: row.itemCode,
    subject: session.subject as 'theory' | 'practical',
    mode: session.mode as 'offline' | 'online',
    on: chinaDate(ctx.clock.now()),
  });
  if (verdict.problems.length)
    throw ruleViolation(
      'INS-4',
      '授课教师不符合要求',
      `本节课的授课教师现不能授课：${verdict.problems.join('；')}。请更换授课教师后再考勤。`,
      { problems: verdict.problems },
    );
}

export async function checkIn(
  ctx: AppContext,
  actor: Actor,
  sessionId: string,
  input: { workerId: string; photo: string },
) {
  const { session, row } = await loadSessionFor(ctx, actor, sessionId, input.workerId);
  await requireTeacherNow(ctx, row, session);
  const image = decodeCapturedPhoto(input.photo, '现场照片');
  const face = await ctx.face.verify({ workerId: input.workerId, image, purpose: 'attendance' });
  await refuseUnusableCapture(
    ctx,
    actor,
    'check-in',
    { sessionId, regionCode: row.regionCode, workerId: input.workerId },
    face,
  );
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const added = await insertAttendance(tx, {
      sessionId,
      workerId: input.workerId,
      checkInAt: now,
      checkInPortraitSealed: ctx.vault.seal(image.toString('base64')),
      checkInOutcome: face.outcome,
      checkInSimilarity: face.similarity,
    });
    if (!added) throw conflict('该学员本节课已签到。');
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.check_in',
      entityType: 'class_session',
      entityId: sessionId,
      regionCode: row.regionCode,
      after: { workerId: input.workerId, outcome: face.outcome, similarity: face.similarity },
    });
  });
  return {
    sessionId,
    workerId: input.workerId,
    at: now,
    outcome: face.outcome,
    outcomeLabel: OUTCOME_LABELS[face.outcome],
    similarity: face.similarity,
    faceVerified: isFaceVerified(face),
    topic: session.topic,
  };
}

/** Check-out closes the record; the minutes and 学时 earned go on the trainee's archive (REG-1). */
export async function checkOut(
  ctx: AppContext,
  actor: Actor,
  sessionId: string,
  input: { workerId: string; photo: string },
) {
  const { session, row } = await loadSessionFor(ctx, actor, sessionId, input.workerId);
  const image = decodeCapturedPhoto(input.photo, '现场照片');
  const face = await ctx.face.verify({ workerId: input.workerId, image, purpose: 'attendance' });
  await refuseUnusableCapture(
    ctx,
    actor,
    'check-out',
    { sessionId, regionCode: row.regionCode, workerId: input.workerId },
    face,
  );
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const record = await findAttendance(tx, sessionId, input.workerId, true);
    if (!record) throw conflict('该学员本节课尚未签到，不能签退。');
    if (record.checkOutAt) throw conflict('该学员本节课已签退。');
    if (actor.orgId !== row.orgId) throw forbidden();
    const after = await updateAttendance(tx, sessionId, input.workerId, {
      checkOutAt: now,
      checkOutPortraitSealed: ctx.vault.seal(image.toString('base64')),
      checkOutOutcome: face.outcome,
      checkOutSimilarity: face.similarity,
    });
    const minutes = attendedMinutes(session, after.checkInAt, now);
    const units =
      attendanceEarnsHours(record.checkInOutcome, face.outcome) && countsAfterFiling(row.filedAt, record.checkInAt)
        ? hourUnits(minutes, 'offline')
        : 0;
    const verified = isFaceVerified({ outcome: record.checkInOutcome as never }) && isFaceVerified(face);
    const subject = session.subject === 'theory' ? '理论' : '实际操作';
    await appendArchiveEvent(tx, now, actor, {
      workerId: input.workerId,
      kind: 'trained',
      summary: `参加「${row.name}」${subject}课「${session.topic}」${minutes} 分钟（${verified ? '人脸核验通过' : '人脸未核验'}）`,
      detail: { classId: row.id, sessionId, minutes, checkIn: record.checkInOutcome, checkOut: face.outcome },
    });
    if (units > 0)
      await appendArchiveEvent(tx, now, actor, {
        workerId: input.workerId,
        kind: 'hours_credited',
        summary: `计入线下${subject}学时 ${units} 学时（每学时 45 分钟）`,
        detail: {
          classId: row.id,
          sessionId,
          units,
          subject: session.subject,
          mode: 'offline',
          faceVerified: verified,
        },
      });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.check_out',
      entityType: 'class_session',
      entityId: sessionId,
      regionCode: row.regionCode,
      after: { workerId: input.workerId, outcome: face.outcome, minutes, units },
    });
    return {
      sessionId,
      workerId: input.workerId,
      at: now,
      outcome: face.outcome,
      outcomeLabel: OUTCOME_LABELS[face.outcome],
      minutes,
      units,
      faceVerified: verified,
    };
  });
}
