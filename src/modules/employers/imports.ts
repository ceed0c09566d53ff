// REG-4, EMP-3: bulk import of an employer's special-operations workers from .xlsx or .csv. The file is
// checked as a whole first (a progress the page polls, every bad row named); it is imported in one
// transaction only when no row is bad and the user confirms — never half.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import { importTemplateWorkbook } from '../../kernel/import-template.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { isUniqueViolation } from '../../db/index.js';
import { maskIdNumber, parseResidentIdNumber } from '../../kernel/ids.js';
import { badRequest, conflict, notFound, ruleViolation } from '../../kernel/problem.js';
import { regionLevel } from '../../kernel/regions.js';
import {
  EDUCATIONS,
  linkWorkersToOrganisation,
  newWorkerProblems,
  registerWorkersInBulk,
  reopenOrgLinks,
  workerIdsByIdNumberHash,
  type Education,
} from '../registry/index.js';
import { requireEmployerNotSuspended } from './sanctions.js';
import {
  currentEmploymentsOfWorkers,
  deleteImportRows,
  findImport,
  importRows,
  insertEmployments,
  insertImport,
  insertImportRows,
  listImports,
  updateImport,
  workHistories,
  type ImportRow,
} from './queries.js';
import {
  ASSIGNMENT_REFUSAL_LABELS,
  IMPORT_COLUMNS,
  REQUIRED_COLUMNS,
  filingDueOn,
  parseImportRow,
  refusedAssignments,
  type HeldCertificate,
  type ImportRowError,
  type RawImportRow,
} from './rules.js';
import { employerOf, itemNames } from './service.js';

export const MAX_IMPORT_ROWS = 200_000;
const CHUNK = 1000;
/** A rejected import lists this many row errors; the count says how many there were. */
const MAX_REPORTED_ERRORS = 1000;

export type ImportFormat = 'xlsx' | 'csv';

/** A template's columns: all of them in order, those the header must have, and what a row holds (for messages). */
export interface ImportColumns {
  all: readonly string[];
  required: readonly string[];
  rowNoun: string;
}
const LEDGER_COLUMNS: ImportColumns = { all: IMPORT_COLUMNS, required: REQUIRED_COLUMNS, rowNoun: '人员数据' };

/** Reads the first sheet (or the CSV) into rows keyed by the template's header names; `__row` is the sheet row. */
export async function readImportFile<R extends Record<string, string | undefined> = RawImportRow>(
  buffer: Buffer,
  format: ImportFormat,
  columns: ImportColumns = LEDGER_COLUMNS,
): Promise<Array<R & { __row: number }>> {
  const book = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (format === 'xlsx') {
      await book.xlsx.load(buffer as unknown as ArrayBuffer);
      sheet = book.worksheets[0];
    } else {
      const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
      // Every cell as typed: an ID number read as a number would lose its last digits.
      sheet = await book.csv.read(Readable.from([text]), {
        map: (value: unknown) => value,
        parserOptions: { delimiter: text.includes('\t') && !text.includes(',') ? '\t' : ',' },
      });
    }
  } catch {
    throw badRequest(`无法读取该文件，请上传 .xlsx 或 UTF-8 编码的 .csv 文件（可下载模板）。`);
  }
  if (!sheet) throw badRequest('文件中没有工作表。');
  const header = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => header.set(String(cell.text).trim(), col));
  const missing = columns.required.filter((c) => !header.has(c));
  if (missing.length) throw badRequest(`表头缺少列：${missing.join('、')}。模板列为：${columns.all.join('、')}`);
  const rows: Array<R & { __row: number }> = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const raw: Record<string, string> = {};
    for (const c of columns.all) if (header.has(c)) raw[c] = String(row.getCell(header.get(c)!).text ?? '').trim();
    if (columns.all.every((c) => !raw[c])) continue;
    rows.push({ ...(raw as R), __row: r });
  }
  if (rows.length === 0) throw badRequest(`文件中没有${columns.rowNoun}。`);
  if (rows.length > MAX_IMPORT_ROWS) throw badRequest(`一次最多导入 ${MAX_IMPORT_ROWS} 行，请拆分文件。`);
  return rows;
}

export function presentImport(row: ImportRow) {
  return {
    id: row.id,
    fileName: row.fileName,
    status: row.status,
    total: row.total,
    processed: row.processed,
    errorCount: row.errors.length,
    errors: row.errors.slice(0, 200),
    newWorkers: row.newWorkers,
    createdAt: row.createdAt.toISOString(),
    importedAt: row.importedAt?.toISOString() ?? null,
  };
}

/**
 * Starts checking an uploaded file. Returns at once with the import (the page polls its progress);
 * `checked` settles when every row has been checked.
 */
