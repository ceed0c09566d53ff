// TRN-5: a trainee asks to sit the exam only with the hours met; the institution submits the
// class's exam application only with a complete class archive (一期一档), and the archive exports.
import ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { appendArchiveEvent } from '../registry/index.js';
import { ledgerOfClass } from './ledger.js';
import { attendanceOfClass, findClass, listEnrolments, listSessions, type ClassRow } from './queries.js';
import { onlineCreditsOfClass } from './online.js';
import { archiveGaps, hourUnits } from './rules.js';
import { getClass } from './service.js';
import { examApplications, classEnrolments, trainingClasses } from './schema.js';
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';

export async function findExamApplication(ctx: AppContext, classId: string) {
  return examApplicationOf(ctx.db, classId);
}

async function examApplicationOf(db: Executor, classId: string) {
  const [row] = await db.select().from(examApplications).where(eq(examApplications.classId, classId));
  return row;
}

/** The completeness check of the class archive, naming what is missing. */
export async function archiveStatus(ctx: AppContext, row: ClassRow) {
  return archiveStatusAt(ctx.db, row, ctx.clock.now());
}

/** 一期一档 as it stands at `now`; exam booking reads it too (TRN-5), so a gap opened after the application still counts. */
export async function archiveStatusAt(db: Executor, row: ClassRow, now: Date) {
  const [enrolments, sessions, records, application] = await Promise.all([
    listEnrolments(db, row.id),
    listSessions(db, row.id),
    attendanceOfClass(db, row.id),
    examApplicationOf(db, row.id),
  ]);
  const attended = new Set(records.map((r) => r.sessionId));
  const gaps = archiveGaps({
    filed: !!row.filedAt,
    trainees: enrolments.length,
    sessions: sessions.length,
    pastOfflineSessionsWithoutAttendance: sessions
      .filter((s) => s.mode === 'offline' && s.endsAt <= now && !attended.has(s.id))
      .map((s) => s.topic),
    materials: row.materials.length,
    examApplied: !!application,
  });
  return { complete: gaps.length === 0, missing: gaps, examApplication: application ?? null };
}

export async function getArchiveStatus(ctx: AppContext, actor: Actor, classId: string) {
  await getClass(ctx, actor, classId); // scope check (404 outside it)
  return archiveStatus(ctx, (await findClass(ctx.db, classId))!);
}

export async function setMaterials(ctx: AppContext, actor: Actor, classId: string, items: string[]) {
  requirePermission(actor, 'training.classes');
  const row = await findClass(ctx.db, classId);
  if (!row || row.orgId !== actor.orgId) throw notFound('培训班');
  const materials = [...new Set(items.map((i) => i.trim()).filter(Boolean))];
  await ctx.db.transaction(async (tx) => {
    await tx.update(trainingClasses).set({ materials }).where(eq(trainingClasses.id, classId));
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.materials_set',
      entityType: 'training_class',
      entityId: classId,
      regionCode: row.regionCode,
      before: row.materials,
      after: materials,
    });
  });
  return { materials };
}

/** TRN-5: the trainee's own request to sit the exam; refused until the syllabus hours are met. */
export async function requestExam(ctx: AppContext, actor: Actor, classId: string) {
  requirePermission(actor, 'me.training');
  if (!actor.workerId) throw forbidden();
  const row = await findClass(ctx.db, classId);
  const ledger = row && (await ledgerOfClass(ctx.db, row)).get(actor.workerId);
  if (!row || !ledger) throw notFound('培训班');
  if (row.kind === 'review')
    throw ruleViolation(
      'CER-4',
      '复审培训班不申请资格考试',
      '复审培训学时用于证书复审，不能据此申请特种作业操作资格考试。',
    );
  if (!ledger.progress.met) {
    const unmet = ledger.progress.checks.filter((c) => !c.met).map((c) => `${c.label}（${c.detail}）`);
    throw ruleViolation('TRN-5', '学时未达到大纲要求', `学时达到培训大纲要求后方可申请考试：${unmet.join('；')}。`, {
      progress: ledger.progress,
    });
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(classEnrolments)
      .set({ examRequestedAt: now })
      .where(and(eq(classEnrolments.classId, classId), eq(classEnrolments.workerId, actor.workerId!)));
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.exam_request',
      entityType: 'training_class',
      entityId: classId,
      regionCode: row.regionCode,
      after: { workerId: actor.workerId },
    });
  });
  return { classId, requestedAt: now };
}

