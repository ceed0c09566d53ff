// EXM-6: finished attempts from another vendor's exam software, imported so that they are stored like
// native ones — a paper (source 'vendor'), its answer events with the vendor's times, and its final
// answers — and every later analysis (INT-*) reads them from the same tables. The format is
// documented in docs/exam-import.md; each row is judged and reported, and an attempt with any bad
// row is not imported at all (never half an attempt).
import { parse as parseCsv } from 'csv-parse/sync';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import type { Executor } from '../../db/index.js';
import { insertMany } from '../../db/bulk.js';
import { badRequest, forbidden, ruleViolation } from '../../kernel/problem.js';
import { findOrganisation } from '../organisations/index.js';
import { appendArchiveEvent, findWorkerByIdNumberHash } from '../registry/index.js';
import {
  bookingsOfSession,
  blueprintInForce,
  findPaperByBooking,
  findSession,
  insertPaper,
  type SessionRow,
  upsertVendorItems,
} from './queries.js';
import { DEFAULT_PASS_MARK, isCorrect, parseAnswer, provinceOf } from './rules.js';
import {
  examAttemptImports,
  examAnswerEvents,
  examFinalAnswers,
  examVendorCandidates,
  examVendorMappings,
  type ExamAttempt,
  type PaperQuestion,
  type QuestionKind,
} from './schema.js';

/** The columns of a row, as CSV headers or JSON keys (docs/exam-import.md). */
export const IMPORT_COLUMNS = [
  'idNumber',
  'siteId',
  'sessionId',
  'itemCode',
  'vendorItemId',
  'key',
  'chosen',
  'correct',
  'responseSeconds',
  'shownAt',
  'answeredAt',
  'submittedAt',
  'pilot',
  'questionCount',
] as const;
export const MAX_IMPORT_ROWS = 20_000;
/** Body limit of the two import routes only: 20,000 rows of JSON or CSV with room to spare. */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;
const REQUIRED_COLUMNS = ['idNumber', 'siteId', 'sessionId', 'itemCode', 'vendorItemId', 'correct'] as const;

/**
 * Issue 20: the headers vendors' exports really carry (Chinese, with or without units), mapped to
 * our fields. Matching ignores case, spaces and brackets.
 */
export const HEADER_ALIASES: Record<string, (typeof IMPORT_COLUMNS)[number]> = {
  身份证号: 'idNumber',
  身份证号码: 'idNumber',
  证件号码: 'idNumber',
  考点编号: 'siteId',
  考试点编号: 'siteId',
  场次编号: 'sessionId',
  考试场次编号: 'sessionId',
  作业项目代码: 'itemCode',
  操作项目代码: 'itemCode',
  题号: 'vendorItemId',
  试题编号: 'vendorItemId',
  试题id: 'vendorItemId',
  标准答案: 'key',
  正确答案: 'key',
  考生答案: 'chosen',
  作答: 'chosen',
  是否正确: 'correct',
  判分: 'correct',
  用时秒: 'responseSeconds',
  作答用时秒: 'responseSeconds',
  答题用时秒: 'responseSeconds',
  出题时间: 'shownAt',
  作答时间: 'answeredAt',
  交卷时间: 'submittedAt',
  是否试测题: 'pilot',
  试测题: 'pilot',
  应答题数: 'questionCount',
  试卷题数: 'questionCount',
};

export const normaliseHeader = (h: string) => h.toLowerCase().replace(/[\s_\-（）()[\]【】:：]/g, '');
const FIELD_BY_HEADER = new Map<string, (typeof IMPORT_COLUMNS)[number]>([
  ...IMPORT_COLUMNS.map((c) => [normaliseHeader(c), c] as const),
  ...Object.entries(HEADER_ALIASES).map(([k, v]) => [normaliseHeader(k), v] as const),
]);

/**
 * Issue 20: the file's header judged once. An unrecognised or missing column is ONE clear error
 * naming them (not thousands of row errors); recognised headers are renamed to our fields.
 */
