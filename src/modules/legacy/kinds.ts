// The other kinds of the legacy import (issue 16): training institutions with their filing (INS-1, INS-6),
// exam sites (EXM-1), employers with their ledgers (REG-4, EMP-1) and certificate review history (CER-4).
// Each row is matched by its natural key (credit code, ID number, certificate number) and written
// newer-wins (records.ts); the owning modules write their own tables through their index.ts.
import { jurisdictionPrefix, type Actor } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import { parseCreditCode } from '../../kernel/ids.js';
import type { RowProblem } from '../../kernel/imports/index.js';
import { isKnownRegion, regionLevel } from '../../kernel/regions.js';
import type { Executor, Tx } from '../../db/index.js';
import { getCatalogue } from '../catalog/index.js';
import {
  advanceReviewDates,
  certificatesByNumbers,
  insertImportedReviews,
  updateImportedReview,
} from '../certificates/index.js';
import {
  ASSIGNMENT_REFUSAL_LABELS,
  PROVIDED_KINDS,
  filingDueOn,
  insertImportedEmployments,
  openEmploymentsAt,
  parseEmploymentKind,
  refusedAssignments,
  updateImportedEmployment,
  workHistories,
} from '../employers/index.js';
import { insertImportedSite, sitesOfCentres, updateImportedSite } from '../exams/index.js';
import { findFiledFiling, insertFiling, updateFiling } from '../institutions/index.js';
import {
  createOrganisationInTransaction,
  organisationsByCreditCodes,
  type OrganisationRow,
} from '../organisations/index.js';
import {
  appendArchiveEvents,
  linkWorkersToOrganisation,
  registerImportedWorkers,
  workerIdsByIdNumberHash,
  type PreparedWorker,
} from '../registry/index.js';
import { digestOf, recordKind, type ParsedRecord, type WriteItem } from './records.js';
import {
  INSTITUTION_COLUMNS,
  LEDGER_COLUMNS,
  REVIEW_COLUMNS,
  SITE_COLUMNS,
  parseCodeList,
  parseDate,
  parseReviewResult,
} from './rules.js';
import { legacyCertificatesImport, legacyWorkersImport, parsePerson } from './service.js';

type Fail = (field: string, message: string) => void;

async function itemCodesOf(ctx: AppContext): Promise<Map<string, string>> {
  const { categories } = await getCatalogue(ctx);
  return new Map(categories.flatMap((c) => c.items.map((i) => [i.code, i.name] as const)));
}

/** Item codes are read from the catalogue once per check run. */
interface WithItems {
  items: Map<string, string> | null;
  keys: Map<string, number>;
}
const newState = (): WithItems => ({ items: null, keys: new Map() });

async function ensureItems(ctx: AppContext, state: WithItems) {
  state.items ??= await itemCodesOf(ctx);
}

function dateCell(v: Record<string, string>, key: string, label: string, fail: Fail, today: string, required: boolean) {
  const text = (v[key] ?? '').trim();
  if (!text) {
    if (required) fail(label, `${label}不能为空。`);
    return null;
  }
  const d = parseDate(text);
  if (!d) fail(label, `${label}"${text}"不是有效日期（如 2021-05-18）。`);
  else if (d > today) fail(label, `${label} ${d} 晚于今天。`);
  return d;
}

/** GB 32100: the credit code's format and check character. */
function creditCell(v: Record<string, string>, key: string, label: string, fail: Fail): string | null {
  const parsed = parseCreditCode(v[key] ?? '');
  if (!parsed.ok) {
    fail(label, `${parsed.message}（GB 32100）。`);
    return null;
  }
  return parsed.creditCode;
}

/** SEC-2: the record's place must be in the importer's jurisdiction (a county for sites and employers). */
function regionCell(actor: Actor, v: Record<string, string>, key: string, label: string, fail: Fail, county: boolean) {
  const code = (v[key] ?? '').trim();
  if (!/^\d{6}$/.test(code) || !isKnownRegion(code) || (county && regionLevel(code) !== 'county')) {
    fail(label, `${label}"${code}"不是有效的${county ? '县级' : ''}行政区划代码。`);
    return null;
  }
  const prefix = jurisdictionPrefix(actor) ?? '';
  if (!code.startsWith(prefix)) {
    fail(label, `${code} 不在本单位辖区（${actor.regionCode}）内（SEC-2）。`);
    return null;
  }
  return code;
}

