// Pure rules of the exams module: bank validity and paper drawing (EXM-6), equipment (EXM-9),
// site standing (EXM-11), attempts (EXM-8), and the demo bank's own soundness.
import { describe, expect, it } from 'vitest';
import { DEMO_BANK, DEMO_BLUEPRINT } from './demo-bank.js';
import {
  ACCEPTANCE_CHECKLIST,
  acceptanceFailures,
  archiveGaps,
  practicalStandard,
  resultVerdict,
  scoreSheet,
  blueprintShortfalls,
  drawPaper,
  equipmentVerdict,
  isCorrect,
  parseAnswer,
  questionProblems,
  siteStanding,
  toBankIndices,
  withinSeparationYear,
  chiefExaminerVerdict,
  type BankQuestion,
} from './rules.js';
import { attemptVerdict } from './seams.js';

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const bankOf = (code: string): BankQuestion[] =>
  DEMO_BANK[code].map((q, i) => ({
    id: `q${i}`,
    kind: q.kind,
    knowledgePoint: q.knowledgePoint,
    options: q.kind === 'judge' ? ['正确', '错误'] : q.options!,
    answer: q.answer,
  }));

describe('question bank (EXM-6)', () => {
  it('EXM-6 the demo bank for 1.2 and 2.1 is valid, ≥ 150 questions each, with unique keys', () => {
    for (const code of ['1.2', '2.1']) {
      const bank = DEMO_BANK[code];
      expect(bank.length).toBeGreaterThanOrEqual(150);
      expect(new Set(bank.map((q) => q.key)).size).toBe(bank.length);
      for (const q of bank) expect(questionProblems(q), q.key).toEqual([]);
      expect(blueprintShortfalls(DEMO_BLUEPRINT.sections, bank)).toEqual([]);
    }
  });

  it('EXM-6 a malformed question is refused with Chinese reasons', () => {
    expect(
      questionProblems({
        key: 'x',
        kind: 'single',
        knowledgePoint: '电工',
        difficulty: 2,
        stem: '题干内容',
        options: ['甲', '乙'],
        answer: [0, 1],
      }),
    ).toContain('判断题和单选题只有一个正确答案');
    expect(
      questionProblems({
        key: 'x',
        kind: 'multiple',
        knowledgePoint: '电工',
        difficulty: 5,
        stem: '题干内容',
        options: ['甲', '甲'],
        answer: [0],
      }),
    ).toEqual(expect.arrayContaining(['难度须为 1（易）、2（中）或 3（难）', '选项不能重复']));
    expect(questionProblems({})).toHaveLength(7);
  });

  it('EXM-6 answers are read as people write them', () => {
    expect(parseAnswer('judge', '对')).toEqual([0]);
    expect(parseAnswer('judge', '×')).toEqual([1]);
    expect(parseAnswer('multiple', 'D, a、B')).toEqual([0, 1, 3]);
    expect(parseAnswer('single', 'G')).toBeNull();
  });

  it('EXM-6 a blueprint the bank cannot fill is named section by section', () => {
    const bank = bankOf('1.2');
    const short = blueprintShortfalls(
      [
        { kind: 'single', knowledgePoint: '照明', count: 50, points: 1 },
        { kind: 'multiple', knowledgePoint: null, count: 100, points: 1 },
      ],
      bank,
    );
    expect(short[0]).toMatch(/单选题「照明」需 50 题，题库仅 \d+ 题/);
    expect(short[1]).toMatch(/多选题（不限知识点）需 100 题/);
  });

  it('EXM-6 thirty candidates get thirty different papers, each following the blueprint', () => {
    const bank = bankOf('1.2');
    const papers = Array.from({ length: 30 }, (_, i) => drawPaper(DEMO_BLUEPRINT.sections, bank, seeded(i + 1)));
    const signatures = new Set(papers.map((p) => p.map((q) => q.questionId).join()));
    expect(signatures.size).toBe(30);
    const questionSets = new Set(
      papers.map((p) =>
        p
          .map((q) => q.questionId)
          .sort()
          .join(),
      ),
    );
    expect(questionSets.size).toBe(30);
    for (const p of papers) {
      expect(p).toHaveLength(90);
      expect(new Set(p.map((q) => q.questionId)).size).toBe(90);
      expect(p.filter((q) => q.kind === 'judge')).toHaveLength(50);
      expect(p.filter((q) => q.kind === 'multiple').every((q) => q.points === 2)).toBe(true);
      expect(p.reduce((n, q) => n + q.points, 0)).toBe(100);
    }
  });

  it('EXM-6 shuffled options are scored against the bank key, multiple choice only when exact', () => {
    const order = [2, 0, 3, 1];
    expect(toBankIndices(order, [0, 3])).toEqual([1, 2]);
    expect(isCorrect([1, 2], toBankIndices(order, [3, 0]))).toBe(true);
    expect(isCorrect([1, 2], [1])).toBe(false);
    expect(isCorrect([1, 2], [1, 2, 3])).toBe(false);
  });
});

