CREATE TABLE "bulk_import_problems" (
	"import_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"seq" integer NOT NULL,
	"field" text NOT NULL,
	"message" text NOT NULL,
	CONSTRAINT "bulk_import_problems_import_id_row_no_seq_pk" PRIMARY KEY("import_id","row_no","seq")
);
--> statement-breakpoint
CREATE TABLE "bulk_import_rows" (
	"import_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "bulk_import_rows_import_id_row_no_pk" PRIMARY KEY("import_id","row_no")
);
--> statement-breakpoint
CREATE TABLE "bulk_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"org_id" uuid,
	"region_code" text,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"stored_path" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"status" text NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"committed_rows" integer DEFAULT 0 NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"message" text,
	"report" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"checked_at" timestamp with time zone,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "province_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"effective_from" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"recorded_by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "national_query_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"name_hash" text NOT NULL,
	"found" boolean NOT NULL,
	"records" jsonb NOT NULL,
	"source_name" text NOT NULL,
	"source_address" text NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_blueprint_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text,
	"item_code" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"sections" jsonb NOT NULL,
	"time_limit_minutes" integer NOT NULL,
	"theory_pass_mark" integer NOT NULL,
	"practical_pass_mark" integer NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	CONSTRAINT "exam_blueprint_versions_unique" UNIQUE NULLS NOT DISTINCT("province_code","item_code","version")
);
--> statement-breakpoint
CREATE TABLE "exam_door_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"booking_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"ground" text NOT NULL,
	"photo_sealed" text NOT NULL,
	"check" jsonb NOT NULL,
	"status" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"held_by" uuid NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_by_name" text,
	"decision_reason" text
);
--> statement-breakpoint
CREATE TABLE "exam_question_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"centre_name" text NOT NULL,
	"province_code" text NOT NULL,
	"item_code" text NOT NULL,
	"question" jsonb NOT NULL,
	"reason" text,
	"status" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_by_name" text NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_by_name" text,
	"decision_note" text,
	"question_id" uuid
);
--> statement-breakpoint
CREATE TABLE "exam_reference_photos" (
	"booking_id" uuid PRIMARY KEY NOT NULL,
	"worker_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"photo_sealed" text NOT NULL,
	"basis" text NOT NULL,
	"taken_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exam_questions" DROP CONSTRAINT "exam_questions_version_unique";--> statement-breakpoint
ALTER TABLE "certificate_reviews" ADD COLUMN "decision_due_on" date;--> statement-breakpoint
ALTER TABLE "certificate_reviews" ADD COLUMN "decided_late" boolean;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "origin" text DEFAULT 'native' NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "origin_recorded_on" date;--> statement-breakpoint
ALTER TABLE "employer_certificate_checks" ADD COLUMN "source" text DEFAULT 'platform' NOT NULL;--> statement-breakpoint
ALTER TABLE "employer_certificate_checks" ADD COLUMN "source_name" text;--> statement-breakpoint
ALTER TABLE "employer_certificate_checks" ADD COLUMN "source_answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "employer_certificate_checks" ADD COLUMN "national_unavailable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_questions" ADD COLUMN "province_code" text;--> statement-breakpoint
ALTER TABLE "integrity_flags" ADD COLUMN "centre_explanation" text;--> statement-breakpoint
ALTER TABLE "integrity_flags" ADD COLUMN "centre_explained_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "integrity_flags" ADD COLUMN "centre_explained_by_name" text;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD COLUMN "teacher_id" uuid;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD COLUMN "teacher_name" text;--> statement-breakpoint
ALTER TABLE "training_classes" ADD COLUMN "first_session_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "bulk_imports_kind_idx" ON "bulk_imports" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "province_settings_lookup_idx" ON "province_settings" USING btree ("province_code","kind","key","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "national_query_answers_key" ON "national_query_answers" USING btree ("number","name_hash");--> statement-breakpoint
CREATE INDEX "national_query_answers_expires_idx" ON "national_query_answers" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "exam_blueprint_versions_lookup_idx" ON "exam_blueprint_versions" USING btree ("item_code","province_code","effective_from");--> statement-breakpoint
CREATE INDEX "exam_door_holds_booking_idx" ON "exam_door_holds" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "exam_door_holds_region_idx" ON "exam_door_holds" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "exam_question_proposals_province_idx" ON "exam_question_proposals" USING btree ("province_code","status");--> statement-breakpoint
CREATE INDEX "certificate_reviews_pending_due_idx" ON "certificate_reviews" USING btree ("decision_due_on") WHERE status = 'pending';--> statement-breakpoint
ALTER TABLE "exam_questions" ADD CONSTRAINT "exam_questions_province_version_unique" UNIQUE NULLS NOT DISTINCT("province_code","item_code","key","version");
--> statement-breakpoint
-- custom: gov-exam
-- 考培分离: the one blueprint each item had becomes the national default's first version, in force for every date.
INSERT INTO "exam_blueprint_versions" ("province_code", "item_code", "version", "effective_from", "sections", "time_limit_minutes", "theory_pass_mark", "practical_pass_mark", "note", "created_at")
SELECT NULL, "item_code", "version", DATE '2000-01-01', "sections", "time_limit_minutes", GREATEST("theory_pass_mark", 80), GREATEST("practical_pass_mark", 80), '由原组卷规则迁移', "updated_at" FROM "exam_blueprints";

--> statement-breakpoint
-- custom: gov-training
-- TRN-1: classes that already have sessions measure their filing window from the first of them.
UPDATE "training_classes" c SET "first_session_at" = s.first FROM (SELECT "class_id", min("starts_at") AS first FROM "class_sessions" GROUP BY "class_id") s WHERE s."class_id" = c."id";

--> statement-breakpoint
-- custom: rollout-national
-- CER-4: reviews already pending get their 20-working-day decision deadline, approximated as 28
-- calendar days (4 weeks of 5 working days; holidays on the authority's calendar are not counted here).
UPDATE "certificate_reviews" SET "decision_due_on" = (("applied_at" AT TIME ZONE 'Asia/Shanghai')::date + 28) WHERE "decision_due_on" IS NULL;
