// Demo supervision: public reports (SUP-6) at every step of the handling, in Chengdu and Mianyang, and
// a province-wide self-inspection campaign (SUP-5) that one school has answered and one has not, so
// the regulators' 举报处理 and 自查自改 pages and the institutions' 自查报告 show real content; and
// Chengdu's inspection plan (SUP-1) with two inspections whose findings are at each step of 闭环 (SUP-2);
// and the plan's data-driven parts: a new institution's first-class inspection, a risk-weighted draw
// of employers, and 回头看 proposals from a repeated and an overdue finding.
import sharp from 'sharp';
import type { Actor, Role } from '../../src/kernel/access.js';
import type { AppContext } from '../../src/kernel/context.js';
import { addDays, chinaDate } from '../../src/kernel/clock.js';
import { deliverEvents } from '../../src/kernel/events.js';
import { generateCreditCode } from '../../src/kernel/ids.js';
import { createUser, findUserByUsername } from '../../src/modules/accounts/index.js';
import { listSites } from '../../src/modules/exams/index.js';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../../src/modules/institutions/index.js';
import { createOrganisation, findOrganisation, listOrganisations } from '../../src/modules/organisations/index.js';
import { fileClass, openClass } from '../../src/modules/training/index.js';
import { subscribers } from '../../src/subscribers.js';
import {
  addToInspectionPlan,
  checkItem,
  completeInspection,
  completeMeasure,
  drawEmployers,
  fileReport,
  fileSelfInspection,
  handleReport,
  openCampaign,
  recordFinding,
  startInspection,
  submitRectification,
  verifyRectification,
  type ReportInput,
} from '../../src/modules/supervision/index.js';

type DemoReport = Omit<ReportInput, 'attachments'> & { photo?: boolean };

const REPORTS: DemoReport[] = [
  {
    regionCode: '510107',
    category: 'uncertified_work',
    subjectName: '武侯区簇桥某在建商住楼工地',
    content:
      '工地上两名焊工没有焊工证，在脚手架上电焊，没有人看护，火花直接落到下面的材料堆上。每天上午 8 点到 11 点都在干。',
    photo: true,
  },
  {
    regionCode: '510107',
    category: 'fake_certificate',
    subjectName: '微信昵称「包过证书代办」',
    content: '有人在微信群里发广告，说 1500 元不用考试就能办低压电工证，全国可查，附了一张证书照片，证号查不到。',
    reporterName: '刘志强',
    reporterPhone: '13808012345',
  },
  {
    regionCode: '510104',
    category: 'training_fraud',
    subjectName: '锦江区某安全技术培训点',
    content: '报名登高架设作业培训，实际只上了一天课，老师让我们在签到表上把一周的名字都签了，还说考试有人帮忙。',
    reporterName: '陈晓燕',
    reporterPhone: '13981234567',
  },
  {
    regionCode: '510112',
    category: 'other',
    subjectName: '龙泉驿区某小区物业',
    content: '小区电梯经常停运，物业不及时维修，希望有关部门管一管。',
  },
  {
    regionCode: '510703',
    category: 'exam_cheating',
    subjectName: '涪城区某考点',
    content: '听说这次理论考试有人戴耳机，外面有人报答案，考场监控也没开。',
    reporterName: '何勇',
  },
];

export async function seedSupervisionDemo(
  ctx: AppContext,
  a: { county: Actor; city: Actor; province: Actor; school: Actor },
): Promise<void> {
  await seedReports(ctx, a);
  await seedCampaign(ctx, a);
  await seedInspections(ctx, a);
  await seedPlanning(ctx, a);
}

