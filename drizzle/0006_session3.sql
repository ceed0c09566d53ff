CREATE TABLE "analytics_metric_counts" (
	"metric" text NOT NULL,
	"region_code" text NOT NULL,
	"n" integer NOT NULL,
	"as_of" date NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_metric_counts_metric_region_code_pk" PRIMARY KEY("metric","region_code")
);
--> statement-breakpoint
CREATE TABLE "analytics_pass_counts" (
	"site_id" uuid NOT NULL,
	"site_name" text NOT NULL,
	"region_code" text NOT NULL,
	"institution_id" uuid,
	"institution_name" text,
	"sat" integer NOT NULL,
	"passed" integer NOT NULL,
	"as_of" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_links" (
	"code" text PRIMARY KEY NOT NULL,
	"certificate_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "certificate_links_certificate_id_unique" UNIQUE("certificate_id")
);
--> statement-breakpoint
CREATE TABLE "certificate_register_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employer_profiles" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"principal_name" text NOT NULL,
	"principal_title" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid NOT NULL
);
--> statement-breakpoint
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
CREATE TABLE "finding_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"rectification_id" uuid,
	"jpeg" text NOT NULL,
	"taken_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_rectifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"note" text NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"verdict" text,
	"verify_note" text,
	"verified_by" uuid,
	"verified_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"checklist_item_id" text,
	"responsible_org_id" uuid NOT NULL,
	"target_name" text NOT NULL,
	"region_code" text NOT NULL,
	"description" text NOT NULL,
	"legal_basis" text NOT NULL,
	"deadline" date NOT NULL,
	"responsible_person" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "inspection_plan_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" uuid NOT NULL,
	"target_name" text NOT NULL,
	"region_code" text NOT NULL,
	"planned_month" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"inspector_user_id" uuid NOT NULL,
	"inspector_name" text NOT NULL,
	"plan_entry_id" uuid,
	"target_kind" text NOT NULL,
	"target_id" uuid NOT NULL,
	"target_name" text NOT NULL,
	"responsible_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"checklist" jsonb NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
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
ALTER TABLE "exam_answer_events" ADD COLUMN "device_id" text;--> statement-breakpoint
ALTER TABLE "exam_answer_events" ADD COLUMN "client_ip" text;--> statement-breakpoint
ALTER TABLE "exam_papers" ADD COLUMN "score_cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_papers" ADD COLUMN "score_cancel_reason" text;--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD COLUMN "chief_examiner_staff_id" uuid;--> statement-breakpoint
ALTER TABLE "exam_sites" ADD COLUMN "sanction_state" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_sites" ADD COLUMN "sanction_until" text;--> statement-breakpoint
ALTER TABLE "exam_sites" ADD COLUMN "sanction_ref" text;--> statement-breakpoint
ALTER TABLE "exam_staff" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_staff" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_staff" ADD COLUMN "deactivated_reason" text;--> statement-breakpoint
ALTER TABLE "exam_staff" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_staff" ADD COLUMN "revoked_ref" text;--> statement-breakpoint
ALTER TABLE "training_classes" ADD COLUMN "kind" text DEFAULT 'initial' NOT NULL;--> statement-breakpoint
CREATE INDEX "analytics_pass_counts_region_idx" ON "analytics_pass_counts" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "integrity_flags_region_idx" ON "integrity_flags" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "integrity_flags_site_idx" ON "integrity_flags" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "integrity_flags_session_idx" ON "integrity_flags" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "integrity_patrol_region_idx" ON "integrity_patrol_actions" USING btree ("region_code","at");--> statement-breakpoint
CREATE INDEX "integrity_proposals_region_idx" ON "integrity_suspension_proposals" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "integrity_scans_created_idx" ON "integrity_scans" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "integrity_visits_region_idx" ON "integrity_visits" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "enforcement_cases_no_idx" ON "enforcement_cases" USING btree ("case_no");--> statement-breakpoint
CREATE UNIQUE INDEX "enforcement_cases_source_idx" ON "enforcement_cases" USING btree ("source","source_ref");--> statement-breakpoint
CREATE INDEX "enforcement_cases_region_idx" ON "enforcement_cases" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "enforcement_cases_party_idx" ON "enforcement_cases" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "enforcement_sanctions_case_idx" ON "enforcement_sanctions" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "enforcement_sanctions_party_idx" ON "enforcement_sanctions" USING btree ("party_id");--> statement-breakpoint
CREATE INDEX "finding_photos_finding_idx" ON "finding_photos" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "finding_rectifications_finding_idx" ON "finding_rectifications" USING btree ("finding_id","submitted_at");--> statement-breakpoint
CREATE INDEX "inspection_findings_region_idx" ON "inspection_findings" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "inspection_findings_org_idx" ON "inspection_findings" USING btree ("responsible_org_id","status");--> statement-breakpoint
CREATE INDEX "inspection_findings_inspection_idx" ON "inspection_findings" USING btree ("inspection_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_plan_entries_target_idx" ON "inspection_plan_entries" USING btree ("plan_id","target_id");--> statement-breakpoint
CREATE INDEX "inspection_plan_entries_plan_idx" ON "inspection_plan_entries" USING btree ("plan_id","planned_month");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_plans_org_year_idx" ON "inspection_plans" USING btree ("org_id","year");--> statement-breakpoint
CREATE INDEX "inspections_region_idx" ON "inspections" USING btree ("region_code","started_at");--> statement-breakpoint
CREATE INDEX "inspections_target_idx" ON "inspections" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "inspections_entry_idx" ON "inspections" USING btree ("plan_entry_id");--> statement-breakpoint
CREATE INDEX "public_report_attachments_report_idx" ON "public_report_attachments" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "public_report_steps_report_idx" ON "public_report_steps" USING btree ("report_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "public_reports_tracking_code_idx" ON "public_reports" USING btree ("tracking_code");--> statement-breakpoint
CREATE INDEX "public_reports_region_idx" ON "public_reports" USING btree ("region_code","received_at");--> statement-breakpoint
CREATE INDEX "public_reports_handling_idx" ON "public_reports" USING btree ("handling_org_id","status");--> statement-breakpoint
CREATE INDEX "self_inspection_campaigns_region_idx" ON "self_inspection_campaigns" USING btree ("region_code","due_on");--> statement-breakpoint
CREATE INDEX "self_inspection_items_report_idx" ON "self_inspection_items" USING btree ("report_id","position");--> statement-breakpoint
CREATE INDEX "self_inspection_items_campaign_idx" ON "self_inspection_items" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "self_inspection_reports_campaign_org_idx" ON "self_inspection_reports" USING btree ("campaign_id","org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "spot_exams_code_idx" ON "spot_exams" USING btree ("code");--> statement-breakpoint
CREATE INDEX "spot_exams_inspection_idx" ON "spot_exams" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "spot_exams_region_idx" ON "spot_exams" USING btree ("region_code","issued_at");--> statement-breakpoint
CREATE INDEX "spot_exams_employer_idx" ON "spot_exams" USING btree ("employer_org_id");--> statement-breakpoint
CREATE INDEX "spot_exams_worker_idx" ON "spot_exams" USING btree ("worker_id");