// Issue 19 item 4: each role's 工作台 opens on its to-do queues. The queues are each module's own
// named query (exported by its index.ts); this module only picks them for the viewer's role and
// scope — the viewer's jurisdiction for a regulator, its organisation otherwise (SEC-2).
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Queue, Workbench, WorkbenchBanner } from '../../shared/workbench.js';
import { getCatalogue } from '../catalog/index.js';
import { holderCertificateQueue, issuanceQueue } from '../certificates/index.js';
import { certificateRiskQueue, employerBanner, filingDueQueue } from '../employers/index.js';
import {
  candidateQueue,
  examinerSheetQueue,
  myExamQueue,
  sessionsAheadQueue,
  siteApplicationQueue,
  centreApplicationQueue,
} from '../exams/index.js';
import { filingReviewQueue } from '../institutions/index.js';
import { openFlagQueue } from '../integrity/index.js';
import { nextLessonQueue } from '../learning/index.js';
import { applicationQueue } from '../onboarding/index.js';
import { findingQueue, reportQueue } from '../supervision/index.js';
import { classFilingQueue, returnedApplicationQueue } from '../training/index.js';

const NO_ORG = '00000000-0000-0000-0000-000000000000';

async function queuesFor(ctx: AppContext, actor: Actor, today: string): Promise<Queue[]> {
  const db = ctx.db;
  const now = ctx.clock.now();
  const orgId = actor.orgId ?? NO_ORG;
  const prefix = jurisdictionPrefix(actor);
  switch (actor.role) {
    case 'issuing_authority':
    case 'province_regulator':
    case 'city_regulator':
    case 'county_regulator': {
      if (!prefix) return [];
      const regionPrefix = prefix;
      return Promise.all([
        ...(actor.role === 'issuing_authority' ? [issuanceQueue(db, { scope: { authorityOrgId: orgId }, today })] : []),
        openFlagQueue(db, { scope: { regionPrefix }, today }),
        ...(actor.role === 'city_regulator'
          ? [
              filingReviewQueue(db, { regionPrefix, step: 'review', today }),
              siteApplicationQueue(db, { regionPrefix, step: 'review', today }),
              centreApplicationQueue(db, { regionPrefix, step: 'review', today }),
            ]
          : actor.role === 'province_regulator'
            ? [
                filingReviewQueue(db, { regionPrefix, step: 'record', today }),
                siteApplicationQueue(db, { regionPrefix, step: 'file', today }),
                centreApplicationQueue(db, { regionPrefix, step: 'file', today }),
              ]
            : []),
        classFilingQueue(db, { scope: { regionPrefix }, now }),
        findingQueue(db, { scope: { regionPrefix }, today }),
        reportQueue(db, { handlingOrgId: orgId, today }),
        ...(actor.role === 'city_regulator' || actor.role === 'province_regulator'
          ? [applicationQueue(db, { regionPrefix, today })]
          : []),
      ]);
    }
    case 'institution_admin':
      return Promise.all([
        classFilingQueue(db, { scope: { orgId }, now }),
        findingQueue(db, { scope: { responsibleOrgId: orgId }, today }),
        returnedApplicationQueue(db, { orgId, today }),
      ]);
    case 'exam_centre_staff':
      return Promise.all([
        sessionsAheadQueue(db, { centreOrgId: orgId, today }),
        candidateQueue(db, { centreOrgId: orgId, today, step: 'door' }),
        candidateQueue(db, { centreOrgId: orgId, today, step: 'publish' }),
        openFlagQueue(db, { scope: { centreOrgId: orgId }, today }),
        findingQueue(db, { scope: { responsibleOrgId: orgId }, today }),
      ]);
    case 'examiner':
      return Promise.all([
        examinerSheetQueue(db, { centreOrgId: orgId, examinerUserId: actor.userId, today }),
        sessionsAheadQueue(db, { centreOrgId: orgId, today }),
      ]);
    case 'employer_admin':
      return Promise.all([
        certificateRiskQueue(ctx, { employerOrgId: orgId, today }),
        filingDueQueue(db, { employerOrgId: orgId, today }),
        findingQueue(db, { scope: { responsibleOrgId: orgId }, today }),
      ]);
    case 'worker':
      if (!actor.workerId) return [];
      return Promise.all([
        nextLessonQueue(ctx, actor),
        myExamQueue(db, { workerId: actor.workerId, today }),
        holderCertificateQueue(db, { workerId: actor.workerId, today }),
      ]);
    default:
      return [];
  }
}

/** GET /api/workbench: the viewer's queues, overdue and oldest first, with the item names filled in. */
export async function workbenchOf(ctx: AppContext, actor: Actor): Promise<Workbench> {
  requirePermission(actor, 'dashboard');
  const today = chinaDate(ctx.clock.now());
  const [queues, banner] = await Promise.all([
    queuesFor(ctx, actor, today),
    actor.role === 'employer_admin' && actor.orgId
      ? employerBanner(ctx.db, { employerOrgId: actor.orgId, today })
      : Promise.resolve(null),
  ]);
  const banners: WorkbenchBanner[] = banner ? [banner] : [];
  if (queues.some((q) => q.items.some((i) => i.itemCode))) {
    const names = new Map(
      (await getCatalogue(ctx)).categories.flatMap((c) => c.items.map((i) => [i.code, i.name] as const)),
    );
    for (const q of queues)
      for (const i of q.items)
        if (i.itemCode) {
          const name = names.get(i.itemCode) ?? i.itemCode;
          i.detail = i.detail ? `${name} · ${i.detail}` : name;
        }
  }
  return { role: actor.role, today, banners, queues };
}
