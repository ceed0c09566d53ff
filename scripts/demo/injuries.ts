// Demo work-injury records (ANA-2), imported by the province through the real path (the same check,
// link and commit as an uploaded file): the builder's and the installer's workers (own, dispatched,
// outsourced; certificates valid, revoked, overdue for review), school trainees certified through
// the demo class, and people the platform never registered (no certificate), some at employers that
// are not on the platform — so 工伤数据分析 has rates, intervals and drill-downs on first start.
import type { Actor } from '../../src/kernel/access.js';
import { addDays, chinaDate } from '../../src/kernel/clock.js';
import type { AppContext } from '../../src/kernel/context.js';
import { generateCreditCode, generateResidentIdNumber } from '../../src/kernel/ids.js';
import { commitInjuryImport } from '../../src/modules/injuries/index.js';
import { certify } from './employers.js';
import { makeRandom } from './names.js';

const HEADER = '身份证号,受伤日期,用人单位统一社会信用代码,作业项目,伤害程度,事故经过';
const SEVERITIES = ['轻伤', '轻伤', '轻伤', '重伤', '轻伤', '重伤', '死亡'];
const ACCOUNTS: Record<string, string[]> = {
  '1.2': ['检修配电箱时未断电，手部触电灼伤', '更换照明线路时误触带电导线'],
  '2.1': ['动火作业引燃周边保温材料，面部烧伤', '切割钢板时飞溅物伤及眼部'],
  '3.1': ['搭设脚手架时踏空坠落，左腿骨折', '拆除脚手架时未系安全带，高处坠落'],
};

export async function seedInjuryDemo(
  ctx: AppContext,
  a: {
    province: Actor;
    builderCreditCode: string;
    installerCreditCode: string;
    builderIdNumbers: string[];
    installerIdNumbers: string[];
    /** Trainees of the school's earlier 1.2 class (第11期), certified here three months ago. */
    certifiedTrainees: Array<{ id: string; idNumber: string }>;
    issuer: Actor;
  },
) {
  // They passed a fortnight after their class ended, so the institution dimension has a class and an
  // institution behind its certificates (the latest class of the item opened before the certificate).
  const now = ctx.clock.now().getTime();
  for (const t of a.certifiedTrainees) await certify(ctx, a.issuer, t.id, '1.2', new Date(now - 100 * 86_400_000));
  const random = makeRandom(20261201);
  const today = chinaDate(ctx.clock.now());
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const rows: string[][] = [];
  const add = (idNumber: string, daysAgo: number, creditCode: string, item: string) =>
    rows.push([
      idNumber,
      addDays(today, -daysAgo),
      creditCode,
      item,
      pick(SEVERITIES),
      pick(ACCOUNTS[item] ?? ACCOUNTS['3.1']),
    ]);
  // Issue 19 item 11: a year's work injuries of a province's certified workforce are a few per thousand
  // (the demo has about 900 certified workers with the legacy import), not one per worker. So a
  // dozen records over the past eleven months: the rate reads as a rate, and about half are people
  // hurt without a valid certificate — what the analysis is for (seed 003 §一(三)).
  // Employers the platform does not know (the register names them; the platform has no ledger of theirs).
  const strangers = ['510104', '510106', '510107', '510703'].map((county, i) =>
    generateCreditCode(county, 73_000_000 + i * 4999),
  );
  // The builder's people, on the items they work (the first of the employers demo's order), hired ≥ 5 days ago:
  // an electrician, and a welder hurt twice in the year (the same person counts twice). An employer's
  // ledger is small (18 people), so its own rate stays high whatever: the figure to read is the province's.
  const builderItems = ['1.2', '2.1'];
  a.builderIdNumbers.slice(0, 2).forEach((id, i) => add(id, 2 + i * 41, a.builderCreditCode, builderItems[i]));
  if (a.builderIdNumbers[1]) add(a.builderIdNumbers[1], 160, a.builderCreditCode, '2.1');
  // The installer's people (dispatched and outsourced among them).
  a.installerIdNumbers.slice(0, 2).forEach((id, i) => add(id, 3 + i * 57, a.installerCreditCode, i ? '1.2' : '2.1'));
  // A trainee certified through the earlier class, hurt at an employer not on the platform.
  if (a.certifiedTrainees[0]) add(a.certifiedTrainees[0].idNumber, 30, pick(strangers), '1.2');
  // People the platform never registered: no certificate on the day, over the past ten months.
  for (let n = 0; n < 6; n++) {
    const year = 1966 + Math.floor(random() * 38);
    const id = generateResidentIdNumber(
      pick(['510104', '511302', '513401', '500101', '510703']),
      `${year}-0${1 + (n % 9)}-1${n % 9}`,
      500 + n * 2 + 1,
    );
    add(
      id,
      5 + Math.floor(random() * 300),
      n === 0 ? a.builderCreditCode : pick(strangers),
      pick(['3.1', '3.1', '2.1', '1.2']),
    );
  }
  const buffer = Buffer.from([HEADER, ...rows.map((r) => r.join(','))].join('\n'));
  return commitInjuryImport(ctx, a.province, {
    fileName: '2026年工伤认定数据（人社部门提供）.csv',
    buffer,
    format: 'csv',
  });
}
