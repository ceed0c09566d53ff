CREATE TABLE "employer_sanction_states" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"until" text,
	"ref" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "enforcement_cases" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "enforcement_cases" ADD COLUMN "published_by" uuid;