// EXM-6 use cases of the question bank: versioned questions, JSON/.xlsx import with a per-row
// report, and the blueprint of each item. 考培分离: the bank, blueprints and pass marks are the
// province authority's (province regulator or issuing authority), never an exam centre's.
import { randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { readSheetRows, receiveUpload, type ImportLimits } from '../../kernel/imports/index.js';
import { badRequest, forbidden, ruleViolation } from '../../kernel/problem.js';
import { getOperationItem } from '../catalog/index.js';
import {
  bankSummary,
  blueprintInForce,
  blueprintVersions,
  currentQuestionByKey,
  currentQuestions,
  insertBlueprintVersion,
  insertQuestion,
  latestBlueprintVersionNumber,
  retireQuestion,
  type BlueprintRow,
  type QuestionRow,
} from './queries.js';
import {
  DEFAULT_PASS_MARK,
  JUDGE_OPTIONS,
  QUESTION_KINDS,
  blueprintShortfalls,
  blueprintTotal,
  parseAnswer,
  passMarkProblems,
  provinceOf,
  questionProblems,
  type QuestionInput,
} from './rules.js';
import type { BlueprintSection, QuestionKind } from './schema.js';

export const MAX_IMPORT_ROWS = 5000;

/**
 * 考培分离 (EXM-2, seed 004 §11): the province whose bank, blueprints and pass marks this actor keeps.
 * Only the province's authority (a regulator granted exams.bank) holds them; an exam centre, the body
 * examined by them, proposes questions instead (bank-proposals.ts).
 */
export function bankProvinceOf(actor: Actor): string {
  requirePermission(actor, 'exams.bank');
  if (actor.orgKind !== 'regulator' || !actor.regionCode)
    throw forbidden('题库、组卷规则和合格线由省级考核发证机关管理（EXM-2 考培分离）；考试机构可提出题目建议。');
  return provinceOf(actor.regionCode);
}

export interface ImportRowReport {
  row: number;
  key: string | null;
  status: 'created' | 'updated' | 'unchanged' | 'error';
  errors: string[];
}

function normalise(q: QuestionInput): QuestionInput {
  return {
    key: q.key.trim(),
    kind: q.kind,
    knowledgePoint: q.knowledgePoint.trim(),
    difficulty: q.difficulty,
    stem: q.stem.trim(),
    options: q.kind === 'judge' ? [...JUDGE_OPTIONS] : q.options!.map((o) => o.trim()),
    answer: [...q.answer].sort((a, b) => a - b),
  };
}

const sameContent = (row: QuestionRow, q: QuestionInput) =>
  row.kind === q.kind &&
  row.knowledgePoint === q.knowledgePoint &&
  row.difficulty === q.difficulty &&
  row.stem === q.stem &&
  JSON.stringify(row.options) === JSON.stringify(q.options) &&
  JSON.stringify(row.answer) === JSON.stringify(q.answer);

/**
 * EXM-6: imports questions for one item. Valid rows are written (a changed question becomes a new
 * version, the old one stays for papers already drawn); invalid rows are reported, not written.
 */
export async function importQuestions(
  ctx: AppContext,
  actor: Actor | null,
  itemCode: string,
  rows: unknown[],
  source: 'json' | 'xlsx' | 'demo' = 'json',
) {
  const province = actor ? bankProvinceOf(actor) : null;
  await getOperationItem(ctx, itemCode);
  if (rows.length > MAX_IMPORT_ROWS) throw badRequest(`一次最多导入 ${MAX_IMPORT_ROWS} 题。`);
  const report: ImportRowReport[] = [];
  const seen = new Set<string>();
  const valid: Array<{ row: number; q: QuestionInput }> = [];
  rows.forEach((raw, i) => {
    const row = i + 1;
    const candidate = (raw && typeof raw === 'object' ? raw : {}) as Partial<QuestionInput>;
    const errors = questionProblems(candidate);
    const key = typeof candidate.key === 'string' ? candidate.key.trim() : null;
    if (key && seen.has(key)) errors.push(`题号 ${key} 在本次导入中重复`);
    if (key) seen.add(key);
    if (errors.length) report.push({ row, key, status: 'error', errors });
    else valid.push({ row, q: normalise(candidate as QuestionInput) });
  });
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    for (const { row, q } of valid) {
      // A province's version of a national question replaces it in that province only.
      const own = await currentQuestionByKey(tx, itemCode, q.key, province);
      const existing = own ?? (province ? await currentQuestionByKey(tx, itemCode, q.key, null) : undefined);
      if (existing && sameContent(existing, q)) {
        report.push({ row, key: q.key, status: 'unchanged', errors: [] });
        continue;
      }
      if (own) await retireQuestion(tx, own.id);
      await insertQuestion(tx, {
        ...q,
        options: q.options!,
        itemCode,
        version: (existing?.version ?? 0) + 1,
        current: true,
        createdAt: now,
        createdBy: actor?.userId ?? null,
        provinceCode: province,
      });
      report.push({ row, key: q.key, status: existing ? 'updated' : 'created', errors: [] });
    }
    const counts = countStatuses(report);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.bank_import',
      entityType: 'operation_item',
      entityId: itemCode,
      regionCode: province ?? actor?.regionCode ?? null,
      after: { source, provinceCode: province, ...counts },
    });
  });
  report.sort((a, b) => a.row - b.row);
  return { itemCode, ...countStatuses(report), rows: report };
}