/** TRN-5: the institution applies for the class, for trainees who asked and whose hours are met, with a complete archive. */
export async function submitExamApplication(ctx: AppContext, actor: Actor, classId: string) {
  requirePermission(actor, 'training.classes');
  const row = await findClass(ctx.db, classId);
  if (!row || row.orgId !== actor.orgId) throw notFound('培训班');
  if (row.kind === 'review')
    throw ruleViolation(
      'CER-4',
      '复审培训班不申请资格考试',
      '复审培训班的学员持证复审，不向考试机构申请资格考试；学时达标后由学员办理复审。',
    );
  const status = await archiveStatus(ctx, row);
  if (row.archiveFalseAt)
    throw ruleViolation(
      'TRN-5',
      '培训档案经认定虚假',
      `本班档案已被监管部门认定虚假，不能申请考试：${row.archiveFalseReason}`,
    );
  if (status.examApplication)
    throw conflict(
      status.examApplication.status === 'cancelled' ? '本班考试申请已被取消。' : '本班已提交考试申请。',
      'TRN-5',
    );
  // Seed 000 §8: a class whose archive is missing cannot apply (its application would be cancelled).
  if (!status.complete)
    throw ruleViolation(
      'TRN-5',
      '培训档案不完整',
      `一期一档不完整，不能申请考试。缺少：${status.missing.join('、')}。`,
      { missing: status.missing },
    );
  const ledger = await ledgerOfClass(ctx.db, row);
  const enrolments = await listEnrolments(ctx.db, classId);
  const workerIds = enrolments
    .filter((e) => e.examRequestedAt && ledger.get(e.workerId)?.progress.met)
    .map((e) => e.workerId);
  if (!workerIds.length) throw ruleViolation('TRN-5', '没有可申请考试的学员', '本班尚无学时达标并提出考试申请的学员。');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [app] = await tx
      .insert(examApplications)
      .values({ classId, regionCode: row.regionCode, workerIds, status: 'submitted', submittedAt: now })
      .returning();
    for (const workerId of workerIds)
      await appendArchiveEvent(tx, now, actor, {
        workerId,
        kind: 'exam_booked',
        summary: `${actor.orgName ?? ''}为其提交「${row.name}」考试申请（学时已达标）`,
        detail: { classId, applicationId: app.id },
      });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.exam_application',
      entityType: 'training_class',
      entityId: classId,
      regionCode: row.regionCode,
      after: { workerIds },
    });
    return app;
  });
}

