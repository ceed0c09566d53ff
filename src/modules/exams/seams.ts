// The two seams through which every exam booking and every staffing/site decision passes:
// `candidateEligibility` (TRN-5, REG-3, EXM-8) and `separationConflicts` (EXM-2, 考培分离).
// Both say which checks ran and which could not: a check that did not run is reported as
// `not_checked`, never as passed.
//
// TRN-5 comes from training's `trainingStanding` (class ledger or approved direct registration).
// A class whose archive was found false (seed 000 §8) gives no standing; a class opened after a failed
// make-up whose hours are met clears the EXM-8 retraining bar.
import type { Actor } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../db/index.js';
import { findOrganisation, organisationsByCreditCodes } from '../organisations/index.js';
import { managerRecordsByIdHash, teacherRecordsByIdHash } from '../institutions/index.js';
import { checkEligibility } from '../registry/index.js';
import { trainingStanding, type TrainingStanding } from '../training/index.js';
import { theoryHistory } from './queries.js';
import type { ExamAttempt, SiteStation } from './schema.js';
import { withinSeparationYear } from './rules.js';

export type CheckStatus = 'passed' | 'failed' | 'not_checked';

export interface SeamCheck {
  rule: string;
  code: string;
  label: string;
  status: CheckStatus;
  message: string;
}

/** Why a person sits an exam: to be certified, or to return to work after 6 months away (Order 30 art. 32). */
export type ExamPurpose = 'certification' | 'return_to_work';

export interface CandidateEligibility {
  /** True only when no check failed; `not_checked` entries are listed but cannot be claimed as met. */
  eligible: boolean;
  attempt: ExamAttempt;
  checks: SeamCheck[];
  /** TRN-5: the training behind the hours check, as training reports it (none for a return-to-work exam). */
  training: TrainingStanding | null;
}

/** TRN-5: the hours check from training's standing, naming what is missing when it fails. */
export function hoursCheck(s: TrainingStanding): SeamCheck {
  const base = { rule: 'TRN-5', code: 'hours', label: '培训学时达到大纲要求' };
  if (s.hoursMet && s.source === 'direct_registration')
    return { ...base, status: 'passed', message: '直接报考申请已审核通过（TRN-6），无需培训学时' };
  if (s.hoursMet)
    return {
      ...base,
      status: 'passed',
      message: `「${s.className}」学时已达到大纲要求（理论 ${s.theoryHours}/${s.requiredTheoryHours}，实操 ${s.practicalHours}/${s.requiredPracticalHours} 学时）`,
    };
  const where = s.className ? `「${s.className}」` : '';
  return {
    ...base,
    status: 'failed',
    message: `培训学时未达到大纲要求，不能报考${where ? `（${where}）` : ''}：${s.missing.join('；')}`,
  };
}

/**
 * EXM-8 from the candidate's own theory history for the item: the first attempt; a make-up after a
 * failed first attempt; after a failed make-up, barred until retraining (which training will record).
 */
export function attemptVerdict(
  history: Array<{ attempt: ExamAttempt; passed: boolean | null; submittedAt: Date | null }>,
): { attempt: 'first' | 'makeup'; check: SeamCheck } {
  const last = history.at(-1);
  const rule = 'EXM-8';
  if (last && last.submittedAt === null) {
    return {
      attempt: 'first',
      check: {
        rule,
        code: 'pending',
        label: '无未完成的考试预约',
        status: 'failed',
        message: '该人员已有本项目的考试预约尚未考试，不能重复预约',
      },
    };
  }
  if (last?.passed)
    return {
      attempt: 'first',
      check: {
        rule,
        code: 'passed',
        label: '尚未通过理论考试',
        status: 'failed',
        message: '该人员已通过本项目理论考试，无需再次预约',
      },
    };
  if (last && last.attempt === 'makeup') {
    return {
      attempt: 'makeup',
      check: {
        rule,
        code: 'retrain',
        label: '补考不合格须重新培训',
        status: 'failed',
        message: '补考仍不合格，须重新参加培训后方可再次报考（NATIONAL.md：补考 1 次）',
      },
    };
  }
  if (last)
    return {
      attempt: 'makeup',
      check: { rule, code: 'makeup', label: '补考资格', status: 'passed', message: '首次考试不合格，可补考 1 次' },
    };
  return {
    attempt: 'first',
    check: { rule, code: 'first', label: '首次考试', status: 'passed', message: '首次报考本项目' },
  };
}

