// 一期一档 (TRN-5, seed 001 annex 六、1): the class archive exported as one PDF — roster, schedule,
// attendance with portrait thumbnails, hours, online learning records, teaching materials and the
// exam application — with the completeness check that names what is missing at the top.
import sharp from 'sharp';
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { forbidden } from '../../kernel/problem.js';
import { getOperationItem } from '../catalog/index.js';
import { renderClassArchivePdf, type ClassArchivePdfInput } from './archive-pdf.js';
import { archiveStatus } from './exam.js';
import { onlineCreditsOfClass } from './online.js';
import { attendanceOfClass, findClass } from './queries.js';
import { hourUnits } from './rules.js';
import { getClass } from './service.js';

const CHINA_MS = 8 * 3_600_000;
/** China time, to the minute: what a reader of a Chinese archive expects. */
export const chinaMinute = (d: Date | null | undefined) =>
  d ? new Date(d.getTime() + CHINA_MS).toISOString().slice(0, 16).replace('T', ' ') : '';

export const OUTCOME_SHORT: Record<string, string> = {
  match: '比对通过',
  no_match: '比对不通过',
  no_face: '无人脸',
  several_faces: '多张人脸',
  poor_quality: '质量不足',
  not_live: '活体未通过',
  not_enrolled: '无登记照',
  unverified: '未核验',
};

/** A small JPEG of a sealed portrait; null when it cannot be read as an image (the PDF says so). */
async function thumbnail(ctx: AppContext, sealed: string | null): Promise<Uint8Array | null> {
  if (!sealed) return null;
  try {
    const image = Buffer.from(ctx.vault.open(sealed), 'base64');
    return new Uint8Array(
      await sharp(image).rotate().resize(160, 160, { fit: 'inside' }).jpeg({ quality: 70 }).toBuffer(),
    );
  } catch {
    return null;
  }
}

/** The whole archive as data (both exports read this); the viewer's scope is checked by getClass. */
export async function classArchiveData(ctx: AppContext, actor: Actor, classId: string) {
  const detail = await getClass(ctx, actor, classId);
  if (actor.workerId) throw forbidden();
  const row = (await findClass(ctx.db, classId))!;
  const [status, records, online, item] = await Promise.all([
    archiveStatus(ctx, row),
    attendanceOfClass(ctx.db, classId),
    onlineCreditsOfClass(ctx.db, classId),
    getOperationItem(ctx, row.itemCode),
  ]);
  return { detail, row, status, records, online, item };
}

export async function exportClassArchivePdf(ctx: AppContext, actor: Actor, classId: string): Promise<Uint8Array> {
  const { detail, row, status, records, online, item } = await classArchiveData(ctx, actor, classId);
  const names = new Map(detail.roster.map((r) => [r.workerId, r.name]));
  const sessions = new Map(detail.sessions.map((s) => [s.id, s]));
  const lines = new Map(
    detail.roster.flatMap((r) => r.attendance.map((a) => [`${a.sessionId}:${r.workerId}`, a] as const)),
  );
  const attendance: ClassArchivePdfInput['attendance'] = [];
  for (const a of records) {
    const line = lines.get(`${a.sessionId}:${a.workerId}`);
    attendance.push({
      cells: [
        names.get(a.workerId) ?? '',
        sessions.get(a.sessionId)?.topic ?? '',
        chinaMinute(a.checkInAt),
        OUTCOME_SHORT[a.checkInOutcome] ?? a.checkInOutcome,
        chinaMinute(a.checkOutAt),
        a.checkOutOutcome ? (OUTCOME_SHORT[a.checkOutOutcome] ?? a.checkOutOutcome) : '未签退',
        String(line?.minutes ?? 0),
        String(line?.units ?? 0),
      ],
      checkInPortrait: await thumbnail(ctx, a.checkInPortraitSealed),
      checkOutPortrait: await thumbnail(ctx, a.checkOutPortraitSealed),
    });
  }
  const application = status.examApplication;
  const input: ClassArchivePdfInput = {
    title: `培训班档案（一期一档）· ${detail.name}`,
    info: [
      ['培训机构', detail.orgName ?? ''],
      ['班级', detail.name],
      ['作业项目', `${item.code} ${item.name}`],
      ['开班时间', chinaMinute(detail.opensAt)],
      ['开班报备', `${detail.filingStateLabel}${detail.filedAt ? `（${chinaMinute(detail.filedAt)}）` : ''}`],
      ['大纲学时', `理论 ${detail.syllabus.theory} 学时（线下不少于 30%），实际操作 ${detail.syllabus.practical} 学时`],
      ['导出时间', chinaMinute(ctx.clock.now())],
    ],
    complete: status.complete,
    missing: status.missing,
    roster: detail.roster.map((r, i) => [
      String(i + 1),
      r.name,
      r.idNumber,
      String(r.progress.theoryOffline),
      String(r.progress.theoryOnline),
      String(r.progress.practical),
      String(r.progress.faceVerifiedUnits),
      r.progress.met ? '是' : '否',
    ]),
    schedule: detail.sessions.map((s) => [
      s.topic,
      s.subject === 'theory' ? '理论' : '实操',
      s.mode === 'offline' ? '线下' : '线上',
      chinaMinute(s.startsAt),
      chinaMinute(s.endsAt),
    ]),
    attendance,
    online: online.map((o) => [
      names.get(o.workerId) ?? '',
      String(Math.floor(o.seconds / 60)),
      String(hourUnits(Math.floor(o.seconds / 60), 'online')),
      chinaMinute(o.updatedAt),
    ]),
    materials: row.materials,
    examApplication: !application
      ? ['尚未提交考试申请']
      : [
          `${application.status === 'cancelled' ? '已取消' : '已提交'}：${chinaMinute(application.submittedAt)}，共 ${application.workerIds.length} 人`,
          `申请考试学员：${application.workerIds.map((id) => names.get(id) ?? '').join('、')}`,
          ...(application.status === 'cancelled' ? [`取消原因：${application.cancelReason ?? ''}`] : []),
        ],
  };
  const pdf = await renderClassArchivePdf(input);
  // Who exported the portraits of the class, and when (SEC-3: faces leave the platform only on record).
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx.clock, actor, {
      action: 'training.archive_export',
      entityType: 'training_class',
      entityId: classId,
      regionCode: row.regionCode,
      after: { format: 'pdf', attendance: records.length },
    }),
  );
  return pdf;
}
