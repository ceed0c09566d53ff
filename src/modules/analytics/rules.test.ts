import { describe, expect, it } from 'vitest';
import {
  CAMPAIGN_FIGURES,
  childPrefixLength,
  figureText,
  figureUnit,
  figureValue,
  passRate,
  periodError,
  prefixToCode,
  wilsonInterval,
} from './rules.js';

describe('analytics rules', () => {
  it('ANA-2 Wilson interval: 3 in 1,000 gives 3 per 1,000 with a positive lower bound', () => {
    const ci = wilsonInterval(3, 1000)!;
    expect(ci.rate).toBeCloseTo(3, 6);
    expect(ci.low).toBeCloseTo(1.02, 1);
    expect(ci.high).toBeCloseTo(8.8, 1);
    expect(wilsonInterval(0, 50)!.low).toBe(0);
    expect(wilsonInterval(1, 0)).toBeNull();
  });

  it('ANA-3 pass rate is null when nobody sat, never 0 %', () => {
    expect(passRate(0, 0)).toBeNull();
    expect(passRate(2, 3)).toBe(66.7);
  });

  it('ANA-3 drill-down goes province → city → county and stops there', () => {
    expect(childPrefixLength('51')).toBe(4);
    expect(childPrefixLength('5101')).toBe(6);
    expect(childPrefixLength('510107')).toBeNull();
    expect(prefixToCode('5101')).toBe('510100');
  });

  it('ANA-1 periods: from after to, bad dates and spans over 5 years are refused', () => {
    expect(periodError('2026-01-01', '2026-12-31')).toBeNull();
    expect(periodError('2026-12-31', '2026-01-01')).toMatch(/晚于/);
    expect(periodError('2026-02-30x', '2026-12-31')).toMatch(/无效/);
    expect(periodError('2016-01-01', '2026-12-31')).toMatch(/5 年/);
  });

  it('ANA-1 every figure of the national report is present and recorded; fines are a sum in 万元, the rest counts', () => {
    expect(CAMPAIGN_FIGURES).toHaveLength(20);
    expect(CAMPAIGN_FIGURES.every((f) => f.source !== null)).toBe(true);
    expect(
      figureValue('employers_fines', [{ amount_yuan: 50_000 }, { amount_yuan: 15_000 }, { amount_yuan: 1_234 }]),
    ).toBe(6.62);
    expect(figureText(figureValue('employers_fines', []), figureUnit('employers_fines'))).toBe('0.00');
    expect(figureText(3, figureUnit('cases_public'))).toBe('3');
    expect(figureText(null, null)).toBe('未记录');
  });
});
