CREATE TABLE "institution_teachers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"kinds" jsonb NOT NULL,
	"full_time" boolean NOT NULL,
	"category_codes" jsonb NOT NULL,
	"education" text,
	"practice_years" integer,
	"labour_contract" boolean,
	"retired" boolean,
	"registered_safety_engineer" boolean NOT NULL,
	"senior_title" boolean NOT NULL,
	"intermediate_skill_certificate" boolean NOT NULL,
	"certificates" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "facts" jsonb;--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "conditions" jsonb;--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "return_reason" text;--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "filed_by" uuid;--> statement-breakpoint
CREATE INDEX "institution_teachers_org_idx" ON "institution_teachers" USING btree ("org_id");