function countStatuses(report: ImportRowReport[]) {
  const n = (s: ImportRowReport['status']) => report.filter((r) => r.status === s).length;
  return { created: n('created'), updated: n('updated'), unchanged: n('unchanged'), failed: n('error') };
}

const KIND_WORDS: Record<string, QuestionKind> = {
  判断: 'judge',
  判断题: 'judge',
  judge: 'judge',
  单选: 'single',
  单选题: 'single',
  single: 'single',
  多选: 'multiple',
  多选题: 'multiple',
  multiple: 'multiple',
};
export const XLSX_COLUMNS = [
  '题号',
  '题型',
  '知识点',
  '难度',
  '题干',
  '选项A',
  '选项B',
  '选项C',
  '选项D',
  '选项E',
  '选项F',
  '答案',
];

/**
 * An uploaded bank file's caps (issue 18): 5,000 questions is ≈ 1 MB of sheet XML; a file whose zip
 * announces or inflates to more than 50 MB, or 100× its size, is refused unread.
 */
export const BANK_LIMITS: ImportLimits = {
  maxBytes: { xlsx: 5 * 1024 * 1024, csv: 5 * 1024 * 1024 },
  maxRows: MAX_IMPORT_ROWS,
  maxUnpackedBytes: 50 * 1024 * 1024,
  maxRatio: 100,
};

/**
 * The .xlsx template: first sheet, header row with XLSX_COLUMNS (any order), one question per row;
 * 题型 判断/单选/多选, 难度 1–3, 答案 as letters (A, ABD) or 正确/错误. Returns rows in the JSON import
 * shape. The file is read as a stream (exceljs WorkbookReader), stopping at the row cap.
 */
export async function readQuestionRows(file: string): Promise<unknown[]> {
  let header: Map<string, number> | null = null;
  const rows: unknown[] = [];
  for await (const { cells } of readSheetRows(file, 'xlsx', MAX_IMPORT_ROWS)) {
    if (!header) {
      header = new Map(cells.map((c, i) => [c.trim(), i] as const));
      const missing = ['题号', '题型', '知识点', '难度', '题干', '答案'].filter((c) => !header!.has(c));
      if (missing.length) throw badRequest(`表头缺少列：${missing.join('、')}。模板列为：${XLSX_COLUMNS.join('、')}`);
      continue;
    }
    const h = header;
    const text = (name: string) => (h.has(name) ? (cells[h.get(name)!] ?? '').trim() : '');
    if (XLSX_COLUMNS.every((c) => !text(c))) continue;
    const kind = KIND_WORDS[text('题型')];
    const options = ['A', 'B', 'C', 'D', 'E', 'F'].map((l) => text(`选项${l}`)).filter(Boolean);
    rows.push({
      key: text('题号'),
      kind: kind ?? text('题型'),
      knowledgePoint: text('知识点'),
      difficulty: Number(text('难度')),
      stem: text('题干'),
      options: kind === 'judge' ? undefined : options,
      answer: kind ? (parseAnswer(kind, text('答案')) ?? text('答案')) : text('答案'),
    });
  }
  if (!header) throw badRequest('文件中没有工作表。');
  return rows;
}