async function seedReports(ctx: AppContext, a: { county: Actor; city: Actor }): Promise<void> {
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#8a7f70' } })
    .jpeg({ quality: 70 })
    .toBuffer();
  const filed: Array<{ trackingCode: string }> = [];
  for (const r of REPORTS) {
    const { photo: withPhoto, ...input } = r;
    filed.push(
      await fileReport(ctx, {
        ...input,
        attachments: withPhoto ? [{ fileName: '现场照片.jpg', data: photo.toString('base64') }] : [],
      }),
    );
  }
  const idOf = async (trackingCode: string) => {
    const { rows } = (await ctx.db.execute(
      `select id from public_reports where tracking_code = '${trackingCode}'`,
    )) as unknown as { rows: Array<{ id: string }> };
    return rows[0].id;
  };
  // 武侯区: the fake-certificate advert is being investigated.
  const advert = await idOf(filed[1].trackingCode);
  await handleReport(ctx, a.county, advert, 'accept', {});
  await handleReport(ctx, a.county, advert, 'investigate', {
    note: '已将证号与广告截图移交公安机关网安部门，同步排查辖区在用该证号人员。',
  });
  // 锦江区 (handled by the city): the training fraud was true and the reporter rewarded.
  const fraud = await idOf(filed[2].trackingCode);
  await handleReport(ctx, a.city, fraud, 'accept', {});
  await handleReport(ctx, a.city, fraud, 'investigate', {
    note: '调取该培训点一期一档与签到人脸记录，人脸核验记录与签到表不符。',
  });
  await handleReport(ctx, a.city, fraud, 'close', {
    finding: 'substantiated',
    publicNote: '经查属实：该培训点虚报学时，已责令停止招生并立案查处。感谢您的监督。',
    note: '对机构处以罚款并暂停培训资格三个月。',
  });
  await handleReport(ctx, a.city, fraud, 'reward', { rewardYuan: 2000, note: '依据四川省安全生产举报奖励办法' });
  // 龙泉驿区: lifts are not special operations: not taken, with the reason.
  const lift = await idOf(filed[3].trackingCode);
  await handleReport(ctx, a.city, lift, 'reject', {
    publicNote: '电梯运行维护属于特种设备安全监管范围，不属于特种作业人员监管事项，请向市场监督管理部门（12345）反映。',
  });
}

/** SUP-5: the province asks every institution for a self-inspection; the Chengdu school has answered. */
async function seedCampaign(ctx: AppContext, a: { province: Actor; school: Actor }): Promise<void> {
  const today = chinaDate(ctx.clock.now());
  const campaign = await openCampaign(ctx, a.province, {
    title: '安全生产培训“走过场”专项整治自查自改',
    description:
      '对照《安全生产培训机构基本条件》（AQ 8011—2023）逐项自查，列出问题清单，明确整改措施、时限和责任人，立查立改。',
    targetKind: 'institution',
    dueOn: addDays(today, 14),
  });
  await fileSelfInspection(ctx, a.school, campaign.id, {
    summary: '对照基本条件逐项自查，场地、师资、设备基本符合要求，发现 3 个问题，已制定整改措施。',
    items: [
      {
        problem: '实操场地登高架设作业区安全网破损 2 处',
        measure: '更换安全网并建立每周检查记录',
        responsible: '李国平',
        dueOn: addDays(today, 3),
      },
      {
        problem: '部分培训班签到表与人脸考勤记录未逐期归档',
        measure: '按一期一档补齐归档，专人每期核对',
        responsible: '吴芳',
        dueOn: addDays(today, 10),
      },
      {
        problem: '兼职教师 1 人特种作业操作证将于 2027 年 1 月到期',
        measure: '督促按期复审，复审前不安排授课',
        responsible: '吴芳',
        dueOn: addDays(today, 30),
      },
    ],
  });
  const { rows } = (await ctx.db.execute(
    `select id from self_inspection_items where campaign_id = '${campaign.id}' order by position limit 1`,
  )) as unknown as { rows: Array<{ id: string }> };
  await completeMeasure(ctx, a.school, rows[0].id, { note: '已更换安全网，检查记录见附表' });
}

