// Identity numbers the platform accepts: the resident ID number (GB 11643-1999) that identifies a
// worker, the mainland mobile number, and the unified social credit code (GB 32100-2015) that
// identifies an employer or institution. Pure functions; messages are shown to users as they are.

import { chinaDate } from './clock.js';
import { isKnownProvince } from './regions.js';

export type Gender = 'male' | 'female';

// Anything longer is not a typo of an identity number; it is refused without being normalised.
const MAX_INPUT_LENGTH = 64;

/** Full-width digits and letters (typed with a Chinese IME) become ASCII; spaces go; upper case. */
function normalise(input: string): string {
  if (input.length > MAX_INPUT_LENGTH) return '';
  return input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

// ---------------------------------------------------------------------------------------------
// Resident ID number, GB 11643-1999

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1900-01-01';

/** The check character (ISO 7064 MOD 11-2) of the first 17 digits of a resident ID number. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

export type ResidentIdResult =
  | { ok: true; idNumber: string; birthDate: string; gender: Gender; regionCode: string }
  | { ok: false; code: 'format' | 'region' | 'birth_date' | 'check_digit'; message: string };

/** REG-2: validates format, region, birth date and check digit of a resident ID number. */
export function parseResidentIdNumber(input: string, opts: { today: Date }): ResidentIdResult {
  const id = normalise(input);
  if (/^\d{15}$/.test(id)) {
    return {
      ok: false,
      code: 'format',
      message: '15位身份证号码已停止使用，请输入18位公民身份号码（可在第二代居民身份证上查看）',
    };
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, code: 'format', message: '公民身份号码应为18位：前17位为数字，最后一位为数字或字母X' };
  }

  // REG-2 region: an ID keeps the region code where the birth was registered, for life. Counties
  // are abolished, merged and renamed (北京 崇文区 110103 is gone since 2010), so today's table
  // cannot decide the six digits; only the province must exist.
  const regionCode = id.slice(0, 6);
  if (!isKnownProvince(regionCode)) {
    return {
      ok: false,
      code: 'region',
      message: `公民身份号码前6位地址码（${regionCode}）不是有效的行政区划代码，请核对`,
    };
  }

  // REG-2 birth date: a real calendar date, not in the future (in China's calendar), not before 1900.
  const [year, month, day] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number);
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(year, month, day)) {
    return { ok: false, code: 'birth_date', message: `公民身份号码中的出生日期（${birthDate}）不是有效日期，请核对` };
  }
  if (birthDate > chinaDate(opts.today)) {
    return { ok: false, code: 'birth_date', message: `公民身份号码中的出生日期（${birthDate}）晚于今天，请核对` };
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    return { ok: false, code: 'birth_date', message: `公民身份号码中的出生日期（${birthDate}）早于1900年，请核对` };
  }

  // REG-2 checksum. The expected character is not shown: a wrong check digit usually means a
  // mistyped digit elsewhere, and "correcting" the last character would hide it.
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) {
    return { ok: false, code: 'check_digit', message: '公民身份号码校验位不正确，请逐位核对后重新输入' };
  }

  // The 17th digit is the sequence's last digit: odd for men, even for women.
  const gender: Gender = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, idNumber: id, birthDate, gender, regionCode };
}

/** A valid resident ID number, for demo data and tests. `sequence` 0..999 (odd = male). */
export function generateResidentIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`region code must be 6 digits: ${regionCode}`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new RangeError(`birth date must be a real YYYY-MM-DD date: ${birthDate}`);
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`sequence must be an integer 0..999: ${sequence}`);
  }
  const first17 = `${regionCode}${m[1]}${m[2]}${m[3]}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/** SEC-3: '110105********123X': region and the last four stay, birth date and sequence are hidden. */
export function maskIdNumber(id: string): string {
  const s = id.trim().toUpperCase();
  // Anything that is not 18 characters is masked whole: first 6 + last 4 of a short string
  // would reveal all of it.
  if (s.length !== 18) return '*'.repeat(s.length);
  return `${s.slice(0, 6)}********${s.slice(14)}`;
}

// ---------------------------------------------------------------------------------------------
// Mainland mobile phone

export type MobilePhoneResult = { ok: true; phone: string } | { ok: false; message: string };

export function parseMobilePhone(input: string): MobilePhoneResult {
  const refused: MobilePhoneResult = { ok: false, message: '请输入11位中国大陆手机号码' };
  let phone = normalise(input).replace(/-+/g, '');
  // Country code as +86, 0086 or 86. Only stripped when 11 digits remain, so it cannot eat a number.
  phone = phone.replace(/^(?:\+86|0086|86)(?=\d{11}$)/, '');
  return /^1[3-9]\d{9}$/.test(phone) ? { ok: true, phone } : refused;
}

/** SEC-3: '138****5678'. Anything that is not 11 characters is masked whole. */
export function maskPhone(phone: string): string {
  const s = phone.trim();
  if (s.length !== 11) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}****${s.slice(7)}`;
}

