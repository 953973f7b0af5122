DROP INDEX "incidents_source_ref_uq";--> statement-breakpoint
DROP INDEX "incidents_assignee_org_idx";--> statement-breakpoint
DROP INDEX "incidents_assignee_account_idx";--> statement-breakpoint
DROP INDEX "incidents_reporter_idx";--> statement-breakpoint
DROP INDEX "incidents_dup_geo_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_source_ref_uq" ON "incidents" USING btree ("channel","source_ref") WHERE "incidents"."source_ref" is not null;--> statement-breakpoint
CREATE INDEX "incidents_assignee_org_idx" ON "incidents" USING btree ("assignee_organization_id") WHERE "incidents"."assignee_organization_id" is not null;--> statement-breakpoint
CREATE INDEX "incidents_assignee_account_idx" ON "incidents" USING btree ("assignee_account_id") WHERE "incidents"."assignee_account_id" is not null;--> statement-breakpoint
CREATE INDEX "incidents_reporter_idx" ON "incidents" USING btree ("reporter_account_id") WHERE "incidents"."reporter_account_id" is not null;--> statement-breakpoint
CREATE INDEX "incidents_dup_geo_idx" ON "incidents" USING btree ("category_code","lat") WHERE "incidents"."lat" is not null;