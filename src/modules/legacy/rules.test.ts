// The legacy import's pure rules (issue 16): each row check with its rule ID, and newer-wins.
import { describe, expect, it } from 'vitest';
import { decideOutcome, parseCertificateFields, parseDate } from './rules.js';

const ID = '510107198506150012';
const row = (o: Record<string, string> = {}) => ({
  number: `T${ID}`,
  itemCode: '1.1',
  issuedOn: '2021-05-18',
  validUntil: '2027-05-17',
  authorityName: '四川省应急管理厅',
  state: '有效',
  ...o,
});
const parse = (o: Record<string, string> = {}) => parseCertificateFields(row(o), ID, '2026-11-23', (c) => c === '1.1');
const messages = (o: Record<string, string>) =>
  parse(o)
    .problems.map((p) => p.message)
    .join(' ');

describe('legacy certificate rows', () => {
  it('CER-4 a good row derives the review every 3 years from the start of validity', () => {
    expect(parse().value).toMatchObject({
      nextReviewDue: '2024-05-18',
      validFrom: '2021-05-18',
      origin: 'legacy',
      recordDate: '2021-05-18',
    });
    expect(parse({ lastReviewedOn: '2024-05-01' }).value?.nextReviewDue).toBe('2027-05-01');
  });
  it('CER-1 flags a number that is not "T" + the holder ID number', () => {
    expect(messages({ number: 'T510107198506150020' })).toContain('CER-1');
  });
  it('CAT-1 flags an item code outside the national catalogue', () => {
    expect(messages({ itemCode: '99.9' })).toContain('CAT-1');
  });
  it('CER-4 flags dates out of order and a validity over 6 years', () => {
    expect(messages({ validUntil: '2021-01-01' })).toContain('日期顺序有误');
    expect(messages({ validUntil: '2028-05-18' })).toContain('6 年');
    expect(messages({ nextReviewDue: '2030-01-01' })).toContain('应在有效期内');
    expect(messages({ state: '有效', validUntil: '2026-01-01', issuedOn: '2020-02-01' })).toContain('已于');
  });
  it('reads the date shapes provincial exports use and refuses impossible ones', () => {
    expect(parseDate('2021/5/8')).toBe('2021-05-08');
    expect(parseDate('20210508')).toBe('2021-05-08');
    expect(parseDate('2021年5月8日')).toBe('2021-05-08');
    expect(parseDate('2021-02-30')).toBeNull();
  });
});

describe('newer wins', () => {
  const base = {
    validFrom: '2021-05-18',
    validUntil: '2027-05-17',
    nextReviewDue: '2024-05-18',
    state: 'active',
    authorityName: 'A',
    holderName: '张三',
  };
  it('CER-4 creates a new record, leaves an equal one, updates from a newer one and keeps a newer platform record', () => {
    expect(decideOutcome(null, { ...base, recordDate: '2021-05-18' })).toBe('created');
    expect(decideOutcome({ ...base, asOf: '2025-01-01' }, { ...base, recordDate: '2020-01-01' })).toBe('unchanged');
    expect(
      decideOutcome({ ...base, asOf: '2023-01-01' }, { ...base, state: 'revoked', recordDate: '2024-01-01' }),
    ).toBe('updated');
    expect(
      decideOutcome({ ...base, asOf: '2025-01-01' }, { ...base, state: 'revoked', recordDate: '2024-01-01' }),
    ).toBe('kept_newer');
  });
});
