-- The champion tripod roll (冠军鼎) is engraved, not edited: rows may be inserted, never updated
-- or deleted, and the table cannot be truncated. Only a superuser who disables the trigger can
-- rewrite it, as with the audit log.
CREATE OR REPLACE FUNCTION eval_champions_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'eval_champions is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'The champion roll is appended when a run is published and never rewritten.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER eval_champions_append_only_rows
  BEFORE UPDATE OR DELETE ON eval_champions
  FOR EACH ROW EXECUTE FUNCTION eval_champions_append_only();
--> statement-breakpoint
CREATE TRIGGER eval_champions_append_only_truncate
  BEFORE TRUNCATE ON eval_champions
  FOR EACH STATEMENT EXECUTE FUNCTION eval_champions_append_only();
