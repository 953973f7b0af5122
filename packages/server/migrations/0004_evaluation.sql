CREATE TABLE "eval_champions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"framework_code" text NOT NULL,
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"unit_code" text NOT NULL,
	"unit_name" text NOT NULL,
	"score" double precision NOT NULL,
	"run_id" uuid NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "eval_datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"framework_code" text NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"units" jsonb NOT NULL,
	"rows" jsonb NOT NULL,
	"indicators" jsonb NOT NULL,
	"years" jsonb NOT NULL,
	"row_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "eval_frameworks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"region_code" text NOT NULL,
	"name" jsonb NOT NULL,
	"yaml" text NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text
);
--> statement-breakpoint
CREATE TABLE "eval_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"framework_code" text NOT NULL,
	"framework_version" integer NOT NULL,
	"region_code" text NOT NULL,
	"dataset_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"options" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"awards" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"published_at" timestamp with time zone,
	"published_by" text
);
--> statement-breakpoint
CREATE TABLE "eval_sensitivity" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"progress" real DEFAULT 0 NOT NULL,
	"replications" integer NOT NULL,
	"assumptions" jsonb NOT NULL,
	"result" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "eval_champions" ADD CONSTRAINT "eval_champions_run_id_eval_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."eval_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_dataset_id_eval_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."eval_datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_sensitivity" ADD CONSTRAINT "eval_sensitivity_run_id_eval_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."eval_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "eval_champions_framework_year_uq" ON "eval_champions" USING btree ("framework_code","year");--> statement-breakpoint
CREATE INDEX "eval_datasets_framework_idx" ON "eval_datasets" USING btree ("framework_code");--> statement-breakpoint
CREATE UNIQUE INDEX "eval_frameworks_code_version_uq" ON "eval_frameworks" USING btree ("code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "eval_runs_framework_year_version_uq" ON "eval_runs" USING btree ("framework_code","year","version");--> statement-breakpoint
CREATE UNIQUE INDEX "eval_runs_published_uq" ON "eval_runs" USING btree ("framework_code","year") WHERE "eval_runs"."status" = 'published';