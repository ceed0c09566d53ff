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
CREATE INDEX "analytics_pass_counts_region_idx" ON "analytics_pass_counts" USING btree ("region_code");