export async function startImport(
  ctx: AppContext,
  actor: Actor,
  input: { fileName: string; buffer: Buffer; format: ImportFormat },
) {
  const orgId = employerOf(actor);
  const raw = await readImportFile(input.buffer, input.format);
  const row = await ctx.db.transaction(async (tx) => {
    const row = await insertImport(tx, {
      employerOrgId: orgId,
      fileName: input.fileName.slice(0, 200),
      status: 'validating',
      total: raw.length,
      processed: 0,
      errors: [],
      createdAt: ctx.clock.now(),
      createdBy: actor.userId,
    });
    await appendAudit(tx, ctx.clock, actor, {
      action: 'employer.import_upload',
      entityType: 'employer_import',
      entityId: row.id,
      regionCode: actor.regionCode,
      after: { fileName: row.fileName, rows: raw.length },
    });
    return row;
  });
  const checked = checkImport(ctx, actor, row.id, raw).catch(async (err: unknown) => {
    await updateImport(ctx.db, row.id, {
      status: 'failed',
      errors: [{ row: 0, field: '', message: `检查中断：${String((err as Error)?.message ?? err).slice(0, 200)}` }],
    });
  });
  return { import: presentImport(row), checked };
}

async function checkImport(ctx: AppContext, actor: Actor, importId: string, raw: RawImportRow[]) {
  const orgId = actor.orgId!;
  const day = chinaDate(ctx.clock.now());
  const names = await itemNames(ctx);
  const seen = new Map<string, number>();
  const errors: ImportRowError[] = [];
  let newWorkers = 0;
  const defaultRegion = actor.regionCode && regionLevel(actor.regionCode) === 'county' ? actor.regionCode : null;
  for (let start = 0; start < raw.length; start += CHUNK) {
    const chunk = raw.slice(start, start + CHUNK);
    const parsed = chunk.map((r) => {
      const rowNumber = (r as RawImportRow & { __row: number }).__row;
      return { rowNumber, ...parseImportRow(r, rowNumber, day) };
    });
    const hashes = parsed.flatMap((p) => {
      const id = p.value ? parseResidentIdNumber(p.value.idNumber, { today: ctx.clock.now() }) : null;
      return id?.ok ? [ctx.vault.lookupHash('id_number', id.idNumber)] : [];
    });
    const registered = await workerIdsByIdNumberHash(ctx.db, hashes);
    const employed = await currentEmploymentsOfWorkers(
      ctx.db,
      orgId,
      [...registered.values()].map((w) => w.id),
    );
    const held = await ctx.certificates.heldBy(
      ctx.db,
      [...registered.values()].map((w) => w.id),
      day,
    );
    // Order 30 art. 32: a holder away from the item for 6 months or more needs the practical exam first.
    const histories = await workHistories(
      ctx.db,
      [...registered.values()].map((w) => w.id),
    );
    const staged = [];
    for (const p of parsed) {
      errors.push(...p.errors);
      const v = p.value;
      if (!v) continue;
      const fail = (field: string, message: string) => errors.push({ row: p.rowNumber, field, message });
      const id = parseResidentIdNumber(v.idNumber, { today: ctx.clock.now() });
      if (!id.ok) {
        fail('身份证号', id.message); // REG-2
        continue;
      }
      const hash = ctx.vault.lookupHash('id_number', id.idNumber);
      const earlier = seen.get(hash);
      if (earlier) {
        fail('身份证号', `与第 ${earlier} 行重复`);
        continue;
      }
      seen.set(hash, p.rowNumber);
      const unknown = v.itemCodes.filter((c) => !names.has(c));
      if (unknown.length) fail('作业项目代码', `${unknown.join('、')} 不在特种作业目录中`);
      const existing = registered.get(hash);
      // EMP-1: an item the person holds no valid certificate for (a person not yet registered holds none).
      const refused = unknown.length
        ? []
        : refusedAssignments(
            v.itemCodes,
            existing ? (held.get(existing.id) ?? []) : [],
            v.hiredOn,
            day,
            existing ? histories.get(existing.id) : undefined,
          );
      if (refused.length) fail('作业项目代码', refusalMessage(refused, names));
      if (existing && employed.has(existing.id)) fail('身份证号', `${existing.name} 已在本单位台账中`);
      let newWorker = null;
      if (!existing) {
        // REG-4: a person not yet registered is registered by this import, so the registration's checks apply.
        const education = v.education as Education | null;
        if (!education) fail('文化程度', '未登记人员须填写文化程度');
        else if (!EDUCATIONS.includes(education)) fail('文化程度', `「${v.education}」不是可识别的文化程度`);
        const regionCode = v.regionCode ?? defaultRegion;
        if (!regionCode) fail('所在区县代码', '未登记人员须填写所在区县代码');
        if (education && EDUCATIONS.includes(education) && regionCode) {
          for (const problem of newWorkerProblems(ctx, actor, {
            name: v.name,
            idNumber: id.idNumber,
            phone: v.phone,
            education,
            regionCode,
          })) {
            fail(
              {
                name: '姓名',
                idNumber: '身份证号',
                phone: '手机号',
                regionCode: '所在区县代码',
                education: '文化程度',
              }[problem.field] ?? problem.field,
              problem.message,
            );
          }
          newWorker = {
            name: v.name,
            idNumberSealed: ctx.vault.seal(id.idNumber),
            phoneSealed: v.phone ? ctx.vault.seal(v.phone) : null,
            education,
            regionCode,
          };
        }
      }
      if (errors.length && errors[errors.length - 1].row === p.rowNumber) continue;
      if (!existing) newWorkers += 1;
      staged.push({
        importId,
        rowNumber: p.rowNumber,
        idNumberHash: hash,
        idNumberMasked: maskIdNumber(id.idNumber),
        newWorker,
        name: existing?.name ?? v.name,
        kind: v.kind,
        providerName: v.providerName,
        itemCodes: v.itemCodes,
        hiredOn: v.hiredOn,
      });
    }
    // Once a row is bad the file will be rejected: stop staging, keep checking to name every bad row.
    if (errors.length === 0) await insertImportRows(ctx.db, staged);
    await updateImport(ctx.db, importId, { processed: Math.min(start + CHUNK, raw.length) });
  }
  if (errors.length) {
    await deleteImportRows(ctx.db, importId);
    await updateImport(ctx.db, importId, {
      status: 'rejected',
      errors: errors.slice(0, MAX_REPORTED_ERRORS),
      newWorkers,
    });
  } else {
    await updateImport(ctx.db, importId, { status: 'ready', newWorkers });
  }
}

