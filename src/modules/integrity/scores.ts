// Issue 20 / issue 19 item 7: the calibrated scores of every candidate, session and site as a ranked
// list with the evidence behind each (plain level and a sentence first, the statistics on demand),
// its .xlsx export, and the items each site seems to have known in advance, by the vendor's own ids.
import ExcelJS from 'exceljs';
import type { Actor } from '../../kernel/access.js';
import { jurisdictionPrefix, requirePermission } from '../../kernel/access.js';
import { appendAudit } from '../../kernel/audit.js';
import type { AppContext } from '../../kernel/context.js';
import type { EvidenceLine } from './detectors/index.js';
import { FLAG_FDR } from './detectors/index.js';
import { listCompromised, listScores, type CompromisedRow, type ScoreRow } from './queries.js';
import { KIND_LABELS } from './rules.js';
import type { ScoreGrade, ScoreLevel } from './schema.js';

export const GRADE_LABELS: Record<ScoreGrade, string> = { high: '高', medium: '中', low: '低' };

const SUBJECT: Record<ScoreLevel, string> = { attempt: '该考生', session: '该场次', site: '该考点' };

/** The sentence a reviewer reads instead of p and q values (issue 19 item 7). */
export function gradeSentence(level: ScoreLevel, grade: ScoreGrade, evidence: readonly EvidenceLine[]): string {
  const who = SUBJECT[level];
  const strongest = [...evidence]
    .filter((e) => e.pValue !== null && e.kind in KIND_LABELS && e.method !== 'int-combined-acat v1')
    .sort((a, b) => (b.log10P ?? 0) - (a.log10P ?? 0))[0];
  const why = strongest ? `，最突出的是“${KIND_LABELS[strongest.kind]}”` : '';
  if (grade === 'high') return `${who}的作答多项特征明显偏离正常考生${why}，偶然出现的可能极小，建议优先核查。`;
  if (grade === 'medium') return `${who}有一定异常${why}，可结合其他情况留意，不足以单独认定。`;
  return `${who}的作答与正常考生一致，未见明显异常。`;
}

const scopeOf = (actor: Actor) =>
  actor.orgKind === 'exam_centre'
    ? { regionPrefix: null, centreOrgId: actor.orgId ?? '00000000-0000-0000-0000-000000000000' }
    : { regionPrefix: jurisdictionPrefix(actor) };

export function presentScore(r: ScoreRow, rank: number) {
  const evidence = r.evidence as unknown as EvidenceLine[];
  return {
    rank,
    level: r.level,
    subjectId: r.subjectId,
    paperId: r.paperId,
    workerId: r.workerId,
    sessionId: r.sessionId,
    siteId: r.siteId,
    siteName: r.siteName,
    itemCode: r.itemCode,
    sessionDate: r.sessionDate,
    attempts: r.attempts,
    grade: r.grade,
    gradeLabel: GRADE_LABELS[r.grade],
    sentence: gradeSentence(r.level, r.grade, evidence),
    // On demand: the statistics and method names behind the level.
    statistics: {
      method: 'int-combined-acat v1（Cauchy 合并检验）',
      pValue: r.pValue,
      log10P: r.log10P,
      qValue: r.qValue,
      fdr: FLAG_FDR,
      evidence: evidence.map((e) => ({ ...e, label: KIND_LABELS[e.kind] ?? e.kind })),
    },
    updatedAt: r.updatedAt,
  };
}

export async function rankedScores(
  ctx: AppContext,
  actor: Actor,
  q: { level?: ScoreLevel; siteId?: string; grade?: ScoreGrade; page?: number; pageSize?: number },
) {
  requirePermission(actor, 'integrity');
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  const found = await listScores(ctx.db, {
    ...scopeOf(actor),
    level: q.level ?? 'attempt',
    siteId: q.siteId,
    grade: q.grade,
    page,
    pageSize,
  });
  return {
    items: found.items.map((r, i) => presentScore(r, (page - 1) * pageSize + i + 1)),
    total: found.total,
    page,
    pageSize,
    method:
      '每名考生的各项检测 p 值以 Cauchy 合并检验（ACAT）合成一个综合 p 值（零假设下服从均匀分布，对检测间相关稳健）；场次、考点同法合成；等级“高”= BH 校正 q ≤ 5% 或有确定性异常，“中”= p < 1%。',
  };
}

