// EXM-6 (issue 20) and issue 16 "past exams for analysis": vendor attempts imported on the one streaming
// bulk-import mechanism (kernel/imports): the file is guarded and stored, a background job checks it in
// batches (progress on the page), every problem is listed, and on confirmation a second job writes every
// attempt in one transaction (all or nothing per upload). Two uses, decided by who uploads:
// - an exam centre imports attempts of its own platform sessions (booked seats, as before: 'vendor' papers);
// - a province regulator or issuing authority imports exams held in the past, before the platform: the
//   import creates the historical session (source 'import', no plan, no bookings) with its roster from
//   the file, so the integrity detectors (INT-1..5) run on them. The examined centre never imports its own
//   past record: it would decide what its integrity analysis sees.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { insertMany } from '../../db/bulk.js';
import type { Executor, Tx } from '../../db/index.js';
import { can, jurisdictionPrefix, type Actor } from '../../kernel/access.js';
import { chinaDate } from '../../kernel/clock.js';
import type { AppContext } from '../../kernel/context.js';
import {
  mapSliced,
  timeSlicer,
  type CheckedRow,
  type ImportColumn,
  type ImportKind,
  type ImportLimits,
  type RowProblem,
} from '../../kernel/imports/index.js';
import { badRequest, forbidden, ruleViolation } from '../../kernel/problem.js';
import { findOrganisation } from '../organisations/index.js';
import { appendArchiveEvents, workerIdsByIdNumberHash } from '../registry/index.js';
import { HEADER_ALIASES, IMPORT_COLUMNS, checkRow, normaliseHeader, type GoodRow, type RawRow } from './imports.js';
import { blueprintInForce, findSite, upsertVendorItems } from './queries.js';
import { DEFAULT_PASS_MARK, provinceOf } from './rules.js';
import {
  examAnswerEvents,
  examBookings,
  examFinalAnswers,
  examPapers,
  examSessions,
  examVendorCandidates,
  examVendorMappings,
  type PaperQuestion,
  type QuestionKind,
} from './schema.js';

/** A full day of a large centre (hundreds of candidates × 100 items) fits; more is split by the vendor. */
export const VENDOR_LIMITS: ImportLimits = {
  maxBytes: { csv: 64 * 1024 * 1024, xlsx: 32 * 1024 * 1024 },
  maxRows: 300_000,
  maxUnpackedBytes: 400 * 1024 * 1024,
  maxRatio: 100,
};

type Field = (typeof IMPORT_COLUMNS)[number] | 'candidateCode' | 'examDate' | 'startTime';

const LABELS: Record<Field, [string, string]> = {
  idNumber: ['身份证号', '考生 18 位公民身份号码；无此列时须有准考证号，且该编号已在本厂商的考生对照中'],
  candidateCode: ['准考证号', '厂商系统的考生编号（准考证号），与身份证号一起出现时平台记住对照'],
  siteId: ['考点编号', '平台考点编号，或已保存对照的厂商考点代码'],
  sessionId: ['场次编号', '平台场次编号或厂商场次代码；历史考试填厂商场次代码'],
  examDate: ['考试日期', '历史考试（平台上线前）须填，YYYY-MM-DD，早于今天'],
  startTime: ['开考时间', '历史考试的开考时间 HH:MM（北京时间），默认 09:00'],
  itemCode: ['作业项目代码', '如 1.2'],
  vendorItemId: ['题号', '厂商的试题编号，同一作答中不重复'],
  key: ['标准答案', '选项字母（多选如 ABD）或 正确/错误'],
  chosen: ['考生答案', '同上，未作答留空'],
  correct: ['是否正确', '是/否（或 1/0、true/false）'],
  responseSeconds: ['用时（秒）', '0–86400'],
  shownAt: ['出题时间', '带时区的时间，如 2026-11-23T09:05:12+08:00'],
  answeredAt: ['作答时间', '同上'],
  submittedAt: ['交卷时间', '同上'],
  pilot: ['是否试测题', '试测题记录在卷，不计分，不参与诚信分析'],
  questionCount: ['应答题数', '该份试卷的题数；文件中的题数不符则整份作答不导入'],
};
const EXTRA_ALIASES: Partial<Record<Field, string[]>> = {
  candidateCode: ['考生编号', '准考证编号', '考生号'],
  examDate: ['考试时间日期', '考期'],
  startTime: ['开考时刻'],
};
const REQUIRED: Field[] = ['siteId', 'sessionId', 'itemCode', 'vendorItemId', 'correct'];

