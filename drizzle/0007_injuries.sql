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
CREATE INDEX "injury_imports_org_idx" ON "injury_imports" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "work_injuries_region_idx" ON "work_injuries" USING btree ("region_code","occurred_on");--> statement-breakpoint
CREATE INDEX "work_injuries_employer_idx" ON "work_injuries" USING btree ("employer_org_id","occurred_on");--> statement-breakpoint
CREATE INDEX "work_injuries_worker_idx" ON "work_injuries" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "work_injuries_institution_idx" ON "work_injuries" USING btree ("institution_org_id");--> statement-breakpoint
CREATE INDEX "work_injuries_import_idx" ON "work_injuries" USING btree ("import_id");