export function mapHeaders(rows: unknown[], custom: Record<string, string> = {}): unknown[] {
  const own = new Map(
    Object.entries(custom).map(([k, v]) => [normaliseHeader(k), v as (typeof IMPORT_COLUMNS)[number]]),
  );
  const keys = new Set<string>();
  for (const r of rows.slice(0, 200))
    if (typeof r === 'object' && r !== null && !Array.isArray(r)) for (const k of Object.keys(r)) keys.add(k);
  const mapping = new Map<string, string>();
  const unknown: string[] = [];
  for (const k of keys) {
    const f = own.get(normaliseHeader(k)) ?? FIELD_BY_HEADER.get(normaliseHeader(k));
    if (f) mapping.set(k, f);
    else unknown.push(k);
  }
  const mapped = new Set(mapping.values());
  const missing = REQUIRED_COLUMNS.filter((c) => !mapped.has(c));
  if (unknown.length || missing.length)
    throw ruleViolation(
      'EXM-6',
      '文件的列名无法识别',
      [
        unknown.length ? `无法识别的列：${unknown.slice(0, 20).join('、')}` : '',
        missing.length ? `缺少必填列：${missing.join('、')}` : '',
        `可用列名：${IMPORT_COLUMNS.join('、')}，或中文列名（如 ${Object.keys(HEADER_ALIASES).slice(0, 8).join('、')} 等）`,
      ]
        .filter(Boolean)
        .join('；'),
    );
  if ([...mapping].every(([k, v]) => k === v)) return rows;
  return rows.map((r) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return r;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) out[mapping.get(k) ?? k] = v;
    return out;
  });
}

export type RawRow = Partial<Record<(typeof IMPORT_COLUMNS)[number], unknown>>;

export interface GoodRow {
  row: number;
  idNumber: string;
  sessionId: string;
  siteId: string;
  itemCode: string;
  vendorItemId: string;
  kind: QuestionKind;
  key: number[] | null;
  chosen: number[];
  correct: boolean;
  responseSeconds: number | null;
  pilot: boolean;
  questionCount: number | null;
  shownAt: Date | null;
  answeredAt: Date | null;
  submittedAt: Date | null;
}

export interface RowReport {
  row: number;
  status: 'imported' | 'error';
  errors: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

function parseBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  const t = text(v).toLowerCase();
  if (['1', 'true', 't', 'y', 'yes', '是', '对', '正确'].includes(t)) return true;
  if (['0', 'false', 'f', 'n', 'no', '否', '错', '错误'].includes(t)) return false;
  return null;
}

function parseTime(v: unknown, field: string, errors: string[]): Date | null {
  const t = text(v);
  if (!t) return null;
  const d = new Date(t);
  // An event time must carry its zone (Z or ±hh:mm): a vendor's local time without one is ambiguous.
  if (
    Number.isNaN(d.getTime()) ||
    !/(Z|[+-]\d{2}:?\d{2})$/i.test(t) ||
    d.getUTCFullYear() < 2000 ||
    d.getUTCFullYear() >= 2200
  ) {
    errors.push(`${field} 须为带时区的 ISO 8601 时间（如 2026-11-23T09:05:12+08:00）`);
    return null;
  }
  return d;
}

/** Option letters (A–F, several for multiple choice) or 正确/错误 for true/false → kind and indices. */
function parseOptions(raw: string): { kind: QuestionKind; indices: number[] } | null {
  const letters = raw.toUpperCase().replace(/[\s,，、]/g, '');
  if (/^[A-F]+$/.test(letters) && !['T', 'F'].includes(letters)) {
    const indices = parseAnswer('multiple', letters)!;
    return { kind: indices.length > 1 ? 'multiple' : 'single', indices };
  }
  const judge = parseAnswer('judge', raw);
  return judge ? { kind: 'judge', indices: judge } : null;
}