/** SUP-1/SUP-2: Chengdu plans every institution and site; the school's finding is closed, another awaits verification; the site's is open. */
async function seedInspections(ctx: AppContext, a: { city: Actor; school: Actor }): Promise<void> {
  const year = Number(chinaDate(ctx.clock.now()).slice(0, 4));
  await addToInspectionPlan(ctx, a.city, year, { allMissing: true });
  const photo = (
    await sharp({ create: { width: 800, height: 600, channels: 3, background: '#6b7b8c' } })
      .jpeg({ quality: 70 })
      .toBuffer()
  ).toString('base64');
  const today = chinaDate(ctx.clock.now());

  const school = await startInspection(ctx, a.city, { targetKind: 'institution', targetId: a.school.orgId! });
  for (const item of school.checklist) {
    if (item.id !== 'ins.archive' && item.id !== 'ins.attendance')
      await checkItem(ctx, a.city, school.id, item.id, {
        result: item.prefill?.status === 'no_data' ? 'not_applicable' : 'ok',
      });
  }
  const archive = await recordFinding(ctx, a.city, school.id, {
    checklistItemId: 'ins.archive',
    description: '2026 年第 3 期低压电工班缺少教学资料清单和第二周签到表',
    legalBasis: '《安全生产培训管理办法》第十二条；一期一档',
    deadline: addDays(today, 15),
    responsiblePerson: '吴芳',
    photos: [photo],
  });
  const attendance = await recordFinding(ctx, a.city, school.id, {
    checklistItemId: 'ins.attendance',
    description: '现场点名 32 人，签到表 35 人，3 人未到课但已签到',
    legalBasis: 'TRN-2 人脸考勤；《安全生产培训管理办法》第三十六条',
    deadline: addDays(today, 10),
    responsiblePerson: '吴芳',
    photos: [photo],
  });
  await completeInspection(ctx, a.city, school.id);
  await submitRectification(ctx, a.school, archive.id, {
    note: '已补齐教学资料清单，第二周签到表从人脸考勤记录导出归档。',
    photos: [photo],
  });
  await verifyRectification(ctx, a.city, archive.id, { verdict: 'accept', note: '复查资料齐全' });
  await submitRectification(ctx, a.school, attendance.id, {
    note: '3 名学员已按规定补课并扣减学时，对班主任进行了通报批评。',
    photos: [photo],
  });

  const [site] = await listSites(ctx.db, { regionPrefix: '5101', filedOnly: true });
  if (!site) return;
  const exam = await startInspection(ctx, a.city, { targetKind: 'exam_site', targetId: site.id });
  for (const item of exam.checklist)
    if (item.id !== 'site.video') await checkItem(ctx, a.city, exam.id, item.id, { result: 'ok' });
  await recordFinding(ctx, a.city, exam.id, {
    checklistItemId: 'site.video',
    description: '2 号考场 11 月 18 日下午录像缺失约 40 分钟',
    legalBasis: 'EXM-10 考试全过程录像并保存',
    deadline: addDays(today, 20),
    responsiblePerson: '考点主任',
    photos: [photo],
  });
  await completeInspection(ctx, a.city, exam.id);
}

const DAY = 86_400_000;

/** Moves a context's clock to `daysAgo` days before now, so earlier inspections carry their real dates. */
const daysBefore = (ctx: AppContext, daysAgo: number): AppContext => {
  const at = new Date(ctx.clock.now().getTime() - daysAgo * DAY);
  return { ...ctx, clock: { now: () => at } };
};

/**
 * SUP-1 / SUP-2 from data: a Chengdu institution newly filed opens its first class (→ 首期开班检查);
 * more Chengdu employers, and one risk-weighted draw with a recorded seed; the exam site's video
 * finding recurs (its earlier one was closed two months ago) and the builder left a finding past its
 * deadline (→ 回头看 proposals, left for the regulator to plan).
 */
