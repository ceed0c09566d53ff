// Spot exams on site (逢查必考, SUP-3; seed 003, seed 004 §12 §16). During an inspection the inspector
// picks a worker present — by ID number, or by the certificate number (scanned from the QR or typed;
// the number is "T" + the holder's ID number) — and an operation item; the platform draws a short paper
// from that item's bank and hands out a one-time code. The worker opens it on any phone without an
// account; answers are scored on the server; the result goes to the worker's life-cycle archive and a
// fail is attributed to the employer, the institution that trained the worker and the exam site that
// examined them, so ratings (INS-5) and analytics (ANA-3) count it from recorded facts.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { parseResidentIdNumber } from '../../kernel/ids.js';
import { badRequest, conflict, forbidden, notFound, ruleViolation } from '../../kernel/problem.js';
import { regionFullName } from '../../kernel/regions.js';
import { getOperationItem } from '../catalog/index.js';
import { currentBankQuestions, passedExamOrigin } from '../exams/index.js';
import { findOrganisation } from '../organisations/index.js';
import { appendArchiveEvent, findWorkerByIdNumberHash } from '../registry/index.js';
import { enrolmentsOfWorker, findTrainingClass } from '../training/index.js';
import { findInspection } from './queries.js';
import { SPOT_EXAM, drawQuestions, scoreSpotExam, spotCodeRefusal } from './rules.js';
import {
  failedSpotExamsOfEmployer,
  insertSpotExam,
  lockSpotExamByCode,
  spotExamsOfInspection,
  spotExamsWithin,
  updateSpotExam,
  type SpotExamRow,
} from './spot-exam-queries.js';

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const newCode = () => Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function inspectorScope(actor: Actor): string {
  requirePermission(actor, 'supervision.inspections');
  const prefix = jurisdictionPrefix(actor);
  if (!prefix) throw forbidden('现场抽考由监管部门在检查中开展。');
  return prefix;
}

/** SEC-2: another region's inspection is a 404; only the inspecting regulator adds exams to it. */
async function ownInspection(ctx: AppContext, actor: Actor, inspectionId: string) {
  const prefix = inspectorScope(actor);
  const inspection = await findInspection(ctx.db, inspectionId);
  if (!inspection || !inspection.regionCode.startsWith(prefix)) throw notFound('检查');
  return { inspection, prefix };
}

export interface SpotExamInput {
  idNumber?: string;
  certificateNumber?: string;
  itemCode: string;
}

/** The ID number the inspector gave, directly or inside a certificate number (T + ID number, NATIONAL.md). */
function idNumberOf(ctx: AppContext, input: SpotExamInput): string {
  const raw = (input.idNumber ?? input.certificateNumber ?? '').trim().toUpperCase();
  if (!raw) throw badRequest('请填写身份证号或扫描证书二维码（SUP-3）。', [{ field: 'idNumber', message: '必填' }]);
  const id = !input.idNumber && raw.startsWith('T') ? raw.slice(1) : raw;
  const parsed = parseResidentIdNumber(id, { today: ctx.clock.now() });
  if (!parsed.ok)
    throw badRequest(`${input.idNumber ? '身份证号' : '证书编号'}无效：${parsed.message}（REG-2）`, [
      { field: input.idNumber ? 'idNumber' : 'certificateNumber', message: parsed.message },
    ]);
  return parsed.idNumber;
}

/** Who trained the worker for the item: the latest class of the item the worker was enrolled in. */
async function trainedBy(ctx: AppContext, workerId: string, itemCode: string) {
  const enrolments = (await enrolmentsOfWorker(ctx.db, workerId)).sort(
    (a, b) => b.enrolledAt.getTime() - a.enrolledAt.getTime(),
  );
  for (const e of enrolments) {
    const cls = await findTrainingClass(ctx.db, e.classId);
    if (cls && cls.itemCode === itemCode) {
      const org = await findOrganisation(ctx.db, cls.orgId);
      return { institutionOrgId: cls.orgId, institutionName: org?.name ?? null, trainingClassId: cls.id };
    }
  }
  return { institutionOrgId: null, institutionName: null, trainingClassId: null };
}

