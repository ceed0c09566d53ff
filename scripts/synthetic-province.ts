// A synthetic province for analytics at scale (ANA-1, ANA-3): bulk INSERT … SELECT generate_series
// straight into the tables analytics reads, on a database the caller owns (never the demo's).
// Scale 1 = 1,000,000 registry workers, 1,500,000 certificates (a third of the workers hold two),
// 1,000,000 employments (one per worker), 300 institutions, 200 sites, 50,000 employers, 300,000
// published results, 111,112 answered papers with 10,000,000 answer events, 200,000 verification
// misses, 9,000 findings, 5,000 flags, 20,000 work-injury records (ANA-2) linked to the workers,
// employments, employers, dispatch companies and institutions. Worker g's id is
// md5('synthetic-worker-' || g), so the certificates, employments and results of one person join
// without a lookup table.
// Usage: DATABASE_URL=postgres://…/somedb npx tsx scripts/synthetic-province.ts [scale]
import { sql } from 'drizzle-orm';
import type { Executor } from '../src/db/index.js';
import { childrenOf } from '../src/kernel/regions.js';

/** The counties of Sichuan (51), the province the demo lives in. */
export function provinceCounties(province = '510000'): string[] {
  return childrenOf(province).flatMap((city) => childrenOf(city.code).map((c) => c.code));
}

