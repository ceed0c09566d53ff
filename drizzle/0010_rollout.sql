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
ALTER TABLE "institution_filings" ADD COLUMN "filing_number" text;--> statement-breakpoint
-- custom: the import staging table is written once and read once per upload (issue 16 speed); not
-- WAL-logged, it costs a third of the writes. After a database crash it is empty, and the commit then
-- refuses (it counts the staged rows against the checked ones) instead of writing part of a file.
ALTER TABLE "bulk_import_rows" SET UNLOGGED;
