CREATE TABLE "learning_course_classes" (
	"course_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	CONSTRAINT "learning_course_classes_course_id_class_id_pk" PRIMARY KEY("course_id","class_id")
);
--> statement-breakpoint
CREATE TABLE "learning_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"item_code" text NOT NULL,
	"title" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_captures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"portrait_sealed" text NOT NULL,
	"outcome" text NOT NULL,
	"similarity" real
);
--> statement-breakpoint
CREATE TABLE "learning_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"class_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"lesson_id" uuid,
	"question" text NOT NULL,
	"asked_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid
);
--> statement-breakpoint
CREATE TABLE "learning_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"worker_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"lesson_id" uuid NOT NULL,
	"state" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_beat_at" timestamp with time zone NOT NULL,
	"last_interaction_at" timestamp with time zone NOT NULL,
	"last_position" real NOT NULL,
	"furthest_position" real NOT NULL,
	"credited_ms" bigint NOT NULL,
	"refused_beats" integer NOT NULL,
	"capture_due_at" timestamp with time zone,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "learning_lessons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"title" text NOT NULL,
	"video_url" text,
	"duration_seconds" integer NOT NULL,
	"topic" text NOT NULL,
	"ordinal" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "online_credits" (
	"source_id" uuid PRIMARY KEY NOT NULL,
	"class_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"seconds" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "learning_course_classes" ADD CONSTRAINT "learning_course_classes_course_id_learning_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."learning_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_captures" ADD CONSTRAINT "learning_captures_session_id_learning_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."learning_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_sessions" ADD CONSTRAINT "learning_sessions_lesson_id_learning_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."learning_lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_lessons" ADD CONSTRAINT "learning_lessons_course_id_learning_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."learning_courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "online_credits" ADD CONSTRAINT "online_credits_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "learning_course_classes_class_idx" ON "learning_course_classes" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "learning_courses_org_idx" ON "learning_courses" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "learning_captures_session_idx" ON "learning_captures" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "learning_questions_class_idx" ON "learning_questions" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "learning_sessions_worker_idx" ON "learning_sessions" USING btree ("worker_id","state");--> statement-breakpoint
CREATE INDEX "learning_sessions_class_idx" ON "learning_sessions" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "learning_lessons_course_idx" ON "learning_lessons" USING btree ("course_id");--> statement-breakpoint
CREATE INDEX "online_credits_class_idx" ON "online_credits" USING btree ("class_id","worker_id");