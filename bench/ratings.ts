// INS-5 ratings over a city's institutions: N institutions (default 2,000), each with 3 inspection
// findings (one overdue) and a decided case (warning + fine); prints the time of the year's rating
// table (all facts read, every institution assessed) and of one institution's traced detail.
// Usage: npx tsx bench/ratings.ts [N]   (BENCH_DATABASE_URL=postgres://… for PostgreSQL)
import type { Actor } from '../src/kernel/access.js';
import { generateCreditCode } from '../src/kernel/ids.js';
import { createOrganisation } from '../src/modules/organisations/index.js';
import { getRating, listRatings } from '../src/modules/supervision/index.js';
import { enforcementCases, enforcementSanctions, inspectionFindings } from '../src/modules/supervision/schema.js';
import { openBenchPlatform } from './support.js';

const N = Number(process.argv[2] ?? 2_000);
const bench = await openBenchPlatform();
const { ctx } = bench;
const regulator = await createOrganisation(ctx, null, {
  kind: 'regulator',
  name: '压测市应急管理局',
  regionCode: '510100',
  creditCode: generateCreditCode('510100', 11_000_001),
});
const actor: Actor = {
  userId: crypto.randomUUID(),
  username: 'bench',
  displayName: '压测',
  role: 'city_regulator',
  orgId: regulator.id,
  orgKind: 'regulator',
  orgName: regulator.name,
  regionCode: '510100',
  workerId: null,
};
const t0 = performance.now();
const ids: string[] = [];
for (let i = 0; i < N; i += 1) {
  const org = await createOrganisation(ctx, null, {
    kind: 'institution',
    name: `压测培训学校${i}`,
    regionCode: '510107',
    creditCode: generateCreditCode('510107', 20_000_000 + i),
  });
  ids.push(org.id);
}
const now = ctx.clock.now();
for (let i = 0; i < ids.length; i += 500) {
  const batch = ids.slice(i, i + 500);
  await ctx.db.insert(inspectionFindings).values(
    batch.flatMap((orgId) =>
      [0, 1, 2].map((k) => ({
        inspectionId: crypto.randomUUID(),
        responsibleOrgId: orgId,
        targetName: 'x',
        regionCode: '510107',
        description: `问题${k}`,
        legalBasis: 'TRN-4',
        deadline: k === 0 ? '2026-01-31' : '2026-12-31',
        responsiblePerson: '张三',
        status: 'open' as const,
        createdAt: now,
      })),
    ),
  );
  const cases = await ctx.db
    .insert(enforcementCases)
    .values(
      batch.map((orgId) => ({
        caseNo: `B${orgId}`,
        regionCode: '510107',
        status: 'decided' as const,
        source: 'manual' as const,
        partyKind: 'institution' as const,
        partyId: orgId,
        partyName: 'x',
        violationCode: 'INS-02',
        facts: 'x',
        evidence: [],
        steps: [],
        createdAt: now,
      })),
    )
    .returning();
  await ctx.db.insert(enforcementSanctions).values(
    cases.flatMap((c) =>
      ['warning', 'fine'].map((kind) => ({
        caseId: c.id,
        regionCode: '510107',
        kind,
        partyKind: 'institution',
        partyId: c.partyId,
        fineYuan: kind === 'fine' ? 10_000 : null,
        startsOn: '2026-06-01',
      })),
    ),
  );
}
console.log(
  `seeded ${N} institutions, ${3 * N} findings, ${2 * N} sanctions in ${Math.round(performance.now() - t0)} ms`,
);
const year = Number(now.toISOString().slice(0, 4));
for (let run = 1; run <= 3; run += 1) {
  const t = performance.now();
  const table = await listRatings(ctx, actor, year);
  console.log(
    `rating table run ${run}: ${table.items.length} institutions in ${Math.round(performance.now() - t)} ms (grades ${JSON.stringify(table.counts)})`,
  );
}
const t = performance.now();
const one = await getRating(ctx, actor, year, ids[0]);
console.log(
  `one institution's detail: ${one.deductions.length} deductions, ${one.points} points, in ${Math.round(performance.now() - t)} ms`,
);
await bench.close();
