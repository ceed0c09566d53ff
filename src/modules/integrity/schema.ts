// Tables of the integrity module (INT-1..INT-6): scans, the flags they raise with their evidence and
// the person's decision, suspension proposals for supervision, each site's registered devices and
// network, and the remote patrol's actions and unannounced visits.
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export type ScanTrigger = 'session' | 'manual' | 'nightly';
export type FlagStatus = 'open' | 'dismissed' | 'confirmed';

/** One run of the detectors over a scope (a session, a date range, a site). */
export const integrityScans = pgTable(
  'integrity_scans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trigger: text('trigger').$type<ScanTrigger>().notNull(),
    /** The scope asked for: { sessionIds?, from?, to?, siteId? }. */
    scope: jsonb('scope').$type<Record<string, unknown>>().notNull(),
    /** The requester's jurisdiction (null: the whole platform). */
    regionPrefix: text('region_prefix'),
    status: text('status').$type<'queued' | 'running' | 'done' | 'failed'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    events: integer('events').notNull().default(0),
    flags: integer('flags').notNull().default(0),
    durationMs: integer('duration_ms'),
    /** INT-4 funnel plot data and per-site scores of this scan. */
    sites: jsonb('sites').$type<unknown>(),
    funnel: jsonb('funnel').$type<unknown>(),
    error: text('error'),
    requestedBy: uuid('requested_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('integrity_scans_created_idx').on(t.createdAt)],
);

/**
 * A detector's finding a person must decide on. `dedupeKey` (kind + subject + partner) keeps one
 * flag per finding across re-scans: an open flag is refreshed, a decided one is left alone.
 */
export const integrityFlags = pgTable(
  'integrity_flags',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    scanId: uuid('scan_id').notNull(),
    kind: text('kind').notNull(),
    rule: text('rule').notNull(),
    subject: text('subject').$type<'attempt' | 'site'>().notNull(),
    paperId: uuid('paper_id'),
    partnerPaperId: uuid('partner_paper_id'),
    workerId: uuid('worker_id'),
    sessionId: uuid('session_id'),
    siteId: uuid('site_id').notNull(),
    siteName: text('site_name').notNull(),
    /** The exam centre running the site: its staff see and decide the site's flags. */
    centreOrgId: uuid('centre_org_id').notNull(),
    regionCode: text('region_code').notNull(),
    itemCode: text('item_code'),
    method: text('method').notNull(),
    version: text('version').notNull(),
    statistic: text('statistic').notNull(),
    value: doublePrecision('value').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    pValue: doublePrecision('p_value'),
    score: doublePrecision('score').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    /** The candidate's answering timeline and the partner's, as the reviewer sees them. */
    evidence: jsonb('evidence').$type<unknown>().notNull(),
    status: text('status').$type<FlagStatus>().notNull(),
    decisionReason: text('decision_reason'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    scoreCancelled: boolean('score_cancelled').notNull().default(false),
    /** The exam centre's answer to the flag, shown to the regulator who decides it (exam bodies do not decide their own flags). */
    centreExplanation: text('centre_explanation'),
    centreExplainedAt: timestamp('centre_explained_at', { withTimezone: true, mode: 'date' }),
    centreExplainedByName: text('centre_explained_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('integrity_flags_region_idx').on(t.regionCode, t.status),
    index('integrity_flags_site_idx').on(t.siteId),
    index('integrity_flags_session_idx').on(t.sessionId),
  ],
);

/** Seed 000 §9: a confirmed finding proposes the site's suspension (≥ 1 month) to its regulator. */
export const integrityProposals = pgTable(
  'integrity_suspension_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    flagId: uuid('flag_id').notNull(),
    siteId: uuid('site_id').notNull(),
    siteName: text('site_name').notNull(),
    regionCode: text('region_code').notNull(),
    months: integer('months').notNull(),
    reason: text('reason').notNull(),
    status: text('status').$type<'proposed'>().notNull(),
    proposedBy: uuid('proposed_by'),
    proposedByName: text('proposed_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('integrity_proposals_region_idx').on(t.regionCode)],
);

/** INT-5: the seats' registered devices and the site's network ranges. */
export const integritySiteRegisters = pgTable('integrity_site_registers', {
  siteId: uuid('site_id').primaryKey(),
  devices: jsonb('devices').$type<string[]>().notNull(),
  networks: jsonb('networks').$type<string[]>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedBy: uuid('updated_by'),
});

/** INT-6: what a remote patroller did: looked at a session, warned a candidate, cancelled a score. */
export const integrityPatrolActions = pgTable(
  'integrity_patrol_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<'patrolled' | 'warning' | 'cancellation'>().notNull(),
    sessionId: uuid('session_id').notNull(),
    paperId: uuid('paper_id'),
    workerId: uuid('worker_id'),
    regionCode: text('region_code').notNull(),
    reason: text('reason'),
    byUserId: uuid('by_user_id').notNull(),
    byName: text('by_name').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('integrity_patrol_region_idx').on(t.regionCode, t.at)],
);

/** INT-6: unannounced on-site proctoring — sessions drawn at random and what the visit found. */
export const integrityVisits = pgTable(
  'integrity_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id').notNull(),
    siteName: text('site_name').notNull(),
    regionCode: text('region_code').notNull(),
    drawnAt: timestamp('drawn_at', { withTimezone: true, mode: 'date' }).notNull(),
    drawnBy: uuid('drawn_by').notNull(),
    findings: text('findings'),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('integrity_visits_region_idx').on(t.regionCode)],
);

