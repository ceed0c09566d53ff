CREATE TABLE "national_query_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"name_hash" text NOT NULL,
	"found" boolean NOT NULL,
	"records" jsonb NOT NULL,
	"source_name" text NOT NULL,
	"source_address" text NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificate_reviews" ADD COLUMN "decision_due_on" date;--> statement-breakpoint
ALTER TABLE "certificate_reviews" ADD COLUMN "decided_late" boolean;--> statement-breakpoint
ALTER TABLE "employer_certificate_checks" ADD COLUMN "source" text DEFAULT 'platform' NOT NULL;--> statement-breakpoint
ALTER TABLE "employer_certificate_checks" ADD COLUMN "source_name" text;--> statement-breakpoint
ALTER TABLE "employer_certificate_checks" ADD COLUMN "source_answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "employer_certificate_checks" ADD COLUMN "national_unavailable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "national_query_answers_key" ON "national_query_answers" USING btree ("number","name_hash");--> statement-breakpoint
CREATE INDEX "national_query_answers_expires_idx" ON "national_query_answers" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "certificate_reviews_pending_due_idx" ON "certificate_reviews" USING btree ("decision_due_on") WHERE status = 'pending';--> statement-breakpoint
-- custom: rollout-national
-- CER-4: reviews already pending get their 20-working-day decision deadline, approximated as 28
-- calendar days (4 weeks of 5 working days; holidays on the authority's calendar are not counted here).
UPDATE "certificate_reviews" SET "decision_due_on" = (("applied_at" AT TIME ZONE 'Asia/Shanghai')::date + 28) WHERE "decision_due_on" IS NULL;
