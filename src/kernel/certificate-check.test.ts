// INS-4 / EXM-4: how a declared certificate reads against the platform's register.
import { describe, expect, it } from 'vitest';
import { checkDeclaredCertificate } from './certificate-check.js';
import type { CertificateRegister, RegisteredCertificate } from './certificates.js';
import { emptyCertificateRegister } from './certificates.js';

const cert = (over: Partial<RegisteredCertificate>): RegisteredCertificate => ({
  number: 'T1',
  itemCode: '1.2',
  categoryCode: '1',
  validFrom: '2024-01-01',
  validUntil: '2030-01-01',
  nextReviewDue: null,
  status: 'valid',
  ...over,
});
const register = (rows: RegisteredCertificate[]): CertificateRegister => ({
  ...emptyCertificateRegister,
  lookup: async () => rows,
});
const check = (rows: RegisteredCertificate[], categoryCode = '1') =>
  checkDeclaredCertificate(register(rows), null as never, {
    number: 'T1',
    holderName: '李志刚',
    categoryCode,
    onDate: '2026-11-23',
  });

describe('declared certificate against the register (INS-4, EXM-4)', () => {
  it('INS-4 not held by the platform is 平台未查到 and does not refuse', async () => {
    expect(await check([])).toMatchObject({
      status: 'not_found',
      label: '平台未查到',
      refused: false,
      certificate: null,
    });
  });
  it('INS-4 valid or review overdue does not refuse; revoked, expired and cancelled do', async () => {
    expect(await check([cert({})])).toMatchObject({ status: 'valid', refused: false });
    expect(await check([cert({ status: 'review_overdue' })])).toMatchObject({
      status: 'review_overdue',
      refused: false,
    });
    for (const status of ['revoked', 'expired', 'cancelled'] as const)
      expect(await check([cert({ status })])).toMatchObject({ status, refused: true });
  });
  it('EXM-4 a certificate of another category refuses; of several issues the best standing counts', async () => {
    expect(await check([cert({ categoryCode: '2', itemCode: '2.1' })])).toMatchObject({
      status: 'category_mismatch',
      label: '平台证书类别不符',
      refused: true,
    });
    expect(
      await check([cert({ status: 'expired' }), cert({ status: 'valid', validFrom: '2026-01-01' })]),
    ).toMatchObject({ status: 'valid', refused: false });
  });
});