export const VENDOR_COLUMNS: ImportColumn[] = (Object.keys(LABELS) as Field[]).map((key) => ({
  key,
  label: LABELS[key][0],
  aliases: [
    ...Object.entries(HEADER_ALIASES)
      .filter(([, f]) => f === key)
      .map(([h]) => h),
    ...(EXTRA_ALIASES[key] ?? []),
  ],
  required: REQUIRED.includes(key),
  note: LABELS[key][1],
}));

const BY_HEADER = new Map<string, Field>(
  VENDOR_COLUMNS.flatMap((c) =>
    [c.key, c.label, ...(c.aliases ?? [])].map((h) => [normaliseHeader(h), c.key as Field]),
  ),
);

/** Who uploads decides what the file is: the centre's own platform sessions, or past exams (regulator side). */
type Mode = 'live' | 'past';
function modeOf(actor: Actor): Mode {
  if (actor.orgKind === 'exam_centre' && can(actor, 'exams.import') && actor.orgId) return 'live';
  // Issue 16: the province's earlier records (past exams among them) are the regulator's or the issuing
  // authority's to bring in (legacy.import); the examined centre never imports its own past record.
  if (can(actor, 'legacy.import') && actor.regionCode) return 'past';
  throw forbidden('外部考试系统作答由考试机构导入；历史考试由省级监管部门或发证机关导入。');
}

const vendorOf = (params: Record<string, string>) => {
  const vendor = (params.vendor ?? '').trim();
  if (!vendor || vendor.length > 50)
    throw badRequest('请填写考试系统厂商名称（最多 50 字）。', [{ field: 'vendor', message: '必填' }]);
  return vendor;
};

async function savedMapping(db: Executor, centreOrgId: string, vendor: string) {
  const [row] = await db
    .select()
    .from(examVendorMappings)
    .where(and(eq(examVendorMappings.centreOrgId, centreOrgId), eq(examVendorMappings.vendor, vendor)));
  return row ?? null;
}

/**
 * EXM-6 (issue 20): the header judged once, at upload: the vendor's saved column names (per centre and
 * vendor), our keys and the Chinese names vendors export. Anything unrecognised, or a required column
 * missing, is ONE 422 naming them — never thousands of row errors.
 */
async function mapVendorHeader(ctx: AppContext, actor: Actor, header: string[], params: Record<string, string>) {
  const vendor = vendorOf(params);
  const custom = new Map<string, Field>();
  if (modeOf(actor) === 'live') {
    const saved = await savedMapping(ctx.db, actor.orgId!, vendor);
    for (const [h, f] of Object.entries(saved?.headers ?? {})) custom.set(normaliseHeader(h), f as Field);
  }
  const mapping = new Map<number, string>();
  const unknown: string[] = [];
  header.forEach((h, i) => {
    if (!h) return;
    const f = custom.get(normaliseHeader(h)) ?? BY_HEADER.get(normaliseHeader(h));
    if (f && ![...mapping.values()].includes(f)) mapping.set(i, f);
    else unknown.push(h);
  });
  const found = new Set(mapping.values());
  const missing = REQUIRED.filter((f) => !found.has(f)).map((f) => LABELS[f][0]);
  if (!found.has('idNumber') && !found.has('candidateCode')) missing.push('身份证号 或 准考证号');
  if (unknown.length || missing.length)
    throw ruleViolation(
      'EXM-6',
      '文件的列名无法识别',
      [
        unknown.length ? `无法识别的列：${unknown.slice(0, 20).join('、')}` : '',
        missing.length ? `缺少必填列：${missing.join('、')}` : '',
        `可用列名：${VENDOR_COLUMNS.map((c) => c.label).join('、')}（或英文键 ${IMPORT_COLUMNS.slice(0, 6).join('、')} 等）；厂商自有列名可在对照表中保存`,
      ]
        .filter(Boolean)
        .join('；'),
    );
  return mapping;
}

interface SessionInfo {
  /** Our session id, or null for a past session the commit will create. */
  id: string | null;
  siteId: string;
  centreOrgId: string;
  regionCode: string;
  itemCode: string;
  date: string;
  startsAt: string;
  /** The vendor's session code (past sessions). */
  code: string | null;
}

interface Attempt {
  /** The attempt's number in this upload: its rows carry it when staged (a short key, not site|session|worker). */
  no: number;
  /** The candidate code → worker mapping to learn is carried once per attempt. */
  learns: boolean;
  firstRow: number;
  count: number;
  declared: number | null;
  items: Set<string>;
}