function itemsCell(v: Record<string, string>, key: string, label: string, items: Map<string, string>, fail: Fail) {
  const codes = parseCodeList(v[key] ?? '');
  const unknown = codes.filter((c) => !items.has(c));
  // CAT-1: every item code is one of the national catalogue.
  if (unknown.length) fail(label, `作业项目代码 ${unknown.join('、')} 不在国家特种作业目录中（CAT-1）。`);
  return unknown.length ? null : codes;
}

function duplicateInFile(state: WithItems, key: string, rowNo: number, field: string, what: string, fail: Fail) {
  const first = state.keys.get(key);
  if (first !== undefined) {
    fail(field, `与第 ${first} 行为同一${what}，文件内重复。`);
    return true;
  }
  state.keys.set(key, rowNo);
  return false;
}

/** An organisation of the file on the platform must be of the kind the file says it is. */
function kindClash(org: OrganisationRow | undefined, kind: string, label: string): string | null {
  return org && org.kind !== kind
    ? `该统一社会信用代码在平台上登记为其他类型的单位（${org.name}），不是${label}。`
    : null;
}

// ---- training institutions -------------------------------------------------------------------------

interface InstitutionPayload {
  name: string;
  creditCode: string;
  regionCode: string;
  filingNumber: string;
  scope: string[];
  filedOn: string;
}

export const legacyInstitutionsImport = recordKind<InstitutionPayload, WithItems>({
  name: 'legacy.institutions',
  slug: 'institutions',
  label: '培训机构',
  columns: INSTITUTION_COLUMNS,
  newState,
  prepare: ensureItems,
  parse(ctx, actor, v, rowNo, state, problems) {
    const fail: Fail = (field, message) => problems.push({ field, message });
    const today = chinaDate(ctx.clock.now());
    const name = (v.name ?? '').trim();
    if (name.length < 2) fail('机构名称', '机构名称至少 2 个字。');
    const creditCode = creditCell(v, 'creditCode', '统一社会信用代码', fail);
    const regionCode = regionCell(actor, v, 'regionCode', '所在地区代码', fail, false);
    const filingNumber = (v.filingNumber ?? '').trim();
    if (!filingNumber) fail('备案编号', '备案编号不能为空。');
    // INS-6: the filed scope is a list of catalogue items.
    const scope = itemsCell(v, 'scope', '培训范围', state.items!, fail);
    if (scope && scope.length === 0) fail('培训范围', '培训范围不能为空（INS-6）。');
    const filedOn = dateCell(v, 'filedOn', '备案日期', fail, today, true);
    const recordDate = dateCell(v, 'recordDate', '数据日期', fail, today, false);
    if (creditCode) duplicateInFile(state, creditCode, rowNo, '统一社会信用代码', '机构', fail);
    if (problems.length || !creditCode || !regionCode || !scope || !filedOn) return null;
    const payload = {
      name: name.slice(0, 100),
      creditCode,
      regionCode,
      filingNumber: filingNumber.slice(0, 60),
      scope,
      filedOn,
    };
    return { key: creditCode, digest: digestOf(payload), recordedOn: recordDate ?? filedOn, payload };
  },
  async checkAgainstPlatform(db, _ctx, _actor, rows) {
    const orgs = await organisationsByCreditCodes(
      db,
      rows.map((r) => r.record.key),
    );
    for (const r of rows) {
      const clash = kindClash(orgs.get(r.record.key), 'institution', '培训机构');
      if (clash) r.problems.push({ field: '统一社会信用代码', message: clash });
    }
  },
  async native(db, records) {
    const orgs = await organisationsByCreditCodes(
      db,
      records.map((r) => r.key),
    );
    return new Map([...orgs].map(([code, org]) => [code, org.id]));
  },
  async write(tx, ctx, actor, items) {
    const written = new Map<string, string>();
    for (const item of items) {
      const p = item.payload;
      const filedAt = new Date(`${p.filedOn}T00:00:00+08:00`);
      if (item.outcome === 'created') {
        const org = await createOrganisationInTransaction(tx, ctx, actor, {
          kind: 'institution',
          name: p.name,
          regionCode: p.regionCode,
          creditCode: p.creditCode,
        });
        // INS-1: the province's filing, already decided in the earlier system: filed, with its number.
        await insertFiling(tx, {
          orgId: org.id,
          regionCode: p.regionCode,
          status: 'filed',
          scope: p.scope,
          submittedAt: filedAt,
          filedAt,
          filedBy: actor.userId,
          filingNumber: p.filingNumber,
        });
        written.set(item.key, org.id);
      } else if (item.outcome === 'updated' || item.outcome === 'matched') {
        const orgId = item.entityId!;
        const filing = await findFiledFiling(tx, orgId);
        if (item.outcome === 'updated' && filing)
          await updateFiling(tx, filing.id, { scope: p.scope, filingNumber: p.filingNumber, filedAt });
        else if (!filing)
          await insertFiling(tx, {
            orgId,
            regionCode: p.regionCode,
            status: 'filed',
            scope: p.scope,
            submittedAt: filedAt,
            filedAt,
            filedBy: actor.userId,
            filingNumber: p.filingNumber,
          });
        written.set(item.key, orgId);
      }
    }
    return written;
  },
});

