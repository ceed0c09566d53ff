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
CREATE INDEX "domain_events_type_idx" ON "domain_events" USING btree ("type","id");--> statement-breakpoint
CREATE INDEX "face_verifications_worker_idx" ON "face_verifications" USING btree ("worker_id","at");--> statement-breakpoint
CREATE INDEX "face_verifications_region_idx" ON "face_verifications" USING btree ("region_code");