function refusalMessage(refused: ReturnType<typeof refusedAssignments>, names: Map<string, string>) {
  return `无有效操作证，不能安排从事 ${refused.map((r) => `${r.itemCode} ${names.get(r.itemCode) ?? ''}（${ASSIGNMENT_REFUSAL_LABELS[r.reason]}）`).join('、')}；可清空作业项目先导入，取证后再添加（EMP-1）`;
}

async function ownImport(ctx: AppContext, actor: Actor, id: string) {
  const orgId = employerOf(actor);
  const row = await findImport(ctx.db, id);
  if (!row || row.employerOrgId !== orgId) throw notFound('导入任务');
  return row;
}

export async function getImport(ctx: AppContext, actor: Actor, id: string) {
  return presentImport(await ownImport(ctx, actor, id));
}

export async function recentImports(ctx: AppContext, actor: Actor) {
  return { items: (await listImports(ctx.db, employerOf(actor))).map(presentImport) };
}

/** Imports a checked file as a whole: new people registered (REG-4), every row on the ledger, or nothing. */
export async function commitImport(ctx: AppContext, actor: Actor, id: string) {
  const current = await ownImport(ctx, actor, id);
  if (current.status !== 'ready')
    throw conflict(current.status === 'imported' ? '该文件已导入。' : '该文件未通过检查，不能导入；请修改后重新上传。');
  const now = ctx.clock.now();
  const orgId = current.employerOrgId;
  // SUP-4: a bulk import is hiring too.
  await requireEmployerNotSuspended(ctx.db, orgId, chinaDate(now), '导入新聘特种作业人员');
  const names = await itemNames(ctx);
  const result = await ctx.db
    .transaction(async (tx) => {
      const locked = await findImport(tx, id);
      if (locked?.status !== 'ready') throw conflict('该文件已导入。');
      const rows = await importRows(tx, id);
      const fresh = rows.filter((r) => r.newWorker);
      const registered = await registerWorkersInBulk(
        tx,
        ctx,
        actor,
        fresh.map((r) => ({
          name: r.newWorker!.name,
          idNumber: ctx.vault.open(r.newWorker!.idNumberSealed),
          phone: r.newWorker!.phoneSealed ? ctx.vault.open(r.newWorker!.phoneSealed) : null,
          education: r.newWorker!.education as Education,
          regionCode: r.newWorker!.regionCode,
        })),
        `${actor.orgName ?? ''}批量导入特种作业人员台账时为其登记建档`,
      );
      const existing = await workerIdsByIdNumberHash(
        tx,
        rows.filter((r) => !r.newWorker).map((r) => r.idNumberHash),
      );
      const workerOf = (hash: string) => registered.get(hash) ?? existing.get(hash)?.id;
      // EMP-1 again at commit: a certificate revoked since the check must not slip through.
      const assigned = rows.filter((r) => !r.newWorker && r.itemCodes.length);
      const held: Map<string, HeldCertificate[]> = await ctx.certificates.heldBy(
        tx,
        assigned.map((r) => workerOf(r.idNumberHash)!),
        chinaDate(now),
      );
      const histories = await workHistories(
        tx,
        assigned.map((r) => workerOf(r.idNumberHash)!),
      );
      const refusedRows = assigned.flatMap((r) => {
        const refused = refusedAssignments(
          r.itemCodes,
          held.get(workerOf(r.idNumberHash)!) ?? [],
          r.hiredOn,
          chinaDate(now),
          histories.get(workerOf(r.idNumberHash)!),
        );
        return refused.length
          ? [{ row: r.rowNumber, field: '作业项目代码', message: refusalMessage(refused, names) }]
          : [];
      });
      if (refusedRows.length)
        throw ruleViolation(
          'EMP-1',
          '无有效操作证，不能安排该作业',
          `检查之后，第 ${refusedRows.map((e) => e.row).join('、')} 行人员的证书已失效，本次未导入任何数据；请重新上传。`,
          { errors: refusedRows },
        );
      await insertEmployments(
        tx,
        rows.map((r) => ({
          employerOrgId: orgId,
          regionCode: actor.regionCode!,
          workerId: workerOf(r.idNumberHash)!,
          workerName: r.name,
          idNumberMasked: r.idNumberMasked,
          kind: r.kind,
          providerName: r.providerName,
          itemCodes: r.itemCodes,
          hiredOn: r.hiredOn,
          filingDueOn: filingDueOn(r.hiredOn),
          createdAt: now,
          createdBy: actor.userId,
          importId: id,
        })),
      );
      await linkWorkersToOrganisation(
        tx,
        rows.map((r) => ({ workerId: workerOf(r.idNumberHash)!, orgId, relation: 'employee', since: now })),
      );
      await reopenOrgLinks(tx, {
        workerIds: rows.filter((r) => !r.newWorker).map((r) => workerOf(r.idNumberHash)!),
        orgId,
        relation: 'employee',
        since: now,
      });
      await deleteImportRows(tx, id);
      await updateImport(tx, id, { status: 'imported', importedAt: now });
      await appendAudit(tx, ctx.clock, actor, {
        action: 'employer.import',
        entityType: 'employer_import',
        entityId: id,
        regionCode: actor.regionCode,
        before: { status: 'ready' },
        after: { status: 'imported', rows: rows.length, newWorkers: fresh.length },
      });
      return { imported: rows.length, newWorkers: fresh.length };
    })
    .catch((err: unknown) => {
      // Someone was put on the ledger by another hand since the check: nothing of this file is imported.
      if (isUniqueViolation(err, 'employments_current_unique'))
        throw conflict('检查之后，文件中已有人员被录入本单位台账，本次未导入任何数据；请重新上传。');
      throw err;
    });
  return { ...presentImport((await findImport(ctx.db, id))!), ...result };
}

