// Demo certificates through the real use cases: the Chengdu authority's promise and 2026 calendar,
// passes from earlier exam sessions delivered as exam.passed events, tasks at every state, and
// certificates issued at past dates (valid, near review, review overdue, expired, revoked), a few
// verifications of fake numbers, and the reminders they produce.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/kernel/access.js';
import { FixedClock, chinaDate } from '../../src/kernel/clock.js';
import type { AppContext } from '../../src/kernel/context.js';
import { deliverEvents, emitEvent } from '../../src/kernel/events.js';
import {
  CHINA_2026_CALENDAR,
  approveTask,
  editCalendar,
  listTasks,
  produceReminders,
  returnTask,
  revokeCertificate,
  setAuthoritySettings,
  verifyByNumber,
  flushVerificationTally,
  listCertificates,
} from '../../src/modules/certificates/index.js';
import { findWorkerById, linkWorkerToOrganisation } from '../../src/modules/registry/index.js';
import { subscribers } from '../../src/subscribers.js';

export interface CertificateDemoInput {
  issuer: Actor;
  /** Holds a valid certificate so the worker login shows one. */
  demoWorkerId: string;
  /** Chengdu workers to hold the other certificates and tasks (at least 12). */
  workerIds: string[];
  /** Employer whose registered workers it also employs (EMP-3 sees their certificates). */
  employer: { orgId: string; workerIds: string[] };
}

const DAY = 86_400_000;

/**
 * CER-4 / issue 19 item 11: per item, the holders (positions in `workerIds`) whose certificate comes up
 * for review (复审) within 60 days — the only people the demo's review classes hold: 1.2 for 复审培训第3期,
 * 1.1 (beside the demo worker, whose 1.1 is due too) for the class the trainees rate (ratings.ts).
 */
export const REVIEW_DUE_HOLDERS = { '1.2': [0, 4, 5], '1.1': [6, 8, 9, 10] } as const;

