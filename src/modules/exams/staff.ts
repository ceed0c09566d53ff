// EXM-4: the exam centre's personnel database of proctors and examiners — who they are (ID number
// kept like registry workers'), their training record and certificates. Nobody acts at the door or
// on a scoring sheet without a record here; an examiner scores only items of a category whose
// certificate they declared and the platform does not contradict (INS-4). The record's ID number is
// also what EXM-2 (考培分离) matches against institutions' teachers.
import { and, asc, eq } from 'drizzle-orm';
import { isUniqueViolation, type Executor } from '../../db/index.js';
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { checkDeclaredCertificate, type PlatformCheck } from '../../kernel/certificate-check.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { maskIdNumber, parseResidentIdNumber } from '../../kernel/ids.js';
import { badRequest, conflict, forbidden, ruleViolation } from '../../kernel/problem.js';
import { findUserByUsername } from '../accounts/index.js';
import { getCatalogue } from '../catalog/index.js';
import { examStaff, type StaffCertificate, type StaffDuty, type StaffTraining } from './schema.js';
import { separationConflicts } from './seams.js';

export type StaffRow = typeof examStaff.$inferSelect;

export const DUTY_LABELS: Record<StaffDuty, string> = { proctor: '监考员', examiner: '考评员' };
export const EMPLOYER_LABELS: Record<string, string> = {
  exam_centre: '考试机构',
  regulator: '应急管理部门',
  other: '其他单位（外聘）',
};

const categoryOf = (itemCode: string) => itemCode.split('.')[0];

export interface NewStaff {
  name: string;
  idNumber: string;
  duties: StaffDuty[];
  employer: 'exam_centre' | 'regulator' | 'other';
  /** The login this person acts with (an account of this centre). */
  username?: string | null;
  training: StaffTraining[];
  certificates: StaffCertificate[];
}

export async function findStaffByUser(db: Executor, userId: string): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(examStaff).where(eq(examStaff.userId, userId));
  return row;
}

/** EXM-4: each declared certificate as the platform's register sees it, per category it covers. */
export async function certificateChecks(ctx: AppContext, row: Pick<StaffRow, 'certificates'>, onDate: string) {
  return Promise.all(
    row.certificates.map(async (c) => {
      const categories = [...new Set(c.itemCodes.map(categoryOf))];
      const checks = await Promise.all(
        categories.map(async (categoryCode) => ({
          categoryCode,
          ...(await checkDeclaredCertificate(ctx.certificates, ctx.db, {
            number: c.number,
            holderName: c.holderName,
            categoryCode,
            onDate,
          })),
        })),
      );
      return { ...c, checks };
    }),
  );
}

/** EXM-4: may this person examine `itemCode`? A declared certificate of its category that the platform does not refuse. */
export function examinerQualification(
  itemCode: string,
  certs: Array<StaffCertificate & { checks: Array<PlatformCheck & { categoryCode: string }> }>,
): { ok: true; label: string } | { ok: false; reason: string } {
  const category = categoryOf(itemCode);
  const forCategory = certs.filter((c) => c.itemCodes.some((i) => categoryOf(i) === category));
  if (!forCategory.length)
    return { ok: false, reason: `未登记 ${itemCode} 所属作业类别的特种作业操作证，不能担任该项目考评员` };
  const usable = forCategory
    .map((c) => ({ c, check: c.checks.find((k) => k.categoryCode === category)! }))
    .filter((x) => !x.check.refused);
  if (!usable.length)
    return {
      ok: false,
      reason: `登记的证书 ${forCategory.map((c) => `${c.number}（${c.checks.find((k) => k.categoryCode === category)!.label}）`).join('、')} 经平台核验不可用`,
    };
  return { ok: true, label: `${usable[0].c.number}（${usable[0].check.label}）` };
}

