// Demo exams through the real use cases: the team's demo bank and blueprints (1.2, 2.1), one accepted
// site, an approved plan, a session today with candidates booked in order, and the demo worker
// checked in at the door so the candidate's exam page works on a first start.
import type { Actor } from '../../src/kernel/access.js';
import { chinaDate } from '../../src/kernel/clock.js';
import type { AppContext } from '../../src/kernel/context.js';
import { Problem } from '../../src/kernel/problem.js';
import {
  DEMO_BANK,
  DEMO_BLUEPRINT,
  acceptSite,
  applyForSite,
  bookCandidate,
  fileSite,
  createSession,
  createSite,
  decidePlan,
  doorCheck,
  filePlan,
  decideProposal,
  importQuestions,
  proposeQuestion,
  setBlueprint,
} from '../../src/modules/exams/index.js';
import type { FaceMatcher } from '../../src/kernel/face.js';
import { ACCEPTANCE_CHECKLIST } from '../../src/modules/exams/rules.js';
import { assignChiefExaminer, deactivateStaff, registerStaff } from '../../src/modules/exams/index.js';
import { generateResidentIdNumber } from '../../src/kernel/ids.js';
import { seedCentreFilings } from './centres.js';

export interface ExamDemoInput {
  centre: Actor;
  /** 考培分离: the province's authority keeps the bank, blueprints and pass marks. */
  province: Actor;
  county: Actor;
  city: Actor;
  cityOrgId: string;
  school: Actor;
  /** Workers the school registered, in registration order, with their ID numbers. */
  candidates: Array<{ id: string; idNumber: string }>;
  /** The examiner login, recorded in the personnel database (EXM-4). */
  examiner?: Actor;
  /** The demo worker login's person, checked in so the exam page can be tried at once. */
  demoWorkerId: string;
}

