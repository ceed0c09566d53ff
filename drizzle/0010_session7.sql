CREATE TABLE "login_challenges" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "recovery_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exam_site_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"centre_org_id" uuid NOT NULL,
	"centre_level" text NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"proposal" jsonb NOT NULL,
	"status" text NOT NULL,
	"returned_by" text,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid NOT NULL,
	"acceptance" jsonb,
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
CREATE TABLE "legacy_records" (
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"recorded_on" date NOT NULL,
	"digest" text NOT NULL,
	"import_id" uuid NOT NULL,
	"written_at" timestamp with time zone NOT NULL,
	CONSTRAINT "legacy_records_kind_key_pk" PRIMARY KEY("kind","key")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "restriction" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone_hash" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone_sealed" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_secret_sealed" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_pending_sealed" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_enabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "sms_factor_enabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_sites" ADD COLUMN "filed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_sites" ADD COLUMN "filing_number" text;--> statement-breakpoint
ALTER TABLE "exam_sites" ADD COLUMN "centre_level" text;--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "filing_number" text;--> statement-breakpoint
CREATE INDEX "recovery_codes_user_idx" ON "recovery_codes" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "exam_site_applications_region_idx" ON "exam_site_applications" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "exam_site_applications_site_idx" ON "exam_site_applications" USING btree ("site_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_site_applications_open_idx" ON "exam_site_applications" USING btree ("site_id") WHERE status in ('submitted', 'city_approved');--> statement-breakpoint
CREATE INDEX "integrity_compromised_site_idx" ON "integrity_compromised_items" USING btree ("site_id","item_code");--> statement-breakpoint
CREATE INDEX "integrity_compromised_scan_idx" ON "integrity_compromised_items" USING btree ("scan_id");--> statement-breakpoint
CREATE INDEX "integrity_scores_rank_idx" ON "integrity_scores" USING btree ("level","log10_p");--> statement-breakpoint
CREATE INDEX "integrity_scores_region_idx" ON "integrity_scores" USING btree ("region_code");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_phone_hash_unique" UNIQUE("phone_hash");--> statement-breakpoint
ALTER TABLE "exam_sites" ADD CONSTRAINT "exam_sites_filing_number_unique" UNIQUE("filing_number");--> statement-breakpoint
-- custom: EXM-1 data step. Sites accepted before the chain existed were accepted by their regulator
-- on the platform; they become filed sites (filed on the day they were accepted) with a filing
-- number, and each gets its filed set-up application so its history reads like a new site's.
-- Sites not yet accepted wait in the city's queue as submitted set-up applications.
UPDATE "exam_sites" s SET "centre_level" = CASE WHEN right(o."region_code", 4) = '0000' THEN 'province' ELSE 'city' END
FROM "organisations" o WHERE o."id" = s."centre_org_id";--> statement-breakpoint
UPDATE "exam_sites" SET "centre_level" = 'city' WHERE "centre_level" IS NULL;--> statement-breakpoint
UPDATE "exam_sites" s SET "filed_at" = s."accepted_at",
  "filing_number" = '考点备〔' || to_char(s."accepted_at" AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '〕' || left(s."region_code", 2) || '-' || lpad(n.seq::text, 4, '0') || '号'
FROM (
  SELECT "id", row_number() OVER (PARTITION BY left("region_code", 2), to_char("accepted_at" AT TIME ZONE 'Asia/Shanghai', 'YYYY') ORDER BY "accepted_at", "id") AS seq
  FROM "exam_sites" WHERE "accepted_at" IS NOT NULL
) n
WHERE n."id" = s."id";--> statement-breakpoint
INSERT INTO "exam_site_applications" ("site_id", "centre_org_id", "centre_level", "region_code", "kind", "proposal", "status",
  "submitted_at", "submitted_by", "acceptance", "city_reviewed_at", "city_remarks", "province_decided_at", "province_remarks", "filing_number")
SELECT "id", "centre_org_id", "centre_level", "region_code", 'establish',
  jsonb_build_object('name', "name", 'address', "address", 'operatorOrgId', "operator_org_id", 'rooms', "rooms", 'stations', "stations", 'itemCodes', "item_codes"),
  CASE WHEN "filed_at" IS NULL THEN 'submitted' ELSE 'filed' END,
  "created_at", '00000000-0000-0000-0000-000000000000', "acceptance",
  "accepted_at", CASE WHEN "accepted_at" IS NULL THEN NULL ELSE '平台启用设立审核流程前已验收' END,
  "filed_at", CASE WHEN "filed_at" IS NULL THEN NULL ELSE '平台启用设立审核流程前已验收，转为备案' END, "filing_number"
FROM "exam_sites";
--> statement-breakpoint
-- custom: the import staging table is written once and read once per upload (issue 16 speed); not
-- WAL-logged, it costs a third of the writes. After a database crash it is empty, and the commit then
-- refuses (it counts the staged rows against the checked ones) instead of writing part of a file.
ALTER TABLE "bulk_import_rows" SET UNLOGGED;
--> statement-breakpoint
-- custom: auth2
-- Issue 22: accounts made by a worker's sign-up before this migration learn their verified number
-- (password reset by SMS, the SMS second factor): the keyed hash from the sign-up, the sealed number
-- from the code whose ticket the sign-up used.
UPDATE "users" u SET "phone_hash" = ws."phone_hash" FROM "worker_signups" ws WHERE ws."user_id" = u."id" AND u."phone_hash" IS NULL;
--> statement-breakpoint
UPDATE "users" u SET "phone_sealed" = (SELECT c."phone_sealed" FROM "sms_codes" c WHERE c."phone_hash" = u."phone_hash" AND c."purpose" = 'signup' AND c."ticket_used_at" IS NOT NULL ORDER BY c."sent_at" DESC LIMIT 1) WHERE u."phone_hash" IS NOT NULL AND u."phone_sealed" IS NULL;
