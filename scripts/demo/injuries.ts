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
import { initialClassesOfWorkers } from '../../src/modules/training/index.js';
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
    trainees: Array<{ id: string; idNumber: string }>;
    issuer: Actor;
    demoWorkerId: string;
  },
) {
  // Four trainees of the school's 1.2 class pass and are certified (a week before the injuries), so
  // the institution dimension has a class and an institution behind its certificates.
  const classes = await initialClassesOfWorkers(
    ctx.db,
    a.trainees.map((t) => t.id).filter((id) => id !== a.demoWorkerId),
  );
  const now = ctx.clock.now().getTime();
  for (const workerId of [...new Set(classes.filter((k) => k.itemCode === '1.2').map((k) => k.workerId))].slice(0, 4))
    await certify(ctx, a.issuer, workerId, '1.2', new Date(now - 12 * 86_400_000));
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
  // Employers the platform does not know (the register names them; the platform has no ledger of theirs).
  const strangers = ['510104', '510106', '510107', '510703'].map((county, i) =>
    generateCreditCode(county, 73_000_000 + i * 4999),
  );
  // The builder's people, on the items they work (the first of the employers demo's order), hired ≥ 5 days ago.
  const builderItems = ['1.2', '2.1', '3.1', '3.1', '3.1', '2.1', '1.2', '3.1', '3.1', '3.1', '2.1', '2.1'];
  a.builderIdNumbers.forEach((id, i) => add(id, 2 + (i % 3), a.builderCreditCode, builderItems[i] ?? '3.1'));
  // A second injury of three of the builder's scaffolders on another day: the same person counts twice.
  a.builderIdNumbers.slice(2, 5).forEach((id) => add(id, 1, a.builderCreditCode, '3.1'));
  a.installerIdNumbers.forEach((id, i) => add(id, 3 + i, a.installerCreditCode, i % 2 ? '1.2' : '2.1'));
  // Trainees certified in 1.2 through the demo class, hurt today at employers not on the platform.
  a.trainees.forEach((t) => add(t.idNumber, 0, pick(strangers), '1.2'));
  // People the platform never registered: no certificate on the day, over the past ten months.
  for (let n = 0; n < 18; n++) {
    const year = 1966 + Math.floor(random() * 38);
    const id = generateResidentIdNumber(
      pick(['510104', '511302', '513401', '500101', '510703']),
      `${year}-0${1 + (n % 9)}-1${n % 9}`,
      500 + n * 2 + 1,
    );
    add(
      id,
      5 + Math.floor(random() * 300),
      n % 3 === 0 ? a.builderCreditCode : pick(strangers),
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
