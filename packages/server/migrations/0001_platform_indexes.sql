DROP INDEX "audit_log_seq_idx";--> statement-breakpoint
DROP INDEX "jobs_dedupe_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_uq" ON "audit_log" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_pending_dedupe_uq" ON "jobs" USING btree ("kind","dedupe_key") WHERE "jobs"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "jobs_lease_idx" ON "jobs" USING btree ("locked_until") WHERE "jobs"."state" = 'running';--> statement-breakpoint
CREATE INDEX "outbox_unread_idx" ON "outbox" USING btree ("target") WHERE "outbox"."channel" = 'in_app' and "outbox"."read_at" is null;