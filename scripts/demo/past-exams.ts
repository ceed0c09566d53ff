// Demo of a past exam imported for analysis (issue 16, EXM-6): the province's regulator brings in a
// theory exam held on 2025-03-12 at 锦江区特种作业考试点, before the platform, from the vendor's export
// (Chinese headers, the vendor's candidate codes beside the ID numbers, two pilot items), through the
// real path (upload → check job → commit job, audited). 外部作答导入 then lists a historical session
// marked 导入 with its 24 papers, and the integrity scan reads them like any other session.
import { Readable } from 'node:stream';
import { and, eq, like } from 'drizzle-orm';
import type { Actor } from '../../src/kernel/access.js';
import type { AppContext } from '../../src/kernel/context.js';
import { commitImport, runImportJob, uploadImport } from '../../src/kernel/imports/index.js';
import { VENDOR_IMPORTS, vendorAttemptImport } from '../../src/modules/exams/index.js';
import { examSites } from '../../src/modules/exams/schema.js';
import { workers } from '../../src/modules/registry/schema.js';
import { makeRandom } from './names.js';

const ITEMS = 40;
const HEAD = [
  '身份证号',
  '准考证号',
  '考点编号',
  '场次编号',
  '考试日期',
  '开考时间',
  '作业项目代码',
  '题号',
  '标准答案',
  '考生答案',
  '是否正确',
  '用时（秒）',
  '是否试测题',
  '应答题数',
];

export async function seedPastExamDemo(ctx: AppContext, a: { province: Actor }) {
  const [site] = await ctx.db
    .select({ id: examSites.id })
    .from(examSites)
    .where(eq(examSites.name, '锦江区特种作业考试点'))
    .limit(1);
  if (!site) return;
  const people = await ctx.db
    .select({ sealed: workers.idNumberSealed })
    .from(workers)
    .where(and(like(workers.regionCode, '5101%')))
    .orderBy(workers.registeredAt)
    .limit(24);
  const random = makeRandom(20250312);
  const lines: string[] = [];
  people.forEach((w, k) => {
    const idNumber = ctx.vault.open(w.sealed);
    const ability = 0.55 + 0.4 * random();
    for (let q = 0; q < ITEMS; q++) {
      const right = random() < ability;
      lines.push(
        [
          idNumber,
          `ZK2503${String(k + 1).padStart(3, '0')}`,
          site.id,
          'JJ-20250312-AM',
          '2025-03-12',
          '09:00',
          '1.2',
          `LD-${String(q + 1).padStart(3, '0')}`,
          'A',
          right ? 'A' : ['B', 'C', 'D'][q % 3],
          right ? '是' : '否',
          String(15 + Math.floor(random() * 60)),
          q >= ITEMS - 2 ? '是' : '否',
          String(ITEMS),
        ].join(','),
      );
    }
  });
  const text = `\uFEFF${HEAD.join(',')}\n${lines.join('\n')}\n`;
  const started = await uploadImport(
    ctx,
    a.province,
    vendorAttemptImport,
    {
      fileName: '锦江考点2025年3月理论考试（某考试系统导出）.csv',
      format: 'csv',
      body: Readable.from([text]),
      params: { vendor: '某考试系统' },
    },
    { queue: false },
  );
  await runImportJob(ctx, VENDOR_IMPORTS, { importId: started.id, phase: 'check', actor: a.province });
  await commitImport(ctx, a.province, VENDOR_IMPORTS, started.id, { queue: false });
  await runImportJob(ctx, VENDOR_IMPORTS, { importId: started.id, phase: 'commit', actor: a.province });
}