interface CheckState {
  ready: boolean;
  mode: Mode;
  vendor: string;
  today: string;
  mapping: { sites: Record<string, string>; sessions: Record<string, string> } | null;
  /** Session key (the row's own site|session text) → resolved session, or the reason it is refused. */
  sessions: Map<string, SessionInfo | string>;
  /** Session id → worker id → allocated booking (live sessions). */
  bookings: Map<string, Map<string, { id: string; attempt: string }>>;
  /** Session id → workers with a paper already. */
  papers: Map<string, Set<string>>;
  attempts: Map<string, Attempt>;
  /** Vendor candidate codes that map to no worker, with the first row naming each. */
  unmapped: Map<string, number>;
}

/**
 * A checked row as staged until the commit. Up to 300,000 are written as jsonb at the check and read
 * back at the commit, so the staged bytes are the import's cost (issue 20): what belongs to the attempt
 * (worker, session, booking) is carried by its first row only, absent and false values are left out,
 * and the attempt is a small number. Rows come back in file order, so the commit meets the first row
 * of an attempt before the others. Rows staged before this layout (every field on every row, `a` a
 * text key) are read the same way.
 */
interface Staged {
  /** The attempt (its number in the upload). */
  a: number | string;
  /** Attempt-level, first row of the attempt only: worker, session, booking and its attempt. */
  w?: string;
  s?: SessionInfo;
  b?: string | null;
  at?: string;
  /** The attempt's declared length (应答题数), on its first row when that row declares it. */
  n?: number;
  /** The vendor's candidate code of the row (the preview lists it; the paper keeps the first row's). */
  cc?: string | null;
  /** The code to learn as this worker's (issue 20): on the attempt's first row that had both. */
  lc?: string;
  /** Earlier layout: the row had both a code and an ID number. */
  learn?: boolean;
  /** The session's date and vendor code, for the preview of any row. */
  d?: string;
  sc?: string;
  i: string;
  v: string;
  k: QuestionKind;
  key: number[] | null;
  ch: number[];
  c: boolean;
  rs?: number | null;
  p?: boolean;
  sh?: string | null;
  an?: string | null;
  sub?: string | null;
}

/** A date and time of day in China (UTC+8, no daylight saving) as an instant. */
const chinaTime = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function resolveSession(
  ctx: AppContext,
  actor: Actor,
  state: CheckState,
  row: { siteId: string; sessionId: string; itemCode: string; examDate: string; startTime: string },
): Promise<SessionInfo | string> {
  if (state.mode === 'live') {
    const sessionId = state.mapping?.sessions[row.sessionId] ?? row.sessionId;
    const siteId = state.mapping?.sites[row.siteId] ?? row.siteId;
    const [s] = UUID.test(sessionId)
      ? await ctx.db.select().from(examSessions).where(eq(examSessions.id, sessionId))
      : [];
    // Another centre's session is as unknown as a missing one (SEC-2); a past session is the regulator's record.
    if (!s || s.centreOrgId !== actor.orgId || s.source === 'import')
      return '考试场次不存在或不属于本考试机构（厂商场次代码须先在对照表中对应到本平台场次）';
    if (s.siteId !== siteId) return 'siteId 与该场次的考试点不一致';
    return {
      id: s.id,
      siteId: s.siteId,
      centreOrgId: s.centreOrgId,
      regionCode: s.regionCode,
      itemCode: s.itemCode,
      date: s.date,
      startsAt: s.startsAt.toISOString(),
      code: null,
    };
  }
  // Past exams: the site is ours (its id), the session is the vendor's code; the session is created by
  // the import (issue 16), only for a date before today — a live exam is never entered this way.
  const site = UUID.test(row.siteId) ? await findSite(ctx.db, row.siteId) : undefined;
  const prefix = jurisdictionPrefix(actor) ?? actor.regionCode!.slice(0, 2);
  if (!site || !site.regionCode.startsWith(prefix)) return '考点不存在或不在本辖区（历史考试须填本平台考点编号）';
  if (UUID.test(row.sessionId)) return '历史考试的场次编号填厂商场次代码；本平台场次的作答由考试机构导入';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(row.examDate) || Number.isNaN(Date.parse(row.examDate)))
    return '历史考试须填考试日期（YYYY-MM-DD）';
  if (row.examDate >= state.today) return '历史考试导入只用于今天以前举行的考试；今后的考试须按考试计划安排（EXM-3）';
  const time = row.startTime || '09:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return '开考时间须为 HH:MM';
  const [existing] = await ctx.db
    .select()
    .from(examSessions)
    .where(and(eq(examSessions.siteId, site.id), eq(examSessions.importCode, row.sessionId)));
  if (existing && (existing.date !== row.examDate || existing.itemCode !== row.itemCode))
    return `该考点已导入场次 ${row.sessionId}（${existing.date}，${existing.itemCode}），与本行的日期或作业项目不一致`;
  return {
    id: existing?.id ?? null,
    siteId: site.id,
    centreOrgId: site.centreOrgId,
    regionCode: site.regionCode,
    itemCode: row.itemCode,
    date: row.examDate,
    startsAt: existing?.startsAt.toISOString() ?? chinaTime(row.examDate, time).toISOString(),
    code: row.sessionId,
  };
}

