// Rules of the legacy import (issue 16): how a row of the province's earlier system reads, what
// makes it wrong, and whether it changes a record already on the platform (newer wins). Pure functions.
import type { ImportColumn } from '../../kernel/imports/index.js';

export const CERTIFICATE_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'idNumber',
    label: '身份证号',
    aliases: ['公民身份号码', '证件号码', '身份证号码'],
    required: true,
    note: '18 位居民身份证号码，按文本填写（REG-2 校验码）',
  },
  { key: 'name', label: '姓名', aliases: ['持证人', '持证人姓名'], required: true, note: '持证人姓名' },
  { key: 'phone', label: '手机号', aliases: ['联系电话', '手机号码'], note: '11 位手机号，可空' },
  {
    key: 'education',
    label: '文化程度',
    aliases: ['学历'],
    note: '小学/初中/高中/中专/技校/大专/本科/研究生，可空（空则记为初中，持证即已满足 REG-3 的最低要求）',
  },
  {
    key: 'regionCode',
    label: '管理地区代码',
    aliases: ['所在地区代码', '行政区划代码'],
    note: '持证人所在县级行政区划代码（6 位）；空则取身份证号前 6 位，须在本辖区内',
  },
  {
    key: 'number',
    label: '证书编号',
    aliases: ['证号', '操作证号'],
    required: true,
    note: '特种作业操作证编号：T + 持证人身份证号',
  },
  {
    key: 'itemCode',
    label: '作业项目代码',
    aliases: ['操作项目代码', '准操项目代码'],
    required: true,
    note: '国家特种作业目录的作业项目代码（CAT-1），如 1.1',
  },
  {
    key: 'issuedOn',
    label: '初领日期',
    aliases: ['发证日期', '领证日期'],
    required: true,
    note: '日期，如 2021-05-18',
  },
  { key: 'validFrom', label: '有效期起', aliases: ['有效期开始日期', '有效起始日期'], note: '空则同初领日期' },
  {
    key: 'validUntil',
    label: '有效期至',
    aliases: ['有效期截止日期', '有效期结束日期'],
    required: true,
    note: '有效期 6 年（CER-4）',
  },
  {
    key: 'nextReviewDue',
    label: '应复审日期',
    aliases: ['下次复审日期', '复审到期日期'],
    note: '空则按每 3 年复审推算',
  },
  {
    key: 'lastReviewedOn',
    label: '末次复审日期',
    aliases: ['复审日期', '最近复审日期'],
    note: '已知的最近一次复审日期，可空',
  },
  { key: 'authorityName', label: '发证机关', aliases: ['签发机关', '发证单位'], required: true, note: '发证机关全称' },
  { key: 'state', label: '证书状态', aliases: ['状态'], required: true, note: '有效 / 过期 / 撤销 / 注销' },
  { key: 'origin', label: '证书来源', aliases: ['来源'], note: '本省 / 外省；空则为本省历史数据' },
  {
    key: 'recordDate',
    label: '数据日期',
    aliases: ['更新日期', '最后更新日期'],
    note: '原系统最后修改该记录的日期；与平台记录比较，较新者为准。空则取初领或末次复审日期',
  },
];

export const WORKER_COLUMNS: readonly ImportColumn[] = CERTIFICATE_COLUMNS.slice(0, 5);

export type CertificateState = 'active' | 'revoked' | 'cancelled';

const STATES: Record<string, { state: CertificateState; expired?: boolean }> = {
  有效: { state: 'active' },
  正常: { state: 'active' },
  过期: { state: 'active', expired: true },
  已过期: { state: 'active', expired: true },
  撤销: { state: 'revoked' },
  已撤销: { state: 'revoked' },
  注销: { state: 'cancelled' },
  已注销: { state: 'cancelled' },
};

const EDUCATION_WORDS: Record<string, string> = {
  小学: 'primary',
  初中: 'junior_high',
  高中: 'senior_high',
  中专: 'senior_high',
  技校: 'senior_high',
  职高: 'senior_high',
  大专: 'college',
  专科: 'college',
  本科: 'bachelor',
  大学: 'bachelor',
  研究生: 'postgraduate',
  硕士: 'postgraduate',
  博士: 'postgraduate',
};

export interface Problem {
  field: string;
  message: string;
}