/**
 * EXM-6: a question-bank workbook uploaded as the raw body. Permission first; the body is streamed to
 * disk under the bank's caps and inspected (zip directory, real inflated sizes, rows) before exceljs
 * reads it as a stream — a zip bomb is refused without holding the server (issue 18).
 */
export async function importQuestionWorkbook(ctx: AppContext, actor: Actor, itemCode: string, body: Readable) {
  bankProvinceOf(actor);
  await getOperationItem(ctx, itemCode);
  const { file } = await receiveUpload(
    body,
    path.join(ctx.config.dataDir, 'imports'),
    `bank-${randomUUID()}.xlsx`,
    'xlsx',
    BANK_LIMITS,
  );
  try {
    return await importQuestions(ctx, actor, itemCode, await readQuestionRows(file), 'xlsx');
  } finally {
    await unlink(file).catch(() => undefined);
  }
}

/** The province's bank of an item (national ∪ the province's own), its blueprint in force today and all versions. */
export async function getBank(ctx: AppContext, actor: Actor, itemCode: string) {
  const province = bankProvinceOf(actor);
  const item = await getOperationItem(ctx, itemCode);
  const today = chinaDate(ctx.clock.now());
  const [questions, inForce, versions] = await Promise.all([
    currentQuestions(ctx.db, itemCode, province),
    blueprintInForce(ctx.db, itemCode, province, today),
    blueprintVersions(ctx.db, itemCode, province),
  ]);
  return {
    item: { code: item.code, name: item.name },
    provinceCode: province,
    questions: questions.map((q) => ({
      id: q.id,
      key: q.key,
      version: q.version,
      kind: q.kind,
      knowledgePoint: q.knowledgePoint,
      difficulty: q.difficulty,
      stem: q.stem,
      options: q.options,
      answer: q.answer,
      scope: q.provinceCode ? ('province' as const) : ('national' as const),
    })),
    blueprint: inForce ? presentBlueprint(inForce, today) : defaultBlueprint(itemCode),
    versions: versions.map((v) => presentBlueprint(v, today)),
  };
}

export async function getBankSummary(ctx: AppContext, actor: Actor) {
  const province = bankProvinceOf(actor);
  const rows = await bankSummary(ctx.db, province);
  const byItem = new Map<
    string,
    { itemCode: string; total: number; byKind: Record<string, number>; knowledgePoints: string[] }
  >();
  for (const r of rows) {
    const entry = byItem.get(r.itemCode) ?? { itemCode: r.itemCode, total: 0, byKind: {}, knowledgePoints: [] };
    entry.total += r.n;
    entry.byKind[r.kind] = (entry.byKind[r.kind] ?? 0) + r.n;
    if (!entry.knowledgePoints.includes(r.knowledgePoint)) entry.knowledgePoints.push(r.knowledgePoint);
    byItem.set(r.itemCode, entry);
  }
  return {
    provinceCode: province,
    items: [...byItem.values()].sort((a, b) => a.itemCode.localeCompare(b.itemCode, 'en', { numeric: true })),
  };
}

function presentBlueprint(b: BlueprintRow, today?: string) {
  return {
    id: b.id,
    itemCode: b.itemCode,
    provinceCode: b.provinceCode,
    version: b.version,
    effectiveFrom: b.effectiveFrom,
    sections: b.sections,
    timeLimitMinutes: b.timeLimitMinutes,
    theoryPassMark: b.theoryPassMark,
    practicalPassMark: b.practicalPassMark,
    totalPoints: blueprintTotal(b.sections),
    note: b.note,
    createdAt: b.createdAt,
    createdByName: b.createdByName,
    pending: today ? b.effectiveFrom > today : false,
    saved: true,
  };
}

function defaultBlueprint(itemCode: string) {
  return {
    id: null,
    itemCode,
    provinceCode: null,
    version: 0,
    effectiveFrom: null,
    sections: [] as BlueprintSection[],
    timeLimitMinutes: 90,
    theoryPassMark: DEFAULT_PASS_MARK,
    practicalPassMark: DEFAULT_PASS_MARK,
    totalPoints: 0,
    note: null,
    createdAt: null,
    createdByName: null,
    pending: false,
    saved: false,
  };
}