/** One row's own checks (no database): the fields, the key and the stated correctness agreeing. */
export function checkRow(
  raw: RawRow,
  row: number,
  // The streaming import (vendor-kind.ts) resolves candidates, sites and sessions itself: the vendor's
  // own codes are allowed there, and an ID number may be absent when the candidate code maps it.
  ids: { own: boolean } = { own: false },
): { ok: true; value: GoodRow } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, errors: ['每行须为一个对象'] };
  const idNumber = text(raw.idNumber).toUpperCase();
  if ((!ids.own || idNumber) && !/^\d{17}[\dX]$/.test(idNumber)) errors.push('idNumber 须为 18 位公民身份号码');
  const sessionId = text(raw.sessionId);
  if (!ids.own && !UUID.test(sessionId)) errors.push('sessionId 须为本平台考试场次编号');
  if (ids.own && (!sessionId || sessionId.length > 64)) errors.push('sessionId 必填，最多 64 字');
  const siteId = text(raw.siteId);
  if (!ids.own && !UUID.test(siteId)) errors.push('siteId 须为本平台考试点编号');
  if (ids.own && (!siteId || siteId.length > 64)) errors.push('siteId 必填，最多 64 字');
  const itemCode = text(raw.itemCode);
  if (!/^\d{1,2}\.\d{1,2}$/.test(itemCode)) errors.push('itemCode 须为作业项目代码（如 1.2）');
  const vendorItemId = text(raw.vendorItemId);
  if (!vendorItemId || vendorItemId.length > 64) errors.push('vendorItemId 必填，最多 64 字');
  const keyText = text(raw.key);
  const key = keyText ? parseOptions(keyText) : null;
  if (keyText && !key) errors.push('key 须为选项字母（A–F，多选如 ABD）或 正确/错误');
  const chosenText = text(raw.chosen);
  const chosen = chosenText ? parseOptions(chosenText) : { kind: key?.kind ?? 'single', indices: [] };
  if (chosenText && !chosen) errors.push('chosen 须为选项字母（A–F）或 正确/错误，未作答留空');
  const correct = parseBool(raw.correct);
  if (correct === null) errors.push('correct 须为 true/false（或 1/0、是/否）');
  const secondsText = text(raw.responseSeconds);
  const responseSeconds = secondsText ? Number(secondsText) : null;
  if (
    responseSeconds !== null &&
    !(Number.isFinite(responseSeconds) && responseSeconds >= 0 && responseSeconds <= 86_400)
  )
    errors.push('responseSeconds 须为 0–86400 之间的秒数');
  const pilot = text(raw.pilot) ? parseBool(raw.pilot) : false;
  if (pilot === null) errors.push('pilot 须为 true/false（或 是/否）');
  const countText = text(raw.questionCount);
  const questionCount = countText ? Number(countText) : null;
  if (questionCount !== null && !(Number.isInteger(questionCount) && questionCount >= 1 && questionCount <= 1000))
    errors.push('questionCount 须为 1–1000 的整数（该份试卷的题数）');
  const shownAt = parseTime(raw.shownAt, 'shownAt', errors);
  const answeredAt = parseTime(raw.answeredAt, 'answeredAt', errors);
  const submittedAt = parseTime(raw.submittedAt, 'submittedAt', errors);
  if (shownAt && answeredAt && answeredAt < shownAt) errors.push('answeredAt 早于 shownAt');
  if (key && chosen && key.kind !== chosen.kind && chosen.indices.length) errors.push('key 与 chosen 的题型不一致');
  // Where the vendor gives its key, the stated correctness must agree with it (else one of them is wrong).
  if (key && chosen && correct !== null && isCorrect(key.indices, chosen.indices) !== correct)
    errors.push(`correct 与答案不符：答案 ${keyText}，所选 ${chosenText || '（未答）'}`);
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      row,
      idNumber,
      sessionId,
      siteId,
      itemCode,
      vendorItemId,
      kind: key?.kind ?? chosen!.kind,
      key: key?.indices ?? null,
      chosen: chosen!.indices,
      correct: correct!,
      responseSeconds,
      pilot: pilot === true,
      questionCount,
      shownAt,
      answeredAt,
      submittedAt,
    },
  };
}

