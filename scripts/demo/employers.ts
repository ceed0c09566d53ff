// Demo employers (REG-4, EMP-1..5): each keeps a ledger of the people it registered, of every kind
// of employment, with filings in time, due, overdue and late, one who left, people awaiting
// certification, an import of dispatched workers, and an annual training plan. Everyone put on an
// item holds a certificate of it when hired (EMP-1), issued through the real path (exam.passed →
// issuance task → approval); some certificates later fall due for review, expire from review or are
// revoked — what the ledger's alerts and the EMP-4 scan find. One worker is kept after the
// employer's own check said the number does not exist.
import { randomUUID } from 'node:crypto';
import { FixedClock, chinaDate, addDays } from '../../src/kernel/clock.js';
import type { Actor } from '../../src/kernel/access.js';
import type { AppContext } from '../../src/kernel/context.js';
import { deliverEvents, emitEvent } from '../../src/kernel/events.js';
import { generateResidentIdNumber } from '../../src/kernel/ids.js';
import {
  applyForReview,
  approveTask,
  decideReview,
  listTasks,
  revokeCertificate,
} from '../../src/modules/certificates/index.js';
import {
  addPlanLine,
  checkCertificate,
  endEmployment,
  fileEmployment,
  hireWorker,
  proposeUncertifiedCases,
  setEmployerProfile,
  importLedgerInline,
  type EmploymentKind,
} from '../../src/modules/employers/index.js';
import { findWorkerByIdNumberHash } from '../../src/modules/registry/index.js';
import { subscribers } from '../../src/subscribers.js';

const DAY = 86_400_000;

interface Hire {
  kind: EmploymentKind;
  items: string[];
  hiredDaysAgo: number;
  filedDaysAfter?: number;
  provider?: string;
  endedDaysAgo?: number;
  /** Certificates of `items` issued this many days ago (absent: already issued by the certificates demo, or none for no items). */
  certifiedDaysAgo?: number;
  /** CER-4 review approved on the employer's application, 20 days before the review date (→ the 6-year validity runs out next). */
  reviewed?: boolean;
  /** Revoked this many days ago (after hiring): the ledger flags it and EMP-4 proposes a case. */
  revokedDaysAgo?: number;
  /** EMP-1 check before hiring: `valid` is the certificate; `not_found` is a number the platform does not know. */
  check?: 'valid' | 'not_found';
}

// Ordered to match the people each employer registered; the last entries are the cases a regulator looks for.
const BUILDER: Hire[] = [
  // The first three hold the certificates the certificates demo issues them (1.2, 2.1, 3.1).
  { kind: 'own', items: ['1.2'], hiredDaysAgo: 360, filedDaysAfter: 3 },
  { kind: 'own', items: ['2.1'], hiredDaysAgo: 350, filedDaysAfter: 10 },
  { kind: 'own', items: ['3.1'], hiredDaysAgo: 300, filedDaysAfter: 2 },
  {
    kind: 'dispatched',
    items: ['3.1'],
    hiredDaysAgo: 120,
    filedDaysAfter: 14,
    provider: '四川人和劳务派遣有限公司',
    certifiedDaysAgo: 400,
    check: 'valid',
  },
  // Review falls due within 60 days (即将复审).
  {
    kind: 'dispatched',
    items: ['3.1', '3.2'],
    hiredDaysAgo: 90,
    filedDaysAfter: 5,
    provider: '四川人和劳务派遣有限公司',
    certifiedDaysAgo: 1060,
  },
  {
    kind: 'outsourced',
    items: ['2.1'],
    hiredDaysAgo: 60,
    filedDaysAfter: 21,
    provider: '成都永固钢结构工程有限公司',
    certifiedDaysAgo: 200,
    revokedDaysAgo: 20,
  },
  { kind: 'temporary', items: ['1.2'], hiredDaysAgo: 45, filedDaysAfter: 7, endedDaysAgo: 10, certifiedDaysAgo: 100 },
  // Awaiting certification: on the ledger with no item yet (EMP-1).
  { kind: 'own', items: [], hiredDaysAgo: 12 },
  { kind: 'temporary', items: ['3.1'], hiredDaysAgo: 5, certifiedDaysAgo: 30, check: 'valid' },
  // The number this person showed is not on the platform, yet the employer kept them (EMP-4).
  { kind: 'dispatched', items: [], hiredDaysAgo: 20, provider: '四川人和劳务派遣有限公司', check: 'not_found' },
  // Reviewed three years in: the 6-year validity ends within 90 days (90 日内到期).
  {
    kind: 'own',
    items: ['2.1'],
    hiredDaysAgo: 1300,
    filedDaysAfter: 4,
    certifiedDaysAgo: 6 * 365 - 75,
    reviewed: true,
  },
  // Never reviewed: overdue for review since a few days (EMP-4).
  {
    kind: 'outsourced',
    items: ['2.1'],
    hiredDaysAgo: 800,
    filedDaysAfter: 9,
    provider: '成都永固钢结构工程有限公司',
    certifiedDaysAgo: 3 * 365 + 6,
  },
];

