// Issue 19 item 4: the trainee's next lessons for the 工作台 (module workbench).
import type { Actor } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { chinaDate } from '../../kernel/clock.js';
import { WORKBENCH_ITEMS, queueOf, type Queue } from '../../kernel/queue.js';
import { myLessons } from './records.js';

/** TRN-3: lessons not yet watched to the end in the trainee's classes, in course order (the next one first). */
export async function nextLessonQueue(ctx: AppContext, actor: Actor): Promise<Queue> {
  const today = chinaDate(ctx.clock.now());
  const classes = actor.workerId ? await myLessons(ctx, actor) : [];
  const open = classes.flatMap((c) =>
    c.lessons
      .map((l) => ({ c, l, seconds: c.records.find((r) => r.lessonId === l.id)?.creditedSeconds ?? 0 }))
      .filter((x) => x.seconds < x.l.durationSeconds),
  );
  return queueOf(
    { key: 'next-lessons', label: '待学习的网络课程', link: '/me/training/learning', unit: '课' },
    { count: open.length, overdue: 0, oldestDue: null },
    open.slice(0, WORKBENCH_ITEMS).map(({ c, l, seconds }) => ({
      id: l.id,
      title: l.title,
      detail: `${c.className} · 已学 ${Math.floor(seconds / 60)} / ${Math.ceil(l.durationSeconds / 60)} 分钟`,
      since: today,
      dueOn: null,
      overdueDays: null,
      link: `/me/training/learn/${c.classId}/${l.id}`,
    })),
    today,
  );
}
