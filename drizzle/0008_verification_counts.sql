CREATE TABLE "certificate_verification_counts" (
	"day" date NOT NULL,
	"region_code" text NOT NULL,
	"outcome" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "certificate_verification_counts_day_region_code_outcome_pk" PRIMARY KEY("day","region_code","outcome")
);