export interface BlueprintInput {
  sections: BlueprintSection[];
  timeLimitMinutes: number;
  theoryPassMark?: number;
  practicalPassMark?: number;
  /** YYYY-MM-DD; an authority's version takes effect today or later, never in the past. */
  effectiveFrom?: string;
  note?: string;
}

/** The national default a platform load (no actor) writes: in force for every date. */
const NATIONAL_DEFAULT_FROM = '2000-01-01';

/**
 * EXM-6 / EXM-8: a new version of an item's blueprint and pass marks for the authority's province,
 * taking effect on its date (exams before it keep the version they were in force under). It must total
 * 100 points, the province's bank must fill it, and neither pass mark may fall below the national 80.
 */
export async function setBlueprint(ctx: AppContext, actor: Actor | null, itemCode: string, input: BlueprintInput) {
  const province = actor ? bankProvinceOf(actor) : null;
  await getOperationItem(ctx, itemCode);
  if (!input.sections.length || input.sections.some((s) => !QUESTION_KINDS.includes(s.kind)))
    throw badRequest('组卷规则至少一节，题型须为判断、单选或多选。');
  const total = blueprintTotal(input.sections);
  if (Math.abs(total - 100) > 1e-9)
    throw ruleViolation(
      'EXM-6',
      '组卷规则总分不是 100 分',
      `各节题数×分值合计为 ${total} 分，应为 100 分（合格线按百分制）。`,
    );
  const today = chinaDate(ctx.clock.now());
  const effectiveFrom = input.effectiveFrom ?? (actor ? today : NATIONAL_DEFAULT_FROM);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom) || Number.isNaN(Date.parse(effectiveFrom)))
    throw badRequest('生效日期格式应为 YYYY-MM-DD。', [{ field: 'effectiveFrom', message: '日期不合法' }]);
  // EXM-8: a version never reaches back to exams already held under another one.
  if (actor && effectiveFrom < today)
    throw ruleViolation('EXM-8', '生效日期早于今天', `新版本须自今天（${today}）或以后生效，已举行的考试仍按原版本。`);
  return ctx.db.transaction(async (tx) => {
    const before = await blueprintInForce(tx, itemCode, province, effectiveFrom);
    const marks = {
      // NATIONAL.md: 80 per part unless the province sets a stricter mark for this item (EXM-8).
      theoryPassMark: input.theoryPassMark ?? before?.theoryPassMark ?? DEFAULT_PASS_MARK,
      practicalPassMark: input.practicalPassMark ?? before?.practicalPassMark ?? DEFAULT_PASS_MARK,
    };
    // EXM-8: the national pass mark 80 is the floor every province builds on.
    const low = passMarkProblems(marks);
    if (low.length) throw ruleViolation('EXM-8', '合格线低于全国标准', `${low.join('；')}。`, { problems: low });
    const bank = await currentQuestions(tx, itemCode, province);
    const short = blueprintShortfalls(input.sections, bank);
    if (short.length) throw ruleViolation('EXM-6', '题库不足以按此规则组卷', short.join('；'), { shortfalls: short });
    const row = await insertBlueprintVersion(tx, {
      provinceCode: province,
      itemCode,
      version: (await latestBlueprintVersionNumber(tx, itemCode, province)) + 1,
      effectiveFrom,
      sections: input.sections.map((s) => ({
        kind: s.kind,
        knowledgePoint: s.knowledgePoint?.trim() || null,
        count: s.count,
        points: s.points,
      })),
      timeLimitMinutes: input.timeLimitMinutes,
      ...marks,
      note: input.note?.trim() || null,
      createdAt: ctx.clock.now(),
      createdBy: actor?.userId ?? null,
      createdByName: actor?.displayName ?? null,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.blueprint_set',
      entityType: 'operation_item',
      entityId: itemCode,
      regionCode: province ?? actor?.regionCode ?? null,
      before: before ?? null,
      after: row,
    });
    return presentBlueprint(row, today);
  });
}
