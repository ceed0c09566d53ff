// TRN-4/TRN-5: a trainee's hours against the syllabus, as the server computes them
// (training/rules.ts progressOf) and the web app shows them.

export interface Progress {
  theoryOffline: number;
  theoryOnline: number;
  practical: number;
  syllabusTheory: number;
  syllabusPractical: number;
  /** The least offline theory the syllabus allows: 30 % of theory hours, rounded up. */
  minOfflineTheory: number;
  faceVerifiedUnits: number;
  checks: Array<{ code: string; label: string; met: boolean; detail: string }>;
  met: boolean;
}
