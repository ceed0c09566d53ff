CREATE TABLE "certificate_links" (
	"code" text PRIMARY KEY NOT NULL,
	"certificate_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "certificate_links_certificate_id_unique" UNIQUE("certificate_id")
);
--> statement-breakpoint
CREATE TABLE "certificate_register_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employer_profiles" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"principal_name" text NOT NULL,
	"principal_title" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid NOT NULL
);
