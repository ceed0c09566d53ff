DROP TABLE "employer_import_rows" CASCADE;--> statement-breakpoint
DROP TABLE "employer_imports" CASCADE;