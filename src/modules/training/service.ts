// Use cases of training classes: open within the filed scope (INS-6), file within 48 h (TRN-1),
// enrol trainees from the registry, schedule sessions (TRN-4), and what each party sees.
import { chinaDate } from '../../kernel/clock.js';
import { settingInForce } from '../../kernel/province-settings.js';
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { emitEvent } from '../../kernel/events.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { regionFullName } from '../../kernel/regions.js';
import { getOperationItem } from '../catalog/index.js';
import { filedScopeOf, requireInstitutionNotSanctioned, teachingVerdict } from '../institutions/index.js';
import { findOrganisation } from '../organisations/index.js';
import {
  appendArchiveEvent,
  checkEligibility,
  findWorkerById,
  getWorker,
  linkWorkerToOrganisation,
} from '../registry/index.js';
import { examTimeAndPlace } from './standing.js';
import { ledgerOfClass } from './ledger.js';
import {
  enrolmentsOfWorker,
  findClass,
  insertClass,
  insertEnrolment,
  insertSession,
  listClasses,
  listEnrolments,
  listSessions,
  updateClass,
  type ClassRow,
} from './queries.js';
import {
  CLASS_KIND_LABELS,
  FILING_STATE_LABELS,
  REVIEW_TRAINING_HOURS,
  authorityPrefix,
  filingState,
  isLateFiling,
  realOpening,
  withinPlace,
} from './rules.js';

/** Emitted when a class is filed (报备): the regulators learn an institution is training. */
export const CLASS_FILED_EVENT = 'training.class-filed';

/** SEC-2: the institution sees its classes, a regulator those of its jurisdiction, a trainee their own. */
async function loadClass(
  ctx: AppContext,
  actor: Actor,
  id: string,
  forUpdate = false,
  executor = ctx.db,
): Promise<ClassRow> {
  const row = await findClass(executor, id, forUpdate);
  const prefix = jurisdictionPrefix(actor);
  const visible =
    row &&
    (prefix
      ? row.regionCode.startsWith(prefix)
      : actor.workerId
        ? (await enrolmentsOfWorker(ctx.db, actor.workerId)).some((e) => e.classId === id)
        : row.orgId === actor.orgId);
  if (!row || !visible) throw notFound('培训班');
  return row;
}

function ownClassOnly(actor: Actor, row: ClassRow) {
  if (row.orgId !== actor.orgId) throw forbidden('仅开班的培训机构可以办理。');
}

export function presentClass(row: ClassRow, now: Date, orgName?: string) {
  const state = filingState(row, now);
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: orgName ?? null,
    regionCode: row.regionCode,
    regionName: regionFullName(row.regionCode),
    itemCode: row.itemCode,
    kind: row.kind,
    kindLabel: CLASS_KIND_LABELS[row.kind],
    name: row.name,
    opensAt: row.opensAt,
    firstSessionAt: row.firstSessionAt,
    /** TRN-1: what the 48 h filing window is measured from. */
    realOpensAt: realOpening(row),
    filedAt: row.filedAt,
    filedLate: row.filedLate ?? false,
    filingState: state,
    filingStateLabel: FILING_STATE_LABELS[state],
    syllabus: { theory: row.syllabusTheoryHours, practical: row.syllabusPracticalHours },
    archiveFalseAt: row.archiveFalseAt,
    archiveFalseReason: row.archiveFalseReason,
  };
}