/** Reads the CSV (UTF-8, header row with the documented column names; a BOM is allowed). */
export function readAttemptCsv(body: Buffer): RawRow[] {
  try {
    return parseCsv(body, {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      to: MAX_IMPORT_ROWS + 1,
    }) as RawRow[];
  } catch (err) {
    throw badRequest(`无法读取 CSV 文件：${(err as Error).message.slice(0, 200)}`);
  }
}

/** EXM-6: imports finished vendor attempts for the centre's own sessions, with a per-row report. */
export async function importAttempts(
  ctx: AppContext,
  actor: Actor,
  input: { vendor: string; rows: unknown[]; format: 'csv' | 'json' },
) {
  requirePermission(actor, 'exams.import');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId) throw forbidden('外部考试系统作答记录由考试机构导入。');
  const vendor = input.vendor.trim();
  if (!vendor) throw badRequest('请填写考试系统厂商名称。', [{ field: 'vendor', message: '必填' }]);
  if (!input.rows.length) throw badRequest('文件中没有作答记录。');
  if (input.rows.length > MAX_IMPORT_ROWS) throw badRequest(`一次最多导入 ${MAX_IMPORT_ROWS} 行。`);
  const saved = await findVendorMapping(ctx.db, actor.orgId, vendor);
  input = { ...input, rows: applyCodes(mapHeaders(input.rows, saved?.headers), saved) };
  const reports: RowReport[] = input.rows.map((_, i) => ({ row: i + 1, status: 'error', errors: [] }));
  const good: GoodRow[] = [];
  // Attempts with a malformed row, by the candidate and session the row names (an attempt is all or nothing).
  const spoiled = new Set<string>();
  const attemptKey = (raw: unknown) =>
    typeof raw === 'object' && raw
      ? `${text((raw as RawRow).idNumber).toUpperCase()}|${text((raw as RawRow).sessionId)}`
      : '';
  input.rows.forEach((raw, i) => {
    const r = checkRow(raw as RawRow, i + 1);
    if (r.ok) good.push(r.value);
    else {
      reports[i].errors.push(...r.errors);
      spoiled.add(attemptKey(raw));
    }
  });
  // Group into attempts: one candidate in one session.
  const attempts = new Map<string, GoodRow[]>();
  for (const g of good)
    attempts.set(`${g.idNumber}|${g.sessionId}`, [...(attempts.get(`${g.idNumber}|${g.sessionId}`) ?? []), g]);
  const sessions = new Map<string, SessionRow | null>();
  const sessionBookings = new Map<string, Awaited<ReturnType<typeof bookingsOfSession>>>();
  const ready: Array<{
    rows: GoodRow[];
    session: SessionRow;
    workerId: string;
    bookingId: string;
    attempt: ExamAttempt;
  }> = [];
  for (const [key, rows] of attempts) {
    const first = rows[0];
    const fail = (message: string, which: GoodRow[] = rows) =>
      which.forEach((r) => reports[r.row - 1].errors.push(message));
    if (spoiled.has(key)) {
      fail('同一作答中有错误行，整份作答未导入');
      continue;
    }
    if (!sessions.has(first.sessionId))
      sessions.set(first.sessionId, (await findSession(ctx.db, first.sessionId)) ?? null);
    const session = sessions.get(first.sessionId);
    // Another centre's session is as unknown as a missing one (SEC-2).
    if (!session || session.centreOrgId !== actor.orgId) {
      fail('考试场次不存在或不属于本考试机构');
      continue;
    }
    const wrongSite = rows.filter((r) => r.siteId !== session.siteId);
    if (wrongSite.length) fail('siteId 与该场次的考试点不一致', wrongSite);
    const wrongItem = rows.filter((r) => r.itemCode !== session.itemCode);
    if (wrongItem.length) fail(`itemCode 与该场次的作业项目（${session.itemCode}）不一致`, wrongItem);
    // Issue 20: an attempt is complete or refused whole — a declared paper length not met is a
    // split attempt (e.g. across two uploads), reported, never stored as a shorter paper.
    const declared = rows.find((r) => r.questionCount !== null)?.questionCount ?? null;
    if (declared !== null && rows.length !== declared) {
      fail(
        `作答不完整：该试卷应有 ${declared} 题，本文件中有 ${rows.length} 题（可能一份作答被分在两个文件中），整份作答未导入`,
      );
      continue;
    }
    const seen = new Set<string>();
    for (const r of rows) {
      if (seen.has(r.vendorItemId)) reports[r.row - 1].errors.push(`同一作答中题目 ${r.vendorItemId} 重复`);
      seen.add(r.vendorItemId);
    }
    const worker = await findWorkerByIdNumberHash(ctx.db, ctx.vault.lookupHashes('id_number', first.idNumber));
    // One read of a session's bookings per upload (was one per attempt).
    if (worker && !sessionBookings.has(session.id))
      sessionBookings.set(session.id, await bookingsOfSession(ctx.db, session.id));
    const booking =
      worker && sessionBookings.get(session.id)!.find((b) => b.workerId === worker.id && b.status === 'allocated');
    if (!worker || !booking) {
      fail('该身份证号的考生未在该场次报名（或未分配座位）');
      continue;
    }
    if (await findPaperByBooking(ctx.db, booking.id)) {
      fail('该考生本场次已有作答记录，不能重复导入');
      continue;
    }
    if (rows.some((r) => reports[r.row - 1].errors.length)) {
      fail('同一作答中有错误行，整份作答未导入');
      continue;
    }
    ready.push({ rows, session, workerId: worker.id, bookingId: booking.id, attempt: booking.attempt });
  }
  // An attempt is all or nothing: any bad row of it (found above) keeps every row of it out.
  for (const rows of attempts.values())
    if (rows.some((r) => reports[r.row - 1].errors.length))
      for (const r of rows)
        if (!reports[r.row - 1].errors.length) reports[r.row - 1].errors.push('同一作答中有错误行，整份作答未导入');
  const now = ctx.clock.now();
  const importRow = await ctx.db.transaction(async (tx) => {
    const [imp] = await tx
      .insert(examAttemptImports)
      .values({
        centreOrgId: actor.orgId!,
        vendor,
        format: input.format,
        attemptsCreated: 0,
        attemptsFailed: 0,
        report: [],
        importedAt: now,
        importedBy: actor.userId,
      })
      .returning();
    let created = 0;
    const good = ready.filter((x) => x.rows.every((r) => !reports[r.row - 1].errors.length));
    // The vendor's items of the whole upload in multi-row statements (was one statement per row).
    const itemIds = new Map<string, string>();
    const itemKey = (r: GoodRow) => `${r.itemCode}|${r.vendorItemId}`;
    const distinct = new Map<string, GoodRow>();
    for (const a of good) for (const r of a.rows) if (!distinct.has(itemKey(r))) distinct.set(itemKey(r), r);
    const pending = [...distinct.values()].map((r) => ({
      itemCode: r.itemCode,
      vendorItemId: r.vendorItemId,
      answer: r.key,
    }));
    await upsertVendorItems(tx, vendor, pending, now, itemIds);
    // The blueprint and the centre are the session's: read once per session, not per attempt.
    const blueprints = new Map<string, Awaited<ReturnType<typeof blueprintInForce>>>();
    const centres = new Map<string, Awaited<ReturnType<typeof findOrganisation>>>();
    const allEvents: Array<typeof examAnswerEvents.$inferInsert> = [];
    const allFinals: Array<typeof examFinalAnswers.$inferInsert> = [];
    for (const a of good) {
      if (!blueprints.has(a.session.id))
        blueprints.set(
          a.session.id,
          await blueprintInForce(tx, a.session.itemCode, provinceOf(a.session.regionCode), a.session.date),
        );
      const blueprint = blueprints.get(a.session.id);
      const passMark = blueprint?.theoryPassMark ?? DEFAULT_PASS_MARK;
      const items = a.rows.map((r) => itemIds.get(itemKey(r))!);
      // Pilot (unscored) items are kept on the paper for the record and carry no points.
      const scoredRows = a.rows.filter((r) => !r.pilot);
      const points = Math.round((100 / Math.max(scoredRows.length, 1)) * 100) / 100;
      const questions: PaperQuestion[] = a.rows.map((r, i) => {
        const width =
          r.kind === 'judge' ? 2 : Math.max(4, ...r.chosen.map((x) => x + 1), ...(r.key ?? []).map((x) => x + 1));
        return {
          questionId: items[i],
          kind: r.kind,
          points: r.pilot ? 0 : points,
          optionOrder: Array.from({ length: width }, (_, k) => k),
          ...(r.pilot ? { pilot: true } : {}),
        };
      });
      const times = a.rows.flatMap((r) => [r.shownAt, r.answeredAt]).filter((t): t is Date => !!t);
      const startedAt = times.length ? new Date(Math.min(...times.map((t) => t.getTime()))) : a.session.startsAt;
      const submittedAt =
        a.rows.find((r) => r.submittedAt)?.submittedAt ??
        (times.length ? new Date(Math.max(...times.map((t) => t.getTime()))) : startedAt);
      const correctCount = scoredRows.filter((r) => r.correct).length;
      const score = Math.round((correctCount * 1000) / Math.max(scoredRows.length, 1)) / 10;
      const paper = await insertPaper(tx, {
        bookingId: a.bookingId,
        sessionId: a.session.id,
        workerId: a.workerId,
        itemCode: a.session.itemCode,
        blueprintVersion: blueprint?.version ?? 0,
        questions,
        passMark,
        startedAt,
        deadline: new Date(startedAt.getTime() + (blueprint?.timeLimitMinutes ?? 90) * 60_000),
        submittedAt,
        score,
        passed: score >= passMark,
        source: 'vendor',
        vendor,
        importId: imp.id,
      });
      // The vendor's own event times stand in for server time; the paper's source says so.
      let seq = 0;
      const events = a.rows.flatMap((r, position) => [
        ...(r.shownAt
          ? [
              {
                paperId: paper.id,
                clientSeq: ++seq,
                kind: 'question_shown',
                position,
                selected: null,
                clientAt: null,
                serverAt: r.shownAt,
              },
            ]
          : []),
        ...(r.answeredAt && r.chosen.length
          ? [
              {
                paperId: paper.id,
                clientSeq: ++seq,
                kind: 'option_selected',
                position,
                selected: r.chosen,
                clientAt: null,
                serverAt: r.answeredAt,
              },
            ]
          : []),
      ]);
      events.push({
        paperId: paper.id,
        clientSeq: ++seq,
        kind: 'final_submit',
        position: null as never,
        selected: null,
        clientAt: null,
        serverAt: submittedAt,
      });
      // Collected for the whole upload and written in multi-row statements after the loop.
      allEvents.push(...events);
      allFinals.push(
        ...a.rows.map((r, position) => ({
          paperId: paper.id,
          position,
          questionId: items[position],
          selected: r.chosen,
          correct: r.correct,
          points: r.correct && !r.pilot ? points : 0,
          responseSeconds: r.responseSeconds,
        })),
      );
      if (!centres.has(a.session.centreOrgId))
        centres.set(a.session.centreOrgId, await findOrganisation(tx, a.session.centreOrgId));
      const centre = centres.get(a.session.centreOrgId);
      await appendArchiveEvent(tx, now, actor, {
        workerId: a.workerId,
        kind: 'examined',
        summary: `${a.session.itemCode} 理论考试 ${score} 分（合格线 ${passMark}，${vendor} 考试系统成绩导入）：${score >= passMark ? '合格' : '不合格'}`,
        detail: {
          paperId: paper.id,
          sessionId: a.session.id,
          part: 'theory',
          score,
          passMark,
          passed: score >= passMark,
          source: 'vendor',
          vendor,
        },
        org: { id: a.session.centreOrgId, name: centre?.name ?? '' },
      });
      for (const r of a.rows) reports[r.row - 1].status = 'imported';
      created += 1;
    }
    // Set-based (unnest) inserts: one statement per 5,000 rows instead of two per attempt.
    await insertMany(tx, examAnswerEvents, allEvents, { onConflictDoNothing: true });
    await insertMany(tx, examFinalAnswers, allFinals);
    const summary = {
      attemptsCreated: created,
      attemptsFailed: new Set([...attempts.keys(), ...spoiled]).size - created,
    };
    const [after] = await tx
      .update(examAttemptImports)
      .set({ ...summary, report: reports.filter((r) => r.errors.length) })
      .where(eq(examAttemptImports.id, imp.id))
      .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.attempts_import',
      entityType: 'exam_attempt_import',
      entityId: imp.id,
      regionCode: actor.regionCode,
      after: { vendor, format: input.format, rows: input.rows.length, ...summary },
    });
    return after;
  });
  return {
    id: importRow.id,
    vendor,
    attemptsCreated: importRow.attemptsCreated,
    attemptsFailed: importRow.attemptsFailed,
    rowsImported: reports.filter((r) => r.status === 'imported').length,
    rowsFailed: reports.filter((r) => r.status === 'error').length,
    rows: reports,
  };
}

