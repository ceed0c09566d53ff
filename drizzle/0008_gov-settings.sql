CREATE TABLE "province_settings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"effective_from" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"recorded_by_name" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "province_settings_lookup_idx" ON "province_settings" USING btree ("province_code","kind","key","effective_from");