/** TRN-1 with INS-6 and CAT-2: a class for one item of the filed scope, with syllabus hours to measure against. */
export async function openClass(
  ctx: AppContext,
  actor: Actor,
  input: { itemCode: string; name: string; opensAt: string; kind?: 'initial' | 'review' },
) {
  const kind = input.kind ?? 'initial';
  requirePermission(actor, 'training.classes');
  if (actor.orgKind !== 'institution' || !actor.orgId) throw forbidden('仅培训机构可以开班。');
  const scope = await filedScopeOf(ctx.db, actor.orgId);
  // INS-6: no training outside the filed scope; an institution not (yet) filed has no scope at all.
  if (!scope) throw ruleViolation('INS-6', '机构尚未备案', '培训机构备案完成后方可开班，请先在「机构备案」提交申请。');
  // SUP-4: a suspended or eliminated institution opens no class.
  await requireInstitutionNotSanctioned(ctx.db, actor.orgId, chinaDate(ctx.clock.now()));
  const item = await getOperationItem(ctx, input.itemCode).catch(() => null);
  if (!item)
    throw badRequest(`作业项目 ${input.itemCode} 不在特种作业目录中。`, [
      { field: 'itemCode', message: '未知的作业项目' },
    ]);
  if (!scope.includes(item.code))
    throw ruleViolation('INS-6', '超出备案培训范围', `「${item.name}」不在本机构的备案培训范围内，不能开班。`);
  // CAT-2: the syllabus hours are the province's (settings module), the catalogue's national ones where it set none.
  const own = await settingInForce<{ theoryHours: number; practicalHours: number }>(ctx.db, {
    regionCode: actor.regionCode!,
    kind: 'syllabus_hours',
    key: item.code,
    on: chinaDate(ctx.clock.now()),
  });
  const hours = own
    ? { theory: own.value.theoryHours, practical: own.value.practicalHours, confirmed: true }
    : { theory: item.theoryHours, practical: item.practicalHours, confirmed: item.hoursConfirmed };
  // CAT-2: without syllabus hours there is nothing to measure attendance against (TRN-4, TRN-5).
  // A review class has its own fixed syllabus (CER-4: 8 学时 of theory, no practical).
  if (kind === 'initial' && (hours.theory === null || hours.practical === null)) {
    throw ruleViolation(
      'CAT-2',
      '该项目尚无大纲学时',
      `「${item.name}」的培训大纲学时尚未由省级主管部门设置，暂不能开班。`,
    );
  }
  const name = input.name.trim();
  if (name.length < 2) throw badRequest('请填写班级名称。', [{ field: 'name', message: '必填' }]);
  return ctx.db.transaction(async (tx) => {
    const syllabus =
      kind === 'review'
        ? { theory: REVIEW_TRAINING_HOURS, practical: 0 }
        : { theory: hours.theory!, practical: hours.practical! };
    const row = await insertClass(tx, {
      orgId: actor.orgId!,
      regionCode: actor.regionCode!,
      itemCode: item.code,
      kind,
      name,
      opensAt: new Date(input.opensAt),
      syllabusTheoryHours: syllabus.theory,
      syllabusPracticalHours: syllabus.practical,
      createdAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.class_open',
      entityType: 'training_class',
      entityId: row.id,
      regionCode: row.regionCode,
      after: { itemCode: row.itemCode, kind, name, opensAt: row.opensAt, hoursConfirmed: hours.confirmed },
    });
    return presentClass(row, ctx.clock.now(), actor.orgName ?? undefined);
  });
}

/** TRN-1: filing (报备); more than 48 h after opening is recorded as late and counts against the institution. */
export async function fileClass(ctx: AppContext, actor: Actor, id: string) {
  requirePermission(actor, 'training.classes');
  return ctx.db.transaction(async (tx) => {
    const row = await loadClass(ctx, actor, id, true, tx);
    ownClassOnly(actor, row);
    if (row.filedAt) throw conflict('该培训班已报备。', 'TRN-1');
    const now = ctx.clock.now();
    // TRN-1: measured from the first scheduled session, not the declared opening (rules.ts realOpening).
    const late = isLateFiling(realOpening(row), now);
    const after = await updateClass(tx, id, { filedAt: now, filedLate: late });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.class_file',
      entityType: 'training_class',
      entityId: id,
      regionCode: row.regionCode,
      after: { filedAt: now, late, measuredFrom: realOpening(row) },
    });
    // SUP-1: supervision plans the first-class inspection from this (one task per institution, it decides which class is the first).
    await emitEvent(tx, ctx.clock, {
      type: CLASS_FILED_EVENT,
      regionCode: row.regionCode,
      payload: {
        classId: id,
        institutionOrgId: row.orgId,
        institutionName: actor.orgName ?? '',
        className: row.name,
        itemCode: row.itemCode,
        opensAt: row.opensAt.toISOString(),
      },
    });
    return presentClass(after, now, actor.orgName ?? undefined);
  });
}