/** 一期一档 as a spreadsheet: roster with hours, schedule, attendance with face outcomes, completeness. */
export async function exportClassArchive(ctx: AppContext, actor: Actor, classId: string): Promise<Buffer> {
  const detail = await getClass(ctx, actor, classId);
  if (actor.workerId) throw forbidden();
  const status = await archiveStatus(ctx, (await findClass(ctx.db, classId))!);
  const book = new ExcelJS.Workbook();
  const info = book.addWorksheet('班级信息');
  info.addRows([
    ['培训机构', detail.orgName],
    ['班级', detail.name],
    ['作业项目', detail.itemCode],
    ['开班时间', detail.opensAt.toISOString()],
    ['报备', detail.filingStateLabel],
    ['大纲学时', `理论 ${detail.syllabus.theory}，实操 ${detail.syllabus.practical}`],
    ['档案完整性', status.complete ? '完整' : `缺少：${status.missing.join('、')}`],
    ['考试申请', status.examApplication ? `已提交（${status.examApplication.submittedAt.toISOString()}）` : '未提交'],
  ]);
  const roster = book.addWorksheet('学员名册与学时');
  roster.addRow(['序号', '姓名', '身份证号', '线下理论', '线上理论', '实操', '人脸核验学时', '学时达标']);
  detail.roster.forEach((r, i) =>
    roster.addRow([
      i + 1,
      r.name,
      r.idNumber,
      r.progress.theoryOffline,
      r.progress.theoryOnline,
      r.progress.practical,
      r.progress.faceVerifiedUnits,
      r.progress.met ? '是' : '否',
    ]),
  );
  const schedule = book.addWorksheet('课程表');
  schedule.addRow(['内容', '类型', '方式', '开始', '结束']);
  for (const s of detail.sessions)
    schedule.addRow([
      s.topic,
      s.subject === 'theory' ? '理论' : '实操',
      s.mode === 'offline' ? '线下' : '线上',
      s.startsAt.toISOString(),
      s.endsAt.toISOString(),
    ]);
  const att = book.addWorksheet('考勤');
  att.addRow(['姓名', '课程', '签到', '签到人脸结果', '签退', '签退人脸结果', '分钟', '学时']);
  const topics = new Map(detail.sessions.map((s) => [s.id, s.topic]));
  for (const r of detail.roster)
    for (const a of r.attendance)
      att.addRow([
        r.name,
        topics.get(a.sessionId),
        a.checkInAt.toISOString(),
        a.checkInOutcome,
        a.checkOutAt?.toISOString() ?? '',
        a.checkOutOutcome ?? '',
        a.minutes,
        a.units,
      ]);
  const online = book.addWorksheet('线上学习记录');
  online.addRow(['姓名', '线上计时（分钟）', '折合学时', '学习次数', '最近计时']);
  const names = new Map(detail.roster.map((r) => [r.workerId, r.name]));
  for (const o of await onlineCreditsOfClass(ctx.db, classId))
    online.addRow([
      names.get(o.workerId) ?? '',
      Math.floor(o.seconds / 60),
      hourUnits(Math.floor(o.seconds / 60), 'online'),
      o.sessions,
      o.updatedAt.toISOString(),
    ]);
  const application = book.addWorksheet('考试申请');
  application.addRow(['状态', '提交时间', '人数', '学员', '取消原因']);
  if (status.examApplication) {
    const a = status.examApplication;
    application.addRow([
      a.status === 'cancelled' ? '已取消' : '已提交',
      a.submittedAt.toISOString(),
      a.workerIds.length,
      a.workerIds.map((id) => names.get(id) ?? '').join('、'),
      a.cancelReason ?? '',
    ]);
  }
  const materials = book.addWorksheet('教材课件');
  for (const m of (await findClass(ctx.db, classId))!.materials) materials.addRow([m]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * TRN-5 (seed 000 §8): a regulator of the class's area finds its archive false (e.g. forged
 * attendance); the class's exam application is cancelled and its hours no longer let anyone book
 * the exam. Recorded on every trainee's archive; decided once.
 */
export async function declareArchiveFalse(ctx: AppContext, actor: Actor, classId: string, input: { reason: string }) {
  requirePermission(actor, 'training.supervise');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden();
  const reason = input.reason.trim();
  if (reason.length < 4)
    throw badRequest('请写明认定档案虚假的事实与依据。', [{ field: 'reason', message: '至少 4 个字' }]);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const row = await findClass(tx, classId, true);
    if (!row || !row.regionCode.startsWith(prefix)) throw notFound('培训班');
    if (row.archiveFalseAt) throw conflict('该培训班档案已被认定虚假。', 'TRN-5');
    await tx
      .update(trainingClasses)
      .set({ archiveFalseAt: now, archiveFalseReason: reason, archiveFalseBy: actor.userId })
      .where(eq(trainingClasses.id, classId));
    const [application] = await tx
      .update(examApplications)
      .set({ status: 'cancelled', cancelledAt: now, cancelReason: reason })
      .where(and(eq(examApplications.classId, classId), eq(examApplications.status, 'submitted')))
      .returning();
    for (const e of await listEnrolments(tx, classId)) {
      await appendArchiveEvent(tx, now, actor, {
        workerId: e.workerId,
        kind: 'sanctioned',
        summary: `「${row.name}」培训档案经认定虚假${application ? '，考试申请已取消' : ''}，该班学时不再作为报考依据：${reason}`,
        detail: { classId, applicationId: application?.id ?? null, reason },
      });
    }
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.archive_false',
      entityType: 'training_class',
      entityId: classId,
      regionCode: row.regionCode,
      after: { reason, applicationCancelled: application?.id ?? null },
    });
    return { classId, archiveFalseAt: now, reason, examApplicationCancelled: !!application };
  });
}
