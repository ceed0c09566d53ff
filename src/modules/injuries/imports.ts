// ANA-2: import of work-injury records from a spreadsheet, on the shared import mechanism
// (kernel/imports): the upload is streamed to disk and guarded (issue 18), a background job checks it
// in batches (every bad row named) and links each row to the worker, the employer, the employment in
// force that day (dispatch company or contractor), the certificate for the item as it stood that day,
// and the class and institution it came from; on confirmation a second job writes it as a whole with
// multi-row inserts, or nothing when any row is bad.
import { asc, eq } from 'drizzle-orm';
import { requirePermission, type Actor } from '../../kernel/access.js';
import { importTemplateWorkbook } from '../../kernel/import-template.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import type { Tx } from '../../db/index.js';
import {
  generateCreditCode,
  generateResidentIdNumber,
  maskIdNumber,
  parseCreditCode,
  parseResidentIdNumber,
} from '../../kernel/ids.js';
import {
  problemsOfImport,
  runImportInline,
  type CheckedRow,
  type ImportColumn,
  type ImportKind,
  type ImportRow,
  type ImportLimits,
  type RowProblem,
} from '../../kernel/imports/index.js';
import { bulkImportRows } from '../../kernel/imports/schema.js';
import { ruleViolation } from '../../kernel/problem.js';
import { getRegion } from '../../kernel/regions.js';
import { resolveRegion } from '../analytics/index.js';
import { getCatalogue } from '../catalog/index.js';
import { certificatesOfWorkers } from '../certificates/index.js';
import { employmentsOfWorkers, isoDayOf } from '../employers/index.js';
import { organisationsByCreditCodes } from '../organisations/index.js';
import { workerIdsByIdNumberHash } from '../registry/index.js';
import { initialClassesOfWorkers } from '../training/index.js';
import { existingInjuryKeys, insertInjuries, insertInjuryImport } from './queries.js';
import {
  INJURY_COLUMNS,
  INJURY_REQUIRED_COLUMNS,
  MAX_INJURY_ROWS,
  SEVERITY_LABELS,
  STANDING_LABELS,
  ageOn,
  certificateOnDay,
  classOfCertificate,
  employmentOnDay,
  itemCodeOf,
  severityOf,
} from './rules.js';
import type { workInjuries } from './schema.js';

export type InjuryFileFormat = 'xlsx' | 'csv';
export interface InjuryRowError {
  row: number;
  field: string;
  message: string;
}
/** A rejected file lists this many row errors; the count says how many there were. */
const MAX_REPORTED_ERRORS = 500;
const PREVIEW_ROWS = 200;

/** 20,000 records a file (a province's year of work-injury determinations is a few thousand). */
export const INJURY_LIMITS: ImportLimits = {
  maxBytes: { csv: 20 * 1024 * 1024, xlsx: 20 * 1024 * 1024 },
  maxRows: MAX_INJURY_ROWS,
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxRatio: 100,
};

const ENGLISH_KEYS: Record<(typeof INJURY_COLUMNS)[number], string> = {
  身份证号: 'idNumber',
  受伤日期: 'occurredOn',
  用人单位统一社会信用代码: 'employerCreditCode',
  作业项目: 'itemCode',
  伤害程度: 'severity',
  事故经过: 'description',
};
const COLUMNS: ImportColumn[] = INJURY_COLUMNS.map((label) => ({
  key: label,
  label,
  aliases: [ENGLISH_KEYS[label]],
  required: (INJURY_REQUIRED_COLUMNS as readonly string[]).includes(label),
  note: label,
}));

/** ANA-2 is the regulators' (SEC-2: the importer's jurisdiction bounds the rows). */
function importer(actor: Actor) {
  requirePermission(actor, 'injuries');
  const region = resolveRegion(actor);
  return { regionCode: actor.regionCode!, prefix: region.prefix };
}

type Linked = Omit<typeof workInjuries.$inferInsert, 'importId' | 'createdAt'>;
/** A linked row as staged until the commit, with the names the preview shows. */
type Staged = Linked & { itemName: string; employerName: string | null };

interface CheckState {
  names: Map<string, string> | null;
  /** hash|day|item → first row: the same injury twice in the file. */
  seen: Map<string, number>;
}

