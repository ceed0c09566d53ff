// TRN-4: the hours ledger, computed from attendance every time it is read — never stored as a
// typed-in number, so it always agrees with the attendance records behind it.
import type { Executor } from '../../db/index.js';
import { isFaceVerified, type FaceOutcome } from '../../kernel/face.js';
import { onlineSecondsOfClass } from './online.js';
import { attendanceOfClass, listEnrolments, listSessions, type ClassRow } from './queries.js';
import {
  attendanceEarnsHours,
  attendedMinutes,
  countsAfterFiling,
  hourUnits,
  progressOf,
  type Credit,
  type Progress,
} from './rules.js';

export interface TraineeLedger {
  progress: Progress;
  /** TRN-3: minutes credited by online learning (server heartbeats), 30 minutes = 1 学时. */
  onlineMinutes: number;
  attendance: Array<{
    sessionId: string;
    checkInAt: Date;
    checkOutAt: Date | null;
    minutes: number;
    units: number;
    checkInOutcome: string;
    checkOutOutcome: string | null;
    faceVerified: boolean;
  }>;
}

export async function ledgerOfClass(db: Executor, row: ClassRow): Promise<Map<string, TraineeLedger>> {
  const [sessions, enrolments, records, online] = await Promise.all([
    listSessions(db, row.id),
    listEnrolments(db, row.id),
    attendanceOfClass(db, row.id),
    onlineSecondsOfClass(db, row.id),
  ]);
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const out = new Map<string, TraineeLedger>();
  for (const e of enrolments) {
    const own = records.filter((r) => r.workerId === e.workerId);
    const credits: Credit[] = [];
    const lines = own.map((r) => {
      const session = byId.get(r.sessionId)!;
      const minutes = attendedMinutes(session, r.checkInAt, r.checkOutAt);
      // TRN-1: attendance taken before the class was filed earns nothing, whatever its minutes.
      const units =
        attendanceEarnsHours(r.checkInOutcome, r.checkOutOutcome) && countsAfterFiling(row.filedAt, r.checkInAt)
          ? hourUnits(minutes, session.mode as 'offline' | 'online')
          : 0;
      // TRN-2: face-verified only when both ends were a real match; 'unverified' never counts as such.
      const faceVerified =
        isFaceVerified({ outcome: r.checkInOutcome as FaceOutcome }) &&
        isFaceVerified({ outcome: (r.checkOutOutcome ?? 'unverified') as FaceOutcome });
      credits.push({
        subject: session.subject as Credit['subject'],
        mode: session.mode as Credit['mode'],
        units,
        faceVerified,
      });
      return {
        sessionId: r.sessionId,
        checkInAt: r.checkInAt,
        checkOutAt: r.checkOutAt,
        minutes,
        units,
        checkInOutcome: r.checkInOutcome,
        checkOutOutcome: r.checkOutOutcome,
        faceVerified,
      };
    });
    // Second source: online theory is summed over all lessons first, then cut into 30-minute 学时.
    const onlineMinutes = Math.floor((online.get(e.workerId) ?? 0) / 60);
    credits.push({ subject: 'theory', mode: 'online', units: hourUnits(onlineMinutes, 'online'), faceVerified: false });
    out.set(e.workerId, {
      onlineMinutes,
      progress: progressOf(credits, { theory: row.syllabusTheoryHours, practical: row.syllabusPracticalHours }),
      attendance: lines,
    });
  }
  return out;
}
