import { describe, expect, it } from 'vitest';
import {
  attendedMinutes,
  authorityPrefix,
  countsAfterFiling,
  filingState,
  hourUnits,
  isLateFiling,
  lastExamDate,
  progressOf,
  realOpening,
  withinPlace,
  type Credit,
} from './rules.js';

const H = 3_600_000;
const opens = new Date('2026-11-23T01:00:00Z');

describe('class filing window', () => {
  it('TRN-1 a class filed exactly 48 h after opening is on time; a millisecond later is late', () => {
    expect(isLateFiling(opens, new Date(opens.getTime() + 48 * H))).toBe(false);
    expect(isLateFiling(opens, new Date(opens.getTime() + 48 * H + 1))).toBe(true);
    expect(isLateFiling(opens, new Date(opens.getTime() - 24 * H))).toBe(false);
  });

  it('TRN-1 an unfiled class becomes overdue just after 48 h', () => {
    expect(filingState({ opensAt: opens, filedAt: null }, new Date(opens.getTime() + 48 * H))).toBe('unfiled');
    expect(filingState({ opensAt: opens, filedAt: null }, new Date(opens.getTime() + 48 * H + 1))).toBe(
      'unfiled_overdue',
    );
    expect(filingState({ opensAt: opens, filedAt: new Date(opens.getTime() + 49 * H) }, new Date())).toBe('filed_late');
  });
});

describe('issue 17: filing, place and 60 days', () => {
  it('TRN-1 the window runs from the first session when one is scheduled, whatever opening was declared', () => {
    const first = new Date(opens.getTime() - 24 * H);
    expect(realOpening({ opensAt: opens, firstSessionAt: null })).toEqual(opens);
    expect(realOpening({ opensAt: opens, firstSessionAt: first })).toEqual(first);
    const later = new Date(opens.getTime() + 72 * H);
    expect(
      filingState({ opensAt: later, firstSessionAt: opens, filedAt: null }, new Date(opens.getTime() + 49 * H)),
    ).toBe('unfiled_overdue');
  });

  it('TRN-1 attendance counts only from the filing on; an unfiled class earns nothing', () => {
    expect(countsAfterFiling(null, opens)).toBe(false);
    expect(countsAfterFiling(opens, new Date(opens.getTime() - 1))).toBe(false);
    expect(countsAfterFiling(opens, opens)).toBe(true);
  });

  it('ORDER30-PLACE places compare at the issuing authority: county within its city, a province session for the province', () => {
    expect(authorityPrefix('510107')).toBe('5101');
    expect(authorityPrefix('510100')).toBe('5101');
    expect(authorityPrefix('510000')).toBe('51');
    const person = { householdRegionCode: '510703', regionCode: '510104' };
    expect(withinPlace('510107', person)).toBe(true); // works in Chengdu
    expect(withinPlace('510781', person)).toBe(true); // household in Mianyang
    expect(withinPlace('511302', person)).toBe(false); // Nanchong: neither
    expect(withinPlace('510000', person)).toBe(true);
    expect(withinPlace('500000', person)).toBe(false);
  });

  it('ORDER30-PLACE a province may compare at the county or the whole province instead of the city', () => {
    expect(authorityPrefix('510107', 'county')).toBe('510107');
    expect(authorityPrefix('510100', 'county')).toBe('5101');
    expect(authorityPrefix('510107', 'province')).toBe('51');
    const person = { householdRegionCode: '510703', regionCode: '510104' };
    expect(withinPlace('510107', person, 'county')).toBe(false); // Wuhou: neither county
    expect(withinPlace('510104', person, 'county')).toBe(true); // works in Jinjiang
    expect(withinPlace('511302', person, 'province')).toBe(true); // Nanchong: same province
    expect(withinPlace('330106', person, 'province')).toBe(false);
  });

  it('ORDER30-60D the last exam date is 60 days after the end of training, across months and years', () => {
    expect(lastExamDate('2026-11-24')).toBe('2027-01-23');
    expect(lastExamDate('2026-01-01')).toBe('2026-03-02');
  });
});

describe('hours ledger', () => {
  it('TRN-4 exactly 45 minutes offline is one 学时, 44 minutes is none', () => {
    expect(hourUnits(45, 'offline')).toBe(1);
    expect(hourUnits(44, 'offline')).toBe(0);
    expect(hourUnits(89, 'offline')).toBe(1);
    expect(hourUnits(90, 'offline')).toBe(2);
  });

  it('TRN-4 exactly 30 minutes online is one 学时, 29 minutes is none', () => {
    expect(hourUnits(30, 'online')).toBe(1);
    expect(hourUnits(29, 'online')).toBe(0);
  });

  it('TRN-4 attended minutes are clipped to the session and need a check-out', () => {
    const s = { startsAt: new Date('2026-11-23T01:00:00Z'), endsAt: new Date('2026-11-23T02:30:00Z') };
    expect(attendedMinutes(s, new Date('2026-11-23T00:30:00Z'), new Date('2026-11-23T03:00:00Z'))).toBe(90);
    expect(attendedMinutes(s, new Date('2026-11-23T01:10:00Z'), new Date('2026-11-23T01:55:00Z'))).toBe(45);
    expect(attendedMinutes(s, new Date('2026-11-23T01:10:00Z'), null)).toBe(0);
  });

  const credit = (subject: Credit['subject'], mode: Credit['mode'], units: number, faceVerified = false): Credit => ({
    subject,
    mode,
    units,
    faceVerified,
  });

  it('TRN-4 offline theory exactly 30 % of the syllabus is met; one 学时 less is not', () => {
    const syllabus = { theory: 60, practical: 10 };
    const at = (offline: number) =>
      progressOf(
        [
          credit('theory', 'offline', offline),
          credit('theory', 'online', 60 - offline),
          credit('practical', 'offline', 10),
        ],
        syllabus,
      );
    expect(at(18).checks.find((c) => c.code === 'theory_offline_share')!.met).toBe(true);
    expect(at(18).met).toBe(true);
    expect(at(17).checks.find((c) => c.code === 'theory_offline_share')!.met).toBe(false);
    expect(at(17).met).toBe(false);
  });

  it('TRN-4 30 % of a theory total that is not a multiple of ten rounds up (64 h → 20)', () => {
    expect(progressOf([], { theory: 64, practical: 0 }).minOfflineTheory).toBe(20);
  });

  it('TRN-4 practical hours count only offline', () => {
    const p = progressOf([credit('theory', 'offline', 10), credit('practical', 'online', 10)], {
      theory: 10,
      practical: 10,
    });
    expect(p.practical).toBe(0);
    expect(p.met).toBe(false);
  });

  it('TRN-2 unverified attendance earns hours but is never counted as face-verified', () => {
    const p = progressOf([credit('theory', 'offline', 4, false), credit('theory', 'offline', 2, true)], {
      theory: 6,
      practical: 0,
    });
    expect(p.theoryOffline).toBe(6);
    expect(p.faceVerifiedUnits).toBe(2);
  });

  it('TRN-5 hours met only when theory, offline share and practical are all met', () => {
    const syllabus = { theory: 10, practical: 4 };
    expect(progressOf([credit('theory', 'offline', 10), credit('practical', 'offline', 4)], syllabus).met).toBe(true);
    expect(progressOf([credit('theory', 'offline', 10), credit('practical', 'offline', 3)], syllabus).met).toBe(false);
    expect(progressOf([credit('theory', 'offline', 9), credit('practical', 'offline', 4)], syllabus).met).toBe(false);
  });
});
