// Demo of exam centres' own filing (考试机构备案, EXM-1) through the real use cases: the Chengdu centre
// applied, Chengdu reviewed it and the province filed it (a year ago, before its sites); the province's
// own centre has just applied and waits in the province's 审核与备案 queue (and on its 工作台).
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../src/kernel/access.js';
import { createUser } from '../../src/modules/accounts/index.js';
import type { AppContext } from '../../src/kernel/context.js';
import { generateCreditCode } from '../../src/kernel/ids.js';
import { applyForCentreFiling, fileCentreApplication, reviewCentreApplication } from '../../src/modules/exams/index.js';
import { createOrganisation } from '../../src/modules/organisations/index.js';

const DAY = 86_400_000;
const daysBefore = (ctx: AppContext, daysAgo: number): AppContext => {
  const at = new Date(ctx.clock.now().getTime() - daysAgo * DAY);
  return { ...ctx, clock: { now: () => at } };
};

export async function seedCentreFilings(
  ctx: AppContext,
  d: { centre: Actor; city: Actor; province: Actor },
): Promise<void> {
  const applied = daysBefore(ctx, 400);
  const app = await applyForCentreFiling(applied, d.centre, {
    level: 'city',
    name: d.centre.orgName ?? '成都市安全生产考试中心',
    creditCode: generateCreditCode('510100', 31_870_215),
    address: '成都市武侯区人民南路四段 19 号',
    responsiblePerson: '周文涛',
    itemCodes: ['1.1', '1.2', '2.1', '3.1', '3.2'],
    staffCount: 26,
    examinerCount: 14,
  });
  await reviewCentreApplication(daysBefore(ctx, 396), d.city, app.id, {
    decision: 'approve',
    remarks: '场所、人员与制度材料齐全，同意报省厅备案。',
  });
  await fileCentreApplication(daysBefore(ctx, 390), d.province, app.id, {
    decision: 'file',
    remarks: '准予备案，列入全省考试机构名录。',
  });

  // The province's own centre (seed 004 §7 "省应急管理厅设立…安全生产考试中心"), applied two days ago.
  const provincial = await createOrganisation(ctx, null, {
    kind: 'exam_centre',
    name: '四川省安全生产考试中心',
    regionCode: '510000',
  });
  // Its applicant is an account of its own (no demo login: the centre is only seen from the province).
  const user = await createUser(ctx, null, {
    username: 'sccentre',
    displayName: '孙丽',
    // A letter and a digit appended: 24 random base64url characters lack a digit about one time in 70,
    // and the password rule then stopped the demo's first start.
    password: `${randomBytes(18).toString('base64url')}a1`,
    role: 'exam_centre_staff',
    orgId: provincial.id,
    workerId: null,
  });
  const staff: Actor = {
    userId: user.id,
    username: 'sccentre',
    displayName: '孙丽',
    role: 'exam_centre_staff',
    orgId: provincial.id,
    orgKind: 'exam_centre',
    orgName: provincial.name,
    regionCode: provincial.regionCode,
    workerId: null,
  };
  await applyForCentreFiling(daysBefore(ctx, 2), staff, {
    level: 'province',
    name: provincial.name,
    creditCode: generateCreditCode('510000', 42_190_733),
    address: '成都市青羊区东城根上街 95 号',
    responsiblePerson: '黄建民',
    itemCodes: ['1.1', '1.2', '1.3', '2.1', '2.2', '3.1', '9.1', '9.16'],
    staffCount: 40,
    examinerCount: 22,
  });
}
