// REG-4, EMP-3: bulk import of an employer's special-operations workers from .xlsx or .csv, on the
// shared import mechanism (kernel/imports): the upload is streamed to disk and guarded (issue 18), a
// background job checks it in batches (progress on the page, every bad row named), and on the user's
// confirmation a second job writes it in one transaction with multi-row inserts — never half.
import type { Actor } from '../../kernel/access.js';
import { importTemplateWorkbook } from '../../kernel/import-template.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { isUniqueViolation, type Tx } from '../../db/index.js';
import { maskIdNumber, parseResidentIdNumber } from '../../kernel/ids.js';
import {
  mapSliced,
  runImportInline,
  type CheckedRow,
  type ImportColumn,
  type ImportKind,
  type ImportLimits,
  type RowProblem,
} from '../../kernel/imports/index.js';
import { conflict, ruleViolation } from '../../kernel/problem.js';
import { regionLevel } from '../../kernel/regions.js';
import {
  EDUCATIONS,
  linkWorkersToOrganisation,
  newWorkerProblems,
  registerPreparedWorkersInBulk,
  prepareBulkWorker,
  type PreparedBulkWorker,
  reopenOrgLinks,
  workerIdsByIdNumberHash,
  type Education,
} from '../registry/index.js';
import { requireEmployerNotSuspended } from './sanctions.js';
import { currentEmploymentsOfWorkers, insertEmployments, workHistories } from './queries.js';
import {
  ASSIGNMENT_REFUSAL_LABELS,
  IMPORT_COLUMNS,
  REQUIRED_COLUMNS,
  filingDueOn,
  parseImportRow,
  refusedAssignments,
  type EmploymentKind,
  type HeldCertificate,
  type RawImportRow,
} from './rules.js';
import { employerOf, itemNames } from './service.js';

export const MAX_IMPORT_ROWS = 200_000;

/**
 * A ledger of 200,000 rows is ≈ 20 MB as CSV, less as .xlsx (its sheet XML unpacks to ≈ 60 MB). A
 * 2.7 M-row CSV is refused at its 200,001st row, a zip bomb by its directory or as it inflates.
 */
export const LEDGER_LIMITS: ImportLimits = {
  maxBytes: { csv: 40 * 1024 * 1024, xlsx: 30 * 1024 * 1024 },
  maxRows: MAX_IMPORT_ROWS,
  maxUnpackedBytes: 300 * 1024 * 1024,
  maxRatio: 100,
};

const ENGLISH_KEYS: Record<(typeof IMPORT_COLUMNS)[number], string> = {
  姓名: 'name',
  身份证号: 'idNumber',
  手机号: 'phone',
  文化程度: 'education',
  所在区县代码: 'regionCode',
  用工形式: 'kind',
  派遣或外包单位: 'providerName',
  作业项目代码: 'itemCodes',
  聘用日期: 'hiredOn',
};

/** The template's columns, read into rows keyed by their Chinese names (what parseImportRow reads). */
const LEDGER_COLUMNS: ImportColumn[] = IMPORT_COLUMNS.map((label) => ({
  key: label,
  label,
  aliases: [ENGLISH_KEYS[label]],
  required: (REQUIRED_COLUMNS as readonly string[]).includes(label),
  note: label,
}));

/**
 * A new person as staged: sealed and hashed once at the check (SEC-3), written as is at commit.
 * `idNumberHash` is absent from rows staged before this shape (sealed values only): those are opened
 * and prepared at commit.
 */
type NewWorkerStaged =
  | PreparedBulkWorker
  | {
      name: string;
      idNumberSealed: string;
      phoneSealed: string | null;
      education: string;
      regionCode: string;
      idNumberHash?: undefined;
    };

/** A checked row as staged (personal data sealed) until the commit. */
interface StagedRow {
  hash: string;
  masked: string;
  newWorker: NewWorkerStaged | null;
  name: string;
  kind: EmploymentKind;
  providerName: string | null;
  itemCodes: string[];
  hiredOn: string;
}

interface CheckState {
  names: Map<string, string> | null;
  /** ID-number hash → first row: the same person twice in the file. */
  seen: Map<string, number>;
}

function refusalMessage(refused: ReturnType<typeof refusedAssignments>, names: Map<string, string>) {
  return `无有效操作证，不能安排从事 ${refused.map((r) => `${r.itemCode} ${names.get(r.itemCode) ?? ''}（${ASSIGNMENT_REFUSAL_LABELS[r.reason]}）`).join('、')}；可清空作业项目先导入，取证后再添加（EMP-1）`;
}

