DROP INDEX "persons_id_number_index_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_number_index_uq" ON "persons" USING btree ("id_number_index");