/** CER-1: the person's valid certificate of the item, if any, by the platform's register. */
async function validCertificateHeld(ctx: AppContext, db: Executor, workerId: string, itemCode: string, today: string) {
  const held = (await ctx.certificates.heldBy(db, [workerId], today)).get(workerId) ?? [];
  return held.find((c) => c.itemCode === itemCode && c.status === 'valid');
}

/** TRN-5 / REG-3 / EXM-8 / CER-1: whether a person may be booked for an item's exam (on `exam`'s date and place). */
export async function candidateEligibility(
  ctx: AppContext,
  actor: Actor,
  input: {
    workerId: string;
    itemCode: string;
    exam?: { date: string; regionCode: string };
    purpose?: ExamPurpose;
  },
  db: Executor = ctx.db,
): Promise<CandidateEligibility> {
  // REG-3 through the registry (it also enforces that the actor may see this person: SEC-2).
  const applicant = await checkEligibility(ctx, actor, input.workerId, input.itemCode);
  const checks: SeamCheck[] = applicant.checks.map((c) => ({
    rule: c.rule,
    code: c.code,
    label: c.label,
    status: c.passed ? 'passed' : 'failed',
    message: c.message,
  }));
  const today = chinaDate(ctx.clock.now());
  if (input.purpose === 'return_to_work') {
    // Order 30 art. 32: the practical exam again for a holder of the item's valid certificate — no
    // training hours, no attempt count; health and age (REG-3) still apply.
    const held = await validCertificateHeld(ctx, db, input.workerId, input.itemCode, today);
    checks.push({
      rule: 'CER-1',
      code: 'certificate_held',
      label: '持有该作业项目的有效证书',
      status: held ? 'passed' : 'failed',
      message: held
        ? `持有有效证书 ${held.number}，离岗 6 个月以上重新参加实际操作考试`
        : '离岗复考（仅实操）只适用于持有该作业项目有效证书的人员；取证请报考资格考试',
    });
    return { eligible: !checks.some((c) => c.status === 'failed'), attempt: 'return', checks, training: null };
  }
  // A booking of a past session with no paper is a no-show: it neither counts as an attempt nor blocks.
  const history = (await theoryHistory(db, input.workerId, input.itemCode)).filter(
    (h) => h.submittedAt || h.resultPassed !== null || h.date >= today,
  );
  // An attempt is decided by its published result (EXM-8, both parts); before publication a failed
  // theory paper already decides it, and a passed one leaves it pending.
  const outcomes = history.map((h) => {
    if (h.resultPassed !== null)
      return { attempt: h.attempt, passed: h.resultPassed, submittedAt: h.submittedAt ?? new Date(0) };
    if (h.submittedAt && h.passed === false) return { attempt: h.attempt, passed: false, submittedAt: h.submittedAt };
    return { attempt: h.attempt, passed: null, submittedAt: null };
  });
  const verdict = attemptVerdict(outcomes);
  let { attempt, check } = verdict;
  // TRN-5 / TRN-6: the syllabus hours of a class of the item (training's ledger) or an approved direct registration.
  const standing = await trainingStanding(db, input.workerId, input.itemCode, {
    now: ctx.clock.now(),
    exam: input.exam,
  });
  // EXM-8: after a failed make-up the bar lifts once the person has retrained — the hours of a class
  // of the item that opened after that make-up are met — and they start again with a first attempt.
  const failedAt = outcomes.at(-1)?.submittedAt;
  if (
    check.code === 'retrain' &&
    standing.hoursMet &&
    standing.source === 'class' &&
    standing.classOpenedAt &&
    failedAt &&
    standing.classOpenedAt > failedAt
  ) {
    attempt = 'first';
    check = {
      rule: 'EXM-8',
      code: 'retrained',
      label: '补考不合格须重新培训',
      status: 'passed',
      message: `补考不合格后已重新参加「${standing.className}」培训并达到学时要求，可重新报考`,
    };
  }
  // CER-1: a valid certificate of the item already held means no certificate exam — review or replacement instead.
  const held = await validCertificateHeld(ctx, db, input.workerId, input.itemCode, today);
  checks.push({
    rule: 'CER-1',
    code: 'certificate_held',
    label: '未持有该作业项目的有效证书',
    status: held ? 'failed' : 'passed',
    message: held
      ? `已持有该作业项目的有效证书（${held.number}，有效期至 ${held.validUntil}），不能报考资格考试；证书复审请办理复审，遗失或损毁请申请补发`
      : '未持有该作业项目的有效证书',
  });
  checks.push(check);
  checks.push(hoursCheck(standing));
  // TRN-1/TRN-5/TRN-6 and Order 30's place and 60 days, as training answers for them.
  for (const c of standing.checks)
    checks.push({
      rule: c.rule,
      code: c.code,
      label: c.label,
      status: c.passed ? 'passed' : 'failed',
      message: c.message,
    });
  return { eligible: !checks.some((c) => c.status === 'failed'), attempt, checks, training: standing };
}

