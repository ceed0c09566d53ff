// A second province on the same deployment (issue 16): Guizhou beside Sichuan. Its regulators,
// Guiyang's issuing authority, a school and a builder; a few workers with Guiyang certificates; a
// Sichuan certificate holder hired in Guiyang (one national person, one archive, EMP-1 across provinces).
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/kernel/access.js';
import { FixedClock } from '../../src/kernel/clock.js';
import type { AppContext } from '../../src/kernel/context.js';
import { deliverEvents, emitEvent } from '../../src/kernel/events.js';
import { generateResidentIdNumber } from '../../src/kernel/ids.js';
import {
  CHINA_2026_CALENDAR,
  approveTask,
  editCalendar,
  listTasks,
  setAuthoritySettings,
  verifyByNumber,
} from '../../src/modules/certificates/index.js';
import { checkCertificate, hireWorker } from '../../src/modules/employers/index.js';
import { findWorkerByIdNumberHash, registerWorker } from '../../src/modules/registry/index.js';
import { subscribers } from '../../src/subscribers.js';

export interface Province2DemoInput {
  issuer: Actor;
  employer: Actor;
  /** ID numbers of Sichuan workers; the first holding a valid certificate is hired in Guiyang. */
  sichuanIdNumbers: string[];
}

const PEOPLE: Array<[string, string, string, string]> = [
  // name, county, birth date, item
  ['龙启明', '520102', '1981-03-14', '4.1'],
  ['杨秀英', '520103', '1986-07-22', '1.1'],
  ['吴国华', '520102', '1978-11-05', '3.1'],
  ['罗安顺', '520111', '1990-01-30', '4.1'],
  ['潘黔生', '520102', '1993-09-09', '1.2'],
];

export async function seedProvince2Demo(ctx: AppContext, d: Province2DemoInput): Promise<void> {
  await setAuthoritySettings(ctx, d.issuer, { deadlineWorkingDays: 10 });
  await editCalendar(ctx, d.issuer, CHINA_2026_CALENDAR);
  const at = (iso: string) => new Date(`${iso}T02:00:00Z`);
  const workers: Array<{ id: string; idNumber: string; name: string; item: string }> = [];
  for (const [i, [name, county, birthDate, item]] of PEOPLE.entries()) {
    const idNumber = generateResidentIdNumber(county, birthDate, 101 + i * 2 + (name === '杨秀英' ? 1 : 0));
    const w = await registerWorker(ctx, d.employer, { name, idNumber, education: 'senior_high', regionCode: county });
    workers.push({ id: w.id, idNumber, name, item });
  }
  // Passes of earlier sessions, issued by Guiyang's authority at past dates; the last one stays pending.
  const passedOn = ['2024-05-10', '2025-06-18', '2023-12-01', '2026-02-27', '2026-11-16'];
  for (const [i, w] of workers.entries())
    await ctx.db.transaction((tx) =>
      emitEvent(tx, ctx.clock, {
        type: 'exam.passed',
        payload: {
          resultId: randomUUID(),
          workerId: w.id,
          itemCode: w.item,
          sessionId: randomUUID(),
          passedAt: at(passedOn[i]).toISOString(),
          regionCode: '520102',
        },
        regionCode: '520102',
      }),
    );
  await deliverEvents(ctx, subscribers);
  const { items } = await listTasks(ctx, d.issuer, { status: 'pending', page: 1, pageSize: 50 });
  for (const [i, w] of workers.slice(0, 4).entries()) {
    const task = items.find((t) => t.workerId === w.id);
    if (!task) continue;
    const approvedAt = new Date(at(passedOn[i]).getTime() + 7 * 86_400_000);
    await approveTask({ ...ctx, clock: new FixedClock(approvedAt) }, d.issuer, task.id);
  }
  for (const w of workers.slice(0, 4))
    await hireWorker(ctx, d.employer, {
      idNumber: w.idNumber,
      kind: 'own',
      itemCodes: [w.item],
      hiredOn: '2026-11-02',
    });
  // A Sichuan certificate holder comes to work in Guiyang: checked (EMP-1) and hired on the one record.
  for (const idNumber of d.sichuanIdNumbers) {
    const worker = await findWorkerByIdNumberHash(ctx.db, ctx.vault.lookupHashes('id_number', idNumber));
    if (!worker) continue;
    const held = (await ctx.certificates.heldBy(ctx.db, [worker.id], '2026-11-10')).get(worker.id) ?? [];
    const valid = held.find((c) => c.status === 'valid');
    if (!valid) continue;
    await checkCertificate(ctx, d.employer, { number: valid.number, name: worker.name });
    await hireWorker(ctx, d.employer, {
      idNumber,
      kind: 'dispatched',
      providerName: '四川锦城建设工程有限公司',
      itemCodes: [valid.itemCode],
      hiredOn: '2026-11-10',
    }).catch(() => undefined); // still on the Sichuan ledger is fine: two employers may use one person
    break;
  }
  // A few public verifications of Guiyang certificates (ANA-3's traffic for the province).
  for (const w of workers.slice(0, 2))
    await verifyByNumber(ctx, { ip: '203.0.113.52', userAgent: 'demo' }, { number: `T${w.idNumber}`, name: w.name });
}
