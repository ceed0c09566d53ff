// Demo exam-integrity data (INT-1..INT-6), run after the exams demo: four more accepted sites with
// registered exam computers, past sessions taken through the real exam use cases (door check, paper,
// answer events, submit) on a shifted clock, with answers drawn from an IRT + lognormal-time model and
// a few kinds of cheating injected (pre-knowledge at one site; machine answering, a changed
// submission and a shared computer at another; copying pairs at a third), then one scan so the flag
// list and the funnel plot have content — and one session in progress today for the patrol board.
// The past sessions are scored on the practical and their results published, so the pass rates by
// site and institution (ANA-3, INS-5) have data on a first start.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/kernel/access.js';
import { FixedClock } from '../../src/kernel/clock.js';
import type { AppContext } from '../../src/kernel/context.js';
import { generateResidentIdNumber } from '../../src/kernel/ids.js';
import { createUser } from '../../src/modules/accounts/index.js';
import {
  DEMO_BANK,
  acceptSite,
  fileSite,
  addArchiveRef,
  assignChiefExaminer,
  bookCandidate,
  createSession,
  createSite,
  decidePlan,
  doorCheck,
  filePlan,
  publishResults,
  recordEvents,
  recordSheet,
  registerStaff,
  staffOfCentre,
  startPaper,
  submitPaper,
} from '../../src/modules/exams/index.js';
import { ACCEPTANCE_CHECKLIST } from '../../src/modules/exams/rules.js';
import {
  executeScan,
  explainFlag,
  rankedFlags,
  requestScan,
  setSiteRegister,
} from '../../src/modules/integrity/index.js';
import { registerWorker } from '../../src/modules/registry/index.js';
import { applyDirect, reviewDirect } from '../../src/modules/training/index.js';
import { makeRandom, personName } from './names.js';

export interface IntegrityDemoInput {
  centre: Actor;
  /** The centre's examiner (in its personnel database from the exams demo): chief examiner and first scorer. */
  examiner: Actor;
  city: Actor;
  /** EXM-1: the province files the sites the city accepted. */
  province: Actor;
  cityOrgId: string;
  school: Actor;
}

type Cheat = 'none' | 'preknowledge' | 'machine' | 'changed' | 'copy';
interface SiteSpec {
  name: string;
  regionCode: string;
  address: string;
  net: string;
  cheat: (i: number) => Cheat;
}

const SITES: SiteSpec[] = [
  {
    name: '锦江区特种作业考试点',
    regionCode: '510104',
    address: '成都市锦江区东大街 99 号',
    net: '10.51.4',
    cheat: () => 'none',
  },
  {
    name: '成华区特种作业考试点',
    regionCode: '510108',
    address: '成都市成华区建设路 18 号',
    net: '10.51.8',
    cheat: (i) => (i % 2 === 0 ? 'preknowledge' : 'none'),
  },
  {
    name: '青羊区特种作业考试点',
    regionCode: '510105',
    address: '成都市青羊区蜀都大道 66 号',
    net: '10.51.5',
    cheat: (i) => (i === 1 ? 'machine' : i === 4 ? 'changed' : 'none'),
  },
  {
    name: '金牛区特种作业考试点',
    regionCode: '510106',
    address: '成都市金牛区一环路北二段 8 号',
    net: '10.51.6',
    cheat: (i) => (i === 3 || i === 7 ? 'copy' : 'none'),
  },
];
const PER_SESSION = 12;
const PAST_DAYS = [9, 16, 23];
const ITEM = '1.2';

/** Correct option texts by question stem, from the demo bank (the paper view hides the key). */
function keyTexts(): Map<string, string[]> {
  const judge = ['正确', '错误'];
  return new Map(
    DEMO_BANK[ITEM].map((q) => [q.stem, q.answer.map((i) => (q.kind === 'judge' ? judge : q.options!)[i])]),
  );
}

