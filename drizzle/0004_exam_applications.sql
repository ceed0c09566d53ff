CREATE TABLE "exam_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"class_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"worker_ids" jsonb NOT NULL,
	"status" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_applications_class_id_unique" UNIQUE("class_id")
);
--> statement-breakpoint
ALTER TABLE "class_enrolments" ADD COLUMN "exam_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "training_classes" ADD COLUMN "materials" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_applications" ADD CONSTRAINT "exam_applications_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exam_applications_region_idx" ON "exam_applications" USING btree ("region_code");