/** One batch: every row parsed and checked, the good ones linked (six queries per batch). */
async function checkRows(
  ctx: AppContext,
  actor: Actor,
  batch: Array<{ rowNo: number; values: Record<string, string> }>,
  state: CheckState,
): Promise<CheckedRow[]> {
  const scope = importer(actor);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  state.names ??= new Map(
    (await getCatalogue(ctx)).categories.flatMap((c) => c.items.map((i) => [i.code, i.name] as const)),
  );
  const names = state.names;
  const problemsOf = new Map<number, RowProblem[]>();
  const parsed = batch.map(({ rowNo, values }) => {
    const problems: RowProblem[] = [];
    problemsOf.set(rowNo, problems);
    const fail = (field: string, message: string) => problems.push({ field, message });
    const text = (c: (typeof INJURY_COLUMNS)[number]) => (values[c] ?? '').trim();
    for (const c of INJURY_REQUIRED_COLUMNS) if (!text(c)) fail(c, '必填');
    const id = text('身份证号') ? parseResidentIdNumber(text('身份证号'), { today: now }) : null;
    if (id && !id.ok) fail('身份证号', id.message); // REG-2: format, birth date and check digit
    const day = text('受伤日期') ? isoDayOf(text('受伤日期')) : null;
    if (text('受伤日期') && !day) fail('受伤日期', '日期格式应为 YYYY-MM-DD');
    else if (day && day > today) fail('受伤日期', '受伤日期不能晚于今天');
    else if (day && id?.ok && day < id.birthDate) fail('受伤日期', '受伤日期早于出生日期');
    const credit = text('用人单位统一社会信用代码') ? parseCreditCode(text('用人单位统一社会信用代码')) : null;
    if (credit && !credit.ok) fail('用人单位统一社会信用代码', credit.message); // CAT-3 / GB 32100
    const itemCode = text('作业项目') ? itemCodeOf(text('作业项目'), names) : null;
    if (text('作业项目') && !itemCode)
      fail('作业项目', `「${text('作业项目')}」不是特种作业目录中的作业项目代码或名称`);
    const severity = text('伤害程度') ? severityOf(text('伤害程度')) : null;
    if (text('伤害程度') && !severity) fail('伤害程度', `「${text('伤害程度')}」不是轻伤、重伤、死亡之一`);
    if (text('事故经过').length > 500) fail('事故经过', '不超过 500 字');
    if (problems.length || !id?.ok || !day || !credit?.ok || !itemCode || !severity) return null;
    return {
      row: rowNo,
      idNumber: id.idNumber,
      birthDate: id.birthDate,
      hash: ctx.vault.lookupHash('id_number', id.idNumber),
      day,
      creditCode: credit.creditCode,
      creditRegion: credit.regionCode,
      itemCode,
      severity,
      description: text('事故经过'),
    };
  });
  const rows = parsed.filter((p) => p !== null);
  const hashes = [...new Set(rows.map((p) => p.hash))];
  const [workers, employers, onFile] = await Promise.all([
    workerIdsByIdNumberHash(ctx.db, hashes),
    organisationsByCreditCodes(ctx.db, [...new Set(rows.map((p) => p.creditCode))]),
    existingInjuryKeys(ctx.db, hashes),
  ]);
  const workerIds = [...new Set([...workers.values()].map((w) => w.id))];
  const [employments, certificates, classes] = await Promise.all([
    employmentsOfWorkers(ctx.db, workerIds),
    certificatesOfWorkers(ctx.db, workerIds),
    initialClassesOfWorkers(ctx.db, workerIds),
  ]);
  const group = <T extends { workerId: string }>(list: T[]) =>
    list.reduce((m, x) => m.set(x.workerId, [...(m.get(x.workerId) ?? []), x]), new Map<string, T[]>());
  const employmentsOf = group(employments);
  const certificatesOf = group(certificates);
  const classesOf = group(classes.map((k) => ({ ...k, openedOn: chinaDate(k.opensAt) })));
  const linked = new Map<number, Staged>();
  for (const p of rows) {
    const fail = (field: string, message: string) => problemsOf.get(p.row)!.push({ field, message });
    const key = `${p.hash}|${p.day}|${p.itemCode}`;
    if (state.seen.has(key)) {
      fail('身份证号', `与第 ${state.seen.get(key)} 行重复（同一人、同一日期、同一作业项目）`);
      continue;
    }
    state.seen.set(key, p.row);
    if (onFile.has(key)) {
      fail('身份证号', '该工伤记录已导入（同一人、同一日期、同一作业项目）');
      continue;
    }
    const employer = employers.get(p.creditCode);
    if (employer && employer.kind !== 'employer') {
      fail('用人单位统一社会信用代码', `该代码属于「${employer.name}」，不是生产经营单位`);
      continue;
    }
    // SEC-2: a row belongs to the employer's region (the credit code's registering region when the
    // employer is not on the platform); a regulator imports only its own jurisdiction's rows.
    const regionCode = employer?.regionCode ?? (getRegion(p.creditRegion) ? p.creditRegion : scope.regionCode);
    if (!regionCode.startsWith(scope.prefix)) {
      fail(
        '用人单位统一社会信用代码',
        `用人单位所在地区（${getRegion(regionCode)?.name ?? regionCode}）不在本辖区内，请由其所在地监管部门导入`,
      );
      continue;
    }
    const worker = workers.get(p.hash);
    const employment =
      worker && employer ? employmentOnDay(employmentsOf.get(worker.id) ?? [], employer.id, p.day) : null;
    const cert = certificateOnDay(certificatesOf.get(worker?.id ?? '') ?? [], p.itemCode, p.day);
    const origin = cert.certificate
      ? classOfCertificate(classesOf.get(worker!.id) ?? [], p.itemCode, cert.certificate.validFrom)
      : null;
    linked.set(p.row, {
      rowNo: p.row,
      regionCode,
      occurredOn: p.day,
      severity: p.severity,
      itemCode: p.itemCode,
      description: p.description,
      idNumberHash: p.hash,
      idNumberMasked: maskIdNumber(p.idNumber),
      ageAtInjury: ageOn(p.birthDate, p.day),
      workerId: worker?.id ?? null,
      employerCreditCode: p.creditCode,
      employerOrgId: employer?.id ?? null,
      employmentId: employment?.id ?? null,
      employmentKind: employment?.kind ?? null,
      providerCreditCode: employment?.providerCreditCode ?? null,
      providerName: employment?.providerName ?? null,
      certificateId: cert.certificate?.id ?? null,
      certificateStanding: cert.standing,
      classId: origin?.classId ?? null,
      institutionOrgId: origin?.institutionOrgId ?? null,
      itemName: names.get(p.itemCode) ?? '',
      employerName: employer?.name ?? null,
    });
  }
  return batch.map(({ rowNo }) => {
    const problems = problemsOf.get(rowNo)!;
    const row = linked.get(rowNo);
    if (problems.length || !row) return { rowNo, problems };
    return {
      rowNo,
      problems,
      data: row as unknown as Record<string, unknown>,
      // The preview counts each standing on the day, and what the rows were linked to.
      outcome: `standing.${row.certificateStanding}`,
      tallies: [
        ...(row.workerId ? ['linkedWorkers'] : []),
        ...(row.employmentId ? ['linkedEmployments'] : []),
        ...(row.classId ? ['linkedClasses'] : []),
      ],
    };
  });
}

