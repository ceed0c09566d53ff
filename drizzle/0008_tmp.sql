CREATE TABLE "injury_denominators" (
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"region_code" text NOT NULL,
	"dimension" text NOT NULL,
	"key" text NOT NULL,
	"n" integer NOT NULL,
	"as_of" date NOT NULL,
	CONSTRAINT "injury_denominators_period_from_period_to_region_code_dimension_key_pk" PRIMARY KEY("period_from","period_to","region_code","dimension","key")
);
