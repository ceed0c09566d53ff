// Instant feedback in forms; the server re-validates everything (REG-2).

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
// GB/T 2260 province-level codes (71 台湾, 81 香港, 82 澳门 included).
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82,
]);

export interface IdNumberInfo {
  birthDate: string;
  gender: 'male' | 'female';
}

/** GB 11643 resident ID number: returns a Chinese message for the first problem, or null. */
export function idNumberProblem(raw: string): string | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为 18 位，前 17 位为数字，最后一位为数字或 X';
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return '身份证号前两位不是有效的省级行政区划代码';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  const valid = birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
  if (!valid || y < 1900 || birth.getTime() > Date.now()) return '身份证号中的出生日期无效';
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  if (ID_CHECK[sum % 11] !== id[17]) return '身份证号校验位不正确，请逐位核对';
  return null;
}

export function parseIdNumber(raw: string): IdNumberInfo | null {
  if (idNumberProblem(raw) !== null) return null;
  const id = raw.trim();
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 unified social credit code: a Chinese message for the first problem, or null. */
export function creditCodeProblem(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18 || [...code].some((c) => !CREDIT_CHARS.includes(c))) {
    return '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）';
  }
  const sum = CREDIT_WEIGHTS.reduce((acc, w, i) => acc + w * CREDIT_CHARS.indexOf(code[i]), 0);
  if (CREDIT_CHARS[(31 - (sum % 31)) % 31] !== code[17]) return '统一社会信用代码校验位不正确，请逐位核对';
  return null;
}
