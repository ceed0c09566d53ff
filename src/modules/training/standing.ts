// TRN-5 / TRN-6: whether a person's training entitles them to sit an item's exam — the hours of a
// class of that item met by the ledger (computed from attendance and online credit, never typed in),
// or a regulator-approved direct registration. Exam booking reads this; it never reads our tables.
// Hours alone are not enough: the class is filed (TRN-1) with a complete archive and a submitted exam
// application naming the person (TRN-5), and the exam is held where the person lives or works and
// within 60 days of the training (Order 30) — `checks` carries these for the booking to show.
import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/index.js';
import { chinaDate } from '../../kernel/clock.js';
import { regionFullName } from '../../kernel/regions.js';
import { findWorkerById } from '../registry/index.js';
import { archiveStatusAt } from './exam.js';
import { ledgerOfClass } from './ledger.js';
import { enrolmentsOfWorker, listClasses, listSessions, type ClassRow } from './queries.js';
import {
  EXAM_WITHIN_DAYS,
  NATIONAL_PLACE_LEVEL,
  PLACE_LEVELS,
  authorityPrefix,
  lastExamDate,
  withinPlace,
  type BookingCheck,
  type PlaceLevel,
} from './rules.js';
import { settingInForce } from '../../kernel/province-settings.js';
import { directRegistrations } from './schema.js';

/**
 * Order 30 (NATIONAL.md): the days within which the exam follows the training and the level at which
 * the place of training or exam is compared with the person's household and work — the province's
 * settings in force on `on` where it set them, else the national values (60 days, the city).
 */
export async function examTimeAndPlace(
  db: Executor,
  regionCode: string,
  on: string,
): Promise<{ withinDays: number; placeLevel: PlaceLevel }> {
  const [days, place] = await Promise.all([
    settingInForce<{ days: number }>(db, { regionCode, kind: 'exam_within_days', on }),
    settingInForce<{ level: PlaceLevel }>(db, { regionCode, kind: 'exam_place_level', on }),
  ]);
  return {
    withinDays: days?.value.days ?? EXAM_WITHIN_DAYS,
    placeLevel: place?.value.level ?? NATIONAL_PLACE_LEVEL,
  };
}

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
  /** The other conditions of booking training answers for (TRN-1, TRN-5, TRN-6, Order 30); empty when there is no source. */
  checks: BookingCheck[];
}

/** The exam being booked, when there is one: its date (YYYY-MM-DD, China) and the region it is held in. */
export interface ExamToBook {
  date: string;
  regionCode: string;
}

export async function trainingStanding(
  db: Executor,
  workerId: string,
  itemCode: string,
  opts: { now?: Date; exam?: ExamToBook } = {},
): Promise<TrainingStanding> {
  const standing = await hoursStanding(db, workerId, itemCode);
  const checks = await bookingChecks(db, workerId, standing, opts.now ?? new Date(), opts.exam);
  // The class row and the registration's dates stay here: the standing is stored with each booking.
  const { row: _row, directSubmittedAt: _s, directReviewedAt: _r, ...shown } = standing;
  return { ...shown, checks };
}

async function hoursStanding(
  db: Executor,
  workerId: string,
  itemCode: string,
): Promise<TrainingStanding & { row?: ClassRow; directSubmittedAt?: Date; directReviewedAt?: Date | null }> {
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
        checks: [],
      };
      continue;
    }
    const standing: TrainingStanding & { row: ClassRow } = {
      row,
      checks: [],
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
      directSubmittedAt: direct.submittedAt,
      directReviewedAt: direct.reviewedAt,
      checks: [],
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
      checks: [],
    }
  );
}

const check = (rule: string, code: string, label: string, passed: boolean, message: string): BookingCheck => ({
  rule,
  code,
  label,
  passed,
  message,
});

/**
 * TRN-1/TRN-5/TRN-6 and Order 30 beyond the hours. Only for a standing whose hours are met (or an
 * approved direct registration): where the hours fail, the hours check already says why.
 */