// ---- exam sites --------------------------------------------------------------------------------------

interface SitePayload {
  name: string;
  address: string;
  regionCode: string;
  centreCreditCode: string;
  itemCodes: string[];
  acceptedOn: string | null;
}

/** Sites of the file's exam centres on the platform, by centre credit code|site name. */
async function sitesByKey(db: Executor, records: ParsedRecord<SitePayload>[]) {
  const centres = await organisationsByCreditCodes(db, [...new Set(records.map((r) => r.payload.centreCreditCode))]);
  const codeOf = new Map([...centres.values()].map((o) => [o.id, o.creditCode!]));
  const sites = await sitesOfCentres(
    db,
    [...centres.values()].map((c) => c.id),
  );
  return { centres, sites: new Map(sites.map((s) => [`${codeOf.get(s.centreOrgId)}|${s.name}`, s.id])) };
}

export const legacySitesImport = recordKind<SitePayload, WithItems>({
  name: 'legacy.sites',
  slug: 'sites',
  label: '考试点',
  columns: SITE_COLUMNS,
  newState,
  prepare: ensureItems,
  parse(ctx, actor, v, rowNo, state, problems) {
    const fail: Fail = (field, message) => problems.push({ field, message });
    const today = chinaDate(ctx.clock.now());
    const name = (v.name ?? '').trim();
    if (name.length < 2) fail('考点名称', '考点名称至少 2 个字。');
    const address = (v.address ?? '').trim();
    if (!address) fail('考点地址', '考点地址不能为空。');
    // EXM-1: a site sits in a county of the importer's jurisdiction.
    const regionCode = regionCell(actor, v, 'regionCode', '所在地区代码', fail, true);
    const centreCreditCode = creditCell(v, 'centreCreditCode', '考试机构统一社会信用代码', fail);
    const itemCodes = itemsCell(v, 'itemCodes', '考试项目代码', state.items!, fail);
    if (itemCodes && itemCodes.length === 0) fail('考试项目代码', '考试项目代码不能为空。');
    const acceptedOn = dateCell(v, 'acceptedOn', '验收日期', fail, today, false);
    const recordDate = dateCell(v, 'recordDate', '数据日期', fail, today, false);
    if (centreCreditCode && name)
      duplicateInFile(state, `${centreCreditCode}|${name}`, rowNo, '考点名称', '考试点', fail);
    if (problems.length || !regionCode || !centreCreditCode || !itemCodes) return null;
    const payload = {
      name: name.slice(0, 100),
      address: address.slice(0, 200),
      regionCode,
      centreCreditCode,
      itemCodes,
      acceptedOn,
    };
    return {
      key: `${centreCreditCode}|${payload.name}`,
      digest: digestOf(payload),
      recordedOn: recordDate ?? acceptedOn ?? today,
      payload,
    };
  },
  async checkAgainstPlatform(db, _ctx, _actor, rows) {
    const { centres } = await sitesByKey(
      db,
      rows.map((r) => r.record),
    );
    for (const r of rows) {
      const centre = centres.get(r.record.payload.centreCreditCode);
      // EXM-1: a site is run under an exam centre on the platform (EXM-2: never a training institution).
      if (!centre || centre.kind !== 'exam_centre')
        r.problems.push({
          field: '考试机构统一社会信用代码',
          message: centre
            ? `${centre.name} 不是考试机构，考试点只能由考试机构设立（EXM-2）。`
            : '平台上没有该统一社会信用代码的考试机构；请先登记考试机构（EXM-1）。',
        });
    }
  },
  async native(db, records) {
    return (await sitesByKey(db, records)).sites;
  },
  async write(tx, ctx, _actor, items) {
    const written = new Map<string, string>();
    const { centres } = await sitesByKey(
      tx,
      items.map((i) => i as ParsedRecord<SitePayload>),
    );
    for (const item of items) {
      const p = item.payload;
      // EXM-1: the acceptance of the earlier system is kept as its date; the checklist was not recorded there.
      // A site that system accepted was in use, so the province's own import files it that day; one
      // without an acceptance goes through the chain (city review, province filing) like a new one.
      const acceptedAt = p.acceptedOn ? new Date(`${p.acceptedOn}T00:00:00+08:00`) : null;
      if (item.outcome === 'created') {
        const site = await insertImportedSite(tx, {
          centreOrgId: centres.get(p.centreCreditCode)!.id,
          name: p.name,
          address: p.address,
          regionCode: p.regionCode,
          rooms: [],
          stations: [],
          itemCodes: p.itemCodes,
          acceptedAt,
          filedAt: acceptedAt,
          createdAt: ctx.clock.now(),
        });
        written.set(item.key, site.id);
      } else if (item.outcome === 'updated') {
        await updateImportedSite(tx, item.entityId!, {
          address: p.address,
          regionCode: p.regionCode,
          itemCodes: p.itemCodes,
          acceptedAt,
          filedAt: acceptedAt,
        });
        written.set(item.key, item.entityId!);
      } else if (item.outcome === 'matched') written.set(item.key, item.entityId!);
    }
    return written;
  },
});