describe('sites (EXM-9, EXM-11, EXM-1)', () => {
  it('EXM-9 an item that needs real equipment is refused where its stations are simulators', () => {
    const stations = [{ name: '低压模拟台', itemCodes: ['1.2'], real: false }];
    expect(equipmentVerdict(true, stations, '1.2')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('须使用实物设备'),
    });
    expect(equipmentVerdict(false, stations, '1.2')).toEqual({ ok: true });
    expect(
      equipmentVerdict(true, [...stations, { name: '实物配电柜', itemCodes: ['1.2'], real: true }], '1.2'),
    ).toEqual({ ok: true });
    expect(equipmentVerdict(false, stations, '2.1').ok).toBe(false);
  });

  it('EXM-11 standing: no exam for 12 months, failed facilities or confirmed cheating → proposed for cancellation', () => {
    const accepted = new Date('2025-01-01T00:00:00Z');
    const base = { acceptedAt: accepted, filedAt: accepted, facilitiesFailedAt: null, cheatingConfirmedAt: null };
    // EXM-1: neither accepted by the city nor filed by the province → no sessions; accepted only → awaits filing.
    expect(siteStanding({ ...base, acceptedAt: null, filedAt: null }, null, new Date()).status).toBe(
      'pending_acceptance',
    );
    expect(siteStanding({ ...base, filedAt: null }, null, new Date()).status).toBe('pending_filing');
    expect(siteStanding(base, new Date('2025-06-01T00:00:00Z'), new Date('2026-05-31T00:00:00Z')).status).toBe(
      'active',
    );
    expect(siteStanding(base, new Date('2025-06-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z'))).toEqual({
      status: 'proposed_for_cancellation',
      reasons: ['连续 12 个月未组织考试'],
    });
    expect(siteStanding({ ...base, cheatingConfirmedAt: new Date() }, new Date(), new Date()).reasons).toEqual([
      '经查实发生大面积舞弊',
    ]);
    expect(siteStanding({ ...base, facilitiesFailedAt: new Date() }, new Date(), new Date()).reasons).toEqual([
      '设施设备检查不合格',
    ]);
  });

  it('EXM-1 acceptance needs every checklist item passed', () => {
    const all = ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true }));
    expect(acceptanceFailures(all)).toEqual([]);
    expect(acceptanceFailures(all.map((c) => (c.code === 'video' ? { ...c, passed: false } : c)))).toEqual([
      '考场及实操区视频监控全覆盖并可存档',
    ]);
    expect(acceptanceFailures([])).toHaveLength(ACCEPTANCE_CHECKLIST.length);
  });
});

