CREATE TABLE "certificate_verification_counts" (
	"day" date NOT NULL,
	"region_code" text NOT NULL,
	"outcome" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "certificate_verification_counts_day_region_code_outcome_pk" PRIMARY KEY("day","region_code","outcome")
);
--> statement-breakpoint
CREATE TABLE "employer_sanction_states" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"until" text,
	"ref" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "injury_denominators" (
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"region_code" text NOT NULL,
	"dimension" text NOT NULL,
	"key" text NOT NULL,
	"n" integer NOT NULL,
	"as_of" date NOT NULL,
	CONSTRAINT "injury_denominators_period_from_period_to_region_code_dimension_key_pk" PRIMARY KEY("period_from","period_to","region_code","dimension","key")
);
--> statement-breakpoint
CREATE TABLE "injury_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"file_name" text NOT NULL,
	"row_count" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_injuries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"import_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"region_code" text NOT NULL,
	"occurred_on" date NOT NULL,
	"severity" text NOT NULL,
	"item_code" text NOT NULL,
	"description" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"age_at_injury" integer NOT NULL,
	"worker_id" uuid,
	"employer_credit_code" text NOT NULL,
	"employer_org_id" uuid,
	"employment_id" uuid,
	"employment_kind" text,
	"provider_credit_code" text,
	"provider_name" text,
	"certificate_id" uuid,
	"certificate_standing" text NOT NULL,
	"class_id" uuid,
	"institution_org_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "employer_draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"seed" bigint NOT NULL,
	"count" integer NOT NULL,
	"candidates" jsonb NOT NULL,
	"drawn" jsonb NOT NULL,
	"drawn_by" uuid NOT NULL,
	"drawn_by_name" text NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_site_ratings" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"grade" text NOT NULL,
	"points" integer NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "first_class_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"institution_org_id" uuid NOT NULL,
	"institution_name" text NOT NULL,
	"region_code" text NOT NULL,
	"class_id" uuid NOT NULL,
	"class_name" text NOT NULL,
	"item_code" text NOT NULL,
	"opens_on" date NOT NULL,
	"due_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institution_self_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"summary" text NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"rated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "third_party_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"assessor" text NOT NULL,
	"score" integer,
	"grade" text,
	"report_ref" text NOT NULL,
	"assessed_on" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "class_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"class_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"teaching" integer NOT NULL,
	"practical" integer NOT NULL,
	"honesty" integer NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "inspection_plan_entries_target_idx";--> statement-breakpoint
ALTER TABLE "enforcement_cases" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "enforcement_cases" ADD COLUMN "published_by" uuid;--> statement-breakpoint
ALTER TABLE "inspection_plan_entries" ADD COLUMN "source" text DEFAULT 'annual' NOT NULL;--> statement-breakpoint
ALTER TABLE "inspection_plan_entries" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "inspection_plan_entries" ADD COLUMN "draw_id" uuid;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "purpose" text DEFAULT 'full' NOT NULL;--> statement-breakpoint
ALTER TABLE "class_reviews" ADD CONSTRAINT "class_reviews_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "injury_imports_org_idx" ON "injury_imports" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "work_injuries_region_idx" ON "work_injuries" USING btree ("region_code","occurred_on");--> statement-breakpoint
CREATE INDEX "work_injuries_employer_idx" ON "work_injuries" USING btree ("employer_org_id","occurred_on");--> statement-breakpoint
CREATE INDEX "work_injuries_worker_idx" ON "work_injuries" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "work_injuries_institution_idx" ON "work_injuries" USING btree ("institution_org_id");--> statement-breakpoint
CREATE INDEX "work_injuries_import_idx" ON "work_injuries" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "employer_draws_org_year_idx" ON "employer_draws" USING btree ("org_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "first_class_inspections_institution_idx" ON "first_class_inspections" USING btree ("institution_org_id");--> statement-breakpoint
CREATE INDEX "first_class_inspections_region_idx" ON "first_class_inspections" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "institution_self_assessments_org_year" ON "institution_self_assessments" USING btree ("org_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "third_party_assessments_org_year" ON "third_party_assessments" USING btree ("org_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "class_reviews_class_worker" ON "class_reviews" USING btree ("class_id","worker_id");--> statement-breakpoint
CREATE INDEX "class_reviews_org_idx" ON "class_reviews" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_plan_entries_target_idx" ON "inspection_plan_entries" USING btree ("plan_id","target_id","source");