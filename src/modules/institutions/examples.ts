// A compliant set of facts and teachers: the demo data and the tests start from it and change
// one fact at a time, so each test shows exactly which fact a condition turns on.
import { MANAGEMENT_RULES, type FilingFacts, type Teacher } from './rules.js';

export function compliantFacts(categories: string[] = ['1']): FilingFacts {
  return {
    premises: {
      tenure: 'leased',
      leaseYears: 5,
      exits: 2,
      theoryRoomCapacity: 60,
      theoryRoomAreaM2: 120,
      fireAcceptance: true,
      prohibitedLocation: false,
      multimedia: true,
      practicalSiteAdequate: true,
    },
    managers: ['林晓', '高敏', '宋杰'].map((name) => ({
      name,
      education: 'college' as const,
      labourContract: true,
      retired: false,
    })),
    equipment: {
      identityAttendance: true,
      cctvRecorded: true,
      cctvNoBlindSpots: true,
      emergencySupplies: true,
      practicalLedger: true,
      practical: categories.map((categoryCode) => ({
        categoryCode,
        kind: 'real' as const,
        tenure: 'owned' as const,
        leaseYears: null,
      })),
    },
    emergencyPlans: { fire: true, stampede: true, electricShock: true, evacuationContent: true },
    managementRules: MANAGEMENT_RULES.map(([code]) => code),
    teaching: {
      evaluationMechanism: true,
      materialsReviewed: true,
      onlinePlatform: 'provincial',
      ownPlatformFunctions: [],
      onlineCoursesReviewed: true,
    },
    archives: { storage: 'electronic', archiveRoom: null },
  };
}

/**
 * Three teachers per category, the first full-time, the second also teaching online theory (senior
 * title), each with a declared certificate valid to 2029 — so every kind of session has a teacher (INS-4).
 */
export function compliantTeachers(categories: string[] = ['1']): Teacher[] {
  const names = ['李志刚', '王海燕', '陈建平', '刘德明', '黄丽娟', '杨光', '赵红梅', '周国强', '吴晓东'];
  return categories.flatMap((cat, ci) =>
    [0, 1, 2].map((n) => ({
      name: `${names[(ci * 3 + n) % names.length]}${categories.length > 3 ? ci : ''}`,
      kinds:
        n === 2
          ? ['practical' as const]
          : n === 1
            ? ['offline_theory' as const, 'online_theory' as const, 'practical' as const]
            : ['offline_theory' as const, 'practical' as const],
      fullTime: n === 0,
      categoryCodes: [cat],
      education: 'bachelor' as const,
      practiceYears: 8,
      labourContract: true,
      retired: false,
      registeredSafetyEngineer: false,
      seniorTitle: n === 1,
      intermediateSkillCertificate: false,
      certificates: [
        {
          categoryCode: cat,
          number: `T${cat.padStart(2, '0')}${String(ci * 3 + n + 1).padStart(6, '0')}`,
          validUntil: '2029-12-31',
        },
      ],
    })),
  );
}
