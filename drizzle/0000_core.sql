CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_records" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text NOT NULL,
	"actor_role" text,
	"actor_org_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"region_code" text,
	"before" jsonb,
	"after" jsonb,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"org_id" uuid,
	"worker_id" uuid,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "operation_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "operation_items" (
	"code" text PRIMARY KEY NOT NULL,
	"category_code" text NOT NULL,
	"name" text NOT NULL,
	"sort_order" integer NOT NULL,
	"theory_hours" integer,
	"practical_hours" integer,
	"hours_confirmed" boolean DEFAULT false NOT NULL,
	"requires_real_equipment" boolean NOT NULL,
	"min_education" text NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"credit_code" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "organisations_credit_code_unique" UNIQUE("credit_code")
);
--> statement-breakpoint
CREATE TABLE "archive_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"worker_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"detail" jsonb NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text NOT NULL,
	"org_id" uuid,
	"org_name" text
);
--> statement-breakpoint
CREATE TABLE "health_declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"worker_id" uuid NOT NULL,
	"issued_at" date NOT NULL,
	"institution_name" text NOT NULL,
	"institution_level" text NOT NULL,
	"disqualifying_conditions" jsonb NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by_org_id" uuid
);
--> statement-breakpoint
CREATE TABLE "worker_org_links" (
	"worker_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"relation" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"until" timestamp with time zone,
	CONSTRAINT "worker_org_links_worker_id_org_id_relation_pk" PRIMARY KEY("worker_id","org_id","relation")
);
--> statement-breakpoint
CREATE TABLE "workers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"gender" text NOT NULL,
	"birth_date" date NOT NULL,
	"id_number_sealed" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"phone_sealed" text,
	"phone_hash" text,
	"phone_masked" text,
	"education" text NOT NULL,
	"original_retirement_age" integer NOT NULL,
	"region_code" text NOT NULL,
	"household_region_code" text NOT NULL,
	"registered_by_org_id" uuid,
	"registered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "workers_id_number_hash_unique" UNIQUE("id_number_hash")
);
--> statement-breakpoint
ALTER TABLE "operation_items" ADD CONSTRAINT "operation_items_category_code_operation_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."operation_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "archive_events" ADD CONSTRAINT "archive_events_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_declarations" ADD CONSTRAINT "health_declarations_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worker_org_links" ADD CONSTRAINT "worker_org_links_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_records_entity_idx" ON "audit_records" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_records_region_idx" ON "audit_records" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_org_idx" ON "users" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "organisations_region_idx" ON "organisations" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "organisations_kind_idx" ON "organisations" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "archive_events_worker_idx" ON "archive_events" USING btree ("worker_id","occurred_at");--> statement-breakpoint
CREATE INDEX "health_declarations_worker_idx" ON "health_declarations" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "worker_org_links_org_idx" ON "worker_org_links" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "workers_region_idx" ON "workers" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "workers_phone_idx" ON "workers" USING btree ("phone_hash");--> statement-breakpoint
CREATE INDEX "workers_name_idx" ON "workers" USING btree ("name");