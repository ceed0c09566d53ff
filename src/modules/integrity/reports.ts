// Evidence PDFs: per flag and per site (for a regulator's case file).
import type { Actor } from '../../kernel/access.js';
import { requirePermission } from '../../kernel/access.js';
import type { AppContext } from '../../kernel/context.js';
import { notFound } from '../../kernel/problem.js';
import { renderReport, type ReportSection } from './pdf.js';
import { getFlag, rankedFlags, siteOverview } from './service.js';

const fmtP = (p: number | null) => (p === null ? '—（确定性发现）' : p < 1e-4 ? p.toExponential(2) : p.toFixed(4));
const STATUS: Record<string, string> = { open: '待处理', dismissed: '已排除', confirmed: '已确认' };

type Evidence = {
  paperId: string;
  source: string;
  answers: Array<{ position: number; selected: number[]; correct: boolean; seconds: number | null }>;
  timeline: Array<{
    s: number;
    kind: string;
    position: number | null;
    selected: number[] | null;
    deviceId: string | null;
    ip: string | null;
  }> | null;
} | null;

function evidenceLines(e: Evidence): string[] {
  if (!e) return ['（无）'];
  const lines = [
    `试卷 ${e.paperId}（${e.source === 'import' ? '历史考试导入' : e.source === 'vendor' ? '外部导入，无作答时间线' : '本平台作答'}）`,
  ];
  lines.push(
    ...e.answers
      .slice(0, 120)
      .map(
        (a) =>
          `第 ${a.position + 1} 题：选 ${a.selected.map((k) => String.fromCharCode(65 + k)).join('') || '未答'}，${a.correct ? '正确' : '错误'}，用时 ${a.seconds ?? '—'} 秒`,
      ),
  );
  if (e.timeline)
    lines.push(
      '作答时间线（秒，事件，题号，选项，设备/地址）：',
      ...e.timeline
        .slice(0, 200)
        .map(
          (t) =>
            `${t.s}s  ${t.kind}  ${t.position === null ? '' : `第 ${t.position + 1} 题`}  ${t.selected?.join(',') ?? ''}  ${t.deviceId ?? ''} ${t.ip ?? ''}`,
        ),
    );
  return lines;
}

export async function flagReport(ctx: AppContext, actor: Actor, id: string): Promise<Uint8Array> {
  const f = await getFlag(ctx, actor, id);
  const ev = f.evidence as { candidate?: Evidence; partner?: Evidence } | undefined;
  const sections: ReportSection[] = [
    {
      heading: '疑点',
      lines: [
        `类别：${f.rule} ${f.ruleLabel} · ${f.kindLabel}`,
        `考点：${f.siteName}（${f.regionCode}）  作业项目：${f.itemCode ?? '—'}`,
        `统计量：${f.statistic}`,
        `值：${Number(f.value).toFixed(3)}  阈值：${f.threshold}  p 值/q 值：${fmtP(f.pValue)}  排序分：${f.score.toFixed(2)}`,
        `方法：${f.method} 第 ${f.version} 版`,
        `状态：${STATUS[f.status] ?? f.status}${f.decisionReason ? `，理由：${f.decisionReason}（${f.decidedByName ?? ''}）` : ''}${f.scoreCancelled ? '，成绩已取消' : ''}`,
        `明细：${JSON.stringify(f.detail).slice(0, 300)}`,
      ],
    },
  ];
  if (f.subject === 'attempt') {
    sections.push({ heading: '考生作答证据', lines: evidenceLines(ev?.candidate ?? null) });
    if (f.partnerPaperId) sections.push({ heading: '对照考生作答证据', lines: evidenceLines(ev?.partner ?? null) });
  }
  return renderReport('考试诚信疑点证据报告', `疑点编号 ${f.id} · 统计结论须经人工核实后处理`, sections);
}

export async function siteReport(ctx: AppContext, actor: Actor, siteId: string): Promise<Uint8Array> {
  requirePermission(actor, 'integrity');
  const overview = await siteOverview(ctx, actor);
  const site = (overview.sites as Array<Record<string, unknown>>).find((s) => s.siteId === siteId);
  const flags = await rankedFlags(ctx, actor, { siteId, pageSize: 200 });
  if (!site && !flags.total) throw notFound('考点');
  const name = (site?.siteName as string) ?? flags.items[0]?.siteName ?? siteId;
  const sections: ReportSection[] = [];
  if (site) {
    sections.push({
      heading: '合格率与考点评分（INT-4）',
      lines: [
        `参考人次 ${site.n}，合格 ${site.passes}，合格率 ${((site.observedRate as number) * 100).toFixed(1)}%，按培训与题目难度预测 ${((site.expectedRate as number) * 100).toFixed(1)}%`,
        `合格率 z = ${(site.z as number).toFixed(2)}，BH 校正 q = ${fmtP(site.qValue as number)}${site.flagged ? '（异常）' : ''}`,
        `p<0.05 的考生 ${site.borderline} 人，考点评分 ${(site.siteScore as number).toFixed(2)}，q = ${fmtP(site.siteScoreQ as number)}${site.siteScoreFlagged ? '（异常）' : ''}`,
      ],
    });
  }
  sections.push({
    heading: `疑点（${flags.total} 项，按排序分）`,
    lines: flags.items.map(
      (f) =>
        `${f.rank}. ${f.rule} ${f.kindLabel}  ${f.statistic} = ${Number(f.value).toFixed(2)}  p/q = ${fmtP(f.pValue)}  ${STATUS[f.status] ?? f.status}`,
    ),
  });
  return renderReport(`考点诚信报告：${name}`, `考点编号 ${siteId}`, sections);
}
