CREATE TABLE "employer_profiles" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"principal_name" text NOT NULL,
	"principal_title" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid NOT NULL
);