/** The import template with one example row. */
export function importTemplate(): Promise<Buffer> {
  return importTemplateWorkbook({
    sheetName: '特种作业人员',
    columns: IMPORT_COLUMNS,
    examples: [
      [
        '张三',
        '510104199001011234',
        '13800000000',
        '高中',
        '510104',
        '劳务派遣',
        '四川某劳务派遣有限公司',
        '3.1',
        '2026-11-01',
      ],
    ],
    columnWidth: 18,
    notes: [
      '必填列：姓名、身份证号、用工形式、聘用日期。作业项目代码可留空（待取证人员），取证后在台账中增加作业项目。',
      '所填作业项目须持有效的特种作业操作证（聘用日期时已生效、今日仍有效）；无证、过期、逾期未复审或已撤销的，该行不予导入。',
      '用工形式：本单位职工、劳务派遣、外包、临时。劳务派遣和外包须填写派遣或外包单位。',
      '作业项目代码：见特种作业目录（如 2.1 熔化焊接与热切割作业、3.1 登高架设作业），多个用顿号或逗号分隔。',
      '聘用日期：YYYY-MM-DD。聘用之日起 15 日内须在平台办理聘用备案。',
      '尚未在平台登记的人员将一并登记：须填写文化程度（小学/初中/高中/中专/技校/大专/本科/研究生）和所在区县代码（6 位行政区划代码）。',
      '文件中任何一行有误，整个文件均不导入；修改后重新上传即可。',
    ],
    notesWidth: 100,
  });
}