// ---------------------------------------------------------------------------------------------
// Unified social credit code, GB 32100-2015

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // 31 symbols: no I, O, S, V, Z
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// 登记管理部门码 → the 机构类别码 it may be followed by (GB 32100-2015 annex as amended; the same
// table is published by the national credit-code centre). 3x law firms, 7x religious sites and
// 8x trade unions are common in practice, so the authority list is the full table, not just 1/5/9/Y.
const CREDIT_AUTHORITIES: Record<string, { name: string; categories: string }> = {
  '1': { name: '机构编制', categories: '1239' },
  '2': { name: '外交', categories: '19' },
  '3': { name: '司法行政', categories: '123459' },
  '4': { name: '文化', categories: '19' },
  '5': { name: '民政', categories: '1239' },
  '6': { name: '旅游', categories: '129' },
  '7': { name: '宗教', categories: '129' },
  '8': { name: '工会', categories: '19' },
  '9': { name: '工商', categories: '123' },
  A: { name: '中央军委改革和编制办公室', categories: '19' },
  N: { name: '农业', categories: '1239' },
  Y: { name: '其他', categories: '1' },
};

// Organisations registered by a national authority (e.g. national associations with 民政部:
// 51100000500009247D) carry region code 100000, which is not in GB/T 2260 but is valid here.
const NATIONAL_REGISTRATION_REGION = '100000';

/** The check character (mod 31) of the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('creditCodeCheckChar needs exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new RangeError(`not a credit-code character: ${first17[i]}`);
    sum += value * CREDIT_WEIGHTS[i];
  }
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

export type CreditCodeResult =
  | { ok: true; creditCode: string; regionCode: string }
  | { ok: false; code: 'format' | 'authority' | 'category' | 'region' | 'check_digit'; message: string };

export function parseCreditCode(input: string): CreditCodeResult {
  const code = normalise(input);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) {
    return {
      ok: false,
      code: 'format',
      message: '统一社会信用代码应为18位，由数字和大写英文字母组成（不使用I、O、S、V、Z）',
    };
  }
  const authority = CREDIT_AUTHORITIES[code[0]];
  if (!authority) {
    return {
      ok: false,
      code: 'authority',
      message: `统一社会信用代码第1位（登记管理部门代码）“${code[0]}”无效，请核对`,
    };
  }
  if (!authority.categories.includes(code[1])) {
    return {
      ok: false,
      code: 'category',
      message: `统一社会信用代码第2位（机构类别代码）“${code[1]}”不属于登记管理部门“${authority.name}”，请核对`,
    };
  }
  // CAT-3: the registering authority's region places the organisation in a regulator's scope.
  const regionCode = code.slice(2, 8);
  if (!(regionCode === NATIONAL_REGISTRATION_REGION || (/^\d{6}$/.test(regionCode) && isKnownProvince(regionCode)))) {
    return {
      ok: false,
      code: 'region',
      message: `统一社会信用代码第3至8位（登记管理机关行政区划码）“${regionCode}”无效，请核对`,
    };
  }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) {
    return { ok: false, code: 'check_digit', message: '统一社会信用代码校验位不正确，请逐位核对后重新输入' };
  }
  return { ok: true, creditCode: code, regionCode };
}

/** The GB 11714 check character of an 8-character organisation code body (digits here). */
function organisationCodeCheckChar(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * weights[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * A valid credit code of an enterprise (91) registered in `regionCode`, for demo data and tests.
 * The organisation code (chars 9–17) is `orgSerial` padded to 8 digits plus its GB 11714 check
 * character, so the code also looks right to systems that check that part.
 */
export function generateCreditCode(regionCode: string, orgSerial: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`region code must be 6 digits: ${regionCode}`);
  if (!Number.isInteger(orgSerial) || orgSerial < 0 || orgSerial > 99_999_999) {
    throw new RangeError(`orgSerial must be an integer 0..99999999: ${orgSerial}`);
  }
  const body = String(orgSerial).padStart(8, '0');
  const first17 = `91${regionCode}${body}${organisationCodeCheckChar(body)}`;
  const code = first17 + creditCodeCheckChar(first17);
  const parsed = parseCreditCode(code);
  if (!parsed.ok) throw new RangeError(`cannot generate a credit code for region ${regionCode}: ${parsed.message}`);
  return code;
}

/** CER-3: 张三 → 张*, 张三明 → 张*明, 欧阳小明 → 欧**明. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
