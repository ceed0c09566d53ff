import { describe, expect, it } from 'vitest';
import {
  ageBand,
  ageOn,
  certificateOnDay,
  classOfCertificate,
  employmentOnDay,
  itemCodeOf,
  poissonRateInterval,
  rateGroups,
  severityOf,
  shareInterval,
} from './rules.js';

const cert = (o: Partial<Parameters<typeof certificateOnDay>[0][number]> = {}) => ({
  id: 'c1',
  itemCode: '3.1',
  state: 'active' as const,
  validFrom: '2020-01-01',
  validUntil: '2025-12-31',
  nextReviewDue: '2022-12-31',
  revokedOn: null,
  cancelledOn: null,
  ...o,
});

describe('reading and linking a row (ANA-2)', () => {
  it('ANA-2 reads items by code or name, severities in the register words, ages and age bands', () => {
    const names = new Map([['3.1', '登高架设作业']]);
    expect(itemCodeOf('3.1', names)).toBe('3.1');
    expect(itemCodeOf('登高架设作业', names)).toBe('3.1');
    expect(itemCodeOf('高空', names)).toBeNull();
    expect([severityOf('轻伤'), severityOf('重伤'), severityOf('工亡'), severityOf('擦伤')]).toEqual([
      'minor',
      'serious',
      'fatal',
      null,
    ]);
    expect([ageOn('1990-06-01', '2026-05-31'), ageOn('1990-06-01', '2026-06-01')]).toEqual([35, 36]);
    expect([ageBand(24), ageBand(25), ageBand(34), ageBand(35), ageBand(54), ageBand(55)]).toEqual([
      'lt25',
      '25_34',
      '25_34',
      '35_44',
      '45_54',
      'ge55',
    ]);
  });

  it('ANA-2 the certificate standing ON THE DAY: valid, review overdue, expired, revoked only from its date, none before issue', () => {
    expect(certificateOnDay([cert()], '3.1', '2021-05-01').standing).toBe('valid');
    expect(certificateOnDay([cert()], '3.1', '2023-05-01').standing).toBe('review_overdue');
    expect(certificateOnDay([cert()], '3.1', '2026-01-01').standing).toBe('expired');
    expect(certificateOnDay([cert()], '3.1', '2019-12-31').standing).toBe('none');
    expect(certificateOnDay([cert()], '2.1', '2021-05-01').standing).toBe('none');
    const revoked = cert({ state: 'revoked', revokedOn: '2021-06-01' });
    expect(certificateOnDay([revoked], '3.1', '2021-05-31').standing).toBe('valid');
    expect(certificateOnDay([revoked], '3.1', '2021-06-01').standing).toBe('revoked');
    // An old expired certificate and a new valid one: the valid one counts.
    const renewed = cert({ id: 'c2', validFrom: '2026-01-01', validUntil: '2031-12-31', nextReviewDue: '2028-12-31' });
    expect(certificateOnDay([cert(), renewed], '3.1', '2026-03-01')).toMatchObject({
      standing: 'valid',
      certificate: { id: 'c2' },
    });
  });

  it('ANA-2 the employment in force on the day and the class a certificate came from', () => {
    const e = (id: string, hiredOn: string, endedOn: string | null, employerOrgId = 'E') => ({
      id,
      employerOrgId,
      kind: 'own',
      providerName: null,
      providerCreditCode: null,
      hiredOn,
      endedOn,
    });
    const list = [e('a', '2020-01-01', '2022-12-31'), e('b', '2024-01-01', null), e('c', '2024-01-01', null, 'F')];
    expect(employmentOnDay(list, 'E', '2021-01-01')?.id).toBe('a');
    expect(employmentOnDay(list, 'E', '2023-06-01')).toBeNull();
    expect(employmentOnDay(list, 'E', '2025-01-01')?.id).toBe('b');
    const classes = [
      { id: 'k1', itemCode: '3.1', openedOn: '2019-03-01' },
      { id: 'k2', itemCode: '3.1', openedOn: '2019-09-01' },
      { id: 'k3', itemCode: '3.1', openedOn: '2020-02-01' },
      { id: 'k4', itemCode: '2.1', openedOn: '2019-10-01' },
    ];
    expect(classOfCertificate(classes, '3.1', '2020-01-01')?.id).toBe('k2');
    expect(classOfCertificate(classes, '3.1', '2019-01-01')).toBeNull();
  });
});

describe('rates, intervals and standouts (ANA-2)', () => {
  it('ANA-2 exact Poisson intervals per 1,000 match the chi-square tables', () => {
    // k = 3: [χ²(0.025; 6)/2, χ²(0.975; 8)/2] = [0.6186, 8.7673] events.
    const three = poissonRateInterval(3, 1000)!;
    expect(three.rate).toBe(3);
    expect(three.low).toBeCloseTo(0.6186, 3);
    expect(three.high).toBeCloseTo(8.7673, 3);
    // k = 0: upper = −ln(0.025) = 3.6889.
    const none = poissonRateInterval(0, 500)!;
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo((3.6889 / 500) * 1000, 3);
    expect(poissonRateInterval(2, 0)).toBeNull();
    // Wilson 95 % for 1 of 10 uncertified: [1.79, 40.42] %.
    const share = shareInterval(1, 10)!;
    expect(share.low).toBeCloseTo(1.79, 1);
    expect(share.high).toBeCloseTo(40.42, 1);
  });

  it('ANA-2 a group stands out only when significantly above the jurisdiction after Benjamini–Hochberg and with minimum counts', () => {
    const overall = 5 / 1000;
    const rated = rateGroups(
      [
        { key: 'hot', label: '高发', injuries: 20, workers: 1000, uncertified: 5 }, // 4× the rate: stands out
        { key: 'par', label: '持平', injuries: 5, workers: 1000, uncertified: 0 },
        { key: 'tiny', label: '人少', injuries: 2, workers: 5, uncertified: 0 }, // high rate, too few injuries
        { key: 'unknown', label: '无分母', injuries: 4, workers: null, uncertified: 4 },
      ],
      overall,
    );
    expect(rated.map((g) => [g.key, g.standout])).toEqual([
      ['hot', true],
      ['par', false],
      ['tiny', false],
      ['unknown', false],
    ]);
    expect(rated[0].q!).toBeLessThan(0.05);
    expect(rated[3].rate).toBeNull();
    expect(rated[1].p!).toBeGreaterThan(0.3);
  });
});