const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  idNumber: '身份证号',
  phone: '手机号',
  regionCode: '所在区县代码',
  education: '文化程度',
};

async function checkRows(
  ctx: AppContext,
  actor: Actor,
  rows: Array<{ rowNo: number; values: Record<string, string> }>,
  state: CheckState,
): Promise<CheckedRow[]> {
  const orgId = employerOf(actor);
  const now = ctx.clock.now();
  const day = chinaDate(now);
  state.names ??= await itemNames(ctx);
  const names = state.names;
  const defaultRegion = actor.regionCode && regionLevel(actor.regionCode) === 'county' ? actor.regionCode : null;
  const parsed = await mapSliced(rows, ({ rowNo, values }) => {
    const row = parseImportRow(values as RawImportRow, rowNo, day);
    const id = row.value ? parseResidentIdNumber(row.value.idNumber, { today: now }) : null;
    return { rowNo, ...row, id, hash: id?.ok ? ctx.vault.lookupHash('id_number', id.idNumber) : null };
  });
  // Against the platform: four queries per batch, whatever its size.
  const registered = await workerIdsByIdNumberHash(
    ctx.db,
    parsed.flatMap((p) => (p.hash ? [p.hash] : [])),
  );
  const ids = [...registered.values()].map((w) => w.id);
  const [employed, held, histories] = await Promise.all([
    currentEmploymentsOfWorkers(ctx.db, orgId, ids),
    ctx.certificates.heldBy(ctx.db, ids, day),
    // Order 30 art. 32: a holder away from the item for 6 months or more needs the practical exam first.
    workHistories(ctx.db, ids),
  ]);
  return mapSliced(parsed, (p): CheckedRow => {
    const problems: RowProblem[] = p.errors.map((e) => ({ field: e.field, message: e.message }));
    const fail = (field: string, message: string) => problems.push({ field, message });
    const v = p.value;
    if (!v || !p.id) return { rowNo: p.rowNo, problems };
    const id = p.id;
    if (!id.ok) {
      fail('身份证号', id.message); // REG-2
      return { rowNo: p.rowNo, problems };
    }
    const hash = p.hash!;
    const earlier = state.seen.get(hash);
    if (earlier) {
      fail('身份证号', `与第 ${earlier} 行重复`);
      return { rowNo: p.rowNo, problems };
    }
    state.seen.set(hash, p.rowNo);
    const unknown = v.itemCodes.filter((c) => !names.has(c));
    if (unknown.length) fail('作业项目代码', `${unknown.join('、')} 不在特种作业目录中`);
    const existing = registered.get(hash);
    // EMP-1: an item the person holds no valid certificate for (a person not yet registered holds none),
    // including a holder away from the item for 6 months or more (away_from_work).
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
    let newWorker: NewWorkerStaged | null = null;
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
        }))
          fail(FIELD_LABELS[problem.field] ?? problem.field, problem.message);
        newWorker = prepareBulkWorker(ctx, {
          name: v.name,
          idNumber: id.idNumber,
          phone: v.phone,
          education,
          regionCode,
        });
      }
    }
    if (problems.length) return { rowNo: p.rowNo, problems };
    const data: StagedRow = {
      hash,
      masked: maskIdNumber(id.idNumber),
      newWorker,
      name: existing?.name ?? v.name,
      kind: v.kind,
      providerName: v.providerName,
      itemCodes: v.itemCodes,
      hiredOn: v.hiredOn,
    };
    return {
      rowNo: p.rowNo,
      problems,
      data: data as unknown as Record<string, unknown>,
      outcome: 'imported',
      tallies: newWorker ? ['newWorkers'] : [],
    };
  });
}

const bump = (report: Record<string, number>, key: string, n: number) => {
  report[key] = (report[key] ?? 0) + n;
};

