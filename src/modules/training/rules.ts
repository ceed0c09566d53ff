// Pure rules of training: the 48-hour class filing (TRN-1) and the hours ledger (TRN-4, TRN-5).

// The progress shape lives in src/shared: the web app shows exactly what progressOf returns.
import type { Progress } from '../../shared/training.js';

export type { Progress };

/** TRN-1: a class is filed within 48 hours of its opening (seed 000 §6). */
export const FILING_WINDOW_MS = 48 * 60 * 60 * 1000;

/** Filed exactly 48 h after opening is on time; one millisecond later is late. */
export function isLateFiling(opensAt: Date, filedAt: Date): boolean {
  return filedAt.getTime() - opensAt.getTime() > FILING_WINDOW_MS;
}

/**
 * TRN-1: when the class really began — its first scheduled session — not the opening time the
 * institution declared, which stands only while nothing is scheduled (a class that declares a late
 * opening but teaches earlier is measured from the teaching).
 */
export function realOpening(c: { opensAt: Date; firstSessionAt?: Date | null }): Date {
  return c.firstSessionAt ?? c.opensAt;
}

export type FilingState = 'filed_on_time' | 'filed_late' | 'unfiled' | 'unfiled_overdue';

export function filingState(
  c: { opensAt: Date; firstSessionAt?: Date | null; filedAt: Date | null; filedLate?: boolean | null },
  now: Date,
): FilingState {
  // A filing is judged once, when made (and again if an earlier session is scheduled afterwards): filedLate holds it.
  if (c.filedAt) return (c.filedLate ?? isLateFiling(realOpening(c), c.filedAt)) ? 'filed_late' : 'filed_on_time';
  return now.getTime() - realOpening(c).getTime() > FILING_WINDOW_MS ? 'unfiled_overdue' : 'unfiled';
}

/** TRN-1: attendance taken before the class was filed earns no 学时 (the class did not legally exist yet). */
export function countsAfterFiling(filedAt: Date | null, checkInAt: Date): boolean {
  return !!filedAt && checkInAt >= filedAt;
}

export const FILING_STATE_LABELS: Record<FilingState, string> = {
  filed_on_time: '按时报备',
  filed_late: '逾期报备',
  unfiled: '待报备',
  unfiled_overdue: '逾期未报备',
};

/** CER-4 (Order 30 art. 21): at least 8 学时 of safety training before a certificate's review (复审). */
export const REVIEW_TRAINING_HOURS = 8;
export const CLASS_KIND_LABELS = { initial: '初训', review: '复审培训' } as const;

/** TRN-4: an offline 学时 is 45 minutes, an online 学时 30 minutes (seed 001 annex 4.3). */
export const OFFLINE_UNIT_MINUTES = 45;
export const ONLINE_UNIT_MINUTES = 30;
/** TRN-4: offline theory hours ≥ 30 % of the syllabus theory hours. */
export const MIN_OFFLINE_THEORY_SHARE = 0.3;

/** Whole 学时 earned in `minutes`: 44 min offline earns nothing, 45 min earns one. */
export function hourUnits(minutes: number, mode: 'offline' | 'online'): number {
  return Math.floor(Math.max(0, minutes) / (mode === 'offline' ? OFFLINE_UNIT_MINUTES : ONLINE_UNIT_MINUTES));
}

/** Minutes attended within a session: from the later of check-in and start to the earlier of check-out and end. */
export function attendedMinutes(
  session: { startsAt: Date; endsAt: Date },
  checkIn: Date,
  checkOut: Date | null,
): number {
  if (!checkOut) return 0;
  const from = Math.max(session.startsAt.getTime(), checkIn.getTime());
  const to = Math.min(session.endsAt.getTime(), checkOut.getTime());
  return Math.max(0, Math.floor((to - from) / 60_000));
}

/**
 * TRN-2: attendance earns hours only when identity was recognised at both ends. A check the
 * engine judged (no match, no face, not live, no registered photo …) earns nothing — the trainee
 * retries the capture. Where no engine is configured ('unverified'), hours are credited but the
 * ledger counts them apart from face-verified ones, so no class is stuck and nothing is passed off
 * as verified.
 */
export function attendanceEarnsHours(checkIn: string, checkOut: string | null): boolean {
  const ok = (o: string | null) => o === 'match' || o === 'unverified';
  return ok(checkIn) && ok(checkOut);
}

export interface Credit {
  subject: 'theory' | 'practical';
  mode: 'offline' | 'online';
  units: number;
  faceVerified: boolean;
}

