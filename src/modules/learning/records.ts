// TRN-3 学习记录、学时证明、查询统计: per trainee per lesson, for the institution, the regulator and the trainee.
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/problem.js';
import {
  enrolmentsOfWorker,
  findTrainingClass,
  hourUnits,
  ONLINE_UNIT_MINUTES,
  type TrainingClassRow,
} from '../training/index.js';
import { getOperationItem } from '../catalog/index.js';
import { findOrganisation } from '../organisations/index.js';
import { renderHourCertificatePdf } from './certificate-pdf.js';
import { capturesOfSessions, courseIdsOfClass, lessonsOfCourses, sessionsOfClass } from './queries.js';

async function visibleClass(ctx: AppContext, actor: Actor, classId: string): Promise<TrainingClassRow> {
  const cls = await findTrainingClass(ctx.db, classId);
  const prefix = jurisdictionPrefix(actor);
  const own = actor.workerId
    ? (await enrolmentsOfWorker(ctx.db, actor.workerId)).some((e) => e.classId === classId)
    : cls?.orgId === actor.orgId;
  if (!cls || !(prefix ? cls.regionCode.startsWith(prefix) : own)) throw notFound('培训班');
  return cls;
}

/** One row per trainee per lesson: credited minutes, sessions, captures (and how many matched). */
export async function classRecords(ctx: AppContext, actor: Actor, classId: string, onlyWorker?: string) {
  const cls = await visibleClass(ctx, actor, classId);
  const sessions = await sessionsOfClass(ctx.db, cls.id, onlyWorker ?? actor.workerId ?? undefined);
  const [lessonRows, captures] = await Promise.all([
    lessonsOfCourses(ctx.db, await courseIdsOfClass(ctx.db, cls.id)),
    capturesOfSessions(
      ctx.db,
      sessions.map((s) => s.id),
    ),
  ]);
  const rows = new Map<
    string,
    {
      workerId: string;
      lessonId: string;
      lessonTitle: string;
      topic: string;
      creditedMinutes: number;
      creditedSeconds: number;
      sessions: number;
      refusedBeats: number;
      captures: number;
      capturesMatched: number;
    }
  >();
  for (const s of sessions) {
    const key = `${s.workerId}:${s.lessonId}`;
    const lesson = lessonRows.find((l) => l.id === s.lessonId);
    const r = rows.get(key) ?? {
      workerId: s.workerId,
      lessonId: s.lessonId,
      lessonTitle: lesson?.title ?? '',
      topic: lesson?.topic ?? '',
      creditedMinutes: 0,
      creditedSeconds: 0,
      sessions: 0,
      refusedBeats: 0,
      captures: 0,
      capturesMatched: 0,
    };
    const own = captures.filter((c) => c.sessionId === s.id);
    Object.assign(r, {
      creditedSeconds: r.creditedSeconds + Math.floor(s.creditedMs / 1000),
      sessions: r.sessions + 1,
      refusedBeats: r.refusedBeats + s.refusedBeats,
      captures: r.captures + own.length,
      capturesMatched: r.capturesMatched + own.filter((c) => c.outcome === 'match').length,
    });
    r.creditedMinutes = Math.floor(r.creditedSeconds / 60);
    rows.set(key, r);
  }
  return {
    classId: cls.id,
    className: cls.name,
    itemCode: cls.itemCode,
    lessons: lessonRows,
    records: [...rows.values()],
  };
}

/** 学时证明: the trainee's online theory minutes in the class and the 学时 they make (30 min each). */
export async function hourCertificate(ctx: AppContext, actor: Actor, classId: string) {
  if (!actor.workerId) throw notFound('学员档案');
  const data = await classRecords(ctx, actor, classId, actor.workerId);
  const seconds = data.records.reduce((n, r) => n + r.creditedSeconds, 0);
  const minutes = Math.floor(seconds / 60);
  return {
    title: '线上学习学时证明',
    learner: actor.displayName,
    workerId: actor.workerId,
    className: data.className,
    itemCode: data.itemCode,
    onlineMinutes: minutes,
    onlineUnits: hourUnits(minutes, 'online'),
    unitMinutes: ONLINE_UNIT_MINUTES,
    lessons: data.records,
    issuedAt: ctx.clock.now(),
    basis: '学时由平台服务器根据学习心跳计算（TRN-3），每 30 分钟计 1 学时（TRN-4）。',
  };
}

/** The trainee's lessons across their classes, with what each has earned so far. */
export async function myLessons(ctx: AppContext, actor: Actor) {
  if (!actor.workerId) throw notFound('学员档案');
  const enrolments = await enrolmentsOfWorker(ctx.db, actor.workerId);
  return Promise.all(enrolments.map((e) => classRecords(ctx, actor, e.classId, actor.workerId!)));
}

/** 学时证明 as a PDF (TRN-3): the same figures as `hourCertificate`, with the institution and item named. */
export async function hourCertificatePdf(ctx: AppContext, actor: Actor, classId: string): Promise<Uint8Array> {
  const cert = await hourCertificate(ctx, actor, classId);
  const cls = (await findTrainingClass(ctx.db, classId))!;
  const [org, item] = await Promise.all([findOrganisation(ctx.db, cls.orgId), getOperationItem(ctx, cls.itemCode)]);
  return renderHourCertificatePdf({
    title: cert.title,
    learner: cert.learner,
    institution: org?.name ?? '',
    className: cert.className,
    item: `${item.code} ${item.name}`,
    onlineMinutes: cert.onlineMinutes,
    onlineUnits: cert.onlineUnits,
    issuedAt: new Date(cert.issuedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '),
    basis: cert.basis,
    lessons: cert.lessons,
  });
}
