// Pure rules of the integrity module (no I/O; also usable by the web app).
import type { DetectorKind } from './detectors/result.js';

export const KIND_LABELS: Record<DetectorKind, string> = {
  machine_answering: '机器自动答题迹象',
  lockstep: '多名考生同步作答',
  changed_answer: '所选答案与提交答案不一致',
  rt_aberrance: '作答时间异常',
  fast_correct_hard: '难题又快又对',
  answer_similarity: '答案雷同',
  person_fit: '作答模式异常（个人拟合）',
  preknowledge: '疑似提前知晓试题',
  leaked_items: '其他考点泄露试题上的异常表现',
  site_pass_rate: '考点合格率异常',
  site_score: '考点异常考生聚集',
  device_network: '设备或网络异常',
  ineligible: '不具备报考资格仍有成绩',
};

export const RULE_LABELS: Record<string, string> = {
  'INT-1': '计算机“自动答题”',
  'INT-2': '所选答案与提交答案不一致',
  'INT-3': '作答时间异常',
  'INT-4': '考点合格率异常',
  'INT-5': '设备、网络或资格异常',
};

/** Seed 000 §9: a suspension lasts at least one month. */
export const MIN_SUSPENSION_MONTHS = 1;

export interface Decision {
  decision: 'dismiss' | 'confirm';
  reason: string;
  cancelScore?: boolean;
  proposeSuspension?: boolean;
  months?: number;
}

/** What is wrong with a decision, in Chinese (empty when it can be applied). "A person decides" — with a reason. */
export function decisionProblems(d: Decision, subject: 'attempt' | 'site'): string[] {
  const out: string[] = [];
  if (!d.reason || d.reason.trim().length < 4) out.push('请写明处理理由（至少 4 个字）');
  if (d.decision === 'dismiss' && (d.cancelScore || d.proposeSuspension))
    out.push('排除的疑点不能取消成绩或建议暂停考点');
  if (d.cancelScore && subject === 'site') out.push('考点级疑点不对应单个考生的成绩，不能取消成绩');
  // A confirmed flag proposes a suspension unless told not to (seed 000 §9).
  const proposing = d.decision === 'confirm' && d.proposeSuspension !== false;
  if (proposing && d.months !== undefined && !(Number.isInteger(d.months) && d.months >= MIN_SUSPENSION_MONTHS))
    out.push(`暂停期限至少 ${MIN_SUSPENSION_MONTHS} 个月（种子文件 000 第 9 条）`);
  return out;
}

/** INT-6: draws `count` sessions at random (Fisher–Yates with the given uniform source), for unannounced visits. */
export function drawAtRandom<T>(items: readonly T[], count: number, random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, Math.max(0, count));
}

/** A compact timeline for evidence: seconds from the first event, kind, question, choice, device. */
export function compactTimeline(
  events: ReadonlyArray<{
    t: number;
    kind: string;
    position: number | null;
    selected: readonly number[] | null;
    deviceId?: string | null;
    ip?: string | null;
  }>,
  limit = 400,
) {
  const t0 = events[0]?.t ?? 0;
  return events.slice(0, limit).map((e) => ({
    s: Math.round((e.t - t0) / 100) / 10,
    kind: e.kind,
    position: e.position,
    selected: e.selected,
    deviceId: e.deviceId ?? null,
    ip: e.ip ?? null,
  }));
}

/**
 * INT-4: what the booking's training record says about readiness — theory hours attended over the
 * syllabus' requirement (capped at 2). Null when the candidate came by direct registration or the
 * booking carries no training record.
 */
export function trainingScoreOf(eligibility: unknown): number | null {
  const t = (
    eligibility as { training?: { source?: string | null; theoryHours?: number; requiredTheoryHours?: number } } | null
  )?.training;
  if (!t || t.source !== 'class' || !(Number(t.requiredTheoryHours) > 0)) return null;
  return Math.min(2, Number(t.theoryHours) / Number(t.requiredTheoryHours));
}
