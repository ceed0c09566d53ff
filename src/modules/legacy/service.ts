// The legacy import's two kinds on the shared mechanism (kernel/imports): certificates with their
// holders, and workers alone. Rows are checked against the rules and the platform in batches, staged
// with personal data sealed, and written in batches at commit — newer wins, the report says what changed.
import { jurisdictionPrefix, requirePermission, type Actor } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { maskIdNumber, maskPhone, parseMobilePhone, parseResidentIdNumber } from '../../kernel/ids.js';
import {
  mapSliced,
  type CheckedRow,
  type ImportKind,
  type ImportLimits,
  type RowProblem,
  type StagedBatch,
} from '../../kernel/imports/index.js';
import { sql, type SQL } from 'drizzle-orm';
import { isKnownRegion, regionLevel } from '../../kernel/regions.js';
import type { Tx } from '../../db/index.js';
import { forbidden } from '../../kernel/problem.js';
import { getCatalogue } from '../catalog/index.js';
import {
  appendArchiveEvents,
  defaultOriginalRetirementAge,
  registerImportedWorkers,
  registerStagedWorkers,
  workerIdsByHashSql,
  workerIdsByIdNumberHash,
  type PreparedWorker,
} from '../registry/index.js';
import {
  certificatesByNumbers,
  importedCertificatesWritten,
  insertImportedCertificates,
  insertNewImportedCertificatesFrom,
  updateImportedCertificates,
  ORIGIN_LABELS,
  type ImportedCertificate,
  type ImportedUpdate,
  type StoredCertificate,
} from '../certificates/index.js';
import {
  CERTIFICATE_COLUMNS,
  WORKER_COLUMNS,
  decideOutcome,
  parseCertificateFields,
  parseEducation,
  type LegacyCertificate,
} from './rules.js';

/**
 * A province's certificates: 1 M rows in one CSV (≈ 150 MB); an .xlsx is compressed and capped lower,
 * so a 50 MB workbook is refused unread. Two million rows are refused at the 1,000,001st.
 */
export const LEGACY_LIMITS: ImportLimits = {
  maxBytes: { csv: 256 * 1024 * 1024, xlsx: 40 * 1024 * 1024 },
  maxRows: 1_000_000,
  maxUnpackedBytes: 400 * 1024 * 1024,
  maxRatio: 100,
};

export function legacyAuthorise(actor: Actor) {
  requirePermission(actor, 'legacy.import');
  // The whole province's history comes in through the province or an issuing authority, nobody lower.
  if (actor.role !== 'province_regulator' && actor.role !== 'issuing_authority') throw forbidden();
}

interface Item {
  name: string;
  categoryCode: string;
  categoryName: string;
}

interface CheckState {
  items: Map<string, Item> | null;
  /** ID number → first row and name: the same person twice in the file must carry one name (REG-2). */
  people: Map<string, { rowNo: number; name: string }>;
  /** number|item|first issue → row: the same certificate twice in the file. */
  certificates: Map<string, number>;
  /** number|item → row of its valid certificate: one valid certificate per item held (CER-1). */
  active: Map<string, number>;
}

async function itemsOf(ctx: AppContext, state: CheckState): Promise<Map<string, Item>> {
  if (!state.items) {
    const { categories } = await getCatalogue(ctx);
    state.items = new Map(
      categories.flatMap((c) =>
        c.items.map((i) => [i.code, { name: i.name, categoryCode: c.code, categoryName: c.name }] as const),
      ),
    );
  }
  return state.items;
}

interface StagedRow {
  w: PreparedWorker;
  c?: LegacyCertificate & Item & { holderName: string };
}