async function checkVendorRows(
  ctx: AppContext,
  actor: Actor,
  rows: Array<{ rowNo: number; values: Record<string, string> }>,
  state: CheckState,
): Promise<CheckedRow[]> {
  if (!state.ready) {
    // The mode and the saved mapping are the uploader's; read once per check.
    state.mode = modeOf(actor);
    state.today = chinaDate(ctx.clock.now());
    if (state.mode === 'live') state.mapping = await savedMapping(ctx.db, actor.orgId!, state.vendor);
    state.ready = true;
  }
  // Issue 18: a batch's own checks in time slices, so that other requests are served meanwhile.
  const parsed = await mapSliced(rows, ({ rowNo, values }) => {
    const r = checkRow(values as RawRow, rowNo, { own: true });
    return { rowNo, values, r };
  });
  // Workers of the batch: one query by ID-number hash, one by the vendor's candidate codes.
  const hashOf = new Map<string, string[]>();
  for (const p of parsed)
    if (p.r.ok && p.r.value.idNumber && !hashOf.has(p.r.value.idNumber))
      hashOf.set(p.r.value.idNumber, ctx.vault.lookupHashes('id_number', p.r.value.idNumber));
  const byHash = await workerIdsByIdNumberHash(ctx.db, [...hashOf.values()].flat());
  const workerOfId = (id: string) => {
    for (const h of hashOf.get(id) ?? []) {
      const w = byHash.get(h);
      if (w) return w.id;
    }
    return null;
  };
  const out: CheckedRow[] = [];
  const needCodes: Array<{ centre: string; code: string }> = [];
  const pending: Array<{
    rowNo: number;
    v: GoodRow;
    values: Record<string, string>;
    session: SessionInfo;
    code: string;
  }> = [];
  for (const p of parsed) {
    const problems: RowProblem[] = [];
    if (!p.r.ok) {
      out.push({ rowNo: p.rowNo, problems: p.r.errors.map((message) => ({ field: '行', message })) });
      continue;
    }
    const v = p.r.value;
    const code = (p.values.candidateCode ?? '').trim();
    if (!v.idNumber && !code) problems.push({ field: '身份证号', message: '须有身份证号或准考证号' });
    if (code.length > 64) problems.push({ field: '准考证号', message: '最多 64 字' });
    const sessionKey = `${v.siteId}|${v.sessionId}`;
    if (!state.sessions.has(sessionKey))
      state.sessions.set(
        sessionKey,
        await resolveSession(ctx, actor, state, {
          siteId: v.siteId,
          sessionId: v.sessionId,
          itemCode: v.itemCode,
          examDate: (p.values.examDate ?? '').trim(),
          startTime: (p.values.startTime ?? '').trim(),
        }),
      );
    const session = state.sessions.get(sessionKey)!;
    if (typeof session === 'string') problems.push({ field: '场次编号', message: session });
    else if (session.itemCode !== v.itemCode)
      problems.push({ field: '作业项目代码', message: `itemCode 与该场次的作业项目（${session.itemCode}）不一致` });
    if (problems.length || typeof session === 'string') {
      out.push({ rowNo: p.rowNo, problems });
      continue;
    }
    if (!v.idNumber) needCodes.push({ centre: session.centreOrgId, code });
    pending.push({ rowNo: p.rowNo, v, values: p.values, session, code });
    out.push({ rowNo: p.rowNo, problems: [] });
  }
  // Candidate codes without an ID number: the per-centre, per-vendor mapping table (issue 20).
  const byCode = new Map<string, string>();
  const centres = [...new Set(needCodes.map((n) => n.centre))];
  for (const centre of centres) {
    const codes = [...new Set(needCodes.filter((n) => n.centre === centre).map((n) => n.code))];
    for (let i = 0; i < codes.length; i += 1000) {
      const found = await ctx.db
        .select({ code: examVendorCandidates.code, workerId: examVendorCandidates.workerId })
        .from(examVendorCandidates)
        .where(
          and(
            eq(examVendorCandidates.centreOrgId, centre),
            eq(examVendorCandidates.vendor, state.vendor),
            inArray(examVendorCandidates.code, codes.slice(i, i + 1000)),
          ),
        );
      for (const f of found) byCode.set(`${centre}|${f.code}`, f.workerId);
    }
  }
  const byRow = new Map(out.map((c) => [c.rowNo, c]));
  for (const { rowNo, v, session, code } of pending) {
    const checked = byRow.get(rowNo)!;
    const problems = checked.problems;
    const workerId = v.idNumber ? workerOfId(v.idNumber) : (byCode.get(`${session.centreOrgId}|${code}`) ?? null);
    if (!workerId) {
      if (v.idNumber) problems.push({ field: '身份证号', message: '该身份证号的考生未在平台登记' });
      else {
        // Named once per code at the end of the check (finishCheck), not on every row of the attempt.
        if (!state.unmapped.has(code)) state.unmapped.set(code, rowNo);
        problems.push({ field: '准考证号', message: `准考证号 ${code} 未对应到本平台考生` });
      }
      continue;
    }
    let bookingId: string | null = null;
    let attempt = 'first';
    if (session.id) {
      if (!state.papers.has(session.id)) {
        const had = await ctx.db
          .select({ workerId: examPapers.workerId })
          .from(examPapers)
          .where(eq(examPapers.sessionId, session.id));
        state.papers.set(session.id, new Set(had.map((h) => h.workerId)));
      }
      // Issue 20: an attempt already on the platform (e.g. the first half of a split attempt) is refused.
      if (state.papers.get(session.id)!.has(workerId)) {
        problems.push({ field: '身份证号', message: '该考生本场次已有作答记录，不能重复导入' });
        continue;
      }
    }
    if (state.mode === 'live') {
      if (!state.bookings.has(session.id!)) {
        const bs = await ctx.db
          .select({ id: examBookings.id, workerId: examBookings.workerId, attempt: examBookings.attempt })
          .from(examBookings)
          .where(and(eq(examBookings.sessionId, session.id!), eq(examBookings.status, 'allocated')));
        state.bookings.set(session.id!, new Map(bs.map((b) => [b.workerId, { id: b.id, attempt: b.attempt }])));
      }
      const booking = state.bookings.get(session.id!)!.get(workerId);
      // EXM-3: a platform session's paper is taken on a booked seat.
      if (!booking) {
        problems.push({ field: '身份证号', message: '该考生未在该场次报名（或未分配座位）' });
        continue;
      }
      bookingId = booking.id;
      attempt = booking.attempt;
    }
    const a = `${v.siteId}|${v.sessionId}|${workerId}`;
    let att = state.attempts.get(a);
    const opens = !att;
    if (!att) {
      att = { no: state.attempts.size + 1, learns: false, firstRow: rowNo, count: 0, declared: null, items: new Set() };
      state.attempts.set(a, att);
    }
    att.count += 1;
    if (v.questionCount !== null) {
      if (att.declared !== null && att.declared !== v.questionCount)
        problems.push({
          field: '应答题数',
          message: `同一作答的应答题数不一致（${att.declared} 与 ${v.questionCount}）`,
        });
      att.declared ??= v.questionCount;
    }
    if (att.items.has(v.vendorItemId))
      problems.push({ field: '题号', message: `同一作答中题目 ${v.vendorItemId} 重复` });
    att.items.add(v.vendorItemId);
    if (problems.length) continue;
    const data: Staged = {
      a: att.no,
      i: v.itemCode,
      v: v.vendorItemId,
      k: v.kind,
      key: v.key,
      ch: v.chosen,
      c: v.correct,
    };
    if (opens) {
      data.w = workerId;
      data.s = session;
      data.b = bookingId;
      data.at = attempt;
      if (v.questionCount !== null) data.n = v.questionCount;
    }
    data.d = session.date;
    if (session.code) data.sc = session.code;
    if (code) data.cc = code;
    if (code && v.idNumber && !att.learns) {
      att.learns = true;
      data.lc = code;
    }
    if (v.responseSeconds !== null) data.rs = v.responseSeconds;
    if (v.pilot) data.p = true;
    if (v.shownAt) data.sh = v.shownAt.toISOString();
    if (v.answeredAt) data.an = v.answeredAt.toISOString();
    if (v.submittedAt) data.sub = v.submittedAt.toISOString();
    checked.data = data as unknown as Record<string, unknown>;
    checked.outcome = 'rows';
    checked.tallies = v.pilot ? ['pilotRows'] : [];
  }
  return out;
}