// ---- employers and their ledgers ---------------------------------------------------------------------

interface LedgerPayload {
  employer: { name: string; creditCode: string; regionCode: string };
  /** Sealed, hashed and masked (SEC-3): the plain ID number is never staged. */
  worker: PreparedWorker;
  kind: string;
  providerName: string | null;
  itemCodes: string[];
  hiredOn: string;
}

async function ledgerLookups(db: Executor, records: ParsedRecord<LedgerPayload>[]) {
  const orgs = await organisationsByCreditCodes(db, [...new Set(records.map((r) => r.payload.employer.creditCode))]);
  const workers = await workerIdsByIdNumberHash(
    db,
    records.map((r) => r.payload.worker.idNumberHash),
  );
  const pairs = records.flatMap((r) => {
    const org = orgs.get(r.payload.employer.creditCode);
    const worker = workers.get(r.payload.worker.idNumberHash);
    return org && worker ? [{ employerOrgId: org.id, workerId: worker.id }] : [];
  });
  const open = await openEmploymentsAt(db, pairs);
  const employmentOf = (r: ParsedRecord<LedgerPayload>) => {
    const org = orgs.get(r.payload.employer.creditCode);
    const worker = workers.get(r.payload.worker.idNumberHash);
    return org && worker ? open.get(`${org.id}|${worker.id}`) : undefined;
  };
  return { orgs, workers, employmentOf };
}

