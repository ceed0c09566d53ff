// Demo data for a first start: Sichuan province with cities and counties, every kind of organisation,
// one login per role, and people registered through the same use cases real users call.
import { demoTeacher } from './teachers.js';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Actor, OrgKind, Role } from '../../src/kernel/access.js';
import { applyDirect, reviewDirect } from '../../src/modules/training/index.js';
import { Problem } from '../../src/kernel/problem.js';
import { refreshDashboardSummaries } from '../../src/modules/analytics/index.js';
import type { AppContext } from '../../src/kernel/context.js';
import { unverifiedFaceMatcher } from '../../src/kernel/face.js';
import { generateCreditCode, generateResidentIdNumber } from '../../src/kernel/ids.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { setSyllabusHours } from '../../src/modules/catalog/index.js';
import {
  addTeacher,
  compliantFacts,
  compliantTeachers,
  recordFiling,
  reviewFiling,
  submitFiling,
} from '../../src/modules/institutions/index.js';
import { createOrganisation } from '../../src/modules/organisations/index.js';
import { addLesson, assignCourse, createCourse } from '../../src/modules/learning/index.js';
import {
  checkIn,
  checkOut,
  enrolTrainee,
  fileClass,
  openClass,
  requestExam,
  scheduleSession,
  setMaterials,
  submitExamApplication,
} from '../../src/modules/training/index.js';
import { registerWorker, type Education } from '../../src/modules/registry/index.js';
import { SAMPLE1_FACES, TRANSFORMS, cutPortrait, enrolFace, faceApiSamplesDir } from '../../src/modules/face/index.js';
import { seedEmployerDemo } from './employers.js';
import { REVIEW_DUE_HOLDERS, seedCertificateDemo } from './certificates.js';
import { seedExamDemo } from './exams.js';
import { seedSupervisionDemo } from './supervision.js';
import { seedSpotExamDemo } from './spot-exams.js';
import { seedCasesDemo } from './cases.js';
import { seedPublishedPenaltiesDemo } from './cases.js';
import { seedIntegrityDemo } from './integrity.js';
import { makeRandom, personName } from './names.js';
import { seedRatingsDemo } from './ratings.js';
import { seedInjuryDemo } from './injuries.js';
import { seedProvinceSettingsDemo } from './settings.js';
import { seedOnboardingDemo } from './onboarding.js';
import { seedProvince2Demo } from './province2.js';
import { seedLegacyDemo } from './legacy.js';
import { seedPastExamDemo } from './past-exams.js';

export const DEMO_PASSWORD = 'Quanlian@2026';

interface DemoOrg {
  key: string;
  kind: OrgKind;
  name: string;
  regionCode: string;
  credit?: boolean;
}

const ORGS: DemoOrg[] = [
  { key: 'platform', kind: 'platform', name: '全链平台运营中心', regionCode: '510000' },
  { key: 'province', kind: 'regulator', name: '四川省应急管理厅', regionCode: '510000' },
  { key: 'chengdu', kind: 'regulator', name: '成都市应急管理局', regionCode: '510100' },
  { key: 'wuhou', kind: 'regulator', name: '成都市武侯区应急管理局', regionCode: '510107' },
  { key: 'mianyang', kind: 'regulator', name: '绵阳市应急管理局', regionCode: '510700' },
  { key: 'fucheng', kind: 'regulator', name: '绵阳市涪城区应急管理局', regionCode: '510703' },
  { key: 'examCentre', kind: 'exam_centre', name: '成都市安全生产考试中心', regionCode: '510100' },
  { key: 'examSite', kind: 'exam_site', name: '武侯区特种作业考试点', regionCode: '510107' },
  { key: 'school', kind: 'institution', name: '成都蜀安职业技能培训学校', regionCode: '510104', credit: true },
  { key: 'mySchool', kind: 'institution', name: '绵阳科信安全技术培训中心', regionCode: '510703', credit: true },
  { key: 'builder', kind: 'employer', name: '四川锦城建设工程有限公司', regionCode: '510107', credit: true },
  { key: 'installer', kind: 'employer', name: '绵阳涪江机电安装有限公司', regionCode: '510703', credit: true },
  // A second province on the same deployment (issue 16).
  { key: 'guizhou', kind: 'regulator', name: '贵州省应急管理厅', regionCode: '520000' },
  { key: 'guiyang', kind: 'regulator', name: '贵阳市应急管理局', regionCode: '520100' },
  { key: 'qianSchool', kind: 'institution', name: '贵阳黔安职业技能培训学校', regionCode: '520102', credit: true },
  { key: 'qianzhu', kind: 'employer', name: '贵州黔筑建设工程有限公司', regionCode: '520102', credit: true },
];