/** The import record the rows point at: the upload's own id, so a record list filters by it. */
async function openCommit(tx: Tx, ctx: AppContext, actor: Actor, upload: ImportRow) {
  importer(actor);
  await insertInjuryImport(tx, {
    id: upload.id,
    orgId: actor.orgId!,
    regionCode: actor.regionCode!,
    fileName: upload.fileName,
    rowCount: upload.total ?? 0,
    createdBy: actor.userId,
    createdAt: ctx.clock.now(),
  });
}

export const injuryImport: ImportKind<CheckState> = {
  name: 'injuries.records',
  slug: 'injuries',
  label: '工伤记录',
  columns: COLUMNS,
  limits: INJURY_LIMITS,
  authorise: (actor) => void importer(actor),
  newCheckState: () => ({ names: null, seen: new Map() }),
  checkBatch: checkRows,
  openCommit,
  presentRow: presentStagedInjury,
  async commitBatch(tx, ctx, _actor, staged, report, upload) {
    const now = ctx.clock.now();
    await insertInjuries(
      tx,
      staged.map((s) => {
        const { itemName: _n, employerName: _e, ...row } = s.data as unknown as Staged;
        return { ...row, importId: upload.id, createdAt: now };
      }),
    );
    report.imported = (report.imported ?? 0) + staged.length;
  },
  committedAction: 'injuries.import',
};

export const INJURY_IMPORTS = [injuryImport] as const;

/** A staged row as the preview shows it (what the row was linked to). */
export function presentStagedInjury(data: Record<string, unknown>) {
  const r = data as unknown as Staged;
  return {
    row: r.rowNo,
    occurredOn: r.occurredOn,
    idNumberMasked: r.idNumberMasked,
    itemCode: r.itemCode,
    itemName: r.itemName,
    severity: SEVERITY_LABELS[r.severity],
    employerName: r.employerName,
    employerCreditCode: r.employerCreditCode,
    registered: Boolean(r.workerId),
    employmentKind: r.employmentKind ?? null,
    providerName: r.providerName ?? null,
    standing: r.certificateStanding,
    standingLabel: STANDING_LABELS[r.certificateStanding!],
    linkedClass: Boolean(r.classId),
  };
}

