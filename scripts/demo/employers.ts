// Demo employers (REG-4, EMP-2, EMP-3, EMP-5): each keeps a ledger of the people it registered, of
// every kind of employment, with filings in time, due, overdue and late, one who left, an import of
// dispatched workers, and an annual training plan.
import { chinaDate, addDays } from '../../src/kernel/clock.js';
import type { Actor } from '../../src/kernel/access.js';
import type { AppContext } from '../../src/kernel/context.js';
import { generateResidentIdNumber } from '../../src/kernel/ids.js';
import { addPlanLine, commitImport, endEmployment, fileEmployment, hireWorker, proposeUncertifiedCases, startImport, type EmploymentKind } from '../../src/modules/employers/index.js';

const DAY = 86_400_000;

interface Hire { kind: EmploymentKind; items: string[]; hiredDaysAgo: number; filedDaysAfter?: number; provider?: string; endedDaysAgo?: number }

// Ordered to match the people each employer registered; the last entries are the cases a regulator looks for.
const BUILDER: Hire[] = [
  // The first three hold the certificates the certificates demo issues them (1.2, 2.1, 3.1).
  { kind: 'own', items: ['1.2'], hiredDaysAgo: 360, filedDaysAfter: 3 },
  { kind: 'own', items: ['2.1'], hiredDaysAgo: 350, filedDaysAfter: 10 },
  { kind: 'own', items: ['3.1'], hiredDaysAgo: 300, filedDaysAfter: 2 },
  { kind: 'dispatched', items: ['3.1'], hiredDaysAgo: 120, filedDaysAfter: 14, provider: '四川人和劳务派遣有限公司' },
  { kind: 'dispatched', items: ['3.1', '3.2'], hiredDaysAgo: 90, filedDaysAfter: 5, provider: '四川人和劳务派遣有限公司' },
  { kind: 'outsourced', items: ['2.1'], hiredDaysAgo: 60, filedDaysAfter: 21, provider: '成都永固钢结构工程有限公司' },
  { kind: 'temporary', items: ['1.2'], hiredDaysAgo: 45, filedDaysAfter: 7, endedDaysAgo: 10 },
  { kind: 'own', items: ['4.1'], hiredDaysAgo: 12 },
  { kind: 'temporary', items: ['3.1'], hiredDaysAgo: 5 },
  { kind: 'dispatched', items: ['3.1'], hiredDaysAgo: 20, provider: '四川人和劳务派遣有限公司' },
  { kind: 'outsourced', items: ['2.1'], hiredDaysAgo: 18, provider: '成都永固钢结构工程有限公司' },
];

const INSTALLER: Hire[] = [
  { kind: 'own', items: ['1.2'], hiredDaysAgo: 500, filedDaysAfter: 6 },
  { kind: 'own', items: ['4.1'], hiredDaysAgo: 200, filedDaysAfter: 9 },
  { kind: 'outsourced', items: ['1.2'], hiredDaysAgo: 30, provider: '绵阳安达电力工程有限公司' },
  { kind: 'temporary', items: ['3.1'], hiredDaysAgo: 3 },
];

const at = (ctx: AppContext, when: Date): AppContext => ({ ...ctx, clock: { now: () => when } });

async function seedLedger(ctx: AppContext, actor: Actor, idNumbers: string[], hires: Hire[]) {
  const now = ctx.clock.now();
  for (const [i, h] of hires.entries()) {
    const idNumber = idNumbers[i];
    if (!idNumber) break;
    const hiredAt = new Date(now.getTime() - h.hiredDaysAgo * DAY);
    const hiredOn = chinaDate(hiredAt);
    const e = await hireWorker(at(ctx, hiredAt), actor, { idNumber, kind: h.kind, providerName: h.provider, itemCodes: h.items, hiredOn });
    if (h.filedDaysAfter !== undefined) await fileEmployment(at(ctx, new Date(hiredAt.getTime() + h.filedDaysAfter * DAY)), actor, e.id);
    if (h.endedDaysAgo !== undefined) {
      const endedAt = new Date(now.getTime() - h.endedDaysAgo * DAY);
      await endEmployment(at(ctx, endedAt), actor, e.id, { endedOn: chinaDate(endedAt), reason: '临时用工期满' });
    }
  }
}

export async function seedEmployerDemo(ctx: AppContext, a: { builder: Actor; installer: Actor; builderIdNumbers: string[]; installerIdNumbers: string[] }) {
  await seedLedger(ctx, a.builder, a.builderIdNumbers, BUILDER);
  await seedLedger(ctx, a.installer, a.installerIdNumbers, INSTALLER);

  // A labour-dispatch company's team brought in by spreadsheet: people not yet registered are registered by the import.
  const today = chinaDate(ctx.clock.now());
  const names = ['杨建国', '黄志强', '曾德明', '罗海军', '谢文斌', '唐小龙'];
  const rows = names.map((name, i) => [name, generateResidentIdNumber('511302', `198${i}-0${i + 3}-1${i}`, 901 + 2 * i), '', i % 2 ? '初中' : '高中', '510107', '劳务派遣', '四川人和劳务派遣有限公司', '3.1', addDays(today, -2)].join(','));
  const csv = `姓名,身份证号,手机号,文化程度,所在区县代码,用工形式,派遣或外包单位,作业项目代码,聘用日期\n${rows.join('\n')}\n`;
  const started = await startImport(ctx, a.builder, { fileName: '人和劳务派遣人员名单.csv', format: 'csv', buffer: Buffer.from(csv) });
  await started.checked;
  await commitImport(ctx, a.builder, started.import.id);

  const year = Number(today.slice(0, 4));
  for (const [y, item, purpose, headcount, from, to] of [
    [year, '3.1', 'initial', 6, `${year}-03-01`, `${year}-04-30`],
    [year, '2.1', 'review', 3, `${year}-09-01`, `${year}-09-30`],
    [year + 1, '3.1', 'review', 4, `${year + 1}-03-01`, `${year + 1}-03-31`],
    [year + 1, '1.2', 'initial', 2, `${year + 1}-05-01`, `${year + 1}-05-31`],
    [year + 1, '4.1', 'initial', 1, `${year + 1}-06-01`, `${year + 1}-06-30`],
  ] as const) {
    await addPlanLine(ctx, a.builder, { year: y, itemCode: item, purpose, headcount, plannedFrom: from, plannedTo: to });
  }
  // EMP-4: what the daily scan finds in these ledgers.
  await proposeUncertifiedCases(ctx);
}
