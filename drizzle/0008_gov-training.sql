ALTER TABLE "class_sessions" ADD COLUMN "teacher_id" uuid;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD COLUMN "teacher_name" text;--> statement-breakpoint
ALTER TABLE "training_classes" ADD COLUMN "first_session_at" timestamp with time zone;--> statement-breakpoint
-- custom: gov-training
-- TRN-1: classes that already have sessions measure their filing window from the first of them.
UPDATE "training_classes" c SET "first_session_at" = s.first FROM (SELECT "class_id", min("starts_at") AS first FROM "class_sessions" GROUP BY "class_id") s WHERE s."class_id" = c."id";