/** The person part of a row (REG-2 ID check, region within the importer's jurisdiction, SEC-3 sealing). */
export function parsePerson(ctx: AppContext, actor: Actor, v: Record<string, string>, problems: RowProblem[]) {
  const fail = (field: string, message: string) => problems.push({ field, message });
  const id = parseResidentIdNumber(v.idNumber ?? '', { today: ctx.clock.now() });
  // REG-2: format, region, birth date and check digit.
  if (!id.ok) fail('身份证号', `${id.message}（REG-2）`);
  const name = (v.name ?? '').trim();
  if (!name) fail('姓名', '姓名不能为空。');
  else if (name.length > 30) fail('姓名', '姓名过长（最多 30 字）。');
  const phone = v.phone ? parseMobilePhone(v.phone) : null;
  if (phone && !phone.ok) fail('手机号', phone.message);
  const education = parseEducation((v.education ?? '').trim());
  if (!education) fail('文化程度', `文化程度"${v.education}"无法识别（小学/初中/高中/中专/大专/本科/研究生）。`);
  const prefix = jurisdictionPrefix(actor) ?? '';
  let regionCode = (v.regionCode ?? '').trim();
  if (!regionCode && id.ok) regionCode = id.regionCode;
  // SEC-2: an importer brings in only people managed in its own jurisdiction, at county level.
  if (!/^\d{6}$/.test(regionCode) || !isKnownRegion(regionCode) || regionLevel(regionCode) !== 'county')
    fail(
      '管理地区代码',
      `管理地区代码"${regionCode}"不是有效的县级行政区划代码；请填写持证人所在县（区）的 6 位代码。`,
    );
  else if (!regionCode.startsWith(prefix))
    fail('管理地区代码', `管理地区 ${regionCode} 不在本单位辖区（${actor.regionCode}）内（SEC-2）。`);
  if (!id.ok || problems.length) return null;
  const worker: PreparedWorker = {
    name,
    gender: id.gender,
    birthDate: id.birthDate,
    idNumberSealed: ctx.vault.seal(id.idNumber),
    idNumberHash: ctx.vault.lookupHash('id_number', id.idNumber),
    idNumberMasked: maskIdNumber(id.idNumber),
    phoneSealed: phone?.ok ? ctx.vault.seal(phone.phone) : null,
    phoneHash: phone?.ok ? ctx.vault.lookupHash('phone', phone.phone) : null,
    phoneMasked: phone?.ok ? maskPhone(phone.phone) : null,
    education: education!,
    originalRetirementAge: defaultOriginalRetirementAge(id.gender),
    regionCode,
    householdRegionCode: id.regionCode,
  };
  return { idNumber: id.idNumber, worker };
}

const keyOf = (c: { number: string; itemCode: string; issuedOn: string }) => `${c.number}|${c.itemCode}|${c.issuedOn}`;

/**
 * A flat copy of `s` for the check's per-file maps: a cell is a slice of the 64 KB chunk it was read
 * from and a joined key a chain of such slices, so each entry kept its chunk alive — at 1 M rows that,
 * not the entries, took the process past 1.3 GB (issue 18).
 */
const own = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');
const asOf = (c: StoredCertificate) => c.originRecordedOn ?? chinaDate(c.changedAt);

async function checkRows(
  ctx: AppContext,
  actor: Actor,
  rows: Array<{ rowNo: number; values: Record<string, string> }>,
  state: CheckState,
  withCertificates: boolean,
): Promise<CheckedRow[]> {
  const today = chinaDate(ctx.clock.now());
  const items = await itemsOf(ctx, state);
  const parsed = await mapSliced(rows, ({ rowNo, values }) => {
    const problems: RowProblem[] = [];
    const person = parsePerson(ctx, actor, values, problems);
    let cert: LegacyCertificate | null = null;
    if (withCertificates) {
      const c = parseCertificateFields(values, person?.idNumber ?? null, today, (code) => items.has(code));
      problems.push(...c.problems);
      cert = c.value;
    }
    if (person) {
      const seen = state.people.get(person.idNumber);
      // REG-2: one person, one name.
      if (seen && seen.name !== person.worker.name)
        problems.push({
          field: '姓名',
          message: `同一身份证号在第 ${seen.rowNo} 行的姓名为"${seen.name}"，与本行不一致（REG-2）。`,
        });
      else if (!seen) state.people.set(own(person.idNumber), { rowNo, name: own(person.worker.name) });
      else if (!withCertificates)
        problems.push({ field: '身份证号', message: `与第 ${seen.rowNo} 行为同一人，文件内重复（REG-2）。` });
    }
    if (cert) {
      const key = keyOf(cert);
      const dup = state.certificates.get(key);
      if (dup !== undefined)
        problems.push({
          field: '证书编号',
          message: `与第 ${dup} 行为同一证书（证书编号、作业项目、初领日期相同），文件内重复。`,
        });
      else state.certificates.set(own(key), rowNo);
      if (cert.state === 'active' && dup === undefined) {
        const activeKey = `${cert.number}|${cert.itemCode}`;
        const other = state.active.get(activeKey);
        // CER-1: one valid certificate per item held.
        if (other !== undefined)
          problems.push({
            field: '证书状态',
            message: `第 ${other} 行已有该人同一作业项目的有效证书，一个作业项目只能有一张有效证书（CER-1）。`,
          });
        else state.active.set(own(activeKey), rowNo);
      }
    }
    return { rowNo, problems, person, cert };
  });
  // Against the platform, one query per batch each.
  const registered = await workerIdsByIdNumberHash(
    ctx.db,
    parsed.flatMap((p) => (p.person ? [p.person.worker.idNumberHash] : [])),
  );
  const stored = withCertificates
    ? await certificatesByNumbers(ctx.db, [...new Set(parsed.flatMap((p) => (p.cert ? [p.cert.number] : [])))])
    : [];
  const byKey = new Map(stored.map((s) => [keyOf(s), s]));
  // The platform's valid certificates by number and item (CER-1 below), found without a scan per row.
  const activeByItem = new Map<string, StoredCertificate[]>();
  for (const s of stored)
    if (s.state === 'active') {
      const k = `${s.number}|${s.itemCode}`;
      activeByItem.set(k, [...(activeByItem.get(k) ?? []), s]);
    }
  return mapSliced(parsed, ({ rowNo, problems, person, cert }): CheckedRow => {
    const onPlatform = person ? registered.get(person.worker.idNumberHash) : undefined;
    // REG-2: the same person is never registered twice, nor under another name.
    if (person && onPlatform && onPlatform.name !== person.worker.name)
      problems.push({
        field: '姓名',
        message: `该身份证号已在平台登记，姓名为"${onPlatform.name}"，与本行不一致（REG-2）。`,
      });
    let outcome: string = onPlatform ? 'workersMatched' : 'workersCreated';
    if (cert && person) {
      const existing = byKey.get(keyOf(cert)) ?? null;
      const otherActive = activeByItem
        .get(`${cert.number}|${cert.itemCode}`)
        ?.find((s) => s.issuedOn !== cert.issuedOn);
      if (!existing && cert.state === 'active' && otherActive)
        problems.push({
          field: '证书状态',
          message: `平台上已有该人同一作业项目的有效证书（初领 ${otherActive.issuedOn}），不能再导入一张有效证书（CER-1）。`,
        });
      outcome = decideOutcome(existing && { ...existing, asOf: asOf(existing) }, {
        ...cert,
        holderName: person.worker.name,
      });
    }
    if (problems.length || !person) return { rowNo, problems };
    const data: StagedRow = { w: person.worker };
    if (cert) data.c = { ...cert, ...items.get(cert.itemCode)!, holderName: person.worker.name };
    return { rowNo, problems, data: data as unknown as Record<string, unknown>, outcome };
  });
}