export type ScoreLevel = 'attempt' | 'session' | 'site';
export type ScoreGrade = 'high' | 'medium' | 'low';

/**
 * Issue 20: one calibrated score for every candidate, session and site (not only the flagged): the
 * detectors' p-values combined by the Cauchy combination test (detectors/combine.ts), the latest
 * scan's value per subject. The evidence lists each detector's p-value and statistic behind it.
 */
export const integrityScores = pgTable(
  'integrity_scores',
  {
    level: text('level').$type<ScoreLevel>().notNull(),
    /** Paper id, session id or site id. */
    subjectId: uuid('subject_id').notNull(),
    scanId: uuid('scan_id').notNull(),
    paperId: uuid('paper_id'),
    workerId: uuid('worker_id'),
    sessionId: uuid('session_id'),
    siteId: uuid('site_id').notNull(),
    siteName: text('site_name').notNull(),
    centreOrgId: uuid('centre_org_id').notNull(),
    regionCode: text('region_code').notNull(),
    itemCode: text('item_code'),
    sessionDate: text('session_date'),
    /** Combined p-value (clamped at 1e-300) and −log10 p at full range: the ranking key. */
    pValue: doublePrecision('p_value').notNull(),
    log10P: doublePrecision('log10_p').notNull(),
    /** Benjamini–Hochberg q-value among the scan's subjects of the same level. */
    qValue: doublePrecision('q_value').notNull(),
    grade: text('grade').$type<ScoreGrade>().notNull(),
    /** Attempts behind a session or site score. */
    attempts: integer('attempts').notNull().default(1),
    evidence: jsonb('evidence').$type<Array<Record<string, unknown>>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.level, t.subjectId] }),
    index('integrity_scores_rank_idx').on(t.level, t.log10P),
    index('integrity_scores_region_idx').on(t.regionCode),
  ],
);

/**
 * Issue 20: the items a site appears to have known in advance (pre-knowledge method), per site and
 * exam form (the bank / operation item), with each item's evidence, kept with the scan that found
 * them and shown with the vendor's own item ids; the other sites are rescored on them.
 */
export const integrityCompromisedItems = pgTable(
  'integrity_compromised_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scanId: uuid('scan_id').notNull(),
    siteId: uuid('site_id').notNull(),
    siteName: text('site_name').notNull(),
    centreOrgId: uuid('centre_org_id').notNull(),
    regionCode: text('region_code').notNull(),
    /** The exam form: the operation item's bank (its code). */
    itemCode: text('item_code').notNull(),
    /** The bank question id or the vendor item's id in exam_vendor_items. */
    questionId: text('question_id').notNull(),
    vendor: text('vendor'),
    vendorItemId: text('vendor_item_id'),
    z: doublePrecision('z').notNull(),
    pValue: doublePrecision('p_value').notNull(),
    responses: integer('responses').notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('integrity_compromised_site_idx').on(t.siteId, t.itemCode),
    index('integrity_compromised_scan_idx').on(t.scanId),
  ],
);
