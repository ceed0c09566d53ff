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
CREATE INDEX "exam_papers_session_idx" ON "exam_papers" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exam_sessions_import_code_idx" ON "exam_sessions" USING btree ("site_id","import_code");--> statement-breakpoint
ALTER TABLE "exam_papers" ADD CONSTRAINT "exam_papers_booking_required" CHECK ("exam_papers"."booking_id" is not null or "exam_papers"."source" = 'import');--> statement-breakpoint
ALTER TABLE "exam_sessions" ADD CONSTRAINT "exam_sessions_plan_required" CHECK ("exam_sessions"."plan_id" is not null or "exam_sessions"."source" = 'import');