export const DEMO_LOGINS: Array<{
  username: string;
  displayName: string;
  role: Role;
  org: string;
  label: string;
  /** Created by a later step of the demo (with the same password), not by the loop below. */
  later?: boolean;
}> = [
  {
    username: 'province',
    displayName: '王建国',
    role: 'province_regulator',
    org: 'province',
    label: '省级监管部门 · 四川省应急管理厅',
  },
  {
    username: 'city',
    displayName: '李明',
    role: 'city_regulator',
    org: 'chengdu',
    label: '市级监管部门 · 成都市应急管理局',
  },
  {
    username: 'county',
    displayName: '张华',
    role: 'county_regulator',
    org: 'wuhou',
    label: '县级监管部门 · 成都市武侯区应急管理局',
  },
  {
    username: 'mianyang',
    displayName: '赵磊',
    role: 'city_regulator',
    org: 'mianyang',
    label: '市级监管部门 · 绵阳市应急管理局',
  },
  {
    username: 'issuer',
    displayName: '陈静',
    role: 'issuing_authority',
    org: 'chengdu',
    label: '考核发证机关 · 成都市应急管理局',
  },
  {
    username: 'examcentre',
    displayName: '刘洋',
    role: 'exam_centre_staff',
    org: 'examCentre',
    label: '考试机构工作人员 · 成都市安全生产考试中心',
  },
  {
    username: 'examiner',
    displayName: '周强',
    role: 'examiner',
    org: 'examCentre',
    label: '考评员 · 成都市安全生产考试中心',
  },
  {
    // EXM-7: results on real equipment need two examiners' scores, so the demo lists the second one too.
    username: 'wumin',
    displayName: '吴敏',
    role: 'examiner',
    org: 'examCentre',
    label: '考评员（第二位，双人评分）· 成都市安全生产考试中心',
    later: true,
  },
  {
    username: 'institution',
    displayName: '吴芳',
    role: 'institution_admin',
    org: 'school',
    label: '培训机构管理员 · 成都蜀安职业技能培训学校',
  },
  {
    username: 'employer',
    displayName: '郑伟',
    role: 'employer_admin',
    org: 'builder',
    label: '生产经营单位管理员 · 四川锦城建设工程有限公司',
  },
  { username: 'worker', displayName: '', role: 'worker', org: '', label: '特种作业人员 · 本人档案' },
  {
    username: 'province2',
    displayName: '杨光',
    role: 'province_regulator',
    org: 'guizhou',
    label: '省级监管部门（第二个省）· 贵州省应急管理厅',
  },
  {
    username: 'guiyang',
    displayName: '龙飞',
    role: 'issuing_authority',
    org: 'guiyang',
    label: '考核发证机关 · 贵阳市应急管理局',
  },
  {
    username: 'qianzhu',
    displayName: '田勇',
    role: 'employer_admin',
    org: 'qianzhu',
    label: '生产经营单位管理员 · 贵州黔筑建设工程有限公司',
  },
  {
    username: 'admin',
    displayName: '系统管理员',
    role: 'system_admin',
    org: 'platform',
    label: '系统管理员 · 全链平台运营中心',
  },
];

/** Which organisation registers the people of each county (registrar links decide SEC-2 for organisations). */
const COUNTIES: Array<{ code: string; registrar: string; count: number }> = [
  { code: '510104', registrar: 'school', count: 8 },
  { code: '510105', registrar: 'school', count: 6 },
  { code: '510106', registrar: 'school', count: 6 },
  { code: '510107', registrar: 'builder', count: 10 },
  { code: '510108', registrar: 'school', count: 6 },
  { code: '510112', registrar: 'builder', count: 4 },
  { code: '510703', registrar: 'installer', count: 8 },
  { code: '510704', registrar: 'mySchool', count: 6 },
];

