// Demo supervision: public reports (SUP-6) at every step of the handling, in Chengdu and Mianyang, and
// a province-wide self-inspection campaign (SUP-5) that one school has answered and one has not, so
// the regulators' 举报处理 and 自查自改 pages and the institutions' 自查报告 show real content; and
// Chengdu's inspection plan (SUP-1) with two inspections whose findings are at each step of 闭环 (SUP-2).
import sharp from 'sharp';
import type { Actor } from '../../src/kernel/access.js';
import type { AppContext } from '../../src/kernel/context.js';
import { addDays, chinaDate } from '../../src/kernel/clock.js';
import { listSites } from '../../src/modules/exams/index.js';
import {
  addToInspectionPlan,
  checkItem,
  completeInspection,
  completeMeasure,
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
    content: '工地上两名焊工没有焊工证，在脚手架上电焊，没有人看护，火花直接落到下面的材料堆上。每天上午 8 点到 11 点都在干。',
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

export async function seedSupervisionDemo(ctx: AppContext, a: { county: Actor; city: Actor; province: Actor; school: Actor }): Promise<void> {
  await seedReports(ctx, a);
  await seedCampaign(ctx, a);
  await seedInspections(ctx, a);
}

async function seedReports(ctx: AppContext, a: { county: Actor; city: Actor }): Promise<void> {
  const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#8a7f70' } }).jpeg({ quality: 70 }).toBuffer();
  const filed: Array<{ trackingCode: string }> = [];
  for (const r of REPORTS) {
    const { photo: withPhoto, ...input } = r;
    filed.push(await fileReport(ctx, { ...input, attachments: withPhoto ? [{ fileName: '现场照片.jpg', data: photo.toString('base64') }] : [] }));
  }
  const idOf = async (trackingCode: string) => {
    const { rows } = (await ctx.db.execute(`select id from public_reports where tracking_code = '${trackingCode}'`)) as unknown as { rows: Array<{ id: string }> };
    return rows[0].id;
  };
  // 武侯区: the fake-certificate advert is being investigated.
  const advert = await idOf(filed[1].trackingCode);
  await handleReport(ctx, a.county, advert, 'accept', {});
  await handleReport(ctx, a.county, advert, 'investigate', { note: '已将证号与广告截图移交公安机关网安部门，同步排查辖区在用该证号人员。' });
  // 锦江区 (handled by the city): the training fraud was true and the reporter rewarded.
  const fraud = await idOf(filed[2].trackingCode);
  await handleReport(ctx, a.city, fraud, 'accept', {});
  await handleReport(ctx, a.city, fraud, 'investigate', { note: '调取该培训点一期一档与签到人脸记录，人脸核验记录与签到表不符。' });
  await handleReport(ctx, a.city, fraud, 'close', { finding: 'substantiated', publicNote: '经查属实：该培训点虚报学时，已责令停止招生并立案查处。感谢您的监督。', note: '对机构处以罚款并暂停培训资格三个月。' });
  await handleReport(ctx, a.city, fraud, 'reward', { rewardYuan: 2000, note: '依据四川省安全生产举报奖励办法' });
  // 龙泉驿区: lifts are not special operations: not taken, with the reason.
  const lift = await idOf(filed[3].trackingCode);
  await handleReport(ctx, a.city, lift, 'reject', { publicNote: '电梯运行维护属于特种设备安全监管范围，不属于特种作业人员监管事项，请向市场监督管理部门（12345）反映。' });
}


/** SUP-5: the province asks every institution for a self-inspection; the Chengdu school has answered. */
async function seedCampaign(ctx: AppContext, a: { province: Actor; school: Actor }): Promise<void> {
  const today = chinaDate(ctx.clock.now());
  const campaign = await openCampaign(ctx, a.province, {
    title: '安全生产培训“走过场”专项整治自查自改',
    description: '对照《安全生产培训机构基本条件》（AQ 8011—2023）逐项自查，列出问题清单，明确整改措施、时限和责任人，立查立改。',
    targetKind: 'institution',
    dueOn: addDays(today, 14),
  });
  await fileSelfInspection(ctx, a.school, campaign.id, {
    summary: '对照基本条件逐项自查，场地、师资、设备基本符合要求，发现 3 个问题，已制定整改措施。',
    items: [
      { problem: '实操场地登高架设作业区安全网破损 2 处', measure: '更换安全网并建立每周检查记录', responsible: '李国平', dueOn: addDays(today, 3) },
      { problem: '部分培训班签到表与人脸考勤记录未逐期归档', measure: '按一期一档补齐归档，专人每期核对', responsible: '吴芳', dueOn: addDays(today, 10) },
      { problem: '兼职教师 1 人特种作业操作证将于 2027 年 1 月到期', measure: '督促按期复审，复审前不安排授课', responsible: '吴芳', dueOn: addDays(today, 30) },
    ],
  });
  const { rows } = (await ctx.db.execute(`select id from self_inspection_items where campaign_id = '${campaign.id}' order by position limit 1`)) as unknown as { rows: Array<{ id: string }> };
  await completeMeasure(ctx, a.school, rows[0].id, { note: '已更换安全网，检查记录见附表' });
}

/** SUP-1/SUP-2: Chengdu plans every institution and site; the school's finding is closed, another awaits verification; the site's is open. */
async function seedInspections(ctx: AppContext, a: { city: Actor; school: Actor }): Promise<void> {
  const year = Number(chinaDate(ctx.clock.now()).slice(0, 4));
  await addToInspectionPlan(ctx, a.city, year, { allMissing: true });
  const photo = (await sharp({ create: { width: 800, height: 600, channels: 3, background: '#6b7b8c' } }).jpeg({ quality: 70 }).toBuffer()).toString('base64');
  const today = chinaDate(ctx.clock.now());

  const school = await startInspection(ctx, a.city, { targetKind: 'institution', targetId: a.school.orgId! });
  for (const item of school.checklist) {
    if (item.id !== 'ins.archive' && item.id !== 'ins.attendance') await checkItem(ctx, a.city, school.id, item.id, { result: item.prefill?.status === 'no_data' ? 'not_applicable' : 'ok' });
  }
  const archive = await recordFinding(ctx, a.city, school.id, { checklistItemId: 'ins.archive', description: '2026 年第 3 期低压电工班缺少教学资料清单和第二周签到表', legalBasis: '《安全生产培训管理办法》第十二条；一期一档', deadline: addDays(today, 15), responsiblePerson: '吴芳', photos: [photo] });
  const attendance = await recordFinding(ctx, a.city, school.id, { checklistItemId: 'ins.attendance', description: '现场点名 32 人，签到表 35 人，3 人未到课但已签到', legalBasis: 'TRN-2 人脸考勤；《安全生产培训管理办法》第三十六条', deadline: addDays(today, 10), responsiblePerson: '吴芳', photos: [photo] });
  await completeInspection(ctx, a.city, school.id);
  await submitRectification(ctx, a.school, archive.id, { note: '已补齐教学资料清单，第二周签到表从人脸考勤记录导出归档。', photos: [photo] });
  await verifyRectification(ctx, a.city, archive.id, { verdict: 'accept', note: '复查资料齐全' });
  await submitRectification(ctx, a.school, attendance.id, { note: '3 名学员已按规定补课并扣减学时，对班主任进行了通报批评。', photos: [photo] });

  const [site] = await listSites(ctx.db, { regionPrefix: '5101', acceptedOnly: true });
  if (!site) return;
  const exam = await startInspection(ctx, a.city, { targetKind: 'exam_site', targetId: site.id });
  for (const item of exam.checklist) if (item.id !== 'site.video') await checkItem(ctx, a.city, exam.id, item.id, { result: 'ok' });
  await recordFinding(ctx, a.city, exam.id, { checklistItemId: 'site.video', description: '2 号考场 11 月 18 日下午录像缺失约 40 分钟', legalBasis: 'EXM-10 考试全过程录像并保存', deadline: addDays(today, 20), responsiblePerson: '考点主任', photos: [photo] });
  await completeInspection(ctx, a.city, exam.id);

}
