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
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attendance" ADD CONSTRAINT "attendance_session_id_class_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."class_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_enrolments" ADD CONSTRAINT "class_enrolments_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD CONSTRAINT "class_sessions_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attendance_worker_idx" ON "attendance" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "class_enrolments_worker_idx" ON "class_enrolments" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "class_sessions_class_idx" ON "class_sessions" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "training_classes_org_idx" ON "training_classes" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "training_classes_region_idx" ON "training_classes" USING btree ("region_code");