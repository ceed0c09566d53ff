// Reads a scan's attempts from exams (through its index.ts only) into the detectors' shape.
import type { Executor } from '../../db/index.js';
import {
  integrityAnswerEvents,
  integrityFinalAnswers,
  integrityPapers,
  integritySessions,
  type IntegritySessionFilter,
} from '../exams/index.js';
import { dwellSeconds, type TimelineEvent } from './detectors/index.js';
import type { ScanAttempt, ScanSession } from './scan-core.js';
import { findRegisters } from './queries.js';
import { trainingScoreOf } from './rules.js';

export type SessionInfo = Awaited<ReturnType<typeof integritySessions>>[number];

const CHUNK = 400;

/** Native papers' timelines use the client's clock where it sent one (events are batched, so the server time of a batch is shared). */
function toTimeline(rows: Awaited<ReturnType<typeof integrityAnswerEvents>>): TimelineEvent[] {
  return rows
    .map((e) => ({
      t: (e.clientAt ?? e.serverAt).getTime(),
      kind: e.kind,
      position: e.position,
      selected: e.selected,
      deviceId: e.deviceId,
      ip: e.clientIp,
    }))
    .sort((a, b) => a.t - b.t);
}

/** Loads sessions (with every paper, answer and event) as the scan core reads them. */
export async function loadScanSessions(db: Executor, sessions: SessionInfo[]): Promise<ScanSession[]> {
  const registers = await findRegisters(db, [...new Set(sessions.map((s) => s.siteId))]);
  const out: ScanSession[] = [];
  for (let k = 0; k < sessions.length; k += CHUNK) {
    const chunk = sessions.slice(k, k + CHUNK);
    const papers = (
      await integrityPapers(
        db,
        chunk.map((s) => s.id),
      )
    ).filter((p) => p.submittedAt);
    const answers = new Map<string, Awaited<ReturnType<typeof integrityFinalAnswers>>>();
    const events = new Map<string, Awaited<ReturnType<typeof integrityAnswerEvents>>>();
    for (let j = 0; j < papers.length; j += CHUNK) {
      const ids = papers.slice(j, j + CHUNK).map((p) => p.id);
      for (const a of await integrityFinalAnswers(db, ids))
        (answers.get(a.paperId) ?? answers.set(a.paperId, []).get(a.paperId)!).push(a);
      const native = papers
        .slice(j, j + CHUNK)
        .filter((p) => p.source === 'native')
        .map((p) => p.id);
      for (const e of await integrityAnswerEvents(db, native))
        (events.get(e.paperId) ?? events.set(e.paperId, []).get(e.paperId)!).push(e);
    }
    for (const s of chunk) {
      const attempts: ScanAttempt[] = papers
        .filter((p) => p.sessionId === s.id)
        .map((p) => {
          const finals = answers.get(p.id) ?? [];
          const timeline = p.source === 'native' ? toTimeline(events.get(p.id) ?? []) : null;
          const dwell = timeline ? dwellSeconds(timeline, p.questions.length) : null;
          return {
            meta: {
              id: p.id,
              candidateId: p.workerId,
              sessionId: s.id,
              siteId: s.siteId,
              itemCode: s.itemCode,
              source: p.source,
              passed: p.scoreCancelledAt ? false : p.passed,
              attempt: p.attempt,
              trainingScore: trainingScoreOf(p.eligibility),
            },
            responses: finals.map((f) => ({
              itemId: f.questionId,
              selected: f.selected,
              correct: f.correct,
              rtSeconds: f.responseSeconds ?? dwell?.[f.position] ?? null,
              pilot: p.questions[f.position]?.pilot === true,
            })),
            events: timeline,
            optionOrders: p.questions.map((q) => q.optionOrder),
            submitted: finals.length ? finals.map((f) => ({ position: f.position, selected: f.selected })) : null,
            eligibility: p.eligibility,
          };
        });
      const reg = registers.get(s.siteId);
      out.push({
        sessionId: s.id,
        siteId: s.siteId,
        attempts,
        register: reg ? { devices: reg.devices, networks: reg.networks } : null,
      });
    }
  }
  return out;
}

/**
 * The sessions a scan reads: the target ones, plus every session of the same operation items in
 * the year before — the models (item difficulty, time intensity) are fitted on the bank's own data,
 * not on one room.
 */
export async function scanScope(db: Executor, target: IntegritySessionFilter, today: string) {
  const targets = await integritySessions(db, target);
  const codes = [...new Set(targets.map((s) => s.itemCode))];
  const to = target.to ?? today;
  const from = new Date(new Date(`${target.from ?? to}T00:00:00Z`).getTime() - 365 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  const reference = codes.length ? await integritySessions(db, { itemCodes: codes, from, to }) : [];
  const all = new Map(reference.map((s) => [s.id, s]));
  for (const t of targets) all.set(t.id, t);
  return { targets, sessions: [...all.values()] };
}