export async function startSpotExam(ctx: AppContext, actor: Actor, inspectionId: string, input: SpotExamInput) {
  const { inspection } = await ownInspection(ctx, actor, inspectionId);
  if (inspection.orgId !== actor.orgId) throw forbidden('现场抽考由开展检查的监管部门组织。');
  if (inspection.status !== 'in_progress') throw conflict('该检查已结束，不能再组织抽考。', 'SUP-3');
  const item = await getOperationItem(ctx, input.itemCode);
  const idNumber = idNumberOf(ctx, input);
  const worker = await findWorkerByIdNumberHash(ctx.db, ctx.vault.lookupHashes('id_number', idNumber));
  if (!worker)
    throw ruleViolation(
      'SUP-3',
      '平台无此人员档案',
      '按该号码未找到作业人员档案，请核对号码；无档案人员应由用人单位先行登记（REG-4）。',
    );
  const bank = await currentBankQuestions(ctx.db, item.code);
  if (bank.length < SPOT_EXAM.questions)
    throw ruleViolation(
      'SUP-3',
      '题库题量不足',
      `${item.name}题库现有 ${bank.length} 题，抽考需 ${SPOT_EXAM.questions} 题。`,
    );
  const held = (await ctx.certificates.heldBy(ctx.db, [worker.id], chinaDate(ctx.clock.now()))).get(worker.id) ?? [];
  const certificate = held.find((c) => c.itemCode === item.code) ?? null;
  const [training, origin] = await Promise.all([
    trainedBy(ctx, worker.id, item.code),
    passedExamOrigin(ctx.db, worker.id, item.code),
  ]);
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const created = await insertSpotExam(tx, {
      code: newCode(),
      inspectionId: inspection.id,
      orgId: actor.orgId!,
      orgName: actor.orgName ?? '',
      inspectorUserId: actor.userId,
      regionCode: inspection.regionCode,
      targetName: inspection.targetName,
      workerId: worker.id,
      workerName: worker.name,
      idNumberMasked: worker.idNumberMasked,
      certificateNumberMasked: certificate ? `T${worker.idNumberMasked}` : null,
      itemCode: item.code,
      itemName: item.name,
      // The employer inspected answers for the workers found on its site.
      employerOrgId: inspection.targetKind === 'employer' ? inspection.targetId : null,
      employerName: inspection.targetKind === 'employer' ? inspection.targetName : null,
      ...training,
      siteId: origin?.siteId ?? null,
      siteName: origin?.siteName ?? null,
      centreOrgId: origin?.centreOrgId ?? null,
      questions: drawQuestions(bank, SPOT_EXAM.questions),
      status: 'issued',
      issuedAt: now,
      codeExpiresAt: new Date(now.getTime() + SPOT_EXAM.codeValidMinutes * 60_000),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'spot_exam.start',
      entityType: 'spot_exam',
      entityId: created.id,
      regionCode: created.regionCode,
      after: { worker: worker.idNumberMasked, itemCode: item.code, inspectionId: inspection.id },
    });
    return created;
  });
  return presentSpotExam(row, true);
}

function presentSpotExam(e: SpotExamRow, withCode = false) {
  return {
    id: e.id,
    code: withCode && e.status === 'issued' ? e.code : null,
    inspectionId: e.inspectionId,
    targetName: e.targetName,
    regionName: regionFullName(e.regionCode) ?? e.regionCode,
    workerName: e.workerName,
    idNumberMasked: e.idNumberMasked,
    hasCertificate: e.certificateNumberMasked !== null,
    itemCode: e.itemCode,
    itemName: e.itemName,
    employerName: e.employerName,
    institutionName: e.institutionName,
    siteName: e.siteName,
    status: e.status,
    issuedAt: e.issuedAt.toISOString(),
    codeExpiresAt: e.codeExpiresAt.toISOString(),
    submittedAt: e.submittedAt?.toISOString() ?? null,
    questionCount: e.questions.length,
    correct: e.correct,
    score: e.score,
    passed: e.passed,
  };
}

export async function inspectionSpotExams(ctx: AppContext, actor: Actor, inspectionId: string) {
  const { inspection } = await ownInspection(ctx, actor, inspectionId);
  const mine = inspection.orgId === actor.orgId;
  return { items: (await spotExamsOfInspection(ctx.db, inspectionId)).map((e) => presentSpotExam(e, mine)) };
}