export async function generateProvince(
  db: Executor,
  scale = 1,
  log: (s: string) => void = console.log,
): Promise<Record<string, number>> {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const counties = provinceCounties();
  const arr = `{${counties.join(',')}}`;
  const county = (g: string) => sql.raw(`('${arr}'::text[])[1 + (${g} % ${counties.length})]`);
  const timings: Record<string, number> = {};
  const step = async (name: string, q: ReturnType<typeof sql>) => {
    const t = Date.now();
    await db.execute(q);
    timings[name] = Date.now() - t;
    log(`  ${name}: ${timings[name]} ms`);
  };
  const workers = n(1_000_000);
  // Worker g (1-based), as a uuid every table below can compute on its own.
  const worker = (g: string) => sql.raw(`md5('synthetic-worker-' || (1 + ((${g}) - 1) % ${workers}))::uuid`);
  await step(
    'workers',
    sql`insert into workers (id, name, gender, birth_date, id_number_sealed, id_number_hash, id_number_masked, education, original_retirement_age, region_code, household_region_code, registered_at)
    select ${worker('g')}, '合成' || (g % 1000), case when g % 5 = 0 then 'female' else 'male' end, date '1966-01-01' + (g % 14000), 'synthetic', 'synthetic-' || g,
      '51**************' || lpad((g % 100)::text, 2, '0'), '高中', case when g % 5 = 0 then 50 else 60 end, ${county('g')}, ${county('g')}, now()
    from generate_series(1, ${workers}) g`,
  );
  await step(
    'organisations',
    sql`insert into organisations (id, kind, name, region_code, created_at)
    select gen_random_uuid(), case when g <= ${n(300)} then 'institution' when g = ${n(300)} + 1 then 'exam_centre' else 'employer' end,
      '合成单位' || g, ${county('g')}, now() from generate_series(1, ${n(300) + 1 + n(50_000)}) g`,
  );
  await step(
    'exam_sites',
    sql`insert into exam_sites (id, centre_org_id, name, address, region_code, rooms, stations, item_codes, created_at)
    select gen_random_uuid(), (select id from organisations where kind = 'exam_centre' and name like '合成单位%' limit 1), '合成考试点' || g, '合成地址', ${county('g * 7')}, '[]', '[]', '["1.2"]', now()
    from generate_series(1, ${n(200)}) g`,
  );
  await step(
    'exam_sessions',
    sql`insert into exam_sessions (id, plan_id, site_id, centre_org_id, region_code, item_code, date, starts_at, capacity, created_at)
    select gen_random_uuid(), gen_random_uuid(), s.id, s.centre_org_id, s.region_code, '1.2', current_date - (g % 360), now() - make_interval(days => g % 360), 40, now()
    from (select s.*, row_number() over () as r from exam_sites s where s.name like '合成考试点%') s cross join generate_series(1, 50) g`,
  );
  await step(
    'exam_bookings+results',
    sql`with sess as (select id, region_code, date, row_number() over () as r from exam_sessions where item_code = '1.2' and plan_id is not null),
      inst as (select id, row_number() over () as r from organisations where kind = 'institution' and name like '合成单位%'),
      b as (insert into exam_bookings (id, session_id, worker_id, applicant_org_id, attempt, status, eligibility, submitted_at)
        select gen_random_uuid(), sess.id, ${worker('g')}, inst.id, 'first', 'allocated', '{}', now()
        from generate_series(1, ${n(300_000)}) g join sess on sess.r = 1 + (g % (select count(*) from sess)) join inst on inst.r = 1 + (g % (select count(*) from inst))
        returning id, session_id, worker_id)
    insert into exam_results (booking_id, session_id, worker_id, item_code, region_code, attempt, theory_pass_mark, practical_pass_mark, theory_passed, practical_passed, passed, published_at)
      select b.id, b.session_id, b.worker_id, '1.2', sess.region_code, 'first', 80, 80, random() < 0.8, random() < 0.9, random() < 0.75, sess.date + time '18:00'
      from b join sess on sess.id = b.session_id`,
  );
  await step(
    'certificates',
    sql`insert into certificates (number, item_code, item_name, category_code, category_name, worker_id, holder_name, id_number_masked, region_code, authority_org_id, authority_name,
      issued_on, valid_from, valid_until, next_review_due, review_interval_years, state, changed_at, created_at)
    select 'T9' || lpad(g::text, 17, '0'), '1.2', '低压电工作业', '1', '电工作业', ${worker('g')}, '合成' || (g % 1000), '51**************' || lpad((g % 100)::text, 2, '0'), ${county('g')},
      gen_random_uuid(), '合成发证机关', d, d, d + interval '6 years' - interval '1 day', d + interval '3 years', 3, case when g % 50 = 0 then 'revoked' else 'active' end, now(), now()
    from generate_series(1, ${n(1_500_000)}) g, lateral (select (current_date - (g % 2190))::date as d) x`,
  );
  await step(
    'employments',
    sql`with emp as (select id, region_code, row_number() over () as r from organisations where kind = 'employer' and name like '合成单位%')
    insert into employments (employer_org_id, region_code, worker_id, worker_name, id_number_masked, kind, item_codes, hired_on, filing_due_on, filed_at, created_at)
    select emp.id, emp.region_code, ${worker('g')}, '合成' || (g % 1000), '51**************00', 'own', '["1.2"]', h, h + 15, case when g % 40 = 0 then null else now() end, now()
    from generate_series(1, ${n(1_000_000)}) g join emp on emp.r = 1 + (g % (select count(*) from emp)), lateral (select (current_date - (g % 700))::date as h) x`,
  );
  // EXM-6 at scale: 90 events (shown, selected, …) on each of the first papers of the published results.
  const papers = Math.ceil(n(10_000_000) / 90);
  await step(
    'exam_papers',
    sql`insert into exam_papers (id, booking_id, session_id, worker_id, item_code, blueprint_version, questions, pass_mark, started_at, deadline, submitted_at, score, passed)
    select md5('synthetic-paper-' || r.rn)::uuid, r.booking_id, r.session_id, r.worker_id, '1.2', 1, '[]', 80, r.published_at - interval '8 hours', r.published_at - interval '6 hours', r.published_at - interval '7 hours', 60 + (r.rn % 41), r.theory_passed
    from (select booking_id, session_id, worker_id, published_at, theory_passed, row_number() over () as rn from exam_results limit ${papers}) r`,
  );
  await step(
    'exam_answer_events',
    sql`insert into exam_answer_events (paper_id, client_seq, kind, position, selected, client_at, server_at)
    select p.id, k, case when k % 2 = 1 then 'shown' else 'selected' end, (k - 1) / 2, case when k % 2 = 0 then jsonb_build_array(k % 4) end,
      p.started_at + make_interval(secs => k * 20), p.started_at + make_interval(secs => k * 20)
    from exam_papers p cross join generate_series(1, 90) k where p.id in (select md5('synthetic-paper-' || g)::uuid from generate_series(1, ${papers}) g)`,
  );
  await step(
    'inspections+findings',
    sql`with ins as (insert into inspections (org_id, inspector_user_id, inspector_name, target_kind, target_id, target_name, responsible_org_id, region_code, checklist, status, started_at, completed_at)
      select gen_random_uuid(), gen_random_uuid(), '合成检查员', o.kind, o.id, o.name, o.id, o.region_code, '[]', 'completed', now() - make_interval(days => (random() * 330)::int), now()
      from (select * from organisations where name like '合成单位%' and kind in ('institution', 'employer') order by random() limit ${n(3_000)}) o returning id, target_name, responsible_org_id, region_code)
    insert into inspection_findings (inspection_id, responsible_org_id, target_name, region_code, description, legal_basis, deadline, responsible_person, status, created_at)
    select ins.id, ins.responsible_org_id, ins.target_name, ins.region_code, '合成问题' || k, '合成依据', current_date + 30, '合成责任人', case when k % 3 = 0 then 'closed' else 'open' end, now()
    from ins cross join generate_series(1, 3) k`,
  );
  await step(
    'integrity_flags',
    sql`insert into integrity_flags (dedupe_key, scan_id, kind, rule, subject, site_id, site_name, centre_org_id, region_code, method, version, statistic, value, threshold, score, detail, evidence, status, created_at, updated_at)
    select 'synthetic-' || g, gen_random_uuid(), 'timing', 'INT-3', 'attempt', s.id, s.name, s.centre_org_id, s.region_code, 'synthetic', '1', 'z', 3, 2, random(), '{}', '{}', case when g % 4 = 0 then 'confirmed' else 'open' end, now(), now()
    from generate_series(1, ${n(5_000)}) g join (select *, row_number() over () as r from exam_sites where name like '合成考试点%') s on s.r = 1 + (g % ${n(200)})`,
  );
  await step(
    'verification_misses',
    sql`insert into certificate_verification_misses (number, name_masked, reason, region_code, client_ip, user_agent, at)
    select 'T51' || lpad(g::text, 16, '0'), '合*', (array['no_such_number', 'wrong_name', 'bad_token'])[1 + g % 3], ${county('g')}, '10.0.0.1', 'synthetic', now() - make_interval(mins => g % 86400)
    from generate_series(1, ${n(200_000)}) g`,
  );
  // ANA-2: employers get credit codes and a seventh of the employments a dispatch company, so the
  // injury records below link to employers and dispatch companies with ledgers behind them.
  await step(
    'employer credit codes',
    sql`update organisations set credit_code = '91' || lpad(substr(md5(id::text), 1, 12), 16, '0')
    where kind = 'employer' and name like '合成单位%' and credit_code is null`,
  );
  await step(
    'dispatched employments',
    sql`update employments set kind = 'dispatched', provider_name = '合成劳务派遣公司' || (abs(hashtext(id::text)) % 50)
    where worker_name like '合成%' and abs(hashtext(id::text)) % 7 = 0`,
  );
  await step(
    'work_injuries',
    sql`with imp as (insert into injury_imports (org_id, region_code, file_name, row_count, created_at) values (gen_random_uuid(), '510000', '合成工伤数据.csv', ${n(20_000)}, now()) returning id),
      e as (select e.*, row_number() over () as r from employments e where e.worker_name like '合成%'),
      inst as (select id, row_number() over () as r from organisations where kind = 'institution' and name like '合成单位%')
    insert into work_injuries (import_id, row_no, region_code, occurred_on, severity, item_code, description, id_number_hash, id_number_masked, age_at_injury, worker_id,
      employer_credit_code, employer_org_id, employment_id, employment_kind, provider_name, certificate_standing, institution_org_id, created_at)
    select imp.id, g, e.region_code, greatest(e.hired_on, current_date - (g % 365)), (array['minor', 'minor', 'minor', 'serious', 'fatal'])[1 + g % 5], '1.2', '合成工伤记录',
      md5('synthetic-injury-' || e.worker_id::text), '51**************' || lpad((g % 100)::text, 2, '0'), 18 + (g * 7 % 45), e.worker_id,
      o.credit_code, e.employer_org_id, e.id, e.kind, e.provider_name, (array['valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'none', 'expired', 'revoked'])[1 + g % 10],
      case when g % 10 < 7 then inst.id end, now()
    from generate_series(1, ${n(20_000)}) g cross join imp join e on e.r = 1 + ((g::bigint * 7919) % (select count(*) from e))
      join organisations o on o.id = e.employer_org_id left join inst on inst.r = 1 + (g % (select count(*) from inst))`,
  );
  await step('analyze', sql`analyze`);
  return timings;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { loadConfig } = await import('../src/config.js');
  const { openDatabase, prepareDatabase } = await import('../src/platform.js');
  const { randomBytes } = await import('node:crypto');
  const config = loadConfig({ QUANLIAN_SECRET: randomBytes(32).toString('hex'), ...process.env } as Record<
    string,
    string
  >);
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL to a database of its own: this writes millions of rows.');
  const database = await openDatabase(config);
  await prepareDatabase(database);
  const t = Date.now();
  await generateProvince(database.db, Number(process.argv[2] ?? 1));
  console.log(`synthetic province generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  await database.close();
}