/** Attempt-level rules, known once every row was read. */
async function finishVendorCheck(_ctx: AppContext, _actor: Actor, state: CheckState) {
  const late: Array<{ rowNo: number; problems: RowProblem[] }> = [];
  // Issue 20: an attempt is complete or refused whole — a declared paper length not met is a split
  // attempt (e.g. across two uploads), reported, never stored as a shorter paper.
  for (const att of state.attempts.values())
    if (att.declared !== null && att.count !== att.declared)
      late.push({
        rowNo: att.firstRow,
        problems: [
          {
            field: '应答题数',
            message: `作答不完整：该试卷应有 ${att.declared} 题，本文件中有 ${att.count} 题（可能一份作答被分在两个文件中），整份作答未导入`,
          },
        ],
      });
  // Issue 20: the report names every vendor candidate code that maps to nobody, once.
  for (const [code, rowNo] of state.unmapped)
    late.push({
      rowNo,
      problems: [
        {
          field: '未对应的准考证号',
          message: `准考证号 ${code}：文件无身份证号，考生对照表中也没有该编号；请在对照表中填写其身份证号，或上传带身份证号的文件`,
        },
      ],
    });
  return late;
}

interface CommitState {
  /** Attempt → rows, from the staged rows; read only when an attempt declared no length (see below). */
  sizes: Map<string, number> | null;
  /** Attempt → its declared length (应答题数), which the check held every attempt to (finishCheck). */
  declared: Map<string, number>;
  pending: Map<string, Array<{ rowNo: number; d: Staged }>>;
  sessions: Map<string, string>;
  items: Map<string, string>;
  blueprints: Map<string, Awaited<ReturnType<typeof blueprintInForce>>>;
  centres: Map<string, string>;
}
// Keyed by the commit's report object: one per commit run, gone with it (a failed run leaves nothing).
const commits = new WeakMap<Record<string, number>, CommitState>();

