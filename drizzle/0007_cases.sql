CREATE TABLE "institution_sanction_states" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"until" text,
	"ref" text,
	"updated_at" timestamp with time zone NOT NULL,
	"rating" text,
	"rating_year" integer,
	"rating_points" integer
);
--> statement-breakpoint
CREATE TABLE "enforcement_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_no" text NOT NULL,
	"region_code" text NOT NULL,
	"handling_org_id" uuid,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"source_ref" text,
	"party_kind" text NOT NULL,
	"party_id" uuid NOT NULL,
	"party_name" text NOT NULL,
	"principal_name" text,
	"violation_code" text NOT NULL,
	"facts" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"decision" jsonb,
	"steps" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "enforcement_sanctions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"party_kind" text NOT NULL,
	"party_id" uuid NOT NULL,
	"target_id" uuid,
	"fine_yuan" integer,
	"principal_fine_yuan" integer,
	"starts_on" text NOT NULL,
	"ends_on" text,
	"lifted_at" timestamp with time zone,
	"lift_note" text
);
--> statement-breakpoint
ALTER TABLE "exam_sites" ADD COLUMN "sanction_state" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_sites" ADD COLUMN "sanction_until" text;--> statement-breakpoint
ALTER TABLE "exam_sites" ADD COLUMN "sanction_ref" text;--> statement-breakpoint
ALTER TABLE "exam_staff" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_staff" ADD COLUMN "revoked_ref" text;--> statement-breakpoint
CREATE UNIQUE INDEX "enforcement_cases_no_idx" ON "enforcement_cases" USING btree ("case_no");--> statement-breakpoint
CREATE UNIQUE INDEX "enforcement_cases_source_idx" ON "enforcement_cases" USING btree ("source","source_ref");--> statement-breakpoint
CREATE INDEX "enforcement_cases_region_idx" ON "enforcement_cases" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "enforcement_cases_party_idx" ON "enforcement_cases" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "enforcement_sanctions_case_idx" ON "enforcement_sanctions" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "enforcement_sanctions_party_idx" ON "enforcement_sanctions" USING btree ("party_id");