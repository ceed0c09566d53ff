import { describe, expect, it } from 'vitest';
import {
  awayFromWork,
  filingDueOn,
  filingStatus,
  itemStanding,
  parseImportRow,
  refusedAssignments,
  type HeldCertificate,
} from './rules.js';

const cert = (over: Partial<HeldCertificate> = {}): HeldCertificate => ({
  number: 'T510107198801011234',
  itemCode: '3.1',
  validUntil: '2030-06-30',
  nextReviewDue: '2027-06-30',
  status: 'valid',
  ...over,
});

describe('the 15-day filing (EMP-2)', () => {
  it('EMP-2 is due 15 days after the hire date, across a month end', () => {
    expect(filingDueOn('2026-11-20')).toBe('2026-12-05');
    expect(filingDueOn('2026-02-20')).toBe('2026-03-07');
  });
  it('EMP-2 filed on the due date is in time, the day after is late; unfiled turns overdue the day after', () => {
    expect(filingStatus({ filingDueOn: '2026-12-05', filedOn: '2026-12-05' }, '2026-12-10')).toBe('filed');
    expect(filingStatus({ filingDueOn: '2026-12-05', filedOn: '2026-12-06' }, '2026-12-10')).toBe('filed_late');
    expect(filingStatus({ filingDueOn: '2026-12-05', filedOn: null }, '2026-12-05')).toBe('due');
    expect(filingStatus({ filingDueOn: '2026-12-05', filedOn: null }, '2026-12-06')).toBe('overdue');
  });
});

describe('certificate alerts on the ledger (EMP-3)', () => {
  const today = '2026-11-24';
  it('EMP-3 no certificate for the item, or only a cancelled one, is uncertified', () => {
    expect(itemStanding('3.1', [], today).alert).toBe('uncertified');
    expect(itemStanding('3.1', [cert({ itemCode: '2.1' })], today).alert).toBe('uncertified');
    expect(itemStanding('3.1', [cert({ status: 'cancelled' })], today).alert).toBe('uncertified');
  });
  it('EMP-3 revoked, expired and review-overdue certificates are named as such', () => {
    expect(itemStanding('3.1', [cert({ status: 'revoked' })], today).alert).toBe('revoked');
    expect(itemStanding('3.1', [cert({ status: 'expired' })], today).alert).toBe('expired');
    expect(itemStanding('3.1', [cert({ status: 'review_overdue' })], today).alert).toBe('review_overdue');
  });
  it('EMP-3 a valid certificate counts over an older revoked one of the same item', () => {
    expect(itemStanding('3.1', [cert({ status: 'revoked' }), cert()], today)).toMatchObject({
      alert: null,
      certificate: { status: 'valid' },
    });
  });
  it('EMP-3 review due within 60 days, expiry within 90 days, at the edges', () => {
    expect(itemStanding('3.1', [cert({ nextReviewDue: '2027-01-23' })], today).alert).toBe('review_due');
    expect(itemStanding('3.1', [cert({ nextReviewDue: '2027-01-24' })], today).alert).toBe(null);
    expect(itemStanding('3.1', [cert({ nextReviewDue: null, validUntil: '2027-02-22' })], today).alert).toBe(
      'expiring',
    );
    expect(itemStanding('3.1', [cert({ nextReviewDue: null, validUntil: '2027-02-23' })], today).alert).toBe(null);
  });
});

describe('reading an import row', () => {
  it('REG-4 a dispatched row without its company, a bad date and an unknown kind are named by column', () => {
    const { errors } = parseImportRow(
      {
        姓名: '张三',
        身份证号: '510107198801011234',
        用工形式: '劳务派遣',
        作业项目代码: '3.1',
        聘用日期: '2026-02-30',
      },
      7,
      '2026-11-24',
    );
    expect(errors).toEqual([
      { row: 7, field: '派遣或外包单位', message: '劳务派遣和外包人员须填写派遣或外包单位' },
      { row: 7, field: '聘用日期', message: '日期格式应为 YYYY-MM-DD' },
    ]);
    expect(
      parseImportRow(
        { 姓名: '张三', 身份证号: 'x', 用工形式: '合同工', 作业项目代码: '3.1', 聘用日期: '2026-11-01' },
        2,
        '2026-11-24',
      ).errors[0].field,
    ).toBe('用工形式');
  });
  it('accepts 2026/11/1 and 2026年11月1日, several items, and education words', () => {
    const a = parseImportRow(
      {
        姓名: '张三',
        身份证号: '510107198801011234',
        文化程度: '中专',
        用工形式: '临时',
        作业项目代码: '2.1、3.1,3.1',
        聘用日期: '2026/11/1',
      },
      2,
      '2026-11-24',
    );
    expect(a.value).toMatchObject({
      hiredOn: '2026-11-01',
      itemCodes: ['2.1', '3.1'],
      education: 'senior_high',
      kind: 'temporary',
    });
    expect(
      parseImportRow(
        {
          姓名: '张三',
          身份证号: '510107198801011234',
          用工形式: '本单位职工',
          作业项目代码: '3.1',
          聘用日期: '2026年11月1日',
        },
        2,
        '2026-11-24',
      ).value?.hiredOn,
    ).toBe('2026-11-01');
  });
});

