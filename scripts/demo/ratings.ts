// Demo of the rating's components (INS-5) so the rating page shows each of them on first start: a
// review class (复审培训, 1.1) of the Chengdu school that ended ten days ago, reviewed by four of its
// trainees (学员网上评议) — holders whose 1.1 certificate is due for review, as is the demo worker's, who
// is enrolled too and has not reviewed yet, so the review can be tried — the school's self-assessment
// (still editable) and a third-party assessment recorded by the city.
import { demoTeacher } from './teachers.js';
import type { Actor } from '../../src/kernel/access.js';
import type { AppContext } from '../../src/kernel/context.js';
import { chinaDate } from '../../src/kernel/clock.js';
import { unverifiedFaceMatcher } from '../../src/kernel/face.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { findWorkerById } from '../../src/modules/registry/index.js';
import {
  checkIn,
  checkOut,
  enrolTrainee,
  fileClass,
  openClass,
  scheduleSession,
  submitClassReview,
} from '../../src/modules/training/index.js';
import { recordThirdPartyAssessment, saveSelfAssessment } from '../../src/modules/supervision/index.js';

const H = 3_600_000;
const REVIEWS: Array<[number, number, number, string | undefined]> = [
  [5, 4, 5, '老师讲解细致，案例贴近现场。'],
  [4, 4, 5, undefined],
  [4, 3, 4, '实操设备有点少，需要排队。'],
  [5, 5, 5, '签到签退很严格，学时是实打实的。'],
];

export async function seedRatingsDemo(
  ctx: AppContext,
  a: {
    city: Actor;
    school: Actor;
    demoWorkerId: string;
    /** Holders of a 1.1 certificate due for review (CER-4), beside the demo worker (issue 19 item 11). */
    trainees: string[];
    password: string;
    photo: string;
  },
): Promise<void> {
  const now = ctx.clock.now();
  const year = Number(chinaDate(now).slice(0, 4));
  let current = new Date(now.getTime() - 12 * 24 * H);
  const shifted: AppContext = { ...ctx, clock: { now: () => current }, face: unverifiedFaceMatcher };
  const cls = await openClass(shifted, a.school, {
    itemCode: '1.1',
    kind: 'review',
    name: '高压电工作业复审培训第2期',
    opensAt: current.toISOString(),
  });
  await fileClass(shifted, a.school, cls.id);
  const enrolled: string[] = [];
  for (const workerId of [a.demoWorkerId, ...a.trainees.filter((id) => id !== a.demoWorkerId)]) {
    if (enrolled.length >= REVIEWS.length + 1) break;
    if (
      await enrolTrainee(shifted, a.school, cls.id, workerId).then(
        () => true,
        () => false,
      )
    )
      enrolled.push(workerId);
  }
  const day = new Date(now.getTime() - 10 * 24 * H);
  const session = await scheduleSession(shifted, a.school, cls.id, {
    subject: 'theory',
    mode: 'offline',
    topic: '法律法规与事故案例',
    startsAt: day.toISOString(),
    endsAt: new Date(day.getTime() + 8 * H).toISOString(),
    teacherId: await demoTeacher(ctx, a.school.orgId!, '1.1', 'offline_theory'),
  });
  for (const workerId of enrolled) {
    current = day;
    await checkIn(shifted, a.school, session.id, { workerId, photo: a.photo });
    current = new Date(day.getTime() + 8 * H);
    await checkOut(shifted, a.school, session.id, { workerId, photo: a.photo });
  }
  current = new Date(day.getTime() + 9 * H);
  // INS-5: everyone but the demo worker reviews once, after the class ended.
  for (const [i, workerId] of enrolled.filter((id) => id !== a.demoWorkerId).entries()) {
    const user = await createUser(ctx, null, {
      username: `trainee${i + 1}`,
      // Issue 19 item 11: a trainee's account carries the trainee's own name, not "学员1".
      displayName: (await findWorkerById(ctx.db, workerId))?.name ?? `学员${i + 1}`,
      password: a.password,
      role: 'worker',
      workerId,
    });
    const actor: Actor = {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      role: 'worker',
      orgId: null,
      orgKind: null,
      orgName: null,
      regionCode: null,
      workerId,
    };
    const [teaching, practical, honesty, comment] = REVIEWS[i % REVIEWS.length];
    current = new Date(day.getTime() + (10 + i * 5) * H);
    await submitClassReview(shifted, actor, cls.id, { teaching, practical, honesty, comment });
  }

  await saveSelfAssessment(ctx, a.school, year, {
    summary: '本年度开班 12 期，均在 48 小时内报备；全面推行人脸签到签退；针对检查发现的档案问题已完成整改。',
    scores: [
      { dimension: 'training_quality', score: 88, evidence: '首次考试合格率统计表、学员考试成绩单' },
      { dimension: 'management', score: 85, evidence: '开班报备回执、培训档案目录、整改报告' },
      { dimension: 'teachers_facilities', score: 92, evidence: '教师持证情况统计表、实训场地照片' },
      { dimension: 'trainee_service', score: 90, evidence: '签到签退记录、学员满意度调查' },
    ],
  });
  await recordThirdPartyAssessment(ctx, a.city, year, a.school.orgId!, {
    assessor: '四川安评安全技术咨询有限公司',
    score: 84,
    reportRef: `川安评〔${year}〕第 118 号`,
    assessedOn: `${year}-10-28`,
  });
}
