ALTER TABLE "exam_sessions" ADD COLUMN "chief_examiner_staff_id" uuid;--> statement-breakpoint
ALTER TABLE "exam_staff" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_staff" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "exam_staff" ADD COLUMN "deactivated_reason" text;--> statement-breakpoint
ALTER TABLE "training_classes" ADD COLUMN "kind" text DEFAULT 'initial' NOT NULL;