/** A date as the provincial exports write it (2021-05-18, 2021/5/18, 2021.05.18, 20210518); null when not a date. */
export function parseDate(text: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

export function addYears(iso: string, years: number): string {
  return `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;
}

export function parseEducation(text: string): string | null {
  if (!text) return 'junior_high';
  for (const [word, code] of Object.entries(EDUCATION_WORDS)) if (text.includes(word)) return code;
  return null;
}

export interface LegacyCertificate {
  number: string;
  itemCode: string;
  issuedOn: string;
  validFrom: string;
  validUntil: string;
  nextReviewDue: string | null;
  lastReviewedOn: string | null;
  authorityName: string;
  state: CertificateState;
  origin: 'legacy' | 'other_province';
  recordDate: string;
}

/**
 * The certificate part of a row: each wrong cell is one problem naming its rule. `idNumber` is the
 * holder's normalised ID number (already checked, REG-2); `today` the China date.
 */
export function parseCertificateFields(
  v: Record<string, string>,
  idNumber: string | null,
  today: string,
  knownItem: (code: string) => boolean,
): { problems: Problem[]; value: LegacyCertificate | null } {
  const problems: Problem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  const number = (v.number ?? '').toUpperCase().replace(/\s/g, '');
  // CER-1 (NATIONAL.md): the national certificate number is "T" + the holder's ID number.
  if (!number) fail('证书编号', '证书编号不能为空。');
  else if (idNumber && number !== `T${idNumber}`)
    fail('证书编号', `证书编号应为 T+持证人身份证号（${'T'}${idNumber.slice(0, 6)}…），该行为 ${number}（CER-1）。`);
  const itemCode = (v.itemCode ?? '').trim();
  // CAT-1: every certificate names an item of the national catalogue.
  if (!knownItem(itemCode)) fail('作业项目代码', `作业项目代码"${itemCode}"不在国家特种作业目录中（CAT-1）。`);
  const date = (key: string, label: string, required: boolean) => {
    const text = (v[key] ?? '').trim();
    if (!text) {
      if (required) fail(label, `${label}不能为空。`);
      return null;
    }
    const d = parseDate(text);
    if (!d) fail(label, `${label}"${text}"不是有效日期（如 2021-05-18）。`);
    return d;
  };
  const issuedOn = date('issuedOn', '初领日期', true);
  const validFrom = date('validFrom', '有效期起', false) ?? issuedOn;
  const validUntil = date('validUntil', '有效期至', true);
  const lastReviewedOn = date('lastReviewedOn', '末次复审日期', false);
  let nextReviewDue = date('nextReviewDue', '应复审日期', false);
  const recordDate = date('recordDate', '数据日期', false);
  const stateWord = (v.state ?? '').trim();
  const stateOf = STATES[stateWord];
  if (!stateOf) fail('证书状态', `证书状态"${stateWord}"无法识别，应为 有效 / 过期 / 撤销 / 注销。`);
  const authorityName = (v.authorityName ?? '').trim();
  if (!authorityName) fail('发证机关', '发证机关不能为空。');
  const originWord = (v.origin ?? '').trim();
  if (originWord && !['本省', '外省', '历史导入', '本省历史'].includes(originWord))
    fail('证书来源', `证书来源"${originWord}"无法识别，应为 本省 或 外省。`);
  // CER-4: dates in their order — issued, valid from, reviewed, valid until; 6 years at most; none in the future.
  if (issuedOn && issuedOn > today) fail('初领日期', `初领日期 ${issuedOn} 晚于今天。`);
  if (issuedOn && validFrom && validFrom < issuedOn)
    fail('有效期起', `有效期起 ${validFrom} 早于初领日期 ${issuedOn}（CER-4）。`);
  if (validFrom && validUntil && validUntil <= validFrom)
    fail('有效期至', `有效期至 ${validUntil} 不晚于有效期起 ${validFrom}，日期顺序有误（CER-4）。`);
  else if (validFrom && validUntil && validUntil > addYears(validFrom, 6))
    fail('有效期至', `有效期至 ${validUntil} 超过有效期起后 6 年（CER-4：特种作业操作证有效期 6 年）。`);
  if (lastReviewedOn && issuedOn && (lastReviewedOn < issuedOn || lastReviewedOn > today))
    fail('末次复审日期', `末次复审日期 ${lastReviewedOn} 应在初领日期与今天之间（CER-4）。`);
  if (nextReviewDue && validFrom && validUntil && (nextReviewDue <= validFrom || nextReviewDue > validUntil))
    fail('应复审日期', `应复审日期 ${nextReviewDue} 应在有效期内（${validFrom} 至 ${validUntil}，CER-4）。`);
  if (recordDate && recordDate > today) fail('数据日期', `数据日期 ${recordDate} 晚于今天。`);
  if (stateOf?.expired && validUntil && validUntil >= today)
    fail('证书状态', `状态为"过期"，但有效期至 ${validUntil} 尚未到期，请核对（CER-4）。`);
  if (stateOf?.state === 'active' && !stateOf.expired && validUntil && validUntil < today)
    fail('证书状态', `状态为"有效"，但已于 ${validUntil} 过期；请填"过期"（CER-4）。`);
  if (problems.length || !issuedOn || !validFrom || !validUntil || !stateOf) return { problems, value: null };
  // CER-4: reviewed every 3 years from the start of validity (or from the last review).
  nextReviewDue ??= (() => {
    const base = lastReviewedOn && lastReviewedOn > validFrom ? lastReviewedOn : validFrom;
    const due = addYears(base, 3);
    return due < validUntil ? due : null;
  })();
  return {
    problems,
    value: {
      number,
      itemCode,
      issuedOn,
      validFrom,
      validUntil,
      nextReviewDue,
      lastReviewedOn,
      authorityName: authorityName.slice(0, 100),
      state: stateOf.state,
      origin: originWord === '外省' ? 'other_province' : 'legacy',
      recordDate: recordDate ?? (lastReviewedOn && lastReviewedOn > issuedOn ? lastReviewedOn : issuedOn),
    },
  };
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'kept_newer';

export const OUTCOME_LABELS: Record<string, string> = {
  created: '新增证书',
  updated: '更新证书（文件较新）',
  unchanged: '证书无变化',
  kept_newer: '平台记录较新，未更新',
  workersCreated: '新登记人员',
  workersMatched: '已在平台的人员',
  matched: '平台已有记录（保留平台记录）',
  organisationsCreated: '新建单位',
  organisationsMatched: '已在平台的单位',
};

export interface ComparableCertificate {
  validFrom: string;
  validUntil: string;
  nextReviewDue: string | null;
  state: string;
  authorityName: string;
  holderName: string;
}

/**
 * Newer wins: a row matching a certificate on the platform (same number, item and first issue date)
 * changes it only when the source system's record is newer than the platform's (its record date for an
 * imported one, its last change for a native one); equal content is unchanged whatever the dates.
 */
export function decideOutcome(
  existing: (ComparableCertificate & { asOf: string }) | null,
  incoming: ComparableCertificate & { recordDate: string },
): ImportOutcome {
  if (!existing) return 'created';
  const same =
    existing.validFrom === incoming.validFrom &&
    existing.validUntil === incoming.validUntil &&
    (existing.nextReviewDue ?? null) === (incoming.nextReviewDue ?? null) &&
    existing.state === incoming.state &&
    existing.authorityName === incoming.authorityName &&
    existing.holderName === incoming.holderName;
  if (same) return 'unchanged';
  return incoming.recordDate > existing.asOf ? 'updated' : 'kept_newer';
}

// ---- The other kinds of the legacy import (issue 16): training institutions, exam sites, employers with
// their ledgers, and certificate review (复审) history. Each is matched by its natural key and written
// newer-wins through the record of where it came from (legacy_records).

export const INSTITUTION_COLUMNS: readonly ImportColumn[] = [
  { key: 'name', label: '机构名称', aliases: ['培训机构名称', '单位名称'], required: true, note: '培训机构全称' },
  {
    key: 'creditCode',
    label: '统一社会信用代码',
    aliases: ['信用代码', '社会信用代码'],
    required: true,
    note: '18 位统一社会信用代码（GB 32100 校验位）',
  },
  {
    key: 'regionCode',
    label: '所在地区代码',
    aliases: ['行政区划代码', '所在地代码'],
    required: true,
    note: '机构所在地的行政区划代码（6 位），须在本辖区内',
  },
  {
    key: 'filingNumber',
    label: '备案编号',
    aliases: ['备案号', '备案证明编号'],
    required: true,
    note: '原系统的备案编号',
  },
  {
    key: 'scope',
    label: '培训范围',
    aliases: ['备案培训项目', '培训项目代码'],
    required: true,
    note: '可培训的作业项目代码（CAT-1），多个用顿号或逗号分隔，如 1.1、4.1（INS-6）',
  },
  { key: 'filedOn', label: '备案日期', aliases: ['备案时间'], required: true, note: '日期，如 2019-03-01' },
  {
    key: 'recordDate',
    label: '数据日期',
    aliases: ['更新日期', '最后更新日期'],
    note: '原系统最后修改该记录的日期；空则取备案日期',
  },
];

export const SITE_COLUMNS: readonly ImportColumn[] = [
  { key: 'name', label: '考点名称', aliases: ['考试点名称', '考场名称'], required: true, note: '考试点名称' },
  { key: 'address', label: '考点地址', aliases: ['地址', '详细地址'], required: true, note: '详细地址' },
  {
    key: 'regionCode',
    label: '所在地区代码',
    aliases: ['行政区划代码'],
    required: true,
    note: '考试点所在县（区）的 6 位代码，须在本辖区内（EXM-1）',
  },
  {
    key: 'centreCreditCode',
    label: '考试机构统一社会信用代码',
    aliases: ['考试机构信用代码', '所属考试机构代码'],
    required: true,
    note: '设立该考试点的考试机构（须已在平台登记）',
  },
  {
    key: 'itemCodes',
    label: '考试项目代码',
    aliases: ['考试项目', '作业项目代码'],
    required: true,
    note: '该考点可考的作业项目代码（CAT-1），多个用顿号或逗号分隔',
  },
  {
    key: 'acceptedOn',
    label: '验收日期',
    aliases: ['验收时间'],
    note: '原系统记录的验收合格日期，可空（空则须在平台验收后方可排考）',
  },
  { key: 'recordDate', label: '数据日期', aliases: ['更新日期'], note: '原系统最后修改该记录的日期；空则取验收日期' },
];

export const LEDGER_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'employerName',
    label: '单位名称',
    aliases: ['用人单位', '生产经营单位名称'],
    required: true,
    note: '用人单位全称',
  },
  {
    key: 'employerCreditCode',
    label: '统一社会信用代码',
    aliases: ['单位信用代码', '信用代码'],
    required: true,
    note: '用人单位的统一社会信用代码（GB 32100 校验位）',
  },
  {
    key: 'employerRegionCode',
    label: '单位所在地区代码',
    aliases: ['单位行政区划代码'],
    required: true,
    note: '用人单位所在县（区）的 6 位代码，须在本辖区内',
  },
  ...CERTIFICATE_COLUMNS.slice(0, 5),
  {
    key: 'kind',
    label: '用工形式',
    aliases: ['用工方式'],
    required: true,
    note: '本单位职工 / 劳务派遣 / 外包 / 临时用工',
  },
  { key: 'providerName', label: '派遣或外包单位', aliases: ['劳务派遣单位'], note: '劳务派遣和外包人员必填' },
  {
    key: 'itemCodes',
    label: '作业项目代码',
    aliases: ['从事作业项目', '岗位作业项目'],
    note: '该人员从事的作业项目代码，多个用顿号分隔；须持该项目有效操作证（EMP-1）。可空（待取证人员）',
  },
  { key: 'hiredOn', label: '聘用日期', aliases: ['入职日期', '上岗日期'], required: true, note: '日期，如 2020-03-01' },
  { key: 'recordDate', label: '数据日期', aliases: ['更新日期'], note: '原系统最后修改该记录的日期；空则取聘用日期' },
];

export const REVIEW_COLUMNS: readonly ImportColumn[] = [
  {
    key: 'number',
    label: '证书编号',
    aliases: ['证号', '操作证号'],
    required: true,
    note: '已在平台的证书（先导入证书）',
  },
  { key: 'itemCode', label: '作业项目代码', aliases: ['操作项目代码'], required: true, note: '如 1.1' },
  { key: 'reviewedOn', label: '复审日期', aliases: ['复审时间'], required: true, note: '日期，如 2024-04-20' },
  { key: 'result', label: '复审结论', aliases: ['复审结果'], required: true, note: '合格 / 不合格' },
  { key: 'authorityName', label: '复审机关', aliases: ['复审单位'], note: '作出复审决定的机关，可空' },
  {
    key: 'retrainingHours',
    label: '复审培训学时',
    aliases: ['培训学时'],
    note: '整数，可空（CER-4 要求不少于 8 学时）',
  },
  { key: 'note', label: '备注', aliases: ['说明'], note: '可空' },
  { key: 'recordDate', label: '数据日期', aliases: ['更新日期'], note: '原系统最后修改该记录的日期；空则取复审日期' },
];

/** Item codes as typed in one cell: "1.1、4.1", "1.1,4.1", "1.1；4.1". */
export function parseCodeList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[、,，;；\s]+/)
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
}

const RESULT_WORDS: Record<string, 'approved' | 'refused'> = {
  合格: 'approved',
  通过: 'approved',
  复审合格: 'approved',
  不合格: 'refused',
  未通过: 'refused',
  复审不合格: 'refused',
};

export function parseReviewResult(text: string): 'approved' | 'refused' | null {
  return RESULT_WORDS[text.trim()] ?? null;
}

export type RecordOutcome = 'created' | 'matched' | 'updated' | 'unchanged' | 'kept_newer';

/**
 * Newer wins for the records of the other kinds: none on the platform → created; one the platform made
 * itself (not imported) → matched, never overwritten; an imported one with the same content → unchanged
 * (re-importing a file changes nothing); different content → updated when the file's 数据日期 is later
 * than the imported record's, else kept_newer.
 */
export function decideRecord(
  imported: { recordedOn: string; digest: string } | null,
  native: boolean,
  incoming: { recordedOn: string; digest: string },
): RecordOutcome {
  if (imported) {
    if (imported.digest === incoming.digest) return 'unchanged';
    return incoming.recordedOn > imported.recordedOn ? 'updated' : 'kept_newer';
  }
  return native ? 'matched' : 'created';
}