const INSTALLER: Hire[] = [
  { kind: 'own', items: ['1.2'], hiredDaysAgo: 500, filedDaysAfter: 6, certifiedDaysAgo: 600 },
  { kind: 'own', items: ['4.1'], hiredDaysAgo: 200, filedDaysAfter: 9, certifiedDaysAgo: 300 },
  {
    kind: 'outsourced',
    items: ['1.2'],
    hiredDaysAgo: 30,
    provider: '绵阳安达电力工程有限公司',
    certifiedDaysAgo: 400,
    check: 'valid',
  },
  { kind: 'temporary', items: [], hiredDaysAgo: 3 },
  // Order 30 art. 32: left 220 days ago; re-hired on 4.1 only after the return-to-work practical exam.
  { kind: 'own', items: ['4.1'], hiredDaysAgo: 700, filedDaysAfter: 5, endedDaysAgo: 220, certifiedDaysAgo: 800 },
];

const at = (ctx: AppContext, when: Date): AppContext => ({ ...ctx, clock: new FixedClock(when) });

/**
 * CER-1: a pass at the Chengdu exam site (county 510107, where the demo's exam centre sits, so the
 * Chengdu authority issues — also for the Mianyang installer's people who sat there), approved a week later.
 */
export async function certify(ctx: AppContext, issuer: Actor, workerId: string, itemCode: string, passedAt: Date) {
  const resultId = randomUUID();
  await ctx.db.transaction((tx) =>
    emitEvent(tx, ctx.clock, {
      type: 'exam.passed',
      payload: {
        resultId,
        workerId,
        itemCode,
        sessionId: randomUUID(),
        passedAt: passedAt.toISOString(),
        regionCode: '510107',
      },
      regionCode: '510107',
    }),
  );
  await deliverEvents(ctx, subscribers);
  const task = (await listTasks(ctx, issuer, { status: 'pending', page: 1, pageSize: 200 })).items.find(
    (t) => t.resultId === resultId,
  );
  if (!task) throw new Error('demo: the Chengdu authority did not receive the issuance task');
  return approveTask(at(ctx, new Date(passedAt.getTime() + 7 * DAY)), issuer, task.id);
}

const REVIEW = {
  healthDeclaration: '县级以上医疗机构体检合格，无妨碍从事特种作业的疾病',
  workRecord: '三年内无违章作业记录，无事故责任',
  retrainingHours: 8,
  retrainingExamPassed: true,
  retrainingEvidence: '复审培训学时证明（8 学时）及考试合格记录',
  tenYearCompliance: false,
};

async function seedLedger(ctx: AppContext, actor: Actor, issuer: Actor, idNumbers: string[], hires: Hire[]) {
  const now = ctx.clock.now();
  for (const [i, h] of hires.entries()) {
    const idNumber = idNumbers[i];
    if (!idNumber) break;
    const worker = await findWorkerByIdNumberHash(ctx.db, ctx.vault.lookupHashes('id_number', idNumber));
    if (!worker) continue;
    const certificates = [];
    if (h.certifiedDaysAgo !== undefined)
      for (const item of h.items)
        certificates.push(
          await certify(ctx, issuer, worker.id, item, new Date(now.getTime() - (h.certifiedDaysAgo + 7) * DAY)),
        );
    const hiredAt = new Date(now.getTime() - h.hiredDaysAgo * DAY);
    const hiredOn = chinaDate(hiredAt);
    // EMP-1: the check before hiring — of the real number, or of a made-up one the platform does not know.
    if (h.check)
      await checkCertificate(at(ctx, new Date(hiredAt.getTime() - DAY)), actor, {
        number: `T${idNumber}`,
        name: worker.name,
      });
    const e = await hireWorker(at(ctx, hiredAt), actor, {
      idNumber,
      kind: h.kind,
      providerName: h.provider,
      itemCodes: h.items,
      hiredOn,
    });
    for (const c of certificates) {
      if (h.reviewed) {
        const dueAt = new Date(now.getTime() - (h.certifiedDaysAgo! - 3 * 365) * DAY);
        const review = await applyForReview(
          at(ctx, new Date(dueAt.getTime() - 20 * DAY)),
          actor,
          c.certificateId,
          REVIEW,
        );
        await decideReview(at(ctx, new Date(dueAt.getTime() - 15 * DAY)), issuer, review.id, {
          approve: true,
          note: '复审合格',
        });
      }
      if (h.revokedDaysAgo !== undefined)
        await revokeCertificate(at(ctx, new Date(now.getTime() - h.revokedDaysAgo * DAY)), issuer, c.certificateId, {
          reason: 'unfit',
          note: '年度体检发现癫痫病史，不适合继续从事电焊作业',
        });
    }
    if (h.filedDaysAfter !== undefined)
      await fileEmployment(at(ctx, new Date(hiredAt.getTime() + h.filedDaysAfter * DAY)), actor, e.id);
    if (h.endedDaysAgo !== undefined) {
      const endedAt = new Date(now.getTime() - h.endedDaysAgo * DAY);
      await endEmployment(at(ctx, endedAt), actor, e.id, {
        endedOn: chinaDate(endedAt),
        reason: h.kind === 'temporary' ? '临时用工期满' : '本人辞职',
      });
    }
  }
}

