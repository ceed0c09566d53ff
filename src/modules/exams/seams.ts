// The two seams through which every exam booking and every staffing/site decision passes:
// `candidateEligibility` (TRN-5, REG-3, EXM-8) and `separationConflicts` (EXM-2, 考培分离).
// Both say which checks ran and which could not: a check that did not run is reported as
// `not_checked`, never as passed.
//
// WHEN TRAINING AND INSTITUTIONS LAND (other branch), add here — and nowhere else:
//  - candidateEligibility: TRN-5 "syllabus hours met" from the training hours ledger (replace the
//    `not_checked` entry below with a real check that fails the booking), TRN-5 "class archive not
//    missing/fake" (seed 000 §8), and clearing the EXM-8 retraining bar when the ledger shows
//    retraining completed after the failed make-up.
//  - separationConflicts: institution staff and teachers (now or within the last year, EXM-2) may
//    not proctor or examine that institution's candidates; an examiner is never a trainer; a site's
//    equipment must not belong to an institution (today only the premises' operator is known).
import type { Actor } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../db/index.js';
import { findOrganisation } from '../organisations/index.js';
import { checkEligibility } from '../registry/index.js';
import { theoryHistory } from './queries.js';

export type CheckStatus = 'passed' | 'failed' | 'not_checked';

export interface SeamCheck {
  rule: string;
  code: string;
  label: string;
  status: CheckStatus;
  message: string;
}

export interface CandidateEligibility {
  /** True only when no check failed; `not_checked` entries are listed but cannot be claimed as met. */
  eligible: boolean;
  attempt: 'first' | 'makeup';
  checks: SeamCheck[];
}

/**
 * EXM-8 from the candidate's own theory history for the item: the first attempt; a make-up after a
 * failed first attempt; after a failed make-up, barred until retraining (which training will record).
 */
export function attemptVerdict(history: Array<{ attempt: 'first' | 'makeup'; passed: boolean | null; submittedAt: Date | null }>): { attempt: 'first' | 'makeup'; check: SeamCheck } {
  const last = history.at(-1);
  const rule = 'EXM-8';
  if (last && last.submittedAt === null) {
    return { attempt: 'first', check: { rule, code: 'pending', label: '无未完成的考试预约', status: 'failed', message: '该人员已有本项目的考试预约尚未考试，不能重复预约' } };
  }
  if (last?.passed) return { attempt: 'first', check: { rule, code: 'passed', label: '尚未通过理论考试', status: 'failed', message: '该人员已通过本项目理论考试，无需再次预约' } };
  if (last && last.attempt === 'makeup') {
    return { attempt: 'makeup', check: { rule, code: 'retrain', label: '补考不合格须重新培训', status: 'failed', message: '补考仍不合格，须重新参加培训后方可再次报考（NATIONAL.md：补考 1 次）' } };
  }
  if (last) return { attempt: 'makeup', check: { rule, code: 'makeup', label: '补考资格', status: 'passed', message: '首次考试不合格，可补考 1 次' } };
  return { attempt: 'first', check: { rule, code: 'first', label: '首次考试', status: 'passed', message: '首次报考本项目' } };
}

/** TRN-5 / REG-3 / EXM-8: whether a person may be booked for an item's exam. */
export async function candidateEligibility(ctx: AppContext, actor: Actor, input: { workerId: string; itemCode: string }, db: Executor = ctx.db): Promise<CandidateEligibility> {
  // REG-3 through the registry (it also enforces that the actor may see this person: SEC-2).
  const applicant = await checkEligibility(ctx, actor, input.workerId, input.itemCode);
  const checks: SeamCheck[] = applicant.checks.map((c) => ({ rule: c.rule, code: c.code, label: c.label, status: c.passed ? 'passed' : 'failed', message: c.message }));
  // A booking of a past session with no paper is a no-show: it neither counts as an attempt nor blocks.
  const today = chinaDate(ctx.clock.now());
  const history = (await theoryHistory(db, input.workerId, input.itemCode)).filter((h) => h.submittedAt || h.resultPassed !== null || h.date >= today);
  // An attempt is decided by its published result (EXM-8, both parts); before publication a failed
  // theory paper already decides it, and a passed one leaves it pending.
  const outcomes = history.map((h) => {
    if (h.resultPassed !== null) return { attempt: h.attempt, passed: h.resultPassed, submittedAt: h.submittedAt ?? new Date(0) };
    if (h.submittedAt && h.passed === false) return { attempt: h.attempt, passed: false, submittedAt: h.submittedAt };
    return { attempt: h.attempt, passed: null, submittedAt: null };
  });
  const { attempt, check } = attemptVerdict(outcomes);
  checks.push(check);
  // TRN-5: the hours ledger lives in the training module, which this branch does not have yet.
  checks.push({ rule: 'TRN-5', code: 'hours', label: '培训学时达到大纲要求', status: 'not_checked', message: '未核验：培训学时台账尚未接入平台（培训模块上线后由此自动判定）' });
  return { eligible: !checks.some((c) => c.status === 'failed'), attempt, checks };
}

export type SeparationSubject =
  /** A site's premises and its operator. */
  | { kind: 'site'; operatorOrgId: string | null }
  /** A proctor or examiner acting for a candidate applied by `applicantOrgId`. */
  | { kind: 'staff'; actor: Actor; applicantOrgId: string | null };

/** EXM-2 (考培分离): the conflicts found, each naming the rule; `notChecked` lists what could not be judged yet. */
export async function separationConflicts(db: Executor, subject: SeparationSubject): Promise<{ conflicts: SeamCheck[]; notChecked: SeamCheck[] }> {
  const conflicts: SeamCheck[] = [];
  const notChecked: SeamCheck[] = [];
  if (subject.kind === 'site') {
    if (subject.operatorOrgId) {
      const operator = await findOrganisation(db, subject.operatorOrgId);
      if (operator?.kind === 'institution') {
        conflicts.push({ rule: 'EXM-2', code: 'site_premises', label: '考试场所不属于培训机构', status: 'failed', message: `考试点场所的运营单位「${operator.name}」是培训机构，违反考培分离` });
      }
    }
    notChecked.push({ rule: 'EXM-2', code: 'site_equipment', label: '考试设备不属于培训机构', status: 'not_checked', message: '未核验：设备权属需培训机构备案数据接入后比对' });
    return { conflicts, notChecked };
  }
  const { actor, applicantOrgId } = subject;
  if (actor.orgKind === 'institution') {
    conflicts.push({ rule: 'EXM-2', code: 'staff_institution', label: '考务人员不是培训机构人员', status: 'failed', message: '培训机构的账户不能担任监考或考评' });
  }
  if (applicantOrgId && actor.orgId === applicantOrgId) {
    conflicts.push({ rule: 'EXM-2', code: 'staff_own_candidates', label: '不考本机构学员', status: 'failed', message: '考务人员与考生的报名机构为同一单位' });
  }
  notChecked.push({ rule: 'EXM-2', code: 'staff_teacher', label: '非该机构现任或一年内的教师、员工', status: 'not_checked', message: '未核验：培训机构教师与员工名册尚未接入平台' });
  return { conflicts, notChecked };
}