describe('attempts (EXM-8)', () => {
  const at = new Date();
  it('EXM-8 first attempt, one make-up after a failure, retraining after a failed make-up', () => {
    expect(attemptVerdict([]).attempt).toBe('first');
    expect(attemptVerdict([{ attempt: 'first', passed: false, submittedAt: at }])).toMatchObject({
      attempt: 'makeup',
      check: { status: 'passed' },
    });
    expect(
      attemptVerdict([
        { attempt: 'first', passed: false, submittedAt: at },
        { attempt: 'makeup', passed: false, submittedAt: at },
      ]).check,
    ).toMatchObject({ rule: 'EXM-8', code: 'retrain', status: 'failed' });
    expect(attemptVerdict([{ attempt: 'first', passed: true, submittedAt: at }]).check.status).toBe('failed');
    expect(attemptVerdict([{ attempt: 'first', passed: null, submittedAt: null }]).check.code).toBe('pending');
  });
});

describe('practical and results (EXM-7, EXM-8, EXM-10)', () => {
  it('EXM-7 subject score is the maximum less deductions, never below zero; two examiners where real equipment is used', () => {
    const std = practicalStandard(true);
    expect(std.examiners).toBe(2);
    expect(practicalStandard(false).examiners).toBe(1);
    const r = scoreSheet(
      std,
      std.subjects.map((s) => ({
        code: s.code,
        deductions:
          s.code === 'K1'
            ? [
                { points: 8, reason: 'a' },
                { points: 8, reason: 'b' },
              ]
            : [],
      })),
    );
    expect(r).toMatchObject({
      total: 90,
      subjects: [{ code: 'K1', score: 0 }, { score: 40 }, { score: 20 }, { score: 30 }],
    });
    expect(scoreSheet(std, [{ code: 'K9', deductions: [] }])).toEqual({ error: '评分表没有科目 K9' });
  });

  it('EXM-8 each part against its own pass mark; a make-up keeps the part passed before', () => {
    const marks = { theory: 80, practical: 80 };
    expect(resultVerdict({ theoryScore: 80, practicalScore: 79.5 }, marks, null)).toEqual({
      theoryPassed: true,
      practicalPassed: false,
      passed: false,
    });
    expect(
      resultVerdict({ theoryScore: null, practicalScore: 85 }, marks, { theoryPassed: true, practicalPassed: false }),
    ).toEqual({ theoryPassed: true, practicalPassed: true, passed: true });
    expect(resultVerdict({ theoryScore: 90, practicalScore: 90 }, { theory: 85, practical: 95 }, null).passed).toBe(
      false,
    );
  });

  it('EXM-10 a video for every room and the practical area, and a paper archive', () => {
    expect(
      archiveGaps(
        ['考场一'],
        [
          { kind: 'video', label: '考场一' },
          { kind: 'video', label: '实操考试区' },
          { kind: 'paper', label: '签到表' },
        ],
      ),
    ).toEqual([]);
    expect(archiveGaps(['考场一', '考场二'], [{ kind: 'video', label: '考场一' }])).toHaveLength(3);
  });

  it('EXM-2 a former teacher stays barred for exactly 365 days after leaving; one millisecond later is clear', () => {
    const left = new Date('2025-11-23T02:00:00Z');
    expect(withinSeparationYear(left, new Date(left.getTime() + 365 * 24 * 3600_000))).toBe(true);
    expect(withinSeparationYear(left, new Date(left.getTime() + 365 * 24 * 3600_000 + 1))).toBe(false);
    expect(withinSeparationYear(null, new Date())).toBe(true);
  });

  it('EXM-4 a chief examiner is an active regulator or exam-centre employee, never an outside person', () => {
    expect(chiefExaminerVerdict({ name: '郑主考', employer: 'exam_centre', deactivatedAt: null }).ok).toBe(true);
    expect(chiefExaminerVerdict({ name: '冯处长', employer: 'regulator', deactivatedAt: null }).ok).toBe(true);
    expect(chiefExaminerVerdict({ name: '吴外聘', employer: 'other', deactivatedAt: null })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('外聘'),
    });
    expect(chiefExaminerVerdict({ name: '邓建华', employer: 'exam_centre', deactivatedAt: new Date() })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('已停用'),
    });
  });
});
