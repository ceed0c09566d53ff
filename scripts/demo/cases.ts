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
import { decideCase, getCase, liftSanction, openCase, publishRatings, listCases, actOnCase } from '../../src/modules/supervision/index.js';

export async function seedCasesDemo(ctx: AppContext, a: { city: Actor; school: Actor }): Promise<void> {
  // EMP-4 → SUP-4: the city accepts one of the employer proposals; the event proposes the case.
  const proposals = (await listCaseProposals(ctx, a.city, 'proposed')).items;
  if (proposals[0]) await decideCaseProposal(ctx, a.city, proposals[0].id, { decision: 'accept', note: '现场核实属实，移交立案。' });
  // Seed 000 §9 → SUP-4: a confirmed copying flag proposes the site's suspension; the event proposes a case.
  const { items: flags } = await rankedFlags(ctx, a.city, { status: 'open', pageSize: 200 });
  const copying = flags.find((f) => f.kind === 'answer_similarity');
  if (copying) await decideFlag(ctx, a.city, copying.id, { decision: 'confirm', reason: '调取考场录像，两名考生座位相邻，答题过程中多次交换眼神和手势。', proposeSuspension: true, months: 1 });
  await deliverEvents(ctx, subscribers);
  const employerCase = (await listCases(ctx, a.city, { status: 'proposed' })).items.find((c) => c.source === 'employer');
  if (employerCase) await actOnCase(ctx, a.city, employerCase.id, { action: 'open', note: '证据确凿，予以立案。' });

  const school = await openCase(ctx, a.city, {
    source: 'manual', partyKind: 'institution', partyId: a.school.orgId!, violationCode: 'INS-03',
    facts: '2026 年第 3 期低压电工班培训档案缺少教学资料清单和第二周签到表；现场点名 32 人，签到表 35 人。',
    evidence: [{ label: '现场检查笔录（成都市应急管理局，2026 年 11 月）', ref: '检查笔录 2026-118' }],
  });
  await decideCase(ctx, a.city, school.id, { sanctions: ['warning', 'fine'], fineYuan: 10_000, reasoning: '培训档案不规范、签到不实，情节较轻，已部分整改，依法给予警告并处罚款一万元。' });

  const [site] = await listSites(ctx.db, { regionPrefix: '5101', acceptedOnly: true });
  if (site) {
    const c = await openCase(ctx, a.city, { source: 'manual', partyKind: 'exam_site', partyId: site.id, violationCode: 'EXM-06', facts: '2 号考场 11 月 18 日下午录像缺失约 40 分钟，考前设备检查记录缺失。' });
    const decided = await decideCase(ctx, a.city, c.id, { sanctions: ['rectify', 'suspend'], suspendMonths: 1, reasoning: '考场未全程录像，责令改正并暂停考试业务一个月。' });
    // Rectified and re-inspected: the suspension is lifted so the demo site keeps holding sessions.
    const suspension = (await getCase(ctx, a.city, decided.id)).sanctions.find((s) => s.kind === 'suspend');
    if (suspension) await liftSanction(ctx, a.city, suspension.id, { note: '已更换录像设备并复查合格，提前解除暂停。' });
  }

  await publishRatings(ctx, a.city, Number(chinaDate(ctx.clock.now()).slice(0, 4)));
}