async function findVendorMapping(db: Executor, centreOrgId: string, vendor: string) {
  const [row] = await db
    .select()
    .from(examVendorMappings)
    .where(and(eq(examVendorMappings.centreOrgId, centreOrgId), eq(examVendorMappings.vendor, vendor)));
  return row ?? null;
}

/** The vendor's own site and session codes replaced by ours (mapped once, saved per vendor). */
function applyCodes(
  rows: unknown[],
  saved: { sites: Record<string, string>; sessions: Record<string, string> } | null,
) {
  if (!saved || (!Object.keys(saved.sites).length && !Object.keys(saved.sessions).length)) return rows;
  return rows.map((r) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) return r;
    const row = r as RawRow;
    const site = saved.sites[text(row.siteId)];
    const session = saved.sessions[text(row.sessionId)];
    return { ...row, ...(site ? { siteId: site } : {}), ...(session ? { sessionId: session } : {}) };
  });
}

export interface VendorMappingInput {
  headers: Record<string, string>;
  sites: Record<string, string>;
  sessions: Record<string, string>;
  /** Issue 20: the vendor's candidate code (准考证号/考生编号) → the candidate's ID number. */
  candidates?: Record<string, string>;
}

/**
 * Issue 20: the exam centre saves, once per vendor, how the vendor's headers and its own site and
 * session codes map to ours. Every target must be a field we know and a site/session of this centre.
 */
