CREATE TABLE "institution_filings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"status" text NOT NULL,
	"scope" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"filed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "institution_filings_org_idx" ON "institution_filings" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "institution_filings_region_idx" ON "institution_filings" USING btree ("region_code","status");