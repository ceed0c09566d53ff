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
ALTER TABLE "institution_filings" ADD COLUMN "filing_number" text;