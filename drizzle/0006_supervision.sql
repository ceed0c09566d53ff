CREATE TABLE "public_report_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"content_sealed" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_report_steps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "public_report_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"report_id" uuid NOT NULL,
	"step" text NOT NULL,
	"note" text,
	"public_note" text,
	"detail" jsonb,
	"org_id" uuid,
	"user_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tracking_code" text NOT NULL,
	"region_code" text NOT NULL,
	"handling_org_id" uuid NOT NULL,
	"category" text NOT NULL,
	"subject_name" text NOT NULL,
	"content" text NOT NULL,
	"reporter_name_sealed" text,
	"reporter_phone_sealed" text,
	"status" text NOT NULL,
	"finding" text,
	"public_result" text,
	"reward_yuan" integer,
	"rewarded_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_inspection_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"target_kind" text NOT NULL,
	"due_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_inspection_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"problem" text NOT NULL,
	"measure" text NOT NULL,
	"responsible" text NOT NULL,
	"due_on" date NOT NULL,
	"completed_on" date,
	"completion_note" text,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "self_inspection_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"summary" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_on" date NOT NULL,
	"submitted_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE INDEX "public_report_attachments_report_idx" ON "public_report_attachments" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "public_report_steps_report_idx" ON "public_report_steps" USING btree ("report_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "public_reports_tracking_code_idx" ON "public_reports" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "public_reports_region_idx" ON "public_reports" USING btree ("region_code","received_at");--> statement-breakpoint
CREATE INDEX "public_reports_handling_idx" ON "public_reports" USING btree ("handling_org_id","status");--> statement-breakpoint
CREATE INDEX "self_inspection_campaigns_region_idx" ON "self_inspection_campaigns" USING btree ("region_code","due_on");--> statement-breakpoint
CREATE INDEX "self_inspection_items_report_idx" ON "self_inspection_items" USING btree ("report_id","position");--> statement-breakpoint
CREATE INDEX "self_inspection_items_campaign_idx" ON "self_inspection_items" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "self_inspection_reports_campaign_org_idx" ON "self_inspection_reports" USING btree ("campaign_id","org_id");