export async function saveVendorMapping(ctx: AppContext, actor: Actor, vendorName: string, input: VendorMappingInput) {
  requirePermission(actor, 'exams.import');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId) throw forbidden('外部考试系统的对照表由考试机构维护。');
  const vendor = vendorName.trim();
  if (!vendor) throw badRequest('请填写考试系统厂商名称。', [{ field: 'vendor', message: '必填' }]);
  const problems: string[] = [];
  for (const [h, f] of Object.entries(input.headers))
    if (!(IMPORT_COLUMNS as readonly string[]).includes(f)) problems.push(`列“${h}”对应的字段 ${f} 不存在`);
  for (const [code, id] of Object.entries(input.sessions)) {
    const s = UUID.test(id) ? await findSession(ctx.db, id) : undefined;
    // Another centre's session is as unknown as a missing one (SEC-2).
    if (!s || s.centreOrgId !== actor.orgId) problems.push(`场次代码 ${code} 对应的场次不存在或不属于本考试机构`);
  }
  for (const [code, id] of Object.entries(input.sites))
    if (!UUID.test(id)) problems.push(`考点代码 ${code} 须对应本平台考试点编号`);
  const candidates: Array<{ code: string; workerId: string }> = [];
  for (const [code, idNumber] of Object.entries(input.candidates ?? {})) {
    const id = text(idNumber).toUpperCase();
    const worker = /^\d{17}[\dX]$/.test(id)
      ? await findWorkerByIdNumberHash(ctx.db, ctx.vault.lookupHashes('id_number', id))
      : undefined;
    if (!worker) problems.push(`准考证号 ${code} 对应的身份证号不是本平台登记的考生`);
    else candidates.push({ code: code.trim(), workerId: worker.id });
  }
  if (problems.length) throw ruleViolation('EXM-6', '对照表有误', problems.join('；'));
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    if (candidates.length)
      await tx
        .insert(examVendorCandidates)
        .values(candidates.map((c) => ({ ...c, centreOrgId: actor.orgId!, vendor, updatedAt: now })))
        .onConflictDoUpdate({
          target: [examVendorCandidates.centreOrgId, examVendorCandidates.vendor, examVendorCandidates.code],
          set: { workerId: sql`excluded.worker_id`, updatedAt: now },
        });
    const values = {
      centreOrgId: actor.orgId!,
      vendor,
      headers: input.headers,
      sites: input.sites,
      sessions: input.sessions,
      updatedAt: now,
      updatedBy: actor.userId,
    };
    const [row] = await tx
      .insert(examVendorMappings)
      .values(values)
      .onConflictDoUpdate({
        target: [examVendorMappings.centreOrgId, examVendorMappings.vendor],
        set: {
          headers: input.headers,
          sites: input.sites,
          sessions: input.sessions,
          updatedAt: now,
          updatedBy: actor.userId,
        },
      })
      .returning();
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.vendor_mapping_saved',
      entityType: 'exam_vendor_mapping',
      entityId: actor.orgId!,
      regionCode: actor.regionCode,
      after: {
        vendor,
        headers: Object.keys(input.headers).length,
        sites: Object.keys(input.sites).length,
        sessions: Object.keys(input.sessions).length,
        candidates: candidates.length,
      },
    });
    return {
      vendor: row.vendor,
      headers: row.headers,
      sites: row.sites,
      sessions: row.sessions,
      updatedAt: row.updatedAt,
    };
  });
}

export async function getVendorMapping(ctx: AppContext, actor: Actor, vendor: string) {
  requirePermission(actor, 'exams.import');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId) throw forbidden();
  const row = await findVendorMapping(ctx.db, actor.orgId, vendor.trim());
  return row
    ? { vendor: row.vendor, headers: row.headers, sites: row.sites, sessions: row.sessions, updatedAt: row.updatedAt }
    : { vendor: vendor.trim(), headers: {}, sites: {}, sessions: {}, updatedAt: null };
}

export async function listAttemptImports(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'exams.import');
  if (actor.orgKind !== 'exam_centre' || !actor.orgId) throw forbidden();
  const rows = await ctx.db
    .select()
    .from(examAttemptImports)
    .where(and(eq(examAttemptImports.centreOrgId, actor.orgId)))
    .orderBy(desc(examAttemptImports.importedAt))
    .limit(200);
  return {
    items: rows.map((r) => ({
      id: r.id,
      vendor: r.vendor,
      format: r.format,
      attemptsCreated: r.attemptsCreated,
      attemptsFailed: r.attemptsFailed,
      importedAt: r.importedAt,
    })),
    columns: IMPORT_COLUMNS,
  };
}
