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
ALTER TABLE "exam_questions" ADD COLUMN "province_code" text;--> statement-breakpoint
ALTER TABLE "integrity_flags" ADD COLUMN "centre_explanation" text;--> statement-breakpoint
ALTER TABLE "integrity_flags" ADD COLUMN "centre_explained_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "integrity_flags" ADD COLUMN "centre_explained_by_name" text;--> statement-breakpoint
CREATE INDEX "exam_blueprint_versions_lookup_idx" ON "exam_blueprint_versions" USING btree ("item_code","province_code","effective_from");--> statement-breakpoint
CREATE INDEX "exam_door_holds_booking_idx" ON "exam_door_holds" USING btree ("booking_id");--> statement-breakpoint
CREATE INDEX "exam_door_holds_region_idx" ON "exam_door_holds" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "exam_question_proposals_province_idx" ON "exam_question_proposals" USING btree ("province_code","status");--> statement-breakpoint
ALTER TABLE "exam_questions" ADD CONSTRAINT "exam_questions_province_version_unique" UNIQUE NULLS NOT DISTINCT("province_code","item_code","key","version");--> statement-breakpoint
-- custom: gov-exam
-- 考培分离: the one blueprint each item had becomes the national default's first version, in force for every date.
INSERT INTO "exam_blueprint_versions" ("province_code", "item_code", "version", "effective_from", "sections", "time_limit_minutes", "theory_pass_mark", "practical_pass_mark", "note", "created_at")
SELECT NULL, "item_code", "version", DATE '2000-01-01', "sections", "time_limit_minutes", GREATEST("theory_pass_mark", 80), GREATEST("practical_pass_mark", 80), '由原组卷规则迁移', "updated_at" FROM "exam_blueprints";
