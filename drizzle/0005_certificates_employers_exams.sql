CREATE TABLE "certificate_authority_settings" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"deadline_working_days" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_calendar_days" (
	"org_id" uuid NOT NULL,
	"day" date NOT NULL,
	"working" boolean NOT NULL,
	"note" text NOT NULL,
	CONSTRAINT "certificate_calendar_days_org_id_day_pk" PRIMARY KEY("org_id","day")
);
--> statement-breakpoint
CREATE TABLE "certificate_reminders" (
	"certificate_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"concerns_date" date NOT NULL,
	"worker_id" uuid NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "certificate_reminders_certificate_id_kind_concerns_date_pk" PRIMARY KEY("certificate_id","kind","concerns_date")
);
--> statement-breakpoint
CREATE TABLE "certificate_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"kind" text NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"applied_by_name" text NOT NULL,
	"health_declaration" text NOT NULL,
	"work_record" text NOT NULL,
	"retraining_hours" integer NOT NULL,
	"retraining_exam_passed" boolean NOT NULL,
	"retraining_evidence" text NOT NULL,
	"ten_year_compliance" boolean NOT NULL,
	"status" text NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by_name" text,
	"refusal_ground" text,
	"retraining_allowed" boolean,
	"six_year_granted" boolean,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"item_code" text NOT NULL,
	"item_name" text NOT NULL,
	"category_code" text NOT NULL,
	"category_name" text NOT NULL,
	"worker_id" uuid NOT NULL,
	"holder_name" text NOT NULL,
	"holder_gender" text,
	"holder_birth_date" date,
	"id_number_masked" text NOT NULL,
	"region_code" text NOT NULL,
	"authority_org_id" uuid NOT NULL,
	"authority_name" text NOT NULL,
	"authority_credit_code" text,
	"task_id" uuid,
	"issued_on" date NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date NOT NULL,
	"next_review_due" date,
	"review_interval_years" integer NOT NULL,
	"state" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"state_note" text,
	"status_seq" bigserial NOT NULL,
	"credential" text,
	"credential_kid" text,
	"replacements" integer DEFAULT 0 NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issuance_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"result_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"item_code" text NOT NULL,
	"region_code" text NOT NULL,
	"authority_org_id" uuid NOT NULL,
	"passed_at" timestamp with time zone NOT NULL,
	"received_on" date NOT NULL,
	"deadline_working_days" integer NOT NULL,
	"due_on" date NOT NULL,
	"status" text NOT NULL,
	"return_reason" text,
	"decided_at" timestamp with time zone,
	"decided_by_name" text,
	"certificate_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "issuance_tasks_result_id_unique" UNIQUE("result_id")
);
--> statement-breakpoint
CREATE TABLE "certificate_signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"org_id" uuid,
	"public_jwk" jsonb NOT NULL,
	"private_sealed" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "certificate_verification_misses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"name_masked" text NOT NULL,
	"reason" text NOT NULL,
	"region_code" text,
	"client_ip" text NOT NULL,
	"user_agent" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employer_case_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"employer_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"employment_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"worker_name" text NOT NULL,
	"item_code" text NOT NULL,
	"ground" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "employer_certificate_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"employer_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"number" text NOT NULL,
	"holder_name_masked" text NOT NULL,
	"result" text NOT NULL,
	"item_code" text,
	"valid_until" date,
	"checked_by" uuid NOT NULL,
	"checked_by_name" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employer_import_rows" (
	"import_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"new_worker" jsonb,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"provider_name" text,
	"item_codes" jsonb NOT NULL,
	"hired_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employer_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"employer_org_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"status" text NOT NULL,
	"total" integer NOT NULL,
	"processed" integer NOT NULL,
	"errors" jsonb NOT NULL,
	"new_workers" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"imported_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "employments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"employer_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"worker_id" uuid NOT NULL,
	"worker_name" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"kind" text NOT NULL,
	"provider_name" text,
	"provider_credit_code" text,
	"item_codes" jsonb NOT NULL,
	"hired_on" date NOT NULL,
	"filing_due_on" date NOT NULL,
	"filed_at" timestamp with time zone,
	"filed_on" date,
	"filed_by" uuid,
	"ended_on" date,
	"end_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"import_id" uuid
);
--> statement-breakpoint
CREATE TABLE "employer_training_plan_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"employer_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"item_code" text NOT NULL,
	"purpose" text NOT NULL,
	"headcount" integer NOT NULL,
	"planned_from" date NOT NULL,
	"planned_to" date NOT NULL,
	"class_id" uuid,
	"note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_attempt_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"vendor" text NOT NULL,
	"format" text NOT NULL,
	"attempts_created" integer NOT NULL,
	"attempts_failed" integer NOT NULL,
	"report" jsonb NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	"imported_by" uuid
);
--> statement-breakpoint
CREATE TABLE "exam_staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_sealed" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"duties" jsonb NOT NULL,
	"employer" text NOT NULL,
	"training" jsonb NOT NULL,
	"certificates" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_staff_user_id_unique" UNIQUE("user_id"),
	CONSTRAINT "exam_staff_centre_person_unique" UNIQUE("centre_org_id","id_number_hash")
);
--> statement-breakpoint
CREATE TABLE "exam_vendor_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vendor" text NOT NULL,
	"vendor_item_id" text NOT NULL,
	"item_code" text NOT NULL,
	"answer" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_vendor_items_unique" UNIQUE("vendor","vendor_item_id","item_code")
);
--> statement-breakpoint
ALTER TABLE "exam_final_answers" ADD COLUMN "response_seconds" real;--> statement-breakpoint
ALTER TABLE "exam_papers" ADD COLUMN "source" text DEFAULT 'native' NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_papers" ADD COLUMN "vendor" text;--> statement-breakpoint
ALTER TABLE "exam_papers" ADD COLUMN "import_id" uuid;--> statement-breakpoint
ALTER TABLE "institution_teachers" ADD COLUMN "id_number_hash" text;--> statement-breakpoint
ALTER TABLE "institution_teachers" ADD COLUMN "id_number_sealed" text;--> statement-breakpoint
ALTER TABLE "institution_teachers" ADD COLUMN "id_number_masked" text;--> statement-breakpoint
ALTER TABLE "exam_applications" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_applications" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "training_classes" ADD COLUMN "archive_false_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "training_classes" ADD COLUMN "archive_false_reason" text;--> statement-breakpoint
ALTER TABLE "training_classes" ADD COLUMN "archive_false_by" uuid;--> statement-breakpoint
CREATE INDEX "certificate_reminders_worker_idx" ON "certificate_reminders" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "certificate_reviews_certificate_idx" ON "certificate_reviews" USING btree ("certificate_id");--> statement-breakpoint
CREATE INDEX "certificates_number_idx" ON "certificates" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_active_item_uq" ON "certificates" USING btree ("number","item_code") WHERE state = 'active';--> statement-breakpoint
CREATE INDEX "certificates_worker_idx" ON "certificates" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "certificates_region_idx" ON "certificates" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "certificates_authority_idx" ON "certificates" USING btree ("authority_org_id");--> statement-breakpoint
CREATE INDEX "certificates_status_seq_idx" ON "certificates" USING btree ("status_seq");--> statement-breakpoint
CREATE INDEX "issuance_tasks_authority_idx" ON "issuance_tasks" USING btree ("authority_org_id","status","due_on");--> statement-breakpoint
CREATE INDEX "issuance_tasks_region_idx" ON "issuance_tasks" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "certificate_verification_misses_region_idx" ON "certificate_verification_misses" USING btree ("region_code","at");--> statement-breakpoint
CREATE INDEX "certificate_verification_misses_number_idx" ON "certificate_verification_misses" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "employer_case_proposals_once" ON "employer_case_proposals" USING btree ("employment_id","item_code","ground");--> statement-breakpoint
CREATE INDEX "employer_case_proposals_region_idx" ON "employer_case_proposals" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "employer_certificate_checks_org_idx" ON "employer_certificate_checks" USING btree ("employer_org_id","checked_at");--> statement-breakpoint
CREATE INDEX "employer_certificate_checks_number_idx" ON "employer_certificate_checks" USING btree ("number");--> statement-breakpoint
CREATE INDEX "employer_import_rows_import_idx" ON "employer_import_rows" USING btree ("import_id","row_number");--> statement-breakpoint
CREATE INDEX "employer_imports_org_idx" ON "employer_imports" USING btree ("employer_org_id");--> statement-breakpoint
CREATE INDEX "employments_employer_idx" ON "employments" USING btree ("employer_org_id");--> statement-breakpoint
CREATE INDEX "employments_worker_idx" ON "employments" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "employments_region_idx" ON "employments" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "employments_due_idx" ON "employments" USING btree ("filing_due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "employments_current_unique" ON "employments" USING btree ("employer_org_id","worker_id") WHERE ended_on is null;--> statement-breakpoint
CREATE INDEX "employer_training_plan_org_idx" ON "employer_training_plan_lines" USING btree ("employer_org_id","year");--> statement-breakpoint
CREATE INDEX "exam_staff_id_hash_idx" ON "exam_staff" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "institution_teachers_id_hash_idx" ON "institution_teachers" USING btree ("id_number_hash");