export function presentStaff(row: StaffRow, certs: Awaited<ReturnType<typeof certificateChecks>>) {
  return {
    id: row.id,
    name: row.name,
    idNumberMasked: row.idNumberMasked,
    userId: row.userId,
    duties: row.duties,
    dutyLabels: row.duties.map((d) => DUTY_LABELS[d]),
    employer: row.employer,
    employerLabel: EMPLOYER_LABELS[row.employer] ?? row.employer,
    training: row.training,
    certificates: certs.map((c) => ({
      ...c,
      checks: c.checks.map((k) => ({
        categoryCode: k.categoryCode,
        status: k.status,
        label: k.label,
        refused: k.refused,
      })),
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    active: !row.deactivatedAt,
    deactivatedAt: row.deactivatedAt,
    deactivatedReason: row.deactivatedReason,
  };
}

export async function listStaff(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'exams.staff');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId) throw forbidden('考务人员库由考试机构维护。');
  const rows = await ctx.db
    .select()
    .from(examStaff)
    .where(eq(examStaff.centreOrgId, actor.orgId))
    .orderBy(asc(examStaff.createdAt));
  const on = chinaDate(ctx.clock.now());
  return { items: await Promise.all(rows.map(async (r) => presentStaff(r, await certificateChecks(ctx, r, on)))) };
}

/** A staff record's duties (deduplicated, at least one), its certificates' items checked against the catalogue (EXM-4). */
export async function checkedDuties(
  ctx: AppContext,
  input: { duties: StaffDuty[]; certificates: Array<{ itemCodes: string[] }> },
): Promise<StaffDuty[]> {
  const duties = [...new Set(input.duties)];
  if (!duties.length) throw badRequest('请选择监考或考评职责。', [{ field: 'duties', message: '必填' }]);
  const { categories } = await getCatalogue(ctx);
  const known = new Set(categories.flatMap((c) => c.items.map((i) => i.code)));
  const unknown = input.certificates.flatMap((c) => c.itemCodes).filter((code) => !known.has(code));
  if (unknown.length)
    throw badRequest(`作业项目 ${[...new Set(unknown)].join('、')} 不在特种作业目录中。`, [
      { field: 'certificates', message: '未知的作业项目' },
    ]);
  return duties;
}

/** EXM-4: the centre records a proctor or examiner; an examiner who is a serving trainer is refused (EXM-2). */
export async function registerStaff(ctx: AppContext, actor: Actor, input: NewStaff) {
  requirePermission(actor, 'exams.staff');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId) throw forbidden('考务人员库由考试机构维护。');
  const name = input.name.trim();
  if (name.length < 2) throw badRequest('请填写姓名。', [{ field: 'name', message: '必填' }]);
  const parsed = parseResidentIdNumber(input.idNumber, { today: ctx.clock.now() }); // REG-2
  if (!parsed.ok) throw badRequest(parsed.message, [{ field: 'idNumber', message: parsed.message }]);
  const duties = await checkedDuties(ctx, input);
  let userId: string | null = null;
  if (input.username?.trim()) {
    const user = await findUserByUsername(ctx.db, input.username.trim());
    // Only this centre's own logins: another organisation's account is as good as unknown (SEC-2).
    if (!user || user.orgId !== actor.orgId)
      throw badRequest('未找到本考试机构的该登录账户。', [{ field: 'username', message: '须为本机构账户' }]);
    userId = user.id;
  }
  const idNumberHash = ctx.vault.lookupHash('id_number', parsed.idNumber);
  const now = ctx.clock.now();
  if (duties.includes('examiner')) {
    const { conflicts } = await separationConflicts(ctx.db, {
      kind: 'person',
      idNumberHash,
      duty: 'examiner',
      applicantOrgId: null,
      now,
    });
    if (conflicts.length)
      throw ruleViolation('EXM-2', '违反考培分离', conflicts.map((c) => c.message).join('；'), { conflicts });
  }
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(examStaff)
      .values({
        centreOrgId: actor.orgId!,
        regionCode: actor.regionCode ?? '',
        userId,
        name,
        idNumberHash,
        idNumberSealed: ctx.vault.seal(parsed.idNumber),
        idNumberMasked: maskIdNumber(parsed.idNumber),
        duties,
        employer: input.employer,
        training: input.training,
        certificates: input.certificates.map((c) => ({
          ...c,
          number: c.number.trim(),
          holderName: c.holderName.trim(),
        })),
        createdAt: now,
      })
      .returning()
      .catch((err: unknown) => {
        if (isUniqueViolation(err, 'exam_staff_centre_person_unique'))
          throw conflict('该人员已在本机构考务人员库中。', 'EXM-4');
        if (isUniqueViolation(err, 'exam_staff_user_id_unique'))
          throw conflict('该登录账户已关联其他考务人员。', 'EXM-4');
        throw err;
      });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.staff_register',
      entityType: 'exam_staff',
      entityId: inserted.id,
      regionCode: inserted.regionCode,
      after: {
        name,
        idNumber: inserted.idNumberMasked,
        duties,
        employer: input.employer,
        userId,
        training: input.training,
        certificates: inserted.certificates,
      },
    });
    return inserted;
  });
  return presentStaff(row, await certificateChecks(ctx, row, chinaDate(now)));
}

