CREATE TABLE "exam_answer_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"paper_id" uuid NOT NULL,
	"client_seq" integer NOT NULL,
	"kind" text NOT NULL,
	"position" integer,
	"selected" jsonb,
	"client_at" timestamp with time zone,
	"server_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_answer_events_client_seq_unique" UNIQUE("paper_id","client_seq")
);
--> statement-breakpoint
CREATE TABLE "exam_blueprints" (
	"item_code" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"sections" jsonb NOT NULL,
	"time_limit_minutes" integer NOT NULL,
	"theory_pass_mark" integer NOT NULL,
	"practical_pass_mark" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"session_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"applicant_org_id" uuid,
	"attempt" text NOT NULL,
	"status" text NOT NULL,
	"eligibility" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"door_check" jsonb,
	"checked_in_at" timestamp with time zone,
	CONSTRAINT "exam_bookings_session_worker_unique" UNIQUE("session_id","worker_id")
);
--> statement-breakpoint
CREATE TABLE "exam_final_answers" (
	"paper_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"question_id" uuid NOT NULL,
	"selected" jsonb NOT NULL,
	"correct" boolean NOT NULL,
	"points" real NOT NULL,
	CONSTRAINT "exam_final_answers_paper_id_position_pk" PRIMARY KEY("paper_id","position")
);
--> statement-breakpoint
CREATE TABLE "exam_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"session_id" uuid NOT NULL,
	"booking_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"detail" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_papers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"blueprint_version" integer NOT NULL,
	"questions" jsonb NOT NULL,
	"pass_mark" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"score" real,
	"passed" boolean,
	CONSTRAINT "exam_papers_booking_id_unique" UNIQUE("booking_id")
);
--> statement-breakpoint
CREATE TABLE "exam_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"regulator_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"title" text NOT NULL,
	"lines" jsonb NOT NULL,
	"status" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "exam_practical_sheets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"examiner_user_id" uuid NOT NULL,
	"examiner_name" text NOT NULL,
	"subjects" jsonb NOT NULL,
	"total" real NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_practical_sheets_examiner_unique" UNIQUE("booking_id","examiner_user_id")
);
--> statement-breakpoint
CREATE TABLE "exam_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_code" text NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"current" boolean NOT NULL,
	"kind" text NOT NULL,
	"knowledge_point" text NOT NULL,
	"difficulty" integer NOT NULL,
	"stem" text NOT NULL,
	"options" jsonb NOT NULL,
	"answer" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "exam_questions_version_unique" UNIQUE("item_code","key","version")
);
--> statement-breakpoint
CREATE TABLE "exam_results" (
	"booking_id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"region_code" text NOT NULL,
	"attempt" text NOT NULL,
	"theory_score" real,
	"practical_score" real,
	"theory_pass_mark" integer NOT NULL,
	"practical_pass_mark" integer NOT NULL,
	"theory_passed" boolean NOT NULL,
	"practical_passed" boolean NOT NULL,
	"passed" boolean NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_session_archive" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"reference" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "exam_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"item_code" text NOT NULL,
	"date" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"region_code" text NOT NULL,
	"operator_org_id" uuid,
	"rooms" jsonb NOT NULL,
	"stations" jsonb NOT NULL,
	"item_codes" jsonb NOT NULL,
	"acceptance" jsonb,
	"accepted_at" timestamp with time zone,
	"facilities_failed_at" timestamp with time zone,
	"cheating_confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "exam_bookings_worker_idx" ON "exam_bookings" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "exam_questions_item_idx" ON "exam_questions" USING btree ("item_code","current");--> statement-breakpoint
CREATE INDEX "exam_session_archive_session_idx" ON "exam_session_archive" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "exam_sessions_site_idx" ON "exam_sessions" USING btree ("site_id","date");--> statement-breakpoint
CREATE INDEX "exam_sites_region_idx" ON "exam_sites" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "exam_sites_centre_idx" ON "exam_sites" USING btree ("centre_org_id");