export async function seedExamDemo(ctx: AppContext, d: ExamDemoInput): Promise<void> {
  // The national bank and default blueprints, loaded by the platform (no actor).
  for (const code of ['1.2', '2.1']) {
    await importQuestions(ctx, null, code, DEMO_BANK[code], 'demo');
    await setBlueprint(ctx, null, code, DEMO_BLUEPRINT);
  }
  await seedBankGovernance(ctx, d);
  // EXM-1: the centre is filed before any of its sites.
  await seedCentreFilings(ctx, d);
  const site = await createSite(ctx, d.centre, {
    name: '武侯区特种作业考试点',
    address: '成都市武侯区武侯祠大街 231 号（区职教中心内）',
    regionCode: '510107',
    rooms: [
      { name: '理论考场一', seats: 40 },
      { name: '理论考场二', seats: 30 },
    ],
    stations: [
      { name: '低压配电实物操作柜（4 台）', itemCodes: ['1.2'], real: true },
      { name: '交流弧焊机实物工位（6 个）', itemCodes: ['2.1'], real: true },
      { name: '心肺复苏模拟人', itemCodes: ['1.2', '2.1'], real: false },
    ],
    itemCodes: ['1.2', '2.1'],
  });
  // EXM-4: the centre's personnel database — the clerk at the door and the examiner, with training and certificates.
  await registerStaff(ctx, d.centre, {
    name: d.centre.displayName,
    idNumber: generateResidentIdNumber('510107', '1986-04-12', 231),
    duties: ['proctor'],
    employer: 'exam_centre',
    username: d.centre.username,
    training: [
      { date: '2026-03-18', course: '特种作业考试监考人员培训', organiser: '四川省安全生产考试中心', passed: true },
    ],
    certificates: [],
  });
  let chief: { id: string } | null = null;
  if (d.examiner) {
    chief = await registerStaff(ctx, d.centre, {
      name: d.examiner.displayName,
      idNumber: generateResidentIdNumber('510104', '1979-10-03', 117),
      duties: ['proctor', 'examiner'],
      employer: 'exam_centre',
      username: d.examiner.username,
      training: [
        { date: '2025-06-20', course: '特种作业考评员资格培训', organiser: '四川省应急管理厅', passed: true },
        {
          date: '2026-03-18',
          course: '实操考试评分标准（K1–K4）更新培训',
          organiser: '四川省安全生产考试中心',
          passed: true,
        },
      ],
      certificates: [
        {
          number: 'T510104197910031174',
          holderName: d.examiner.displayName,
          itemCodes: ['1.1', '1.2'],
          validUntil: '2029-05-31',
        },
        {
          number: 'T510104197910031175',
          holderName: d.examiner.displayName,
          itemCodes: ['2.1'],
          validUntil: '2028-09-30',
        },
      ],
    });
  }
  // EXM-4: a proctor who left the centre stays in the database as deactivated (history kept).
  const former = await registerStaff(ctx, d.centre, {
    name: '邓建华',
    idNumber: generateResidentIdNumber('510106', '1971-02-19', 355),
    duties: ['proctor'],
    employer: 'exam_centre',
    username: null,
    training: [
      { date: '2023-04-11', course: '特种作业考试监考人员培训', organiser: '四川省安全生产考试中心', passed: true },
    ],
    certificates: [],
  });
  await deactivateStaff(ctx, d.centre, former.id, { reason: '2026 年 9 月调离考试中心' });
  // EXM-1 (seed 004 §8): the county reported it, the city reviewed and accepted it, the province filed it.
  await acceptSite(
    ctx,
    d.city,
    site.id,
    ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true })),
    '武侯区应急管理局已报送；场地与设备经现场验收符合全省统一标准，同意报省厅备案。',
  );
  await fileSite(ctx, d.province, site.id, { remarks: '准予备案，列入全省考试点名录。' });
  await seedSiteApplications(ctx, d, site);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const tomorrow = chinaDate(new Date(now.getTime() + 24 * 3600_000));
  const plan = await filePlan(ctx, d.centre, {
    title: `${today.slice(0, 7)} 特种作业操作资格考试计划`,
    regulatorOrgId: d.cityOrgId,
    lines: [
      { siteId: site.id, itemCode: '1.2', date: today, capacity: 30 },
      { siteId: site.id, itemCode: '2.1', date: tomorrow, capacity: 30 },
    ],
  });
  await decidePlan(ctx, d.city, plan.id, { approve: true, note: '同意按计划组织考试' });
  // Today's session starts a few minutes from now (China time), so bookings are still open and the
  // paper can be opened at once (papers open 30 minutes before the start).
  const start = new Date(now.getTime() + 10 * 60_000);
  // HH:MM of that instant on the China clock (UTC+8, no daylight saving).
  const startTime = new Date(start.getTime() + 8 * 3600_000).toISOString().slice(11, 16);
  const session = await createSession(ctx, d.centre, {
    planId: plan.id,
    line: 0,
    startTime: chinaDate(start) === today ? startTime : '23:59',
  });
  const second = await createSession(ctx, d.centre, { planId: plan.id, line: 1, startTime: '09:00' });
  // EXM-4: each session's chief examiner is the centre's own examiner.
  if (chief) for (const s of [session, second]) await assignChiefExaminer(ctx, d.centre, s.id, { staffId: chief.id });
  const ordered = [...d.candidates].sort((a, b) => Number(b.id === d.demoWorkerId) - Number(a.id === d.demoWorkerId));
  let held = false;
  for (const c of ordered) {
    try {
      const booking = await bookCandidate(ctx, d.school, session.id, { workerId: c.id });
      if (c.id === d.demoWorkerId) await doorCheck(ctx, d.centre, booking.id, { idNumber: c.idNumber, photo: '' });
      else if (!held) {
        // EXM-5: a candidate with no registered photo and no identity source is held for a named decision.
        held = true;
        await doorCheck({ ...ctx, face: noRegisteredPhoto }, d.centre, booking.id, {
          idNumber: c.idNumber,
          photo: DEMO_DOOR_PHOTO,
        }).catch((err) => {
          if (!(err instanceof Problem && err.options.extra?.held)) throw err;
        });
      }
    } catch (err) {
      // Demo people who do not meet the applicant conditions (REG-3) are simply not booked.
      if (!(err instanceof Problem)) throw err;
    }
  }
}