async function bookingChecks(
  db: Executor,
  workerId: string,
  s: Awaited<ReturnType<typeof hoursStanding>>,
  now: Date,
  exam: ExamToBook | undefined,
): Promise<BookingCheck[]> {
  const out: BookingCheck[] = [];
  let trainingEndedOn: string | null = null;
  if (s.hoursMet && s.source === 'class' && s.row) {
    const row = s.row;
    out.push(
      check(
        'TRN-1',
        'class_filed',
        '培训班已报备',
        !!row.filedAt,
        row.filedAt ? `「${row.name}」已于 ${chinaDate(row.filedAt)} 报备` : `「${row.name}」尚未报备`,
      ),
    );
    const archive = await archiveStatusAt(db, row, now);
    out.push(
      check(
        'TRN-5',
        'archive_complete',
        '培训档案完整（一期一档）',
        archive.complete,
        archive.missing.length ? `「${row.name}」档案缺少：${archive.missing.join('、')}` : `「${row.name}」档案完整`,
      ),
    );
    const app = archive.examApplication;
    const applied = app?.status === 'submitted' && app.workerIds.includes(workerId);
    out.push(
      check(
        'TRN-5',
        'exam_application',
        '培训机构已提交考试申请',
        applied,
        applied
          ? `「${row.name}」考试申请已于 ${chinaDate(app!.submittedAt)} 提交`
          : app?.status === 'cancelled'
            ? `「${row.name}」考试申请已被取消：${app.cancelReason ?? ''}`
            : app
              ? `「${row.name}」的考试申请未包含该学员（学员须先申请考试，机构再提交）`
              : `「${row.name}」尚未提交考试申请：学时达标后由学员申请考试、培训机构提交本班考试申请`,
      ),
    );
    // The trainee's own end of training: their last check-out, else the class's last session.
    const ledger = (await ledgerOfClass(db, row)).get(workerId);
    const outs = (ledger?.attendance ?? []).map((a) => a.checkOutAt).filter((d): d is Date => !!d);
    const sessions = await listSessions(db, row.id);
    const ends = outs.length ? outs : sessions.filter((x) => x.endsAt <= now).map((x) => x.endsAt);
    if (ends.length) trainingEndedOn = chinaDate(new Date(Math.max(...ends.map((d) => d.getTime()))));
  } else if (s.hoursMet && s.source === 'direct_registration') {
    out.push(check('TRN-6', 'exam_application', '直接报考申请已审核通过', true, '直接报考申请已审核通过（TRN-6）'));
    trainingEndedOn = chinaDate(s.directReviewedAt ?? s.directSubmittedAt ?? now);
  } else return out;
  if (!exam) return out;
  // Order 30 (NATIONAL.md "Exams"): the exam within 60 days (or the fewer days the exam's province
  // set, as in force when the training ended); a later session needs a new application.
  if (trainingEndedOn) {
    const { withinDays } = await examTimeAndPlace(db, exam.regionCode, trainingEndedOn);
    const last = lastExamDate(trainingEndedOn, withinDays);
    const ok = exam.date <= last;
    const from = s.source === 'class' ? '培训结束' : '直接报考申请审核通过';
    const basis = withinDays === EXAM_WITHIN_DAYS ? '令第30号' : '令第30号及本省规定';
    out.push(
      check(
        'ORDER30-60D',
        'exam_within_60_days',
        `${from}后 ${withinDays} 日内考试`,
        ok,
        ok
          ? `${from}于 ${trainingEndedOn}，考试日期 ${exam.date} 在 ${withinDays} 日内`
          : `${from}于 ${trainingEndedOn}，考试日期 ${exam.date} 已超过 ${withinDays} 日（最迟 ${last}，${basis}）；请预约更早的场次，或重新培训后申请`,
      ),
    );
  }
  // Order 30 (NATIONAL.md "Who may apply"): the exam where the household is registered or where the
  // person works, compared at the level the exam's province set (national default: the city).
  const person = await findWorkerById(db, workerId);
  if (person) {
    const { placeLevel } = await examTimeAndPlace(db, exam.regionCode, exam.date);
    const ok = withinPlace(exam.regionCode, person, placeLevel);
    const prefix = authorityPrefix(exam.regionCode, placeLevel);
    const place = regionFullName(prefix.padEnd(6, '0')) ?? exam.regionCode;
    out.push(
      check(
        'ORDER30-PLACE',
        'exam_place',
        '在户籍所在地或从业所在地考试',
        ok,
        ok
          ? `考试地${place}为其户籍所在地或从业所在地`
          : `考试地${place}既不是其户籍所在地，也不是从业所在地（令第30号，按${PLACE_LEVELS[placeLevel]}比较）；请在户籍所在地或从业所在地报考`,
      ),
    );
  }
  return out;
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