const bump = (report: Record<string, number>, key: string, n = 1) => {
  report[key] = (report[key] ?? 0) + n;
};

async function commitVendorRows(
  tx: Tx,
  ctx: AppContext,
  actor: Actor,
  staged: Array<{ rowNo: number; data: Record<string, unknown> }>,
  report: Record<string, number>,
  upload: { id: string; params: Record<string, string> | null },
) {
  const vendor = vendorOf(upload.params ?? {});
  let st = commits.get(report);
  if (!st) {
    st = {
      sizes: null,
      declared: new Map(),
      pending: new Map(),
      sessions: new Map(),
      items: new Map(),
      blueprints: new Map(),
      centres: new Map(),
    };
    commits.set(report, st);
  }
  const complete: Array<Array<{ rowNo: number; d: Staged }>> = [];
  for (const s of staged) {
    const d = s.data as unknown as Staged;
    // The committed report replaces the check's preview: it counts the rows and pilot rows written too,
    // so the page's report after the commit still says how many pilot items were kept out of the score.
    bump(report, 'rows');
    if (d.p) bump(report, 'pilotRows');
    const a = String(d.a);
    // An attempt's rows may lie in two commit batches, so its size must be known: the length it declared
    // (the check refused any attempt whose rows differ from it), else the count of its staged rows —
    // one scan of the staging table, only for files without 应答题数.
    if (d.n) st.declared.set(a, d.n);
    if (!st.declared.has(a) && !st.sizes) {
      const sizes = (await tx.execute(
        sql`select data->>'a' as a, count(*)::int as n from bulk_import_rows where import_id = ${upload.id} group by 1`,
      )) as unknown as { rows: Array<{ a: string; n: number }> };
      st.sizes = new Map(sizes.rows.map((r) => [r.a, Number(r.n)]));
    }
    const list = st.pending.get(a) ?? [];
    list.push({ rowNo: s.rowNo, d });
    st.pending.set(a, list);
    if (list.length === (st.declared.get(a) ?? st.sizes?.get(a))) {
      complete.push(list);
      st.pending.delete(a);
    }
  }
  if (!complete.length) return;
  const now = ctx.clock.now();
  // Past sessions (issue 16): created here, by the import only, marked source 'import'.
  for (const list of complete) {
    const s = list[0].d.s!;
    const key = s.id ?? `${s.siteId}|${s.code}`;
    if (st.sessions.has(key)) continue;
    if (s.id) {
      st.sessions.set(key, s.id);
      continue;
    }
    const [existing] = await tx
      .select({ id: examSessions.id })
      .from(examSessions)
      .where(and(eq(examSessions.siteId, s.siteId), eq(examSessions.importCode, s.code!)));
    if (existing) st.sessions.set(key, existing.id);
    else {
      const id = randomUUID();
      await tx.insert(examSessions).values({
        id,
        planId: null,
        source: 'import',
        importCode: s.code,
        siteId: s.siteId,
        centreOrgId: s.centreOrgId,
        regionCode: s.regionCode,
        itemCode: s.itemCode,
        date: s.date,
        startsAt: new Date(s.startsAt),
        capacity: 0,
        createdAt: now,
      });
      st.sessions.set(key, id);
      bump(report, 'sessionsCreated');
    }
  }
  // The vendor's items, once per upload, in multi-row statements.
  const itemKey = (d: Staged) => `${d.i}|${d.v}`;
  const fresh = new Map<string, Staged>();
  for (const list of complete)
    for (const { d } of list) if (!st.items.has(itemKey(d)) && !fresh.has(itemKey(d))) fresh.set(itemKey(d), d);
  const freshRows = [...fresh.values()].map((d) => ({ itemCode: d.i, vendorItemId: d.v, answer: d.key }));
  await upsertVendorItems(tx, vendor, freshRows, now, st.items);
  const papers: Array<typeof examPapers.$inferInsert> = [];
  const events: Array<typeof examAnswerEvents.$inferInsert> = [];
  const finals: Array<typeof examFinalAnswers.$inferInsert> = [];
  const archive: Parameters<typeof appendArchiveEvents>[1] = [];
  const learnt = new Map<string, { centreOrgId: string; code: string; workerId: string }>();
  // Issue 18: papers of thousands of rows are built in time slices, not in one stretch of the event loop.
  const slice = timeSlicer();
  for (const list of complete) {
    await slice();
    const rows = list.map((l) => l.d);
    const first = rows[0];
    const s = first.s!;
    const sessionId = st.sessions.get(s.id ?? `${s.siteId}|${s.code}`)!;
    if (!st.blueprints.has(sessionId))
      st.blueprints.set(sessionId, await blueprintInForce(tx, s.itemCode, provinceOf(s.regionCode), s.date));
    const blueprint = st.blueprints.get(sessionId);
    const passMark = blueprint?.theoryPassMark ?? DEFAULT_PASS_MARK;
    // Pilot (unscored) items are kept on the paper for the record and carry no points.
    const scored = rows.filter((r) => !r.p);
    const points = Math.round((100 / Math.max(scored.length, 1)) * 100) / 100;
    const questions: PaperQuestion[] = rows.map((r) => {
      const width = r.k === 'judge' ? 2 : Math.max(4, ...r.ch.map((x) => x + 1), ...(r.key ?? []).map((x) => x + 1));
      return {
        questionId: st.items.get(itemKey(r))!,
        kind: r.k,
        points: r.p ? 0 : points,
        optionOrder: Array.from({ length: width }, (_, k) => k),
        ...(r.p ? { pilot: true } : {}),
      };
    });
    const times = rows
      .flatMap((r) => [r.sh, r.an])
      .filter((t): t is string => !!t)
      .map((t) => Date.parse(t));
    const startedAt = times.length ? new Date(Math.min(...times)) : new Date(s.startsAt);
    const submittedAt = rows.find((r) => r.sub)?.sub
      ? new Date(rows.find((r) => r.sub)!.sub!)
      : times.length
        ? new Date(Math.max(...times))
        : startedAt;
    const score = Math.round((scored.filter((r) => r.c).length * 1000) / Math.max(scored.length, 1)) / 10;
    const paperId = randomUUID();
    const past = s.code !== null;
    papers.push({
      id: paperId,
      bookingId: first.b ?? null,
      sessionId,
      workerId: first.w!,
      itemCode: s.itemCode,
      blueprintVersion: blueprint?.version ?? 0,
      questions,
      passMark,
      startedAt,
      deadline: new Date(startedAt.getTime() + (blueprint?.timeLimitMinutes ?? 90) * 60_000),
      submittedAt,
      score,
      passed: score >= passMark,
      source: past ? 'import' : 'vendor',
      vendor,
      importId: upload.id,
      vendorCandidateCode: first.cc ?? null,
    });
    // The vendor's own event times stand in for server time; the paper's source says so.
    let seq = 0;
    rows.forEach((r, position) => {
      if (r.sh)
        events.push({
          paperId,
          clientSeq: ++seq,
          kind: 'question_shown',
          position,
          selected: null,
          clientAt: null,
          serverAt: new Date(r.sh),
        });
      if (r.an && r.ch.length)
        events.push({
          paperId,
          clientSeq: ++seq,
          kind: 'option_selected',
          position,
          selected: r.ch,
          clientAt: null,
          serverAt: new Date(r.an),
        });
      finals.push({
        paperId,
        position,
        questionId: st.items.get(itemKey(r))!,
        selected: r.ch,
        correct: r.c,
        points: r.c && !r.p ? points : 0,
        responseSeconds: r.rs ?? null,
      });
    });
    events.push({
      paperId,
      clientSeq: ++seq,
      kind: 'final_submit',
      position: null,
      selected: null,
      clientAt: null,
      serverAt: submittedAt,
    });
    if (!st.centres.has(s.centreOrgId))
      st.centres.set(s.centreOrgId, (await findOrganisation(tx, s.centreOrgId))?.name ?? '');
    archive.push({
      workerId: first.w!,
      occurredAt: submittedAt,
      kind: 'examined',
      summary: `${s.itemCode} 理论考试 ${score} 分（合格线 ${passMark}，${vendor} 考试系统${past ? '历史考试导入' : '成绩导入'}）：${score >= passMark ? '合格' : '不合格'}`,
      detail: {
        paperId,
        sessionId,
        part: 'theory',
        score,
        passMark,
        passed: score >= passMark,
        source: past ? 'import' : 'vendor',
        vendor,
      },
      actorUserId: actor.userId,
      actorName: actor.displayName,
      orgId: s.centreOrgId,
      orgName: st.centres.get(s.centreOrgId) ?? null,
    });
    const learn = rows.find((r) => r.lc || (r.learn && r.cc));
    const learnCode = learn?.lc ?? learn?.cc;
    if (learnCode)
      learnt.set(`${s.centreOrgId}|${learnCode}`, { centreOrgId: s.centreOrgId, code: learnCode, workerId: first.w! });
    bump(report, past ? 'pastAttempts' : 'attempts');
  }
  await insertMany(tx, examPapers, papers);
  await insertMany(tx, examAnswerEvents, events);
  await insertMany(tx, examFinalAnswers, finals);
  await appendArchiveEvents(tx, archive);
  // Issue 20: a file carrying both the vendor's candidate code and the ID number teaches the mapping.
  const codes = [...learnt.values()];
  for (let k = 0; k < codes.length; k += 1000)
    await tx
      .insert(examVendorCandidates)
      .values(codes.slice(k, k + 1000).map((c) => ({ ...c, vendor, updatedAt: now })))
      .onConflictDoUpdate({
        target: [examVendorCandidates.centreOrgId, examVendorCandidates.vendor, examVendorCandidates.code],
        set: { workerId: sql`excluded.worker_id`, updatedAt: now },
      });
  bump(report, 'candidateCodes', codes.length);
}