const bump = (report: Record<string, number>, key: string, n = 1) => {
  report[key] = (report[key] ?? 0) + n;
};

const REGISTERED_SUMMARY = '历史数据导入登记建档';

type ArchiveEventRow = Parameters<typeof appendArchiveEvents>[1][number];

/** REG-1: the certificate enters the holder's life-cycle archive, marked as imported. */
function certificateEvent(
  actor: Actor,
  now: Date,
  workerId: string,
  c: {
    number: string;
    itemCode: string;
    name: string;
    issuedOn: string;
    authorityName: string;
    origin: LegacyCertificate['origin'];
    state: string;
  },
  outcome: 'created' | 'updated',
): ArchiveEventRow {
  return {
    workerId,
    occurredAt: now,
    kind: 'certificate_imported',
    summary: `${outcome === 'created' ? '导入' : '按原系统较新记录更新'}${ORIGIN_LABELS[c.origin]}证书 ${c.number}（${c.name}，初领 ${c.issuedOn}，发证机关 ${c.authorityName}）`,
    detail: { number: c.number, itemCode: c.itemCode, origin: c.origin, state: c.state, outcome },
    actorUserId: actor.userId,
    actorName: actor.displayName,
    orgId: actor.orgId,
    orgName: actor.orgName,
  };
}

/** The commit's in-process path (`commitBatch`): the staged rows read, decided and written from here. */
async function commitRows(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  staged: Array<{ rowNo: number; data: Record<string, unknown> }>,
  report: Record<string, number>,
) {
  const now = ctx.clock.now();
  const rows = staged.map((s) => s.data as unknown as StagedRow);
  const { ids, created } = await registerImportedWorkers(
    tx,
    actor,
    now,
    rows.map((r) => r.w),
    REGISTERED_SUMMARY,
  );
  bump(report, 'workersCreated', created);
  bump(report, 'workersMatched', new Set(rows.map((r) => r.w.idNumberHash)).size - created);
  const certs = rows.filter((r) => r.c);
  if (certs.length === 0) return;
  // Decided again inside the transaction: the platform may have changed since the preview.
  const stored = await certificatesByNumbers(tx, [...new Set(certs.map((r) => r.c!.number))]);
  await writeCertificates(tx, actor, now, certs, ids, stored, report);
}

