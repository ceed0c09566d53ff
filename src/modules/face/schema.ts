// Registered face photos and the evidence of every verification (TRN-2, TRN-3, EXM-5; SEC-3).
import { index, integer, jsonb, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One registered photo per worker. SEC-3: the photo (JPEG re-encoded without metadata) and its
 * descriptor are sealed with the personal-data vault; deleting the row is the person's deletion.
 */
export const faceEnrolments = pgTable('face_enrolments', {
  // No foreign key into the registry's table: a module owns its tables (ARCHITECTURE.md).
  workerId: uuid('worker_id').primaryKey(),
  /** Copied from the worker: the regulators' scope and the distribution column. */
  regionCode: text('region_code').notNull(),
  photoSealed: text('photo_sealed').notNull(),
  descriptorSealed: text('descriptor_sealed').notNull(),
  /** Which model made the descriptor; a different model's descriptor is recomputed from the photo. */
  modelVersion: text('model_version').notNull(),
  faceScore: real('face_score').notNull(),
  faceSize: integer('face_size').notNull(),
  enrolledAt: timestamp('enrolled_at', { withTimezone: true, mode: 'date' }).notNull(),
  enrolledByUserId: uuid('enrolled_by_user_id'),
  enrolledByOrgId: uuid('enrolled_by_org_id'),
});

/** Append-only evidence: why each check passed or failed, reviewable later by regulators. */
export const faceVerifications = pgTable(
  'face_verifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workerId: uuid('worker_id').notNull(),
    /** The worker's region (regulators' review scope); null only for a check without an actor on an unregistered face. */
    regionCode: text('region_code'),
    purpose: text('purpose').notNull(),
    /** The caller's own reference (a class session, an exam seat), when given. */
    reference: text('reference'),
    outcome: text('outcome').notNull(),
    similarity: real('similarity'),
    /** Every threshold the decision used: match, real, live, face size and score. */
    thresholds: jsonb('thresholds').$type<Record<string, number>>().notNull(),
    /** Scores of the decisive face (detector, face, real, live) and how many faces were found. */
    scores: jsonb('scores').$type<Record<string, number | null>>().notNull(),
    facesFound: integer('faces_found').notNull(),
    /** A score the client sent, kept as given for review; it never enters the decision. */
    clientScore: real('client_score'),
    /** SHA-256 of the uploaded bytes, and the analysed capture sealed (SEC-3). */
    imageSha256: text('image_sha256').notNull(),
    imageSealed: text('image_sealed').notNull(),
    modelVersion: text('model_version').notNull(),
    /** When the registered photo compared against was taken (null when nothing was compared). */
    enrolledAt: timestamp('enrolled_at', { withTimezone: true, mode: 'date' }),
    durationMs: integer('duration_ms').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name').notNull(),
    actorOrgId: uuid('actor_org_id'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('face_verifications_worker_idx').on(t.workerId, t.at),
    index('face_verifications_region_idx').on(t.regionCode),
  ],
);