export type SeparationSubject =
  /** A site's premises and its operator. */
  | { kind: 'site'; operatorOrgId: string | null; stations?: SiteStation[] }
  /**
   * A proctor or examiner acting for a candidate applied by `applicantOrgId`; `idNumberHash` is the
   * person's from the exam centre's personnel database (EXM-4), matched against teacher records.
   */
  | {
      kind: 'staff';
      actor: Actor;
      applicantOrgId: string | null;
      idNumberHash: string | null;
      duty: 'proctor' | 'examiner';
      now: Date;
    }
  /** A person about to be recorded in the personnel database (no login involved yet). */
  | { kind: 'person'; idNumberHash: string; applicantOrgId: string | null; duty: 'proctor' | 'examiner'; now: Date };

/**
 * EXM-2 (考培分离): the conflicts found, each naming the rule; `notChecked` lists what could not be judged.
 * Teachers are matched by ID number (keyed hash), the only identity both sides record reliably: a
 * teacher registered without one cannot be matched and is reported as not checked, never as clear.
 */
export async function separationConflicts(
  db: Executor,
  subject: SeparationSubject,
): Promise<{ conflicts: SeamCheck[]; notChecked: SeamCheck[] }> {
  const conflicts: SeamCheck[] = [];
  const notChecked: SeamCheck[] = [];
  if (subject.kind === 'site') {
    if (subject.operatorOrgId) {
      const operator = await findOrganisation(db, subject.operatorOrgId);
      if (operator?.kind === 'institution') {
        conflicts.push({
          rule: 'EXM-2',
          code: 'site_premises',
          label: '考试场所不属于培训机构',
          status: 'failed',
          message: `考试点场所的运营单位「${operator.name}」是培训机构，违反考培分离`,
        });
      }
    }
    // EXM-2: equipment owned by a training institution (leased or lent to the site) breaks 考培分离 as
    // much as its premises would; equipment with no other owner named is the operator's or the centre's.
    const owned = (subject.stations ?? []).filter((s) => s.ownerCreditCode);
    const owners = await organisationsByCreditCodes(
      db,
      owned.map((s) => s.ownerCreditCode!),
    );
    for (const station of owned) {
      const owner = owners.get(station.ownerCreditCode!);
      if (owner?.kind === 'institution')
        conflicts.push({
          rule: 'EXM-2',
          code: 'site_equipment',
          label: '考试设备不属于培训机构',
          status: 'failed',
          message: `实操设备「${station.name}」的权属单位「${owner.name}」是培训机构，违反考培分离`,
        });
    }
    return { conflicts, notChecked };
  }
  const { applicantOrgId, duty, now } = subject;
  if (subject.kind === 'staff') {
    const { actor } = subject;
    if (actor.orgKind === 'institution') {
      conflicts.push({
        rule: 'EXM-2',
        code: 'staff_institution',
        label: '考务人员不是培训机构人员',
        status: 'failed',
        message: '培训机构的账户不能担任监考或考评',
      });
    }
    if (applicantOrgId && actor.orgId === applicantOrgId) {
      conflicts.push({
        rule: 'EXM-2',
        code: 'staff_own_candidates',
        label: '不考本机构学员',
        status: 'failed',
        message: '考务人员与考生的报名机构为同一单位',
      });
    }
  }
  if (!subject.idNumberHash) {
    notChecked.push({
      rule: 'EXM-2',
      code: 'staff_teacher',
      label: '非该机构现任或一年内的教师',
      status: 'not_checked',
      message: '未核验：该考务人员未登记身份证号',
    });
    return { conflicts, notChecked };
  }
  const records = await teacherRecordsByIdHash(db, subject.idNumberHash);
  const orgName = async (id: string) => (await findOrganisation(db, id))?.name ?? '培训机构';
  // Seed 002 §2: a teacher of the institution now or within the last year never invigilates or examines its candidates.
  const recent = records.filter((r) => r.orgId === applicantOrgId && withinSeparationYear(r.removedAt, now));
  if (recent.length) {
    const r = recent[0];
    const when = r.removedAt ? `一年内（${r.removedAt.toISOString().slice(0, 10)} 离任）曾是` : '现为';
    conflicts.push({
      rule: 'EXM-2',
      code: 'staff_teacher',
      label: '非该机构现任或一年内的教师',
      status: 'failed',
      message: `考务人员${when}考生报名机构「${await orgName(r.orgId)}」的培训教师「${r.name}」，不能担任其学员的${duty === 'examiner' ? '考评' : '监考'}`,
    });
  }
  // Seed 002 §2 / seed 001 §三(三)3: nor does someone who is (or within the last year was) a manager of
  // the institution, as its filings list them with ID numbers (filings without one cannot be matched).
  const managed = (await managerRecordsByIdHash(db, subject.idNumberHash)).filter(
    (m) => m.orgId === applicantOrgId && withinSeparationYear(m.until, now),
  );
  if (managed.length) {
    const m = managed.find((x) => !x.until) ?? managed[0];
    const when = m.until ? `一年内（${m.until.toISOString().slice(0, 10)} 备案变更前）曾是` : '现为';
    conflicts.push({
      rule: 'EXM-2',
      code: 'staff_manager',
      label: '非该机构现任或一年内的管理人员',
      status: 'failed',
      message: `考务人员${when}考生报名机构「${await orgName(m.orgId)}」备案的管理人员「${m.name}」，不能担任其学员的${duty === 'examiner' ? '考评' : '监考'}`,
    });
  }
  // Seed 004 §11: an examiner is never also a trainer — at any institution, while serving as one.
  const serving = records.filter((r) => !r.removedAt);
  if (duty === 'examiner' && serving.length) {
    conflicts.push({
      rule: 'EXM-2',
      code: 'examiner_trainer',
      label: '考评员不兼任培训教师',
      status: 'failed',
      message: `考评员同时是培训机构「${await orgName(serving[0].orgId)}」的在职培训教师，考评员不得兼任培训教师`,
    });
  }
  return { conflicts, notChecked };
}