/** TRN-4/TRN-5: the trainee's hours against the syllabus; `met` gates the exam application. */
export function progressOf(credits: Credit[], syllabus: { theory: number; practical: number }): Progress {
  const sum = (f: (c: Credit) => boolean) => credits.filter(f).reduce((n, c) => n + c.units, 0);
  const theoryOffline = sum((c) => c.subject === 'theory' && c.mode === 'offline');
  const theoryOnline = sum((c) => c.subject === 'theory' && c.mode === 'online');
  // Practical training is offline only (TRN-4): an online practical credit, should one exist, counts for nothing.
  const practical = sum((c) => c.subject === 'practical' && c.mode === 'offline');
  // 30 % of 64 h is 19.2 h: whole 学时 are what is counted, so 20 are needed (rounding down would allow 29.7 %).
  const minOfflineTheory = Math.ceil(syllabus.theory * MIN_OFFLINE_THEORY_SHARE - 1e-9);
  const checks = [
    {
      code: 'theory_total',
      label: '理论学时',
      met: theoryOffline + theoryOnline >= syllabus.theory,
      detail: `${theoryOffline + theoryOnline} / ${syllabus.theory} 学时`,
    },
    {
      code: 'theory_offline_share',
      label: '线下理论学时不低于大纲理论学时的30%',
      met: theoryOffline >= minOfflineTheory,
      detail: `${theoryOffline} / ${minOfflineTheory} 学时`,
    },
    {
      code: 'practical',
      label: '实际操作学时（仅线下）',
      met: practical >= syllabus.practical,
      detail: `${practical} / ${syllabus.practical} 学时`,
    },
  ];
  return {
    theoryOffline,
    theoryOnline,
    practical,
    syllabusTheory: syllabus.theory,
    syllabusPractical: syllabus.practical,
    minOfflineTheory,
    faceVerifiedUnits: credits.filter((c) => c.faceVerified).reduce((n, c) => n + c.units, 0),
    checks,
    met: checks.every((c) => c.met),
  };
}

export interface ArchiveFacts {
  filed: boolean;
  trainees: number;
  sessions: number;
  /** Offline sessions already over that have no attendance record at all. */
  pastOfflineSessionsWithoutAttendance: string[];
  materials: number;
  examApplied: boolean;
}

/** 一期一档 (seed 001 annex 六、1; TRN-5): what the class archive lacks, by name; empty = complete. */
export function archiveGaps(f: ArchiveFacts): string[] {
  return [
    !f.filed && '开班报备记录（TRN-1）',
    !f.trainees && '学员名册',
    !f.sessions && '课程表',
    ...f.pastOfflineSessionsWithoutAttendance.map((topic) => `课程「${topic}」的考勤记录`),
    !f.materials && '培训教材与课件目录',
  ].filter((x): x is string => !!x);
}

/**
 * Order 30 (NATIONAL.md "Who may apply"): a person trains and sits the exam where their household is
 * registered (户籍所在地) or where they work (从业所在地). The national text names no level; by
 * default places are compared at the level of the issuing authority (设区的市): a county's class or
 * session belongs to its city, a province-level exam session to the whole province. A province sets
 * its own level (province setting `exam_place_level`): the county, the city or the whole province.
 */
export type PlaceLevel = 'county' | 'city' | 'province';
export const PLACE_LEVELS: Record<PlaceLevel, string> = { county: '区县', city: '设区的市', province: '全省' };
export const NATIONAL_PLACE_LEVEL: PlaceLevel = 'city';

export function authorityPrefix(regionCode: string, level: PlaceLevel = NATIONAL_PLACE_LEVEL): string {
  let prefix = regionCode.slice(0, level === 'province' ? 2 : level === 'city' ? 4 : 6);
  while (prefix.length > 2 && prefix.endsWith('00')) prefix = prefix.slice(0, -2);
  return prefix;
}

export function withinPlace(
  placeRegion: string,
  person: { householdRegionCode: string; regionCode: string },
  level: PlaceLevel = NATIONAL_PLACE_LEVEL,
): boolean {
  const prefix = authorityPrefix(placeRegion, level);
  return person.householdRegionCode.startsWith(prefix) || person.regionCode.startsWith(prefix);
}

/**
 * Order 30 art. 13–16 (NATIONAL.md "Exams"): the exam is held within 60 days — the national value;
 * a province may set fewer (province setting `exam_within_days`), never more.
 */
export const EXAM_WITHIN_DAYS = 60;

/** The last exam date (YYYY-MM-DD) for training that ended on `endedOn` (YYYY-MM-DD). */
export function lastExamDate(endedOn: string, days = EXAM_WITHIN_DAYS): string {
  const d = new Date(`${endedOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A condition of booking that training answers for (TRN-1, TRN-5, TRN-6, Order 30). */
export interface BookingCheck {
  rule: string;
  code: string;
  label: string;
  passed: boolean;
  message: string;
}
