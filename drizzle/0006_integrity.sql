CREATE TABLE "integrity_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"scan_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"rule" text NOT NULL,
	"subject" text NOT NULL,
	"paper_id" uuid,
	"partner_paper_id" uuid,
	"worker_id" uuid,
	"session_id" uuid,
	"site_id" uuid NOT NULL,
	"site_name" text NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"item_code" text,
	"method" text NOT NULL,
	"version" text NOT NULL,
	"statistic" text NOT NULL,
	"value" double precision NOT NULL,
	"threshold" double precision NOT NULL,
	"p_value" double precision,
	"score" double precision NOT NULL,
	"detail" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text NOT NULL,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"score_cancelled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "integrity_flags_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "integrity_patrol_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"session_id" uuid NOT NULL,
	"paper_id" uuid,
	"worker_id" uuid,
	"region_code" text NOT NULL,
	"reason" text,
	"by_user_id" uuid NOT NULL,
	"by_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity_suspension_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"flag_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"site_name" text NOT NULL,
	"region_code" text NOT NULL,
	"months" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"proposed_by" uuid,
	"proposed_by_name" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "integrity_scans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"scope" jsonb NOT NULL,
	"region_prefix" text,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	"flags" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer,
	"sites" jsonb,
	"funnel" jsonb,
	"error" text,
	"requested_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "integrity_site_registers" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"devices" jsonb NOT NULL,
	"networks" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "integrity_visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"site_name" text NOT NULL,
	"region_code" text NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL,
	"drawn_by" uuid NOT NULL,
	"findings" text,
	"recorded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "exam_answer_events" ADD COLUMN "device_id" text;--> statement-breakpoint
ALTER TABLE "exam_answer_events" ADD COLUMN "client_ip" text;--> statement-breakpoint
ALTER TABLE "exam_papers" ADD COLUMN "score_cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_papers" ADD COLUMN "score_cancel_reason" text;--> statement-breakpoint
CREATE INDEX "integrity_flags_region_idx" ON "integrity_flags" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "integrity_flags_site_idx" ON "integrity_flags" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "integrity_flags_session_idx" ON "integrity_flags" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "integrity_patrol_region_idx" ON "integrity_patrol_actions" USING btree ("region_code","at");--> statement-breakpoint
CREATE INDEX "integrity_proposals_region_idx" ON "integrity_suspension_proposals" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "integrity_scans_created_idx" ON "integrity_scans" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "integrity_visits_region_idx" ON "integrity_visits" USING btree ("region_code");