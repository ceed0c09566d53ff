CREATE TABLE "rate_limit_windows" (
	"key" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"window_ms" integer NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_practical_sheets" ADD COLUMN "station" text;--> statement-breakpoint
CREATE INDEX "event_deliveries_undelivered_idx" ON "event_deliveries" USING btree ("subscriber") WHERE "event_deliveries"."delivered_at" is null;