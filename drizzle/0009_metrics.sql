CREATE TABLE "rate_limit_windows" (
	"key" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"window_ms" integer NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "event_deliveries_undelivered_idx" ON "event_deliveries" USING btree ("subscriber") WHERE "event_deliveries"."delivered_at" is null;