/** The whole file checked in this process (tests, the demo): every error and the first linked rows. */
async function checkInline(
  ctx: AppContext,
  actor: Actor,
  input: { fileName: string; buffer: Buffer; format: InjuryFileFormat },
  commit: boolean,
) {
  importer(actor);
  const done = await runImportInline(ctx, actor, injuryImport, input, { commit });
  const errors = await problemsOfImport(ctx.db, done.id, MAX_REPORTED_ERRORS);
  return { done, errors };
}

/** ANA-2 in this process: checks a file and shows what each row links to; writes nothing. */
export async function previewInjuryImport(
  ctx: AppContext,
  actor: Actor,
  input: { buffer: Buffer; format: InjuryFileFormat },
) {
  const { done, errors } = await checkInline(ctx, actor, { ...input, fileName: `preview.${input.format}` }, false);
  const staged = await ctx.db
    .select({ data: bulkImportRows.data })
    .from(bulkImportRows)
    .where(eq(bulkImportRows.importId, done.id))
    .orderBy(asc(bulkImportRows.rowNo))
    .limit(PREVIEW_ROWS);
  await ctx.db.delete(bulkImportRows).where(eq(bulkImportRows.importId, done.id));
  const report = done.report ?? {};
  return {
    total: done.total ?? 0,
    ok: done.status === 'ready',
    errorCount: done.problemCount,
    errors,
    linkedWorkers: report.linkedWorkers ?? 0,
    withoutValidCertificate: (done.total ?? 0) - (report['standing.valid'] ?? 0),
    rows: staged.map((s) => presentStagedInjury(s.data)),
  };
}

/** ANA-2 in this process (tests, the demo): imports a file as a whole, or nothing when any row is bad. */
export async function commitInjuryImport(
  ctx: AppContext,
  actor: Actor,
  input: { fileName: string; buffer: Buffer; format: InjuryFileFormat },
) {
  const { done, errors } = await checkInline(ctx, actor, input, true);
  if (done.status !== 'committed')
    throw ruleViolation(
      'ANA-2',
      '工伤数据有误，未导入',
      done.problemCount
        ? `共 ${done.problemCount} 处错误，本次未导入任何数据；请按逐行错误修改后重新上传。`
        : (done.message ?? '本次未导入任何数据。'),
      { errors: errors.map((e) => ({ field: `第${e.row}行 ${e.field}`, message: e.message })) },
    );
  return {
    id: done.id,
    fileName: done.fileName,
    rowCount: done.committedRows,
    regionCode: actor.regionCode,
    createdAt: done.createdAt,
    report: done.report,
  };
}

/** The documented template: the columns, two example rows and a 填写说明 sheet. */
export function injuryTemplate(): Promise<Buffer> {
  // Example rows that pass the checks (a valid ID number and credit code), so the template reads back as written.
  const employer = generateCreditCode('510104', 20_261_001);
  const examples = [
    [
      generateResidentIdNumber('510104', '1990-01-01', 123),
      '2026-10-12',
      employer,
      '3.1',
      '轻伤',
      '搭设脚手架时踏空坠落，左腿骨折',
    ],
    [
      generateResidentIdNumber('510104', '1985-06-15', 246),
      '2026-09-03',
      employer,
      '熔化焊接与热切割作业',
      '重伤',
      '动火作业引燃保温材料，面部烧伤',
    ],
  ];
  return importTemplateWorkbook({
    sheetName: '工伤记录',
    columns: INJURY_COLUMNS,
    examples,
    columnWidth: 22,
    textCells: true,
    notes: [
      '每行一条工伤记录（工伤认定或工伤保险数据）。必填列：身份证号、受伤日期、用人单位统一社会信用代码、作业项目、伤害程度；事故经过选填（不超过 500 字）。',
      '身份证号：18 位公民身份号码，校验位须正确；请将单元格设为文本格式，以免末位被改为 0。',
      '受伤日期：YYYY-MM-DD（也可写 2026/10/12 或 2026年10月12日），不能晚于今天。',
      '用人单位统一社会信用代码：18 位，按 GB 32100 校验；用人单位须在本辖区内（按平台登记的所在地，未在平台登记的按代码中的登记管理机关行政区划）。',
      '作业项目：特种作业目录中的代码（如 3.1）或名称（如 登高架设作业）。',
      '伤害程度：轻伤、重伤、死亡。',
      '同一人、同一日期、同一作业项目只能有一条记录；文件内重复或已导入过的，该行报错。',
      '导入时平台按身份证号匹配人员，并关联当日在岗的用人单位台账（劳务派遣/外包单位）、该作业项目的操作证在受伤当日的状态（有效/过期/逾期未复审/撤销/无证）及取证所在的培训班和培训机构。',
      '文件中任何一行有误，整个文件均不导入；请先“预检”，按逐行错误修改后再导入。',
    ],
    notesWidth: 120,
  });
}