async function seedPlanning(ctx: AppContext, a: { city: Actor; province: Actor }): Promise<void> {
  const year = Number(chinaDate(ctx.clock.now()).slice(0, 4));
  const org = await createOrganisation(ctx, null, {
    kind: 'institution',
    name: '成都天府安泰安全技术培训中心',
    regionCode: '510116',
    creditCode: generateCreditCode('510116', 51_900_001),
  });
  const user = await createUser(ctx, null, {
    username: 'tianfu',
    displayName: '邓婷',
    password: 'Quanlian@2026',
    role: 'institution_admin' as Role,
    orgId: org.id,
  });
  const admin: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: 'institution_admin',
    orgId: org.id,
    orgKind: 'institution',
    orgName: org.name,
    regionCode: org.regionCode,
    workerId: null,
  };
  for (const t of compliantTeachers(['1'])) await addTeacher(ctx, admin, t);
  const filing = await submitFiling(ctx, admin, { scope: ['1.2'], facts: compliantFacts(['1']) });
  await reviewFiling(ctx, a.city, filing.id, { decision: 'approve' });
  await recordFiling(ctx, a.province, filing.id);
  const opened = new Date(ctx.clock.now().getTime() - DAY);
  const first = await openClass({ ...ctx, clock: { now: () => opened } }, admin, {
    itemCode: '1.2',
    name: '低压电工作业第1期',
    opensAt: opened.toISOString(),
  });
  await fileClass(ctx, admin, first.id);
  await deliverEvents(ctx, subscribers);

  // 双随机: a few more employers of Chengdu with a clean record; the builder's ledger carries its risks.
  const names: Array<[string, string]> = [
    ['510104', '成都锦江精工机械制造有限公司'],
    ['510106', '成都金牛城建燃气工程有限公司'],
    ['510108', '成都成华电力设备安装有限公司'],
    ['510112', '成都龙泉汽车零部件有限公司'],
    ['510114', '成都新都化工储运有限公司'],
  ];
  for (const [i, [regionCode, name]] of names.entries())
    await createOrganisation(ctx, null, {
      kind: 'employer',
      name,
      regionCode,
      creditCode: generateCreditCode(regionCode, 51_900_101 + i * 7),
    });
  await drawEmployers(ctx, a.city, year, { count: 2, seed: 20261201 });

  // 回头看: the site's video was found missing two months ago, rectified and closed — and is missing again today.
  const photo = (
    await sharp({ create: { width: 800, height: 600, channels: 3, background: '#7b6b5c' } })
      .jpeg({ quality: 70 })
      .toBuffer()
  ).toString('base64');
  const [site] = await listSites(ctx.db, { regionPrefix: '5101', filedOnly: true });
  if (site) {
    const then = daysBefore(ctx, 60);
    const earlier = await startInspection(then, a.city, { targetKind: 'exam_site', targetId: site.id });
    for (const item of earlier.checklist)
      if (item.id !== 'site.video') await checkItem(then, a.city, earlier.id, item.id, { result: 'ok' });
    const video = await recordFinding(then, a.city, earlier.id, {
      checklistItemId: 'site.video',
      description: '1 号考场 9 月 20 日上午录像未保存',
      legalBasis: 'EXM-10 考试全过程录像并保存',
      deadline: addDays(chinaDate(then.clock.now()), 15),
      responsiblePerson: '考点主任',
      photos: [photo],
    });
    await completeInspection(then, a.city, earlier.id);
    const staff = await findUserByUsername(ctx.db, 'examcentre');
    const centre = staff?.orgId ? await findOrganisation(ctx.db, staff.orgId) : undefined;
    if (staff && centre && centre.id === site.centreOrgId) {
      const centreActor: Actor = {
        userId: staff.id,
        username: staff.username,
        displayName: staff.displayName,
        role: 'exam_centre_staff',
        orgId: centre.id,
        orgKind: 'exam_centre',
        orgName: centre.name,
        regionCode: centre.regionCode,
        workerId: null,
      };
      const rectifiedAt = daysBefore(ctx, 50);
      await submitRectification(rectifiedAt, centreActor, video.id, {
        note: '已更换录像存储硬盘并设置自动备份。',
        photos: [photo],
      });
      await verifyRectification(rectifiedAt, a.city, video.id, { verdict: 'accept', note: '复查录像保存正常' });
    }
  }
  // The builder was found with an unfiled employment 40 days ago; the deadline passed without a rectification.
  const builder = (await listOrganisations(ctx.db, { kind: 'employer', regionPrefix: '510107', page: 1, pageSize: 1 }))
    .items[0];
  if (builder) {
    const then = daysBefore(ctx, 40);
    const check = await startInspection(then, a.city, { targetKind: 'employer', targetId: builder.id });
    for (const item of check.checklist)
      if (item.id !== 'emp.filing') await checkItem(then, a.city, check.id, item.id, { result: 'ok' });
    await recordFinding(then, a.city, check.id, {
      checklistItemId: 'emp.filing',
      description: '2 名电焊工聘用超过 15 日未备案',
      legalBasis: 'EMP-2；《特种作业人员安全技术培训考核管理规定》第三十八条',
      deadline: addDays(chinaDate(then.clock.now()), 20),
      responsiblePerson: '安全科 郑伟',
      photos: [photo],
    });
    await completeInspection(then, a.city, check.id);
  }
}
