CREATE TABLE "login_challenges" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "recovery_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "restriction" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone_hash" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "phone_sealed" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_secret_sealed" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_pending_sealed" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_enabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "sms_factor_enabled_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "recovery_codes_user_idx" ON "recovery_codes" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_phone_hash_unique" UNIQUE("phone_hash");--> statement-breakpoint
-- custom: auth2
-- Issue 22: accounts made by a worker's sign-up before this migration learn their verified number
-- (password reset by SMS, the SMS second factor): the keyed hash from the sign-up, the sealed number
-- from the code whose ticket the sign-up used.
UPDATE "users" u SET "phone_hash" = ws."phone_hash" FROM "worker_signups" ws WHERE ws."user_id" = u."id" AND u."phone_hash" IS NULL;
--> statement-breakpoint
UPDATE "users" u SET "phone_sealed" = (SELECT c."phone_sealed" FROM "sms_codes" c WHERE c."phone_hash" = u."phone_hash" AND c."purpose" = 'signup' AND c."ticket_used_at" IS NOT NULL ORDER BY c."sent_at" DESC LIMIT 1) WHERE u."phone_hash" IS NOT NULL AND u."phone_sealed" IS NULL;