/** The regulators' list (SUP-3): spot exams of the jurisdiction, and taken/passed/failed by institution and exam site. */
export async function listSpotExams(ctx: AppContext, actor: Actor) {
  const prefix = inspectorScope(actor);
  const rows = await spotExamsWithin(ctx.db, prefix);
  const tally = (key: (e: SpotExamRow) => string | null) => {
    const by = new Map<string, { name: string; taken: number; passed: number; failed: number }>();
    for (const e of rows) {
      if (e.status !== 'submitted') continue;
      const name = key(e) ?? '（无记录）';
      const t = by.get(name) ?? { name, taken: 0, passed: 0, failed: 0 };
      t.taken += 1;
      if (e.passed) t.passed += 1;
      else t.failed += 1;
      by.set(name, t);
    }
    return [...by.values()].sort((a, b) => b.failed - a.failed || b.taken - a.taken);
  };
  const done = rows.filter((e) => e.status === 'submitted');
  return {
    items: rows.map((e) => presentSpotExam(e)),
    counts: {
      taken: done.length,
      passed: done.filter((e) => e.passed).length,
      failed: done.filter((e) => !e.passed).length,
      pending: rows.length - done.length,
    },
    byInstitution: tally((e) => e.institutionName),
    bySite: tally((e) => e.siteName),
  };
}

/** The employer's list of its workers who failed a spot exam (SUP-3: the fail is reported to the employer). */
export async function myFailedSpotExams(ctx: AppContext, actor: Actor) {
  if (actor.orgKind !== 'employer' || !actor.orgId) throw forbidden('仅用人单位查看本单位人员的抽考不合格情况。');
  return { items: (await failedSpotExamsOfEmployer(ctx.db, actor.orgId)).map((e) => presentSpotExam(e)) };
}

/** Public: the worker opens the paper with the one-time code (SUP-3); the code works once, within its validity. */
export async function openSpotExam(ctx: AppContext, code: string) {
  const now = ctx.clock.now();
  const token = randomBytes(24).toString('base64url');
  const row = await ctx.db.transaction(async (tx) => {
    const e = await lockSpotExamByCode(tx, code.trim().toUpperCase());
    if (!e) throw notFound('抽考码');
    const refusal = spotCodeRefusal(e, now);
    if (refusal) throw ruleViolation('SUP-3', '抽考码不可用', refusal);
    return updateSpotExam(tx, e.id, {
      status: 'started',
      tokenHash: sha256(token),
      startedAt: now,
      deadlineAt: new Date(now.getTime() + SPOT_EXAM.minutes * 60_000),
    });
  });
  return {
    token,
    workerName: row.workerName,
    itemName: row.itemName,
    deadlineAt: row.deadlineAt!.toISOString(),
    passMark: SPOT_EXAM.passMark,
    questions: row.questions.map((q) => ({ id: q.id, kind: q.kind, stem: q.stem, options: q.options })),
  };
}

/** Public: answers with the token from opening; scored on the server, archived (REG-1) and attributed (SUP-3). */
export async function submitSpotExam(ctx: AppContext, code: string, input: { token: string; answers: number[][] }) {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const e = await lockSpotExamByCode(tx, code.trim().toUpperCase());
    if (!e || !e.tokenHash || e.tokenHash !== sha256(input.token)) throw notFound('抽考');
    if (e.status === 'submitted') throw conflict('答卷已提交，不能重复提交。', 'SUP-3');
    if (input.answers.length > e.questions.length)
      throw badRequest(`答案数量超过试题数量（${e.questions.length} 题）。`, [
        { field: 'answers', message: '数量不符' },
      ]);
    // Past the time limit (with a minute's grace for the network) the answers do not count: the limit is the exam's.
    const late = now.getTime() > e.deadlineAt!.getTime() + 60_000;
    const answers = late ? [] : input.answers;
    const result = scoreSpotExam(e.questions, answers);
    const updated = await updateSpotExam(tx, e.id, { status: 'submitted', answers, submittedAt: now, ...result });
    const verdict = result.passed ? '合格' : '不合格';
    await appendArchiveEvent(tx, now, null, {
      workerId: e.workerId,
      kind: 'spot_exam',
      summary: `现场抽考（${e.itemName}）：${result.score} 分，${verdict}${late ? '（超时未交卷）' : ''}`,
      detail: {
        spotExamId: e.id,
        inspectionId: e.inspectionId,
        itemCode: e.itemCode,
        score: result.score,
        passed: result.passed,
        institutionOrgId: e.institutionOrgId,
        siteId: e.siteId,
        employerOrgId: e.employerOrgId,
      },
      org: { id: e.orgId, name: e.orgName },
    });
    await appendAudit(tx, ctx.clock, null, {
      action: 'spot_exam.submit',
      entityType: 'spot_exam',
      entityId: e.id,
      regionCode: e.regionCode,
      after: { score: result.score, passed: result.passed, late },
    });
    return updated;
  });
  return {
    score: row.score,
    correct: row.correct,
    total: row.questions.length,
    passed: row.passed,
    passMark: SPOT_EXAM.passMark,
  };
}
