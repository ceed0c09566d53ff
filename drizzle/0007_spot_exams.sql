CREATE TABLE "spot_exams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"token_hash" text,
	"inspection_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"org_name" text NOT NULL,
	"inspector_user_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"target_name" text NOT NULL,
	"worker_id" uuid NOT NULL,
	"worker_name" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"certificate_number_masked" text,
	"item_code" text NOT NULL,
	"item_name" text NOT NULL,
	"employer_org_id" uuid,
	"employer_name" text,
	"institution_org_id" uuid,
	"institution_name" text,
	"training_class_id" uuid,
	"site_id" uuid,
	"site_name" text,
	"centre_org_id" uuid,
	"questions" jsonb NOT NULL,
	"answers" jsonb,
	"status" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"code_expires_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"deadline_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"correct" integer,
	"score" integer,
	"passed" boolean
);
--> statement-breakpoint
CREATE UNIQUE INDEX "spot_exams_code_idx" ON "spot_exams" USING btree ("code");--> statement-breakpoint
CREATE INDEX "spot_exams_inspection_idx" ON "spot_exams" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "spot_exams_region_idx" ON "spot_exams" USING btree ("region_code","issued_at");--> statement-breakpoint
CREATE INDEX "spot_exams_employer_idx" ON "spot_exams" USING btree ("employer_org_id");--> statement-breakpoint
CREATE INDEX "spot_exams_worker_idx" ON "spot_exams" USING btree ("worker_id");