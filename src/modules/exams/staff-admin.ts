// EXM-4: keeping the personnel database true — a staff record is edited (duties, employer, training,
// certificates, login) or deactivated, never deleted, so who proctored or scored a past session stays
// traceable; and each session names its chief examiner (主考), who must be a regulator's or exam
// centre's employee (seed 004 §11).
import { and, eq, gte } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { findUserByUsername } from '../accounts/index.js';
import { findSession } from './queries.js';
import { chiefExaminerVerdict } from './rules.js';
import { examSessions, examStaff, type StaffCertificate, type StaffDuty, type StaffTraining } from './schema.js';
import { separationConflicts } from './seams.js';
import { certificateChecks, checkedDuties, presentStaff, type StaffRow } from './staff.js';

export interface StaffChanges {
  name: string;
  duties: StaffDuty[];
  employer: 'exam_centre' | 'regulator' | 'other';
  username?: string | null;
  training: StaffTraining[];
  certificates: StaffCertificate[];
}

function centreOnly(actor: Actor) {
  requirePermission(actor, 'exams.staff');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId) throw forbidden('考务人员库由考试机构维护。');
}

async function loadOwnStaff(ctx: AppContext, actor: Actor, id: string, executor = ctx.db): Promise<StaffRow> {
  const [row] = await executor.select().from(examStaff).where(eq(examStaff.id, id)).for('update');
  // Another centre's record is as good as unknown (SEC-2).
  if (!row || row.centreOrgId !== actor.orgId) throw notFound('考务人员');
  return row;
}

/** Sessions from today on where this person is the chief examiner: what a change of employer or a deactivation would break. */
async function upcomingChiefSessions(ctx: AppContext, executor: Pick<AppContext['db'], 'select'>, staffId: string) {
  return executor
    .select()
    .from(examSessions)
    .where(and(eq(examSessions.chiefExaminerStaffId, staffId), gte(examSessions.date, chinaDate(ctx.clock.now()))));
}

/** EXM-4: edits a record (the ID number identifies the person and is not editable; a wrong one is a new record). */
export async function updateStaff(ctx: AppContext, actor: Actor, id: string, input: StaffChanges) {
  centreOnly(actor);
  const name = input.name.trim();
  if (name.length < 2) throw badRequest('请填写姓名。', [{ field: 'name', message: '必填' }]);
  const duties = await checkedDuties(ctx, input);
  // Left out, the login link stays as it is; null or empty unlinks it.
  let userId: string | null | undefined = input.username === undefined ? undefined : null;
  if (input.username?.trim()) {
    const user = await findUserByUsername(ctx.db, input.username.trim());
    if (!user || user.orgId !== actor.orgId)
      throw badRequest('未找到本考试机构的该登录账户。', [{ field: 'username', message: '须为本机构账户' }]);
    userId = user.id;
  }
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadOwnStaff(ctx, actor, id, tx);
    if (before.deactivatedAt) throw conflict('该人员已停用，记录仅供查阅。', 'EXM-4');
    // EXM-2: an examiner is never also a serving trainer — judged again whenever the examiner duty is kept or added.
    if (duties.includes('examiner')) {
      const { conflicts } = await separationConflicts(tx, {
        kind: 'person',
        idNumberHash: before.idNumberHash,
        duty: 'examiner',
        applicantOrgId: null,
        now,
      });
      if (conflicts.length)
        throw ruleViolation('EXM-2', '违反考培分离', conflicts.map((c) => c.message).join('；'), { conflicts });
    }
    // EXM-4: a chief examiner of a coming session must stay a regulator's or centre's employee.
    const verdict = chiefExaminerVerdict({ name, employer: input.employer, deactivatedAt: null });
    if (!verdict.ok) {
      const sessions = await upcomingChiefSessions(ctx, tx, id);
      if (sessions.length)
        throw ruleViolation(
          'EXM-4',
          '主考须为监管部门或考试机构人员',
          `${verdict.reason}；其担任主考的场次（${sessions.map((s) => s.date).join('、')}）须先更换主考。`,
        );
    }
    const certificates = input.certificates.map((c) => ({
      ...c,
      number: c.number.trim(),
      holderName: c.holderName.trim(),
    }));
    const [after] = await tx
      .update(examStaff)
      .set({
        name,
        duties,
        employer: input.employer,
        userId: userId === undefined ? before.userId : userId,
        training: input.training,
        certificates,
        updatedAt: now,
      })
      .where(eq(examStaff.id, id))
      .returning()
      .catch((err: unknown) => {
        if (isUniqueViolation(err, 'exam_staff_user_id_unique'))
          throw conflict('该登录账户已关联其他考务人员。', 'EXM-4');
        throw err;
      });
    const fields = (r: StaffRow) => ({
      name: r.name,
      duties: r.duties,
      employer: r.employer,
      userId: r.userId,
      training: r.training,
      certificates: r.certificates,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.staff_update',
      entityType: 'exam_staff',
      entityId: id,
      regionCode: before.regionCode,
      before: fields(before),
      after: fields(after),
    });
    return after;
  });
  return presentStaff(row, await certificateChecks(ctx, row, chinaDate(now)));
}