/** One batch of the all-or-nothing commit: new people registered (REG-4), every row on the ledger. */
async function commitRows(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  staged: Array<{ rowNo: number; data: Record<string, unknown> }>,
  report: Record<string, number>,
  upload: { id: string },
) {
  const orgId = employerOf(actor);
  const now = ctx.clock.now();
  const day = chinaDate(now);
  const rows = staged.map((s) => ({ rowNo: s.rowNo, ...(s.data as unknown as StagedRow) }));
  const fresh = rows.filter((r) => r.newWorker);
  // Sealed once, at the check: the staged row is written as it is.
  const registered = await registerPreparedWorkersInBulk(
    tx,
    ctx,
    actor,
    fresh.map(({ newWorker: w }) =>
      w!.idNumberHash
        ? (w as PreparedBulkWorker)
        : prepareBulkWorker(ctx, {
            name: w!.name,
            idNumber: ctx.vault.open(w!.idNumberSealed!),
            phone: w!.phoneSealed ? ctx.vault.open(w!.phoneSealed) : null,
            education: w!.education as Education,
            regionCode: w!.regionCode,
          }),
    ),
    `${actor.orgName ?? ''}批量导入特种作业人员台账时为其登记建档`,
  );
  const existing = await workerIdsByIdNumberHash(
    tx,
    rows.filter((r) => !r.newWorker).map((r) => r.hash),
  );
  const workerOf = (hash: string) => registered.get(hash) ?? existing.get(hash)?.id;
  // EMP-1 again at commit: a certificate revoked since the check must not slip through.
  const assigned = rows.filter((r) => !r.newWorker && r.itemCodes.length);
  if (assigned.length) {
    const assignedIds = assigned.map((r) => workerOf(r.hash)!);
    const [held, histories]: [Map<string, HeldCertificate[]>, Awaited<ReturnType<typeof workHistories>>] =
      await Promise.all([ctx.certificates.heldBy(tx, assignedIds, day), workHistories(tx, assignedIds)]);
    // Read through the transaction: on PGlite it holds the only connection.
    const names = await itemNames({ ...ctx, db: tx });
    const refusedRows = assigned.flatMap((r) => {
      const refused = refusedAssignments(
        r.itemCodes,
        held.get(workerOf(r.hash)!) ?? [],
        r.hiredOn,
        day,
        histories.get(workerOf(r.hash)!),
      );
      return refused.length ? [{ row: r.rowNo, field: '作业项目代码', message: refusalMessage(refused, names) }] : [];
    });
    if (refusedRows.length)
      throw ruleViolation(
        'EMP-1',
        '无有效操作证，不能安排该作业',
        `检查之后，第 ${refusedRows.map((e) => e.row).join('、')} 行人员的证书已失效，本次未导入任何数据；请重新上传。`,
        { errors: refusedRows },
      );
  }
  try {
    await insertEmployments(
      tx,
      rows.map((r) => ({
        employerOrgId: orgId,
        regionCode: actor.regionCode!,
        workerId: workerOf(r.hash)!,
        workerName: r.name,
        idNumberMasked: r.masked,
        kind: r.kind,
        providerName: r.providerName,
        itemCodes: r.itemCodes,
        hiredOn: r.hiredOn,
        filingDueOn: filingDueOn(r.hiredOn),
        createdAt: now,
        createdBy: actor.userId,
        importId: upload.id,
      })),
    );
  } catch (err) {
    // Someone was put on the ledger by another hand since the check: nothing of this file is imported.
    if (isUniqueViolation(err, 'employments_current_unique'))
      throw conflict('检查之后，文件中已有人员被录入本单位台账，本次未导入任何数据；请重新上传。');
    throw err;
  }
  await linkWorkersToOrganisation(
    tx,
    rows.map((r) => ({ workerId: workerOf(r.hash)!, orgId, relation: 'employee', since: now })),
  );
  await reopenOrgLinks(tx, {
    workerIds: rows.filter((r) => !r.newWorker).map((r) => workerOf(r.hash)!),
    orgId,
    relation: 'employee',
    since: now,
  });
  bump(report, 'imported', rows.length);
  bump(report, 'newWorkers', fresh.length);
}

/** The employer ledger as an import kind of the shared mechanism (`/api/employment-imports`). */
export const ledgerImport: ImportKind<CheckState> = {
  name: 'employers.ledger',
  slug: 'ledger',
  label: '人员',
  columns: LEDGER_COLUMNS,
  limits: LEDGER_LIMITS,
  authorise: (actor) => void employerOf(actor),
  newCheckState: () => ({ names: null, seen: new Map() }),
  checkBatch: checkRows,
  // SUP-4: a bulk import is hiring too; a suspended employer hires nobody.
  commitGuard: (db, ctx, actor) =>
    requireEmployerNotSuspended(db, employerOf(actor), chinaDate(ctx.clock.now()), '导入新聘特种作业人员'),
  commitBatch: commitRows,
  committedAction: 'employer.import',
};

export const EMPLOYER_IMPORTS = [ledgerImport] as const;

/** The whole import in this process, without the queue (the demo seed). */
export function importLedgerInline(
  ctx: AppContext,
  actor: Actor,
  input: { fileName: string; format: 'csv' | 'xlsx'; buffer: Buffer },
) {
  return runImportInline(ctx, actor, ledgerImport, input, { commit: true });
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
