// EXM-6 use cases of the question bank: versioned questions, JSON/.xlsx import with a per-row
// report, and the blueprint of each item.
import ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import { badRequest, ruleViolation } from '../../kernel/problem.js';
import { getOperationItem } from '../catalog/index.js';
import {
  bankSummary,
  currentQuestionByKey,
  currentQuestions,
  findBlueprint,
  insertQuestion,
  retireQuestion,
  upsertBlueprint,
  type QuestionRow,
} from './queries.js';
import {
  DEFAULT_PASS_MARK,
  JUDGE_OPTIONS,
  QUESTION_KINDS,
  blueprintShortfalls,
  blueprintTotal,
  parseAnswer,
  questionProblems,
  type QuestionInput,
} from './rules.js';
import type { BlueprintSection, QuestionKind } from './schema.js';

export const MAX_IMPORT_ROWS = 5000;

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
  if (actor) requirePermission(actor, 'exams.bank');
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
      const existing = await currentQuestionByKey(tx, itemCode, q.key);
      if (existing && sameContent(existing, q)) {
        report.push({ row, key: q.key, status: 'unchanged', errors: [] });
        continue;
      }
      if (existing) await retireQuestion(tx, existing.id);
      await insertQuestion(tx, {
        ...q,
        options: q.options!,
        itemCode,
        version: (existing?.version ?? 0) + 1,
        current: true,
        createdAt: now,
        createdBy: actor?.userId ?? null,
      });
      report.push({ row, key: q.key, status: existing ? 'updated' : 'created', errors: [] });
    }
    const counts = countStatuses(report);
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.bank_import',
      entityType: 'operation_item',
      entityId: itemCode,
      regionCode: actor?.regionCode ?? null,
      after: { source, ...counts },
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
 * The .xlsx template: first sheet, header row with XLSX_COLUMNS (any order), one question per row;
 * 题型 判断/单选/多选, 难度 1–3, 答案 as letters (A, ABD) or 正确/错误. Returns rows in the JSON import
 * shape; a row that cannot even be read carries `__errors` for the report.
 */
export async function readQuestionWorkbook(buffer: Buffer): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw badRequest('无法读取该文件，请上传 .xlsx 格式的题库模板。');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw badRequest('文件中没有工作表。');
  const header = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => header.set(String(cell.text).trim(), col));
  const missing = ['题号', '题型', '知识点', '难度', '题干', '答案'].filter((c) => !header.has(c));
  if (missing.length) throw badRequest(`表头缺少列：${missing.join('、')}。模板列为：${XLSX_COLUMNS.join('、')}`);
  const rows: unknown[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const text = (name: string) => (header.has(name) ? String(row.getCell(header.get(name)!).text ?? '').trim() : '');
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
  return rows;
}

export async function getBank(ctx: AppContext, actor: Actor, itemCode: string) {
  requirePermission(actor, 'exams.bank');
  const item = await getOperationItem(ctx, itemCode);
  const [questions, blueprint] = await Promise.all([
    currentQuestions(ctx.db, itemCode),
    findBlueprint(ctx.db, itemCode),
  ]);
  return {
    item: { code: item.code, name: item.name },
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
    })),
    blueprint: blueprint ? presentBlueprint(blueprint) : defaultBlueprint(itemCode),
  };
}

export async function getBankSummary(ctx: AppContext, actor: Actor) {
  requirePermission(actor, 'exams.bank');
  const rows = await bankSummary(ctx.db);
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
  return { items: [...byItem.values()].sort((a, b) => a.itemCode.localeCompare(b.itemCode, 'en', { numeric: true })) };
}

function presentBlueprint(b: NonNullable<Awaited<ReturnType<typeof findBlueprint>>>) {
  return {
    itemCode: b.itemCode,
    version: b.version,
    sections: b.sections,
    timeLimitMinutes: b.timeLimitMinutes,
    theoryPassMark: b.theoryPassMark,
    practicalPassMark: b.practicalPassMark,
    totalPoints: blueprintTotal(b.sections),
    saved: true,
  };
}

function defaultBlueprint(itemCode: string) {
  return {
    itemCode,
    version: 0,
    sections: [] as BlueprintSection[],
    timeLimitMinutes: 90,
    theoryPassMark: DEFAULT_PASS_MARK,
    practicalPassMark: DEFAULT_PASS_MARK,
    totalPoints: 0,
    saved: false,
  };
}

export interface BlueprintInput {
  sections: BlueprintSection[];
  timeLimitMinutes: number;
  theoryPassMark?: number;
  practicalPassMark?: number;
}

/** EXM-6: a blueprint must total 100 points (pass marks are out of 100) and the bank must fill it. */
export async function setBlueprint(ctx: AppContext, actor: Actor | null, itemCode: string, input: BlueprintInput) {
  if (actor) requirePermission(actor, 'exams.bank');
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
  return ctx.db.transaction(async (tx) => {
    const bank = await currentQuestions(tx, itemCode);
    const short = blueprintShortfalls(input.sections, bank);
    if (short.length) throw ruleViolation('EXM-6', '题库不足以按此规则组卷', short.join('；'), { shortfalls: short });
    const before = await findBlueprint(tx, itemCode);
    const row = await upsertBlueprint(tx, {
      itemCode,
      version: (before?.version ?? 0) + 1,
      sections: input.sections.map((s) => ({
        kind: s.kind,
        knowledgePoint: s.knowledgePoint?.trim() || null,
        count: s.count,
        points: s.points,
      })),
      timeLimitMinutes: input.timeLimitMinutes,
      // NATIONAL.md: 80 per part unless the province sets otherwise for this item (EXM-8).
      theoryPassMark: input.theoryPassMark ?? before?.theoryPassMark ?? DEFAULT_PASS_MARK,
      practicalPassMark: input.practicalPassMark ?? before?.practicalPassMark ?? DEFAULT_PASS_MARK,
      updatedAt: ctx.clock.now(),
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exams.blueprint_set',
      entityType: 'operation_item',
      entityId: itemCode,
      regionCode: actor?.regionCode ?? null,
      before: before ?? null,
      after: row,
    });
    return presentBlueprint(row);
  });
}
