// Training classes (TRN-1), their trainees and schedule, face-checked attendance (TRN-2) from which
// the hours ledger (TRN-4) is computed.
import {
  boolean,
  index,
  jsonb,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const trainingClasses = pgTable(
  'training_classes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    itemCode: text('item_code').notNull(),
    /**
     * initial: training for the certificate exam (TRN-5); review: the ≥ 8 学时 safety training before a
     * certificate's review (复审, CER-4, NATIONAL.md Order 30 art. 21), which never entitles anyone to the exam.
     */
    kind: text('kind').$type<'initial' | 'review'>().notNull().default('initial'),
    name: text('name').notNull(),
    /** 开班: the 48-hour filing window runs from here (TRN-1). */
    opensAt: timestamp('opens_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Syllabus hours of the item when the class opened (CAT-2), so a later change does not move the goalposts. */
    syllabusTheoryHours: integer('syllabus_theory_hours').notNull(),
    syllabusPracticalHours: integer('syllabus_practical_hours').notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true, mode: 'date' }),
    /** Set when filed more than 48 h after the class really began (TRN-1): counts against the institution. */
    filedLate: boolean('filed_late'),
    /**
     * TRN-1: the start of the earliest scheduled session. The 48 h filing window runs from here, not
     * from the self-declared `opensAt`, so declaring a late opening does not hide a late filing.
     */
    firstSessionAt: timestamp('first_session_at', { withTimezone: true, mode: 'date' }),
    /** Teaching materials used (教材与课件目录), part of the class archive (一期一档). */
    materials: jsonb('materials').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** TRN-5 (seed 000 §8): a regulator found the class archive false; its hours no longer entitle anyone to the exam. */
    archiveFalseAt: timestamp('archive_false_at', { withTimezone: true, mode: 'date' }),
    archiveFalseReason: text('archive_false_reason'),
    archiveFalseBy: uuid('archive_false_by'),
  },
  (t) => [index('training_classes_org_idx').on(t.orgId), index('training_classes_region_idx').on(t.regionCode)],
);

export const classEnrolments = pgTable(
  'class_enrolments',
  {
    classId: uuid('class_id')
      .notNull()
      .references(() => trainingClasses.id),
    workerId: uuid('worker_id').notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** TRN-5: the trainee asked to sit the exam, accepted only once the hours were met. */
    examRequestedAt: timestamp('exam_requested_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.classId, t.workerId] }), index('class_enrolments_worker_idx').on(t.workerId)],
);

export const classSessions = pgTable(
  'class_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    classId: uuid('class_id')
      .notNull()
      .references(() => trainingClasses.id),
    /** theory | practical */
    subject: text('subject').notNull(),
    /** offline | online (practical is offline only, TRN-4) */
    mode: text('mode').notNull(),
    topic: text('topic').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'date' }).notNull(),
    /**
     * INS-4: the institution's teacher who teaches it, checked against the platform register when the
     * session is scheduled and again at each check-in. Null only on sessions scheduled before this rule.
     */
    teacherId: uuid('teacher_id'),
    teacherName: text('teacher_name'),
  },
  (t) => [index('class_sessions_class_idx').on(t.classId)],
);

export const attendance = pgTable(
  'attendance',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => classSessions.id),
    workerId: uuid('worker_id').notNull(),
    checkInAt: timestamp('check_in_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** TRN-2: the captured portrait, sealed (SEC-3), and what the face engine said about it. */
    checkInPortraitSealed: text('check_in_portrait_sealed').notNull(),
    checkInOutcome: text('check_in_outcome').notNull(),
    checkInSimilarity: real('check_in_similarity'),
    checkOutAt: timestamp('check_out_at', { withTimezone: true, mode: 'date' }),
    checkOutPortraitSealed: text('check_out_portrait_sealed'),
    checkOutOutcome: text('check_out_outcome'),
    checkOutSimilarity: real('check_out_similarity'),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.workerId] }), index('attendance_worker_idx').on(t.workerId)],
);

/** TRN-5: the class's exam application, submitted by the institution for the trainees whose hours are met. */
export const examApplications = pgTable(
  'exam_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    classId: uuid('class_id')
      .notNull()
      .references(() => trainingClasses.id)
      .unique(),
    regionCode: text('region_code').notNull(),
    workerIds: jsonb('worker_ids').$type<string[]>().notNull(),
    /** submitted → cancelled (the class archive found false, seed 000 §8) */
    status: text('status').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date' }),
    cancelReason: text('cancel_reason'),
  },
  (t) => [index('exam_applications_region_idx').on(t.regionCode)],
);

/** TRN-6: a candidate whose vocational education matches the item applies for the exam without a class. */
export const directRegistrations = pgTable(
  'direct_registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workerId: uuid('worker_id').notNull(),
    regionCode: text('region_code').notNull(),
    itemCode: text('item_code').notNull(),
    /** The evidence as submitted: school, major, graduation date, diploma number. */
    evidence: jsonb('evidence')
      .$type<{ school: string; major: string; graduatedOn: string; diplomaNumber: string }>()
      .notNull(),
    /** submitted → approved | rejected (with a reason) */
    status: text('status').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'date' }),
    reviewedBy: uuid('reviewed_by'),
    reason: text('reason'),
  },
  (t) => [index('direct_registrations_region_idx').on(t.regionCode, t.status)],
);

/**
 * TRN-3/TRN-4: online theory minutes credited by the learning platform from server-side heartbeats,
 * one row per learning session (the source), so the ledger can sum them beside attendance.
 */
export const onlineCredits = pgTable(
  'online_credits',
  {
    sourceId: uuid('source_id').primaryKey(),
    classId: uuid('class_id')
      .notNull()
      .references(() => trainingClasses.id),
    workerId: uuid('worker_id').notNull(),
    seconds: integer('seconds').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('online_credits_class_idx').on(t.classId, t.workerId)],
);

/**
 * INS-5 学员网上评议: a trainee's one review of a class after it ended. The institution reads the
 * scores and comments without the trainee's identity; `workerId` only enforces one review each.
 */
export const classReviews = pgTable(
  'class_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    classId: uuid('class_id')
      .notNull()
      .references(() => trainingClasses.id),
    orgId: uuid('org_id').notNull(),
    workerId: uuid('worker_id').notNull(),
    teaching: integer('teaching').notNull(),
    practical: integer('practical').notNull(),
    honesty: integer('honesty').notNull(),
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    uniqueIndex('class_reviews_class_worker').on(t.classId, t.workerId),
    index('class_reviews_org_idx').on(t.orgId, t.createdAt),
  ],
);