const LEVEL_SHEETS: Array<[ScoreLevel, string]> = [
  ['attempt', '考生'],
  ['session', '场次'],
  ['site', '考点'],
];

/** The ranked lists as one workbook: a sheet per level, up to 50,000 rows each, audited. */
export async function scoresWorkbook(ctx: AppContext, actor: Actor): Promise<Buffer> {
  requirePermission(actor, 'integrity');
  const book = new ExcelJS.Workbook();
  for (const [level, title] of LEVEL_SHEETS) {
    const { items } = await listScores(ctx.db, { ...scopeOf(actor), level, page: 1, pageSize: 50_000 });
    const sheet = book.addWorksheet(`${title}综合评分`);
    sheet.addRow([
      '排名',
      '等级',
      '说明',
      '考点',
      '作业项目',
      '考试日期',
      level === 'attempt' ? '答卷编号' : level === 'session' ? '场次编号' : '考点编号',
      '人数',
      '综合 p 值',
      '−log10 p',
      'q 值（BH）',
      '各项检测',
    ]).font = { bold: true };
    items.forEach((r, i) => {
      const ev = r.evidence as unknown as EvidenceLine[];
      sheet.addRow([
        i + 1,
        GRADE_LABELS[r.grade],
        gradeSentence(level, r.grade, ev),
        r.siteName,
        r.itemCode ?? '',
        r.sessionDate ?? '',
        r.subjectId,
        r.attempts,
        r.pValue,
        Math.round(r.log10P * 100) / 100,
        r.qValue,
        ev
          .filter((e) => e.pValue !== null)
          .map((e) => `${KIND_LABELS[e.kind] ?? e.kind} p=${e.pValue?.toExponential(2)}`)
          .join('；'),
      ]);
    });
    sheet.columns.forEach((c) => {
      c.width = 16;
    });
  }
  await ctx.db.transaction((tx) =>
    appendAudit(tx, ctx.clock, actor, {
      action: 'integrity.scores_export',
      entityType: 'integrity_scores',
      entityId: actor.userId,
      regionCode: actor.regionCode,
      after: { format: 'xlsx' },
    }),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}

export function presentCompromised(r: CompromisedRow) {
  const e = r.evidence as { correctRate?: number; expectedRate?: number; meanSpeedZ?: number | null };
  return {
    siteId: r.siteId,
    siteName: r.siteName,
    itemCode: r.itemCode,
    questionId: r.questionId,
    vendor: r.vendor,
    vendorItemId: r.vendorItemId,
    responses: r.responses,
    z: r.z,
    pValue: r.pValue,
    correctRate: e.correctRate ?? null,
    expectedRate: e.expectedRate ?? null,
    meanSpeedZ: e.meanSpeedZ ?? null,
    scanId: r.scanId,
    createdAt: r.createdAt,
  };
}

/** Per site and form: the items the pre-knowledge method believes were known in advance. */
export async function compromisedItems(ctx: AppContext, actor: Actor, q: { siteId?: string }) {
  requirePermission(actor, 'integrity');
  const rows = await listCompromised(ctx.db, { ...scopeOf(actor), siteId: q.siteId });
  const groups = new Map<string, ReturnType<typeof presentCompromised>[]>();
  for (const r of rows) {
    const k = `${r.siteId}|${r.itemCode}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(presentCompromised(r));
  }
  return {
    items: [...groups.values()].map((items) => ({
      siteId: items[0].siteId,
      siteName: items[0].siteName,
      itemCode: items[0].itemCode,
      scanId: items[0].scanId,
      found: items.length,
      items,
    })),
  };
}
