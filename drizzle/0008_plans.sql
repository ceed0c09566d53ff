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
DROP INDEX "inspection_plan_entries_target_idx";--> statement-breakpoint
ALTER TABLE "inspection_plan_entries" ADD COLUMN "source" text DEFAULT 'annual' NOT NULL;--> statement-breakpoint
ALTER TABLE "inspection_plan_entries" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "inspection_plan_entries" ADD COLUMN "draw_id" uuid;--> statement-breakpoint
ALTER TABLE "inspections" ADD COLUMN "purpose" text DEFAULT 'full' NOT NULL;--> statement-breakpoint
CREATE INDEX "employer_draws_org_year_idx" ON "employer_draws" USING btree ("org_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "first_class_inspections_institution_idx" ON "first_class_inspections" USING btree ("institution_org_id");--> statement-breakpoint
CREATE INDEX "first_class_inspections_region_idx" ON "first_class_inspections" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_plan_entries_target_idx" ON "inspection_plan_entries" USING btree ("plan_id","target_id","source");