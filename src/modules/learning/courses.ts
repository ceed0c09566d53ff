// TRN-3 课程管理: an institution's courses and lessons for an operation item, assigned to its classes.
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { findTrainingClass } from '../training/index.js';
import {
  assign,
  classIdsOfCourses,
  coursesOfOrg,
  findCourse,
  insertCourse,
  insertLesson,
  lessonsOfCourses,
} from './queries.js';

function institutionOf(actor: Actor): string {
  requirePermission(actor, 'training.classes');
  if (actor.orgKind !== 'institution' || !actor.orgId) throw forbidden('仅培训机构可以管理线上课程。');
  return actor.orgId;
}

async function ownCourse(ctx: AppContext, actor: Actor, id: string) {
  const course = await findCourse(ctx.db, id);
  if (!course || course.orgId !== institutionOf(actor)) throw notFound('课程');
  return course;
}

export async function createCourse(ctx: AppContext, actor: Actor, input: { itemCode: string; title: string }) {
  const orgId = institutionOf(actor);
  return ctx.db.transaction(async (tx) => {
    const course = await insertCourse(tx, {
      orgId,
      regionCode: actor.regionCode ?? '',
      itemCode: input.itemCode,
      title: input.title,
      createdAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'learning.course_create',
      entityType: 'learning_course',
      entityId: course.id,
      regionCode: course.regionCode,
      after: input,
    });
    return course;
  });
}

export async function addLesson(
  ctx: AppContext,
  actor: Actor,
  courseId: string,
  input: { title: string; videoUrl?: string | null; durationSeconds: number; topic: string },
) {
  const course = await ownCourse(ctx, actor, courseId);
  const ordinal = (await lessonsOfCourses(ctx.db, [courseId])).length + 1;
  return ctx.db.transaction(async (tx) => {
    const lesson = await insertLesson(tx, {
      courseId,
      title: input.title,
      videoUrl: input.videoUrl ?? null,
      durationSeconds: input.durationSeconds,
      topic: input.topic,
      ordinal,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'learning.lesson_add',
      entityType: 'learning_course',
      entityId: courseId,
      regionCode: course.regionCode,
      after: lesson,
    });
    return lesson;
  });
}

/** A course serves only a class of the same item, opened by the same institution. */
export async function assignCourse(ctx: AppContext, actor: Actor, courseId: string, classId: string) {
  const course = await ownCourse(ctx, actor, courseId);
  const cls = await findTrainingClass(ctx.db, classId);
  if (!cls || cls.orgId !== course.orgId) throw notFound('培训班');
  if (cls.itemCode !== course.itemCode)
    throw ruleViolation(
      'TRN-3',
      '课程与培训班作业项目不符',
      `课程属于项目 ${course.itemCode}，培训班为 ${cls.itemCode}。`,
    );
  await ctx.db.transaction(async (tx) => {
    await assign(tx, courseId, classId);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'learning.course_assign',
      entityType: 'learning_course',
      entityId: courseId,
      regionCode: course.regionCode,
      after: { classId },
    });
  });
  return { courseId, classId };
}

export async function listCourses(ctx: AppContext, actor: Actor) {
  const list = await coursesOfOrg(ctx.db, institutionOf(actor));
  const ids = list.map((c) => c.id);
  const [lessonRows, links] = await Promise.all([lessonsOfCourses(ctx.db, ids), classIdsOfCourses(ctx.db, ids)]);
  return list.map((c) => ({
    ...c,
    lessons: lessonRows.filter((l) => l.courseId === c.id),
    classIds: links.filter((l) => l.courseId === c.id).map((l) => l.classId),
  }));
}