/** Enrols a registered person (REG-3 checked for the class's item); links them to the institution as a trainee. */
export async function enrolTrainee(ctx: AppContext, actor: Actor, classId: string, workerId: string) {
  requirePermission(actor, 'training.classes');
  const row = await loadClass(ctx, actor, classId);
  ownClassOnly(actor, row);
  const verdict = await checkEligibility(ctx, actor, workerId, row.itemCode); // 404 when the institution cannot see the person
  if (!verdict.eligible) {
    const reasons = verdict.checks.filter((c) => !c.passed).map((c) => c.message);
    throw ruleViolation('REG-3', '不符合申请条件', `不符合「${verdict.item.name}」的申请条件：${reasons.join('；')}`, {
      checks: verdict.checks,
    });
  }
  const person = (await findWorkerById(ctx.db, workerId))!;
  // Order 30 (NATIONAL.md): training where the household is registered or where the person works,
  // compared at the level the class's province set (national default: the city).
  const { placeLevel } = await examTimeAndPlace(ctx.db, row.regionCode, chinaDate(ctx.clock.now()));
  if (!withinPlace(row.regionCode, person, placeLevel))
    throw ruleViolation(
      'ORDER30-PLACE',
      '不在户籍所在地或从业所在地培训',
      `${person.name}的户籍所在地和从业所在地均不在本班所在地（${regionFullName(`${authorityPrefix(row.regionCode, placeLevel).padEnd(6, '0')}`)}），依《特种作业人员安全技术培训考核管理规定》（令第30号）应在户籍所在地或从业所在地参加培训。`,
    );
  // CER-1: someone already holding a valid certificate of the item has no first training to take —
  // a review class (复审培训) or a replacement (补发) is their path; found here, not at issuance.
  if (row.kind === 'initial') {
    const today = chinaDate(ctx.clock.now());
    const held = ((await ctx.certificates.heldBy(ctx.db, [workerId], today)).get(workerId) ?? []).find(
      (c) => c.itemCode === row.itemCode && c.status === 'valid',
    );
    if (held)
      throw ruleViolation(
        'CER-1',
        '已持有该作业项目的有效证书',
        `${person.name}已持有「${verdict.item.name}」有效证书（${held.number}，有效期至 ${held.validUntil}），不能参加初训班。证书复审请参加复审培训班；证书遗失或损毁请向发证机关申请补发。`,
        { certificateNumber: held.number },
      );
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    if (!(await insertEnrolment(tx, { classId, workerId, enrolledAt: now }))) throw conflict('该人员已在本班。');
    await linkWorkerToOrganisation(tx, { workerId, orgId: row.orgId, relation: 'trainee', since: now });
    await appendArchiveEvent(tx, now, actor, {
      workerId,
      kind: 'enrolled',
      summary: `报名参加${actor.orgName ?? ''}「${row.name}」（${verdict.item.name}）`,
      detail: { classId, itemCode: row.itemCode },
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.enrol',
      entityType: 'training_class',
      entityId: classId,
      regionCode: row.regionCode,
      after: { workerId },
    });
  });
  return { classId, workerId, enrolledAt: now };
}

/**
 * TRN-4 with INS-4: a session of the class names its teacher, who must be able to teach it on its day
 * (institutions' teachingVerdict reads the platform register). Sessions may be scheduled before the
 * class is filed (TRN-1 only stops them earning hours); the earliest one sets when the class began.
 */
export async function scheduleSession(
  ctx: AppContext,
  actor: Actor,
  classId: string,
  input: {
    subject: 'theory' | 'practical';
    mode: 'offline' | 'online';
    topic: string;
    startsAt: string;
    endsAt: string;
    teacherId: string;
  },
) {
  requirePermission(actor, 'training.classes');
  const row = await loadClass(ctx, actor, classId);
  ownClassOnly(actor, row);
  // TRN-4: practical training is offline only (seed 001 annex 4.3).
  if (input.subject === 'practical' && input.mode === 'online')
    throw ruleViolation('TRN-4', '实际操作培训只能线下开展', '实际操作培训须采用线下方式，不能安排线上课程。');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt)
    throw badRequest('结束时间须晚于开始时间。', [{ field: 'endsAt', message: '须晚于开始时间' }]);
  if (endsAt.getTime() - startsAt.getTime() > 12 * 3_600_000)
    throw badRequest('一次课程不超过 12 小时。', [{ field: 'endsAt', message: '过长' }]);
  if (!input.teacherId)
    throw ruleViolation('INS-4', '未指定授课教师', '每节课须指定授课教师（持有该类别特种作业操作证的本机构教师）。');
  // INS-4: no teaching without the certificate of the category, judged on the platform register.
  const verdict = await teachingVerdict(ctx, ctx.db, {
    orgId: row.orgId,
    teacherId: input.teacherId,
    itemCode: row.itemCode,
    subject: input.subject,
    mode: input.mode,
    on: chinaDate(startsAt),
  });
  if (!verdict.teacher) throw notFound('本机构教师');
  if (verdict.problems.length)
    throw ruleViolation('INS-4', '授课教师不符合要求', `不能安排该教师授课：${verdict.problems.join('；')}。`, {
      problems: verdict.problems,
    });
  return ctx.db.transaction(async (tx) => {
    const session = await insertSession(tx, {
      classId,
      subject: input.subject,
      mode: input.mode,
      topic: input.topic.trim(),
      startsAt,
      endsAt,
      teacherId: verdict.teacher!.id,
      teacherName: verdict.teacher!.name,
    });
    // TRN-1: an earlier first session moves the real opening; a filed class is judged again against it.
    const current = (await findClass(tx, classId, true))!;
    if (!current.firstSessionAt || startsAt < current.firstSessionAt) {
      const lateNow = !!current.filedAt && isLateFiling(startsAt, current.filedAt);
      await updateClass(tx, classId, {
        firstSessionAt: startsAt,
        ...(lateNow && !current.filedLate ? { filedLate: true } : {}),
      });
      if (lateNow && !current.filedLate)
        await appendAudit(tx, ctx.clock, actor, {
          action: 'training.class_file_late',
          entityType: 'training_class',
          entityId: classId,
          regionCode: row.regionCode,
          before: { filedLate: current.filedLate },
          after: { filedLate: true, firstSessionAt: startsAt, filedAt: current.filedAt },
        });
    }
    await appendAudit(tx, ctx.clock, actor, {
      action: 'training.session_schedule',
      entityType: 'training_class',
      entityId: classId,
      regionCode: row.regionCode,
      after: { sessionId: session.id, ...input, teacherName: verdict.teacher!.name },
    });
    return session;
  });
}

