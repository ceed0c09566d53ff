// TRN-3: online courses and lessons, learning sessions credited from server-side heartbeats,
// and the random portrait captures taken during learning.
import { bigint, index, integer, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const courses = pgTable(
  'learning_courses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    regionCode: text('region_code').notNull(),
    itemCode: text('item_code').notNull(),
    title: text('title').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('learning_courses_org_idx').on(t.orgId)],
);

export const lessons = pgTable(
  'learning_lessons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id),
    title: text('title').notNull(),
    /** A video URL or an uploaded file's reference; null = a demo lesson with a duration only. */
    videoUrl: text('video_url'),
    durationSeconds: integer('duration_seconds').notNull(),
    /** The syllabus topic the lesson teaches (大纲内容). */
    topic: text('topic').notNull(),
    ordinal: integer('ordinal').notNull(),
  },
  (t) => [index('learning_lessons_course_idx').on(t.courseId)],
);

/** A course assigned to a class: its trainees may learn its lessons for the class's online theory. */
export const courseClasses = pgTable(
  'learning_course_classes',
  {
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id),
    classId: uuid('class_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.classId] }), index('learning_course_classes_class_idx').on(t.classId)],
);

export const learningSessions = pgTable(
  'learning_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workerId: uuid('worker_id').notNull(),
    classId: uuid('class_id').notNull(),
    lessonId: uuid('lesson_id')
      .notNull()
      .references(() => lessons.id),
    /** active | idle_locked | superseded (a later login) | ended */
    state: text('state').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Server time of the last accepted heartbeat: credit never exceeds the time since. */
    lastBeatAt: timestamp('last_beat_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastInteractionAt: timestamp('last_interaction_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastPosition: real('last_position').notNull(),
    furthestPosition: real('furthest_position').notNull(),
    creditedMs: bigint('credited_ms', { mode: 'number' }).notNull(),
    refusedBeats: integer('refused_beats').notNull(),
    captureDueAt: timestamp('capture_due_at', { withTimezone: true, mode: 'date' }),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('learning_sessions_worker_idx').on(t.workerId, t.state),
    index('learning_sessions_class_idx').on(t.classId),
  ],
);

export const learningCaptures = pgTable(
  'learning_captures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => learningSessions.id),
    workerId: uuid('worker_id').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    /** SEC-3: the portrait is kept sealed, with the face engine's verdict. */
    portraitSealed: text('portrait_sealed').notNull(),
    outcome: text('outcome').notNull(),
    similarity: real('similarity'),
  },
  (t) => [index('learning_captures_session_idx').on(t.sessionId)],
);

/** TRN-3 互动: a trainee's question to the teachers of the class, answered by the institution. */
export const learningQuestions = pgTable(
  'learning_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    classId: uuid('class_id').notNull(),
    workerId: uuid('worker_id').notNull(),
    lessonId: uuid('lesson_id'),
    question: text('question').notNull(),
    askedAt: timestamp('asked_at', { withTimezone: true, mode: 'date' }).notNull(),
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'date' }),
    answeredBy: uuid('answered_by'),
  },
  (t) => [index('learning_questions_class_idx').on(t.classId)],
);
