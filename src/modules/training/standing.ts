// TRN-5 / TRN-6: whether a person's training entitles them to sit an item's exam — the hours of a
// class of that item met by the ledger (computed from attendance and online credit, never typed in),
// or a regulator-approved direct registration. Exam booking reads this; it never reads our tables.
import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { ledgerOfClass } from './ledger.js';
import { enrolmentsOfWorker, listClasses } from './queries.js';
import { directRegistrations } from './schema.js';

export interface TrainingStanding {
  hoursMet: boolean;
  /** Where the entitlement (or the nearest attempt at one) comes from; null: no class of the item and no direct registration. */
  source: 'class' | 'direct_registration' | null;
  classId?: string;
  className?: string;
  /** When the class opened: a class opened after a failed make-up is the retraining EXM-8 asks for. */
  classOpenedAt?: Date;
  directRegistrationId?: string;
  theoryHours: number;
  practicalHours: number;
  requiredTheoryHours: number;
  requiredPracticalHours: number;
  /** When the hours are not met: what is missing, in Chinese, one entry per unmet syllabus check. */
  missing: string[];
}

export async function trainingStanding(db: Executor, workerId: string, itemCode: string): Promise<TrainingStanding> {
  const [direct] = await db
    .select()
    .from(directRegistrations)
    .where(
      and(
        eq(directRegistrations.workerId, workerId),
        eq(directRegistrations.itemCode, itemCode),
        eq(directRegistrations.status, 'approved'),
      ),
    )
    .orderBy(desc(directRegistrations.reviewedAt))
    .limit(1);
  const enrolments = await enrolmentsOfWorker(db, workerId);
  // Review classes (复审培训, CER-4) never entitle anyone to the certificate exam.
  const classes = (await listClasses(db, { ids: enrolments.map((e) => e.classId) })).filter(
    (c) => c.itemCode === itemCode && c.kind !== 'review',
  );
  // Newest class first (listClasses orders by opening): a met class wins, else the newest shows progress.
  let best: TrainingStanding | null = null;
  for (const row of classes) {
    const ledger = (await ledgerOfClass(db, row)).get(workerId);
    if (!ledger) continue;
    const p = ledger.progress;
    // Seed 000 §8: hours of a class whose archive was found false entitle nobody.
    if (row.archiveFalseAt) {
      best ??= {
        hoursMet: false,
        source: 'class',
        classId: row.id,
        className: row.name,
        theoryHours: p.theoryOffline + p.theoryOnline,
        practicalHours: p.practical,
        requiredTheoryHours: p.syllabusTheory,
        requiredPracticalHours: p.syllabusPractical,
        missing: [`「${row.name}」培训档案经监管部门认定虚假，考试申请已取消，该班学时不能作为报考依据`],
      };
      continue;
    }
    const standing: TrainingStanding = {
      hoursMet: p.met,
      source: 'class',
      classId: row.id,
      className: row.name,
      classOpenedAt: row.opensAt,
      theoryHours: p.theoryOffline + p.theoryOnline,
      practicalHours: p.practical,
      requiredTheoryHours: p.syllabusTheory,
      requiredPracticalHours: p.syllabusPractical,
      missing: p.checks.filter((c) => !c.met).map((c) => `${c.label}（${c.detail}）`),
    };
    if (p.met) return standing;
    best ??= standing;
  }
  // TRN-6: an approved direct registration stands in for the training hours.
  if (direct) {
    return {
      hoursMet: true,
      source: 'direct_registration',
      directRegistrationId: direct.id,
      theoryHours: 0,
      practicalHours: 0,
      requiredTheoryHours: 0,
      requiredPracticalHours: 0,
      missing: [],
    };
  }
  return (
    best ?? {
      hoursMet: false,
      source: null,
      theoryHours: 0,
      practicalHours: 0,
      requiredTheoryHours: 0,
      requiredPracticalHours: 0,
      missing: ['未参加该项目的培训班，也无经审核通过的直接报考申请'],
    }
  );
}

/**
 * CER-4 (Order 30 art. 21): the person's review training (复审培训) for an item — the newest review
 * class of the item whose 8 学时 are met by the ledger (attendance and online credit), or the
 * nearest attempt. The certificates module reads this instead of declared retraining hours.
 */
export async function reviewTrainingStanding(
  db: Executor,
  workerId: string,
  itemCode: string,
): Promise<{
  met: boolean;
  hours: number;
  requiredHours: number;
  classId: string | null;
  className: string | null;
  classOpenedAt: Date | null;
  missing: string[];
}> {
  const enrolments = await enrolmentsOfWorker(db, workerId);
  const classes = (await listClasses(db, { ids: enrolments.map((e) => e.classId) })).filter(
    (c) => c.itemCode === itemCode && c.kind === 'review' && !c.archiveFalseAt,
  );
  let best: Awaited<ReturnType<typeof reviewTrainingStanding>> | null = null;
  for (const row of classes) {
    const p = (await ledgerOfClass(db, row)).get(workerId)?.progress;
    if (!p) continue;
    const standing = {
      met: p.met,
      hours: p.theoryOffline + p.theoryOnline,
      requiredHours: p.syllabusTheory,
      classId: row.id,
      className: row.name,
      classOpenedAt: row.opensAt,
      missing: p.checks.filter((c) => !c.met).map((c) => `${c.label}（${c.detail}）`),
    };
    if (p.met) return standing;
    best ??= standing;
  }
  return (
    best ?? {
      met: false,
      hours: 0,
      requiredHours: 8,
      classId: null,
      className: null,
      classOpenedAt: null,
      missing: ['未参加该项目的复审培训班'],
    }
  );
}
