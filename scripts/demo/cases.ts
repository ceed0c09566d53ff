// Demo cases and sanctions (SUP-4) and ratings (INS-5): an EMP-4 proposal accepted into a proposed
// case (一案双罚), a confirmed integrity flag's suspension proposal as a proposed case, a case from the Chengdu school's inspection finding decided with a warning and a
// fine, an exam site suspended and then lifted, the integrity proposals turned into proposed cases,
// and the year's ratings published so the public list shows a grade (SUP-7).
import type { Actor } from '../../src/kernel/access.js';
import type { AppContext } from '../../src/kernel/context.js';
import { chinaDate } from '../../src/kernel/clock.js';
import { deliverEvents } from '../../src/kernel/events.js';
import { subscribers } from '../../src/subscribers.js';
import { listSites } from '../../src/modules/exams/index.js';
import { decideCaseProposal, listCaseProposals } from '../../src/modules/employers/index.js';
import { decideFlag, rankedFlags } from '../../src/modules/integrity/index.js';
import {
  decideCase,
  getCase,
  liftSanction,
  openCase,
  publishRatings,
  listCases,
  actOnCase,
  publishCase,
} from '../../src/modules/supervision/index.js';

export async function seedCasesDemo(ctx: AppContext, a: { city: Actor; school: Actor }): Promise<void> {
  // EMP-4 → SUP-4: the city accepts one of the employer proposals; the event proposes the case.
  const proposals = (await listCaseProposals(ctx, a.city, 'proposed')).items;
  if (proposals[0])
    await decideCaseProposal(ctx, a.city, proposals[0].id, { decision: 'accept', note: '现场核实属实，移交立案。' });
  // Seed 000 §9 → SUP-4: a confirmed copying flag proposes the site's suspension; the event proposes a case.
  const { items: flags } = await rankedFlags(ctx, a.city, { status: 'open', pageSize: 200 });
  const copying = flags.find((f) => f.kind === 'answer_similarity');
  if (copying)
    await decideFlag(ctx, a.city, copying.id, {
      decision: 'confirm',
      reason: '调取考场录像，两名考生座位相邻，答题过程中多次交换眼神和手势。',
      proposeSuspension: true,
      months: 1,
    });
  await deliverEvents(ctx, subscribers);
  const employerCase = (await listCases(ctx, a.city, { status: 'proposed' })).items.find(
    (c) => c.source === 'employer',
  );
  if (employerCase) await actOnCase(ctx, a.city, employerCase.id, { action: 'open', note: '证据确凿，予以立案。' });

  const school = await openCase(ctx, a.city, {
    source: 'manual',
    partyKind: 'institution',
    partyId: a.school.orgId!,
    violationCode: 'INS-03',
    facts: '2026 年第 3 期低压电工班培训档案缺少教学资料清单和第二周签到表；现场点名 32 人，签到表 35 人。',
    evidence: [{ label: '现场检查笔录（成都市应急管理局，2026 年 11 月）', ref: '检查笔录 2026-118' }],
  });
  await decideCase(ctx, a.city, school.id, {
    sanctions: ['warning', 'fine'],
    fineYuan: 10_000,
    reasoning: '培训档案不规范、签到不实，情节较轻，已部分整改，依法给予警告并处罚款一万元。',
  });

  const [site] = await listSites(ctx.db, { regionPrefix: '5101', filedOnly: true });
  if (site) {
    const c = await openCase(ctx, a.city, {
      source: 'manual',
      partyKind: 'exam_site',
      partyId: site.id,
      violationCode: 'EXM-06',
      facts: '2 号考场 11 月 18 日下午录像缺失约 40 分钟，考前设备检查记录缺失。',
    });
    const decided = await decideCase(ctx, a.city, c.id, {
      sanctions: ['rectify', 'suspend'],
      suspendMonths: 1,
      reasoning: '考场未全程录像，责令改正并暂停考试业务一个月。',
    });
    // Rectified and re-inspected: the suspension is lifted so the demo site keeps holding sessions.
    const suspension = (await getCase(ctx, a.city, decided.id)).sanctions.find((s) => s.kind === 'suspend');
    if (suspension)
      await liftSanction(ctx, a.city, suspension.id, { note: '已更换录像设备并复查合格，提前解除暂停。' });
  }

  await publishRatings(ctx, a.city, Number(chinaDate(ctx.clock.now()).slice(0, 4)));
}

/**
 * Fines and published penalty decisions (SUP-4, SUP-7, ANA-1): the builder's 一案双罚 case decided
 * with fines on the company and its principal; the Mianyang installer (login fujiang) fined and
 * suspended for three months — its ledger shows the banner and refuses new assignments — and both
 * decisions made public, so /public/penalties and the ANA-1 fines and 公开曝光 figures have content.
 */
export async function seedPublishedPenaltiesDemo(
  ctx: AppContext,
  a: { city: Actor; province: Actor; installer: Actor },
): Promise<void> {
  const builderCase = (await listCases(ctx, a.city, { status: 'open', source: 'employer' })).items[0];
  if (builderCase) {
    // The proposal's ground decides the violation: 一案双罚 (EMP-02/04) fines the principal too; EMP-03 does not.
    const dual = !!builderCase.violation?.principalFine;
    await decideCase(
      ctx,
      a.city,
      builderCase.id,
      dual
        ? {
            sanctions: ['rectify', 'fine'],
            fineYuan: 50_000,
            principalFineYuan: 15_000,
            principalName: builderCase.principalName ?? '郑国强',
            reasoning:
              '使用无有效操作证人员从事特种作业，责令限期改正，对单位罚款五万元，对主要负责人罚款一万五千元（一案双罚）。',
          }
        : {
            sanctions: ['warning', 'fine'],
            fineYuan: 20_000,
            reasoning: '使用伪造的特种作业操作证人员作业，给予警告并处罚款二万元。',
          },
    );
    await publishCase(ctx, a.city, builderCase.id);
  }
  const installer = await openCase(ctx, a.province, {
    source: 'manual',
    partyKind: 'employer',
    partyId: a.installer.orgId!,
    principalName: '孙建平',
    violationCode: 'EMP-04',
    facts: '2026 年 11 月省级“四不两直”暗访：该公司安排 2 名操作证逾期未复审人员从事电工作业，此前已被约谈仍未整改。',
    evidence: [{ label: '暗访检查笔录及现场照片（四川省应急管理厅）', ref: '暗访笔录 2026-031' }],
  });
  await decideCase(ctx, a.province, installer.id, {
    sanctions: ['fine', 'suspend'],
    fineYuan: 30_000,
    principalFineYuan: 10_000,
    suspendMonths: 3,
    reasoning: '使用逾期未复审人员作业且拒不整改，对单位罚款三万元、对主要负责人罚款一万元，责令停产停业整顿三个月。',
  });
  await publishCase(ctx, a.province, installer.id);
}
