CREATE TABLE "domain_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"region_code" text,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_deliveries" (
	"event_id" bigint NOT NULL,
	"subscriber" text NOT NULL,
	"delivered_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	CONSTRAINT "event_deliveries_event_id_subscriber_pk" PRIMARY KEY("event_id","subscriber")
);
--> statement-breakpoint
CREATE TABLE "face_enrolments" (
	"worker_id" uuid PRIMARY KEY NOT NULL,
	"region_code" text NOT NULL,
	"photo_sealed" text NOT NULL,
	"descriptor_sealed" text NOT NULL,
	"model_version" text NOT NULL,
	"face_score" real NOT NULL,
	"face_size" integer NOT NULL,
	"enrolled_at" timestamp with time zone NOT NULL,
	"enrolled_by_user_id" uuid,
	"enrolled_by_org_id" uuid
);
--> statement-breakpoint
CREATE TABLE "face_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"worker_id" uuid NOT NULL,
	"region_code" text,
	"purpose" text NOT NULL,
	"reference" text,
	"outcome" text NOT NULL,
	"similarity" real,
	"thresholds" jsonb NOT NULL,
	"scores" jsonb NOT NULL,
	"faces_found" integer NOT NULL,
	"client_score" real,
	"image_sha256" text NOT NULL,
	"image_sealed" text NOT NULL,
	"model_version" text NOT NULL,
	"enrolled_at" timestamp with time zone,
	"duration_ms" integer NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text NOT NULL,
	"actor_org_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institution_teachers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"kinds" jsonb NOT NULL,
	"full_time" boolean NOT NULL,
	"category_codes" jsonb NOT NULL,
	"education" text,
	"practice_years" integer,
	"labour_contract" boolean,
	"retired" boolean,
	"registered_safety_engineer" boolean NOT NULL,
	"senior_title" boolean NOT NULL,
	"intermediate_skill_certificate" boolean NOT NULL,
	"certificates" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "attendance" (
	"session_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"check_in_at" timestamp with time zone NOT NULL,
	"check_in_portrait_sealed" text NOT NULL,
	"check_in_outcome" text NOT NULL,
	"check_in_similarity" real,
	"check_out_at" timestamp with time zone,
	"check_out_portrait_sealed" text,
	"check_out_outcome" text,
	"check_out_similarity" real,
	CONSTRAINT "attendance_session_id_worker_id_pk" PRIMARY KEY("session_id","worker_id")
);
--> statement-breakpoint
CREATE TABLE "class_enrolments" (
	"class_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"enrolled_at" timestamp with time zone NOT NULL,
	"exam_requested_at" timestamp with time zone,
	CONSTRAINT "class_enrolments_class_id_worker_id_pk" PRIMARY KEY("class_id","worker_id")
);
--> statement-breakpoint
CREATE TABLE "class_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"class_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"mode" text NOT NULL,
	"topic" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "direct_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"worker_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"item_code" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reason" text
);
--> statement-breakpoint
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
CREATE TABLE "training_classes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"item_code" text NOT NULL,
	"name" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"syllabus_theory_hours" integer NOT NULL,
	"syllabus_practical_hours" integer NOT NULL,
	"filed_at" timestamp with time zone,
	"filed_late" boolean,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "facts" jsonb;--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "conditions" jsonb;--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "return_reason" text;--> statement-breakpoint
ALTER TABLE "institution_filings" ADD COLUMN "filed_by" uuid;--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_session_id_class_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."class_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_enrolments" ADD CONSTRAINT "class_enrolments_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD CONSTRAINT "class_sessions_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_applications" ADD CONSTRAINT "exam_applications_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "domain_events_type_idx" ON "domain_events" USING btree ("type","id");--> statement-breakpoint
CREATE INDEX "face_verifications_worker_idx" ON "face_verifications" USING btree ("worker_id","at");--> statement-breakpoint
CREATE INDEX "face_verifications_region_idx" ON "face_verifications" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "institution_teachers_org_idx" ON "institution_teachers" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "attendance_worker_idx" ON "attendance" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "class_enrolments_worker_idx" ON "class_enrolments" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "class_sessions_class_idx" ON "class_sessions" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "direct_registrations_region_idx" ON "direct_registrations" USING btree ("region_code","status");--> statement-breakpoint
CREATE INDEX "exam_applications_region_idx" ON "exam_applications" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "training_classes_org_idx" ON "training_classes" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "training_classes_region_idx" ON "training_classes" USING btree ("region_code");