/** EMP-1, as in the employer's own ledger import: every item needs a valid certificate from the hire date. */
async function ledgerRefusals(
  db: Executor,
  ctx: AppContext,
  rows: Array<{ payload: LedgerPayload; workerId: string | undefined }>,
  names: Map<string, string>,
) {
  const today = chinaDate(ctx.clock.now());
  const ids = [...new Set(rows.flatMap((r) => (r.workerId ? [r.workerId] : [])))];
  const held = await ctx.certificates.heldBy(db, ids, today);
  const histories = await workHistories(db, ids);
  return rows.map((r) => {
    if (r.payload.itemCodes.length === 0) return null;
    const refused = refusedAssignments(
      r.payload.itemCodes,
      r.workerId ? (held.get(r.workerId) ?? []) : [],
      r.payload.hiredOn,
      today,
      r.workerId ? histories.get(r.workerId) : undefined,
    );
    if (refused.length === 0) return null;
    return `无有效操作证，不能安排从事 ${refused
      .map((x) => `${x.itemCode} ${names.get(x.itemCode) ?? ''}（${ASSIGNMENT_REFUSAL_LABELS[x.reason]}）`)
      .join('、')}；可清空作业项目先导入，取证后再添加（EMP-1）。`;
  });
}

export const legacyLedgersImport = recordKind<LedgerPayload, WithItems>({
  name: 'legacy.ledgers',
  slug: 'ledgers',
  label: '用人单位台账',
  columns: LEDGER_COLUMNS,
  newState,
  prepare: ensureItems,
  parse(ctx, actor, v, rowNo, state, problems) {
    const fail: Fail = (field, message) => problems.push({ field, message });
    const today = chinaDate(ctx.clock.now());
    const employerName = (v.employerName ?? '').trim();
    if (employerName.length < 2) fail('单位名称', '单位名称至少 2 个字。');
    const creditCode = creditCell(v, 'employerCreditCode', '统一社会信用代码', fail);
    const employerRegion = regionCell(actor, v, 'employerRegionCode', '单位所在地区代码', fail, true);
    // REG-2, SEC-2, SEC-3: the person part as in the certificates import (sealed at once).
    const person = parsePerson(ctx, actor, v, problems);
    const kind = parseEmploymentKind(v.kind ?? '');
    if (!kind) fail('用工形式', `"${v.kind ?? ''}"不是本单位职工/劳务派遣/外包/临时用工之一。`);
    const providerName = (v.providerName ?? '').trim() || null;
    // REG-4: a dispatched or outsourced worker's ledger names the company they come through.
    if (kind && PROVIDED_KINDS.includes(kind) && !providerName)
      fail('派遣或外包单位', '劳务派遣和外包人员须填写派遣或外包单位（REG-4）。');
    const itemCodes = itemsCell(v, 'itemCodes', '作业项目代码', state.items!, fail);
    const hiredOn = dateCell(v, 'hiredOn', '聘用日期', fail, today, true);
    const recordDate = dateCell(v, 'recordDate', '数据日期', fail, today, false);
    if (creditCode && person)
      duplicateInFile(state, `${creditCode}|${person.idNumber}`, rowNo, '身份证号', '单位的同一人员', fail);
    if (problems.length || !creditCode || !employerRegion || !person || !kind || !itemCodes || !hiredOn) return null;
    const payload: LedgerPayload = {
      employer: { name: employerName.slice(0, 100), creditCode, regionCode: employerRegion },
      worker: person.worker,
      kind,
      providerName: providerName?.slice(0, 100) ?? null,
      itemCodes,
      hiredOn,
    };
    // The digest leaves out the sealed ID (its ciphertext differs each time): the hash stands for it.
    const digest = digestOf({
      employer: payload.employer,
      person: person.worker.idNumberHash,
      name: person.worker.name,
      kind,
      providerName: payload.providerName,
      itemCodes,
      hiredOn,
    });
    return { key: `${creditCode}|${person.worker.idNumberHash}`, digest, recordedOn: recordDate ?? hiredOn, payload };
  },
  async checkAgainstPlatform(db, ctx, _actor, rows, state) {
    const { orgs, workers } = await ledgerLookups(
      db,
      rows.map((r) => r.record),
    );
    const refusals = await ledgerRefusals(
      db,
      ctx,
      rows.map((r) => ({
        payload: r.record.payload,
        workerId: workers.get(r.record.payload.worker.idNumberHash)?.id,
      })),
      state.items!,
    );
    rows.forEach((r, i) => {
      const clash = kindClash(orgs.get(r.record.payload.employer.creditCode), 'employer', '用人单位');
      if (clash) r.problems.push({ field: '统一社会信用代码', message: clash });
      const onPlatform = workers.get(r.record.payload.worker.idNumberHash);
      // REG-2: one person, one name.
      if (onPlatform && onPlatform.name !== r.record.payload.worker.name)
        r.problems.push({
          field: '姓名',
          message: `该身份证号已在平台登记，姓名为"${onPlatform.name}"，与本行不一致（REG-2）。`,
        });
      if (refusals[i]) r.problems.push({ field: '作业项目代码', message: refusals[i]! });
    });
  },
  async native(db, records) {
    const { employmentOf } = await ledgerLookups(db, records);
    return new Map(
      records.flatMap((r) => {
        const id = employmentOf(r);
        return id ? [[r.key, id] as const] : [];
      }),
    );
  },
  async write(tx, ctx, actor, items, report) {
    const now = ctx.clock.now();
    const written = new Map<string, string>();
    const orgs = await organisationsByCreditCodes(tx, [...new Set(items.map((i) => i.payload.employer.creditCode))]);
    const orgIds = new Map([...orgs].map(([code, org]) => [code, org.id]));
    for (const item of items) {
      const e = item.payload.employer;
      if (orgIds.has(e.creditCode)) continue;
      const org = await createOrganisationInTransaction(tx, ctx, actor, {
        kind: 'employer',
        name: e.name,
        regionCode: e.regionCode,
        creditCode: e.creditCode,
      });
      orgIds.set(e.creditCode, org.id);
      report.organisationsCreated = (report.organisationsCreated ?? 0) + 1;
    }
    const creating = items.filter((i) => i.outcome === 'created');
    const { ids, created } = await registerImportedWorkers(
      tx,
      actor,
      now,
      creating.map((i) => i.payload.worker),
      '历史数据导入（用人单位台账）登记建档',
    );
    report.workersCreated = (report.workersCreated ?? 0) + created;
    // EMP-1 again inside the transaction: a certificate revoked since the check must not slip through.
    const refusals = await ledgerRefusals(
      tx,
      ctx,
      creating.map((i) => ({ payload: i.payload, workerId: ids.get(i.payload.worker.idNumberHash) })),
      // Item names are not needed for the message that aborts the commit (no catalogue read in the transaction).
      new Map(),
    );
    const refused = refusals.findIndex(Boolean);
    if (refused >= 0) throw new Error(`EMP-1：${creating[refused].payload.worker.name} ${refusals[refused]}`);
    const rows = creating.map((i) => {
      const w = i.payload.worker;
      const orgId = orgIds.get(i.payload.employer.creditCode)!;
      return {
        employerOrgId: orgId,
        regionCode: i.payload.employer.regionCode,
        workerId: ids.get(w.idNumberHash)!,
        workerName: w.name,
        idNumberMasked: w.idNumberMasked,
        kind: i.payload.kind as never,
        providerName: i.payload.providerName,
        itemCodes: i.payload.itemCodes,
        hiredOn: i.payload.hiredOn,
        filingDueOn: filingDueOn(i.payload.hiredOn),
        // EMP-2: the earlier system's ledger was the filing; it is not asked for again.
        filedOn: i.payload.hiredOn,
        filedAt: now,
        filedBy: actor.userId,
        createdAt: now,
        createdBy: actor.userId,
      };
    });
    const employmentIds = await insertImportedEmployments(tx, rows);
    creating.forEach((i, n) => written.set(i.key, employmentIds[n]));
    // REG-4: the person is the employer's employee (who may see them follows from it).
    await linkWorkersToOrganisation(
      tx,
      rows.map((r) => ({ workerId: r.workerId, orgId: r.employerOrgId, relation: 'employee', since: now })),
    );
    await appendArchiveEvents(
      tx,
      creating.map((i, n) => ({
        workerId: rows[n].workerId,
        occurredAt: now,
        kind: 'employment_imported',
        summary: `导入历史用工记录：${i.payload.employer.name}（聘用 ${i.payload.hiredOn}${i.payload.itemCodes.length ? `，作业项目 ${i.payload.itemCodes.join('、')}` : ''}）`,
        detail: { employerOrgId: rows[n].employerOrgId, itemCodes: i.payload.itemCodes },
        actorUserId: actor.userId,
        actorName: actor.displayName,
        orgId: actor.orgId,
        orgName: actor.orgName,
      })),
    );
    for (const item of items as WriteItem<LedgerPayload>[]) {
      if (item.outcome === 'updated') {
        await updateImportedEmployment(tx, item.entityId!, {
          kind: item.payload.kind as never,
          providerName: item.payload.providerName,
          itemCodes: item.payload.itemCodes,
          hiredOn: item.payload.hiredOn,
          filingDueOn: filingDueOn(item.payload.hiredOn),
        });
        written.set(item.key, item.entityId!);
      } else if (item.outcome === 'matched') written.set(item.key, item.entityId!);
    }
    return written;
  },
});