/** Newer wins against `stored`: each row's certificate created, updated, or left as it is. */
async function writeCertificates(
  tx: Tx,
  actor: Actor,
  now: Date,
  certs: StagedRow[],
  ids: Map<string, string>,
  stored: StoredCertificate[],
  report: Record<string, number>,
) {
  const byKey = new Map(stored.map((s) => [keyOf(s), s]));
  const inserts: ImportedCertificate[] = [];
  const updates: ImportedUpdate[] = [];
  const events: ArchiveEventRow[] = [];
  for (const r of certs) {
    const c = r.c!;
    const existing = byKey.get(keyOf(c)) ?? null;
    const outcome = decideOutcome(existing && { ...existing, asOf: asOf(existing) }, c);
    bump(report, outcome);
    const workerId = ids.get(r.w.idNumberHash)!;
    const stateFields = {
      revokedAt: c.state === 'revoked' ? new Date(`${c.recordDate}T00:00:00+08:00`) : null,
      cancelledAt: c.state === 'cancelled' ? new Date(`${c.recordDate}T00:00:00+08:00`) : null,
      stateNote: c.state === 'active' ? null : `历史数据：原系统记录为${c.state === 'revoked' ? '撤销' : '注销'}`,
    };
    if (outcome === 'created')
      inserts.push({
        number: c.number,
        itemCode: c.itemCode,
        itemName: c.name,
        categoryCode: c.categoryCode,
        categoryName: c.categoryName,
        workerId,
        holderName: c.holderName,
        holderGender: r.w.gender,
        holderBirthDate: r.w.birthDate,
        idNumberMasked: r.w.idNumberMasked,
        regionCode: r.w.regionCode,
        // The importing organisation keeps the record on the platform (reviews, revocation); the
        // authority that issued it is kept by name.
        authorityOrgId: actor.orgId!,
        authorityName: c.authorityName,
        issuedOn: c.issuedOn,
        validFrom: c.validFrom,
        validUntil: c.validUntil,
        nextReviewDue: c.nextReviewDue,
        reviewIntervalYears: 3,
        state: c.state,
        ...stateFields,
        origin: c.origin,
        originRecordedOn: c.recordDate,
        changedAt: now,
        createdAt: now,
      });
    else if (outcome === 'updated')
      updates.push({
        id: existing!.id,
        validFrom: c.validFrom,
        validUntil: c.validUntil,
        nextReviewDue: c.nextReviewDue,
        state: c.state,
        authorityName: c.authorityName,
        holderName: c.holderName,
        originRecordedOn: c.recordDate,
        ...stateFields,
        changedAt: now,
      });
    if (outcome === 'created' || outcome === 'updated') events.push(certificateEvent(actor, now, workerId, c, outcome));
  }
  await insertImportedCertificates(tx, inserts);
  await updateImportedCertificates(tx, updates);
  await appendArchiveEvents(tx, events);
}

/** What `insertNewImportedCertificatesFrom` reads from each staged row (`stagedCertificates`). */
const CERTIFICATE_KEYS = [
  'number',
  'itemCode',
  'itemName',
  'categoryCode',
  'categoryName',
  'workerId',
  'holderName',
  'holderGender',
  'holderBirthDate',
  'idNumberMasked',
  'regionCode',
  'authorityOrgId',
  'authorityName',
  'issuedOn',
  'validFrom',
  'validUntil',
  'nextReviewDue',
  'reviewIntervalYears',
  'state',
  'revokedAt',
  'cancelledAt',
  'stateNote',
  'origin',
  'originRecordedOn',
  'changedAt',
  'createdAt',
] as const satisfies readonly (keyof ImportedCertificate)[];

/**
 * The staged rows' certificates as ImportedCertificate columns — the same record `writeCertificates`
 * builds for a created one, read in the database (revoked/cancelled on the source's record date,
 * China time; the importing organisation keeps it, the issuing authority by name).
 */
