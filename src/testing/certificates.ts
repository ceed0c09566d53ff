// Certificates for tests of later steps (employers: EMP-1, EMP-3, EMP-4), issued through the real
// path: an exam.passed event, delivered to the certificates module's subscriber, whose issuance task
// the issuing authority of the worker's region approves.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/access.js';
import { FixedClock } from '../kernel/clock.js';
import { deliverEvents, emitEvent } from '../kernel/events.js';
import { approveTask, authorityFor, getCertificate, listTasks } from '../modules/certificates/index.js';
import { findWorkerById } from '../modules/registry/index.js';
import { subscribers } from '../subscribers.js';
import { makeOrg, makeUser, type TestPlatform } from './harness.js';

/** An issuing-authority user of the organisation that issues for `regionCode` (one is made at the city if there is none). */
async function authorityActor(p: TestPlatform, regionCode: string): Promise<Actor> {
  const org =
    (await authorityFor(p.ctx.db, regionCode)) ??
    (await makeOrg(p, { kind: 'regulator', regionCode: `${regionCode.slice(0, 4)}00` }));
  return (await makeUser(p, { role: 'issuing_authority', org: org as Parameters<typeof makeUser>[1]['org'] })).actor;
}

/**
 * Issues the worker a certificate of `itemCode`, approved at `issuedAt` (default: the platform clock),
 * and returns it as the authority reads it (id, number, status, validFrom…).
 */
export async function issueCertificate(
  p: TestPlatform,
  workerId: string,
  itemCode: string,
  opts: { issuedAt?: Date } = {},
) {
  const worker = await findWorkerById(p.ctx.db, workerId);
  if (!worker) throw new Error(`no worker ${workerId}`);
  const at = opts.issuedAt ?? p.clock.now();
  // The authority exists before the pass arrives, or the subscriber has no one to give the task to.
  const actor = await authorityActor(p, worker.regionCode);
  const resultId = randomUUID();
  await p.ctx.db.transaction((tx) =>
    emitEvent(tx, p.clock, {
      type: 'exam.passed',
      payload: {
        resultId,
        workerId,
        itemCode,
        sessionId: randomUUID(),
        passedAt: at.toISOString(),
        regionCode: worker.regionCode,
      },
      regionCode: worker.regionCode,
    }),
  );
  await deliverEvents(p.ctx, subscribers);
  const task = (await listTasks(p.ctx, actor, { status: 'pending', page: 1, pageSize: 200 })).items.find(
    (t) => t.resultId === resultId,
  );
  if (!task) throw new Error(`no issuance task for result ${resultId}`);
  const taskId = task.id;
  const ctx = { ...p.ctx, clock: new FixedClock(at) };
  const { certificateId } = await approveTask(ctx, actor, taskId);
  return { ...(await getCertificate(p.ctx, actor, certificateId)), authority: actor };
}
