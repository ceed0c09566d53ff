CREATE TABLE "exam_centre_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"profile" jsonb NOT NULL,
	"status" text NOT NULL,
	"returned_by" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid NOT NULL,
	"city_reviewed_at" timestamp with time zone,
	"city_reviewed_by" uuid,
	"city_reviewer_name" text,
	"city_remarks" text,
	"province_decided_at" timestamp with time zone,
	"province_decided_by" uuid,
	"province_decider_name" text,
	"province_remarks" text,
	"filing_number" text
);
--> statement-breakpoint
CREATE TABLE "exam_centre_filings" (
	"centre_org_id" uuid PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"region_code" text NOT NULL,
	"profile" jsonb NOT NULL,
	"filing_number" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"filed_by" uuid,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revocation_reason" text,
	CONSTRAINT "exam_centre_filings_number_unique" UNIQUE("filing_number")
);
--> statement-breakpoint
CREATE TABLE "exam_vendor_candidates" (
	"centre_org_id" uuid NOT NULL,
	"vendor" text NOT NULL,
	"code" text NOT NULL,
	"worker_id" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_vendor_candidates_centre_org_id_vendor_code_pk" PRIMARY KEY("centre_org_id","vendor","code")
);
--> statement-breakpoint
ALTER TABLE "exam_papers" ALTER COLUMN "booking_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_sessions" ALTER COLUMN "plan_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "bulk_imports" ADD COLUMN "params" jsonb;--> statement-breakpoint
ALTER TABLE "exam_papers" ADD COLUMN "vendor_candidate_code" text;--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD COLUMN "source" text DEFAULT 'plan' NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD COLUMN "import_code" text;--> statement-breakpoint
CREATE INDEX "exam_centre_applications_region_idx" ON "exam_centre_applications" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "exam_centre_applications_centre_idx" ON "exam_centre_applications" USING btree ("centre_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_centre_applications_open_idx" ON "exam_centre_applications" USING btree ("centre_org_id") WHERE status in ('submitted', 'city_approved');--> statement-breakpoint
CREATE INDEX "exam_papers_session_idx" ON "exam_papers" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_sessions_import_code_idx" ON "exam_sessions" USING btree ("site_id","import_code");--> statement-breakpoint
ALTER TABLE "exam_papers" ADD CONSTRAINT "exam_papers_booking_required" CHECK ("exam_papers"."booking_id" is not null or "exam_papers"."source" = 'import');--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD CONSTRAINT "exam_sessions_plan_required" CHECK ("exam_sessions"."plan_id" is not null or "exam_sessions"."source" = 'import');--> statement-breakpoint
-- custom: EXM-1 data step (考试机构备案). Exam centres that existed before centres were filed are
-- taken as filed on the day they were created — as their sites were taken as filed on the day they
-- were accepted — so their sites and plans keep working. Level from the seat (province code = the
-- province's centre, else a city centre; a centre seated in a county has no level and stays unfiled),
-- scope the items of its sites, number 考机备〔year〕NN-seq号 in order of creation per province and year.
-- Address, responsible person and staff counts were never recorded: the centre completes them with a
-- change application.
INSERT INTO "exam_centre_filings" ("centre_org_id", "level", "region_code", "profile", "filing_number", "filed_at")
SELECT o."id",
  CASE WHEN right(o."region_code", 4) = '0000' THEN 'province' ELSE 'city' END,
  o."region_code",
  jsonb_build_object('name', o."name", 'creditCode', coalesce(o."credit_code", ''), 'address', '', 'responsiblePerson', '',
    'itemCodes', coalesce((SELECT jsonb_agg(DISTINCT c ORDER BY c) FROM "exam_sites" s, jsonb_array_elements_text(s."item_codes") c
      WHERE s."centre_org_id" = o."id"), '[]'::jsonb),
    'staffCount', 0, 'examinerCount', 0),
  '考机备〔' || to_char(o."created_at" AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '〕' || left(o."region_code", 2) || '-'
    || lpad((row_number() OVER (PARTITION BY left(o."region_code", 2), to_char(o."created_at" AT TIME ZONE 'Asia/Shanghai', 'YYYY')
      ORDER BY o."created_at", o."id"))::text, 3, '0') || '号',
  o."created_at"
FROM "organisations" o
WHERE o."kind" = 'exam_centre' AND right(o."region_code", 2) = '00';
