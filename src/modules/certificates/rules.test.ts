import { describe, expect, it } from 'vitest';
import {
  CHINA_2026_CALENDAR,
  addWorkingDays,
  addYears,
  afterApprovedReview,
  certificatePeriod,
  maskName,
  publicStatus,
  reapplicationBar,
  remindersDue,
  reviewWindow,
  taskDeadline,
} from './rules.js';

const holidays = new Map(CHINA_2026_CALENDAR.map((d) => [d.day, d.working]));

describe('working days (CER-1)', () => {
  it('CER-1 counts across the National Day holiday and the adjusted working Saturday', () => {
    // Wed 30 Sep 2026 + 5 working days: 8, 9, 10 (Sat, working), 12, 13 October.
    expect(addWorkingDays('2026-09-30', 5, holidays)).toBe('2026-10-13');
  });
  it('CER-1 skips plain weekends and counts the Spring Festival adjusted Saturday', () => {
    expect(addWorkingDays('2026-11-20', 1, new Map())).toBe('2026-11-23');
    // Fri 13 Feb 2026: Sat 14 is a working day, then 15–23 are the holiday.
    expect(addWorkingDays('2026-02-13', 2, holidays)).toBe('2026-02-24');
  });
  it('CER-1 a task is overdue the day after its due date', () => {
    expect(taskDeadline({ dueOn: '2026-11-23', status: 'pending' }, '2026-11-23')).toMatchObject({
      daysLeft: 0,
      overdue: false,
    });
    expect(taskDeadline({ dueOn: '2026-11-23', status: 'pending' }, '2026-11-24')).toMatchObject({
      daysLeft: -1,
      overdue: true,
    });
    expect(taskDeadline({ dueOn: '2026-11-23', status: 'issued' }, '2026-12-24').overdue).toBe(false);
  });
});

describe('validity and review (CER-4)', () => {
  it('CER-4 six years of validity, review after three; 29 February falls back to 28', () => {
    expect(certificatePeriod('2026-11-23')).toEqual({
      validFrom: '2026-11-23',
      validUntil: '2032-11-23',
      nextReviewDue: '2029-11-23',
    });
    expect(addYears('2028-02-29', 3)).toBe('2031-02-28');
  });
  it('CER-3 status: revoked before expired before review overdue', () => {
    const c = { state: 'active' as const, validUntil: '2032-11-23', nextReviewDue: '2029-11-23' };
    expect(publicStatus(c, '2029-11-23')).toBe('valid');
    expect(publicStatus(c, '2029-11-24')).toBe('review_overdue');
    expect(publicStatus(c, '2032-11-24')).toBe('expired');
    expect(publicStatus({ ...c, state: 'cancelled' }, '2027-01-01')).toBe('revoked');
  });
  it('CER-4 the review window opens 60 days before the review date', () => {
    const c = { state: 'active' as const, validUntil: '2032-11-23', nextReviewDue: '2029-11-23' };
    expect(reviewWindow(c, '2029-09-23').open).toBe(false);
    expect(reviewWindow(c, '2029-09-24')).toEqual({ open: true, kind: 'review' });
    expect(reviewWindow(c, '2029-11-24').open).toBe(false);
    expect(reviewWindow(c, '2029-11-24', true).open).toBe(true);
    expect(reviewWindow({ ...c, nextReviewDue: '2032-11-23' }, '2032-10-01')).toEqual({ open: true, kind: 'extended' });
  });
  it('CER-4 an approved review moves the date 3 years (6 with consent), never past validity; 延期复审 starts a new period', () => {
    const c = { validFrom: '2026-11-23', validUntil: '2032-11-23', nextReviewDue: '2029-11-23' };
    expect(afterApprovedReview(c, 'review', false, '2029-11-01').nextReviewDue).toBe('2032-11-23');
    expect(afterApprovedReview({ ...c, nextReviewDue: '2028-01-01' }, 'review', true, '2027-12-01').nextReviewDue).toBe(
      '2032-11-23',
    );
    expect(afterApprovedReview(c, 'extended', true, '2032-10-20')).toMatchObject({
      validFrom: '2032-10-20',
      validUntil: '2038-10-20',
      nextReviewDue: '2038-10-20',
      reviewIntervalYears: 6,
    });
  });
  it('CER-4 false information or improper means bar re-application for 3 years; other reasons do not', () => {
    expect(reapplicationBar([{ reason: 'unfit', revokedOn: '2026-01-01' }])).toBeNull();
    expect(
      reapplicationBar([
        { reason: 'false_info', revokedOn: '2026-08-18' },
        { reason: 'improper_means', revokedOn: '2025-01-01' },
      ]),
    ).toBe('2029-08-18');
  });
  it('CER-4 reminders: review within 60 and 30 days, review overdue, expiry within 90 days, expired', () => {
    const base = { workerId: 'w', number: 'T1', itemName: '低压电工作业', state: 'active' as const };
    const kinds = (today: string, c: { validUntil: string; nextReviewDue: string | null }) =>
      remindersDue([{ id: 'c', ...base, ...c }], today).map((r) => r.kind);
    expect(kinds('2029-09-30', { validUntil: '2032-11-23', nextReviewDue: '2029-11-23' })).toEqual(['review_60']);
    expect(kinds('2029-11-01', { validUntil: '2032-11-23', nextReviewDue: '2029-11-23' })).toEqual(['review_30']);
    expect(kinds('2029-12-01', { validUntil: '2032-11-23', nextReviewDue: '2029-11-23' })).toEqual(['review_overdue']);
    expect(kinds('2032-09-01', { validUntil: '2032-11-23', nextReviewDue: '2032-11-23' })).toEqual(['expiry_90']);
    expect(kinds('2032-12-01', { validUntil: '2032-11-23', nextReviewDue: '2032-11-23' })).toEqual(['expired']);
    expect(kinds('2027-01-01', { validUntil: '2032-11-23', nextReviewDue: '2029-11-23' })).toEqual([]);
  });
  it('CER-3 masks names: 张*, 张*明, 欧**明', () => {
    expect([maskName('张三'), maskName('张小明'), maskName('欧阳小明'), maskName('王')]).toEqual([
      '张*',
      '张*明',
      '欧**明',
      '*',
    ]);
  });
});