export const vendorAttemptImport: ImportKind<CheckState> = {
  name: 'exams.vendor_attempts',
  slug: 'vendor-attempts',
  label: '外部考试系统作答',
  columns: VENDOR_COLUMNS,
  limits: VENDOR_LIMITS,
  authorise: (actor) => void modeOf(actor),
  newCheckState: (upload) => ({
    ready: false,
    mode: 'live',
    vendor: vendorOf(upload.params ?? {}),
    today: '',
    mapping: null,
    sessions: new Map(),
    bookings: new Map(),
    papers: new Map(),
    attempts: new Map(),
    unmapped: new Map(),
  }),
  mapHeader: mapVendorHeader,
  checkBatch: checkVendorRows,
  finishCheck: finishVendorCheck,
  commitBatch: commitVendorRows,
  committedAction: 'exams.attempts_import',
  presentRow: (data) => {
    const d = data as unknown as Staged;
    const date = d.d ?? d.s?.date ?? '';
    const code = d.sc ?? d.s?.code ?? null;
    return {
      session: code ? `${date} ${code}（导入）` : date,
      past: code !== null,
      itemCode: d.i,
      candidateCode: d.cc ?? null,
      vendorItemId: d.v,
      correct: d.c,
      pilot: d.p === true,
    };
  },
};
