CREATE TABLE "exam_vendor_mappings" (
	"centre_org_id" uuid NOT NULL,
	"vendor" text NOT NULL,
	"headers" jsonb NOT NULL,
	"sites" jsonb NOT NULL,
	"sessions" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "exam_vendor_mappings_centre_org_id_vendor_pk" PRIMARY KEY("centre_org_id","vendor")
);
--> statement-breakpoint
CREATE TABLE "integrity_compromised_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scan_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"site_name" text NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"item_code" text NOT NULL,
	"question_id" text NOT NULL,
	"vendor" text,
	"vendor_item_id" text,
	"z" double precision NOT NULL,
	"p_value" double precision NOT NULL,
	"responses" integer NOT NULL,
	"evidence" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity_scores" (
	"level" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"scan_id" uuid NOT NULL,
	"paper_id" uuid,
	"worker_id" uuid,
	"session_id" uuid,
	"site_id" uuid NOT NULL,
	"site_name" text NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"item_code" text,
	"session_date" text,
	"p_value" double precision NOT NULL,
	"log10_p" double precision NOT NULL,
	"q_value" double precision NOT NULL,
	"grade" text NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"evidence" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "integrity_scores_level_subject_id_pk" PRIMARY KEY("level","subject_id")
);
--> statement-breakpoint
CREATE INDEX "integrity_compromised_site_idx" ON "integrity_compromised_items" USING btree ("site_id","item_code");--> statement-breakpoint
CREATE INDEX "integrity_compromised_scan_idx" ON "integrity_compromised_items" USING btree ("scan_id");--> statement-breakpoint
CREATE INDEX "integrity_scores_rank_idx" ON "integrity_scores" USING btree ("level","log10_p");--> statement-breakpoint
CREATE INDEX "integrity_scores_region_idx" ON "integrity_scores" USING btree ("region_code");