export async function seedCertificateDemo(ctx: AppContext, d: CertificateDemoInput): Promise<void> {
  await setAuthoritySettings(ctx, d.issuer, { deadlineWorkingDays: 15 });
  await editCalendar(ctx, d.issuer, CHINA_2026_CALENDAR);
  const now = ctx.clock.now();
  const at = (iso: string) => new Date(`${iso}T02:00:00Z`);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  const pass = async (workerId: string, itemCode: string, passedAt: Date) => {
    const worker = await findWorkerById(ctx.db, workerId);
    if (!worker) return;
    await ctx.db.transaction((tx) =>
      emitEvent(tx, ctx.clock, {
        type: 'exam.passed',
        payload: {
          resultId: randomUUID(),
          workerId,
          itemCode,
          sessionId: randomUUID(),
          passedAt: passedAt.toISOString(),
          regionCode: worker.regionCode,
        },
        regionCode: worker.regionCode,
      }),
    );
  };
  const [w, e] = [d.workerIds, d.employer.workerIds];
  // Issued at a past date: [worker, item, passed, approved].
  const issued: Array<[string, string, Date, Date]> = [
    // The demo worker holds no certificate of the items they train for or are booked in (1.2 today, 2.1
    // by direct registration: CER-1, a holder has no first attempt to take). Issue 22: their older 1.1
    // certificate comes up for review (复审) in about a month, so 我的证书 on their phone shows the due
    // date and 申请复审 is open (60 days before, CER-4).
    [d.demoWorkerId, '1.1', ago(3 * 365 - 26), ago(3 * 365 - 33)],
    // And a recent one of an item they neither train for nor booked (登高架设): the certificate journey
    // shows its QR and revokes it, leaving the 1.1 certificate to the review journey.
    [d.demoWorkerId, '3.1', ago(20), ago(12)],
    [w[0], '1.2', at('2023-12-08'), at('2023-12-15')], // review due within 60 days
    [w[1], '2.1', at('2023-08-25'), at('2023-09-01')], // review overdue
    [w[2], '1.2', at('2020-09-28'), at('2020-10-10')], // expired
    [w[3], '3.1', at('2025-04-20'), at('2025-05-06')], // to be revoked
    [w[4], '1.1', at('2025-10-09'), at('2025-10-20')],
    [w[4], '1.2', at('2023-11-30'), at('2023-12-11')], // review due within 60 days (REVIEW_DUE_HOLDERS)
    [w[5], '2.1', at('2026-03-02'), at('2026-03-10')],
    [w[5], '1.2', at('2023-12-18'), at('2023-12-28')], // review due within 60 days (REVIEW_DUE_HOLDERS)
    [w[6], '4.1', at('2024-06-03'), at('2024-06-12')],
    // Due for review within 60 days (REVIEW_DUE_HOLDERS): 1.1, the rated review class's trainees.
    [w[6], '1.1', at('2023-12-12'), at('2023-12-20')],
    [w[8], '1.1', at('2023-12-26'), at('2024-01-05')],
    [w[9], '1.1', at('2024-01-03'), at('2024-01-12')],
    [w[10], '1.1', at('2024-01-11'), at('2024-01-19')],
    ...e
      .slice(0, 3)
      .map((id, i): [string, string, Date, Date] => [id, ['1.2', '2.1', '3.1'][i], at('2025-11-03'), at('2025-11-12')]),
  ];
  for (const [workerId, item, passedAt] of issued) await pass(workerId, item, passedAt);
  // Tasks left open: pending (recent), overdue (passed before the National Day holiday), returned.
  await pass(w[7], '1.2', ago(3));
  await pass(w[8], '2.1', ago(6));
  await pass(w[9], '1.2', at('2026-09-29'));
  await pass(w[10], '3.1', at('2026-10-20'));
  await pass(w[11], '1.2', ago(9));
  await deliverEvents(ctx, subscribers);

  const { items } = await listTasks(ctx, d.issuer, { page: 1, pageSize: 200 });
  for (const [workerId, item, , approvedAt] of issued) {
    const task = items.find((t) => t.workerId === workerId && t.itemCode === item && t.status === 'pending');
    if (!task) continue;
    const issued = await approveTask({ ...ctx, clock: new FixedClock(approvedAt) }, d.issuer, task.id);
    if (workerId === w[3])
      await revokeCertificate({ ...ctx, clock: new FixedClock(at('2026-08-18')) }, d.issuer, issued.certificateId, {
        reason: 'false_info',
        note: '学历证明经核查系伪造',
      });
  }
  const returned = items.find((t) => t.workerId === w[11]);
  if (returned)
    await returnTask(ctx, d.issuer, returned.id, '体检证明已过期（超过 6 个月），请补交近期县级以上医疗机构体检证明。');
  for (const id of e.slice(0, 3))
    await linkWorkerToOrganisation(ctx.db, {
      workerId: id,
      orgId: d.employer.orgId,
      relation: 'employee',
      since: at('2025-11-20'),
    });

  // CER-5: a few verifications that find nothing, from a site manager's phone and a scripted source.
  const phone = {
    ip: '117.172.23.41',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) MicroMessenger/8.0.50',
  };
  const script = { ip: '61.139.2.69', userAgent: 'python-requests/2.32.3' };
  await verifyByNumber(ctx, phone, { number: 'T510104198803120518', name: '王强' });
  await verifyByNumber(ctx, phone, { number: 'T510104198803120518', name: '王强' });
  for (let i = 0; i < 6; i++)
    await verifyByNumber(ctx, script, { number: `T51010719900101${String(1000 + i * 37).slice(0, 4)}`, name: '李伟' });
  await verifyByNumber(
    ctx,
    { ip: '182.150.11.8', userAgent: 'Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile' },
    { number: 'T440106198512123456', name: '陈刚' },
  );
  // ANA-3: employers checking the issued certificates over the last two weeks (found answers are tallied, then flushed).
  const found = (await listCertificates(ctx, d.issuer, { page: 1, pageSize: 12 })).items;
  const site = { ip: '171.217.90.14', userAgent: 'Mozilla/5.0 (Linux; Android 13) MicroMessenger/8.0.49' };
  for (let day = 13; day >= 0; day--) {
    const dayCtx = { ...ctx, clock: new FixedClock(new Date(now.getTime() - day * 86_400_000)) };
    for (const [i, c] of found.entries())
      if ((i + day) % 3 !== 0) await verifyByNumber(dayCtx, site, { number: c.number, name: c.holderName });
  }
  await flushVerificationTally(ctx.db);

  await produceReminders(ctx, chinaDate(now));
}