/** EXM-4: removes a person from duty; the record and its history stay. A chief examiner of a coming session is replaced first. */
export async function deactivateStaff(ctx: AppContext, actor: Actor, id: string, input: { reason: string }) {
  centreOnly(actor);
  const reason = input.reason.trim();
  if (reason.length < 2) throw badRequest('请写明停用原因。', [{ field: 'reason', message: '必填' }]);
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const before = await loadOwnStaff(ctx, actor, id, tx);
    if (before.deactivatedAt) throw conflict('该人员已停用。', 'EXM-4');
    const sessions = await upcomingChiefSessions(ctx, tx, id);
    if (sessions.length)
      throw ruleViolation(
        'EXM-4',
        '须先更换主考',
        `「${before.name}」是 ${sessions.map((s) => s.date).join('、')} 场次的主考，请先为这些场次指定其他主考。`,
      );
    const [after] = await tx
      .update(examStaff)
      .set({ deactivatedAt: now, deactivatedReason: reason, updatedAt: now })
      .where(eq(examStaff.id, id))
      .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.staff_deactivate',
      entityType: 'exam_staff',
      entityId: id,
      regionCode: before.regionCode,
      before: { active: true },
      after: { active: false, reason },
    });
    return after;
  });
  return presentStaff(row, await certificateChecks(ctx, row, chinaDate(now)));
}

/** EXM-4 (seed 004 §11): the centre names a session's chief examiner from its personnel database. */
export async function assignChiefExaminer(
  ctx: AppContext,
  actor: Actor,
  sessionId: string,
  input: { staffId: string },
) {
  requirePermission(actor, 'exams.plans');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId) throw forbidden('主考由考试机构指定。');
  return ctx.db.transaction(async (tx) => {
    const session = await findSession(tx, sessionId, true);
    if (!session || session.centreOrgId !== actor.orgId) throw notFound('考试场次');
    const staff = await loadOwnStaff(ctx, actor, input.staffId, tx);
    const verdict = chiefExaminerVerdict(staff);
    if (!verdict.ok) throw ruleViolation('EXM-4', '主考须为监管部门或考试机构人员', `${verdict.reason}。`);
    // SUP-4: a revoked examiner is assigned to nothing.
    if (staff.revokedAt)
      throw ruleViolation(
        'SUP-4',
        '考评员资格已被取消',
        `「${staff.name}」的考评员资格已被取消（${staff.revokedRef ?? '处罚决定'}），不能担任主考。`,
      );
    await tx.update(examSessions).set({ chiefExaminerStaffId: staff.id }).where(eq(examSessions.id, sessionId));
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.chief_examiner',
      entityType: 'exam_session',
      entityId: sessionId,
      regionCode: session.regionCode,
      before: { chiefExaminerStaffId: session.chiefExaminerStaffId },
      after: { chiefExaminerStaffId: staff.id, name: staff.name },
    });
    return { sessionId, chiefExaminerStaffId: staff.id, chiefExaminerName: staff.name };
  });
}
