import { describe, expect, it } from 'vitest';
import {
  creditCodeCheckChar,
  generateCreditCode,
  generateResidentIdNumber,
  idNumberCheckChar,
  maskIdNumber,
  maskPhone,
  parseCreditCode,
  parseMobilePhone,
  parseResidentIdNumber,
} from './ids.js';

const today = new Date('2025-06-15T04:00:00Z'); // 2025-06-15 in China
const parse = (input: string, at = today) => parseResidentIdNumber(input, { today: at });
const refusal = (input: string, at = today) => {
  const r = parse(input, at);
  return r.ok ? 'accepted' : r.code;
};

describe('resident ID number (GB 11643-1999)', () => {
  it("REG-2 computes the check characters of the standard's examples", () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
    expect(() => idNumberCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => idNumberCheckChar('1101051949123100X')).toThrow(RangeError);
  });

  it("REG-2 accepts the standard's example and reads birth date, gender and region from it", () => {
    expect(parse('11010519491231002X')).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
      regionCode: '110105',
    });
  });

  it('REG-2 normalises a lower-case x, spaces and full-width characters', () => {
    for (const input of [' 11010519491231002x ', '110105 19491231 002X', '１１０１０５１９４９１２３１００２Ｘ']) {
      const r = parse(input);
      expect(r.ok && r.idNumber).toBe('11010519491231002X');
    }
  });

  it('REG-2 reads the gender from the parity of the 17th digit', () => {
    const male = parse(generateResidentIdNumber('510107', '1990-05-20', 1));
    const female = parse(generateResidentIdNumber('510107', '1990-05-20', 998));
    expect(male.ok && male.gender).toBe('male');
    expect(female.ok && female.gender).toBe('female');
  });

  it('REG-2 refuses an ID number whose check digit is wrong', () => {
    const r = parse('110105194912310021');
    expect(r).toMatchObject({ ok: false, code: 'check_digit' });
    expect(!r.ok && r.message).toContain('校验位');
    // One changed digit anywhere in the body is caught too.
    expect(refusal('11010519491231003X')).toBe('check_digit');
  });

  it('REG-2 refuses a 15-digit legacy number and asks for the 18-digit one', () => {
    const r = parse('110105491231002');
    expect(r).toMatchObject({ ok: false, code: 'format' });
    expect(!r.ok && r.message).toContain('18位');
  });

  it('REG-2 refuses malformed input as a format error', () => {
    for (const bad of [
      '',
      '11010519491231002',
      '11010519491231002XX',
      '1101051949123100X2',
      '11010519491231002Y',
      '1'.repeat(100),
    ]) {
      expect(refusal(bad)).toBe('format');
    }
  });

  it('REG-2 refuses a region code whose province does not exist', () => {
    expect(refusal(generateResidentIdNumber('990101', '1990-01-01', 12))).toBe('region');
    expect(refusal(generateResidentIdNumber('000000', '1990-01-01', 12))).toBe('region');
    const r = parse(generateResidentIdNumber('990101', '1990-01-01', 12));
    expect(!r.ok && r.message).toContain('990101');
  });

  it('REG-2 accepts a county code that no longer exists, as IDs keep the birth registration region', () => {
    const r = parse(generateResidentIdNumber('110103', '1980-03-01', 15)); // 崇文区, merged in 2010
    expect(r).toMatchObject({ ok: true, regionCode: '110103' });
  });

  it('REG-2 refuses a birth date that is not a real calendar date', () => {
    // Built with the right check digit so only the date is wrong.
    const withDate = (yyyymmdd: string) => {
      const first17 = `510107${yyyymmdd}123`;
      return first17 + idNumberCheckChar(first17);
    };
    expect(refusal(withDate('19990229'))).toBe('birth_date');
    expect(refusal(withDate('19901301'))).toBe('birth_date');
    expect(refusal(withDate('19900431'))).toBe('birth_date');
    expect(refusal(withDate('19900100'))).toBe('birth_date');
    expect(refusal(withDate('20000229'))).toBe('accepted');
  });

  it('REG-2 refuses a birth date after today and accepts one born today (China time)', () => {
    expect(refusal(generateResidentIdNumber('510107', '2025-06-15', 1))).toBe('accepted');
    expect(refusal(generateResidentIdNumber('510107', '2025-06-16', 1))).toBe('birth_date');
    // 2025-06-15T16:30Z is already 2025-06-16 in China.
    const lateEvening = new Date('2025-06-15T16:30:00Z');
    expect(refusal(generateResidentIdNumber('510107', '2025-06-16', 1), lateEvening)).toBe('accepted');
  });

  it("REG-2 refuses a birth date before 1900-01-01 (even the standard's 1880 example)", () => {
    expect(refusal('440524188001010014')).toBe('birth_date');
    expect(refusal(generateResidentIdNumber('510107', '1899-12-31', 1))).toBe('birth_date');
    expect(refusal(generateResidentIdNumber('510107', '1900-01-01', 1))).toBe('accepted');
  });

  it('REG-2 generates numbers its own parser accepts', () => {
    for (let seq = 0; seq <= 999; seq += 37) {
      const id = generateResidentIdNumber('440305', '1988-11-30', seq);
      expect(parse(id)).toMatchObject({ ok: true, idNumber: id, birthDate: '1988-11-30', regionCode: '440305' });
    }
    expect(() => generateResidentIdNumber('510107', '1990-02-30', 1)).toThrow(RangeError);
    expect(() => generateResidentIdNumber('5101', '1990-01-01', 1)).toThrow(RangeError);
    expect(() => generateResidentIdNumber('510107', '1990-01-01', 1000)).toThrow(RangeError);
    expect(() => generateResidentIdNumber('510107', '1990-01-01', -1)).toThrow(RangeError);
  });

  it('SEC-3 masks an ID number to region and last four', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
    expect(maskIdNumber('12345')).toBe('*****'); // never reveal a short value whole
  });
});