export async function listOwnClasses(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'training.classes');
  if (!actor.orgId) throw forbidden();
  const now = ctx.clock.now();
  return {
    items: (await listClasses(ctx.db, { orgId: actor.orgId })).map((c) =>
      presentClass(c, now, actor.orgName ?? undefined),
    ),
  };
}

/** The class with its roster and each trainee's hours against the syllabus (TRN-4), visible to institution and regulator. */
export async function getClass(ctx: AppContext, actor: Actor, id: string) {
  const row = await loadClass(ctx, actor, id);
  const [org, sessions, enrolments, ledger] = await Promise.all([
    findOrganisation(ctx.db, row.orgId),
    listSessions(ctx.db, id),
    listEnrolments(ctx.db, id),
    ledgerOfClass(ctx.db, row),
  ]);
  const roster = await Promise.all(
    enrolments
      .filter((e) => !actor.workerId || e.workerId === actor.workerId)
      .map(async (e) => {
        const w = await getWorker(ctx, actor, e.workerId).catch(() => null);
        return {
          workerId: e.workerId,
          name: w?.name ?? '',
          idNumber: w?.idNumber ?? '',
          enrolledAt: e.enrolledAt,
          progress: ledger.get(e.workerId)!.progress,
          attendance: ledger.get(e.workerId)!.attendance,
        };
      }),
  );
  return { ...presentClass(row, ctx.clock.now(), org?.name), sessions, roster };
}

/** TRN-1: a regulator's view of classes in its jurisdiction, late and unfiled ones first, counted per institution. */
export async function superviseClasses(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'training.supervise');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden();
  const now = ctx.clock.now();
  const rows = await listClasses(ctx.db, { regionPrefix: prefix });
  const names = new Map<string, string>();
  for (const r of rows)
    if (!names.has(r.orgId)) names.set(r.orgId, (await findOrganisation(ctx.db, r.orgId))?.name ?? '');
  const items = rows.map((r) => presentClass(r, now, names.get(r.orgId)));
  const byInstitution = [...names].map(([orgId, orgName]) => {
    const own = items.filter((i) => i.orgId === orgId);
    return {
      orgId,
      orgName,
      classes: own.length,
      filedLate: own.filter((i) => i.filingState === 'filed_late').length,
      unfiledOverdue: own.filter((i) => i.filingState === 'unfiled_overdue').length,
    };
  });
  const rank = { unfiled_overdue: 0, filed_late: 1, unfiled: 2, filed_on_time: 3 };
  return { items: items.sort((a, b) => rank[a.filingState] - rank[b.filingState]), byInstitution };
}

/** The trainee's own classes and progress against the syllabus (TRN-4: always visible). */
export async function myTraining(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'me.training');
  if (!actor.workerId) return { items: [] };
  const enrolments = await enrolmentsOfWorker(ctx.db, actor.workerId);
  const rows = await listClasses(ctx.db, { ids: enrolments.map((e) => e.classId) });
  const items = await Promise.all(
    rows.map(async (row) => {
      const [org, ledger, item] = await Promise.all([
        findOrganisation(ctx.db, row.orgId),
        ledgerOfClass(ctx.db, row),
        getOperationItem(ctx, row.itemCode),
      ]);
      return {
        ...presentClass(row, ctx.clock.now(), org?.name),
        itemName: item.name,
        progress: ledger.get(actor.workerId!)!.progress,
      };
    }),
  );
  return { items };
}
