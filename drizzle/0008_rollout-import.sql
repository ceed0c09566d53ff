CREATE TABLE "bulk_import_problems" (
	"import_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"seq" integer NOT NULL,
	"field" text NOT NULL,
	"message" text NOT NULL,
	CONSTRAINT "bulk_import_problems_import_id_row_no_seq_pk" PRIMARY KEY("import_id","row_no","seq")
);
--> statement-breakpoint
CREATE TABLE "bulk_import_rows" (
	"import_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "bulk_import_rows_import_id_row_no_pk" PRIMARY KEY("import_id","row_no")
);
--> statement-breakpoint
CREATE TABLE "bulk_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"org_id" uuid,
	"region_code" text,
	"created_by" uuid NOT NULL,
	"created_by_name" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"stored_path" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"status" text NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"committed_rows" integer DEFAULT 0 NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"message" text,
	"report" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"checked_at" timestamp with time zone,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "origin" text DEFAULT 'native' NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "origin_recorded_on" date;--> statement-breakpoint
CREATE INDEX "bulk_imports_kind_idx" ON "bulk_imports" USING btree ("kind","created_at");