/** What the face engine answers for a person with no registered photo. */
const noRegisteredPhoto: FaceMatcher = {
  async verify() {
    return { outcome: 'not_enrolled', similarity: null, threshold: null, verificationId: null };
  },
};
/** A 1×1 JPEG header stand-in for the door camera's capture (the demo has no camera). */
const DEMO_DOOR_PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]).toString('base64');

/** 考培分离: the province's stricter welding pass marks from next month, and the centre's proposals. */
async function seedBankGovernance(ctx: AppContext, d: ExamDemoInput) {
  const now = ctx.clock.now();
  const nextMonth = chinaDate(new Date(now.getTime() + 30 * 24 * 3600_000));
  await setBlueprint(ctx, d.province, '2.1', {
    ...DEMO_BLUEPRINT,
    theoryPassMark: 85,
    practicalPassMark: 85,
    effectiveFrom: nextMonth,
    note: '焊接与热切割作业事故多发，本省理论、实操合格线提高至 85 分',
  });
  const accepted = await proposeQuestion(ctx, d.centre, {
    itemCode: '1.2',
    reason: '结合 2026 年省内低压触电事故案例',
    question: {
      key: 'SC-LV-101',
      kind: 'judge',
      knowledgePoint: '安全用具',
      difficulty: 1,
      stem: '使用验电器前，应先在确知有电的设备上试验，确认验电器良好。',
      answer: [0],
    },
  });
  await decideProposal(ctx, d.province, accepted.id, { accept: true, note: '内容准确，采纳入本省题库' });
  await proposeQuestion(ctx, d.centre, {
    itemCode: '1.2',
    reason: '近期检查发现漏电保护器试验按钮长期未按',
    question: {
      key: 'SC-LV-102',
      kind: 'single',
      knowledgePoint: '漏电保护',
      difficulty: 2,
      stem: '剩余电流动作保护器的试验按钮应（ ）按动一次，检查其动作是否可靠。',
      options: ['每月', '每年', '只在安装时', '发生触电后'],
      answer: [0],
    },
  });
}

/**
 * EXM-1: the chain's queues on a first start — a new site in Xindu the city of Chengdu has still to
 * review (城市 审核 queue), one in Pidu it accepted that waits for the province (备案 queue), and a
 * change of the Wuhou site (a second theory room) in the city's queue while the filed site keeps working.
 */
async function seedSiteApplications(ctx: AppContext, d: ExamDemoInput, wuhou: Awaited<ReturnType<typeof createSite>>) {
  const station = { name: '低压配电实物操作柜（2 台）', itemCodes: ['1.2'], real: true };
  await createSite(ctx, d.centre, {
    name: '新都区特种作业考试点',
    address: '成都市新都区新都大道 8 号（区职业技术学校内）',
    regionCode: '510114',
    rooms: [{ name: '理论考场', seats: 36 }],
    stations: [station],
    itemCodes: ['1.2'],
  });
  const pidu = await createSite(ctx, d.centre, {
    name: '郫都区特种作业考试点',
    address: '成都市郫都区犀浦镇百草路 12 号（区职教中心实训楼）',
    regionCode: '510117',
    rooms: [{ name: '理论考场', seats: 45 }],
    stations: [station, { name: '焊接实物工位（6 个）', itemCodes: ['2.1'], real: true }],
    itemCodes: ['1.2', '2.1'],
  });
  await acceptSite(
    ctx,
    d.city,
    pidu.id,
    ACCEPTANCE_CHECKLIST.map((c) => ({ code: c.code, passed: true })),
    '郫都区应急管理局已报送；焊接工位为实物焊机，排烟合格，同意报省厅备案。',
  );
  await applyForSite(ctx, d.centre, wuhou.id, {
    name: wuhou.name,
    address: wuhou.address,
    operatorOrgId: wuhou.operatorOrgId,
    rooms: [...wuhou.rooms, { name: '理论考场三（新增）', seats: 30 }],
    stations: wuhou.stations,
    itemCodes: wuhou.itemCodes,
  });
}