export async function seedIntegrityDemo(ctx: AppContext, d: IntegrityDemoInput): Promise<void> {
  const random = makeRandom(20261201);
  const gauss = () => Math.sqrt(-2 * Math.log(Math.max(random(), 1e-9))) * Math.cos(2 * Math.PI * random());
  const keys = keyTexts();
  const difficulty = new Map(DEMO_BANK[ITEM].map((q) => [q.stem, q.difficulty]));
  const intensity = new Map(
    DEMO_BANK[ITEM].map((q) => [q.stem, 2.6 + 0.35 * gauss() + (q.kind === 'multiple' ? 0.5 : 0)]),
  );
  const leaked = new Set(DEMO_BANK[ITEM].filter(() => random() < 0.2).map((q) => q.stem));
  const realNow = ctx.clock.now();
  const clock = new FixedClock(realNow);
  const at = { ...ctx, clock };
  let seq = 600;

  const sites = [];
  for (const spec of SITES) {
    const site = await createSite(at, d.centre, {
      name: spec.name,
      address: spec.address,
      regionCode: spec.regionCode,
      rooms: [{ name: '理论考场一', seats: 40 }],
      stations: [{ name: '低压配电实物操作柜', itemCodes: [ITEM], real: true }],
      itemCodes: [ITEM],
    });
    await acceptSite(
      at,
      d.city,
      site.id,
      ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true })),
    );
    // EXM-1: filed by the province before any session is planned there.
    await fileSite(at, d.province, site.id);
    // INT-5: the seats' computers and the site's network, registered by the exam centre.
    await setSiteRegister(at, d.centre, site.id, {
      devices: Array.from({ length: 40 }, (_, i) => `${spec.regionCode}-PC${String(i + 1).padStart(2, '0')}`),
      networks: [`${spec.net}.0/24`],
    }).catch(() => undefined);
    sites.push({ spec, site });
  }

  // EXM-7: items on real equipment are scored by two examiners — the centre's examiner and a colleague.
  const colleague = await createUser(ctx, null, {
    username: 'wumin',
    displayName: '吴敏',
    // Issue 19 item 5: a known password (listed with the other demo logins), so a newcomer can
    // give the second score and publish results.
    password: 'Quanlian@2026',
    role: 'examiner',
    orgId: d.centre.orgId!,
  });
  await registerStaff(ctx, d.centre, {
    name: '吴敏',
    idNumber: generateResidentIdNumber('510105', '1982-07-21', 46),
    duties: ['proctor', 'examiner'],
    employer: 'exam_centre',
    username: 'wumin',
    training: [{ date: '2025-06-20', course: '特种作业考评员资格培训', organiser: '四川省应急管理厅', passed: true }],
    certificates: [
      { number: 'T510105198207210462', holderName: '吴敏', itemCodes: ['1.1', '1.2'], validUntil: '2030-03-31' },
    ],
  });
  const examiners: Actor[] = [
    d.examiner,
    { ...d.centre, userId: colleague.id, username: 'wumin', displayName: '吴敏', role: 'examiner' },
  ];
  const chief = (await staffOfCentre(ctx.db, d.centre.orgId!)).find(
    (s) => s.name === d.examiner.displayName && !s.deactivatedAt,
  );

  const day = (offset: number) => new Date(realNow.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  async function takeSession(spec: SiteSpec, siteId: string, date: string, live: boolean, startTime = '09:00') {
    const start = Date.parse(`${date}T${startTime}:00+08:00`);
    // Plans are filed and sessions arranged two days before the exam day.
    clock.set(new Date(start - 2 * 86_400_000));
    const plan = await filePlan(at, d.centre, {
      title: `${date} 理论考试`,
      regulatorOrgId: d.cityOrgId,
      lines: [{ siteId, itemCode: ITEM, date, capacity: 40 }],
    });
    await decidePlan(at, d.city, plan.id, { approve: true });
    const session = await createSession(at, d.centre, { planId: plan.id, line: 0, startTime });
    await addArchiveRef(at, d.centre, session.id, {
      kind: 'video',
      label: '理论考场一',
      reference: `rtsp://video.cdaq.example/${spec.regionCode}/room1/${date}`,
    }).catch(() => undefined);
    let source: Array<{ stem: string; text: string[] }> | null = null;
    const seated: string[] = [];
    for (let i = 0; i < PER_SESSION; i++) {
      seq += 1;
      const gender = random() < 0.85 ? 'male' : 'female';
      const idNumber = generateResidentIdNumber(
        '510104',
        `19${80 + Math.floor(random() * 20)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
        seq,
      );
      clock.set(new Date(start - 2 * 86_400_000));
      const worker = await registerWorker(at, d.school, {
        name: personName(random, gender),
        idNumber,
        education: 'senior_high',
        regionCode: spec.regionCode,
        intendedItem: ITEM,
        health: {
          issuedAt: day(-40),
          institutionName: '成都市第二人民医院',
          institutionLevel: 'county_or_above',
          disqualifyingConditions: [],
        },
      });
      const self: Actor = {
        userId: randomUUID(),
        username: `kaosheng${seq}`,
        displayName: worker.name,
        role: 'worker',
        orgId: null,
        orgKind: null,
        orgName: null,
        regionCode: null,
        workerId: worker.id,
      };
      const applied = await applyDirect(at, self, {
        itemCode: ITEM,
        evidence: {
          school: '四川省成都市工业职业技术学校',
          major: '电气运行与控制',
          graduatedOn: '2019-07-01',
          diplomaNumber: `ZJ2019${seq}`,
        },
      });
      await reviewDirect(at, d.city, applied.id, { decision: 'approve' });
      const booking = await bookCandidate(at, d.school, session.id, { workerId: worker.id });
      seated.push(booking.id);
      clock.set(new Date(start - 10 * 60_000));
      await doorCheck(at, d.centre, booking.id, { idNumber, photo: '' });
      const paper = await startPaper(at, self, booking.id);
      const cheat = live ? (i === 2 ? 'machine' : 'none') : spec.cheat(i);
      const theta = 1.3 + gauss() + (spec.cheat === SITES[3].cheat ? 0.4 : 0);
      const tau = 0.3 * gauss();
      let t = start + 60_000 + Math.floor(random() * 20_000);
      const events: Array<{
        clientSeq: number;
        kind: 'question_shown' | 'option_selected' | 'option_changed';
        position?: number;
        selected?: number[];
        clientAt: string;
      }> = [];
      const answers: Array<{ position: number; selected: number[] }> = [];
      const chosenTexts: Array<{ stem: string; text: string[] }> = [];
      const botGap = 2500 + random() * 1000;
      // Live: the candidates are a third of the way through.
      const upTo = live ? Math.floor(paper.questions.length / 3) : paper.questions.length;
      for (const q of paper.questions.slice(0, upTo)) {
        const right = keys.get(q.stem) ?? [];
        const b = (difficulty.get(q.stem) ?? 2) - 2.6;
        const known = cheat === 'preknowledge' && leaked.has(q.stem);
        const copied = cheat === 'copy' && source?.find((s) => s.stem === q.stem);
        let correct = known ? random() < 0.97 : random() < 1 / (1 + Math.exp(b - theta));
        let seconds = Math.exp((intensity.get(q.stem) ?? 3) - tau + 0.45 * gauss()) * (known ? 0.3 : 1);
        if (cheat === 'machine') {
          correct = random() < 0.95;
          seconds = (botGap + 30 * gauss()) / 1000;
        }
        let places = correct
          ? right.map((txt) => q.options.indexOf(txt)).filter((k: number) => k >= 0)
          : [(q.options.indexOf(right[0]) + 1 + Math.floor(random() * (q.options.length - 1))) % q.options.length];
        if (copied && random() < 0.85)
          places = copied.text.map((txt) => q.options.indexOf(txt)).filter((k: number) => k >= 0);
        if (!places.length) places = [0];
        if (cheat !== 'machine')
          events.push({
            clientSeq: events.length + 1,
            kind: 'question_shown',
            position: q.position,
            clientAt: new Date(t).toISOString(),
          });
        t += Math.round(seconds * 1000);
        events.push({
          clientSeq: events.length + 1,
          kind: 'option_selected',
          position: q.position,
          selected: places,
          clientAt: new Date(t - Math.round(seconds * 150)).toISOString(),
        });
        answers.push({ position: q.position, selected: places });
        chosenTexts.push({ stem: q.stem, text: places.map((k) => q.options[k]) });
      }
      if (i === 0) source = chosenTexts;
      // INT-5: each seat's own computer, except one shared by two candidates at the third site.
      const device = `${spec.regionCode}-PC${String(cheat === 'changed' && !live ? 2 : i + 1).padStart(2, '0')}`;
      for (let k = 0; k < events.length; k += 200)
        await recordEvents(at, self, paper.id, events.slice(k, k + 200), {
          ip: `${spec.net}.${20 + i}`,
          deviceId: device,
        });
      if (live) continue;
      clock.set(new Date(start + 80 * 60_000));
      // INT-2: a changed candidate's stored submission differs from what was last chosen.
      const submitted =
        cheat === 'changed'
          ? answers.map((a, k) => (k % 9 === 4 ? { ...a, selected: [(a.selected[0] + 1) % 2] } : a))
          : answers;
      await submitPaper(at, self, paper.id, { clientSeq: 100_000, answers: submitted });
    }
    if (!live) await scoreAndPublish(session.id, start, seated);
    return session;
  }

  /** EXM-7, EXM-10, EXM-8: the practical by two examiners, the paper archive, the chief examiner, then the results. */
  async function scoreAndPublish(sessionId: string, start: number, bookings: string[]) {
    clock.set(new Date(start + 3 * 3_600_000));
    for (const bookingId of bookings) {
      const slip = random() < 0.12 ? 24 : Math.floor(random() * 10);
      for (const [k, examiner] of examiners.entries()) {
        const k2 = Math.max(0, slip + (k ? Math.floor(random() * 5) - 2 : 0));
        await recordSheet(at, examiner, bookingId, {
          subjects: [
            { code: 'K1', deductions: [] },
            {
              code: 'K2',
              deductions: k2 ? [{ points: k2, reason: k2 > 15 ? '未验电即合闸送电' : '操作顺序不规范' }] : [],
            },
            { code: 'K3', deductions: random() < 0.3 ? [{ points: 2, reason: '未发现配电箱门未接地' }] : [] },
            { code: 'K4', deductions: [] },
          ],
        });
      }
    }
    await addArchiveRef(at, d.centre, sessionId, {
      kind: 'video',
      label: '实操考试区',
      reference: `nvr://practical/${sessionId.slice(0, 8)}`,
    });
    await addArchiveRef(at, d.centre, sessionId, {
      kind: 'paper',
      label: '签到表、试卷、实操评分表',
      reference: `档案室 ${new Date(start).toISOString().slice(0, 10)} 盒`,
    });
    if (chief) await assignChiefExaminer(at, d.centre, sessionId, { staffId: chief.id });
    clock.set(new Date(start + 26 * 3_600_000));
    await publishResults(at, d.centre, sessionId);
  }

  for (const { spec, site } of sites)
    for (const offset of PAST_DAYS) await takeSession(spec, site.id, day(-offset), false);
  // INT-6: a session at the third site that started 20 minutes ago (China time), papers open now. A
  // session belongs to one day and its candidates are let in 10 minutes before the start (EXM-3), so
  // it starts no earlier than 00:10: a first start just after midnight still shows one in progress.
  const chinaNow = new Date(realNow.getTime() + 8 * 3_600_000).toISOString();
  const twentyAgo = new Date(realNow.getTime() - 20 * 60_000 + 8 * 3_600_000).toISOString();
  const earliest = `${chinaNow.slice(0, 10)}T00:10`;
  const startedAt = twentyAgo >= earliest ? twentyAgo : earliest;
  await takeSession(sites[2].spec, sites[2].site.id, startedAt.slice(0, 10), true, startedAt.slice(11, 16));
  clock.set(realNow);
  // One scan of the last month, run here so the pages show flags on first start.
  const scan = await requestScan(at, d.city, { from: day(-30), to: day(0) });
  await executeScan(at, scan.id);
  // EXM-2: the centre answers its highest-ranked open flag; the city regulator decides it, not the centre.
  const [top] = (await rankedFlags(at, d.centre, { status: 'open', pageSize: 1 })).items;
  if (top)
    await explainFlag(at, d.centre, top.id, {
      explanation: '已调阅该场次考场录像：考生独立作答，监考员全程在场；该机位鼠标灵敏度偏高，已报修。请监管部门核查。',
    });
}
