CREATE TABLE "rate_limit_windows" (
	"key" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"window_ms" integer NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"credit_code" text NOT NULL,
	"region_code" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone_sealed" text NOT NULL,
	"contact_phone_masked" text NOT NULL,
	"licence" "bytea" NOT NULL,
	"licence_type" text NOT NULL,
	"claims_org_id" uuid,
	"status" text NOT NULL,
	"reason" text,
	"decided_by_user_id" uuid,
	"decided_at" timestamp with time zone,
	"org_id" uuid,
	"admin_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_invites" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sms_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_sealed" text NOT NULL,
	"purpose" text NOT NULL,
	"code_hash" text NOT NULL,
	"client_ip" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"verified_at" timestamp with time zone,
	"ticket_hash" text,
	"ticket_used_at" timestamp with time zone,
	"gateway_reference" text,
	CONSTRAINT "sms_codes_ticket_hash_unique" UNIQUE("ticket_hash")
);
--> statement-breakpoint
CREATE TABLE "sms_dev_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone" text NOT NULL,
	"text" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_signups" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"worker_id" uuid NOT NULL,
	"phone_hash" text NOT NULL,
	"identity" text NOT NULL,
	"method" text,
	"claimed" boolean NOT NULL,
	"evidence" text,
	"created_at" timestamp with time zone NOT NULL,
	"verified_at" timestamp with time zone,
	CONSTRAINT "worker_signups_worker_id_unique" UNIQUE("worker_id"),
	CONSTRAINT "worker_signups_phone_hash_unique" UNIQUE("phone_hash")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "exam_practical_sheets" ADD COLUMN "station" text;--> statement-breakpoint
CREATE INDEX "org_applications_region_idx" ON "org_applications" USING btree ("region_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "org_applications_pending_credit_code" ON "org_applications" USING btree ("credit_code") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "sms_codes_phone_idx" ON "sms_codes" USING btree ("phone_hash","sent_at");--> statement-breakpoint
CREATE INDEX "sms_codes_ip_idx" ON "sms_codes" USING btree ("client_ip","sent_at");--> statement-breakpoint
CREATE INDEX "event_deliveries_undelivered_idx" ON "event_deliveries" USING btree ("subscriber") WHERE "event_deliveries"."delivered_at" is null;