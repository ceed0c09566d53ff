CREATE TABLE "exam_site_ratings" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"grade" text NOT NULL,
	"points" integer NOT NULL,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institution_self_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"scores" jsonb NOT NULL,
	"summary" text NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"rated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "third_party_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"assessor" text NOT NULL,
	"score" integer,
	"grade" text,
	"report_ref" text NOT NULL,
	"assessed_on" date NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "class_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"class_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"teaching" integer NOT NULL,
	"practical" integer NOT NULL,
	"honesty" integer NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "class_reviews" ADD CONSTRAINT "class_reviews_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "institution_self_assessments_org_year" ON "institution_self_assessments" USING btree ("org_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "third_party_assessments_org_year" ON "third_party_assessments" USING btree ("org_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "class_reviews_class_worker" ON "class_reviews" USING btree ("class_id","worker_id");--> statement-breakpoint
CREATE INDEX "class_reviews_org_idx" ON "class_reviews" USING btree ("org_id","created_at");