function stagedCertificates(actor: Actor, now: Date, rows: SQL): SQL {
  const at = now.toISOString();
  const onRecordDate = (state: string) =>
    sql`case when c->>'state' = ${state} then (c->>'recordDate') || 'T00:00:00+08:00' end`;
  return sql`select c->>'number' as "number", c->>'itemCode' as "itemCode", c->>'name' as "itemName",
      c->>'categoryCode' as "categoryCode", c->>'categoryName' as "categoryName", wk.id as "workerId",
      c->>'holderName' as "holderName", w->>'gender' as "holderGender", w->>'birthDate' as "holderBirthDate",
      w->>'idNumberMasked' as "idNumberMasked", w->>'regionCode' as "regionCode",
      ${actor.orgId}::text as "authorityOrgId", c->>'authorityName' as "authorityName", c->>'issuedOn' as "issuedOn",
      c->>'validFrom' as "validFrom", c->>'validUntil' as "validUntil", c->>'nextReviewDue' as "nextReviewDue",
      3 as "reviewIntervalYears", c->>'state' as "state", ${onRecordDate('revoked')} as "revokedAt",
      ${onRecordDate('cancelled')} as "cancelledAt",
      case when c->>'state' = 'active' then null
        when c->>'state' = 'revoked' then '历史数据：原系统记录为撤销' else '历史数据：原系统记录为注销' end as "stateNote",
      c->>'origin' as "origin", c->>'recordDate' as "originRecordedOn", ${at}::text as "changedAt", ${at}::text as "createdAt"
    from (select data->'w' as w, data->'c' as c from (${rows}) b where data->'c' is not null) s
    join (${workerIdsByHashSql()}) wk on wk.id_number_hash = s.w->>'idNumberHash'`;
}

/**
 * The commit's set-based path (`commitStaged`, issue 18): workers and new certificates written by
 * INSERT … SELECT from the staged rows; only rows whose certificate is already on the platform
 * (newer wins, decided here) and the archive events of the new ones pass through the process.
 */
async function commitStaged(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  batch: StagedBatch,
  report: Record<string, number>,
  withCertificates: boolean,
) {
  const now = ctx.clock.now();
  // REG-2: one person is registered once (matched by the ID number's hash); REG-1: registered with its event.
  const { created, distinct } = await registerStagedWorkers(
    tx,
    actor,
    now,
    sql`select row_no, data->'w' as w from (${batch.rows}) b`,
    REGISTERED_SUMMARY,
  );
  bump(report, 'workersCreated', created);
  bump(report, 'workersMatched', distinct - created);
  if (!withCertificates) return;
  // Decided again inside the transaction: the platform may have changed since the preview.
  const stored = await certificatesByNumbers(
    tx,
    sql`select data->'c'->>'number' from (${batch.rows}) b where data->'c' is not null`,
  );
  if (stored.length) {
    const known = new Set(stored.map(keyOf));
    const matched = (await batch.read())
      .map((s) => s.data as unknown as StagedRow)
      .filter((r) => r.c && known.has(keyOf(r.c)));
    if (matched.length) {
      const found = await workerIdsByIdNumberHash(tx, [...new Set(matched.map((r) => r.w.idNumberHash))]);
      const ids = new Map([...found].map(([hash, w]) => [hash, w.id]));
      await writeCertificates(tx, actor, now, matched, ids, stored, report);
    }
  }
  // The rest are new to the platform: inserted as they are (CER-1 holds by the valid-certificate index).
  const inserted = await insertNewImportedCertificatesFrom(
    tx,
    CERTIFICATE_KEYS,
    stagedCertificates(actor, now, batch.rows),
  );
  if (inserted.length) bump(report, 'created', inserted.length);
  await appendArchiveEvents(
    tx,
    inserted.map((c) =>
      certificateEvent(
        actor,
        now,
        c.workerId,
        { ...c, name: c.itemName, origin: c.origin as LegacyCertificate['origin'] },
        'created',
      ),
    ),
  );
}

export const legacyCertificatesImport: ImportKind<CheckState> = {
  name: 'legacy.certificates',
  slug: 'certificates',
  label: '证书',
  columns: CERTIFICATE_COLUMNS,
  limits: LEGACY_LIMITS,
  authorise: legacyAuthorise,
  newCheckState: () => ({ items: null, people: new Map(), certificates: new Map(), active: new Map() }),
  checkBatch: (ctx, actor, rows, state) => checkRows(ctx, actor, rows, state, true),
  commitBatch: commitRows,
  commitStaged: (tx, ctx, actor, batch, report) => commitStaged(tx, ctx, actor, batch, report, true),
  // CER-3: imported certificates verify at once in every process.
  afterCommit: (tx, ctx) => importedCertificatesWritten(tx, ctx.db),
};

export const legacyWorkersImport: ImportKind<CheckState> = {
  name: 'legacy.workers',
  slug: 'workers',
  label: '人员',
  columns: WORKER_COLUMNS,
  limits: LEGACY_LIMITS,
  authorise: legacyAuthorise,
  newCheckState: () => ({ items: null, people: new Map(), certificates: new Map(), active: new Map() }),
  checkBatch: (ctx, actor, rows, state) => checkRows(ctx, actor, rows, state, false),
  commitBatch: commitRows,
  commitStaged: (tx, ctx, actor, batch, report) => commitStaged(tx, ctx, actor, batch, report, false),
};