describe('mobile phone', () => {
  it('accepts a mainland mobile number with spaces, dashes and a country code', () => {
    for (const input of [
      '13812345678',
      ' 138 1234 5678 ',
      '138-1234-5678',
      '+86 138 1234 5678',
      '008613812345678',
      '8613812345678',
      '１３８１２３４５６７８',
    ]) {
      expect(parseMobilePhone(input)).toEqual({ ok: true, phone: '13812345678' });
    }
    expect(parseMobilePhone('19912345678')).toEqual({ ok: true, phone: '19912345678' });
  });

  it('refuses what is not a mainland mobile number', () => {
    for (const bad of [
      '',
      '12812345678',
      '1381234567',
      '138123456789',
      '02812345678',
      '+85291234567',
      'abcdefghijk',
      '1'.repeat(100),
    ]) {
      const r = parseMobilePhone(bad);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toContain('手机号码');
    }
  });

  it('SEC-3 masks a phone number to first three and last four', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('1381')).toBe('****');
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  // Published codes: 深圳市腾讯计算机系统有限公司, 华为技术有限公司, 阿里巴巴（中国）有限公司, and a national
  // association registered with 民政部 (region 100000).
  const published = ['91440300708461136T', '914403001922038216', '91330100716105852F', '51100000500009247D'];

  it('computes the check characters of published codes', () => {
    for (const code of published) expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
    expect(() => creditCodeCheckChar('9144030070846113')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('9144030070846113I')).toThrow(RangeError);
  });

  it('accepts published codes and returns the registration region', () => {
    expect(parseCreditCode('91440300708461136T')).toEqual({
      ok: true,
      creditCode: '91440300708461136T',
      regionCode: '440300',
    });
    expect(parseCreditCode(' 91330100716105852f ')).toEqual({
      ok: true,
      creditCode: '91330100716105852F',
      regionCode: '330100',
    });
    for (const code of published) expect(parseCreditCode(code).ok).toBe(true);
  });

  it('accepts the national registration region 100000', () => {
    expect(parseCreditCode('51100000500009247D')).toMatchObject({ ok: true, regionCode: '100000' });
  });

  it('refuses a credit code whose check character is wrong', () => {
    const r = parseCreditCode('91440300708461136U');
    expect(r).toMatchObject({ ok: false, code: 'check_digit' });
    expect(parseCreditCode('91440300708461146T')).toMatchObject({ ok: false, code: 'check_digit' });
  });

  it('refuses characters outside the alphabet and wrong lengths', () => {
    for (const bad of [
      '',
      '91440300708461136',
      '91440300708461136TT',
      '9144030070846113IT',
      '9144030070846113OT',
      '91440300708461136Z',
      '1'.repeat(100),
    ]) {
      expect(parseCreditCode(bad)).toMatchObject({ ok: false, code: 'format' });
    }
  });

  it('refuses an unknown registration authority or a category it does not have', () => {
    const withHead = (head: string) => {
      const first17 = `${head}440300708461136`;
      return first17 + creditCodeCheckChar(first17);
    };
    expect(parseCreditCode(withHead('B1'))).toMatchObject({ ok: false, code: 'authority' });
    expect(parseCreditCode(withHead('01'))).toMatchObject({ ok: false, code: 'authority' });
    expect(parseCreditCode(withHead('94'))).toMatchObject({ ok: false, code: 'category' });
    expect(parseCreditCode(withHead('Y2'))).toMatchObject({ ok: false, code: 'category' });
    for (const head of ['11', '12', '31', '52', '53', '71', '81', '92', '93', 'A1', 'N2', 'Y1']) {
      expect(parseCreditCode(withHead(head)).ok).toBe(true);
    }
  });

  it('CAT-3 refuses a credit code whose region has no known province', () => {
    const first17 = '91990300708461136';
    const r = parseCreditCode(first17 + creditCodeCheckChar(first17));
    expect(r).toMatchObject({ ok: false, code: 'region' });
    const letters = '9144A300708461136';
    expect(parseCreditCode(letters + creditCodeCheckChar(letters))).toMatchObject({ ok: false, code: 'region' });
  });

  it('generates enterprise codes its own parser accepts', () => {
    for (const serial of [0, 1, 42, 12345678, 99_999_999]) {
      const code = generateCreditCode('510107', serial);
      expect(code).toMatch(/^91510107/);
      expect(parseCreditCode(code)).toMatchObject({ ok: true, creditCode: code, regionCode: '510107' });
    }
    expect(generateCreditCode('510107', 1)).not.toBe(generateCreditCode('510107', 2));
    expect(() => generateCreditCode('990107', 1)).toThrow(RangeError);
    expect(() => generateCreditCode('5101', 1)).toThrow(RangeError);
    expect(() => generateCreditCode('510107', 100_000_000)).toThrow(RangeError);
  });
});