// ---- certificate review (复审) history ---------------------------------------------------------------

interface ReviewPayload {
  number: string;
  itemCode: string;
  reviewedOn: string;
  status: 'approved' | 'refused';
  authorityName: string | null;
  retrainingHours: number | null;
  note: string | null;
}

async function certificatesOf(db: Executor, records: ParsedRecord<ReviewPayload>[]) {
  const stored = await certificatesByNumbers(db, [...new Set(records.map((r) => r.payload.number))]);
  // One certificate per number and item is the one a review concerns: the valid one, else the latest.
  const best = new Map<string, (typeof stored)[number]>();
  for (const c of stored) {
    const k = `${c.number}|${c.itemCode}`;
    const seen = best.get(k);
    if (
      !seen ||
      (c.state === 'active' && seen.state !== 'active') ||
      (seen.state !== 'active' && c.issuedOn > seen.issuedOn)
    )
      best.set(k, c);
  }
  return best;
}

export const legacyReviewsImport = recordKind<ReviewPayload, WithItems>({
  name: 'legacy.reviews',
  slug: 'reviews',
  label: '复审记录',
  columns: REVIEW_COLUMNS,
  newState,
  prepare: ensureItems,
  parse(ctx, _actor, v, rowNo, state, problems) {
    const fail: Fail = (field, message) => problems.push({ field, message });
    const today = chinaDate(ctx.clock.now());
    const number = (v.number ?? '').toUpperCase().replace(/\s/g, '');
    if (!number) fail('证书编号', '证书编号不能为空。');
    const itemCode = (v.itemCode ?? '').trim();
    if (!state.items!.has(itemCode)) fail('作业项目代码', `作业项目代码"${itemCode}"不在国家特种作业目录中（CAT-1）。`);
    const reviewedOn = dateCell(v, 'reviewedOn', '复审日期', fail, today, true);
    const status = parseReviewResult(v.result ?? '');
    if (!status) fail('复审结论', `复审结论"${v.result ?? ''}"无法识别，应为 合格 或 不合格。`);
    const hoursText = (v.retrainingHours ?? '').trim();
    const retrainingHours = hoursText ? Number(hoursText) : null;
    if (
      retrainingHours !== null &&
      (!Number.isInteger(retrainingHours) || retrainingHours < 0 || retrainingHours > 200)
    )
      fail('复审培训学时', `复审培训学时"${hoursText}"应为 0 至 200 的整数。`);
    const recordDate = dateCell(v, 'recordDate', '数据日期', fail, today, false);
    if (number && reviewedOn)
      duplicateInFile(state, `${number}|${itemCode}|${reviewedOn}`, rowNo, '复审日期', '复审记录', fail);
    if (problems.length || !reviewedOn || !status) return null;
    const payload: ReviewPayload = {
      number,
      itemCode,
      reviewedOn,
      status,
      authorityName: (v.authorityName ?? '').trim().slice(0, 100) || null,
      retrainingHours,
      note: (v.note ?? '').trim().slice(0, 300) || null,
    };
    return {
      key: `${number}|${itemCode}|${reviewedOn}`,
      digest: digestOf(payload),
      recordedOn: recordDate ?? reviewedOn,
      payload,
    };
  },
  async checkAgainstPlatform(db, _ctx, actor, rows) {
    const certs = await certificatesOf(
      db,
      rows.map((r) => r.record),
    );
    const prefix = jurisdictionPrefix(actor) ?? '';
    for (const r of rows) {
      const p = r.record.payload;
      const c = certs.get(`${p.number}|${p.itemCode}`);
      if (!c)
        r.problems.push({
          field: '证书编号',
          message: '平台上没有该证书编号和作业项目的证书；请先导入证书（CER-4）。',
        });
      else if (!c.regionCode.startsWith(prefix))
        r.problems.push({ field: '证书编号', message: `该证书不在本单位辖区（${actor.regionCode}）内（SEC-2）。` });
      // CER-4: a review falls within the certificate's life.
      else if (p.reviewedOn < c.issuedOn || p.reviewedOn > c.validUntil)
        r.problems.push({
          field: '复审日期',
          message: `复审日期 ${p.reviewedOn} 不在证书初领日期 ${c.issuedOn} 至有效期至 ${c.validUntil} 之间（CER-4）。`,
        });
    }
  },
  async native() {
    // A review decided on the platform is its own record; the earlier system's are added beside it.
    return new Map();
  },
  async write(tx, ctx, actor, items) {
    const written = new Map<string, string>();
    const certs = await certificatesOf(
      tx,
      items.map((i) => i as ParsedRecord<ReviewPayload>),
    );
    const decided = (p: ReviewPayload) => ({
      status: p.status,
      decidedAt: new Date(`${p.reviewedOn}T00:00:00+08:00`),
      decidedByName: p.authorityName ?? '原系统记录',
      retrainingHours: p.retrainingHours ?? 0,
      note: `历史数据导入${p.note ? `：${p.note}` : ''}`,
      refusalGround: p.status === 'refused' ? '原系统记录为复审不合格' : null,
    });
    const creating = items.filter((i) => i.outcome === 'created');
    const ids = await insertImportedReviews(
      tx,
      creating.map((i) => {
        const p = i.payload;
        return {
          certificateId: certs.get(`${p.number}|${p.itemCode}`)!.id,
          dueOn: p.reviewedOn,
          kind: 'review' as const,
          appliedAt: new Date(`${p.reviewedOn}T00:00:00+08:00`),
          appliedByName: actor.displayName,
          healthDeclaration: '原系统记录',
          workRecord: '原系统记录',
          retrainingExamPassed: p.status === 'approved',
          retrainingEvidence: '历史数据导入（原系统复审记录）',
          tenYearCompliance: false,
          ...decided(p),
        };
      }),
    );
    creating.forEach((i, n) => written.set(i.key, ids[n]));
    for (const item of items)
      if (item.outcome === 'updated') {
        await updateImportedReview(tx, item.entityId!, decided(item.payload));
        written.set(item.key, item.entityId!);
      }
    // CER-4: a passed review moves the next review date on, so the reminders follow the real history.
    await advanceReviewDates(
      tx,
      items
        .filter((i) => (i.outcome === 'created' || i.outcome === 'updated') && i.payload.status === 'approved')
        .map((i) => ({
          certificateId: certs.get(`${i.payload.number}|${i.payload.itemCode}`)!.id,
          reviewedOn: i.payload.reviewedOn,
        })),
    );
    return written;
  },
});

/** Every kind of the legacy import, in the order a province brings its records in. */
export const LEGACY_IMPORTS = [
  legacyCertificatesImport,
  legacyWorkersImport,
  legacyInstitutionsImport,
  legacySitesImport,
  legacyLedgersImport,
  legacyReviewsImport,
] as const;
