// Pure rules of the integrity module.
import { describe, expect, it } from 'vitest';
import { compactTimeline, decisionProblems, drawAtRandom, trainingScoreOf } from './rules.js';
import { mulberry32 } from './detectors/stats.js';

describe('decisions on flags', () => {
  it('INT-2 a decision needs a reason of at least four characters', () => {
    expect(decisionProblems({ decision: 'dismiss', reason: '  ' }, 'attempt')).toContain(
      '请写明处理理由（至少 4 个字）',
    );
    expect(decisionProblems({ decision: 'dismiss', reason: '录像核实无异常' }, 'attempt')).toEqual([]);
  });
  it('INT-2 a dismissed flag cancels nothing and proposes nothing', () => {
    expect(decisionProblems({ decision: 'dismiss', reason: '录像核实无异常', cancelScore: true }, 'attempt')).toContain(
      '排除的疑点不能取消成绩或建议暂停考点',
    );
  });
  it('INT-4 a site-level flag has no single score to cancel', () => {
    expect(decisionProblems({ decision: 'confirm', reason: '合格率明显异常', cancelScore: true }, 'site')).toContain(
      '考点级疑点不对应单个考生的成绩，不能取消成绩',
    );
  });
  it('INT-1 a proposed suspension lasts at least one month (seed 000 §9), also when proposing by default', () => {
    expect(decisionProblems({ decision: 'confirm', reason: '录像核实属实', months: 0 }, 'attempt')).toContain(
      '暂停期限至少 1 个月（种子文件 000 第 9 条）',
    );
    expect(decisionProblems({ decision: 'confirm', reason: '录像核实属实', months: 1 }, 'attempt')).toEqual([]);
    expect(
      decisionProblems({ decision: 'confirm', reason: '录像核实属实', proposeSuspension: false, months: 0 }, 'attempt'),
    ).toEqual([]);
  });
});

describe('unannounced visits', () => {
  it('INT-6 draws the asked number of distinct sessions, different draws for different random sources', () => {
    const sessions = Array.from({ length: 30 }, (_, i) => `s${i}`);
    const a = drawAtRandom(sessions, 5, mulberry32(1));
    const b = drawAtRandom(sessions, 5, mulberry32(2));
    expect(new Set(a).size).toBe(5);
    expect(a.every((s) => sessions.includes(s))).toBe(true);
    expect(a).not.toEqual(b);
    expect(drawAtRandom(sessions.slice(0, 3), 10, mulberry32(3))).toHaveLength(3);
  });
});

describe('evidence', () => {
  it('INT-1 the evidence timeline counts seconds from the first event', () => {
    const t = compactTimeline([
      { t: 1000, kind: 'question_shown', position: 0, selected: null },
      { t: 5500, kind: 'option_selected', position: 0, selected: [1], deviceId: 'PC-1' },
    ]);
    expect(t).toEqual([
      { s: 0, kind: 'question_shown', position: 0, selected: null, deviceId: null, ip: null },
      { s: 4.5, kind: 'option_selected', position: 0, selected: [1], deviceId: 'PC-1', ip: null },
    ]);
  });
});

describe('site pass-rate prediction', () => {
  it('INT-4 reads the training behind a booking as attended over required theory hours, only for a class', () => {
    expect(
      trainingScoreOf({ eligible: true, training: { source: 'class', theoryHours: 60, requiredTheoryHours: 40 } }),
    ).toBe(1.5);
    expect(
      trainingScoreOf({ eligible: true, training: { source: 'class', theoryHours: 400, requiredTheoryHours: 40 } }),
    ).toBe(2);
    expect(
      trainingScoreOf({
        eligible: true,
        training: { source: 'direct_registration', theoryHours: 0, requiredTheoryHours: 40 },
      }),
    ).toBeNull();
    expect(trainingScoreOf(null)).toBeNull();
  });
});