describe('assignment needs a valid certificate (EMP-1)', () => {
  it('EMP-1 refuses items with no certificate, a revoked, expired or overdue one, or one valid only after the start; allows one due for review soon', () => {
    const today = '2026-11-24';
    expect(refusedAssignments(['3.1', '2.1'], [cert({ validFrom: '2025-01-01' })], '2026-11-01', today)).toEqual([
      { itemCode: '2.1', reason: 'uncertified' },
    ]);
    expect(refusedAssignments(['3.1'], [cert({ status: 'revoked' })], today, today)).toEqual([
      { itemCode: '3.1', reason: 'revoked' },
    ]);
    expect(refusedAssignments(['3.1'], [cert({ status: 'cancelled' })], today, today)).toEqual([
      { itemCode: '3.1', reason: 'uncertified' },
    ]);
    expect(refusedAssignments(['3.1'], [cert({ status: 'expired' })], today, today)).toEqual([
      { itemCode: '3.1', reason: 'expired' },
    ]);
    expect(refusedAssignments(['3.1'], [cert({ status: 'review_overdue' })], today, today)).toEqual([
      { itemCode: '3.1', reason: 'review_overdue' },
    ]);
    expect(refusedAssignments(['3.1'], [cert({ validFrom: '2026-11-02' })], '2026-11-01', today)).toEqual([
      { itemCode: '3.1', reason: 'not_yet_valid' },
    ]);
    expect(refusedAssignments(['3.1'], [cert({ validFrom: '2026-11-01' })], '2026-11-01', today)).toEqual([]);
    // A revoked one beside a valid one of the same item: the valid one counts.
    expect(
      refusedAssignments(['3.1'], [cert({ status: 'revoked' }), cert({ nextReviewDue: '2026-12-01' })], today, today),
    ).toEqual([]);
    expect(refusedAssignments([], [], today, today)).toEqual([]);
  });
});

describe('return to work after 6 months away (Order 30 art. 32)', () => {
  const history = (
    employments: Array<{ itemCodes: string[]; endedOn: string | null }>,
    passes: [string, string][] = [],
  ) => ({
    employments,
    returnPasses: new Map(passes),
  });
  it('Order 30 art. 32 counts only a departure the platform recorded, from the last employment on the item', () => {
    expect(awayFromWork('3.1', undefined, '2026-11-23')).toBeNull();
    expect(awayFromWork('3.1', history([{ itemCodes: ['1.2'], endedOn: '2025-01-01' }]), '2026-11-23')).toBeNull();
    // Still working on the item elsewhere: not away.
    const twoJobs = history([
      { itemCodes: ['3.1'], endedOn: '2025-01-01' },
      { itemCodes: ['3.1'], endedOn: null },
    ]);
    expect(awayFromWork('3.1', twoJobs, '2026-11-23')).toBeNull();
    const left = history([
      { itemCodes: ['3.1'], endedOn: '2025-01-01' },
      { itemCodes: ['3.1', '1.2'], endedOn: '2026-05-23' },
    ]);
    expect(awayFromWork('3.1', left, '2026-11-22')).toBeNull();
    expect(awayFromWork('3.1', left, '2026-11-23')).toBe('2026-05-23');
    // Month ends: 31 August + 6 months is the last day of February.
    expect(awayFromWork('3.1', history([{ itemCodes: ['3.1'], endedOn: '2026-08-31' }]), '2027-02-27')).toBeNull();
    expect(awayFromWork('3.1', history([{ itemCodes: ['3.1'], endedOn: '2026-08-31' }]), '2027-02-28')).toBe(
      '2026-08-31',
    );
  });

  it('Order 30 art. 32 a practical exam passed after leaving lifts it; one passed before does not', () => {
    const ended = [{ itemCodes: ['3.1'], endedOn: '2025-06-30' }];
    expect(awayFromWork('3.1', history(ended, [['3.1', '2026-10-10']]), '2026-11-23')).toBeNull();
    expect(awayFromWork('3.1', history(ended, [['3.1', '2025-01-10']]), '2026-11-23')).toBe('2025-06-30');
    expect(
      refusedAssignments(['3.1'], [cert({ itemCode: '3.1' })], '2026-11-23', '2026-11-23', history(ended)),
    ).toEqual([{ itemCode: '3.1', reason: 'away_from_work' }]);
  });
});
