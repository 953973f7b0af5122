CREATE TABLE "dispatch_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category_code" text,
	"region_code" text NOT NULL,
	"region_path" text NOT NULL,
	"handling_level" text NOT NULL,
	"organization_id" uuid,
	"auto_dispatch" boolean DEFAULT true NOT NULL,
	"order" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"group_name" text DEFAULT '' NOT NULL,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"handling_level" text NOT NULL,
	"default_organization_id" uuid,
	"on_site_required" boolean DEFAULT true NOT NULL,
	"default_priority" text DEFAULT 'normal' NOT NULL,
	"dispute" boolean DEFAULT false NOT NULL,
	"clocks" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attributes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_clocks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"organization_id" uuid,
	"state" text NOT NULL,
	"calendar" text,
	"started_at" timestamp with time zone NOT NULL,
	"warn_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"check_at" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"met_at" timestamp with time zone,
	"remaining_ms" integer,
	"target_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_counters" (
	"prefix" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "incident_counters_prefix_year_pk" PRIMARY KEY("prefix","year")
);
--> statement-breakpoint
CREATE TABLE "incident_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"actor_kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_joint_order_members" (
	"order_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"state" text DEFAULT 'summoned' NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "incident_joint_order_members_order_id_organization_id_pk" PRIMARY KEY("order_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "incident_joint_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"note" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_prefixes" (
	"region_code" text PRIMARY KEY NOT NULL,
	"prefix" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"category_code" text NOT NULL,
	"description" text NOT NULL,
	"address" text,
	"lat" double precision,
	"lng" double precision,
	"region_code" text,
	"region_path" text,
	"reporter_account_id" uuid,
	"reporter_name_enc" "bytea",
	"reporter_phone_enc" "bytea",
	"reporter_phone_index" text,
	"reporter_email_enc" "bytea",
	"anonymous" boolean DEFAULT false NOT NULL,
	"tracking_hash" text NOT NULL,
	"priority" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"status_before_hold" text,
	"version" integer DEFAULT 1 NOT NULL,
	"handling_level" text NOT NULL,
	"assignee_organization_id" uuid,
	"assignee_region_code" text,
	"assignee_region_path" text,
	"assignee_account_id" uuid,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"merged_into_id" uuid,
	"source_ref" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attachment_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"media_url" text,
	"satisfaction" smallint,
	"feedback" text,
	"next_due_at" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"on_site_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolved_level" text,
	"followed_up_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "region_outlines" (
	"region_code" text PRIMARY KEY NOT NULL,
	"geometry" jsonb NOT NULL,
	"min_lat" double precision NOT NULL,
	"min_lng" double precision NOT NULL,
	"max_lat" double precision NOT NULL,
	"max_lng" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "working_calendars" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"hours" jsonb NOT NULL,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"extra_workdays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dispatch_rules_category_idx" ON "dispatch_rules" USING btree ("category_code");--> statement-breakpoint
CREATE INDEX "incident_clocks_incident_idx" ON "incident_clocks" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_clocks_check_idx" ON "incident_clocks" USING btree ("check_at") WHERE "incident_clocks"."check_at" is not null;--> statement-breakpoint
CREATE INDEX "incident_events_incident_idx" ON "incident_events" USING btree ("incident_id","id");--> statement-breakpoint
CREATE INDEX "incident_joint_orders_incident_idx" ON "incident_joint_orders" USING btree ("incident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_number_uq" ON "incidents" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_source_ref_uq" ON "incidents" USING btree ("channel","source_ref");--> statement-breakpoint
CREATE INDEX "incidents_region_path_idx" ON "incidents" USING btree ("region_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "incidents_assignee_path_idx" ON "incidents" USING btree ("assignee_region_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "incidents_status_idx" ON "incidents" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "incidents_received_idx" ON "incidents" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "incidents_category_idx" ON "incidents" USING btree ("category_code","received_at");--> statement-breakpoint
CREATE INDEX "incidents_assignee_org_idx" ON "incidents" USING btree ("assignee_organization_id");--> statement-breakpoint
CREATE INDEX "incidents_assignee_account_idx" ON "incidents" USING btree ("assignee_account_id");--> statement-breakpoint
CREATE INDEX "incidents_reporter_idx" ON "incidents" USING btree ("reporter_account_id");