CREATE TABLE "mediation_anti_fraud" (
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"month" text NOT NULL,
	"alerts" integer NOT NULL,
	"cases" integer NOT NULL,
	"loss_yuan" numeric(14, 2),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mediation_anti_fraud_region_code_month_pk" PRIMARY KEY("region_code","month")
);
--> statement-breakpoint
CREATE TABLE "mediation_case_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor_name" text NOT NULL,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_case_mediators" (
	"case_id" uuid NOT NULL,
	"mediator_id" uuid NOT NULL,
	"role" text NOT NULL,
	"for_party_id" uuid,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mediation_case_mediators_case_id_mediator_id_pk" PRIMARY KEY("case_id","mediator_id")
);
--> statement-breakpoint
CREATE TABLE "mediation_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"amount" numeric(14, 2),
	"status" text NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"address" text,
	"lat" double precision,
	"lng" double precision,
	"occurred_on" date,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"incident_id" uuid,
	"incident_number" text,
	"cross_province" boolean DEFAULT false NOT NULL,
	"time_limit_days" integer NOT NULL,
	"clock_started_at" timestamp with time zone NOT NULL,
	"clock_warn_at" timestamp with time zone NOT NULL,
	"clock_due_at" timestamp with time zone NOT NULL,
	"clock_warned_at" timestamp with time zone,
	"clock_breached_at" timestamp with time zone,
	"clock_stopped_at" timestamp with time zone,
	"clock_check_at" timestamp with time zone,
	"agreement" jsonb,
	"failure_reason" text,
	"referral" jsonb,
	"follow_up" jsonb,
	"registered_at" timestamp with time zone NOT NULL,
	"outcome_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_corps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"description" text,
	"founded_on" date,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_corps_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"corps_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone_enc" "bytea",
	"phone_index" text,
	"hometown_code" text,
	"hometown_name" text,
	"dialects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"mediator_id" uuid,
	"occupation" text,
	"joined_on" date,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_counters" (
	"year" integer PRIMARY KEY NOT NULL,
	"last" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_outreach" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"corps_id" uuid,
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"date" date NOT NULL,
	"place" text NOT NULL,
	"audience" text NOT NULL,
	"reached" integer NOT NULL,
	"topic" text NOT NULL,
	"dialect" text,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"views" integer,
	"note" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"ord" integer NOT NULL,
	"name" text NOT NULL,
	"side" text NOT NULL,
	"role" text NOT NULL,
	"kind" text DEFAULT 'person' NOT NULL,
	"hometown_code" text,
	"hometown_name" text,
	"dialects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"phone_enc" "bytea",
	"phone_index" text,
	"id_number_enc" "bytea",
	"address" text
);
--> statement-breakpoint
CREATE TABLE "mediation_pool_members" (
	"pool_id" uuid NOT NULL,
	"mediator_id" uuid NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mediation_pool_members_pool_id_mediator_id_pk" PRIMARY KEY("pool_id","mediator_id")
);
--> statement-breakpoint
CREATE TABLE "mediation_pools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"name" text NOT NULL,
	"min_size" integer DEFAULT 10 NOT NULL,
	"target_provinces" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_resident_origins" (
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"province_code" text NOT NULL,
	"residents" integer NOT NULL,
	"as_of" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mediation_resident_origins_region_code_province_code_pk" PRIMARY KEY("region_code","province_code")
);
--> statement-breakpoint
CREATE TABLE "mediation_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"place" text,
	"mediator_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attendees" text,
	"summary" text NOT NULL,
	"next_steps" text,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_time_limits" (
	"type" text PRIMARY KEY NOT NULL,
	"days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_training_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"hours" double precision,
	"trainer" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_mediators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"phone_enc" "bytea",
	"phone_index" text,
	"hometown_code" text NOT NULL,
	"hometown_name" text,
	"dialects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"languages" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expertise" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"affiliations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"organization_id" uuid,
	"organization_name" text,
	"certification_status" text DEFAULT 'none' NOT NULL,
	"certified_until" date,
	"availability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"leaves" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"capacity" integer DEFAULT 3 NOT NULL,
	"service_region_code" text NOT NULL,
	"service_region_path" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"training_batch_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mediation_case_events" ADD CONSTRAINT "mediation_case_events_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_case_mediators" ADD CONSTRAINT "mediation_case_mediators_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_case_mediators" ADD CONSTRAINT "mediation_case_mediators_mediator_id_mediation_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."mediation_mediators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_corps_members" ADD CONSTRAINT "mediation_corps_members_corps_id_mediation_corps_id_fk" FOREIGN KEY ("corps_id") REFERENCES "public"."mediation_corps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_outreach" ADD CONSTRAINT "mediation_outreach_corps_id_mediation_corps_id_fk" FOREIGN KEY ("corps_id") REFERENCES "public"."mediation_corps"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_parties" ADD CONSTRAINT "mediation_parties_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_pool_members" ADD CONSTRAINT "mediation_pool_members_pool_id_mediation_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."mediation_pools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_pool_members" ADD CONSTRAINT "mediation_pool_members_mediator_id_mediation_mediators_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."mediation_mediators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD CONSTRAINT "mediation_sessions_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mediation_case_events_case_idx" ON "mediation_case_events" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "mediation_case_mediators_med_idx" ON "mediation_case_mediators" USING btree ("mediator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_cases_number_uq" ON "mediation_cases" USING btree ("number");--> statement-breakpoint
CREATE INDEX "mediation_cases_path_idx" ON "mediation_cases" USING btree ("region_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mediation_cases_status_idx" ON "mediation_cases" USING btree ("status","registered_at");--> statement-breakpoint
CREATE INDEX "mediation_cases_incident_idx" ON "mediation_cases" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "mediation_cases_check_idx" ON "mediation_cases" USING btree ("clock_check_at") WHERE "mediation_cases"."clock_check_at" is not null;--> statement-breakpoint
CREATE INDEX "mediation_corps_path_idx" ON "mediation_corps" USING btree ("region_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mediation_corps_members_corps_idx" ON "mediation_corps_members" USING btree ("corps_id");--> statement-breakpoint
CREATE INDEX "mediation_outreach_path_idx" ON "mediation_outreach" USING btree ("region_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mediation_outreach_date_idx" ON "mediation_outreach" USING btree ("date");--> statement-breakpoint
CREATE INDEX "mediation_parties_case_idx" ON "mediation_parties" USING btree ("case_id","ord");--> statement-breakpoint
CREATE INDEX "mediation_pool_members_med_idx" ON "mediation_pool_members" USING btree ("mediator_id");--> statement-breakpoint
CREATE INDEX "mediation_pools_path_idx" ON "mediation_pools" USING btree ("region_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mediation_sessions_case_idx" ON "mediation_sessions" USING btree ("case_id","held_at");--> statement-breakpoint
CREATE INDEX "mediation_training_batches_path_idx" ON "mediation_training_batches" USING btree ("region_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mediation_mediators_path_idx" ON "mediation_mediators" USING btree ("service_region_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mediation_mediators_hometown_idx" ON "mediation_mediators" USING btree ("hometown_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mediation_mediators_batch_idx" ON "mediation_mediators" USING btree ("training_batch_id");