export async function seedEmployerDemo(
  ctx: AppContext,
  a: { builder: Actor; installer: Actor; issuer: Actor; builderIdNumbers: string[]; installerIdNumbers: string[] },
) {
  // EMP-4: the second party of 一案双罚, as each employer records it.
  await setEmployerProfile(ctx, a.builder, { principalName: '郑国强', principalTitle: '法定代表人、董事长' });
  await setEmployerProfile(ctx, a.installer, { principalName: '孙建平', principalTitle: '总经理（主要负责人）' });
  await seedLedger(ctx, a.builder, a.issuer, a.builderIdNumbers, BUILDER);
  await seedLedger(ctx, a.installer, a.issuer, a.installerIdNumbers, INSTALLER);
  // People the builder registered and who are certified but not yet on its ledger: whom it verifies and hires next (EMP-1).
  for (const [idNumber, item] of [
    [a.builderIdNumbers[BUILDER.length], '2.1'],
    [a.builderIdNumbers[BUILDER.length + 1], '3.1'],
  ] as const) {
    const worker = idNumber
      ? await findWorkerByIdNumberHash(ctx.db, ctx.vault.lookupHashes('id_number', idNumber))
      : null;
    if (worker) await certify(ctx, a.issuer, worker.id, item, new Date(ctx.clock.now().getTime() - 400 * DAY));
  }

  // A labour-dispatch company's team brought in by spreadsheet: people not yet registered are registered
  // by the import, with no item until they are certified (the 3.1 initial training line below is theirs).
  const today = chinaDate(ctx.clock.now());
  const names = ['杨建国', '黄志强', '曾德明', '罗海军', '谢文斌', '唐小龙'];
  const rows = names.map((name, i) =>
    [
      name,
      generateResidentIdNumber('511302', `198${i}-0${i + 3}-1${i}`, 901 + 2 * i),
      '',
      i % 2 ? '初中' : '高中',
      '510107',
      '劳务派遣',
      '四川人和劳务派遣有限公司',
      '',
      addDays(today, -2),
    ].join(','),
  );
  const csv = `姓名,身份证号,手机号,文化程度,所在区县代码,用工形式,派遣或外包单位,作业项目代码,聘用日期\n${rows.join('\n')}\n`;
  await importLedgerInline(ctx, a.builder, {
    fileName: '人和劳务派遣人员名单.csv',
    format: 'csv',
    buffer: Buffer.from(csv),
  });

  const year = Number(today.slice(0, 4));
  for (const [y, item, purpose, headcount, from, to] of [
    [year, '3.1', 'initial', 6, `${year}-03-01`, `${year}-04-30`],
    [year, '2.1', 'review', 3, `${year}-09-01`, `${year}-09-30`],
    [year + 1, '3.1', 'review', 4, `${year + 1}-03-01`, `${year + 1}-03-31`],
    [year + 1, '1.2', 'initial', 2, `${year + 1}-05-01`, `${year + 1}-05-31`],
    [year + 1, '4.1', 'initial', 1, `${year + 1}-06-01`, `${year + 1}-06-30`],
  ] as const) {
    await addPlanLine(ctx, a.builder, {
      year: y,
      itemCode: item,
      purpose,
      headcount,
      plannedFrom: from,
      plannedTo: to,
    });
  }
  // EMP-4: what the daily scan finds in these ledgers.
  await proposeUncertifiedCases(ctx);
}