const BIRTH_PLACES = ['510104', '510107', '511302', '510603', '500101', '513401', '510703', '520102'];
const EDUCATIONS: Education[] = ['junior_high', 'junior_high', 'senior_high', 'senior_high', 'college', 'bachelor'];
const ITEMS = ['1.2', '2.1', '3.1', '1.1', '4.1', '9.16'];

/** Demonstration hours only, flagged unconfirmed until the province confirms them (CAT-2). */
const DEMO_HOURS: Array<[string, number, number]> = [
  ['1.1', 80, 40],
  ['1.2', 64, 40],
  ['2.1', 64, 40],
  ['3.1', 48, 32],
  ['4.1', 48, 32],
  ['9.16', 80, 32],
];

function actorFor(
  user: { id: string; username: string; displayName: string; role: string },
  org: { id: string; kind: OrgKind; name: string; regionCode: string } | null,
  workerId: string | null = null,
): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role as Role,
    orgId: org?.id ?? null,
    orgKind: org?.kind ?? null,
    orgName: org?.name ?? null,
    regionCode: org?.regionCode ?? null,
    workerId,
  };
}

export async function seedDemo(ctx: AppContext): Promise<void> {
  const random = makeRandom(20261123);
  const orgs = new Map<string, Awaited<ReturnType<typeof createOrganisation>>>();
  for (const [i, o] of ORGS.entries()) {
    orgs.set(
      o.key,
      await createOrganisation(ctx, null, {
        kind: o.kind,
        name: o.name,
        regionCode: o.regionCode,
        creditCode: o.credit ? generateCreditCode(o.regionCode, 51_000_000 + i * 7919) : undefined,
      }),
    );
  }
  const actors = new Map<string, Actor>();
  for (const login of DEMO_LOGINS.filter((l) => l.role !== 'worker' && !l.later)) {
    const org = orgs.get(login.org)!;
    const user = await createUser(ctx, null, {
      username: login.username,
      displayName: login.displayName,
      password: DEMO_PASSWORD,
      role: login.role,
      orgId: org.id,
    });
    actors.set(login.username, actorFor(user, org));
  }
  for (const [code, theory, practical] of DEMO_HOURS) {
    await setSyllabusHours(ctx, actors.get('admin')!, {
      code,
      theoryHours: theory,
      practicalHours: practical,
      confirmed: false,
    });
  }
  const registrarActor = (key: string) =>
    [...actors.values()].find((a) => a.orgId === orgs.get(key)!.id && a.role !== 'examiner')!;
  const extraActors: Record<string, Actor> = {};
  for (const key of ['installer', 'mySchool']) {
    const org = orgs.get(key)!;
    const username = key === 'installer' ? 'fujiang' : 'kexin';
    const user = await createUser(ctx, null, {
      username,
      displayName: key === 'installer' ? '孙涛' : '何丽',
      password: DEMO_PASSWORD,
      role: key === 'installer' ? 'employer_admin' : 'institution_admin',
      orgId: org.id,
    });
    extraActors[key] = actorFor(user, org);
  }

  let firstChengduWorker: { id: string; name: string } | null = null;
  const faceCandidates: Array<{ workerId: string; actor: Actor }> = [];
  const schoolWorkers: string[] = [];
  const schoolCandidates: Array<{ id: string; idNumber: string }> = [];
  const registeredBy: Record<string, string[]> = {};
  const builderWorkers: string[] = [];
  let sequence = 0;
  for (const county of COUNTIES) {
    const actor = extraActors[county.registrar] ?? registrarActor(county.registrar);
    for (let n = 0; n < county.count; n++) {
      sequence += 1;
      const gender = random() < 0.85 ? 'male' : 'female';
      // Women default to the original retirement age of 50 (workers), so the demo keeps them younger.
      const year = gender === 'male' ? 1968 + Math.floor(random() * 36) : 1980 + Math.floor(random() * 24);
      const birthDate = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
      const seq3 = (sequence * 2 + (gender === 'male' ? 1 : 0)) % 1000;
      const idNumber = generateResidentIdNumber(
        BIRTH_PLACES[Math.floor(random() * BIRTH_PLACES.length)],
        birthDate,
        seq3,
      );
      const education = EDUCATIONS[Math.floor(random() * EDUCATIONS.length)];
      const item = ITEMS[sequence % ITEMS.length];
      const hasHealth = random() < 0.85;
      const worker = await registerWorker(ctx, actor, {
        name: personName(random, gender),
        idNumber,
        phone: `13${Math.floor(random() * 10)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
        education: item === '9.16' && education === 'junior_high' ? 'senior_high' : education,
        regionCode: county.code,
        intendedItem: hasHealth ? item : undefined,
        health: hasHealth
          ? {
              issuedAt: `2026-${String(1 + Math.floor(random() * 10)).padStart(2, '0')}-15`,
              institutionName: `${county.code.startsWith('5107') ? '绵阳' : '成都'}市第${1 + Math.floor(random() * 5)}人民医院`,
              institutionLevel: 'county_or_above',
              disqualifyingConditions: [],
            }
          : undefined,
      });
      // The demo worker login is a school trainee with a health declaration, so it can be enrolled and booked for an exam.
      if (!firstChengduWorker && county.code.startsWith('5101') && county.registrar === 'school' && hasHealth)
        firstChengduWorker = worker;
      if (gender === 'female' && county.code.startsWith('5101')) faceCandidates.push({ workerId: worker.id, actor });
      (registeredBy[county.registrar] ??= []).push(idNumber);
      if (county.registrar === 'builder') builderWorkers.push(worker.id);
      if (county.registrar === 'school') {
        schoolWorkers.push(worker.id);
        schoolCandidates.push({ id: worker.id, idNumber });
      }
    }
  }
  const enrolled = faceCandidates.slice(0, SAMPLE1_FACES.length);
  await enrolDemoFaces(ctx, enrolled);
  await seedInstitutions(ctx, {
    school: actors.get('institution')!,
    mySchool: extraActors.mySchool,
    city: actors.get('city')!,
    province: actors.get('province')!,
  });
  // Issue 19 item 11 / CER-1: the people who will hold the demo's certificates are chosen first and kept
  // out of the first-training class and today's first-attempt bookings (a holder of the item's valid
  // certificate has no first training or first attempt to take).
  const holders = certificateHolders(
    schoolCandidates.map((c) => c.id).filter((id) => id !== firstChengduWorker!.id),
    enrolled.map((e) => e.workerId),
  );
  const trainees = schoolWorkers.filter((id) => !holders.includes(id));
  const { earlierClassTrainees } = await seedClasses(
    ctx,
    actors.get('institution')!,
    firstChengduWorker!.id,
    trainees,
    REVIEW_DUE_HOLDERS['1.2'].map((i) => holders[i]),
  );
  const workerUser = await createUser(ctx, null, {
    username: 'worker',
    displayName: firstChengduWorker!.name,
    password: DEMO_PASSWORD,
    role: 'worker',
    workerId: firstChengduWorker!.id,
  });
  DEMO_LOGINS.find((l) => l.username === 'worker')!.displayName = workerUser.displayName;
  // The demo has no camera: the seeded door check is recorded as face-unverified, not fed to the engine.
  await seedExamDemo(
    { ...ctx, face: unverifiedFaceMatcher },
    {
      centre: actors.get('examcentre')!,
      province: actors.get('province')!,
      examiner: actors.get('examiner')!,
      county: actors.get('county')!,
      city: actors.get('city')!,
      cityOrgId: orgs.get('chengdu')!.id,
      school: actors.get('institution')!,
      candidates: schoolCandidates.filter((c) => !holders.includes(c.id) && !earlierClassTrainees.includes(c.id)),
      demoWorkerId: firstChengduWorker!.id,
    },
  );
  // Issue 22: the demo worker studied welding at a vocational school; the city approved their direct
  // registration (TRN-6), so 在线考试 on their phone offers tomorrow's 2.1 session to book themselves.
  await approveDemoDirectRegistration(ctx, { ...workerUser, workerId: firstChengduWorker!.id }, actors.get('city')!);
  // INT-1..INT-6: past sessions with injected cheating, one scan, and a session in progress for the patrol board.
  await seedIntegrityDemo(
    { ...ctx, face: unverifiedFaceMatcher },
    {
      centre: actors.get('examcentre')!,
      examiner: actors.get('examiner')!,
      city: actors.get('city')!,
      province: actors.get('province')!,
      cityOrgId: orgs.get('chengdu')!.id,
      school: actors.get('institution')!,
    },
  );
  await seedCertificateDemo(ctx, {
    issuer: actors.get('issuer')!,
    demoWorkerId: firstChengduWorker!.id,
    workerIds: holders,
    employer: { orgId: orgs.get('builder')!.id, workerIds: builderWorkers },
  });
  await seedEmployerDemo(ctx, {
    builder: actors.get('employer')!,
    installer: extraActors.installer,
    issuer: actors.get('issuer')!,
    builderIdNumbers: registeredBy.builder ?? [],
    installerIdNumbers: registeredBy.installer ?? [],
  });
  await seedSupervisionDemo(ctx, {
    county: actors.get('county')!,
    city: actors.get('city')!,
    province: actors.get('province')!,
    school: actors.get('institution')!,
  });
  // SUP-3: trained and examined school trainees and the builder's own workers, found at the builder's site.
  await seedSpotExamDemo(ctx, {
    city: actors.get('city')!,
    employerOrgId: orgs.get('builder')!.id,
    trainees: schoolCandidates,
    ownWorkers: registeredBy.builder ?? [],
  });
  await seedCasesDemo(ctx, { city: actors.get('city')!, school: actors.get('institution')! });
  // INS-5: trainee reviews, the school's self-assessment and a third-party result, after the published ratings so the self-assessment stays editable.
  await seedRatingsDemo(ctx, {
    city: actors.get('city')!,
    school: actors.get('institution')!,
    demoWorkerId: firstChengduWorker!.id,
    // Issue 19 item 11: a review class holds holders due for review, never first-time trainees.
    trainees: REVIEW_DUE_HOLDERS['1.1'].map((i) => holders[i]),
    password: DEMO_PASSWORD,
    photo: DEMO_PHOTO,
  });
  await seedPublishedPenaltiesDemo(ctx, {
    city: actors.get('city')!,
    province: actors.get('province')!,
    installer: extraActors.installer,
  });
  // A second province beside Sichuan: Guiyang's certificates, and a Sichuan holder hired in Guiyang.
  await seedProvince2Demo(ctx, {
    issuer: actors.get('guiyang')!,
    employer: actors.get('qianzhu')!,
    sichuanIdNumbers: registeredBy.builder ?? [],
  });
  // ANA-2: a year's work-injury records imported by the province, linked to the people, ledgers and certificates above.
  await seedInjuryDemo(ctx, {
    province: actors.get('province')!,
    builderCreditCode: orgs.get('builder')!.creditCode!,
    installerCreditCode: orgs.get('installer')!.creditCode!,
    builderIdNumbers: registeredBy.builder ?? [],
    installerIdNumbers: registeredBy.installer ?? [],
    certifiedTrainees: schoolCandidates.filter((c) => earlierClassTrainees.includes(c.id)),
    issuer: actors.get('issuer')!,
  });
  // Issue 16: a past legacy import (1,000 certificates of the earlier system and their review history).
  await seedLegacyDemo(ctx, { issuer: actors.get('issuer')! });
  // Issue 16: a past exam (before the platform) imported for analysis by the province.
  await seedPastExamDemo(ctx, { province: actors.get('province')! });
  // 省级设置: last, so the flows above ran on the national values and the pages show Sichuan's beside them.
  await seedProvinceSettingsDemo(ctx, { province: actors.get('province')! });
  // Issue 22: an employer's application waiting for 成都市 to decide.
  await seedOnboardingDemo(ctx);
  // Issue 19 item 7: the province and city figures read the summary of today; a refresh that ran while
  // the demo was still being written left them behind their own (live) lists (3 shown, 4 rows). Recount
  // once everything is written, so a first start's figures and lists agree.
  await refreshDashboardSummaries(ctx);
}

/**
 * Twelve school trainees to hold the demo's certificates, the first of them one with a registered
 * photo when there is one, so a printed certificate (CER-6) shows the holder's photo in its box.
 */
function certificateHolders(candidates: string[], withPhoto: string[]): string[] {
  const pictured = candidates.find((id) => withPhoto.includes(id));
  const rest = candidates.filter((id) => id !== pictured).slice(pictured ? -11 : -12);
  return pictured ? [pictured, ...rest] : rest;
}

/**
 * Registered photos for a few demo workers, so 人脸核验 can be tried end to end: portraits cut from
 * @vladmandic/face-api's demo/sample1.jpg (an MIT package's sample picture; a devDependency). The
 * faces are the package's, not the fictitious workers'; without the package, no photos are seeded.
 */
async function enrolDemoFaces(ctx: AppContext, targets: Array<{ workerId: string; actor: Actor }>): Promise<void> {
  const dir = faceApiSamplesDir();
  if (!dir) return;
  const file = path.join(dir, 'sample1.jpg');
  for (const [i, target] of targets.entries()) {
    const cover = SAMPLE1_FACES.filter((_, j) => j !== i);
    const portrait = await cutPortrait(file, SAMPLE1_FACES[i], 800, { ...TRANSFORMS.reference, cover });
    await enrolFace(ctx, target.actor, target.workerId, portrait);
  }
}

/** INS-1: the Chengdu school is filed (public at once); the Mianyang centre's application awaits its city. */
async function seedInstitutions(ctx: AppContext, a: { school: Actor; mySchool: Actor; city: Actor; province: Actor }) {
  for (const t of compliantTeachers(['1', '2', '3'])) await addTeacher(ctx, a.school, t);
  const filing = await submitFiling(ctx, a.school, {
    scope: ['1.1', '1.2', '2.1', '3.1'],
    facts: compliantFacts(['1', '2', '3']),
  });
  await reviewFiling(ctx, a.city, filing.id, { decision: 'approve' });
  await recordFiling(ctx, a.province, filing.id);
  for (const t of compliantTeachers(['1']).slice(0, 2)) await addTeacher(ctx, a.mySchool, t);
  const facts = compliantFacts(['1']);
  facts.premises.leaseYears = 2;
  await submitFiling(ctx, a.mySchool, { scope: ['1.2'], facts });
}

const H = 3_600_000;
/** A 1×1 JPEG standing in for a captured portrait (the demo has no camera). */
const DEMO_PHOTO =
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=';

/**
 * TRN-1, TRN-2, TRN-4: the Chengdu school's classes at each step — filed on time with trainees and
 * attendance, filed late, and one opened three days ago and still unfiled. Attendance is taken by
 * moving a local clock, so the records have real times; face checks are 'unverified' (no engine).
 */
async function seedClasses(
  ctx: AppContext,
  school: Actor,
  demoWorkerId: string,
  schoolWorkers: string[],
  /** Holders of a 1.2 certificate due for review (CER-4): the review class's trainees. */
  dueForReview: string[],
): Promise<{ earlierClassTrainees: string[] }> {
  const now = ctx.clock.now();
  const at = (ms: number) => new Date(now.getTime() + ms);
  // The demo has no camera: its attendance is recorded as unverified rather than fed to the engine.
  const shifted: AppContext = { ...ctx, clock: { now: () => current }, face: unverifiedFaceMatcher };
  let current = at(-130 * 24 * H);
  // A full syllabus (1.2: 64 theory + 40 practical 学时) in 13 eight-hour days, so the trainees meet
  // their hours (TRN-4) and can be booked for today's exam (TRN-5); a few leave early each day.
  const days: Array<['theory' | 'practical', string]> = [
    ['theory', '电工基础与安全用电'],
    ['theory', '低压电器与配电'],
    ['theory', '电工仪表与测量'],
    ['theory', '低压配电线路'],
    ['theory', '照明与电动机'],
    ['theory', '电气防火与防爆'],
    ['theory', '防雷与防静电'],
    ['theory', '触电急救与安全法规'],
    ['practical', '停送电操作实训'],
    ['practical', '电工仪表使用实训'],
    ['practical', '配电线路安装实训'],
    ['practical', '电动机控制电路实训'],
    ['practical', '触电急救实训'],
  ];
  /** The whole syllabus from `firstDay` (days from now), materials, each trainee's request and the class's application (TRN-5). */
  async function teachSyllabus(classId: string, trainees: string[], firstDay: number) {
    for (const [day, [subject, topic]] of days.entries()) {
      const start = at((firstDay + day) * 24 * H);
      const session = await scheduleSession(shifted, school, classId, {
        subject,
        mode: 'offline',
        topic,
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 8 * H).toISOString(),
        teacherId: await demoTeacher(ctx, school.orgId!, '1.2', subject === 'theory' ? 'offline_theory' : 'practical'),
      });
      for (const [n, workerId] of trainees.entries()) {
        current = new Date(start.getTime() + n * 60_000);
        await checkIn(shifted, school, session.id, { workerId, photo: DEMO_PHOTO });
        current = new Date(start.getTime() + 8 * H - (n % 3) * 20 * 60_000);
        await checkOut(shifted, school, session.id, { workerId, photo: DEMO_PHOTO });
      }
    }
    await setMaterials(shifted, school, classId, [
      '《低压电工作业》安全技术培训教材（应急管理出版社）',
      '课件：电工基础与安全用电',
      '课件：停送电操作规程',
    ]);
    // TRN-5: with the hours met and the archive complete, each trainee asks to sit the exam and the school
    // applies for the class the day after the last session.
    current = at((firstDay + days.length) * 24 * H);
    for (const workerId of trainees) {
      const self: Actor = {
        userId: randomUUID(),
        username: 'demo-trainee',
        displayName: '学员',
        role: 'worker',
        orgId: null,
        orgKind: null,
        orgName: null,
        regionCode: null,
        workerId,
      };
      await requestExam(shifted, self, classId).catch(() => undefined);
    }
    await submitExamApplication(shifted, school, classId);
  }
  // ANA-2 / issue 19 item 11: an earlier class (第11期, four months ago) whose trainees passed and hold
  // their certificates (the injuries demo issues them), so the certificates behind the injury figures come
  // from a class that ended before they were issued — not from today's candidates of 第12期.
  const earlierClassTrainees: string[] = [];
  const earlier = await openClass(shifted, school, {
    itemCode: '1.2',
    name: '低压电工作业第11期',
    opensAt: current.toISOString(),
  });
  current = at(-130 * 24 * H + 6 * H);
  await fileClass(shifted, school, earlier.id);
  for (const workerId of schoolWorkers.filter((id) => id !== demoWorkerId).slice(7)) {
    if (earlierClassTrainees.length === 4) break;
    if (
      await enrolTrainee(shifted, school, earlier.id, workerId).then(
        () => true,
        () => false,
      )
    )
      earlierClassTrainees.push(workerId);
  }
  await teachSyllabus(earlier.id, earlierClassTrainees, -129);
  current = at(-20 * 24 * H);
  const main = await openClass(shifted, school, {
    itemCode: '1.2',
    name: '低压电工作业第12期',
    opensAt: current.toISOString(),
  });
  current = at(-20 * 24 * H + 20 * H);
  await fileClass(shifted, school, main.id);
  // The demo worker first, then others the school registered; someone without a health declaration is refused (REG-3) and skipped.
  const enrolled: string[] = [];
  for (const workerId of [demoWorkerId, ...schoolWorkers.filter((id) => id !== demoWorkerId)].slice(0, 8)) {
    if (
      await enrolTrainee(shifted, school, main.id, workerId).then(
        () => true,
        () => false,
      )
    )
      enrolled.push(workerId);
  }
  // Today's candidates: 第12期, the last session a week ago, what today's exam bookings stand on.
  await teachSyllabus(main.id, enrolled, -19);
  await scheduleSession(shifted, school, main.id, {
    subject: 'theory',
    mode: 'online',
    topic: '电气火灾预防（线上）',
    startsAt: at(24 * H).toISOString(),
    endsAt: at(26 * H).toISOString(),
    teacherId: await demoTeacher(ctx, school.orgId!, '1.2', 'online_theory'),
  });
  // TRN-3: an online course for the class; no network, so its lessons carry a duration and no video file.
  const course = await createCourse(shifted, school, { itemCode: '1.2', title: '低压电工线上理论课' });
  await addLesson(shifted, school, course.id, {
    title: '电气火灾预防',
    durationSeconds: 40 * 60,
    topic: '电气火灾预防',
  });
  await addLesson(shifted, school, course.id, {
    title: '触电急救',
    durationSeconds: 35 * 60,
    topic: '触电急救与现场处置',
  });
  await assignCourse(shifted, school, course.id, main.id);
  current = at(-8 * 24 * H);
  const late = await openClass(shifted, school, {
    itemCode: '2.1',
    name: '熔化焊接与热切割作业第5期',
    opensAt: current.toISOString(),
  });
  current = at(-8 * 24 * H + 60 * H);
  await fileClass(shifted, school, late.id);
  // CER-4: a review class (复审培训, 8 学时) held yesterday for holders whose 1.2 certificate is due for
  // review — never first-time trainees, who have no certificate to review (issue 19 item 11).
  current = at(-2 * 24 * H);
  const review = await openClass(shifted, school, {
    itemCode: '1.2',
    kind: 'review',
    name: '低压电工作业复审培训第3期',
    opensAt: current.toISOString(),
  });
  await fileClass(shifted, school, review.id);
  const reviewers: string[] = [];
  for (const workerId of dueForReview)
    if (
      await enrolTrainee(shifted, school, review.id, workerId).then(
        () => true,
        () => false,
      )
    )
      reviewers.push(workerId);
  const reviewDay = at(-24 * H - 8 * H);
  const reviewSession = await scheduleSession(shifted, school, review.id, {
    subject: 'theory',
    mode: 'offline',
    topic: '法律法规、事故案例与新技术',
    startsAt: reviewDay.toISOString(),
    endsAt: new Date(reviewDay.getTime() + 6 * H).toISOString(),
    teacherId: await demoTeacher(ctx, school.orgId!, '1.2', 'offline_theory'),
  });
  for (const workerId of reviewers) {
    current = reviewDay;
    await checkIn(shifted, school, reviewSession.id, { workerId, photo: DEMO_PHOTO });
    current = new Date(reviewDay.getTime() + 6 * H);
    await checkOut(shifted, school, reviewSession.id, { workerId, photo: DEMO_PHOTO });
  }
  await setMaterials(shifted, school, review.id, ['《特种作业人员复审培训教材》', '课件：近年低压触电事故案例']);
  current = now;
  await openClass(shifted, school, {
    itemCode: '3.1',
    name: '登高架设作业第3期',
    opensAt: at(-3 * 24 * H).toISOString(),
  });
  return { earlierClassTrainees };
}

/** TRN-6 for the demo worker's own login: applied on their phone, approved by the city regulator. */
async function approveDemoDirectRegistration(
  ctx: AppContext,
  user: { id: string; username: string; displayName: string; workerId: string | null },
  city: Actor,
): Promise<void> {
  const self: Actor = {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: 'worker',
    orgId: null,
    orgKind: null,
    orgName: null,
    regionCode: null,
    workerId: user.workerId,
  };
  try {
    const applied = await applyDirect(ctx, self, {
      itemCode: '2.1',
      evidence: {
        school: '四川省成都市工业职业技术学校',
        major: '焊接技术应用',
        graduatedOn: '2021-07-01',
        diplomaNumber: 'ZJ2021510107',
      },
    });
    await reviewDirect(ctx, city, applied.id, { decision: 'approve' });
  } catch (err) {
    // A demo person who does not meet the applicant conditions (REG-3) simply has none.
    if (!(err instanceof Problem)) throw err;
  }
}