/**
 * EXM-4 then EXM-2, before anyone acts for a candidate: the acting login must be in the centre's
 * personnel database with the duty; an examiner must hold the item's category certificate; and the
 * person must not be (or have been within a year) a teacher of the candidate's institution, nor an
 * examiner who is also a serving trainer.
 */
export async function requireStaffFor(
  ctx: AppContext,
  actor: Actor,
  duty: StaffDuty | 'door',
  booking: { applicantOrgId: string | null },
  itemCode: string,
) {
  const staff = await findStaffByUser(ctx.db, actor.userId);
  if (!staff || staff.centreOrgId !== actor.orgId)
    throw ruleViolation('EXM-4', '未登记考务人员库', '该账户未登记在本考试机构的考务人员库中，不能担任监考或考评。');
  // SUP-4: a revoked examiner cannot act in any session.
  if (staff.revokedAt)
    throw ruleViolation(
      'SUP-4',
      '考评员资格已被取消',
      `「${staff.name}」的考评员资格已被取消（${staff.revokedRef ?? '处罚决定'}），不能担任监考或考评。`,
    );
  if (staff.deactivatedAt)
    throw ruleViolation(
      'EXM-4',
      '考务人员已停用',
      `「${staff.name}」已于 ${chinaDate(staff.deactivatedAt)} 从考务人员库停用，不能担任监考或考评。`,
    );
  // At the door either duty serves; the scoring sheet needs an examiner.
  if (duty !== 'door' && !staff.duties.includes(duty))
    throw ruleViolation('EXM-4', '无相应考务职责', `「${staff.name}」在考务人员库中不是${DUTY_LABELS[duty]}。`);
  if (duty === 'examiner') {
    const verdict = examinerQualification(itemCode, await certificateChecks(ctx, staff, chinaDate(ctx.clock.now())));
    if (!verdict.ok)
      throw ruleViolation('EXM-4', '考评员不具备该类别证书', `「${staff.name}」${verdict.reason}（INS-4）。`);
  }
  const { conflicts } = await separationConflicts(ctx.db, {
    kind: 'staff',
    actor,
    applicantOrgId: booking.applicantOrgId,
    idNumberHash: staff.idNumberHash,
    duty: duty === 'examiner' ? 'examiner' : 'proctor',
    now: ctx.clock.now(),
  });
  if (conflicts.length)
    throw ruleViolation('EXM-2', '违反考培分离', conflicts.map((c) => c.message).join('；'), { conflicts });
  return staff;
}

export async function staffOfCentre(db: Executor, centreOrgId: string) {
  return db
    .select()
    .from(examStaff)
    .where(and(eq(examStaff.centreOrgId, centreOrgId)));
}
